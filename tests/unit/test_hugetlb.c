/* SPDX-License-Identifier: MIT */
/*
 * Hugetlb memory, on a real pool of 2 MiB pages this test sets up (root)
 * and gives back: population, the pre-check against the free pages (host
 * and per node, read from sysfs) and a pool that runs dry under both
 * engines: a clean error, never a SIGBUS crash. Skips (77) without root or
 * without 2 MiB huge pages.
 */
#include <inttypes.h>
#include <signal.h>

#include "host_fixture.h"
#include "host/hugetlb.h"
#include "host/thp.h"

#define POOL 8 /* pages this test adds to the pool */
#define SYS "/sys/kernel/mm/hugepages/hugepages-2048kB/"
#define NODE0 "/sys/devices/system/node/node0/hugepages/hugepages-2048kB/"

static long saved_nr = -1;

static long read_num(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int write_num(const char *path, long v)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = fprintf(f, "%ld\n", v) < 0;
	return fclose(f) || rc ? -1 : 0;
}

static void restore_pool(void)
{
	if (saved_nr >= 0)
		write_num(SYS "nr_hugepages", saved_nr);
	saved_nr = -1;
}

/* What the engine may count on: free, plus what overcommit may add. */
static uint64_t host_avail(void)
{
	long over = read_num(SYS "nr_overcommit_hugepages");
	long surplus = read_num(SYS "surplus_hugepages");
	uint64_t f = (uint64_t)read_num(SYS "free_hugepages");

	return over > surplus ? f + (uint64_t)(over - surplus) : f;
}

static void *map_huge(size_t pages, bool noreserve)
{
	void *a = mmap(NULL, pages * HUGE_2M, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB |
			       (noreserve ? MAP_NORESERVE : 0),
		       -1, 0);

	assert_true(a != MAP_FAILED);
	return a;
}

static void populate_pool_pages(void **state)
{
	static const struct vnuma__prealloc_opts modes[] = {
		{ .force_touch = false },
		{ .force_touch = true },
	};
	size_t m, t;

	(void)state;
	for (m = 0; m < 2; m++)
		for (t = 1; t <= 3; t++) {
			size_t size = 4 * HUGE_2M;
			void *a = map_huge(4, false);
			struct vnuma__prealloc_region r =
				fx_region(a, size, HUGE_2M, (unsigned)t, "h0");
			struct vnuma__prealloc_opts o = modes[m];
			uint64_t huge = 0;

			o.chunk = HUGE_2M;
			assert_int_equal(vnuma__prealloc_ex(&r, 1, &o, NULL,
							    NULL, NULL), 0);
			assert_int_equal(fx_resident(a, size), size);
			assert_int_equal(vnuma__huge_bytes(a, size, &huge,
							   NULL), 0);
			assert_int_equal(huge, size);
			munmap(a, size);
		}
}

/* A mapping bigger than the pool: refused by the pre-check, untouched. */
static void precheck_refuses_before_touching(void **state)
{
	uint64_t avail = host_avail(), need = avail + 2;
	struct vnuma__hugetlb_need n = { HUGE_2M, -1, need, "big" };
	void *a = map_huge((size_t)need, true);
	vnuma_error *e = NULL;
	char want[200];

	(void)state;
	assert_int_equal(vnuma__hugetlb_precheck(&n, 1, &e), VNUMA_E_HOST);
	snprintf(want, sizeof(want),
		 "memory backend 'big' needs %" PRIu64 " huge pages of 2048 kB"
		 " on the host, but only %" PRIu64 " are free", need, avail);
	assert_string_equal(vnuma_error_message(e), want);
	assert_string_equal(vnuma_error_check(e), "host.hugetlb-free");
	assert_int_equal(fx_resident(a, (size_t)need * HUGE_2M), 0);
	vnuma_error_free(e);
	n.pages = avail;
	assert_int_equal(vnuma__hugetlb_precheck(&n, 1, NULL), 0);
	munmap(a, (size_t)need * HUGE_2M);
}

/* The backends' ids are named whole, however long (no fixed buffer). */
static void precheck_names_long_ids(void **state)
{
	uint64_t need = host_avail() + 2;
	char a[400], b[400], *msg;
	struct vnuma__hugetlb_need n[2] = {
		{ HUGE_2M, -1, need, a }, { HUGE_2M, -1, 1, b },
	};
	vnuma_error *e = NULL;

	(void)state;
	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = 0;
	memset(b, 'b', sizeof(b) - 1);
	b[sizeof(b) - 1] = 0;
	assert_int_equal(vnuma__hugetlb_precheck(n, 2, &e), VNUMA_E_HOST);
	assert_int_equal(asprintf(&msg, "memory backends '%s', '%s' need ",
				  a, b) > 0, 1);
	assert_non_null(strstr(vnuma_error_message(e), msg));
	free(msg);
	vnuma_error_free(e);
}

