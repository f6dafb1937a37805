/* SPDX-License-Identifier: MIT */
/*
 * The two option grammars of QEMU 7.2. Every message was seen from
 * qemu-system-x86_64 7.2 with the option in the comment next to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "parse/opts.h"

#define QO(implied_key)                                   \
	(&(const struct vnuma__syntax){ .mode = VNUMA__OPTS_QEMUOPTS, \
					.implied = implied_key })
#define KV(implied_key)                                 \
	(&(const struct vnuma__syntax){ .mode = VNUMA__OPTS_KEYVAL, \
					.implied = implied_key })
/* -m's list: it merges all occurrences, and describes its keys. */
#define MEM                                                           \
	(&(const struct vnuma__syntax){ .mode = VNUMA__OPTS_QEMUOPTS,     \
					.implied = "size", .merges = true, \
					.described = true })

struct res {
	struct vnuma__opts o;
	struct vnuma__warnings w;
	vnuma_error *err;
	int rc;
};

static void run(struct res *r, const char *option, const char *text,
		const struct vnuma__syntax *syn)
{
	memset(r, 0, sizeof(*r));
	r->rc = vnuma__opts_parse_warn(&r->o, option, text, syn, &r->w,
				       &r->err);
}

static void done(struct res *r)
{
	vnuma__opts_fini(&r->o);
	vnuma__warnings_fini(&r->w);
	vnuma_error_free(r->err);
}

static void expect_error(const char *option, const char *text,
			 const struct vnuma__syntax *syn, int status,
			 const char *check, const char *msg)
{
	struct res r;

	run(&r, option, text, syn);
	assert_int_equal(r.rc, status);
	assert_non_null(r.err);
	assert_int_equal(vnuma_error_status(r.err), status);
	assert_string_equal(vnuma_error_check(r.err), check);
	assert_string_equal(vnuma_error_message(r.err), msg);
	assert_string_equal(vnuma_error_option(r.err), option);
	assert_string_equal(vnuma_error_text(r.err), text);
	assert_int_equal(r.o.n, 0); /* nothing left allocated */
	assert_null(r.o.v);
	done(&r);
}

static void expect_pair(const struct vnuma__opts *o, size_t i,
			const char *key, const char *value)
{
	assert_true(i < o->n);
	assert_string_equal(o->v[i].key, key);
	assert_string_equal(o->v[i].value, value);
}

static void expect_warning(const struct res *r, size_t i, const char *msg,
			   const char *hint)
{
	assert_true(i < r->w.n);
	assert_string_equal(vnuma_error_message(r->w.v[i]), msg);
	assert_string_equal(vnuma_error_hint(r->w.v[i]), hint);
	assert_string_equal(vnuma_error_check(r->w.v[i]),
			    "opts.short-form-boolean");
}

static void test_qemuopts_basic(void **state)
{
	struct res r;

	(void)state;
	run(&r, "-numa", "node,nodeid=1,cpus=0-1,cpus=3", QO("type"));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.n, 4);
	expect_pair(&r.o, 0, "type", "node");
	assert_true(r.o.v[0].implied);
	assert_int_equal(r.o.v[0].val_off, 0);
	assert_int_equal(r.o.v[0].val_len, 4);
	expect_pair(&r.o, 1, "nodeid", "1");
	assert_int_equal(r.o.v[1].key_off, 5);
	assert_int_equal(r.o.v[1].val_off, 12);
	assert_string_equal(vnuma__opts_last(&r.o, "cpus")->value, "3");
	assert_null(vnuma__opts_last(&r.o, "mem"));
	assert_int_equal(r.w.n, 0);
	done(&r);
}

