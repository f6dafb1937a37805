/* SPDX-License-Identifier: MIT */
/*
 * The machine-type table against QEMU 7.2. Each cut-off was observed with
 * the installed binaries; the command is in the comment of its test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/machine.h"

static const struct vnuma__profile *get(const char *name)
{
	const struct vnuma__profile *p = vnuma__profile_find(name);

	if (!p)
		fail_msg("no profile %s", name);
	return p;
}

/* `qemu-system-x86_64 -M help` and `qemu-system-aarch64 -M help`. */
static void every_qemu_type_is_there(void **state)
{
	static const char *const pc[] = {
		"7.2", "7.1", "7.0", "6.2", "6.1", "6.0", "5.2", "5.1",
		"5.0", "4.2", "4.1", "4.0", "3.1", "3.0", "2.12", "2.11",
		"2.10", "2.9", "2.8", "2.7", "2.6", "2.5", "2.4", "2.3",
		"2.2", "2.1", "2.0", "1.7", "1.6", "1.5", "1.4", NULL,
	};
	char name[32];
	size_t n, want = 0;

	(void)state;
	for (size_t i = 0; pc[i]; i++, want++) {
		snprintf(name, sizeof(name), "pc-i440fx-%s", pc[i]);
		assert_string_equal(get(name)->name, name);
	}
	/* q35 starts at 2.4 and has one extra "4.0.1" type. */
	for (size_t i = 0; pc[i] && strcmp(pc[i], "2.3"); i++, want++) {
		snprintf(name, sizeof(name), "pc-q35-%s", pc[i]);
		assert_string_equal(get(name)->name, name);
	}
	assert_non_null(get("pc-q35-4.0.1"));
	want++;
	/* virt starts at 2.6. */
	for (size_t i = 0; pc[i] && strcmp(pc[i], "2.5"); i++, want++) {
		snprintf(name, sizeof(name), "virt-%s", pc[i]);
		assert_string_equal(get(name)->name, name);
	}
	assert_non_null(get("none"));
	assert_non_null(get("isapc"));
	assert_non_null(get("microvm"));
	want += 3;
	vnuma__profiles(&n);
	assert_int_equal(n, want);
}

static void aliases_and_unknown_names(void **state)
{
	(void)state;
	assert_string_equal(get("pc")->name, "pc-i440fx-7.2");
	assert_string_equal(get("q35")->name, "pc-q35-7.2");
	assert_string_equal(get("virt")->name, "virt-7.2");
	/* QEMU's find_machine() is exact and case-sensitive. */
	assert_null(vnuma__profile_find("PC"));
	assert_null(vnuma__profile_find("foo"));
	assert_null(vnuma__profile_find("pc-i440fx-7.3"));
	assert_null(vnuma__profile_find("x-remote"));
	assert_null(vnuma__profile_find(""));
	assert_null(vnuma__profile_find(NULL));
}

/* Names are unique and a versioned name carries its own version. */
static void rows_are_consistent(void **state)
{
	size_t n;
	const struct vnuma__profile *v = vnuma__profiles(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char want[32];
		const char *fam = v[i].board == VNUMA__BOARD_I440FX ? "pc-i440fx"
				  : v[i].board == VNUMA__BOARD_Q35  ? "pc-q35"
								    : "virt";

		for (size_t j = i + 1; j < n; j++)
			assert_string_not_equal(v[i].name, v[j].name);
		assert_int_equal(v[i].numa_mem_align_shift, 23);
		if (v[i].board == VNUMA__BOARD_NONE ||
		    v[i].board == VNUMA__BOARD_ISAPC ||
		    v[i].board == VNUMA__BOARD_MICROVM ||
		    !strcmp(v[i].name, "pc-q35-4.0.1"))
			continue;
		snprintf(want, sizeof(want), "%s-%u.%u", fam, v[i].ver_major,
			 v[i].ver_minor);
		assert_string_equal(v[i].name, want);
	}
}

/* -M pc -smp 256, -M pc-q35-2.7/2.8 -smp 289, -M virt-2.12/3.0 -smp 513. */
static void max_cpus(void **state)
{
	(void)state;
	assert_int_equal(get("pc")->max_cpus, 255);
	assert_int_equal(get("pc-i440fx-1.4")->max_cpus, 255);
	assert_int_equal(get("q35")->max_cpus, 288);
	assert_int_equal(get("pc-q35-2.8")->max_cpus, 288);
	assert_int_equal(get("pc-q35-2.7")->max_cpus, 255);
	assert_int_equal(get("virt")->max_cpus, 512);
	assert_int_equal(get("virt-3.0")->max_cpus, 512);
	assert_int_equal(get("virt-2.12")->max_cpus, 255);
	assert_int_equal(get("none")->max_cpus, 1);
}

