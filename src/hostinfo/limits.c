/* SPDX-License-Identifier: MIT */
/* THP mode and the calling process's cgroup v2 and affinity limits */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "../host/cgroup_mount.h"
#include "../error_internal.h"
#include "../host/host_cpus.h"
#include "hostinfo_internal.h"
#include "../util.h"

#define THP_FILE "/sys/kernel/mm/transparent_hugepage/enabled"
#define CGROUP_ROOT "/sys/fs/cgroup"

/* "always [madvise] never": the bracketed word is the mode. */
static int read_thp(struct vnuma_hostinfo *h, vnuma_error **err)
{
	char *t, *open_, *close_;
	int r = vnuma__hi_read(h, THP_FILE, &t, err);

	if (r)
		return r < 0 ? r : 0;
	open_ = strchr(t, '[');
	close_ = open_ ? strchr(open_, ']') : NULL;
	if (!close_ || close_ == open_ + 1 ||
	    strcspn(open_ + 1, " \n") < (size_t)(close_ - open_ - 1)) {
		free(t);
		return vnuma__hi_malformed(err, THP_FILE, "no [mode]");
	}
	h->thp = vnuma__strndup(open_ + 1, (size_t)(close_ - open_ - 1));
	free(t);
	return h->thp ? 0 : vnuma__error_nomem(err);
}

/* The "0::/path" line of a cgroup v2 process; absent under v1 only. */
static int read_cgroup_path(struct vnuma_hostinfo *h, vnuma_error **err)
{
	char *t, *line;
	int r = vnuma__hi_read(h, "/proc/self/cgroup", &t, err);

	if (r)
		return r < 0 ? r : 0;
	for (line = t; *line;) {
		char *eol = strchr(line, '\n');

		if (eol)
			*eol = '\0';
		if (!strncmp(line, "0::", 3)) {
			if (line[3] != '/' || strstr(line, "/../") ||
			    (strlen(line) >= 6 &&
			     !strcmp(line + strlen(line) - 3, "/.."))) {
				free(t);
				return vnuma__hi_malformed(err,
							   "/proc/self/cgroup",
							   "not a cgroup v2 path");
			}
			h->cgroup = vnuma__strdup(line + 3);
			free(t);
			return h->cgroup ? 0 : vnuma__error_nomem(err);
		}
		if (!eol)
			break;
		line = eol + 1;
	}
	free(t);
	return 0;
}

static int cmp_hugetlb(const void *a, const void *b)
{
	const struct vnuma__hi_hugetlb *x = a, *y = b;

	return (x->size > y->size) - (x->size < y->size);
}

static struct vnuma__hi_hugetlb *hugetlb_slot(struct vnuma_hostinfo *h,
					      uint64_t size, size_t *cap)
{
	size_t i;

	for (i = 0; i < h->nhugetlb; i++)
		if (h->hugetlb[i].size == size)
			return &h->hugetlb[i];
	if (vnuma__grow(&h->hugetlb, cap, h->nhugetlb + 1,
			sizeof(*h->hugetlb)))
		return NULL;
	memset(&h->hugetlb[h->nhugetlb], 0, sizeof(*h->hugetlb));
	h->hugetlb[h->nhugetlb].size = size;
	return &h->hugetlb[h->nhugetlb++];
}

/* hugetlb.<size>.max and .current of the cgroup directory. */
static int read_hugetlb(struct vnuma_hostinfo *h, const char *dir,
			vnuma_error **err)
{
	char *path = vnuma__sprintf("%s%s", h->root, dir);
	size_t cap = 0;
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (!path)
		return vnuma__error_nomem(err);
	d = opendir(path);
	free(path);
	if (!d)
		return 0;
	while (!r && (de = readdir(d))) {
		struct vnuma__hi_hugetlb *slot;
		char name[64], *dot, *rel;
		bool is_max, has;
		uint64_t size, v;

		if (strncmp(de->d_name, "hugetlb.", 8) ||
		    strlen(de->d_name) >= sizeof(name))
			continue;
		strcpy(name, de->d_name + 8);
		dot = strchr(name, '.');
		if (!dot)
			continue;
		*dot = '\0';
		is_max = !strcmp(dot + 1, "max");
		if (!is_max && strcmp(dot + 1, "current"))
			continue; /* events, rsvd.*, numa_stat */
		rel = vnuma__sprintf("%s/%s", dir, de->d_name);
		if (!rel) {
			r = vnuma__error_nomem(err);
			break;
		}
		if (!vnuma__hi_size(name, &size)) {
			r = vnuma__hi_malformed(err, rel, "no page size");
			free(rel);
			break;
		}
		r = vnuma__hi_number(h, rel, true, &v, &has, err);
		if (!r && !is_max && v == UINT64_MAX)
			r = vnuma__hi_malformed(err, rel, "not a number");
		free(rel);
		if (r || !has)
			continue;
		slot = hugetlb_slot(h, size, &cap);
		if (!slot) {
			r = vnuma__error_nomem(err);
		} else if (is_max) {
			slot->has_max = true;
			slot->max = v;
		} else {
			slot->has_current = true;
			slot->current = v;
		}
	}
	closedir(d);
	if (!r && h->nhugetlb)
		qsort(h->hugetlb, h->nhugetlb, sizeof(*h->hugetlb),
		      cmp_hugetlb);
	return r;
}

