/* SPDX-License-Identifier: MIT */
/* vnuma_config_new/add/free: options checked, kept in order, as spelled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "config/config_internal.h"

static vnuma_config *new_config(void)
{
	vnuma_config *cfg = NULL;

	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	assert_non_null(cfg);
	return cfg;
}

static void expect_error(vnuma_error *e, int status, const char *check,
			 const char *option, const char *message)
{
	assert_non_null(e);
	assert_int_equal(vnuma_error_status(e), status);
	assert_string_equal(vnuma_error_check(e), check);
	if (option)
		assert_string_equal(vnuma_error_option(e), option);
	else
		assert_null(vnuma_error_option(e));
	assert_string_equal(vnuma_error_message(e), message);
	vnuma_error_free(e);
}

static void new_defaults(void **state)
{
	vnuma_config *cfg = new_config();

	(void)state;
	assert_int_equal(cfg->max_nodes, 128);
	assert_int_equal(cfg->split_ram, VNUMA_SPLIT_RAM_NONE);
	assert_int_equal(cfg->n, 0);
	assert_int_equal(vnuma_config_warning_count(cfg), 0);
	assert_null(vnuma_config_warning(cfg, 0));
	vnuma_config_free(cfg);
}

static void new_takes_options(void **state)
{
	vnuma_config_options o = VNUMA_CONFIG_OPTIONS_INIT;
	vnuma_config *cfg = NULL;

	(void)state;
	o.max_nodes = VNUMA_MAX_NODES_LIMIT;
	o.split_ram = VNUMA_SPLIT_RAM_LEGACY;
	assert_int_equal(vnuma_config_new(&cfg, &o, NULL), VNUMA_OK);
	assert_int_equal(cfg->max_nodes, VNUMA_MAX_NODES_LIMIT);
	assert_int_equal(cfg->split_ram, VNUMA_SPLIT_RAM_LEGACY);
	vnuma_config_free(cfg);
}

static void new_rejects_misuse(void **state)
{
	vnuma_config_options o = VNUMA_CONFIG_OPTIONS_INIT;
	vnuma_config *cfg = (vnuma_config *)&o; /* must be reset to NULL */
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(NULL, NULL, &e), VNUMA_E_INVAL);
	expect_error(e, VNUMA_E_INVAL, "api.null", NULL,
		     "out must not be NULL");

	e = NULL;
	o.version = 2;
	assert_int_equal(vnuma_config_new(&cfg, &o, &e), VNUMA_E_INVAL);
	assert_null(cfg);
	expect_error(e, VNUMA_E_INVAL, "api.version", NULL,
		     "unknown vnuma_config_options version 2");

	o.version = VNUMA_CONFIG_OPTIONS_VERSION;
	o.max_nodes = 0;
	e = NULL;
	assert_int_equal(vnuma_config_new(&cfg, &o, &e), VNUMA_E_INVAL);
	expect_error(e, VNUMA_E_INVAL, "api.max-nodes", NULL,
		     "max_nodes must be between 1 and 4096");
	o.max_nodes = VNUMA_MAX_NODES_LIMIT + 1;
	assert_int_equal(vnuma_config_new(&cfg, &o, NULL), VNUMA_E_INVAL);

	o.max_nodes = 128;
	o.split_ram = VNUMA_SPLIT_RAM_DEFAULT + 1;
	e = NULL;
	assert_int_equal(vnuma_config_new(&cfg, &o, &e), VNUMA_E_INVAL);
	expect_error(e, VNUMA_E_INVAL, "api.split-ram", NULL,
		     "unknown split_ram mode 3");
	o.split_ram = -1;
	assert_int_equal(vnuma_config_new(&cfg, &o, NULL), VNUMA_E_INVAL);
	assert_null(cfg);
}

static void free_null_is_noop(void **state)
{
	(void)state;
	vnuma_config_free(NULL);
	assert_int_equal(vnuma_config_warning_count(NULL), 0);
	assert_null(vnuma_config_warning(NULL, 0));
}

