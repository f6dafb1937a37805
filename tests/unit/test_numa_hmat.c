/* SPDX-License-Identifier: MIT */
/*
 * -numa hmat-lb and hmat-cache rules, the 16-bit compression of the
 * latency and bandwidth tables, and a comparison with the HMAT QEMU 7.2
 * gave a guest for the same options (tests/fixtures/hmat-*).
 */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>

/* Node 0 has the CPUs, node 1 is memory whose initiator is node 0. */
#define HMAT2 "-M", "q35,hmat=on", "-m", "2G", "-smp", "2", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G", \
	"-numa", "node,memdev=m0,cpus=0-1", \
	"-numa", "node,memdev=m1,initiator=0"
#define LAT "hierarchy=memory,data-type=access-latency"
#define BW "hierarchy=memory,data-type=access-bandwidth"
/* Latency and bandwidth for node 1, so that it may have caches. */
#define LB1 "-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=10", \
	"-numa", "hmat-lb,initiator=0,target=1," BW ",bandwidth=1G"
#define CACHE "associativity=direct,policy=write-back,line=64"

#define REJECTS(status, check, key, msg, ...)                        \
	do {                                                         \
		struct run r_ = RUN(__VA_ARGS__);                    \
		assert_rejected(r_, status, check, key, msg);        \
		run_free(&r_);                                       \
	} while (0)

#define ACCEPTS(...)                                                 \
	do {                                                         \
		struct run r_ = RUN(__VA_ARGS__);                    \
		assert_ok(r_);                                       \
		run_free(&r_);                                       \
	} while (0)

/* Table i of an accepted run. */
static vnuma_hmat_lb_info table(const struct run *r, size_t i)
{
	vnuma_hmat_lb_info lb = VNUMA_INFO_INIT(vnuma_hmat_lb_info);

	assert_int_equal(vnuma_topology_hmat_lb(&lb, r->t, i), 0);
	return lb;
}

static void lb_needs_hmat(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_CONFLICT, "numa.hmat-disabled", NULL,
		"ACPI Heterogeneous Memory Attribute Table (HMAT) is disabled, "
		"enable it with -machine hmat=on before using any of hmat "
		"specific options",
		"-M", "q35", "-numa", "hmat-lb,initiator=0,target=0," LAT
		",latency=1");
}

/* QEMU reads every field before it looks at hmat=on. */
static void lb_fields_before_hmat_check(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_SYNTAX, "opts.bad-enum", "hierarchy",
		"Parameter 'hierarchy' does not accept value 'l4'",
		"-M", "q35", "-numa",
		"hmat-lb,initiator=0,target=0,hierarchy=l4,data-type=x");
	REJECTS(VNUMA_E_MISSING, "numa.missing-parameter", "target",
		"Parameter 'target' is missing", "-M", "q35", "-numa",
		"hmat-lb,initiator=0");
	REJECTS(VNUMA_E_UNKNOWN, "opts.unknown-key", "foo",
		"Invalid parameter 'foo'", "-M", "q35", "-numa",
		"hmat-lb,initiator=0,target=0," LAT ",latency=1,foo=1");
}

/* A machine without NUMA says so before looking at hmat=on. */
static void hmat_options_need_numa_machine(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_UNSUPPORTED, "numa.unsupported-machine", NULL,
		"NUMA is not supported by this machine-type", "-M", "none",
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=1");
	REJECTS(VNUMA_E_UNSUPPORTED, "numa.unsupported-machine", NULL,
		"NUMA is not supported by this machine-type", "-M", "none",
		"-numa", "hmat-cache,node-id=0,size=1K,level=1," CACHE);
}

static void lb_missing_fields(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_MISSING, "numa.missing-parameter", "initiator",
		"Parameter 'initiator' is missing", HMAT2, "-numa", "hmat-lb");
	REJECTS(VNUMA_E_MISSING, "numa.missing-parameter", "hierarchy",
		"Parameter 'hierarchy' is missing", HMAT2, "-numa",
		"hmat-lb,initiator=0,target=0");
	REJECTS(VNUMA_E_MISSING, "numa.missing-parameter", "data-type",
		"Parameter 'data-type' is missing", HMAT2, "-numa",
		"hmat-lb,initiator=0,target=0,hierarchy=memory");
	REJECTS(VNUMA_E_SYNTAX, "opts.bad-enum", "data-type",
		"Parameter 'data-type' does not accept value 'x'", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0,hierarchy=memory,"
		"data-type=x");
	REJECTS(VNUMA_E_RANGE, "opts.out-of-range", "initiator",
		"Parameter 'initiator' expects uint16_t", HMAT2, "-numa",
		"hmat-lb,initiator=65536,target=0," LAT ",latency=1");
}

