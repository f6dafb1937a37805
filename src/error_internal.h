/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_ERROR_INTERNAL_H
#define VNUMA_ERROR_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "vnuma/error.h"

/* Where a fault sits in the user's input; all fields optional. */
struct vnuma__loc {
	const char *option; /* "-numa" */
	const char *text;   /* the option's whole argument */
	const char *key;    /* "nodeid" */
	size_t offset;	    /* byte offset of the bad part within text */
	size_t length;	    /* its length */
};

#define VNUMA__PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * Sets *err unless err is NULL or *err is already set (first error wins).
 * The status is the check id's in check_ids.c (status is used only for an
 * id the table lacks, which tests/unit/check_ids.py does not let pass).
 * Returns that status, so callers can write "return vnuma__error_set(...)";
 * VNUMA_E_NOMEM instead when the error could not be made (*err is then
 * the out-of-memory error, and status and error agree).
 */
int vnuma__error_set(vnuma_error **err, int status, const char *check,
		     const struct vnuma__loc *loc, const char *fmt, ...)
	VNUMA__PRINTF(5, 6);
int vnuma__error_setv(vnuma_error **err, int status, const char *check,
		      const struct vnuma__loc *loc, const char *fmt,
		      va_list ap);
/* Sets a host failure carrying errnum; the message gets ": strerror". */
int vnuma__error_set_errno(vnuma_error **err, int errnum, const char *check,
			   const struct vnuma__loc *loc, const char *fmt, ...)
	VNUMA__PRINTF(5, 6);
/* Appends to the hint of an already-set error; no-op without one. */
void vnuma__error_append_hint(vnuma_error **err, const char *fmt, ...)
	VNUMA__PRINTF(2, 3);
/*
 * Names the memory backend a host error concerns, where the error names no
 * option yet: option "-object", text "id=ID" (the board's own RAM backend
 * too, by its id). rc is the failure's status, returned as it is, or
 * VNUMA_E_NOMEM when the name cannot be stored (*err is then the
 * out-of-memory error). A no-op for rc 0 or without an error.
 */
int vnuma__error_backend(vnuma_error **err, int rc, const char *id);
/* Shorthand for the out-of-memory case. */
int vnuma__error_nomem(vnuma_error **err);
/* Builds a standalone error object (for warnings); NULL on OOM. */
vnuma_error *vnuma__error_new(int status, const char *check,
			      const struct vnuma__loc *loc, const char *fmt,
			      va_list ap);
/* The read-only object handed out when even an error cannot be allocated. */
extern vnuma_error vnuma__error_oom;

/* A growable list of warnings kept on the configuration/topology. */
struct vnuma__warnings {
	vnuma_error **v;
	size_t n, cap;
};

/* Appends a warning; returns VNUMA_E_NOMEM if it could not be stored. */
int vnuma__warn(struct vnuma__warnings *w, const char *check,
		const struct vnuma__loc *loc, const char *fmt, ...)
	VNUMA__PRINTF(4, 5);
/*
 * Appends a warning QEMU prints as a bare line (vnuma_error_verbatim()),
 * with no option. Errors: VNUMA_E_NOMEM.
 */
int vnuma__warn_verbatim(struct vnuma__warnings *w, const char *check,
			 const char *line);
/*
 * Appends copies of src's warnings to dst; on failure dst is as it was.
 * Errors: VNUMA_E_NOMEM.
 */
int vnuma__warnings_copy(struct vnuma__warnings *dst,
			 const struct vnuma__warnings *src);
/* Drops the warnings after the first n (those of a step that failed). */
void vnuma__warnings_truncate(struct vnuma__warnings *w, size_t n);
void vnuma__warnings_fini(struct vnuma__warnings *w);
/* Moves the warnings w holds into the error (w is left empty). */
void vnuma__error_adopt_warnings(vnuma_error *e, struct vnuma__warnings *w);

#endif
