/* SPDX-License-Identifier: MIT */
/*
 * -smp against QEMU 7.2: every expected message and topology here was
 * taken from qemu-system-x86_64 / qemu-system-aarch64 7.2 with the same
 * arguments (see the comment on each test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "machine/machine.h"

/* Profiles built here so these tests do not depend on profile.c's table. */
static const struct vnuma__profile q35_72 = {
	.name = "pc-q35-7.2", .arch = VNUMA__ARCH_X86, .ver_major = 7,
	.ver_minor = 2, .max_cpus = 288, .smp_dies_supported = true,
};
static const struct vnuma__profile pc_61 = {
	.name = "pc-i440fx-6.1", .arch = VNUMA__ARCH_X86, .ver_major = 6,
	.ver_minor = 1, .max_cpus = 255, .smp_dies_supported = true,
	.smp_prefer_sockets = true,
};
static const struct vnuma__profile virt_72 = {
	.name = "virt-7.2", .arch = VNUMA__ARCH_ARM, .ver_major = 7,
	.ver_minor = 2, .max_cpus = 512, .smp_clusters_supported = true,
};
static const struct vnuma__profile none = {
	.name = "none", .arch = VNUMA__ARCH_NONE, .max_cpus = 1,
};

struct run {
	struct vnuma__smp s;
	struct vnuma__warnings w;
	vnuma_error *err;
	int rc;
};

/* Resolves the -smp arguments given (NULL-terminated) for profile p. */
static void run_smp(struct run *r, const struct vnuma__profile *p, ...)
{
	vnuma_config *cfg = NULL;
	const char *arg;
	va_list ap;

	memset(r, 0, sizeof(*r));
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	va_start(ap, p);
	while ((arg = va_arg(ap, const char *)))
		assert_int_equal(vnuma_config_add(cfg, "-smp", arg, NULL),
				 VNUMA_OK);
	va_end(ap);
	r->rc = vnuma__smp_parse_warn(&r->s, p, cfg, &r->w, &r->err);
	vnuma_config_free(cfg);
}

static void run_fini(struct run *r)
{
	vnuma_error_free(r->err);
	vnuma__warnings_fini(&r->w);
}

static void assert_topo(const struct run *r, uint32_t cpus, uint32_t max,
			uint32_t sockets, uint32_t dies, uint32_t clusters,
			uint32_t cores, uint32_t threads)
{
	assert_int_equal(r->rc, VNUMA_OK);
	assert_null(r->err);
	assert_int_equal(r->s.cpus, cpus);
	assert_int_equal(r->s.max_cpus, max);
	assert_int_equal(r->s.sockets, sockets);
	assert_int_equal(r->s.dies, dies);
	assert_int_equal(r->s.clusters, clusters);
	assert_int_equal(r->s.cores, cores);
	assert_int_equal(r->s.threads, threads);
}

/* Status, check id, message, key; QEMU names no option for -smp errors. */
static void assert_err(const struct run *r, int status, const char *check,
		       const char *key, const char *msg)
{
	assert_int_equal(r->rc, status);
	assert_non_null(r->err);
	assert_int_equal(vnuma_error_status(r->err), status);
	assert_string_equal(vnuma_error_check(r->err), check);
	assert_string_equal(vnuma_error_message(r->err), msg);
	assert_null(vnuma_error_option(r->err));
	if (key)
		assert_string_equal(vnuma_error_key(r->err), key);
	else
		assert_null(vnuma_error_key(r->err));
}

static void no_smp_is_one_cpu(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, NULL);
	assert_topo(&r, 1, 1, 1, 1, 1, 1, 1);
	run_fini(&r);
}

/* -M pc-i440fx-6.2 -smp 4: core-id 0..3; -M pc-i440fx-6.1: socket-id 0..3 */
static void cores_preferred_since_6_2(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "4", NULL);
	assert_topo(&r, 4, 4, 1, 1, 1, 4, 1);
	run_fini(&r);
	run_smp(&r, &pc_61, "4", NULL);
	assert_topo(&r, 4, 4, 4, 1, 1, 1, 1);
	run_fini(&r);
}

