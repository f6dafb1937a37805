/* SPDX-License-Identifier: MIT */
/* vnuma_config_add_argv: a QEMU command line read as QEMU 7.2 reads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "config/config_internal.h"

#define IGNORE VNUMA_ARGV_IGNORE_UNKNOWN
#define UNHANDLED "option not handled by vnuma " \
		  "(use --ignore-unknown to skip it)"

struct res {
	vnuma_config *cfg;
	vnuma_error *e;
	int rc;
};

/* argv is NULL-terminated. */
static struct res add(unsigned int flags, const char *const *argv)
{
	struct res r = { 0 };
	int argc = 0;

	while (argv[argc])
		argc++;
	assert_int_equal(vnuma_config_new(&r.cfg, NULL, NULL), VNUMA_OK);
	r.rc = vnuma_config_add_argv(r.cfg, argc, argv, flags, &r.e);
	return r;
}
#define ADD(flags, ...) add(flags, (const char *const[]){ __VA_ARGS__, NULL })

static void done(struct res *r)
{
	vnuma_error_free(r->e);
	vnuma_config_free(r->cfg);
}

static void expect(struct res *r, int status, const char *check,
		   const char *option, const char *text, const char *message)
{
	assert_int_equal(r->rc, status);
	assert_non_null(r->e);
	assert_int_equal(vnuma_error_status(r->e), status);
	assert_string_equal(vnuma_error_check(r->e), check);
	assert_string_equal(vnuma_error_option(r->e), option);
	if (text)
		assert_string_equal(vnuma_error_text(r->e), text);
	else
		assert_null(vnuma_error_text(r->e));
	assert_string_equal(vnuma_error_message(r->e), message);
	done(r);
}

static void expect_warning(const vnuma_config *cfg, size_t i,
			   const char *option, const char *text,
			   const char *message)
{
	const vnuma_error *w = vnuma_config_warning(cfg, i);

	assert_non_null(w);
	assert_int_equal(vnuma_error_status(w), VNUMA_OK);
	assert_string_equal(vnuma_error_check(w), "cli.ignored-option");
	assert_string_equal(vnuma_error_option(w), option);
	if (text)
		assert_string_equal(vnuma_error_text(w), text);
	else
		assert_null(vnuma_error_text(w));
	assert_string_equal(vnuma_error_message(w), message);
}

/* QEMU: "-numa" and "--numa" are one option; the spelling is kept. */
static void double_dash(void **state)
{
	struct res r = ADD(0, "--smp", "2", "-mem-prealloc",
			   "--mem-prealloc");

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(r.cfg->n, 3);
	assert_int_equal(r.cfg->e[0].kind, VNUMA__OPT_SMP);
	assert_string_equal(r.cfg->e[0].opts.option, "--smp");
	assert_int_equal(r.cfg->e[2].kind, VNUMA__OPT_MEM_PREALLOC);
	assert_string_equal(r.cfg->e[2].opts.option, "--mem-prealloc");
	done(&r);
}

/* qemu-system-x86_64 -smp 2 -numa: "-numa: requires an argument". */
static void missing_argument(void **state)
{
	struct res r = ADD(0, "-smp", "2", "-numa");

	(void)state;
	expect(&r, VNUMA_E_MISSING, "cli.missing-argument", "-numa", NULL,
	       "requires an argument");
	r = ADD(IGNORE, "--display");
	expect(&r, VNUMA_E_MISSING, "cli.missing-argument", "--display",
	       NULL, "requires an argument");
}

/* An option's argument is the next word, even one that looks an option. */
static void argument_is_next_word(void **state)
{
	struct res r = ADD(IGNORE, "-kernel", "-numa", "-smp", "2");

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(r.cfg->n, 1);
	assert_int_equal(r.cfg->e[0].kind, VNUMA__OPT_SMP);
	expect_warning(r.cfg, 0, "-kernel", "-numa", "option ignored");
	done(&r);
}

/* QEMU: "-m=1G: invalid option", "-: invalid option", "--: ...". */
static void invalid_options(void **state)
{
	static const char *const words[] = { "-m=1G", "-", "--", "---numa",
		"-foo", "--foo", "-numa=node" };

	(void)state;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct res r = ADD(IGNORE, "-smp", "2", words[i]);

		expect(&r, VNUMA_E_UNKNOWN, "cli.invalid-option", words[i],
		       NULL, "invalid option");
	}
}

