/* SPDX-License-Identifier: MIT */
/*
 * Typed reads with each QEMU 7.2 visitor's wording. The message in each
 * check is what qemu-system-x86_64 7.2 printed for the option beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config/config_internal.h"
#include "parse/visit.h"

#define OPTS VNUMA__VISIT_OPTS
#define KEYVAL VNUMA__VISIT_KEYVAL
#define QEMUOPTS VNUMA__VISIT_QEMUOPTS
#define STRING VNUMA__VISIT_STRING

enum get { UINT, INT, SIZE, BOOL, SIZE_LEGACY };

struct t {
	struct vnuma__opts o;
	struct vnuma__warnings w;
	vnuma_error *err;
};

/* Parses text with the syntax QEMU's option table gives option. */
static void parse(struct t *t, const char *option, const char *text)
{
	const struct vnuma__qemu_option *q =
		vnuma__qemu_option_find(option + 1);

	assert_non_null(q);
	assert_true(q->flags & VNUMA__QOPT_SPLIT);
	memset(t, 0, sizeof(*t));
	assert_int_equal(vnuma__opts_parse_warn(&t->o, option, text,
						&q->syntax, &t->w, NULL), 0);
}

static void fini(struct t *t)
{
	vnuma__opts_fini(&t->o);
	vnuma__warnings_fini(&t->w);
	vnuma_error_free(t->err);
}

static int get(struct t *t, enum get g, const char *key,
	       enum vnuma__visitor v, unsigned bits, uint64_t *out)
{
	const struct vnuma__opt *opt = vnuma__opts_last(&t->o, key);
	int64_t i;
	bool b;
	int rc;

	assert_non_null(opt);
	switch (g) {
	case UINT:
		return vnuma__get_uint(&t->o, opt, v, bits, out, &t->err);
	case INT:
		rc = vnuma__get_int(&t->o, opt, v, bits, &i, &t->err);
		if (!rc)
			*out = (uint64_t)i;
		return rc;
	case SIZE:
		return vnuma__get_size_warn(&t->o, opt, v, &t->w, out,
					    &t->err);
	case SIZE_LEGACY:
		return vnuma__get_size_legacy(&t->o, opt, v, &t->w, out,
					      &t->err);
	default:
		rc = vnuma__get_bool(&t->o, opt, v, &b, &t->err);
		if (!rc)
			*out = b;
		return rc;
	}
}

/* The read fails with this status and message, located at the value. */
static void bad(const char *option, const char *text, enum get g,
		const char *key, enum vnuma__visitor v, unsigned bits,
		int status, const char *msg)
{
	const struct vnuma__opt *opt;
	struct t t;
	uint64_t out = 12345;

	parse(&t, option, text);
	opt = vnuma__opts_last(&t.o, key);
	assert_int_equal(get(&t, g, key, v, bits, &out), status);
	assert_int_equal(out, 12345); /* untouched on failure */
	assert_int_equal(vnuma_error_status(t.err), status);
	assert_string_equal(vnuma_error_message(t.err), msg);
	assert_string_equal(vnuma_error_key(t.err), key);
	assert_string_equal(vnuma_error_option(t.err), option);
	assert_int_equal(vnuma_error_offset(t.err), opt->val_off);
	fini(&t);
}

static uint64_t good(const char *option, const char *text, enum get g,
		     const char *key, enum vnuma__visitor v, unsigned bits)
{
	struct t t;
	uint64_t out = 0;

	parse(&t, option, text);
	assert_int_equal(get(&t, g, key, v, bits, &out), 0);
	assert_null(t.err);
	fini(&t);
	return out;
}

