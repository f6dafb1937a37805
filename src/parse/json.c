/* SPDX-License-Identifier: MIT */
/*
 * QEMU 7.2's JSON reader, as far as its verdicts and messages show: a
 * lexer (which tokens exist and where a bad one ends: "stray '01'"), a
 * streamer (a value is parsed as soon as its brackets balance; a second
 * value, or anything but whitespace after the first, is "Expecting at most
 * one JSON value") and a parser (first error wins).
 */
#include "json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "keyval.h"

/* QEMU's limit on nested brackets in one value. */
#define MAX_NESTING 1024

enum tok {
	T_LCURLY, T_RCURLY, T_LSQUARE, T_RSQUARE, T_COLON, T_COMMA,
	T_INTEGER, T_FLOAT, T_KEYWORD, T_STRING,
};

/* Lexer states, and what a transition can end in. */
enum lstate {
	S_START, S_DQ, S_DQ_ESC, S_SQ, S_SQ_ESC, S_ZERO, S_NONZERO, S_NEG,
	S_MANTISSA, S_MANTISSA_DIGITS, S_EXP_E, S_DIGIT, S_DIGITS, S_KEYWORD,
	S_WS,
	R_TOKEN, /* a token ends (type in *tok) */
	R_SKIP,	 /* whitespace ends */
	R_ERROR, /* no token can continue with this byte */
};

struct token {
	enum tok type;
	size_t off, len;
};

struct jmember;

struct jnode {
	enum vnuma__jtype type;
	size_t off, len;	/* the value's text */
	char *str;		/* STRING: decoded */
	struct jmember *m;	/* OBJECT members, ARRAY elements (key NULL) */
	size_t n, cap;
};

struct jmember {
	char *key;
	size_t key_off, key_len;
	struct jnode *v;
};

struct reader {
	const char *text;
	size_t len;
	struct token *tok; /* the tokens of the value being read */
	size_t ntok, cap, pos;
	int braces, brackets;
	struct jnode *result;
	bool done;	/* an error is final */
	bool nomem;
	char *msg;	/* the error */
	const char *check;
	size_t eoff, elen;
	/* the parser's own error, first one wins */
	char *pmsg;
	size_t poff, plen;
};

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static enum lstate in_string(int c, char quote, enum lstate self,
			     enum lstate esc, enum tok *tok, bool *taken)
{
	if (c < 0x20 || c > 0xfd)
		return R_ERROR;
	if (c == '\\')
		return esc;
	if (c == quote) {
		*tok = T_STRING;
		*taken = true;
		return R_TOKEN;
	}
	return self;
}

/* One step of QEMU's lexer table. *taken: the byte belongs to the token. */
static enum lstate step(enum lstate s, int c, enum tok *tok, bool *taken)
{
	static const char structural[] = "{}[]:,";
	static const enum tok stok[] = { T_LCURLY, T_RCURLY, T_LSQUARE,
					 T_RSQUARE, T_COLON, T_COMMA };
	const char *p;

