/* SPDX-License-Identifier: MIT */
/*
 * The memory of the view: every backend QEMU creates (those of -object
 * in option order, then the board's own RAM backend when QEMU makes one,
 * marked implicit), query-memdev's list of them, the memory devices in
 * address order, the PCI expander bridges, and which backend holds each
 * piece of the board's RAM.
 */
#include "view_build.h"

#include <stdlib.h>
#include <string.h>

#include "../machine/machine.h"
#include "../memory/backend.h"
#include "../memory/thread_ctx.h"
#include "../numa/numa.h"
#include "board_ram.h"

void vnuma__view_describe_backend(struct vnuma__view_backend *out,
				  const struct vnuma__backend *be,
				  const struct vnuma__backends *bk)
{
	const struct vnuma__thread_ctx *ctx = NULL;
	bool file = be->kind == VNUMA__BACKEND_FILE;
	bool memfd = be->kind == VNUMA__BACKEND_MEMFD;

	*out = (struct vnuma__view_backend){
		.id = be->id,
		.kind = be->kind,
		.size = be->size,
		.share = be->share,
		.merge = be->merge,
		.dump = be->dump,
		.prealloc = be->prealloc,
		.reserve = be->reserve,
		.readonly = file && be->readonly,
		.discard_data = file && be->discard_data,
		.hugetlb = memfd && be->hugetlb,
		.seal = memfd && be->seal,
		.hugetlbsize = be->hugetlbsize,
		.align = file ? be->align : 0,
		.mem_path = be->mem_path,
		.use_canonical_path = be->use_canonical_path,
		.prealloc_threads = be->prealloc_threads,
		.policy = be->policy,
		.host_nodes = be->host_nodes,
		.n_host_nodes = be->n_host_nodes,
	};
	if (bk && be->prealloc_context)
		ctx = vnuma__thread_ctx_find(bk, be->prealloc_context);
	/* The CPUs of its prealloc-context: its threads run there. */
	if (ctx && ctx->has_affinity && ctx->n_cpus) {
		out->prealloc_cpus = ctx->cpus;
		out->n_prealloc_cpus = ctx->n_cpus;
	}
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const vnuma_memdev_info *)a)->id,
		      ((const vnuma_memdev_info *)b)->id);
}

static size_t backend_index(const struct vnuma__view *v, const char *id)
{
	for (size_t i = 0; id && i < v->n_backends; i++)
		if (!strcmp(v->backends[i].id, id))
			return i;
	return SIZE_MAX;
}

static int backends(struct vnuma__view *v, const struct vnuma__view_src *src)
{
	const struct vnuma__backends *bk = src->bk;
	struct vnuma__backend ram; /* its strings are the machine's */
	bool implicit = vnuma__board_ram(NULL, src->m,
					 src->numa->have_memdevs) ==
			VNUMA__BOARD_RAM_IMPLICIT;
	size_t n = bk->n + implicit;

	v->backends = calloc(n + 1, sizeof(*v->backends));
	v->memdevs = calloc(n + 1, sizeof(*v->memdevs));
	if (!v->backends || !v->memdevs)
		return VNUMA_E_NOMEM;
	for (size_t i = 0; i < bk->n; i++) {
		vnuma__view_describe_backend(&v->backends[i], &bk->v[i], bk);
		vnuma__backend_info(&bk->v[i], &v->memdevs[i]);
	}
	if (implicit) {
		vnuma__board_ram_backend(&ram, src->m);
		vnuma__view_describe_backend(&v->backends[bk->n], &ram, NULL);
		v->backends[bk->n].implicit = true;
		vnuma__backend_info(&ram, &v->memdevs[bk->n]);
	}
	v->n_backends = v->n_memdevs = n;
	/* query-memdev's order is a hash walk; ids make it reproducible. */
	qsort(v->memdevs, n, sizeof(*v->memdevs), cmp_id);
	return VNUMA_OK;
}

