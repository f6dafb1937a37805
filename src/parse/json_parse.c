/* SPDX-License-Identifier: MIT */
/*
 * QEMU 7.2's JSON parser over one value's tokens: its grammar, its first
 * error (and wording), its strings (single quotes, \', modified UTF-8)
 * and its three kinds of number.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "json_internal.h"

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

void vnuma__json_node_free(struct jnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		free(n->m[i].key);
		vnuma__json_node_free(n->m[i].v);
	}
	free(n->m);
	free(n->str);
	free(n);
}

static struct jnode *node_new(struct reader *r, enum vnuma__jtype type,
			      size_t off, size_t len)
{
	struct jnode *n = calloc(1, sizeof(*n));

	if (!n) {
		r->nomem = true;
		return NULL;
	}
	n->type = type;
	n->off = off;
	n->len = len;
	return n;
}

static void perror_at(struct reader *r, const struct token *t, const char *fmt,
		      ...) VNUMA__PRINTF(3, 4);

/* QEMU's parse_error: the first error of a value is the one reported. */
static void perror_at(struct reader *r, const struct token *t, const char *fmt,
		      ...)
{
	struct vnuma__buf b = { 0 };
	va_list ap;

	if (r->pmsg || r->nomem)
		return;
	/* No fixed buffer: an invalid keyword is quoted whole. */
	vnuma__buf_puts(&b, "JSON parse error, ");
	va_start(ap, fmt);
	vnuma__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->pmsg = vnuma__buf_take(&b);
	if (!r->pmsg)
		r->nomem = true;
	r->poff = t ? t->off : r->len;
	r->plen = t ? t->len : 0;
}

static const struct token *peek(struct reader *r)
{
	return r->pos < r->ntok ? &r->tok[r->pos] : NULL;
}

static const struct token *pop(struct reader *r)
{
	return r->pos < r->ntok ? &r->tok[r->pos++] : NULL;
}

static int cvt4hex(const char *s, const char *end)
{
	int cp = 0;

	for (int i = 0; i < 4; i++) {
		int c = s + i < end ? (unsigned char)s[i] : 0, d;

		if (is_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		cp = cp << 4 | d;
	}
	return cp;
}

/* QEMU's is_valid_codepoint: no surrogates, no noncharacters. */
static bool valid_cp(long cp)
{
	return cp >= 0 && cp <= 0x10ffff && (cp & 0xfffff800) != 0xd800 &&
	       !(cp >= 0xfdd0 && cp <= 0xfdef) && (cp & 0xfffe) != 0xfffe;
}

/* Modified UTF-8 (NUL as C0 80), as QEMU writes it into a string. */
static void put_utf8(struct vnuma__buf *b, long cp)
{
	char u[4];
	size_t n;

	if (cp > 0 && cp <= 0x7f) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp <= 0x7ff) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp <= 0xffff) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	vnuma__buf_add(b, u, n);
}