/* -smp 4,maxcpus=8,threads=2: 7.2 core-id 0..3, 6.1 socket-id 0..3 */
static void maxcpus_drives_inference(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "4,maxcpus=8,threads=2", NULL);
	assert_topo(&r, 4, 8, 1, 1, 1, 4, 2);
	run_fini(&r);
	run_smp(&r, &pc_61, "4,maxcpus=8,threads=2", NULL);
	assert_topo(&r, 4, 8, 4, 1, 1, 1, 2);
	run_fini(&r);
	/* Cores given: sockets inferred either way (8 sockets of 2 cores). */
	run_smp(&r, &pc_61, "8,maxcpus=16,cores=2", NULL);
	assert_topo(&r, 8, 16, 8, 1, 1, 2, 1);
	run_fini(&r);
	run_smp(&r, &q35_72, "8,maxcpus=16,cores=2", NULL);
	assert_topo(&r, 8, 16, 8, 1, 1, 2, 1);
	run_fini(&r);
	/* Only threads missing: threads = maxcpus / the rest. */
	run_smp(&r, &q35_72, "8,sockets=2,cores=2", NULL);
	assert_topo(&r, 8, 8, 2, 1, 1, 2, 2);
	run_fini(&r);
	/* Nothing but counts of levels: the product is the CPU count. */
	run_smp(&r, &virt_72, "sockets=2,clusters=2,cores=3", NULL);
	assert_topo(&r, 12, 12, 2, 1, 2, 3, 1);
	run_fini(&r);
}

/* -smp 4,sockets=2 -smp threads=2 -smp cpus=2,maxcpus=4: 2 of 4 present,
 * socket-id 0..1, thread-id 0..1 */
static void entries_merge_later_keys_win(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "4,sockets=2", "threads=2", "cpus=2,maxcpus=4",
		NULL);
	assert_topo(&r, 2, 4, 2, 1, 1, 1, 2);
	run_fini(&r);
}

/* -M q35 -smp 8,dies=2: die-id 0..1, core-id 0..3 */
static void dies_on_x86(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "8,dies=2", NULL);
	assert_topo(&r, 8, 8, 1, 2, 1, 4, 1);
	run_fini(&r);
	/* -M virt -smp 8,dies=2 */
	run_smp(&r, &virt_72, "8,dies=2", NULL);
	assert_err(&r, VNUMA_E_UNSUPPORTED, "smp.dies-unsupported", "dies",
		   "dies not supported by this machine's CPU topology");
	run_fini(&r);
	/* -M virt -smp dies=1 is accepted. */
	run_smp(&r, &virt_72, "2,dies=1", NULL);
	assert_topo(&r, 2, 2, 1, 1, 1, 2, 1);
	run_fini(&r);
}

/* -M q35 -smp clusters=2 / clusters=1 */
static void clusters_only_on_virt(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "clusters=2", NULL);
	assert_err(&r, VNUMA_E_UNSUPPORTED, "smp.clusters-unsupported",
		   "clusters",
		   "clusters not supported by this machine's CPU topology");
	run_fini(&r);
	run_smp(&r, &q35_72, "clusters=1", NULL);
	assert_topo(&r, 1, 1, 1, 1, 1, 1, 1);
	run_fini(&r);
}

/* -M q35 -smp 4,sockets=3; -M virt -smp 4,clusters=3 */
static void product_must_match(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "4,sockets=3", NULL);
	assert_err(&r, VNUMA_E_CONFLICT, "smp.product-mismatch", NULL,
		   "Invalid CPU topology: product of the hierarchy must match "
		   "maxcpus: sockets (3) * dies (1) * cores (1) * threads (1) "
		   "!= maxcpus (4)");
	assert_string_equal(vnuma_error_text(r.err), "4,sockets=3");
	run_fini(&r);
	run_smp(&r, &virt_72, "4,clusters=3", NULL);
	assert_err(&r, VNUMA_E_CONFLICT, "smp.product-mismatch", NULL,
		   "Invalid CPU topology: product of the hierarchy must match "
		   "maxcpus: sockets (1) * clusters (3) * cores (1) * "
		   "threads (1) != maxcpus (4)");
	run_fini(&r);
}

/* -M q35 -smp cpus=4,maxcpus=2 */
static void maxcpus_not_below_cpus(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "cpus=4,maxcpus=2", NULL);
	assert_err(&r, VNUMA_E_CONFLICT, "smp.maxcpus-below-cpus", NULL,
		   "Invalid CPU topology: maxcpus must be equal to or greater "
		   "than smp: sockets (1) * dies (1) * cores (2) * threads (1) "
		   "== maxcpus (2) < smp_cpus (4)");
	run_fini(&r);
}

