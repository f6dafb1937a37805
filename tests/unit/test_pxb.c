/* SPDX-License-Identifier: MIT */
/*
 * -device pxb and pxb-pcie: expected messages were taken from
 * qemu-system-x86_64 and -aarch64 7.2 run with the same options
 * (tests/qemu/cases/memdevices.txt runs them live).
 */
#include "memory_fixture.h"

static void machine(struct fx *f, enum vnuma__board board)
{
	fx_init(f);
	f->prof.board = board;
	if (board == VNUMA__BOARD_VIRT)
		f->prof.arch = VNUMA__ARCH_ARM;
	f->m.maxram_size = 4ull << 30;
	f->m.devmem_base = 4ull << 30;
	f->m.devmem_size = 4ull << 30;
	fx_add(f, "object", "memory-backend-ram,id=vm,size=1G");
}

static void plugs_with_node(void **state)
{
	struct fx f;

	(void)state;
	machine(&f, VNUMA__BOARD_I440FX);
	fx_add(&f, "device", "pxb,bus_nr=254,id=pci.1,numa_node=1,bus=pci.0,"
			     "addr=0x3");
	fx_add(&f, "device", "pxb,bus_nr=200,id=pci.2,bus=pci.0");
	fx_add(&f, "device", "pxb,bus_nr=100,bus=pci.0,numa_node=128");
	fx_dimms(&f, 2);
	assert_fx_ok(&f);
	assert_int_equal(f.b.n_pxbs, 3);
	assert_string_equal(f.b.pxbs[0].id, "pci.1");
	assert_false(f.b.pxbs[0].pcie);
	assert_int_equal(f.b.pxbs[0].bus_nr, 254);
	assert_int_equal(f.b.pxbs[0].numa_node, 1);
	assert_int_equal(f.b.pxbs[1].numa_node, VNUMA__PXB_NO_NODE);
	/* numa_node=128 is QEMU's "unassigned". */
	assert_int_equal(f.b.pxbs[2].numa_node, VNUMA__PXB_NO_NODE);
	assert_null(f.b.pxbs[2].id);
	fx_fini(&f);
	machine(&f, VNUMA__BOARD_Q35);
	fx_add(&f, "device", "pxb-pcie,bus_nr=5,id=x,numa_node=0");
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	assert_true(f.b.pxbs[0].pcie);
	fx_fini(&f);
}