/* -M X -m 128M -numa node,mem=128M: accepted (deprecated) up to 5.0. */
static void numa_mem_up_to_5_0(void **state)
{
	static const char *const yes[] = { "pc-i440fx-5.0", "pc-q35-5.0",
					   "virt-5.0", "pc-i440fx-1.4", NULL };
	static const char *const no[] = { "pc-i440fx-5.1", "pc-q35-5.1",
					  "virt-5.1", "pc", "q35", "virt",
					  "none", NULL };

	(void)state;
	for (size_t i = 0; yes[i]; i++)
		assert_true(get(yes[i])->numa_mem_supported);
	for (size_t i = 0; no[i]; i++)
		assert_false(get(no[i])->numa_mem_supported);
}

/*
 * -M X -m 1G,slots=2,maxmem=4G: "info numa" shows 1 node from pc/q35 2.11
 * and virt 4.2 on; -m 1G,maxmem=4G (no slots) from 5.1 on.
 */
static void auto_enable_numa(void **state)
{
	(void)state;
	assert_false(get("pc-i440fx-2.10")->auto_enable_numa_with_memhp);
	assert_true(get("pc-i440fx-2.11")->auto_enable_numa_with_memhp);
	assert_false(get("pc-q35-2.10")->auto_enable_numa_with_memhp);
	assert_true(get("pc-q35-2.11")->auto_enable_numa_with_memhp);
	assert_false(get("virt-4.1")->auto_enable_numa_with_memhp);
	assert_true(get("virt-4.2")->auto_enable_numa_with_memhp);
	assert_false(get("pc-i440fx-5.0")->auto_enable_numa_with_memdev);
	assert_true(get("pc-i440fx-5.1")->auto_enable_numa_with_memdev);
	assert_false(get("pc-q35-5.0")->auto_enable_numa_with_memdev);
	assert_true(get("q35")->auto_enable_numa_with_memdev);
	assert_false(get("virt-5.0")->auto_enable_numa_with_memdev);
	assert_true(get("virt-5.1")->auto_enable_numa_with_memdev);
	assert_false(get("none")->auto_enable_numa_with_memhp);
	assert_false(get("pc")->auto_enable_numa);
}

/* -M none -numa node: "NUMA is not supported by this machine-type". */
static void none_has_no_numa(void **state)
{
	const struct vnuma__profile *p = get("none");

	(void)state;
	assert_false(p->numa_supported);
	assert_int_equal(p->cpu_map, VNUMA__CPU_MAP_NONE);
	/* -M none: base-memory 0; -M none -m 1G: backend "ram". */
	assert_int_equal(p->default_ram_size, 0);
	assert_string_equal(p->default_ram_id, "ram");
	assert_false(p->nvdimm_supported);
	assert_true(get("pc")->numa_supported);
	assert_true(get("virt-2.6")->numa_supported);
}

/* query-hotpluggable-cpus: x86 socket/(die)/core/thread. */
static void cpu_properties(void **state)
{
	const struct vnuma__profile *x = get("pc-q35-2.4");
	const struct vnuma__profile *a = get("virt-2.6");

	(void)state;
	assert_true(x->has_socket_id && x->has_die_id && x->has_core_id &&
		    x->has_thread_id);
	assert_false(x->has_cluster_id);
	assert_true(x->smp_dies_supported);
	/* -M q35 -smp 2,clusters=2: "clusters not supported by ..." */
	assert_false(x->smp_clusters_supported);
	assert_int_equal(x->cpu_map, VNUMA__CPU_MAP_SOCKET);
	assert_true(a->has_socket_id && a->has_cluster_id && a->has_core_id &&
		    a->has_thread_id);
	assert_false(a->has_die_id);
	/* -M virt-2.6 -smp 2,clusters=2 is accepted; dies=2 is not. */
	assert_true(a->smp_clusters_supported);
	assert_false(a->smp_dies_supported);
	assert_int_equal(a->cpu_map, VNUMA__CPU_MAP_VIRT);
}

