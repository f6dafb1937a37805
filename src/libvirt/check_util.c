// SPDX-License-Identifier: MIT
/*
 * How libvirt reads attributes, numbers, sizes and bitmaps, with the
 * messages it gives when they do not parse.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "check_internal.h"

bool vnuma__lvc_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

const xmlNode *vnuma__lvc_child(const xmlNode *n, const char *name)
{
	for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
		if (vnuma__lvc_is(k, name))
			return k;
	return NULL;
}

size_t vnuma__lvc_count(const xmlNode *n, const char *name)
{
	size_t count = 0;

	for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
		count += vnuma__lvc_is(k, name);
	return count;
}

/* libxml2's getters take non-const nodes; they do not modify them */
char *vnuma__lvc_prop(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

char *vnuma__lvc_text(const xmlNode *n)
{
	return (char *)xmlNodeGetContent((xmlNode *)n);
}

/* virStrToLong_uip: base 10, no sign, all of it */
bool vnuma__lvc_parse_uint(const char *s, unsigned int *out)
{
	unsigned long v;
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > UINT_MAX)
		return false;
	*out = (unsigned int)v;
	return true;
}

int vnuma__lvc_uint(struct lvc *c, const xmlNode *n, const char *attr,
		    bool required, bool nonzero, unsigned int *out,
		    bool *present)
{
	char *v = vnuma__lvc_prop(n, attr);
	int rc = VNUMA_OK;

	if (present)
		*present = v != NULL;
	if (!v) {
		if (required)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_MISSING,
				"libvirt.attr-missing", n, NULL,
				"XML error: Missing required attribute '%s' "
				"in element '%s'",
				attr, (const char *)n->name);
		return VNUMA_OK;
	}
	if (!vnuma__lvc_parse_uint(v, out))
		rc = vnuma__libvirt_error(
			c->err, VNUMA_E_SYNTAX, "libvirt.attr-uint", n, attr,
			"XML error: Invalid value for attribute '%s' in "
			"element '%s': '%s'. Expected non-negative integer "
			"value",
			attr, (const char *)n->name, v);
	else if (nonzero && !*out)
		rc = vnuma__libvirt_error(
			c->err, VNUMA_E_RANGE, "libvirt.attr-zero", n, attr,
			"XML error: Invalid value for attribute '%s' in "
			"element '%s': Zero is not permitted",
			attr, (const char *)n->name);
	xmlFree(v);
	return rc;
}

int vnuma__lvc_enum(struct lvc *c, const xmlNode *n, const char *attr,
		    const char *const *names, bool required, bool nonzero,
		    int *out)
{
	char *v = vnuma__lvc_prop(n, attr);
	int rc;

	*out = -1;
	if (!v) {
		if (required)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_MISSING,
				"libvirt.attr-missing", n, NULL,
				"XML error: Missing required attribute '%s' "
				"in element '%s'",
				attr, (const char *)n->name);
		return VNUMA_OK;
	}
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], v) && (i || !nonzero)) {
			*out = i;
			xmlFree(v);
			return VNUMA_OK;
		}
	rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX, "libvirt.attr-enum",
				  n, attr,
				  "XML error: Invalid value for attribute '%s' "
				  "in element '%s': '%s'.",
				  attr, (const char *)n->name, v);
	xmlFree(v);
	return rc;
}

int vnuma__lvc_memory_value(struct lvc *c, const xmlNode *at, const char *attr,
			    const char *value, const char *unit,
			    const char *what, bool required, uint64_t *kib)
{
	const char *s = value;
	unsigned long long number;
	uint64_t bytes, scale;
	char *end;

	*kib = 0;
	/* libvirt reads sizes by XPath, to which an empty text is none */
	if (value && !*value)
		value = NULL;
	if (!value) {
		if (!required)
			return VNUMA_OK;
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.size-missing", at, NULL,
					    "XML error: missing element or "
					    "attribute '%s'",
					    what);
	}
	/*
	 * the number is read before the unit (virParseScaledValue), as
	 * strtoull reads it: blanks before it, no sign, nothing after
	 */
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	errno = 0;
	if (*s < '0' || *s > '9' || (number = strtoull(s, &end, 10), errno) ||
	    *end)
		return vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					    "libvirt.size-syntax", at, attr,
					    "XML error: Invalid value '%s' for "
					    "element or attribute '%s'",
					    value, what);
	/* an empty unit is the default one */
	if (unit && !*unit)
		unit = NULL;
	if (vnuma__libvirt_scaled(&scale, "1", unit, "KiB", what, NULL))
		return vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					    "libvirt.size-unit", at, "unit",
					    "invalid argument: unknown suffix "
					    "'%s'",
					    unit);
	/* libvirt's bound on a size is off_t's: LLONG_MAX bytes */
	if (number > LLONG_MAX / scale)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.size-overflow", at, attr,
					    "numerical overflow: value too "
					    "large: %llu%s",
					    number, unit ? unit : "");
	bytes = number * scale;
	*kib = bytes / 1024 + (bytes % 1024 != 0);
	return VNUMA_OK;
}

bool vnuma__lvc_bit(const uint64_t *m, size_t i)
{
	return m && i < LVC_BITS && vnuma__bit_test(m, i);
}

long vnuma__lvc_next(const uint64_t *m, size_t from)
{
	for (size_t i = from; m && i < LVC_BITS; i++)
		if (vnuma__bit_test(m, i))
			return (long)i;
	return -1;
}

size_t vnuma__lvc_weight(const uint64_t *m)
{
	size_t n = 0;

	for (size_t i = 0; m && i < LVC_WORDS; i++)
		n += (size_t)__builtin_popcountll(m[i]);
	return n;
}

/* one number of a bitmap, below LVC_BITS */
static bool bitmap_number(const char **p, long *out)
{
	char *end;

	if (**p < '0' || **p > '9')
		return false;
	errno = 0;
	*out = strtol(*p, &end, 10);
	if (errno || *out >= LVC_BITS)
		return false;
	*p = end;
	return true;
}

static void skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n')
		(*p)++;
}

/*
 * virBitmapParse: "N", "N-M" and "^N" (taken away) items, comma
 * separated, blanks around them allowed.
 */
static bool bitmap_parse(const char *s, uint64_t *m)
{
	const char *p = s;
	long lo, hi;
	bool neg;

	skip_space(&p);
	if (!*p)
		return false;
	for (;;) {
		neg = *p == '^';
		if (neg)
			p++;
		if (!bitmap_number(&p, &lo))
			return false;
		hi = lo;
		if (*p == '-') {
			if (neg)
				return false;
			p++;
			if (!bitmap_number(&p, &hi) || hi < lo)
				return false;
		}
		for (long i = lo; i <= hi; i++)
			if (neg)
				m[i / 64] &= ~(UINT64_C(1) << (i % 64));
			else
				vnuma__bit_set(m, (size_t)i);
		skip_space(&p);
		if (!*p)
			return true;
		if (*p != ',')
			return false;
		p++;
		skip_space(&p);
	}
}

int vnuma__lvc_bitmap(struct lvc *c, const xmlNode *n, const char *attr,
		      const char *text, uint64_t **out)
{
	uint64_t *m = calloc(LVC_WORDS, sizeof(*m));

	*out = NULL;
	if (!m)
		return vnuma__error_nomem(c->err);
	if (!bitmap_parse(text, m)) {
		free(m);
		return vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					    "libvirt.bitmap", n, attr,
					    "invalid argument: Failed to parse "
					    "bitmap '%s'",
					    text);
	}
	*out = m;
	return VNUMA_OK;
}
