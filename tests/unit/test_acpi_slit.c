/* SPDX-License-Identifier: MIT */
/*
 * The SLIT: revision 1, the locality count as 8 bytes, then the completed
 * distance matrix row by row; written only when -numa dist was given.
 */
#include "acpi_fixture.h"

static void matrix(void **state)
{
	struct table tb;

	(void)state;
	/* Asymmetric: rows are sources. */
	TABLE(&tb, SLIT, "-M", "q35", "-m", "3G", "-smp", "3,sockets=3",
	      "-object", "memory-backend-ram,id=m0,size=1G", "-object",
	      "memory-backend-ram,id=m1,size=1G", "-object",
	      "memory-backend-ram,id=m2,size=1G", "-numa",
	      "node,memdev=m0,cpus=0", "-numa", "node,memdev=m1,cpus=1",
	      "-numa", "node,memdev=m2,cpus=2", "-numa",
	      "dist,src=0,dst=1,val=20", "-numa", "dist,src=1,dst=0,val=25",
	      "-numa", "dist,src=0,dst=2,val=30",
	      "-numa", "dist,src=2,dst=0,val=35", "-numa",
	      "dist,src=1,dst=2,val=40", "-numa", "dist,src=2,dst=1,val=45");
	assert_int_equal(tb.n, 36 + 8 + 9);
	assert_int_equal(tb.p[8], 1);
	assert_memory_equal(tb.p + 10, "BOCHS BXPC    ", 14);
	assert_int_equal(le(tb.p + 36, 8), 3);
	assert_memory_equal(tb.p + 44, "\x0a\x14\x1e\x19\x0a\x28\x23\x2d\x0a",
			    9);
	assert_int_equal(vnuma_acpi_tables(tb.r.t),
			 VNUMA_ACPI_SRAT | VNUMA_ACPI_SLIT);
	table_free(&tb);
}

static void none_without_distances(void **state)
{
	struct table tb;

	(void)state;
	TABLE(&tb, SLIT, "-M", "q35", "-m", "2G", "-object",
	      "memory-backend-ram,id=m0,size=1G", "-object",
	      "memory-backend-ram,id=m1,size=1G", "-numa", "node,memdev=m0",
	      "-numa", "node,memdev=m1");
	assert_int_equal(tb.rc, VNUMA_E_MISSING);
	assert_string_equal(vnuma_error_check(tb.e), "acpi.no-table");
	assert_string_equal(vnuma_error_message(tb.e),
			    "QEMU 7.2 writes no SLIT for this topology: no "
			    "-numa dist was given");
	assert_int_equal(vnuma_acpi_tables(tb.r.t), VNUMA_ACPI_SRAT);
	table_free(&tb);
}

static void nospace(void **state)
{
	struct run r;
	unsigned char buf[48];
	size_t len = 0;

	(void)state;
	r = RUN("-M", "virt", "-m", "2G", "-smp", "2", "-object",
		"memory-backend-ram,id=m0,size=1G", "-object",
		"memory-backend-ram,id=m1,size=1G", "-numa", "node,memdev=m0",
		"-numa", "node,memdev=m1", "-numa", "dist,src=0,dst=1,val=21");
	assert_ok(r);
	/* One byte short: the size needed, nothing written past cap. */
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(vnuma_acpi_slit(buf, 47, &len, r.t, NULL, NULL),
			 VNUMA_E_NOSPACE);
	assert_int_equal(len, 48);
	assert_int_equal(buf[47], 0xaa);
	assert_int_equal(vnuma_acpi_slit(buf, 48, &len, r.t, NULL, NULL), 0);
	assert_int_equal(len, 48);
	assert_memory_equal(buf + 44, "\x0a\x15\x15\x0a", 4);
	assert_int_equal(byte_sum(buf, len), 0);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matrix),
		cmocka_unit_test(none_without_distances),
		cmocka_unit_test(nospace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
