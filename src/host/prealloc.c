/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "prealloc.h"
#include "touch.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

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
};

/* One call's shared state: the pool works on it, the caller owns it. */
struct job {
	const struct vnuma__prealloc_region *r;
	struct rstate *rs;
	size_t n;
	enum mode mode;
	atomic_bool stop;
	/* the first failure, written once by whoever wins 'failed' */
	atomic_bool failed;
	size_t fail_region;
	size_t fail_offset;
	int fail_errno;
	bool fail_sigbus;
	/* progress: this group's bytes count from base, out of grand */
	vnuma__progress_fn progress;
	void *opaque;
	uint64_t total, step, last, base, grand;
	/* tests: called by each pool thread as it starts */
	void (*hook)(void *opaque);
	void *hook_opaque;
	const volatile sig_atomic_t *cancel;
	_Atomic uint64_t done, next_report;
	atomic_flag reporting;
};

struct worker {
	struct job *job;
	size_t first;
	pthread_t tid;
};

static void fail(struct job *j, size_t i, size_t off, int e, bool sigbus)
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

/* Reports from one thread at a time; a thread that finds another one
 * reporting skips its turn, so nobody waits on the callback. */
static void progress_add(struct job *j, size_t len)
{
	uint64_t done = atomic_fetch_add(&j->done, len) + len;

	if (!j->progress || done >= j->total ||
	    done < atomic_load(&j->next_report))
		return;
	if (atomic_flag_test_and_set(&j->reporting))
		return;
	done = atomic_load(&j->done);
	if (done > j->last && done < j->total) {
		j->last = done;
		atomic_store(&j->next_report, done + j->step);
		j->progress(j->base + done, j->grand, j->opaque);
	}
	atomic_flag_clear(&j->reporting);
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
			fail(j, i, fault - (uintptr_t)r->addr, e, true);
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
	fail(j, i, off + populated(lo, len, r->page_size), e, false);
	return e;
}

/*
 * Each thread visits the regions in turn, one chunk at a time, starting at
 * a different region than its neighbour: every region advances at once,
 * and a thread stops after a full round finds nothing left to claim.
 */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct job *j = w->job;
	size_t i = w->first % j->n, idle = 0;

	if (j->hook)
		j->hook(j->hook_opaque);
	while (idle < j->n &&
	       !atomic_load_explicit(&j->stop, memory_order_relaxed)) {
		struct rstate *s = &j->rs[i];
		size_t k = atomic_fetch_add(&s->next, 1);

		/* Checked between items: a handler may have set it. */
		if (j->cancel && *j->cancel) {
			fail(j, i, k < s->nchunks ? k * s->chunk : 0,
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
			progress_add(j, len);
			idle = 0;
		} else {
			idle++;
		}
		i = (i + 1) % j->n;
	}
	return NULL;
}

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

static int report(const struct job *j, vnuma_error **err)
{
	const struct vnuma__prealloc_region *r = &j->r[j->fail_region];
	const char *name = r->name ? r->name : "?";
	int rc;

	if (j->fail_errno == ECANCELED && !j->fail_sigbus)
		return vnuma__error_set(err, VNUMA_E_HOST,
					"host.prealloc-cancelled", NULL,
					"memory backend '%s': preallocation "
					"cancelled",
					name);
	if (j->fail_sigbus) {
		rc = vnuma__error_set_errno(err, j->fail_errno,
					    "host.prealloc-sigbus", NULL,
					    "memory backend '%s': "
					    "preallocating memory failed at "
					    "offset 0x%zx: SIGBUS",
					    name, j->fail_offset);
	} else {
		rc = vnuma__error_set_errno(err, j->fail_errno,
					    "host.prealloc", NULL,
					    "memory backend '%s': "
					    "preallocating memory failed at "
					    "offset 0x%zx",
					    name, j->fail_offset);
	}
	if (r->hugetlb && (j->fail_sigbus || j->fail_errno == EFAULT ||
			   j->fail_errno == ENOMEM))
		vnuma__error_append_hint(err,
					 "the host ran out of free huge "
					 "pages of %zu kB\n",
					 r->page_size >> 10);
	/* A file system out of blocks fails the fault: SIGBUS when
	 * touched, EFAULT from MADV_POPULATE_WRITE. */
	else if (j->fail_sigbus || (r->file && (j->fail_errno == EFAULT ||
						j->fail_errno == ENOSPC)))
		vnuma__error_append_hint(err,
					 "the backing file could not "
					 "grow: is its file system full?\n");
	return vnuma__error_backend(err, rc, r->name);
}

