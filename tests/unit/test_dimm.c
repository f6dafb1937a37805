/* SPDX-License-Identifier: MIT */
/*
 * -device pc-dimm: expected messages were taken from qemu-system-x86_64
 * (and -aarch64 -M virt) 7.2 run with the same options.
 */
#include "memory_fixture.h"

/* -m 1G,slots=2,maxmem=2G with two 128M backends d and e. */
static void hotplug(struct fx *f)
{
	fx_init(f);
	f->m.ram_size = 1ull << 30;
	f->m.maxram_size = 2ull << 30;
	f->m.ram_slots = 2;
	/* What board init leaves for it: 1G + 1G per slot at 4G. */
	f->m.devmem_base = 4ull << 30;
	f->m.devmem_size = 3ull << 30;
	fx_add(f, "object", "memory-backend-ram,id=d,size=128M");
	fx_add(f, "object", "memory-backend-ram,id=e,size=128M");
}

static void dev(struct fx *f, const char *text, uint32_t num_nodes)
{
	hotplug(f);
	fx_add(f, "device", text);
	fx_dimms(f, num_nodes);
}

static void plugs_and_assigns_slots(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d,id=dimm0");
	fx_add(&f, "device", "pc-dimm,memdev=e,node=1,addr=0x140000000");
	fx_dimms(&f, 2);
	assert_fx_ok(&f);
	assert_int_equal(f.b.n_dimms, 2);
	assert_string_equal(f.b.dimms[0].id, "dimm0");
	assert_string_equal(f.b.dimms[0].memdev, "d");
	assert_int_equal(f.b.dimms[0].node, 0);
	assert_false(f.b.dimms[0].has_node || f.b.dimms[0].has_addr);
	assert_int_equal(f.b.dimms[0].slot, 0);
	assert_false(f.b.dimms[0].has_slot);
	assert_null(f.b.dimms[1].id);
	assert_int_equal(f.b.dimms[1].node, 1);
	assert_true(f.b.dimms[1].has_addr);
	assert_int_equal(f.b.dimms[1].addr, 0x140000000ull);
	assert_int_equal(f.b.dimms[1].slot, 1);
	assert_int_equal(f.b.dimms[1].entry, 3);
	assert_true(f.b.v[0].used && f.b.v[1].used);
	fx_fini(&f);
}

static void no_slots(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	fx_add(&f, "object", "memory-backend-ram,id=d,size=128M");
	fx_add(&f, "device", "pc-dimm");
	fx_dimms(&f, 0);
	/* The slots are checked before memdev. */
	assert_fx_error(&f, VNUMA_E_MISSING, "dimm.slots-none", "slot",
			"no slots where allocated, please specify the 'slots' "
			"option");
	assert_string_equal(vnuma_error_option(f.e), "-device");
	fx_fini(&f);
	fx_init(&f);
	fx_add(&f, "object", "memory-backend-ram,id=d,size=128M");
	fx_add(&f, "device", "pc-dimm,memdev=d,slot=0");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.slot-range", "slot",
			"invalid slot number 0, valid range is "
			"[0-18446744073709551615]");
	fx_fini(&f);
}

static void memdev_missing(void **state)
{
	struct fx f;

	(void)state;
	dev(&f, "pc-dimm", 1);
	assert_fx_error(&f, VNUMA_E_MISSING, "dimm.memdev-missing", "memdev",
			"'memdev' property must be set");
	fx_fini(&f);
	/* An empty path clears the link. */
	dev(&f, "pc-dimm,memdev=d,memdev=", 1);
	assert_fx_error(&f, VNUMA_E_MISSING, "dimm.memdev-missing", "memdev",
			"'memdev' property must be set");
	fx_fini(&f);
}

static void memdev_unknown(void **state)
{
	struct fx f;

	(void)state;
	dev(&f, "pc-dimm,memdev=zz,node=x", 1);
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "dimm.memdev-unknown", "memdev",
			"Device 'zz' not found");
	fx_fini(&f);
	/* A path in QEMU's object tree finds a device's id too. */
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d,id=dd");
	fx_add(&f, "device", "pc-dimm,memdev=dd");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.memdev-type", "memdev",
			"Invalid parameter type for 'memdev', expected: "
			"memory-backend");
	fx_fini(&f);
	dev(&f, "pc-dimm,memdev=/objects/e", 1);
	assert_fx_ok(&f);
	assert_string_equal(f.b.dimms[0].memdev, "e");
	fx_fini(&f);
}

