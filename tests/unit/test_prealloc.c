/* SPDX-License-Identifier: MIT */
/*
 * The preallocation engine on real memory: every page resident afterwards
 * (mincore), both engines (MADV_POPULATE_WRITE and write-touch), 1, 2 and
 * many threads, odd sizes, several regions at once, progress reports.
 * Hugetlb memory is in test_hugetlb.c.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include "host_fixture.h"
#include "host/cpuset.h"
#include "host/thp.h"

static const struct vnuma__prealloc_opts touch = { .force_touch = true };

static void populate_ok(void *a, size_t size, unsigned threads,
			const struct vnuma__prealloc_opts *o)
{
	struct vnuma__prealloc_region r = fx_region(a, size, fx_page(),
						    threads, "m0");
	vnuma_error *e = NULL;

	assert_int_equal(fx_resident(a, size), 0);
	assert_int_equal(vnuma__prealloc_ex(&r, 1, o, NULL, NULL, &e), 0);
	assert_null(e);
	assert_int_equal(fx_resident(a, size), size);
}

/* 4 KiB pages only; sizes that are no multiple of any chunk. */
static void small_pages_all_threads(void **state)
{
	static const unsigned threads[] = { 1, 2, 7, 0 };
	size_t sizes[] = { fx_page(), 37 * fx_page(),
			   fx_scale(40 * MiB) + 3 * fx_page() };
	size_t i, k, m;

	(void)state;
	for (m = 0; m < 2; m++)
		for (i = 0; i < 4; i++)
			for (k = 0; k < 3; k++) {
				void *a = fx_map(sizes[k], MADV_NOHUGEPAGE);
				uint64_t huge = 1;

				populate_ok(a, sizes[k], threads[i],
					    m ? &touch : NULL);
				assert_int_equal(vnuma__huge_bytes(
					a, sizes[k], &huge, NULL), 0);
				assert_int_equal(huge, 0);
				munmap(a, sizes[k]);
			}
}

/* THP: resident, and what got huge pages is reported (at most all). */
static void thp_madvise(void **state)
{
	size_t size = fx_scale(64 * MiB), m;
	uint64_t huge, part;

	(void)state;
	for (m = 0; m < 2; m++) {
		void *a = fx_map(size, MADV_HUGEPAGE);

		populate_ok(a, size, 2, m ? &touch : NULL);
		assert_int_equal(vnuma__huge_bytes(a, size, &huge, NULL), 0);
		assert_true(huge <= size);
		assert_int_equal(huge % HUGE_2M, 0);
		/* a range inside one mapping: counted page by page */
		assert_int_equal(vnuma__huge_bytes((char *)a + HUGE_2M,
						   size - 2 * HUGE_2M, &part,
						   NULL), 0);
		assert_true(part <= huge && part + 2 * HUGE_2M >= huge);
		munmap(a, size);
	}
}

/* Regions of several kinds and sizes populate together on one pool. */
static void several_regions(void **state)
{
	size_t sz[] = { fx_scale(24 * MiB), 5 * fx_page(),
			fx_scale(32 * MiB) + fx_page(), fx_scale(8 * MiB) };
	int adv[] = { MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_NOHUGEPAGE,
		      MADV_HUGEPAGE };
	const char *names[] = { "m0", "m1", "m2", "m3" };
	struct vnuma__prealloc_region r[4];
	struct vnuma__prealloc_opts o = { .chunk = 2 * MiB };
	vnuma_error *e = NULL;
	size_t i, m;

	(void)state;
	for (m = 0; m < 2; m++) {
		o.force_touch = m;
		for (i = 0; i < 4; i++)
			r[i] = fx_region(fx_map(sz[i], adv[i]), sz[i],
					 fx_page(), (unsigned)i, names[i]);
		assert_int_equal(vnuma__prealloc_ex(r, 4, &o, NULL, NULL, &e),
				 0);
		for (i = 0; i < 4; i++) {
			assert_int_equal(fx_resident(r[i].addr, sz[i]), sz[i]);
			munmap(r[i].addr, sz[i]);
		}
	}
}

struct prog {
	uint64_t last, total, first;
	unsigned calls, at_total;
	bool backwards, wrong_total;
};

