/* SPDX-License-Identifier: MIT */
/* Aligned text tables for the report's own sections. */
#include "report_internal.h"

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

void vnuma__table_set(struct vnuma__table *tb, size_t row, size_t col,
		      const char *fmt, ...)
{
	char **c;
	va_list ap;
	int n;

	assert(row < tb->cap && col < tb->cols);
	c = &tb->cell[row * tb->cols + col];
	if (tb->oom)
		return;
	if (row + 1 > tb->rows)
		tb->rows = row + 1;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	free(*c);
	*c = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!*c) {
		tb->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(*c, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

static const char *cell(const struct vnuma__table *tb, size_t r, size_t c)
{
	const char *s = tb->cell[r * tb->cols + c];

	return s ? s : "";
}

int vnuma__table_render(struct vnuma__buf *b, const struct vnuma__table *tb,
			unsigned indent)
{
	size_t *w;

	if (tb->oom)
		return VNUMA_E_NOMEM;
	w = calloc(tb->cols ? tb->cols : 1, sizeof(*w));
	if (!w)
		return VNUMA_E_NOMEM;
	for (size_t r = 0; r < tb->rows; r++)
		for (size_t c = 0; c < tb->cols; c++)
			if (strlen(cell(tb, r, c)) > w[c])
				w[c] = strlen(cell(tb, r, c));
	for (size_t r = 0; r < tb->rows; r++) {
		vnuma__buf_printf(b, "%*s", (int)indent, "");
		for (size_t c = 0; c < tb->cols; c++) {
			const char *sep = c ? "  " : "";
			bool right = tb->all_right ||
				     (tb->right && tb->right[c]);
			/* The last cell unpadded: no trailing blanks. */
			int width = right || c + 1 < tb->cols ? (int)w[c] : 0;

			if (right)
				vnuma__buf_printf(b, "%s%*s", sep, width,
						  cell(tb, r, c));
			else
				vnuma__buf_printf(b, "%s%-*s", sep, width,
						  cell(tb, r, c));
		}
		vnuma__buf_puts(b, "\n");
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
