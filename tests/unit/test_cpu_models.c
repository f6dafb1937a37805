/* SPDX-License-Identifier: MIT */
/*
 * -cpu: the model tables against the installed QEMU 7.2 (`-cpu help`;
 * skipped, and reported so, without the binaries), and the checks, each
 * message as qemu-system-x86_64 / qemu-system-aarch64 7.2 printed it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/cpu_models.h"
#include "topology_internal.h"
#include "vnuma/vnuma.h"

static size_t count(const char *const *t)
{
	size_t n = 0;

	while (t[n])
		n++;
	return n;
}

static void sorted(const char *const *t)
{
	for (size_t i = 1; t[i]; i++)
		if (strcmp(t[i - 1], t[i]) >= 0)
			fail_msg("not sorted: %s, %s", t[i - 1], t[i]);
}

static void tables_sorted(void **state)
{
	(void)state;
	sorted(vnuma__x86_models);
	sorted(vnuma__arm_models);
	sorted(vnuma__x86_cpu_props);
	sorted(vnuma__arm_cpu_props);
	for (const struct vnuma__arm_model *a = vnuma__virt_models; a->name;
	     a++) {
		sorted(a->extra_props);
		assert_true(vnuma__name_in(vnuma__arm_models, a->name,
					   strlen(a->name)));
	}
}

/*
 * The models `PROGRAM -cpu help` lists: x86 prints "x86 NAME ...", arm
 * "  NAME", both after "Available CPUs:" and up to a blank line.
 */
static void compare_with(const char *program, const char *const *table,
			 bool x86)
{
	char cmd[128], line[512];
	size_t seen = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -cpu help 2>/dev/null", program);
	f = popen(cmd, "r");
	if (!f || !fgets(line, sizeof(line), f) ||
	    strncmp(line, "Available CPUs:", 15)) {
		if (f)
			pclose(f);
		skip();
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (line[0] == '\n')
			break;
		if (x86) {
			if (strncmp(p, "x86 ", 4))
				continue;
			p += 4;
		}
		while (*p == ' ')
			p++;
		end = p + strcspn(p, " \n");
		if (!vnuma__name_in(table, p, (size_t)(end - p)))
			fail_msg("%s lists %.*s, vnuma's table does not",
				 program, (int)(end - p), p);
		seen++;
	}
	pclose(f);
	assert_int_equal(seen, count(table));
}

static void x86_models_match_qemu(void **state)
{
	(void)state;
	compare_with("qemu-system-x86_64", vnuma__x86_models, true);
}

static void arm_models_match_qemu(void **state)
{
	(void)state;
	compare_with("qemu-system-aarch64", vnuma__arm_models, false);
}

struct run {
	vnuma_config *cfg;
	vnuma_topology *t;
	vnuma_error *e;
	int rc;
};

static void run(struct run *r, const char *const *args, size_t n)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(vnuma_config_new(&r->cfg, NULL, NULL), 0);
	for (size_t i = 0; i + 1 < n; i += 2)
		assert_int_equal(vnuma_config_add(r->cfg, args[i], args[i + 1],
						  NULL), 0);
	r->rc = vnuma_topology_new(&r->t, r->cfg, &r->e);
}

static void done(struct run *r)
{
	vnuma_error_free(r->e);
	vnuma_topology_free(r->t);
	vnuma_config_free(r->cfg);
}

#define OK(...)                                                           \
	do {                                                              \
		const char *const a_[] = { __VA_ARGS__ };                 \
		run(&r, a_, sizeof(a_) / sizeof(a_[0]));                  \
		if (r.rc)                                                 \
			fail_msg("%s", vnuma_error_message(r.e));         \
		done(&r);                                                 \
	} while (0)
#define NO(check, msg, ...)                                               \
	do {                                                              \
		const char *const a_[] = { __VA_ARGS__ };                 \
		run(&r, a_, sizeof(a_) / sizeof(a_[0]));                  \
		if (!r.e)                                                 \
			fail_msg("accepted, expected %s", msg);           \
		assert_string_equal(vnuma_error_message(r.e), msg);       \
		assert_string_equal(vnuma_error_check(r.e), check);       \
		done(&r);                                                 \
	} while (0)

