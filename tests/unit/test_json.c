/* SPDX-License-Identifier: MIT */
/*
 * JSON -object/-device: the reader (src/parse/json.c) and the QObject
 * visitor's typing rules (src/parse/visit.c). Each message is what
 * qemu-system-x86_64 7.2 printed for the same JSON text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "parse/json.h"
#include "parse/visit.h"

#define QOBJ VNUMA__VISIT_QOBJECT

static void parse_ok(struct vnuma__opts *o, const char *text)
{
	vnuma_error *e = NULL;
	int rc = vnuma__json_opts_parse(o, "-object", text, &e);

	if (rc)
		print_error("%s: %s\n", text, vnuma_error_message(e));
	assert_int_equal(rc, 0);
	assert_null(e);
	assert_int_equal(o->mode, VNUMA__OPTS_JSON);
	assert_null(o->id);
}

static const struct vnuma__opt *pair(const struct vnuma__opts *o, size_t i,
				     const char *key, enum vnuma__jtype t,
				     const char *value)
{
	assert_true(i < o->n);
	assert_string_equal(o->v[i].key, key);
	assert_int_equal(o->v[i].jtype, t);
	assert_string_equal(o->v[i].value, value);
	return &o->v[i];
}

/* Members in text order, each with its type, value and place. */
static void members_become_pairs(void **state)
{
	const char *text = "{\"qom-type\":\"memory-backend-ram\", "
			   "\"id\":\"m0\","
			   "\"size\":1024,\"share\":true,\"x\":null,"
			   "\"host-nodes\":[0, 1],\"o\":{\"a\":[1]},"
			   "\"f\":1.5}";
	struct vnuma__opts o;
	const struct vnuma__opt *p;

	(void)state;
	parse_ok(&o, text);
	assert_int_equal(o.n, 10);
	pair(&o, 0, "qom-type", VNUMA__JSON_STRING, "memory-backend-ram");
	p = pair(&o, 1, "id", VNUMA__JSON_STRING, "m0");
	assert_int_equal(p->key_off, strstr(text, "\"id\"") - text);
	assert_int_equal(p->key_len, 4);
	assert_int_equal(p->val_off, strstr(text, "\"m0\"") - text);
	assert_int_equal(p->val_len, 4);
	p = pair(&o, 2, "size", VNUMA__JSON_INT, "1024");
	assert_int_equal(p->val_off, strstr(text, "1024") - text);
	assert_int_equal(p->val_len, 4);
	pair(&o, 3, "share", VNUMA__JSON_BOOL, "true");
	pair(&o, 4, "x", VNUMA__JSON_NULL, "null");
	p = pair(&o, 5, "host-nodes", VNUMA__JSON_ARRAY, "[0, 1]");
	assert_false(p->elem);
	p = pair(&o, 6, "host-nodes", VNUMA__JSON_INT, "0");
	assert_true(p->elem);
	p = pair(&o, 7, "host-nodes", VNUMA__JSON_INT, "1");
	assert_true(p->elem);
	assert_int_equal(p->val_off, strstr(text, "1]") - text);
	/* deeper values stay text: nothing vnuma reads looks inside */
	pair(&o, 8, "o", VNUMA__JSON_OBJECT, "{\"a\":[1]}");
	pair(&o, 9, "f", VNUMA__JSON_DOUBLE, "1.5");
	/* the array, not its last element, is the member */
	assert_ptr_equal(vnuma__opts_last(&o, "host-nodes"), &o.v[5]);
	vnuma__opts_fini(&o);
}

