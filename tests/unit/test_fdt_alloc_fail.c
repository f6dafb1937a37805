/* SPDX-License-Identifier: MIT */
/*
 * Fails the n-th allocation, for every n, inside vnuma_fdt_apply and
 * vnuma_fdt_dts: each returns VNUMA_E_NOMEM (with *len 0) or succeeds
 * when n is past the last allocation, and leaks nothing (the sanitizer
 * build and valgrind check that). The input is off an 8-byte boundary
 * and has a node of many properties, so that the copy and the growing
 * list of property names are among the allocations that fail.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

#include "pipeline.h"

#include "alloc_wrap.h"

/* virt's shape, two CPUs, a root with 40 properties; at buf + 1. */
static char *make(size_t *len)
{
	size_t cap = 8192;
	char *f = malloc(cap), *odd;

	assert_non_null(f);
	assert_int_equal(fdt_create(f, (int)cap), 0);
	assert_int_equal(fdt_finish_reservemap(f), 0);
	assert_int_equal(fdt_begin_node(f, ""), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", 2), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", 2), 0);
	for (int i = 0; i < 40; i++) {
		char name[16];

		snprintf(name, sizeof(name), "p%d", i);
		assert_int_equal(fdt_property_u32(f, name, (uint32_t)i), 0);
	}
	assert_int_equal(fdt_begin_node(f, "memory@40000000"), 0);
	assert_int_equal(fdt_property_string(f, "device_type", "memory"), 0);
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_begin_node(f, "cpus"), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", 0), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", 1), 0);
	for (uint32_t i = 0; i < 2; i++) {
		assert_int_equal(fdt_begin_node(f, i ? "cpu@1" : "cpu@0"), 0);
		assert_int_equal(fdt_property_u32(f, "reg", i), 0);
		assert_int_equal(fdt_property_string(f, "device_type", "cpu"),
				 0);
		assert_int_equal(fdt_end_node(f), 0);
	}
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_finish(f), 0);
	*len = fdt_totalsize(f);
	odd = malloc(*len + 1);
	assert_non_null(odd);
	memcpy(odd + 1, f, *len);
	free(f);
	return odd;
}

/* One call of each; the first failing status, or 0. */
static int run_all(const vnuma_topology *t, const char *in, size_t in_len)
{
	vnuma_error *e = NULL;
	size_t len = 1;
	char *dts = NULL;
	void *out;
	int rc;

	rc = vnuma_fdt_apply(NULL, 0, &len, t, NULL, in, in_len, &e);
	if (!rc) {
		out = __real_malloc(len);
		assert_non_null(out);
		rc = vnuma_fdt_apply(out, len, &len, t, NULL, in, in_len, &e);
		if (!rc)
			assert_int_equal(fdt_check_full(out, len), 0);
		free(out);
	}
	if (rc) {
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(len, 0);
	}
	vnuma_error_free(e);
	e = NULL;
	if (!rc) {
		rc = vnuma_fdt_dts(&dts, t, NULL, &e);
		assert_true(rc == 0 || rc == VNUMA_E_NOMEM);
		free(dts);
		vnuma_error_free(e);
	}
	return rc;
}

static void every_allocation_may_fail(void **state)
{
	struct run r = RUN("-M", "virt", "-smp", "2", "-m", "2G", "-object",
			   "memory-backend-ram,id=m0,size=1G", "-object",
			   "memory-backend-ram,id=m1,size=1G", "-numa",
			   "node,memdev=m0,cpus=0", "-numa",
			   "node,memdev=m1,cpus=1", "-numa",
			   "dist,src=0,dst=1,val=20");
	size_t len;
	char *in;
	long n;

	assert_ok(r);
	in = make(&len);
	assert_int_equal(run_all(r.t, in + 1, len), 0);
	for (n = 0;; n++) {
		long before = failures;
		int rc;

		countdown = n;
		rc = run_all(r.t, in + 1, len);
		countdown = -1;
		if (failures == before) {
			assert_int_equal(rc, 0);
			break;
		}
	}
	/* the copy, the name lists, the plan, the scan, the matrix... */
	assert_true(n > 8);
	print_message("failed each of %ld allocations in turn\n", n);
	free(in);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_may_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
