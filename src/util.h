/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_UTIL_H
#define VNUMA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Grows *v (of element size elem) so that it holds at least need items. */
int vnuma__grow(void *v, size_t *cap, size_t need, size_t elem);
char *vnuma__strdup(const char *s);
char *vnuma__strndup(const char *s, size_t n);
/* asprintf that returns NULL on failure. */
char *vnuma__sprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* A growable string; on allocation failure it sets oom and stops growing. */
struct vnuma__buf {
	char *s;
	size_t len, cap;
	bool oom;
};
void vnuma__buf_add(struct vnuma__buf *b, const char *s, size_t n);
void vnuma__buf_puts(struct vnuma__buf *b, const char *s);
void vnuma__buf_printf(struct vnuma__buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vnuma__buf_vprintf(struct vnuma__buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Hands the string over (caller frees); NULL if any append failed. */
char *vnuma__buf_take(struct vnuma__buf *b);
void vnuma__buf_fini(struct vnuma__buf *b);

/* A bitmap of nbits bits. */
static inline size_t vnuma__bitmap_words(size_t nbits)
{
	return (nbits + 63) / 64;
}
static inline bool vnuma__bit_test(const uint64_t *m, size_t i)
{
	return (m[i / 64] >> (i % 64)) & 1;
}
static inline void vnuma__bit_set(uint64_t *m, size_t i)
{
	m[i / 64] |= UINT64_C(1) << (i % 64);
}

#endif
