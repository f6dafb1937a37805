/* SPDX-License-Identifier: MIT */
/*
 * The SRAT: byte for byte the table a QEMU 7.2 guest read (fixtures,
 * checksum included), and each rule on its own: CPU structures (local
 * APIC, x2APIC per the ACPI spec's layout, GICC), memory from the layout,
 * padding, the hotplug region, header ids, buffer sizes, errors.
 */
#include "acpi_fixture.h"

#define TWO_NODES                                                       \
	"-object", "memory-backend-ram,id=m0,size=1G", "-object",       \
		"memory-backend-ram,id=m1,size=1G", "-numa",            \
		"node,nodeid=0,memdev=m0,cpus=0", "-numa",              \
		"node,nodeid=1,memdev=m1,cpus=1"

/* Structures after the 48 bytes of header and reserved fields. */
static size_t count_type(const struct table *tb, unsigned type, size_t *at)
{
	size_t n = 0;

	for (size_t off = 48; off < tb->n; off += tb->p[off + 1]) {
		assert_true(tb->p[off + 1] > 0);
		if (tb->p[off] == type && at)
			at[n] = off;
		n += tb->p[off] == type;
	}
	return n;
}

static void fixtures_byte_exact(void **state)
{
	static const char *const dirs[] = {
		"srat-pc-1g-2n",	 "srat-pc-2g-memless",
		"srat-pc-3584m-slots",	 "srat-pc-4g-3n-slots",
		"srat-q35-2816m",	 "srat-q35-3g-memless-slots",
		"srat-q35-4g-split-slots", "srat-q35-8g-memless0-slots",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct blob q = slurp(dirs[i], "SRAT.bin");
		struct table tb = { 0 };

		tb.r = run_fixture(dirs[i]);
		build_table(&tb, SRAT, NULL);
		if (tb.n != q.n || memcmp(tb.p, q.p, q.n))
			fail_msg("%s: vnuma's SRAT differs from QEMU's", dirs[i]);
		free(q.p);
		table_free(&tb);
	}
}

static void header_defaults(void **state)
{
	struct table tb;

	(void)state;
	TABLE(&tb, SRAT, "-M", "q35", "-m", "2G", "-smp", "2", TWO_NODES);
	assert_int_equal(tb.p[8], 1); /* x86: revision 1 */
	assert_memory_equal(tb.p + 10, "BOCHS BXPC    ", 14);
	assert_int_equal(le(tb.p + 24, 4), 1);
	assert_memory_equal(tb.p + 28, "BXPC", 4);
	assert_int_equal(le(tb.p + 32, 4), 1);
	assert_int_equal(le(tb.p + 36, 4), 1); /* reserved, 1 */
	assert_int_equal(le(tb.p + 40, 8), 0);
	table_free(&tb);
	/* -machine x-oem-id: NUL-padded, as QEMU pads it. */
	TABLE(&tb, SRAT, "-M", "pc,x-oem-id=AB,x-oem-table-id=T", "-m", "2G",
	      "-smp", "2", TWO_NODES);
	assert_memory_equal(tb.p + 10, "AB\0\0\0\0T\0\0\0\0\0\0\0", 14);
	table_free(&tb);
}

static void header_overrides(void **state)
{
	vnuma_acpi_ids ids = VNUMA_ACPI_IDS_INIT;
	struct table tb = { 0 };

	(void)state;
	tb.r = RUN("-M", "q35", "-m", "2G", "-smp", "2", TWO_NODES);
	assert_ok(tb.r);
	assert_int_equal(vnuma_acpi_ids_default(&ids, tb.r.t), 0);
	memcpy(ids.oem_id, "VNUMA1", 6);
	memcpy(ids.oem_table_id, "TABLE123", 8);
	ids.oem_revision = 0xdeadbeef;
	memcpy(ids.creator_id, "VNMA", 4);
	ids.creator_revision = 7;
	build_table(&tb, SRAT, &ids);
	assert_memory_equal(tb.p + 10, "VNUMA1TABLE123", 14);
	assert_int_equal(le(tb.p + 24, 4), 0xdeadbeef);
	assert_memory_equal(tb.p + 28, "VNMA", 4);
	assert_int_equal(le(tb.p + 32, 4), 7);
	table_free(&tb);
}

