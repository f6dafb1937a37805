/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_PARSE_KEYVAL_H
#define VNUMA_PARSE_KEYVAL_H

#include "opts.h"

/*
 * Internal to src/parse: the keyval grammar (util/keyval.c in QEMU).
 * o->option and o->text are set; fills o->v. Errors as vnuma__opts_parse.
 */
int vnuma__keyval_parse(struct vnuma__opts *o, const char *implied_key,
			vnuma_error **err);
/* Appends a pair, taking key and value (freed on failure). */
int vnuma__opts_add(struct vnuma__opts *o, char *key, char *value,
		    const struct vnuma__opt *where);

#endif
