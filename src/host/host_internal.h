/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_INTERNAL_H
#define VNUMA_HOST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/host.h"
#include "../error_internal.h"
#include "../view/view.h"

/*
 * One backend made real (QEMU's RAMBlock). Everything needed later is
 * copied out of the backend: the topology may be freed once realized.
 */
struct vnuma__host_block {
	char *id;   /* backend id, or the machine's default RAM id */
	char *name; /* the RAM block's name (temporary file names) */
	enum vnuma__backend_kind kind;
	enum vnuma__host_policy policy;
	uint64_t host_nodes[VNUMA__HOST_NODES_MAX];
	size_t n_host_nodes;
	bool share, merge, dump, prealloc, reserve, readonly, discard;
	bool hugetlb; /* the backing is hugetlbfs (set by mapping) */
	/* what to map: memfd hugetlb=, hugetlbsize=, seal=; file mem-path= */
	bool memfd_hugetlb, seal;
	uint64_t hugetlbsize, align;
	char *mem_path;
	uint32_t threads; /* prealloc-threads */
	uint16_t *cpus;	  /* its prealloc-context's host CPUs, or NULL */
	size_t n_cpus;
	/*
	 * Preallocation (prealloc=on): the CPUs its threads were allowed,
	 * whether they are its host nodes' (or the nearest nodes'), and
	 * those they ran on (a bitmap of VNUMA__CPU_IDS bits the pool
	 * fills, then the list of it).
	 */
	uint16_t *allowed;
	size_t n_allowed;
	bool node_local;
	bool pin; /* its threads are pinned to allowed (not the whole mask) */
	uint64_t *ran;
	uint16_t *touched;
	size_t n_touched;
	void *host;    /* NULL until mapped */
	size_t size;   /* the backend's size */
	size_t mapped; /* the mapping's length */
	size_t page_size;
	int fd;		   /* -1: anonymous */
	bool notified;	   /* notifiers were told it exists */
	bool pool_checked; /* its huge pages were checked before mapping */
	/*
	 * mem-path named a file that was not there: vnuma made it, and
	 * removes it again if realizing fails (created_dev/ino tell that
	 * the path still names that file).
	 */
	bool created;
	uint64_t created_dev, created_ino;
	bool existing; /* mem-path named a file that was there already */
	bool grown;    /* ... an empty one, which vnuma gave its size */
	bool tmpfs;    /* the fd's file system is tmpfs (shmem) */
};

struct vnuma__host_region {
	uint64_t gpa, size;
	size_t block;
	uint64_t offset; /* within the block */
	int64_t node;
	bool hotpluggable;
	/* placement (placement.c) */
	bool measured;
	vnuma_host_node_bytes *placed;
	size_t n_placed;
	uint64_t absent, huge;
};

struct vnuma_host {
	struct vnuma__host_block *blocks;
	size_t n_blocks, cap_blocks;
	struct vnuma__host_region *regions;
	size_t n_regions, cap_regions;
	vnuma_ram_notifier *notifiers;
	size_t n_notifiers, cap_notifiers;
	vnuma_host_timing timing;
};

/*
 * map.c: maps one block as its backend kind asks (anonymous memory,
 * memfd, or a file), with QEMU 7.2's checks and messages, and advises it.
 * Sets host, mapped, page_size, fd. On failure nothing stays mapped or
 * open and a file it created is removed.
 */
int vnuma__host_map(struct vnuma__host_block *b, vnuma_error **err);
/*
 * The huge page size the block will be mapped with, known before it is:
 * memfd with hugetlb=on, or a new file in a hugetlbfs directory, with a
 * pool of that size on the host. 0 otherwise (an existing file may hold
 * its pages already; the mapping finds its page size).
 */
size_t vnuma__host_planned_huge_page(const struct vnuma__host_block *b);
struct vnuma__view;
/*
 * The conflicts of a backend's own options realizing rejects before it
 * looks at the host (host.readonly-prealloc, VNUMA_E_CONFLICT, naming
 * the backend); preflight rejects them alike.
 */
int vnuma__host_check_conflicts(const struct vnuma__view *v,
				vnuma_error **err);
/* Unmaps and closes (MADV_REMOVE first for discard-data). */
void vnuma__host_unmap(struct vnuma__host_block *b);
/*
 * After a failure: removes the file vnuma created for b, if it did and it
 * is still there, and gives an empty file that was there its size 0 again
 * (on hugetlbfs that also returns the pages its mapping reserved).
 * Before b's descriptor is closed.
 */
void vnuma__host_remove_created(struct vnuma__host_block *b);

/*
 * cgroup.c: the bytes that prealloc=on will charge to the process's
 * memory cgroup, compared with what the cgroup (and each ancestor) still
 * allows, before any page is populated.
 */
int vnuma__host_cgroup_check(const struct vnuma_host *h, vnuma_error **err);

/*
 * What the process's memory cgroup, and each ancestor, still allows: the
 * tightest level's directory (NULL: no limit found, room UINT64_MAX), its
 * room (limit - usage + reclaimable page cache), limit, usage and
 * reclaimable bytes. sys is the directory that stands for "/" ("" on the
 * real system; tests give a tree of their own). Errors: VNUMA_E_NOMEM.
 */
struct vnuma__memcg_room {
	char *dir;
	uint64_t room, max, cur, cache;
};
int vnuma__memcg_room(struct vnuma__memcg_room *out, const char *sys);

/*
 * regions.c: one region per enabled range of l that a block backs, with
 * the block and the offset in it. The blocks are v's backends, in order.
 */
int vnuma__host_regions(struct vnuma_host *h, const struct vnuma__view *v,
			const struct vnuma_layout *l, vnuma_error **err);

/* policy.c: mbind of the block per its policy and host nodes. */
int vnuma__host_bind(const struct vnuma__host_block *b, vnuma_error **err);

/*
 * order.c: the pass in which a preallocated block is populated, lowest
 * first: 0 for memory that is not hugetlb, then hugetlb blocks bound to
 * fewer nodes with free pages before more, UINT_MAX for those whose
 * faults may take a page of any node the process may use.
 */
unsigned vnuma__host_populate_pass(const struct vnuma__host_block *b);

/* notify.c: every notifier is told of block i; and of all removals. */
void vnuma__host_notify_added(struct vnuma_host *h, size_t i);
void vnuma__host_notify_removed_all(struct vnuma_host *h);

/* placement.c: frees what vnuma_host_measure() stored. */
void vnuma__host_placement_fini(struct vnuma_host *h);

/* Monotonic time in nanoseconds. */
uint64_t vnuma__host_now_ns(void);

#endif