/* QEMU's three kinds of number: int64, then uint64, then double. */
static void number_kinds(void **state)
{
	static const struct {
		const char *num;
		enum vnuma__jtype t;
	} c[] = {
		{ "0", VNUMA__JSON_INT },
		{ "-0", VNUMA__JSON_INT },
		{ "9223372036854775807", VNUMA__JSON_INT },
		{ "-9223372036854775808", VNUMA__JSON_INT },
		{ "9223372036854775808", VNUMA__JSON_UINT },
		{ "18446744073709551615", VNUMA__JSON_UINT },
		{ "18446744073709551616", VNUMA__JSON_DOUBLE },
		{ "-9223372036854775809", VNUMA__JSON_DOUBLE },
		{ "1.0", VNUMA__JSON_DOUBLE },
		{ "1e3", VNUMA__JSON_DOUBLE },
		{ "-2E-1", VNUMA__JSON_DOUBLE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char text[64];
		struct vnuma__opts o;

		snprintf(text, sizeof(text), "{\"n\":%s}", c[i].num);
		parse_ok(&o, text);
		pair(&o, 0, "n", c[i].t, c[i].num);
		vnuma__opts_fini(&o);
	}
}

/* Single quotes, escapes, \u with surrogate pairs, modified UTF-8. */
static void strings(void **state)
{
	struct vnuma__opts o;

	(void)state;
	parse_ok(&o, "{'a':'x\"y', \"b\":\"\\u0030\\'\\/\\t\","
		     "\"c\":\"\\ud83d\\ude00\\u00e9\",\"d\":\"\\u0000\","
		     "\"\\u0065\":\"\xc3\xa9\"}");
	pair(&o, 0, "a", VNUMA__JSON_STRING, "x\"y");
	pair(&o, 1, "b", VNUMA__JSON_STRING, "0'/\t");
	pair(&o, 2, "c", VNUMA__JSON_STRING, "\xf0\x9f\x98\x80\xc3\xa9");
	/* NUL is written C0 80, so values stay C strings */
	pair(&o, 3, "d", VNUMA__JSON_STRING, "\xc0\x80");
	pair(&o, 4, "e", VNUMA__JSON_STRING, "\xc3\xa9");
	vnuma__opts_fini(&o);
}

static void error_case(const char *text, const char *check, size_t off,
		       const char *msg)
{
	struct vnuma__opts o;
	vnuma_error *e = NULL;
	int rc = vnuma__json_opts_parse(&o, "-object", text, &e);

	if (!rc || strcmp(vnuma_error_message(e), msg))
		print_error("%s: got %s\n", text,
			    rc ? vnuma_error_message(e) : "no error");
	assert_int_equal(rc, VNUMA_E_SYNTAX);
	assert_int_equal(vnuma_error_status(e), VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_check(e), check);
	assert_string_equal(vnuma_error_message(e), msg);
	assert_string_equal(vnuma_error_option(e), "-object");
	assert_string_equal(vnuma_error_text(e), text);
	assert_int_equal(vnuma_error_offset(e), off);
	assert_int_equal(o.n, 0);
	assert_null(o.store);
	vnuma_error_free(e);
}

#define SYN "json.syntax"

/* A message has no length limit: a long invalid keyword is quoted whole. */
static void long_keyword_kept_whole(void **state)
{
	char text[600], msg[700];

	(void)state;
	memset(text, 0, sizeof(text));
	memcpy(text, "{\"a\":", 5);
	memset(text + 5, 'x', 500);
	text[505] = '}';
	snprintf(msg, sizeof(msg), "JSON parse error, invalid keyword '%.500s'",
		 text + 5);
	error_case(text, SYN, 5, msg);
}
#define EXTRA "json.extra-value"

/* QEMU's syntax messages; the offset is the token it stopped at. */
static void syntax_errors(void **state)
{
	(void)state;
	error_case("{\"a\":1", SYN, 6, "JSON parse error, premature EOI");
	error_case("{\"a\":{\"b\":", SYN, 10,
		   "JSON parse error, premature EOI");
	error_case("{\"a\":01}", SYN, 5, "JSON parse error, stray '01'");
	error_case("{\"a\":1.}", SYN, 5, "JSON parse error, stray '1.}'");
	error_case("{\"a\":-}", SYN, 5, "JSON parse error, stray '-}'");
	error_case("{\"a\":\"abc", SYN, 5, "JSON parse error, stray '\"abc'");
	error_case("{\"a\":True}", SYN, 5, "JSON parse error, stray 'T'");
	error_case("{\"a\":%d}", SYN, 5, "JSON parse error, stray '%'");
	error_case("{\"a\":\"\xff\"}", SYN, 5,
		   "JSON parse error, stray '\"\xff'");
	error_case("{\"a\":tru}", SYN, 5,
		   "JSON parse error, invalid keyword 'tru'");
	error_case("{\"a\" 1}", SYN, 5,
		   "JSON parse error, missing : in object pair");
	error_case("{1:2}", SYN, 1,
		   "JSON parse error, key is not a string in object");
	error_case("{\"a\":1 \"b\":2}", SYN, 7,
		   "JSON parse error, expected separator in dict");
	error_case("{\"a\":1]", SYN, 6,
		   "JSON parse error, expected separator in dict");
	error_case("{\"a\":[1 2]}", SYN, 8,
		   "JSON parse error, expected separator in list");
	error_case("{\"a\":1,}", SYN, 7, "JSON parse error, expecting value");
	error_case("{,}", SYN, 1, "JSON parse error, expecting value");
	error_case("{\"a\":[1,]}", SYN, 8, "JSON parse error, expecting value");
	error_case("{\"a\":1,\"a\":2}", SYN, 10,
		   "JSON parse error, duplicate key");
	error_case("{\"a\":\"\\x\"}", SYN, 5,
		   "JSON parse error, invalid escape sequence in string");
	error_case("{\"a\":\"\\u12\"}", SYN, 5,
		   "JSON parse error, \\u12\" is not a valid Unicode "
		   "character");
	error_case("{\"a\":\"\\uD800\"}", SYN, 5,
		   "JSON parse error, \\uD800 is not a valid Unicode "
		   "character");
	error_case("{\"a\":\"\xc3\"}", SYN, 5,
		   "JSON parse error, invalid UTF-8 sequence in string");
	error_case("{\"a\":\"\xc0\xaf\"}", SYN, 5,
		   "JSON parse error, invalid UTF-8 sequence in string");
	error_case("{} x", EXTRA, 3, "Expecting at most one JSON value");
	error_case("{}{}", EXTRA, 2, "Expecting at most one JSON value");
	error_case("{}}", EXTRA, 2, "Expecting at most one JSON value");
	error_case("{} \xc3", EXTRA, 3, "Expecting at most one JSON value");
	/* a token ends before any byte that cannot continue it */
	error_case("{\"a\":tru\xa9}", SYN, 8,
		   "JSON parse error, stray '\xa9'");
	error_case("{\"a\":1\xa9}", SYN, 6,
		   "JSON parse error, stray '\xa9'");
}

/* QEMU refuses more than 1024 open brackets in one value. */
static void nesting_limit(void **state)
{
	char text[2100];
	struct vnuma__opts o;

	(void)state;
	memset(text, '[', 1100);
	memcpy(text, "{\"a\":", 5);
	text[1100] = '\0';
	error_case(text, SYN, 5 + 1023, "JSON nesting depth limit exceeded");
	/* 1024 is fine as far as nesting goes */
	memset(text, 0, sizeof(text));
	memcpy(text, "{\"a\":", 5);
	memset(text + 5, '[', 1023);
	memset(text + 5 + 1023, ']', 1023);
	text[5 + 2046] = '}';
	parse_ok(&o, text);
	vnuma__opts_fini(&o);
}

/* Whitespace QEMU skips: space, tab, CR, LF, around any token. */
static void whitespace(void **state)
{
	struct vnuma__opts o;

	(void)state;
	parse_ok(&o, "{ \"a\" :\t1 ,\r\n\"b\" : [ 2 ] }  \n");
	pair(&o, 0, "a", VNUMA__JSON_INT, "1");
	pair(&o, 1, "b", VNUMA__JSON_ARRAY, "[ 2 ]");
	pair(&o, 2, "b", VNUMA__JSON_INT, "2");
	vnuma__opts_fini(&o);
}

/* ---- the QObject visitor ---- */

struct v {
	struct vnuma__opts o;
	vnuma_error *e;
};

static const struct vnuma__opt *member(struct v *v, const char *text,
				       const char *key)
{
	const struct vnuma__opt *opt;

	memset(v, 0, sizeof(*v));
	parse_ok(&v->o, text);
	opt = vnuma__opts_last(&v->o, key);
	assert_non_null(opt);
	return opt;
}

static void expect_error(struct v *v, int rc, int status, const char *check,
			 const char *msg)
{
	if (!rc || strcmp(vnuma_error_message(v->e), msg))
		print_error("%s: got %s\n", v->o.text,
			    rc ? vnuma_error_message(v->e) : "no error");
	assert_int_equal(rc, status);
	assert_string_equal(vnuma_error_check(v->e), check);
	assert_string_equal(vnuma_error_message(v->e), msg);
	vnuma_error_free(v->e);
	v->e = NULL;
	vnuma__opts_fini(&v->o);
}

static void done(struct v *v)
{
	assert_null(v->e);
	vnuma__opts_fini(&v->o);
}

static int get_uint(const char *text, unsigned bits, uint64_t *out,
		    struct v *v)
{
	const struct vnuma__opt *o = member(v, text, "k");

	return vnuma__get_uint(&v->o, o, QOBJ, bits, out, &v->e);
}

/* uint64: JSON integers only; a negative one wraps, as QEMU allows. */
static void uint_rule(void **state)
{
	static const char *const bad[] = {
		"{\"k\":\"1\"}", "{\"k\":1.0}", "{\"k\":1e2}", "{\"k\":true}",
		"{\"k\":null}", "{\"k\":[1]}", "{\"k\":{}}",
		"{\"k\":18446744073709551616}",
	};
	struct v v;
	uint64_t u = 0;

	(void)state;
	assert_int_equal(get_uint("{\"k\":42}", 64, &u, &v), 0);
	assert_int_equal(u, 42);
	done(&v);
	assert_int_equal(get_uint("{\"k\":-1}", 64, &u, &v), 0);
	assert_int_equal(u, UINT64_MAX);
	done(&v);
	assert_int_equal(get_uint("{\"k\":18446744073709551615}", 64, &u, &v),
			 0);
	assert_int_equal(u, UINT64_MAX);
	done(&v);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(&v, get_uint(bad[i], 64, &u, &v), VNUMA_E_SYNTAX,
			     "opts.bad-value", "Parameter 'k' expects uint64");
	/* narrower: checked after the uint64 reading, negatives included */
	assert_int_equal(get_uint("{\"k\":4294967295}", 32, &u, &v), 0);
	done(&v);
	expect_error(&v, get_uint("{\"k\":4294967296}", 32, &u, &v),
		     VNUMA_E_RANGE, "opts.out-of-range",
		     "Parameter 'k' expects uint32_t");
	expect_error(&v, get_uint("{\"k\":-1}", 32, &u, &v), VNUMA_E_RANGE,
		     "opts.out-of-range", "Parameter 'k' expects uint32_t");
}

/* A size is a plain uint64: no suffixes, no strings. */
static void size_rule(void **state)
{
	struct v v;
	const struct vnuma__opt *o;
	uint64_t u = 0;

	(void)state;
	o = member(&v, "{\"k\":1073741824}", "k");
	assert_int_equal(vnuma__get_size(&v.o, o, QOBJ, &u, &v.e), 0);
	assert_int_equal(u, 1ull << 30);
	done(&v);
	o = member(&v, "{\"k\":\"1G\"}", "k");
	expect_error(&v, vnuma__get_size(&v.o, o, QOBJ, &u, &v.e),
		     VNUMA_E_SYNTAX, "opts.bad-value",
		     "Parameter 'k' expects uint64");
}

/* int64: a type error for anything but an int64-sized integer. */
static void int_rule(void **state)
{
	static const char *const bad[] = {
		"{\"k\":\"1\"}", "{\"k\":1.0}", "{\"k\":false}",
		"{\"k\":9223372036854775808}",
	};
	struct v v;
	const struct vnuma__opt *o;
	int64_t i = 0;

	(void)state;
	o = member(&v, "{\"k\":-5}", "k");
	assert_int_equal(vnuma__get_int(&v.o, o, QOBJ, 32, &i, &v.e), 0);
	assert_int_equal(i, -5);
	done(&v);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		o = member(&v, bad[k], "k");
		expect_error(&v, vnuma__get_int(&v.o, o, QOBJ, 32, &i, &v.e),
			     VNUMA_E_SYNTAX, "opts.bad-type",
			     "Invalid parameter type for 'k', expected: "
			     "integer");
	}
	o = member(&v, "{\"k\":2147483648}", "k");
	expect_error(&v, vnuma__get_int(&v.o, o, QOBJ, 32, &i, &v.e),
		     VNUMA_E_RANGE, "opts.out-of-range",
		     "Parameter 'k' expects int32_t");
}

