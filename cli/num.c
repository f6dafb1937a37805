/* SPDX-License-Identifier: MIT */
/* The numeric flags' grammar (cli/num.h), without strtoul's leniency. */
#include "num.h"

static int digit(char c, unsigned base)
{
	int v = c >= '0' && c <= '9' ? c - '0' :
		c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 :
				       99;

	return v < (int)base ? v : -1;
}

bool cli_parse_uint(uint64_t *out, const char *s, uint64_t max)
{
	unsigned base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		return false;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		int d = digit(*s, base);

		if (d < 0 || (uint64_t)d > max ||
		    v > (max - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return true;
}
