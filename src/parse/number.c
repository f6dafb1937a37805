/* SPDX-License-Identifier: MIT */
#include "number.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/*
 * The libc converters are used on purpose: QEMU 7.2 is built on them, so
 * their corner cases (leading whitespace, "0x" without digits, "+5",
 * octal after a leading 0) are QEMU's too.
 */

int vnuma__strtou64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s)
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

int vnuma__strtoi64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

int vnuma__parse_uint(const char *s, uint64_t *out, const char **end)
{
	char *e;
	unsigned long long v;
	const char *p = s;

	*end = s;
	if (!s)
		return -EINVAL;
	/*
	 * Plain decimals of up to 18 digits cannot overflow and need none of
	 * strtoull's prefixes: read them directly, as ids and distances in
	 * large configurations are all of this form.
	 */
	if (*p >= '1' && *p <= '9') {
		uint64_t acc = 0;
		int n = 0;

		while (n < 18 && *p >= '0' && *p <= '9') {
			acc = acc * 10 + (uint64_t)(*p++ - '0');
			n++;
		}
		if (!(*p >= '0' && *p <= '9')) {
			*end = p;
			*out = acc;
			return 0;
		}
		p = s;
	}
	errno = 0;
	v = strtoull(s, &e, 0);
	*end = e;
	if (errno)
		return -errno;
	if (e == s)
		return -EINVAL;
	/* strtoull negates "-5" silently; QEMU calls that out of range */
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-')
		return -ERANGE;
	*out = v;
	return 0;
}

int vnuma__parse_uint_full(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int rc = vnuma__parse_uint(s, &v, &end);

	if (rc)
		return rc;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* log2 of the multiplier for a unit letter, or -1. */
static int unit_shift(char c)
{
	switch (c) {
	case 'B':
	case 'b':
		return 0;
	case 'K':
	case 'k':
		return 10;
	case 'M':
	case 'm':
		return 20;
	case 'G':
	case 'g':
		return 30;
	case 'T':
	case 't':
		return 40;
	case 'P':
	case 'p':
		return 50;
	case 'E':
	case 'e':
		return 60;
	default:
		return -1;
	}
}

/*
 * The digits after the '.' as a 0.64 fixed-point number, the way QEMU
 * computes it (via a double, truncated). "1." has no digits and is fine.
 * QEMU 7.2 mishandles two inputs here: an exponent whose value underflows
 * (it skips a character past the number and can read past the string),
 * and digits that round up to 1.0 (an undefined conversion that yields
 * 0 on x86). vnuma calls both invalid.
 */
static int parse_fraction(const char *dot, const char **end, uint64_t *frac)
{
	const char *p = dot + 1;
	locale_t c_loc;
	double d;
	char *e;

	*frac = 0;
	*end = p;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if ((*p == 'e' || *p == 'E') &&
	    (isdigit((unsigned char)p[1]) ||
	     ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2]))))
		return -EINVAL;
	c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (!c_loc)
		return -EINVAL;
	d = strtod_l(dot, &e, c_loc);
	freelocale(c_loc);
	if (e != p || !(d < 1.0))
		return -EINVAL;
	*frac = (uint64_t)(d * 0x1p64);
	*end = p;
	return 0;
}

/* val.frac (64.64 fixed point) times 2^shift, rounded half up. */
static int scale(uint64_t val, uint64_t frac, int shift, uint64_t *out)
{
	uint64_t hi, lo, r;

	if (shift == 0) {
		/* a fraction of a byte is not a size */
		if (frac)
			return -EINVAL;
		*out = val;
		return 0;
	}
	if (val >> (64 - shift))
		return -ERANGE;
	hi = frac >> (64 - shift);
	lo = frac << shift;
	r = (val << shift) + hi;
	if (r < hi)
		return -ERANGE;
	if ((lo >> 63) && ++r == 0)
		return -ERANGE;
	*out = r;
	return 0;
}

int vnuma__strtosz_hex(const char *s, char default_unit, uint64_t *out,
		       bool *hex_with_unit)
{
	unsigned long long val;
	uint64_t frac = 0;
	const char *end;
	bool hex = false;
	int shift, rc;
	char *e;

	*hex_with_unit = false;
	if (!s)
		return -EINVAL;
	errno = 0;
	val = strtoull(s, &e, 10);
	end = e;
	if (errno == ERANGE) {
		rc = -ERANGE;
		goto out;
	}
	if (end == s || memchr(s, '-', (size_t)(end - s)))
		return -EINVAL;
	if (val == 0 && (*end == 'x' || *end == 'X')) {
		errno = 0;
		val = strtoull(s, &e, 16);
		end = e;
		if (errno == ERANGE) {
			rc = -ERANGE;
			goto out;
		}
		if (*end == '.')
			return -EINVAL;
		hex = true;
	} else if (*end == '.') {
		if (parse_fraction(end, &end, &frac))
			return -EINVAL;
	}
	shift = unit_shift(*end);
	if (shift >= 0) {
		*hex_with_unit = hex;
		end++;
	} else {
		shift = unit_shift(default_unit);
		if (shift < 0)
			return -EINVAL;
	}
	if (*end)
		return -EINVAL;
	return scale(val, frac, shift, out);
out:
	/* QEMU lets trailing garbage win over overflow */
	return *end ? -EINVAL : rc;
}

int vnuma__strtosz(const char *s, char default_unit, uint64_t *out)
{
	bool hex;

	return vnuma__strtosz_hex(s, default_unit, out, &hex);
}

int vnuma__parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "y" };
	static const char *const no[] = { "off", "no", "false", "n" };

	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < 4; i++) {
		if (!strcmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}