/* Entries keep their order, kind and the option as the user spelled it. */
static void add_keeps_order_and_spelling(void **state)
{
	vnuma_config *cfg = new_config();

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "--cpu", "host,+x2apic", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "mem-path", "/hp", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-mem-prealloc", NULL, NULL),
			 VNUMA_OK);
	assert_int_equal(cfg->n, 3);
	assert_int_equal(cfg->e[0].kind, VNUMA__OPT_CPU);
	assert_string_equal(cfg->e[0].opts.option, "--cpu");
	/* -cpu is kept whole: its features are not split into pairs. */
	assert_string_equal(cfg->e[0].opts.text, "host,+x2apic");
	assert_int_equal(cfg->e[0].opts.n, 0);
	assert_int_equal(cfg->e[1].kind, VNUMA__OPT_MEM_PATH);
	assert_string_equal(cfg->e[1].opts.option, "-mem-path");
	assert_string_equal(cfg->e[1].opts.text, "/hp");
	assert_int_equal(cfg->e[2].kind, VNUMA__OPT_MEM_PREALLOC);
	assert_string_equal(cfg->e[2].opts.text, "");
	vnuma_config_free(cfg);
}

/*
 * -M and -machine are one option, split into pairs when added; -numa
 * options are kept as text, in their own list, and split when read.
 */
static void add_splits_pairs(void **state)
{
	vnuma_config *cfg = new_config();
	const struct vnuma__opt *o;
	struct vnuma__opts numa;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-M", "q35", NULL), VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "--numa", "node,nodeid=1",
					  NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "numa", "dist,src=0", NULL),
			 VNUMA_OK);
	assert_int_equal(cfg->n, 1);
	assert_int_equal(cfg->e[0].kind, VNUMA__OPT_MACHINE);
	o = vnuma__opts_last(&cfg->e[0].opts, "type");
	assert_non_null(o);
	assert_string_equal(o->value, "q35");
	assert_int_equal(cfg->n_numa, 2);
	assert_string_equal(cfg->numa[0].option, "--numa");
	assert_string_equal(cfg->numa[0].text, "node,nodeid=1");
	assert_string_equal(cfg->numa[1].option, "-numa");
	assert_int_equal(vnuma__config_numa_opts(cfg, 0, &numa, NULL),
			 VNUMA_OK);
	assert_string_equal(numa.option, "--numa");
	o = vnuma__opts_last(&numa, "type");
	assert_non_null(o);
	assert_string_equal(o->value, "node");
	o = vnuma__opts_last(&numa, "nodeid");
	assert_non_null(o);
	assert_string_equal(o->value, "1");
	vnuma__opts_fini(&numa);
	vnuma_config_free(cfg);
}

/*
 * The -numa ids are kept in a hash set that grows: every id is still
 * found after many were added, and only a duplicate is refused.
 */
static void add_numa_many_ids(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;
	char text[64];

	(void)state;
	/* 40 ids: the set grows from 16 slots to 128 */
	for (int i = 0; i < 40; i++) {
		snprintf(text, sizeof(text), "node,id=n%d", i);
		assert_int_equal(vnuma_config_add(cfg, "-numa", text, NULL),
				 VNUMA_OK);
	}
	for (int i = 0; i < 40; i += 39) {
		snprintf(text, sizeof(text), "dist,id=n%d", i);
		assert_int_equal(vnuma_config_add(cfg, "-numa", text, &e),
				 VNUMA_E_DUPLICATE);
		snprintf(text, sizeof(text), "Duplicate ID 'n%d' for numa", i);
		expect_error(e, VNUMA_E_DUPLICATE, "opts.duplicate-id",
			     "-numa", text);
		e = NULL;
	}
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node,id=n40",
					  NULL),
			 VNUMA_OK);
	assert_int_equal(cfg->n_numa, 41);
	vnuma_config_free(cfg);
}

/* QemuOpts refuses a -numa id seen before, as QEMU does when reading. */
static void add_numa_duplicate_id(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node,id=a", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node,id=b", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node,id=a,nox", &e),
			 VNUMA_E_DUPLICATE);
	assert_string_equal(vnuma_error_key(e), "id");
	assert_int_equal(vnuma_error_offset(e), 8);
	expect_error(e, VNUMA_E_DUPLICATE, "opts.duplicate-id", "-numa",
		     "Duplicate ID 'a' for numa");
	/* The id is refused before the short-form boolean is warned about. */
	assert_int_equal(vnuma_config_warning_count(cfg), 0);
	assert_int_equal(cfg->n_numa, 2);
	/* A malformed id is the parser's error, as for the other lists. */
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node,id=1x", &e),
			 VNUMA_E_SYNTAX);
	expect_error(e, VNUMA_E_SYNTAX, "opts.id-invalid", "-numa",
		     "Parameter 'id' expects an identifier");
	vnuma_config_free(cfg);
}

