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

#include "../topology_internal.h"
#include "../util.h"

#define VIRT_RAM_BASE (UINT64_C(1) << 30)

/* A piece of the RAM offset space and the block behind it. */
struct span {
	uint64_t start, len;
	size_t block;
};

struct spans {
	struct span v[VNUMA__HOST_NODES_MAX + 1];
	size_t n;
	struct vnuma__ram_layout rl;
	bool x86;
	uint64_t base; /* non-x86: guest address of RAM offset 0 */
};

static size_t backend_index(const struct vnuma_topology *t, const char *id)
{
	const struct vnuma__backend *be =
		vnuma__backend_find((struct vnuma__backends *)&t->backends, id);

	return be ? (size_t)(be - t->backends.v) : SIZE_MAX;
}

static void add_span(struct spans *s, uint64_t start, uint64_t len,
		     size_t block)
{
	if (block != SIZE_MAX && len && s->n < sizeof(s->v) / sizeof(s->v[0]))
		s->v[s->n++] = (struct span){ start, len, block };
}

static void build_spans(struct spans *s, const struct vnuma_topology *t,
			size_t n_blocks)
{
	const struct vnuma__machine *m = &t->machine;
	enum vnuma__board board = m->profile ? m->profile->board : 0;
	uint64_t off = 0;

	memset(s, 0, sizeof(*s));
	s->x86 = board == VNUMA__BOARD_I440FX || board == VNUMA__BOARD_Q35 ||
		 board == VNUMA__BOARD_ISAPC || board == VNUMA__BOARD_MICROVM;
	if (s->x86 && vnuma__ram_layout(&s->rl, m))
		s->x86 = false;
	s->base = board == VNUMA__BOARD_VIRT ? VIRT_RAM_BASE : 0;
	if (m->memory_backend) {
		add_span(s, 0, m->ram_size,
			 backend_index(t, m->memory_backend));
	} else if (t->numa.have_memdevs) {
		for (uint32_t i = 0; i < t->numa.num_nodes; i++) {
			const struct vnuma__node *nd = &t->numa.nodes[i];

			if (nd->memdev)
				add_span(s, off, nd->mem,
					 backend_index(t, nd->memdev));
			off += nd->mem;
		}
	} else if (n_blocks > t->backends.n) {
		add_span(s, 0, m->ram_size, t->backends.n);
	}
}

/* The RAM offset of guest address gpa; false where no RAM maps there. */
static bool ram_offset(const struct spans *s, uint64_t gpa, uint64_t *off)
{
	if (!s->x86) {
		*off = gpa - s->base;
		return gpa >= s->base;
	}
	if (gpa < s->rl.below_4g) {
		*off = gpa;
		return true;
	}
	*off = s->rl.below_4g + (gpa - s->rl.above_4g_start);
	return gpa >= s->rl.above_4g_start;
}

static bool boot_block(const struct spans *s, const vnuma_range *r,
		       size_t *block, uint64_t *offset)
{
	uint64_t off;

	if (!ram_offset(s, r->start, &off))
		return false;
	for (size_t i = 0; i < s->n; i++) {
		const struct span *sp = &s->v[i];

		if (off >= sp->start && off - sp->start < sp->len &&
		    r->size <= sp->len - (off - sp->start)) {
			*block = sp->block;
			*offset = off - sp->start;
			return true;
		}
	}
	return false;
}

static bool dimm_block(const struct vnuma_topology *t, const vnuma_range *r,
		       size_t *block, uint64_t *offset)
{
	for (size_t i = 0; i < t->backends.n_dimms; i++) {
		const struct vnuma__dimm *d = &t->backends.dimms[i];
		size_t k = backend_index(t, d->memdev);

		if (k != SIZE_MAX && d->addr == r->start &&
		    d->size == r->size) {
			*block = k;
			*offset = 0;
			return true;
		}
	}
	return false;
}

int vnuma__host_regions(struct vnuma_host *h, const struct vnuma_topology *t,
			const struct vnuma_layout *l, vnuma_error **err)
{
	struct spans *s = calloc(1, sizeof(*s));

	if (!s)
		return vnuma__error_nomem(err);
	build_spans(s, t, h->n_blocks);
	for (size_t i = 0; i < l->n; i++) {
		const vnuma_range *r = &l->v[i];
		struct vnuma__host_region *hr;
		size_t block;
		uint64_t offset;
		bool ok;

		if (!(r->flags & VNUMA_RANGE_ENABLED) ||
		    (r->flags & VNUMA_RANGE_HOLE))
			continue;
		ok = r->flags & VNUMA_RANGE_HOTPLUGGABLE ?
			     dimm_block(t, r, &block, &offset) :
			     boot_block(s, r, &block, &offset);
		if (!ok || block >= h->n_blocks)
			continue; /* added by the caller: nothing behind it */
		if (vnuma__grow(&h->regions, &h->cap_regions,
				h->n_regions + 1, sizeof(*h->regions))) {
			free(s);
			return vnuma__error_nomem(err);
		}
		hr = &h->regions[h->n_regions++];
		*hr = (struct vnuma__host_region){ .gpa = r->start,
						   .size = r->size,
						   .block = block,
						   .offset = offset,
						   .node = r->node,
						   .hotpluggable = !!(r->flags &
						   VNUMA_RANGE_HOTPLUGGABLE) };
	}
	free(s);
	return VNUMA_OK;
}
