/* SPDX-License-Identifier: MIT */
/*
 * Where a memory device (pc-dimm, nvdimm, virtio-mem-pci, virtio-pmem-pci)
 * goes in the device memory region. QEMU 7.2 picks the
 * address while it pre-plugs each DIMM, after the slot and the "not
 * enough space" check (dimm.c) and before the DIMM realizes, so dimm.c
 * calls vnuma__dimm_addr() at that point; vnuma__dimms_place() then puts
 * every placed DIMM into the layout once board RAM is there.
 */
#include "layout.h"

#include <inttypes.h>
#include <stdarg.h>

#include "backend.h"

#define V(maj, min) ((maj)*100 + (min))
#define KIB 1024ull
#define MIB (1024 * KIB)

/* The host's base page size, as QEMU's file and memfd RAM blocks see it. */
#define HOST_PAGE (4 * KIB)
/*
 * Anonymous RAM is mapped 2 MiB aligned on Linux x86-64 and arm hosts so
 * that transparent huge pages can back it (QEMU_VMALLOC_ALIGN), and that
 * becomes the memory region's alignment.
 */
#define VMALLOC_ALIGN (2 * MIB)
/* memfd hugetlb=on without hugetlbsize: the host's default huge page. */
#define DEFAULT_HUGE_PAGE (2 * MIB)

uint64_t vnuma__backend_mr_align(const struct vnuma__backend *be)
{
	/* page_size: the host's huge pages (src/host/backend_check.c). */
	uint64_t page = be->page_size ? be->page_size : HOST_PAGE;

	switch (be->kind) {
	case VNUMA__BACKEND_FILE:
		return be->align > page ? be->align : page;
	case VNUMA__BACKEND_MEMFD:
		if (!be->hugetlb)
			return HOST_PAGE;
		if (be->page_size)
			return be->page_size;
		return be->hugetlbsize ? be->hugetlbsize : DEFAULT_HUGE_PAGE;
	case VNUMA__BACKEND_RAM:
	default:
		return VMALLOC_ALIGN;
	}
}

/*
 * The alignment QEMU asks of a memory device's address and size: the
 * backend's memory region alignment, except for DIMMs on i440fx types
 * before 2.2, which align to the target page only (enforce_aligned_dimm
 * off); a virtio-mem device's block size when larger.
 */
static uint64_t dimm_align(const struct vnuma__dimm *d,
			   const struct vnuma__backend *be,
			   const struct vnuma__machine *m)
{
	const struct vnuma__profile *p = m->profile;
	uint64_t a = vnuma__backend_mr_align(be);

	if ((d->kind == VNUMA__MDEV_DIMM || d->kind == VNUMA__MDEV_NVDIMM) &&
	    p->board == VNUMA__BOARD_I440FX &&
	    V(p->ver_major, p->ver_minor) < V(2, 2))
		return HOST_PAGE;
	if (d->kind == VNUMA__MDEV_VIRTIO_MEM && d->block_size > a)
		return d->block_size;
	return a;
}

/* Rounds v up to a multiple of a; false if that passes 2^64 - 1. */
static bool align_up(uint64_t v, uint64_t a, uint64_t *out)
{
	uint64_t r = v % a;

	if (!r) {
		*out = v;
		return true;
	}
	return !__builtin_add_overflow(v, a - r, out);
}

/* [start, start + size) as first and last byte; false if it wraps. */
static bool span(uint64_t start, uint64_t size, uint64_t *last)
{
	return size && !__builtin_add_overflow(start, size - 1, last);
}

/*
 * The next DIMM after the one at addr `after` (every DIMM when first),
 * in address order: QEMU walks the plugged devices sorted by address.
 * Returns NULL when there is none.
 */
static const struct vnuma__dimm *next_by_addr(struct vnuma__backends *b,
					      bool first, uint64_t after)
{
	const struct vnuma__dimm *best = NULL;

	for (size_t i = 0; i < b->n_dimms; i++) {
		const struct vnuma__dimm *d = &b->dimms[i];

		if (!first && d->addr <= after)
			continue;
		if (!best || d->addr < best->addr)
			best = d;
	}
	return best;
}

static uint64_t dimm_size(struct vnuma__backends *b,
			  const struct vnuma__dimm *d)
{
	(void)b;
	return d->size;
}

struct want {
	const struct vnuma__opts *o;
	const char *addr_key; /* addr (DIMMs) or memaddr (virtio) */
	uint64_t base, last;  /* the device memory region */
	uint64_t align, size;
	bool hint;	     /* addr= given (non-zero) */
	uint64_t start, end; /* candidate: first and last byte */
	bool empty;	     /* no candidate left */
};

static int place_error(const struct want *w, const char *key, int status,
		       const char *check, vnuma_error **err, const char *fmt,
		       ...) VNUMA__PRINTF(6, 7);

static int place_error(const struct want *w, const char *key, int status,
		       const char *check, vnuma_error **err, const char *fmt,
		       ...)
{
	struct vnuma__loc loc = vnuma__opts_loc(w->o,
						key ? vnuma__opts_last(w->o,
								       key) :
						      NULL);
	va_list ap;
	int rc;

	loc.key = key;
	va_start(ap, fmt);
	rc = vnuma__error_setv(err, status, check, &loc, fmt, ap);
	va_end(ap);
	return rc;
}

