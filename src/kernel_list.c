/* SPDX-License-Identifier: MIT */
#include "kernel_list.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number without sign or blank (strtoull would take both). */
static bool number(const char *s, uint64_t *v, const char **end)
{
	char *e;

	if (!isdigit((unsigned char)*s))
		return false;
	*v = strtoull(s, &e, 10);
	*end = e;
	return true;
}

const char *vnuma__kernel_list_next(const char *s, uint64_t *lo, uint64_t *hi)
{
	if (!*s || *s == '\n' || !number(s, lo, &s))
		return NULL;
	*hi = *lo;
	if (*s == '-' && !number(s + 1, hi, &s))
		return NULL;
	if (*hi < *lo || (*s && *s != ',' && *s != '\n'))
		return NULL;
	/* "0," is no list: a comma is followed by a range */
	if (*s == ',' && (!s[1] || s[1] == '\n'))
		return NULL;
	return *s == ',' ? s + 1 : s;
}

bool vnuma__kernel_list_valid(const char *s, uint64_t max)
{
	uint64_t lo, hi;

	while (*s && *s != '\n') {
		s = vnuma__kernel_list_next(s, &lo, &hi);
		if (!s || hi > max)
			return false;
	}
	return true;
}

bool vnuma__kernel_list_has(const char *s, uint64_t n)
{
	uint64_t lo, hi;

	while ((s = vnuma__kernel_list_next(s, &lo, &hi)))
		if (n >= lo && n <= hi)
			return true;
	return false;
}

int vnuma__kernel_list_max(const char *s, uint64_t *max)
{
	uint64_t lo, hi;
	bool any = false;

	*max = 0;
	if (!vnuma__kernel_list_valid(s, UINT64_MAX))
		return -1;
	while ((s = vnuma__kernel_list_next(s, &lo, &hi))) {
		any = true;
		if (hi > *max)
			*max = hi;
	}
	return any ? 0 : -1;
}

bool vnuma__mems_allowed(char *buf, size_t len, const char *root)
{
	char path[4096];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof(path), "%s/proc/self/status", root);
	f = fopen(path, "re");
	while (f && !found && fgets(buf, (int)len, f))
		found = !strncmp(buf, "Mems_allowed_list:", 18);
	if (f)
		fclose(f);
	if (found) {
		const char *v = buf + 18 + strspn(buf + 18, " \t");

		memmove(buf, v, strlen(v) + 1);
		buf[strcspn(buf, "\n")] = '\0';
	}
	return found;
}
