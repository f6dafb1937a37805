/* SPDX-License-Identifier: MIT */
#include "keyval.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

/*
 * keyval turns "a.b=1,a.c=2" into a tree, and rejects texts whose keys
 * cannot form one ("a=1,a.b=2"), or whose numeric keys leave a gap in a
 * list ("a.1=x" without "a.0"). vnuma keeps the flat pairs; the tree is
 * built only to give the same verdicts and messages.
 */
#define KEY_FRAGMENT_MAX 127

struct node {
	size_t parent;
	const char *name; /* fragment, not NUL-terminated */
	size_t len;
	bool dict;
	size_t off; /* where the element that made it starts */
};

struct tree {
	struct node *v;
	size_t n, cap;
};

struct ctx {
	struct vnuma__opts *o;
	struct tree t;
	const char *key; /* current key and the element it came from */
	size_t key_len, elem_off;
	vnuma_error **err;
};

static int kv_error(struct ctx *c, int status, const char *check,
		    const char *fmt, ...) VNUMA__PRINTF(4, 5);

static int kv_error(struct ctx *c, int status, const char *check,
		    const char *fmt, ...)
{
	struct vnuma__loc loc = {
		.option = c->o->option,
		.text = c->o->text,
		.offset = c->elem_off,
		.length = c->key_len,
	};
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vnuma__error_setv(c->err, status, check, &loc, fmt, ap);
	va_end(ap);
	return rc;
}

/* Length of the QAPI name at s (QEMU's parse_qapi_name), 0 if none. */
static size_t qapi_name_len(const char *s)
{
	const char *p = s;

	if (*p == '_') { /* downstream extension "__RFQDN_name" */
		if (*++p != '_')
			return 0;
		while (*++p &&
		       (isalnum((unsigned char)*p) || *p == '-' || *p == '.'))
			;
		if (*p != '_')
			return 0;
		p++;
	}
	if (!isalpha((unsigned char)*p))
		return 0;
	while (*++p && (isalnum((unsigned char)*p) || *p == '-' || *p == '_'))
		;
	return (size_t)(p - s);
}

static size_t digits_len(const char *s)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]))
		n++;
	return n;
}

/* A list index as QEMU reads it: decimal digits, capped at INT_MAX. */
static long key_index(const char *s, size_t len)
{
	long v = 0;

	if (!len || digits_len(s) < len)
		return -1;
	for (size_t i = 0; i < len; i++) {
		v = v * 10 + (s[i] - '0');
		if (v >= INT_MAX)
			return INT_MAX;
	}
	return v;
}

static long child_of(const struct tree *t, size_t parent, const char *name,
		     size_t len)
{
	for (size_t i = 1; i < t->n; i++)
		if (t->v[i].parent == parent && t->v[i].len == len &&
		    !memcmp(t->v[i].name, name, len))
			return (long)i;
	return -1;
}

/*
 * Makes parent.name a dict (want_dict) or a leaf; cursor is how much of
 * the key QEMU quotes when the two uses clash.
 */
static int put(struct ctx *c, size_t parent, const char *name, size_t len,
	       bool want_dict, size_t cursor, size_t *out)
{
	long i = child_of(&c->t, parent, name, len);

	if (i >= 0) {
		if (c->t.v[i].dict != want_dict)
			return kv_error(c, VNUMA_E_SYNTAX, "opts.inconsistent",
					"Parameters '%.*s.*' used "
					"inconsistently",
					(int)cursor, c->key);
		*out = (size_t)i;
		return VNUMA_OK;
	}
	if (vnuma__grow(&c->t.v, &c->t.cap, c->t.n + 1, sizeof(*c->t.v)))
		return vnuma__error_nomem(c->err);
	c->t.v[c->t.n] = (struct node){ .parent = parent,
					.name = name,
					.len = len,
					.dict = want_dict,
					.off = c->elem_off };
	*out = c->t.n++;
	return VNUMA_OK;
}

/* Checks the fragments of c->key and puts them in the tree. */
static int put_key(struct ctx *c)
{
	const char *key = c->key, *end = key + c->key_len, *s = key;
	const char *prev = NULL;
	size_t cur = 0, len = 0, plen = 0;
	int rc;

	for (;;) {
		if (s != key && isdigit((unsigned char)*s))
			len = digits_len(s);
		else
			len = qapi_name_len(s);
		if (s + len > end)
			len = (size_t)(end - s);
		if (!len || (s + len < end && s[len] != '.'))
			return kv_error(c, VNUMA_E_SYNTAX, "opts.invalid-key",
					"Invalid parameter '%.*s'",
					(int)c->key_len, key);
		if (len > KEY_FRAGMENT_MAX)
			return kv_error(c, VNUMA_E_SYNTAX, "opts.key-too-long",
					"Parameter%s '%.*s' is too long",
					s != key || s + len != end ?
						" fragment" :
						"",
					(int)len, s);
		if (prev) {
			rc = put(c, cur, prev, plen, true,
				 (size_t)(s - 1 - key), &cur);
			if (rc)
				return rc;
		}
		prev = s;
		plen = len;
		s += len;
		if (*s != '.' || s >= end)
			break;
		s++;
	}
	if (*s != '=')
		return kv_error(c, VNUMA_E_SYNTAX, "opts.expected-equals",
				"Expected '=' after parameter '%.*s'",
				(int)(s - key), key);
	return put(c, cur, prev, plen, false, c->key_len, &cur);
}

