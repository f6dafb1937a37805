/* SPDX-License-Identifier: MIT */
/* the host as sysfs, procfs and cgroup v2 show it, read without allocating */
#ifndef VNUMA_HOSTINFO_H
#define VNUMA_HOSTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What the kernel says of this host's NUMA nodes and of the calling
 * process's limits, as of the probe. Only files are read: no guest memory
 * is mapped. A fact whose file the kernel may lack (no CONFIG_NUMA, no
 * hugetlbfs, cgroup v1, an older kernel) is absent, not an error.
 */
typedef struct vnuma_hostinfo vnuma_hostinfo;

#define VNUMA_HOST_PROBE_OPTIONS_VERSION 1
typedef struct vnuma_host_probe_options {
	unsigned int version; /* VNUMA_HOST_PROBE_OPTIONS_VERSION */
	/*
	 * Or NULL for the running host. Otherwise a directory that stands
	 * for "/": a recorded tree (sys/..., proc/self/...). The CPU
	 * affinity is then read from its proc/self/status.
	 */
	const char *root;
} vnuma_host_probe_options;
#define VNUMA_HOST_PROBE_OPTIONS_INIT                  \
	{                                              \
		VNUMA_HOST_PROBE_OPTIONS_VERSION, NULL \
	}

/*
 * Reads the host into *out (free it with vnuma_hostinfo_free()). opts may
 * be NULL (the running host).
 * Errors: VNUMA_E_INVAL (out NULL, unknown options version; check
 * "api.null", "api.version"; a root that is not a directory, check
 * "host.root"), VNUMA_E_HOST (a file that exists cannot be
 * read, check "host.sysfs-read"; or its content is not what the kernel
 * writes, check "host.sysfs-malformed"; the message names the file),
 * VNUMA_E_NOMEM.
 */
int vnuma_host_probe(vnuma_hostinfo **out,
		     const vnuma_host_probe_options *opts, vnuma_error **err);

/* Frees h; NULL is allowed. */
void vnuma_hostinfo_free(vnuma_hostinfo *h);

/* The number of possible nodes (0 when the kernel shows no node). */
size_t vnuma_hostinfo_node_count(const vnuma_hostinfo *h);

/*
 * One node, in increasing id. Strings and arrays belong to h. CPU and
 * node lists are in the kernel's list form ("0-3,8"), "" when empty.
 */
typedef struct vnuma_hostinfo_node {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	unsigned int id;
	bool online;
	bool possible;
	const char *cpus;      /* NULL when nodeN/cpulist is absent */
	bool has_meminfo;      /* nodeN/meminfo read */
	uint64_t mem_total;    /* bytes */
	uint64_t mem_free;     /* bytes */
	size_t distance_count; /* 0 when nodeN/distance is absent */
	/*
	 * The row of nodeN/distance: to the i-th online node, as the kernel
	 * orders it. Kept as written, asymmetric or not.
	 */
	const unsigned int *distances;
	size_t hugepage_size_count; /* see vnuma_hostinfo_node_hugepages() */
	int memory_tier;	    /* memory_tierN's N, -1 when not shown */
	/* nodeN/access0/initiators as a node list, NULL when absent. */
	const char *access0_initiators;
	/*
	 * HMAT's figures for access from those initiators, as the files of
	 * nodeN/access0/initiators/ give them: nanoseconds and MB/s; 0 when
	 * the file is absent.
	 */
	uint64_t access0_read_latency, access0_write_latency;
	uint64_t access0_read_bandwidth, access0_write_bandwidth;
} vnuma_hostinfo_node;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small, index >= count). */
int vnuma_hostinfo_node_get(vnuma_hostinfo_node *out, const vnuma_hostinfo *h,
			    size_t index);

/* One huge page size of a node's pool, sizes in increasing order. */
typedef struct vnuma_hostinfo_hugepages {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	uint64_t page_size; /* bytes */
	uint64_t total;	    /* nr_hugepages */
	uint64_t free;	    /* free_hugepages */
	uint64_t surplus;   /* surplus_hugepages; 0 when absent */
} vnuma_hostinfo_hugepages;

/*
 * Errors: VNUMA_E_INVAL (NULL argument, size too small, an index out of
 * range).
 */
int vnuma_hostinfo_node_hugepages(vnuma_hostinfo_hugepages *out,
				  const vnuma_hostinfo *h, size_t node_index,
				  size_t k);

/* Whether a system call is allowed to this process. */
enum vnuma_hostinfo_syscall {
	VNUMA_HOSTINFO_SYSCALL_UNKNOWN = 0, /* a recorded tree: not asked */
	VNUMA_HOSTINFO_SYSCALL_PERMITTED = 1,
	VNUMA_HOSTINFO_SYSCALL_REFUSED = 2, /* see the *_errno field */
};

/*
 * Host-wide settings and the calling process's limits. Strings belong to
 * h; NULL means the file is absent.
 */
