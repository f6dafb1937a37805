/* SPDX-License-Identifier: MIT */
/* Host CPUs and the nodes they belong to, as sysfs lists them. */
#include "host_cpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel_list.h"
#include "../util.h"
#include "cpuset.h"

/* One bit per CPU id vnuma lists. */
#define WORDS (VNUMA__CPU_IDS / 64)
#define BIT(m, c) ((m)[(c) / 64] >> ((c) % 64) & 1)
#define SET(m, c) ((m)[(c) / 64] |= (uint64_t)1 << ((c) % 64))

bool vnuma__cpulist_valid(const char *s)
{
	return vnuma__kernel_list_valid(s, UINT16_MAX);
}

int vnuma__parse_cpulist(const char *s, uint16_t **cpus, size_t *n,
			 size_t *cap)
{
	uint64_t lo, hi;

	if (!vnuma__cpulist_valid(s))
		return -1;
	while ((s = vnuma__kernel_list_next(s, &lo, &hi)))
		for (uint64_t c = lo; c <= hi; c++) {
			if (vnuma__grow(cpus, cap, *n + 1, sizeof(**cpus)))
				return -2;
			(*cpus)[(*n)++] = (uint16_t)c;
		}
	return 0;
}

/* Reads a short sysfs file; NULL if it cannot be read. */
static char *read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t got;

	if (!f)
		return NULL;
	got = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[got] = '\0';
	return got ? buf : NULL;
}

int vnuma__host_node_cpus(unsigned node, uint16_t **cpus, size_t *n)
{
	char path[64], buf[4096];
	size_t cap = 0;

	*cpus = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "/sys/devices/system/node/node%u/cpulist",
		 node);
	/* Unreadable or malformed is as good as absent. */
	if (!read_small(path, buf, sizeof(buf)) || !vnuma__cpulist_valid(buf))
		return 0;
	return vnuma__parse_cpulist(buf, cpus, n, &cap) ? -1 : 0;
}

bool vnuma__host_cpus_any_online(const uint16_t *cpus, size_t n)
{
	char buf[4096];

	/* No sysfs: let the threads' creation find out. */
	if (!read_small("/sys/devices/system/cpu/online", buf, sizeof(buf)) ||
	    !vnuma__cpulist_valid(buf))
		return true;
	for (size_t i = 0; i < n; i++)
		if (vnuma__kernel_list_has(buf, cpus[i]))
			return true;
	return false;
}

static bool is_bound(const uint64_t *bound, size_t n_bound, unsigned id)
{
	for (size_t i = 0; i < n_bound; i++)
		if (bound[i] == id)
			return true;
	return false;
}

/* Adds node's CPUs that are in the mask to pick; how many it has there. */
static size_t take(uint64_t *pick, const uint64_t *in_mask,
		   const struct vnuma__local_node *node)
{
	size_t k = 0;

	for (size_t i = 0; i < node->n_cpus; i++)
		if (BIT(in_mask, node->cpus[i])) {
			SET(pick, node->cpus[i]);
			k++;
		}
	return k;
}

/*
 * The distance from the nearest bound node to node m, or UINT32_MAX when
 * no bound node's row tells it.
 */
static uint32_t distance(const struct vnuma__local_node *nodes, size_t n_nodes,
			 const uint64_t *bound, size_t n_bound, unsigned m)
{
	uint32_t best = UINT32_MAX;

	for (size_t i = 0; i < n_nodes; i++)
		if (is_bound(bound, n_bound, nodes[i].id) &&
		    m < nodes[i].n_dist && nodes[i].dist[m] &&
		    nodes[i].dist[m] < best)
			best = nodes[i].dist[m];
	return best;
}

/* The nearest nodes with usable CPUs, all of those at that distance. */
static size_t nearest(uint64_t *pick, const uint64_t *in_mask,
		      const struct vnuma__local_node *nodes, size_t n_nodes,
		      const uint64_t *bound, size_t n_bound)
{
	uint32_t best = UINT32_MAX, d;
	size_t k = 0;

	/* Two passes: the best distance among nodes with usable CPUs,
	 * then their CPUs. */
	for (size_t i = 0; i < n_nodes; i++) {
		bool usable = false;

		if (is_bound(bound, n_bound, nodes[i].id))
			continue;
		for (size_t c = 0; c < nodes[i].n_cpus && !usable; c++)
			usable = BIT(in_mask, nodes[i].cpus[c]);
		d = distance(nodes, n_nodes, bound, n_bound, nodes[i].id);
		if (usable && d < best)
			best = d;
	}
	if (best == UINT32_MAX)
		return 0;
	for (size_t i = 0; i < n_nodes; i++)
		if (!is_bound(bound, n_bound, nodes[i].id) &&
		    distance(nodes, n_nodes, bound, n_bound, nodes[i].id) ==
			    best)
			k += take(pick, in_mask, &nodes[i]);
	return k;
}

