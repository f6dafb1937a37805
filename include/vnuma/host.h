/* SPDX-License-Identifier: MIT */
/* guest memory mapped, bound and preallocated on this host */
#ifndef VNUMA_HOST_H
#define VNUMA_HOST_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "layout.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The guest's memory made real on this host: every memory backend of the
 * topology (and the RAM QEMU 7.2 would create itself: -m without -numa
 * memdev=, with -mem-path when given) mapped, advised, bound to its host
 * nodes and, where prealloc=on, populated. A VMM hands the regions to KVM,
 * vhost or VFIO. The object owns every mapping and file descriptor.
 */
typedef struct vnuma_host vnuma_host;

/*
 * Progress of preallocation: bytes populated so far, of total; (0,
 * total) first, when populating begins (after the checks that come
 * before it), so that a display can start its clock there.
 */
typedef void (*vnuma_host_progress_fn)(uint64_t done, uint64_t total,
				       void *opaque);

/*
 * Progress of one backend's preallocation: block (its index, as
 * vnuma_host_block() counts), whose id is backend (valid during the
 * call), has block_done of its block_total bytes (the mapped length)
 * populated; done and total are the whole pass's, as
 * vnuma_host_progress_fn gets them.
 */
typedef void (*vnuma_host_block_progress_fn)(size_t block, const char *backend,
					     uint64_t block_done,
					     uint64_t block_total,
					     uint64_t done, uint64_t total,
					     void *opaque);

/* Flags of vnuma_host_options. */
#define VNUMA_HOST_NO_PREALLOC 0x1u /* map and bind, populate nothing */
/*
 * Populate backends bound to host nodes from anywhere the process may
 * run, as QEMU 7.2 does without a thread-context, rather than from the
 * CPUs of their nodes.
 */
#define VNUMA_HOST_NO_NODE_LOCAL 0x2u

/*
 * Version 2 adds cancel, version 3 block_progress; a structure of an
 * earlier version (which ends before them) is still accepted.
 */
#define VNUMA_HOST_OPTIONS_VERSION 3
typedef struct vnuma_host_options {
	unsigned int version;		 /* VNUMA_HOST_OPTIONS_VERSION */
	unsigned int flags;		 /* VNUMA_HOST_* */
	vnuma_host_progress_fn progress; /* or NULL; called from one thread
					  * at a time, maybe not the
					  * caller's */
	void *opaque;			 /* passed to progress */
	/*
	 * Or NULL. Preallocation stops within one work item (16 MiB per
	 * thread) once *cancel is nonzero, and vnuma_host_realize() fails
	 * (check "host.prealloc-cancelled") and undoes everything. Meant to
	 * be set from a SIGINT/SIGTERM handler: the library installs none
	 * (the caller owns its signal dispositions) and only reads it.
	 */
	const volatile sig_atomic_t *cancel;
	/*
	 * Or NULL: told of each backend's progress, with opaque, from the
	 * thread that calls progress, just before it: for every backend
	 * that moved since the last report, and for every prealloc=on
	 * backend with (block_total, block_total) at the end, on success.
	 */
	vnuma_host_block_progress_fn block_progress;
} vnuma_host_options;
#define VNUMA_HOST_OPTIONS_INIT                                       \
	{                                                             \
		VNUMA_HOST_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL \
	}

