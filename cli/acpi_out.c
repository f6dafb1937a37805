/* SPDX-License-Identifier: MIT */
/*
 * --acpi DIR: the SRAT, SLIT and HMAT QEMU 7.2 would give the guest,
 * written as files a VMM can load (QEMU: -acpitable file=DIR/SRAT).
 */
#include "acpi_out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "num.h"

/* Exit statuses, as cli/vnuma.c documents them. */
enum { ACPI_REJECTED = 1, ACPI_USAGE = 2, ACPI_HOST = 3 };

/* Header fields are ASCII in every firmware reader: nothing else fits. */
static int set_id(const char **dst, const char *name, const char *val,
		  size_t max)
{
	for (const char *p = val; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return cli_fail(ACPI_USAGE, "cli.acpi-id",
					"%s: '%s' has a character that is not "
					"printable ASCII",
					name, val);
	if (strlen(val) > max)
		return cli_fail(ACPI_USAGE, "cli.acpi-id",
				"%s: '%s' is longer than %zu characters", name,
				val, max);
	*dst = val;
	return 0;
}

static int set_rev(uint32_t *dst, bool *has, const char *name, const char *val)
{
	uint64_t v;

	if (!cli_parse_uint(&v, val, UINT32_MAX))
		return cli_fail(ACPI_USAGE, "cli.acpi-revision",
				"%s: expected a number from 0 to 4294967295 "
				"(decimal without leading zeros, or 0x and "
				"hexadecimal), not '%s'",
				name, val);
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
	if (rc)
		return rc;
	*buf = malloc(*len);
	if (!*buf)
		return VNUMA_E_NOMEM;
	return one_table(bit, *buf, *len, len, t, l, ids, e);
}

static int lib_error(const char *name, vnuma_error *e, int rc)
{
	int code = rc == VNUMA_E_NOMEM ? ACPI_HOST : ACPI_REJECTED;

	code = cli_fail(code,
			rc == VNUMA_E_NOMEM ? "cli.no-memory" : "cli.acpi",
			"--acpi %s: %s", name,
			e ? vnuma_error_message(e) : vnuma_status_name(rc));
	vnuma_error_free(e);
	return code;
}

#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

/* The state of one --acpi run: what is built and what is on disk. */
struct out {
	const char *dir;
	int dfd;
	void *buf[N_TABLES];
	size_t len[N_TABLES];
	char tmp[N_TABLES][32];
	bool created[N_TABLES];
};

static int host_error(const struct out *o, const char *name, int err)
{
	return cli_fail(ACPI_HOST, "cli.acpi-file", "--acpi %s%s%s: %s",
			o->dir, name ? "/" : "", name ? name : "",
			strerror(err));
}

/*
 * A table's name in DIR must be free or a regular file: a symlink there
 * would have the table written, or removed, somewhere else.
 */
static int check_names(const struct out *o)
{
	for (size_t i = 0; i < N_TABLES; i++) {
		struct stat st;

		if (fstatat(o->dfd, tables[i].name, &st,
			    AT_SYMLINK_NOFOLLOW)) {
			if (errno == ENOENT)
				continue;
			return host_error(o, tables[i].name, errno);
		}
		if (!S_ISREG(st.st_mode))
			return cli_fail(ACPI_HOST, "cli.acpi-file",
					"--acpi %s/%s: not a regular file (%s); "
					"nothing written",
					o->dir, tables[i].name,
					S_ISLNK(st.st_mode) ?
						"a symbolic link" :
					S_ISDIR(st.st_mode) ?
						"a directory" :
						"a special file");
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* DIR/.NAME.PID.N, created exclusively: never an existing file. */
static int write_tmp(struct out *o, size_t i)
{
	for (unsigned n = 0; n < 100; n++) {
		int fd, err;

		snprintf(o->tmp[i], sizeof(o->tmp[i]), ".%s.%ld.%u",
			 tables[i].name, (long)getpid(), n);
		fd = openat(o->dfd, o->tmp[i],
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				    O_CLOEXEC,
			    0666);
		if (fd < 0 && errno == EEXIST)
			continue;
		if (fd < 0)
			return host_error(o, o->tmp[i], errno);
		o->created[i] = true;
		if (write_all(fd, o->buf[i], o->len[i]) || fsync(fd)) {
			err = errno;
			close(fd);
			return host_error(o, o->tmp[i], err);
		}
		if (close(fd))
			return host_error(o, o->tmp[i], errno);
		return 0;
	}
	return host_error(o, tables[i].name, EEXIST);
}

/*
 * Every table is built and written under a temporary name before any
 * is renamed into place: a failure leaves DIR as it was. A table the
 * topology does not have is removed, so that DIR never mixes two
 * configurations.
 */
static int write_tables(struct out *o, const vnuma_topology *t,
			const vnuma_layout *l, const vnuma_acpi_ids *ids)
{
	unsigned have = vnuma_acpi_tables(t);
	int rc;

	if ((rc = check_names(o)))
		return rc;
	for (size_t i = 0; i < N_TABLES; i++) {
		vnuma_error *e = NULL;

		if (!(have & tables[i].bit))
			continue;
		rc = build(tables[i].bit, t, l, ids, &o->buf[i], &o->len[i],
			   &e);
		if (rc)
			return lib_error(tables[i].name, e, rc);
	}
	for (size_t i = 0; i < N_TABLES; i++)
		if (o->buf[i] && (rc = write_tmp(o, i)))
			return rc;
	for (size_t i = 0; i < N_TABLES; i++) {
		if (!o->buf[i])
			continue;
		if (renameat(o->dfd, o->tmp[i], o->dfd, tables[i].name))
			return host_error(o, tables[i].name, errno);
		o->created[i] = false;
	}
	for (size_t i = 0; i < N_TABLES; i++)
		if (!o->buf[i] && unlinkat(o->dfd, tables[i].name, 0) &&
		    errno != ENOENT)
			return host_error(o, tables[i].name, errno);
	return 0;
}

static void out_done(struct out *o)
{
	for (size_t i = 0; i < N_TABLES; i++) {
		if (o->created[i])
			unlinkat(o->dfd, o->tmp[i], 0);
		free(o->buf[i]);
	}
	if (o->dfd >= 0)
		close(o->dfd);
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

	if (vnuma_acpi_srat(NULL, 0, &len, t, l, ids, &e) && e) {
		fputs("vnuma: --acpi ", stderr);
		cli_put_safe(stderr, a->dir, false);
		fputs(": warning: no table written: ", stderr);
		cli_put_safe(stderr, vnuma_error_message(e), false);
		fputc('\n', stderr);
	}
	vnuma_error_free(e);
}

int cli_acpi_run(const struct cli_acpi *a, const vnuma_topology *t)
{
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	vnuma_acpi_ids ids = VNUMA_ACPI_IDS_INIT;
	struct out o = { .dir = a->dir, .dfd = -1 };
	int rc;

	if (!a->dir) {
		if (!any_override(a))
			return CLI_ACPI_CONTINUE;
		return cli_fail(ACPI_USAGE, "cli.acpi-usage",
				"--acpi-* overrides need --acpi DIR");
	}
	vnuma_acpi_ids_default(&ids, t);
	put_id(ids.oem_id, sizeof(ids.oem_id), a->oem_id);
	put_id(ids.oem_table_id, sizeof(ids.oem_table_id), a->oem_table_id);
	put_id(ids.creator_id, sizeof(ids.creator_id), a->creator_id);
	if (a->has_oem_revision)
		ids.oem_revision = a->oem_revision;
	if (a->has_creator_revision)
		ids.creator_revision = a->creator_revision;
	if (mkdir(a->dir, 0777) && errno != EEXIST)
		return host_error(&o, NULL, errno);
	/* One descriptor for DIR: no path is ever built from it. */
	o.dfd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o.dfd < 0)
		return host_error(&o, NULL, errno);
	rc = vnuma_layout_new(&l, t, &e);
	if (rc) {
		out_done(&o);
		return lib_error(a->dir, e, rc);
	}
	rc = write_tables(&o, t, l, &ids);
	if (!rc && !vnuma_acpi_tables(t))
		say_none(a, t, l, &ids);
	vnuma_layout_free(l);
	out_done(&o);
	return rc ? rc : CLI_ACPI_CONTINUE;
}
