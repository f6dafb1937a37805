/* SPDX-License-Identifier: MIT */
/*
 * The limit: the plainest fastest population of fresh memory this machine
 * allows, with nothing of vnuma in it. The memory is split into one
 * contiguous part per thread; each part is populated with one
 * MADV_POPULATE_WRITE, or by storing one byte a page ("touch"). "best"
 * runs both on fresh mappings and prints the faster.
 *
 * Usage: prealloc_limit KIND SIZE THREADS populate|touch|best [warm]
 *   KIND thp | huge2m | small, SIZE e.g. 4G. "warm": populate and free the
 *   same size right before (untimed), so the outer host has backed it.
 * Prints: seconds of the timed population.
 */
#include <pthread.h>

#include "prealloc_mem.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

struct part {
	char *lo;
	size_t len, step;
	int touch;
	pthread_t tid;
};

static void *run(void *arg)
{
	struct part *p = arg;
	size_t off;

	if (!p->touch) {
		if (madvise(p->lo, p->len, MADV_POPULATE_WRITE)) {
			perror("MADV_POPULATE_WRITE");
			exit(2);
		}
		return NULL;
	}
	for (off = 0; off < p->len; off += p->step)
		((volatile char *)p->lo)[off] = 1;
	return NULL;
}

static double once(enum kind k, size_t size, unsigned n, int touch)
{
	size_t pg = bench_page(k), pages = size / pg, per = pages / n, at = 0;
	char *a = bench_map(k, size);
	struct part *p = calloc(n, sizeof(*p));
	double t0, t1;
	unsigned i;

	if (!p)
		exit(2);
	for (i = 0; i < n; i++) {
		size_t np = per + (i < pages % n);

		p[i].lo = a + at * pg;
		p[i].len = np * pg;
		p[i].step = pg;
		p[i].touch = touch;
		at += np;
	}
	t0 = bench_now();
	for (i = 1; i < n; i++)
		pthread_create(&p[i].tid, NULL, run, &p[i]);
	run(&p[0]);
	for (i = 1; i < n; i++)
		pthread_join(p[i].tid, NULL);
	t1 = bench_now();
	munmap(a, size);
	free(p);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	enum kind k;
	size_t size;
	unsigned n;
	double tp, tt;

	if (argc < 5 || bench_kind(argv[1], &k)) {
		fprintf(stderr, "usage: %s thp|huge2m|small SIZE THREADS "
				"populate|touch|best [warm]\n", argv[0]);
		return 2;
	}
	size = bench_size(argv[2]);
	n = (unsigned)atoi(argv[3]);
	if (!n)
		n = 1;
	if (argc > 5 && !strcmp(argv[5], "warm"))
		once(k, size, n, 0);
	if (!strcmp(argv[4], "populate")) {
		printf("%.6f\n", once(k, size, n, 0));
	} else if (!strcmp(argv[4], "touch")) {
		printf("%.6f\n", once(k, size, n, 1));
	} else {
		tp = once(k, size, n, 0);
		tt = once(k, size, n, 1);
		printf("%.6f\n", tp < tt ? tp : tt);
	}
	return 0;
}
