/* SPDX-License-Identifier: MIT */
/*
 * One reader of /proc/self/mountinfo for the cgroup mounts, for the
 * memory check before preallocation (host/cgroup.c) and the host model
 * (hostinfo/limits.c): cgroup2 is not always on /sys/fs/cgroup (a
 * container, an older systemd's /sys/fs/cgroup/unified, a hand mount).
 */
#include "cgroup_mount.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

/* Whether tok is one of the comma-separated words of list (no tok: no). */
bool vnuma__has_word(const char *list, const char *tok)
{
	size_t n;

	if (!tok)
		return false;
	n = strlen(tok);
	for (const char *p = list; p && *p;) {
		if (!strncmp(p, tok, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/*
 * One mountinfo line, cut in place: "id parent major:minor root
 * mount-point options [optional...] - type source super-options". Its
 * root and mount point when it is the hierarchy asked for.
 */
static bool match(char *line, bool v2, const char *controller, char **root,
		  char **point)
{
	char *sep = strstr(line, " - "), *type, *opts, *f4, *f5;

	if (!sep)
		return false;
	*sep = 0;
	type = sep + 3;
	opts = strchr(type, ' ');
	if (!opts)
		return false;
	*opts++ = 0;
	opts = strchr(opts, ' '); /* past the source */
	if (v2 ? strcmp(type, "cgroup2") :
		 strcmp(type, "cgroup") || !opts ||
			    !vnuma__has_word(opts + 1, controller))
		return false;
	f4 = line;
	for (int i = 0; i < 3 && f4; i++) {
		f4 = strchr(f4, ' ');
		if (f4)
			f4++;
	}
	f5 = f4 ? strchr(f4, ' ') : NULL;
	if (!f5)
		return false;
	*f5++ = 0;
	f5[strcspn(f5, " ")] = 0;
	/* Octal escapes (a space in the path): not worth decoding. */
	if (strchr(f4, '\\') || strchr(f5, '\\'))
		return false;
	*root = f4;
	*point = f5;
	return true;
}

int vnuma__cgroup_mount(char **mnt, char **sub, const char *root, bool v2,
			const char *controller)
{
	char *line = NULL, *r, *m;
	char *p = vnuma__sprintf("%s/proc/self/mountinfo", root);
	size_t cap = 0;
	int found = 0;
	FILE *f;

	*mnt = *sub = NULL;
	if (!p)
		return -1;
	f = fopen(p, "re");
	free(p);
	while (f && !found && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (!match(line, v2, controller, &r, &m))
			continue;
		*mnt = vnuma__strdup(m);
		*sub = vnuma__strdup(r);
		found = *mnt && *sub ? 1 : -1;
	}
	free(line);
	if (f)
		fclose(f);
	if (found < 0) {
		free(*mnt);
		free(*sub);
		*mnt = *sub = NULL;
	}
	return found;
}

char *vnuma__cgroup_dir(const char *root, const char *mnt, const char *sub,
			const char *path, bool *nomem)
{
	size_t sl = strcmp(sub, "/") ? strlen(sub) : 0;
	char *dir;

	*nomem = false;
	/* The mount shows a subtree: the path must lie inside it. */
	if (strncmp(path, sub, sl) || (path[sl] != '/' && path[sl]))
		return NULL;
	/* "/" below the mount is the mount itself. */
	dir = vnuma__sprintf("%s%s%s", root, mnt,
			     strcmp(path + sl, "/") ? path + sl : "");
	*nomem = !dir;
	return dir;
}
