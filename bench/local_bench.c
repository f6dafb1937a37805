/* SPDX-License-Identifier: MIT */
/*
 * Node-local preallocation against populating from anywhere: the same
 * configuration realized with vnuma_host_realize() by default (each
 * bound backend populated from its host nodes' CPUs) and with
 * VNUMA_HOST_NO_NODE_LOCAL, in pairs A B A B, the populate step timed by
 * the library (vnuma_host_timing.populate_ns, monotonic clock).
 *
 * Usage: local_bench ROUNDS QEMU-OPTIONS...
 * Prints each pair, then the medians and their ratio (node-local over
 * anywhere). On a one-node host both populate from the same CPUs: the
 * ratio is the cost of choosing and pinning, not a gain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vnuma/vnuma.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Seconds populating took, or a negative value on failure. */
static double once(const vnuma_topology *t, unsigned flags)
{
	vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
	vnuma_host_timing tm = VNUMA_INFO_INIT(vnuma_host_timing);
	vnuma_host *h = NULL;
	vnuma_error *e = NULL;
	double s;

	o.flags = flags;
	if (vnuma_host_realize(&h, t, NULL, &o, &e)) {
		fprintf(stderr, "realize: %s\n", vnuma_error_message(e));
		vnuma_error_free(e);
		return -1;
	}
	vnuma_host_timing_get(&tm, h);
	s = (double)tm.populate_ns / 1e9;
	vnuma_host_free(h);
	return s;
}

int main(int argc, char **argv)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	double *a, *b;
	int rounds;

	if (argc < 3 || (rounds = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: %s ROUNDS QEMU-OPTIONS...\n", argv[0]);
		return 2;
	}
	if (vnuma_config_new(&cfg, NULL, &e) ||
	    vnuma_config_add_argv(cfg, argc - 2, (const char *const *)argv + 2,
				  0, &e) ||
	    vnuma_topology_new(&t, cfg, &e)) {
		fprintf(stderr, "%s\n", vnuma_error_message(e));
		return 2;
	}
	a = calloc((size_t)rounds, sizeof(*a));
	b = calloc((size_t)rounds, sizeof(*b));
	if (!a || !b)
		return 2;
	/* One untimed pair: the first touch of a size is cold. */
	if (once(t, 0) < 0 || once(t, VNUMA_HOST_NO_NODE_LOCAL) < 0)
		return 1;
	for (int i = 0; i < rounds; i++) {
		a[i] = once(t, 0);
		b[i] = once(t, VNUMA_HOST_NO_NODE_LOCAL);
		if (a[i] < 0 || b[i] < 0)
			return 1;
		printf("pair %2d  node-local %.4f s  anywhere %.4f s\n", i, a[i],
		       b[i]);
	}
	{
		double ma = median(a, rounds), mb = median(b, rounds);

		printf("median   node-local %.4f s  anywhere %.4f s  "
		       "ratio %.3f\n",
		       ma, mb, ma / mb);
	}
	free(a);
	free(b);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	return 0;
}