static void lb_node_ranges(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-node-range", "initiator",
		"Invalid initiator=3, it should be less than 2", HMAT2,
		"-numa", "hmat-lb,initiator=3,target=0," LAT ",latency=1");
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-node-range", "target",
		"Invalid target=3, it should be less than 2", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=3," LAT ",latency=1");
	/* The initiator is checked first. */
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-node-range", "initiator",
		"Invalid initiator=5, it should be less than 2", HMAT2,
		"-numa", "hmat-lb,initiator=5,target=9," LAT ",latency=1");
}

/* QEMU 7.2's '>' lets an id equal to the count through; vnuma does not. */
static void lb_id_equal_to_count(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-node-range", "initiator",
		"Invalid initiator=2, it should be less than 2", HMAT2,
		"-numa", "hmat-lb,initiator=2,target=0," LAT ",latency=1");
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-node-range", "target",
		"Invalid target=2, it should be less than 2", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=2," LAT ",latency=1");
	/* ... unless that node was declared out of order, as QEMU allows. */
	ACCEPTS("-M", "q35,hmat=on", "-m", "2G", "-smp", "2",
		"-object", "memory-backend-ram,id=m0,size=1G",
		"-object", "memory-backend-ram,id=m1,size=1G",
		"-numa", "node,nodeid=1,memdev=m1,cpus=0-1",
		"-numa", "hmat-lb,initiator=1,target=1," LAT ",latency=10",
		"-numa", "node,nodeid=0,memdev=m0,initiator=1");
}

static void lb_initiator_needs_cpus(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_CONFLICT, "numa.hmat-lb-not-initiator", "initiator",
		"Invalid initiator=1, it isn't an initiator proximity domain",
		HMAT2, "-numa", "hmat-lb,initiator=1,target=0," LAT
		",latency=1");
	/* Default CPU placement comes after the -numa options. */
	REJECTS(VNUMA_E_CONFLICT, "numa.hmat-lb-not-initiator", "initiator",
		"Invalid initiator=0, it isn't an initiator proximity domain",
		"-M", "q35,hmat=on", "-m", "2G", "-smp", "2",
		"-object", "memory-backend-ram,id=m0,size=1G",
		"-object", "memory-backend-ram,id=m1,size=1G",
		"-numa", "node,memdev=m0", "-numa", "node,memdev=m1",
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=1");
}

static void lb_target_must_exist(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_MISSING, "numa.hmat-lb-target-undeclared", "target",
		"The target=1 should point to an existing node",
		"-M", "q35,hmat=on", "-m", "2G", "-smp", "2",
		"-object", "memory-backend-ram,id=m0,size=1G",
		"-object", "memory-backend-ram,id=m1,size=1G",
		"-numa", "node,nodeid=0,memdev=m0,cpus=0-1",
		"-numa", "node,nodeid=2,memdev=m1",
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=1");
}

static void lb_value_by_data_type(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_MISSING, "numa.hmat-lb-missing-value", "latency",
		"Missing 'latency' option", HMAT2, "-numa",
		"hmat-lb,initiator=0,target=0," LAT);
	REJECTS(VNUMA_E_MISSING, "numa.hmat-lb-missing-value", "latency",
		"Missing 'latency' option", HMAT2, "-numa",
		"hmat-lb,initiator=0,target=0," LAT ",bandwidth=1M");
	REJECTS(VNUMA_E_MISSING, "numa.hmat-lb-missing-value", "bandwidth",
		"Missing 'bandwidth' option", HMAT2, "-numa",
		"hmat-lb,initiator=0,target=0," BW);
	REJECTS(VNUMA_E_CONFLICT, "numa.hmat-lb-wrong-value", "bandwidth",
		"Invalid option 'bandwidth' since the data type is latency",
		HMAT2, "-numa", "hmat-lb,initiator=0,target=0," LAT
		",latency=1,bandwidth=1M");
	REJECTS(VNUMA_E_CONFLICT, "numa.hmat-lb-wrong-value", "latency",
		"Invalid option 'latency' since the data type is bandwidth",
		HMAT2, "-numa", "hmat-lb,initiator=0,target=0," BW
		",bandwidth=1M,latency=1");
}