static void test_opts_visitor(void **state)
{
	(void)state;
	bad("-numa", "node,nodeid=70000", UINT, "nodeid", OPTS, 16,
	    VNUMA_E_RANGE, "Parameter 'nodeid' expects uint16_t");
	bad("-numa", "dist,src=0,dst=1,val=300", UINT, "val", OPTS, 8,
	    VNUMA_E_RANGE, "Parameter 'val' expects uint8_t");
	bad("-numa", "node,nodeid=abc", UINT, "nodeid", OPTS, 16,
	    VNUMA_E_SYNTAX, "Parameter 'nodeid' expects a uint64 value");
	bad("-numa", "node,nodeid=-1", UINT, "nodeid", OPTS, 16,
	    VNUMA_E_SYNTAX, "Parameter 'nodeid' expects a uint64 value");
	bad("-numa", "node,nodeid=", UINT, "nodeid", OPTS, 16,
	    VNUMA_E_SYNTAX, "Parameter 'nodeid' expects a uint64 value");
	bad("-numa", "node,nodeid=1 ", UINT, "nodeid", OPTS, 16,
	    VNUMA_E_SYNTAX, "Parameter 'nodeid' expects a uint64 value");
	bad("-numa", "node,nodeid=0x", UINT, "nodeid", OPTS, 16,
	    VNUMA_E_SYNTAX, "Parameter 'nodeid' expects a uint64 value");
	bad("-numa", "node,nodeid=18446744073709551616", UINT, "nodeid", OPTS,
	    16, VNUMA_E_SYNTAX, "Parameter 'nodeid' expects a uint64 value");
	/* last wins: -numa node,nodeid=0,nodeid=abc fails */
	bad("-numa", "node,nodeid=0,nodeid=abc", UINT, "nodeid", OPTS, 16,
	    VNUMA_E_SYNTAX, "Parameter 'nodeid' expects a uint64 value");
	/* -numa node,nosrc: src=off */
	bad("-numa", "dist,src=0,dst=1,val=20,nosrc", UINT, "src", OPTS, 16,
	    VNUMA_E_SYNTAX, "Parameter 'src' expects a uint64 value");
	/* -numa node,nodeid=010 is node 8 ("Node ID missing: 7") */
	assert_int_equal(good("-numa", "node,nodeid=010", UINT, "nodeid",
			      OPTS, 16), 8);
	assert_int_equal(good("-numa", "node,nodeid=0x10", UINT, "nodeid",
			      OPTS, 16), 16);
	assert_int_equal(good("-numa", "node,nodeid= 1", UINT, "nodeid",
			      OPTS, 16), 1);
	assert_int_equal(good("-numa", "node,nodeid=abc,nodeid=0", UINT,
			      "nodeid", OPTS, 16), 0);
	bad("-numa", "node,mem=abc", SIZE, "mem", OPTS, 64, VNUMA_E_SYNTAX,
	    "Parameter 'mem' expects a size value");
	bad("-numa", "node,mem=1.5", SIZE, "mem", OPTS, 64, VNUMA_E_SYNTAX,
	    "Parameter 'mem' expects a size value");
	bad("-object", "memory-backend-ram,id=m,size", SIZE, "size", OPTS, 64,
	    VNUMA_E_SYNTAX, "Parameter 'size' expects a size value");
	bad("-object", "memory-backend-ram,id=m,size=1G,share=abc", BOOL,
	    "share", OPTS, 1, VNUMA_E_SYNTAX,
	    "Parameter 'share' expects 'on' or 'off'");
	bad("-object", "memory-backend-ram,id=m,prealloc-threads=-1", UINT,
	    "prealloc-threads", OPTS, 32, VNUMA_E_SYNTAX,
	    "Parameter 'prealloc-threads' expects a uint64 value");
	assert_true(good("-object", "memory-backend-ram,id=m,share", BOOL,
			 "share", OPTS, 1));
	bad("-numa", "cpu,node-id=x", INT, "node-id", OPTS, 64,
	    VNUMA_E_SYNTAX, "Parameter 'node-id' expects an int64 value");
	assert_int_equal((int64_t)good("-numa", "cpu,socket-id=-2", INT,
				       "socket-id", OPTS, 64), -2);
}

