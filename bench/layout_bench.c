/* SPDX-License-Identifier: MIT */
/*
 * Address -> node lookups: vnuma_layout_node_of_addr (binary search over
 * the sorted range array) against what QEMU's numa_get_node() did before
 * the layout existed: walk the nodes and, for each, a linked list of its
 * address ranges. 128 nodes with 1 GiB of boot RAM each (q35), plus 256
 * DIMMs of 1 GiB added to the layout (2 per node), looked up at the same
 * random addresses by both. Then the cost of removing and adding a DIMM
 * at that size. Not a test: `make bench` runs it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vnuma/vnuma.h>

#define NODES 128
#define DIMMS 256
#define GIB (UINT64_C(1) << 30)
#define DIMM_BASE (256 * GIB)
#define LOOKUPS 1000000
#define SAMPLES 7
#define ROUNDS 101

/* The baseline: per-node singly linked lists, newest range first. */
struct addr_range {
	uint64_t start, end; /* end inclusive */
	struct addr_range *next;
};

static int64_t list_node_of(struct addr_range *const *lists, uint32_t n,
			    uint64_t addr)
{
	for (uint32_t i = 0; i < n; i++)
		for (const struct addr_range *r = lists[i]; r; r = r->next)
			if (addr >= r->start && addr <= r->end)
				return i;
	return -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* xorshift64*: reproducible addresses without libc's rand() state. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static vnuma_topology *topology(void)
{
	static char objs[NODES][64], nodes[NODES][64];
	const char *argv[4 * NODES + 8];
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	int a = 0;

	argv[a++] = "-M";
	argv[a++] = "q35";
	argv[a++] = "-m";
	argv[a++] = "128G";
	for (int i = 0; i < NODES; i++) {
		snprintf(objs[i], sizeof(objs[i]),
			 "memory-backend-ram,id=m%d,size=1G", i);
		snprintf(nodes[i], sizeof(nodes[i]),
			 "node,nodeid=%d,memdev=m%d", i, i);
		argv[a++] = "-object";
		argv[a++] = objs[i];
		argv[a++] = "-numa";
		argv[a++] = nodes[i];
	}
	if (vnuma_config_new(&cfg, NULL, NULL) ||
	    vnuma_config_add_argv(cfg, a, argv, 0, NULL) ||
	    vnuma_topology_new(&t, cfg, NULL))
		t = NULL;
	vnuma_config_free(cfg);
	return t;
}

/* Times ROUNDS rounds of removing every DIMM, then adding each back. */
static int add_remove(vnuma_layout *l, uint64_t *seed, double *rm_ns,
		      double *add_ns)
{
	double rm[ROUNDS], add[ROUNDS];
	uint32_t order[DIMMS];

	for (int k = 0; k < ROUNDS; k++) {
		double t0;

		for (uint32_t i = 0; i < DIMMS; i++)
			order[i] = i;
		for (uint32_t i = DIMMS - 1; i > 0; i--) {
			uint32_t j = (uint32_t)(rnd(seed) % (i + 1)), x;

			x = order[i];
			order[i] = order[j];
			order[j] = x;
		}
		t0 = now();
		for (uint32_t i = 0; i < DIMMS; i++)
			if (vnuma_layout_remove(l, DIMM_BASE + order[i] * GIB,
						GIB, NULL))
				return 1;
		rm[k] = (now() - t0) * 1e9 / DIMMS;
		t0 = now();
		for (uint32_t i = 0; i < DIMMS; i++)
			if (vnuma_layout_add(l, DIMM_BASE + order[i] * GIB, GIB,
					     order[i] % NODES,
					     VNUMA_RANGE_ENABLED |
						     VNUMA_RANGE_HOTPLUGGABLE,
					     NULL))
				return 1;
		add[k] = (now() - t0) * 1e9 / DIMMS;
	}
	qsort(rm, ROUNDS, sizeof(*rm), cmp_double);
	qsort(add, ROUNDS, sizeof(*add), cmp_double);
	*rm_ns = rm[ROUNDS / 2];
	*add_ns = add[ROUNDS / 2];
	return 0;
}

int main(void)
{
	struct addr_range *lists[NODES] = { 0 }, *pool;
	vnuma_topology *t = topology();
	vnuma_layout *l = NULL;
	uint64_t seed = 42, top = 0, *addrs, sum_a = 0, sum_b = 0;
	double t0, t_layout, t_lists, rm_ns, add_ns, ta[SAMPLES], tb[SAMPLES];
	size_t n, used = 0;
	int rc = 1;

	addrs = malloc(LOOKUPS * sizeof(*addrs));
	if (!t || !addrs || vnuma_layout_new(&l, t, NULL))
		goto out;
	for (uint32_t i = 0; i < DIMMS; i++)
		if (vnuma_layout_add(l, DIMM_BASE + i * GIB, GIB, i % NODES,
				     VNUMA_RANGE_ENABLED |
					     VNUMA_RANGE_HOTPLUGGABLE, NULL))
			goto out;
	n = vnuma_layout_range_count(l);
	pool = calloc(n, sizeof(*pool));
	if (!pool)
		goto out;
	/* The same ranges, each prepended to its node's list. */
	for (size_t i = 0; i < n; i++) {
		vnuma_range r = VNUMA_INFO_INIT(vnuma_range);

		vnuma_layout_range(&r, l, i);
		top = r.start + r.size;
		if (r.node < 0)
			continue;
		pool[used] = (struct addr_range){ r.start,
						  r.start + r.size - 1,
						  lists[r.node] };
		lists[r.node] = &pool[used++];
	}
	for (size_t i = 0; i < LOOKUPS; i++)
		addrs[i] = rnd(&seed) % top;

	/*
	 * Alternate the two, SAMPLES times over the same addresses, and keep
	 * each one's median: this VM's neighbours slow any single run.
	 */
	for (int k = 0; k < SAMPLES; k++) {
		sum_a = sum_b = 0;
		t0 = now();
		for (size_t i = 0; i < LOOKUPS; i++) {
			uint32_t node;

			sum_a += vnuma_layout_node_of_addr(&node, l, addrs[i],
							   NULL)
					 ? UINT64_MAX
					 : node;
		}
		ta[k] = now() - t0;
		t0 = now();
		for (size_t i = 0; i < LOOKUPS; i++) {
			int64_t node = list_node_of(lists, NODES, addrs[i]);

			sum_b += node < 0 ? UINT64_MAX : (uint64_t)node;
		}
		tb[k] = now() - t0;
	}
	qsort(ta, SAMPLES, sizeof(*ta), cmp_double);
	qsort(tb, SAMPLES, sizeof(*tb), cmp_double);
	t_layout = ta[SAMPLES / 2];
	t_lists = tb[SAMPLES / 2];
	if (sum_a != sum_b) {
		fprintf(stderr, "layout_bench: the two lookups disagree\n");
		goto out_pool;
	}
	if (add_remove(l, &seed, &rm_ns, &add_ns))
		goto out_pool;

	printf("address -> node, %d nodes, %zu ranges (%zu with a node: "
	       "boot RAM and %d DIMMs), %d random addresses, median of %d:\n",
	       NODES, n, used, DIMMS, LOOKUPS, SAMPLES);
	printf("  vnuma_layout_node_of_addr %12.0f lookups/s\n",
	       LOOKUPS / t_layout);
	printf("  per-node lists            %12.0f lookups/s "
	       "(QEMU's old numa_get_node)\n", LOOKUPS / t_lists);
	printf("  ratio %.1fx (target: at least 10x) -> %s\n",
	       t_lists / t_layout,
	       t_lists / t_layout >= 10 ? "met" : "NOT met");
	printf("  vnuma_layout_remove %6.1f ns, vnuma_layout_add %6.1f ns "
	       "per op (median of %d rounds of %d)\n",
	       rm_ns, add_ns, ROUNDS, DIMMS);
	rc = 0;
out_pool:
	free(pool);
out:
	if (rc)
		fprintf(stderr, "layout_bench: setup failed\n");
	vnuma_layout_free(l);
	vnuma_topology_free(t);
	free(addrs);
	return rc;
}
