/* SPDX-License-Identifier: MIT */
/* What the text and JSON reports share. */
#include "report_internal.h"

#include <inttypes.h>
#include <stdio.h>

const char *vnuma__report_size(char *buf, size_t len, uint64_t v)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;

	while (v && u + 1 < sizeof(unit) / sizeof(unit[0]) && !(v & 1023)) {
		v >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", v, unit[u]);
	return buf;
}
