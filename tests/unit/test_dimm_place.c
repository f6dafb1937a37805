/* SPDX-License-Identifier: MIT */
/*
 * Where pc-dimms go in the device memory region. Expected addresses and
 * messages were taken from qemu-system-x86_64 7.2 (query-memory-devices)
 * run with the same options on -M pc -m 1G,slots=4,maxmem=8G, whose
 * region is [4G, 4G + 7G + 4 x 1G).
 */
#include "memory_fixture.h"

#include "memory/layout.h"

#define GIB (1ull << 30)
#define MIB (1ull << 20)

static void machine(struct fx *f, uint64_t maxmem, uint64_t slots)
{
	fx_init(f);
	f->prof.board = VNUMA__BOARD_I440FX;
	f->prof.ver_major = 7;
	f->prof.ver_minor = 2;
	f->m.ram_size = GIB;
	f->m.maxram_size = maxmem;
	f->m.ram_slots = slots;
	f->m.devmem_base = 4 * GIB;
	f->m.devmem_size = maxmem - GIB + slots * GIB;
}

/* -m 1G,slots=4,maxmem=8G plus the given options (NULL-terminated). */
static void run(struct fx *f, const char *first, ...)
{
	va_list ap;

	machine(f, 8 * GIB, 4);
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		fx_add(f, !strncmp(s, "pc-dimm", 7) ? "device" : "object", s);
	va_end(ap);
	fx_dimms(f, 2);
}

static void first_fit_in_order(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,id=x",
	    "memory-backend-ram,id=d1,size=512M",
	    "pc-dimm,memdev=d1,node=1", NULL);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].addr, 4 * GIB);
	assert_int_equal(f.b.dimms[1].addr, 5 * GIB);
	fx_fini(&f);
}

/* Explicit addresses first; first fit takes the lowest gap big enough. */
static void first_fit_around_given_addresses(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,addr=0x100000000",
	    "memory-backend-ram,id=d1,size=1G", "pc-dimm,memdev=d1",
	    "memory-backend-ram,id=d2,size=1G",
	    "pc-dimm,memdev=d2,addr=0x200000000,id=z",
	    "memory-backend-ram,id=d3,size=2G", "pc-dimm,memdev=d3", NULL);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].addr, 4 * GIB);
	assert_int_equal(f.b.dimms[1].addr, 5 * GIB);
	assert_int_equal(f.b.dimms[2].addr, 8 * GIB);
	assert_int_equal(f.b.dimms[3].addr, 6 * GIB);
	fx_fini(&f);
}

/* addr=0 is no address at all: QEMU picks one. */
static void addr_zero_is_first_fit(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=1G", "pc-dimm,memdev=d0,addr=0",
	    NULL);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].addr, 4 * GIB);
	fx_fini(&f);
}

/* A gap that is too small is skipped; the next start is aligned. */
static void first_fit_skips_small_gap(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-file,id=f0,size=4K,mem-path=/tmp/vnuma-x",
	    "pc-dimm,memdev=f0,addr=0x100200000",
	    "memory-backend-ram,id=d1,size=4M", "pc-dimm,memdev=d1", NULL);
	assert_fx_ok(&f);
	/* [4G, 4G+2M) is too small for 4M; past f0, aligned to 2M. */
	assert_int_equal(f.b.dimms[1].addr, 4 * GIB + 4 * MIB);
	fx_fini(&f);
}

static void addr_alignment(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,addr=0x100001000", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.addr-align", "addr",
			"address must be aligned to 0x200000 bytes");
	assert_string_equal(vnuma_error_option(f.e), "-device");
	assert_string_equal(vnuma_error_text(f.e),
			    "pc-dimm,memdev=d0,addr=0x100001000");
	fx_fini(&f);
	/* A file backend is aligned to its page size only. */
	run(&f, "memory-backend-file,id=f,size=1G,mem-path=/tmp/vnuma-x",
	    "pc-dimm,memdev=f,addr=0x100001000", NULL);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].addr, 0x100001000ull);
	fx_fini(&f);
	/* Or to its align= when larger. */
	run(&f, "memory-backend-file,id=f,size=1G,mem-path=/tmp/x,align=1M",
	    "pc-dimm,memdev=f,addr=0x100080000", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.addr-align", "addr",
			"address must be aligned to 0x100000 bytes");
	fx_fini(&f);
}

/* memfd: the base page, or the huge page with hugetlb=on. */
static void memfd_alignment(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-memfd,id=m,size=4K", "pc-dimm,memdev=m",
	    "memory-backend-memfd,id=n,size=4K", "pc-dimm,memdev=n", NULL);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[1].addr, 4 * GIB + 4096);
	fx_fini(&f);
	run(&f, "memory-backend-memfd,id=m,size=1G,hugetlb=on,hugetlbsize=1G",
	    "pc-dimm,memdev=m,addr=0x100200000", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.addr-align", "addr",
			"address must be aligned to 0x40000000 bytes");
	fx_fini(&f);
	run(&f, "memory-backend-memfd,id=m,size=1G,hugetlb=on",
	    "pc-dimm,memdev=m,addr=0x100100000", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.addr-align", "addr",
			"address must be aligned to 0x200000 bytes");
	fx_fini(&f);
}