static void memdev_busy(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.memdev-busy", "memdev",
			"can't use already busy memdev: d");
	fx_fini(&f);
	/* Used by a NUMA node or the machine. */
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=e");
	assert_int_equal(fx_backends(&f), 0);
	f.b.v[1].used = true;
	f.rc = vnuma__dimms_plug(&f.b, &f.cfg, &f.m, 1, true, &f.w, &f.e);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.memdev-busy", "memdev",
			"can't use already busy memdev: e");
	fx_fini(&f);
}

static void node_beyond_nodes(void **state)
{
	struct fx f;

	(void)state;
	dev(&f, "pc-dimm,memdev=d,node=1", 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.node-range", "node",
			"'DIMM property node has value 1' which exceeds the "
			"number of numa nodes: 1");
	fx_fini(&f);
	/* With NUMA off QEMU says 1 node too. */
	dev(&f, "pc-dimm,memdev=d,node=0x1", 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.node-range", "node",
			"'DIMM property node has value 1' which exceeds the "
			"number of numa nodes: 1");
	fx_fini(&f);
	dev(&f, "pc-dimm,memdev=d,node=2", 2);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.node-range", "node",
			"'DIMM property node has value 2' which exceeds the "
			"number of numa nodes: 2");
	fx_fini(&f);
	/* Realize checks the node before the memdev is busy. */
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_add(&f, "device", "pc-dimm,memdev=d,slot=1,node=4");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.node-range", "node",
			"'DIMM property node has value 4' which exceeds the "
			"number of numa nodes: 1");
	fx_fini(&f);
}

static void slots(void **state)
{
	struct fx f;

	(void)state;
	dev(&f, "pc-dimm,memdev=d,slot=2", 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.slot-range", "slot",
			"invalid slot number 2, valid range is [0-1]");
	fx_fini(&f);
	dev(&f, "pc-dimm,memdev=d,slot=-2", 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.slot-range", "slot",
			"invalid slot number -2, valid range is [0-1]");
	fx_fini(&f);
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d,slot=1");
	fx_add(&f, "device", "pc-dimm,memdev=e,slot=1");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.slot-busy", "slot",
			"slot 1 is busy");
	fx_fini(&f);
	hotplug(&f);
	f.m.ram_slots = 1;
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_add(&f, "device", "pc-dimm,memdev=e");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.slots-full", "slot",
			"no free slots available");
	fx_fini(&f);
	/* A free slot is the lowest one a DIMM given first left. */
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d,slot=0");
	fx_add(&f, "device", "pc-dimm,memdev=e");
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	assert_true(f.b.dimms[0].has_slot);
	assert_int_equal(f.b.dimms[1].slot, 1);
	fx_fini(&f);
}

