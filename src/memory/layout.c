/* SPDX-License-Identifier: MIT */
/*
 * The guest physical memory map: a sorted array of non-overlapping
 * ranges (boot RAM per node, holes, plugged DIMMs), found by binary
 * search, and the public API over it. Where boot RAM goes is in
 * layout_boot.c.
 *
 * Ranges are kept as start and size; arithmetic uses the last byte
 * (start + size - 1) so a range may end at 2^64 without wrapping.
 */
#include "layout.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../abi.h"
#include "../view/view.h"

#define KNOWN_FLAGS (VNUMA_RANGE_ENABLED | VNUMA_RANGE_HOTPLUGGABLE)

static uint64_t last_byte(const struct vnuma_range *r)
{
	return r->start + (r->size - 1);
}

/*
 * Index of the first range starting after addr (upper bound). Branch
 * free: the halving step compiles to a conditional move and n shrinks
 * the same way whatever the path, so random addresses cost no
 * mispredicted branch per level (2.6x faster than the textbook loop on
 * 400 ranges; four-way variants measured slower).
 */
static inline size_t upper_bound(const struct vnuma_layout *l, uint64_t addr)
{
	const struct vnuma_range *base = l->v;
	size_t n = l->n;

	if (!n)
		return 0;
	while (n > 1) {
		size_t half = n / 2;

		base = base[half].start <= addr ? base + half : base;
		n -= half;
	}
	return (size_t)(base - l->v) + (base->start <= addr);
}

/* Inlined into node_of_addr: the lookup is the hot path. */
static inline ptrdiff_t find(const struct vnuma_layout *l, uint64_t addr)
{
	size_t i = upper_bound(l, addr);

	/* Ranges do not overlap: only the one before can hold addr. */
	if (i && addr - l->v[i - 1].start < l->v[i - 1].size)
		return (ptrdiff_t)(i - 1);
	return -1;
}

ptrdiff_t vnuma__layout_find(const struct vnuma_layout *l, uint64_t addr)
{
	return find(l, addr);
}

/* Names the range another one ran into. */
static int overlap_error(const struct vnuma_range *r,
			 const struct vnuma_range *o, vnuma_error **err)
{
	if (o->flags & VNUMA_RANGE_HOLE)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"layout.overlap", NULL,
					"memory range 0x%" PRIx64 "-0x%" PRIx64
					" overlaps the hole 0x%" PRIx64
					"-0x%" PRIx64,
					r->start, last_byte(r), o->start,
					last_byte(o));
	if (o->node < 0)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"layout.overlap", NULL,
					"memory range 0x%" PRIx64 "-0x%" PRIx64
					" overlaps memory range 0x%" PRIx64
					"-0x%" PRIx64,
					r->start, last_byte(r), o->start,
					last_byte(o));
	return vnuma__error_set(err, VNUMA_E_CONFLICT, "layout.overlap", NULL,
				"memory range 0x%" PRIx64 "-0x%" PRIx64
				" overlaps memory range 0x%" PRIx64
				"-0x%" PRIx64 " of node %" PRId64,
				r->start, last_byte(r), o->start, last_byte(o),
				o->node);
}

static int check_size(const struct vnuma_range *r, vnuma_error **err)
{
	if (!r->size)
		return vnuma__error_set(err, VNUMA_E_RANGE, "layout.size-zero",
					NULL,
					"memory range at 0x%" PRIx64
					" has size 0",
					r->start);
	if (r->size - 1 > UINT64_MAX - r->start)
		return vnuma__error_set(err, VNUMA_E_RANGE, "layout.wrap",
					NULL,
					"memory range at 0x%" PRIx64
					" of size 0x%" PRIx64
					" ends past 2^64",
					r->start, r->size);
	return VNUMA_OK;
}

static int grow(struct vnuma_layout *l)
{
	size_t cap = l->cap ? l->cap * 2 : 8;
	struct vnuma_range *v;

	if (cap < l->cap || cap > SIZE_MAX / sizeof(*v))
		return VNUMA_E_NOMEM;
	v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return VNUMA_E_NOMEM;
	l->v = v;
	l->cap = cap;
	return VNUMA_OK;
}

int vnuma__layout_insert(struct vnuma_layout *l, const struct vnuma_range *r,
			 vnuma_error **err)
{
	size_t i;
	int rc = check_size(r, err);

	if (rc)
		return rc;
	i = upper_bound(l, r->start);
	/* The one before may reach into r; the one after may start in it. */
	if (i && l->v[i - 1].start + (l->v[i - 1].size - 1) >= r->start)
		return overlap_error(r, &l->v[i - 1], err);
	if (i < l->n && l->v[i].start <= last_byte(r))
		return overlap_error(r, &l->v[i], err);
	if (l->n == l->cap && grow(l))
		return vnuma__error_nomem(err);
	memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof(*l->v));
	l->v[i] = *r;
	l->n++;
	return VNUMA_OK;
}

