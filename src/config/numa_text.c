/* SPDX-License-Identifier: MIT */
/*
 * A -numa dist in its usual spelling, kept as its three numbers: a full
 * 128-node distance matrix is 16,256 of them, most of a large
 * configuration, and as text each would be checked, copied, and split
 * into pairs again when the topology reads it.
 */
#include "config_internal.h"

#include <stdio.h>

/*
 * "KEY=N" at p, KEY of three letters, N a plain decimal no larger than
 * max ("0", or digits without a leading zero: strtoull reads "010" as
 * octal), then the byte end: the position of that byte, or NULL.
 */
static const char *field(const char *p, const char key[3], uint32_t max,
			 char end, uint32_t *out)
{
	uint32_t v = 0;

	/* in order: a mismatch stops at the text's end at the latest */
	if (p[0] != key[0] || p[1] != key[1] || p[2] != key[2] || p[3] != '=')
		return NULL;
	p += 4;
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (uint32_t)(*p++ - '0');
			if (v > max)
				return NULL;
		}
	} else {
		return NULL;
	}
	if (*p != end)
		return NULL;
	*out = v;
	return p;
}

bool vnuma__dist_text_read(const char *text, struct vnuma__dist_text *d)
{
	const char *p = text;
	uint32_t src, dst, val;
	bool typed = false;

	/* "type" is -numa's implied key: "dist,..." is "type=dist,..." */
	if (p[0] == 't' && p[1] == 'y' && p[2] == 'p' && p[3] == 'e' &&
	    p[4] == '=') {
		typed = true;
		p += 5;
	}
	if (p[0] != 'd' || p[1] != 'i' || p[2] != 's' || p[3] != 't' ||
	    p[4] != ',')
		return false;
	if (!(p = field(p + 5, "src", UINT16_MAX, ',', &src)) ||
	    !(p = field(p + 1, "dst", UINT16_MAX, ',', &dst)) ||
	    !field(p + 1, "val", UINT8_MAX, '\0', &val))
		return false;
	d->src = (uint16_t)src;
	d->dst = (uint16_t)dst;
	d->val = (uint8_t)val;
	d->typed = typed;
	return true;
}

void vnuma__dist_text_write(char buf[VNUMA__DIST_TEXT_MAX],
			    const struct vnuma__dist_text *d)
{
	snprintf(buf, VNUMA__DIST_TEXT_MAX, "%sdist,src=%u,dst=%u,val=%u",
		 d->typed ? "type=" : "", (unsigned)d->src, (unsigned)d->dst,
		 (unsigned)d->val);
}
