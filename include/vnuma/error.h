/* SPDX-License-Identifier: MIT */
/* status codes, errors and warnings */
#ifndef VNUMA_ERROR_H
#define VNUMA_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Status codes. Values are part of the ABI: never renumber, only append.
 * Every function that can fail returns VNUMA_OK (0) or one of these.
 */
typedef enum vnuma_status {
	VNUMA_OK = 0,
	VNUMA_E_INVAL = -1,	  /* API misuse: NULL object, bad flag */
	VNUMA_E_SYNTAX = -2,	  /* option text is malformed */
	VNUMA_E_RANGE = -3,	  /* a value is out of its allowed range */
	VNUMA_E_DUPLICATE = -4,	  /* something is declared twice */
	VNUMA_E_CONFLICT = -5,	  /* two settings contradict each other */
	VNUMA_E_MISSING = -6,	  /* something required is absent */
	VNUMA_E_UNSUPPORTED = -7, /* the machine type cannot do this */
	VNUMA_E_NOSPACE = -8,	  /* caller's buffer too small */
	VNUMA_E_HOST = -9,	  /* the host refused (errno is set) */
	VNUMA_E_NOMEM = -10,	  /* allocation failed */
	VNUMA_E_UNKNOWN = -11,	  /* unknown option, key or type */
} vnuma_status;

/*
 * An error (or warning) object. It carries the message in QEMU's wording,
 * an optional hint, a stable check id such as "numa.duplicate-nodeid", and
 * where the bad input was: the option ("-numa"), a copy of the option text,
 * the key, and the byte offset and length of the bad part of the text.
 */
typedef struct vnuma_error vnuma_error;

/*
 * Every function that can fail takes vnuma_error **err last. err may be
 * NULL: the status alone tells what happened. Otherwise *err should be
 * NULL; on failure it gets a new error the caller frees with
 * vnuma_error_free(). When *err already holds an error (a caller that
 * carries one error across several calls), the first error wins: the
 * function does its work as usual and returns its status, but leaves
 * *err exactly as it was (not replaced, not freed, no warnings added to
 * it). The status, not *err, then says whether this call failed.
 *
 *	vnuma_error *e = NULL;
 *
 *	if (vnuma_topology_new(&t, cfg, &e)) {
 *		report(e);
 *		vnuma_error_free(e);
 *	}
 *	rc = vnuma_topology_new(&t, cfg, NULL); // rc alone tells
 *
 * Lifetime: the strings the getters below return belong to the error and
 * stay valid until vnuma_error_free() of it (for a warning: until the
 * configuration, topology or error that holds it is freed).
 */

/* The status code; VNUMA_E_INVAL for a NULL error. */
int vnuma_error_status(const vnuma_error *e);
/* The message, without the option prefix; never NULL. */
const char *vnuma_error_message(const vnuma_error *e);
/* A hint (may span lines, each ending in '\n'), or NULL. */
const char *vnuma_error_hint(const vnuma_error *e);
/* The stable check id, e.g. "numa.duplicate-nodeid"; never NULL. */
const char *vnuma_error_check(const vnuma_error *e);
/* The option, e.g. "-numa", or NULL when no single option is at fault. */
const char *vnuma_error_option(const vnuma_error *e);
/* The option's argument text as given, or NULL. */
const char *vnuma_error_text(const vnuma_error *e);
/* The key at fault, e.g. "nodeid", or NULL. */
const char *vnuma_error_key(const vnuma_error *e);
/* Byte offset and length of the bad part within the text (0, 0 if none). */
size_t vnuma_error_offset(const vnuma_error *e);
size_t vnuma_error_length(const vnuma_error *e);
/* errno of a host failure, else 0. */
int vnuma_error_errno(const vnuma_error *e);
/*
 * True for a warning QEMU prints as a bare line, not in its
 * "program: option: warning: message" form (a failed host call it reports
 * with perror, say): the message is the whole line. False for NULL.
 */
bool vnuma_error_verbatim(const vnuma_error *e);
/*
 * Warnings issued before the error stopped the work (QEMU prints them
 * before its error): how many, and the i-th, or NULL. They belong to e
 * and are freed with it.
 */
size_t vnuma_error_warning_count(const vnuma_error *e);
const vnuma_error *vnuma_error_warning(const vnuma_error *e, size_t i);
/* Frees an error and its warnings; NULL is a no-op. */
void vnuma_error_free(vnuma_error *e);

/* Flags of vnuma_error_format(). */
/*
 * Show control characters of the user's text (C0 but tab, DEL, C1) as
 * \xHH, newlines too in the option text; the message and hint keep their
 * newlines. What the CLI prints to a terminal.
 */
#define VNUMA_ERROR_FORMAT_ESCAPE 0x1u

/*
 * Formats e as the vnuma tool prints it, after its "vnuma: " prefix: the
 * line "OPTION TEXT: MESSAGE" ("-numa node,nodeid=1: Duplicate NUMA
 * nodeid: 1"; "OPTION: MESSAGE" without text, "MESSAGE" without option),
 * "warning: " before the message of a warning (status VNUMA_OK), the bare
 * message of a verbatim warning, then the hint's lines. Lines are
 * separated by '\n'; there is none at the end.
 * Like snprintf: writes at most cap bytes into buf, NUL included (nothing
 * when cap is 0; buf may then be NULL), and returns the length of the
 * whole text, without the NUL, so that a result >= cap means it was cut
 * and a buffer of result + 1 bytes holds it. Allocates nothing. e NULL
 * formats as "".
 */
size_t vnuma_error_format(char *buf, size_t cap, const vnuma_error *e,
			  unsigned int flags);

/* A short English name of a status code, e.g. "syntax" (a static string). */
const char *vnuma_status_name(int status);

#ifdef __cplusplus
}
#endif
#endif
