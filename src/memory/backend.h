/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_MEMORY_BACKEND_H
#define VNUMA_MEMORY_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/config_internal.h"
#include "../error_internal.h"
#include "../machine/machine.h"
#include "backend_kind.h"
#include "vnuma/topology.h"

/*
 * One -object memory-backend-*: every property as QEMU 7.2 holds it once
 * the object is created (defaults filled in from the machine).
 */
struct vnuma__backend {
	enum vnuma__backend_kind kind;
	char *id;
	uint64_t size;
	bool share, merge, dump, prealloc, reserve;
	uint32_t prealloc_threads; /* default: -smp cpus */
	char *prealloc_context;	   /* thread-context id as given, or NULL */
	bool use_canonical_path;   /* x-use-canonical-path-for-ramblock-id */
	uint64_t *host_nodes;	   /* sorted, unique */
	size_t n_host_nodes;
	enum vnuma__host_policy policy;
	/* memory-backend-file (7.2 has no "offset" property) */
	char *mem_path;
	uint64_t align;
	bool discard_data, readonly, pmem;
	/* memory-backend-memfd */
	bool hugetlb, seal;
	uint64_t hugetlbsize; /* 0: the host's default huge page size */
	/*
	 * The page size of its RAM block as the host gives it: a hugetlb
	 * memfd's (hugetlbsize, or the host's default huge page), the
	 * hugetlbfs page under a mem-path; 0 for base pages.
	 */
	uint64_t page_size;
	bool used;    /* consumed by a node, a DIMM or the machine */
	size_t entry; /* index of the -object entry in the config */
};

/*
 * A memory device (-device pc-dimm, nvdimm, virtio-mem-pci,
 * virtio-pmem-pci), with QEMU's values after it was plugged.
 */
struct vnuma__dimm {
	enum vnuma__mdev_kind kind;
	char *id;      /* or NULL */
	char *memdev;  /* backend id */
	uint32_t node; /* QEMU's default is 0 */
	bool has_node;
	bool has_addr;
	uint64_t addr; /* 0 when not given: the layout picks one */
	int32_t slot;  /* the slot given, or the free one QEMU assigns */
	bool has_slot;
	size_t entry;
	/*
	 * What it takes of the device memory region: the backend's size,
	 * for an nvdimm less its label, aligned down.
	 */
	uint64_t size;
	uint64_t label_size;	 /* nvdimm */
	uint64_t block_size;	 /* virtio-mem, 0 until realized */
	uint64_t requested_size; /* virtio-mem */
	bool prealloc, unarmed;	 /* virtio-mem; nvdimm */
};

/* A -device pxb or pxb-pcie: a PCI expander bridge and its NUMA node. */
struct vnuma__pxb {
	char *id;  /* or NULL */
	bool pcie; /* pxb-pcie */
	uint8_t bus_nr;
	uint16_t numa_node; /* VNUMA__PXB_NO_NODE when not set */
	size_t entry;
};

/* A -object thread-context: where its threads may run on the host. */
struct vnuma__thread_ctx {
	char *id;
	uint16_t *cpus; /* host CPUs, sorted, unique */
	size_t n_cpus, cap_cpus;
	bool has_affinity; /* cpu-affinity or node-affinity given */
	size_t entry;
};

struct vnuma__backends {
	struct vnuma__backend *v;
	size_t n, cap;
	struct vnuma__dimm *dimms;
	size_t n_dimms, cap_dimms;
	struct vnuma__pxb *pxbs;
	size_t n_pxbs, cap_pxbs;
	struct vnuma__thread_ctx *ctxs;
	size_t n_ctxs, cap_ctxs;
	bool ctxs_built; /* the thread-contexts are created (thread_ctx.c) */
};

/*
 * The checks QEMU 7.2 makes on -object and -device while it reads the
 * command line, before it looks at the machine: option ids ("Duplicate
 * ID"), the object's type and id, each property's type,
 * mandatory and unknown properties. vnuma__backends_build() and
 * vnuma__dimms_plug() make them too; calling this first only puts their
 * errors ahead of the machine's, where QEMU reports them.
 * Errors: VNUMA_E_SYNTAX, _RANGE, _DUPLICATE, _MISSING, _UNKNOWN,
 * _UNSUPPORTED, _NOMEM.
 */
int vnuma__memory_precheck(const struct vnuma_config *cfg, vnuma_error **err);
/*
 * What the memory stage reads, for --ignore-unknown's triage: an -object
 * of a memory backend type (vnuma refuses the ones it does not model) or
 * a thread-context (backend_read.c); a -device of a driver it plugs
 * (dimm.c).
 */
