/* SPDX-License-Identifier: MIT */
/*
 * Realizing a topology's memory on this host, in the order the kernel
 * needs it: every backend is mapped and advised, then bound (so that no
 * page is placed before its policy is in force), then all prealloc=on
 * backends are populated together in one pass. QEMU 7.2 completes its
 * backends one after the other (map, bind, populate each); populating
 * them together is the point of the preallocation engine, so a populate
 * error of one backend now comes after the map errors of all.
 *
 * The blocks are QEMU's: every -object memory-backend-* in option order,
 * used or not (QEMU allocates them all), then the RAM QEMU creates itself
 * when no memdev= and no -machine memory-backend= gives it: a
 * memory-backend-ram named after the board's RAM id, a
 * memory-backend-file on -mem-path when that is given (7.2 has no
 * fallback to anonymous memory: a bad -mem-path is an error), with
 * -mem-prealloc's prealloc=on. With legacy -numa node,mem= all nodes
 * share that one block, as in QEMU.
 */
#include "host_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../abi.h"
#include "../util.h"
#include "cpuset.h"
#include "host_cpus.h"
#include "hugetlb.h"
#include "prealloc.h"

uint64_t vnuma__host_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Copies what realizing and releasing need out of the backend. */
static int add_block(struct vnuma_host *h,
		     const struct vnuma__view_backend *be, vnuma_error **err)
{
	struct vnuma__host_block *b;

	if (vnuma__grow(&h->blocks, &h->cap_blocks, h->n_blocks + 1,
			sizeof(*h->blocks)))
		return vnuma__error_nomem(err);
	b = &h->blocks[h->n_blocks++];
	memset(b, 0, sizeof(*b));
	b->fd = -1;
	b->kind = be->kind;
	b->policy = be->policy;
	b->n_host_nodes = be->n_host_nodes;
	if (b->n_host_nodes)
		memcpy(b->host_nodes, be->host_nodes,
		       be->n_host_nodes * sizeof(*b->host_nodes));
	b->share = be->share;
	b->merge = be->merge;
	b->dump = be->dump;
	b->prealloc = be->prealloc;
	b->reserve = be->reserve;
	b->readonly = be->readonly;
	b->discard = be->discard_data;
	b->memfd_hugetlb = be->hugetlb;
	b->seal = be->seal;
	b->hugetlbsize = be->hugetlbsize;
	b->align = be->align;
	b->threads = be->prealloc_threads;
	/* The CPUs of its prealloc-context: its threads run there. */
	if (be->n_prealloc_cpus) {
		b->cpus = malloc(be->n_prealloc_cpus * sizeof(*b->cpus));
		if (!b->cpus)
			return vnuma__error_nomem(err);
		memcpy(b->cpus, be->prealloc_cpus,
		       be->n_prealloc_cpus * sizeof(*b->cpus));
		b->n_cpus = be->n_prealloc_cpus;
	}
	b->size = (size_t)be->size;
	b->id = vnuma__strdup(be->id);
	/* QEMU names the block by the id, or by the object's path. */
	b->name = be->use_canonical_path ?
			  vnuma__sprintf("/objects/%s", be->id) :
			  vnuma__strdup(be->id);
	if (be->mem_path)
		b->mem_path = vnuma__strdup(be->mem_path);
	if (!b->id || !b->name || (be->mem_path && !b->mem_path))
		return vnuma__error_nomem(err);
	if (be->size > SIZE_MAX)
		return vnuma__error_set(err, VNUMA_E_RANGE, "host.size-range",
					NULL,
					"memory backend %s is too large "
					"for this host",
					be->id);
	return VNUMA_OK;
}

/* Every backend QEMU creates, its own for the board's RAM included. */
static int build_blocks(struct vnuma_host *h, const struct vnuma__view *v,
			vnuma_error **err)
{
	int rc = VNUMA_OK;

	for (size_t i = 0; !rc && i < v->n_backends; i++)
		rc = vnuma__error_backend(err,
					  add_block(h, &v->backends[i], err),
					  v->backends[i].id);
	return rc;
}

