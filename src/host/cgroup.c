/* SPDX-License-Identifier: MIT */
/*
 * The memory cgroup check before preallocation. A prealloc larger than
 * what the process's memory cgroup still allows does not fail: the
 * kernel's OOM killer ends the process (or another one) with no word.
 * So the bytes populating will charge are compared first with what the
 * cgroup and each of its ancestors allow: the limit (cgroup v2
 * memory.max, v1 memory.limit_in_bytes) less the usage (memory.current,
 * memory.usage_in_bytes), plus the page cache the kernel can reclaim
 * (active_file + inactive_file of memory.stat: shmem sits on the anon
 * lists, so it is not counted as reclaimable). Swap is not counted:
 * preallocated guest memory pushed to swap misses the point.
 *
 * Charged are anonymous memory, memfd (not hugetlb: huge pages are the
 * hugetlb controller's), files on tmpfs, and private (share=off) file
 * mappings, whose written pages are anonymous copies; not a shared
 * mapping of an existing tmpfs file, whose pages may be there already,
 * nor the page cache of a shared disk file, which can be written back.
 *
 * The cgroup is found as the kernel shows it: /proc/self/cgroup names
 * the path in each hierarchy, /proc/self/mountinfo where the hierarchy
 * with the memory controller (v1) or the unified one (v2) is mounted.
 * Where that cannot be read (no cgroup file system, another namespace's
 * view), nothing is checked: the check only adds a clear message.
 */
#include "host_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_mount.h"
#include "../util.h"

/* v1 reports "no limit" as a huge page-aligned number. */
#define V1_UNLIMITED (UINT64_C(1) << 62)

struct memcg {
	bool v2;
	char *dir; /* the process's cgroup directory */
	char *top; /* the hierarchy's mount point: the walk stops there */
};

/* The path of the v1 memory hierarchy (else v2's) in /proc/self/cgroup. */
static char *self_path(const char *sys, bool *v2, bool *oom)
{
	char *line = NULL, *v1p = NULL, *v2p = NULL, *c, *path;
	char *p = vnuma__sprintf("%s/proc/self/cgroup", sys);
	size_t cap = 0;
	FILE *f = p ? fopen(p, "re") : NULL;

	*oom = !p;

	free(p);
	while (f && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		c = strchr(line, ':');
		path = c ? strchr(c + 1, ':') : NULL;
		if (!path)
			continue;
		*path++ = 0;
		*c = 0; /* line: the hierarchy id; c + 1: its controllers */
		if (!strcmp(line, "0") && !c[1] && !v2p)
			*oom |= !(v2p = vnuma__strdup(path));
		else if (vnuma__has_word(c + 1, "memory") && !v1p)
			*oom |= !(v1p = vnuma__strdup(path));
	}
	free(line);
	if (f)
		fclose(f);
	*v2 = !v1p;
	if (v1p) {
		free(v2p);
		return v1p;
	}
	return v2p;
}

static bool find_memcg(const char *sys, struct memcg *cg, bool *oom)
{
	char *path, *mnt = NULL, *sub = NULL;
	bool nomem = false;
	int found = 0;

	memset(cg, 0, sizeof(*cg));
	path = self_path(sys, &cg->v2, oom);
	if (path)
		found = vnuma__cgroup_mount(&mnt, &sub, sys, cg->v2, "memory");
	if (found > 0) {
		cg->dir = vnuma__cgroup_dir(sys, mnt, sub, path, &nomem);
		cg->top = vnuma__sprintf("%s%s", sys, mnt);
		nomem |= !cg->top;
	}
	free(path);
	free(mnt);
	free(sub);
	*oom = *oom || nomem || found < 0;
	if (cg->dir && cg->top)
		return true;
	free(cg->dir);
	free(cg->top);
	return false;
}

/*
 * A number in dir/name; "max" is UINT64_MAX. false if unreadable, and
 * *oom set when its path could not be made.
 */
static bool read_value(const char *dir, const char *name, uint64_t *v,
		       bool *oom)
{
	char *p = vnuma__sprintf("%s/%s", dir, name), buf[32];
	FILE *f = p ? fopen(p, "re") : NULL;
	bool ok = false;

	*oom |= !p;
	free(p);
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		if (!strncmp(buf, "max", 3)) {
			*v = UINT64_MAX;
			ok = true;
		} else {
			ok = sscanf(buf, "%" SCNu64, v) == 1;
		}
	}
	fclose(f);
	return ok;
}

