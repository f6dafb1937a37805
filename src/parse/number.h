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
 * Leading whitespace is accepted, trailing whitespace is not (as in QEMU).
 */

/* qemu_strtou64(s, NULL, 0): base 0 (0x hex, leading 0 octal), "-n" wraps. */
int vnuma__strtou64(const char *s, uint64_t *out);
/* qemu_strtoi64(s, NULL, 0). */
int vnuma__strtoi64(const char *s, int64_t *out);
/*
 * parse_uint(s, out, &end, 0): base 0, a minus sign is -ERANGE, stops at
 * the first character that is not part of the number (*end).
 */
int vnuma__parse_uint(const char *s, uint64_t *out, const char **end);
/* parse_uint_full(s, out, 0): as above, and the whole string. */
int vnuma__parse_uint_full(const char *s, uint64_t *out);
/*
 * qemu_strtosz with default suffix unit ('B' for bytes, 'M' for the
 * legacy MiB forms). Suffixes B K M G T P E (either case), binary units,
 * decimal fractions ("1.5G"; a fraction needs a unit above bytes), hex
 * ("0x10"). vnuma__strtosz_hex also tells whether a unit followed a hex
 * number, which QEMU 7.2 accepts with a deprecation warning.
 */
int vnuma__strtosz(const char *s, char default_unit, uint64_t *out);
int vnuma__strtosz_hex(const char *s, char default_unit, uint64_t *out,
		       bool *hex_with_unit);
/* qapi_bool_parse: on/yes/true/y, off/no/false/n (case matters). */
int vnuma__parse_bool(const char *s, bool *out);

#endif