bool vnuma__memory_reads_object(const char *qom_type);
bool vnuma__memory_reads_device(const char *driver);
/*
 * The same for -object entry entry of a memory backend type (QEMU reads
 * an -object, either form, with the visitor as it reads the command line):
 * vnuma_config_add calls it, so that these errors come in option order.
 * Other types pass (the topology or --ignore-unknown judges them).
 */
int vnuma__memory_check_object(const struct vnuma_config *cfg, size_t entry,
			       vnuma_error **err);

/*
 * Creates every -object memory-backend-* entry with 7.2's property checks
 * and messages: those QEMU makes while reading the option, then those it
 * makes when it sets the properties and completes the object, short of
 * touching host memory. Other -object types are an error naming them.
 * On failure b holds nothing that needs freeing.
 */
int vnuma__backends_build(struct vnuma__backends *b,
			  const struct vnuma_config *cfg,
			  const struct vnuma__machine *m,
			  struct vnuma__warnings *w, vnuma_error **err);
/*
 * Plugs every -device entry in order (pc-dimm, nvdimm, virtio-mem-pci,
 * virtio-pmem-pci, pxb, pxb-pcie; other drivers: an error), after NUMA
 * completion: num_nodes is the completed node count (0 when the machine
 * has no NUMA), have_memdevs whether some node has memdev=. Marks each
 * device's backend used and gives it its address in the device memory
 * region. Warnings go to w.
 */
int vnuma__dimms_plug(struct vnuma__backends *b,
		      const struct vnuma_config *cfg,
		      const struct vnuma__machine *m, uint32_t num_nodes,
		      bool have_memdevs, struct vnuma__warnings *w,
		      vnuma_error **err);
void vnuma__backends_fini(struct vnuma__backends *b);
/*
 * dimm_place.c: QEMU 7.2's address for DIMM d (not yet in b) in the
 * device memory region: addr= checked (alignment, inside the region, no
 * other DIMM there) or the first fit after the DIMMs already in b, with
 * the backend's alignment. Sets d->addr. o is the -device option, for
 * the error location. Errors: VNUMA_E_RANGE, VNUMA_E_CONFLICT.
 */
int vnuma__dimm_addr(struct vnuma__dimm *d, const struct vnuma__backend *be,
		     struct vnuma__backends *b, const struct vnuma__machine *m,
		     const struct vnuma__opts *o, vnuma_error **err);

/*
 * dimm_place.c: the alignment of the backend's memory region, which a
 * memory device's address and size follow (QEMU's
 * memory_region_get_alignment()).
 */
uint64_t vnuma__backend_mr_align(const struct vnuma__backend *be);
/*
 * dimm.c: a memory device kind's -device driver ("pc-dimm", ...) and its
 * type in query-memory-devices ("dimm", "nvdimm", "virtio-mem", ...).
 */
const char *vnuma__mdev_driver(enum vnuma__mdev_kind kind);
const char *vnuma__mdev_qmp_type(enum vnuma__mdev_kind kind);
/*
 * devices_api.c: the index in b->dimms of the i-th memory device in
 * address order (QEMU's for query-memory-devices; ties in plug order).
 */
size_t vnuma__mdev_by_addr(const struct vnuma__backends *b, size_t i);
/* dimm.c: what a memory device adds to its node's "plugged" memory. */
uint64_t vnuma__mdev_plugged(const struct vnuma__dimm *d);

/*
 * ram.c: -machine memory-backend=ID. Called after the backends are built
 * and before any -numa option: finds the backend ("Memory backend 'ID'
 * not found") and, when no -m size was given, takes its size as the RAM
 * size. Errors: VNUMA_E_UNKNOWN.
 */
int vnuma__ram_backend_resolve(struct vnuma__machine *m,
			       struct vnuma__backends *b, vnuma_error **err);
/*
 * ram.c: called after the -numa options and before NUMA completion
 * (have_memdevs: some node has memdev=). The named backend must have the
 * RAM size, and is then marked used; without one, a backend must not take
 * the board's default RAM id while QEMU would create that backend.
 * Errors: VNUMA_E_CONFLICT.
 */
int vnuma__ram_backend_check(const struct vnuma__machine *m,
			     struct vnuma__backends *b, bool have_memdevs,
			     vnuma_error **err);

/* QEMU's names: "memory-backend-ram", ...; "default", "bind", ... */
const char *vnuma__backend_type_name(enum vnuma__backend_kind kind);
const char *vnuma__backend_policy_name(enum vnuma__host_policy policy);
/* The public view of a backend (query-memdev's fields). */
void vnuma__backend_info(const struct vnuma__backend *b,
			 vnuma_memdev_info *out);

/* Backend by id, or NULL. */
struct vnuma__backend *vnuma__backend_find(struct vnuma__backends *b,
					   const char *id);

#endif