/*
 * A -readonly file cannot be written; QEMU 7.2 crashes populating it. A
 * conflict of the backend's own options: said before any host fact is
 * looked at, so that preflight (which calls this too) and realizing
 * reject it alike whatever else the host lacks.
 */
int vnuma__host_check_conflicts(const struct vnuma__view *v, vnuma_error **err)
{
	struct vnuma__loc loc = { .key = "prealloc" };

	for (size_t i = 0; i < v->n_backends; i++) {
		const struct vnuma__view_backend *be = &v->backends[i];

		if (be->readonly && be->prealloc)
			return vnuma__error_backend(
				err,
				vnuma__error_set(err, VNUMA_E_CONFLICT,
						 "host.readonly-prealloc",
						 &loc,
						 "memory backend %s: "
						 "'prealloc=on' and "
						 "'readonly=on' are "
						 "incompatible",
						 be->id),
				be->id);
	}
	return VNUMA_OK;
}

/*
 * The kernel reserves hugetlb pages when the mapping is made, and would
 * refuse a short pool with a bare ENOMEM: compare with the free pool
 * first, and say how many pages are needed and free.
 */
static int hugetlb_plan_check(struct vnuma_host *h, vnuma_error **err)
{
	struct vnuma__hugetlb_need *need;
	size_t nh = 0;
	int rc;

	need = calloc(h->n_blocks + 1, sizeof(*need));
	if (!need)
		return vnuma__error_nomem(err);
	for (size_t i = 0; i < h->n_blocks; i++) {
		struct vnuma__host_block *b = &h->blocks[i];
		size_t ps = (b->prealloc || b->reserve) ?
				    vnuma__host_planned_huge_page(b) :
				    0;
		bool one = b->policy == VNUMA__POLICY_BIND &&
			   b->n_host_nodes == 1;

		if (!ps)
			continue;
		b->pool_checked = true;
		need[nh++] = (struct vnuma__hugetlb_need){
			ps, one ? (int)b->host_nodes[0] : -1,
			(b->size + ps - 1) / ps, b->id
		};
	}
	rc = nh ? vnuma__hugetlb_precheck_ex(need, nh, true, err) : VNUMA_OK;
	free(need);
	return rc;
}

static int map_blocks(struct vnuma_host *h, vnuma_error **err)
{
	int rc = VNUMA_OK;

	for (size_t i = 0; !rc && i < h->n_blocks; i++) {
		struct vnuma__host_block *b = &h->blocks[i];
		uint64_t t0 = vnuma__host_now_ns(), t1;

		rc = vnuma__host_map(b, err);
		t1 = vnuma__host_now_ns();
		h->timing.map_ns += t1 - t0;
		if (!rc)
			rc = vnuma__host_bind(b, err);
		h->timing.bind_ns += vnuma__host_now_ns() - t1;
		rc = vnuma__error_backend(err, rc, b->id);
	}
	return rc;
}

/*
 * The CPUs block b's preallocation threads are allowed: its context's; its
 * host nodes' within the process's affinity, or those of the nodes
 * nearest to them (node_local); or the process's affinity, where threads
 * without CPUs of their own run.
 */
static int choose_cpus(struct vnuma__host_block *b, bool local)
{
	enum vnuma__local_from from;
	uint16_t *mask;
	size_t nm;
	int rc;

	b->ran = calloc(VNUMA__CPU_IDS / 64, sizeof(*b->ran));
	if (!b->ran)
		return -1;
	if (b->n_cpus) {
		b->allowed = malloc(b->n_cpus * sizeof(*b->allowed));
		if (!b->allowed)
			return -1;
		memcpy(b->allowed, b->cpus, b->n_cpus * sizeof(*b->cpus));
		b->n_allowed = b->n_cpus;
		return 0;
	}
	if (local && b->policy != VNUMA__POLICY_DEFAULT && b->n_host_nodes) {
		rc = vnuma__host_local_cpus(&b->allowed, &b->n_allowed, &from,
					    b->host_nodes, b->n_host_nodes);
		if (rc)
			return rc;
		/* The whole mask is no choice of nodes: not node-local. */
		b->node_local = from == VNUMA__LOCAL_NODES ||
				from == VNUMA__LOCAL_NEAREST;
		if (!b->node_local)
			return 0;
		/* The nodes' CPUs are all the process may use (one node):
		 * threads without CPUs of their own run there already. */
		if (vnuma__affinity_cpus(&mask, &nm))
			return -1;
		b->pin = nm != b->n_allowed;
		free(mask);
		return 0;
	}
	return vnuma__affinity_cpus(&b->allowed, &b->n_allowed);
}

