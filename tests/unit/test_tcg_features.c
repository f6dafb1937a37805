/* SPDX-License-Identifier: MIT */
/*
 * The warnings QEMU 7.2 prints under TCG for each x86 CPU it realizes;
 * the expected lines are qemu-system-x86_64's, with -M q35 -accel tcg.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "machine/tcg_features.h"

#define W "TCG doesn't support requested feature: "

static void expect(const char *cpu, const char *const *want)
{
	struct vnuma__warnings w = { 0 };
	size_t n = 0;

	assert_int_equal(vnuma__tcg_feature_warnings(cpu, &w), VNUMA_OK);
	while (want[n])
		n++;
	assert_int_equal(w.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(vnuma_error_message(w.v[i]), want[i]);
		assert_string_equal(vnuma_error_check(w.v[i]),
				    "cpu.tcg-feature");
	}
	vnuma__warnings_fini(&w);
}

/* QEMU's order: feature word (its enum, not the leaf), then bit. */
static void model_defaults(void **state)
{
	static const char *const epyc[] = {
		W "CPUID.07H:EBX.rdseed [bit 18]",
		W "CPUID.07H:EBX.sha-ni [bit 29]",
		W "CPUID.80000001H:EDX.fxsr-opt [bit 25]",
		W "CPUID.80000001H:ECX.misalignsse [bit 7]",
		W "CPUID.80000001H:ECX.3dnowprefetch [bit 8]",
		W "CPUID.80000001H:ECX.osvw [bit 9]",
		W "CPUID.80000001H:ECX.topoext [bit 22]",
		W "CPUID.8000000AH:EDX.nrip-save [bit 3]",
		W "CPUID.0DH:EAX.xsavec [bit 1]", NULL
	};
	static const char *const none[] = { NULL };

	(void)state;
	expect("EPYC", epyc);
	expect("qemu64", none);
	expect("max", none);
	/* Not a model vnuma knows: the CPU stage refuses it, not this. */
	expect("no-such-cpu", none);
}

/* key=value first, then +feat, then -feat; check=off: nothing. */
static void flags(void **state)
{
	static const char *const e1[] = {
		W "CPUID.07H:EBX.avx512f [bit 16]",
		W "CPUID.07H:EBX.rdseed [bit 18]",
		W "CPUID.80000001H:EDX.fxsr-opt [bit 25]",
		W "CPUID.80000001H:ECX.misalignsse [bit 7]",
		W "CPUID.80000001H:ECX.3dnowprefetch [bit 8]",
		W "CPUID.80000001H:ECX.osvw [bit 9]",
		W "CPUID.80000001H:ECX.topoext [bit 22]",
		W "CPUID.8000000AH:EDX.nrip-save [bit 3]",
		W "CPUID.0DH:EAX.xsavec [bit 1]", NULL
	};
	static const char *const e2[] = {
		W "CPUID.07H:EBX.rdseed [bit 18]", NULL
	};
	static const char *const none[] = { NULL };

	(void)state;
	expect("EPYC,+rdseed,-sha-ni,avx512f=on", e1);
	/* -feat beats feat=on; +feat beats feat=off */
	expect("qemu64,rdseed=off,+rdseed,sha-ni=on,-sha-ni", e2);
	expect("EPYC,check=off", none);
	expect("qemu64,+avx512f,check=off", none);
	/* a feature TCG has: nothing to say */
	expect("qemu64,+sse4.1", none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(model_defaults),
		cmocka_unit_test(flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
