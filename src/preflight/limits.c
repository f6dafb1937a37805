/* SPDX-License-Identifier: MIT */
/*
 * The process's limits against what realizing will take: the memory
 * cgroup (cgroup.c), free memory per node (a warning: the kernel may
 * reclaim), the CPUs of a prealloc-context and the number of prealloc
 * threads, and a mem-path whose directory is not there.
 */
#include "preflight_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "../host/host_internal.h"
#include "../util.h"

/*
 * The file system a backend's pages come from: that of mem-path, or of
 * its directory when the file is not there yet. *exists: the file is.
 */
static long file_fs(struct vnuma__preflight_ctx *c, const char *path,
		    bool *exists, uint64_t *bsize)
{
	struct statfs fs;
	struct stat st;
	char *dir, *slash;
	int rc;

	*exists = !stat(path, &st) && !S_ISDIR(st.st_mode);
	rc = statfs(path, &fs);
	if (rc) {
		dir = vnuma__strdup(path);
		c->oom |= !dir;
		slash = dir ? strrchr(dir, '/') : NULL;
		if (slash) {
			slash[slash == dir] = '\0';
			rc = statfs(dir, &fs);
		} else {
			rc = statfs(".", &fs);
		}
		free(dir);
	}
	*bsize = rc ? 0 : (uint64_t)fs.f_bsize;
	return rc ? 0 : (long)fs.f_type;
}

/* Whether the backend's pages are huge pages (not the memory cgroup's). */
static bool huge(const struct vnuma__view_backend *be, long fs)
{
	if (be->kind == VNUMA__BACKEND_MEMFD)
		return be->hugetlb;
	return be->kind == VNUMA__BACKEND_FILE &&
	       (unsigned long)fs == HUGETLBFS_MAGIC;
}

/* As src/host cgroup.c's charged(), from the backend's options. */
bool vnuma__preflight_charged(struct vnuma__preflight_ctx *c,
			      const struct vnuma__view_backend *be,
			      uint64_t *bytes)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), bs = 0;
	bool exists = false;
	long fs = 0;

	if (be->kind == VNUMA__BACKEND_FILE && be->mem_path)
		fs = file_fs(c, be->mem_path, &exists, &bs);
	*bytes = (be->size + page - 1) / page * page;
	if (huge(be, fs))
		return false;
	if (be->kind != VNUMA__BACKEND_FILE)
		return true;
	/* A private copy of a new tmpfs file: its page and the copy. */
	if (!be->share && (unsigned long)fs == TMPFS_MAGIC && !exists)
		*bytes *= 2;
	return !be->share || ((unsigned long)fs == TMPFS_MAGIC && !exists);
}

/* MemFree of the backend's usable bound nodes (bind), else of all. */
static uint64_t free_mem(const struct vnuma__preflight_ctx *c,
			 const struct vnuma__view_backend *be, bool bound)
{
	const struct vnuma_hostinfo *h = c->h;
	uint64_t sum = 0;
	const char *why, *check;

	if (bound) {
		for (size_t i = 0; i < be->n_host_nodes; i++) {
			const struct vnuma__hi_node *nd =
				vnuma__preflight_node(h, be->host_nodes[i]);

			if (nd && vnuma__preflight_node_usable(c, nd->id, &why,
							       &check))
				sum += nd->mem_free;
		}
		return sum;
	}
	for (size_t i = 0; i < h->nnodes; i++)
		if (vnuma__preflight_node_usable(c, h->nodes[i].id, &why,
						 &check))
			sum += h->nodes[i].mem_free;
	return sum;
}

/*
 * Free memory of the nodes a backend's policy asks for: bind all of it
 * on its usable bound nodes; preferred on its node (the kernel falls
 * back, but not where asked); interleave an equal share on each usable
 * node. A warning: the kernel may reclaim.
 */
