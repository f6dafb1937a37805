/* SPDX-License-Identifier: MIT */
/* the preflight's result and the checks that fill it */
#ifndef VNUMA_PREFLIGHT_INTERNAL_H
#define VNUMA_PREFLIGHT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/preflight.h"
#include "../error_internal.h"
#include "../hostinfo/hostinfo_internal.h"
#include "../view/view.h"

struct vnuma__preflight_reason {
	char *check, *backend, *needed, *there, *message;
	int severity;
	int64_t node;
};

struct vnuma_preflight {
	struct vnuma__preflight_reason *r;
	size_t n, cap;
	bool fits;
};

struct vnuma__preflight_ctx {
	struct vnuma_preflight *p;
	const struct vnuma__view *v;
	const struct vnuma_hostinfo *h;
	/*
	 * The nodes the kernel lets this process's pages go to: the
	 * Mems_allowed_list of proc/self/status, which is what mbind and
	 * the huge page reservation consult (cpuset.mems.effective is only
	 * there where the cpuset controller is enabled), else
	 * cpuset.mems.effective; NULL: every node.
	 */
	char *mems;
	/*
	 * The CPUs the kernel lets a thread be pinned to: the cpuset's,
	 * cpuset.cpus.effective (v2), else a v1 cpuset hierarchy's
	 * cpuset.effective_cpus; NULL: every CPU.
	 */
	char *cpus;
	bool oom; /* a file's path could not be made: the check fails */
};

/*
 * Adds a reason; needed and there are printf-formatted by the caller.
 * Returns VNUMA_E_NOMEM when it cannot be stored, else 0.
 */
int vnuma__preflight_add(struct vnuma__preflight_ctx *c, const char *check,
			 int severity, const char *backend, int64_t node,
			 const char *needed, const char *there,
			 const char *fmt, ...) VNUMA__PRINTF(8, 9);

/* The host node with that id, or NULL when the host has none. */
const struct vnuma__hi_node *vnuma__preflight_node(
	const struct vnuma_hostinfo *h, uint64_t id);
/* Whether v is in a kernel list ("0-3,8"); a NULL list holds everything. */
bool vnuma__preflight_in_list(const char *list, uint64_t v);
/* The number of members of a kernel list; 0 for NULL. */
size_t vnuma__preflight_list_count(const char *list);
/*
 * Whether the kernel can place a backend's pages on host node id: it
 * exists, is online, has memory and is in cpuset.mems.effective.
 * *why is a word for the reason it cannot, NULL when it can.
 */
bool vnuma__preflight_node_usable(const struct vnuma__preflight_ctx *c,
				  uint64_t id, const char **why,
				  const char **check);
/*
 * Free huge pages of that size on node id; -1: on every node, -2: on the
 * nodes the kernel may place this process's pages on. *pool: some node
 * counted has a pool of that size.
 */
uint64_t vnuma__preflight_huge_free(const struct vnuma__preflight_ctx *c,
				    uint64_t ps, int64_t node, bool *pool);

/*
 * The cgroup v2 directory of the process's cgroup, up levels (0: its
 * own), under the root: NULL when there is no such level (or no v2
 * cgroup); sets c->oom when a path cannot be made.
 */
char *vnuma__preflight_cg2_dir(struct vnuma__preflight_ctx *c, unsigned up);
/* A file's first line (no newline), NULL when absent (or on OOM). */
char *vnuma__preflight_first_line(struct vnuma__preflight_ctx *c,
				  const char *path);

/* The check id of a huge page fault while populating (hugetlb.c). */
const char *vnuma__preflight_fault_check(void);

/*
 * A backend's huge page needs, as realizing sums them (hugetlb.c): the
 * pages of its page size, and the round that compares them.
 */
struct vnuma__preflight_need {
	uint64_t ps, pages;
	int64_t node; /* bind to one node: it; else -1 */
	const struct vnuma__view_backend *be;
	int round;	 /* 1 before mapping, 2 before populating, 0 neither */
	bool pool_short; /* a round found its page size's pool short */
	bool reported;	 /* check_populate() gave it a reason */
};

/*
 * Whether a backend's pages are charged to the memory cgroup, and
 * *bytes of them (limits.c).
 */
bool vnuma__preflight_charged(struct vnuma__preflight_ctx *c,
			      const struct vnuma__view_backend *be,
			      uint64_t *bytes);
/* cgroup.c: the hugetlb cgroup against the backends' huge pages. */
int vnuma__preflight_cgroup_hugetlb(struct vnuma__preflight_ctx *c,
				    const struct vnuma__preflight_need *nd,
				    size_t n);
/* cgroup.c: the memory cgroup against what realizing charges. */
int vnuma__preflight_cgroup_memory(struct vnuma__preflight_ctx *c);

/* nodes.c: host-nodes against the host, and mbind itself. */
int vnuma__preflight_nodes(struct vnuma__preflight_ctx *c);
/* hugetlb.c: the huge page pools, per node and per cgroup. */
int vnuma__preflight_hugetlb(struct vnuma__preflight_ctx *c);
/* limits.c: memory cgroup, free memory, prealloc threads and contexts. */
int vnuma__preflight_limits(struct vnuma__preflight_ctx *c);

#endif