/*
 * -object and -device ids are refused when read, as QemuOpts does, so
 * before any machine error (qemu-system-x86_64 -M nosuch -object
 * memory-backend-ram,id=a,size=1M -object memory-backend-ram,id=a,...).
 */
static void add_object_device_duplicate_id(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-M", "nosuch", NULL), 0);
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "memory-backend-ram,id=a,size=1M",
					  NULL), VNUMA_OK);
	/* Lists are separate: a device may have an object's id. */
	assert_int_equal(vnuma_config_add(cfg, "-device",
					  "pc-dimm,id=a,memdev=a", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "memory-backend-ram,id=a,nox", &e),
			 VNUMA_E_DUPLICATE);
	assert_string_equal(vnuma_error_key(e), "id");
	assert_int_equal(vnuma_error_offset(e), 22);
	expect_error(e, VNUMA_E_DUPLICATE, "opts.duplicate-id", "-object",
		     "Duplicate ID 'a' for object");
	assert_int_equal(vnuma_config_warning_count(cfg), 0);
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "-device",
					  "pc-dimm,id=a,memdev=b", &e),
			 VNUMA_E_DUPLICATE);
	expect_error(e, VNUMA_E_DUPLICATE, "opts.duplicate-id", "-device",
		     "Duplicate ID 'a' for device");
	assert_int_equal(cfg->n, 3);
	/* The JSON form is not in QemuOpts' list. */
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "{\"qom-type\":\"memory-backend-ram\","
					  "\"id\":\"a\",\"size\":1048576}",
					  NULL), VNUMA_OK);
	vnuma_config_free(cfg);
}

/* A -numa option kept as text still warns when it is added. */
static void add_numa_warns_now(void **state)
{
	vnuma_config *cfg = new_config();

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node,nofoo", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_warning_count(cfg), 1);
	assert_string_equal(vnuma_error_message(vnuma_config_warning(cfg, 0)),
			    "short-form boolean option 'nofoo' deprecated");
	/* The implied key takes the first element: "node" is no flag. */
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_warning_count(cfg), 1);
	vnuma_config_free(cfg);
}

static void add_rejects_unknown(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-foo", "x", &e),
			 VNUMA_E_UNKNOWN);
	expect_error(e, VNUMA_E_UNKNOWN, "cli.invalid-option", "-foo",
		     "invalid option");
	/* A real QEMU option vnuma does not handle says so. */
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "--display", "none", &e),
			 VNUMA_E_UNKNOWN);
	expect_error(e, VNUMA_E_UNKNOWN, "cli.unhandled-option", "--display",
		     "option not handled by vnuma "
		     "(use --ignore-unknown to skip it)");
	assert_int_equal(cfg->n, 0);
	vnuma_config_free(cfg);
}

static void add_requires_argument(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "--numa", NULL, &e),
			 VNUMA_E_MISSING);
	expect_error(e, VNUMA_E_MISSING, "cli.missing-argument", "--numa",
		     "requires an argument");
	/* A bare name is shown with QEMU's one dash. */
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "smp", NULL, &e),
			 VNUMA_E_MISSING);
	expect_error(e, VNUMA_E_MISSING, "cli.missing-argument", "-smp",
		     "requires an argument");
	assert_int_equal(cfg->n, 0);
	vnuma_config_free(cfg);
}

static void add_rejects_misuse(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(NULL, "-numa", "node", &e),
			 VNUMA_E_INVAL);
	expect_error(e, VNUMA_E_INVAL, "api.null", NULL,
		     "cfg and option must not be NULL");
	assert_int_equal(vnuma_config_add(cfg, NULL, "node", NULL),
			 VNUMA_E_INVAL);
	vnuma_config_free(cfg);
}

/* The options vnuma reads, by their entries in QEMU's table. */
static void known_options_match_qemu(void **state)
{
	static const char *const names[] = { "machine", "M", "m", "smp",
		"numa", "object", "device", "cpu", "mem-path",
		"mem-prealloc" };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct vnuma__qemu_option *q =
			vnuma__qemu_option_find(names[i]);

		assert_non_null(q);
		assert_int_not_equal(q->kind, VNUMA__OPT_NONE);
	}
	assert_int_equal(vnuma__qemu_option_find("display")->kind,
			 VNUMA__OPT_NONE);
}