static void properties(void **state)
{
	static const struct {
		const char *text, *check, *key, *msg;
	} cases[] = {
		{ "foo=1", "dimm.property-unknown", "foo",
		  "Property 'pc-dimm.foo' not found" },
		{ "size=1", "dimm.property-readonly", "size",
		  "Property 'pc-dimm.size' is not writable" },
		{ "node=x", "opts.bad-value", "node",
		  "Parameter 'node' expects integer" },
		{ "node=-1", "opts.out-of-range", "node",
		  "Parameter 'node' expects uint32_t" },
		{ "slot=2147483648", "opts.out-of-range", "slot",
		  "Parameter 'slot' expects int32_t" },
		{ "addr=x", "opts.bad-value", "addr",
		  "Parameter 'addr' expects integer" },
		/* QEMU's QDict order: node before foo, bar before node. */
		{ "foo=1,node=x", "opts.bad-value", "node",
		  "Parameter 'node' expects integer" },
		{ "bar=1,node=x", "dimm.property-unknown", "bar",
		  "Property 'pc-dimm.bar' not found" },
		{ "node=x,slot=x,addr=x", "opts.bad-value", "addr",
		  "Parameter 'addr' expects integer" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		char text[200];

		snprintf(text, sizeof(text), "pc-dimm,memdev=d,%s",
			 cases[i].text);
		dev(&f, text, 1);
		assert_int_not_equal(f.rc, 0);
		assert_string_equal(vnuma_error_check(f.e), cases[i].check);
		assert_string_equal(vnuma_error_key(f.e), cases[i].key);
		assert_string_equal(vnuma_error_message(f.e), cases[i].msg);
		fx_fini(&f);
	}
}

static void other_drivers(void **state)
{
	struct fx f;

	(void)state;
	dev(&f, "e1000,id=n0", 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "device.unsupported",
			"driver",
			"vnuma handles only -device pc-dimm, nvdimm, "
			"virtio-mem-pci, virtio-pmem-pci, pxb and pxb-pcie, "
			"not 'e1000'");
	fx_fini(&f);
	dev(&f, "memdev=d", 1);
	assert_fx_error(&f, VNUMA_E_MISSING, "device.driver-missing", "driver",
			"Parameter 'driver' is missing");
	fx_fini(&f);
	dev(&f, "pc-dimm,memdev=d,bus=foo", 1);
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "device.bus-not-found", "bus",
			"Bus 'foo' not found");
	fx_fini(&f);
	dev(&f, "pc-dimm,help", 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "device.help", "driver",
			"vnuma does not print QEMU's help");
	fx_fini(&f);
	dev(&f, "{'driver':'e1000'}", 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "device.unsupported", "driver",
			"vnuma handles only -device pc-dimm, nvdimm, "
			"virtio-mem-pci, virtio-pmem-pci, pxb and pxb-pcie, "
			"not 'e1000'");
	fx_fini(&f);
}

static void duplicate_device_id(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d,id=x");
	fx_add(&f, "device", "pc-dimm,memdev=e,id=x");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_DUPLICATE, "opts.duplicate-id", "id",
			"Duplicate ID 'x' for device");
	fx_fini(&f);
	/* Objects and devices are different lists. */
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d,id=d");
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	fx_fini(&f);
}

static void hotplug_disabled(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	f.m.acpi = 0;
	fx_add(&f, "device", "pc-dimm");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.hotplug-disabled", NULL,
			"memory hotplug is not enabled: missing acpi device or "
			"acpi disabled");
	fx_fini(&f);
	hotplug(&f);
	f.prof.arch = VNUMA__ARCH_ARM;
	f.m.acpi = 0;
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.hotplug-disabled", NULL,
			"memory hotplug is not enabled: missing acpi-ged "
			"device");
	fx_fini(&f);
}

/*
 * -M virt -m 1G,slots=2,maxmem=2G ... -device pc-dimm,memdev=d0: the
 * default CPU (cortex-a15) is 32-bit, so virt makes no GED device; virt
 * before 4.2 has none at all; without firmware (-bios, -pflash, -drive
 * if=pflash at unit 0) neither. -cpu max with -bios gets past this.
 */
static void virt_needs_ged(void **state)
{
	static const char msg[] = "memory hotplug is not enabled: missing "
				  "acpi-ged device";
	struct fx f;

	(void)state;
	hotplug(&f);
	f.prof.arch = VNUMA__ARCH_ARM;
	f.prof.ver_major = 7;
	f.prof.ver_minor = 2;
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.hotplug-disabled", NULL,
			msg);
	fx_fini(&f);
	hotplug(&f);
	f.prof.arch = VNUMA__ARCH_ARM;
	f.prof.ver_major = 4;
	f.prof.ver_minor = 1;
	f.m.cpu_model = "max";
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.hotplug-disabled", NULL,
			msg);
	fx_fini(&f);
	hotplug(&f);
	f.prof.arch = VNUMA__ARCH_ARM;
	f.prof.ver_major = 4;
	f.prof.ver_minor = 2;
	f.m.cpu_model = "cortex-a57";
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.hotplug-disabled", NULL,
			msg);
	fx_fini(&f);
	/* Firmware (-bios, or a flash drive at unit 0) makes the GED. */
	hotplug(&f);
	f.prof.arch = VNUMA__ARCH_ARM;
	f.prof.ver_major = 7;
	f.prof.ver_minor = 2;
	f.m.cpu_model = "cortex-a57";
	f.m.firmware_loaded = true;
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	f.m.cpu_model = NULL;
	fx_fini(&f);
}

