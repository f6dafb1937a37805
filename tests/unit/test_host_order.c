/* SPDX-License-Identifier: MIT */
/*
 * The populate passes of src/host/order.c: memory that is not hugetlb
 * first, hugetlb bound to fewer nodes with free pages before more, and
 * last the hugetlb backends whose faults may take any allowed node
 * (doc/preflight.md). Nodes this host lacks have no free pages: bound
 * only to those, a backend is in the first pass of the bound ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "host/host_internal.h"

static struct vnuma__host_block block(bool hugetlb,
				      enum vnuma__host_policy policy,
				      const uint64_t *nodes, size_t n)
{
	struct vnuma__host_block b;

	memset(&b, 0, sizeof(b));
	b.hugetlb = hugetlb;
	b.policy = policy;
	b.page_size = hugetlb ? (size_t)2 << 20 : 4096;
	for (size_t i = 0; i < n; i++)
		b.host_nodes[i] = nodes[i];
	b.n_host_nodes = n;
	return b;
}

/* Whether this host's node 0 has free 2 MiB pages now. */
static bool node0_free(void)
{
	FILE *f = fopen("/sys/devices/system/node/node0/hugepages/"
			"hugepages-2048kB/free_hugepages",
			"re");
	unsigned long v = 0;

	if (f && fscanf(f, "%lu", &v) != 1)
		v = 0;
	if (f)
		fclose(f);
	return v > 0;
}

static void passes(void **state)
{
	const uint64_t none[] = { 900, 901 }, zero[] = { 0, 900 };
	struct vnuma__host_block anon = block(false, VNUMA__POLICY_BIND, zero, 1),
				 any = block(true, VNUMA__POLICY_PREFERRED, zero,
					     1),
				 dflt = block(true, VNUMA__POLICY_DEFAULT, NULL,
					      0),
				 lost = block(true, VNUMA__POLICY_BIND, none, 2),
				 b0 = block(true, VNUMA__POLICY_BIND, zero, 2);
	unsigned p0;

	(void)state;
	assert_int_equal(vnuma__host_populate_pass(&anon), 0);
	assert_int_equal(vnuma__host_populate_pass(&any), UINT_MAX);
	assert_int_equal(vnuma__host_populate_pass(&dflt), UINT_MAX);
	/* bound to nodes this host lacks: no node with free pages */
	assert_int_equal(vnuma__host_populate_pass(&lost), 1);
	/* node 0 counts while it has free pages; node 900 never */
	p0 = vnuma__host_populate_pass(&b0);
	assert_int_equal(p0, node0_free() ? 2 : 1);
	assert_true(p0 < vnuma__host_populate_pass(&any));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
