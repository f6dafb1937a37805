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
	size_t cls;	       /* index of its CPU class */
	_Atomic uint64_t done; /* its bytes populated */
	uint64_t reported;     /* done at the last report (the reporter's) */
};

/*
 * The regions that share CPUs form a class: the CPUs given (pinned), or
 * the caller's own affinity (home, the class of regions without CPUs).
 */
struct cls {
	cpu_set_t set;
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
	cpu_set_t home;
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
	if (cpu >= 0 && cpu < CPU_SETSIZE)
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
 * Each thread visits the regions of its class in turn, one chunk at a
 * time, starting at a different region than its neighbour: every region
 * advances at once, and a thread stops after a full round finds nothing
 * left to claim.
 */
static void work_class(struct worker *w)
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
			note_cpu(&j->r[i]);
			progress_add(j, i, len);
			idle = 0;
		} else {
			idle++;
		}
		i = (i + 1) % j->n;
	}
}

static bool class_has_work(struct job *j, size_t c)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->rs[i].cls == c &&
		    atomic_load(&j->rs[i].next) < j->rs[i].nchunks)
			return true;
	return false;
}

/*
 * Moves the thread to a class that has work left: its affinity becomes
 * that class's CPUs, so that no page is touched from elsewhere. The
 * calling thread only joins the class of its own affinity. false when
 * no class it can join has work.
 */
static bool move_on(struct worker *w)
{
	struct job *j = w->job;

	for (size_t c = 0; c < j->ncls; c++) {
		const struct cls *k = &j->cls[c];
		int e;

		if (w->caller && k->pinned)
			continue;
		if (!class_has_work(j, c))
			continue;
		if (c != w->cls) {
			e = pthread_setaffinity_np(pthread_self(),
						   sizeof(k->set),
						   k->pinned ? &k->set :
							       &j->home);
			if (e) {
				int none = 0;

				atomic_compare_exchange_strong(&j->aff_errno,
							       &none, e);
				continue;
			}
		}
		w->cls = c;
		return true;
	}
	return false;
}

static void *drain(void *arg)
{
	struct worker *w = arg;

	do
		work_class(w);
	while (!atomic_load(&w->job->stop) && move_on(w));
	return NULL;
}

