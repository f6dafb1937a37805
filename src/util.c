/* SPDX-License-Identifier: MIT */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vnuma__grow(void *v, size_t *cap, size_t need, size_t elem)
{
	void **pv = v;
	size_t ncap = *cap ? *cap : (need ? need : 1);
	void *p;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return -1;
	p = realloc(*pv, ncap * elem);
	if (!p)
		return -1;
	*pv = p;
	*cap = ncap;
	return 0;
}

char *vnuma__strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *vnuma__strdup(const char *s)
{
	return s ? vnuma__strndup(s, strlen(s)) : NULL;
}

char *vnuma__sprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void vnuma__buf_add(struct vnuma__buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (vnuma__grow(&b->s, &b->cap, b->len + n + 1, 1)) {
		b->oom = true;
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void vnuma__buf_puts(struct vnuma__buf *b, const char *s)
{
	vnuma__buf_add(b, s, strlen(s));
}

void vnuma__buf_vprintf(struct vnuma__buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	int n;

	if (b->oom)
		return;
	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		vnuma__buf_add(b, small, (size_t)n);
		return;
	}
	if (vnuma__grow(&b->s, &b->cap, b->len + (size_t)n + 1, 1)) {
		b->oom = true;
		return;
	}
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void vnuma__buf_printf(struct vnuma__buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnuma__buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *vnuma__buf_take(struct vnuma__buf *b)
{
	char *s;

	if (b->oom) {
		vnuma__buf_fini(b);
		return NULL;
	}
	if (!b->s)
		vnuma__buf_add(b, "", 0);
	if (b->oom)
		return NULL;
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void vnuma__buf_fini(struct vnuma__buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}