static void test_keyval_visitor(void **state)
{
	(void)state;
	/* -smp cpus=abc, -smp 4,sockets=, -smp 4,sockets=1x */
	bad("-smp", "cpus=abc", INT, "cpus", KEYVAL, 64, VNUMA_E_SYNTAX,
	    "Parameter 'smp.cpus' expects integer");
	bad("-smp", "4,sockets=", INT, "sockets", KEYVAL, 64, VNUMA_E_SYNTAX,
	    "Parameter 'smp.sockets' expects integer");
	bad("-smp", "4,sockets=1x", INT, "sockets", KEYVAL, 64,
	    VNUMA_E_SYNTAX, "Parameter 'smp.sockets' expects integer");
	assert_int_equal(good("-smp", "4,maxcpus=0x10", INT, "maxcpus",
			      KEYVAL, 64), 16);
	assert_int_equal((int64_t)good("-smp", "4,cpus=-1", INT, "cpus",
				       KEYVAL, 64), -1);
	/* -machine q35,hmat=abc and max-ram-below-4g=abc */
	bad("-machine", "q35,hmat=abc", BOOL, "hmat", KEYVAL, 1,
	    VNUMA_E_SYNTAX, "Parameter 'hmat' expects 'on' or 'off'");
	bad("-machine", "q35,max-ram-below-4g=1.5", SIZE, "max-ram-below-4g",
	    KEYVAL, 64, VNUMA_E_SYNTAX,
	    "Parameter 'max-ram-below-4g' expects size");
	/* -device pc-dimm,node=abc / node=-1 / node=5000000000 */
	bad("-device", "pc-dimm,node=abc", UINT, "node", STRING, 32,
	    VNUMA_E_SYNTAX, "Parameter 'node' expects integer");
	bad("-device", "pc-dimm,node=1.5", UINT, "node", STRING, 32,
	    VNUMA_E_SYNTAX, "Parameter 'node' expects integer");
	bad("-device", "pc-dimm,node=-1", UINT, "node", STRING, 32,
	    VNUMA_E_RANGE, "Parameter 'node' expects uint32_t");
	bad("-device", "pc-dimm,node=5000000000", UINT, "node", STRING, 32,
	    VNUMA_E_RANGE, "Parameter 'node' expects uint32_t");
	assert_int_equal(good("-device", "pc-dimm,node=0x10", UINT, "node",
			      STRING, 32), 16);
}

static void test_qemuopts_visitor(void **state)
{
	const char *hint = "Optional suffix k, M, G, T, P or E means kilo-, "
			   "mega-, giga-, tera-, peta-\nand exabytes, "
			   "respectively.\n";
	struct t t;
	uint64_t v;

	(void)state;
	bad("-m", "abc", SIZE, "size", QEMUOPTS, 64, VNUMA_E_SYNTAX,
	    "Parameter 'size' expects a non-negative number below 2^64");
	bad("-m", "size=", SIZE, "size", QEMUOPTS, 64, VNUMA_E_SYNTAX,
	    "Parameter 'size' expects a non-negative number below 2^64");
	bad("-m", "99999999999999999999", SIZE, "size", QEMUOPTS, 64,
	    VNUMA_E_RANGE,
	    "Value '99999999999999999999' is out of range for parameter "
	    "'size'");
	bad("-m", "1G,slots=x", UINT, "slots", QEMUOPTS, 64, VNUMA_E_SYNTAX,
	    "Parameter 'slots' expects a number");
	bad("-m", "1G,slots=99999999999999999999", UINT, "slots", QEMUOPTS,
	    64, VNUMA_E_RANGE,
	    "Value '99999999999999999999' is too large for parameter "
	    "'slots'");
	parse(&t, "-m", "1G,maxmem=abc");
	assert_int_equal(get(&t, SIZE, "maxmem", QEMUOPTS, 64, &v),
			 VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_hint(t.err), hint);
	fini(&t);
}

