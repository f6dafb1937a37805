/* SPDX-License-Identifier: MIT */
/*
 * Which host nodes serve, and how the vCPUs and the memory spread over
 * them: in proportion to what each has (usable CPUs, free granules),
 * never beyond it, whole vCPUs and whole granules by largest remainder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../error_internal.h"
#include "../util.h"
#include "plan_internal.h"

__extension__ typedef unsigned __int128 u128;

/*
 * Shares total among n in proportion to w, out[i] <= cap[i]; the caller
 * makes sure that total <= sum(cap) and that w[i] <= cap[i] scale alike.
 */
static void proportion(uint64_t *out, const uint64_t *w, const uint64_t *cap,
		       size_t n, uint64_t total, u128 *rem)
{
	u128 sumw = 0;
	uint64_t given = 0;

	for (size_t i = 0; i < n; i++)
		sumw += w[i];
	for (size_t i = 0; i < n; i++) {
		u128 x = sumw ? (u128)total * w[i] : 0;

		out[i] = sumw ? (uint64_t)(x / sumw) : 0;
		rem[i] = sumw ? x % sumw : 0;
		if (out[i] > cap[i])
			out[i] = cap[i];
		given += out[i];
	}
	while (given < total) {
		size_t best = n;

		for (size_t i = 0; i < n; i++) {
			if (out[i] >= cap[i])
				continue;
			if (best == n || rem[i] > rem[best])
				best = i;
		}
		if (best == n)
			break; /* the caller checked the caps: not reached */
		out[best]++;
		rem[best] = 0;
		given++;
	}
}

/* Most CPUs first, then most free: the order host nodes are taken in. */
static int prefer(const struct vnuma__plan_host *a,
		  const struct vnuma__plan_host *b)
{
	if (!a->ncpus != !b->ncpus)
		return a->ncpus ? -1 : 1;
	if (a->cap != b->cap)
		return a->cap > b->cap ? -1 : 1;
	if (a->ncpus != b->ncpus)
		return a->ncpus > b->ncpus ? -1 : 1;
	return a->id < b->id ? -1 : 1;
}

static void sort_order(struct vnuma__plan_ctx *c)
{
	for (size_t i = 0; i < c->nhosts; i++)
		c->order[i] = (unsigned int)i;
	for (size_t i = 1; i < c->nhosts; i++)
		for (size_t j = i;
		     j > 0 && prefer(&c->hosts[c->order[j]],
				     &c->hosts[c->order[j - 1]]) < 0;
		     j--) {
			unsigned int t = c->order[j];

			c->order[j] = c->order[j - 1];
			c->order[j - 1] = t;
		}
}

/* Whether the whole host can hold the guest at all. */
static int fits_at_all(const struct vnuma__plan_ctx *c, uint64_t want,
		       vnuma_error **err)
{
	uint64_t cpus = 0, cap = 0;
	char a[32], b[32];

	if (!c->nhosts)
		return vnuma__error_set(
			err, VNUMA_E_HOST, "plan.no-node", NULL,
			c->req->hugepage_size ?
				"no host node this process may use has free "
				"huge pages of the size asked" :
				"no host node this process may use has free "
				"memory");
	for (size_t i = 0; i < c->nhosts; i++) {
		cpus += c->hosts[i].ncpus;
		cap += c->hosts[i].cap;
	}
	if (cpus < c->req->vcpus)
		return vnuma__error_set(err, VNUMA_E_HOST, "plan.cpus", NULL,
					"%u vCPUs need as many host CPUs; this "
					"process may use %llu on nodes with "
					"memory it may use",
					c->req->vcpus,
					(unsigned long long)cpus);
	if (cap < want) {
		vnuma__plan_size_text(a, sizeof(a), want * c->granule);
		vnuma__plan_size_text(b, sizeof(b), cap * c->granule);
		return vnuma__error_set(
			err, VNUMA_E_HOST,
			c->req->hugepage_size ? "plan.hugepages" :
						"plan.memory",
			NULL,
			c->req->hugepage_size ?
				"%s of huge pages asked; the usable host "
				"nodes have %s free" :
				"%s of memory asked; the usable host nodes "
				"have %s free",
			a, b);
	}
	return 0;
}

/* The fewest host nodes, in preference order, that hold the guest. */
static size_t needed(const struct vnuma__plan_ctx *c, uint64_t want)
{
	uint64_t cpus = 0, cap = 0;
	size_t m = 0;

	while (m < c->nhosts && (cpus < c->req->vcpus || cap < want)) {
		cpus += c->hosts[c->order[m]].ncpus;
		cap += c->hosts[c->order[m]].cap;
		m++;
	}
	return m;
}

/* The guest nodes beyond one a host node go where most memory is per node. */
static void share_guests(struct vnuma__plan_ctx *c, unsigned int k)
{
	for (size_t i = 0; i < c->nused; i++)
		c->hosts[c->order[i]].guests = 1;
	for (size_t extra = c->nused; extra < k; extra++) {
		struct vnuma__plan_host *best = NULL;

		for (size_t i = 0; i < c->nused; i++) {
			struct vnuma__plan_host *h = &c->hosts[c->order[i]];

			if (!best || (u128)h->granules * best->guests >
					     (u128)best->granules * h->guests)
				best = h;
		}
		best->guests++;
	}
}