/* The candidate before looking at other DIMMs: addr= or the region base. */
static int first_candidate(struct want *w, uint64_t hint, vnuma_error **err)
{
	uint64_t start = hint;

	if (w->hint && hint % w->align)
		return place_error(w, w->addr_key, VNUMA_E_RANGE,
				   "dimm.addr-align", err,
				   "address must be aligned to 0x%" PRIx64
				   " bytes",
				   w->align);
	if (w->size % w->align)
		return place_error(w, "memdev", VNUMA_E_RANGE,
				   "dimm.size-align", err,
				   "backend memory size must be multiple of "
				   "0x%" PRIx64,
				   w->align);
	if (w->hint) {
		if (!span(hint, w->size, &w->end) || hint < w->base ||
		    w->end > w->last)
			return place_error(w, w->addr_key, VNUMA_E_RANGE,
					   "dimm.addr-range", err,
					   "can't add memory device [0x%" PRIx64
					   ":0x%" PRIx64 "], usable range for "
					   "memory devices [0x%" PRIx64
					   ":0x%" PRIx64 "]",
					   hint, w->size, w->base,
					   w->last - w->base + 1);
	} else if (!align_up(w->base, w->align, &start) ||
		   !span(start, w->size, &w->end)) {
		return place_error(w, NULL, VNUMA_E_RANGE, "dimm.too-big", err,
				   "can't add memory device, device too big");
	}
	w->start = start;
	return VNUMA_OK;
}

/*
 * First fit in address order: a DIMM in the way moves the candidate past
 * its end (aligned); with addr= it is a conflict instead.
 */
static int fit(struct want *w, struct vnuma__backends *b, vnuma_error **err)
{
	const struct vnuma__dimm *d;
	bool first = true;
	uint64_t after = 0;

	while ((d = next_by_addr(b, first, after)) != NULL) {
		uint64_t last = d->addr + (dimm_size(b, d) - 1), next;

		first = false;
		after = d->addr;
		if (d->addr > w->end)
			break;
		if (last < w->start)
			continue;
		if (w->hint)
			return place_error(w, w->addr_key, VNUMA_E_CONFLICT,
					   "dimm.addr-conflict", err,
					   "address range conflicts with "
					   "memory device id='%s'",
					   d->id ? d->id : "(unnamed)");
		if (last == UINT64_MAX ||
		    !align_up(last + 1, w->align, &next) ||
		    !span(next, w->size, &w->end)) {
			w->empty = true;
			break;
		}
		w->start = next;
	}
	if (w->empty || w->start < w->base || w->end > w->last)
		return place_error(w, NULL, VNUMA_E_RANGE, "dimm.fragmented",
				   err,
				   "could not find position in guest "
				   "address space for memory device - "
				   "memory fragmented due to alignments");
	return VNUMA_OK;
}

int vnuma__dimm_addr(struct vnuma__dimm *d, const struct vnuma__backend *be,
		     struct vnuma__backends *b, const struct vnuma__machine *m,
		     const struct vnuma__opts *o, vnuma_error **err)
{
	struct want w = { .o = o,
			  .base = m->devmem_base,
			  .size = d->size,
			  .hint = d->addr != 0,
			  .addr_key = "addr" };
	int rc;

	/* dimm.c refuses a DIMM when the machine has no region. */
	if (!m->devmem_size || !span(m->devmem_base, m->devmem_size, &w.last))
		return vnuma__error_set(err, VNUMA_E_INVAL, "dimm.no-region",
					NULL, "no device memory region");
	if (d->kind == VNUMA__MDEV_VIRTIO_MEM ||
	    d->kind == VNUMA__MDEV_VIRTIO_PMEM)
		w.addr_key = "memaddr";
	w.align = dimm_align(d, be, m);
	/*
	 * QEMU warns when the alignment exceeds the region base's (a file
	 * backend's align=, a 1 GiB huge page): vnuma__dimms_plug() has no
	 * warnings list to give it to yet.
	 */
	rc = first_candidate(&w, d->addr, err);
	if (!rc)
		rc = fit(&w, b, err);
	if (!rc)
		d->addr = w.start;
	return rc;
}

int vnuma__dimms_place(struct vnuma_layout *l, struct vnuma__backends *b,
		       const struct vnuma__machine *m, uint32_t num_nodes,
		       vnuma_error **err)
{
	(void)m;
	for (size_t i = 0; i < b->n_dimms; i++) {
		const struct vnuma__dimm *d = &b->dimms[i];
		struct vnuma_range r = {
			.start = d->addr,
			.size = d->size,
			/*
			 * virtio-pmem has no node to give its range; without
			 * NUMA the node= default 0 names no node the guest
			 * is told of (no SRAT, no numa-node-id).
			 */
			.node = d->kind == VNUMA__MDEV_VIRTIO_PMEM ||
						!num_nodes ?
					-1 :
					(int64_t)d->node,
			.flags = VNUMA_RANGE_ENABLED |
				 VNUMA_RANGE_HOTPLUGGABLE,
		};
		int rc = vnuma__layout_insert(l, &r, err);

		if (rc)
			return rc;
	}
	return VNUMA_OK;
}