/* i440fx types before 2.2 align DIMMs to the target page only. */
static void legacy_alignment(void **state)
{
	struct fx f;

	(void)state;
	machine(&f, 8 * GIB, 4);
	f.prof.ver_major = 2;
	f.prof.ver_minor = 1;
	fx_add(&f, "object", "memory-backend-ram,id=d0,size=1G");
	fx_add(&f, "device", "pc-dimm,memdev=d0,addr=0x100001000");
	fx_dimms(&f, 1);
	assert_fx_ok(&f);
	assert_int_equal(f.b.dimms[0].addr, 0x100001000ull);
	fx_fini(&f);
}

static void size_alignment(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=3M", "pc-dimm,memdev=d0", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.size-align", "memdev",
			"backend memory size must be multiple of 0x200000");
	fx_fini(&f);
	machine(&f, 20 * GIB, 4);
	fx_add(&f, "object",
	       "memory-backend-file,id=f,size=1G,mem-path=/tmp/x,align=2G");
	fx_add(&f, "device", "pc-dimm,memdev=f");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.size-align", "memdev",
			"backend memory size must be multiple of 0x80000000");
	fx_fini(&f);
}

/* The address is checked before the size. */
static void addr_checked_before_size(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=3M",
	    "pc-dimm,memdev=d0,addr=0x100001000", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.addr-align", "addr",
			"address must be aligned to 0x200000 bytes");
	fx_fini(&f);
}

/* QEMU places a DIMM in pre-plug, before its node is checked. */
static void placed_before_node_check(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,addr=0x100000001,node=5", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.addr-align", "addr",
			"address must be aligned to 0x200000 bytes");
	fx_fini(&f);
}

static void outside_region(void **state)
{
	static const char *const addrs[] = { "0x3c0000000", "0x80000000",
					     "0xffffffffffe00000" };
	static const char *const shown[] = { "0x3c0000000", "0x80000000",
					     "0xffffffffffe00000" };
	char dev[64], msg[160];
	struct fx f;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		snprintf(dev, sizeof(dev), "pc-dimm,memdev=d0,addr=%s",
			 addrs[i]);
		snprintf(msg, sizeof(msg),
			 "can't add memory device [%s:0x40000000], usable "
			 "range for memory devices [0x100000000:0x2c0000000]",
			 shown[i]);
		run(&f, "memory-backend-ram,id=d0,size=1G", dev, NULL);
		assert_fx_error(&f, VNUMA_E_RANGE, "dimm.addr-range", "addr",
				msg);
		fx_fini(&f);
	}
	/* Ending exactly at the region's end fits. */
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,addr=0x380000000", NULL);
	assert_fx_ok(&f);
	fx_fini(&f);
}

static void conflict(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,addr=0x140000000",
	    "memory-backend-ram,id=d1,size=1G",
	    "pc-dimm,memdev=d1,addr=0x160000000", NULL);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.addr-conflict", "addr",
			"address range conflicts with memory device "
			"id='(unnamed)'");
	fx_fini(&f);
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,addr=0x140000000,id=foo",
	    "memory-backend-ram,id=d1,size=1G",
	    "pc-dimm,memdev=d1,addr=0x120000000", NULL);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "dimm.addr-conflict", "addr",
			"address range conflicts with memory device id='foo'");
	fx_fini(&f);
	/* Touching is not overlapping. */
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,addr=0x140000000,id=foo",
	    "memory-backend-ram,id=d1,size=1G",
	    "pc-dimm,memdev=d1,addr=0x100000000", NULL);
	assert_fx_ok(&f);
	fx_fini(&f);
}

/*
 * -m 1G,slots=3,maxmem=3076M: region [4G, 4G + 5124M); two 2M DIMMs
 * leave gaps of 1700M, 1798M and 1622M, none of them 2G.
 */
static void fragmented(void **state)
{
	struct fx f;

	(void)state;
	machine(&f, 3076 * MIB, 3);
	fx_add(&f, "object", "memory-backend-ram,id=d0,size=2M");
	fx_add(&f, "device", "pc-dimm,memdev=d0,addr=0x16a400000");
	fx_add(&f, "object", "memory-backend-ram,id=d1,size=2M");
	fx_add(&f, "device", "pc-dimm,memdev=d1,addr=0x1dac00000");
	fx_add(&f, "object", "memory-backend-ram,id=d2,size=2G");
	fx_add(&f, "device", "pc-dimm,memdev=d2");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.fragmented", NULL,
			"could not find position in guest address space for "
			"memory device - memory fragmented due to alignments");
	fx_fini(&f);
}