/* The bitmap of CPUs a block's threads ran on, as a list. */
static int list_touched(struct vnuma__host_block *b)
{
	size_t k = 0;

	for (size_t c = 0; c < VNUMA__CPU_IDS; c++)
		k += b->ran[c / 64] >> (c % 64) & 1;
	if (!k)
		return 0;
	b->touched = malloc(k * sizeof(*b->touched));
	if (!b->touched)
		return -1;
	for (size_t c = 0; c < VNUMA__CPU_IDS; c++)
		if (b->ran[c / 64] >> (c % 64) & 1)
			b->touched[b->n_touched++] = (uint16_t)c;
	return 0;
}

/*
 * The caller's callbacks, told of blocks rather than of regions, and of
 * the whole populate (every pass) rather than of one pass.
 */
struct relay {
	const vnuma_host_options *o;
	const struct vnuma_host *h;
	const size_t *block_of; /* region -> block */
	uint64_t base, total;	/* bytes of the passes before; of all */
};

static void relay_total(uint64_t done, uint64_t total, void *opaque)
{
	const struct relay *y = opaque;

	(void)total;
	if (y->o->progress)
		y->o->progress(y->base + done, y->total, y->o->opaque);
}

static void relay_block(size_t i, uint64_t rdone, uint64_t rsize,
			uint64_t done, uint64_t total, void *opaque)
{
	const struct relay *y = opaque;

	(void)total;
	y->o->block_progress(y->block_of[i], y->h->blocks[y->block_of[i]].id,
			     rdone, rsize, y->base + done, y->total,
			     y->o->opaque);
}

/* Regions r[0..n) in order of their pass (pass[]), each pass in turn. */
static int run_prealloc(struct vnuma_host *h, struct vnuma__prealloc_region *r,
			size_t n, size_t *block_of, unsigned *pass,
			const vnuma_host_options *o, vnuma_error **err)
{
	struct vnuma__prealloc_opts po = { 0 };
	struct relay y = { o, h, block_of, 0, 0 };
	int rc = 0;

	/* Insertion sort, stable: a handful of backends. */
	for (size_t i = 1; i < n; i++) {
		for (size_t k = i; k > 0 && pass[k - 1] > pass[k]; k--) {
			struct vnuma__prealloc_region t = r[k];
			size_t tb = block_of[k];
			unsigned tp = pass[k];

			r[k] = r[k - 1];
			block_of[k] = block_of[k - 1];
			pass[k] = pass[k - 1];
			r[k - 1] = t;
			block_of[k - 1] = tb;
			pass[k - 1] = tp;
		}
	}
	for (size_t i = 0; i < n; i++)
		y.total += r[i].size;
	/* version 1 options end before cancel, 2 before block_progress */
	po.cancel = o && o->version >= 2 ? o->cancel : NULL;
	if (o && o->version >= 3 && o->block_progress)
		po.region_progress = relay_block;
	for (size_t i = 0, k; !rc && i < n; i = k) {
		for (k = i; k < n && pass[k] == pass[i]; k++)
			;
		y.block_of = block_of + i;
		rc = vnuma__prealloc_ex(r + i, k - i, &po,
					o && o->progress ? relay_total : NULL,
					&y, err);
		for (size_t j = i; j < k; j++)
			y.base += r[j].size;
	}
	for (size_t i = 0; !rc && i < n; i++)
		if (list_touched(&h->blocks[block_of[i]]))
			rc = vnuma__error_nomem(err);
	return rc;
}

/*
 * Pages of a hugetlb block must come from its page size's pool; bound to
 * exactly one node they must come from that node's. The blocks are
 * populated in passes (order.c): those whose huge pages are confined to
 * fewer nodes first.
 */
