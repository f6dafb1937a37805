/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_PARSE_JSON_H
#define VNUMA_PARSE_JSON_H

#include "opts.h"

/*
 * QEMU 7.2 takes -object and -device as JSON when the argument starts
 * with '{' (libvirt 6.0 and later writes them so). This reads such an
 * argument the way QEMU's own JSON reader does, so that its syntax errors
 * get QEMU's words ("JSON parse error, premature EOI", "Expecting at most
 * one JSON value", ...), and turns the object into the pairs the rest of
 * vnuma reads: one per member in text order, with its JSON type
 * (vnuma__opt.jtype); an array member is followed by one pair per element
 * (vnuma__opt.elem). Offsets locate each key and value in text. Deeper
 * values are kept as their text: nothing vnuma reads looks inside them.
 *
 * QEMU's reader, not jansson's, is followed: it also takes single-quoted
 * strings and the escape \', integers up to 2^64-1 (above INT64_MAX they
 * are unsigned), and it reports errors jansson words differently or not
 * at all (a stray token, a duplicate key).
 *
 * out->mode is VNUMA__OPTS_JSON; out->id is NULL (an "id" member is a
 * pair). Errors: VNUMA_E_SYNTAX "json.syntax" (with the offset of the
 * token QEMU stopped at), "json.extra-value" (text after the object);
 * VNUMA_E_NOMEM. On error nothing is left allocated in out.
 */
int vnuma__json_opts_parse(struct vnuma__opts *out, const char *option,
			   const char *text, vnuma_error **err);

/* QEMU's name of a JSON type in "expected: ..." messages. */
const char *vnuma__jtype_name(enum vnuma__jtype t);

#endif
