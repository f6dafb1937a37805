/* SPDX-License-Identifier: MIT */
/*
 * Node-local preallocation: the CPUs a backend bound to host nodes is
 * populated from are its nodes' CPUs within the process's affinity (the
 * nearest nodes' when that leaves none; the affinity when no distance
 * tells), on synthetic nodes and masks and on this host; CPU sets sized
 * past 1024 CPUs; the kernel's lists; and what vnuma_host_block()
 * reports after a real realize: the CPUs allowed, and those the threads
 * were seen on.
 */
#include <sched.h>

#include "host_realize_fixture.h"
#include "host/cpuset.h"
#include "host/host_cpus.h"
#include "kernel_list.h"

#define MiB ((uint64_t)1 << 20)

static void expect(const struct vnuma__local_node *nodes, size_t n_nodes,
		   const uint64_t *bound, size_t nb, const uint16_t *mask,
		   size_t nm, const uint16_t *want, size_t nw,
		   enum vnuma__local_from want_from)
{
	enum vnuma__local_from from;
	uint16_t *out;
	size_t n;

	assert_int_equal(vnuma__local_cpus(&out, &n, &from, nodes, n_nodes,
					   bound, nb, mask, nm),
			 0);
	assert_int_equal(from, want_from);
	assert_int_equal(n, nw);
	if (nw)
		assert_memory_equal(out, want, nw * sizeof(*want));
	free(out);
}

#define L(...) ((const uint16_t[]){ __VA_ARGS__ })
#define N(...) ((const uint64_t[]){ __VA_ARGS__ })
#define E(a) a, sizeof(a) / sizeof(*(a))

/*
 * Synthetic hosts: nodes 0 and 1 of four CPUs, 2 memory-only and nearer
 * to 1 than to 0, 3 memory-only without distances, 4 one CPU as near to
 * 2 as node 1, 5 with CPU ids past 1023; a cpuset, odd orders.
 */