static void on_progress(uint64_t done, uint64_t total, void *opaque)
{
	struct prog *p = opaque;

	if (done < p->last)
		p->backwards = true;
	if (total != p->total)
		p->wrong_total = true;
	if (!p->calls)
		p->first = done;
	p->last = done;
	p->calls++;
	p->at_total += done == total;
}

/*
 * Monotonic, never past the total, 0 first (populating begins), the
 * total exactly once at the end.
 */
static void progress_reports(void **state)
{
	size_t size = fx_scale(256 * MiB) + fx_page(), m;
	struct vnuma__prealloc_opts o = { .chunk = MiB, .threads = 2 };

	(void)state;
	for (m = 0; m < 2; m++) {
		void *a = fx_map(size, MADV_NOHUGEPAGE);
		struct vnuma__prealloc_region r = fx_region(a, size, fx_page(),
							    2, "m0");
		struct prog p = { .total = size };

		o.force_touch = m;
		assert_int_equal(vnuma__prealloc_ex(&r, 1, &o, on_progress, &p,
						    NULL), 0);
		assert_false(p.backwards);
		assert_false(p.wrong_total);
		assert_int_equal(p.at_total, 1);
		assert_int_equal(p.last, size);
		assert_int_equal(p.first, 0);
		/* every 64 MiB at most: not one call per chunk */
		assert_true(p.calls >= 3 || size <= 64 * MiB);
		assert_true(p.calls <= size / (64 * MiB) + 2);
		munmap(a, size);
	}
}

/* Touching keeps what the pages hold (file data): no zero is written. */
static void touch_keeps_data(void **state)
{
	size_t size = 64 * fx_page(), i;
	struct vnuma__prealloc_region r;
	unsigned char *buf = malloc(size), *a;
	int fd = memfd_create("vnuma-test", MFD_CLOEXEC);

	(void)state;
	assert_non_null(buf);
	assert_true(fd >= 0);
	for (i = 0; i < size; i++)
		buf[i] = (unsigned char)(i * 7 + 1);
	assert_int_equal(write(fd, buf, size), (ssize_t)size);
	a = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(a != MAP_FAILED);
	r = fx_region(a, size, fx_page(), 2, "f0");
	assert_int_equal(vnuma__prealloc_ex(&r, 1, &touch, NULL, NULL, NULL),
			 0);
	assert_memory_equal(a, buf, size);
	assert_int_equal(fx_resident(a, size), size);
	munmap(a, size);
	close(fd);
	free(buf);
}

static void prev_handler(int sig)
{
	(void)sig;
}

/* The SIGBUS action in force before the touch path is in force after. */
static void sigbus_action_restored(void **state)
{
	struct sigaction sa = { 0 }, now;
	size_t size = 16 * fx_page();
	void *a = fx_map(size, -1);

	(void)state;
	sa.sa_handler = prev_handler;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGBUS, &sa, NULL), 0);
	populate_ok(a, size, 2, &touch);
	assert_int_equal(sigaction(SIGBUS, NULL, &now), 0);
	assert_ptr_equal(now.sa_handler, prev_handler);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGBUS, &sa, NULL);
	munmap(a, size);
}

static void bad_regions(void **state)
{
	struct vnuma__prealloc_region r = fx_region(NULL, 3 * fx_page(),
						    3 * fx_page(), 1, "m7");
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma__prealloc(&r, 1, NULL, NULL, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "host.prealloc-args");
	assert_non_null(strstr(vnuma_error_message(e), "'m7'"));
	vnuma_error_free(e);
	assert_int_equal(vnuma__prealloc(NULL, 0, NULL, NULL, NULL), 0);
}

/* The pool: each region's threads (0: all CPUs), summed, capped. */
static void pool_size_rule(void **state)
{
	unsigned cpus = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	struct vnuma__prealloc_region r[3] = {
		fx_region(NULL, 0, 4096, 1, "a"),
		fx_region(NULL, 4096, 4096, 1, "b"),
		fx_region(NULL, 4096, 4096, 1, "c"),
	};

	(void)state;
	assert_int_equal(vnuma__prealloc_threads(r, 1), 1);
	assert_int_equal(vnuma__prealloc_threads(r, 2), 1);
	assert_int_equal(vnuma__prealloc_threads(r, 3), cpus < 2 ? cpus : 2);
	r[2].threads = 0;
	assert_int_equal(vnuma__prealloc_threads(r, 3), cpus);
	r[2].threads = 1000;
	assert_int_equal(vnuma__prealloc_threads(r, 3), cpus);
}