static int populate(struct vnuma_host *h, const vnuma_host_options *o,
		    vnuma_error **err)
{
	struct vnuma__prealloc_region *r;
	struct vnuma__hugetlb_need *need;
	size_t n = 0, nh = 0, *block_of;
	unsigned *pass;
	bool local = !(o && (o->flags & VNUMA_HOST_NO_NODE_LOCAL));
	int rc = VNUMA_OK;

	r = calloc(h->n_blocks + 1, sizeof(*r));
	need = calloc(h->n_blocks + 1, sizeof(*need));
	block_of = calloc(h->n_blocks + 1, sizeof(*block_of));
	pass = calloc(h->n_blocks + 1, sizeof(*pass));
	if (!r || !need || !block_of || !pass) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < h->n_blocks; i++) {
		struct vnuma__host_block *b = &h->blocks[i];
		bool one = b->policy == VNUMA__POLICY_BIND &&
			   b->n_host_nodes == 1;

		if (!b->prealloc)
			continue;
		if (choose_cpus(b, local)) {
			rc = vnuma__error_nomem(err);
			goto out;
		}
		pass[n] = vnuma__host_populate_pass(b);
		block_of[n] = i;
		r[n++] = (struct vnuma__prealloc_region){
			.addr = b->host,
			.size = b->mapped,
			.page_size = b->page_size,
			.hugetlb = b->hugetlb,
			.threads = b->threads,
			.name = b->id,
			.cpus = b->n_cpus ? b->cpus :
				b->pin	  ? b->allowed :
					    NULL,
			.n_cpus = b->n_cpus ? b->n_cpus :
				  b->pin    ? b->n_allowed :
					      0,
			.node_local = !b->n_cpus && b->pin,
			.file = b->kind == VNUMA__BACKEND_FILE,
			.ran_cpus = b->ran,
		};
		if (b->hugetlb && !b->pool_checked)
			need[nh++] = (struct vnuma__hugetlb_need){
				b->page_size, one ? (int)b->host_nodes[0] : -1,
				b->mapped / b->page_size, b->id
			};
	}
	rc = nh ? vnuma__hugetlb_precheck(need, nh, err) : VNUMA_OK;
	if (!rc && n)
		rc = vnuma__host_cgroup_check(h, err);
	if (!rc && n)
		rc = run_prealloc(h, r, n, block_of, pass, o, err);
out:
	free(pass);
	free(r);
	free(need);
	free(block_of);
	return rc;
}

static int check_args(vnuma_host **out, const vnuma_topology *t,
		      const vnuma_host_options *o, vnuma_error **err)
{
	if (out)
		*out = NULL;
	if (!out || !t)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out and t must not be NULL");
	if (o && (o->version < 1 || o->version > VNUMA_HOST_OPTIONS_VERSION))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.version",
					NULL, "unknown options version %u",
					o->version);
	if (o &&
	    (o->flags & ~(VNUMA_HOST_NO_PREALLOC | VNUMA_HOST_NO_NODE_LOCAL)))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.flags", NULL,
					"unknown flags 0x%x", o->flags);
	return VNUMA_OK;
}

int vnuma_host_realize(vnuma_host **out, const vnuma_topology *t,
		       const vnuma_layout *l, const vnuma_host_options *opts,
		       vnuma_error **err)
{
	const struct vnuma__view *v;
	struct vnuma_host *h;
	uint64_t t0;
	int rc = check_args(out, t, opts, err);

	if (rc)
		return rc;
	h = calloc(1, sizeof(*h));
	if (!h)
		return vnuma__error_nomem(err);
	v = vnuma__topology_view(t);
	rc = vnuma__host_check_conflicts(v, err);
	if (!rc)
		rc = build_blocks(h, v, err);
	if (!rc)
		rc = hugetlb_plan_check(h, err);
	if (!rc)
		rc = map_blocks(h, err);
	if (!rc)
		rc = vnuma__host_regions(h, v, l ? l : v->layout, err);
	t0 = vnuma__host_now_ns();
	if (!rc && !(opts && (opts->flags & VNUMA_HOST_NO_PREALLOC)))
		rc = populate(h, opts, err);
	h->timing.populate_ns = vnuma__host_now_ns() - t0;
	if (rc) {
		/* Whatever failed, the files vnuma made go (and their huge
		 * pages with them once unmapped). */
		for (size_t i = 0; i < h->n_blocks; i++)
			vnuma__host_remove_created(&h->blocks[i]);
		vnuma_host_free(h);
		return rc;
	}
	for (size_t i = 0; i < h->n_blocks; i++)
		vnuma__host_notify_added(h, i);
	*out = h;
	return VNUMA_OK;
}

