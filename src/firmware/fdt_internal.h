/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_FDT_INTERNAL_H
#define VNUMA_FDT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/fdt.h"
#include "../error_internal.h"
#include "../view/view.h"

/* One /memory node to write. node is -1 without NUMA. */
struct vnuma__fdt_mem {
	uint64_t start, size;
	int64_t node;
};

/* What the device tree must say, taken from the topology and layout. */
struct vnuma__fdt_plan {
	const struct vnuma_topology *t;
	struct vnuma__fdt_mem *mem; /* in address order */
	size_t n_mem;
	uint32_t n_nodes; /* 0: no NUMA */
	bool distances;	  /* write /distance-map */
};

/*
 * fdt_plan.c: checks that the machine has a device tree and collects the
 * memory nodes from l (or the topology's layout when l is NULL).
 * Errors: VNUMA_E_INVAL, VNUMA_E_UNSUPPORTED, VNUMA_E_NOMEM.
 */
int vnuma__fdt_plan(struct vnuma__fdt_plan *p, const vnuma_topology *t,
		    const vnuma_layout *l, vnuma_error **err);
void vnuma__fdt_plan_fini(struct vnuma__fdt_plan *p);

/* The name QEMU gives a memory node: "memory@" and the address in hex. */
#define VNUMA__FDT_MEM_NAME_MAX 32
void vnuma__fdt_mem_name(char *buf, uint64_t start);

/* The distance-matrix cells (3 per ordered pair), host order; NULL on OOM. */
uint32_t *vnuma__fdt_matrix(const struct vnuma__fdt_plan *p, size_t *n);

/* A CPU node of the input and the NUMA node of its CPU (-1: none). */
struct vnuma__fdt_cpu {
	int off;
	int64_t node;
};

/*
 * fdt_scan.c: the input DTB, checked and located. Offsets are the
 * input's; -1 where there is no such node. mem_at and dmap_at are where
 * the new memory nodes and /distance-map go (before that root child; -1:
 * at the end of the root).
 */
struct vnuma__fdt_scan {
	const struct vnuma_topology *t;
	int acells, scells; /* the root's */
	int first_child, first_mem, old_dmap, chosen, clock;
	int mem_at, dmap_at;
	struct vnuma__fdt_cpu *cpus; /* in offset order */
	size_t n_cpus;
};

/*
 * fdt_check.c: the header (magic, version 17, sizes), the blocks (inside
 * the blob's totalsize <= len, aligned, not overlapping) and the whole
 * structure block, without libfdt, which may crash or read past the end
 * of a malformed blob. Any alignment of fdt.
 * Errors: VNUMA_E_SYNTAX ("fdt.bad-dtb").
 */
int vnuma__fdt_check(const void *fdt, size_t len, vnuma_error **err);

/*
 * Checks the DTB (vnuma__fdt_check, then fdt_check_full), that no node
 * holds a property twice and that memory nodes are children of the root;
 * then the root's cells, and that the CPU nodes under /cpus are one per
 * present CPU (matched by reg = MPIDR). fdt is 8-byte aligned (libfdt).
 * Errors: VNUMA_E_SYNTAX ("fdt.bad-dtb", "fdt.bad-cells",
 * "fdt.duplicate-property", "fdt.stray-memory"),
 * VNUMA_E_CONFLICT ("fdt.cpu-mismatch"), VNUMA_E_RANGE
 * ("fdt.cells-overflow"), VNUMA_E_NOMEM.
 */
int vnuma__fdt_scan(struct vnuma__fdt_scan *s, const struct vnuma__fdt_plan *p,
		    const void *fdt, size_t len, vnuma_error **err);
void vnuma__fdt_scan_fini(struct vnuma__fdt_scan *s);
/* A root child QEMU would replace: named memory[@...] or of type memory. */
bool vnuma__fdt_is_memory(const void *fdt, int node);

#endif