int vnuma__layout_copy(struct vnuma_layout *dst,
		       const struct vnuma_layout *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->n) {
		dst->v = malloc(src->n * sizeof(*dst->v));
		if (!dst->v)
			return VNUMA_E_NOMEM;
		memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
	}
	dst->n = dst->cap = src->n;
	dst->hotplug_base = src->hotplug_base;
	dst->hotplug_size = src->hotplug_size;
	return VNUMA_OK;
}

void vnuma__layout_fini(struct vnuma_layout *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int vnuma_layout_new(vnuma_layout **out, const vnuma_topology *t,
		     vnuma_error **err)
{
	struct vnuma_layout *l;

	if (!out || !t)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out and t must not be NULL");
	*out = NULL;
	l = malloc(sizeof(*l));
	if (!l)
		return vnuma__error_nomem(err);
	if (vnuma__layout_copy(l, vnuma__topology_view(t)->layout)) {
		free(l);
		return vnuma__error_nomem(err);
	}
	*out = l;
	return VNUMA_OK;
}

void vnuma_layout_free(vnuma_layout *l)
{
	if (!l)
		return;
	vnuma__layout_fini(l);
	free(l);
}

size_t vnuma_layout_range_count(const vnuma_layout *l)
{
	return l ? l->n : 0;
}

int vnuma_layout_range(vnuma_range *out, const vnuma_layout *l, size_t i)
{
	vnuma_range full;

	if (!l || !out)
		return VNUMA_E_INVAL;
	if (i >= l->n)
		return VNUMA_E_RANGE;
	/* Field by field: the stored range's padding is no one's. */
	VNUMA__INFO_START(full);
	full.start = l->v[i].start;
	full.size = l->v[i].size;
	full.node = l->v[i].node;
	full.flags = l->v[i].flags;
	return VNUMA__FILL(out, &full, vnuma_range, flags);
}

int vnuma_layout_hotplug_region(uint64_t *base, uint64_t *size,
				const vnuma_layout *l)
{
	if (!base || !size || !l)
		return VNUMA_E_INVAL;
	*base = l->hotplug_base;
	*size = l->hotplug_size;
	return VNUMA_OK;
}

int vnuma_layout_add(vnuma_layout *l, uint64_t start, uint64_t size,
		     uint32_t node, uint32_t flags, vnuma_error **err)
{
	struct vnuma_range r = { sizeof(r), start, size, node, flags };

	if (!l)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"l must not be NULL");
	if (flags & ~KNOWN_FLAGS)
		return vnuma__error_set(err, VNUMA_E_INVAL, "layout.flags",
					NULL,
					"flags 0x%" PRIx32 " cannot be added: "
					"only enabled and hotpluggable memory "
					"can",
					flags);
	return vnuma__layout_insert(l, &r, err);
}

int vnuma_layout_remove(vnuma_layout *l, uint64_t start, uint64_t size,
			vnuma_error **err)
{
	ptrdiff_t i;

	if (!l)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"l must not be NULL");
	i = vnuma__layout_find(l, start);
	if (i < 0 || l->v[i].start != start || l->v[i].size != size)
		return vnuma__error_set(err, VNUMA_E_MISSING, "layout.missing",
					NULL,
					"no memory range starts at 0x%" PRIx64
					" with size 0x%" PRIx64,
					start, size);
	if (l->v[i].flags & VNUMA_RANGE_HOLE)
		return vnuma__error_set(err, VNUMA_E_INVAL, "layout.hole",
					NULL,
					"0x%" PRIx64 "-0x%" PRIx64
					" is a hole "
					"of the machine and cannot be removed",
					start, last_byte(&l->v[i]));
	memmove(&l->v[i], &l->v[i + 1],
		(l->n - (size_t)i - 1) * sizeof(*l->v));
	l->n--;
	return VNUMA_OK;
}

int vnuma_layout_node_of_addr(uint32_t *node, const vnuma_layout *l,
			      uint64_t addr, vnuma_error **err)
{
	ptrdiff_t i;

	if (!l || !node)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"l and node must not be NULL");
	i = find(l, addr);
	/* Holes and RAM of a guest without NUMA have node -1. */
	if (i < 0 || l->v[i].node < 0)
		return vnuma__error_set(err, VNUMA_E_MISSING, "layout.no-node",
					NULL,
					"address 0x%" PRIx64 " belongs to no "
					"NUMA node",
					addr);
	*node = (uint32_t)l->v[i].node;
	return VNUMA_OK;
}