void vnuma_host_free(vnuma_host *h)
{
	if (!h)
		return;
	vnuma__host_notify_removed_all(h);
	for (size_t i = 0; i < h->n_blocks; i++) {
		struct vnuma__host_block *b = &h->blocks[i];

		vnuma__host_unmap(b);
		free(b->id);
		free(b->name);
		free(b->mem_path);
		free(b->cpus);
		free(b->allowed);
		free(b->touched);
		free(b->ran);
	}
	vnuma__host_placement_fini(h);
	free(h->blocks);
	free(h->regions);
	free(h->notifiers);
	free(h);
}

size_t vnuma_host_region_count(const vnuma_host *h)
{
	return h ? h->n_regions : 0;
}

int vnuma_host_region(vnuma_host_region_info *out, const vnuma_host *h,
		      size_t i)
{
	const struct vnuma__host_region *r;
	const struct vnuma__host_block *b;
	vnuma_host_region_info full, *o = &full;

	if (!h || !out)
		return VNUMA_E_INVAL;
	if (i >= h->n_regions)
		return VNUMA_E_RANGE;
	r = &h->regions[i];
	b = &h->blocks[r->block];
	VNUMA__INFO_START(full);
	o->guest_addr = r->gpa;
	o->size = r->size;
	o->host_addr = (char *)b->host + r->offset;
	o->fd = b->fd;
	o->fd_offset = b->fd >= 0 ? r->offset : 0;
	o->page_size = b->page_size;
	o->node = r->node;
	o->backend = b->id;
	o->block = r->block;
	o->hotpluggable = r->hotpluggable;
	o->measured = r->measured;
	o->placement = r->placed;
	o->n_placement = r->n_placed;
	o->absent_bytes = r->absent;
	o->huge_bytes = r->huge;
	return VNUMA__FILL(out, o, vnuma_host_region_info, huge_bytes);
}

size_t vnuma_host_block_count(const vnuma_host *h)
{
	return h ? h->n_blocks : 0;
}

int vnuma_host_block(vnuma_host_block_info *out, const vnuma_host *h, size_t i)
{
	const struct vnuma__host_block *b;
	vnuma_host_block_info full, *o = &full;

	if (!h || !out)
		return VNUMA_E_INVAL;
	if (i >= h->n_blocks)
		return VNUMA_E_RANGE;
	b = &h->blocks[i];
	VNUMA__INFO_START(full);
	o->backend = b->id;
	o->host_addr = b->host;
	o->size = b->size;
	o->mapped = b->mapped;
	o->page_size = b->page_size;
	o->fd = b->fd;
	o->shared = b->share;
	o->hugetlb = b->hugetlb;
	o->prealloc = b->prealloc;
	o->policy = vnuma__view_policy_name(b->policy);
	o->prealloc_cpus = b->allowed;
	o->n_prealloc_cpus = b->n_allowed;
	o->touch_cpus = b->touched;
	o->n_touch_cpus = b->n_touched;
	o->node_local = b->node_local;
	return VNUMA__FILL(out, o, vnuma_host_block_info, policy);
}

int vnuma_host_timing_get(vnuma_host_timing *out, const vnuma_host *h)
{
	vnuma_host_timing full;

	if (!h || !out)
		return VNUMA_E_INVAL;
	VNUMA__INFO_START(full);
	full.map_ns = h->timing.map_ns;
	full.bind_ns = h->timing.bind_ns;
	full.populate_ns = h->timing.populate_ns;
	full.measure_ns = h->timing.measure_ns;
	return VNUMA__FILL(out, &full, vnuma_host_timing, measure_ns);
}