static void lb_bandwidth_mib_aligned(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-bandwidth-align", "bandwidth",
		"Bandwidth 1536000 between initiator=0 and target=1 should be "
		"1MB aligned", HMAT2, "-numa",
		"hmat-lb,initiator=0,target=1," BW ",bandwidth=1500K");
}

static void lb_duplicates(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_DUPLICATE, "numa.hmat-lb-duplicate", NULL,
		"Duplicate configuration of the latency for initiator=0 and "
		"target=1", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=1",
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=2");
	REJECTS(VNUMA_E_DUPLICATE, "numa.hmat-lb-duplicate", NULL,
		"Duplicate configuration of the bandwidth for initiator=0 and "
		"target=1", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=1," BW ",bandwidth=1M",
		"-numa", "hmat-lb,initiator=0,target=1," BW ",bandwidth=2M");
	/* The new value's alignment is checked first. */
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-bandwidth-align", "bandwidth",
		"Bandwidth 1000 between initiator=0 and target=1 should be 1MB "
		"aligned", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=1," BW ",bandwidth=1M",
		"-numa", "hmat-lb,initiator=0,target=1," BW ",bandwidth=1000");
	/* One table per hierarchy and data type. */
	ACCEPTS(HMAT2,
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=1",
		"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
		"data-type=read-latency,latency=1",
		"-numa", "hmat-lb,initiator=0,target=1,hierarchy=first-level,"
		"data-type=access-latency,latency=1");
}

#define LAT_RANGE_MSG(v)                                                \
	"Latency " v " between initiator=0 and target=1 should not differ " \
	"from previously entered min or max values on more than 65534"

static void lb_latency_range(void **s)
{
	(void)s;
	ACCEPTS(HMAT2, "-numa", "hmat-lb,initiator=0,target=0," LAT
		",latency=1", "-numa", "hmat-lb,initiator=0,target=1," LAT
		",latency=65534");
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-latency-range", "latency",
		LAT_RANGE_MSG("65535"), HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=1",
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=65535");
	/* A base of 100: 6553400 is 65534 of them. */
	ACCEPTS(HMAT2, "-numa", "hmat-lb,initiator=0,target=0," LAT
		",latency=100", "-numa", "hmat-lb,initiator=0,target=1," LAT
		",latency=6553400");
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-latency-range", "latency",
		LAT_RANGE_MSG("6553500"), HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=100",
		"-numa", "hmat-lb,initiator=0,target=1," LAT
		",latency=6553500");
}

/*
 * QEMU 7.2 checks a latency against the base before this latency lowers
 * it, and writes the earlier entries wrapped to 16 bits (70000 then 1:
 * 4464). vnuma rejects what QEMU would write wrapped.
 */
static void lb_latency_never_wraps(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-latency-range", "latency",
		LAT_RANGE_MSG("1"), HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=70000",
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=1");
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-latency-range", "latency",
		"Latency 70001 between initiator=0 and target=0 should not "
		"differ from previously entered min or max values on more "
		"than 65534", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=70001");
}

#define BW_RANGE_MSG(v)                                                   \
	"Bandwidth " v " between initiator=0 and target=1 should not differ " \
	"from previously entered values on more than 65534"

static void lb_bandwidth_range(void **s)
{
	(void)s;
	ACCEPTS(HMAT2, "-numa", "hmat-lb,initiator=0,target=0," BW
		",bandwidth=1M", "-numa", "hmat-lb,initiator=0,target=1," BW
		",bandwidth=65534M");
	/* 65535 MiB spans 16 bits, but is the reserved entry 0xFFFF. */
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-bandwidth-range", "bandwidth",
		BW_RANGE_MSG("68718428160"), HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," BW ",bandwidth=1M",
		"-numa", "hmat-lb,initiator=0,target=1," BW
		",bandwidth=65535M");
	/* 1 MiB and 128 GiB: bits 20 and 37 are 17 apart. */
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-bandwidth-range", "bandwidth",
		BW_RANGE_MSG("137438953472"), HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," BW ",bandwidth=1M",
		"-numa", "hmat-lb,initiator=0,target=1," BW ",bandwidth=128G");
	/* In the other order the new, small value widens the span. */
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-bandwidth-range", "bandwidth",
		BW_RANGE_MSG("1048576"), HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," BW ",bandwidth=128G",
		"-numa", "hmat-lb,initiator=0,target=1," BW ",bandwidth=1M");
}

