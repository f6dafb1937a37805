/* SPDX-License-Identifier: MIT */
/*
 * -device virtio-mem-pci and virtio-pmem-pci: expected messages were
 * taken from qemu-system-x86_64 (and -aarch64 -M virt) 7.2 run with the
 * same options (tests/qemu/cases/memdevices.txt runs them live).
 */
#include "memory_fixture.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

/* q35 -m 1G,maxmem=8G: the device memory region at 4G, no DIMM slot. */
static void machine(struct fx *f)
{
	fx_init(f);
	f->prof.board = VNUMA__BOARD_Q35;
	f->m.ram_size = GIB;
	f->m.maxram_size = 8 * GIB;
	f->m.devmem_base = 4 * GIB;
	f->m.devmem_size = 7 * GIB;
	fx_add(f, "object", "memory-backend-ram,id=vm,size=1G");
	fx_add(f, "object", "memory-backend-ram,id=odd,size=1025M");
	fx_add(f, "object", "memory-backend-ram,id=d,size=130M");
	fx_add(f, "object",
	       "memory-backend-memfd,id=hp,size=1G,hugetlb=on,"
	       "hugetlbsize=2M");
}

static void plug(struct fx *f, const char *text, uint32_t num_nodes)
{
	machine(f);
	fx_add(f, "device", text);
	fx_dimms(f, num_nodes);
}

static void plugs_virtio_mem(void **state)
{
	struct fx f;

	(void)state;
	plug(&f, "virtio-mem-pci,id=v0,memdev=vm,node=1,requested-size=256M",
	     2);
	assert_fx_ok(&f);
	assert_int_equal(f.b.n_dimms, 1);
	assert_int_equal(f.b.dimms[0].kind, VNUMA__MDEV_VIRTIO_MEM);
	assert_string_equal(f.b.dimms[0].id, "v0");
	assert_int_equal(f.b.dimms[0].addr, 4 * GIB);
	assert_int_equal(f.b.dimms[0].size, GIB);
	assert_int_equal(f.b.dimms[0].node, 1);
	/* The default block: the host's THP size over base pages. */
	assert_int_equal(f.b.dimms[0].block_size, 2 * MIB);
	assert_int_equal(f.b.dimms[0].requested_size, 256 * MIB);
	/* No slot; nothing plugged before the guest runs. */
	assert_int_equal(f.b.dimms[0].slot, -1);
	assert_int_equal(vnuma__mdev_plugged(&f.b.dimms[0]), 0);
	assert_true(f.b.v[0].used);
	assert_int_equal(f.w.n, 0);
	fx_fini(&f);
}

/* The address is aligned to the block size when it is the larger. */
static void block_size_aligns(void **state)
{
	struct fx f;

	(void)state;
	machine(&f);
	f.m.ram_slots = 1;
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_add(&f, "device", "virtio-mem-pci,memdev=vm,block-size=4M");
	fx_dimms(&f, 0);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].addr, 4 * GIB);
	/* 4G + 130M rounded up to 4M; 2M (the region's) would keep it. */
	assert_int_equal(f.b.dimms[1].addr, 4 * GIB + 132 * MIB);
	fx_fini(&f);
	machine(&f);
	fx_add(&f, "device", "virtio-mem-pci,memdev=d");
	fx_add(&f, "device", "virtio-mem-pci,memdev=vm,block-size=1G");
	fx_dimms(&f, 0);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[1].addr, 5 * GIB);
	fx_fini(&f);
}

static void small_block_warns(void **state)
{
	struct fx f;

	(void)state;
	plug(&f, "virtio-mem-pci,memdev=vm,block-size=1M,requested-size=3M",
	     0);
	assert_fx_ok(&f);
	assert_int_equal(f.w.n, 1);
	assert_string_equal(vnuma_error_message(f.w.v[0]),
			    "'block-size' property is smaller than the "
			    "default block size (2 MiB)");
	fx_fini(&f);
	/* The warning comes before the requested size is checked. */
	plug(&f, "virtio-mem-pci,memdev=vm,block-size=1M,"
		 "requested-size=1536K", 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "virtio-mem.requested-size-align",
			"requested-size",
			"'requested-size' property has to be multiples of "
			"'block-size' (0x100000)");
	assert_int_equal(f.w.n, 1);
	fx_fini(&f);
}