typedef struct vnuma_hostinfo_limits {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	/* The bracketed mode of transparent_hugepage/enabled. */
	const char *thp;
	const char *cgroup; /* the cgroup v2 path of /proc/self/cgroup */
	const char *cpus_effective; /* cpuset.cpus.effective */
	const char *mems_effective; /* cpuset.mems.effective */
	bool has_memory_max;	    /* memory.max read */
	uint64_t memory_max;	    /* bytes; UINT64_MAX for "max" */
	const char *affinity;	    /* the CPUs the process may run on */
	size_t hugetlb_count;	    /* see vnuma_hostinfo_hugetlb_limit() */
	/*
	 * Whether mbind(2) and move_pages(2) reach the kernel: asked of the
	 * running host with calls that cover no memory (an empty range, no
	 * page), so a seccomp filter or a kernel without NUMA shows (EPERM,
	 * ENOSYS) while nothing is bound or moved. Whether given nodes are
	 * allowed is cpuset.mems.effective's matter.
	 */
	int mbind;	      /* enum vnuma_hostinfo_syscall */
	int mbind_errno;      /* when refused */
	int move_pages;	      /* enum vnuma_hostinfo_syscall */
	int move_pages_errno; /* when refused */
	/*
	 * Mems_allowed_list of proc/self/status: the nodes the kernel lets
	 * this process's pages go to (what mbind and a huge page reservation
	 * consult; cpuset.mems.effective is there only where the cpuset
	 * controller is enabled). NULL when absent.
	 */
	const char *mems_allowed;
	bool has_memory_current; /* the cgroup's memory.current read */
	uint64_t memory_current; /* bytes */
	/*
	 * What the memory cgroup and each ancestor up to its mount still
	 * allow, at the tightest level: its limit (memory.max, or v1's
	 * memory.limit_in_bytes) less its usage plus the page cache it can
	 * reclaim (active_file + inactive_file of memory.stat). UINT64_MAX
	 * when no level has a limit or the hierarchy's mount is not shown
	 * (root/proc/self/mountinfo); memory_room_cgroup (the level's
	 * directory under the root, NULL then) and the three figures of it.
	 */
	uint64_t memory_room;
	const char *memory_room_cgroup;
	uint64_t memory_room_max, memory_room_current, memory_room_cache;
	size_t pool_count; /* see vnuma_hostinfo_pool_get() */
} vnuma_hostinfo_limits;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small). */
int vnuma_hostinfo_limits_get(vnuma_hostinfo_limits *out,
			      const vnuma_hostinfo *h);

/* The cgroup's hugetlb.<size>.max and .current, sizes increasing. */
typedef struct vnuma_hostinfo_hugetlb {
	size_t struct_size; /* set by the caller: sizeof(the struct) */
	uint64_t page_size; /* bytes */
	bool has_max;
	uint64_t max; /* bytes; UINT64_MAX for "max" */
	bool has_current;
	uint64_t current; /* bytes */
	/*
	 * What the cgroup and each ancestor still allow of this page size:
	 * the tightest hugetlb.<size>.max less its .current (bytes),
	 * UINT64_MAX when no level has a limit; room_max and room_current
	 * are that level's. A page size limited only by an ancestor has an
	 * entry with has_max and has_current false.
	 */
	uint64_t room, room_max, room_current;
} vnuma_hostinfo_hugetlb;

/*
 * Errors: VNUMA_E_INVAL (NULL argument, size too small, k out of range).
 */
int vnuma_hostinfo_hugetlb_limit(vnuma_hostinfo_hugetlb *out,
				 const vnuma_hostinfo *h, size_t k);

/*
 * A host-wide huge page pool, /sys/kernel/mm/hugepages/hugepages-<size>,
 * page sizes increasing: the counts the kernel keeps beside the per-node
 * ones. Pages a mapping has reserved (reserved) are counted free but no
 * longer available to another; up to overcommit - surplus more pages may
 * be added on demand.
 */
typedef struct vnuma_hostinfo_pool {
	size_t struct_size;  /* set by the caller: sizeof(the struct) */
	uint64_t page_size;  /* bytes */
	uint64_t total;	     /* nr_hugepages */
	uint64_t free;	     /* free_hugepages */
	uint64_t reserved;   /* resv_hugepages */
	uint64_t surplus;    /* surplus_hugepages */
	uint64_t overcommit; /* nr_overcommit_hugepages */
} vnuma_hostinfo_pool;

/*
 * The k-th pool, k < the limits' pool_count. Absent files read 0.
 * Errors: VNUMA_E_INVAL (NULL argument, size too small, k out of range).
 */
int vnuma_hostinfo_pool_get(vnuma_hostinfo_pool *out, const vnuma_hostinfo *h,
			    size_t k);

#ifdef __cplusplus
}
#endif
#endif
