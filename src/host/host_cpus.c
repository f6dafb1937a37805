/* SPDX-License-Identifier: MIT */
/* Host CPUs and the nodes they belong to, as sysfs lists them. */
#include "host_cpus.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

bool vnuma__cpulist_valid(const char *s)
{
	while (*s && *s != '\n') {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		if (end == s || *s == '-' || *s == '+')
			return false;
		s = end;
		if (*s == '-') {
			hi = strtoul(s + 1, &end, 10);
			if (end == s + 1 || s[1] == '-' || s[1] == '+' ||
			    hi < lo)
				return false;
			s = end;
		}
		if (hi > UINT16_MAX || (*s && *s != ',' && *s != '\n'))
			return false;
		if (*s == ',')
			s++;
	}
	return true;
}

/* Whether cpu is in the (valid) list s. */
static bool in_list(const char *s, unsigned cpu)
{
	while (*s && *s != '\n') {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		s = end;
		if (*s == '-') {
			hi = strtoul(s + 1, &end, 10);
			s = end;
		}
		if (cpu >= lo && cpu <= hi)
			return true;
		if (*s == ',')
			s++;
	}
	return false;
}

int vnuma__parse_cpulist(const char *s, uint16_t **cpus, size_t *n,
			 size_t *cap)
{
	if (!vnuma__cpulist_valid(s))
		return -1;
	while (*s && *s != '\n') {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		s = end;
		if (*s == '-') {
			hi = strtoul(s + 1, &end, 10);
			s = end;
		}
		for (unsigned long c = lo; c <= hi; c++) {
			if (vnuma__grow(cpus, cap, *n + 1, sizeof(**cpus)))
				return -2;
			(*cpus)[(*n)++] = (uint16_t)c;
		}
		if (*s == ',')
			s++;
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
		if (in_list(buf, cpus[i]))
			return true;
	return false;
}

int vnuma__local_cpus(uint16_t **out, size_t *n, const uint16_t *node_cpus,
		      size_t n_node_cpus, const uint16_t *mask, size_t n_mask)
{
	/* One bit per possible CPU id: 8 KiB, on the heap. */
	uint64_t *in_node = calloc(((size_t)UINT16_MAX + 1) / 64,
				   sizeof(*in_node));
	uint64_t *in_mask = calloc(((size_t)UINT16_MAX + 1) / 64,
				   sizeof(*in_mask));
	size_t k = 0, c;

	*out = NULL;
	*n = 0;
	if (!in_node || !in_mask) {
		free(in_node);
		free(in_mask);
		return -1;
	}
	for (size_t i = 0; i < n_node_cpus; i++)
		in_node[node_cpus[i] / 64] |= (uint64_t)1
					      << (node_cpus[i] % 64);
	for (size_t i = 0; i < n_mask; i++)
		in_mask[mask[i] / 64] |= (uint64_t)1 << (mask[i] % 64);
	for (c = 0; c <= UINT16_MAX; c++)
		if (in_mask[c / 64] >> (c % 64) & 1)
			k += in_node[c / 64] >> (c % 64) & 1;
	/* No CPU of the nodes may be used: anywhere the process may. */
	if (!k) {
		for (c = 0; c < ((size_t)UINT16_MAX + 1) / 64; c++)
			in_node[c] = ~(uint64_t)0;
		for (c = 0; c <= UINT16_MAX; c++)
			k += in_mask[c / 64] >> (c % 64) & 1;
	}
	if (k) {
		*out = malloc(k * sizeof(**out));
		if (!*out) {
			free(in_node);
			free(in_mask);
			return -1;
		}
	}
	for (c = 0; c <= UINT16_MAX; c++)
		if ((in_mask[c / 64] & in_node[c / 64]) >> (c % 64) & 1)
			(*out)[(*n)++] = (uint16_t)c;
	free(in_node);
	free(in_mask);
	return 0;
}

int vnuma__affinity_cpus(uint16_t **out, size_t *n)
{
	cpu_set_t set;

	*out = NULL;
	*n = 0;
	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	*out = malloc(CPU_COUNT(&set) ? CPU_COUNT(&set) * sizeof(**out) : 1);
	if (!*out)
		return -1;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			(*out)[(*n)++] = (uint16_t)c;
	return 0;
}

int vnuma__host_local_cpus(uint16_t **out, size_t *n, const uint64_t *nodes,
			   size_t n_nodes)
{
	uint16_t *node_cpus = NULL, *one, *mask;
	size_t nn = 0, cap = 0, k, nm;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (vnuma__affinity_cpus(&mask, &nm))
		return -1;
	if (!nm) {
		free(mask);
		return 0;
	}
	for (size_t i = 0; i < n_nodes; i++) {
		if (nodes[i] > UINT32_MAX)
			continue;
		if (vnuma__host_node_cpus((unsigned)nodes[i], &one, &k)) {
			free(one);
			goto out;
		}
		if (k && vnuma__grow(&node_cpus, &cap, nn + k,
				     sizeof(*node_cpus))) {
			free(one);
			goto out;
		}
		if (k)
			memcpy(node_cpus + nn, one, k * sizeof(*one));
		nn += k;
		free(one);
	}
	rc = vnuma__local_cpus(out, n, node_cpus, nn, mask, nm);
out:
	free(node_cpus);
	free(mask);
	return rc;
}
