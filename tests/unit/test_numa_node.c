/* SPDX-License-Identifier: MIT */
/* -numa node rules, each with QEMU 7.2's verdict and message. */
#include "pipeline.h"

#define Q35_2G "-M", "q35", "-m", "2G"
#define M0 "-object", "memory-backend-ram,id=m0,size=1G"
#define M1 "-object", "memory-backend-ram,id=m1,size=1G"

static void auto_numbered_nodes(void **s)
{
	struct run r = RUN(Q35_2G, "-smp", "2", M0, M1,
			   "-numa", "node,memdev=m0,cpus=0",
			   "-numa", "node,memdev=m1,cpus=1");

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_node_count(r.t), 2);
	assert_string_equal(node_memdev(r.t, 1), "m1");
	assert_int_equal(node_mem(r.t, 0), 1u << 30);
	run_free(&r);
}

static void duplicate_nodeid(void **s)
{
	struct run r = RUN(Q35_2G, "-numa", "node,nodeid=1",
			   "-numa", "node,nodeid=1");

	(void)s;
	assert_rejected(r, VNUMA_E_DUPLICATE, "numa.duplicate-nodeid",
			"nodeid", "Duplicate NUMA nodeid: 1");
	assert_string_equal(vnuma_error_option(r.e), "-numa");
	assert_string_equal(vnuma_error_text(r.e), "node,nodeid=1");
	/* The location points at the value that is wrong. */
	assert_int_equal(vnuma_error_offset(r.e), 12);
	assert_int_equal(vnuma_error_length(r.e), 1);
	run_free(&r);
}

static void node_limit(void **s)
{
	struct run r = RUN(Q35_2G, "-numa", "node,nodeid=128");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.max-nodes", "nodeid",
			"Max number of NUMA nodes reached: 128");
	run_free(&r);
}

static void node_limit_can_be_lifted(void **s)
{
	vnuma_config_options co = VNUMA_CONFIG_OPTIONS_INIT;
	const char *argv[] = { "-M", "q35", "-m", "2G", "-object",
			       "memory-backend-ram,id=m0,size=2G", "-numa",
			       "node,nodeid=0", "-numa",
			       "node,nodeid=200,memdev=m0", NULL };
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	(void)s;
	co.max_nodes = 1024;
	assert_int_equal(vnuma_config_new(&cfg, &co, &e), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, 10, argv, 0, &e), 0);
	/* 200 is fine under the lifted limit; ids 1..199 are missing. */
	assert_int_equal(vnuma_topology_new(&t, cfg, &e), VNUMA_E_MISSING);
	assert_string_equal(vnuma_error_message(e), "numa: Node ID missing: 199");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

static void cpu_index_beyond_maxcpus(void **s)
{
	struct run r = RUN(Q35_2G, "-smp", "2,maxcpus=4",
			   "-numa", "node,cpus=4");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.cpu-index-range", "cpus",
			"CPU index (4) should be smaller than maxcpus (4)");
	run_free(&r);
}

static void cpu_on_two_nodes(void **s)
{
	struct run r = RUN(Q35_2G, "-smp", "4", "-numa", "node,cpus=0-1",
			   "-numa", "node,cpus=1");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.cpu-already-assigned",
			"cpus", "CPU is already assigned to node-id: 0");
	run_free(&r);
}

static void mem_then_memdev_mix(void **s)
{
	struct run r = RUN("-M", "pc-i440fx-5.0", "-m", "2G", M1,
			   "-numa", "node,mem=1G", "-numa", "node,memdev=m1");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.mem-memdev-mix", NULL,
			"numa configuration should use either mem= or memdev=,"
			"mixing both is not allowed");
	run_free(&r);
}

static void memdev_then_mem_mix(void **s)
{
	struct run r = RUN("-M", "pc-i440fx-5.0", "-m", "2G", M0,
			   "-numa", "node,memdev=m0", "-numa", "node,mem=1G");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.mem-memdev-mix", NULL,
			"numa configuration should use either mem= or memdev=,"
			"mixing both is not allowed");
	run_free(&r);
}

