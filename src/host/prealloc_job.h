/* SPDX-License-Identifier: MIT */
/*
 * The preallocation engine's shared state, between its parts: the entry
 * (prealloc.c), the populate loop (prealloc_fill.c), the classes of CPUs
 * and the thread pool (prealloc_pool.c) and the error reports
 * (prealloc_report.c).
 */
#ifndef VNUMA_HOST_PREALLOC_JOB_H
#define VNUMA_HOST_PREALLOC_JOB_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "cpuset.h"
#include "prealloc.h"

/*
 * Work item size. Large enough that the per-item cost (an atomic claim,
 * one madvise or one sigsetjmp) vanishes against populating it, small
 * enough that the threads finish within one item of each other and that
 * progress moves smoothly. Measured on 1-8 GiB (doc/performance.md):
 * 2 MiB to 64 MiB all run at the same speed; 16 MiB keeps the tail short.
 */
#define CHUNK_DEFAULT ((size_t)16 << 20)
/* Progress is reported every 1% of the total, but at most every 64 MiB. */
#define PROGRESS_MIN ((uint64_t)64 << 20)

enum mode { MODE_POPULATE, MODE_TOUCH };

struct rstate {
	atomic_size_t next; /* next chunk to claim */
	size_t chunk, nchunks;
	size_t cls;	       /* index of its CPU class */
	_Atomic uint64_t done; /* its bytes populated */
	uint64_t reported;     /* done at the last report (the reporter's) */
};

/*
 * The regions that share CPUs form a class: the CPUs given (pinned), or
 * the caller's own affinity (home, the class of regions without CPUs).
 */
struct cls {
	struct vnuma__cpuset set;
	bool pinned;
	uint64_t bytes;
	unsigned threads; /* pool threads it starts with */
	int err;	  /* the host refused a thread on its CPUs */
};

/* One call's shared state: the pool works on it, the caller owns it. */
struct job {
	const struct vnuma__prealloc_region *r;
	struct rstate *rs;
	size_t n;
	struct cls *cls;
	size_t ncls;
	size_t bits; /* of every CPU set: the host's, and every CPU given */
	struct vnuma__cpuset home;
	enum mode mode;
	atomic_bool stop;
	/* the first failure, written once by whoever wins 'failed' */
	atomic_bool failed;
	size_t fail_region;
	size_t fail_offset;
	int fail_errno;
	bool fail_sigbus;
	/* the first error of pinning a thread to a class's CPUs */
	atomic_int aff_errno;
	vnuma__progress_fn progress;
	vnuma__region_progress_fn region_progress;
	void *opaque;
	uint64_t total, step, last;
	/* tests: called by each pool thread as it starts */
	void (*hook)(void *opaque);
	void *hook_opaque;
	const volatile sig_atomic_t *cancel;
	/* tests: threads that changed class, and those sweep() started */
	atomic_uint moves;
	unsigned sweeps;
	_Atomic uint64_t done, next_report;
	atomic_flag reporting;
};

struct worker {
	struct job *job;
	size_t first;
	size_t cls;
	bool caller;  /* the calling thread: its affinity is not ours */
	bool running; /* a pool thread that started */
	pthread_t tid;
};

/* prealloc_fill.c: notes the first failure and stops the pool. */
void vnuma__prealloc_fail(struct job *j, size_t i, size_t off, int e,
			  bool sigbus);
/* Populates the regions of w's class until none has work left. */
void vnuma__prealloc_work_class(struct worker *w);

/* prealloc_pool.c: whether class c has chunks left to claim. */
bool vnuma__prealloc_has_work(struct job *j, size_t c);
/*
 * Forms the classes of j's regions (j->ncls, their CPU sets allocated:
 * the caller frees them). 0, or -1 when out of memory.
 */
int vnuma__prealloc_classify(struct job *j);
/*
 * Shares up to nthreads pool threads out between the classes, none more
 * to a pinned class than it has CPUs; returns how many it gave.
 */
unsigned vnuma__prealloc_share(struct job *j, unsigned nthreads);
/* Runs the pool of nthreads workers w (the caller may be one). */
void vnuma__prealloc_run(struct job *j, struct worker *w, unsigned nthreads);
/* Then gives each class that still holds work one more thread. */
void vnuma__prealloc_sweep(struct job *j);

/* prealloc_report.c: the error of the first failure. */
int vnuma__prealloc_report(const struct job *j, vnuma_error **err);
/* The error of a region left with work although nothing failed. */
int vnuma__prealloc_leftover(struct job *j, vnuma_error **err);

#endif
