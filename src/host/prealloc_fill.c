/* SPDX-License-Identifier: MIT */
/* The populate loop: claiming chunks, populating them, progress. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "prealloc_job.h"
#include "touch.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

void vnuma__prealloc_fail(struct job *j, size_t i, size_t off, int e,
			  bool sigbus)
{
	bool no = false;

	if (atomic_compare_exchange_strong(&j->failed, &no, true)) {
		j->fail_region = i;
		j->fail_offset = off;
		j->fail_errno = e;
		j->fail_sigbus = sigbus;
	}
	atomic_store(&j->stop, true);
}

/* Under the reporting flag: every region that moved, then the total. */
static void report_progress(struct job *j, uint64_t done)
{
	if (j->region_progress)
		for (size_t i = 0; i < j->n; i++) {
			uint64_t d = atomic_load(&j->rs[i].done);

			if (d == j->rs[i].reported || d >= j->r[i].size)
				continue;
			j->rs[i].reported = d;
			j->region_progress(i, d, j->r[i].size, done, j->total,
					   j->opaque);
		}
	if (j->progress)
		j->progress(done, j->total, j->opaque);
}

/* Reports from one thread at a time; a thread that finds another one
 * reporting skips its turn, so nobody waits on the callback. */
static void progress_add(struct job *j, size_t i, size_t len)
{
	uint64_t done = atomic_fetch_add(&j->done, len) + len;

	atomic_fetch_add(&j->rs[i].done, len);
	if ((!j->progress && !j->region_progress) || done >= j->total ||
	    done < atomic_load(&j->next_report))
		return;
	if (atomic_flag_test_and_set(&j->reporting))
		return;
	done = atomic_load(&j->done);
	if (done > j->last && done < j->total) {
		j->last = done;
		atomic_store(&j->next_report, done + j->step);
		report_progress(j, done);
	}
	atomic_flag_clear(&j->reporting);
}

/* Notes the CPU this thread runs on as one that populated region r. */
static void note_cpu(const struct vnuma__prealloc_region *r)
{
	int cpu;

	if (!r->ran_cpus)
		return;
	cpu = sched_getcpu();
	if (cpu >= 0 && (size_t)cpu < VNUMA__CPU_IDS)
		__atomic_fetch_or(&r->ran_cpus[cpu / 64],
				  (uint64_t)1 << (cpu % 64), __ATOMIC_RELAXED);
}

/*
 * How far a failed MADV_POPULATE_WRITE got, for the message: the offset of
 * the first page that is not resident (0 if that cannot be told).
 */
static size_t populated(char *lo, size_t len, size_t page_size)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), n = len / pg, i;
	unsigned char *v = malloc(n ? n : 1);

	if (!v || mincore(lo, len, v)) {
		free(v);
		return 0;
	}
	for (i = 0; i < n && (v[i] & 1); i++)
		;
	free(v);
	return i * pg / page_size * page_size;
}

static int populate(struct job *j, size_t i, size_t off, size_t len)
{
	const struct vnuma__prealloc_region *r = &j->r[i];
	char *lo = (char *)r->addr + off;
	uintptr_t fault;
	int e;

	if (j->mode == MODE_TOUCH) {
		e = vnuma__touch_range(lo, lo + len, r->page_size, &fault);
		if (e)
			vnuma__prealloc_fail(j, i, fault - (uintptr_t)r->addr,
					     e, true);
		return e;
	}
	for (;;) {
		if (!madvise(lo, len, MADV_POPULATE_WRITE))
			return 0;
		e = errno;
		/* EINTR: a signal came in; EAGAIN: a transient fault retry.
		 * Pages already populated are skipped quickly on the retry.
		 * A signal that asked to cancel is left to the caller. */
		if (e != EINTR && e != EAGAIN)
			break;
		if (j->cancel && *j->cancel)
			return 0;
	}
	vnuma__prealloc_fail(j, i, off + populated(lo, len, r->page_size), e,
			     false);
	return e;
}

/*
 * Each thread visits the regions of its class in turn, one chunk at a
 * time, starting at a different region than its neighbour: every region
 * advances at once, and a thread stops after a full round finds nothing
 * left to claim.
 */
void vnuma__prealloc_work_class(struct worker *w)
{
	struct job *j = w->job;
	size_t i = w->first % j->n, idle = 0;

	while (idle < j->n &&
	       !atomic_load_explicit(&j->stop, memory_order_relaxed)) {
		struct rstate *s = &j->rs[i];
		size_t k;

		if (s->cls != w->cls) {
			idle++;
			i = (i + 1) % j->n;
			continue;
		}
		k = atomic_fetch_add(&s->next, 1);
		/* Checked between items: a handler may have set it. */
		if (j->cancel && *j->cancel) {
			vnuma__prealloc_fail(j, i,
					     k < s->nchunks ? k * s->chunk : 0,
					     ECANCELED, false);
			break;
		}
		if (k < s->nchunks) {
			size_t off = k * s->chunk;
			size_t len = j->r[i].size - off;

			if (len > s->chunk)
				len = s->chunk;
			if (populate(j, i, off, len))
				break;
			note_cpu(&j->r[i]);
			progress_add(j, i, len);
			idle = 0;
		} else {
			idle++;
		}
		i = (i + 1) % j->n;
	}
}