static void test_qemuopts_escapes(void **state)
{
	struct res r;

	(void)state;
	/* -numa node,,nodeid=0: "does not accept value 'node,nodeid=0'" */
	run(&r, "-numa", "node,,nodeid=0", QO("type"));
	assert_int_equal(r.o.n, 1);
	expect_pair(&r.o, 0, "type", "node,nodeid=0");
	assert_int_equal(r.o.v[0].val_len, 14);
	done(&r);
	/* -numa node,,,x: type 'node,' and a flag x */
	run(&r, "-numa", "node,,,x", QO("type"));
	assert_int_equal(r.o.n, 2);
	expect_pair(&r.o, 0, "type", "node,");
	expect_pair(&r.o, 1, "x", "on");
	expect_warning(&r, 0, "short-form boolean option 'x' deprecated",
		       "Please use x=on instead\n");
	done(&r);
	run(&r, "-numa", "node,mem=1,,2,", QO("type"));
	assert_int_equal(r.o.n, 2);
	expect_pair(&r.o, 1, "mem", "1,2");
	done(&r);
	/* -numa ,nodeid=0: "does not accept value ''" */
	run(&r, "-numa", ",nodeid=0", QO("type"));
	expect_pair(&r.o, 0, "type", "");
	done(&r);
	/* -numa node,=5: "Invalid parameter ''" */
	run(&r, "-numa", "node,=5", QO("type"));
	expect_pair(&r.o, 1, "", "5");
	done(&r);
	/* -numa '': "Parameter 'type' is missing" */
	run(&r, "-numa", "", QO("type"));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.n, 0);
	done(&r);
}

static void test_qemuopts_flags(void **state)
{
	struct res r;

	(void)state;
	/* -numa node,nodeid: warns, then "Invalid parameter 'deid'" */
	run(&r, "-numa", "node,nodeid", QO("type"));
	assert_int_equal(r.rc, 0);
	expect_pair(&r.o, 1, "deid", "off");
	assert_true(r.o.v[1].flag);
	assert_int_equal(r.o.v[1].key_off, 5);
	assert_int_equal(r.o.v[1].key_len, 6);
	expect_warning(&r, 0, "short-form boolean option 'nodeid' deprecated",
		       "Please use deid=off instead\n");
	done(&r);
	/* -numa node,x,,y: warnings for 'x', '' and 'y' */
	run(&r, "-numa", "node,x,,y", QO("type"));
	assert_int_equal(r.o.n, 4);
	assert_int_equal(r.w.n, 3);
	expect_warning(&r, 1, "short-form boolean option '' deprecated",
		       "Please use =on instead\n");
	done(&r);
	/* -m 1G,nodelay: "Please use nodelay=on instead" */
	run(&r, "-m", "1G,nodelay", MEM);
	expect_pair(&r.o, 1, "delay", "off");
	expect_warning(&r, 0, "short-form boolean option 'nodelay' deprecated",
		       "Please use nodelay=on instead\n");
	done(&r);
	/* -numa node,help: no warning, then "Invalid parameter 'help'" */
	run(&r, "-numa", "node,help", QO("type"));
	assert_int_equal(r.w.n, 0);
	expect_pair(&r.o, 1, "help", "on");
	assert_true(r.o.v[1].help);
	assert_true(r.o.help);
	done(&r);
	/* -numa help: "Parameter 'type' does not accept value 'help'" */
	run(&r, "-numa", "help", QO("type"));
	expect_pair(&r.o, 0, "type", "help");
	assert_false(r.o.help);
	done(&r);
	/* -numa id=n1,node: node is a flag there (de=off) */
	run(&r, "-numa", "id=n1,node", QO("type"));
	expect_pair(&r.o, 0, "de", "off");
	assert_string_equal(r.o.id, "n1");
	done(&r);
}

static void test_qemuopts_id(void **state)
{
	struct res r;

	(void)state;
	/* -numa node,id=x: parses; the visitor then says 'id' is invalid */
	run(&r, "-numa", "node,id=x", QO("type"));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.n, 1);
	assert_string_equal(r.o.id, "x");
	assert_int_equal(r.o.id_off, 8);
	done(&r);
	/* -numa node,id=a,id=1: the first id wins, and is fine */
	run(&r, "-numa", "node,id=a,id=1", QO("type"));
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.o.id, "a");
	done(&r);
	/* -numa node,noid: id "off" */
	run(&r, "-numa", "node,noid", QO("type"));
	assert_string_equal(r.o.id, "off");
	assert_int_equal(r.o.n, 1);
	done(&r);
	/* QEMU's id scan knows no implied key */
	run(&r, "-numa", "a,,id=x", QO("type"));
	assert_string_equal(r.o.id, "x");
	expect_pair(&r.o, 0, "type", "a,id=x");
	done(&r);
	/* -numa node,x,id=1: the id error comes before any warning */
	run(&r, "-numa", "node,x,id=1", QO("type"));
	assert_int_equal(r.rc, VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_hint(r.err),
			    "Identifiers consist of letters, digits, '-', "
			    "'.', '_', starting with a letter.\n");
	assert_string_equal(vnuma_error_key(r.err), "id");
	assert_int_equal(vnuma_error_offset(r.err), 10);
	assert_int_equal(r.w.n, 0);
	done(&r);
	expect_error("-numa", "node,id=1,id=a", QO("type"), VNUMA_E_SYNTAX,
		     "opts.id-invalid", "Parameter 'id' expects an identifier");
	/* -m 1G,x,id=1 */
	expect_error("-m", "1G,x,id=1", MEM, VNUMA_E_UNKNOWN,
		     "opts.id-not-allowed", "Invalid parameter 'id'");
}

