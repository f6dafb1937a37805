/* SPDX-License-Identifier: MIT */
/* Completion rules: what QEMU 7.2 decides once all -numa options are in. */
#include "pipeline.h"

static void implicit_node_with_hotplug(void **s)
{
	uint32_t cpus[2];
	struct run r = RUN("-M", "q35", "-m", "1G,slots=2,maxmem=4G",
			   "-smp", "2");

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_node_count(r.t), 1);
	assert_int_equal(node_mem(r.t, 0), 1u << 30);
	assert_int_equal(node_cpus(r.t, 0, cpus, 2), 2);
	run_free(&r);
}

static void no_numa_without_hotplug(void **s)
{
	struct run r = RUN("-M", "q35", "-m", "1G");

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_node_count(r.t), 0);
	run_free(&r);
}

static void largest_missing_id_first(void **s)
{
	struct run r = RUN("-M", "q35", "-m", "1G", "-numa", "node,nodeid=3",
			   "-numa", "node,nodeid=0");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.node-id-missing", NULL,
			"numa: Node ID missing: 2");
	assert_null(vnuma_error_option(r.e));
	run_free(&r);
}

static void totals_must_match(void **s)
{
	struct run r = RUN("-M", "q35", "-m", "1G", "-numa", "node",
			   "-numa", "node");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.total-memory", NULL,
			"total memory for NUMA nodes (0x0) should equal RAM size "
			"(0x40000000)");
	run_free(&r);
}

static void machine_backend_conflict(void **s)
{
	struct run r = RUN("-M", "q35,memory-backend=n", "-m", "1G",
			   "-object", "memory-backend-ram,id=m,size=1G",
			   "-object", "memory-backend-ram,id=n,size=1G",
			   "-numa", "node,memdev=m");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.machine-memdev-conflict",
			NULL,
			"'-machine memory-backend' and '-numa memdev' properties "
			"are mutually exclusive");
	run_free(&r);
}

static void backend_on_two_nodes(void **s)
{
	struct run r = RUN("-M", "q35", "-m", "2G",
			   "-object", "memory-backend-ram,id=m,size=1G",
			   "-numa", "node,memdev=m", "-numa", "node,memdev=m");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.memdev-reused", NULL,
			"memory backend m can't be used multiple times.");
	run_free(&r);
}

static void default_mapping_by_socket(void **s)
{
	uint32_t cpus[4];
	struct run r = RUN("-M", "q35", "-m", "2G", "-smp", "4,sockets=4",
			   "-object", "memory-backend-ram,id=a,size=1G",
			   "-object", "memory-backend-ram,id=b,size=1G",
			   "-numa", "node,memdev=a", "-numa", "node,memdev=b");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_cpus(r.t, 0, cpus, 4), 2);
	assert_int_equal(cpus[0], 0);
	assert_int_equal(cpus[1], 2);
	assert_int_equal(node_cpus(r.t, 1, cpus, 4), 2);
	assert_int_equal(cpus[0], 1);
	assert_int_equal(vnuma_topology_warning_count(r.t), 0);
	run_free(&r);
}

static void partial_mapping_warns(void **s)
{
	uint32_t cpus[4];
	struct run r = RUN("-M", "q35", "-m", "2G", "-smp", "4",
			   "-object", "memory-backend-ram,id=a,size=1G",
			   "-object", "memory-backend-ram,id=b,size=1G",
			   "-numa", "node,memdev=a,cpus=0-1",
			   "-numa", "node,memdev=b");

	(void)s;
	assert_ok(r);
	/* The leftovers go to node 0, not to the machine's default. */
	assert_int_equal(node_cpus(r.t, 0, cpus, 4), 4);
	assert_int_equal(vnuma_topology_warning_count(r.t), 2);
	assert_string_equal(warning_text(&r, 0),
			    "CPU(s) not present in any NUMA nodes: CPU 2 "
			    "[socket-id: 0, core-id: 2, thread-id: 0], CPU 3 "
			    "[socket-id: 0, core-id: 3, thread-id: 0]");
	assert_string_equal(warning_text(&r, 1),
			    "All CPU(s) up to maxcpus should be described in NUMA "
			    "config, ability to start up with partial NUMA mappings "
			    "is obsoleted and will be removed in future");
	run_free(&r);
}