static void mem_not_on_new_types(void **s)
{
	struct run r = RUN(Q35_2G, "-numa", "node,mem=2G");

	(void)s;
	assert_rejected(r, VNUMA_E_UNSUPPORTED, "numa.mem-unsupported", "mem",
			"Parameter -numa node,mem is not supported by this "
			"machine type");
	assert_string_equal(vnuma_error_hint(r.e),
			    "Use -numa node,memdev instead\n");
	run_free(&r);
}

static void legacy_mem_is_mib_and_deprecated(void **s)
{
	struct run r = RUN("-M", "pc-i440fx-5.0", "-m", "1G",
			   "-numa", "node,mem=512", "-numa", "node,mem=512M");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_mem(r.t, 0), 512u << 20);
	assert_int_equal(node_mem(r.t, 1), 512u << 20);
	assert_string_equal(warning_text(&r, 0),
			    "Parameter -numa node,mem is deprecated, use -numa "
			    "node,memdev instead");
	assert_string_equal(vnuma_error_text(vnuma_topology_warning(r.t, 0)),
			    "node,mem=512");
	run_free(&r);
}

/* QEMU prints the warnings it gave before the error; so must the caller. */
static void warnings_survive_a_later_error(void **s)
{
	struct run r = RUN("-M", "pc-i440fx-5.0", "-m", "1G",
			   "-numa", "node,nodeid=0,mem=512M",
			   "-numa", "node,nodeid=2,mem=512M");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.node-id-missing", NULL,
			"numa: Node ID missing: 1");
	assert_int_equal(vnuma_error_warning_count(r.e), 2);
	assert_string_equal(vnuma_error_message(vnuma_error_warning(r.e, 1)),
			    "Parameter -numa node,mem is deprecated, use -numa "
			    "node,memdev instead");
	assert_string_equal(vnuma_error_text(vnuma_error_warning(r.e, 1)),
			    "node,nodeid=2,mem=512M");
	assert_null(vnuma_error_warning(r.e, 2));
	run_free(&r);
}

static void unknown_memdev(void **s)
{
	struct run r = RUN(Q35_2G, "-numa", "node,memdev=nope");

	(void)s;
	assert_rejected(r, VNUMA_E_UNKNOWN, "numa.memdev-unknown", "memdev",
			"memdev=nope is ambiguous");
	run_free(&r);
}

static void initiator_needs_hmat(void **s)
{
	struct run r = RUN(Q35_2G, "-numa", "node,initiator=0");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.hmat-disabled", "initiator",
			"ACPI Heterogeneous Memory Attribute Table (HMAT) is "
			"disabled, enable it with -machine hmat=on before using "
			"any of hmat specific options");
	run_free(&r);
}

/* QEMU 7.2 prints this error and goes on with the node undeclared. */
static void initiator_out_of_range_is_an_error(void **s)
{
	struct run r = RUN("-M", "q35,hmat=on", "-m", "2G",
			   "-numa", "node,initiator=200");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.initiator-range", "initiator",
			"The initiator id 200 expects an integer between 0 and "
			"127");
	run_free(&r);
}

static void numa_unsupported_machine(void **s)
{
	struct run r = RUN("-M", "none", "-numa", "node");

	(void)s;
	assert_rejected(r, VNUMA_E_UNSUPPORTED, "numa.unsupported-machine",
			NULL, "NUMA is not supported by this machine-type");
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(auto_numbered_nodes),
		cmocka_unit_test(duplicate_nodeid),
		cmocka_unit_test(node_limit),
		cmocka_unit_test(node_limit_can_be_lifted),
		cmocka_unit_test(cpu_index_beyond_maxcpus),
		cmocka_unit_test(cpu_on_two_nodes),
		cmocka_unit_test(mem_then_memdev_mix),
		cmocka_unit_test(memdev_then_mem_mix),
		cmocka_unit_test(mem_not_on_new_types),
		cmocka_unit_test(legacy_mem_is_mib_and_deprecated),
		cmocka_unit_test(warnings_survive_a_later_error),
		cmocka_unit_test(unknown_memdev),
		cmocka_unit_test(initiator_needs_hmat),
		cmocka_unit_test(initiator_out_of_range_is_an_error),
		cmocka_unit_test(numa_unsupported_machine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
