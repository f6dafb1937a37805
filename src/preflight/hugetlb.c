/* SPDX-License-Identifier: MIT */
/*
 * Huge pages. Realizing checks the pools before it maps (src/host
 * hugetlb.c), in two rounds: the backends whose page size is known before
 * mapping (memfd hugetlb=on, a new file on hugetlbfs) with prealloc=on or
 * reserve=on, then, before populating, the other hugetlb backends with
 * prealloc=on. Each round sums the pages per (page size, node): a backend
 * bound (policy=bind) to one node needs them on that node, any other from
 * the host's pool, which must also hold the node-bound ones. Those sums
 * are repeated here with the same ids (host.hugetlb-pool: no pool of that
 * size; host.hugetlb-free: too few free).
 *
 * What the kernel then does is checked too: a mapping reserves its pages
 * (reserve=on) only from the nodes this process may use (its cpuset's),
 * else mmap fails (host.fd-map); faults of a backend bound to several nodes take pages of
 * those nodes only, and faults charged beyond the hugetlb cgroup's
 * hugetlb.<size>.max fail (cgroup.c): with prealloc=on populating then fails
 * (host.prealloc, or host.prealloc-sigbus where pages are touched); without, the guest meets it later (a warning).
 * preferred and interleave fall back to any allowed node.
 */
#include "preflight_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#include "../host/host_internal.h"
#include "../util.h"

/* The page size of the hugetlbfs a file is on, 0 for another fs. */
static uint64_t file_huge_page(const char *path)
{
	struct statfs fs;

	if (statfs(path, &fs) || (unsigned long)fs.f_type != HUGETLBFS_MAGIC)
		return 0;
	return (uint64_t)fs.f_bsize;
}

static void need_of(struct vnuma__preflight_need *n,
		    const struct vnuma__view_backend *be)
{
	struct vnuma__host_block b;
	uint64_t ps;

	memset(&b, 0, sizeof(b));
	memset(n, 0, sizeof(*n));
	b.kind = be->kind;
	b.memfd_hugetlb = be->hugetlb;
	b.hugetlbsize = be->hugetlbsize;
	b.mem_path = (char *)be->mem_path;
	b.readonly = be->readonly;
	n->be = be;
	n->node = be->policy == VNUMA__POLICY_BIND && be->n_host_nodes == 1 ?
			  (int64_t)be->host_nodes[0] :
			  -1;
	ps = vnuma__host_planned_huge_page(&b);
	if (ps) {
		n->round = be->prealloc || be->reserve ? 1 : 0;
	} else if (be->kind == VNUMA__BACKEND_FILE && be->mem_path) {
		ps = file_huge_page(be->mem_path);
		n->round = be->prealloc ? 2 : 0;
	}
	n->ps = ps;
	n->pages = ps ? (be->size + ps - 1) / ps : 0;
}

/* The host-wide pool of that page size, NULL when the host shows none. */
static const struct vnuma__hi_pool *pool_of(
	const struct vnuma__preflight_ctx *c, uint64_t ps)
{
	for (size_t k = 0; k < c->h->npools; k++)
		if (c->h->pools[k].size == ps)
			return &c->h->pools[k];
	return NULL;
}

/* Pages the kernel may still add to the pool (nr_overcommit - surplus). */
static uint64_t overcommit(const struct vnuma__preflight_ctx *c, uint64_t ps)
{
	const struct vnuma__hi_pool *p = pool_of(c, ps);

	return p && p->over > p->surplus ? p->over - p->surplus : 0;
}

/*
 * The id a failed fault gets while populating: MADV_POPULATE_WRITE
 * (Linux 5.14) returns EFAULT ("host.prealloc"); without it the pages are
 * touched and the fault is a SIGBUS ("host.prealloc-sigbus"). Realizing
 * also falls back to touching where the kernel refuses the madvise, and
 * with a recorded tree the running kernel is not the tree's: the
 * promise (tests/host/promise.py) takes either id for this one cause.
 */
const char *vnuma__preflight_fault_check(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return "host.prealloc";
	return major > 5 || (major == 5 && minor >= 14) ?
		       "host.prealloc" :
		       "host.prealloc-sigbus";
}

