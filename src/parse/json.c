/* SPDX-License-Identifier: MIT */
/*
 * QEMU 7.2's JSON reader, as far as its verdicts and messages show: a
 * lexer (which tokens exist and where a bad one ends: "stray '01'"), a
 * streamer (a value is parsed as soon as its brackets balance; a second
 * value, or anything but whitespace after the first, is "Expecting at most
 * one JSON value"); the parser is json_parse.c.
 */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "json_internal.h"
#include "keyval.h"

/* QEMU's limit on nested brackets in one value. */
#define MAX_NESTING 1024

/* Lexer states, and what a transition can end in. */
enum lstate {
	S_START,
	S_DQ,
	S_DQ_ESC,
	S_SQ,
	S_SQ_ESC,
	S_ZERO,
	S_NONZERO,
	S_NEG,
	S_MANTISSA,
	S_MANTISSA_DIGITS,
	S_EXP_E,
	S_DIGIT,
	S_DIGITS,
	S_KEYWORD,
	S_WS,
	R_TOKEN, /* a token ends (type in *tok) */
	R_SKIP,	 /* whitespace ends */
	R_ERROR, /* no token can continue with this byte */
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
	static const enum tok stok[] = { T_LCURLY,  T_RCURLY, T_LSQUARE,
					 T_RSQUARE, T_COLON,  T_COMMA };
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
	/* The state's token ends before c (any byte), which starts the next. */
	*taken = false;
	if (s == S_WS)
		return R_SKIP;
	if (s == S_ZERO || s == S_NONZERO)
		*tok = T_INTEGER;
	else
		*tok = s == S_KEYWORD ? T_KEYWORD : T_FLOAT;
	return R_TOKEN;
}

/* ---- the stream ---- */

static void fail(struct reader *r, char *msg, const char *check, size_t off,
		 size_t len)
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
		vnuma__json_node_free(r->result);
		vnuma__json_node_free(v);
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
	struct jnode *v = vnuma__json_parse_value(r);

	if (r->nomem) {
		vnuma__json_node_free(v);
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
		r->pmsg = r->result ? NULL :
				      vnuma__strdup("JSON nesting depth limit "
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
				error_token(r, start,
					    i - start + (taken && !flush));
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
		for (size_t k = 0;
		     m->v->type == VNUMA__JSON_ARRAY && k < m->v->n; k++)
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
	vnuma__json_node_free(r.result);
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
