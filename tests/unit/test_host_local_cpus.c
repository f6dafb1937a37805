/* SPDX-License-Identifier: MIT */
/*
 * Node-local preallocation: the CPUs a backend bound to host nodes is
 * populated from are its nodes' CPUs within the process's affinity (the
 * affinity when that leaves none), on synthetic nodes and masks and on
 * this host, and what vnuma_host_block() reports of them after a real
 * realize: the CPUs allowed, and those the threads were seen on.
 */
#include <sched.h>

#include "host_realize_fixture.h"
#include "host/host_cpus.h"

#define MiB ((uint64_t)1 << 20)

static void expect(const uint16_t *node, size_t nn, const uint16_t *mask,
		   size_t nm, const uint16_t *want, size_t nw)
{
	uint16_t *out;
	size_t n;

	assert_int_equal(vnuma__local_cpus(&out, &n, node, nn, mask, nm), 0);
	assert_int_equal(n, nw);
	if (nw)
		assert_memory_equal(out, want, nw * sizeof(*want));
	free(out);
}

/* Synthetic hosts: two nodes of four CPUs, a cpuset, odd orders. */
static void synthetic(void **state)
{
	static const uint16_t node0[] = { 0, 1, 2, 3 };
	static const uint16_t node1[] = { 4, 5, 6, 7 };
	static const uint16_t both[] = { 7, 6, 5, 4, 3, 2, 1, 0, 3 };
	static const uint16_t all[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const uint16_t some[] = { 6, 1, 5, 1 };
	static const uint16_t far[] = { 1000, 65535 };
	static const uint16_t big[] = { 65535, 1000, 3 };

	(void)state;
	expect(node0, 4, all, 8, node0, 4);
	expect(node1, 4, all, 8, node1, 4);
	/* only the mask's part of the node */
	expect(node1, 4, some, 4, (const uint16_t[]){ 5, 6 }, 2);
	expect(node0, 4, some, 4, (const uint16_t[]){ 1 }, 1);
	/* several nodes: their union, sorted, each CPU once */
	expect(both, 9, some, 4, (const uint16_t[]){ 1, 5, 6 }, 3);
	/* no CPU of the node in the mask: the mask, sorted */
	expect(node0, 4, (const uint16_t[]){ 7, 5 }, 2,
	       (const uint16_t[]){ 5, 7 }, 2);
	/* a memory-only node (no CPUs): the mask */
	expect(NULL, 0, some, 4, (const uint16_t[]){ 1, 5, 6 }, 3);
	/* CPU ids up to 65535 */
	expect(far, 2, big, 3, far, 2);
	/* nothing at all */
	expect(NULL, 0, NULL, 0, NULL, 0);
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
	if (!*n) {
		memcpy(*out, mask, nm * sizeof(*mask));
		*n = nm;
	}
	free(node);
	free(mask);
}

/* This host: node 0's CPUs within the mask (a narrowed mask too). */
static void live_host(void **state)
{
	static const uint64_t nodes[] = { 0 };
	uint16_t *got, *want;
	size_t n, nw;
	cpu_set_t old, one;

	(void)state;
	expected_node0(&want, &nw);
	assert_int_equal(vnuma__host_local_cpus(&got, &n, nodes, 1), 0);
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
	assert_int_equal(vnuma__host_local_cpus(&got, &n, nodes, 1), 0);
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

/* Block progress (options version 3) names the blocks; version 2 not. */
struct bprog {
	uint64_t last[4], totals[4];
	unsigned finals[4], calls;
	bool wrong;
};

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
		o.opaque = &p;
		assert_int_equal(vnuma_host_realize(&h, r.t, NULL, &o, &e), 0);
		assert_false(p.wrong);
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
		cmocka_unit_test(live_host),
		cmocka_unit_test(realized_blocks),
		cmocka_unit_test(block_progress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