/*
 * QEMU looks every word up before acting on any: the invalid option is
 * reported, not the unhandled one nor the bad -numa before it.
 */
static void lookup_comes_first(void **state)
{
	struct res r = ADD(0, "-display", "none", "-foo");

	(void)state;
	expect(&r, VNUMA_E_UNKNOWN, "cli.invalid-option", "-foo", NULL,
	       "invalid option");
	r = ADD(0, "-numa", "node,nodeid=x", "-S", "-smp");
	expect(&r, VNUMA_E_MISSING, "cli.missing-argument", "-smp", NULL,
	       "requires an argument");
	r = ADD(0, "disk.img", "-g", "1x1", "-foo");
	expect(&r, VNUMA_E_UNKNOWN, "cli.invalid-option", "-foo", NULL,
	       "invalid option");
}

static void unhandled_is_an_error(void **state)
{
	struct res r = ADD(0, "-smp", "2", "--display", "none");

	(void)state;
	expect(&r, VNUMA_E_UNKNOWN, "cli.unhandled-option", "--display",
	       "none", UNHANDLED);
	r = ADD(0, "-S");
	expect(&r, VNUMA_E_UNKNOWN, "cli.unhandled-option", "-S", NULL,
	       UNHANDLED);
	r = ADD(0, "disk.img");
	expect(&r, VNUMA_E_UNKNOWN, "cli.unhandled-option", "disk.img", NULL,
	       "disk image not handled by vnuma "
	       "(use --ignore-unknown to skip it)");
}

static void ignore_skips_with_warnings(void **state)
{
	struct res r = ADD(IGNORE, "-display", "none", "-S", "-m", "1G",
			   "--enable-kvm", "-qmp", "stdio", "disk.img",
			   "-accel", "kvm", "-name", "g");

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_null(r.e);
	/* -enable-kvm and -accel change the answer: they are read. */
	assert_int_equal(r.cfg->n, 3);
	assert_int_equal(r.cfg->e[0].kind, VNUMA__OPT_M);
	assert_int_equal(r.cfg->e[1].kind, VNUMA__OPT_ENABLE_KVM);
	assert_int_equal(r.cfg->e[2].kind, VNUMA__OPT_ACCEL);
	assert_int_equal(vnuma_config_warning_count(r.cfg), 5);
	expect_warning(r.cfg, 0, "-display", "none", "option ignored");
	expect_warning(r.cfg, 1, "-S", NULL, "option ignored");
	expect_warning(r.cfg, 2, "-qmp", "stdio", "option ignored");
	expect_warning(r.cfg, 3, "disk.img", NULL, "disk image ignored");
	expect_warning(r.cfg, 4, "-name", "g", "option ignored");
	done(&r);
}

#define UNSKIPPABLE "option not handled by vnuma; it can change the NUMA " \
		    "topology, so --ignore-unknown does not skip it"

/* What could change the answer unseen is refused, not skipped. */
static void ignore_refuses_what_changes_the_answer(void **state)
{
	struct res r;

	(void)state;
	r = ADD(IGNORE, "-readconfig", "numa.cfg");
	expect(&r, VNUMA_E_UNSUPPORTED, "cli.unskippable-option",
	       "-readconfig", "numa.cfg", UNSKIPPABLE);
	r = ADD(IGNORE, "-set", "device.d0.node=1");
	expect(&r, VNUMA_E_UNSUPPORTED, "cli.unskippable-option", "-set",
	       "device.d0.node=1", UNSKIPPABLE);
	r = ADD(IGNORE, "-global", "pc-dimm.node=1");
	expect(&r, VNUMA_E_UNSUPPORTED, "cli.unskippable-option", "-global",
	       "pc-dimm.node=1", UNSKIPPABLE);
	r = ADD(IGNORE, "-global", "driver=pc-dimm,property=node,value=1");
	expect(&r, VNUMA_E_UNSUPPORTED, "cli.unskippable-option", "-global",
	       "driver=pc-dimm,property=node,value=1", UNSKIPPABLE);
	/* A global of a device vnuma does not read is skipped. */
	r = ADD(IGNORE, "-global", "ICH9-LPC.disable_s3=1");
	assert_int_equal(r.rc, VNUMA_OK);
	expect_warning(r.cfg, 0, "-global", "ICH9-LPC.disable_s3=1",
		       "option ignored");
	done(&r);
}

