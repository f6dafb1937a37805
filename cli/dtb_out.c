/* SPDX-License-Identifier: MIT */
/*
 * --dtb-in/--dtb-out/--dts: the device tree QEMU 7.2 would give a virt
 * guest, written from the caller's DTB, or its NUMA part as DTS text.
 */
#include "dtb_out.h"

#include "diag.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit statuses, as cli/vnuma.c documents them. */
enum { DTB_REJECTED = 1, DTB_USAGE = 2, DTB_HOST = 3 };

/* Reported through cli_fail: escaped, and in the --json document. */
static int file_error(const char *opt, const char *path)
{
	return cli_fail(DTB_HOST, "cli.dtb-file", "%s %s: %s", opt, path,
			strerror(errno));
}

static int lib_error(const char *opt, const char *path, vnuma_error *e)
{
	int st = vnuma_error_status(e), code;

	if (st == VNUMA_E_UNSUPPORTED || st == VNUMA_E_INVAL)
		code = DTB_USAGE;
	else if (st == VNUMA_E_HOST || st == VNUMA_E_NOMEM)
		code = DTB_HOST;
	else
		code = DTB_REJECTED;
	code = cli_fail(code, vnuma_error_check(e), "%s%s%s: %s", opt,
			path ? " " : "", path ? path : "",
			vnuma_error_message(e));
	vnuma_error_free(e);
	return code;
}

/* The whole file in a malloc'd buffer. */
static int read_file(const char *path, void **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	char *b = NULL, *grown;

	if (!f)
		return -1;
	do {
		if (n == cap || !b) {
			cap = b ? cap * 2 : cap;
			grown = cap > SIZE_MAX / 2 ? NULL : realloc(b, cap);
			if (!grown) {
				free(b);
				fclose(f);
				errno = ENOMEM;
				return -1;
			}
			b = grown;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		int e = errno;

		free(b);
		fclose(f);
		errno = e ? e : EIO;
		return -1;
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int e;

	if (!f)
		return -1;
	if (fwrite(buf, 1, len, f) != len || fflush(f)) {
		e = errno;
		fclose(f);
		errno = e ? e : EIO;
		return -1;
	}
	return fclose(f);
}

/* Asks the library for the size first, as an embedding VMM would. */
static int patch(const struct cli_dtb *d, const vnuma_topology *t)
{
	vnuma_error *e = NULL;
	void *in = NULL, *out = NULL;
	size_t in_len, len = 0;
	int rc;

	if (read_file(d->in, &in, &in_len))
		return file_error("--dtb-in", d->in);
	rc = vnuma_fdt_apply(NULL, 0, &len, t, NULL, in, in_len, &e);
	if (!rc) {
		out = malloc(len);
		rc = out ? vnuma_fdt_apply(out, len, &len, t, NULL, in, in_len,
					   &e) :
			   VNUMA_E_NOMEM;
	}
	free(in);
	if (rc == VNUMA_E_NOMEM && !e) {
		rc = cli_oom();
	} else if (rc == VNUMA_E_UNSUPPORTED) {
		rc = lib_error("--dtb-out", d->out, e);
	} else if (rc) {
		rc = lib_error("--dtb-in", d->in, e);
	} else if (write_file(d->out, out, len)) {
		rc = file_error("--dtb-out", d->out);
	}
	free(out);
	return rc;
}

static int print_dts(const vnuma_topology *t)
{
	vnuma_error *e = NULL;
	char *s = NULL;

	if (vnuma_fdt_dts(&s, t, NULL, &e))
		return lib_error("--dts", NULL, e);
	fputs(s, stdout);
	free(s);
	return fflush(stdout) ? DTB_HOST : 0;
}

int cli_dtb_run(const struct cli_dtb *d, const vnuma_topology *t)
{
	int rc;

	if (!d->in && !d->out && !d->dts)
		return CLI_DTB_CONTINUE;
	if (!d->in != !d->out) {
		return cli_fail(DTB_USAGE, "cli.dtb-pair",
				"%s needs %s FILE (the DTB to patch: "
				"qemu-system-aarch64 -M virt,dumpdtb=FILE "
				"without -numa)",
				d->out ? "--dtb-out" : "--dtb-in",
				d->out ? "--dtb-in" : "--dtb-out");
	}
	if (d->out) {
		rc = patch(d, t);
		if (rc)
			return rc;
	}
	return d->dts ? print_dts(t) : CLI_DTB_CONTINUE;
}