/* Booleans are true and false, nothing QemuOpts would take. */
static void bool_rule(void **state)
{
	static const char *const bad[] = {
		"{\"k\":\"on\"}", "{\"k\":\"true\"}", "{\"k\":1}",
		"{\"k\":null}",
	};
	struct v v;
	const struct vnuma__opt *o;
	bool b = true;

	(void)state;
	o = member(&v, "{\"k\":false}", "k");
	assert_int_equal(vnuma__get_bool(&v.o, o, QOBJ, &b, &v.e), 0);
	assert_false(b);
	done(&v);
	o = member(&v, "{\"k\":true}", "k");
	assert_int_equal(vnuma__get_bool(&v.o, o, QOBJ, &b, &v.e), 0);
	assert_true(b);
	done(&v);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		o = member(&v, bad[k], "k");
		expect_error(&v, vnuma__get_bool(&v.o, o, QOBJ, &b, &v.e),
			     VNUMA_E_SYNTAX, "opts.bad-type",
			     "Invalid parameter type for 'k', expected: "
			     "boolean");
	}
}

/* Strings and enumerations: a JSON string first, then its value. */
static void string_and_enum_rules(void **state)
{
	static const char *const names[] = { "default", "bind", NULL };
	struct v v;
	const struct vnuma__opt *o;
	const char *s = NULL;
	int e = -1;

	(void)state;
	o = member(&v, "{\"k\":\"bind\"}", "k");
	assert_int_equal(vnuma__get_enum(&v.o, o, QOBJ, names, "P", &e, &v.e),
			 0);
	assert_int_equal(e, 1);
	assert_int_equal(vnuma__get_str(&v.o, o, QOBJ, &s, &v.e), 0);
	assert_string_equal(s, "bind");
	done(&v);
	o = member(&v, "{\"k\":1}", "k");
	expect_error(&v, vnuma__get_enum(&v.o, o, QOBJ, names, "P", &e, &v.e),
		     VNUMA_E_SYNTAX, "opts.bad-type",
		     "Invalid parameter type for 'k', expected: string");
	o = member(&v, "{\"k\":\"strict\"}", "k");
	expect_error(&v, vnuma__get_enum(&v.o, o, QOBJ, names, "P", &e, &v.e),
		     VNUMA_E_SYNTAX, "opts.bad-enum",
		     "Parameter 'k' does not accept value 'strict'");
	o = member(&v, "{\"k\":[\"a\"]}", "k");
	expect_error(&v, vnuma__get_str(&v.o, o, QOBJ, &s, &v.e),
		     VNUMA_E_SYNTAX, "opts.bad-type",
		     "Invalid parameter type for 'k', expected: string");
}