/* The page cache of dir's memory.stat the kernel could reclaim. */
static uint64_t reclaimable(const char *dir, bool v2, bool *oom)
{
	char *p = vnuma__sprintf("%s/memory.stat", dir), key[64];
	FILE *f = p ? fopen(p, "re") : NULL;
	uint64_t v, sum = 0;

	*oom |= !p;
	free(p);
	while (f && fscanf(f, "%63s %" SCNu64, key, &v) == 2)
		if (!strcmp(key, v2 ? "active_file" : "total_active_file") ||
		    !strcmp(key, v2 ? "inactive_file" : "total_inactive_file"))
			sum += v;
	if (f)
		fclose(f);
	return sum;
}

/* dir and every ancestor up to the mount point, tightest into *tight. */
static int walk(const struct memcg *cg, struct vnuma__memcg_room *tight)
{
	size_t tl = strlen(cg->top);
	char *d = vnuma__strdup(cg->dir), *slash;
	bool oom = false;

	if (!d)
		return VNUMA_E_NOMEM;
	tight->room = UINT64_MAX;
	for (;;) {
		uint64_t max, cur, cache, room;

		if (read_value(d,
			       cg->v2 ? "memory.max" : "memory.limit_in_bytes",
			       &max, &oom) &&
		    read_value(d,
			       cg->v2 ? "memory.current" :
					"memory.usage_in_bytes",
			       &cur, &oom) &&
		    max != UINT64_MAX && (cg->v2 || max < V1_UNLIMITED)) {
			cache = reclaimable(d, cg->v2, &oom);
			room = max > cur ? max - cur : 0;
			room = room + cache < room ? UINT64_MAX : room + cache;
			if (room < tight->room) {
				free(tight->dir);
				tight->dir = vnuma__strdup(d);
				if (!tight->dir) {
					free(d);
					return VNUMA_E_NOMEM;
				}
				tight->room = room;
				tight->max = max;
				tight->cur = cur;
				tight->cache = cache;
			}
		}
		slash = strrchr(d, '/');
		if (oom || strlen(d) <= tl || !slash ||
		    (size_t)(slash - d) < tl)
			break;
		*slash = 0;
	}
	free(d);
	return oom ? VNUMA_E_NOMEM : VNUMA_OK;
}

/*
 * Whether populating b charges its pages to the memory cgroup. A private
 * mapping of a new tmpfs file is charged twice: each write fault fills
 * the file's page, then copies it.
 */
static bool charged(const struct vnuma__host_block *b)
{
	if (!b->prealloc || b->hugetlb)
		return false;
	if (b->kind != VNUMA__BACKEND_FILE)
		return true;
	return !b->share || (b->tmpfs && !b->existing);
}

int vnuma__memcg_room(struct vnuma__memcg_room *out, const char *sys)
{
	struct memcg cg;
	int rc;

	memset(out, 0, sizeof(*out));
	out->room = UINT64_MAX;
	bool oom = false;

	if (!find_memcg(sys, &cg, &oom))
		return oom ? VNUMA_E_NOMEM : VNUMA_OK;
	rc = walk(&cg, out);
	free(cg.dir);
	free(cg.top);
	if (rc) {
		free(out->dir);
		memset(out, 0, sizeof(*out));
		out->room = UINT64_MAX;
	}
	return rc;
}

int vnuma__host_cgroup_check(const struct vnuma_host *h, vnuma_error **err)
{
	struct vnuma__memcg_room tight;
	uint64_t need = 0;
	size_t count = 0, first = 0;
	int rc;

	for (size_t i = 0; i < h->n_blocks; i++)
		if (charged(&h->blocks[i])) {
			if (!count++)
				first = i;
			need += h->blocks[i].mapped *
				(h->blocks[i].tmpfs && !h->blocks[i].share &&
						 !h->blocks[i].existing ?
					 2 :
					 1);
		}
	if (!need)
		return VNUMA_OK;
	rc = vnuma__memcg_room(&tight, "");
	if (rc)
		rc = vnuma__error_nomem(err);
	else if (need > tight.room)
		rc = vnuma__error_set(
			err, VNUMA_E_HOST, "host.cgroup-memory", NULL,
			"memory backend%s '%s'%s need%s %" PRIu64 " bytes "
			"preallocated, but memory cgroup %s allows only %" PRIu64
			" more (limit %" PRIu64 ", in use %" PRIu64
			", of which %" PRIu64 " reclaimable page cache)",
			count > 1 ? "s" : "", h->blocks[first].id,
			count > 1 ? " and others" : "", count > 1 ? "" : "s",
			need, tight.dir, tight.room, tight.max, tight.cur,
			tight.cache);
	free(tight.dir);
	return vnuma__error_backend(err, rc, h->blocks[first].id);
}
