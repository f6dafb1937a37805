/* SPDX-License-Identifier: MIT */
/*
 * vnuma's side of the populate benchmark: the library's engine
 * (vnuma__prealloc_ex) on the same memory prealloc_limit maps.
 *
 * Usage: prealloc_bench KIND SIZE THREADS [warm] [touch] [chunk=BYTES]
 *   "touch" forces the write-touch engine; chunk= overrides the work item.
 * Prints: seconds of the timed population.
 */
#include "host/prealloc.h"
#include "prealloc_mem.h"

static double once(enum kind k, size_t size, unsigned n,
		   const struct vnuma__prealloc_opts *o)
{
	struct vnuma__prealloc_region r = { 0 };
	vnuma_error *e = NULL;
	double t0, t1;

	r.addr = bench_map(k, size);
	r.size = size;
	r.page_size = bench_page(k);
	r.hugetlb = k == KIND_HUGE2M;
	r.threads = n;
	r.name = "bench";
	t0 = bench_now();
	if (vnuma__prealloc_ex(&r, 1, o, NULL, NULL, &e)) {
		fprintf(stderr, "%s\n", vnuma_error_message(e));
		exit(2);
	}
	t1 = bench_now();
	munmap(r.addr, size);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	struct vnuma__prealloc_opts o = { 0 }, warm = { 0 };
	enum kind k;
	size_t size;
	unsigned n;
	int i, w = 0;

	if (argc < 4 || bench_kind(argv[1], &k)) {
		fprintf(stderr, "usage: %s thp|huge2m|small SIZE THREADS "
				"[warm] [touch] [chunk=BYTES]\n", argv[0]);
		return 2;
	}
	size = bench_size(argv[2]);
	n = (unsigned)atoi(argv[3]);
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "warm"))
			w = 1;
		else if (!strcmp(argv[i], "touch"))
			o.force_touch = true;
		else if (!strncmp(argv[i], "chunk=", 6))
			o.chunk = bench_size(argv[i] + 6);
	}
	/* the pool size the library picks for one region of n threads */
	warm.threads = n;
	if (w)
		once(k, size, n, &warm);
	printf("%.6f\n", once(k, size, n, &o));
	return 0;
}
