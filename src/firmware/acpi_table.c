/* SPDX-License-Identifier: MIT */
/*
 * What every ACPI table vnuma writes shares: the System Description
 * Table Header with QEMU 7.2's default ids, the checksum, a bounded
 * little-endian writer, and which tables a topology has.
 */
#include "acpi_table.h"

#include <string.h>

/* QEMU's ACPI_BUILD_APPNAME6 / ACPI_BUILD_APPNAME8 and creator. */
static const char default_oem_id[6] = { 'B', 'O', 'C', 'H', 'S', ' ' };
static const char default_table_id[8] = { 'B', 'X', 'P', 'C',
					  ' ', ' ', ' ', ' ' };
static const char default_creator[4] = { 'B', 'X', 'P', 'C' };

void vnuma__acpi_put(struct vnuma__acpi_buf *b, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++, v >>= 8) {
		if (b->len < b->cap)
			b->p[b->len] = (uint8_t)v;
		/* A table never nears SIZE_MAX: end() refuses past 4 GiB. */
		if (b->len < SIZE_MAX)
			b->len++;
	}
}

void vnuma__acpi_put_bytes(struct vnuma__acpi_buf *b, const void *s, size_t n)
{
	const uint8_t *c = s;

	for (size_t i = 0; i < n; i++)
		vnuma__acpi_put(b, c[i], 1);
}

unsigned vnuma_acpi_tables(const vnuma_topology *t)
{
	const struct vnuma__view *v = vnuma__topology_view(t);
	unsigned r = VNUMA_ACPI_SRAT;

	if (!v)
		return 0;
	if (!v->machine.acpi_builder || !v->n_nodes)
		return 0;
	if (vnuma_topology_has_distances(t))
		r |= VNUMA_ACPI_SLIT;
	if (v->machine.hmat)
		r |= VNUMA_ACPI_HMAT;
	return r;
}

/* The last value -machine gave key (kept uninterpreted), or NULL. */
static const char *machine_str(const vnuma_topology *t, const char *key)
{
	const struct vnuma__view_machine *m = &vnuma__topology_view(t)->machine;
	const char *v = NULL;

	for (size_t i = 0; i < m->n_props; i++)
		if (!strcmp(m->props[i].key, key))
			v = m->props[i].value;
	return v;
}

/* QEMU pads a shorter id with NULs (the machine module checked length). */
static void copy_id(char *dst, size_t n, const char *given, const char *def)
{
	if (!given) {
		memcpy(dst, def, n);
		return;
	}
	memset(dst, 0, n);
	memcpy(dst, given, strnlen(given, n));
}

int vnuma_acpi_ids_default(vnuma_acpi_ids *out, const vnuma_topology *t)
{
	/* Version 1 has every field there is: nothing depends on it yet. */
	if (!out || !t || out->version < 1 ||
	    out->version > VNUMA_ACPI_IDS_VERSION)
		return VNUMA_E_INVAL;
	copy_id(out->oem_id, sizeof(out->oem_id), machine_str(t, "x-oem-id"),
		default_oem_id);
	copy_id(out->oem_table_id, sizeof(out->oem_table_id),
		machine_str(t, "x-oem-table-id"), default_table_id);
	out->oem_revision = 1;
	memcpy(out->creator_id, default_creator, sizeof(out->creator_id));
	out->creator_revision = 1;
	return VNUMA_OK;
}

static const char *table_name(unsigned which)
{
	return which == VNUMA_ACPI_SRAT ? "SRAT" :
	       which == VNUMA_ACPI_SLIT ? "SLIT" :
					  "HMAT";
}

/* Why t has no such table, in the user's terms. */
static int missing(const vnuma_topology *t, unsigned which, vnuma_error **err)
{
	const char *why = "it has no NUMA nodes";

	if (!(vnuma_acpi_tables(t) & VNUMA_ACPI_SRAT)) {
		if (vnuma_topology_node_count(t))
			why = "the machine has no ACPI tables";
	} else if (which == VNUMA_ACPI_SLIT) {
		why = "no -numa dist was given";
	} else {
		why = "HMAT needs -machine hmat=on";
	}
	return vnuma__error_set(err, VNUMA_E_MISSING, "acpi.no-table", NULL,
				"QEMU 7.2 writes no %s for this topology: %s",
				table_name(which), why);
}

int vnuma__acpi_begin(struct vnuma__acpi_buf *b, void *buf, size_t cap,
		      size_t *len, const vnuma_topology *t, unsigned which,
		      uint8_t revision, const vnuma_acpi_ids *ids,
		      vnuma_error **err)
{
	vnuma_acpi_ids def = VNUMA_ACPI_IDS_INIT;

	if (!len || !t || (!buf && cap))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"topology, length and buffer must not "
					"be NULL");
	if (ids && (ids->version < 1 || ids->version > VNUMA_ACPI_IDS_VERSION))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.version",
					NULL,
					"vnuma_acpi_ids version %u is not "
					"one of 1 to %u",
					ids->version, VNUMA_ACPI_IDS_VERSION);
	if (!(vnuma_acpi_tables(t) & which))
		return missing(t, which, err);
	if (!ids) {
		vnuma_acpi_ids_default(&def, t);
		ids = &def;
	}
	b->p = buf;
	b->cap = cap;
	b->len = 0;
	vnuma__acpi_put_bytes(b, table_name(which), 4);
	vnuma__acpi_put(b, 0, 4); /* length, set by end() */
	vnuma__acpi_put(b, revision, 1);
	vnuma__acpi_put(b, 0, 1); /* checksum, set by end() */
	vnuma__acpi_put_bytes(b, ids->oem_id, sizeof(ids->oem_id));
	vnuma__acpi_put_bytes(b, ids->oem_table_id, sizeof(ids->oem_table_id));
	vnuma__acpi_put(b, ids->oem_revision, 4);
	vnuma__acpi_put_bytes(b, ids->creator_id, sizeof(ids->creator_id));
	vnuma__acpi_put(b, ids->creator_revision, 4);
	return VNUMA_OK;
}

int vnuma__acpi_end(struct vnuma__acpi_buf *b, size_t *len, vnuma_error **err)
{
	uint8_t sum = 0;

	*len = b->len;
	if (b->len > UINT32_MAX)
		return vnuma__error_set(err, VNUMA_E_RANGE, "acpi.too-large",
					NULL,
					"the table would be %zu bytes, more "
					"than ACPI's 32-bit length allows",
					b->len);
	/* A sizing call (no buffer) is answered, not refused. */
	if (!b->p)
		return VNUMA_OK;
	if (b->len > b->cap)
		return vnuma__error_set(err, VNUMA_E_NOSPACE, "acpi.nospace",
					NULL,
					"the table needs %zu bytes, the buffer "
					"has %zu",
					b->len, b->cap);
	for (unsigned i = 0; i < 4; i++)
		b->p[VNUMA__ACPI_LENGTH_OFF + i] = (uint8_t)(b->len >>
							     (8 * i));
	b->p[VNUMA__ACPI_CHECKSUM_OFF] = 0;
	for (size_t i = 0; i < b->len; i++)
		sum = (uint8_t)(sum + b->p[i]);
	b->p[VNUMA__ACPI_CHECKSUM_OFF] = (uint8_t)(0x100 - sum);
	return VNUMA_OK;
}