/* QEMU keeps the HMAT's base in 32 bits; vnuma refuses what wraps. */
static void lb_base_overflow(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-base-overflow", NULL,
		"The latency base unit of hierarchy=memory and "
		"data-type=access-latency (10000000 ns) is too large for the "
		"HMAT", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT
		",latency=20000000");
	REJECTS(VNUMA_E_RANGE, "numa.hmat-lb-base-overflow", NULL,
		"The bandwidth base unit of hierarchy=memory and "
		"data-type=access-bandwidth (4503599627370496 bytes/s) is too "
		"large for the HMAT", HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," BW ",bandwidth=4P");
	/* A smaller latency later brings the base back in range. */
	ACCEPTS(HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT
		",latency=20000000",
		"-numa", "hmat-lb,initiator=0,target=1," LAT
		",latency=1000000");
}

/* The base: the largest power of ten dividing every latency. */
static void compress_latency(void **s)
{
	struct run r = RUN(HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=300",
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=2000");
	vnuma_hmat_lb_info lb = VNUMA_INFO_INIT(vnuma_hmat_lb_info);

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_hmat_lb_count(r.t), 1);
	lb = table(&r, 0);
	assert_int_equal(lb.unit, 100);
	assert_int_equal(lb.base, 100 * 1000); /* picoseconds */
	assert_int_equal(lb.entries[0], 3);
	assert_int_equal(lb.entries[1], 20);
	run_free(&r);
}

/* 30 and 7 share no power of ten: the base falls to 1 ns. */
static void compress_latency_coprime(void **s)
{
	struct run r = RUN(HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=30",
		"-numa", "hmat-lb,initiator=0,target=1," LAT ",latency=7");
	vnuma_hmat_lb_info lb = VNUMA_INFO_INIT(vnuma_hmat_lb_info);

	(void)s;
	assert_ok(r);
	lb = table(&r, 0);
	assert_int_equal(lb.base, 1000);
	assert_int_equal(lb.entries[0], 30);
	assert_int_equal(lb.entries[1], 7);
	run_free(&r);
}

/* Zeros leave the base where it started: QEMU writes it as it is. */
static void compress_zeros(void **s)
{
	struct run r = RUN(HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," LAT ",latency=0",
		"-numa", "hmat-lb,initiator=0,target=0," BW ",bandwidth=0",
		"-numa", "hmat-lb,initiator=0,target=1,hierarchy=first-level,"
		"data-type=access-latency,latency=0",
		"-numa", "hmat-lb,initiator=0,target=0,hierarchy=first-level,"
		"data-type=access-latency,latency=300");
	vnuma_hmat_lb_info lb = VNUMA_INFO_INIT(vnuma_hmat_lb_info);

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_hmat_lb_count(r.t), 3);
	lb = table(&r, 0);
	assert_int_equal(lb.data_type, 0);
	assert_int_equal(lb.base, (uint32_t)(UINT64_MAX * 1000));
	assert_int_equal(lb.entries[0], 0);
	lb = table(&r, 1);
	assert_int_equal(lb.data_type, 3);
	assert_int_equal(lb.base, 0);
	lb = table(&r, 2);
	assert_int_equal(lb.hierarchy, 1);
	assert_int_equal(lb.base, 100 * 1000);
	assert_int_equal(lb.entries[0], 3);
	assert_int_equal(lb.entries[1], 0);
	run_free(&r);
}