int vnuma__local_cpus(uint16_t **out, size_t *n, enum vnuma__local_from *from,
		      const struct vnuma__local_node *nodes, size_t n_nodes,
		      const uint64_t *bound, size_t n_bound,
		      const uint16_t *mask, size_t n_mask)
{
	/* One bit per possible CPU id: 8 KiB each, on the heap. */
	uint64_t *in_mask = calloc(WORDS, sizeof(*in_mask));
	uint64_t *pick = calloc(WORDS, sizeof(*pick));
	size_t k = 0, c;

	*out = NULL;
	*n = 0;
	*from = VNUMA__LOCAL_NONE;
	if (!in_mask || !pick) {
		free(in_mask);
		free(pick);
		return -1;
	}
	for (size_t i = 0; i < n_mask; i++)
		SET(in_mask, mask[i]);
	for (size_t i = 0; i < n_nodes; i++)
		if (is_bound(bound, n_bound, nodes[i].id))
			k += take(pick, in_mask, &nodes[i]);
	if (k) {
		*from = VNUMA__LOCAL_NODES;
	} else if (nearest(pick, in_mask, nodes, n_nodes, bound, n_bound)) {
		*from = VNUMA__LOCAL_NEAREST;
	} else if (n_mask) {
		/* Nothing near is usable: anywhere the process may run. */
		memcpy(pick, in_mask, WORDS * sizeof(*pick));
		*from = VNUMA__LOCAL_MASK;
	}
	for (k = 0, c = 0; c < VNUMA__CPU_IDS; c++)
		k += BIT(pick, c);
	if (k)
		*out = malloc(k * sizeof(**out));
	if (k && !*out) {
		*from = VNUMA__LOCAL_NONE;
		free(in_mask);
		free(pick);
		return -1;
	}
	for (c = 0; c < VNUMA__CPU_IDS; c++)
		if (BIT(pick, c))
			(*out)[(*n)++] = (uint16_t)c;
	free(in_mask);
	free(pick);
	return 0;
}

int vnuma__affinity_cpus(uint16_t **out, size_t *n)
{
	struct vnuma__cpuset set;
	int rc = vnuma__cpuset_affinity(&set);
	size_t k;

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return -1;
	k = (size_t)CPU_COUNT_S(set.bytes, set.set);
	*out = malloc(k ? k * sizeof(**out) : 1);
	if (!*out) {
		vnuma__cpuset_free(&set);
		return -1;
	}
	for (size_t c = 0; c < set.bits && c < VNUMA__CPU_IDS; c++)
		if (CPU_ISSET_S(c, set.bytes, set.set))
			(*out)[(*n)++] = (uint16_t)c;
	vnuma__cpuset_free(&set);
	return 0;
}

/* The host's online nodes (sysfs), each with its CPUs and SLIT row. */
struct host_nodes {
	struct vnuma__local_node *node;
	size_t n, cap;
};

static void host_nodes_free(struct host_nodes *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free((void *)h->node[i].cpus);
		free((void *)h->node[i].dist);
	}
	free(h->node);
}

/* Node id's SLIT row ("10 20 20\n"); none when unreadable. */
static int read_distances(struct vnuma__local_node *node)
{
	char path[64], buf[4096], *s = buf, *end;
	uint32_t *d = NULL;
	size_t cap = 0;

	snprintf(path, sizeof(path),
		 "/sys/devices/system/node/node%u/distance", node->id);
	if (!read_small(path, buf, sizeof(buf)))
		return 0;
	for (unsigned long v = strtoul(s, &end, 10); end != s;
	     v = strtoul(s, &end, 10)) {
		if (vnuma__grow(&d, &cap, node->n_dist + 1, sizeof(*d))) {
			free(d);
			return -1;
		}
		d[node->n_dist++] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
		s = end;
	}
	node->dist = d;
	return 0;
}

static int read_host_nodes(struct host_nodes *h)
{
	char buf[4096];
	const char *s = buf;
	uint64_t lo, hi;

	if (!read_small("/sys/devices/system/node/online", buf, sizeof(buf)))
		return 0;
	while ((s = vnuma__kernel_list_next(s, &lo, &hi)))
		for (uint64_t id = lo; id <= hi && id <= UINT16_MAX; id++) {
			struct vnuma__local_node *nd;
			uint16_t *cpus;
			size_t k;

			if (vnuma__grow(&h->node, &h->cap, h->n + 1,
					sizeof(*h->node)))
				return -1;
			nd = &h->node[h->n++];
			memset(nd, 0, sizeof(*nd));
			nd->id = (unsigned)id;
			if (vnuma__host_node_cpus(nd->id, &cpus, &k)) {
				free(cpus);
				return -1;
			}
			nd->cpus = cpus;
			nd->n_cpus = k;
			if (read_distances(nd))
				return -1;
		}
	return 0;
}

int vnuma__host_local_cpus(uint16_t **out, size_t *n,
			   enum vnuma__local_from *from, const uint64_t *nodes,
			   size_t n_nodes)
{
	struct host_nodes h = { 0 };
	uint16_t *mask;
	size_t nm;
	int rc = -1;

	*out = NULL;
	*n = 0;
	*from = VNUMA__LOCAL_NONE;
	if (vnuma__affinity_cpus(&mask, &nm))
		return -1;
	if (!nm) {
		free(mask);
		return 0;
	}
	if (!read_host_nodes(&h))
		rc = vnuma__local_cpus(out, n, from, h.node, h.n, nodes,
				       n_nodes, mask, nm);
	host_nodes_free(&h);
	free(mask);
	return rc;
}
