/* SPDX-License-Identifier: MIT */
/*
 * Hostile DTBs given to vnuma_fdt_apply (src/firmware/fdt_check.c and the
 * checks of fdt_scan.c/fdt_plan.c): each is refused with its own message
 * before libfdt reads it, where libfdt 1.6.1 would crash or read past the
 * buffer, or it is refused where it used to be written out unchecked.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

#include "pipeline.h"

#define GIB (UINT64_C(1) << 30)

#define TWO_NODES                                                      \
	"-M", "virt", "-smp", "2", "-m", "3G", "-object",              \
		"memory-backend-ram,id=m0,size=1G", "-object",         \
		"memory-backend-ram,id=m1,size=2G", "-numa",           \
		"node,memdev=m0,cpus=1", "-numa", "node,memdev=m1,cpus=0"

/* How the base blob is spoilt before it is finished. */
enum shape {
	PLAIN,
	DUP_REG,	  /* cpu@0 holds reg twice */
	CPUS_MEMORY,	  /* /cpus/memory@0 with device_type "memory" */
	PROP_AFTER_CHILD, /* a root property after its first subnode */
};

static void put_u64_pair(void *f, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	assert_int_equal(fdt_property(f, name, v, sizeof(v)), 0);
}

/* The virt shape, small: memory, two CPUs, chosen. */
static void *make(enum shape s, size_t *len)
{
	size_t cap = 4096;
	void *f = malloc(cap);

	assert_non_null(f);
	assert_int_equal(fdt_create(f, (int)cap), 0);
	assert_int_equal(fdt_finish_reservemap(f), 0);
	assert_int_equal(fdt_begin_node(f, ""), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", 2), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", 2), 0);
	assert_int_equal(fdt_begin_node(f, "memory@40000000"), 0);
	put_u64_pair(f, "reg", 0x40000000, 3 * GIB);
	assert_int_equal(fdt_property_string(f, "device_type", "memory"), 0);
	assert_int_equal(fdt_end_node(f), 0);
	if (s == PROP_AFTER_CHILD)
		assert_int_equal(fdt_property_u32(f, "late", 1), 0);
	assert_int_equal(fdt_begin_node(f, "cpus"), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", 0), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", 1), 0);
	for (uint32_t i = 0; i < 2; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cpu@%" PRIu32, i);
		assert_int_equal(fdt_begin_node(f, name), 0);
		assert_int_equal(fdt_property_u32(f, "reg", i), 0);
		if (s == DUP_REG && !i)
			assert_int_equal(fdt_property_u32(f, "reg", i), 0);
		assert_int_equal(fdt_property_string(f, "device_type", "cpu"),
				 0);
		assert_int_equal(fdt_end_node(f), 0);
	}
	if (s == CPUS_MEMORY) {
		assert_int_equal(fdt_begin_node(f, "memory@0"), 0);
		assert_int_equal(fdt_property_u32(f, "reg", 0), 0);
		assert_int_equal(fdt_property_string(f, "device_type",
						     "memory"), 0);
		assert_int_equal(fdt_end_node(f), 0);
	}
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_begin_node(f, "chosen"), 0);
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_finish(f), 0);
	*len = fdt_totalsize(f);
	return f;
}

static uint32_t get32(const void *f, size_t at)
{
	const unsigned char *p = (const unsigned char *)f + at;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void set32(void *f, size_t at, uint32_t v)
{
	unsigned char *p = (unsigned char *)f + at;

	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Header fields by offset, as the spec numbers them. */
enum { H_TOTAL = 4, H_STRUCT = 8, H_STRINGS = 12, H_RSV = 16, H_VERSION = 20,
       H_LAST_COMP = 24, H_SIZE_STRINGS = 32, H_SIZE_STRUCT = 36 };

static void assert_refused(const vnuma_topology *t, const vnuma_layout *l,
			   const void *in, size_t len, int status,
			   const char *check, const char *msg)
{
	vnuma_error *e = NULL;
	size_t out_len = 1;
	char out[64];

	assert_int_equal(vnuma_fdt_apply(out, sizeof(out), &out_len, t, l, in,
					 len, &e), status);
	assert_int_equal(out_len, 0);
	assert_string_equal(vnuma_error_check(e), check);
	assert_string_equal(vnuma_error_message(e), msg);
	vnuma_error_free(e);
}

#define BAD(...) "not a valid device tree: " __VA_ARGS__

/*
 * libfdt 1.6.1's fdt_check_full takes the root name of a version 1-15
 * blob as a path, finds no '/' in "" and dereferences NULL.
 */
static void test_old_version(void **state)
{
	struct run r = RUN(TWO_NODES);
	size_t len;
	void *in;

	assert_ok(r);
	in = make(PLAIN, &len);
	set32(in, H_VERSION, 3);
	set32(in, H_LAST_COMP, 2);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("version 3 (compatible with 2); vnuma reads "
			   "version 17, as dtc and QEMU write"));
	set32(in, H_VERSION, 17);
	set32(in, H_LAST_COMP, 18);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("version 17 (compatible with 18); vnuma reads "
			   "version 17, as dtc and QEMU write"));
	free(in);
	run_free(&r);
}