/* Pages of the pool that mappings already made have reserved. */
static uint64_t reserved(const struct vnuma__preflight_ctx *c, uint64_t ps)
{
	const struct vnuma__hi_pool *p = pool_of(c, ps);

	return p ? p->resv : 0;
}

/*
 * Whether check was already given for backend and page size ps on one
 * host node: the host-wide sum that repeats it names the same backend
 * and check, so realizing's failure is the one already promised.
 */
static bool said_on_node(const struct vnuma__preflight_ctx *c,
			 const char *check, const char *backend, uint64_t ps)
{
	char size[48];

	snprintf(size, sizeof(size), " huge pages of %" PRIu64 " kB on host ",
		 ps >> 10);
	for (size_t i = 0; i < c->p->n; i++) {
		const struct vnuma__preflight_reason *r = &c->p->r[i];

		if (r->node >= 0 && r->backend && !strcmp(r->check, check) &&
		    !strcmp(r->backend, backend) && strstr(r->needed, size))
			return true;
	}
	return false;
}

/* One (page size, node) sum of a round, as realizing makes it. */
static int round_sum(struct vnuma__preflight_ctx *c,
		     struct vnuma__preflight_need *nd, size_t n, int round,
		     size_t first, int64_t node)
{
	const struct vnuma__preflight_need *f = &nd[first];
	const struct vnuma__view_backend *be = f->be;
	uint64_t pages = 0, avail;
	size_t count = 0;
	bool pool, all = node < 0;
	char need[96], there[96], where[48];

	for (size_t i = 0; i < n; i++) {
		if (nd[i].round != round || !nd[i].pages || nd[i].ps != f->ps)
			continue;
		if (nd[i].node == node || (all && nd[i].node >= 0)) {
			pages += nd[i].pages;
			/* Realizing names the first backend of the sum. */
			if (!count++)
				be = nd[i].be;
		}
	}
	avail = vnuma__preflight_huge_free(c, f->ps, node, &pool);
	/*
	 * Host-wide, what mappings already made reserved is not free:
	 * realizing compares so before it maps (round 1).
	 */
	if (node < 0 && round == 1) {
		uint64_t resv = reserved(c, f->ps);

		avail = avail > resv ? avail - resv : 0;
	}
	if (pool)
		avail += overcommit(c, f->ps);
	if (pool && avail >= pages)
		return 0;
	for (size_t i = 0; i < n; i++)
		nd[i].pool_short |= nd[i].ps == f->ps;
	if (node < 0)
		snprintf(where, sizeof(where), "on the host");
	else
		snprintf(where, sizeof(where), "on host node %" PRId64, node);
	snprintf(need, sizeof(need),
		 "%" PRIu64 " huge pages of %" PRIu64 " kB %s", pages,
		 f->ps >> 10, where);
	if (node < 0 &&
	    said_on_node(c, pool ? "host.hugetlb-free" : "host.hugetlb-pool",
			 be->id, f->ps))
		return 0;
	if (!pool)
		return vnuma__preflight_add(
			c, "host.hugetlb-pool", VNUMA_PREFLIGHT_ERROR, be->id,
			node, need, "no such pool",
			"memory backend '%s'%s need%s %s, but the "
			"host has no pool of that size there",
			be->id, count > 1 ? " and others" : "",
			count > 1 ? "" : "s", need);
	snprintf(there, sizeof(there), "%" PRIu64 " free", avail);
	return vnuma__preflight_add(c, "host.hugetlb-free",
				    VNUMA_PREFLIGHT_ERROR, be->id, node, need,
				    there,
				    "memory backend '%s'%s need%s %s, but only "
				    "%" PRIu64 " are free",
				    be->id, count > 1 ? " and others" : "",
				    count > 1 ? "" : "s", need, avail);
}

/*
 * Each (page size, node) of a round once, at its first backend; and the
 * host's pool for each page size, which realizing compares even when
 * every backend of that size is bound to one node.
 */
