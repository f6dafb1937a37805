/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_PARSE_NUMBER_H
#define VNUMA_PARSE_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Plain number parsers with QEMU 7.2's rules. They return 0, -EINVAL
 * (not a number, trailing garbage, empty) or -ERANGE (overflow), and never
 * allocate. Which one applies, and the wording of the resulting error,
 * depends on which QEMU visitor reads the option; see visit.h.
 */

/* qemu_strtou64(s, NULL, 0): base 0 (0x hex, leading 0 octal), "-n" wraps. */
int vnuma__strtou64(const char *s, uint64_t *out);
/* qemu_strtoi64(s, NULL, 0). */
int vnuma__strtoi64(const char *s, int64_t *out);
/* parse_uint_full(s, out, 0): no sign, whole string. */
int vnuma__parse_uint_full(const char *s, uint64_t *out);
/*
 * qemu_strtosz with default suffix unit ('B' for bytes, 'M' for the
 * legacy MiB forms). Suffixes B K M G T P E (either case), fractions.
 */
int vnuma__strtosz(const char *s, char default_unit, uint64_t *out);
/* qapi_bool_parse: on/yes/true/y, off/no/false/n. */
int vnuma__parse_bool(const char *s, bool *out);

#endif
