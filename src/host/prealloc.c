/* SPDX-License-Identifier: MIT */
/* Preallocation: the entry, its checks and the pool size. */
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

static unsigned online_cpus(void)
{
	long c = sysconf(_SC_NPROCESSORS_ONLN);

	return c > 0 ? (unsigned)c : 1;
}

/*
 * Pool size: every region brings its own prealloc-threads (0: the online
 * CPUs), as if each backend ran its own threads, all at the same time; the
 * sum is capped at the online CPUs, beyond which threads only contend for
 * the same cores and the same page allocator.
 */
unsigned vnuma__prealloc_threads(const struct vnuma__prealloc_region *r,
				 size_t n)
{
	unsigned cpus = online_cpus(), sum = 0;
	size_t i;

	for (i = 0; i < n && sum < cpus; i++) {
		if (!r[i].size)
			continue;
		sum += r[i].threads && r[i].threads < cpus ? r[i].threads :
							     cpus;
	}
	if (sum > cpus)
		sum = cpus;
	return sum ? sum : 1;
}

/*
 * Whether MADV_POPULATE_WRITE exists (Linux 5.14), asked once per call on
 * the first page to populate: EINVAL means it does not (or the mapping is
 * one it cannot populate) and the threads write-touch instead. Any other
 * failure is that page's real failure. Returns the errno of a failure.
 * The calling thread asks: that one page is touched from its CPU, node-
 * local or not (its policy still places it).
 */
static int probe(struct job *j, size_t *at)
{
	size_t i;
	int e;

	for (i = 0; i < j->n && !j->r[i].size; i++)
		;
	*at = i;
	if (i == j->n)
		return 0;
	for (;;) {
		if (!madvise(j->r[i].addr, j->r[i].page_size,
			     MADV_POPULATE_WRITE))
			return 0;
		e = errno;
		if (e == EINVAL) {
			j->mode = MODE_TOUCH;
			return 0;
		}
		if (e != EINTR && e != EAGAIN)
			return e;
	}
}

static int check_regions(const struct vnuma__prealloc_region *r, size_t n,
			 uint64_t *total, vnuma_error **err)
{
	size_t i, ps;

	*total = 0;
	for (i = 0; i < n; i++) {
		ps = r[i].page_size;
		if (!ps || (ps & (ps - 1)) || r[i].size % ps ||
		    (uintptr_t)r[i].addr % ps || (!r[i].addr && r[i].size))
			return vnuma__error_set(
				err, VNUMA_E_INVAL, "host.prealloc-args", NULL,
				"memory backend '%s': cannot preallocate "
				"%zu bytes at %p with pages of %zu bytes",
				r[i].name ? r[i].name : "?", r[i].size,
				r[i].addr, ps);
		*total += r[i].size;
	}
	return 0;
}

/*
 * The size of the job's CPU sets: the host's (so that the kernel takes
 * them), and enough for every CPU a region names, whose threads would
 * otherwise be pinned to fewer CPUs than it gave.
 */
static size_t set_bits(const struct vnuma__prealloc_region *r, size_t n,
		       size_t host)
{
	size_t bits = host;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < r[i].n_cpus; k++)
			if ((size_t)r[i].cpus[k] + 1 > bits)
				bits = (size_t)r[i].cpus[k] + 1;
	return bits;
}

static void job_init(struct job *j, const struct vnuma__prealloc_region *r,
		     size_t n, size_t chunk, uint64_t total)
{
	size_t i, c;

	j->r = r;
	j->n = n;
	j->total = total;
	j->step = total / 100 > PROGRESS_MIN ? total / 100 : PROGRESS_MIN;
	atomic_init(&j->done, 0);
	atomic_init(&j->next_report, j->step);
	atomic_flag_clear(&j->reporting);
	atomic_init(&j->stop, false);
	atomic_init(&j->failed, false);
	atomic_init(&j->aff_errno, 0);
	for (i = 0; i < n; i++) {
		c = chunk - chunk % r[i].page_size;
		j->rs[i].chunk = c ? c : r[i].page_size;
		j->rs[i].nchunks = (r[i].size + j->rs[i].chunk - 1) /
				   j->rs[i].chunk;
		atomic_init(&j->rs[i].next, 0);
		atomic_init(&j->rs[i].done, 0);
	}
}