/*
 * Realizes every memory backend of t in QEMU 7.2's order (the -object
 * backends as given, then the machine's own RAM), each one mapped
 * (anonymous memory, memfd, or a file: a directory gets an unlinked
 * temporary file, a hugetlbfs mount gives the page size), advised
 * (MADV_HUGEPAGE unless hugetlb, MADV_MERGEABLE for merge=on,
 * MADV_DONTDUMP for dump=off) and bound (mbind with policy= and
 * host-nodes=, MPOL_MF_STRICT | MPOL_MF_MOVE); then every prealloc=on
 * backend is populated in one pass, after a check that the hugetlb pools
 * hold enough free pages. A backend bound to host nodes (policy bind,
 * preferred or interleave) is populated by threads that run on its
 * nodes' CPUs, those the process may use (for nodes without such CPUs,
 * those of the nearest nodes by distance that have some; all it may use
 * when no distance tells), so that each page is first touched near the
 * node it is placed on, as with QEMU 7.2's thread-context; a backend
 * with a prealloc-context keeps its context's CPUs (see
 * VNUMA_HOST_NO_NODE_LOCAL). The regions follow l, the guest memory
 * layout (NULL: t's own); a range of l that no backend backs (one the caller
 * added) gets no region. t and l may be freed afterwards.
 * Before populating, the bytes to preallocate in memory the process's
 * memory cgroup is charged for (anonymous memory, memfd, tmpfs files,
 * private copies of files) are compared with what the cgroup and its
 * ancestors still allow (cgroup v2 memory.max or v1
 * memory.limit_in_bytes, less usage, plus reclaimable page cache), so
 * that a short cgroup is an error rather than an OOM kill.
 * On failure (cancel included) nothing stays mapped, no descriptor stays
 * open, and a file vnuma created in mem-path is removed again, with
 * any huge pages it held (an empty file that was there is truncated to
 * 0 again).
 * Errors: VNUMA_E_INVAL (out or t NULL, unknown options version or
 * flag), VNUMA_E_CONFLICT (readonly=on with prealloc=on, which QEMU 7.2
 * crashes on), VNUMA_E_RANGE (sizes and alignments the backing store
 * refuses, with QEMU's message), VNUMA_E_HOST (the host refused: the
 * message is QEMU's with strerror, vnuma_error_errno() has errno),
 * VNUMA_E_NOMEM. VNUMA_E_HOST also for a memory cgroup too small
 * ("host.cgroup-memory") and for a cancel ("host.prealloc-cancelled").
 */
int vnuma_host_realize(vnuma_host **out, const vnuma_topology *t,
		       const vnuma_layout *l, const vnuma_host_options *opts,
		       vnuma_error **err);

/*
 * Tells every notifier each block is going away, then releases the
 * memory (MADV_REMOVE first for discard-data=on), closes every
 * descriptor and frees h. NULL is a no-op.
 */
void vnuma_host_free(vnuma_host *h);

/*
 * A host node and how many bytes of a region sit on it. An element of an
 * array the library owns: its layout is fixed for good (a later version
 * would add a new array rather than grow this struct).
 */
typedef struct vnuma_host_node_bytes {
	uint32_t node;
	uint64_t bytes;
} vnuma_host_node_bytes;

/*
 * One guest memory range and the host memory behind it. A backend
 * (block) can back several regions: on x86 a node's RAM is cut around
 * the PCI hole.
 */
typedef struct vnuma_host_region_info {
	size_t struct_size; /* set by the caller (VNUMA_INFO_INIT) */
	uint64_t guest_addr;
	uint64_t size;
	void *host_addr;     /* where the guest's bytes are in this process */
	int fd;		     /* memfd or file, or -1 for anonymous memory */
	uint64_t fd_offset;  /* file offset of host_addr in fd */
	uint64_t page_size;  /* of the backing: 4 KiB or the huge page */
	int64_t node;	     /* guest node, -1 without NUMA */
	const char *backend; /* backend id ("pc.ram" for the machine's);
			       * points into h, valid until vnuma_host_free */
	size_t block;	     /* index of the backend's block */
	bool hotpluggable;   /* a pc-dimm */
	/*
	 * Filled by vnuma_host_measure(); placement points into h and is
	 * valid until the next vnuma_host_measure() or vnuma_host_free().
	 */
	bool measured;
	const vnuma_host_node_bytes *placement; /* ascending node ids */
	size_t n_placement;
	uint64_t absent_bytes; /* pages not populated (yet) */
	uint64_t huge_bytes;   /* bytes backed by huge pages */
} vnuma_host_region_info;

/* Regions in guest address order. */
size_t vnuma_host_region_count(const vnuma_host *h);
/*
 * Errors: VNUMA_E_INVAL (NULL argument, struct_size too small),
 * VNUMA_E_RANGE (bad i).
 */
int vnuma_host_region(vnuma_host_region_info *out, const vnuma_host *h,
		      size_t i);

/*
 * A block: one backend's mapping, as QEMU's RAM block notifiers see it.
 * size is the backend's size; mapped is the mapping's length (rounded up
 * to the page size of the backing).
 */
