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
 * before its error): how many, and the i-th, or NULL.
 */
size_t vnuma_error_warning_count(const vnuma_error *e);
const vnuma_error *vnuma_error_warning(const vnuma_error *e, size_t i);
/* Frees an error and its warnings; NULL is a no-op. */
void vnuma_error_free(vnuma_error *e);

/* A short English name of a status code, e.g. "syntax". */
const char *vnuma_status_name(int status);

#ifdef __cplusplus
}
#endif
#endif