/*
 * An option is read by its entry in the table, whatever its spelling:
 * "--m" is -m, whose list takes no id (QEMU 7.2: --m 1G,id=x: Invalid
 * parameter 'id'), and "--smp" is -smp, named as -machine's member.
 */
static void add_reads_by_table_not_spelling(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "--m", "1G,id=x", &e),
			 VNUMA_E_UNKNOWN);
	expect_error(e, VNUMA_E_UNKNOWN, "opts.id-not-allowed", "--m",
		     "Invalid parameter 'id'");
	assert_int_equal(vnuma_config_add(cfg, "--smp", "4", NULL), VNUMA_OK);
	assert_string_equal(cfg->e[0].opts.syn.member, "smp.");
	assert_int_equal(cfg->e[0].opts.mode, VNUMA__OPTS_KEYVAL);
	vnuma_config_free(cfg);
}

/* Every option the table says vnuma reads is consistent with itself. */
static void table_flags_consistent(void **state)
{
	size_t known = 0;

	(void)state;
	for (size_t i = 0; i < vnuma__qemu_option_count; i++) {
		const struct vnuma__qemu_option *q = &vnuma__qemu_options[i];

		/* only options vnuma reads are split or read as JSON */
		if (q->kind == VNUMA__OPT_NONE) {
			assert_false(q->flags & (VNUMA__QOPT_SPLIT |
						 VNUMA__QOPT_JSON));
			continue;
		}
		known++;
		/* split, or JSON: there is an argument to read */
		if (q->flags & (VNUMA__QOPT_SPLIT | VNUMA__QOPT_JSON))
			assert_true(q->has_arg);
		if (q->flags & VNUMA__QOPT_JSON)
			assert_true(q->flags & VNUMA__QOPT_SPLIT);
		assert_false(q->flags & (VNUMA__QOPT_CHANGES_ANSWER |
					 VNUMA__QOPT_SETS_DRIVER));
	}
	assert_int_equal(known, 16);
}

/* A JSON -object or -device becomes typed pairs when it is added. */
static void add_reads_json(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "{\"qom-type\":"
					  "\"memory-backend-ram\","
					  "\"id\":\"m\",\"size\":1048576}",
					  &e),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "--device",
					  "{'driver':'pc-dimm','memdev':'m'}",
					  &e),
			 VNUMA_OK);
	assert_int_equal(cfg->n, 2);
	assert_int_equal(cfg->e[0].opts.mode, VNUMA__OPTS_JSON);
	assert_int_equal(vnuma__opts_last(&cfg->e[0].opts, "size")->jtype,
			 VNUMA__JSON_INT);
	assert_string_equal(cfg->e[1].opts.option, "--device");
	assert_string_equal(vnuma__opts_last(&cfg->e[1].opts, "driver")->value,
			    "pc-dimm");
	/* a key=value argument that does not start with '{' is no JSON */
	assert_int_equal(vnuma_config_add(cfg, "-object", " {}", &e),
			 VNUMA_OK);
	assert_int_equal(cfg->e[2].opts.mode, VNUMA__OPTS_QEMUOPTS);
	assert_string_equal(
		vnuma__opts_last(&cfg->e[2].opts, "qom-type")->value, " {}");
	assert_int_equal(vnuma_config_add(cfg, "-device", "{\"driver\"", &e),
			 VNUMA_E_SYNTAX);
	expect_error(e, VNUMA_E_SYNTAX, "json.syntax", "-device",
		     "JSON parse error, premature EOI");
	assert_int_equal(cfg->n, 3);
	vnuma_config_free(cfg);
}

/*
 * A memory backend's members are read as the option is added (QEMU
 * reads them with the command line); other types are left for later.
 */
