/* SPDX-License-Identifier: MIT */
/* the host nodes this process may plan on, and what each can hold */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../error_internal.h"
#include "../util.h"
#include "plan_internal.h"
#include "vnuma/topology.h"

/* hostinfo checked the lists' form; a bad one here reads as empty. */
bool vnuma__plan_list_parse(struct vnuma__plan_list *l, const char *s)
{
	size_t cap = 0;

	memset(l, 0, sizeof(*l));
	if (!s) {
		l->all = true;
		return true;
	}
	while (*s && *s != '\n') {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		if (end == s)
			break;
		s = end;
		if (*s == '-') {
			hi = strtoul(s + 1, &end, 10);
			s = end;
		}
		lo = lo > UINT32_MAX ? UINT32_MAX : lo;
		hi = hi > UINT32_MAX ? UINT32_MAX : hi;
		if (vnuma__grow(&l->r, &cap, l->n + 1, sizeof(*l->r)))
			return false;
		l->r[l->n][0] = (unsigned int)lo;
		l->r[l->n][1] = (unsigned int)hi;
		l->n++;
		if (*s == ',')
			s++;
	}
	return true;
}

bool vnuma__plan_list_has(const struct vnuma__plan_list *l, unsigned int v)
{
	if (l->all)
		return true;
	for (size_t i = 0; i < l->n; i++)
		if (v >= l->r[i][0] && v <= l->r[i][1])
			return true;
	return false;
}

void vnuma__plan_list_fini(struct vnuma__plan_list *l)
{
	free(l->r);
	l->r = NULL;
	l->n = 0;
}

void vnuma__plan_ctx_fini(struct vnuma__plan_ctx *c)
{
	for (size_t i = 0; i < c->nhosts; i++) {
		free(c->hosts[i].cpus);
		vnuma__plan_list_fini(&c->hosts[i].initiators);
	}
	free(c->hosts);
	free(c->order);
	c->hosts = NULL;
	c->order = NULL;
	c->nhosts = 0;
}

/* The node's CPUs that cpuset.cpus.effective and the affinity allow. */
static int usable_cpus(struct vnuma__plan_host *ph, const char *cpus,
		       const struct vnuma__plan_list *eff,
		       const struct vnuma__plan_list *aff)
{
	struct vnuma__plan_list l;
	size_t cap = 0;
	int r = 0;

	if (!vnuma__plan_list_parse(&l, cpus))
		return VNUMA_E_NOMEM;
	ph->cpuless = !cpus || l.n == 0;
	for (size_t i = 0; !l.all && i < l.n && !r; i++)
		for (unsigned int c = l.r[i][0];
		     c <= l.r[i][1] && c <= VNUMA__PLAN_MAX_CPU_ID; c++) {
			if (!vnuma__plan_list_has(eff, c) ||
			    !vnuma__plan_list_has(aff, c))
				continue;
			if (vnuma__grow(&ph->cpus, &cap, ph->ncpus + 1,
					sizeof(*ph->cpus))) {
				r = VNUMA_E_NOMEM;
				break;
			}
			ph->cpus[ph->ncpus++] = c;
		}
	vnuma__plan_list_fini(&l);
	return r;
}

/* Granules the node can hold: its free memory, or its free huge pages. */
static uint64_t capacity(const vnuma_hostinfo *h, size_t i,
			 const vnuma_hostinfo_node *n, uint64_t huge,
			 uint64_t granule)
{
	vnuma_hostinfo_node own = VNUMA_INFO_INIT(vnuma_hostinfo_node);

	if (!n) {
		if (vnuma_hostinfo_node_get(&own, h, i))
			return 0;
		n = &own;
	}
	if (!huge)
		return n->has_meminfo ? n->mem_free / granule : 0;
	for (size_t k = 0; k < n->hugepage_size_count; k++) {
		vnuma_hostinfo_hugepages hp = VNUMA_INFO_INIT(
			vnuma_hostinfo_hugepages);

		if (vnuma_hostinfo_node_hugepages(&hp, h, i, k))
			continue;
		if (hp.page_size == huge)
			return hp.free;
	}
	return 0;
}

/* Online nodes in order: the columns of every distance row. */
static size_t online_index(const vnuma_hostinfo *h, size_t upto)
{
	size_t n = 0;

	for (size_t i = 0; i < upto; i++) {
		vnuma_hostinfo_node nd = VNUMA_INFO_INIT(vnuma_hostinfo_node);

		if (!vnuma_hostinfo_node_get(&nd, h, i) && nd.online)
			n++;
	}
	return n;
}

/* slots: the allocated length of c->hosts (ph->cap is granules). */
static int add_host(struct vnuma__plan_ctx *c, size_t *slots,
		    const vnuma_hostinfo *h, size_t i,
		    const vnuma_hostinfo_node *n,
		    const struct vnuma__plan_list *eff,
		    const struct vnuma__plan_list *aff)
{
	struct vnuma__plan_host *ph;
	uint64_t granules = capacity(h, i, n, c->req->hugepage_size,
				     c->granule);

	if (!granules)
		return 0;
	if (granules > VNUMA__PLAN_MAX_GRANULES)
		granules = VNUMA__PLAN_MAX_GRANULES;
	if (vnuma__grow(&c->hosts, slots, c->nhosts + 1, sizeof(*c->hosts)))
		return VNUMA_E_NOMEM;
	ph = &c->hosts[c->nhosts];
	memset(ph, 0, sizeof(*ph));
	c->nhosts++;
	ph->id = n->id;
	ph->cap = granules;
	ph->dist = n->distances;
	ph->ndist = n->distance_count;
	ph->online_index = online_index(h, i);
	if (n->access0_initiators &&
	    !vnuma__plan_list_parse(&ph->initiators, n->access0_initiators))
		return VNUMA_E_NOMEM;
	ph->lb[0] = n->access0_read_latency;
	ph->lb[1] = n->access0_write_latency;
	ph->lb[2] = n->access0_read_bandwidth;
	ph->lb[3] = n->access0_write_bandwidth;
	return usable_cpus(ph, n->cpus, eff, aff);
}

