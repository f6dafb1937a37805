/* SPDX-License-Identifier: MIT */
/* Real memory for the host tests: mappings, residency, valgrind. */
#ifndef VNUMA_TEST_HOST_FIXTURE_H
#define VNUMA_TEST_HOST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include "host/prealloc.h"

#define MiB ((size_t)1 << 20)
#define HUGE_2M ((size_t)2 << 20)

/* valgrind runs everything ~50x slower: the same checks on less memory. */
static inline size_t fx_scale(size_t size)
{
	return RUNNING_ON_VALGRIND ? size / 8 : size;
}

static inline size_t fx_page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* Anonymous private memory aligned to 2 MiB, with the given THP advice. */
static inline void *fx_map(size_t size, int advice)
{
	size_t span = size + HUGE_2M;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *a;

	assert_true(p != MAP_FAILED);
	a = (char *)(((uintptr_t)p + HUGE_2M - 1) & ~(HUGE_2M - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (p + span > a + size)
		munmap(a + size, (size_t)(p + span - (a + size)));
	if (advice >= 0)
		assert_int_equal(madvise(a, size, advice), 0);
	return a;
}

/* Bytes of [p, p+size) that are resident, by mincore. */
static inline size_t fx_resident(const void *p, size_t size)
{
	size_t pg = fx_page(), n = (size + pg - 1) / pg, i, r = 0;
	unsigned char *v = malloc(n);

	assert_non_null(v);
	assert_int_equal(mincore((void *)p, size, v), 0);
	for (i = 0; i < n; i++)
		r += v[i] & 1;
	free(v);
	return r * pg;
}

static inline struct vnuma__prealloc_region fx_region(void *a, size_t size,
						      size_t ps, unsigned t,
						      const char *name)
{
	struct vnuma__prealloc_region r = { 0 };

	r.addr = a;
	r.size = size;
	r.page_size = ps;
	r.threads = t;
	r.name = name;
	r.hugetlb = ps > fx_page();
	return r;
}

#endif