/* The base: the lowest bit set in any bandwidth. */
static void compress_bandwidth(void **s)
{
	struct run r = RUN(HMAT2,
		"-numa", "hmat-lb,initiator=0,target=0," BW ",bandwidth=3G",
		"-numa", "hmat-lb,initiator=0,target=1," BW
		",bandwidth=1536M");
	vnuma_hmat_lb_info lb = VNUMA_INFO_INIT(vnuma_hmat_lb_info);

	(void)s;
	assert_ok(r);
	lb = table(&r, 0);
	assert_int_equal(lb.unit, 512 << 20);
	assert_int_equal(lb.base, 512); /* MB/s */
	assert_int_equal(lb.entries[0], 6);
	assert_int_equal(lb.entries[1], 3);
	run_free(&r);
}

/* Initiators are the nodes with CPUs, targets every node. */
static void table_shape(void **s)
{
	struct run r = RUN("-M", "q35,hmat=on", "-m", "3G", "-smp", "2",
		"-object", "memory-backend-ram,id=m0,size=1G",
		"-object", "memory-backend-ram,id=m1,size=1G",
		"-object", "memory-backend-ram,id=m2,size=1G",
		"-numa", "node,memdev=m0,initiator=1",
		"-numa", "node,memdev=m1,cpus=0",
		"-numa", "node,memdev=m2,cpus=1",
		"-numa", "hmat-lb,initiator=2,target=0," LAT ",latency=5");
	vnuma_hmat_lb_info lb = VNUMA_INFO_INIT(vnuma_hmat_lb_info);

	(void)s;
	assert_ok(r);
	lb = table(&r, 0);
	assert_int_equal(lb.n_initiators, 2);
	assert_int_equal(lb.initiators[0], 1);
	assert_int_equal(lb.initiators[1], 2);
	assert_int_equal(lb.n_targets, 3);
	assert_int_equal(lb.targets[2], 2);
	assert_int_equal(lb.entries[0 * 3 + 0], 0);
	assert_int_equal(lb.entries[1 * 3 + 0], 5);
	assert_int_equal(vnuma_topology_hmat_lb(&lb, r.t, 1), VNUMA_E_RANGE);
	run_free(&r);
}

static void cache_needs_hmat(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_CONFLICT, "numa.hmat-disabled", NULL,
		"ACPI Heterogeneous Memory Attribute Table (HMAT) is disabled, "
		"enable it with -machine hmat=on before using any of hmat "
		"specific options", "-M", "q35", "-numa",
		"hmat-cache,node-id=0,size=1K,level=1," CACHE);
	REJECTS(VNUMA_E_MISSING, "numa.missing-parameter", "size",
		"Parameter 'size' is missing", "-M", "q35", "-numa",
		"hmat-cache,node-id=0");
}

static void cache_fields(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_MISSING, "numa.missing-parameter", "line",
		"Parameter 'line' is missing", HMAT2, LB1, "-numa",
		"hmat-cache,node-id=1,size=1K,level=1,associativity=none,"
		"policy=none");
	REJECTS(VNUMA_E_SYNTAX, "opts.bad-enum", "associativity",
		"Parameter 'associativity' does not accept value 'x'", HMAT2,
		LB1, "-numa", "hmat-cache,node-id=1,size=1K,level=1,"
		"associativity=x,policy=y,line=8");
	REJECTS(VNUMA_E_SYNTAX, "opts.bad-enum", "policy",
		"Parameter 'policy' does not accept value 'y'", HMAT2,
		LB1, "-numa", "hmat-cache,node-id=1,size=1K,level=1,"
		"associativity=none,policy=y,line=8");
	REJECTS(VNUMA_E_RANGE, "opts.out-of-range", "level",
		"Parameter 'level' expects uint8_t", HMAT2, LB1, "-numa",
		"hmat-cache,node-id=1,size=1K,level=256," CACHE);
}

static void cache_node_range(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-cache-node-range", "node-id",
		"Invalid node-id=2, it should be less than 2", HMAT2, LB1,
		"-numa", "hmat-cache,node-id=2,size=1K,level=1," CACHE);
}