static void local_apic_per_possible_cpu(void **state)
{
	struct table tb;
	size_t at[8];

	(void)state;
	/* cores=3: APIC ids 0-2 and 4-6; maxcpus: absent CPUs listed too. */
	TABLE(&tb, SRAT, "-M", "q35", "-m", "2G", "-smp",
	      "4,maxcpus=6,sockets=2,cores=3", "-object",
	      "memory-backend-ram,id=m0,size=1G", "-object",
	      "memory-backend-ram,id=m1,size=1G", "-numa",
	      "node,nodeid=0,memdev=m0,cpus=0-2", "-numa",
	      "node,nodeid=1,memdev=m1,cpus=3-5");
	assert_int_equal(count_type(&tb, 0, at), 6);
	for (size_t i = 0; i < 6; i++) {
		const unsigned char *s = tb.p + at[i];

		assert_int_equal(s[1], 16);
		assert_int_equal(s[2], i < 3 ? 0 : 1);	   /* domain 7:0 */
		assert_int_equal(s[3], i < 3 ? i : i + 1); /* APIC id */
		assert_int_equal(le(s + 4, 4), 1);	   /* enabled */
		assert_int_equal(le(s + 9, 3), 0);	   /* domain 31:8 */
	}
	assert_int_equal(count_type(&tb, 2, NULL), 0);
	table_free(&tb);
}

/*
 * QEMU 7.2 under TCG refuses APIC ids above 254, so the differential test
 * sees x2APIC structures only with KVM (-accel kvm,kernel-irqchip=split,
 * as acpi_diff.py runs it): here they are checked against
 * ACPI 6.x 5.2.16.3 (type 2, length 24, reserved 2, domain 4, x2APIC id
 * 4, flags 4, clock domain 4, reserved 4).
 */
static void x2apic_from_255(void **state)
{
	struct table tb;
	size_t at[300];

	(void)state;
	TABLE(&tb, SRAT, "-M", "q35", "-accel", "kvm,kernel-irqchip=split",
	      "-m", "2G", "-smp", "2,maxcpus=288", "-object",
	      "memory-backend-ram,id=m0,size=1G", "-object",
	      "memory-backend-ram,id=m1,size=1G", "-numa",
	      "node,nodeid=0,memdev=m0,cpus=0-143", "-numa",
	      "node,nodeid=1,memdev=m1,cpus=144-287");
	assert_int_equal(count_type(&tb, 0, NULL), 255);
	assert_int_equal(count_type(&tb, 2, at), 33);
	for (size_t i = 0; i < 33; i++) {
		const unsigned char *s = tb.p + at[i];

		assert_int_equal(s[1], 24);
		assert_int_equal(le(s + 2, 2), 0);
		assert_int_equal(le(s + 4, 4), 1);	  /* domain */
		assert_int_equal(le(s + 8, 4), 255 + i); /* x2APIC id */
		assert_int_equal(le(s + 12, 4), 1);
		assert_int_equal(le(s + 16, 8), 0);
	}
	table_free(&tb);
}