static void job_init(struct job *j, const struct vnuma__prealloc_region *r,
		     size_t n, size_t chunk, uint64_t total)
{
	size_t i, c;

	j->r = r;
	j->n = n;
	j->total = total;
	j->grand = total;
	j->step = total / 100 > PROGRESS_MIN ? total / 100 : PROGRESS_MIN;
	atomic_init(&j->done, 0);
	atomic_init(&j->next_report, j->step);
	atomic_flag_clear(&j->reporting);
	atomic_init(&j->stop, false);
	atomic_init(&j->failed, false);
	for (i = 0; i < n; i++) {
		c = chunk - chunk % r[i].page_size;
		j->rs[i].chunk = c ? c : r[i].page_size;
		j->rs[i].nchunks = (r[i].size + j->rs[i].chunk - 1) /
				   j->rs[i].chunk;
		atomic_init(&j->rs[i].next, 0);
	}
}

/*
 * Runs the pool: the calling thread is one of its workers, unless the
 * threads must run on given CPUs (set), where all of them are started
 * with that affinity, as threads a QEMU thread-context creates inherit
 * its own. Returns 0, or the error of starting the first pinned thread.
 */
static int run_pool(struct job *j, struct worker *w, unsigned nthreads,
		    const cpu_set_t *set)
{
	pthread_attr_t attr, *a = NULL;
	unsigned t, started, first = set ? 0 : 1;
	int e = 0;

	for (t = 0; t < nthreads; t++) {
		w[t].job = j;
		w[t].first = t;
	}
	if (set) {
		e = pthread_attr_init(&attr);
		if (e)
			return e;
		a = &attr;
		e = pthread_attr_setaffinity_np(a, sizeof(*set), set);
		if (e) {
			pthread_attr_destroy(a);
			return e;
		}
	}
	/* Fewer threads than asked if the host refuses more: still correct. */
	for (started = first; started < nthreads; started++) {
		e = pthread_create(&w[started].tid, a, work, &w[started]);
		if (e)
			break;
	}
	if (a)
		pthread_attr_destroy(a);
	if (!set)
		work(&w[0]);
	for (t = first; t < started; t++)
		pthread_join(w[t].tid, NULL);
	/* Pinned threads that cannot start leave nobody to do the work. */
	return started ? 0 : e;
}