static int check_node_free(struct vnuma__preflight_ctx *c,
			   const struct vnuma__view_backend *be, uint64_t b)
{
	const char *why, *check;
	char need[64], there[64];
	size_t usable = 0, count = be->n_host_nodes;
	uint64_t avail;

	if (be->policy == VNUMA__POLICY_BIND) {
		avail = free_mem(c, be, true);
		/* No usable node at all: nodes.c's error says so. */
		if (avail >= b || !avail)
			return 0;
		snprintf(need, sizeof(need), "%" PRIu64 " bytes", b);
		snprintf(there, sizeof(there), "%" PRIu64 " bytes free",
			 avail);
		return vnuma__preflight_add(
			c, "host.free-memory", VNUMA_PREFLIGHT_WARNING, be->id,
			be->n_host_nodes == 1 ? (int64_t)be->host_nodes[0] :
						-1,
			need, there,
			"memory backend '%s' needs %s on its bound "
			"nodes, which have %s: the kernel must "
			"reclaim or swap",
			be->id, need, there);
	}
	if (be->policy != VNUMA__POLICY_PREFERRED &&
	    be->policy != VNUMA__POLICY_INTERLEAVE)
		return 0;
	for (size_t i = 0; i < be->n_host_nodes; i++)
		usable += vnuma__preflight_node_usable(c, be->host_nodes[i],
						       &why, &check);
	/* preferred: its first node only, as the kernel takes it */
	if (be->policy == VNUMA__POLICY_PREFERRED) {
		usable = 1;
		count = 1;
	}
	for (size_t i = 0; i < count && usable; i++) {
		const struct vnuma__hi_node *nd =
			vnuma__preflight_node(c->h, be->host_nodes[i]);
		uint64_t share = (b + usable - 1) / usable;
		int rc;

		if (!nd ||
		    !vnuma__preflight_node_usable(c, nd->id, &why, &check) ||
		    nd->mem_free >= share)
			continue;
		snprintf(need, sizeof(need), "%" PRIu64 " bytes", share);
		snprintf(there, sizeof(there), "%" PRIu64 " bytes free",
			 nd->mem_free);
		rc = vnuma__preflight_add(
			c, "host.free-memory", VNUMA_PREFLIGHT_WARNING, be->id,
			(int64_t)nd->id, need, there,
			be->policy == VNUMA__POLICY_PREFERRED ?
				"memory backend '%s' prefers host node %u for "
				"%s, which has %s: the kernel falls back to "
				"other nodes or reclaims" :
				"memory backend '%s' interleaves on host node "
				"%u its share, %s, which has %s: the kernel "
				"falls back to other nodes or reclaims",
			be->id, nd->id, need, there);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_free(struct vnuma__preflight_ctx *c)
{
	uint64_t total = 0, b;
	char need[64], there[64];
	int rc = 0;

	if (!c->h->nnodes || !c->h->nodes[0].has_meminfo)
		return 0;
	for (size_t i = 0; !rc && i < c->v->n_backends; i++) {
		const struct vnuma__view_backend *be = &c->v->backends[i];
		bool exists;
		uint64_t bs;
		long fs = 0;

		if (be->kind == VNUMA__BACKEND_FILE && be->mem_path)
			fs = file_fs(c, be->mem_path, &exists, &bs);
		if (huge(be, fs))
			continue;
		vnuma__preflight_charged(c, be, &b);
		total += b;
		if (be->n_host_nodes)
			rc = check_node_free(c, be, b);
	}
	if (!rc && total > free_mem(c, NULL, false)) {
		snprintf(need, sizeof(need), "%" PRIu64 " bytes", total);
		snprintf(there, sizeof(there), "%" PRIu64 " bytes free",
			 free_mem(c, NULL, false));
		rc = vnuma__preflight_add(
			c, "host.free-memory", VNUMA_PREFLIGHT_WARNING, NULL,
			-1, need, there,
			"the guest's memory needs %s, the allowed "
			"nodes have %s: the kernel must reclaim or "
			"swap",
			need, there);
	}
	return rc;
}

/* A prealloc-context's CPUs against cpuset.cpus and the affinity. */
static int check_context(struct vnuma__preflight_ctx *c,
			 const struct vnuma__view_backend *be)
{
	size_t in_set = 0, in_mask = 0, at = 0;
	char need[160], there[160];

	for (size_t i = 0; i < be->n_prealloc_cpus; i++) {
		in_set += vnuma__preflight_in_list(c->cpus,
						   be->prealloc_cpus[i]);
		in_mask += vnuma__preflight_in_list(c->h->affinity,
						    be->prealloc_cpus[i]);
	}
	at = (size_t)snprintf(need, sizeof(need), "CPUs ");
	for (size_t i = 0; i < be->n_prealloc_cpus && at + 8 < sizeof(need);
	     i++)
		at += (size_t)snprintf(need + at, sizeof(need) - at, "%s%u",
				       i ? "," : "", be->prealloc_cpus[i]);
	/* The kernel sets a thread's affinity within the cpuset only. */
	if (!in_set) {
		snprintf(there, sizeof(there), "none in cpuset.cpus %s",
			 c->cpus);
		return vnuma__preflight_add(
			c, "host.prealloc-affinity", VNUMA_PREFLIGHT_ERROR,
			be->id, -1, need, there,
			"memory backend '%s': no CPU of its "
			"thread-context is in its cpuset's CPUs "
			"(%s): its preallocation threads cannot "
			"start",
			be->id, c->cpus);
	}
	if (in_mask == be->n_prealloc_cpus)
		return 0;
	snprintf(there, sizeof(there), "%zu of them in the affinity %s",
		 in_mask, c->h->affinity ? c->h->affinity : "");
	return vnuma__preflight_add(c, "host.thread-context-cpus",
				    VNUMA_PREFLIGHT_WARNING, be->id, -1, need,
				    there,
				    "memory backend '%s': its thread-context has "
				    "CPUs outside this process's affinity (%s); its "
				    "threads run there all the same",
				    be->id,
				    c->h->affinity ? c->h->affinity : "");
}

static int check_threads(struct vnuma__preflight_ctx *c,
			 const struct vnuma__view_backend *be)
{
	size_t cpus = vnuma__preflight_list_count(c->h->affinity);
	char need[32], there[64];

	if (!c->h->affinity || be->prealloc_threads <= cpus ||
	    be->n_prealloc_cpus)
		return 0;
	snprintf(need, sizeof(need), "%" PRIu32 " threads",
		 be->prealloc_threads);
	snprintf(there, sizeof(there), "%zu CPUs (%s)", cpus, c->h->affinity);
	return vnuma__preflight_add(c, "host.prealloc-threads",
				    VNUMA_PREFLIGHT_WARNING, be->id, -1, need,
				    there,
				    "memory backend '%s' asks for %s, but this "
				    "process may run on %s only: they share them",
				    be->id, need, there);
}

/* A mem-path that names no file and no directory that is there. */
static int check_path(struct vnuma__preflight_ctx *c,
		      const struct vnuma__view_backend *be)
{
	struct stat st;
	char *dir, *slash;
	bool ok;

	if (be->kind != VNUMA__BACKEND_FILE || !be->mem_path ||
	    !stat(be->mem_path, &st) || errno != ENOENT)
		return 0;
	dir = vnuma__strdup(be->mem_path);
	if (!dir)
		return VNUMA_E_NOMEM;
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	ok = !slash || (!stat(dir, &st) && S_ISDIR(st.st_mode));
	free(dir);
	if (ok)
		return 0;
	return vnuma__preflight_add(c, "host.file-open", VNUMA_PREFLIGHT_ERROR,
				    be->id, -1, be->mem_path,
				    "no such directory",
				    "memory backend '%s': mem-path %s is not there, "
				    "nor is its directory",
				    be->id, be->mem_path);
}

int vnuma__preflight_limits(struct vnuma__preflight_ctx *c)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < c->v->n_backends; i++) {
		const struct vnuma__view_backend *be = &c->v->backends[i];

		rc = check_path(c, be);
		if (!rc && be->prealloc && be->n_prealloc_cpus)
			rc = check_context(c, be);
		if (!rc && be->prealloc)
			rc = check_threads(c, be);
	}
	if (!rc)
		rc = vnuma__preflight_cgroup_memory(c);
	if (!rc)
		rc = check_free(c);
	return rc;
}