static void synthetic(void **state)
{
	static const uint16_t c0[] = { 0, 1, 2, 3 }, c1[] = { 7, 6, 5, 4, 5 };
	static const uint16_t c4[] = { 8 }, c5[] = { 65535, 2000 };
	static const uint32_t d0[] = { 10, 20, 30, 0, 40, 40 };
	static const uint32_t d1[] = { 20, 10, 25, 0, 40, 40 };
	static const uint32_t d2[] = { 30, 25, 10, 0, 25, 40 };
	const struct vnuma__local_node h[] = {
		{ 0, E(c0), E(d0) }, { 1, E(c1), E(d1) },
		{ 2, NULL, 0, E(d2) }, { 3, NULL, 0, NULL, 0 },
		{ 4, E(c4), NULL, 0 }, { 5, E(c5), NULL, 0 },
	};
	static const uint16_t all[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const uint16_t some[] = { 6, 1, 5, 1 };

	(void)state;
	/* without node 4: its own CPUs, the mask's part only */
	expect(h, 4, N(0), 1, E(all), E(c0), VNUMA__LOCAL_NODES);
	expect(h, 4, N(1), 1, E(some), L(5, 6), 2, VNUMA__LOCAL_NODES);
	expect(h, 4, N(0), 1, E(some), L(1), 1, VNUMA__LOCAL_NODES);
	/* several nodes: their union, sorted, each CPU once */
	expect(h, 4, N(1, 0, 1), 3, E(some), L(1, 5, 6), 3,
	       VNUMA__LOCAL_NODES);
	/* memory-only: the nearest node with CPUs in the mask (node 1),
	 * then the next one (node 0) when node 1's are outside it */
	expect(h, 4, N(2), 1, E(all), L(4, 5, 6, 7), 4, VNUMA__LOCAL_NEAREST);
	expect(h, 4, N(2), 1, L(2, 1), 2, L(1, 2), 2, VNUMA__LOCAL_NEAREST);
	/* node 0's CPUs all outside the mask: node 1's, the nearest */
	expect(h, 4, N(0), 1, L(7, 5), 2, L(5, 7), 2, VNUMA__LOCAL_NEAREST);
	/* no distances: the whole mask, sorted, and not node-local */
	expect(h, 4, N(3), 1, L(7, 5), 2, L(5, 7), 2, VNUMA__LOCAL_MASK);
	/* nodes 1 and 4 equally near: both */
	expect(h, 6, N(2), 1, L(8, 4, 0), 3, L(4, 8), 2,
	       VNUMA__LOCAL_NEAREST);
	/* CPU ids past 1023, up to 65535 */
	expect(h, 6, N(5), 1, L(65535, 1000, 2000, 3), 4, L(2000, 65535), 2,
	       VNUMA__LOCAL_NODES);
	/* nothing at all */
	expect(h, 6, N(0), 1, NULL, 0, NULL, 0, VNUMA__LOCAL_NONE);
	expect(NULL, 0, NULL, 0, NULL, 0, NULL, 0, VNUMA__LOCAL_NONE);
}

/* CPU sets sized from the host's possible CPUs, not cpu_set_t's 1024. */
static void cpuset_sizing(void **state)
{
	static const uint16_t cpus[] = { 5, 2000, 4095, 4096 };
	struct vnuma__cpuset s;

	(void)state;
	assert_int_equal(vnuma__cpuset_bits("0-4095\n"), 4096);
	assert_int_equal(vnuma__cpuset_bits("0-3,8-11\n"), 12);
	assert_int_equal(vnuma__cpuset_bits("0\n"), 1);
	/* nothing to read or no list: cpu_set_t's size */
	assert_int_equal(vnuma__cpuset_bits(NULL), CPU_SETSIZE);
	assert_int_equal(vnuma__cpuset_bits(""), CPU_SETSIZE);
	assert_int_equal(vnuma__cpuset_bits("0-x"), CPU_SETSIZE);
	assert_int_equal(vnuma__cpuset_bits("3-1"), CPU_SETSIZE);
	assert_true(vnuma__host_cpuset_bits() >= 1);
	/* a set of 4096 CPUs holds CPU 2000; 4096 is past it */
	assert_int_equal(vnuma__cpuset_alloc(&s, 4096), 0);
	assert_true(s.bytes >= 4096 / 8);
	vnuma__cpuset_add(&s, cpus, 4);
	assert_true(CPU_ISSET_S(2000, s.bytes, s.set));
	assert_true(CPU_ISSET_S(4095, s.bytes, s.set));
	assert_int_equal(CPU_COUNT_S(s.bytes, s.set), 3);
	vnuma__cpuset_free(&s);
	/* this thread's affinity: every CPU of the fixed-size mask */
	assert_int_equal(vnuma__cpuset_affinity(&s), 0);
	{
		cpu_set_t old;

		assert_int_equal(sched_getaffinity(0, sizeof(old), &old), 0);
		assert_int_equal(CPU_COUNT_S(s.bytes, s.set), CPU_COUNT(&old));
	}
	vnuma__cpuset_free(&s);
}

/* The kernel's lists, as one parser reads them for every stage. */
static void kernel_lists(void **state)
{
	uint64_t lo, hi, max;
	const char *s = "0-3,8,10-11\n";

	(void)state;
	s = vnuma__kernel_list_next(s, &lo, &hi);
	assert_true(s && lo == 0 && hi == 3);
	s = vnuma__kernel_list_next(s, &lo, &hi);
	assert_true(s && lo == 8 && hi == 8);
	s = vnuma__kernel_list_next(s, &lo, &hi);
	assert_true(s && lo == 10 && hi == 11);
	assert_null(vnuma__kernel_list_next(s, &lo, &hi));
	assert_true(vnuma__kernel_list_valid("", 0));
	assert_true(vnuma__kernel_list_valid("0-65535\n", 65535));
	assert_false(vnuma__kernel_list_valid("0-65536", 65535));
	assert_false(vnuma__kernel_list_valid("1-0", 9));
	assert_false(vnuma__kernel_list_valid("-1", 9));
	assert_false(vnuma__kernel_list_valid("+1", 9));
	assert_false(vnuma__kernel_list_valid("1,", 9));
	assert_false(vnuma__kernel_list_valid("1 2", 9));
	assert_true(vnuma__kernel_list_has("0-3,8", 8));
	assert_true(vnuma__kernel_list_has("0-3,8", 2));
	assert_false(vnuma__kernel_list_has("0-3,8", 4));
	assert_false(vnuma__kernel_list_has("", 0));
	assert_int_equal(vnuma__kernel_list_max("8,0-3", &max), 0);
	assert_int_equal(max, 8);
	assert_int_equal(vnuma__kernel_list_max("", &max), -1);
}

/* The sysfs cpulist of node 0 on this host, intersected with the mask. */
static void expected_node0(uint16_t **out, size_t *n)
{
	uint16_t *node = NULL, *mask;
	size_t nn = 0, nm, cap = 0;
	char buf[4096] = "";
	FILE *f = fopen("/sys/devices/system/node/node0/cpulist", "re");
	cpu_set_t set;
	size_t k = 0;

	if (f) {
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_int_equal(vnuma__parse_cpulist(buf, &node, &nn, &cap),
				 0);
	}
	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	mask = malloc(CPU_SETSIZE * sizeof(*mask));
	assert_non_null(mask);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			mask[k++] = (uint16_t)c;
	nm = k;
	/* Computed here the slow way: every mask CPU that node 0 lists. */
	*out = malloc(nm * sizeof(**out));
	assert_non_null(*out);
	*n = 0;
	for (size_t i = 0; i < nm; i++)
		for (size_t m = 0; m < nn; m++)
			if (node[m] == mask[i]) {
				(*out)[(*n)++] = mask[i];
				break;
			}
	/* this host has one node: none of its CPUs usable is none */
	assert_true(*n > 0);
	free(node);
	free(mask);
}

/* This host: node 0's CPUs within the mask (a narrowed mask too). */
static void live_host(void **state)
{
	static const uint64_t nodes[] = { 0 };
	enum vnuma__local_from from;
	uint16_t *got, *want;
	size_t n, nw;
	cpu_set_t old, one;

	(void)state;
	expected_node0(&want, &nw);
	assert_int_equal(vnuma__host_local_cpus(&got, &n, &from, nodes, 1), 0);
	assert_int_equal(from, VNUMA__LOCAL_NODES);
	assert_int_equal(n, nw);
	assert_memory_equal(got, want, n * sizeof(*got));
	free(got);
	free(want);
	/* narrowed to its last CPU: that one alone */
	assert_int_equal(sched_getaffinity(0, sizeof(old), &old), 0);
	CPU_ZERO(&one);
	for (int c = CPU_SETSIZE - 1; c >= 0; c--)
		if (CPU_ISSET(c, &old)) {
			CPU_SET(c, &one);
			break;
		}
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	expected_node0(&want, &nw);
	assert_int_equal(vnuma__host_local_cpus(&got, &n, &from, nodes, 1), 0);
	assert_int_equal(from, VNUMA__LOCAL_NODES);
	assert_int_equal(sched_setaffinity(0, sizeof(old), &old), 0);
	assert_int_equal(nw, 1);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], want[0]);
	free(got);
	free(want);
}

