/* SPDX-License-Identifier: MIT */
#include "compose.h"

#include <stdlib.h>
#include <string.h>

#include "../config/config_internal.h"

int vnuma__compose_start(struct vnuma__compose *c, const char *fn,
			 const void *cfg, const unsigned int *version,
			 unsigned int current, const char *spec_name,
			 vnuma_error **err)
{
	struct vnuma__loc loc = { .option = fn };

	memset(c, 0, sizeof(*c));
	c->fn = fn;
	if (!cfg || !version)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", &loc,
					"cfg and spec must not be NULL");
	/*
	 * Fields are only appended: an older caller's structure is a prefix
	 * of the current one, and only the fields of its version are read.
	 */
	if (*version == 0 || *version > current)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.version",
					&loc, "unknown %s version %u",
					spec_name, *version);
	return VNUMA_OK;
}

/* The first wrong argument is the one reported. */
void vnuma__compose_bad(struct vnuma__compose *c, const char *why)
{
	if (!c->bad)
		c->bad = why;
}

/* Separates elements; the first one has no comma before it. */
static void sep(struct vnuma__compose *c)
{
	if (c->b.len)
		vnuma__buf_add(&c->b, ",", 1);
}

/* Both grammars read ",," as one comma inside a value. */
static void value(struct vnuma__compose *c, const char *v)
{
	const char *comma;

	while ((comma = strchr(v, ','))) {
		vnuma__buf_add(&c->b, v, (size_t)(comma - v) + 1);
		vnuma__buf_add(&c->b, ",", 1);
		v = comma + 1;
	}
	vnuma__buf_puts(&c->b, v);
}

void vnuma__compose_implied(struct vnuma__compose *c, const char *key,
			    const char *v)
{
	if (!v)
		return;
	/*
	 * -object and -device read a text starting with '{' as JSON: such a
	 * value, one holding '=', and "" are given with their key.
	 */
	if (strchr(v, '=') || !*v || *v == '{') {
		vnuma__compose_str(c, key, v);
		return;
	}
	sep(c);
	value(c, v);
}

void vnuma__compose_str(struct vnuma__compose *c, const char *key,
			const char *v)
{
	if (!v)
		return;
	sep(c);
	vnuma__buf_printf(&c->b, "%s=", key);
	value(c, v);
}

void vnuma__compose_num(struct vnuma__compose *c, const char *key, uint64_t v)
{
	if (v == VNUMA_UNSET)
		return;
	sep(c);
	vnuma__buf_printf(&c->b, "%s=%llu", key, (unsigned long long)v);
}

void vnuma__compose_size(struct vnuma__compose *c, const char *key, uint64_t v)
{
	static const char suffix[] = "BKMGTPE";
	int i = 0;

	if (v == VNUMA_UNSET)
		return;
	sep(c);
	/* Bare digits mean MiB to -m, bytes elsewhere: 0 is 0 in both. */
	if (!v) {
		vnuma__buf_printf(&c->b, "%s=0", key);
		return;
	}
	while (i < 6 && !(v & 1023)) {
		v >>= 10;
		i++;
	}
	vnuma__buf_printf(&c->b, "%s=%llu%c", key, (unsigned long long)v,
			  suffix[i]);
}

void vnuma__compose_flag(struct vnuma__compose *c, const char *key, int f)
{
	if (f == VNUMA_FLAG_UNSET)
		return;
	if (f != VNUMA_FLAG_ON && f != VNUMA_FLAG_OFF) {
		vnuma__compose_bad(c, "a flag is not a vnuma_flag");
		return;
	}
	vnuma__compose_str(c, key, f == VNUMA_FLAG_ON ? "on" : "off");
}

void vnuma__compose_ranges(struct vnuma__compose *c, const char *key,
			   const vnuma_index_range *r, size_t n)
{
	if (n && !r) {
		vnuma__compose_bad(c, "a range array is NULL with a count");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		sep(c);
		if (r[i].first == r[i].last)
			vnuma__buf_printf(&c->b, "%s=%llu", key,
					  (unsigned long long)r[i].first);
		else
			vnuma__buf_printf(&c->b, "%s=%llu-%llu", key,
					  (unsigned long long)r[i].first,
					  (unsigned long long)r[i].last);
	}
}

void vnuma__compose_props(struct vnuma__compose *c, const vnuma_prop *p,
			  size_t n)
{
	if (n && !p) {
		vnuma__compose_bad(c, "a property array is NULL with a count");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		/* A key cannot be escaped: one with ',' or '=' would split. */
		if (!p[i].key || !*p[i].key || strpbrk(p[i].key, ",=") ||
		    !p[i].value) {
			vnuma__compose_bad(c, "a property key is NULL, empty "
					      "or holds ',' or '=', or its "
					      "value is NULL");
			return;
		}
		vnuma__compose_str(c, p[i].key, p[i].value);
	}
}

int vnuma__compose_add(struct vnuma__compose *c, vnuma_config *cfg,
		       const char *option, vnuma_error **err)
{
	struct vnuma__loc loc = { .option = c->fn };
	char *text;
	int rc;

	if (c->bad) {
		vnuma__buf_fini(&c->b);
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.builder-arg",
					&loc, "%s", c->bad);
	}
	/* Nothing given is an empty argument, as -numa "" would be. */
	text = vnuma__buf_take(&c->b);
	if (!text)
		return vnuma__error_nomem(err);
	rc = vnuma__config_add_as(cfg, option, c->fn, text, err);
	free(text);
	return rc;
}
