/* SPDX-License-Identifier: MIT */
/*
 * The public getters of plugged devices: memory devices in address order
 * with query-memory-devices' values (QEMU 7.2 placed a 128M pc-dimm at
 * 4G, then the virtio-mem device at 4G+128M, then virtio-pmem at 5G+128M
 * for these options), and the expander bridges.
 */
#include "pipeline.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

static void memory_devices(void **state)
{
	/* Given out of address order: the virtio-pmem first, at 6G. */
	struct run r = RUN("-M", "q35", "-m", "1G,maxmem=8G,slots=2",
			   "-smp", "2",
			   "-object", "memory-backend-ram,id=m0,size=1G",
			   "-numa", "node,memdev=m0", "-numa", "node",
			   "-object", "memory-backend-ram,id=pm,size=512M",
			   "-device", "virtio-pmem-pci,memdev=pm,id=p0,"
				      "memaddr=0x180000000",
			   "-object", "memory-backend-ram,id=d,size=128M",
			   "-device", "pc-dimm,memdev=d,node=1",
			   "-object", "memory-backend-ram,id=vm,size=1G",
			   "-device", "virtio-mem-pci,memdev=vm,id=v0,node=1,"
				      "requested-size=64M");
	vnuma_memory_device_info d = VNUMA_INFO_INIT(vnuma_memory_device_info);

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_topology_memory_device_count(r.t), 3);
	assert_int_equal(vnuma_topology_memory_device(&d, r.t, 0), 0);
	assert_string_equal(d.type, "dimm");
	assert_null(d.id);
	assert_string_equal(d.memdev, "d");
	assert_int_equal(d.addr, 4 * GIB);
	assert_int_equal(d.size, 128 * MIB);
	assert_int_equal(d.node, 1);
	assert_int_equal(d.slot, 0);
	assert_int_equal(vnuma_topology_memory_device(&d, r.t, 1), 0);
	assert_string_equal(d.type, "virtio-mem");
	assert_string_equal(d.id, "v0");
	assert_int_equal(d.addr, 4 * GIB + 128 * MIB);
	assert_int_equal(d.size, GIB);
	assert_int_equal(d.slot, -1);
	assert_int_equal(d.block_size, 2 * MIB);
	assert_int_equal(d.requested_size, 64 * MIB);
	assert_int_equal(vnuma_topology_memory_device(&d, r.t, 2), 0);
	assert_string_equal(d.type, "virtio-pmem");
	assert_int_equal(d.addr, 6 * GIB);
	assert_int_equal(d.node, -1);
	assert_int_equal(vnuma_topology_memory_device(&d, r.t, 3),
			 VNUMA_E_RANGE);
	assert_int_equal(vnuma_topology_memory_device(&d, NULL, 0),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_memory_device(NULL, r.t, 0),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_memory_device_count(NULL), 0);
	run_free(&r);
}

static void expanders(void **state)
{
	struct run r = RUN("-M", "pc", "-m", "1G", "-smp", "2",
			   "-object", "memory-backend-ram,id=m0,size=512M",
			   "-object", "memory-backend-ram,id=m1,size=512M",
			   "-numa", "node,memdev=m0", "-numa", "node,memdev=m1",
			   "-device", "pxb,bus_nr=254,id=pci.1,numa_node=1,"
				      "bus=pci.0",
			   "-device", "pxb,bus_nr=200,bus=pci.0");
	vnuma_pci_expander_info x = VNUMA_INFO_INIT(vnuma_pci_expander_info);

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_topology_pci_expander_count(r.t), 2);
	assert_int_equal(vnuma_topology_pci_expander(&x, r.t, 0), 0);
	assert_string_equal(x.type, "pxb");
	assert_string_equal(x.id, "pci.1");
	assert_int_equal(x.bus_nr, 254);
	assert_int_equal(x.numa_node, 1);
	assert_int_equal(vnuma_topology_pci_expander(&x, r.t, 1), 0);
	assert_null(x.id);
	assert_int_equal(x.numa_node, -1);
	assert_int_equal(vnuma_topology_pci_expander(&x, r.t, 2),
			 VNUMA_E_RANGE);
	assert_int_equal(vnuma_topology_pci_expander(&x, NULL, 0),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_pci_expander_count(NULL), 0);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_devices),
		cmocka_unit_test(expanders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