int vnuma__prealloc_ex(const struct vnuma__prealloc_region *r, size_t n,
		       const struct vnuma__prealloc_opts *opts,
		       vnuma__progress_fn progress, void *opaque,
		       vnuma_error **err)
{
	struct vnuma__prealloc_opts def = { 0 };
	struct worker *w = NULL;
	struct job j;
	uint64_t total, nchunks = 0;
	unsigned nthreads;
	size_t at;
	int rc, e;

	if (!r && n)
		return VNUMA_E_INVAL;
	if (!opts)
		opts = &def;
	rc = check_regions(r, n, &total, err);
	if (rc || !total)
		return rc;
	memset(&j, 0, sizeof(j));
	j.rs = calloc(n, sizeof(*j.rs));
	j.cls = calloc(n, sizeof(*j.cls));
	if (!j.rs || !j.cls) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	job_init(&j, r, n, opts->chunk ? opts->chunk : CHUNK_DEFAULT, total);
	j.progress = progress;
	j.region_progress = opts->region_progress;
	j.opaque = opaque;
	j.hook = opts->worker_hook;
	j.cancel = opts->cancel;
	j.hook_opaque = opts->hook_opaque;
	/* Threads that leave a pinned class go back to the caller's CPUs
	 * (none when they cannot be read: such a move fails). */
	if (vnuma__cpuset_affinity(&j.home) < 0) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	j.bits = set_bits(r, n, j.home.bits);
	if (vnuma__prealloc_classify(&j)) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		nchunks += j.rs[i].nchunks;
	nthreads = opts->threads ? opts->threads :
				   vnuma__prealloc_threads(r, n);
	if (nthreads > nchunks)
		nthreads = (unsigned)nchunks;
	nthreads = vnuma__prealloc_share(&j, nthreads);
	w = calloc(nthreads, sizeof(*w));
	if (!w) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	j.mode = opts->force_touch ? MODE_TOUCH : MODE_POPULATE;
	if (j.mode == MODE_POPULATE) {
		e = probe(&j, &at);
		if (e) {
			vnuma__prealloc_fail(&j, at, 0, e, false);
			rc = vnuma__prealloc_report(&j, err);
			goto out;
		}
	}
	if (j.mode == MODE_TOUCH) {
		e = vnuma__touch_guard_begin();
		if (e) {
			rc = vnuma__error_set_errno(err, e, "host.prealloc",
						    NULL,
						    "cannot catch SIGBUS");
			goto out;
		}
	}
	/* Populating begins: a display starts its clock here. */
	if (progress)
		progress(0, total, opaque);
	vnuma__prealloc_run(&j, w, nthreads);
	vnuma__prealloc_sweep(&j);
	if (opts->stats) {
		opts->stats->threads = nthreads;
		opts->stats->moves = atomic_load(&j.moves);
		opts->stats->sweeps = j.sweeps;
	}
	if (j.mode == MODE_TOUCH)
		vnuma__touch_guard_end();
	rc = atomic_load(&j.failed) ? vnuma__prealloc_report(&j, err) :
				      vnuma__prealloc_leftover(&j, err);
	if (!rc) {
		if (j.region_progress)
			for (size_t i = 0; i < n; i++)
				if (r[i].size)
					j.region_progress(i, r[i].size,
							  r[i].size, total,
							  total, opaque);
		if (progress)
			progress(total, total, opaque);
	}
out:
	free(w);
	free(j.rs);
	for (size_t c = 0; j.cls && c < n; c++)
		vnuma__cpuset_free(&j.cls[c].set);
	free(j.cls);
	vnuma__cpuset_free(&j.home);
	return rc;
}

int vnuma__prealloc(const struct vnuma__prealloc_region *r, size_t n,
		    vnuma__progress_fn progress, void *opaque,
		    vnuma_error **err)
{
	return vnuma__prealloc_ex(r, n, NULL, progress, opaque, err);
}