static void padding_and_hotplug_region(void **state)
{
	struct table tb;
	size_t at[16];
	const unsigned char *s;

	(void)state;
	/* 3 ranges (640K hole) for 2 nodes: one disabled pad to reach 4. */
	TABLE(&tb, SRAT, "-M", "q35", "-m", "2G,slots=2,maxmem=4G", "-smp",
	      "2", TWO_NODES, "-object", "memory-backend-ram,id=d0,size=1G",
	      "-device", "pc-dimm,id=dimm0,memdev=d0,node=0");
	assert_int_equal(count_type(&tb, 1, at), 5);
	s = tb.p + at[3];
	assert_int_equal(le(s + 2, 4) | le(s + 8, 8) | le(s + 16, 8) |
				 le(s + 28, 4),
			 0);
	/* The region on the last node; the DIMM inside it is not listed. */
	s = tb.p + at[4];
	assert_int_equal(le(s + 2, 4), 1);
	assert_int_equal(le(s + 8, 8), UINT64_C(4) << 30);
	assert_int_equal(le(s + 16, 8), UINT64_C(4) << 30);
	assert_int_equal(le(s + 28, 4), 3); /* enabled, hot-pluggable */
	table_free(&tb);
}

static void vmm_ranges_from_layout(void **state)
{
	struct table tb = { 0 };
	size_t at[16], need;
	const unsigned char *s;

	(void)state;
	tb.r = RUN("-M", "q35", "-m", "2G", "-smp", "2", TWO_NODES);
	assert_ok(tb.r);
	assert_int_equal(vnuma_layout_new(&tb.l, tb.r.t, NULL), 0);
	assert_int_equal(vnuma_layout_add(tb.l, UINT64_C(8) << 30, 1 << 30, 0,
					  VNUMA_RANGE_ENABLED |
						  VNUMA_RANGE_HOTPLUGGABLE,
					  NULL),
			 0);
	assert_int_equal(vnuma_acpi_srat(NULL, 0, &need, tb.r.t, tb.l, NULL,
					 NULL),
			 VNUMA_OK);
	tb.p = malloc(need);
	assert_non_null(tb.p);
	assert_int_equal(vnuma_acpi_srat(tb.p, need, &tb.n, tb.r.t, tb.l,
					 NULL, NULL),
			 0);
	/* Four ranges: no padding needed any more. */
	assert_int_equal(count_type(&tb, 1, at), 4);
	s = tb.p + at[3];
	assert_int_equal(le(s + 8, 8), UINT64_C(8) << 30);
	assert_int_equal(le(s + 28, 4), 3);
	assert_int_equal(byte_sum(tb.p, tb.n), 0);
	table_free(&tb);
}

static void virt_gicc(void **state)
{
	struct table tb;
	size_t at[8], mem[4];

	(void)state;
	TABLE(&tb, SRAT, "-M", "virt", "-cpu", "cortex-a57", "-m", "2G",
	      "-smp", "2,maxcpus=3", "-object",
	      "memory-backend-ram,id=m0,size=2G", "-numa",
	      "node,nodeid=0,cpus=0", "-numa",
	      "node,nodeid=1,memdev=m0,cpus=1-2");
	assert_int_equal(tb.p[8], 3); /* virt: revision 3 */
	assert_int_equal(count_type(&tb, 3, at), 3);
	for (size_t i = 0; i < 3; i++) {
		const unsigned char *s = tb.p + at[i];

		assert_int_equal(s[1], 18);
		assert_int_equal(le(s + 2, 4), i ? 1 : 0);
		assert_int_equal(le(s + 6, 4), i); /* processor UID */
		assert_int_equal(le(s + 10, 4), 1);
	}
	/* Memory-less node 0 skipped, no padding. */
	assert_int_equal(count_type(&tb, 1, mem), 1);
	assert_int_equal(le(tb.p + mem[0] + 2, 4), 1);
	assert_int_equal(le(tb.p + mem[0] + 8, 8), UINT64_C(1) << 30);
	table_free(&tb);
}