static void errors(void **state)
{
	static const struct {
		const char *text;
		uint32_t nodes;
		int status;
		const char *check, *key, *msg;
	} cases[] = {
		{ "virtio-mem-pci,node=0", 1, VNUMA_E_MISSING,
		  "dimm.memdev-missing", "memdev",
		  "'memdev' property must be set" },
		{ "virtio-mem-pci,memdev=odd,node=7", 2, VNUMA_E_RANGE,
		  "dimm.size-align", "memdev",
		  "backend memory size must be multiple of 0x200000" },
		{ "virtio-mem-pci,memdev=vm,block-size=4G", 0, VNUMA_E_RANGE,
		  "dimm.size-align", "memdev",
		  "backend memory size must be multiple of 0x100000000" },
		{ "virtio-mem-pci,memdev=vm,memaddr=0x140100000", 0,
		  VNUMA_E_RANGE, "dimm.addr-align", "memaddr",
		  "address must be aligned to 0x200000 bytes" },
		{ "virtio-mem-pci,memdev=vm,node=2,requested-size=3M", 2,
		  VNUMA_E_RANGE, "virtio-mem.node-range", "node",
		  "'node' property has value '2', which exceedsthe number "
		  "of numa nodes: 2" },
		{ "virtio-mem-pci,memdev=vm,node=1", 0, VNUMA_E_RANGE,
		  "virtio-mem.node-range", "node",
		  "'node' property has value '1', which exceedsthe number "
		  "of numa nodes: 1" },
		{ "virtio-mem-pci,memdev=vm,requested-size=3M", 0,
		  VNUMA_E_RANGE, "virtio-mem.requested-size-align",
		  "requested-size",
		  "'requested-size' property has to be multiples of "
		  "'block-size' (0x200000)" },
		{ "virtio-mem-pci,memdev=vm,block-size=3M", 0, VNUMA_E_RANGE,
		  "virtio-mem.block-size-pow2", "block-size",
		  "'block-size' property has to be a power of two" },
		{ "virtio-mem-pci,memdev=vm,block-size=768K", 0,
		  VNUMA_E_RANGE, "virtio-mem.block-size-min", "block-size",
		  "'block-size' property has to be at least 0x100000" },
		{ "virtio-mem-pci,memdev=hp,block-size=1M", 0, VNUMA_E_RANGE,
		  "virtio-mem.block-size-page", "block-size",
		  "'block-size' property has to be at least the page size "
		  "(0x200000)" },
		{ "virtio-mem-pci,memdev=vm,size=1G", 0, VNUMA_E_UNSUPPORTED,
		  "dimm.property-readonly", "size",
		  "Property 'virtio-mem.size' is not writable" },
		{ "virtio-mem-pci,memdev=vm,vectors=2", 0, VNUMA_E_UNKNOWN,
		  "dimm.property-unknown", "vectors",
		  "Property 'virtio-mem-pci.vectors' not found" },
		{ "virtio-mem-pci,memdev=vm,prealloc=x", 0, VNUMA_E_SYNTAX,
		  "opts.bad-value", "prealloc",
		  "Parameter 'prealloc' expects 'on' or 'off'" },
		{ "virtio-mem-pci,memdev=vm,bus=pci.0", 0, VNUMA_E_UNKNOWN,
		  "device.bus-not-found", "bus", "Bus 'pci.0' not found" },
		{ "virtio-pmem-pci,memdev=vm,node=1", 0, VNUMA_E_UNKNOWN,
		  "dimm.property-unknown", "node",
		  "Property 'virtio-pmem-pci.node' not found" },
		{ "virtio-pmem-pci,memdev=odd", 0, VNUMA_E_RANGE,
		  "dimm.size-align", "memdev",
		  "backend memory size must be multiple of 0x200000" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;

		plug(&f, cases[i].text, cases[i].nodes);
		if (f.rc != cases[i].status)
			print_error("case %zu: %s\n", i,
				    f.e ? vnuma_error_message(f.e) : "ok");
		assert_fx_error(&f, cases[i].status, cases[i].check,
				cases[i].key, cases[i].msg);
		fx_fini(&f);
	}
}

static void no_device_memory(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	f.prof.board = VNUMA__BOARD_Q35;
	fx_add(&f, "object", "memory-backend-ram,id=vm,size=1G");
	fx_add(&f, "device", "virtio-mem-pci,memdev=vm");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.no-device-memory",
			NULL,
			"memory devices (e.g. for memory hotplug) are not "
			"enabled, please specify the maxmem option");
	fx_fini(&f);
	machine(&f);
	f.m.maxram_size = 2 * GIB;
	fx_add(&f, "object", "memory-backend-ram,id=big,size=2G");
	fx_add(&f, "device", "virtio-mem-pci,memdev=big");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.no-space", NULL,
			"not enough space, currently 0x0 in use of total "
			"space for memory devices 0x40000000");
	fx_fini(&f);
}

