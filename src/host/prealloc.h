/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_PREALLOC_H
#define VNUMA_HOST_PREALLOC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../error_internal.h"

/*
 * One mapping to populate. The caller has mapped it, madvised it and bound
 * it (mbind) already: populating is the last step, so the kernel places
 * every page by the policy that is in force.
 */
struct vnuma__prealloc_region {
	void *addr;
	size_t size;	  /* a multiple of page_size */
	size_t page_size; /* 4 KiB, or the huge page size */
	bool hugetlb;	  /* hugetlbfs or memfd hugetlb backing */
	unsigned threads; /* the backend's prealloc-threads; 0: online CPUs */
	const char *name; /* the backend's id, for messages */
	/*
	 * The host CPUs its threads run on (its prealloc-context's), or
	 * none (n_cpus 0): anywhere. Regions with the same CPUs share a
	 * pool; the threads of such a pool start pinned to them.
	 */
	const uint16_t *cpus;
	size_t n_cpus;
	/* A file's memory (not anonymous or memfd): its file system may be
	 * what ran out. */
	bool file;
	/*
	 * Or NULL: a bitmap of VNUMA__CPU_IDS bits (cpuset.h; CPU c is bit
	 * c % 64 of word c / 64) where the pool sets, after each work item
	 * of this region, the CPU its thread ran on (sched_getcpu): where
	 * the touches really ran, sampled once a work item.
	 */
	uint64_t *ran_cpus;
	/* cpus are its host nodes' (not a thread-context's): for messages */
	bool node_local;
};

/*
 * Called from one thread at a time, with bytes populated so far: (0,
 * total) once when populating begins, after the checks.
 */
typedef void (*vnuma__progress_fn)(uint64_t done, uint64_t total,
				   void *opaque);

/*
 * Progress of region i: its bytes populated (of its size), and the
 * whole call's (of the total).
 */
typedef void (*vnuma__region_progress_fn)(size_t i, uint64_t region_done,
					  uint64_t region_size, uint64_t done,
					  uint64_t total, void *opaque);

/*
 * Populates every region, all of them together on one pool of threads
 * (contiguous chunks), with MADV_POPULATE_WRITE where the kernel has it,
 * else by writing one byte per page. A hugetlb pool that runs dry (SIGBUS
 * or EFAULT/ENOMEM from the kernel) becomes an error naming the region,
 * never a crash. A region with CPUs is populated only by threads pinned
 * to exactly those CPUs; the others by threads with the caller's
 * affinity. A thread whose CPUs have no work left moves to those of a
 * region that has (changing its affinity), so that the pool works on all
 * regions at once and to the end. Errors: VNUMA_E_HOST (errno text in
 * the message), VNUMA_E_NOMEM, VNUMA_E_INVAL (a region not aligned to
 * its page size). The pool has vnuma__prealloc_threads() threads, no
 * more on one set of CPUs than it has CPUs; the progress callback gets
 * (0, total) as populating begins and (total, total) exactly once, at
 * the end, on success only.
 */
int vnuma__prealloc(const struct vnuma__prealloc_region *r, size_t n,
		    vnuma__progress_fn progress, void *opaque,
		    vnuma_error **err);

/*
 * Knobs for tests and benchmarks (additive to the interface above);
 * vnuma__prealloc() is vnuma__prealloc_ex() with every field zero.
 */
struct vnuma__prealloc_opts {
	bool force_touch; /* never MADV_POPULATE_WRITE: write one byte a page */
	size_t chunk;	  /* bytes per work item; 0: the default */
	unsigned threads; /* pool size; 0: the rule of vnuma__prealloc() */
	/* Called by every pool thread as it starts (tests read its CPUs). */
	void (*worker_hook)(void *opaque);
	void *hook_opaque;
	/*
	 * Or NULL: once *cancel is nonzero (a signal handler sets it), the
	 * threads stop after their current work item and the call fails
	 * with "host.prealloc-cancelled".
	 */
	const volatile sig_atomic_t *cancel;
	/*
	 * Or NULL: called (with the opaque of the progress callback) by the
	 * thread that reports, for every region that moved since the last
	 * report, and for every region with (size, size) at the end, on
	 * success only, before progress gets (total, total).
	 */
	vnuma__region_progress_fn region_progress;
	/* Or NULL: filled with what the pool did, for tests. */
	struct vnuma__prealloc_stats *stats;
};

struct vnuma__prealloc_stats {
	unsigned threads; /* pool threads shared out (the caller included) */
	unsigned moves;	  /* times a thread joined another class */
	unsigned sweeps;  /* threads started after the pool for work left */
};

int vnuma__prealloc_ex(const struct vnuma__prealloc_region *r, size_t n,
		       const struct vnuma__prealloc_opts *opts,
		       vnuma__progress_fn progress, void *opaque,
		       vnuma_error **err);

/* The pool size vnuma__prealloc() uses for these regions (see prealloc.c). */
unsigned vnuma__prealloc_threads(const struct vnuma__prealloc_region *r,
				 size_t n);

#endif