/* -M q35 -smp 300; -M none -smp 2 */
static void machine_max_cpus(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "300", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.max-cpus", "cpus",
		   "Invalid SMP CPUs 300. The max CPUs supported by machine "
		   "'pc-q35-7.2' is 288");
	run_fini(&r);
	run_smp(&r, &none, "2", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.max-cpus", "cpus",
		   "Invalid SMP CPUs 2. The max CPUs supported by machine "
		   "'none' is 1");
	run_fini(&r);
	run_smp(&r, &q35_72, "4,maxcpus=512", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.max-cpus", "maxcpus",
		   "Invalid SMP CPUs 512. The max CPUs supported by machine "
		   "'pc-q35-7.2' is 288");
	run_fini(&r);
}

/*
 * Values are 64-bit signed, then cut to 32 bits: -M q35 -smp cpus=-1 and
 * 4,maxcpus=-1 print "-1", cpus=4294967298 gives 2 CPUs,
 * cpus=-9223372036854775808 is 1 CPU with no zero warning.
 */
static void values_cut_to_32_bits(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "cpus=-1", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.max-cpus", "cpus",
		   "Invalid SMP CPUs -1. The max CPUs supported by machine "
		   "'pc-q35-7.2' is 288");
	run_fini(&r);
	run_smp(&r, &q35_72, "4,maxcpus=-1", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.max-cpus", "maxcpus",
		   "Invalid SMP CPUs -1. The max CPUs supported by machine "
		   "'pc-q35-7.2' is 288");
	run_fini(&r);
	run_smp(&r, &q35_72, "cpus=4294967298", NULL);
	assert_topo(&r, 2, 2, 1, 1, 1, 2, 1);
	run_fini(&r);
	run_smp(&r, &q35_72, "cpus=-9223372036854775808", NULL);
	assert_topo(&r, 1, 1, 1, 1, 1, 1, 1);
	assert_int_equal(r.w.n, 0);
	run_fini(&r);
}

/* -M q35 -smp sockets=65536,cores=65536: the product wraps to 0. */
static void wrapped_product_hits_min_cpus(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "sockets=65536,cores=65536", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.min-cpus", NULL,
		   "Invalid SMP CPUs 0. The min CPUs supported by machine "
		   "'pc-q35-7.2' is 1");
	run_fini(&r);
}

/*
 * QEMU 7.2 dies of SIGFPE on -smp 8,sockets=65536,threads=65536 (it
 * divides by the wrapped product) and starts a guest for
 * -smp 2,sockets=2147483649,cores=2 (the product wraps to 2): vnuma
 * refuses both.
 */
static void overflow_refused(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "8,sockets=65536,threads=65536", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.overflow", NULL,
		   "Invalid CPU topology: product of the hierarchy overflows: "
		   "sockets (65536) * dies (1) * cores (0) * threads (65536)");
	run_fini(&r);
	run_smp(&r, &pc_61, "8,cores=65536,threads=65536", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.overflow", NULL,
		   "Invalid CPU topology: product of the hierarchy overflows: "
		   "sockets (0) * dies (1) * cores (65536) * threads (65536)");
	run_fini(&r);
	run_smp(&r, &q35_72, "2,sockets=2147483649,cores=2", NULL);
	assert_err(&r, VNUMA_E_RANGE, "smp.overflow", NULL,
		   "Invalid CPU topology: product of the hierarchy overflows: "
		   "sockets (2147483649) * dies (1) * cores (2) * threads (1)");
	run_fini(&r);
}

/* -smp 0, -smp sockets=0,cores=2, -smp 4,maxcpus=0: warned, then unset. */
static void zero_is_deprecated_not_fatal(void **state)
{
	static const char *const msg =
		"Deprecated CPU topology (considered invalid): CPU topology "
		"parameters must be greater than zero";
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "0", NULL);
	assert_topo(&r, 1, 1, 1, 1, 1, 1, 1);
	assert_int_equal(r.w.n, 1);
	assert_string_equal(vnuma_error_message(r.w.v[0]), msg);
	assert_string_equal(vnuma_error_check(r.w.v[0]),
			    "smp.zero-deprecated");
	assert_string_equal(vnuma_error_key(r.w.v[0]), "cpus");
	run_fini(&r);
	run_smp(&r, &q35_72, "sockets=0,cores=2", NULL);
	assert_topo(&r, 2, 2, 1, 1, 1, 2, 1);
	assert_int_equal(r.w.n, 1);
	run_fini(&r);
	/* One warning however many zeros. */
	run_smp(&r, &virt_72, "0,dies=0,maxcpus=0", NULL);
	assert_topo(&r, 1, 1, 1, 1, 1, 1, 1);
	assert_int_equal(r.w.n, 1);
	run_fini(&r);
}