/* A region at the top of the address space: the start cannot move up. */
static void too_big(void **state)
{
	struct fx f;

	(void)state;
	machine(&f, 5 * GIB, 2);
	f.m.devmem_base = 0xffffffffc0000000ull;
	f.m.devmem_size = GIB;
	fx_add(&f, "object", "memory-backend-ram,id=d0,size=2G");
	fx_add(&f, "device", "pc-dimm,memdev=d0");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.too-big", NULL,
			"can't add memory device, device too big");
	fx_fini(&f);
	/*
	 * Region [2^64 - 4G, 2^64): 2G at its base, 1G at its top; a 2G
	 * DIMM is pushed past the first and then past 2^64 by the second.
	 */
	machine(&f, 9 * GIB, 3);
	f.m.devmem_base = 0xffffffff00000000ull;
	f.m.devmem_size = 4 * GIB;
	fx_add(&f, "object", "memory-backend-ram,id=d0,size=1G");
	fx_add(&f, "device", "pc-dimm,memdev=d0,addr=0xffffffffc0000000");
	fx_add(&f, "object", "memory-backend-ram,id=d1,size=2G");
	fx_add(&f, "device", "pc-dimm,memdev=d1,addr=0xffffffff00000000");
	fx_add(&f, "object", "memory-backend-ram,id=d2,size=2G");
	fx_add(&f, "device", "pc-dimm,memdev=d2");
	fx_dimms(&f, 1);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.fragmented", NULL,
			"could not find position in guest address space for "
			"memory device - memory fragmented due to alignments");
	fx_fini(&f);
}

/* "not enough space" stays dimm.c's, and comes before placement. */
static void room_checked_first(void **state)
{
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=8G",
	    "pc-dimm,memdev=d0,addr=0x100001000", NULL);
	assert_fx_error(&f, VNUMA_E_RANGE, "dimm.no-space", NULL,
			"not enough space, currently 0x0 in use of total "
			"space for memory devices 0x1c0000000");
	fx_fini(&f);
}

/* Called without a region (dimm.c refuses such DIMMs first). */
static void no_region_guard(void **state)
{
	struct vnuma__backend be = { .kind = VNUMA__BACKEND_RAM,
				     .size = GIB };
	struct vnuma__dimm d = { .addr = 0 };
	struct fx f;

	(void)state;
	machine(&f, 8 * GIB, 4);
	f.m.devmem_size = 0;
	fx_add(&f, "device", "pc-dimm,memdev=d0");
	assert_int_equal(vnuma__dimm_addr(&d, &be, &f.b, &f.m,
					  &f.cfg.e[0].opts, &f.e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(f.e), "dimm.no-region");
	assert_string_equal(vnuma_error_message(f.e),
			    "no device memory region");
	fx_fini(&f);
}

static void into_layout(void **state)
{
	struct vnuma_layout l = { 0 };
	vnuma_error *e = NULL;
	struct fx f;

	(void)state;
	run(&f, "memory-backend-ram,id=d0,size=1G",
	    "pc-dimm,memdev=d0,node=1,addr=0x200000000",
	    "memory-backend-ram,id=d1,size=512M", "pc-dimm,memdev=d1", NULL);
	assert_fx_ok(&f);
	assert_int_equal(vnuma__dimms_place(&l, &f.b, &f.m, 2, &e), 0);
	assert_int_equal(l.n, 2);
	/* The layout is in address order, not command-line order. */
	assert_int_equal(l.v[0].start, 4 * GIB);
	assert_int_equal(l.v[0].size, 512 * MIB);
	assert_int_equal(l.v[0].node, 0);
	assert_int_equal(l.v[1].start, 8 * GIB);
	assert_int_equal(l.v[1].size, GIB);
	assert_int_equal(l.v[1].node, 1);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(l.v[i].flags,
				 VNUMA_RANGE_ENABLED |
					 VNUMA_RANGE_HOTPLUGGABLE);
	vnuma__layout_fini(&l);
	/* A range already there (boot RAM, say) is refused, named. */
	memset(&l, 0, sizeof(l));
	{
		struct vnuma_range r = { .start = 4 * GIB, .size = GIB,
					 .node = 0,
					 .flags = VNUMA_RANGE_ENABLED };

		assert_int_equal(vnuma__layout_insert(&l, &r, &e), 0);
	}
	assert_int_equal(vnuma__dimms_place(&l, &f.b, &f.m, 2, &e),
			 VNUMA_E_CONFLICT);
	assert_string_equal(vnuma_error_check(e), "layout.overlap");
	vnuma_error_free(e);
	vnuma__layout_fini(&l);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_fit_in_order),
		cmocka_unit_test(first_fit_around_given_addresses),
		cmocka_unit_test(addr_zero_is_first_fit),
		cmocka_unit_test(first_fit_skips_small_gap),
		cmocka_unit_test(addr_alignment),
		cmocka_unit_test(memfd_alignment),
		cmocka_unit_test(legacy_alignment),
		cmocka_unit_test(size_alignment),
		cmocka_unit_test(addr_checked_before_size),
		cmocka_unit_test(placed_before_node_check),
		cmocka_unit_test(outside_region),
		cmocka_unit_test(conflict),
		cmocka_unit_test(fragmented),
		cmocka_unit_test(too_big),
		cmocka_unit_test(room_checked_first),
		cmocka_unit_test(no_region_guard),
		cmocka_unit_test(into_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