/* Every libfdt reads size_dt_strings (byte 32) of any header. */
static void test_short_header(void **state)
{
	struct run r = RUN(TWO_NODES);
	char want[200];
	size_t len;
	void *in, *v2 = malloc(32), *cut;

	assert_ok(r);
	assert_non_null(v2);
	in = make(PLAIN, &len);
	memcpy(v2, in, 32);
	set32(v2, H_TOTAL, 32);
	set32(v2, H_VERSION, 2);
	set32(v2, H_LAST_COMP, 2);
	assert_refused(r.t, NULL, v2, 32, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("version 2 (compatible with 2); vnuma reads "
			   "version 17, as dtc and QEMU write"));
	/* version 17 needs 40 bytes of header; each cut in its own block */
	cut = malloc(39);
	assert_non_null(cut);
	memcpy(cut, in, 39);
	assert_refused(r.t, NULL, cut, 39, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("a header cut off at 39 bytes"));
	assert_refused(r.t, NULL, cut, 20, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("a header cut off at 20 bytes"));
	assert_refused(r.t, NULL, cut, 3, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("3 bytes"));
	snprintf(want, sizeof(want), BAD("totalsize %zu in a buffer of %zu "
		 "bytes"), len, len - 1);
	assert_refused(r.t, NULL, in, len - 1, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	free(cut);
	free(v2);
	free(in);
	run_free(&r);
}

/* Offsets and sizes in the header that point outside or overlap. */
static void test_blocks(void **state)
{
	struct run r = RUN(TWO_NODES);
	uint32_t st, ss, sz;
	char want[200];
	size_t len;
	void *in;

	assert_ok(r);
	in = make(PLAIN, &len);
	st = get32(in, H_STRUCT);
	ss = get32(in, H_STRINGS);
	sz = get32(in, H_SIZE_STRUCT);
	set32(in, H_STRUCT, st + 2);
	snprintf(want, sizeof(want), BAD("the memory reservation block "
		 "(0x%" PRIx32 ") is not 8-byte aligned or the structure "
		 "block (0x%" PRIx32 ") not 4-byte aligned"),
		 get32(in, H_RSV), st + 2);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	set32(in, H_STRUCT, st);
	set32(in, H_SIZE_STRUCT, (uint32_t)len);
	snprintf(want, sizeof(want), BAD("a block lies outside the blob's "
		 "%zu bytes (structure 0x%" PRIx32 "+%zu, strings 0x%"
		 PRIx32 "+%" PRIu32 ")"), len, st, len, ss,
		 get32(in, H_SIZE_STRINGS));
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	set32(in, H_SIZE_STRUCT, sz);
	set32(in, H_STRINGS, st);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("the structure block and the strings block "
			   "overlap"));
	set32(in, H_STRINGS, ss);
	set32(in, H_RSV, (uint32_t)(len - 8) & ~7u);
	snprintf(want, sizeof(want), BAD("the memory reservation block at "
		 "0x%zx has no end within %zu bytes"), (len - 8) & ~(size_t)7,
		 len);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	set32(in, H_RSV, 0);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("the header and the memory reservation block "
			   "overlap"));
	free(in);
	run_free(&r);
}