/* One pool for regions r[0..n) (whose bytes sum to total). */
static int run_group(const struct vnuma__prealloc_region *r, size_t n,
		     uint64_t total, const struct vnuma__prealloc_opts *opts,
		     const cpu_set_t *set, struct job *proto,
		     vnuma_error **err)
{
	struct worker *w = NULL;
	struct job j;
	uint64_t nchunks = 0;
	unsigned nthreads;
	size_t i, at;
	int rc = VNUMA_OK, e;

	memset(&j, 0, sizeof(j));
	j.rs = calloc(n, sizeof(*j.rs));
	if (!j.rs)
		return vnuma__error_nomem(err);
	job_init(&j, r, n, opts->chunk ? opts->chunk : CHUNK_DEFAULT, total);
	j.progress = proto->progress;
	j.opaque = proto->opaque;
	j.base = proto->base;
	j.grand = proto->grand;
	j.step = proto->step;
	atomic_init(&j.next_report, j.step);
	j.hook = opts->worker_hook;
	j.cancel = opts->cancel;
	j.hook_opaque = opts->hook_opaque;
	for (i = 0; i < n; i++)
		nchunks += j.rs[i].nchunks;
	nthreads = opts->threads ? opts->threads :
				   vnuma__prealloc_threads(r, n);
	if (nthreads > nchunks)
		nthreads = (unsigned)nchunks;
	w = calloc(nthreads, sizeof(*w));
	if (!w) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	j.mode = opts->force_touch ? MODE_TOUCH : MODE_POPULATE;
	if (j.mode == MODE_POPULATE) {
		e = probe(&j, &at);
		if (e) {
			fail(&j, at, 0, e, false);
			rc = report(&j, err);
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
	e = run_pool(&j, w, nthreads, set);
	if (j.mode == MODE_TOUCH)
		vnuma__touch_guard_end();
	if (e) {
		rc = vnuma__error_set_errno(err, e, "host.prealloc-affinity",
					    NULL,
					    "memory backend '%s': cannot start "
					    "preallocation threads on the "
					    "CPUs of its thread-context",
					    r[0].name ? r[0].name : "?");
		rc = vnuma__error_backend(err, rc, r[0].name);
	} else if (atomic_load(&j.failed))
		rc = report(&j, err);
out:
	free(w);
	free(j.rs);
	return rc;
}

static bool same_cpus(const struct vnuma__prealloc_region *a,
		      const struct vnuma__prealloc_region *b)
{
	return a->n_cpus == b->n_cpus &&
	       (!a->n_cpus ||
		!memcmp(a->cpus, b->cpus, a->n_cpus * sizeof(*a->cpus)));
}

static void cpus_to_set(const struct vnuma__prealloc_region *r, cpu_set_t *set)
{
	CPU_ZERO(set);
	for (size_t i = 0; i < r->n_cpus; i++)
		if (r->cpus[i] < CPU_SETSIZE)
			CPU_SET(r->cpus[i], set);
}

int vnuma__prealloc_ex(const struct vnuma__prealloc_region *r, size_t n,
		       const struct vnuma__prealloc_opts *opts,
		       vnuma__progress_fn progress, void *opaque,
		       vnuma_error **err)
{
	struct vnuma__prealloc_opts def = { 0 };
	struct vnuma__prealloc_region *g = NULL;
	bool *done = NULL;
	struct job proto;
	uint64_t total;
	int rc;

	if (!r && n)
		return VNUMA_E_INVAL;
	if (!opts)
		opts = &def;
	rc = check_regions(r, n, &total, err);
	if (rc || !total)
		return rc;
	memset(&proto, 0, sizeof(proto));
	proto.progress = progress;
	proto.opaque = opaque;
	proto.grand = total;
	proto.step = total / 100 > PROGRESS_MIN ? total / 100 : PROGRESS_MIN;
	g = calloc(n, sizeof(*g));
	done = calloc(n, sizeof(*done));
	if (!g || !done) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	/*
	 * Regions whose threads run on the same CPUs (none given: anywhere)
	 * share one pool; each set of CPUs gets a pool of its own.
	 */
	for (size_t i = 0; !rc && i < n; i++) {
		uint64_t sum = 0;
		size_t k = 0;
		cpu_set_t set;

		if (done[i])
			continue;
		for (size_t m = i; m < n; m++)
			if (!done[m] && same_cpus(&r[i], &r[m])) {
				done[m] = true;
				g[k++] = r[m];
				sum += r[m].size;
			}
		if (!sum)
			continue;
		cpus_to_set(&r[i], &set);
		rc = run_group(g, k, sum, opts, r[i].n_cpus ? &set : NULL,
			       &proto, err);
		proto.base += sum;
	}
	if (!rc && progress)
		progress(total, total, opaque);
out:
	free(g);
	free(done);
	return rc;
}

int vnuma__prealloc(const struct vnuma__prealloc_region *r, size_t n,
		    vnuma__progress_fn progress, void *opaque,
		    vnuma_error **err)
{
	return vnuma__prealloc_ex(r, n, NULL, progress, opaque, err);
}
