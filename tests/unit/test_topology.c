/* SPDX-License-Identifier: MIT */
/* The public getters agree with what the reports and QEMU list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pipeline.h"

/*
 * Without memdev= QEMU 7.2 creates the board's RAM as a backend of its
 * own, and query-memdev lists it among the others, sorted here by id.
 */
static void memdevs_include_board_ram(void **state)
{
	struct run r = RUN("-M", "pc", "-m", "1G", "-object",
			   "memory-backend-ram,id=z,size=64M");
	vnuma_memdev_info m = VNUMA_INFO_INIT(vnuma_memdev_info);

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(vnuma_topology_memdev_count(r.t), 2);
	assert_int_equal(vnuma_topology_memdev(&m, r.t, 0), VNUMA_OK);
	assert_string_equal(m.id, "pc.ram");
	assert_string_equal(m.qom_type, "memory-backend-ram");
	assert_int_equal(m.size, 1 << 30);
	assert_int_equal(vnuma_topology_memdev(&m, r.t, 1), VNUMA_OK);
	assert_string_equal(m.id, "z");
	assert_int_equal(m.size, 64 << 20);
	assert_int_equal(vnuma_topology_memdev(&m, r.t, 2), VNUMA_E_RANGE);
	assert_int_equal(vnuma_topology_memdev(&m, NULL, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_memdev(NULL, r.t, 0), VNUMA_E_INVAL);
	run_free(&r);
}

/* With memdev= on the nodes, QEMU makes no RAM backend of its own. */
static void memdevs_without_board_ram(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "1G", "-object",
			   "memory-backend-ram,id=m1,size=512M", "-object",
			   "memory-backend-ram,id=m0,size=512M", "-numa",
			   "node,memdev=m1", "-numa", "node,memdev=m0");
	vnuma_memdev_info m = VNUMA_INFO_INIT(vnuma_memdev_info);

	(void)state;
	assert_int_equal(r.rc, VNUMA_OK);
	assert_int_equal(vnuma_topology_memdev_count(r.t), 2);
	assert_int_equal(vnuma_topology_memdev(&m, r.t, 0), VNUMA_OK);
	assert_string_equal(m.id, "m0");
	run_free(&r);
	assert_int_equal(vnuma_topology_memdev_count(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memdevs_include_board_ram),
		cmocka_unit_test(memdevs_without_board_ram),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
