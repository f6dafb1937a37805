/* SPDX-License-Identifier: MIT */
/* How the tool reports what the library refused, for every stage. */
#include "diag.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The one piece of state the tool keeps outside struct cli: stages in
 * other files report through cli_reject() and cli_fail(), and the exit
 * path must know whether a JSON document went out already. Reset by
 * cli_out_begin() so that cli_main() can run many times in one process.
 */
static struct {
	bool json, emitted;
	char *message;
	char *check; /* a copy: the caller's may be an error's, freed later */
	const char *origin; /* the domain XML read, or NULL */
} out;

void cli_diag_origin(const char *file)
{
	out.origin = file;
}

/*
 * Writes s to f with every control character a terminal would act on
 * (C0 but tab and, when asked, newline; DEL; C1 as UTF-8 encodes it)
 * shown as \xHH, so that text from the command line, a file or an id
 * cannot move the cursor, retitle the window or ring the bell.
 */
void cli_put_safe(FILE *f, const char *s, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		const unsigned char *run = p;

		/* a whole report passes here: safe bytes go out in runs */
		while ((*p == '\n' && keep_newlines) || *p == '\t' ||
		       (*p >= 0x20 && *p < 0x7f) ||
		       (*p >= 0x80 &&
			!(*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)))
			p++;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		if (!*p)
			break;
		if (*p == 0xc2) {
			fprintf(f, "\\x%02x\\x%02x", p[0], p[1]);
			p += 2;
			continue;
		}
		fprintf(f, "\\x%02x", *p);
		p++;
	}
}

/*
 * A diagnostic at an element of the domain XML read: "FILE: PATH:
 * [warning: ]MESSAGE". The element's path says where; its text is in the
 * message (libvirt's messages quote the value) and in the JSON document.
 */
static bool print_at_element(const vnuma_error *e)
{
	const char *opt = vnuma_error_option(e);

	if (!out.origin || !opt || opt[0] != '/')
		return false;
	fputs("vnuma: ", stderr);
	cli_put_safe(stderr, out.origin, false);
	fputs(": ", stderr);
	cli_put_safe(stderr, opt, false);
	fputs(vnuma_error_status(e) == VNUMA_OK ? ": warning: " : ": ",
	      stderr);
	cli_put_safe(stderr, vnuma_error_message(e), false);
	fputc('\n', stderr);
	return true;
}

void cli_print_diag(const vnuma_error *e)
{
	/* The library's formatter is the only one: measure, then write. */
	size_t n = vnuma_error_format(NULL, 0, e, VNUMA_ERROR_FORMAT_ESCAPE);
	char *line;

	if (print_at_element(e))
		return;
	line = malloc(n + 1);
	if (!line) {
		fputs("vnuma: out of memory\n", stderr);
		return;
	}
	vnuma_error_format(line, n + 1, e, VNUMA_ERROR_FORMAT_ESCAPE);
	/* A verbatim warning is QEMU's whole line: no prefix. */
	if (!(vnuma_error_status(e) == VNUMA_OK && vnuma_error_verbatim(e)))
		fputs("vnuma: ", stderr);
	fputs(line, stderr);
	fputc('\n', stderr);
	free(line);
}

int cli_status_exit(int status)
{
	switch (status) {
	case VNUMA_E_HOST:
	case VNUMA_E_NOMEM:
		return EXIT_HOST;
	case VNUMA_E_INVAL:
		return EXIT_USAGE;
	default:
		return EXIT_REJECTED;
	}
}

int cli_reject(bool json, vnuma_error *e)
{
	int code = cli_status_exit(vnuma_error_status(e));

	for (size_t i = 0; i < vnuma_error_warning_count(e); i++)
		cli_print_diag(vnuma_error_warning(e, i));
	cli_print_diag(e);
	if (json && !out.emitted) {
		char *doc = NULL;

		if (vnuma_report_json_error(&doc, e, NULL) == VNUMA_OK) {
			fputs(doc, stdout);
			out.emitted = true;
		}
		free(doc);
	}
	vnuma_error_free(e);
	return code;
}

int cli_fail(int code, const char *check, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	fputs("vnuma: ", stderr);
	cli_put_safe(stderr, n < 0 ? "out of memory" : msg, false);
	fputc('\n', stderr);
	free(out.message);
	out.message = n < 0 ? NULL : msg;
	free(out.check);
	out.check = check ? strdup(check) : NULL;
	return n < 0 ? EXIT_HOST : code;
}

int cli_oom(void)
{
	return cli_fail(EXIT_HOST, "cli.no-memory", "out of memory");
}

void cli_out_begin(bool json)
{
	free(out.message);
	out.message = NULL;
	free(out.check);
	out.check = NULL;
	out.json = json;
	out.emitted = false;
}

void cli_out_json_set(bool json)
{
	out.json = json;
}

void cli_out_emitted(void)
{
	out.emitted = true;
}

/*
 * The error document of doc/json-schema.md for a failure the library did
 * not describe (a usage error, a file, a stage that printed to stderr).
 */
static void fallback_json(int code)
{
	json_t *doc = json_object(), *err = json_object();
	char *s;

	if (!doc || !err)
		goto done;
	json_object_set_new(err, "message",
			    json_string(
				    out.message ?
					    out.message :
					    "failed (see standard error)"));
	json_object_set_new(err, "option", json_null());
	json_object_set_new(err, "text", json_null());
	json_object_set_new(err, "key", json_null());
	json_object_set_new(err, "offset", json_integer(0));
	json_object_set_new(err, "length", json_integer(0));
	json_object_set_new(err, "check",
			    json_string(out.check ? out.check : "cli.failed"));
	json_object_set_new(err, "status",
			    json_string(vnuma_status_name(
				    code == EXIT_USAGE	  ? VNUMA_E_INVAL :
				    code == EXIT_REJECTED ? VNUMA_E_CONFLICT :
				    out.check && !strcmp(out.check,
							 "cli.no-memory") ?
							    VNUMA_E_NOMEM :
							    VNUMA_E_HOST)));
	json_object_set_new(err, "hint", json_null());
	json_object_set_new(doc, "schema", json_integer(2));
	json_object_set_new(doc, "error", err);
	err = NULL;
	json_object_set_new(doc, "warnings", json_array());
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s)
		printf("%s\n", s);
	free(s);
done:
	json_decref(err);
	json_decref(doc);
}

int cli_out_end(int code)
{
	if (out.json && code != EXIT_ACCEPTED && !out.emitted)
		fallback_json(code);
	/* A report nobody received is a failure (> /dev/full, a closed
	 * pipe). */
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "vnuma: standard output: %s\n",
			errno ? strerror(errno) : "write error");
		clearerr(stdout);
		code = EXIT_HOST;
	}
	free(out.message);
	out.message = NULL;
	free(out.check);
	out.check = NULL;
	return code;
}
