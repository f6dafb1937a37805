/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/parse/json*.c: the tokens, the values and the reader's
 * state shared by the lexer and streamer (json.c) and the parser
 * (json_parse.c).
 */
#ifndef VNUMA_PARSE_JSON_INTERNAL_H
#define VNUMA_PARSE_JSON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "opts.h"

enum tok {
	T_LCURLY,
	T_RCURLY,
	T_LSQUARE,
	T_RSQUARE,
	T_COLON,
	T_COMMA,
	T_INTEGER,
	T_FLOAT,
	T_KEYWORD,
	T_STRING,
};

struct token {
	enum tok type;
	size_t off, len;
};

struct jmember;

struct jnode {
	enum vnuma__jtype type;
	size_t off, len;   /* the value's text */
	char *str;	   /* STRING: decoded */
	struct jmember *m; /* OBJECT members; ARRAY elements, no key */
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
	bool done; /* an error is final */
	bool nomem;
	char *msg; /* the error */
	const char *check;
	size_t eoff, elen;
	/* the parser's own error, first one wins */
	char *pmsg;
	size_t poff, plen;
};

/* The value at the reader's next token, or NULL with r->pmsg or r->nomem. */
struct jnode *vnuma__json_parse_value(struct reader *r);
void vnuma__json_node_free(struct jnode *n);

#endif
