/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_MEMORY_BACKEND_H
#define VNUMA_MEMORY_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config_internal.h"
#include "../error_internal.h"
#include "../machine/machine.h"
#include "vnuma/topology.h"

enum vnuma__backend_kind {
	VNUMA__BACKEND_RAM,
	VNUMA__BACKEND_FILE,
	VNUMA__BACKEND_MEMFD,
};

/* QEMU's HostMemPolicy, same order as its enum. */
enum vnuma__host_policy {
	VNUMA__POLICY_DEFAULT,
	VNUMA__POLICY_PREFERRED,
	VNUMA__POLICY_BIND,
	VNUMA__POLICY_INTERLEAVE,
};

/* QEMU's MAX_NODES, which also bounds host-nodes (not a guest limit). */
#define VNUMA__HOST_NODES_MAX 128

/*
 * One -object memory-backend-*: every property as QEMU 7.2 holds it once
 * the object is created (defaults filled in from the machine).
 */
struct vnuma__backend {
	enum vnuma__backend_kind kind;
	char *id;
	uint64_t size;
	bool share, merge, dump, prealloc, reserve;
	uint32_t prealloc_threads;   /* default: -smp cpus */
	char *prealloc_context;	     /* thread-context id as given, or NULL */
	bool use_canonical_path;     /* x-use-canonical-path-for-ramblock-id */
	uint64_t *host_nodes;	     /* sorted, unique */
	size_t n_host_nodes;
	enum vnuma__host_policy policy;
	/* memory-backend-file (7.2 has no "offset" property) */
	char *mem_path;
	uint64_t align;
	bool discard_data, readonly, pmem;
	/* memory-backend-memfd */
	bool hugetlb, seal;
	uint64_t hugetlbsize; /* 0: the host's default huge page size */
	bool used;	      /* consumed by a node, a DIMM or the machine */
	size_t entry;	      /* index of the -object entry in the config */
};

/* A -device pc-dimm, with QEMU's values after it was plugged. */
struct vnuma__dimm {
	char *id;     /* or NULL */
	char *memdev; /* backend id */
	uint32_t node; /* QEMU's default is 0 */
	bool has_node;
	bool has_addr;
	uint64_t addr;	/* 0 when not given: the layout picks one */
	int32_t slot;	/* the slot given, or the free one QEMU assigns */
	bool has_slot;
	size_t entry;
};

struct vnuma__backends {
	struct vnuma__backend *v;
	size_t n, cap;
	struct vnuma__dimm *dimms;
	size_t n_dimms, cap_dimms;
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
 * The same for -object entry entry of a memory backend type (QEMU reads
 * an -object, either form, with the visitor as it reads the command line):
 * vnuma_config_add calls it, so that these errors come in option order.
 * Other types pass (the topology or --ignore-unknown judges them).
 */
int vnuma__memory_check_object(const struct vnuma_config *cfg, size_t entry,
			       vnuma_error **err);
/* The same for one -device entry: a key=value one's unique id. */
int vnuma__memory_precheck_device(const struct vnuma_config *cfg,
				  size_t entry, vnuma_error **err);

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
 * Plugs every -device pc-dimm entry in order (other drivers: an error),
 * after NUMA completion: num_nodes is the completed node count (0 when the
 * machine has no NUMA). Marks each DIMM's backend used. Checks that need
 * the guest address layout are the layout stage's.
 */
int vnuma__dimms_plug(struct vnuma__backends *b,
		      const struct vnuma_config *cfg,
		      const struct vnuma__machine *m, uint32_t num_nodes,
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
		     struct vnuma__backends *b,
		     const struct vnuma__machine *m,
		     const struct vnuma__opts *o, vnuma_error **err);

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

/*
 * memdevs.c: the backends query-memdev lists, sorted by id: every
 * -object memory-backend-*, and the board's own RAM backend when QEMU
 * creates one. The fields point into t. Errors: VNUMA_E_NOMEM.
 */
struct vnuma_topology;
int vnuma__memdevs_build(vnuma_memdev_info **out, size_t *n,
			 const struct vnuma_topology *t);

/* Backend by id, or NULL. */
struct vnuma__backend *vnuma__backend_find(struct vnuma__backends *b,
					   const char *id);

/* Shared by backend.c and dimm.c. */

/*
 * Refuses an id an earlier entry of the same kind has; list is QEMU's
 * option group name in "Duplicate ID 'x' for <list>".
 */
int vnuma__check_opts_id(const struct vnuma_config *cfg, size_t entry,
			 const char *list, vnuma_error **err);
/* The option's id (QemuOpts: the first id=), or NULL. */
const char *vnuma__opts_id(const struct vnuma__opts *o);
/*
 * The order in which QEMU sets an object's or a device's properties: it
 * walks a hash table of them. Fills order with the indexes of keys[0..n)
 * (distinct keys, in the order they were added) in that order.
 */
void vnuma__qdict_order(const char *const *keys, size_t n, size_t *order);

#endif