static void nospace_and_errors(void **state)
{
	struct table tb = { 0 };
	unsigned char small[64];
	size_t len = 0;
	vnuma_error *e = NULL;

	(void)state;
	tb.r = RUN("-M", "q35", "-m", "2G", "-smp", "2", TWO_NODES);
	assert_ok(tb.r);
	assert_int_equal(vnuma_layout_new(&tb.l, tb.r.t, NULL), 0);
	assert_int_equal(vnuma_acpi_srat(small, sizeof(small), &len, tb.r.t,
					 tb.l, NULL, &e),
			 VNUMA_E_NOSPACE);
	assert_int_equal(len, 240);
	assert_string_equal(vnuma_error_message(e),
			    "the table needs 240 bytes, the buffer has 64");
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(vnuma_acpi_srat(NULL, 8, &len, tb.r.t, tb.l, NULL,
					 &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	assert_int_equal(vnuma_acpi_srat(NULL, 0, &len, tb.r.t, NULL, NULL,
					 NULL),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_acpi_srat(NULL, 0, NULL, tb.r.t, tb.l, NULL,
					 NULL),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_acpi_ids_default(NULL, tb.r.t), VNUMA_E_INVAL);
	assert_int_equal(vnuma_acpi_tables(NULL), 0);
	table_free(&tb);
}

static void layout_of_another_topology(void **state)
{
	struct table tb = { 0 };
	struct run one;
	size_t len;
	vnuma_error *e = NULL;

	(void)state;
	tb.r = RUN("-M", "q35", "-m", "2G", "-smp", "2", TWO_NODES);
	one = RUN("-M", "q35", "-m", "2G", "-object",
		  "memory-backend-ram,id=m0,size=2G", "-numa",
		  "node,memdev=m0");
	assert_ok(tb.r);
	assert_ok(one);
	assert_int_equal(vnuma_layout_new(&tb.l, tb.r.t, NULL), 0);
	assert_int_equal(vnuma_acpi_srat(NULL, 0, &len, one.t, tb.l, NULL,
					 &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "acpi.layout-node");
	assert_string_equal(vnuma_error_message(e),
			    "the layout has memory of node 1, which the "
			    "topology does not have");
	vnuma_error_free(e);
	run_free(&one);
	table_free(&tb);
}

/* QEMU writes no SRAT without nodes, without ACPI, on isapc. */
static void which_tables(void **state)
{
	static const char *const none[][9] = {
		{ "-M", "q35", "-m", "2G", NULL },
		{ "-M", "q35,acpi=off", "-m", "1G", "-object",
		  "memory-backend-ram,id=m0,size=1G", "-numa",
		  "node,memdev=m0" },
		{ "-M", "isapc", "-m", "1G", "-object",
		  "memory-backend-ram,id=m0,size=1G", "-numa",
		  "node,memdev=m0" },
	};
	static const char *const why[] = {
		"QEMU 7.2 writes no SRAT for this topology: it has no NUMA "
		"nodes",
		"QEMU 7.2 writes no SRAT for this topology: the machine has "
		"no ACPI tables",
		"QEMU 7.2 writes no SRAT for this topology: the machine has "
		"no ACPI tables",
	};
	struct table tb;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		memset(&tb, 0, sizeof(tb));
		tb.r = run_opts(0, none[i]);
		build_table(&tb, SRAT, NULL);
		assert_int_equal(vnuma_acpi_tables(tb.r.t), 0);
		assert_int_equal(tb.rc, VNUMA_E_MISSING);
		assert_string_equal(vnuma_error_check(tb.e), "acpi.no-table");
		assert_string_equal(vnuma_error_message(tb.e), why[i]);
		table_free(&tb);
	}
	TABLE(&tb, SRAT, "-M", "pc", "-m", "2G", "-smp", "2", TWO_NODES);
	assert_int_equal(vnuma_acpi_tables(tb.r.t), VNUMA_ACPI_SRAT);
	table_free(&tb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixtures_byte_exact),
		cmocka_unit_test(header_defaults),
		cmocka_unit_test(header_overrides),
		cmocka_unit_test(local_apic_per_possible_cpu),
		cmocka_unit_test(x2apic_from_255),
		cmocka_unit_test(padding_and_hotplug_region),
		cmocka_unit_test(vmm_ranges_from_layout),
		cmocka_unit_test(virt_gicc),
		cmocka_unit_test(nospace_and_errors),
		cmocka_unit_test(layout_of_another_topology),
		cmocka_unit_test(which_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
