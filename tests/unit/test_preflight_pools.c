/* SPDX-License-Identifier: MIT */
/*
 * Preallocated huge pages drawn from several nodes' pools, over the
 * recorded tree tests/fixtures/hostinfo/preflight-pools: the preflight
 * tree with cpuset.mems 0-2 and free 2 MiB pages 6 on node 0, 4 on node 1,
 * none on node 2 (which has memory), 5 on node 3 (outside cpuset.mems);
 * no overcommit, nothing reserved: the host's pool has 15 free, the
 * nodes this process may use 10. 1 GiB pages: 1 free on node 0, 4 on
 * node 1, 2 on node 2.
 *
 * Realizing populates a bound backend before those that may fault on
 * more nodes (src/host/order.c), the sets being the bound nodes that
 * have free pages; the backends of other policies last, on any node the
 * process may use. Preflight compares, for each set, the pages of the
 * backends confined to it with its free pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "vnuma/vnuma.h"
#include "preflight_fixture.h"

static vnuma_preflight *check(const char *opts)
{
	vnuma_hostinfo *h = pf_probe("preflight-pools");
	vnuma_preflight *p = pf_check_with(h, opts);

	vnuma_hostinfo_free(h);
	return p;
}

/* How many reasons have this check, severity and backend. */
static size_t count(const vnuma_preflight *p, const char *check_id,
		    int severity, const char *backend)
{
	size_t n = 0;

	for (size_t i = 0; i < vnuma_preflight_reason_count(p); i++) {
		vnuma_preflight_reason r =
			VNUMA_INFO_INIT(vnuma_preflight_reason);

		assert_int_equal(vnuma_preflight_reason_get(&r, p, i), 0);
		n += !strcmp(r.check, check_id) && r.severity == severity &&
		     r.backend && !strcmp(r.backend, backend);
	}
	return n;
}

#define HUGE(id, size, extra)                                        \
	"-object memory-backend-memfd,id=" id ",size=" size              \
	",hugetlb=on,hugetlbsize=2M,prealloc=on" extra " -numa node,memdev=" id

/*
 * Interleaved over nodes 0 and 3 (outside the cpuset), a backend's
 * faults start on node 0 and fall back to node 1 (the policy keeps node
 * 0 only, fallback takes any node of the cpuset); one bound to node 0 is
 * populated first, so both fit while the allowed nodes have the pages of
 * both and node 0 the bound one's. Short, the fault that fails is the
 * interleaved one's: the bound one had its pages.
 */
static void bound_before_any_node(void **state)
{
	vnuma_preflight *p = check(
		"-m 16M " HUGE("i", "14M",
			       ",host-nodes=0,host-nodes=3,policy=interleave")
			" " HUGE("b", "2M", ",host-nodes=0,policy=bind"));

	(void)state;
	assert_true(vnuma_preflight_fits(p));
	vnuma_preflight_free(p);
	/* preferred likewise; 11 pages are more than the 10 allowed */
	p = check("-m 22M " HUGE("i", "18M", ",host-nodes=0,policy=preferred")
			  " " HUGE("b", "4M", ",host-nodes=0,policy=bind"));
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "i"),
			 1);
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "b"),
			 0);
	vnuma_preflight_free(p);
}

/*
 * Node 2 has no free pages: bound to nodes 0 and 2, a backend's pages
 * come from node 0 alone, and it is populated before one bound to nodes
 * 0 and 1, which then finds 4 pages where it needs 5.
 */
static void nodes_without_free_pages_do_not_count(void **state)
{
	vnuma_preflight *p = check(
		"-m 22M " HUGE("a", "12M",
			       ",host-nodes=0,host-nodes=2,policy=bind")
			" " HUGE("c", "10M", ",host-nodes=0-1,policy=bind"));

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "c"),
			 1);
	vnuma_preflight_free(p);
	/* 4 pages fit */
	p = check("-m 20M " HUGE("a", "12M",
				 ",host-nodes=0,host-nodes=2,policy=bind")
			  " " HUGE("c", "8M", ",host-nodes=0-1,policy=bind"));
	assert_true(vnuma_preflight_fits(p));
	vnuma_preflight_free(p);
}