/* What every pool thread found its CPUs to be as it started. */
struct seen {
	pthread_mutex_t lock;
	unsigned threads, pinned, mismatched;
	cpu_set_t want;
};

static void read_affinity(void *opaque)
{
	struct seen *s = opaque;
	cpu_set_t now;

	CPU_ZERO(&now);
	assert_int_equal(pthread_getaffinity_np(pthread_self(), sizeof(now),
						&now), 0);
	pthread_mutex_lock(&s->lock);
	s->threads++;
	if (CPU_EQUAL(&now, &s->want))
		s->pinned++;
	else
		s->mismatched++;
	pthread_mutex_unlock(&s->lock);
}

/* The highest CPU this process may run on. */
static uint16_t last_allowed_cpu(void)
{
	cpu_set_t mine;
	int c;

	assert_int_equal(sched_getaffinity(0, sizeof(mine), &mine), 0);
	for (c = CPU_SETSIZE - 1; c > 0 && !CPU_ISSET(c, &mine); c--)
		;
	return (uint16_t)c;
}

/*
 * A region with CPUs (its prealloc-context's) is populated by threads
 * pinned to exactly those CPUs, read by each thread while it runs.
 */
static void threads_run_on_context_cpus(void **state)
{
	size_t size = fx_scale(16 * MiB);
	uint16_t cpu = last_allowed_cpu();
	struct seen s = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct vnuma__prealloc_opts o = { .chunk = MiB, .threads = 3,
					  .worker_hook = read_affinity,
					  .hook_opaque = &s };
	void *a = fx_map(size, MADV_NOHUGEPAGE);
	struct vnuma__prealloc_region r = fx_region(a, size, fx_page(), 3,
						    "m0");
	vnuma_error *e = NULL;

	(void)state;
	r.cpus = &cpu;
	r.n_cpus = 1;
	CPU_ZERO(&s.want);
	CPU_SET(cpu, &s.want);
	assert_int_equal(vnuma__prealloc_ex(&r, 1, &o, NULL, NULL, &e), 0);
	assert_null(e);
	assert_int_equal(fx_resident(a, size), size);
	/* A pool thread (not the caller), one only: the context has one
	 * CPU, and more threads would only take turns on it. */
	assert_int_equal(s.threads, 1);
	assert_int_equal(s.pinned, s.threads);
	assert_int_equal(s.mismatched, 0);
	munmap(a, size);
}

/* The CPUs of a ran_cpus bitmap, as a set. */
static void ran_set(const uint64_t *ran, cpu_set_t *set)
{
	CPU_ZERO(set);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (ran[c / 64] >> (c % 64) & 1)
			CPU_SET(c, set);
}

struct rprog {
	uint64_t last[2], size[2];
	unsigned finals[2], calls;
	bool backwards, wrong, late;
	struct prog all;
};

static void on_region(size_t i, uint64_t rdone, uint64_t rsize,
		      uint64_t done, uint64_t total, void *opaque)
{
	struct rprog *p = opaque;

	p->calls++;
	if (i > 1 || rsize != p->size[i] || total != p->all.total ||
	    rdone > rsize || done > total)
		p->wrong = true;
	else if (rdone < p->last[i])
		p->backwards = true;
	else
		p->last[i] = rdone;
	if (i <= 1 && rdone == rsize)
		p->finals[i]++;
	/* every region's end comes before the total's */
	if (p->all.at_total)
		p->late = true;
}

static void on_total(uint64_t done, uint64_t total, void *opaque)
{
	on_progress(done, total, &((struct rprog *)opaque)->all);
}

/*
 * Regions with and without CPUs share one pool, at once: the pinned
 * region's pages are populated only by threads on the context's CPUs,
 * the other's by threads on the caller's; every region reports its own
 * progress, and its end once, before the total's.
 */