static void test_size_legacy(void **state)
{
	struct t t;
	uint64_t v;

	(void)state;
	/* -M pc-i440fx-5.0 -m 8G -numa node,mem=X: "size: 8192 MB" */
	assert_true(good("-numa", "node,mem=8192", SIZE_LEGACY, "mem", OPTS,
			 64) == UINT64_C(8) << 30);
	assert_true(good("-numa", "node,mem=0x2000", SIZE_LEGACY, "mem", OPTS,
			 64) == UINT64_C(8) << 30);
	assert_true(good("-numa", "node,mem=8192.0", SIZE_LEGACY, "mem", OPTS,
			 64) == UINT64_C(8) << 30);
	bad("-numa", "node,mem=8191.5", SIZE_LEGACY, "mem", OPTS, 64,
	    VNUMA_E_SYNTAX, "Parameter 'mem' expects a size value");
	/* QEMU keeps the byte count here; vnuma refuses */
	bad("-numa", "node,mem=18446744073709551615", SIZE_LEGACY, "mem",
	    OPTS, 64, VNUMA_E_RANGE, "Parameter 'mem' expects a size value");
	/* -m 17592186044416 */
	bad("-m", "17592186044416", SIZE_LEGACY, "size", QEMUOPTS, 64,
	    VNUMA_E_RANGE, "Parameter 'memory.size' expects size");
	assert_true(good("-m", "0x1f", SIZE_LEGACY, "size", QEMUOPTS, 64) ==
		    0x1f);
	assert_true(good("-m", "1024", SIZE_LEGACY, "size", QEMUOPTS, 64) ==
		    UINT64_C(1) << 30);
	/* -numa node,mem=0x2000M warns twice, -m 0x10 once (as "0x10M") */
	parse(&t, "-numa", "node,mem=0x2000M");
	assert_int_equal(get(&t, SIZE_LEGACY, "mem", OPTS, 64, &v), 0);
	assert_int_equal(t.w.n, 2);
	assert_string_equal(vnuma_error_message(t.w.v[0]),
			    "Using a multiplier suffix on hex numbers is "
			    "deprecated: 0x2000M");
	fini(&t);
	parse(&t, "-m", "0x10");
	assert_int_equal(get(&t, SIZE_LEGACY, "size", QEMUOPTS, 64, &v), 0);
	assert_true(v == UINT64_C(16) << 20);
	assert_int_equal(t.w.n, 1);
	assert_string_equal(vnuma_error_message(t.w.v[0]),
			    "Using a multiplier suffix on hex numbers is "
			    "deprecated: 0x10M");
	fini(&t);
}

static void test_uint_list(void **state)
{
	struct t t;
	uint64_t *v = NULL;
	size_t n = 0;

	(void)state;
	parse(&t, "-numa", "node,cpus=0-2,cpus=5,nodeid=0,cpus=0x8-9");
	assert_int_equal(vnuma__get_uint_list(&t.o, "cpus", OPTS, 16, &v, &n,
					      &t.err), 0);
	assert_int_equal(n, 6);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[2], 2);
	assert_int_equal(v[3], 5);
	assert_int_equal(v[4], 8);
	assert_int_equal(v[5], 9);
	free(v);
	fini(&t);

	static const struct {
		const char *text, *msg;
		int status;
	} bads[] = {
		{ "node,cpus=0-70000",
		  "Parameter 'cpus' expects a uint64 value or range",
		  VNUMA_E_SYNTAX },
		{ "node,cpus=0-65536",
		  "Parameter 'cpus' expects a uint64 value or range",
		  VNUMA_E_SYNTAX },
		{ "node,cpus=3-1",
		  "Parameter 'cpus' expects a uint64 value or range",
		  VNUMA_E_SYNTAX },
		{ "node,cpus=1-",
		  "Parameter 'cpus' expects a uint64 value or range",
		  VNUMA_E_SYNTAX },
		{ "node,cpus=-1",
		  "Parameter 'cpus' expects a uint64 value or range",
		  VNUMA_E_SYNTAX },
		{ "node,cpus=abc",
		  "Parameter 'cpus' expects a uint64 value or range",
		  VNUMA_E_SYNTAX },
		{ "node,cpus=70000", "Parameter 'null' expects uint16_t",
		  VNUMA_E_RANGE },
		{ "node,cpus=0-1,cpus=70000",
		  "Parameter 'null' expects uint16_t", VNUMA_E_RANGE },
		{ "node,cpus=65535-65536", "Parameter 'null' expects uint16_t",
		  VNUMA_E_RANGE },
	};
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		v = NULL;
		n = 0;
		parse(&t, "-numa", bads[i].text);
		assert_int_equal(vnuma__get_uint_list(&t.o, "cpus", OPTS, 16,
						      &v, &n, &t.err),
				 bads[i].status);
		assert_string_equal(vnuma_error_message(t.err), bads[i].msg);
		assert_string_equal(vnuma_error_key(t.err), "cpus");
		free(v);
		fini(&t);
	}
	/* 0-65535 is a valid range (QEMU goes on to check maxcpus) */
	parse(&t, "-numa", "node,cpus=0-65535");
	v = NULL;
	n = 0;
	assert_int_equal(vnuma__get_uint_list(&t.o, "cpus", OPTS, 16, &v, &n,
					      &t.err), 0);
	assert_int_equal(n, 65536);
	free(v);
	fini(&t);
}

