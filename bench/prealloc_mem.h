/* SPDX-License-Identifier: MIT */
/*
 * Memory and timing shared by the preallocation benchmarks: the limit
 * program and vnuma's driver map the same kinds of memory the same way and
 * time only the population, so their ratio compares engines, nothing else.
 */
#ifndef VNUMA_BENCH_PREALLOC_MEM_H
#define VNUMA_BENCH_PREALLOC_MEM_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << 26)
#endif

#define BENCH_2M ((size_t)2 << 20)

enum kind { KIND_THP, KIND_HUGE2M, KIND_SMALL };

static inline int bench_kind(const char *s, enum kind *k)
{
	if (!strcmp(s, "thp"))
		*k = KIND_THP;
	else if (!strcmp(s, "huge2m"))
		*k = KIND_HUGE2M;
	else if (!strcmp(s, "small"))
		*k = KIND_SMALL;
	else
		return -1;
	return 0;
}

static inline size_t bench_page(enum kind k)
{
	return k == KIND_HUGE2M ? BENCH_2M : 4096;
}

/* Maps size bytes of the kind (2 MiB aligned), or exits. */
static inline void *bench_map(enum kind k, size_t size)
{
	size_t span = size + BENCH_2M;
	char *p, *a;

	if (k == KIND_HUGE2M) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB |
				 MAP_HUGE_2MB, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap hugetlb");
			exit(2);
		}
		return p;
	}
	p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	a = (char *)(((uintptr_t)p + BENCH_2M - 1) & ~(BENCH_2M - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (p + span > a + size)
		munmap(a + size, (size_t)(p + span - (a + size)));
	madvise(a, size, k == KIND_THP ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	return a;
}

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Parses "1G", "512M", "4096": bytes. */
static inline size_t bench_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*end == 'G')
		v <<= 30;
	else if (*end == 'M')
		v <<= 20;
	return (size_t)v;
}

#endif
