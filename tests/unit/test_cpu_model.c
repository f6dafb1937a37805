/* SPDX-License-Identifier: MIT */
/* The -cpu model's one effect on the topology: the AMD SMT warning. */
#include "pipeline.h"

static void amd_default_model_warns_with_threads(void **s)
{
	struct run r = RUN("-M", "q35", "-smp", "4,threads=2");
	const vnuma_error *w;

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_warning_count(r.t), 1);
	w = vnuma_topology_warning(r.t, 0);
	assert_string_equal(vnuma_error_message(w),
			    "This family of AMD CPU doesn't support "
			    "hyperthreading(2)");
	assert_string_equal(vnuma_error_hint(w),
			    "Please configure -smp options properly or try "
			    "enabling topoext feature.\n");
	assert_string_equal(vnuma_error_check(w), "machine.amd-smt");
	run_free(&r);
}

static void no_warning_without_threads(void **s)
{
	struct run r = RUN("-M", "q35", "-smp", "4,cores=4");

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_warning_count(r.t), 0);
	run_free(&r);
}

static void intel_models_do_not_warn(void **s)
{
	struct run r = RUN("-M", "q35", "-cpu", "qemu32", "-smp", "4,threads=2");

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_warning_count(r.t), 0);
	run_free(&r);
}

static void versioned_and_featured_names(void **s)
{
	/* KVM: the AMD warning alone, no TCG feature warnings */
	struct run a = RUN("-accel", "kvm", "-cpu", "EPYC-Rome-v2", "-smp",
			   "2,threads=2");
	struct run b = RUN("-cpu", "max,+x2apic", "-smp", "2,threads=2");
	struct run c = RUN("-cpu", "EPYCX", "-smp", "2,threads=2");

	(void)s;
	assert_ok(a);
	assert_int_equal(vnuma_topology_warning_count(a.t), 1);
	/* TCG lacks x2apic: each CPU says so, the AMD warning after the first */
	assert_ok(b);
	assert_int_equal(vnuma_topology_warning_count(b.t), 3);
	assert_string_equal(vnuma_error_check(vnuma_topology_warning(b.t, 1)),
			    "machine.amd-smt");
	/* A model QEMU 7.2 does not have is refused before any warning. */
	assert_int_equal(c.rc, VNUMA_E_UNKNOWN);
	assert_string_equal(vnuma_error_message(c.e),
			    "unable to find CPU model 'EPYCX'");
	run_free(&a);
	run_free(&b);
	run_free(&c);
}

static void vendor_feature_overrides(void **s)
{
	struct run r = RUN("-cpu", "qemu64,vendor=GenuineIntel", "-smp",
			   "2,threads=2");

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_warning_count(r.t), 0);
	run_free(&r);
}

static void arm_never_warns(void **s)
{
	struct run r = RUN("-M", "virt", "-smp", "4,threads=2");

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_warning_count(r.t), 0);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amd_default_model_warns_with_threads),
		cmocka_unit_test(no_warning_without_threads),
		cmocka_unit_test(intel_models_do_not_warn),
		cmocka_unit_test(versioned_and_featured_names),
		cmocka_unit_test(vendor_feature_overrides),
		cmocka_unit_test(arm_never_warns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
