/* SPDX-License-Identifier: MIT */
/*
 * --acpi DIR: the SRAT, SLIT and HMAT QEMU 7.2 would give the guest,
 * written as files a VMM can load (QEMU: -acpitable file=DIR/SRAT).
 */
#include "acpi_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit statuses, as cli/vnuma.c documents them. */
enum { ACPI_REJECTED = 1, ACPI_USAGE = 2, ACPI_HOST = 3 };

static int set_id(const char **dst, const char *name, const char *val,
		  size_t max)
{
	if (strlen(val) > max) {
		fprintf(stderr, "vnuma: %s: '%s' is longer than %zu "
				"characters\n", name, val, max);
		return ACPI_USAGE;
	}
	*dst = val;
	return 0;
}

static int set_rev(uint32_t *dst, bool *has, const char *name,
		   const char *val)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(val, &end, 0);
	if (errno || *end || !*val || val[0] == '-' || v > UINT32_MAX) {
		fprintf(stderr, "vnuma: %s: expected a number from 0 to "
				"4294967295, not '%s'\n", name, val);
		return ACPI_USAGE;
	}
	*dst = (uint32_t)v;
	*has = true;
	return 0;
}

int cli_acpi_option(struct cli_acpi *a, const char *name, const char *val)
{
	if (!strcmp(name, "--acpi")) {
		a->dir = val;
		return 0;
	}
	if (!strcmp(name, "--acpi-oem-id"))
		return set_id(&a->oem_id, name, val, 6);
	if (!strcmp(name, "--acpi-oem-table-id"))
		return set_id(&a->oem_table_id, name, val, 8);
	if (!strcmp(name, "--acpi-creator-id"))
		return set_id(&a->creator_id, name, val, 4);
	if (!strcmp(name, "--acpi-oem-revision"))
		return set_rev(&a->oem_revision, &a->has_oem_revision, name,
			       val);
	return set_rev(&a->creator_revision, &a->has_creator_revision, name,
		       val);
}

/* An id given on the command line, padded with NULs as QEMU pads. */
static void put_id(char *dst, size_t n, const char *given)
{
	if (!given)
		return;
	memset(dst, 0, n);
	memcpy(dst, given, strnlen(given, n));
}

static bool any_override(const struct cli_acpi *a)
{
	return a->oem_id || a->oem_table_id || a->creator_id ||
	       a->has_oem_revision || a->has_creator_revision;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		int e = errno;

		fprintf(stderr, "vnuma: --acpi %s: %s\n", path, strerror(e));
		return ACPI_HOST;
	}
	return 0;
}

struct table {
	const char *name;
	unsigned bit;
};

static const struct table tables[] = {
	{ "SRAT", VNUMA_ACPI_SRAT },
	{ "SLIT", VNUMA_ACPI_SLIT },
	{ "HMAT", VNUMA_ACPI_HMAT },
};

static int one_table(unsigned bit, void *buf, size_t cap, size_t *len,
		     const vnuma_topology *t, const vnuma_layout *l,
		     const vnuma_acpi_ids *ids, vnuma_error **e)
{
	if (bit == VNUMA_ACPI_SRAT)
		return vnuma_acpi_srat(buf, cap, len, t, l, ids, e);
	if (bit == VNUMA_ACPI_SLIT)
		return vnuma_acpi_slit(buf, cap, len, t, ids, e);
	return vnuma_acpi_hmat(buf, cap, len, t, l, ids, e);
}

/* One table's bytes in a malloc'd buffer: measured, then written. */
static int build(unsigned bit, const vnuma_topology *t, const vnuma_layout *l,
		 const vnuma_acpi_ids *ids, void **buf, size_t *len,
		 vnuma_error **e)
{
	int rc = one_table(bit, NULL, 0, len, t, l, ids, e);

	*buf = NULL;
	if (rc != VNUMA_E_NOSPACE)
		return rc;
	vnuma_error_free(*e);
	*e = NULL;
	*buf = malloc(*len);
	if (!*buf)
		return VNUMA_E_NOMEM;
	return one_table(bit, *buf, *len, len, t, l, ids, e);
}

static int lib_error(const char *name, vnuma_error *e, int rc)
{
	fprintf(stderr, "vnuma: --acpi %s: %s\n", name,
		e ? vnuma_error_message(e) : vnuma_status_name(rc));
	vnuma_error_free(e);
	return rc == VNUMA_E_NOMEM ? ACPI_HOST : ACPI_REJECTED;
}

/* Writes (or removes) DIR/NAME for each table. */
static int write_tables(const struct cli_acpi *a, const vnuma_topology *t,
			const vnuma_layout *l, const vnuma_acpi_ids *ids)
{
	unsigned have = vnuma_acpi_tables(t);

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char path[4096];
		vnuma_error *e = NULL;
		size_t len = 0;
		void *buf;
		int rc;

		snprintf(path, sizeof(path), "%s/%s", a->dir, tables[i].name);
		if (!(have & tables[i].bit)) {
			if (unlink(path) && errno != ENOENT) {
				fprintf(stderr, "vnuma: --acpi %s: %s\n", path,
					strerror(errno));
				return ACPI_HOST;
			}
			continue;
		}
		rc = build(tables[i].bit, t, l, ids, &buf, &len, &e);
		if (rc) {
			free(buf);
			return lib_error(tables[i].name, e, rc);
		}
		rc = write_file(path, buf, len);
		free(buf);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Nothing written (acpi=off, no NUMA node, a board without ACPI): not an
 * error, the guest just gets no such table; the reason goes to stderr.
 */
static void say_none(const struct cli_acpi *a, const vnuma_topology *t,
		     const vnuma_layout *l, const vnuma_acpi_ids *ids)
{
	vnuma_error *e = NULL;
	size_t len = 0;

	if (vnuma_acpi_srat(NULL, 0, &len, t, l, ids, &e) && e)
		fprintf(stderr, "vnuma: --acpi %s: warning: no table written: "
			"%s\n", a->dir, vnuma_error_message(e));
	vnuma_error_free(e);
}

int cli_acpi_run(const struct cli_acpi *a, const vnuma_topology *t)
{
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	vnuma_acpi_ids ids;
	int rc;

	if (!a->dir) {
		if (!any_override(a))
			return CLI_ACPI_CONTINUE;
		fprintf(stderr, "vnuma: --acpi-* overrides need --acpi DIR\n");
		return ACPI_USAGE;
	}
	vnuma_acpi_ids_default(&ids, t);
	put_id(ids.oem_id, sizeof(ids.oem_id), a->oem_id);
	put_id(ids.oem_table_id, sizeof(ids.oem_table_id), a->oem_table_id);
	put_id(ids.creator_id, sizeof(ids.creator_id), a->creator_id);
	if (a->has_oem_revision)
		ids.oem_revision = a->oem_revision;
	if (a->has_creator_revision)
		ids.creator_revision = a->creator_revision;
	if (mkdir(a->dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "vnuma: --acpi %s: %s\n", a->dir,
			strerror(errno));
		return ACPI_HOST;
	}
	rc = vnuma_layout_new(&l, t, &e);
	if (rc)
		return lib_error(a->dir, e, rc);
	rc = write_tables(a, t, l, &ids);
	if (!rc && !vnuma_acpi_tables(t))
		say_none(a, t, l, &ids);
	vnuma_layout_free(l);
	return rc ? rc : CLI_ACPI_CONTINUE;
}
