/* SPDX-License-Identifier: MIT */
/* the host's NUMA nodes: sys/devices/system/node and memory tiers */
#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../error_internal.h"
#include "../host/host_cpus.h"
#include "hostinfo_internal.h"
#include "../util.h"

#define NODE_DIR "/sys/devices/system/node"
#define TIER_DIR "/sys/devices/virtual/memory_tiering"

/* Parses a list file into sorted ids; *ids NULL (n 0) when absent. */
static int read_ids(const struct vnuma_hostinfo *h, const char *rel,
		    uint16_t **ids, size_t *n, bool *present,
		    vnuma_error **err)
{
	char *t;
	size_t cap = 0;
	int r = vnuma__hi_list(h, rel, &t, err);

	*ids = NULL;
	*n = 0;
	*present = false;
	if (r)
		return r;
	if (!t)
		return 0;
	*present = true;
	r = vnuma__parse_cpulist(t, ids, n, &cap);
	free(t);
	if (r == -2)
		return vnuma__error_nomem(err);
	if (r)
		return vnuma__hi_malformed(err, rel, "not a list");
	return 0;
}

static bool has_id(const uint16_t *ids, size_t n, unsigned id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* "Node 0 MemTotal:       16384 kB" lines; both keys must be there. */
static int read_meminfo(const struct vnuma_hostinfo *h,
			struct vnuma__hi_node *nd, vnuma_error **err)
{
	char *rel = vnuma__sprintf(NODE_DIR "/node%u/meminfo", nd->id);
	char *t = NULL, *line;
	bool total = false, free_ = false;
	int r;

	if (!rel)
		return vnuma__error_nomem(err);
	r = vnuma__hi_read(h, rel, &t, err);
	if (r) {
		free(rel);
		return r < 0 ? r : 0;
	}
	for (line = t; *line;) {
		char *eol = strchr(line, '\n');
		const char *p;
		char key[32];
		unsigned id;
		int used = 0;
		uint64_t v;

		if (eol)
			*eol = '\0';
		if (sscanf(line, "Node %u %31[A-Za-z_()]:%n", &id, key,
			   &used) == 2 &&
		    used && id == nd->id &&
		    (!strcmp(key, "MemTotal") || !strcmp(key, "MemFree"))) {
			p = line + used;
			while (*p == ' ')
				p++;
			if (!vnuma__hi_u64(&p, &v) || strcmp(p, " kB") ||
			    v > UINT64_MAX / 1024) {
				r = vnuma__hi_malformed(err, rel,
							"not \"N kB\"");
				break;
			}
			if (!strcmp(key, "MemTotal")) {
				nd->mem_total = v * 1024;
				total = true;
			} else if (!strcmp(key, "MemFree")) {
				nd->mem_free = v * 1024;
				free_ = true;
			}
		}
		if (!eol)
			break;
		line = eol + 1;
	}
	if (!r && (!total || !free_))
		r = vnuma__hi_malformed(err, rel, "no MemTotal or MemFree");
	nd->has_meminfo = !r;
	free(t);
	free(rel);
	return r;
}

static int read_distance(const struct vnuma_hostinfo *h,
			 struct vnuma__hi_node *nd, vnuma_error **err)
{
	char *rel = vnuma__sprintf(NODE_DIR "/node%u/distance", nd->id);
	char *t = NULL;
	const char *p;
	size_t cap = 0;
	int r;

	if (!rel)
		return vnuma__error_nomem(err);
	r = vnuma__hi_read(h, rel, &t, err);
	if (r) {
		free(rel);
		return r < 0 ? r : 0;
	}
	for (p = t; *p && *p != '\n';) {
		uint64_t v;

		if (!vnuma__hi_u64(&p, &v) || v > 255 ||
		    (*p && *p != ' ' && *p != '\n')) {
			r = vnuma__hi_malformed(err, rel,
						"not a distance row");
			break;
		}
		if (vnuma__grow(&nd->dist, &cap, nd->ndist + 1,
				sizeof(*nd->dist))) {
			r = vnuma__error_nomem(err);
			break;
		}
		nd->dist[nd->ndist++] = (unsigned)v;
		if (*p == ' ')
			p++;
	}
	if (!r && (!nd->ndist || (*p == '\n' && p[1])))
		r = vnuma__hi_malformed(err, rel, "not a distance row");
	free(t);
	free(rel);
	return r;
}

static int cmp_huge(const void *a, const void *b)
{
	const struct vnuma__hi_huge *x = a, *y = b;

	return (x->size > y->size) - (x->size < y->size);
}

static int read_huge_one(const struct vnuma_hostinfo *h,
			 struct vnuma__hi_huge *hp, const char *dir,
			 vnuma_error **err)
{
	static const char *const names[] = { "nr_hugepages", "free_hugepages",
					     "surplus_hugepages" };
	uint64_t *dst[] = { &hp->total, &hp->free, &hp->surplus };
	size_t i;

	/* surplus_hugepages came later than the other two: it may lack. */
	for (i = 0; i < 3; i++) {
		char *rel = vnuma__sprintf("%s/%s", dir, names[i]);
		bool present;
		int r;

		if (!rel)
			return vnuma__error_nomem(err);
		r = vnuma__hi_number(h, rel, false, dst[i], &present, err);
		if (!r && !present && i < 2)
			r = vnuma__hi_malformed(err, rel, "missing");
		free(rel);
		if (r)
			return r;
	}
	return 0;
}

static int read_hugepages(const struct vnuma_hostinfo *h,
			  struct vnuma__hi_node *nd, vnuma_error **err)
{
	char *rel = vnuma__sprintf(NODE_DIR "/node%u/hugepages", nd->id);
	char *path = rel ? vnuma__sprintf("%s%s", h->root, rel) : NULL;
	size_t cap = 0;
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (!path) {
		free(rel);
		return vnuma__error_nomem(err);
	}
	d = opendir(path);
	free(path);
	if (!d) {
		int e = errno;

		if (e == ENOENT || e == ENOTDIR) {
			free(rel);
			return 0;
		}
		r = vnuma__error_set_errno(err, e, "host.sysfs-read", NULL,
					   "cannot read %s", rel);
		free(rel);
		return r;
	}
	while (!r && (de = readdir(d))) {
		struct vnuma__hi_huge *hp;
		uint64_t size;
		char *dir;

		if (strncmp(de->d_name, "hugepages-", 10))
			continue;
		if (!vnuma__hi_size(de->d_name + 10, &size)) {
			r = vnuma__hi_malformed(err, rel, de->d_name);
			break;
		}
		if (vnuma__grow(&nd->huge, &cap, nd->nhuge + 1,
				sizeof(*nd->huge))) {
			r = vnuma__error_nomem(err);
			break;
		}
		hp = &nd->huge[nd->nhuge++];
		memset(hp, 0, sizeof(*hp));
		hp->size = size;
		dir = vnuma__sprintf("%s/%s", rel, de->d_name);
		if (!dir) {
			r = vnuma__error_nomem(err);
			break;
		}
		r = read_huge_one(h, hp, dir, err);
		free(dir);
	}
	closedir(d);
	free(rel);
	if (!r && nd->nhuge)
		qsort(nd->huge, nd->nhuge, sizeof(*nd->huge), cmp_huge);
	return r;
}

/* The HMAT figures beside the initiators; absent ones stay 0. */
static int read_access0(const struct vnuma_hostinfo *h,
			struct vnuma__hi_node *nd, vnuma_error **err)
{
	static const char *const names[] = { "read_latency", "write_latency",
					     "read_bandwidth",
					     "write_bandwidth" };
	size_t i;

	for (i = 0; i < 4; i++) {
		char *rel = vnuma__sprintf(NODE_DIR
					   "/node%u/access0/initiators/%s",
					   nd->id, names[i]);
		bool present;
		int r;

		if (!rel)
			return vnuma__error_nomem(err);
		r = vnuma__hi_number(h, rel, false, &nd->access0[i], &present,
				     err);
		free(rel);
		if (r)
			return r;
	}
	return 0;
}

/* nodeN/access0/initiators/nodeM links, as a node list. */
static int read_initiators(const struct vnuma_hostinfo *h,
			   struct vnuma__hi_node *nd, vnuma_error **err)
{
	char *path = vnuma__sprintf("%s" NODE_DIR "/node%u/access0/initiators",
				    h->root, nd->id);
	uint64_t seen[1024 / 64] = { 0 };
	struct vnuma__buf b = { 0 };
	struct dirent *de;
	unsigned i;
	DIR *d;

	if (!path)
		return vnuma__error_nomem(err);
	d = opendir(path);
	free(path);
	if (!d)
		return 0; /* kernels without HMAT show no access0 */
	while ((de = readdir(d))) {
		const char *p = de->d_name + 4;
		uint64_t id;

		if (strncmp(de->d_name, "node", 4) ||
		    !vnuma__hi_u64(&p, &id) || *p || id >= 1024)
			continue;
		vnuma__bit_set(seen, (size_t)id);
	}
	closedir(d);
	for (i = 0; i < 1024; i++)
		if (vnuma__bit_test(seen, i))
			vnuma__buf_printf(&b, "%s%u", b.len ? "," : "", i);
	/* take gives "" for no initiator, and NULL when an append failed. */
	nd->initiators = vnuma__buf_take(&b);
	vnuma__buf_fini(&b);
	if (!nd->initiators)
		return vnuma__error_nomem(err);
	return read_access0(h, nd, err);
}

/* memory_tierN/nodelist: each listed node is in tier N. */
static int read_tiers(struct vnuma_hostinfo *h, vnuma_error **err)
{
	char *path = vnuma__sprintf("%s" TIER_DIR, h->root);
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (!path)
		return vnuma__error_nomem(err);
	d = opendir(path);
	free(path);
	if (!d)
		return 0; /* before Linux 6.1, no tiers */
	while (!r && (de = readdir(d))) {
		const char *p = de->d_name + 11;
		uint16_t *ids;
		size_t n, i, k;
		uint64_t tier;
		bool present;
		char *rel;

		if (strncmp(de->d_name, "memory_tier", 11) ||
		    !vnuma__hi_u64(&p, &tier) || *p || tier > INT32_MAX)
			continue;
		rel = vnuma__sprintf(TIER_DIR "/%s/nodelist", de->d_name);
		if (!rel) {
			r = vnuma__error_nomem(err);
			break;
		}
		r = read_ids(h, rel, &ids, &n, &present, err);
		free(rel);
		for (i = 0; !r && i < n; i++)
			for (k = 0; k < h->nnodes; k++)
				if (h->nodes[k].id == ids[i])
					h->nodes[k].tier = (int)tier;
		free(ids);
	}
	closedir(d);
	return r;
}

static int read_node(struct vnuma_hostinfo *h, struct vnuma__hi_node *nd,
		     vnuma_error **err)
{
	char *rel = vnuma__sprintf(NODE_DIR "/node%u/cpulist", nd->id);
	int r;

	if (!rel)
		return vnuma__error_nomem(err);
	r = vnuma__hi_list(h, rel, &nd->cpus, err);
	free(rel);
	if (!r)
		r = read_meminfo(h, nd, err);
	if (!r)
		r = read_distance(h, nd, err);
	if (!r)
		r = read_hugepages(h, nd, err);
	if (!r)
		r = read_initiators(h, nd, err);
	return r;
}

int vnuma__hi_nodes(struct vnuma_hostinfo *h, vnuma_error **err)
{
	uint16_t *possible = NULL, *online = NULL;
	size_t np, no, i;
	bool has_possible, has_online;
	int r;

	r = read_ids(h, NODE_DIR "/possible", &possible, &np, &has_possible,
		     err);
	if (!r)
		r = read_ids(h, NODE_DIR "/online", &online, &no, &has_online,
			     err);
	if (r)
		goto out;
	/* Without "possible" (older kernels), the online nodes are all. */
	if (!has_possible) {
		free(possible);
		possible = online;
		np = no;
		online = NULL;
		has_online = false;
	}
	if (!np)
		goto out;
	h->nodes = calloc(np, sizeof(*h->nodes));
	if (!h->nodes) {
		r = vnuma__error_nomem(err);
		goto out;
	}
	for (i = 0; i < np && !r; i++) {
		struct vnuma__hi_node *nd = &h->nodes[h->nnodes++];

		nd->id = possible[i];
		nd->online = has_online ? has_id(online, no, nd->id) : true;
		nd->tier = -1;
		r = read_node(h, nd, err);
	}
	if (!r)
		r = read_tiers(h, err);
out:
	free(possible);
	free(online);
	return r;
}