static void errors(void **state)
{
	static const struct {
		enum vnuma__board board;
		const char *first, *text;
		uint32_t nodes;
		int status;
		const char *check, *key, *msg;
	} cases[] = {
		{ VNUMA__BOARD_I440FX, NULL, "pxb,bus_nr=254,numa_node=2", 2,
		  VNUMA_E_RANGE, "pxb.numa-node", "numa_node",
		  "Illegal numa node 2" },
		{ VNUMA__BOARD_I440FX, NULL, "pxb,bus_nr=5,numa_node=0", 0,
		  VNUMA_E_RANGE, "pxb.numa-node", "numa_node",
		  "Illegal numa node 0" },
		{ VNUMA__BOARD_I440FX, NULL, "pxb,numa_node=65536", 0,
		  VNUMA_E_RANGE, "opts.out-of-range", "numa_node",
		  "Parameter 'numa_node' expects uint16_t" },
		{ VNUMA__BOARD_I440FX, NULL, "pxb,bus_nr=256", 0,
		  VNUMA_E_RANGE, "opts.out-of-range", "bus_nr",
		  "Parameter 'bus_nr' expects uint8_t" },
		{ VNUMA__BOARD_I440FX, NULL, "pxb,bus_nr=0", 0,
		  VNUMA_E_MISSING, "pxb.chassis", "bus_nr",
		  "Bridge chassis not specified. Each bridge is required to "
		  "be assigned a unique chassis id > 0." },
		{ VNUMA__BOARD_I440FX, "pxb,bus_nr=5,id=x,bus=pci.0",
		  "pxb,bus_nr=5,id=y,bus=pci.0", 0, VNUMA_E_CONFLICT,
		  "pxb.bus-in-use", "bus_nr", "Bus 5 is already in use" },
		{ VNUMA__BOARD_I440FX, NULL, "pxb,bus_nr=10,foo=1", 0,
		  VNUMA_E_UNKNOWN, "dimm.property-unknown", "foo",
		  "Property 'pxb.foo' not found" },
		{ VNUMA__BOARD_Q35, NULL, "pxb,bus_nr=5", 0, VNUMA_E_CONFLICT,
		  "pxb.bus-kind", NULL,
		  "pxb devices cannot reside on a PCIe bus" },
		{ VNUMA__BOARD_VIRT, NULL, "pxb,bus_nr=5", 0, VNUMA_E_CONFLICT,
		  "pxb.bus-kind", NULL,
		  "pxb devices cannot reside on a PCIe bus" },
		{ VNUMA__BOARD_I440FX, NULL, "pxb-pcie,bus_nr=5", 0,
		  VNUMA_E_CONFLICT, "pxb.bus-kind", NULL,
		  "pxb-pcie devices cannot reside on a PCI bus" },
		{ VNUMA__BOARD_I440FX, NULL, "pxb,bus=pcie.0", 0,
		  VNUMA_E_UNKNOWN, "device.bus-not-found", "bus",
		  "Bus 'pcie.0' not found" },
		{ VNUMA__BOARD_I440FX, "pxb,bus_nr=5,bus=pci.0,id=x",
		  "pxb,bus_nr=6,bus=x", 0, VNUMA_E_CONFLICT, "pxb.root-bus",
		  NULL, "PXB devices can be attached only to root bus" },
		/* Without bus=, the newest expander's root bus is taken. */
		{ VNUMA__BOARD_I440FX, "pxb,bus_nr=5,id=x",
		  "pxb,bus_nr=6,id=y", 0, VNUMA_E_CONFLICT,
		  "pci.root-bridges-only", NULL,
		  "PCI: Only PCI/PCIe bridges can be plugged into pxb" },
		{ VNUMA__BOARD_I440FX, "pxb,bus_nr=5,id=x",
		  "virtio-mem-pci,memdev=vm", 0, VNUMA_E_CONFLICT,
		  "pci.root-bridges-only", NULL,
		  "PCI: Only PCI/PCIe bridges can be plugged into pxb" },
		/* A pxb-pcie's bus is its root bus; a pxb's is a bridge's. */
		{ VNUMA__BOARD_Q35, "pxb-pcie,bus_nr=5,id=x",
		  "virtio-mem-pci,memdev=vm,bus=x", 0, VNUMA_E_CONFLICT,
		  "pci.root-bridges-only", "bus",
		  "PCI: Only PCI/PCIe bridges can be plugged into pxb-pcie" },
		/* No PCI at all: no bus to put a bridge or a device on. */
		{ VNUMA__BOARD_NONE, NULL, "pxb,bus_nr=3", 0,
		  VNUMA_E_UNSUPPORTED, "device.no-pci-bus", "driver",
		  "No 'PCI' bus found for device 'pxb'" },
		{ VNUMA__BOARD_ISAPC, NULL, "virtio-mem-pci,memdev=vm", 0,
		  VNUMA_E_UNSUPPORTED, "device.no-pci-bus", "driver",
		  "No 'PCI' bus found for device 'virtio-mem-pci'" },
		{ VNUMA__BOARD_ISAPC, NULL, "virtio-mem-pci,bus=pci.0", 0,
		  VNUMA_E_UNKNOWN, "device.bus-not-found", "bus",
		  "Bus 'pci.0' not found" },
		/* The machine's pre-plug comes first. */
		{ VNUMA__BOARD_Q35, "pxb-pcie,bus_nr=5,id=x",
		  "virtio-mem-pci,bus=x", 0, VNUMA_E_MISSING,
		  "dimm.memdev-missing", "memdev",
		  "'memdev' property must be set" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;

		machine(&f, cases[i].board);
		if (cases[i].first)
			fx_add(&f, "device", cases[i].first);
		fx_add(&f, "device", cases[i].text);
		fx_dimms(&f, cases[i].nodes);
		if (f.rc != cases[i].status)
			print_error("case %zu: %s\n", i,
				    f.e ? vnuma_error_message(f.e) : "ok");
		assert_fx_error(&f, cases[i].status, cases[i].check,
				cases[i].key, cases[i].msg);
		fx_fini(&f);
	}
}

/* On a pxb's bus (behind its bridge) a device is fine. */
static void device_behind_pxb(void **state)
{
	struct fx f;

	(void)state;
	machine(&f, VNUMA__BOARD_I440FX);
	fx_add(&f, "device", "pxb,bus_nr=5,id=x");
	fx_add(&f, "device", "virtio-mem-pci,memdev=vm,bus=x");
	fx_dimms(&f, 0);
	assert_fx_ok(&f);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plugs_with_node),
		cmocka_unit_test(errors),
		cmocka_unit_test(device_behind_pxb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