/* Every guest node needs a granule: the richest host lends them. */
static void min_granules(struct vnuma__plan_ctx *c)
{
	for (size_t i = 0; i < c->nused; i++) {
		struct vnuma__plan_host *h = &c->hosts[c->order[i]];

		while (h->granules < h->guests) {
			struct vnuma__plan_host *rich = NULL;

			for (size_t j = 0; j < c->nused; j++) {
				struct vnuma__plan_host *o =
					&c->hosts[c->order[j]];

				if (o->granules > o->guests &&
				    (!rich ||
				     o->granules - o->guests >
					     rich->granules - rich->guests))
					rich = o;
			}
			if (!rich)
				return; /* fewer granules than guest nodes:
					   refused before */
			rich->granules--;
			h->granules++;
		}
	}
}

static int spread_host(struct vnuma__plan_ctx *c, uint64_t want)
{
	size_t n = c->nused;
	uint64_t *w = calloc(n ? n : 1, 3 * sizeof(*w));
	u128 *rem = calloc(n ? n : 1, sizeof(*rem));
	int r = 0;

	if (!w || !rem) {
		r = VNUMA_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		w[i] = c->hosts[c->order[i]].ncpus;
	proportion(w + n, w, w, n, c->req->vcpus, rem);
	for (size_t i = 0; i < n; i++)
		c->hosts[c->order[i]].vcpus = (unsigned int)w[n + i];
	for (size_t i = 0; i < n; i++)
		w[i] = c->hosts[c->order[i]].cap;
	proportion(w + n, w, w, n, want, rem);
	for (size_t i = 0; i < n; i++)
		c->hosts[c->order[i]].granules = w[n + i];
out:
	free(w);
	free(rem);
	return r;
}

/* Guest nodes by host node id, each host's share split evenly. */
static int make_nodes(struct vnuma_plan *p, struct vnuma__plan_ctx *c)
{
	unsigned int vcpu = 0;
	size_t g = 0;

	p->nodes = calloc(p->nnodes, sizeof(*p->nodes));
	if (!p->nodes)
		return VNUMA_E_NOMEM;
	for (size_t hi = 0; hi < c->nhosts; hi++) {
		struct vnuma__plan_host *h = &c->hosts[hi];
		size_t cpu = 0;

		for (unsigned int j = 0; j < h->guests; j++, g++) {
			struct vnuma__plan_node *nd = &p->nodes[g];
			uint64_t gran = h->granules / h->guests +
					(j < h->granules % h->guests);

			nd->host = hi;
			nd->host_id = h->id;
			nd->vcpu_first = vcpu;
			nd->vcpu_count = h->vcpus / h->guests +
					 (j < h->vcpus % h->guests);
			nd->memory = gran * c->granule;
			nd->initiator = -1;
			snprintf(nd->backend, sizeof(nd->backend), "mem%zu",
				 g);
			vcpu += nd->vcpu_count;
			nd->pins = calloc(nd->vcpu_count ? nd->vcpu_count : 1,
					  sizeof(*nd->pins));
			if (!nd->pins)
				return VNUMA_E_NOMEM;
			for (unsigned int v = 0; v < nd->vcpu_count; v++)
				nd->pins[v] = h->cpus[cpu++];
		}
	}
	return 0;
}

static unsigned int gcd(unsigned int a, unsigned int b)
{
	while (b) {
		unsigned int t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * Sockets of equal size, each inside one guest node: as many cores as
 * every node's vCPU count allows. x86 gives a socket's cores a power of
 * two of APIC ids; where that would pass the last id without x2APIC,
 * sockets of one core each keep the ids dense.
 */
static void smp(struct vnuma_plan *p)
{
	unsigned int g = 0, bits = 0;

	for (size_t i = 0; i < p->nnodes; i++)
		g = gcd(g, p->nodes[i].vcpu_count);
	while ((1u << bits) < g)
		bits++;
	if ((((uint64_t)p->vcpus / g - 1) << bits | (g - 1)) >
	    VNUMA__PLAN_MAX_APIC_ID)
		g = 1;
	p->cores = g;
	p->threads = 1;
	p->sockets = p->vcpus / g;
}

int vnuma__plan_spread(struct vnuma_plan *p, struct vnuma__plan_ctx *c,
		       vnuma_error **err)
{
	uint64_t want = c->req->memory / c->granule;
	unsigned int k = c->req->nodes;
	size_t need;
	int r;

	if ((r = fits_at_all(c, want, err)))
		return r;
	c->order = calloc(c->nhosts, sizeof(*c->order));
	if (!c->order)
		return vnuma__error_nomem(err);
	sort_order(c);
	need = needed(c, want);
	if (k && k < need)
		return vnuma__error_set(err, VNUMA_E_HOST, "plan.nodes-few",
					NULL,
					"%u guest node%s cannot hold the guest: "
					"it needs %zu host nodes",
					k, k == 1 ? "" : "s", need);
	if (!k)
		k = (unsigned int)need;
	c->nused = k < c->nhosts ? k : c->nhosts;
	if ((r = spread_host(c, want)))
		return vnuma__error_nomem(err);
	share_guests(c, k);
	min_granules(c);
	p->nnodes = k;
	if (make_nodes(p, c))
		return vnuma__error_nomem(err);
	smp(p);
	return 0;
}