/*
 * What a QemuOpts list does with "id" and "help" is the list's rule, given
 * by its syntax, whatever the option is spelled: "--m" is -m
 * (--m 1G,id=x: "Invalid parameter 'id'").
 */
static void test_list_rules(void **state)
{
	struct res r;

	(void)state;
	expect_error("--m", "1G,id=x", MEM, VNUMA_E_UNKNOWN,
		     "opts.id-not-allowed", "Invalid parameter 'id'");
	/* a list that does not merge keeps the id */
	run(&r, "-m", "1G,id=x", QO("size"));
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.o.id, "x");
	done(&r);
	/* --m 1G,help,share: help ends a described list, share is not warned */
	run(&r, "--m", "1G,help,share", MEM);
	assert_int_equal(r.rc, 0);
	assert_true(r.o.help);
	assert_int_equal(r.w.n, 0);
	done(&r);
	run(&r, "-m", "1G,help,share", QO("size"));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.w.n, 1);
	done(&r);
}

static void test_keyval_errors(void **state)
{
	char key[200], text[260];

	(void)state;
	expect_error("-smp", "4,sockets", KV("cpus"), VNUMA_E_SYNTAX,
		     "opts.expected-equals",
		     "Expected '=' after parameter 'sockets'");
	expect_error("-machine", "q35,,x", KV("type"), VNUMA_E_SYNTAX,
		     "opts.invalid-key", "Invalid parameter ''");
	expect_error("-smp", ",cpus=2", KV("cpus"), VNUMA_E_SYNTAX,
		     "opts.invalid-key", "Invalid parameter ''");
	expect_error("-machine", "=q35", KV("type"), VNUMA_E_SYNTAX,
		     "opts.invalid-key", "Invalid parameter ''");
	expect_error("-machine", "q35,,", KV("type"), VNUMA_E_SYNTAX,
		     "opts.invalid-key", "Invalid parameter ''");
	expect_error("-machine", "q35,a..b=1", KV("type"), VNUMA_E_SYNTAX,
		     "opts.invalid-key", "Invalid parameter 'a..b'");
	expect_error("-machine", "q35,1=1", KV("type"), VNUMA_E_SYNTAX,
		     "opts.invalid-key", "Invalid parameter '1'");
	expect_error("-machine", "q35,hmat", KV("type"), VNUMA_E_SYNTAX,
		     "opts.expected-equals",
		     "Expected '=' after parameter 'hmat'");
	expect_error("-machine", "q35,?,x", KV("type"), VNUMA_E_SYNTAX,
		     "opts.expected-equals",
		     "Expected '=' after parameter 'x'");
	expect_error("-smp", "4,cpus.x=1", KV("cpus"), VNUMA_E_SYNTAX,
		     "opts.inconsistent",
		     "Parameters 'cpus.*' used inconsistently");
	expect_error("-machine", "q35,a=1,a.b=2", KV("type"), VNUMA_E_SYNTAX,
		     "opts.inconsistent",
		     "Parameters 'a.*' used inconsistently");
	expect_error("-machine", "q35,x.b=1,x.b.c=1", KV("type"),
		     VNUMA_E_SYNTAX, "opts.inconsistent",
		     "Parameters 'x.b.*' used inconsistently");
	expect_error("-machine", "q35,x.0=1,x.y=1", KV("type"),
		     VNUMA_E_SYNTAX, "opts.inconsistent",
		     "Parameters 'x.*' used inconsistently");
	expect_error("-machine", "q35,a.1=1", KV("type"), VNUMA_E_SYNTAX,
		     "opts.list-gap", "Parameter 'a.0' missing");
	expect_error("-machine", "q35,x.0=1,x.2=1", KV("type"),
		     VNUMA_E_SYNTAX, "opts.list-gap",
		     "Parameter 'x.1' missing");
	expect_error("-machine", "q35,x.9999999999999=1", KV("type"),
		     VNUMA_E_SYNTAX, "opts.list-gap",
		     "Parameter 'x.0' missing");
	/* -smp help, -machine help: QEMU lists; vnuma cannot */
	expect_error("-smp", "4,help", KV("cpus"), VNUMA_E_UNSUPPORTED,
		     "opts.help", "Help is not available for this option");
	expect_error("-machine", "help,x=1", KV("type"), VNUMA_E_UNSUPPORTED,
		     "opts.help", "Help is not available for this option");
	memset(key, 'a', 128);
	key[128] = '\0';
	snprintf(text, sizeof(text), "q35,%s=1", key);
	snprintf(key + 128, sizeof(key) - 128, "' is too long");
	{
		char msg[260];

		snprintf(msg, sizeof(msg), "Parameter '%s", key);
		expect_error("-machine", text, KV("type"), VNUMA_E_SYNTAX,
			     "opts.key-too-long", msg);
		snprintf(text, sizeof(text), "q35,x.%.128s=1", key);
		snprintf(msg, sizeof(msg), "Parameter fragment '%s", key);
		expect_error("-machine", text, KV("type"), VNUMA_E_SYNTAX,
			     "opts.key-too-long", msg);
	}
}