static void cache_after_lb(void **s)
{
	const char *msg = "The latency and bandwidth information of node-id=1 "
			  "should be provided before memory side cache "
			  "attributes";

	(void)s;
	REJECTS(VNUMA_E_MISSING, "numa.hmat-cache-before-lb", "node-id", msg,
		HMAT2, "-numa", "hmat-cache,node-id=1,size=1K,level=1,"
		CACHE, LB1);
	REJECTS(VNUMA_E_MISSING, "numa.hmat-cache-before-lb", "node-id", msg,
		HMAT2, "-numa", "hmat-lb,initiator=0,target=1," LAT
		",latency=10", "-numa", "hmat-cache,node-id=1,size=1K,"
		"level=1," CACHE);
	/* A zero latency is not information. */
	REJECTS(VNUMA_E_MISSING, "numa.hmat-cache-before-lb", "node-id", msg,
		HMAT2, "-numa", "hmat-lb,initiator=0,target=1," LAT
		",latency=0", "-numa", "hmat-lb,initiator=0,target=1," BW
		",bandwidth=1M", "-numa", "hmat-cache,node-id=1,size=1K,"
		"level=1," CACHE);
	/* Any hierarchy and data type counts. */
	ACCEPTS(HMAT2, "-numa", "hmat-lb,initiator=0,target=1,"
		"hierarchy=third-level,data-type=write-latency,latency=3",
		"-numa", "hmat-lb,initiator=0,target=1,hierarchy=first-level,"
		"data-type=read-bandwidth,bandwidth=1M",
		"-numa", "hmat-cache,node-id=1,size=1K,level=1," CACHE);
}

static void cache_levels(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-cache-level-range", "level",
		"Invalid level=0, it should be larger than 0 and less than or "
		"equal to 3", HMAT2, LB1,
		"-numa", "hmat-cache,node-id=1,size=1K,level=0," CACHE);
	REJECTS(VNUMA_E_RANGE, "numa.hmat-cache-level-range", "level",
		"Invalid level=4, it should be larger than 0 and less than or "
		"equal to 3", HMAT2, LB1,
		"-numa", "hmat-cache,node-id=1,size=1K,level=4," CACHE);
	REJECTS(VNUMA_E_MISSING, "numa.hmat-cache-level-order", "level",
		"Cache level=1 shall be defined first", HMAT2, LB1,
		"-numa", "hmat-cache,node-id=1,size=1K,level=2," CACHE);
	REJECTS(VNUMA_E_DUPLICATE, "numa.hmat-cache-duplicate", NULL,
		"Duplicate configuration of the side cache for node-id=1 and "
		"level=1", HMAT2, LB1,
		"-numa", "hmat-cache,node-id=1,size=1K,level=1," CACHE,
		"-numa", "hmat-cache,node-id=1,size=2K,level=1," CACHE);
}

static void cache_sizes_grow(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_RANGE, "numa.hmat-cache-size-order", "size",
		"Invalid size=1024, the size of level=2 should be larger than "
		"the size(1024) of level=1", HMAT2, LB1,
		"-numa", "hmat-cache,node-id=1,size=1K,level=1," CACHE,
		"-numa", "hmat-cache,node-id=1,size=1K,level=2," CACHE);
	REJECTS(VNUMA_E_RANGE, "numa.hmat-cache-size-order", "size",
		"Invalid size=1024, the size of level=2 should be larger than "
		"the size(2048) of level=1", HMAT2, LB1,
		"-numa", "hmat-cache,node-id=1,size=2K,level=1," CACHE,
		"-numa", "hmat-cache,node-id=1,size=1K,level=2," CACHE);
}

static void cache_attributes(void **s)
{
	struct run r = RUN(HMAT2, LB1,
		"-numa", "hmat-cache,node-id=1,size=1M,level=1," CACHE,
		"-numa", "hmat-cache,node-id=1,size=2M,level=2,"
		"associativity=complex,policy=write-through,line=128",
		"-numa", "hmat-cache,node-id=1,size=4M,level=3,"
		"associativity=none,policy=none,line=65535");
	vnuma_hmat_cache_info c = VNUMA_INFO_INIT(vnuma_hmat_cache_info);

	(void)s;
	assert_ok(r);
	assert_int_equal(vnuma_topology_hmat_cache_count(r.t), 3);
	assert_int_equal(vnuma_topology_hmat_cache(&c, r.t, 0), 0);
	assert_int_equal(c.node, 1);
	assert_int_equal(c.level, 1);
	assert_int_equal(c.size, 1 << 20);
	assert_string_equal(c.associativity, "direct");
	assert_string_equal(c.policy, "write-back");
	/* 3 levels, level 1, direct (1), write-back (1), 64-byte lines. */
	assert_int_equal(c.attributes, 0x00401113);
	assert_int_equal(vnuma_topology_hmat_cache(&c, r.t, 1), 0);
	assert_int_equal(c.attributes, 0x00802223);
	assert_int_equal(vnuma_topology_hmat_cache(&c, r.t, 2), 0);
	assert_int_equal(c.attributes, 0xffff0033);
	assert_int_equal(vnuma_topology_hmat_cache(&c, r.t, 3), VNUMA_E_RANGE);
	run_free(&r);
}