/*
 * -M q35 -m 1G,slots=2,maxmem=2G -object memory-backend-ram,id=d0,size=2G
 * -device pc-dimm,memdev=d0; and with d0 of 512M after a 768M DIMM.
 */
static void device_memory_room(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	fx_add(&f, "object", "memory-backend-ram,id=big,size=2G");
	fx_add(&f, "device", "pc-dimm,memdev=big");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.no-space", NULL,
			"not enough space, currently 0x0 in use of total space "
			"for memory devices 0x40000000");
	assert_string_equal(vnuma_error_option(f.e), "-device");
	fx_fini(&f);
	hotplug(&f);
	fx_add(&f, "object", "memory-backend-ram,id=a,size=768M");
	fx_add(&f, "object", "memory-backend-ram,id=b,size=512M");
	fx_add(&f, "device", "pc-dimm,memdev=a");
	fx_add(&f, "device", "pc-dimm,memdev=b");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.no-space", NULL,
			"not enough space, currently 0x30000000 in use of "
			"total space for memory devices 0x40000000");
	fx_fini(&f);
	/* Exactly full is fine. */
	hotplug(&f);
	fx_add(&f, "object", "memory-backend-ram,id=a,size=768M");
	fx_add(&f, "device", "pc-dimm,memdev=a");
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_add(&f, "device", "pc-dimm,memdev=e");
	f.m.ram_slots = 3;
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	fx_fini(&f);
}

/*
 * -M q35,memory-backend=r -object memory-backend-ram,id=r,size=1G
 * -m maxmem=512M,slots=2 -object ...,id=d -device pc-dimm,memdev=d: RAM
 * above maxmem leaves the board without a device memory region.
 */
static void no_device_memory(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	f.m.devmem_base = f.m.devmem_size = 0;
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.no-device-memory",
			NULL,
			"memory devices (e.g. for memory hotplug) are not "
			"enabled, please specify the maxmem option");
	fx_fini(&f);
}

/* QEMU 7.2 accepts a pc-dimm on "-M none" and maps it nowhere. */
static void machine_none(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	f.prof.name = "none";
	f.prof.arch = VNUMA__ARCH_NONE;
	f.prof.numa_supported = false;
	fx_add(&f, "object", "memory-backend-ram,id=d,size=128M");
	fx_add(&f, "device", "pc-dimm,memdev=d,node=5");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.numa-unsupported",
			"node", "machine doesn't support NUMA");
	fx_fini(&f);
	/* No pre-plug there: realize finds the memdev missing. */
	fx_init(&f);
	f.prof.arch = VNUMA__ARCH_NONE;
	f.prof.numa_supported = false;
	fx_add(&f, "device", "pc-dimm");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_MISSING, "dimm.memdev-missing", "memdev",
			"'memdev' property is not set");
	fx_fini(&f);
	fx_init(&f);
	f.prof.arch = VNUMA__ARCH_NONE;
	f.prof.numa_supported = false;
	fx_add(&f, "object", "memory-backend-ram,id=d,size=128M");
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "dimm.no-hotplug", NULL,
			"memory hotplug is not supported by this machine type");
	fx_fini(&f);
}

/* JSON -device: QEMU creates the key=value devices first. */
static void json_devices_come_last(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	fx_add(&f, "device", "{\"driver\":\"pc-dimm\",\"memdev\":\"d\","
	       "\"id\":\"j\",\"node\":1}");
	fx_add(&f, "device", "pc-dimm,memdev=e,id=k");
	fx_dimms(&f, 2);
	assert_fx_ok(&f);
	assert_int_equal(f.b.n_dimms, 2);
	assert_string_equal(f.b.dimms[0].id, "k");
	assert_int_equal(f.b.dimms[0].slot, 0);
	assert_string_equal(f.b.dimms[1].id, "j");
	assert_int_equal(f.b.dimms[1].slot, 1);
	assert_int_equal(f.b.dimms[1].node, 1);
	assert_true(f.b.dimms[1].has_node);
	fx_fini(&f);
}