static int check_round(struct vnuma__preflight_ctx *c,
		       struct vnuma__preflight_need *nd, size_t n, int round)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		bool seen = false, wide = false;

		if (nd[i].round != round || !nd[i].pages)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = nd[k].round == round && nd[k].pages &&
			       nd[k].ps == nd[i].ps &&
			       nd[k].node == nd[i].node;
		if (!seen)
			rc = round_sum(c, nd, n, round, i, nd[i].node);
		if (rc || nd[i].node < 0)
			continue;
		/* The first node-bound need of its size, with no unbound. */
		for (size_t k = 0; k < n && !wide; k++)
			wide = nd[k].round == round && nd[k].pages &&
			       nd[k].ps == nd[i].ps &&
			       (nd[k].node < 0 || k < i);
		if (!wide)
			rc = round_sum(c, nd, n, round, i, -1);
	}
	return rc;
}

/* Free pages of the bound nodes the kernel may use. */
static uint64_t bound_free(const struct vnuma__preflight_ctx *c,
			   const struct vnuma__view_backend *be, uint64_t ps)
{
	uint64_t sum = 0;
	bool pool;

	for (size_t i = 0; i < be->n_host_nodes; i++) {
		const char *why, *check;

		if (vnuma__preflight_node_usable(c, be->host_nodes[i], &why,
						 &check))
			sum += vnuma__preflight_huge_free(c, ps,
							  (int64_t)be
								  ->host_nodes
									  [i],
							  &pool);
	}
	return sum;
}

/*
 * What the guest's faults of a backend not preallocated will take: the
 * policy's nodes. Short is a warning: realizing succeeds.
 */
static int check_faults(struct vnuma__preflight_ctx *c,
			const struct vnuma__preflight_need *n)
{
	const struct vnuma__view_backend *be = n->be;
	uint64_t avail;
	bool pool, bind = be->policy == VNUMA__POLICY_BIND;
	char need[96], there[64];

	avail = bind ? bound_free(c, be, n->ps) :
		       vnuma__preflight_huge_free(c, n->ps, -2, &pool);
	avail += overcommit(c, n->ps);
	if (avail >= n->pages)
		return 0;
	snprintf(need, sizeof(need),
		 "%" PRIu64 " huge pages of %" PRIu64 " kB %s", n->pages,
		 n->ps >> 10,
		 bind ? "on its bound nodes" : "on the allowed nodes");
	snprintf(there, sizeof(there), "%" PRIu64 " free", avail);
	return vnuma__preflight_add(
		c, "host.hugetlb-short", VNUMA_PREFLIGHT_WARNING, be->id,
		n->node, need, there,
		"memory backend '%s' needs %s, but only %" PRIu64
		" are free there: the guest will fault (SIGBUS) "
		"when it touches the rest",
		be->id, need, avail);
}

/*
 * Whether a fault of n's backend may take a page of host node id: a node
 * of its policy (bind) or any (other policies: Linux 6.1 lets them fall
 * back to every node of the cpuset), usable, and with free pages of its
 * size. The last is what realizing (src/host/order.c) orders its passes
 * by, so that the sets compared here are the ones it populates in turn.
 */
static bool may_fault_on(const struct vnuma__preflight_ctx *c,
			 const struct vnuma__preflight_need *n, uint64_t id)
{
	const char *why, *check;
	bool in = n->be->policy != VNUMA__POLICY_BIND, pool;

	for (size_t i = 0; !in && i < n->be->n_host_nodes; i++)
		in = n->be->host_nodes[i] == id;
	return in && vnuma__preflight_node_usable(c, id, &why, &check) &&
	       vnuma__preflight_huge_free(c, n->ps, (int64_t)id, &pool) > 0;
}

/* Whether every node n may fault on, m may too (and n may use one). */
static bool within(const struct vnuma__preflight_ctx *c,
		   const struct vnuma__preflight_need *n,
		   const struct vnuma__preflight_need *m, bool *any)
{
	*any = false;
	for (size_t i = 0; i < c->h->nnodes; i++) {
		uint64_t id = c->h->nodes[i].id;

		if (!may_fault_on(c, n, id))
			continue;
		*any = true;
		if (!may_fault_on(c, m, id))
			return false;
	}
	return true;
}