static void one_pool_per_context(void **state)
{
	size_t size = fx_scale(8 * MiB);
	uint16_t cpu = last_allowed_cpu();
	struct seen s = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct rprog p = { .size = { size, size },
			   .all = { .total = 2 * size } };
	struct vnuma__prealloc_opts o = { .chunk = MiB / 4, .threads = 2,
					  .worker_hook = read_affinity,
					  .hook_opaque = &s,
					  .region_progress = on_region };
	void *a = fx_map(size, MADV_NOHUGEPAGE);
	void *b = fx_map(size, MADV_NOHUGEPAGE);
	uint64_t ran[2][VNUMA__CPU_IDS / 64] = { { 0 } };
	struct vnuma__prealloc_region r[2] = {
		fx_region(a, size, fx_page(), 2, "m0"),
		fx_region(b, size, fx_page(), 2, "m1"),
	};
	cpu_set_t mine, seen, want;

	(void)state;
	r[0].ran_cpus = ran[0];
	r[1].ran_cpus = ran[1];
	r[1].cpus = &cpu;
	r[1].n_cpus = 1;
	CPU_ZERO(&s.want);
	CPU_SET(cpu, &s.want);
	assert_int_equal(sched_getaffinity(0, sizeof(mine), &mine), 0);
	assert_int_equal(vnuma__prealloc_ex(r, 2, &o, on_total, &p, NULL), 0);
	assert_int_equal(fx_resident(a, size), size);
	assert_int_equal(fx_resident(b, size), size);
	/* One pool of two: the caller (unpinned) and one pinned thread. */
	assert_int_equal(s.threads, 2);
	assert_true(s.pinned >= 1);
	ran_set(ran[1], &seen);
	CPU_ZERO(&want);
	CPU_SET(cpu, &want);
	assert_true(CPU_EQUAL(&seen, &want));
	ran_set(ran[0], &seen);
	assert_true(CPU_COUNT(&seen) >= 1);
	CPU_AND(&want, &seen, &mine);
	assert_true(CPU_EQUAL(&want, &seen));
	assert_int_equal(p.all.at_total, 1);
	assert_false(p.all.backwards || p.all.wrong_total);
	assert_false(p.backwards || p.wrong || p.late);
	assert_int_equal(p.finals[0], 1);
	assert_int_equal(p.finals[1], 1);
	munmap(a, size);
	munmap(b, size);
}

/*
 * A class whose threads run dry joins one with work left, on that one's
 * CPUs: one pool thread for two pinned regions (the caller is not one),
 * which starts on the large one by bytes and must move to the small one
 * itself. No thread is started after the pool (a sweep would populate
 * the small one even if pool threads never moved), and each region's
 * pages still come only from its own CPUs.
 */
static void threads_move_between_classes(void **state)
{
	size_t big = fx_scale(32 * MiB), small = MiB;
	uint16_t c1 = last_allowed_cpu(), c0;
	struct seen s = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct vnuma__prealloc_stats st;
	struct vnuma__prealloc_opts o = { .chunk = MiB / 4, .threads = 1,
					  .worker_hook = read_affinity,
					  .hook_opaque = &s, .stats = &st };
	uint64_t ran[2][VNUMA__CPU_IDS / 64] = { { 0 } };
	void *a = fx_map(big, MADV_NOHUGEPAGE);
	void *b = fx_map(small, MADV_NOHUGEPAGE);
	struct vnuma__prealloc_region r[2] = {
		fx_region(a, big, fx_page(), 1, "big"),
		fx_region(b, small, fx_page(), 1, "small"),
	};
	cpu_set_t mine, seen;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(mine), &mine), 0);
	for (c0 = 0; c0 < c1 && !CPU_ISSET(c0, &mine); c0++)
		;
	if (c0 == c1)
		skip();
	r[0].cpus = &c0;
	r[0].n_cpus = 1;
	r[1].cpus = &c1;
	r[1].n_cpus = 1;
	r[0].ran_cpus = ran[0];
	r[1].ran_cpus = ran[1];
	CPU_ZERO(&s.want);
	CPU_SET(c0, &s.want);
	assert_int_equal(vnuma__prealloc_ex(r, 2, &o, NULL, NULL, NULL), 0);
	assert_int_equal(fx_resident(a, big), big);
	assert_int_equal(fx_resident(b, small), small);
	/* the one pool thread started on the large region's CPU, moved
	 * once, and nothing was left to a sweep */
	assert_int_equal(s.threads, 1);
	assert_int_equal(s.pinned, 1);
	assert_int_equal(st.threads, 1);
	assert_int_equal(st.moves, 1);
	assert_int_equal(st.sweeps, 0);
	ran_set(ran[0], &seen);
	assert_int_equal(CPU_COUNT(&seen), 1);
	assert_true(CPU_ISSET(c0, &seen));
	ran_set(ran[1], &seen);
	assert_int_equal(CPU_COUNT(&seen), 1);
	assert_true(CPU_ISSET(c1, &seen));
	munmap(a, big);
	munmap(b, small);
}