/* QEMU's mod_utf8_codepoint: one character at *p, -1 if invalid. */
static long utf8_cp(const unsigned char **p, const unsigned char *end)
{
	static const long min_cp[] = { 0x80, 0x800, 0x10000, 0x200000,
				       0x4000000 };
	unsigned byte = *(*p)++, mask, len = 0;
	long cp;

	if (byte < 0x80)
		return byte;
	if (byte >= 0xfe || !(byte & 0x40))
		return -1;
	for (mask = 0x80; byte & mask; mask >>= 1)
		len++;
	cp = byte & (mask - 1);
	for (unsigned i = 1; i < len; i++) {
		if (*p >= end || (**p & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (*(*p)++ & 0x3f);
	}
	if (!valid_cp(cp) || (cp < min_cp[len - 2] && !(cp == 0 && len == 2)))
		return -1;
	return cp;
}

static int escape(struct reader *r, const struct token *t, const char **pp,
		  const char *end, struct vnuma__buf *b)
{
	static const char from[] = "\"'\\/bfnrt", to[] = "\"'\\/\b\f\n\r\t";
	const char *beg = *pp, *p = beg + 1, *k;
	long cp;

	k = strchr(from, *p);
	if (*p && k) {
		vnuma__buf_add(b, &to[k - from], 1);
		*pp = p + 1;
		return 0;
	}
	if (*p++ != 'u') {
		perror_at(r, t, "invalid escape sequence in string");
		return -1;
	}
	cp = cvt4hex(p, end);
	p += 4;
	if (cp >= 0xd800 && cp <= 0xdbff && p + 1 < end && p[0] == '\\' &&
	    p[1] == 'u') {
		long trail = cvt4hex(p + 2, end);

		cp = 0x10000 + ((cp & 0x3ff) << 10);
		if (trail >= 0xdc00 && trail <= 0xdfff) {
			cp |= trail & 0x3ff;
			p += 6;
		} else {
			cp = -1;
		}
	}
	if (!valid_cp(cp)) {
		/* QEMU prints the escape up to where it stopped reading */
		int n = (int)((p < end ? p : end) - beg);

		perror_at(r, t, "%.*s is not a valid Unicode character", n,
			  beg);
		return -1;
	}
	put_utf8(b, cp);
	*pp = p;
	return 0;
}

static struct jnode *parse_string(struct reader *r, const struct token *t)
{
	const char *p = r->text + t->off + 1;
	const char *tend = r->text + t->off + t->len, *end = tend - 1;
	struct vnuma__buf b = { 0 };
	struct jnode *n;

	while (p < end) {
		if (*p == '\\') {
			if (escape(r, t, &p, tend, &b))
				goto fail;
			continue;
		}
		{
			const unsigned char *q = (const unsigned char *)p;
			long cp = utf8_cp(&q, (const unsigned char *)end);

			if (cp < 0) {
				perror_at(r, t,
					  "invalid UTF-8 sequence in string");
				goto fail;
			}
			put_utf8(&b, cp);
			p = (const char *)q;
		}
	}
	n = node_new(r, VNUMA__JSON_STRING, t->off, t->len);
	if (n) {
		n->str = vnuma__buf_take(&b);
		if (n->str)
			return n;
		free(n);
		r->nomem = true;
	}
fail:
	vnuma__buf_fini(&b);
	return NULL;
}

/* QEMU: int64 if it fits, else uint64, else a double. */
static enum vnuma__jtype number_type(const char *s, size_t len)
{
	char buf[32], *end;

	if (len >= sizeof(buf))
		return VNUMA__JSON_DOUBLE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	(void)strtoll(buf, &end, 10);
	if (!errno)
		return VNUMA__JSON_INT;
	errno = 0;
	if (buf[0] != '-' && (strtoull(buf, &end, 10), !errno))
		return VNUMA__JSON_UINT;
	return VNUMA__JSON_DOUBLE;
}

static int add_member(struct reader *r, struct jnode *n, char *key,
		      const struct token *kt, struct jnode *v)
{
	struct jmember *m;

	if (vnuma__grow(&n->m, &n->cap, n->n + 1, sizeof(*n->m))) {
		r->nomem = true;
		free(key);
		vnuma__json_node_free(v);
		return -1;
	}
	m = &n->m[n->n++];
	m->key = key;
	m->key_off = kt ? kt->off : 0;
	m->key_len = kt ? kt->len : 0;
	m->v = v;
	return 0;
}

static int parse_pair(struct reader *r, struct jnode *dict)
{
	const struct token *kt = peek(r), *t;
	struct jnode *key, *v;
	char *k;

	if (!kt) {
		perror_at(r, NULL, "premature EOI");
		return -1;
	}
	key = vnuma__json_parse_value(r);
	if (!key || key->type != VNUMA__JSON_STRING) {
		perror_at(r, kt, "key is not a string in object");
		vnuma__json_node_free(key);
		return -1;
	}
	k = key->str;
	key->str = NULL;
	vnuma__json_node_free(key);
	t = pop(r);
	if (!t || t->type != T_COLON) {
		if (t)
			perror_at(r, t, "missing : in object pair");
		else
			perror_at(r, NULL, "premature EOI");
		free(k);
		return -1;
	}
	v = vnuma__json_parse_value(r);
	if (!v)
		perror_at(r, t, "Missing value in dict");
	for (size_t i = 0; v && i < dict->n; i++) {
		if (!strcmp(dict->m[i].key, k)) {
			perror_at(r, t, "duplicate key");
			vnuma__json_node_free(v);
			v = NULL;
		}
	}
	if (!v) {
		free(k);
		return -1;
	}
	return add_member(r, dict, k, kt, v);
}

/* Objects and arrays: items separated by commas up to the closing token. */
static struct jnode *parse_container(struct reader *r, bool object)
{
	const struct token *open = pop(r), *t;
	enum tok close = object ? T_RCURLY : T_RSQUARE;
	const char *sep = object ? "expected separator in dict" :
				   "expected separator in list";
	struct jnode *n = node_new(r,
				   object ? VNUMA__JSON_OBJECT :
					    VNUMA__JSON_ARRAY,
				   open->off, 0);

	if (!n)
		return NULL;
	t = peek(r);
	if (t && t->type == close) {
		pop(r);
		n->len = t->off + t->len - n->off;
		return n;
	}
	for (t = open;;) {
		if (object) {
			if (parse_pair(r, n))
				break;
		} else {
			struct jnode *v = vnuma__json_parse_value(r);

			if (!v) {
				perror_at(r, t, "expecting value");
				break;
			}
			if (add_member(r, n, NULL, NULL, v))
				break;
		}
		t = pop(r);
		if (!t) {
			perror_at(r, NULL, "premature EOI");
			break;
		}
		if (t->type == close) {
			n->len = t->off + t->len - n->off;
			return n;
		}
		if (t->type != T_COMMA) {
			perror_at(r, t, "%s", sep);
			break;
		}
	}
	vnuma__json_node_free(n);
	return NULL;
}

struct jnode *vnuma__json_parse_value(struct reader *r)
{
	const struct token *t = peek(r);
	const char *s;

	if (!t) {
		perror_at(r, NULL, "premature EOI");
		return NULL;
	}
	s = r->text + t->off;
	switch (t->type) {
	case T_LCURLY:
		return parse_container(r, true);
	case T_LSQUARE:
		return parse_container(r, false);
	case T_STRING:
		return parse_string(r, pop(r));
	case T_INTEGER:
	case T_FLOAT:
		pop(r);
		return node_new(r,
				t->type == T_FLOAT ? VNUMA__JSON_DOUBLE :
						     number_type(s, t->len),
				t->off, t->len);
	case T_KEYWORD:
		pop(r);
		if ((t->len == 4 && !memcmp(s, "true", 4)) ||
		    (t->len == 5 && !memcmp(s, "false", 5)))
			return node_new(r, VNUMA__JSON_BOOL, t->off, t->len);
		if (t->len == 4 && !memcmp(s, "null", 4))
			return node_new(r, VNUMA__JSON_NULL, t->off, t->len);
		perror_at(r, t, "invalid keyword '%.*s'", (int)t->len, s);
		return NULL;
	default:
		perror_at(r, t, "expecting value");
		return NULL;
	}
}
