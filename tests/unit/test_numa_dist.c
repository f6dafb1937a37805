/* SPDX-License-Identifier: MIT */
/* -numa dist rules and distance completion. */
#include "pipeline.h"

#define TWO_NODES "-M", "q35", "-m", "2G", "-smp", "2", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G", \
	"-numa", "node,memdev=m0,cpus=0", "-numa", "node,memdev=m1,cpus=1"
#define THREE_NODES "-M", "q35", "-m", "3G", "-smp", "3", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G", \
	"-object", "memory-backend-ram,id=m2,size=1G", \
	"-numa", "node,memdev=m0,cpus=0", "-numa", "node,memdev=m1,cpus=1", \
	"-numa", "node,memdev=m2,cpus=2"

static void undeclared_node(void **s)
{
	struct run r = RUN("-M", "q35", "-m", "2G",
			   "-numa", "dist,src=0,dst=1,val=20");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.dist-undeclared-node", "src",
			"Source/Destination NUMA node is missing. Please use "
			"'-numa node' option to declare it first.");
	run_free(&r);
}

static void dst_beyond_node_limit(void **s)
{
	struct run r = RUN(TWO_NODES, "-numa", "dist,src=0,dst=200,val=11");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.dist-range", "dst",
			"Parameter 'dst' expects an integer between 0 and 127");
	run_free(&r);
}

static void too_small(void **s)
{
	struct run r = RUN(TWO_NODES, "-numa", "dist,src=0,dst=1,val=9");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.dist-too-small", "val",
			"NUMA distance (9) is invalid, it shouldn't be less "
			"than 10.");
	run_free(&r);
}

static void local_distance(void **s)
{
	struct run r = RUN(TWO_NODES, "-numa", "dist,src=0,dst=0,val=11");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.dist-local", "val",
			"Local distance of node 0 should be 10.");
	run_free(&r);
}

static void local_distance_of_ten_is_fine(void **s)
{
	struct run r = RUN(TWO_NODES, "-numa", "dist,src=0,dst=0,val=10",
			   "-numa", "dist,src=0,dst=1,val=20");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_distance(r.t, 0, 0), 10);
	run_free(&r);
}

static void missing_parameter(void **s)
{
	struct run r = RUN(TWO_NODES, "-numa", "dist,src=0,val=20");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.missing-parameter", "dst",
			"Parameter 'dst' is missing");
	run_free(&r);
}

static void symmetric_completion(void **s)
{
	struct run r = RUN(THREE_NODES, "-numa", "dist,src=0,dst=1,val=20",
			   "-numa", "dist,src=2,dst=0,val=30",
			   "-numa", "dist,src=1,dst=2,val=40");

	(void)s;
	assert_ok(r);
	assert_true(vnuma_topology_has_distances(r.t));
	assert_int_equal(node_distance(r.t, 1, 0), 20);
	assert_int_equal(node_distance(r.t, 0, 2), 30);
	assert_int_equal(node_distance(r.t, 2, 1), 40);
	assert_int_equal(node_distance(r.t, 1, 1), 10);
	run_free(&r);
}

static void pair_missing(void **s)
{
	struct run r = RUN(THREE_NODES, "-numa", "dist,src=0,dst=1,val=20",
			   "-numa", "dist,src=1,dst=2,val=40");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.dist-missing", NULL,
			"The distance between node 0 and 2 is missing, at least "
			"one distance value between each nodes should be "
			"provided.");
	run_free(&r);
}

static void asymmetric_needs_all(void **s)
{
	struct run r = RUN(THREE_NODES, "-numa", "dist,src=0,dst=1,val=20",
			   "-numa", "dist,src=1,dst=0,val=25",
			   "-numa", "dist,src=0,dst=2,val=30",
			   "-numa", "dist,src=1,dst=2,val=40");

	(void)s;
	assert_rejected(r, VNUMA_E_MISSING, "numa.dist-asymmetric-incomplete",
			NULL,
			"At least one asymmetrical pair of distances is given, "
			"please provide distances for both directions of all "
			"node pairs.");
	run_free(&r);
}

static void asymmetric_complete(void **s)
{
	struct run r = RUN(TWO_NODES, "-numa", "dist,src=0,dst=1,val=20",
			   "-numa", "dist,src=1,dst=0,val=25");

	(void)s;
	assert_ok(r);
	assert_int_equal(node_distance(r.t, 0, 1), 20);
	assert_int_equal(node_distance(r.t, 1, 0), 25);
	run_free(&r);
}

static void no_distances(void **s)
{
	struct run r = RUN(TWO_NODES);

	(void)s;
	assert_ok(r);
	assert_false(vnuma_topology_has_distances(r.t));
	/* "No distances" is told apart from a distance of 0. */
	{
		uint8_t d = 77;

		assert_int_equal(vnuma_topology_distance(&d, r.t, 0, 1),
				 VNUMA_E_MISSING);
		assert_int_equal(d, 77);
	}
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(undeclared_node),
		cmocka_unit_test(dst_beyond_node_limit),
		cmocka_unit_test(too_small),
		cmocka_unit_test(local_distance),
		cmocka_unit_test(local_distance_of_ten_is_fine),
		cmocka_unit_test(missing_parameter),
		cmocka_unit_test(symmetric_completion),
		cmocka_unit_test(pair_missing),
		cmocka_unit_test(asymmetric_needs_all),
		cmocka_unit_test(asymmetric_complete),
		cmocka_unit_test(no_distances),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
