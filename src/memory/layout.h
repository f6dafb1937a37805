/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_MEMORY_LAYOUT_H
#define VNUMA_MEMORY_LAYOUT_H

#include "vnuma/layout.h"
#include "../error_internal.h"

/* A sorted array of non-overlapping ranges (holes included). */
struct vnuma_layout {
	struct vnuma_range *v;
	size_t n, cap;
	uint64_t hotplug_base, hotplug_size;
};

/* Inserts keeping order; refuses overlaps. Same errors as the public add. */
int vnuma__layout_insert(struct vnuma_layout *l, const struct vnuma_range *r,
			 vnuma_error **err);
/* Index of the range holding addr, or -1 (binary search). */
ptrdiff_t vnuma__layout_find(const struct vnuma_layout *l, uint64_t addr);
int vnuma__layout_copy(struct vnuma_layout *dst,
		       const struct vnuma_layout *src);
void vnuma__layout_fini(struct vnuma_layout *l);

struct vnuma__machine;
struct vnuma__numa;
struct vnuma__backends;

/*
 * layout.c: boot RAM per node as QEMU 7.2 lays it out for the machine
 * (x86: below/above 4G around the PCI hole, the 640K-1M hole, as QEMU's
 * SRAT describes each node's part; virt: from its RAM base; otherwise
 * packed from 0), and the hotplug region. Called after board init.
 */
int vnuma__layout_boot(struct vnuma_layout *l, const struct vnuma__machine *m,
		       const struct vnuma__numa *n, vnuma_error **err);

/*
 * dimm_place.c: places every plugged pc-dimm (explicit addr= or first fit
 * with the backend's alignment) in the hotplug region with QEMU 7.2's
 * checks and messages, and adds it to the layout (enabled, hotpluggable).
 * Sets each DIMM's addr. Called after vnuma__dimms_plug().
 */
int vnuma__dimms_place(struct vnuma_layout *l, struct vnuma__backends *b,
		       const struct vnuma__machine *m, uint32_t num_nodes,
		       vnuma_error **err);

#endif