/* Without the pre-check the pool runs dry mid-way: an error, no crash. */
static void pool_runs_dry(void **state)
{
	size_t m, t, avail = (size_t)host_avail(), pages = avail + 2;
	char want[200];

	(void)state;
	for (m = 0; m < 2; m++)
		for (t = 1; t <= 2; t++) {
			void *a = map_huge(pages, true);
			struct vnuma__prealloc_region r = fx_region(
				a, pages * HUGE_2M, HUGE_2M, (unsigned)t, "dry");
			struct vnuma__prealloc_opts o = {
				.force_touch = m, .chunk = HUGE_2M
			};
			vnuma_error *e = NULL;

			assert_int_equal(vnuma__prealloc_ex(&r, 1, &o, NULL,
							    NULL, &e),
					 VNUMA_E_HOST);
			assert_string_equal(vnuma_error_check(e),
					    m ? "host.prealloc-sigbus"
					      : "host.prealloc");
			assert_int_equal(vnuma_error_errno(e), EFAULT);
			assert_non_null(vnuma_error_hint(e));
			assert_non_null(strstr(vnuma_error_hint(e),
					       "huge pages of 2048 kB"));
			/* one thread goes in order: it fails right after the
			 * last free page */
			snprintf(want, sizeof(want),
				 "memory backend 'dry': preallocating memory "
				 "failed at offset 0x%zx%s: Bad address",
				 avail * HUGE_2M, m ? ": SIGBUS" : "");
			if (t == 1)
				assert_string_equal(vnuma_error_message(e),
						    want);
			assert_true(fx_resident(a, pages * HUGE_2M) <=
				    avail * HUGE_2M);
			vnuma_error_free(e);
			munmap(a, pages * HUGE_2M);
		}
}

/* Per node: that node's own free pages, read from its sysfs directory. */
static void precheck_per_node(void **state)
{
	long nfree = read_num(NODE0 "free_hugepages");
	struct vnuma__hugetlb_need n = { HUGE_2M, 0, 0, "n0" };
	vnuma_error *e = NULL;
	char want[200];

	(void)state;
	assert_true(nfree >= POOL);
	n.pages = (uint64_t)nfree;
	assert_int_equal(vnuma__hugetlb_precheck(&n, 1, NULL), 0);
	n.pages = (uint64_t)nfree + 1;
	assert_int_equal(vnuma__hugetlb_precheck(&n, 1, &e), VNUMA_E_HOST);
	snprintf(want, sizeof(want),
		 "memory backend 'n0' needs %ld huge pages of 2048 kB on host "
		 "node 0, but only %ld are free", nfree + 1, nfree);
	assert_string_equal(vnuma_error_message(e), want);
	vnuma_error_free(e);
	e = NULL;
	n.host_node = 4095;
	n.pages = 1;
	assert_int_equal(vnuma__hugetlb_precheck(&n, 1, &e), VNUMA_E_HOST);
	assert_string_equal(vnuma_error_check(e), "host.hugetlb-pool");
	assert_int_equal(vnuma_error_errno(e), ENOENT);
	assert_string_equal(vnuma_error_message(e),
			    "memory backend 'n0' needs 1 huge pages of 2048 kB "
			    "on host node 4095, but the host has no such pool: "
			    "No such file or directory");
	vnuma_error_free(e);
}

/* Needs add up per (size, node); the host pool holds node-bound ones too. */
static void precheck_sums(void **state)
{
	uint64_t avail = host_avail(), half = avail / 2 + 1;
	struct vnuma__hugetlb_need n[3] = {
		{ HUGE_2M, -1, half, "a" },
		{ HUGE_2M, -1, 0, "empty" },
		{ HUGE_2M, 0, half, "b" },
	};
	vnuma_error *e = NULL;
	char want[200];

	(void)state;
	assert_int_equal(vnuma__hugetlb_precheck(n, 2, NULL), 0);
	assert_int_equal(vnuma__hugetlb_precheck(n, 3, &e), VNUMA_E_HOST);
	snprintf(want, sizeof(want),
		 "memory backends 'a', 'b' need %" PRIu64 " huge pages of "
		 "2048 kB on the host, but only %" PRIu64 " are free",
		 2 * half, avail);
	assert_string_equal(vnuma_error_message(e), want);
	vnuma_error_free(e);
	e = NULL;
	/* a page size the host has no pool of */
	n[0].page_size = 4 * HUGE_2M;
	assert_int_equal(vnuma__hugetlb_precheck(n, 1, &e), VNUMA_E_HOST);
	assert_string_equal(vnuma_error_check(e), "host.hugetlb-pool");
	vnuma_error_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(populate_pool_pages),
		cmocka_unit_test(precheck_refuses_before_touching),
		cmocka_unit_test(precheck_names_long_ids),
		cmocka_unit_test(pool_runs_dry),
		cmocka_unit_test(precheck_per_node),
		cmocka_unit_test(precheck_sums),
	};
	long nr = read_num(SYS "nr_hugepages");
	int rc;

	if (nr < 0) {
		printf("SKIP: no 2 MiB huge pages on this host\n");
		return 77;
	}
	if (write_num(SYS "nr_hugepages", nr + POOL)) {
		printf("SKIP: cannot grow the huge page pool (not root?)\n");
		return 77;
	}
	saved_nr = nr;
	atexit(restore_pool);
	if (read_num(SYS "free_hugepages") < POOL ||
	    read_num(NODE0 "free_hugepages") < POOL) {
		restore_pool();
		printf("SKIP: the kernel gave fewer than %d huge pages\n",
		       POOL);
		return 77;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	restore_pool();
	return rc;
}