/*
 * A class gets no more threads than it has CPUs, and the rest go to the
 * others: a one-CPU class with nearly all the bytes, one without CPUs
 * (the caller's affinity), four threads. By bytes all four would go to
 * the one CPU; capped, it gets one and the others populate the rest.
 */
static void threads_capped_at_class_cpus(void **state)
{
	size_t big = fx_scale(32 * MiB), small = MiB;
	uint16_t c1 = last_allowed_cpu();
	struct seen s = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct vnuma__prealloc_stats st;
	struct vnuma__prealloc_opts o = { .chunk = MiB / 4, .threads = 4,
					  .worker_hook = read_affinity,
					  .hook_opaque = &s, .stats = &st };
	void *a = fx_map(big, MADV_NOHUGEPAGE);
	void *b = fx_map(small, MADV_NOHUGEPAGE);
	struct vnuma__prealloc_region r[2] = {
		fx_region(a, big, fx_page(), 4, "big"),
		fx_region(b, small, fx_page(), 4, "small"),
	};

	(void)state;
	/* the caller's affinity must differ from the one CPU's */
	assert_int_equal(sched_getaffinity(0, sizeof(s.want), &s.want), 0);
	if (CPU_COUNT(&s.want) < 2)
		skip();
	r[0].cpus = &c1;
	r[0].n_cpus = 1;
	CPU_ZERO(&s.want);
	CPU_SET(c1, &s.want);
	assert_int_equal(vnuma__prealloc_ex(r, 2, &o, NULL, NULL, NULL), 0);
	assert_int_equal(fx_resident(a, big), big);
	assert_int_equal(fx_resident(b, small), small);
	/* four threads: the caller and two more without CPUs, one pinned */
	assert_int_equal(st.threads, 4);
	assert_int_equal(s.pinned, 1);
	assert_int_equal(s.threads, 4);
	munmap(a, big);
	munmap(b, small);
}

/*
 * A class no thread can run on fails, while another completes; the
 * message says whose CPUs they are.
 */
/*
 * One thread for two classes: it goes to the bigger one, whose CPUs the
 * host refuses. The other class still gets populated (by the caller, or
 * a thread of its own), and the error names the refused class's backend,
 * not the first one left with work.
 */
static void refused_thread_leaves_no_class_behind(void **state)
{
	size_t small = fx_scale(2 * MiB), big = fx_scale(8 * MiB);
	uint16_t cpu = CPU_SETSIZE - 1, good = last_allowed_cpu();
	void *a = fx_map(small, MADV_NOHUGEPAGE);
	void *b = fx_map(big, MADV_NOHUGEPAGE);
	struct vnuma__prealloc_opts o = { .chunk = MiB, .threads = 1 };

	(void)state;
	for (int pinned = 0; pinned < 2; pinned++) {
		struct vnuma__prealloc_region r[2] = {
			fx_region(a, small, fx_page(), 1, "m0"),
			fx_region(b, big, fx_page(), 1, "m1"),
		};
		vnuma_error *e = NULL;

		madvise(a, small, MADV_DONTNEED);
		if (pinned) {
			r[0].cpus = &good;
			r[0].n_cpus = 1;
		}
		r[1].cpus = &cpu;
		r[1].n_cpus = 1;
		assert_int_equal(vnuma__prealloc_ex(r, 2, &o, NULL, NULL, &e),
				 VNUMA_E_HOST);
		assert_string_equal(vnuma_error_check(e),
				    "host.prealloc-affinity");
		assert_non_null(strstr(vnuma_error_message(e), "'m1'"));
		assert_int_equal(fx_resident(a, small), small);
		assert_true(fx_resident(b, big) <= fx_page());
		vnuma_error_free(e);
	}
	munmap(a, small);
	munmap(b, big);
}