	*taken = true;
	switch (s) {
	case S_DQ_ESC:
		return c >= 0x20 && c <= 0xfd ? S_DQ : R_ERROR;
	case S_SQ_ESC:
		return c >= 0x20 && c <= 0xfd ? S_SQ : R_ERROR;
	case S_DQ:
		return in_string(c, '"', S_DQ, S_DQ_ESC, tok, taken);
	case S_SQ:
		return in_string(c, '\'', S_SQ, S_SQ_ESC, tok, taken);
	case S_ZERO:
		if (is_digit(c))
			return R_ERROR;
		if (c == '.')
			return S_MANTISSA;
		break;
	case S_NONZERO:
		if (is_digit(c))
			return S_NONZERO;
		if (c == 'e' || c == 'E')
			return S_EXP_E;
		if (c == '.')
			return S_MANTISSA;
		break;
	case S_NEG:
		if (c == '0')
			return S_ZERO;
		return c >= '1' && c <= '9' ? S_NONZERO : R_ERROR;
	case S_MANTISSA:
		return is_digit(c) ? S_MANTISSA_DIGITS : R_ERROR;
	case S_MANTISSA_DIGITS:
		if (is_digit(c))
			return S_MANTISSA_DIGITS;
		if (c == 'e' || c == 'E')
			return S_EXP_E;
		break;
	case S_EXP_E:
		if (c == '-' || c == '+')
			return S_DIGIT;
		return is_digit(c) ? S_DIGITS : R_ERROR;
	case S_DIGIT:
		return is_digit(c) ? S_DIGITS : R_ERROR;
	case S_DIGITS:
		if (is_digit(c))
			return S_DIGITS;
		break;
	case S_KEYWORD:
		if (c >= 'a' && c <= 'z')
			return S_KEYWORD;
		break;
	case S_WS:
		if (is_ws(c))
			return S_WS;
		break;
	default: /* S_START */
		if (c == '"')
			return S_DQ;
		if (c == '\'')
			return S_SQ;
		if (c == '0')
			return S_ZERO;
		if (c >= '1' && c <= '9')
			return S_NONZERO;
		if (c == '-')
			return S_NEG;
		if (c >= 'a' && c <= 'z')
			return S_KEYWORD;
		if (is_ws(c))
			return S_WS;
		p = c ? strchr(structural, c) : NULL;
		if (!p)
			return R_ERROR;
		*tok = stok[p - structural];
		return R_TOKEN;
	}
	/*
	 * The state's token ends before c, which starts the next one; QEMU's
	 * table has such an end for ASCII only.
	 */
	if (c > 0x7f)
		return R_ERROR;
	*taken = false;
	if (s == S_WS)
		return R_SKIP;
	if (s == S_ZERO || s == S_NONZERO)
		*tok = T_INTEGER;
	else
		*tok = s == S_KEYWORD ? T_KEYWORD : T_FLOAT;
	return R_TOKEN;
}

/* ---- values ---- */