/* Whether the backend's policy leaves it a usable node (else mbind fails). */
static bool policy_usable(const struct vnuma__preflight_ctx *c,
			  const struct vnuma__view_backend *be)
{
	const char *why, *check;
	bool ok = false;

	for (size_t i = 0; i < c->h->nnodes && !ok; i++) {
		uint64_t id = c->h->nodes[i].id;
		bool in = be->policy != VNUMA__POLICY_BIND;

		for (size_t k = 0; !in && k < be->n_host_nodes; k++)
			in = be->host_nodes[k] == id;
		ok = in && vnuma__preflight_node_usable(c, id, &why, &check);
	}
	return ok;
}

/*
 * The preallocated backends are populated in passes (src/host/order.c),
 * those confined to fewer nodes first: the pages of all those whose
 * faults may only go where nd[k]'s may go must fit in the free pages
 * there (and what overcommit may add). Short, each of those whose faults
 * may go exactly there may be the one that fails. Skipped for a page size a round
 * found short (realizing stops there) and for a backend that may fault
 * on no node (its mbind fails: nodes.c).
 */
static int check_populate(struct vnuma__preflight_ctx *c,
			  struct vnuma__preflight_need *nd, size_t n, size_t k)
{
	uint64_t pages = 0, avail = 0;
	bool any, pool;
	char need[96], there[64];
	int rc = 0;

	if (!policy_usable(c, nd[k].be) || nd[k].pool_short)
		return 0;
	/*
	 * A backend with no node to fault on is populated in the first pass
	 * and fails there, alone (any false): it is no part of the others'
	 * sums.
	 */
	for (size_t j = 0; j < n; j++)
		if (nd[j].be->prealloc && nd[j].pages &&
		    nd[j].ps == nd[k].ps && within(c, &nd[j], &nd[k], &any) &&
		    (any || j == k))
			pages += nd[j].pages;
	for (size_t i = 0; i < c->h->nnodes; i++)
		if (may_fault_on(c, &nd[k], c->h->nodes[i].id))
			avail += vnuma__preflight_huge_free(c, nd[k].ps,
							    c->h->nodes[i].id,
							    &pool);
	avail += overcommit(c, nd[k].ps);
	if (pages <= avail)
		return 0;
	snprintf(need, sizeof(need),
		 "%" PRIu64 " huge pages of %" PRIu64 " kB populated together",
		 pages, nd[k].ps >> 10);
	snprintf(there, sizeof(there), "%" PRIu64 " free", avail);
	for (size_t j = 0; !rc && j < n; j++) {
		bool wider;

		if (!nd[j].be->prealloc || !nd[j].pages ||
		    nd[j].ps != nd[k].ps || !within(c, &nd[j], &nd[k], &any) ||
		    (!any && j != k))
			continue;
		/*
		 * One confined to fewer nodes was populated in an earlier
		 * pass, and its own set had its pages (else it is reported
		 * there): the fault that fails is of those of this set.
		 */
		if (!within(c, &nd[k], &nd[j], &wider))
			continue;
		/* Each backend once, at the first group short. */
		if (nd[j].reported)
			continue;
		nd[j].reported = true;
		rc = vnuma__preflight_add(
			c, vnuma__preflight_fault_check(),
			VNUMA_PREFLIGHT_ERROR, nd[j].be->id, nd[j].node, need,
			there,
			"memory backend '%s' is populated with others "
			"that need %s on the nodes its policy "
			"allows (%s), which have only %" PRIu64
			" free: a fault fails",
			nd[j].be->id, need,
			nd[j].be->policy == VNUMA__POLICY_BIND ?
				"its bound nodes" :
				"this process's nodes",
			avail);
	}
	return rc;
}

/*
 * Two preallocated backends bound to sets of nodes that share a node
 * without one holding the other: which of them gets the shared node's
 * pages depends on the nodes their threads fault from and on timing, so
 * check_populate()'s sums, still necessary, no longer decide. Said as a
 * warning on each of the two (tests/host/promise.py exempts a
 * host.prealloc failure of a backend so named when the check said it
 * fits).
 */
