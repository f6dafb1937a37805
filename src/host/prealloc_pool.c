/* SPDX-License-Identifier: MIT */
/* The classes of CPUs and the pool of threads that works on them. */
#include <string.h>

#include "prealloc_job.h"

bool vnuma__prealloc_has_work(struct job *j, size_t c)
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
		if (!vnuma__prealloc_has_work(j, c))
			continue;
		if (c != w->cls) {
			const struct vnuma__cpuset *to = k->pinned ? &k->set :
								     &j->home;

			e = pthread_setaffinity_np(pthread_self(), to->bytes,
						   to->set);
			if (e) {
				int none = 0;

				atomic_compare_exchange_strong(&j->aff_errno,
							       &none, e);
				continue;
			}
		}
		if (c != w->cls)
			atomic_fetch_add(&j->moves, 1);
		w->cls = c;
		return true;
	}
	return false;
}

static void *drain(void *arg)
{
	struct worker *w = arg;

	do
		vnuma__prealloc_work_class(w);
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
 * set of CPUs one class more.
 */
int vnuma__prealloc_classify(struct job *j)
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
			if (vnuma__cpuset_alloc(&j->cls[c].set, j->bits))
				return -1;
			vnuma__cpuset_add(&j->cls[c].set, r->cpus, r->n_cpus);
			j->cls[c].pinned = true;
			n++;
		}
		j->rs[i].cls = c;
		j->cls[c].bytes += r->size;
	}
	j->ncls = n;
	return 0;
}

/* How many threads class c may still take. */
static bool has_room(const struct job *j, size_t c)
{
	const struct cls *k = &j->cls[c];

	return !k->pinned ||
	       k->threads < (unsigned)CPU_COUNT_S(k->set.bytes, k->set.set);
}

/*
 * The pool's threads are shared out between the classes by their bytes:
 * one after the other to the class with the most bytes per thread, so
 * that the classes end together (a class left without one is joined by
 * a thread whose own class runs dry). A pinned class takes no more
 * threads than it has CPUs: more would only take turns on them, while
 * other classes could use them; threads no class can take are not
 * started.
 */
unsigned vnuma__prealloc_share(struct job *j, unsigned nthreads)
{
	unsigned t;

	for (t = 0; t < nthreads; t++) {
		size_t best = j->ncls;

		for (size_t c = 0; c < j->ncls; c++) {
			double a, b;

			if (!has_room(j, c))
				continue;
			if (best == j->ncls) {
				best = c;
				continue;
			}
			a = (double)j->cls[c].bytes *
			    (j->cls[best].threads + 1);
			b = (double)j->cls[best].bytes *
			    (j->cls[c].threads + 1);
			if (a > b)
				best = c;
		}
		if (best == j->ncls)
			break;
		j->cls[best].threads++;
	}
	return t;
}

/*
 * Runs the pool: the calling thread is one of its workers when regions
 * without CPUs have threads; the others start pinned to their class's
 * CPUs, as threads a QEMU thread-context creates inherit its own.
 */
void vnuma__prealloc_run(struct job *j, struct worker *w, unsigned nthreads)
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
								k->set.bytes,
								k->set.set);
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
void vnuma__prealloc_sweep(struct job *j)
{
	for (size_t c = 0; c < j->ncls; c++) {
		struct cls *k = &j->cls[c];
		struct worker w = { .job = j, .cls = c, .caller = !k->pinned };
		pthread_attr_t attr;
		int e;

		if (atomic_load(&j->failed) || !vnuma__prealloc_has_work(j, c))
			continue;
		if (!k->pinned) {
			j->sweeps++;
			drain(&w);
			continue;
		}
		e = pthread_attr_init(&attr);
		if (!e) {
			e = pthread_attr_setaffinity_np(&attr, k->set.bytes,
							k->set.set);
			if (!e)
				e = pthread_create(&w.tid, &attr, drain, &w);
			if (!e)
				j->sweeps++;
			pthread_attr_destroy(&attr);
		}
		if (e)
			k->err = e;
		else
			pthread_join(w.tid, NULL);
	}
}