static void *work(void *arg)
{
	struct worker *w = arg;

	if (w->job->hook)
		w->job->hook(w->job->hook_opaque);
	return drain(w);
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

static bool same_cpus(const struct vnuma__prealloc_region *a,
		      const struct vnuma__prealloc_region *b)
{
	return a->n_cpus == b->n_cpus &&
	       (!a->n_cpus ||
		!memcmp(a->cpus, b->cpus, a->n_cpus * sizeof(*a->cpus)));
}

/*
 * The classes of the regions that have bytes: the regions without CPUs
 * form class 0 when there are any (the calling thread works there), each
 * set of CPUs one class more. Returns their number.
 */
static size_t classify(struct job *j)
{
	size_t n = 0, c, i, m;

	for (i = 0; i < j->n; i++)
		if (j->r[i].size && !j->r[i].n_cpus) {
			j->cls[0].pinned = false;
			n = 1;
			break;
		}
	for (i = 0; i < j->n; i++) {
		const struct vnuma__prealloc_region *r = &j->r[i];

		for (c = 0; c < n; c++) {
			for (m = 0; m < i; m++)
				if (j->rs[m].cls == c && j->r[m].size &&
				    same_cpus(&j->r[m], r))
					break;
			if (m < i || (!r->n_cpus && !j->cls[c].pinned))
				break;
		}
		if (c == n) {
			CPU_ZERO(&j->cls[c].set);
			for (m = 0; m < r->n_cpus; m++)
				if (r->cpus[m] < CPU_SETSIZE)
					CPU_SET(r->cpus[m], &j->cls[c].set);
			j->cls[c].pinned = true;
			n++;
		}
		j->rs[i].cls = c;
		j->cls[c].bytes += r->size;
	}
	return n;
}

/*
 * The pool's threads are shared out between the classes by their bytes:
 * one after the other to the class with the most bytes per thread, so
 * that the classes end together (a class left without one is joined by
 * a thread whose own class runs dry).
 */
static void share_threads(struct job *j, unsigned nthreads)
{
	for (unsigned t = 0; t < nthreads; t++) {
		size_t best = 0;

		for (size_t c = 1; c < j->ncls; c++) {
			double a = (double)j->cls[c].bytes *
				   (j->cls[best].threads + 1);
			double b = (double)j->cls[best].bytes *
				   (j->cls[c].threads + 1);

			if (a > b)
				best = c;
		}
		j->cls[best].threads++;
	}
}

/*
 * Runs the pool: the calling thread is one of its workers when regions
 * without CPUs have threads; the others start pinned to their class's
 * CPUs, as threads a QEMU thread-context creates inherit its own.
 */
static void run_pool(struct job *j, struct worker *w, unsigned nthreads)
{
	unsigned t = 0;
	bool inline0 = !j->cls[0].pinned && j->cls[0].threads;

	for (size_t c = 0; c < j->ncls; c++)
		for (unsigned k = 0; k < j->cls[c].threads; k++, t++) {
			w[t].job = j;
			w[t].first = t;
			w[t].cls = c;
		}
	w[0].caller = inline0;
	for (t = inline0; t < nthreads; t++) {
		const struct cls *k = &j->cls[w[t].cls];
		pthread_attr_t attr, *a = NULL;
		int e = 0, none = 0;

		if (k->pinned) {
			e = pthread_attr_init(&attr);
			if (!e) {
				a = &attr;
				e = pthread_attr_setaffinity_np(a,
								sizeof(k->set),
								&k->set);
			}
		}
		if (!e)
			e = pthread_create(&w[t].tid, a, work, &w[t]);
		if (a)
			pthread_attr_destroy(a);
		w[t].running = !e;
		/* Fewer threads than asked if the host refuses some (CPUs it
		 * lacks, a thread limit): the others take over their class
		 * when they can run there. */
		if (e)
			atomic_compare_exchange_strong(&j->aff_errno, &none,
						       e);
	}
	if (inline0)
		work(&w[0]);
	for (t = inline0; t < nthreads; t++)
		if (w[t].running)
			pthread_join(w[t].tid, NULL);
}

/*
 * Work a class still holds when the pool is done: its threads could not
 * start (the host refused its CPUs), or it had none because the thread
 * it was given went to a class that refused it. Each such class gets one
 * more thread, the caller itself for a class without CPUs of its own; a
 * class that refuses it too keeps its work and the reason, so that the
 * error names its backend and not another's.
 */
static void sweep(struct job *j)
{
	for (size_t c = 0; c < j->ncls; c++) {
		struct cls *k = &j->cls[c];
		struct worker w = { .job = j, .cls = c, .caller = !k->pinned };
		pthread_attr_t attr;
		int e;

		if (atomic_load(&j->failed) || !class_has_work(j, c))
			continue;
		if (!k->pinned) {
			drain(&w);
			continue;
		}
		e = pthread_attr_init(&attr);
		if (!e) {
			e = pthread_attr_setaffinity_np(&attr, sizeof(k->set),
							&k->set);
			if (!e)
				e = pthread_create(&w.tid, &attr, drain, &w);
			pthread_attr_destroy(&attr);
		}
		if (e)
			k->err = e;
		else
			pthread_join(w.tid, NULL);
	}
}

/*
 * A region left with work although nothing failed: no thread could run
 * on its CPUs. A region of a class that refused its last thread is named
 * first.
 */
static int leftover(struct job *j, vnuma_error **err)
{
	int e = atomic_load(&j->aff_errno);
	size_t i, at = j->n;
	int rc;

	for (i = 0; i < j->n; i++) {
		if (atomic_load(&j->rs[i].next) >= j->rs[i].nchunks)
			continue;
		if (at == j->n ||
		    (j->cls[j->rs[i].cls].err && !j->cls[j->rs[at].cls].err))
			at = i;
	}
	i = at;
	if (i < j->n) {
		if (j->cls[j->rs[i].cls].err)
			e = j->cls[j->rs[i].cls].err;
		rc = vnuma__error_set_errno(
			err, e ? e : EINVAL, "host.prealloc-affinity", NULL,
			"memory backend '%s': cannot start preallocation "
			"threads on the CPUs of its %s",
			j->r[i].name ? j->r[i].name : "?",
			j->r[i].node_local ? "host nodes" : "thread-context");
		return vnuma__error_backend(err, rc, j->r[i].name);
	}
	return VNUMA_OK;
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
	/* Threads that leave a pinned class go back to the caller's CPUs. */
	if (sched_getaffinity(0, sizeof(j.home), &j.home))
		CPU_ZERO(&j.home);
	j.ncls = classify(&j);
	for (size_t i = 0; i < n; i++)
		nchunks += j.rs[i].nchunks;
	nthreads = opts->threads ? opts->threads :
				   vnuma__prealloc_threads(r, n);
	if (nthreads > nchunks)
		nthreads = (unsigned)nchunks;
	share_threads(&j, nthreads);
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
	run_pool(&j, w, nthreads);
	sweep(&j);
	if (j.mode == MODE_TOUCH)
		vnuma__touch_guard_end();
	rc = atomic_load(&j.failed) ? report(&j, err) : leftover(&j, err);
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
	free(j.cls);
	return rc;
}

int vnuma__prealloc(const struct vnuma__prealloc_region *r, size_t n,
		    vnuma__progress_fn progress, void *opaque,
		    vnuma_error **err)
{
	return vnuma__prealloc_ex(r, n, NULL, progress, opaque, err);
}