static void node_free(struct jnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		free(n->m[i].key);
		node_free(n->m[i].v);
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

static void perror_at(struct reader *r, const struct token *t,
		      const char *fmt, ...) VNUMA__PRINTF(3, 4);

/* QEMU's parse_error: the first error of a value is the one reported. */
static void perror_at(struct reader *r, const struct token *t,
		      const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (r->pmsg || r->nomem)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->pmsg = vnuma__sprintf("JSON parse error, %s", buf);
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

static int escape(struct reader *r, const struct token *t,
		  const char **pp, const char *end, struct vnuma__buf *b)
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

static struct jnode *parse_value(struct reader *r);

static int add_member(struct reader *r, struct jnode *n, char *key,
		      const struct token *kt, struct jnode *v)
{
	struct jmember *m;

	if (vnuma__grow(&n->m, &n->cap, n->n + 1, sizeof(*n->m))) {
		r->nomem = true;
		free(key);
		node_free(v);
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
	key = parse_value(r);
	if (!key || key->type != VNUMA__JSON_STRING) {
		perror_at(r, kt, "key is not a string in object");
		node_free(key);
		return -1;
	}
	k = key->str;
	key->str = NULL;
	node_free(key);
	t = pop(r);
	if (!t || t->type != T_COLON) {
		if (t)
			perror_at(r, t, "missing : in object pair");
		else
			perror_at(r, NULL, "premature EOI");
		free(k);
		return -1;
	}
	v = parse_value(r);
	if (!v)
		perror_at(r, t, "Missing value in dict");
	for (size_t i = 0; v && i < dict->n; i++) {
		if (!strcmp(dict->m[i].key, k)) {
			perror_at(r, t, "duplicate key");
			node_free(v);
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
	const char *sep = object ? "expected separator in dict"
				 : "expected separator in list";
	struct jnode *n = node_new(r, object ? VNUMA__JSON_OBJECT
					     : VNUMA__JSON_ARRAY,
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
			struct jnode *v = parse_value(r);

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
	node_free(n);
	return NULL;
}

static struct jnode *parse_value(struct reader *r)
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
		return node_new(r, t->type == T_FLOAT ? VNUMA__JSON_DOUBLE
				: number_type(s, t->len), t->off, t->len);
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

/* ---- the stream ---- */

static void fail(struct reader *r, char *msg, const char *check,
		 size_t off, size_t len)
{
	r->done = true;
	r->msg = msg;
	r->check = check;
	r->eoff = off;
	r->elen = len;
	if (!msg)
		r->nomem = true;
}

/* A value, or an error, is complete (QEMU's consume_json). */
static void emit(struct reader *r, struct jnode *v, size_t off)
{
	if (r->result) {
		node_free(r->result);
		node_free(v);
		r->result = NULL;
		free(r->pmsg);
		r->pmsg = NULL;
		fail(r, vnuma__strdup("Expecting at most one JSON value"),
		     "json.extra-value", off, r->len - off);
	} else if (v) {
		r->result = v;
	} else {
		fail(r, r->pmsg, "json.syntax", r->poff, r->plen);
		r->pmsg = NULL;
	}
	r->ntok = r->pos = 0;
	r->braces = r->brackets = 0;
}

static void parse_tokens(struct reader *r)
{
	size_t off = r->tok[0].off;
	struct jnode *v = parse_value(r);

	if (r->nomem) {
		node_free(v);
		fail(r, NULL, NULL, 0, 0);
		return;
	}
	emit(r, v, off);
}

static void error_token(struct reader *r, size_t off, size_t len)
{
	/* Emitted as an error: after a value, that is one value too many. */
	if (!r->result)
		r->pmsg = vnuma__sprintf("JSON parse error, stray '%.*s'",
					 (int)len, r->text + off);
	if (!r->result && !r->pmsg)
		fail(r, NULL, NULL, 0, 0);
	r->poff = off;
	r->plen = len;
	if (!r->done)
		emit(r, NULL, off);
}

static void token(struct reader *r, enum tok type, size_t off, size_t len)
{
	r->braces += (type == T_LCURLY) - (type == T_RCURLY);
	r->brackets += (type == T_LSQUARE) - (type == T_RSQUARE);
	if (r->braces + r->brackets > MAX_NESTING) {
		r->pmsg = r->result ? NULL
				    : vnuma__strdup("JSON nesting depth limit "
						    "exceeded");
		if (!r->result && !r->pmsg) {
			fail(r, NULL, NULL, 0, 0);
			return;
		}
		r->poff = off;
		r->plen = len;
		emit(r, NULL, off);
		return;
	}
	if (vnuma__grow(&r->tok, &r->cap, r->ntok + 1, sizeof(*r->tok))) {
		fail(r, NULL, NULL, 0, 0);
		return;
	}
	r->tok[r->ntok++] = (struct token){ type, off, len };
	if ((r->braces > 0 || r->brackets > 0) && r->braces >= 0 &&
	    r->brackets >= 0)
		return;
	parse_tokens(r);
}

static void lex(struct reader *r)
{
	enum lstate s = S_START, ns;
	size_t start = 0;
	enum tok t = T_COMMA;
	bool taken;

	for (size_t i = 0; i <= r->len && !r->done; i++) {
		bool flush = i == r->len;
		int c = flush ? 0 : (unsigned char)r->text[i];

		if (flush && s == S_START)
			break;
		do {
			if (s == S_START)
				start = i;
			ns = step(s, c, &t, &taken);
			if (ns == R_ERROR) {
				error_token(r, start, i - start +
						      (taken && !flush));
				s = S_START;
				break;
			}
			if (ns == R_TOKEN || ns == R_SKIP) {
				if (ns == R_TOKEN)
					token(r, t, start, i - start + taken);
				s = S_START;
			} else {
				s = ns;
			}
		} while (!taken && !flush && !r->done);
	}
	if (!r->done && r->ntok)
		parse_tokens(r);
}

/* ---- into pairs ---- */

static char *value_text(const struct reader *r, struct jnode *v)
{
	char *s;

	if (v->type == VNUMA__JSON_STRING) {
		s = v->str;
		v->str = NULL;
		return s;
	}
	return vnuma__strndup(r->text + v->off, v->len);
}

static int add_pair(struct vnuma__opts *o, const struct reader *r,
		    const struct jmember *m, struct jnode *v, bool elem)
{
	struct vnuma__opt where = {
		.key_off = (uint32_t)m->key_off,
		.key_len = (uint32_t)m->key_len,
		.val_off = (uint32_t)v->off,
		.val_len = (uint32_t)v->len,
		.jtype = v->type,
		.elem = elem,
	};
	char *key = vnuma__strdup(m->key);

	if (!key)
		return VNUMA_E_NOMEM;
	return vnuma__opts_add(o, key, value_text(r, v), &where);
}

static int flatten(struct vnuma__opts *o, const struct reader *r,
		   struct jnode *root)
{
	for (size_t i = 0; i < root->n; i++) {
		struct jmember *m = &root->m[i];

		if (add_pair(o, r, m, m->v, false))
			return VNUMA_E_NOMEM;
		for (size_t k = 0; m->v->type == VNUMA__JSON_ARRAY &&
				   k < m->v->n; k++)
			if (add_pair(o, r, m, m->v->m[k].v, true))
				return VNUMA_E_NOMEM;
	}
	return VNUMA_OK;
}

int vnuma__json_opts_parse(struct vnuma__opts *out, const char *option,
			   const char *text, vnuma_error **err)
{
	struct reader r = { .text = text };
	struct vnuma__loc loc = { .option = option, .text = text };
	int rc = VNUMA_OK;

	if (!out || !option || !text)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out, option and text must be given");
	if (vnuma__opts_init(out, option, text))
		return vnuma__error_nomem(err);
	out->mode = VNUMA__OPTS_JSON;
	r.len = strlen(text);
	lex(&r);
	if (!r.nomem && !r.done && !r.result)
		fail(&r, vnuma__strdup("JSON parse error, expecting value"),
		     "json.syntax", 0, r.len);
	if (r.nomem) {
		rc = vnuma__error_nomem(err);
	} else if (r.msg) {
		loc.offset = r.eoff;
		loc.length = r.elen;
		rc = vnuma__error_set(err, VNUMA_E_SYNTAX, r.check, &loc, "%s",
				      r.msg);
	} else if (r.result->type != VNUMA__JSON_OBJECT) {
		/* unreachable: the text starts with '{' */
		rc = vnuma__error_set(err, VNUMA_E_SYNTAX, "json.syntax", &loc,
				      "JSON value is not an object");
	} else if (flatten(out, &r, r.result)) {
		rc = vnuma__error_nomem(err);
	}
	node_free(r.result);
	free(r.msg);
	free(r.pmsg);
	free(r.tok);
	if (rc)
		vnuma__opts_fini(out);
	return rc;
}

const char *vnuma__jtype_name(enum vnuma__jtype t)
{
	switch (t) {
	case VNUMA__JSON_STRING:
		return "string";
	case VNUMA__JSON_INT:
	case VNUMA__JSON_UINT:
	case VNUMA__JSON_DOUBLE:
		return "number";
	case VNUMA__JSON_BOOL:
		return "boolean";
	case VNUMA__JSON_NULL:
		return "null";
	case VNUMA__JSON_OBJECT:
		return "object";
	case VNUMA__JSON_ARRAY:
		return "array";
	default:
		return "value";
	}
}
