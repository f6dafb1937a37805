/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_DIAG_H
#define VNUMA_CLI_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "vnuma/vnuma.h"

enum cli_exit_code {
	EXIT_ACCEPTED = 0,
	EXIT_REJECTED = 1,
	EXIT_USAGE = 2,
	EXIT_HOST = 3,
};

/*
 * Writes s with control characters shown as \xHH (newlines kept when
 * keep_newlines): whatever reaches a terminal from the user's text is
 * inert.
 */
void cli_put_safe(FILE *f, const char *s, bool keep_newlines);
/*
 * Prints a diagnostic in QEMU's form ("vnuma: -numa node,nodeid=1:
 * Duplicate NUMA nodeid: 1"), a warning (status VNUMA_OK) marked as
 * such, then its hint: vnuma_error_format()'s text, escaped.
 */
void cli_print_diag(const vnuma_error *e);
/*
 * Diagnostics located at an element of a domain XML (their option is its
 * path, "/domain/...") name file first: "vnuma: FILE: /domain/cpu:
 * MESSAGE". NULL: none.
 */
void cli_diag_origin(const char *file);
/* The exit status for a library status: host and memory failures are 3. */
int cli_status_exit(int status);
/*
 * Reports e (the warnings it carries first; with json, the error document
 * on stdout too), frees it and returns the exit status.
 */
int cli_reject(bool json, vnuma_error *e);
/*
 * A failure of the tool itself: "vnuma: MESSAGE" on stderr, escaped, and
 * kept for the --json error document (check: its "check" id). Returns
 * code (3 if the message itself cannot be formatted).
 */
int cli_fail(int code, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* cli_fail for an allocation failure: exit status 3. */
int cli_oom(void);

/*
 * The output contract: between cli_out_begin() and cli_out_end(), with
 * json, stdout gets exactly one JSON object. cli_out_end() prints the
 * error document for a failure nothing described on stdout, flushes
 * stdout and turns a write error into exit status 3.
 */
void cli_out_begin(bool json);
void cli_out_json_set(bool json);
/* A JSON document went to stdout (the report, the host memory). */
void cli_out_emitted(void);
int cli_out_end(int code);

#endif
