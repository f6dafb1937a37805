/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_FIRMWARE_ACPI_TABLE_H
#define VNUMA_FIRMWARE_ACPI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/acpi.h"
#include "../error_internal.h"
#include "../view/view.h"

/* The header's size, and where its length and checksum sit. */
#define VNUMA__ACPI_HEADER_LEN 36
#define VNUMA__ACPI_LENGTH_OFF 4
#define VNUMA__ACPI_CHECKSUM_OFF 9

/*
 * A little-endian writer into the caller's buffer. Bytes past cap are
 * counted but not stored, so one pass both fills a big enough buffer and
 * measures the table for a small one.
 */
struct vnuma__acpi_buf {
	uint8_t *p;
	size_t cap, len;
};

/* Appends the low `bytes` bytes of v, least significant first. */
void vnuma__acpi_put(struct vnuma__acpi_buf *b, uint64_t v, unsigned bytes);
/* Appends n bytes as they are. */
void vnuma__acpi_put_bytes(struct vnuma__acpi_buf *b, const void *s, size_t n);

/*
 * Checks the arguments every writer shares and starts the table with its
 * header (length and checksum left 0). ids NULL: the defaults of t.
 * Errors: VNUMA_E_INVAL, VNUMA_E_MISSING (t has no such table: which is
 * the VNUMA_ACPI_* bit).
 */
int vnuma__acpi_begin(struct vnuma__acpi_buf *b, void *buf, size_t cap,
		      size_t *len, const vnuma_topology *t, unsigned which,
		      uint8_t revision, const vnuma_acpi_ids *ids,
		      vnuma_error **err);
/*
 * Sets *len, and when the table fits: its length field and checksum.
 * Errors: VNUMA_E_RANGE (over 4 GiB), VNUMA_E_NOSPACE.
 */
int vnuma__acpi_end(struct vnuma__acpi_buf *b, size_t *len, vnuma_error **err);

/* One SRAT Memory Affinity structure's fields. */
struct vnuma__srat_mem {
	uint64_t base, length;
	uint32_t node;
	uint32_t flags; /* ACPI's: bit 0 enabled, 1 hot-pluggable */
};

/*
 * srat.c: calls fn for each Memory Affinity structure of t's SRAT, in
 * the table's order (x86 padding and the hotplug region included); the
 * first non-zero return stops the walk and is returned.
 * Errors: VNUMA_E_INVAL (a range of l names a node t does not have).
 */
int vnuma__srat_mem_walk(const vnuma_topology *t, const vnuma_layout *l,
			 int (*fn)(void *ctx, const struct vnuma__srat_mem *m),
			 void *ctx, vnuma_error **err);

#endif