static void add_reads_object_members(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "memory-backend-ram,id=a,size=x", &e),
			 VNUMA_E_SYNTAX);
	expect_error(e, VNUMA_E_SYNTAX, "opts.bad-value", "-object",
		     "Parameter 'size' expects a size value");
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "{\"qom-type\":"
					  "\"memory-backend-file\","
					  "\"id\":\"f\",\"size\":1}", &e),
			 VNUMA_E_MISSING);
	expect_error(e, VNUMA_E_MISSING, "backend.property-missing", "-object",
		     "Parameter 'mem-path' is missing");
	assert_int_equal(cfg->n, 0);
	/* not a memory backend: the topology says so, or argv skips it */
	assert_int_equal(vnuma_config_add(cfg, "-object", "iothread,id=io",
					  NULL),
			 VNUMA_OK);
	assert_int_equal(cfg->n, 1);
	vnuma_config_free(cfg);
}

/*
 * When an option fails while being read, QEMU has read the -m before it
 * already: their warnings come first, and their error wins.
 */
static void m_is_read_before_a_later_failure(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-m", "0x10M", NULL), VNUMA_OK);
	assert_int_equal(vnuma_config_warning_count(cfg), 0);
	assert_int_equal(vnuma_config_add(cfg, "-object", "{", &e),
			 VNUMA_E_SYNTAX);
	expect_error(e, VNUMA_E_SYNTAX, "json.syntax", "-object",
		     "JSON parse error, premature EOI");
	assert_int_equal(vnuma_config_warning_count(cfg), 1);
	assert_string_equal(vnuma_error_message(vnuma_config_warning(cfg, 0)),
			    "Using a multiplier suffix on hex numbers is "
			    "deprecated: 0x10M");
	vnuma_config_free(cfg);
	cfg = new_config();
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "-m", "2G,slots=x", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-numa", "node,id=1", &e),
			 VNUMA_E_SYNTAX);
	expect_error(e, VNUMA_E_SYNTAX, "opts.bad-value", "-m",
		     "Parameter 'slots' expects a number");
	/* an option unknown to QEMU is refused before any is read */
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "-foo", NULL, &e),
			 VNUMA_E_UNKNOWN);
	expect_error(e, VNUMA_E_UNKNOWN, "cli.invalid-option", "-foo",
		     "invalid option");
	vnuma_config_free(cfg);
}

/* QemuOpts refuses a key=value -device id as it reads it; JSON ids wait. */
static void add_refuses_duplicate_device_id(void **state)
{
	vnuma_config *cfg = new_config();
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_add(cfg, "-device",
					  "pc-dimm,id=x,memdev=a", NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-device",
					  "{\"driver\":\"pc-dimm\","
					  "\"id\":\"x\"}",
					  NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-device",
					  "pc-dimm,id=x,memdev=b", &e),
			 VNUMA_E_DUPLICATE);
	expect_error(e, VNUMA_E_DUPLICATE, "opts.duplicate-id", "-device",
		     "Duplicate ID 'x' for device");
	assert_int_equal(cfg->n, 2);
	/* objects too, whatever their type */
	e = NULL;
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "memory-backend-ram,id=x,size=1M",
					  NULL),
			 VNUMA_OK);
	assert_int_equal(vnuma_config_add(cfg, "-object", "iothread,id=x", &e),
			 VNUMA_E_DUPLICATE);
	expect_error(e, VNUMA_E_DUPLICATE, "opts.duplicate-id", "-object",
		     "Duplicate ID 'x' for object");
	assert_int_equal(cfg->n, 3);
	vnuma_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_defaults),
		cmocka_unit_test(new_takes_options),
		cmocka_unit_test(new_rejects_misuse),
		cmocka_unit_test(free_null_is_noop),
		cmocka_unit_test(add_keeps_order_and_spelling),
		cmocka_unit_test(add_splits_pairs),
		cmocka_unit_test(add_numa_duplicate_id),
		cmocka_unit_test(add_numa_many_ids),
		cmocka_unit_test(add_numa_warns_now),
		cmocka_unit_test(add_object_device_duplicate_id),
		cmocka_unit_test(add_rejects_unknown),
		cmocka_unit_test(add_requires_argument),
		cmocka_unit_test(add_rejects_misuse),
		cmocka_unit_test(known_options_match_qemu),
		cmocka_unit_test(add_reads_by_table_not_spelling),
		cmocka_unit_test(table_flags_consistent),
		cmocka_unit_test(add_reads_json),
		cmocka_unit_test(add_reads_object_members),
		cmocka_unit_test(m_is_read_before_a_later_failure),
		cmocka_unit_test(add_refuses_duplicate_device_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