static vnuma_host_block_info block(const struct hrun *hr, size_t i)
{
	vnuma_host_block_info b = VNUMA_INFO_INIT(vnuma_host_block_info);

	assert_int_equal(vnuma_host_block(&b, hr->h, i), 0);
	return b;
}

static bool subset(const uint16_t *a, size_t na, const uint16_t *b,
		   size_t nb)
{
	for (size_t i = 0; i < na; i++) {
		size_t k;

		for (k = 0; k < nb && b[k] != a[i]; k++)
			;
		if (k == nb)
			return false;
	}
	return true;
}

/*
 * Realized: a bound backend's threads were allowed node 0's CPUs within
 * the mask, and ran only there; an unbound one is not node-local, and one
 * without prealloc has none; VNUMA_HOST_NO_NODE_LOCAL turns it off.
 */
static void realized_blocks(void **state)
{
	uint16_t *want;
	size_t nw;

	(void)state;
	expected_node0(&want, &nw);
	for (unsigned f = 0; f < 2; f++) {
		struct hrun hr = HREALIZE_FLAGS(
			f ? VNUMA_HOST_NO_NODE_LOCAL : 0, "-m", "96M",
			"-object",
			"memory-backend-ram,id=b,size=32M,host-nodes=0,"
			"policy=bind,prealloc=on",
			"-object",
			"memory-backend-ram,id=p,size=32M,host-nodes=0,"
			"policy=preferred,prealloc=on",
			"-object",
			"memory-backend-ram,id=d,size=16M,prealloc=on",
			"-object", "memory-backend-ram,id=n,size=16M",
			"-numa", "node,memdev=b", "-numa", "node,memdev=p",
			"-numa", "node,memdev=d", "-numa", "node,memdev=n");
		vnuma_host_block_info b;

		assert_realized(hr);
		for (size_t i = 0; i < 2; i++) {
			b = block(&hr, i);
			assert_int_equal(b.node_local, !f);
			assert_int_equal(b.n_prealloc_cpus, nw);
			assert_memory_equal(b.prealloc_cpus, want,
					    nw * sizeof(*want));
			assert_true(b.n_touch_cpus >= 1);
			assert_true(subset(b.touch_cpus, b.n_touch_cpus,
					   b.prealloc_cpus,
					   b.n_prealloc_cpus));
		}
		b = block(&hr, 2);
		assert_false(b.node_local);
		assert_true(b.n_touch_cpus >= 1);
		assert_true(subset(b.touch_cpus, b.n_touch_cpus,
				   b.prealloc_cpus, b.n_prealloc_cpus));
		b = block(&hr, 3);
		assert_false(b.node_local);
		assert_int_equal(b.n_prealloc_cpus, 0);
		assert_int_equal(b.n_touch_cpus, 0);
		assert_null(b.touch_cpus);
		hrun_free(&hr);
	}
	free(want);
}