#define HMAT2_NO_CPUS "-M", "q35,hmat=on", "-m", "2G", "-smp", "2,sockets=2", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G"

/*
 * A node with CPUs is its own initiator however the CPUs get there:
 * -numa cpu, or the default placement at completion (no location then).
 */
static void cpu_node_is_own_initiator(void **s)
{
	(void)s;
	REJECTS(VNUMA_E_CONFLICT, "numa.cpu-initiator", NULL,
		"The initiator of CPU NUMA node 1 should be itself (got 0)",
		HMAT2_NO_CPUS, "-numa", "node,memdev=m0,cpus=0",
		"-numa", "node,memdev=m1,initiator=0",
		"-numa", "cpu,node-id=1,socket-id=1,core-id=0,thread-id=0");
	REJECTS(VNUMA_E_CONFLICT, "numa.cpu-initiator", NULL,
		"The initiator of CPU NUMA node 1 should be itself (got 0)",
		HMAT2_NO_CPUS, "-numa", "node,memdev=m0",
		"-numa", "node,memdev=m1,initiator=0");
}

/* ---- QEMU 7.2's own HMAT for the same options ---- */

struct blob {
	unsigned char *p;
	size_t n;
};

static struct blob slurp(const char *name)
{
	char path[512];
	struct blob b = { 0 };
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", VNUMA_FIXTURES, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	b.p = malloc((size_t)n + 1);
	assert_non_null(b.p);
	b.n = fread(b.p, 1, (size_t)n, f);
	assert_int_equal(b.n, (size_t)n);
	b.p[b.n] = 0;
	fclose(f);
	return b;
}