static void split_ram_legacy(void **s)
{
	/* 1000 MiB over 3 nodes, 8 MiB alignment (pc): 328 + 328 + 344. */
	struct run r = RUN_SPLIT(VNUMA_SPLIT_RAM_LEGACY, "-M", "pc", "-m",
				 "1000M", "-numa", "node", "-numa", "node",
				 "-numa", "node");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_mem(r.t, 0), 328u << 20);
	assert_int_equal(node_mem(r.t, 1), 328u << 20);
	assert_int_equal(node_mem(r.t, 2), 344u << 20);
	assert_string_equal(warning_text(&r, 0),
			    "Default splitting of RAM between nodes is deprecated, "
			    "Use '-numa node,memdev' to explicitly define RAM "
			    "allocation per node");
	run_free(&r);
}

static void split_ram_default_carries_remainder(void **s)
{
	/* 1000 MiB / 3 = 333.33 MiB; aligned to 8 MiB with carry:
	 * 328, then 333.33+5.33 -> 336, rest 336. */
	struct run r = RUN_SPLIT(VNUMA_SPLIT_RAM_DEFAULT, "-M", "pc", "-m",
				 "1000M", "-numa", "node", "-numa", "node",
				 "-numa", "node");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_mem(r.t, 0), 328u << 20);
	assert_int_equal(node_mem(r.t, 1), 336u << 20);
	assert_int_equal(node_mem(r.t, 2), 336u << 20);
	run_free(&r);
}

static void split_ram_only_when_no_node_has_memory(void **s)
{
	struct run r = RUN_SPLIT(VNUMA_SPLIT_RAM_DEFAULT, "-M",
				 "pc-i440fx-5.0", "-m", "1G", "-numa",
				 "node,mem=512M", "-numa", "node");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.total-memory", NULL,
			"total memory for NUMA nodes (0x20000000) should equal "
			"RAM size (0x40000000)");
	run_free(&r);
}

#define HMAT2 "-M", "q35,hmat=on", "-smp", "2", "-m", "2G", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G"

static void hmat_node_without_initiator_is_accepted(void **s)
{
	struct run r = RUN(HMAT2, "-numa", "node,memdev=m0,cpus=0-1",
			   "-numa", "node,memdev=m1");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_initiator(r.t, 0), 0);
	assert_int_equal(node_initiator(r.t, 1), -1);
	run_free(&r);
}

static void hmat_initiator_without_cpus(void **s)
{
	struct run r = RUN(HMAT2, "-numa", "node,memdev=m0,cpus=0-1",
			   "-numa", "node,memdev=m1,initiator=1");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.initiator-no-cpu", NULL,
			"The initiator of NUMA node 1 is invalid");
	run_free(&r);
}

static void hmat_initiator_undeclared(void **s)
{
	struct run r = RUN(HMAT2, "-numa", "node,memdev=m0,cpus=0-1",
			   "-numa", "node,memdev=m1,initiator=5");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.initiator-undeclared", NULL,
			"NUMA node 5 is missing, use '-numa node' option to "
			"declare it first");
	run_free(&r);
}

static void hmat_cpu_node_is_its_own_initiator(void **s)
{
	struct run r = RUN(HMAT2, "-numa", "node,memdev=m0,cpus=0-1,initiator=1",
			   "-numa", "node,memdev=m1");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.cpu-initiator", "cpus",
			"The initiator of CPU NUMA node 0 should be itself (got 1)");
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(implicit_node_with_hotplug),
		cmocka_unit_test(no_numa_without_hotplug),
		cmocka_unit_test(largest_missing_id_first),
		cmocka_unit_test(totals_must_match),
		cmocka_unit_test(machine_backend_conflict),
		cmocka_unit_test(backend_on_two_nodes),
		cmocka_unit_test(default_mapping_by_socket),
		cmocka_unit_test(partial_mapping_warns),
		cmocka_unit_test(split_ram_legacy),
		cmocka_unit_test(split_ram_default_carries_remainder),
		cmocka_unit_test(split_ram_only_when_no_node_has_memory),
		cmocka_unit_test(hmat_node_without_initiator_is_accepted),
		cmocka_unit_test(hmat_initiator_without_cpus),
		cmocka_unit_test(hmat_initiator_undeclared),
		cmocka_unit_test(hmat_cpu_node_is_its_own_initiator),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
