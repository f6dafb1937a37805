/* SPDX-License-Identifier: MIT */
/* Host CPUs and the nodes they belong to, as sysfs lists them. */
#include "host_cpus.h"

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