static void test_enum(void **state)
{
	static const char *const types[] = { "node", "dist", "cpu",
					     "hmat-lb", "hmat-cache", NULL };
	static const char *const hier[] = { "memory", "first-level",
					    "second-level", "third-level",
					    NULL };
	struct t t;
	int idx = -1;

	(void)state;
	parse(&t, "-numa", "dist,src=0");
	assert_int_equal(vnuma__get_enum(&t.o, vnuma__opts_last(&t.o, "type"),
					 OPTS, types, "NumaOptionsType", &idx,
					 &t.err), 0);
	assert_int_equal(idx, 1);
	fini(&t);
	/* -numa bogus, -numa help, -numa hmat-lb,...,hierarchy=bogus */
	parse(&t, "-numa", "bogus");
	assert_int_equal(vnuma__get_enum(&t.o, vnuma__opts_last(&t.o, "type"),
					 OPTS, types, "NumaOptionsType", &idx,
					 &t.err), VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_message(t.err),
			    "Parameter 'type' does not accept value 'bogus'");
	assert_string_equal(vnuma_error_check(t.err), "opts.bad-enum");
	fini(&t);
	parse(&t, "-numa", "help");
	assert_int_equal(vnuma__get_enum(&t.o, vnuma__opts_last(&t.o, "type"),
					 OPTS, types, "NumaOptionsType", &idx,
					 &t.err), VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_message(t.err),
			    "Parameter 'type' does not accept value 'help'");
	fini(&t);
	parse(&t, "-numa", "hmat-lb,initiator=0,target=0,hierarchy=bogus");
	assert_int_equal(vnuma__get_enum(&t.o,
					 vnuma__opts_last(&t.o, "hierarchy"),
					 OPTS, hier, "HmatLBMemoryHierarchy",
					 &idx, &t.err), VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_message(t.err),
			    "Parameter 'hierarchy' does not accept value "
			    "'bogus'");
	assert_int_equal(vnuma_error_offset(t.err), 39);
	fini(&t);
}

static void check(const char *option, const char *text,
		  enum vnuma__visitor v, const char *const *allowed,
		  int status, const char *check_id, const char *msg)
{
	struct t t;

	parse(&t, option, text);
	assert_int_equal(vnuma__check_keys(&t.o, v, allowed, &t.err), status);
	if (status) {
		assert_string_equal(vnuma_error_check(t.err), check_id);
		assert_string_equal(vnuma_error_message(t.err), msg);
	} else {
		assert_null(t.err);
	}
	fini(&t);
}