/*
 * The host's pool as a whole: what mappings made before have reserved is
 * not free to this guest, and the kernel may add up to overcommit less
 * surplus pages. Realizing compares the guest's pages with that before
 * it maps, so the nodes' capacities are cut, the least preferred first,
 * until their sum fits.
 */
static void host_wide(struct vnuma__plan_ctx *c, const vnuma_hostinfo *h)
{
	vnuma_hostinfo_limits lim = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	uint64_t huge = c->req->hugepage_size, free_ = 0, resv = 0, more = 0;
	uint64_t room, sum = 0;

	vnuma_hostinfo_limits_get(&lim, h);
	for (size_t i = 0; i < vnuma_hostinfo_node_count(h); i++)
		free_ += capacity(h, i, NULL, huge, c->granule);
	for (size_t k = 0; k < lim.pool_count; k++) {
		vnuma_hostinfo_pool p = VNUMA_INFO_INIT(vnuma_hostinfo_pool);

		if (vnuma_hostinfo_pool_get(&p, h, k) || p.page_size != huge)
			continue;
		resv = p.reserved;
		more = p.overcommit > p.surplus ? p.overcommit - p.surplus : 0;
	}
	room = free_ > resv ? free_ - resv : 0;
	room = room + more < room ? UINT64_MAX : room + more;
	for (size_t i = 0; i < c->nhosts; i++)
		sum += c->hosts[i].cap;
	for (size_t i = c->nhosts; i-- > 0 && sum > room;) {
		uint64_t cut = sum - room < c->hosts[i].cap ? sum - room :
							      c->hosts[i].cap;

		c->hosts[i].cap -= cut;
		sum -= cut;
	}
}

int vnuma__plan_hosts(struct vnuma__plan_ctx *c, const vnuma_hostinfo *h,
		      vnuma_error **err)
{
	vnuma_hostinfo_limits lim = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	struct vnuma__plan_list mems, eff, aff;
	size_t slots = 0;
	int r = 0;

	vnuma_hostinfo_limits_get(&lim, h);
	memset(&eff, 0, sizeof(eff));
	memset(&aff, 0, sizeof(aff));
	/*
	 * Mems_allowed_list is what mbind and a huge page reservation
	 * consult; cpuset.mems.effective only where the cpuset controller
	 * is enabled down to the process's cgroup.
	 */
	if (!vnuma__plan_list_parse(&mems, lim.mems_allowed ?
						   lim.mems_allowed :
						   lim.mems_effective) ||
	    !vnuma__plan_list_parse(&eff, lim.cpus_effective) ||
	    !vnuma__plan_list_parse(&aff, lim.affinity)) {
		r = vnuma__error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < vnuma_hostinfo_node_count(h) && !r; i++) {
		vnuma_hostinfo_node n = VNUMA_INFO_INIT(vnuma_hostinfo_node);

		if (vnuma_hostinfo_node_get(&n, h, i) || !n.online ||
		    !vnuma__plan_list_has(&mems, n.id))
			continue;
		r = add_host(c, &slots, h, i, &n, &eff, &aff);
	}
	if (!r && c->req->hugepage_size)
		host_wide(c, h);
	if (r)
		r = vnuma__error_nomem(err);
out:
	vnuma__plan_list_fini(&mems);
	vnuma__plan_list_fini(&eff);
	vnuma__plan_list_fini(&aff);
	return r;
}

int vnuma__plan_limits(const struct vnuma__plan_ctx *c,
		       const vnuma_hostinfo *h, vnuma_error **err)
{
	vnuma_hostinfo_limits lim = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	uint64_t want = c->req->memory, huge = c->req->hugepage_size;
	char a[32], b[32];

	vnuma_hostinfo_limits_get(&lim, h);
	vnuma__plan_size_text(a, sizeof(a), want);
	/* Huge pages are charged to hugetlb.<size>, not to memory.max. */
	if (!huge && lim.memory_room < want) {
		vnuma__plan_size_text(b, sizeof(b), lim.memory_room);
		return vnuma__error_set(err, VNUMA_E_HOST,
					"plan.cgroup-memory", NULL,
					"the guest's %s exceed the %s memory "
					"cgroup %s still allows",
					a, b, lim.memory_room_cgroup);
	}
	for (size_t k = 0; huge && k < lim.hugetlb_count; k++) {
		vnuma_hostinfo_hugetlb l = VNUMA_INFO_INIT(
			vnuma_hostinfo_hugetlb);
		uint64_t room;

		/* The tightest of the cgroup and its ancestors. */
		if (vnuma_hostinfo_hugetlb_limit(&l, h, k) ||
		    l.page_size != huge || l.room == UINT64_MAX)
			continue;
		room = l.room;
		if (room < want) {
			vnuma__plan_size_text(b, sizeof(b), room);
			return vnuma__error_set(
				err, VNUMA_E_HOST, "plan.cgroup-hugetlb", NULL,
				"the guest's %s exceed the %s the cgroup's "
				"hugetlb limit leaves of its huge pages",
				a, b);
		}
	}
	return 0;
}
