/* SPDX-License-Identifier: MIT */
/* the probed host, and reading its files under a root */
#ifndef VNUMA_HOSTINFO_INTERNAL_H
#define VNUMA_HOSTINFO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/hostinfo.h"

struct vnuma__hi_huge {
	uint64_t size, total, free, surplus;
};

/* /sys/kernel/mm/hugepages/hugepages-<size>: the host-wide counts. */
struct vnuma__hi_pool {
	uint64_t size, total, free, resv, surplus, over;
};

struct vnuma__hi_node {
	unsigned int id;
	bool online;
	char *cpus;
	bool has_meminfo;
	uint64_t mem_total, mem_free;
	unsigned int *dist;
	size_t ndist;
	struct vnuma__hi_huge *huge;
	size_t nhuge;
	int tier;
	char *initiators;
	uint64_t access0[4]; /* read/write latency, read/write bandwidth */
};

struct vnuma__hi_hugetlb {
	uint64_t size;
	bool has_max, has_current;
	uint64_t max, current;
	uint64_t room, room_max, room_cur; /* ancestors included */
};

struct vnuma_hostinfo {
	const char *root; /* "" for the running host; borrowed while probing */
	/*
	 * A copy of root, kept for the few facts read later (preflight's
	 * memory cgroup walk and hugepage overcommit): "" for the running
	 * host.
	 */
	char *root_dir;
	struct vnuma__hi_node *nodes;
	size_t nnodes;
	char *thp, *cgroup, *cpus_eff, *mems_eff, *affinity;
	int mbind, mbind_errno, move_pages, move_pages_errno;
	bool has_memory_max;
	uint64_t memory_max;
	struct vnuma__hi_hugetlb *hugetlb;
	size_t nhugetlb;
	char *mems_allowed; /* Mems_allowed_list */
	bool has_memory_current;
	uint64_t memory_current;
	/* the memory cgroup's tightest level, ancestors included */
	uint64_t memory_room, memory_room_max, memory_room_cur;
	uint64_t memory_room_cache;
	char *memory_room_dir; /* under the root; NULL: no limit */
	struct vnuma__hi_pool *pools;
	size_t npools;
};

/*
 * Reads root/rel (rel begins with "/") into *text, NUL-terminated. Returns
 * 0; 1 with *text NULL when the file is absent; an error otherwise.
 */
int vnuma__hi_read(const struct vnuma_hostinfo *h, const char *rel,
		   char **text, vnuma_error **err);
/* The error for a file whose content the kernel would not write. */
int vnuma__hi_malformed(vnuma_error **err, const char *rel, const char *what);
/* Parses a decimal uint64 from *s, advancing it; false when none. */
bool vnuma__hi_u64(const char **s, uint64_t *v);
/*
 * A file holding one decimal number (and its newline); with or_max, the
 * word "max" too, read as UINT64_MAX (a cgroup limit). *present is false
 * when the file is absent. Errors: host.sysfs-read, host.sysfs-malformed.
 */
/*
 * The list of line "key" (e.g. "Mems_allowed_list:") of proc/self/status
 * into *out (NULL when the file or the line is absent); an empty list is
 * malformed unless may_be_empty. Returns 0 or an error.
 */
int vnuma__hi_status_list(const struct vnuma_hostinfo *h, const char *key,
			  bool may_be_empty, char **out, vnuma_error **err);
int vnuma__hi_number(const struct vnuma_hostinfo *h, const char *rel,
		     bool or_max, uint64_t *v, bool *present,
		     vnuma_error **err);
/* A list ("0-3,8\n") trimmed of its newline, checked; NULL on OOM. */
int vnuma__hi_list(const struct vnuma_hostinfo *h, const char *rel, char **out,
		   vnuma_error **err);
/* A size suffix of a kernel name ("2048kB", "2MB", "1GB") in bytes. */
bool vnuma__hi_size(const char *s, uint64_t *bytes);

int vnuma__hi_nodes(struct vnuma_hostinfo *h, vnuma_error **err);
int vnuma__hi_limits(struct vnuma_hostinfo *h, vnuma_error **err);
/* The host-wide pools (pools.c). */
int vnuma__hi_pools(struct vnuma_hostinfo *h, vnuma_error **err);
/*
 * What the cgroups still allow, ancestors included, and the allowed
 * memory nodes (room.c); after vnuma__hi_limits() and the pools.
 */
int vnuma__hi_rooms(struct vnuma_hostinfo *h, vnuma_error **err);
/* The cgroup's directory under the root (limits.c); *nomem on OOM. */
char *vnuma__hi_cgroup_dir(const struct vnuma_hostinfo *h, int *nomem);

#endif