static void test_keyval_ok(void **state)
{
	struct res r;

	(void)state;
	run(&r, "-smp", "4,sockets=1,sockets=2", KV("cpus"));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.n, 3);
	expect_pair(&r.o, 0, "cpus", "4");
	assert_true(r.o.v[0].implied);
	assert_string_equal(vnuma__opts_last(&r.o, "sockets")->value, "2");
	assert_int_equal(vnuma__opts_last(&r.o, "sockets")->val_off, 20);
	done(&r);
	/* -machine q35,a=1,,b: a is "1,b" (then an unknown property) */
	run(&r, "-machine", "q35,a=1,,b", KV("type"));
	assert_int_equal(r.rc, 0);
	expect_pair(&r.o, 1, "a", "1,b");
	done(&r);
	/* -machine q35=1: an element with '=' is never the implied key */
	run(&r, "-machine", "q35=1", KV("type"));
	expect_pair(&r.o, 0, "q35", "1");
	done(&r);
	run(&r, "-machine", "q35,", KV("type"));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.n, 1);
	done(&r);
	run(&r, "-machine", "", KV("type"));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.o.n, 0);
	done(&r);
	run(&r, "-machine", "type=,x.0=a,x.1=b,__com.redhat_y=1", KV("type"));
	assert_int_equal(r.rc, 0);
	expect_pair(&r.o, 0, "type", "");
	expect_pair(&r.o, 3, "__com.redhat_y", "1");
	done(&r);
	/* keyval has no short-form booleans: the error above, no warning */
	run(&r, "-smp", "4,sockets", KV("cpus"));
	assert_int_equal(r.w.n, 0);
	done(&r);
}

static void test_loc(void **state)
{
	struct res r;
	struct vnuma__loc loc;

	(void)state;
	run(&r, "-numa", "node,mem=1G", QO("type"));
	loc = vnuma__opts_loc(&r.o, &r.o.v[1]);
	assert_string_equal(loc.option, "-numa");
	assert_string_equal(loc.key, "mem");
	assert_int_equal(loc.offset, 9);
	assert_int_equal(loc.length, 2);
	loc = vnuma__opts_loc(&r.o, NULL);
	assert_null(loc.key);
	assert_int_equal(loc.length, 11);
	done(&r);
	assert_int_equal(vnuma__opts_parse(NULL, "-numa", "", QO(NULL), NULL),
			 VNUMA_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemuopts_basic),
		cmocka_unit_test(test_list_rules),
		cmocka_unit_test(test_qemuopts_escapes),
		cmocka_unit_test(test_qemuopts_flags),
		cmocka_unit_test(test_qemuopts_id),
		cmocka_unit_test(test_keyval_errors),
		cmocka_unit_test(test_keyval_ok),
		cmocka_unit_test(test_loc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