static void memdev_busy(void **state)
{
	struct fx f;

	(void)state;
	machine(&f);
	fx_add(&f, "device", "virtio-mem-pci,memdev=vm");
	fx_add(&f, "device", "virtio-mem-pci,memdev=vm,node=9");
	fx_dimms(&f, 1);
	/* Busy before the node: the realize order. */
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.memdev-busy", "memdev",
			"'memdev' property specifies a busy memdev: vm");
	fx_fini(&f);
	machine(&f);
	fx_add(&f, "device", "virtio-mem-pci,memdev=vm");
	fx_add(&f, "device", "virtio-pmem-pci,memdev=vm");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.memdev-busy", "memdev",
			"can't use already busy memdev: vm");
	fx_fini(&f);
}

/* Read-only memory cannot be discarded: virtio-mem refuses it. */
static void readonly_backend(void **state)
{
	static const char ro[] = "memory-backend-file,id=ro,size=512M,"
				 "mem-path=/tmp/vnuma-test-ro,readonly=on";
	struct fx f;

	(void)state;
	machine(&f);
	fx_add(&f, "object", ro);
	fx_add(&f, "device", "virtio-mem-pci,memdev=ro,node=9");
	fx_dimms(&f, 1);
	/* After busy, before the node. */
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED,
			"virtio-mem.memdev-unsupported", "memdev",
			"'memdev' property specifies an unsupported memdev");
	fx_fini(&f);
	machine(&f);
	fx_add(&f, "object", ro);
	fx_add(&f, "device", "virtio-pmem-pci,memdev=ro");
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	fx_fini(&f);
}

/*
 * The board's RAM backend (pc.ram here) exists when no backend holds the
 * RAM: memdev= finds it busy, after the room check with its size.
 */
static void board_ram_backend(void **state)
{
	struct fx f;

	(void)state;
	machine(&f);
	f.prof.default_ram_id = "pc.ram";
	fx_add(&f, "device", "virtio-mem-pci,memdev=/objects/pc.ram");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.memdev-busy", "memdev",
			"'memdev' property specifies a busy memdev: pc.ram");
	fx_fini(&f);
	machine(&f);
	f.prof.default_ram_id = "pc.ram";
	f.m.maxram_size = f.m.ram_size + 512 * MIB;
	fx_add(&f, "device", "virtio-pmem-pci,memdev=pc.ram");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.no-space", NULL,
			"not enough space, currently 0x0 in use of total "
			"space for memory devices 0x20000000");
	fx_fini(&f);
	/* A -numa memdev= holds the RAM: QEMU makes no pc.ram. */
	machine(&f);
	f.prof.default_ram_id = "pc.ram";
	fx_add(&f, "device", "virtio-mem-pci,memdev=pc.ram");
	assert_int_equal(fx_backends(&f), 0);
	f.b.v[0].used = true;
	f.rc = vnuma__dimms_plug(&f.b, &f.cfg, &f.m, 1, true, &f.w, &f.e);
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "dimm.memdev-unknown", "memdev",
			"Device 'pc.ram' not found");
	fx_fini(&f);
}

/* unplugged-inaccessible exists for x86 targets only. */
static void x86_only_property(void **state)
{
	struct fx f;

	(void)state;
	plug(&f, "virtio-mem-pci,memdev=vm,unplugged-inaccessible=on", 0);
	assert_fx_ok(&f);
	fx_fini(&f);
	machine(&f);
	f.prof.arch = VNUMA__ARCH_ARM;
	fx_add(&f, "device",
	       "virtio-mem-pci,memdev=vm,unplugged-inaccessible=off");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "dimm.property-unknown",
			"unplugged-inaccessible",
			"Property 'virtio-mem-pci.unplugged-inaccessible' not "
			"found");
	fx_fini(&f);
}

static void plugs_virtio_pmem(void **state)
{
	struct fx f;

	(void)state;
	plug(&f, "virtio-pmem-pci,memdev=vm,id=p0", 0);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].kind, VNUMA__MDEV_VIRTIO_PMEM);
	assert_int_equal(f.b.dimms[0].addr, 4 * GIB);
	/* QEMU 7.2 counts it on node 0, which it has no property for. */
	assert_int_equal(f.b.dimms[0].node, 0);
	assert_int_equal(vnuma__mdev_plugged(&f.b.dimms[0]), GIB);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plugs_virtio_mem),
		cmocka_unit_test(block_size_aligns),
		cmocka_unit_test(small_block_warns),
		cmocka_unit_test(errors),
		cmocka_unit_test(no_device_memory),
		cmocka_unit_test(memdev_busy),
		cmocka_unit_test(readonly_backend),
		cmocka_unit_test(board_ram_backend),
		cmocka_unit_test(x86_only_property),
		cmocka_unit_test(plugs_virtio_pmem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
