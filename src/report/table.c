/* SPDX-License-Identifier: MIT */
/* Aligned text tables for the report's own sections. */
#include "report_internal.h"
#include "../util.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vnuma__table_init(struct vnuma__table *tb, size_t cols, size_t cap,
		      const bool *right)
{
	memset(tb, 0, sizeof(*tb));
	if (cols && cap > SIZE_MAX / cols)
		return VNUMA_E_NOMEM;
	tb->cell = calloc(cols * cap + 1, sizeof(*tb->cell));
	if (!tb->cell)
		return VNUMA_E_NOMEM;
	tb->cols = cols;
	tb->cap = cap;
	tb->right = right;
	return VNUMA_OK;
}

/* The two forms most cells take, without vsnprintf's cost. */
static char *format_fast(const char *fmt, va_list ap, bool *done)
{
	char tmp[16], *p = tmp + sizeof(tmp);
	unsigned v;

	*done = true;
	if (fmt[0] == '%' && fmt[1] == 's' && !fmt[2])
		return vnuma__strdup(va_arg(ap, const char *));
	if (fmt[0] == '%' && fmt[1] == 'u' && !fmt[2]) {
		v = va_arg(ap, unsigned);
		*--p = '\0';
		do
			*--p = (char)('0' + v % 10);
		while (v /= 10);
		return vnuma__strdup(p);
	}
	if (!strchr(fmt, '%'))
		return vnuma__strdup(fmt);
	*done = false;
	return NULL;
}

void vnuma__table_set(struct vnuma__table *tb, size_t row, size_t col,
		      const char *fmt, ...)
{
	char **c;
	va_list ap;
	bool done;
	int n;

	assert(row < tb->cap && col < tb->cols);
	c = &tb->cell[row * tb->cols + col];
	if (tb->oom)
		return;
	if (row + 1 > tb->rows)
		tb->rows = row + 1;
	free(*c);
	va_start(ap, fmt);
	*c = format_fast(fmt, ap, &done);
	va_end(ap);
	if (!done) {
		va_start(ap, fmt);
		n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		*c = n < 0 ? NULL : malloc((size_t)n + 1);
		if (*c) {
			va_start(ap, fmt);
			vsnprintf(*c, (size_t)n + 1, fmt, ap);
			va_end(ap);
		}
	}
	if (!*c)
		tb->oom = true;
}

static const char *cell(const struct vnuma__table *tb, size_t r, size_t c)
{
	const char *s = tb->cell[r * tb->cols + c];

	return s ? s : "";
}

static void pad(struct vnuma__buf *b, size_t n)
{
	static const char blanks[] = "                                ";

	for (; n > sizeof(blanks) - 1; n -= sizeof(blanks) - 1)
		vnuma__buf_add(b, blanks, sizeof(blanks) - 1);
	vnuma__buf_add(b, blanks, n);
}

int vnuma__table_render(struct vnuma__buf *b, const struct vnuma__table *tb,
			unsigned indent)
{
	size_t *w, *len;

	if (tb->oom)
		return VNUMA_E_NOMEM;
	w = calloc(tb->cols ? 2 * tb->cols : 1, sizeof(*w));
	if (!w)
		return VNUMA_E_NOMEM;
	len = w + tb->cols;
	for (size_t r = 0; r < tb->rows; r++)
		for (size_t c = 0; c < tb->cols; c++)
			if (strlen(cell(tb, r, c)) > w[c])
				w[c] = strlen(cell(tb, r, c));
	for (size_t r = 0; r < tb->rows; r++) {
		pad(b, indent);
		for (size_t c = 0; c < tb->cols; c++) {
			bool right = tb->all_right ||
				     (tb->right && tb->right[c]);
			const char *s = cell(tb, r, c);

			len[c] = strlen(s);
			if (c)
				vnuma__buf_add(b, "  ", 2);
			if (right)
				pad(b, w[c] - len[c]);
			vnuma__buf_add(b, s, len[c]);
			/* The last cell unpadded: no trailing blanks. */
			if (!right && c + 1 < tb->cols)
				pad(b, w[c] - len[c]);
		}
		vnuma__buf_add(b, "\n", 1);
	}
	free(w);
	return b->oom ? VNUMA_E_NOMEM : VNUMA_OK;
}

void vnuma__table_fini(struct vnuma__table *tb)
{
	if (tb->cell)
		for (size_t i = 0; i < tb->cols * tb->cap; i++)
			free(tb->cell[i]);
	free(tb->cell);
	memset(tb, 0, sizeof(*tb));
}