/* The error of a refused line carries what was skipped before it. */
static void error_carries_skipped(void **state)
{
	struct res r = ADD(IGNORE, "-name", "g", "-readconfig", "x.cfg");

	(void)state;
	assert_int_equal(vnuma_error_warning_count(r.e), 1);
	assert_string_equal(vnuma_error_option(vnuma_error_warning(r.e, 0)),
			    "-name");
	assert_string_equal(vnuma_error_check(vnuma_error_warning(r.e, 0)),
			    "cli.ignored-option");
	expect(&r, VNUMA_E_UNSUPPORTED, "cli.unskippable-option",
	       "-readconfig", "x.cfg", UNSKIPPABLE);
}

/* QEMU: "-g 800x600: Option not supported for this target". */
static void other_targets_option(void **state)
{
	struct res r = ADD(IGNORE, "-smp", "2", "-g", "800x600");

	(void)state;
	expect(&r, VNUMA_E_UNSUPPORTED, "cli.unsupported-option", "-g",
	       "800x600", "Option not supported for this target");
}

static void program_name(void **state)
{
	struct res r = ADD(VNUMA_ARGV_PROGRAM, "qemu-system-x86_64", "-smp",
			   "2");

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(r.cfg->n, 1);
	assert_int_equal(vnuma_config_warning_count(r.cfg), 0);
	done(&r);
	/* Without the flag it is QEMU's disk image. */
	r = ADD(0, "qemu-system-x86_64", "-smp", "2");
	expect(&r, VNUMA_E_UNKNOWN, "cli.unhandled-option",
	       "qemu-system-x86_64", NULL,
	       "disk image not handled by vnuma "
	       "(use --ignore-unknown to skip it)");
	/* Only argv[0] is a program name. */
	r = ADD(VNUMA_ARGV_PROGRAM, "qemu", "-numa");
	expect(&r, VNUMA_E_MISSING, "cli.missing-argument", "-numa", NULL,
	       "requires an argument");
}

/* A pasted command line keeps only memory backends and DIMMs. */
static void ignore_triages_objects(void **state)
{
	struct res r = ADD(IGNORE, "-object", "iothread,id=io", "-object",
			   "memory-backend-ram,id=m,size=1G", "-device",
			   "virtio-net,netdev=n", "-device",
			   "pc-dimm,id=d,memdev=m");

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(r.cfg->n, 2);
	assert_int_equal(r.cfg->e[0].kind, VNUMA__OPT_OBJECT);
	assert_string_equal(r.cfg->e[0].opts.text,
			    "memory-backend-ram,id=m,size=1G");
	assert_int_equal(r.cfg->e[1].kind, VNUMA__OPT_DEVICE);
	assert_string_equal(r.cfg->e[1].opts.text, "pc-dimm,id=d,memdev=m");
	assert_int_equal(vnuma_config_warning_count(r.cfg), 2);
	expect_warning(r.cfg, 0, "-object", "iothread,id=io",
		       "option ignored");
	expect_warning(r.cfg, 1, "-device", "virtio-net,netdev=n",
		       "option ignored");
	done(&r);
	/* Without IGNORE_UNKNOWN they are kept for the later stages. */
	r = ADD(0, "-object", "iothread,id=io", "-device", "virtio-net");
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(r.cfg->n, 2);
	done(&r);
}

/* libvirt writes -object and -device as JSON (QEMU 7.2 accepts it). */
static void ignore_triages_json(void **state)
{
	struct res r = ADD(IGNORE, "-object",
			   "{\"qom-type\":\"iothread\",\"id\":\"io\"}",
			   "--device", "{\"driver\":\"virtio-net-pci\"}");

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(r.cfg->n, 0);
	assert_int_equal(vnuma_config_warning_count(r.cfg), 2);
	expect_warning(r.cfg, 0, "-object",
		       "{\"qom-type\":\"iothread\",\"id\":\"io\"}",
		       "option ignored");
	expect_warning(r.cfg, 1, "--device", "{\"driver\":\"virtio-net-pci\"}",
		       "option ignored");
	done(&r);
}

