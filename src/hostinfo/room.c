/* SPDX-License-Identifier: MIT */
/*
 * What the process's cgroups still allow, ancestors included, and the
 * memory nodes it may use: the facts preflight compares a configuration
 * with and the planner plans within, computed the way realizing meets
 * them (a fault charged to any level past its limit fails).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../error_internal.h"
#include "../host/cgroup_mount.h"
#include "../host/host_cpus.h"
#include "../host/host_internal.h"
#include "hostinfo_internal.h"
#include "../util.h"

/* Mems_allowed_list of proc/self/status; absent leaves it NULL. */
static int read_mems_allowed(struct vnuma_hostinfo *h, vnuma_error **err)
{
	return vnuma__hi_status_list(h, "Mems_allowed_list:", true,
				     &h->mems_allowed, err);
}

/* memory.current of the process's own cgroup. */
static int read_memory_current(struct vnuma_hostinfo *h, vnuma_error **err)
{
	char *dir, *rel;
	int nomem, r;

	if (!h->cgroup)
		return 0;
	dir = vnuma__hi_cgroup_dir(h, &nomem);
	rel = dir ? vnuma__sprintf("%s/memory.current", dir) : NULL;
	free(dir);
	if (!rel)
		return vnuma__error_nomem(err);
	r = vnuma__hi_number(h, rel, false, &h->memory_current,
			     &h->has_memory_current, err);
	free(rel);
	return r;
}

/* As src/host's memory cgroup check computes it before preallocating. */
static int read_memory_room(struct vnuma_hostinfo *h, vnuma_error **err)
{
	struct vnuma__memcg_room room;
	size_t rl = strlen(h->root);

	if (vnuma__memcg_room(&room, h->root))
		return vnuma__error_nomem(err);
	h->memory_room = room.room;
	h->memory_room_max = room.max;
	h->memory_room_cur = room.cur;
	h->memory_room_cache = room.cache;
	if (!room.dir)
		return 0;
	h->memory_room_dir = vnuma__strdup(
		strncmp(room.dir, h->root, rl) ? room.dir : room.dir + rl);
	free(room.dir);
	return h->memory_room_dir ? 0 : vnuma__error_nomem(err);
}

/*
 * The cgroup v2 directories from the process's own up to the top of the
 * hierarchy, relative to the root: found as vnuma__hi_cgroup_dir() finds
 * the process's (the cgroup2 mount of mountinfo, else /sys/fs/cgroup),
 * so that the walk reads the files the limits were read from.
 */
struct levels {
	char *dir;  /* the process's cgroup directory */
	size_t top; /* the length of its mount point's path in dir */
};

static int levels_init(struct levels *l, const struct vnuma_hostinfo *h)
{
	char *mnt = NULL, *sub = NULL;
	int nomem, found;

	l->dir = vnuma__hi_cgroup_dir(h, &nomem);
	if (nomem)
		return -1;
	found = vnuma__cgroup_mount(&mnt, &sub, h->root, true, NULL);
	if (found < 0) {
		free(l->dir);
		return -1;
	}
	l->top = found > 0 ? strlen(mnt) : strlen("/sys/fs/cgroup");
	if (strlen(l->dir) < l->top)
		l->top = strlen(l->dir);
	free(mnt);
	free(sub);
	return 0;
}

/* The directory up levels above the process's, NULL above the top. */
static char *level_dir(const struct levels *l, unsigned int up, bool *oom)
{
	size_t len = strlen(l->dir);
	char *dir;

	for (unsigned int i = 0; i < up; i++) {
		if (len <= l->top)
			return NULL;
		while (len > l->top && l->dir[len - 1] != '/')
			len--;
		if (len > l->top)
			len--;
	}
	dir = vnuma__sprintf("%.*s", (int)len, l->dir);
	*oom = !dir;
	return dir;
}

/*
 * The tightest hugetlb.<size>.max less .current over the levels; *limited
 * when some level has a limit.
 */
