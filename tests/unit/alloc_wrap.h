/* SPDX-License-Identifier: MIT */
/*
 * For tests linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc:
 * the library's allocations come here, and the one countdown reaches 0
 * at fails (failures counts them). countdown < 0: nothing fails.
 * Include once, in the test's own file.
 */
#ifndef VNUMA_TESTS_ALLOC_WRAP_H
#define VNUMA_TESTS_ALLOC_WRAP_H

#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

/* Test-only state: the countdown to the failing allocation. */
static long countdown = -1;
static long failures;

static int should_fail(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0) {
		failures++;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return should_fail() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __real_realloc(p, n);
}

#endif
