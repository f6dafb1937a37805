/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "hugetlb.h"

/*
 * The huge page pre-check: before any page is touched (and before a
 * hugetlb mapping reserves its pages), the pages needed are summed per
 * (page size, host node) and compared with what sysfs reports free.
 * A node-bound need is compared with that node's pool: the kernel
 * reserves hugetlb pages globally, so a mapping reserved on the host could
 * still fault on an empty node (SIGBUS), and only this check sees it.
 */

struct sum {
	size_t page_size;
	int node;
	uint64_t pages;
	size_t first; /* index of the first need of this sum, for its name */
	size_t count; /* how many needs (backends) it sums */
	bool all;     /* host-wide: the node-bound needs count here too */
};

static int read_u64(const char *path, uint64_t *v)
{
	FILE *f = fopen(path, "re");
	int e = 0;

	if (!f)
		return errno;
	if (fscanf(f, "%" SCNu64, v) != 1)
		e = EIO;
	fclose(f);
	return e;
}

/*
 * Free pages of one size on one node (-1: the whole host, less those
 * reserved). Where the kernel may still grow the pool
 * (nr_overcommit_hugepages above the surplus already in use), those
 * pages count as available too.
 */
static int free_pages(size_t page_size, int node, bool less_resv,
		      uint64_t *out)
{
	char dir[128], path[192];
	uint64_t over = 0, surplus = 0, resv = 0;
	int e;

	if (node < 0)
		snprintf(dir, sizeof(dir),
			 "/sys/kernel/mm/hugepages/hugepages-%zukB",
			 page_size >> 10);
	else
		snprintf(dir, sizeof(dir),
			 "/sys/devices/system/node/node%d/hugepages/"
			 "hugepages-%zukB",
			 node, page_size >> 10);
	snprintf(path, sizeof(path), "%s/free_hugepages", dir);
	e = read_u64(path, out);
	if (e)
		return e;
	/*
	 * Before anything is mapped, free pages that mappings already made
	 * have reserved (another guest not yet touched) are not free to a
	 * new mapping: its mmap would fail. The kernel counts reservations
	 * host-wide only. (Once vnuma has mapped, its own are among them.)
	 */
	snprintf(path, sizeof(path), "%s/resv_hugepages", dir);
	if (node < 0 && less_resv && !read_u64(path, &resv))
		*out = *out > resv ? *out - resv : 0;
	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%zukB/"
		 "nr_overcommit_hugepages",
		 page_size >> 10);
	if (read_u64(path, &over))
		return 0;
	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%zukB/surplus_hugepages",
		 page_size >> 10);
	if (read_u64(path, &surplus))
		return 0;
	if (over > surplus)
		*out += over - surplus;
	return 0;
}

static int node_of(const struct vnuma__hugetlb_need *need)
{
	return need->host_node < 0 ? -1 : need->host_node;
}

/* The backends of one sum, quoted; no fixed buffer, so no id is cut. */
static char *names(const struct vnuma__hugetlb_need *need, size_t n,
		   const struct sum *s)
{
	struct vnuma__buf b = { 0 };
	size_t seen = 0;

	for (size_t i = s->first; i < n && seen < s->count; i++) {
		if (need[i].page_size != s->page_size || !need[i].pages ||
		    (!s->all && node_of(&need[i]) != s->node))
			continue;
		vnuma__buf_printf(&b, "%s'%s'", seen ? ", " : "",
				  need[i].name ? need[i].name : "?");
		seen++;
	}
	return vnuma__buf_take(&b);
}

static int refuse(const struct vnuma__hugetlb_need *need, size_t n,
		  const struct sum *s, uint64_t avail, int e,
		  vnuma_error **err)
{
	char *who = names(need, n, s), where[48];
	int rc;

	if (!who)
		return vnuma__error_nomem(err);
	if (s->node < 0)
		snprintf(where, sizeof(where), "on the host");
	else
		snprintf(where, sizeof(where), "on host node %d", s->node);
	if (e)
		rc = vnuma__error_set_errno(
			err, e, "host.hugetlb-pool", NULL,
			"memory backend%s %s need%s %" PRIu64 " huge pages of "
			"%zu kB %s, but the host has no such pool",
			s->count > 1 ? "s" : "", who, s->count > 1 ? "" : "s",
			s->pages, s->page_size >> 10, where);
	else
		rc = vnuma__error_set(err, VNUMA_E_HOST, "host.hugetlb-free",
				      NULL,
				      "memory backend%s %s need%s %" PRIu64
				      " huge pages of "
				      "%zu kB %s, but only %" PRIu64
				      " are free",
				      s->count > 1 ? "s" : "", who,
				      s->count > 1 ? "" : "s", s->pages,
				      s->page_size >> 10, where, avail);
	free(who);
	return vnuma__error_backend(err, rc, need[s->first].name);
}

int vnuma__hugetlb_precheck(const struct vnuma__hugetlb_need *need, size_t n,
			    vnuma_error **err)
{
	return vnuma__hugetlb_precheck_ex(need, n, false, err);
}

int vnuma__hugetlb_precheck_ex(const struct vnuma__hugetlb_need *need,
			       size_t n, bool before_mapping,
			       vnuma_error **err)
{
	struct sum *s;
	size_t i, k, ns = 0;
	uint64_t avail;
	int rc = 0, e;

	if (!need && n)
		return VNUMA_E_INVAL;
	/* A sum per (size, node), and one host-wide per size at most. */
	s = calloc(2 * n + 1, sizeof(*s));
	if (!s)
		return vnuma__error_nomem(err);
	for (i = 0; i < n; i++) {
		if (!need[i].pages)
			continue;
		for (k = 0; k < ns; k++)
			if (s[k].page_size == need[i].page_size &&
			    s[k].node == node_of(&need[i]))
				break;
		if (k == ns) {
			s[ns].page_size = need[i].page_size;
			s[ns].node = node_of(&need[i]);
			s[ns].first = i;
			ns++;
		}
		s[k].pages += need[i].pages;
		s[k].count++;
	}
	/*
	 * The host-wide pool must hold the node-bound needs as well: the
	 * kernel reserves a mapping's pages host-wide, from what other
	 * mappings have not reserved. A size with node-bound needs only
	 * gets a host-wide sum of its own.
	 */
	for (k = 0, i = ns; k < i; k++) {
		size_t m;

		for (m = 0; m < ns; m++)
			if (s[m].node < 0 && s[m].page_size == s[k].page_size)
				break;
		if (m < ns)
			continue;
		s[ns].page_size = s[k].page_size;
		s[ns].node = -1;
		s[ns].first = s[k].first;
		ns++;
	}
	for (k = 0; k < ns; k++) {
		if (s[k].node >= 0)
			continue;
		s[k].all = true;
		for (i = 0; i < n; i++) {
			if (need[i].host_node < 0 || !need[i].pages ||
			    need[i].page_size != s[k].page_size)
				continue;
			s[k].pages += need[i].pages;
			s[k].count++;
			if (s[k].first > i)
				s[k].first = i;
		}
	}
	for (k = 0; k < ns && !rc; k++) {
		e = free_pages(s[k].page_size, s[k].node, before_mapping,
			       &avail);
		if (e || avail < s[k].pages)
			rc = refuse(need, n, &s[k], avail, e, err);
	}
	free(s);
	return rc;
}