static int hugetlb_walk(const struct vnuma_hostinfo *h, const struct levels *l,
			uint64_t ps, struct vnuma__hi_hugetlb *out,
			bool *limited, vnuma_error **err)
{
	char name[48];
	int r = 0;

	*limited = false;
	out->room = UINT64_MAX;
	if (ps >= (UINT64_C(1) << 30))
		snprintf(name, sizeof(name), "hugetlb.%" PRIu64 "GB",
			 ps >> 30);
	else if (ps >= (UINT64_C(1) << 20))
		snprintf(name, sizeof(name), "hugetlb.%" PRIu64 "MB",
			 ps >> 20);
	else
		snprintf(name, sizeof(name), "hugetlb.%" PRIu64 "KB",
			 ps >> 10);
	for (unsigned int up = 0; !r; up++) {
		bool has_m, has_u = false, oom = false;
		char *dir = level_dir(l, up, &oom), *rel;
		uint64_t m = 0, u = 0;

		if (oom)
			return vnuma__error_nomem(err);
		if (!dir)
			break;
		rel = vnuma__sprintf("%s/%s.max", dir, name);
		r = rel ? vnuma__hi_number(h, rel, true, &m, &has_m, err) :
			  vnuma__error_nomem(err);
		free(rel);
		if (!r && has_m && m != UINT64_MAX) {
			rel = vnuma__sprintf("%s/%s.current", dir, name);
			r = rel ? vnuma__hi_number(h, rel, false, &u, &has_u,
						   err) :
				  vnuma__error_nomem(err);
			free(rel);
			if (!has_u)
				u = 0;
			*limited = true;
			if ((m > u ? m - u : 0) < out->room) {
				out->room = m > u ? m - u : 0;
				out->room_max = m;
				out->room_cur = u;
			}
		}
		free(dir);
	}
	return r;
}

static int cmp_hugetlb(const void *a, const void *b)
{
	const struct vnuma__hi_hugetlb *x = a, *y = b;

	return (x->size > y->size) - (x->size < y->size);
}

/* The page sizes the host knows of: the cgroup's files', its pools'. */
static int known_sizes(const struct vnuma_hostinfo *h, uint64_t **out,
		       size_t *n)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (size_t src = 0; src <= h->nnodes + 1; src++) {
		size_t cnt = src == 0 ? h->nhugetlb :
			     src == 1 ? h->npools :
					h->nodes[src - 2].nhuge;

		for (size_t i = 0; i < cnt; i++) {
			uint64_t ps = src == 0 ?
					      h->hugetlb[i].size :
				      src == 1 ?
					      h->pools[i].size :
					      h->nodes[src - 2].huge[i].size;
			bool seen = false;

			for (size_t j = 0; j < *n && !seen; j++)
				seen = (*out)[j] == ps;
			if (seen)
				continue;
			if (vnuma__grow(out, &cap, *n + 1, sizeof(**out)))
				return VNUMA_E_NOMEM;
			(*out)[(*n)++] = ps;
		}
	}
	return 0;
}

static int hugetlb_rooms(struct vnuma_hostinfo *h, vnuma_error **err)
{
	size_t cap = h->nhugetlb, nsizes;
	struct levels l;
	bool limited;
	uint64_t *sizes = NULL;
	int r = 0;

	if (levels_init(&l, h))
		return vnuma__error_nomem(err);
	if (known_sizes(h, &sizes, &nsizes)) {
		free(sizes);
		free(l.dir);
		return vnuma__error_nomem(err);
	}
	for (size_t i = 0; i < h->nhugetlb; i++)
		h->hugetlb[i].room = UINT64_MAX;
	for (size_t k = 0; !r && k < nsizes; k++) {
		struct vnuma__hi_hugetlb w, *slot = NULL;

		memset(&w, 0, sizeof(w));
		for (size_t i = 0; i < h->nhugetlb && !slot; i++)
			if (h->hugetlb[i].size == sizes[k])
				slot = &h->hugetlb[i];
		r = hugetlb_walk(h, &l, sizes[k], &w, &limited, err);
		if (r || !limited)
			continue;
		if (!slot) {
			if (vnuma__grow(&h->hugetlb, &cap, h->nhugetlb + 1,
					sizeof(*h->hugetlb))) {
				r = vnuma__error_nomem(err);
				break;
			}
			slot = &h->hugetlb[h->nhugetlb++];
			memset(slot, 0, sizeof(*slot));
			slot->size = sizes[k];
		}
		slot->room = w.room;
		slot->room_max = w.room_max;
		slot->room_cur = w.room_cur;
	}
	free(sizes);
	free(l.dir);
	if (!r && h->nhugetlb)
		qsort(h->hugetlb, h->nhugetlb, sizeof(*h->hugetlb),
		      cmp_hugetlb);
	return r;
}

int vnuma__hi_rooms(struct vnuma_hostinfo *h, vnuma_error **err)
{
	int r = read_mems_allowed(h, err);

	h->memory_room = UINT64_MAX;
	if (!r)
		r = read_memory_current(h, err);
	if (!r)
		r = read_memory_room(h, err);
	if (!r && h->cgroup)
		r = hugetlb_rooms(h, err);
	return r;
}
