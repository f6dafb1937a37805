/* SPDX-License-Identifier: MIT */
/*
 * The process's cgroups against what realizing charges them, as the host
 * model read their room (ancestors included): the hugetlb cgroup's
 * hugetlb.<size>.max for the huge pages populating or the guest takes,
 * and the memory cgroup as realizing compares it before populating
 * (src/host cgroup.c).
 */
#include "preflight_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * What the hugetlb cgroup and each ancestor still allow of one page
 * size, as the host model read it: the tightest hugetlb.<size>.max less
 * .current (UINT64_MAX: no limit), with that level's max and current.
 */
static uint64_t hugetlb_room(const struct vnuma__preflight_ctx *c, uint64_t ps,
			     uint64_t *max, uint64_t *cur)
{
	for (size_t k = 0; k < c->h->nhugetlb; k++) {
		const struct vnuma__hi_hugetlb *l = &c->h->hugetlb[k];

		if (l->size != ps || l->room == UINT64_MAX)
			continue;
		*max = l->room_max;
		*cur = l->room_cur;
		return l->room;
	}
	return UINT64_MAX;
}

/*
 * hugetlb.<size>.max less .current, of the process's cgroup and its
 * ancestors, against what populating charges.
 */
int vnuma__preflight_cgroup_hugetlb(struct vnuma__preflight_ctx *c,
				    const struct vnuma__preflight_need *nd,
				    size_t n)
{
	int rc = 0;

	for (size_t k = 0; !rc && k < n; k++) {
		uint64_t room, pre = 0, later = 0, max = 0, cur = 0;
		const struct vnuma__preflight_need *lfirst = NULL;
		char need[96], there[96];
		bool seen = false;

		for (size_t i = 0; i < k && !seen; i++)
			seen = nd[i].pages && nd[i].ps == nd[k].ps;
		if (seen || !nd[k].pages)
			continue;
		room = hugetlb_room(c, nd[k].ps, &max, &cur);
		if (room == UINT64_MAX)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (nd[i].ps != nd[k].ps || !nd[i].pages)
				continue;
			if (nd[i].be->prealloc) {
				pre += nd[i].pages * nd[i].ps;
			} else {
				later += nd[i].pages * nd[i].ps;
				lfirst = lfirst ? lfirst : &nd[i];
			}
		}
		snprintf(there, sizeof(there),
			 "%" PRIu64 " bytes (hugetlb.max %" PRIu64
			 ", in use %" PRIu64 ")",
			 room, max, cur);
		/*
		 * The backends are populated together: whichever faults
		 * first past the limit fails, so each of them is a reason.
		 */
		for (size_t i = 0; !rc && pre > room && i < n; i++) {
			if (nd[i].ps != nd[k].ps || !nd[i].pages ||
			    !nd[i].be->prealloc)
				continue;
			snprintf(need, sizeof(need),
				 "%" PRIu64 " bytes of %" PRIu64 " kB pages",
				 pre, nd[k].ps >> 10);
			rc = vnuma__preflight_add(
				c, vnuma__preflight_fault_check(),
				VNUMA_PREFLIGHT_ERROR, nd[i].be->id, -1, need,
				there,
				"memory backend '%s' (with the other "
				"preallocated ones) needs %s, but the "
				"hugetlb cgroup allows %s more: populating "
				"fails",
				nd[i].be->id, need, there);
		}
		if (!rc && pre <= room && pre + later > room) {
			snprintf(need, sizeof(need),
				 "%" PRIu64 " bytes of %" PRIu64 " kB pages",
				 pre + later, nd[k].ps >> 10);
			rc = vnuma__preflight_add(
				c, "host.cgroup-hugetlb",
				VNUMA_PREFLIGHT_WARNING, lfirst->be->id, -1,
				need, there,
				"memory backend '%s' needs %s once the guest "
				"touches it, but the hugetlb cgroup allows "
				"%s more: the guest will fault (SIGBUS)",
				lfirst->be->id, need, there);
		}
	}
	return rc;
}

int vnuma__preflight_cgroup_memory(struct vnuma__preflight_ctx *c)
{
	const struct vnuma_hostinfo *h = c->h;
	const struct vnuma__view_backend *first = NULL, *lfirst = NULL;
	uint64_t pre = 0, later = 0, b;
	size_t count = 0;
	char need[64], there[64], detail[160];
	int rc;

	for (size_t i = 0; i < c->v->n_backends; i++) {
		const struct vnuma__view_backend *be = &c->v->backends[i];

		if (!vnuma__preflight_charged(c, be, &b))
			continue;
		if (be->prealloc) {
			pre += b;
			count++;
			first = first ? first : be;
		} else {
			later += b;
			lfirst = lfirst ? lfirst : be;
		}
	}
	if (!pre && !later)
		return 0;
	/* The host model's figures: realizing computes the same ones. */
	if (h->memory_room == UINT64_MAX || !h->memory_room_dir)
		return 0;
	snprintf(there, sizeof(there), "%" PRIu64 " bytes more",
		 h->memory_room);
	snprintf(detail, sizeof(detail),
		 "limit %" PRIu64 ", in use %" PRIu64 ", of which %" PRIu64
		 " reclaimable page cache",
		 h->memory_room_max, h->memory_room_cur, h->memory_room_cache);
	rc = 0;
	if (pre > h->memory_room) {
		snprintf(need, sizeof(need), "%" PRIu64 " bytes preallocated",
			 pre);
		rc = vnuma__preflight_add(c, "host.cgroup-memory",
					  VNUMA_PREFLIGHT_ERROR, first->id, -1,
					  need, there,
					  "memory backend%s '%s'%s need%s %s, but "
					  "memory cgroup %s allows only %s (%s)",
					  count > 1 ? "s" : "", first->id,
					  count > 1 ? " and others" : "",
					  count > 1 ? "" : "s", need,
					  h->memory_room_dir, there, detail);
	} else if (pre + later > h->memory_room) {
		snprintf(need, sizeof(need), "%" PRIu64 " bytes", pre + later);
		rc = vnuma__preflight_add(
			c, "host.cgroup-memory-short", VNUMA_PREFLIGHT_WARNING,
			lfirst->id, -1, need, there,
			"the guest's memory (%s once touched) "
			"exceeds what memory cgroup %s allows, %s "
			"(%s): the kernel will reclaim, swap or kill",
			need, h->memory_room_dir, there, detail);
	}
	return rc;
}