static void test_check_keys(void **state)
{
	static const char *const node[] = { "type", "nodeid", "cpus", "mem",
					    "memdev", "initiator", NULL };
	static const char *const smp[] = { "cpus", "sockets", "dies",
					   "clusters", "cores", "threads",
					   "maxcpus", NULL };
	static const char *const mem[] = { "size", "slots", "maxmem", NULL };
	static const char *const dimm[] = { "node", "memdev", "addr", "slot",
					    NULL };
	static const char *const backend[] = { "qom-type", "id", "size",
					       NULL };

	(void)state;
	check("-numa", "node,nodeid=0,cpus=1", OPTS, node, 0, NULL, NULL);
	check("-numa", "node,foo=1", OPTS, node, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Invalid parameter 'foo'");
	check("-numa", "node,help", OPTS, node, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Invalid parameter 'help'");
	check("-numa", "node,mem=1G,share", OPTS, node, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Invalid parameter 'share'");
	check("-numa", "node,id=x", OPTS, node, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Invalid parameter 'id'");
	check("-numa", "node,noid", OPTS, node, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Invalid parameter 'id'");
	check("-object", "memory-backend-ram,id=m,size=1G", OPTS, backend, 0,
	      NULL, NULL);
	check("-object", "memory-backend-ram,id=m,size=1G,a.b=1", OPTS,
	      backend, VNUMA_E_UNKNOWN, "opts.unknown-key",
	      "Invalid parameter 'a.b'");
	check("-smp", "4,foo=1", KEYVAL, smp, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Parameter 'smp.foo' is unexpected");
	check("-smp", "4,a.b=1", KEYVAL, smp, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Parameter 'smp.a' is unexpected");
	check("-m", "1G,foo=1", QEMUOPTS, mem, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Invalid parameter 'foo'");
	check("-m", "1G,help", QEMUOPTS, mem, VNUMA_E_UNSUPPORTED,
	      "opts.help", "Help is not available for this option");
	check("-device", "pc-dimm,foo=1", STRING, dimm, VNUMA_E_UNKNOWN,
	      "opts.unknown-key", "Property 'pc-dimm.foo' not found");
	check("-device", "pc-dimm,node=0,bus=x", STRING, dimm, 0, NULL, NULL);
}

static void test_qemuopts_validate(void **state)
{
	static const struct vnuma__optdesc mem[] = {
		{ "size", VNUMA__OPTTYPE_SIZE },
		{ "slots", VNUMA__OPTTYPE_NUMBER },
		{ "maxmem", VNUMA__OPTTYPE_SIZE },
		{ NULL, VNUMA__OPTTYPE_STRING },
	};
	static const struct {
		const char *text, *msg;
		int status;
	} cases[] = {
		/* -m 1G,foo=1,help: the unknown key first */
		{ "1G,foo=1,help", "Invalid parameter 'foo'",
		  VNUMA_E_UNKNOWN },
		{ "1G,help,foo=1", "Help is not available for this option",
		  VNUMA_E_UNSUPPORTED },
		/* -m 1G,slots: warns, then */
		{ "1G,slots", "Parameter 'slots' expects a number",
		  VNUMA_E_SYNTAX },
		/* -m size=1G,nomaxmem */
		{ "size=1G,nomaxmem",
		  "Parameter 'maxmem' expects a non-negative number below 2^64",
		  VNUMA_E_SYNTAX },
		{ "1G,slots=x,foo=1", "Parameter 'slots' expects a number",
		  VNUMA_E_SYNTAX },
		{ "1.5", "Parameter 'size' expects a non-negative number "
			 "below 2^64", VNUMA_E_SYNTAX },
		{ "16777216T", "Value '16777216T' is out of range for "
			       "parameter 'size'", VNUMA_E_RANGE },
	};
	struct t t;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(&t, "-m", cases[i].text);
		assert_int_equal(vnuma__qemuopts_validate(&t.o, mem, &t.err),
				 cases[i].status);
		assert_string_equal(vnuma_error_message(t.err), cases[i].msg);
		fini(&t);
	}
	parse(&t, "-m", "1G,slots=2,maxmem=4G");
	assert_int_equal(vnuma__qemuopts_validate(&t.o, mem, &t.err), 0);
	fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opts_visitor),
		cmocka_unit_test(test_keyval_visitor),
		cmocka_unit_test(test_qemuopts_visitor),
		cmocka_unit_test(test_size_legacy),
		cmocka_unit_test(test_uint_list),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_qemuopts_validate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