typedef struct vnuma_host_block_info {
	size_t struct_size;  /* set by the caller (VNUMA_INFO_INIT) */
	const char *backend; /* points into h, valid until vnuma_host_free */
	void *host_addr;
	uint64_t size;
	uint64_t mapped;
	uint64_t page_size;
	int fd;
	bool shared, hugetlb, prealloc;
	const char *policy; /* "default", "preferred", "bind", "interleave" */
	/*
	 * For a prealloc=on backend: the CPUs its preallocation threads
	 * were allowed to run on (its prealloc-context's, its host nodes'
	 * within the process's affinity, or the nearest nodes' for nodes
	 * without such CPUs, when node_local, else the process's affinity),
	 * and those they were seen running on (sampled once per work item),
	 * ascending; point into h, valid until vnuma_host_free(). None
	 * without prealloc.
	 */
	const uint16_t *prealloc_cpus;
	size_t n_prealloc_cpus;
	const uint16_t *touch_cpus;
	size_t n_touch_cpus;
	bool node_local;
} vnuma_host_block_info;

size_t vnuma_host_block_count(const vnuma_host *h);
/*
 * Errors: VNUMA_E_INVAL (NULL argument, struct_size too small),
 * VNUMA_E_RANGE (bad i).
 */
int vnuma_host_block(vnuma_host_block_info *out, const vnuma_host *h,
		     size_t i);

/* Flags of vnuma_host_measure(). */
#define VNUMA_HOST_MEASURE_SAMPLE \
	0x1u /* one page per 2 MiB + 1 page, scaled */

/*
 * Asks the kernel (move_pages) on which host node each page of every
 * region sits, and how much is backed by huge pages; fills each region's
 * placement. Walks every page unless VNUMA_HOST_MEASURE_SAMPLE.
 * Errors: VNUMA_E_INVAL, VNUMA_E_HOST, VNUMA_E_NOMEM.
 */
int vnuma_host_measure(vnuma_host *h, unsigned int flags, vnuma_error **err);

/* How long each step took, in nanoseconds (monotonic clock). */
typedef struct vnuma_host_timing {
	size_t struct_size;   /* set by the caller (VNUMA_INFO_INIT) */
	uint64_t map_ns;      /* map and madvise */
	uint64_t bind_ns;     /* mbind */
	uint64_t populate_ns; /* hugetlb check and preallocation */
	uint64_t measure_ns;  /* the last vnuma_host_measure() */
} vnuma_host_timing;

/* Errors: VNUMA_E_INVAL (NULL argument, struct_size too small). */
int vnuma_host_timing_get(vnuma_host_timing *out, const vnuma_host *h);

/*
 * RAM block notifier, as QEMU's: told of every block added and removed
 * (host address, the block's size, its mapped length). The library keeps
 * a copy of the struct; remove it with the same three values. An options
 * struct: version first (VNUMA_RAM_NOTIFIER_INIT), every version from 1
 * to VNUMA_RAM_NOTIFIER_VERSION accepted.
 */
#define VNUMA_RAM_NOTIFIER_VERSION 1
typedef struct vnuma_ram_notifier {
	unsigned int version; /* VNUMA_RAM_NOTIFIER_VERSION */
	void (*added)(void *host, uint64_t size, uint64_t max_size,
		      void *opaque);
	void (*removed)(void *host, uint64_t size, uint64_t max_size,
			void *opaque);
	void *opaque;
} vnuma_ram_notifier;
#define VNUMA_RAM_NOTIFIER_INIT                              \
	{                                                    \
		VNUMA_RAM_NOTIFIER_VERSION, NULL, NULL, NULL \
	}

/*
 * Registers n; its added callback is first called for every block that
 * exists, in block order. Errors: VNUMA_E_INVAL (NULL argument, unknown
 * version),
 * VNUMA_E_DUPLICATE (the same notifier twice), VNUMA_E_NOMEM.
 */
int vnuma_host_notifier_add(vnuma_host *h, const vnuma_ram_notifier *n,
			    vnuma_error **err);
/*
 * Unregisters n; its removed callback is called for every block that
 * exists, as QEMU does. Errors: VNUMA_E_INVAL (NULL argument, unknown
 * version), VNUMA_E_MISSING (not registered).
 */
int vnuma_host_notifier_remove(vnuma_host *h, const vnuma_ram_notifier *n,
			       vnuma_error **err);

#ifdef __cplusplus
}
#endif
#endif