static int get_list(const char *text, uint64_t **out, size_t *n, struct v *v)
{
	memset(v, 0, sizeof(*v));
	parse_ok(&v->o, text);
	*out = NULL;
	*n = 0;
	return vnuma__get_uint_list(&v->o, "host-nodes", QOBJ, 16, out, n,
				    &v->e);
}

/* Lists are arrays; each element a uint64 narrowed to the element type. */
static void list_rule(void **state)
{
	struct v v;
	uint64_t *l;
	size_t n;

	(void)state;
	assert_int_equal(get_list("{\"host-nodes\":[3,0,3]}", &l, &n, &v), 0);
	assert_int_equal(n, 3);
	assert_int_equal(l[0], 3);
	assert_int_equal(l[1], 0);
	free(l);
	done(&v);
	assert_int_equal(get_list("{\"host-nodes\":[]}", &l, &n, &v), 0);
	assert_int_equal(n, 0);
	free(l);
	done(&v);
	assert_int_equal(get_list("{\"x\":[1]}", &l, &n, &v), 0);
	assert_int_equal(n, 0);
	free(l);
	done(&v);
	expect_error(&v, get_list("{\"host-nodes\":0}", &l, &n, &v),
		     VNUMA_E_SYNTAX, "opts.bad-type",
		     "Invalid parameter type for 'host-nodes', expected: "
		     "array");
	free(l);
	expect_error(&v, get_list("{\"host-nodes\":\"0-1\"}", &l, &n, &v),
		     VNUMA_E_SYNTAX, "opts.bad-type",
		     "Invalid parameter type for 'host-nodes', expected: "
		     "array");
	free(l);
	expect_error(&v, get_list("{\"host-nodes\":[0,\"1\"]}", &l, &n, &v),
		     VNUMA_E_SYNTAX, "opts.bad-value",
		     "Parameter 'host-nodes[1]' expects uint64");
	free(l);
	expect_error(&v, get_list("{\"host-nodes\":[[0]]}", &l, &n, &v),
		     VNUMA_E_SYNTAX, "opts.bad-value",
		     "Parameter 'host-nodes[0]' expects uint64");
	free(l);
	expect_error(&v, get_list("{\"host-nodes\":[70000]}", &l, &n, &v),
		     VNUMA_E_RANGE, "opts.out-of-range",
		     "Parameter 'null' expects uint16_t");
	free(l);
	expect_error(&v, get_list("{\"host-nodes\":[-1]}", &l, &n, &v),
		     VNUMA_E_RANGE, "opts.out-of-range",
		     "Parameter 'null' expects uint16_t");
	free(l);
}