static int check_overlap(struct vnuma__preflight_ctx *c,
			 const struct vnuma__preflight_need *nd, size_t n,
			 size_t k)
{
	const struct vnuma__view_backend *be = nd[k].be;
	bool any, a, b;
	int rc = 0;

	if (be->policy != VNUMA__POLICY_BIND || !nd[k].pages)
		return 0;
	for (size_t j = 0; !rc && j < n; j++) {
		bool shared = false;
		char need[96];

		if (j == k || !nd[j].be->prealloc || !nd[j].pages ||
		    nd[j].ps != nd[k].ps ||
		    nd[j].be->policy != VNUMA__POLICY_BIND)
			continue;
		a = within(c, &nd[j], &nd[k], &any);
		b = within(c, &nd[k], &nd[j], &any);
		for (size_t i = 0; i < c->h->nnodes && !shared; i++)
			shared = may_fault_on(c, &nd[j], c->h->nodes[i].id) &&
				 may_fault_on(c, &nd[k], c->h->nodes[i].id);
		if (a || b || !shared)
			continue;
		snprintf(need, sizeof(need), "huge pages of %" PRIu64 " kB",
			 nd[k].ps >> 10);
		rc = vnuma__preflight_add(
			c, "host.hugetlb-order", VNUMA_PREFLIGHT_WARNING,
			be->id, -1, need, "nodes shared with another backend",
			"memory backend '%s' and memory backend '%s' "
			"are bound to nodes that overlap, neither "
			"holding the other: which gets the shared "
			"nodes' %s depends on where and when their "
			"faults run, and populating may fail",
			be->id, nd[j].be->id, need);
		break;
	}
	return rc;
}

/* A reserving mapping takes its pages from cpuset.mems's nodes only. */
static int check_reserve(struct vnuma__preflight_ctx *c,
			 const struct vnuma__preflight_need *n)
{
	uint64_t avail, all;
	bool pool;
	char need[96], there[64];

	if (!n->be->reserve || n->round != 1 || !c->mems)
		return 0;
	avail = vnuma__preflight_huge_free(c, n->ps, -2, &pool);
	all = vnuma__preflight_huge_free(c, n->ps, -1, &pool);
	/* Short on the whole host: round 1 said so already. */
	if (avail >= n->pages || all < n->pages)
		return 0;
	snprintf(need, sizeof(need),
		 "%" PRIu64 " huge pages of %" PRIu64 " kB reserved", n->pages,
		 n->ps >> 10);
	snprintf(there, sizeof(there), "%" PRIu64 " free on nodes %s", avail,
		 c->mems);
	return vnuma__preflight_add(
		c, "host.fd-map", VNUMA_PREFLIGHT_ERROR, n->be->id, -1, need,
		there,
		"memory backend '%s' reserves %s when mapped, but "
		"the nodes this process may use (%s) have only "
		"%" PRIu64 " free: mmap fails",
		n->be->id, need, c->mems, avail);
}

int vnuma__preflight_hugetlb(struct vnuma__preflight_ctx *c)
{
	size_t n = c->v->n_backends;
	struct vnuma__preflight_need *nd = calloc(n ? n : 1, sizeof(*nd));
	int rc = 0;

	if (!nd)
		return VNUMA_E_NOMEM;
	for (size_t i = 0; i < n; i++)
		need_of(&nd[i], &c->v->backends[i]);
	rc = check_round(c, nd, n, 1);
	if (!rc)
		rc = check_round(c, nd, n, 2);
	for (size_t i = 0; !rc && i < n; i++) {
		if (!nd[i].pages)
			continue;
		rc = check_reserve(c, &nd[i]);
		if (!rc && nd[i].be->prealloc && !nd[i].pool_short)
			rc = check_overlap(c, nd, n, i);
		if (!rc && nd[i].be->prealloc)
			rc = check_populate(c, nd, n, i);
		/*
		 * Without prealloc the guest's faults meet it later: the
		 * rounds compared one bound node and the host's pool; left
		 * are several bound nodes, and backends no round looks at.
		 */
		else if (!rc && (!nd[i].round ||
				 (nd[i].node < 0 &&
				  nd[i].be->policy == VNUMA__POLICY_BIND)))
			rc = check_faults(c, &nd[i]);
	}
	if (!rc)
		rc = vnuma__preflight_cgroup_hugetlb(c, nd, n);
	free(nd);
	return rc;
}
