/* SPDX-License-Identifier: MIT */
/* where a cgroup hierarchy is mounted, as /proc/self/mountinfo says */
#ifndef VNUMA_CGROUP_MOUNT_H
#define VNUMA_CGROUP_MOUNT_H

#include <stdbool.h>

/*
 * Finds in root/proc/self/mountinfo (root "" for the running system) the
 * mount of the unified hierarchy (v2: file system type cgroup2), or with
 * v2 false the v1 hierarchy (type cgroup) whose super options name
 * controller (none when controller is NULL). *mnt is its mount point
 * (under root, without root), *sub the hierarchy's path mounted there
 * ("/" for all of it); both are the caller's to free. Returns 1 when found; 0 when not (no such mount, no
 * file, or a path with escapes, which it does not decode); -1 when out
 * of memory (*mnt and *sub NULL then).
 */
int vnuma__cgroup_mount(char **mnt, char **sub, const char *root, bool v2,
			const char *controller);

/*
 * The directory of cgroup path (as /proc/self/cgroup gives it) when the
 * hierarchy's sub is mounted on mnt: mnt plus the part of path below sub,
 * prefixed with root. NULL when path is not inside sub (another
 * namespace's view) or out of memory (*nomem then).
 */
char *vnuma__cgroup_dir(const char *root, const char *mnt, const char *sub,
			const char *path, bool *nomem);

/* Whether tok is one of the comma-separated words of list (tok NULL: no). */
bool vnuma__has_word(const char *list, const char *tok);

#endif