/* Unknown members: "is unexpected"; array elements are no members. */
static void unknown_members(void **state)
{
	static const char *const allowed[] = { "id", "host-nodes", NULL };
	struct v v;
	const char *text = "{\"id\":\"x\",\"host-nodes\":[1,2],\"foo\":7}";

	(void)state;
	memset(&v, 0, sizeof(v));
	parse_ok(&v.o, text);
	assert_int_equal(vnuma__check_keys(&v.o, QOBJ, allowed, &v.e),
			 VNUMA_E_UNKNOWN);
	assert_string_equal(vnuma_error_key(v.e), "foo");
	assert_int_equal(vnuma_error_offset(v.e), strlen(text) - 2);
	expect_error(&v, VNUMA_E_UNKNOWN, VNUMA_E_UNKNOWN, "opts.unknown-key",
		     "Parameter 'foo' is unexpected");
	memset(&v, 0, sizeof(v));
	parse_ok(&v.o, "{\"id\":\"x\",\"host-nodes\":[1,2]}");
	assert_int_equal(vnuma__check_keys(&v.o, QOBJ, allowed, &v.e), 0);
	done(&v);
}

/* The visitor a JSON option is read with, whatever the caller's default. */
static void visitor_for_json(void **state)
{
	struct vnuma__opts o;

	(void)state;
	parse_ok(&o, "{}");
	assert_int_equal(vnuma__visitor_for(&o, VNUMA__VISIT_OPTS), QOBJ);
	vnuma__opts_fini(&o);
	assert_int_equal(vnuma__opts_parse(&o, "-object", "a,b=1",
					   &(const struct vnuma__syntax){
						   .mode = VNUMA__OPTS_QEMUOPTS,
						   .implied = "qom-type" },
					   NULL),
			 0);
	assert_int_equal(vnuma__visitor_for(&o, VNUMA__VISIT_OPTS),
			 VNUMA__VISIT_OPTS);
	vnuma__opts_fini(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(members_become_pairs),
		cmocka_unit_test(number_kinds),
		cmocka_unit_test(strings),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(long_keyword_kept_whole),
		cmocka_unit_test(nesting_limit),
		cmocka_unit_test(whitespace),
		cmocka_unit_test(uint_rule),
		cmocka_unit_test(size_rule),
		cmocka_unit_test(int_rule),
		cmocka_unit_test(bool_rule),
		cmocka_unit_test(string_and_enum_rules),
		cmocka_unit_test(list_rule),
		cmocka_unit_test(unknown_members),
		cmocka_unit_test(visitor_for_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