/*
 * The cgroup's directory, relative to the root: below the cgroup2 mount
 * that root/proc/self/mountinfo shows, else below /sys/fs/cgroup (a
 * recorded tree without mountinfo, or a mount that shows another
 * namespace's subtree). *nomem: out of memory.
 */
char *vnuma__hi_cgroup_dir(const struct vnuma_hostinfo *h, int *nomem)
{
	char *mnt, *sub, *dir = NULL;
	int found = vnuma__cgroup_mount(&mnt, &sub, h->root, true, NULL);
	bool oom = found < 0;

	if (found > 0)
		dir = vnuma__cgroup_dir("", mnt, sub, h->cgroup, &oom);
	free(mnt);
	free(sub);
	/* "/" is the root cgroup: its directory is the mount itself. */
	if (!dir && !oom)
		dir = vnuma__sprintf(CGROUP_ROOT "%s",
				     strcmp(h->cgroup, "/") ? h->cgroup : "");
	*nomem = oom || !dir;
	return dir;
}

static int read_cgroup(struct vnuma_hostinfo *h, vnuma_error **err)
{
	char *dir, *rel;
	int r;

	r = read_cgroup_path(h, err);
	if (r || !h->cgroup)
		return r;
	dir = vnuma__hi_cgroup_dir(h, &r);
	if (r)
		return vnuma__error_nomem(err);
	rel = vnuma__sprintf("%s/cpuset.cpus.effective", dir);
	r = rel ? vnuma__hi_list(h, rel, &h->cpus_eff, err) :
		  vnuma__error_nomem(err);
	free(rel);
	if (!r) {
		rel = vnuma__sprintf("%s/cpuset.mems.effective", dir);
		r = rel ? vnuma__hi_list(h, rel, &h->mems_eff, err) :
			  vnuma__error_nomem(err);
		free(rel);
	}
	if (!r) {
		rel = vnuma__sprintf("%s/memory.max", dir);
		r = rel ? vnuma__hi_number(h, rel, true, &h->memory_max,
					   &h->has_memory_max, err) :
			  vnuma__error_nomem(err);
		free(rel);
	}
	if (!r)
		r = read_hugetlb(h, dir, err);
	free(dir);
	return r;
}

/* The running process's mask, as a list. */
static int live_affinity(struct vnuma_hostinfo *h, vnuma_error **err)
{
	struct vnuma__buf b = { 0 };
	cpu_set_t set;
	int i, lo = -1;

	if (sched_getaffinity(0, sizeof(set), &set))
		return vnuma__error_set_errno(err, errno, "host.sysfs-read",
					      NULL, "sched_getaffinity");
	for (i = 0; i <= CPU_SETSIZE; i++) {
		bool in = i < CPU_SETSIZE && CPU_ISSET(i, &set);

		if (in && lo < 0)
			lo = i;
		if (in || lo < 0)
			continue;
		if (i - 1 == lo)
			vnuma__buf_printf(&b, "%s%d", b.len ? "," : "", lo);
		else
			vnuma__buf_printf(&b, "%s%d-%d", b.len ? "," : "", lo,
					  i - 1);
		lo = -1;
	}
	h->affinity = vnuma__buf_take(&b);
	return h->affinity ? 0 : vnuma__error_nomem(err);
}

/* Cpus_allowed_list of a recorded proc/self/status. */
static int recorded_affinity(struct vnuma_hostinfo *h, vnuma_error **err)
{
	return vnuma__hi_status_list(h, "Cpus_allowed_list:", false,
				     &h->affinity, err);
}

/*
 * Calls that cover no memory: an empty range for mbind (the kernel
 * returns before looking at any mapping), no page for move_pages. Only a
 * filter in front of the kernel, or its absence, makes them fail.
 */
static void syscalls(struct vnuma_hostinfo *h)
{
	long page = sysconf(_SC_PAGESIZE);
	/* Any page-aligned address: the range is empty. */
	uintptr_t addr = page > 0 ? (uintptr_t)page : 4096;

	if (syscall(SYS_mbind, addr, 0UL, 0 /* MPOL_DEFAULT */, NULL, 0UL,
		    0U)) {
		h->mbind = VNUMA_HOSTINFO_SYSCALL_REFUSED;
		h->mbind_errno = errno;
	} else {
		h->mbind = VNUMA_HOSTINFO_SYSCALL_PERMITTED;
	}
	if (syscall(SYS_move_pages, 0, 0UL, NULL, NULL, NULL, 0)) {
		h->move_pages = VNUMA_HOSTINFO_SYSCALL_REFUSED;
		h->move_pages_errno = errno;
	} else {
		h->move_pages = VNUMA_HOSTINFO_SYSCALL_PERMITTED;
	}
}

int vnuma__hi_limits(struct vnuma_hostinfo *h, vnuma_error **err)
{
	int r = read_thp(h, err);

	if (!r)
		r = read_cgroup(h, err);
	if (!r)
		r = *h->root ? recorded_affinity(h, err) :
			       live_affinity(h, err);
	if (!r && !*h->root)
		syscalls(h);
	return r;
}
