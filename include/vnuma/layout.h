/* SPDX-License-Identifier: MIT */
/* where each node's memory sits in guest physical memory */
#ifndef VNUMA_LAYOUT_H
#define VNUMA_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Where each node's memory sits in guest physical address space: the
 * single source of truth for SRAT memory affinity entries and device-tree
 * memory nodes. A sorted array of non-overlapping ranges; lookups are
 * O(log n).
 */
typedef struct vnuma_layout vnuma_layout;

/* Range flags (an SRAT memory affinity entry's, plus "hole"). */
#define VNUMA_RANGE_ENABLED 0x1u      /* memory the guest has */
#define VNUMA_RANGE_HOTPLUGGABLE 0x2u /* may be (un)plugged at run time */
#define VNUMA_RANGE_HOLE 0x4u	      /* no RAM here (640K hole, PCI hole) */

typedef struct vnuma_range {
	size_t struct_size; /* set by the caller (VNUMA_INFO_INIT) */
	uint64_t start;
	uint64_t size;
	int64_t node; /* -1 for holes, and for RAM without NUMA */
	uint32_t flags;
} vnuma_range;

/*
 * The layout QEMU 7.2 gives the topology: boot RAM per node (cut around
 * the machine's holes), plugged DIMMs, and the hotplug region. The result
 * is the caller's to change with vnuma_layout_add/remove. It copies what
 * it needs: t may be freed before the layout.
 * Errors: VNUMA_E_INVAL, VNUMA_E_NOMEM.
 */
int vnuma_layout_new(vnuma_layout **out, const vnuma_topology *t,
		     vnuma_error **err);
/* Frees a layout; NULL is a no-op. */
void vnuma_layout_free(vnuma_layout *l);

/* The ranges in address order, holes included. vnuma_range holds no
 * pointers: a copy stays valid after the layout is freed. */
size_t vnuma_layout_range_count(const vnuma_layout *l);
/*
 * Errors: VNUMA_E_INVAL (NULL argument, struct_size too small),
 * VNUMA_E_RANGE (i out of range).
 */
int vnuma_layout_range(vnuma_range *out, const vnuma_layout *l, size_t i);

/*
 * The device-memory (hotplug) region; size 0 when there is none.
 * Errors: VNUMA_E_INVAL (NULL argument).
 */
int vnuma_layout_hotplug_region(uint64_t *base, uint64_t *size,
				const vnuma_layout *l);

/*
 * Adds memory of a node (a hotplugged DIMM, say). flags as above (holes
 * cannot be added). Errors: VNUMA_E_INVAL, VNUMA_E_RANGE (size 0, wraps
 * past 2^64), VNUMA_E_CONFLICT (overlaps a range; the message names it),
 * VNUMA_E_NOMEM.
 */
int vnuma_layout_add(vnuma_layout *l, uint64_t start, uint64_t size,
		     uint32_t node, uint32_t flags, vnuma_error **err);
/*
 * Removes exactly the range that starts at start with this size.
 * Errors: VNUMA_E_INVAL (also: the range is a hole of the machine),
 * VNUMA_E_MISSING (no such range).
 */
int vnuma_layout_remove(vnuma_layout *l, uint64_t start, uint64_t size,
			vnuma_error **err);

/*
 * The node that owns addr. Errors: VNUMA_E_INVAL, VNUMA_E_MISSING
 * ("address 0x... belongs to no NUMA node": a hole, outside all ranges,
 * or RAM of a guest without NUMA, which QEMU gives no node).
 */
int vnuma_layout_node_of_addr(uint32_t *node, const vnuma_layout *l,
			      uint64_t addr, vnuma_error **err);

#ifdef __cplusplus
}
#endif
#endif