/*
 * Block progress (options version 3) names the blocks; version 2 not.
 * The total's progress starts at 0.
 */
struct bprog {
	uint64_t last[4], totals[4], first_done;
	unsigned finals[4], calls, total_calls;
	bool wrong;
};

/* The whole pass's progress: (0, total) first, as populating begins. */
static void on_total(uint64_t done, uint64_t total, void *opaque)
{
	struct bprog *p = opaque;

	if (!p->total_calls++)
		p->first_done = done;
	if (total != 56 * MiB)
		p->wrong = true;
}

static void on_block(size_t block, const char *backend, uint64_t bdone,
		     uint64_t btotal, uint64_t done, uint64_t total,
		     void *opaque)
{
	static const char *const ids[] = { "a", "x", "c" };
	struct bprog *p = opaque;

	p->calls++;
	if (block >= 3 || strcmp(backend, ids[block]) || bdone > btotal ||
	    done > total || bdone < p->last[block]) {
		p->wrong = true;
		return;
	}
	p->last[block] = bdone;
	p->totals[block] = btotal;
	p->finals[block] += bdone == btotal;
}

static void block_progress(void **state)
{
	for (unsigned v = 2; v <= 3; v++) {
		vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
		struct bprog p = { 0 };
		struct run r;
		vnuma_host *h = NULL;
		vnuma_error *e = NULL;

		(void)state;
		r = RUN("-m", "56M", "-object",
			"memory-backend-ram,id=a,size=32M,prealloc=on",
			"-object", "memory-backend-ram,id=x,size=8M",
			"-object",
			"memory-backend-ram,id=c,size=24M,prealloc=on,"
			"host-nodes=0,policy=bind",
			"-numa", "node,memdev=a", "-numa", "node,memdev=c");
		assert_ok(r);
		o.version = v;
		o.block_progress = on_block;
		o.progress = on_total;
		o.opaque = &p;
		assert_int_equal(vnuma_host_realize(&h, r.t, NULL, &o, &e), 0);
		assert_false(p.wrong);
		/* the start (0 bytes), then the end at least */
		assert_int_equal(p.first_done, 0);
		assert_true(p.total_calls >= 2);
		if (v == 2) {
			assert_int_equal(p.calls, 0);
		} else {
			assert_int_equal(p.finals[0], 1);
			assert_int_equal(p.totals[0], 32 * MiB);
			assert_int_equal(p.finals[1], 0);
			assert_int_equal(p.calls >= 2, true);
			assert_int_equal(p.finals[2], 1);
			assert_int_equal(p.totals[2], 24 * MiB);
		}
		vnuma_host_free(h);
		run_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(synthetic),
		cmocka_unit_test(cpuset_sizing),
		cmocka_unit_test(kernel_lists),
		cmocka_unit_test(live_host),
		cmocka_unit_test(realized_blocks),
		cmocka_unit_test(block_progress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
