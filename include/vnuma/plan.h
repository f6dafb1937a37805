/* SPDX-License-Identifier: MIT */
/* a guest NUMA topology that mirrors the host's, as QEMU 7.2 options */
#ifndef VNUMA_PLAN_H
#define VNUMA_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "hostinfo.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A planned guest: QEMU options (-machine q35, -m, -smp, one bound memory
 * backend and one -numa node per guest node, -numa cpu, dist and hmat-lb)
 * and the host CPU each vCPU should be pinned to.
 */
typedef struct vnuma_plan vnuma_plan;

#define VNUMA_PLAN_OPTIONS_VERSION 1
typedef struct vnuma_plan_options {
	unsigned int version;	/* VNUMA_PLAN_OPTIONS_VERSION */
	unsigned int vcpus;	/* at least 1 */
	uint64_t memory;	/* bytes, a multiple of the granule below */
	uint64_t hugepage_size; /* 0 (none), 2 MiB or 1 GiB */
	unsigned int nodes;	/* guest nodes; 0: as many as needed */
} vnuma_plan_options;
#define VNUMA_PLAN_OPTIONS_INIT                        \
	{                                              \
		VNUMA_PLAN_OPTIONS_VERSION, 0, 0, 0, 0 \
	}

/*
 * Plans a guest of opts->vcpus vCPUs and opts->memory bytes on the host h
 * describes (free it with vnuma_plan_free()). Only host nodes this
 * process may use serve: online, with free memory (free huge pages of
 * the size asked when one is), inside the allowed memory nodes
 * (Mems_allowed_list, else cpuset.mems.effective); their CPUs count
 * when inside cpuset.cpus.effective and the affinity mask. Huge pages
 * count as the host-wide pool allows too: its free pages less those
 * mappings have reserved, plus what overcommit may add; the least
 * preferred nodes' are cut until the sum fits. With
 * nodes 0 the fewest host nodes that hold the guest are taken (those
 * with CPUs first, the most free first); with nodes K the first K of
 * that order, and when K exceeds the usable host nodes several guest
 * nodes share one. vCPUs go to host nodes in proportion to their usable
 * CPUs, one host CPU per vCPU; memory in proportion to their free memory
 * (free huge pages), in granules of 2 MiB or the huge page size. Each
 * guest socket lies in one guest node. Guest distances are the host's
 * (asymmetric kept), remote ones kept within 11..255; guest nodes on one
 * host node are 11 apart. A guest node on a CPU-less host node gets the
 * host's access0 latency and bandwidth as HMAT (-machine hmat=on), and
 * with it every guest node whose host node has access0 figures gets them
 * (a node with vCPUs from itself, a node without from the guest nodes of
 * the initiators the host names).
 * Errors: VNUMA_E_INVAL (out, h or opts NULL, check "api.null"; options
 * version unknown, "api.version"), VNUMA_E_RANGE (no vCPU
 * "plan.vcpus-zero", no memory "plan.memory-zero", a huge page size
 * other than 2 MiB or 1 GiB "plan.hugepage-size", memory not a multiple
 * of the granule "plan.memory-granule", more guest nodes than the
 * granules of memory or than QEMU's 128 "plan.nodes-range", more vCPUs
 * than QEMU's q35 takes without x2APIC, 255, "plan.vcpus-range"), VNUMA_E_HOST (no usable host
 * node "plan.no-node", fewer usable CPUs than vCPUs "plan.cpus", less
 * free memory "plan.memory", fewer free huge pages "plan.hugepages",
 * less room than the request in the memory cgroup or the hugetlb
 * cgroup, each level up to the root counted as preflight counts it
 * (limit less usage, plus reclaimable page cache for memory)
 * "plan.cgroup-memory", "plan.cgroup-hugetlb", K host nodes too few to
 * hold the guest "plan.nodes-few"), VNUMA_E_NOMEM.
 */
int vnuma_plan_new(vnuma_plan **out, const vnuma_hostinfo *h,
		   const vnuma_plan_options *opts, vnuma_error **err);

/* Frees p; NULL is allowed. */
void vnuma_plan_free(vnuma_plan *p);

/* The plan as a whole. */
typedef struct vnuma_plan_info {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	unsigned int vcpus;
	uint64_t memory;	/* bytes */
	uint64_t hugepage_size; /* bytes, 0 for none */
	size_t node_count;	/* guest nodes */
	unsigned int sockets, cores, threads;
	bool hmat;	     /* -machine hmat=on */
	size_t option_count; /* see vnuma_plan_option_get() */
	/*
	 * memory and hugepage_size for people, in the largest unit that is
	 * exact ("5 GiB", "2 MiB"); hugepage_text NULL without huge pages.
	 */
	const char *memory_text, *hugepage_text;
} vnuma_plan_info;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small). */
int vnuma_plan_info_get(vnuma_plan_info *out, const vnuma_plan *p);

/*
 * One QEMU option of the plan, in order. Strings belong to p. line is
 * the option and its argument as one line of an @FILE ("-m 4G").
 */
typedef struct vnuma_plan_option {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	const char *name;   /* "-m" */
	const char *value;  /* "4G" */
	const char *line;   /* "-m 4G" */
} vnuma_plan_option;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small, index >= count). */
int vnuma_plan_option_get(vnuma_plan_option *out, const vnuma_plan *p,
			  size_t index);

/* One guest node, by id. */
typedef struct vnuma_plan_node {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	unsigned int id;
	unsigned int host_node; /* the node its memory is bound to */
	unsigned int vcpu_first, vcpu_count; /* its vCPUs: a run of ids */
	uint64_t memory;		     /* bytes */
	const char *backend;		     /* the memory backend's id */
	const char *host_cpus; /* the pinned host CPUs as a list, "" if none */
	int initiator;	       /* with HMAT: its initiator node; else -1 */
	const char *memory_text; /* memory as "1 GiB" (see the info's) */
} vnuma_plan_node;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small, index >= count). */
int vnuma_plan_node_get(vnuma_plan_node *out, const vnuma_plan *p,
			size_t index);

/* The pinning advice for one vCPU. */
typedef struct vnuma_plan_vcpu {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	unsigned int vcpu;
	unsigned int node;     /* its guest node */
	unsigned int host_cpu; /* the host CPU to run it on */
	unsigned int host_node;
} vnuma_plan_vcpu;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small, vcpu >= count). */
int vnuma_plan_vcpu_get(vnuma_plan_vcpu *out, const vnuma_plan *p,
			unsigned int vcpu);

#ifdef __cplusplus
}
#endif
#endif
