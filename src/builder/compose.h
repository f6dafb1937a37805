/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_BUILDER_COMPOSE_H
#define VNUMA_BUILDER_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/builder.h"
#include "../util.h"

/*
 * A builder call is written as the option text QEMU would read, and added
 * through the same path as vnuma_config_add(): every check then sees what
 * it sees for the option, and errors point into that text.
 */
struct vnuma__compose {
	struct vnuma__buf b;
	const char *fn;	 /* the builder function: the errors' option */
	const char *bad; /* why an argument cannot be written, or NULL */
};

/*
 * Checks the common arguments of a builder call: cfg and spec not NULL,
 * version between 1 and current. Errors: VNUMA_E_INVAL.
 */
int vnuma__compose_start(struct vnuma__compose *c, const char *fn,
			 const void *cfg, const unsigned int *version,
			 unsigned int current, const char *spec_name,
			 vnuma_error **err);
/*
 * The first element: a bare value for QEMU's implied key, unless it would
 * not read back as that ("", '=' in it, '{' first), when it is written
 * key=value.
 */
void vnuma__compose_implied(struct vnuma__compose *c, const char *key,
			    const char *value);
/* key=value, the value's commas doubled; nothing when value is NULL. */
void vnuma__compose_str(struct vnuma__compose *c, const char *key,
			const char *value);
/* key=N in decimal; nothing when v is VNUMA_UNSET. */
void vnuma__compose_num(struct vnuma__compose *c, const char *key, uint64_t v);
/* key=SIZE with the largest exact suffix (2G, 1536M, 100B). */
void vnuma__compose_size(struct vnuma__compose *c, const char *key,
			 uint64_t v);
/* key=on|off; nothing when VNUMA_FLAG_UNSET. */
void vnuma__compose_flag(struct vnuma__compose *c, const char *key, int f);
/* Marks the call wrong (why is a constant message); the first wins. */
void vnuma__compose_bad(struct vnuma__compose *c, const char *why);
/* key=A-B (or key=A) for each range, as QEMU's lists repeat the key. */
void vnuma__compose_ranges(struct vnuma__compose *c, const char *key,
			   const vnuma_index_range *r, size_t n);
/* Each property as key=value. */
void vnuma__compose_props(struct vnuma__compose *c, const vnuma_prop *p,
			  size_t n);
/*
 * Adds the text as option (e.g. "-numa") named c->fn, and frees the
 * text. Errors: VNUMA_E_INVAL for an argument the syntax cannot carry
 * (check "api.builder-arg"), VNUMA_E_NOMEM, and those of the option.
 */
int vnuma__compose_add(struct vnuma__compose *c, vnuma_config *cfg,
		       const char *option, vnuma_error **err);

#endif