/* "a.b." for node i: the prefix QEMU prints before an index or '*'. */
static void path_of(const struct tree *t, size_t i, struct vnuma__buf *b)
{
	if (i == 0)
		return;
	path_of(t, t->v[i].parent, b);
	vnuma__buf_add(b, t->v[i].name, t->v[i].len);
	vnuma__buf_add(b, ".", 1);
}

static int list_error(struct ctx *c, size_t i, long index)
{
	struct vnuma__buf b = { 0 };
	char *path;
	int rc;

	path_of(&c->t, i, &b);
	path = vnuma__buf_take(&b);
	if (!path)
		return vnuma__error_nomem(c->err);
	c->elem_off = c->t.v[i].off;
	c->key_len = 0;
	if (index < 0)
		rc = kv_error(c, VNUMA_E_SYNTAX, "opts.inconsistent",
			      "Parameters '%s*' used inconsistently", path);
	else
		rc = kv_error(c, VNUMA_E_SYNTAX, "opts.list-gap",
			      "Parameter '%s%ld' missing", path, index);
	free(path);
	return rc;
}

/* Dicts whose keys are all numbers must be gapless lists from 0. */
static int check_lists(struct ctx *c, size_t i)
{
	bool has_index = false, has_member = false, *seen;
	size_t nkids = 0;
	long max = -1, k;
	int rc;

	for (size_t j = 1; j < c->t.n; j++) {
		if (c->t.v[j].parent != i)
			continue;
		if (c->t.v[j].dict && (rc = check_lists(c, j)))
			return rc;
		k = key_index(c->t.v[j].name, c->t.v[j].len);
		has_index |= k >= 0;
		has_member |= k < 0;
		max = k > max ? k : max;
		nkids++;
	}
	if (has_index && has_member)
		return list_error(c, i, -1);
	if (!has_index)
		return VNUMA_OK;
	/* as QEMU: an index past the number of keys shows as a gap there */
	seen = calloc(nkids + 1, sizeof(*seen));
	if (!seen)
		return vnuma__error_nomem(c->err);
	for (size_t j = 1; j < c->t.n; j++) {
		if (c->t.v[j].parent != i)
			continue;
		k = key_index(c->t.v[j].name, c->t.v[j].len);
		if ((size_t)k < nkids)
			seen[k] = true;
	}
	for (long x = 0; x <= max && (size_t)x <= nkids; x++) {
		if (!seen[x]) {
			free(seen);
			return list_error(c, i, x);
		}
	}
	free(seen);
	return VNUMA_OK;
}

static int add(struct ctx *c, const char *key, size_t key_len, const char *val,
	       const char *val_end, bool implied)
{
	struct vnuma__opt where = {
		.key_off = c->elem_off,
		.key_len = implied ? 0 : key_len,
		.val_off = (size_t)(val - c->o->text),
		.val_len = (size_t)(val_end - val),
		.implied = implied,
	};
	char *v = malloc((size_t)(val_end - val) + 1), *d = v;

	if (v) {
		/* the implied value is taken as is; others unescape ",," */
		for (const char *p = val; p < val_end; p++) {
			*d++ = *p;
			if (!implied && *p == ',')
				p++;
		}
		*d = '\0';
	}
	if (vnuma__opts_add(c->o, vnuma__strndup(key, key_len), v, &where))
		return vnuma__error_nomem(c->err);
	return VNUMA_OK;
}

static const char *value_end(const char *p)
{
	for (; *p; p++)
		if (*p == ',' && *++p != ',')
			return p - 1;
	return p;
}

static int parse_one(struct ctx *c, const char **pp, const char *implied)
{
	const char *p = *pp, *val, *end;
	size_t len = strcspn(p, "=,");
	size_t leaf;
	int rc;

	c->elem_off = (size_t)(p - c->o->text);
	if (len && p[len] != '=') {
		if ((len == 1 && *p == '?') ||
		    (len == 4 && !memcmp(p, "help", 4))) {
			c->o->help = true;
			*pp = p[len] == ',' ? p + len + 1 : p + len;
			return VNUMA_OK;
		}
		if (implied) {
			c->key = implied;
			c->key_len = strlen(implied);
			rc = put(c, 0, implied, c->key_len, false, c->key_len,
				 &leaf);
			if (!rc)
				rc = add(c, implied, c->key_len, p, p + len,
					 true);
			*pp = p[len] == ',' ? p + len + 1 : p + len;
			return rc;
		}
	}
	c->key = p;
	c->key_len = len;
	rc = put_key(c);
	if (rc)
		return rc;
	val = p + len + 1;
	end = value_end(val);
	rc = add(c, p, len, val, end, false);
	*pp = *end ? end + 1 : end;
	return rc;
}

int vnuma__keyval_parse(struct vnuma__opts *o, const char *implied_key,
			vnuma_error **err)
{
	struct ctx c = { .o = o, .err = err };
	const char *p = o->text;
	int rc = VNUMA_OK;

	/* node 0 is the root dict */
	if (vnuma__grow(&c.t.v, &c.t.cap, 1, sizeof(*c.t.v)))
		return vnuma__error_nomem(err);
	c.t.v[0] = (struct node){ .dict = true };
	c.t.n = 1;
	while (*p && !rc) {
		rc = parse_one(&c, &p, implied_key);
		implied_key = NULL;
	}
	if (!rc && o->help) {
		struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

		rc = vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "opts.help",
				      &loc,
				      "Help is not available for this "
				      "option");
	}
	if (!rc)
		rc = check_lists(&c, 0);
	free(c.t.v);
	return rc;
}
