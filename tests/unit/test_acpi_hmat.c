/* SPDX-License-Identifier: MIT */
/*
 * The HMAT: byte for byte the tables a QEMU 7.2 guest read (fixtures,
 * checksum included), revision 2, the structures' layout (ACPI 6.3
 * 5.2.27), and the one intended difference: no Memory Proximity Domain
 * Attributes structure for a node the SRAT gives no memory.
 */
#include "acpi_fixture.h"

static void fixtures_byte_exact(void **state)
{
	static const char *const dirs[] = { "hmat-cxl4", "hmat-edge" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct blob q = slurp(dirs[i], "HMAT.bin");
		struct table tb = { 0 };

		tb.r = run_fixture(dirs[i]);
		build_table(&tb, HMAT, NULL);
		if (tb.n != q.n || memcmp(tb.p, q.p, q.n))
			fail_msg("%s: vnuma's HMAT differs from QEMU's", dirs[i]);
		free(q.p);
		table_free(&tb);
	}
}

/* Offsets of the structures of a type, after header and reserved word. */
static size_t structs(const struct table *tb, unsigned type, size_t *at)
{
	size_t n = 0;

	for (size_t off = 40; off < tb->n; off += le(tb->p + off + 4, 4)) {
		assert_true(le(tb->p + off + 4, 4) > 0);
		if (le(tb->p + off, 2) == type)
			at[n++] = off;
	}
	return n;
}

#define MEMLESS                                                          \
	"-M", "q35,hmat=on", "-m", "2G", "-smp", "2,sockets=2", "-object", \
		"memory-backend-ram,id=m0,size=1G", "-object",           \
		"memory-backend-ram,id=m1,size=1G", "-numa",             \
		"node,nodeid=0,memdev=m0,cpus=0", "-numa",               \
		"node,nodeid=1,cpus=1", "-numa",                         \
		"node,nodeid=2,memdev=m1,initiator=0", "-numa",          \
		"hmat-lb,initiator=0,target=2,hierarchy=memory,"         \
		"data-type=access-latency,latency=50",                   \
		"-numa",                                                 \
		"hmat-lb,initiator=1,target=0,hierarchy=memory,"         \
		"data-type=access-latency,latency=20"

static void memoryless_node_left_out(void **state)
{
	struct table tb;
	size_t at[8];
	const unsigned char *s;

	(void)state;
	TABLE(&tb, HMAT, MEMLESS);
	assert_int_equal(tb.p[8], 2);
	assert_int_equal(structs(&tb, 0, at), 2);
	s = tb.p + at[0];
	assert_int_equal(le(s + 4, 4), 40);
	assert_int_equal(le(s + 8, 2), 1);  /* initiator valid */
	assert_int_equal(le(s + 12, 4), 0); /* initiator */
	assert_int_equal(le(s + 16, 4), 0); /* memory domain */
	s = tb.p + at[1];
	assert_int_equal(le(s + 12, 4), 0);
	assert_int_equal(le(s + 16, 4), 2);
	/* The latency table still has every node as a target. */
	assert_int_equal(structs(&tb, 1, at), 1);
	s = tb.p + at[0];
	assert_int_equal(le(s + 4, 4), 32 + 2 * 4 + 3 * 4 + 2 * 2 * 3);
	assert_int_equal(s[8], 0);	    /* hierarchy: memory */
	assert_int_equal(s[9], 0);	    /* access latency */
	assert_int_equal(le(s + 12, 4), 2); /* initiators */
	assert_int_equal(le(s + 16, 4), 3); /* targets */
	assert_int_equal(le(s + 24, 8), 10000); /* base: 10 ns in ps */
	assert_int_equal(le(s + 32, 4), 0);
	assert_int_equal(le(s + 36, 4), 1);
	for (unsigned t = 0; t < 3; t++)
		assert_int_equal(le(s + 40 + 4 * t, 4), t);
	/* Rows by initiator: 0 -> 2 is 5 units, 1 -> 0 is 2. */
	assert_int_equal(le(s + 52 + 2 * 2, 2), 5);
	assert_int_equal(le(s + 52 + 2 * 3, 2), 2);
	table_free(&tb);
}

/* The last node owns the hotplug region: it has memory in the SRAT. */
static void hotplug_region_counts_as_memory(void **state)
{
	struct table tb;
	size_t at[8];

	(void)state;
	TABLE(&tb, HMAT, "-M", "q35,hmat=on", "-m", "2G,slots=1,maxmem=4G",
	      "-smp", "2,sockets=2", "-object",
	      "memory-backend-ram,id=m0,size=2G", "-numa",
	      "node,nodeid=0,memdev=m0,cpus=0", "-numa",
	      "node,nodeid=1,cpus=1");
	assert_int_equal(structs(&tb, 0, at), 2);
	assert_int_equal(le(tb.p + at[1] + 16, 4), 1);
	table_free(&tb);
}

static void cache_structure(void **state)
{
	struct table tb;
	size_t at[8];
	const unsigned char *s;

	(void)state;
	TABLE(&tb, HMAT, "-M", "q35,hmat=on", "-m", "2G", "-smp", "2",
	      "-object", "memory-backend-ram,id=m0,size=1G", "-object",
	      "memory-backend-ram,id=m1,size=1G", "-numa",
	      "node,memdev=m0,cpus=0-1", "-numa", "node,memdev=m1,initiator=0",
	      "-numa",
	      "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	      "data-type=access-bandwidth,bandwidth=1G",
	      "-numa",
	      "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	      "data-type=access-latency,latency=5",
	      "-numa",
	      "hmat-cache,node-id=1,size=16M,level=1,associativity=complex,"
	      "policy=write-through,line=128");
	assert_int_equal(structs(&tb, 2, at), 1);
	s = tb.p + at[0];
	assert_int_equal(le(s + 4, 4), 32);
	assert_int_equal(le(s + 8, 4), 1);
	assert_int_equal(le(s + 16, 8), 16 << 20);
	/* 1 level, level 1, complex (2), write-through (2), 128 bytes. */
	assert_int_equal(le(s + 24, 4), 0x1 | 0x10 | 0x200 | 0x2000 |
						(128u << 16));
	assert_int_equal(le(s + 28, 4), 0);
	table_free(&tb);
}

static void none_without_hmat_on(void **state)
{
	struct table tb;

	(void)state;
	TABLE(&tb, HMAT, "-M", "q35", "-m", "2G", "-object",
	      "memory-backend-ram,id=m0,size=2G", "-numa", "node,memdev=m0");
	assert_int_equal(tb.rc, VNUMA_E_MISSING);
	assert_string_equal(vnuma_error_message(tb.e),
			    "QEMU 7.2 writes no HMAT for this topology: HMAT "
			    "needs -machine hmat=on");
	table_free(&tb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixtures_byte_exact),
		cmocka_unit_test(memoryless_node_left_out),
		cmocka_unit_test(hotplug_region_counts_as_memory),
		cmocka_unit_test(cache_structure),
		cmocka_unit_test(none_without_hmat_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