/*
 * Bound to nodes 1 and 2, a backend has node 1's 4 pages; one bound to
 * nodes 0-2 has those of nodes 0 and 1 less what the first took.
 */
static void nested_sets(void **state)
{
	vnuma_preflight *p = check(
		"-m 20M " HUGE("z", "8M", ",host-nodes=1-2,policy=bind") " " HUGE(
			"a", "12M", ",host-nodes=0-2,policy=bind"));

	(void)state;
	assert_true(vnuma_preflight_fits(p));
	vnuma_preflight_free(p);
	p = check("-m 22M " HUGE("z", "10M", ",host-nodes=1-2,policy=bind")
			  " " HUGE("a", "12M", ",host-nodes=0-2,policy=bind"));
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "z"),
			 1);
	vnuma_preflight_free(p);
	p = check("-m 22M " HUGE("z", "8M", ",host-nodes=1-2,policy=bind")
			  " " HUGE("a", "14M", ",host-nodes=0-2,policy=bind"));
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "z"),
			 0);
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "a"),
			 1);
	vnuma_preflight_free(p);
}

#define GIG(id, extra)                                               \
	"-object memory-backend-memfd,id=" id ",size=1G,hugetlb=on,"     \
	"hugetlbsize=1G,prealloc=on,policy=bind" extra " -numa node,memdev=" id

/*
 * Bound to nodes 0-1 and 1-2, two backends share node 1 and neither set
 * holds the other: the sums fit, but whether both do depends on which
 * faults take node 1's pages; a warning on each, none for nested sets.
 */
static void overlapping_sets_are_a_warning(void **state)
{
	vnuma_preflight *p = check("-m 2G " GIG("a", ",host-nodes=0-1") " " GIG(
		"b", ",host-nodes=1-2"));

	(void)state;
	assert_true(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.hugetlb-order",
			       VNUMA_PREFLIGHT_WARNING, "a"),
			 1);
	assert_int_equal(count(p, "host.hugetlb-order",
			       VNUMA_PREFLIGHT_WARNING, "b"),
			 1);
	vnuma_preflight_free(p);
	p = check("-m 2G " GIG("a", ",host-nodes=1") " " GIG(
		"b", ",host-nodes=1-2"));
	assert_true(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.hugetlb-order",
			       VNUMA_PREFLIGHT_WARNING, "a") +
				 count(p, "host.hugetlb-order",
				       VNUMA_PREFLIGHT_WARNING, "b"),
			 0);
	vnuma_preflight_free(p);
}

/*
 * A backend bound to node 0 that is short there and on the whole host:
 * one reason, not the same one twice. The host-wide sum that names
 * another backend than the node's is still said.
 */
static void shortage_said_once(void **state)
{
	vnuma_preflight *p = check("-m 32M " HUGE("b", "32M",
						  ",host-nodes=0,policy=bind"));

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       "b"),
			 1);
	vnuma_preflight_free(p);
	/* 6 + 5 + 5 pages: node 1 and node 2 short, the host (15) too */
	p = check("-m 32M " HUGE("a", "12M", ",host-nodes=0,policy=bind")
			  " " HUGE("c", "10M", ",host-nodes=1,policy=bind")
			  " " HUGE("d", "10M", ",host-nodes=2,policy=bind"));
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       "a"),
			 1);
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       "c"),
			 1);
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       "d"),
			 1);
	vnuma_preflight_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bound_before_any_node),
		cmocka_unit_test(nodes_without_free_pages_do_not_count),
		cmocka_unit_test(nested_sets),
		cmocka_unit_test(overlapping_sets_are_a_warning),
		cmocka_unit_test(shortage_said_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