/* Its members are typed by the QObject visitor. */
static void json_device_types(void **state)
{
	struct fx f;

	(void)state;
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":\"d\",\"node\":\"0\"}", 1);
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-value", "node",
			"Parameter 'node' expects uint64");
	fx_fini(&f);
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":\"d\",\"node\":-1}", 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "opts.out-of-range", "node",
			"Parameter 'node' expects uint32_t");
	fx_fini(&f);
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":\"d\",\"slot\":1.0}", 1);
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-type", "slot",
			"Invalid parameter type for 'slot', expected: integer");
	fx_fini(&f);
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":0}", 1);
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-type", "memdev",
			"Invalid parameter type for 'memdev', expected: "
			"string");
	fx_fini(&f);
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":\"d\",\"foo\":1}", 1);
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "dimm.property-unknown", "foo",
			"Property 'pc-dimm.foo' not found");
	fx_fini(&f);
	/* driver and bus are looked up as strings only */
	dev(&f, "{\"driver\":5,\"memdev\":\"d\"}", 1);
	assert_fx_error(&f, VNUMA_E_MISSING, "device.driver-missing", "driver",
			"Parameter 'driver' is missing");
	fx_fini(&f);
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":\"d\",\"bus\":1}", 1);
	assert_fx_ok(&f);
	fx_fini(&f);
	/* an id that is no string is no id; an ill-formed one is kept */
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":\"d\",\"id\":5}", 1);
	assert_fx_ok(&f);
	assert_null(f.b.dimms[0].id);
	fx_fini(&f);
	dev(&f, "{\"driver\":\"pc-dimm\",\"memdev\":\"d\",\"id\":\"a b\"}", 1);
	assert_fx_ok(&f);
	assert_string_equal(f.b.dimms[0].id, "a b");
	fx_fini(&f);
}

/* A JSON device's id is taken or not before its properties are set. */
static void json_device_duplicate_id(void **state)
{
	struct fx f;

	(void)state;
	hotplug(&f);
	fx_add(&f, "device", "pc-dimm,memdev=d,id=x");
	fx_add(&f, "device", "{\"driver\":\"pc-dimm\",\"memdev\":\"e\","
	       "\"id\":\"x\",\"node\":\"a\"}");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_DUPLICATE, "device.duplicate-id", "id",
			"Duplicate device ID 'x'");
	assert_string_equal(vnuma_error_option(f.e), "-device");
	fx_fini(&f);
	/* the later key=value one is created first: the JSON one fails */
	hotplug(&f);
	fx_add(&f, "device", "{\"driver\":\"pc-dimm\",\"memdev\":\"d\","
	       "\"id\":\"x\"}");
	fx_add(&f, "device", "pc-dimm,memdev=e,id=x");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_DUPLICATE, "device.duplicate-id", "id",
			"Duplicate device ID 'x'");
	assert_string_equal(vnuma_error_text(f.e),
			    "{\"driver\":\"pc-dimm\",\"memdev\":\"d\","
			    "\"id\":\"x\"}");
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plugs_and_assigns_slots),
		cmocka_unit_test(no_slots),
		cmocka_unit_test(memdev_missing),
		cmocka_unit_test(memdev_unknown),
		cmocka_unit_test(memdev_busy),
		cmocka_unit_test(node_beyond_nodes),
		cmocka_unit_test(slots),
		cmocka_unit_test(properties),
		cmocka_unit_test(other_drivers),
		cmocka_unit_test(duplicate_device_id),
		cmocka_unit_test(hotplug_disabled),
		cmocka_unit_test(machine_none),
		cmocka_unit_test(virt_needs_ged),
		cmocka_unit_test(device_memory_room),
		cmocka_unit_test(no_device_memory),
		cmocka_unit_test(json_devices_come_last),
		cmocka_unit_test(json_device_types),
		cmocka_unit_test(json_device_duplicate_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