static void absent_class_fails_alone(void **state)
{
	size_t size = fx_scale(4 * MiB);
	uint16_t cpu = CPU_SETSIZE - 1, good = last_allowed_cpu();
	void *a = fx_map(size, MADV_NOHUGEPAGE);
	void *b = fx_map(size, MADV_NOHUGEPAGE);
	void *c = fx_map(size, MADV_NOHUGEPAGE);
	struct vnuma__prealloc_region r[3] = {
		fx_region(a, size, fx_page(), 1, "m0"),
		fx_region(b, size, fx_page(), 1, "m1"),
		fx_region(c, size, fx_page(), 1, "m2"),
	};
	struct vnuma__prealloc_opts o = { .chunk = MiB, .threads = 3 };
	vnuma_error *e = NULL;

	(void)state;
	if (good == cpu)
		skip();
	r[1].cpus = &cpu;
	r[1].n_cpus = 1;
	r[1].node_local = true;
	r[2].cpus = &good;
	r[2].n_cpus = 1;
	assert_int_equal(vnuma__prealloc_ex(r, 3, &o, NULL, NULL, &e),
			 VNUMA_E_HOST);
	assert_string_equal(vnuma_error_check(e), "host.prealloc-affinity");
	/* its CPUs are its host nodes', not a thread-context's */
	assert_string_equal(vnuma_error_message(e),
			    "memory backend 'm1': cannot start preallocation "
			    "threads on the CPUs of its host nodes: Invalid "
			    "argument");
	/* the classes before and after it got their threads all the same */
	assert_int_equal(fx_resident(a, size), size);
	assert_true(fx_resident(b, size) <= fx_page());
	assert_int_equal(fx_resident(c, size), size);
	vnuma_error_free(e);
	munmap(a, size);
	munmap(b, size);
	munmap(c, size);
}

/* CPUs the host does not have: no thread can start there. */
static void absent_cpus_fail(void **state)
{
	size_t size = fx_scale(4 * MiB);
	uint16_t cpu = CPU_SETSIZE - 1;
	void *a = fx_map(size, MADV_NOHUGEPAGE);
	struct vnuma__prealloc_region r = fx_region(a, size, fx_page(), 2,
						    "m0");
	vnuma_error *e = NULL;

	(void)state;
	if (last_allowed_cpu() == cpu)
		skip();
	r.cpus = &cpu;
	r.n_cpus = 1;
	assert_int_equal(vnuma__prealloc_ex(&r, 1, NULL, NULL, NULL, &e),
			 VNUMA_E_HOST);
	assert_string_equal(vnuma_error_check(e), "host.prealloc-affinity");
	assert_string_equal(vnuma_error_message(e),
			    "memory backend 'm0': cannot start preallocation "
			    "threads on the CPUs of its thread-context: "
			    "Invalid argument");
	/* At most the page that told whether the kernel can populate. */
	assert_true(fx_resident(a, size) <= fx_page());
	vnuma_error_free(e);
	munmap(a, size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_pages_all_threads),
		cmocka_unit_test(thp_madvise),
		cmocka_unit_test(several_regions),
		cmocka_unit_test(progress_reports),
		cmocka_unit_test(touch_keeps_data),
		cmocka_unit_test(sigbus_action_restored),
		cmocka_unit_test(bad_regions),
		cmocka_unit_test(pool_size_rule),
		cmocka_unit_test(threads_run_on_context_cpus),
		cmocka_unit_test(one_pool_per_context),
		cmocka_unit_test(threads_move_between_classes),
		cmocka_unit_test(threads_capped_at_class_cpus),
		cmocka_unit_test(absent_class_fails_alone),
		cmocka_unit_test(refused_thread_leaves_no_class_behind),
		cmocka_unit_test(absent_cpus_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