/* -M pc-X -smp 4: four sockets up to 6.1, one socket from 6.2. */
static void prefer_sockets_before_6_2(void **state)
{
	(void)state;
	assert_true(get("pc-i440fx-6.1")->smp_prefer_sockets);
	assert_false(get("pc-i440fx-6.2")->smp_prefer_sockets);
	assert_true(get("pc-q35-6.1")->smp_prefer_sockets);
	assert_false(get("q35")->smp_prefer_sockets);
	assert_true(get("virt-6.1")->smp_prefer_sockets);
	assert_false(get("virt-6.2")->smp_prefer_sockets);
}

/* info memdev: "pc.ram", "mach-virt.ram"; -M X: base-memory 128 MiB. */
static void ram_defaults(void **state)
{
	(void)state;
	assert_string_equal(get("pc")->default_ram_id, "pc.ram");
	assert_string_equal(get("pc-q35-3.0")->default_ram_id, "pc.ram");
	assert_string_equal(get("virt-2.9")->default_ram_id, "mach-virt.ram");
	assert_int_equal(get("pc")->default_ram_size, 128 << 20);
	assert_int_equal(get("q35")->default_ram_size, 128 << 20);
	assert_int_equal(get("virt")->default_ram_size, 128 << 20);
}

/*
 * -M pc-i440fx-2.0 -m 1G,slots=2,maxmem=4G: "-memory 'slots|maxmem'" is
 * not supported; -M pc-i440fx-1.4: "Machine type ... is deprecated".
 */
static void old_pc_types(void **state)
{
	(void)state;
	assert_false(get("pc-i440fx-2.0")->has_reserved_memory);
	assert_true(get("pc-i440fx-2.1")->has_reserved_memory);
	assert_true(get("pc-q35-2.4")->has_reserved_memory);
	assert_string_equal(get("pc-i440fx-1.7")->deprecation_reason,
			    "old and unattended - use a newer version instead");
	assert_null(get("pc-i440fx-2.0")->deprecation_reason);
	assert_null(get("pc-q35-2.4")->deprecation_reason);
	/* -M virt-2.6,nvdimm=x: the property exists on every virt. */
	assert_true(get("virt-2.6")->nvdimm_supported);
	assert_true(get("pc-i440fx-1.4")->nvdimm_supported);
}

/*
 * isapc: -M isapc -smp 2: "Invalid SMP CPUs 2. The max CPUs supported by
 * machine 'isapc' is 1"; -M isapc -m 1G -numa node,mem=1G: "Parameter
 * -numa node,mem is not supported by this machine type" (memdev works);
 * -m 1G,slots=0,maxmem=2G: "-memory 'slots|maxmem'" is not supported;
 * query-memdev shows "pc.ram"; its one CPU is a 486.
 */
static void isapc(void **state)
{
	const struct vnuma__profile *p = get("isapc");

	(void)state;
	assert_null(p->alias);
	assert_int_equal(p->arch, VNUMA__ARCH_X86);
	assert_int_equal(p->board, VNUMA__BOARD_ISAPC);
	assert_int_equal(p->max_cpus, 1);
	assert_true(p->numa_supported);
	assert_false(p->numa_mem_supported);
	assert_false(p->has_reserved_memory);
	assert_string_equal(p->default_ram_id, "pc.ram");
	assert_int_equal(p->default_ram_size, 128ull << 20);
	assert_int_equal(p->cpu_map, VNUMA__CPU_MAP_SOCKET);
	assert_true(p->nvdimm_supported);
	assert_false(p->smp_prefer_sockets);
	assert_null(p->deprecation_reason);
	assert_string_equal(p->default_cpu_model, "486");
	assert_null(get("pc")->default_cpu_model);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_qemu_type_is_there),
		cmocka_unit_test(aliases_and_unknown_names),
		cmocka_unit_test(rows_are_consistent),
		cmocka_unit_test(max_cpus),
		cmocka_unit_test(numa_mem_up_to_5_0),
		cmocka_unit_test(auto_enable_numa),
		cmocka_unit_test(none_has_no_numa),
		cmocka_unit_test(cpu_properties),
		cmocka_unit_test(prefer_sockets_before_6_2),
		cmocka_unit_test(ram_defaults),
		cmocka_unit_test(old_pc_types),
		cmocka_unit_test(isapc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