static void models(void **state)
{
	struct run r;

	(void)state;
	OK("-M", "q35", "-cpu", "Skylake-Server-v4");
	OK("-M", "q35", "-cpu", "EPYC-Rome");
	OK("-M", "q35", "-cpu", "qemu64,,");
	NO("cpu.unknown-model", "unable to find CPU model 'nosuch'", "-M",
	   "q35", "-cpu", "nosuch");
	/* Names are case-sensitive and are not class names. */
	NO("cpu.unknown-model", "unable to find CPU model 'skylake-server'",
	   "-M", "q35", "-cpu", "skylake-server");
	NO("cpu.unknown-model",
	   "unable to find CPU model 'Skylake-Server-x86_64-cpu'", "-M", "q35",
	   "-cpu", "Skylake-Server-x86_64-cpu");
	NO("cpu.empty", "-cpu option cannot be empty", "-M", "q35", "-cpu",
	   "");
	NO("cpu.unknown-model", "unable to find CPU model 'nosuch'", "-M",
	   "virt", "-cpu", "nosuch");
	/* This aarch64 build (on x86) has no "host" model. */
	NO("cpu.unknown-model", "unable to find CPU model 'host'", "-M",
	   "virt", "-cpu", "host");
	/* After the backends (their errors first), before -numa. */
	NO("cpu.unknown-model", "unable to find CPU model 'nosuch'", "-M",
	   "q35", "-cpu", "nosuch", "-numa", "node,nodeid=200");
	NO("smp.product-mismatch",
	   "Invalid CPU topology: product of the hierarchy must match "
	   "maxcpus: sockets (3) * dies (1) * cores (1) * threads (1) != "
	   "maxcpus (4)", "-M", "q35", "-cpu", "nosuch", "-smp", "4,sockets=3");
	NO("cpu.virt-unsupported",
	   "mach-virt: CPU type cortex-m3-arm-cpu not supported", "-M", "virt",
	   "-cpu", "cortex-m3");
}

static void features(void **state)
{
	struct run r;

	(void)state;
	OK("-M", "q35", "-cpu", "Skylake-Server,-hle");
	OK("-M", "q35", "-cpu", "qemu64,+sse4_1,-x2apic,pdpe1gb=on,vmx");
	OK("-M", "q35", "-cpu", "max,migratable=off");
	OK("-M", "q35", "-cpu", "host,+x2apic", "-accel", "kvm");
	NO("cpu.host-needs-kvm", "CPU model 'host' requires KVM or HVF", "-M",
	   "q35", "-cpu", "host,+x2apic");
	NO("cpu.unknown-feature",
	   "Property 'qemu64-x86_64-cpu.nosuchflag' not found", "-M", "q35",
	   "-cpu", "qemu64,+nosuchflag");
	NO("cpu.unknown-feature",
	   "Property 'qemu64-x86_64-cpu.nosuch' not found", "-M", "q35", "-cpu",
	   "qemu64,-nosuch");
	NO("cpu.unknown-feature",
	   "can't apply global qemu64-x86_64-cpu.foo=on: Property "
	   "'qemu64-x86_64-cpu.foo' not found", "-M", "q35", "-cpu",
	   "qemu64,foo");
	NO("cpu.unknown-feature",
	   "can't apply global qemu64-x86_64-cpu.migratable=off: Property "
	   "'qemu64-x86_64-cpu.migratable' not found", "-M", "q35", "-cpu",
	   "qemu64,migratable=off");
	/* Globals are applied before +feat is set. */
	NO("cpu.unknown-feature",
	   "can't apply global qemu64-x86_64-cpu.foo=bar: Property "
	   "'qemu64-x86_64-cpu.foo' not found", "-M", "q35", "-cpu",
	   "qemu64,+nosuch,foo=bar");
	NO("cpu.unknown-feature",
	   "can't apply global EPYC-x86_64-cpu.foo=bar: Property "
	   "'EPYC-x86_64-cpu.foo' not found", "-M", "q35", "-cpu",
	   "EPYC,foo=bar", "-smp", "4,threads=2");
	OK("-M", "virt", "-cpu", "cortex-a57,pmu=off");
	OK("-M", "virt", "-cpu", "max,sve=on,sve256=on");
	NO("cpu.unknown-feature",
	   "can't apply global cortex-a57-arm-cpu.sve=on: Property "
	   "'cortex-a57-arm-cpu.sve' not found", "-M", "virt", "-cpu",
	   "cortex-a57,sve=on");
	NO("cpu.feature-format", "Expected key=value format, found +pmu.", "-M",
	   "virt", "-cpu", "cortex-a57,+pmu");
	NO("cpu.feature-format", "Expected key=value format, found pmu.", "-M",
	   "virt", "-cpu", "cortex-a57,pmu");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tables_sorted),
		cmocka_unit_test(x86_models_match_qemu),
		cmocka_unit_test(arm_models_match_qemu),
		cmocka_unit_test(models),
		cmocka_unit_test(features),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
