/* SPDX-License-Identifier: MIT */
/*
 * RAM block notifiers (told of existing blocks first, of every block on
 * removal and on free) and the placement report (this host's single node
 * 0 holds every populated byte, checked against move_pages).
 */
#include "host_realize_fixture.h"

#include <sys/syscall.h>

#define MiB ((uint64_t)1 << 20)

struct calls {
	int added, removed;
	void *host[8];
	uint64_t size[8], max[8];
};

static void on_added(void *host, uint64_t size, uint64_t max, void *op)
{
	struct calls *c = op;

	if (c->added < 8) {
		c->host[c->added] = host;
		c->size[c->added] = size;
		c->max[c->added] = max;
	}
	c->added++;
}

static void on_removed(void *host, uint64_t size, uint64_t max, void *op)
{
	struct calls *c = op;

	(void)size;
	(void)max;
	if (c->removed < 8)
		assert_ptr_equal(host, c->host[c->removed]);
	c->removed++;
}

static struct hrun two_blocks(void)
{
	return HREALIZE("-m", "64M", "-object",
			"memory-backend-ram,id=a,size=32M", "-object",
			"memory-backend-memfd,id=b,size=32M", "-numa",
			"node,memdev=a", "-numa", "node,memdev=b");
}

static void test_notifier_existing_first(void **state)
{
	struct hrun hr = two_blocks();
	struct calls c = { 0 };
	vnuma_ram_notifier n = { 1, on_added, on_removed, &c };
	vnuma_host_block_info b = VNUMA_INFO_INIT(vnuma_host_block_info);
	vnuma_error *e = NULL;

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma_host_notifier_add(hr.h, &n, NULL), 0);
	assert_int_equal(c.added, 2);
	assert_int_equal(c.removed, 0);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(vnuma_host_block(&b, hr.h, i), 0);
		assert_ptr_equal(c.host[i], b.host_addr);
		assert_int_equal(c.size[i], 32 * MiB);
		assert_int_equal(c.max[i], b.mapped);
	}
	assert_int_equal(vnuma_host_notifier_add(hr.h, &n, &e),
			 VNUMA_E_DUPLICATE);
	assert_string_equal(vnuma_error_check(e), "host.notifier-duplicate");
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(c.added, 2);
	/* removal tells of every block going away */
	assert_int_equal(vnuma_host_notifier_remove(hr.h, &n, NULL), 0);
	assert_int_equal(c.removed, 2);
	assert_int_equal(vnuma_host_notifier_remove(hr.h, &n, &e),
			 VNUMA_E_MISSING);
	assert_string_equal(vnuma_error_check(e), "host.notifier-missing");
	vnuma_error_free(e);
	hrun_free(&hr);
	/* not registered any more: free tells it nothing */
	assert_int_equal(c.removed, 2);
}

static void test_notifier_free(void **state)
{
	struct hrun hr = two_blocks();
	struct calls c = { 0 }, d = { 0 };
	vnuma_ram_notifier n = { 1, on_added, on_removed, &c };
	vnuma_ram_notifier only_add = { 1, on_added, NULL, &d };

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma_host_notifier_add(hr.h, &n, NULL), 0);
	assert_int_equal(vnuma_host_notifier_add(hr.h, &only_add, NULL), 0);
	vnuma_host_free(hr.h);
	hr.h = NULL;
	assert_int_equal(c.removed, 2);
	assert_int_equal(d.added, 2);
	assert_int_equal(d.removed, 0);
	hrun_free(&hr);
}

static void test_notifier_misuse(void **state)
{
	struct hrun hr = two_blocks();
	vnuma_ram_notifier n = VNUMA_RAM_NOTIFIER_INIT;

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma_host_notifier_add(NULL, &n, NULL),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_notifier_add(hr.h, NULL, NULL),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_notifier_remove(NULL, &n, NULL),
			 VNUMA_E_INVAL);
	/* An options struct of a version this library does not know. */
	n.version = VNUMA_RAM_NOTIFIER_VERSION + 1;
	assert_int_equal(vnuma_host_notifier_add(hr.h, &n, NULL),
			 VNUMA_E_INVAL);
	n.version = 0;
	assert_int_equal(vnuma_host_notifier_remove(hr.h, &n, NULL),
			 VNUMA_E_INVAL);
	n.version = VNUMA_RAM_NOTIFIER_VERSION;
	/* no callbacks at all is allowed */
	assert_int_equal(vnuma_host_notifier_add(hr.h, &n, NULL), 0);
	hrun_free(&hr);
}

/* The kernel's own answer for one address. */
static int node_of(void *p)
{
	int status = -1;

	assert_int_equal(syscall(SYS_move_pages, 0, 1UL, &p, NULL, &status,
				 0), 0);
	return status;
}

static void test_placement(void **state)
{
	struct hrun hr = HREALIZE("-m", "32M", "-object",
				  "memory-backend-ram,id=a,size=16M,"
				  "prealloc=on,host-nodes=0,policy=bind",
				  "-object", "memory-backend-ram,id=b,size=16M",
				  "-numa", "node,memdev=a", "-numa",
				  "node,memdev=b");
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);
	vnuma_host_timing tm = VNUMA_INFO_INIT(vnuma_host_timing);

	(void)state;
	assert_realized(hr);
	r = hregion(&hr, 0);
	assert_false(r.measured);
	assert_int_equal(vnuma_host_measure(hr.h, 0, NULL), 0);
	for (size_t i = 0; i < 2; i++) {
		r = hregion(&hr, i);
		assert_string_equal(r.backend, "a");
		assert_true(r.measured);
		assert_int_equal(r.n_placement, 1);
		assert_int_equal(r.placement[0].node, 0);
		assert_int_equal(r.placement[0].bytes, r.size);
		assert_int_equal(r.absent_bytes, 0);
		assert_int_equal(node_of(r.host_addr), 0);
	}
	/* b was not populated; touch half of it and look again */
	r = hregion(&hr, 2);
	assert_string_equal(r.backend, "b");
	assert_int_equal(r.absent_bytes, r.size);
	memset(r.host_addr, 1, 8 * MiB);
	assert_int_equal(vnuma_host_measure(hr.h, 0, NULL), 0);
	r = hregion(&hr, 2);
	assert_int_equal(r.placement[0].bytes, 8 * MiB);
	assert_int_equal(r.absent_bytes, 8 * MiB);
	/*
	 * Sampling one page per 2 MiB and a page: each sample stands for its
	 * stride, so the split is right to within one stride, and every
	 * byte is counted once.
	 */
	assert_int_equal(vnuma_host_measure(hr.h, VNUMA_HOST_MEASURE_SAMPLE,
					    NULL), 0);
	r = hregion(&hr, 2);
	assert_true(r.placement[0].bytes >= 8 * MiB - 2 * MiB - 4096);
	assert_true(r.placement[0].bytes <= 8 * MiB + 2 * MiB + 4096);
	assert_int_equal(r.placement[0].bytes + r.absent_bytes, r.size);
	assert_int_equal(vnuma_host_timing_get(&tm, hr.h), 0);
	assert_true(tm.measure_ns > 0);
	assert_true(tm.map_ns > 0);
	hrun_free(&hr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notifier_existing_first),
		cmocka_unit_test(test_notifier_free),
		cmocka_unit_test(test_notifier_misuse),
		cmocka_unit_test(test_placement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
