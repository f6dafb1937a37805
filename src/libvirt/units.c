// SPDX-License-Identifier: MIT
/*
 * libvirt's scaled integers (virScaleInteger): a decimal number and a
 * unit whose names libvirt reads case-insensitively, 1024- or
 * 1000-based by their spelling.
 */
#include <errno.h>
#include <stdlib.h>
#include <strings.h>

#include "libvirt_internal.h"

struct unit {
	const char *name;
	uint64_t scale;
};

#define KI 1024ull
#define K 1000ull

static const struct unit units[] = {
	{ "b", 1 },
	{ "byte", 1 },
	{ "bytes", 1 },
	{ "k", KI },
	{ "kib", KI },
	{ "kb", K },
	{ "m", KI *KI },
	{ "mib", KI *KI },
	{ "mb", K *K },
	{ "g", KI *KI *KI },
	{ "gib", KI *KI *KI },
	{ "gb", K *K *K },
	{ "t", KI *KI *KI *KI },
	{ "tib", KI *KI *KI *KI },
	{ "tb", K *K *K *K },
	{ "p", KI *KI *KI *KI *KI },
	{ "pib", KI *KI *KI *KI *KI },
	{ "pb", K *K *K *K *K },
	{ "e", KI *KI *KI *KI *KI *KI },
	{ "eib", KI *KI *KI *KI *KI *KI },
	{ "eb", K *K *K *K *K *K },
};

static const struct unit *unit_find(const char *name)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(units[i].name, name))
			return &units[i];
	return NULL;
}

int vnuma__libvirt_scaled(uint64_t *bytes, const char *value, const char *unit,
			  const char *default_unit, const char *what,
			  vnuma_error **err)
{
	/* an empty unit is no unit: libvirt reads it through XPath */
	const struct unit *u = unit_find(unit && *unit ? unit : default_unit);
	unsigned long long v;
	char *end;

	if (!u)
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "libvirt.unit",
					NULL, "unknown suffix '%s'", unit);
	/*
	 * libvirt's virStrToLong_ullp: blanks, then digits and nothing
	 * after; no sign
	 */
	errno = 0;
	while (value && (*value == ' ' || (*value >= '\t' && *value <= '\r')))
		value++;
	if (!value || value[0] < '0' || value[0] > '9' ||
	    (v = strtoull(value, &end, 10), errno) || *end)
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "libvirt.number",
					NULL,
					"Invalid value '%s' for element or "
					"attribute '%s'",
					value ? value : "", what);
	if (v && u->scale > UINT64_MAX / v)
		return vnuma__error_set(err, VNUMA_E_RANGE, "libvirt.overflow",
					NULL, "value too large: %s%s", value,
					unit ? unit : "");
	*bytes = v * u->scale;
	return VNUMA_OK;
}
