/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_REPORT_INTERNAL_H
#define VNUMA_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../error_internal.h"
#include "../util.h"
#include "../view/view.h"

/* v in the largest binary unit that divides it: "512 MiB", "3 KiB". */
const char *vnuma__report_size(char *buf, size_t len, uint64_t v);

/*
 * devices.c: the "memory devices" and "pci expander bridges" sections,
 * each only when the configuration has some. Errors: VNUMA_E_NOMEM.
 */
int vnuma__report_devices(struct vnuma__buf *b, const struct vnuma__view *v);

/*
 * A text table: cells are set row by row, then rendered with every column
 * as wide as its widest cell. An allocation failure is remembered and
 * reported by vnuma__table_render().
 */
struct vnuma__table {
	size_t cols, cap;  /* cap: rows allocated */
	size_t rows;	   /* rows used: highest row set + 1 */
	char **cell;	   /* cap * cols */
	const bool *right; /* per column: align right (numbers), or NULL */
	bool all_right;	   /* every column aligns right */
	bool oom;
};

/* Errors: VNUMA_E_NOMEM. */
int vnuma__table_init(struct vnuma__table *tb, size_t cols, size_t cap,
		      const bool *right);
/* Sets a cell (row < cap); cells left unset print as empty. */
void vnuma__table_set(struct vnuma__table *tb, size_t row, size_t col,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Appends the table, each line starting with indent spaces. */
int vnuma__table_render(struct vnuma__buf *b, const struct vnuma__table *tb,
			unsigned indent);
void vnuma__table_fini(struct vnuma__table *tb);

#endif
