/* SPDX-License-Identifier: MIT */
/*
 * Which host bytes are behind each guest range. QEMU 7.2 builds the
 * machine's RAM as one space of offsets: the memdev= backends one after
 * the other in node order (or -machine memory-backend=, or its own RAM
 * block), and maps that space into guest memory: x86 identity below the
 * PCI hole and the rest from 4 GiB (or 1 TiB), virt from 1 GiB, other
 * machines from 0. A pc-dimm's backend sits whole at the DIMM's address.
 * Each range of the layout becomes a region: its RAM offset names the
 * block and the offset inside it.
 */
#include "host_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define VIRT_RAM_BASE (UINT64_C(1) << 30)

struct spans {
	const struct vnuma__view_ram_span *v;
	size_t n;
	bool x86; /* RAM split around the PCI hole */
	uint64_t below_4g, above_4g_start;
	uint64_t base; /* non-x86: guest address of RAM offset 0 */
};

static void build_spans(struct spans *s, const struct vnuma__view *v)
{
	const struct vnuma__view_machine *m = &v->machine;

	memset(s, 0, sizeof(*s));
	s->v = v->ram;
	s->n = v->n_ram;
	s->x86 = m->x86 && m->ram_split;
	s->below_4g = m->below_4g;
	s->above_4g_start = m->above_4g_start;
	s->base = m->arm_virt ? VIRT_RAM_BASE : 0;
}

/* The RAM offset of guest address gpa; false where no RAM maps there. */
static bool ram_offset(const struct spans *s, uint64_t gpa, uint64_t *off)
{
	if (!s->x86) {
		*off = gpa - s->base;
		return gpa >= s->base;
	}
	if (gpa < s->below_4g) {
		*off = gpa;
		return true;
	}
	*off = s->below_4g + (gpa - s->above_4g_start);
	return gpa >= s->above_4g_start;
}

static bool boot_block(const struct spans *s, const vnuma_range *r,
		       size_t *block, uint64_t *offset)
{
	uint64_t off;

	if (!ram_offset(s, r->start, &off))
		return false;
	for (size_t i = 0; i < s->n; i++) {
		const struct vnuma__view_ram_span *sp = &s->v[i];

		if (off >= sp->start && off - sp->start < sp->len &&
		    r->size <= sp->len - (off - sp->start)) {
			*block = sp->backend;
			*offset = off - sp->start;
			return true;
		}
	}
	return false;
}

static bool dimm_block(const struct vnuma__view *v, const vnuma_range *r,
		       size_t *block, uint64_t *offset)
{
	for (size_t i = 0; i < v->n_mdevs; i++) {
		const struct vnuma__view_mdev *d = &v->mdevs[i];
		size_t k = d->backend;

		if (k != SIZE_MAX && d->addr == r->start &&
		    d->size == r->size) {
			*block = k;
			*offset = 0;
			return true;
		}
	}
	return false;
}

int vnuma__host_regions(struct vnuma_host *h, const struct vnuma__view *v,
			const struct vnuma_layout *l, vnuma_error **err)
{
	struct spans *s = calloc(1, sizeof(*s));

	if (!s)
		return vnuma__error_nomem(err);
	build_spans(s, v);
	for (size_t i = 0; i < vnuma_layout_range_count(l); i++) {
		vnuma_range range = VNUMA_INFO_INIT(vnuma_range);
		const vnuma_range *r = &range;
		struct vnuma__host_region *hr;
		size_t block;
		uint64_t offset;
		bool ok;

		vnuma_layout_range(&range, l, i);
		if (!(r->flags & VNUMA_RANGE_ENABLED) ||
		    (r->flags & VNUMA_RANGE_HOLE))
			continue;
		ok = r->flags & VNUMA_RANGE_HOTPLUGGABLE ?
			     dimm_block(v, r, &block, &offset) :
			     boot_block(s, r, &block, &offset);
		if (!ok || block >= h->n_blocks)
			continue; /* added by the caller: nothing behind it */
		if (vnuma__grow(&h->regions, &h->cap_regions, h->n_regions + 1,
				sizeof(*h->regions))) {
			free(s);
			return vnuma__error_nomem(err);
		}
		hr = &h->regions[h->n_regions++];
		*hr = (struct vnuma__host_region){
			.gpa = r->start,
			.size = r->size,
			.block = block,
			.offset = offset,
			.node = r->node,
			.hotpluggable = !!(r->flags & VNUMA_RANGE_HOTPLUGGABLE)
		};
	}
	free(s);
	return VNUMA_OK;
}