static uint64_t le(const unsigned char *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/* The fixture's args file: one or more words per line, no quoting. */
static struct run run_fixture(const char *dir, char **words)
{
	char name[256];
	struct blob a;
	const char *argv[128];
	size_t n = 0;

	snprintf(name, sizeof(name), "%s/args", dir);
	a = slurp(name);
	for (char *t = strtok((char *)a.p, " \n"); t; t = strtok(NULL, " \n"))
		argv[n++] = t;
	argv[n] = NULL;
	*words = (char *)a.p;
	return run_opts(0, argv);
}

/* ACPI 6.3 5.2.27.4: a System Locality Latency and Bandwidth structure. */
static void check_lb(const unsigned char *p, const vnuma_hmat_lb_info *lb)
{
	uint32_t ni = (uint32_t)le(p + 12, 4), nt = (uint32_t)le(p + 16, 4);
	const unsigned char *e = p + 32 + 4 * ni + 4 * nt;

	assert_int_equal(le(p + 8, 1) & 0xf, lb->hierarchy);
	assert_int_equal(le(p + 9, 1), lb->data_type);
	assert_int_equal(ni, lb->n_initiators);
	assert_int_equal(nt, lb->n_targets);
	assert_int_equal(le(p + 24, 8), lb->base);
	for (uint32_t i = 0; i < ni; i++)
		assert_int_equal(le(p + 32 + 4 * i, 4), lb->initiators[i]);
	for (uint32_t j = 0; j < nt; j++)
		assert_int_equal(le(p + 32 + 4 * ni + 4 * j, 4),
				 lb->targets[j]);
	for (uint32_t k = 0; k < ni * nt; k++)
		assert_int_equal(le(e + 2 * k, 2), lb->entries[k]);
}

/* 5.2.27.5: a Memory Side Cache Information structure. */
static void check_cache(const unsigned char *p,
			const vnuma_hmat_cache_info *c)
{
	assert_int_equal(le(p + 8, 4), c->node);
	assert_int_equal(le(p + 16, 8), c->size);
	assert_int_equal(le(p + 24, 4), c->attributes);
}

/* 5.2.27.3: the initiator attached to a memory node. */
static void check_mpda(const unsigned char *p, const struct run *r)
{
	uint32_t node = (uint32_t)le(p + 16, 4);
	int64_t ini = node_initiator(r->t, node);

	assert_int_equal(le(p + 8, 2) & 1, ini >= 0);
	if (ini >= 0)
		assert_int_equal(le(p + 12, 4), ini);
}

/*
 * Every structure of QEMU's table against vnuma's view, in order; the
 * counts must agree too.
 */
static void compare_with_qemu(const char *dir)
{
	char name[256];
	char *words;
	struct run r = run_fixture(dir, &words);
	struct blob t;
	size_t off = 40, n_lb = 0, n_cache = 0, n_mpda = 0;

	snprintf(name, sizeof(name), "%s/HMAT.bin", dir);
	t = slurp(name);
	assert_ok(r);
	assert_memory_equal(t.p, "HMAT", 4);
	assert_int_equal(le(t.p + 4, 4), t.n);
	while (off < t.n) {
		unsigned type = (unsigned)le(t.p + off, 2);
		size_t len = (size_t)le(t.p + off + 4, 4);
		vnuma_hmat_lb_info lb = VNUMA_INFO_INIT(vnuma_hmat_lb_info);
		vnuma_hmat_cache_info c =
			VNUMA_INFO_INIT(vnuma_hmat_cache_info);

		assert_true(len >= 8 && off + len <= t.n);
		if (type == 0) {
			check_mpda(t.p + off, &r);
			n_mpda++;
		} else if (type == 1) {
			assert_int_equal(vnuma_topology_hmat_lb(&lb, r.t, n_lb++), 0);
			check_lb(t.p + off, &lb);
		} else {
			assert_int_equal(type, 2);
			assert_int_equal(vnuma_topology_hmat_cache(&c, r.t, n_cache++), 0);
			check_cache(t.p + off, &c);
		}
		off += len;
	}
	assert_int_equal(off, t.n);
	assert_int_equal(n_mpda, vnuma_topology_node_count(r.t));
	assert_int_equal(n_lb, vnuma_topology_hmat_lb_count(r.t));
	assert_int_equal(n_cache, vnuma_topology_hmat_cache_count(r.t));
	free(t.p);
	free(words);
	run_free(&r);
}

static void qemu_hmat_cxl4(void **s)
{
	(void)s;
	compare_with_qemu("hmat-cxl4");
}

static void qemu_hmat_edge(void **s)
{
	(void)s;
	compare_with_qemu("hmat-edge");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lb_needs_hmat),
		cmocka_unit_test(lb_fields_before_hmat_check),
		cmocka_unit_test(hmat_options_need_numa_machine),
		cmocka_unit_test(lb_missing_fields),
		cmocka_unit_test(lb_node_ranges),
		cmocka_unit_test(lb_id_equal_to_count),
		cmocka_unit_test(lb_initiator_needs_cpus),
		cmocka_unit_test(lb_target_must_exist),
		cmocka_unit_test(lb_value_by_data_type),
		cmocka_unit_test(lb_bandwidth_mib_aligned),
		cmocka_unit_test(lb_duplicates),
		cmocka_unit_test(lb_latency_range),
		cmocka_unit_test(lb_latency_never_wraps),
		cmocka_unit_test(lb_bandwidth_range),
		cmocka_unit_test(lb_base_overflow),
		cmocka_unit_test(compress_latency),
		cmocka_unit_test(compress_latency_coprime),
		cmocka_unit_test(compress_zeros),
		cmocka_unit_test(compress_bandwidth),
		cmocka_unit_test(table_shape),
		cmocka_unit_test(cpu_node_is_own_initiator),
		cmocka_unit_test(cache_needs_hmat),
		cmocka_unit_test(cache_fields),
		cmocka_unit_test(cache_node_range),
		cmocka_unit_test(cache_after_lb),
		cmocka_unit_test(cache_levels),
		cmocka_unit_test(cache_sizes_grow),
		cmocka_unit_test(cache_attributes),
		cmocka_unit_test(qemu_hmat_cxl4),
		cmocka_unit_test(qemu_hmat_edge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
