/* SPDX-License-Identifier: MIT */
/* -numa cpu rules. */
#include "pipeline.h"

#define Q35_4 "-M", "q35", "-m", "2G", "-smp", "4,sockets=2", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G"

static void places_by_socket(void **s)
{
	uint32_t cpus[4];
	struct run r = RUN(Q35_4, "-numa", "node,memdev=m0",
			   "-numa", "node,memdev=m1",
			   "-numa", "cpu,node-id=1,socket-id=0",
			   "-numa", "cpu,node-id=0,socket-id=1");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_cpus(r.t, 1, cpus, 4), 2);
	assert_int_equal(cpus[0], 0);
	assert_int_equal(cpus[1], 1);
	assert_int_equal(node_cpus(r.t, 0, cpus, 4), 2);
	assert_int_equal(cpus[0], 2);
	assert_int_equal(vnuma_topology_warning_count(r.t), 0);
	run_free(&r);
}

static void needs_node_id(void **s)
{
	struct run r = RUN(Q35_4, "-numa", "node", "-numa", "cpu,socket-id=0");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.cpu-missing-node-id",
			"node-id", "Missing mandatory node-id property");
	run_free(&r);
}

static void undeclared_node(void **s)
{
	struct run r = RUN(Q35_4, "-numa", "node",
			   "-numa", "cpu,node-id=3,socket-id=0");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.cpu-node-undeclared",
			"node-id",
			"Invalid node-id=3, NUMA node must be defined with -numa "
			"node,nodeid=ID before it's used with -numa "
			"cpu,node-id=ID");
	run_free(&r);
}

/* QEMU 7.2 reads its node array at this index unchecked. */
static void negative_node_id(void **s)
{
	struct run r = RUN(Q35_4, "-numa", "node", "-numa", "cpu,node-id=-1");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.cpu-node-id-range", "node-id",
			"Invalid node-id=-1, it should be between 0 and 127");
	run_free(&r);
}

static void huge_node_id(void **s)
{
	struct run r = RUN(Q35_4, "-numa", "node",
			   "-numa", "cpu,node-id=100000");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.cpu-node-id-range", "node-id",
			"Invalid node-id=100000, it should be between 0 and 127");
	run_free(&r);
}

static void no_match(void **s)
{
	struct run r = RUN(Q35_4, "-numa", "node",
			   "-numa", "cpu,node-id=0,socket-id=3");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.cpu-no-match", NULL,
			"no match found");
	run_free(&r);
}

static void property_the_machine_lacks(void **s)
{
	struct run r = RUN(Q35_4, "-numa", "node",
			   "-numa", "cpu,node-id=0,cluster-id=0");

	(void)s;
	assert_rejected(r, VNUMA_E_UNSUPPORTED, "numa.cpu-id-unsupported",
			"cluster-id", "cluster-id is not supported");
	run_free(&r);
}

static void virt_has_no_dies(void **s)
{
	struct run r = RUN("-M", "virt", "-m", "2G", "-smp", "4",
			   "-numa", "node", "-numa", "cpu,node-id=0,die-id=0");

	(void)s;
	assert_rejected(r, VNUMA_E_UNSUPPORTED, "numa.cpu-id-unsupported",
			"die-id", "die-id is not supported");
	run_free(&r);
}

static void already_assigned(void **s)
{
	struct run r = RUN(Q35_4, "-numa", "node,cpus=0", "-numa", "node",
			   "-numa",
			   "cpu,node-id=1,socket-id=0,core-id=0,thread-id=0");

	(void)s;
	assert_rejected(r, VNUMA_E_CONFLICT, "numa.cpu-already-assigned",
			NULL, "CPU is already assigned to node-id: 0");
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(places_by_socket),
		cmocka_unit_test(needs_node_id),
		cmocka_unit_test(undeclared_node),
		cmocka_unit_test(negative_node_id),
		cmocka_unit_test(huge_node_id),
		cmocka_unit_test(no_match),
		cmocka_unit_test(property_the_machine_lacks),
		cmocka_unit_test(virt_has_no_dies),
		cmocka_unit_test(already_assigned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
