/* SPDX-License-Identifier: MIT */
/*
 * Where the pages of each region really are: move_pages() with no target
 * nodes only reports the node of each page (or -ENOENT for a page not
 * populated), for a batch of pages per call, which is far cheaper than a
 * get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR) call per page. One query per
 * page of the backing (a hugetlb page is one page); sampling asks for one
 * page per 2 MiB and a page, and counts it for the whole stride.
 */
#include "host_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "thp.h"
#include "../util.h"

#define BATCH 1024
#define SAMPLE_STRIDE ((size_t)2 << 20)
/* Node ids the kernel can return; beyond: counted as absent. */
#define NODES_MAX 4096

struct walk {
	uint64_t *bytes; /* per node id */
	uint32_t top;	 /* highest node seen + 1 */
	uint64_t absent;
	void *pages[BATCH];
	int status[BATCH];
	uint64_t len[BATCH];
};

static int flush(struct walk *w, size_t n, vnuma_error **err)
{
	long rc;

	if (!n)
		return VNUMA_OK;
	rc = syscall(SYS_move_pages, 0, (unsigned long)n, w->pages, NULL,
		     w->status, 0);
	if (rc < 0)
		return vnuma__error_set_errno(err, errno, "host.move-pages",
					      NULL,
					      "cannot query the host "
					      "node of guest memory");
	for (size_t i = 0; i < n; i++) {
		int s = w->status[i];

		if (s < 0 || s >= NODES_MAX) {
			w->absent += w->len[i];
			continue;
		}
		w->bytes[s] += w->len[i];
		if ((uint32_t)s + 1 > w->top)
			w->top = (uint32_t)s + 1;
	}
	return VNUMA_OK;
}

static int walk_region(struct walk *w, char *addr, uint64_t size,
		       size_t stride, vnuma_error **err)
{
	size_t n = 0;
	int rc = VNUMA_OK;

	for (uint64_t off = 0; !rc && off < size; off += stride) {
		w->pages[n] = addr + off;
		w->len[n] = size - off < stride ? size - off : stride;
		if (++n == BATCH) {
			rc = flush(w, n, err);
			n = 0;
		}
	}
	return rc ? rc : flush(w, n, err);
}

/* The counts as (node, bytes) pairs, in r. */
static int keep(struct vnuma__host_region *r, const struct walk *w)
{
	size_t n = 0;

	for (uint32_t i = 0; i < w->top; i++)
		n += w->bytes[i] != 0;
	free(r->placed);
	r->n_placed = 0;
	r->placed = calloc(n ? n : 1, sizeof(*r->placed));
	if (!r->placed)
		return VNUMA_E_NOMEM;
	for (uint32_t i = 0; i < w->top; i++)
		if (w->bytes[i]) {
			r->placed[r->n_placed].node = i;
			r->placed[r->n_placed++].bytes = w->bytes[i];
		}
	r->absent = w->absent;
	return VNUMA_OK;
}

static int measure_region(struct vnuma_host *h, struct vnuma__host_region *r,
			  struct walk *w, unsigned flags, vnuma_error **err)
{
	const struct vnuma__host_block *b = &h->blocks[r->block];
	char *addr = (char *)b->host + r->offset;
	size_t stride = b->page_size;
	int rc;

	/*
	 * An odd number of pages a stride: interleaving puts page i on node
	 * i mod N, and an even stride would sample one node only.
	 */
	if ((flags & VNUMA_HOST_MEASURE_SAMPLE) && stride < SAMPLE_STRIDE)
		stride = (SAMPLE_STRIDE / stride + 1) * stride;
	memset(w->bytes, 0, (size_t)w->top * sizeof(*w->bytes));
	w->top = 0;
	w->absent = 0;
	rc = walk_region(w, addr, r->size, stride, err);
	if (!rc)
		rc = vnuma__huge_bytes(addr, r->size, &r->huge, err);
	if (!rc && keep(r, w))
		rc = vnuma__error_nomem(err);
	r->measured = !rc;
	return rc;
}

int vnuma_host_measure(vnuma_host *h, unsigned int flags, vnuma_error **err)
{
	struct walk *w;
	uint64_t t0 = vnuma__host_now_ns();
	int rc = VNUMA_OK;

	if (!h)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"h must not be NULL");
	if (flags & ~VNUMA_HOST_MEASURE_SAMPLE)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.flags", NULL,
					"unknown flags 0x%x", flags);
	w = calloc(1, sizeof(*w));
	if (w)
		w->bytes = calloc(NODES_MAX, sizeof(*w->bytes));
	if (!w || !w->bytes) {
		if (w)
			free(w->bytes);
		free(w);
		return vnuma__error_nomem(err);
	}
	for (size_t i = 0; !rc && i < h->n_regions; i++)
		rc = measure_region(h, &h->regions[i], w, flags, err);
	free(w->bytes);
	free(w);
	h->timing.measure_ns = vnuma__host_now_ns() - t0;
	return rc;
}

void vnuma__host_placement_fini(struct vnuma_host *h)
{
	for (size_t i = 0; i < h->n_regions; i++) {
		free(h->regions[i].placed);
		h->regions[i].placed = NULL;
		h->regions[i].n_placed = 0;
		h->regions[i].measured = false;
	}
}