static int mdevs(struct vnuma__view *v, const struct vnuma__view_src *src)
{
	const struct vnuma__backends *bk = src->bk;

	v->mdevs = calloc(bk->n_dimms + 1, sizeof(*v->mdevs));
	if (!v->mdevs)
		return VNUMA_E_NOMEM;
	for (size_t k = 0; k < bk->n_dimms; k++) {
		size_t j = vnuma__mdev_by_addr(bk, k);
		const struct vnuma__dimm *d = &bk->dimms[j];

		v->mdevs[k] = (struct vnuma__view_mdev){
			.kind = d->kind,
			.driver = vnuma__mdev_driver(d->kind),
			.qmp_type = vnuma__mdev_qmp_type(d->kind),
			.id = d->id,
			.memdev = d->memdev,
			.backend = backend_index(v, d->memdev),
			.plug = j,
			.node = d->node,
			.slot = d->slot,
			.addr = d->addr,
			.size = d->size,
			.plugged = vnuma__mdev_plugged(d),
			.block_size = d->block_size,
			.requested_size = d->requested_size,
		};
		if (d->node < v->n_nodes)
			v->nodes[d->node].plugged += v->mdevs[k].plugged;
		v->plugged_total += v->mdevs[k].plugged;
	}
	v->n_mdevs = bk->n_dimms;
	return VNUMA_OK;
}

static int pxbs(struct vnuma__view *v, const struct vnuma__backends *bk)
{
	v->pxbs = calloc(bk->n_pxbs + 1, sizeof(*v->pxbs));
	if (!v->pxbs)
		return VNUMA_E_NOMEM;
	for (size_t i = 0; i < bk->n_pxbs; i++) {
		const struct vnuma__pxb *x = &bk->pxbs[i];

		v->pxbs[i] = (struct vnuma__view_pxb){
			x->id, x->pcie, x->bus_nr,
			x->numa_node == VNUMA__PXB_NO_NODE ? -1 : x->numa_node
		};
	}
	v->n_pxbs = bk->n_pxbs;
	return VNUMA_OK;
}

static void add_span(struct vnuma__view *v, uint64_t start, uint64_t len,
		     size_t backend)
{
	if (backend != SIZE_MAX && len)
		v->ram[v->n_ram++] = (struct vnuma__view_ram_span){ start, len,
								    backend };
}

/*
 * The board's RAM as one space of offsets: -machine memory-backend=,
 * the memdev= backends one after the other in node order, or the
 * implicit backend.
 */
static int ram_spans(struct vnuma__view *v, const struct vnuma__view_src *src)
{
	const struct vnuma__machine *m = src->m;
	uint64_t off = 0;

	v->ram = calloc((size_t)v->n_nodes + 1, sizeof(*v->ram));
	if (!v->ram)
		return VNUMA_E_NOMEM;
	if (m->memory_backend) {
		add_span(v, 0, m->ram_size,
			 backend_index(v, m->memory_backend));
	} else if (src->numa->have_memdevs) {
		for (uint32_t i = 0; i < v->n_nodes; i++) {
			if (v->nodes[i].memdev)
				add_span(v, off, v->nodes[i].mem,
					 backend_index(v, v->nodes[i].memdev));
			off += v->nodes[i].mem;
		}
	} else if (v->n_backends > src->bk->n) {
		add_span(v, 0, m->ram_size, src->bk->n);
	}
	return VNUMA_OK;
}

int vnuma__view_memory(struct vnuma__view *v,
		       const struct vnuma__view_src *src)
{
	int rc = backends(v, src);

	if (!rc)
		rc = mdevs(v, src);
	if (!rc)
		rc = pxbs(v, src->bk);
	if (!rc)
		rc = ram_spans(v, src);
	return rc;
}

void vnuma__view_memory_fini(struct vnuma__view *v)
{
	free(v->backends);
	free(v->memdevs);
	free(v->mdevs);
	free(v->pxbs);
	free(v->ram);
}