/* Parameter 'smp.X' expects integer, members checked in QAPI order. */
static void not_a_number(void **state)
{
	static const struct {
		const char *arg, *key;
	} cases[] = {
		{ "cpus=abc", "cpus" },
		{ "maxcpus=x,cpus=y", "cpus" },
		{ "threads=x,cores=y", "cores" },
		{ "sockets=x,dies=y", "sockets" },
		{ "dies=x,clusters=y", "dies" },
		{ "clusters=x,cores=y", "clusters" },
		{ "threads=x,maxcpus=y", "threads" },
		{ "foo=1,cpus=abc", "cpus" },
		{ "cpus=9223372036854775808", "cpus" },
		{ "cpus=1.5", "cpus" },
		{ "cpus=", "cpus" },
	};
	char msg[64];
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_smp(&r, &q35_72, cases[i].arg, NULL);
		snprintf(msg, sizeof(msg), "Parameter 'smp.%s' expects integer",
			 cases[i].key);
		assert_err(&r, VNUMA_E_SYNTAX, "smp.not-integer",
			   cases[i].key, msg);
		run_fini(&r);
	}
	/* Base 0 like qemu_strtoi64: hex and octal. */
	run_smp(&r, &virt_72, "cpus=0x10", NULL);
	assert_topo(&r, 16, 16, 1, 1, 1, 16, 1);
	run_fini(&r);
	run_smp(&r, &virt_72, "cpus=010", NULL);
	assert_topo(&r, 8, 8, 1, 1, 1, 8, 1);
	run_fini(&r);
}

/* -smp 4,foo=1; cpus.x=1,sockets=abc; foo.x=1 */
static void unexpected_keys(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "4,foo=1", NULL);
	assert_err(&r, VNUMA_E_UNKNOWN, "smp.unexpected-key", "foo",
		   "Parameter 'smp.foo' is unexpected");
	run_fini(&r);
	run_smp(&r, &q35_72, "cpus.x=1,sockets=abc", NULL);
	assert_err(&r, VNUMA_E_UNKNOWN, "smp.unexpected-key", "cpus.x",
		   "Parameters 'smp.cpus.*' are unexpected");
	run_fini(&r);
	run_smp(&r, &q35_72, "foo.x=1", NULL);
	assert_err(&r, VNUMA_E_UNKNOWN, "smp.unexpected-key", "foo.x",
		   "Parameter 'smp.foo' is unexpected");
	run_fini(&r);
}

/* The error points at the value in the -smp text that carried it. */
static void error_location(void **state)
{
	struct run r;

	(void)state;
	run_smp(&r, &q35_72, "4", "sockets=2,cores=abc", NULL);
	assert_err(&r, VNUMA_E_SYNTAX, "smp.not-integer", "cores",
		   "Parameter 'smp.cores' expects integer");
	assert_string_equal(vnuma_error_text(r.err), "sockets=2,cores=abc");
	assert_int_equal(vnuma_error_offset(r.err), 16);
	run_fini(&r);
}

static void null_arguments(void **state)
{
	struct vnuma__smp s;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma__smp_parse(&s, &q35_72, NULL, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_smp_is_one_cpu),
		cmocka_unit_test(cores_preferred_since_6_2),
		cmocka_unit_test(maxcpus_drives_inference),
		cmocka_unit_test(entries_merge_later_keys_win),
		cmocka_unit_test(dies_on_x86),
		cmocka_unit_test(clusters_only_on_virt),
		cmocka_unit_test(product_must_match),
		cmocka_unit_test(maxcpus_not_below_cpus),
		cmocka_unit_test(machine_max_cpus),
		cmocka_unit_test(values_cut_to_32_bits),
		cmocka_unit_test(wrapped_product_hits_min_cpus),
		cmocka_unit_test(overflow_refused),
		cmocka_unit_test(zero_is_deprecated_not_fatal),
		cmocka_unit_test(not_a_number),
		cmocka_unit_test(unexpected_keys),
		cmocka_unit_test(error_location),
		cmocka_unit_test(null_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
