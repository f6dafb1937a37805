/* SPDX-License-Identifier: MIT */
/*
 * -device nvdimm: expected messages were taken from qemu-system-x86_64
 * 7.2 run with the same options (tests/qemu/cases/memdevices.txt runs
 * them live).
 */
#include "memory_fixture.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

/* -M q35,nvdimm=on -m 1G,maxmem=8G,slots=2 with a 1G backend nv. */
static void machine(struct fx *f, bool nvdimm)
{
	fx_init(f);
	f->prof.board = VNUMA__BOARD_Q35;
	f->m.nvdimm = nvdimm;
	f->m.ram_size = GIB;
	f->m.maxram_size = 8 * GIB;
	f->m.ram_slots = 2;
	f->m.devmem_base = 4 * GIB;
	f->m.devmem_size = 9 * GIB;
	fx_add(f, "object", "memory-backend-ram,id=nv,size=1G");
	fx_add(f, "object", "memory-backend-ram,id=odd,size=1025M");
}

static void plug(struct fx *f, bool nvdimm, const char *text,
		 uint32_t num_nodes)
{
	machine(f, nvdimm);
	fx_add(f, "device", text);
	fx_dimms(f, num_nodes);
}

/* The label comes off the end and the rest is aligned down. */
static void label_reduces_size(void **state)
{
	struct fx f;

	(void)state;
	plug(&f, true, "nvdimm,id=n0,memdev=nv,node=1,label-size=128K", 2);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].kind, VNUMA__MDEV_NVDIMM);
	assert_int_equal(f.b.dimms[0].size, GIB - 2 * MIB);
	assert_int_equal(f.b.dimms[0].label_size, 128 * 1024);
	assert_int_equal(vnuma__mdev_plugged(&f.b.dimms[0]), GIB - 2 * MIB);
	assert_int_equal(f.b.dimms[0].slot, 0);
	fx_fini(&f);
	/* No label: a backend of odd size is aligned down, not refused. */
	plug(&f, true, "nvdimm,memdev=odd", 0);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].size, GIB);
	fx_fini(&f);
	/* The next device goes right after the region, not the backend. */
	machine(&f, true);
	fx_add(&f, "object", "memory-backend-ram,id=d,size=128M");
	fx_add(&f, "device", "nvdimm,memdev=nv,label-size=1M");
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_dimms(&f, 0);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[1].addr, 5 * GIB - 2 * MIB);
	fx_fini(&f);
}

