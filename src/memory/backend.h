/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_MEMORY_BACKEND_H
#define VNUMA_MEMORY_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config_internal.h"
#include "../error_internal.h"
#include "../machine/machine.h"

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

/* One -object memory-backend-*: every property as QEMU 7.2 holds it. */
struct vnuma__backend {
	enum vnuma__backend_kind kind;
	char *id;
	uint64_t size;
	bool share, merge, dump, prealloc, reserve;
	uint32_t prealloc_threads;
	uint64_t *host_nodes; /* sorted, unique */
	size_t n_host_nodes;
	enum vnuma__host_policy policy;
	/* file */
	char *mem_path;
	uint64_t align, offset;
	bool discard_data, readonly, pmem;
	/* memfd */
	bool hugetlb, seal;
	uint64_t hugetlbsize;
	bool used;	 /* consumed by a node, a DIMM or the machine */
	size_t entry;	 /* index of the -object entry in the config */
};

/* A -device pc-dimm, stored for the layout stage. */
struct vnuma__dimm {
	char *id; /* or NULL */
	char *memdev;
	int64_t node;	 /* -1 when not given */
	bool has_addr;
	uint64_t addr;
	int64_t slot;	 /* -1 when not given */
	size_t entry;
};

struct vnuma__backends {
	struct vnuma__backend *v;
	size_t n, cap;
	struct vnuma__dimm *dimms;
	size_t n_dimms, cap_dimms;
};

/*
 * Creates every -object memory-backend-* entry with 7.2's property checks
 * and messages (those QEMU makes when it sets properties and completes the
 * object, short of touching host memory). Other -object types are an error
 * naming them. Duplicate ids: QEMU's message.
 */
int vnuma__backends_build(struct vnuma__backends *b,
			  const struct vnuma_config *cfg,
			  const struct vnuma__machine *m,
			  struct vnuma__warnings *w, vnuma_error **err);
/* Stores every -device pc-dimm entry (other drivers: an error). */
int vnuma__dimms_build(struct vnuma__backends *b,
		       const struct vnuma_config *cfg,
		       const struct vnuma__machine *m, vnuma_error **err);
void vnuma__backends_fini(struct vnuma__backends *b);

/* Backend by id, or NULL. */
struct vnuma__backend *vnuma__backend_find(struct vnuma__backends *b,
					   const char *id);

#endif