/* A JSON memory backend or DIMM is kept, read as QEMU reads JSON. */
static void ignore_keeps_json_memory(void **state)
{
	struct res r = ADD(IGNORE, "-object",
			   "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m\","
			   "\"size\":1048576}",
			   "-device", "{\"driver\":\"pc-dimm\",\"memdev\":\"m\"}",
			   "-object", "{\"qom-type\":\"iothread\"");

	(void)state;
	/* the unfinished JSON is not triaged: QEMU's reader refuses it */
	assert_int_equal(r.rc, VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_message(r.e),
			    "JSON parse error, premature EOI");
	assert_int_equal(r.cfg->n, 2);
	assert_int_equal(r.cfg->e[0].opts.mode, VNUMA__OPTS_JSON);
	assert_string_equal(vnuma__opts_last(&r.cfg->e[0].opts, "id")->value,
			    "m");
	assert_int_equal(r.cfg->e[1].kind, VNUMA__OPT_DEVICE);
	assert_int_equal(vnuma_config_warning_count(r.cfg), 0);
	done(&r);
}

/* The type is peeked at with QEMU's JSON rules, not jansson's. */
static void ignore_peeks_as_qemu_reads(void **state)
{
	struct res r = ADD(IGNORE, "-object",
			   "{'qom-type':'iothread','id':'io'}");

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(r.cfg->n, 0);
	assert_int_equal(vnuma_config_warning_count(r.cfg), 1);
	done(&r);
	r = ADD(IGNORE, "-device",
		"{\"driver\":\"e1000\",\"driver\":\"e1000\"}");
	assert_int_equal(r.rc, VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_message(r.e),
			    "JSON parse error, duplicate key");
	assert_int_equal(vnuma_config_warning_count(r.cfg), 0);
	done(&r);
}

static void misuse(void **state)
{
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;
	const char *const argv[] = { "-smp", NULL };

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	assert_int_equal(vnuma_config_add_argv(NULL, 1, argv, 0, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	assert_int_equal(vnuma_config_add_argv(cfg, -1, argv, 0, NULL),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_config_add_argv(cfg, 1, NULL, 0, NULL),
			 VNUMA_E_INVAL);
	e = NULL;
	assert_int_equal(vnuma_config_add_argv(cfg, 2, argv, 0, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_message(e),
			    "argv[1] must not be NULL");
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(vnuma_config_add_argv(cfg, 1, argv, 0x10, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.flags");
	vnuma_error_free(e);
	assert_int_equal(vnuma_config_add_argv(cfg, 0, NULL, 0, NULL),
			 VNUMA_OK);
	vnuma_config_free(cfg);
}

/* The table is sorted (it is searched by bisection) and has no twins. */
static void table_sorted(void **state)
{
	(void)state;
	assert_true(vnuma__qemu_option_count > 100);
	for (size_t i = 1; i < vnuma__qemu_option_count; i++)
		assert_true(strcmp(vnuma__qemu_options[i - 1].name,
				   vnuma__qemu_options[i].name) < 0);
	for (size_t i = 0; i < vnuma__qemu_option_count; i++)
		assert_ptr_equal(
			vnuma__qemu_option_find(vnuma__qemu_options[i].name),
			&vnuma__qemu_options[i]);
	assert_null(vnuma__qemu_option_find(""));
	assert_null(vnuma__qemu_option_find("memory"));
}

/* Every option vnuma understands is on both targets. */
static void table_agrees_with_config(void **state)
{
	size_t known = 0;

	(void)state;
	for (size_t i = 0; i < vnuma__qemu_option_count; i++) {
		const struct vnuma__qemu_option *q = &vnuma__qemu_options[i];

		if (q->kind == VNUMA__OPT_NONE)
			continue;
		known++;
		assert_int_equal(q->arch,
				 VNUMA__QARCH_X86 | VNUMA__QARCH_AARCH64);
	}
	assert_int_equal(known, 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(double_dash),
		cmocka_unit_test(missing_argument),
		cmocka_unit_test(argument_is_next_word),
		cmocka_unit_test(invalid_options),
		cmocka_unit_test(lookup_comes_first),
		cmocka_unit_test(unhandled_is_an_error),
		cmocka_unit_test(ignore_skips_with_warnings),
		cmocka_unit_test(other_targets_option),
		cmocka_unit_test(ignore_refuses_what_changes_the_answer),
		cmocka_unit_test(error_carries_skipped),
		cmocka_unit_test(program_name),
		cmocka_unit_test(ignore_triages_objects),
		cmocka_unit_test(ignore_triages_json),
		cmocka_unit_test(ignore_keeps_json_memory),
		cmocka_unit_test(ignore_peeks_as_qemu_reads),
		cmocka_unit_test(misuse),
		cmocka_unit_test(table_sorted),
		cmocka_unit_test(table_agrees_with_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