static void errors(void **state)
{
	static const struct {
		bool nvdimm;
		const char *text;
		int status;
		const char *check, *key, *msg;
	} cases[] = {
		{ false, "nvdimm,node=9,slot=7", VNUMA_E_UNSUPPORTED,
		  "nvdimm.disabled", NULL,
		  "nvdimm is not enabled: missing 'nvdimm' in '-M'" },
		{ true, "nvdimm,node=9,slot=7", VNUMA_E_RANGE,
		  "dimm.slot-range", "slot",
		  "invalid slot number 7, valid range is [0-1]" },
		{ true, "nvdimm,memdev=nv,label-size=64K", VNUMA_E_RANGE,
		  "nvdimm.label-size", "label-size",
		  "Property 'nvdimm.label-size' (0x10000) is required at "
		  "least 0x20000" },
		{ true, "nvdimm,memdev=nv,label-size=1G,node=9", VNUMA_E_RANGE,
		  "nvdimm.too-small", "memdev",
		  "the size of memdev nv (0x40000000) is too small to contain "
		  "nvdimm label (0x40000000) and aligned PMEM (0x200000)" },
		{ true, "nvdimm,memdev=nv,label-size=1047552K", VNUMA_E_RANGE,
		  "nvdimm.too-small", "memdev",
		  "the size of memdev nv (0x40000000) is too small to contain "
		  "nvdimm label (0x3ff00000) and aligned PMEM (0x200000)" },
		{ true, "nvdimm,memdev=nv,node=9", VNUMA_E_RANGE,
		  "dimm.node-range", "node",
		  "'DIMM property node has value 9' which exceeds the number "
		  "of numa nodes: 2" },
		{ true, "nvdimm,memdev=nv,uuid=xyz", VNUMA_E_SYNTAX,
		  "nvdimm.uuid", "uuid",
		  "Property 'nvdimm.uuid' has invalid value" },
		{ true, "nvdimm,memdev=nv,uuid=12345678-1234-1234-1234-"
			"123456789abz", VNUMA_E_SYNTAX, "nvdimm.uuid", "uuid",
		  "Property 'nvdimm.uuid' has invalid value" },
		{ true, "nvdimm,memdev=nv,size=1G", VNUMA_E_UNSUPPORTED,
		  "dimm.property-readonly", "size",
		  "Property 'nvdimm.size' is not writable" },
		{ true, "nvdimm,memdev=nv,foo=1", VNUMA_E_UNKNOWN,
		  "dimm.property-unknown", "foo",
		  "Property 'nvdimm.foo' not found" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;

		plug(&f, cases[i].nvdimm, cases[i].text, 2);
		if (f.rc != cases[i].status)
			print_error("case %zu: %s\n", i,
				    f.e ? vnuma_error_message(f.e) : "ok");
		assert_fx_error(&f, cases[i].status, cases[i].check,
				cases[i].key, cases[i].msg);
		fx_fini(&f);
	}
}

/* The label's room is checked before the device memory's. */
static void label_before_room(void **state)
{
	struct fx f;

	(void)state;
	machine(&f, true);
	f.m.maxram_size = GIB + 512 * MIB;
	fx_add(&f, "device", "nvdimm,memdev=nv,label-size=128K");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.no-space", NULL,
			"not enough space, currently 0x0 in use of total "
			"space for memory devices 0x20000000");
	fx_fini(&f);
	machine(&f, true);
	f.m.maxram_size = GIB + 512 * MIB;
	fx_add(&f, "device", "nvdimm,memdev=nv,label-size=1G");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "nvdimm.too-small", "memdev",
			"the size of memdev nv (0x40000000) is too small to "
			"contain nvdimm label (0x40000000) and aligned PMEM "
			"(0x200000)");
	fx_fini(&f);
}

/* A read-only backend: only unarmed, after the label's check. */
static void readonly_backend(void **state)
{
	static const char ro[] = "memory-backend-file,id=ro,size=512M,"
				 "mem-path=/tmp/vnuma-test-ro,readonly=on";
	struct fx f;

	(void)state;
	machine(&f, true);
	fx_add(&f, "object", ro);
	fx_add(&f, "device", "nvdimm,memdev=ro,node=9");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "nvdimm.readonly-armed",
			"unarmed",
			"'unarmed' property must be 'on' since memdev ro is "
			"read-only");
	fx_fini(&f);
	machine(&f, true);
	fx_add(&f, "object", ro);
	fx_add(&f, "device", "nvdimm,memdev=ro,label-size=1G");
	fx_dimms(&f, 1);
	/* A file's region is aligned to the base page only. */
	assert_fx_error(&f, VNUMA_E_RANGE, "nvdimm.too-small", "memdev",
			"the size of memdev ro (0x20000000) is too small to "
			"contain nvdimm label (0x40000000) and aligned PMEM "
			"(0x1000)");
	fx_fini(&f);
	machine(&f, true);
	fx_add(&f, "object", ro);
	fx_add(&f, "device", "nvdimm,memdev=ro,unarmed=on");
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	fx_fini(&f);
}

static void properties_kept(void **state)
{
	struct fx f;

	(void)state;
	plug(&f, true,
	     "nvdimm,memdev=nv,unarmed=on,"
	     "uuid=12345678-1234-1234-1234-123456789abc", 0);
	assert_fx_ok(&f);
	assert_true(f.b.dimms[0].unarmed);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(label_reduces_size),
		cmocka_unit_test(errors),
		cmocka_unit_test(label_before_room),
		cmocka_unit_test(readonly_backend),
		cmocka_unit_test(properties_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