/* The structure block walked tag by tag. */
static void test_structure(void **state)
{
	struct run r = RUN(TWO_NODES);
	uint32_t st, sz;
	char want[200];
	size_t len;
	void *in;

	assert_ok(r);
	in = make(PLAIN, &len);
	st = get32(in, H_STRUCT);
	sz = get32(in, H_SIZE_STRUCT);
	/* the root's name: "" then padding; make it "x" */
	((char *)in)[st + 4] = 'x';
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("the root node is named 'x' (a version 17 root "
			   "has no name)"));
	((char *)in)[st + 4] = '\0';
	/* the root's first property */
	set32(in, st + 8, 7);
	snprintf(want, sizeof(want), BAD("unknown tag 0x7 at 0x%" PRIx32),
		 st + 8);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	set32(in, st + 8, FDT_PROP);
	set32(in, st + sz - 4, 7);
	snprintf(want, sizeof(want), BAD("tag 7 after the root node at 0x%"
		 PRIx32), st + sz - 4);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	set32(in, st + sz - 4, FDT_NOP);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       BAD("the structure block ends without FDT_END"));
	set32(in, st + sz - 4, FDT_END);
	/* the first property of the root: #size-cells; name offset 999 */
	set32(in, st + 8 + 8, 999);
	snprintf(want, sizeof(want), BAD("the property at 0x%" PRIx32 " has "
		 "no name in the strings block (offset 999)"), st + 8);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	set32(in, st + 8 + 8, 0);
	set32(in, st + 8 + 4, 0x10000);
	snprintf(want, sizeof(want), BAD("the property at 0x%" PRIx32 " runs "
		 "past the structure block (65536 bytes)"), st + 8);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	free(in);
	in = make(PROP_AFTER_CHILD, &len);
	assert_int_equal(vnuma_fdt_apply(NULL, 0, &len, r.t, NULL, in,
					 fdt_totalsize(in), &r.e),
			 VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_check(r.e), "fdt.bad-dtb");
	assert_non_null(strstr(vnuma_error_message(r.e),
			       "follows a subnode (properties come first)"));
	free(in);
	run_free(&r);
}

/* libfdt 1.6.1 refuses it with FDT_ERR_ALIGNMENT, "<unknown error>". */
static void test_unaligned(void **state)
{
	struct run r = RUN(TWO_NODES);
	vnuma_error *e = NULL;
	size_t len, a_len = 0, u_len = 0;
	char want[200], *odd;
	void *in, *a, *u;

	assert_ok(r);
	in = make(PLAIN, &len);
	odd = malloc(len + 1);
	assert_non_null(odd);
	memcpy(odd + 1, in, len);
	a = malloc(4096);
	u = malloc(4096);
	assert_non_null(a);
	assert_non_null(u);
	assert_int_equal(vnuma_fdt_apply(a, 4096, &a_len, r.t, NULL, in, len,
					 &e), 0);
	if (vnuma_fdt_apply(u, 4096, &u_len, r.t, NULL, odd + 1, len, &e))
		fail_msg("%s", vnuma_error_message(e));
	assert_int_equal(u_len, a_len);
	assert_memory_equal(u, a, a_len);
	/* refused ones are checked before the copy */
	odd[1] = 0;
	snprintf(want, sizeof(want), BAD("no magic 0xd00dfeed (%zu bytes)"),
		 len);
	assert_refused(r.t, NULL, odd + 1, len, VNUMA_E_SYNTAX, "fdt.bad-dtb",
		       want);
	free(odd);
	free(a);
	free(u);
	free(in);
	run_free(&r);
}

/* libfdt reads the first, the copy kept both, dtc refuses the output. */
static void test_duplicate_property(void **state)
{
	struct run r = RUN(TWO_NODES);
	size_t len;
	void *in;

	assert_ok(r);
	in = make(DUP_REG, &len);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX,
		       "fdt.duplicate-property",
		       "/cpus/cpu@0: property 'reg' appears twice");
	free(in);
	run_free(&r);
}

/* It used to be copied as it was, with no or a stale numa-node-id. */
static void test_memory_under_cpus(void **state)
{
	struct run r = RUN(TWO_NODES);
	size_t len;
	void *in;

	assert_ok(r);
	in = make(CPUS_MEMORY, &len);
	assert_refused(r.t, NULL, in, len, VNUMA_E_SYNTAX, "fdt.stray-memory",
		       "/cpus/memory@0: a memory node (device_type "
		       "\"memory\") that is not a child of the root");
	free(in);
	run_free(&r);
}

/* A node id past the topology's would be written as numa-node-id. */
static void test_layout_node(void **state)
{
	struct run r = RUN(TWO_NODES);
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	size_t len;
	void *in;

	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, &e), 0);
	assert_int_equal(vnuma_layout_add(l, 0x200000000, GIB, 2,
					  VNUMA_RANGE_ENABLED, &e), 0);
	in = make(PLAIN, &len);
	assert_refused(r.t, l, in, len, VNUMA_E_CONFLICT, "fdt.layout-node",
		       "the layout puts 0x200000000+0x40000000 on node 2, "
		       "the topology has 2 node(s)");
	assert_int_equal(vnuma_fdt_dts(&(char *){ NULL }, r.t, l, &e),
			 VNUMA_E_CONFLICT);
	vnuma_error_free(e);
	free(in);
	vnuma_layout_free(l);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_version),
		cmocka_unit_test(test_short_header),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_duplicate_property),
		cmocka_unit_test(test_memory_under_cpus),
		cmocka_unit_test(test_layout_node),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
