/* SPDX-License-Identifier: MIT */
/*
 * The guest memory map: the sorted range array and its public API, and
 * boot RAM per node as QEMU 7.2 describes it (hw/i386/acpi-build.c and
 * hw/arm/virt-acpi-build.c build_srat). Where RAM sits on pc and q35 was
 * checked against `info mtree -f` of qemu-system-x86_64 7.2 (e.g.
 * -M q35 -m 2816M: pc.ram at 0-0x7fffffff and 0x100000000-0x12fffffff).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "pipeline.h"
#include "memory/layout.h"

#define KIB (UINT64_C(1) << 10)
#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
#define EN VNUMA_RANGE_ENABLED
#define HP VNUMA_RANGE_HOTPLUGGABLE
#define HOLE VNUMA_RANGE_HOLE

/* The linker routes the library's allocations here (-Wl,--wrap=...). */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

/* Test-only state: the countdown to the failing allocation, -1: never. */
static long countdown = -1;
static long failures;

static int should_fail(void)
{
	if (countdown < 0 || countdown-- != 0)
		return 0;
	failures++;
	return 1;
}

void *__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return should_fail() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __real_realloc(p, n);
}

struct want {
	uint64_t start, size;
	int64_t node;
	uint32_t flags;
};

static void assert_ranges(const vnuma_layout *l, const struct want *w,
			  size_t n)
{
	vnuma_range r = VNUMA_INFO_INIT(vnuma_range);

	for (size_t i = 0; i < n && i < vnuma_layout_range_count(l); i++) {
		assert_int_equal(vnuma_layout_range(&r, l, i), VNUMA_OK);
		if (r.start != w[i].start || r.size != w[i].size ||
		    r.node != w[i].node || r.flags != w[i].flags)
			fail_msg("range %zu: got 0x%" PRIx64 "+0x%" PRIx64
				 " node %" PRId64 " flags %u, want 0x%" PRIx64
				 "+0x%" PRIx64 " node %" PRId64 " flags %u",
				 i, r.start, r.size, r.node, r.flags,
				 w[i].start, w[i].size, w[i].node, w[i].flags);
	}
	assert_int_equal(vnuma_layout_range_count(l), n);
}

static void assert_node(const vnuma_layout *l, uint64_t addr, uint32_t node)
{
	vnuma_error *e = NULL;
	uint32_t got = UINT32_MAX;

	if (vnuma_layout_node_of_addr(&got, l, addr, &e))
		fail_msg("0x%" PRIx64 ": %s", addr, vnuma_error_message(e));
	assert_int_equal(got, node);
}

static void assert_no_node(const vnuma_layout *l, uint64_t addr)
{
	vnuma_error *e = NULL;
	uint32_t got = 77;
	char msg[64];

	assert_int_equal(vnuma_layout_node_of_addr(&got, l, addr, &e),
			 VNUMA_E_MISSING);
	assert_int_equal(got, 77);
	assert_string_equal(vnuma_error_check(e), "layout.no-node");
	snprintf(msg, sizeof(msg), "address 0x%" PRIx64
		 " belongs to no NUMA node", addr);
	assert_string_equal(vnuma_error_message(e), msg);
	vnuma_error_free(e);
}

static void add_ok(vnuma_layout *l, uint64_t start, uint64_t size,
		   uint32_t node)
{
	vnuma_error *e = NULL;

	if (vnuma_layout_add(l, start, size, node, EN, &e))
		fail_msg("add 0x%" PRIx64 "+0x%" PRIx64 ": %s", start, size,
			 vnuma_error_message(e));
}

/* e is read after rc is computed: arguments have no evaluation order. */
static void assert_err(vnuma_error **e, int rc, int status, const char *check,
		       const char *msg)
{
	assert_int_equal(rc, status);
	assert_non_null(*e);
	assert_int_equal(vnuma_error_status(*e), status);
	assert_string_equal(vnuma_error_check(*e), check);
	assert_null(vnuma_error_key(*e));
	assert_string_equal(vnuma_error_message(*e), msg);
	vnuma_error_free(*e);
	*e = NULL;
}

/* An empty layout: what the caller builds on. */
static vnuma_layout *empty(void)
{
	vnuma_layout *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	return l;
}

static void empty_layout(void **state)
{
	vnuma_layout *l = empty();
	vnuma_range r = VNUMA_INFO_INIT(vnuma_range);
	uint64_t base = 1, size = 1;

	(void)state;
	assert_int_equal(vnuma_layout_range_count(l), 0);
	assert_int_equal(vnuma_layout_range(&r, l, 0), VNUMA_E_RANGE);
	assert_int_equal(vnuma__layout_find(l, 0), -1);
	assert_no_node(l, 0);
	assert_no_node(l, UINT64_MAX);
	vnuma_layout_hotplug_region(&base, &size, l);
	assert_true(base == 0 && size == 0);
	vnuma_layout_free(l);
}

/* First byte, last byte, one before, one past the end. */
static void boundaries(void **state)
{
	vnuma_layout *l = empty();

	(void)state;
	add_ok(l, 0x1000, 0x1000, 3);
	assert_no_node(l, 0);
	assert_no_node(l, 0xfff);
	assert_node(l, 0x1000, 3);
	assert_node(l, 0x1800, 3);
	assert_node(l, 0x1fff, 3);
	assert_no_node(l, 0x2000);
	assert_int_equal(vnuma__layout_find(l, 0x1fff), 0);
	assert_int_equal(vnuma__layout_find(l, 0x2000), -1);
	/* A range may end at the very top of the address space. */
	add_ok(l, UINT64_MAX - 0xfff, 0x1000, 5);
	assert_node(l, UINT64_MAX, 5);
	assert_node(l, UINT64_MAX - 0xfff, 5);
	assert_no_node(l, UINT64_MAX - 0x1000);
	/* And one may start at 0 and hold a single byte. */
	add_ok(l, 0, 1, 7);
	assert_node(l, 0, 7);
	assert_no_node(l, 1);
	vnuma_layout_free(l);
}

static void adjacent_ranges(void **state)
{
	vnuma_layout *l = empty();
	const struct want w[] = {
		{ 0x0, 0x1000, 0, EN },
		{ 0x1000, 0x1000, 1, EN },
		{ 0x2000, 0x1000, 0, EN },
	};

	(void)state;
	add_ok(l, 0x2000, 0x1000, 0);
	add_ok(l, 0x0, 0x1000, 0);
	add_ok(l, 0x1000, 0x1000, 1);
	assert_ranges(l, w, 3);
	assert_node(l, 0xfff, 0);
	assert_node(l, 0x1000, 1);
	assert_node(l, 0x1fff, 1);
	assert_node(l, 0x2000, 0);
	vnuma_layout_free(l);
}

/* Every insertion order of 5 ranges gives the same sorted array. */
static void add_remove_any_order(void **state)
{
	static const int perms[][5] = {
		{ 0, 1, 2, 3, 4 }, { 4, 3, 2, 1, 0 }, { 2, 0, 4, 1, 3 },
		{ 1, 3, 0, 4, 2 }, { 3, 4, 1, 2, 0 },
	};
	struct want w[5];

	(void)state;
	for (int i = 0; i < 5; i++)
		w[i] = (struct want){ (uint64_t)i * 3 * GIB, GIB + (uint64_t)i,
				      i, EN };
	for (size_t p = 0; p < sizeof(perms) / sizeof(perms[0]); p++) {
		vnuma_layout *l = empty();
		const int *o = perms[(p + 2) % 5];

		for (int k = 0; k < 5; k++)
			add_ok(l, w[perms[p][k]].start, w[perms[p][k]].size,
			       (uint32_t)w[perms[p][k]].node);
		assert_ranges(l, w, 5);
		/* Remove in another order; the rest stays found. */
		for (int k = 0; k < 5; k++) {
			const struct want *x = &w[o[k]];

			assert_node(l, x->start + x->size - 1,
				    (uint32_t)x->node);
			assert_int_equal(vnuma_layout_remove(l, x->start,
							     x->size, NULL),
					 VNUMA_OK);
			assert_no_node(l, x->start);
			assert_int_equal(vnuma_layout_range_count(l),
					 (size_t)(4 - k));
			for (int j = k + 1; j < 5; j++)
				assert_node(l, w[o[j]].start,
					    (uint32_t)w[o[j]].node);
		}
		vnuma_layout_free(l);
	}
}

static void overlap_refused(void **state)
{
	vnuma_layout *l = empty();
	vnuma_range hole = { sizeof(hole), 0xa0000, 0x60000, -1, HOLE };
	vnuma_error *e = NULL;
	const struct want w[] = {
		{ 0xa0000, 0x60000, -1, HOLE },
		{ 0x100000, 0x100000, 2, EN },
		{ 0x300000, 0x100000, 1, EN },
	};

	(void)state;
	assert_int_equal(vnuma__layout_insert(l, &hole, NULL), VNUMA_OK);
	add_ok(l, 0x100000, 0x100000, 2);
	add_ok(l, 0x300000, 0x100000, 1);
	/* Its last byte in the range before. */
	assert_err(&e, vnuma_layout_add(l, 0x80000, 0x20001, 0, EN, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0x80000-0xa0000 overlaps the hole "
		   "0xa0000-0xfffff");
	/* Its first byte on the last byte of the one before. */
	assert_err(&e, vnuma_layout_add(l, 0x1fffff, 0x1000, 0, EN, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0x1fffff-0x200ffe overlaps memory range "
		   "0x100000-0x1fffff of node 2");
	/* Its last byte on the first byte of the one after. */
	assert_err(&e, vnuma_layout_add(l, 0x200000, 0x100001, 0, HP, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0x200000-0x300000 overlaps memory range "
		   "0x300000-0x3fffff of node 1");
	/* Holding ranges whole: the first in address order is named. */
	assert_err(&e, vnuma_layout_add(l, 0x0, 0x1000000, 0, EN, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0x0-0xffffff overlaps the hole "
		   "0xa0000-0xfffff");
	assert_err(&e, vnuma_layout_add(l, 0x200000, 0x300000, 0, EN, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0x200000-0x4fffff overlaps memory range "
		   "0x300000-0x3fffff of node 1");
	/* The same range again. */
	assert_err(&e, vnuma_layout_add(l, 0x300000, 0x100000, 1, EN, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0x300000-0x3fffff overlaps memory range "
		   "0x300000-0x3fffff of node 1");
	/* Inside one. */
	assert_err(&e, vnuma_layout_add(l, 0x380000, 0x10, 0, EN, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0x380000-0x38000f overlaps memory range "
		   "0x300000-0x3fffff of node 1");
	/* Nothing changed; the gap between them is still free. */
	assert_ranges(l, w, 3);
	add_ok(l, 0x200000, 0x100000, 0);
	vnuma_layout_free(l);
}

/* Overlap with RAM of a guest without NUMA names no node. */
static void overlap_no_numa(void **state)
{
	struct run r = RUN("-M", "none", "-m", "256M");
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), VNUMA_OK);
	assert_err(&e, vnuma_layout_add(l, 0xfff0000, 0x20000, 0, EN, &e),
		   VNUMA_E_CONFLICT, "layout.overlap",
		   "memory range 0xfff0000-0x1000ffff overlaps memory range "
		   "0x0-0xfffffff");
	vnuma_layout_free(l);
	run_free(&r);
}

static void bad_adds(void **state)
{
	vnuma_layout *l = empty();
	vnuma_error *e = NULL;

	(void)state;
	assert_err(&e, vnuma_layout_add(l, 0x1000, 0, 0, EN, &e),
		   VNUMA_E_RANGE, "layout.size-zero",
		   "memory range at 0x1000 has size 0");
	assert_err(&e, vnuma_layout_add(l, UINT64_MAX - 0xfff, 0x1001, 0, EN,
				       &e),
		   VNUMA_E_RANGE, "layout.wrap",
		   "memory range at 0xfffffffffffff000 of size 0x1001 ends "
		   "past 2^64");
	assert_err(&e, vnuma_layout_add(l, 0, 0x1000, 0, HOLE, &e),
		   VNUMA_E_INVAL, "layout.flags",
		   "flags 0x4 cannot be added: only enabled and hotpluggable "
		   "memory can");
	assert_err(&e, vnuma_layout_add(l, 0, 0x1000, 0, 0x8, &e),
		   VNUMA_E_INVAL, "layout.flags",
		   "flags 0x8 cannot be added: only enabled and hotpluggable "
		   "memory can");
	assert_int_equal(vnuma_layout_range_count(l), 0);
	/* Flags 0 (memory the guest does not have yet) may be added. */
	assert_int_equal(vnuma_layout_add(l, 0, 0x1000, 0, 0, NULL), 0);
	assert_int_equal(vnuma_layout_add(l, 0x1000, 0x1000, 0, EN | HP,
					  NULL), 0);
	vnuma_layout_free(l);
}

static void remove_missing(void **state)
{
	vnuma_layout *l = empty();
	vnuma_range hole = { sizeof(hole), 0x10000, 0x1000, -1, HOLE };
	vnuma_error *e = NULL;

	(void)state;
	assert_err(&e, vnuma_layout_remove(l, 0, 0x1000, &e), VNUMA_E_MISSING,
		   "layout.missing",
		   "no memory range starts at 0x0 with size 0x1000");
	add_ok(l, 0x1000, 0x2000, 0);
	assert_int_equal(vnuma__layout_insert(l, &hole, NULL), VNUMA_OK);
	/* Right start, wrong size: smaller and larger. */
	assert_err(&e, vnuma_layout_remove(l, 0x1000, 0x1000, &e),
		   VNUMA_E_MISSING, "layout.missing",
		   "no memory range starts at 0x1000 with size 0x1000");
	assert_err(&e, vnuma_layout_remove(l, 0x1000, 0x3000, &e),
		   VNUMA_E_MISSING, "layout.missing",
		   "no memory range starts at 0x1000 with size 0x3000");
	/* Inside the range, and past it. */
	assert_err(&e, vnuma_layout_remove(l, 0x2000, 0x1000, &e),
		   VNUMA_E_MISSING, "layout.missing",
		   "no memory range starts at 0x2000 with size 0x1000");
	assert_err(&e, vnuma_layout_remove(l, 0x3000, 0x1000, &e),
		   VNUMA_E_MISSING, "layout.missing",
		   "no memory range starts at 0x3000 with size 0x1000");
	/* The machine's holes stay. */
	assert_err(&e, vnuma_layout_remove(l, 0x10000, 0x1000, &e),
		   VNUMA_E_INVAL, "layout.hole",
		   "0x10000-0x10fff is a hole of the machine and cannot be "
		   "removed");
	assert_int_equal(vnuma_layout_range_count(l), 2);
	assert_int_equal(vnuma_layout_remove(l, 0x1000, 0x2000, NULL), 0);
	/* Twice. */
	assert_err(&e, vnuma_layout_remove(l, 0x1000, 0x2000, &e),
		   VNUMA_E_MISSING, "layout.missing",
		   "no memory range starts at 0x1000 with size 0x2000");
	vnuma_layout_free(l);
}

static void null_arguments(void **state)
{
	vnuma_layout *l = empty();
	vnuma_error *e = NULL;
	vnuma_range r = VNUMA_INFO_INIT(vnuma_range);
	uint32_t node;

	(void)state;
	assert_err(&e, vnuma_layout_new(NULL, NULL, &e), VNUMA_E_INVAL,
		   "api.null", "out and t must not be NULL");
	assert_err(&e, vnuma_layout_add(NULL, 0, 1, 0, EN, &e), VNUMA_E_INVAL,
		   "api.null", "l must not be NULL");
	assert_err(&e, vnuma_layout_remove(NULL, 0, 1, &e), VNUMA_E_INVAL,
		   "api.null", "l must not be NULL");
	assert_err(&e, vnuma_layout_node_of_addr(NULL, l, 0, &e),
		   VNUMA_E_INVAL, "api.null",
		   "l and node must not be NULL");
	assert_err(&e, vnuma_layout_node_of_addr(&node, NULL, 0, &e),
		   VNUMA_E_INVAL, "api.null",
		   "l and node must not be NULL");
	assert_int_equal(vnuma_layout_range(&r, NULL, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_layout_range(NULL, l, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_layout_range_count(NULL), 0);
	vnuma_layout_hotplug_region(NULL, NULL, NULL);
	vnuma_layout_free(NULL);
	vnuma_layout_free(l);
}

/* The caller's layout is a copy: changing it leaves the topology's. */
static void new_copies(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "1G");
	vnuma_layout *a = NULL, *b = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&a, r.t, NULL), VNUMA_OK);
	assert_int_equal(vnuma_layout_remove(a, 0, 640 * KIB, NULL), 0);
	add_ok(a, 5 * GIB, GIB, 9);
	assert_int_equal(vnuma_layout_new(&b, r.t, NULL), VNUMA_OK);
	assert_int_equal(vnuma_layout_range_count(a), 4);
	assert_int_equal(vnuma_layout_range_count(b), 4);
	assert_node(a, 5 * GIB, 9);
	assert_no_node(b, 5 * GIB);
	assert_no_node(b, 0); /* no NUMA: RAM of no node */
	vnuma_layout_free(a);
	vnuma_layout_free(b);
	run_free(&r);
}

/*
 * pc and q35 at many sizes and node counts. The expectation is derived
 * from the rules, not from vnuma's output: where RAM below 4 GiB ends
 * (q35: all of it under 0xb0000000 bytes, else 2 GiB; pc: all of it
 * under 0xe0000000, else 3 GiB), nodes in node order, the node spanning
 * 640K paying for [640K, 1M), the rest above 4 GiB.
 */
static uint64_t x86_below(bool q35, uint64_t ram)
{
	if (q35)
		return ram >= 0xb0000000 ? 2 * GIB : ram;
	return ram >= 0xe0000000 ? 3 * GIB : ram;
}

/* The node sizes of a case: 1 node, 1/4 + 3/4, 1/2 + none + 1/2. */
static uint32_t case_nodes(uint64_t ram, unsigned nn, uint64_t mem[3])
{
	mem[0] = nn == 1 ? ram : nn == 2 ? ram / 4 : ram / 2;
	mem[1] = nn == 2 ? ram - mem[0] : 0;
	mem[2] = nn == 3 ? ram - mem[0] : 0;
	return nn;
}

static struct run run_x86(bool q35, uint64_t ram, uint32_t nn,
			  const uint64_t *mem)
{
	char sz[16], obj[3][64], node[3][64];
	const char *argv[32];
	int a = 0;

	snprintf(sz, sizeof(sz), "%" PRIu64 "M", ram / MIB);
	argv[a++] = "-M";
	argv[a++] = q35 ? "q35" : "pc";
	argv[a++] = "-m";
	argv[a++] = sz;
	for (uint32_t i = 0; i < nn; i++) {
		snprintf(obj[i], sizeof(obj[i]),
			 "memory-backend-ram,id=m%u,size=%" PRIu64 "M", i,
			 mem[i] / MIB);
		if (mem[i])
			snprintf(node[i], sizeof(node[i]),
				 "node,nodeid=%u,memdev=m%u", i, i);
		else
			snprintf(node[i], sizeof(node[i]), "node,nodeid=%u",
				 i);
		if (mem[i]) {
			argv[a++] = "-object";
			argv[a++] = obj[i];
		}
		argv[a++] = "-numa";
		argv[a++] = node[i];
	}
	argv[a] = NULL;
	return run_opts(0, argv);
}

static void check_x86(const vnuma_layout *l, uint64_t ram, uint64_t below,
		      uint32_t nn, const uint64_t *mem)
{
	uint64_t got[3] = { 0 }, want, off = 0, cursor = 0;
	int64_t last_node = -1;
	size_t holes = 0;
	vnuma_range r = VNUMA_INFO_INIT(vnuma_range);

	for (size_t i = 0; i < vnuma_layout_range_count(l); i++) {
		assert_int_equal(vnuma_layout_range(&r, l, i), 0);
		/* Ranges follow each other with no gap below 4 GiB. */
		if (r.start < 4 * GIB) {
			assert_true(r.start == cursor);
			cursor = r.start + r.size;
		}
		if (r.flags & HOLE) {
			assert_int_equal(r.node, -1);
			assert_int_equal(r.flags, HOLE);
			if (holes++ == 0) {
				assert_true(r.start == 640 * KIB &&
					    r.size == 384 * KIB);
			} else {
				assert_true(r.start == below);
				assert_true(r.start + r.size == 4 * GIB);
			}
			assert_no_node(l, r.start);
			assert_no_node(l, r.start + r.size - 1);
			continue;
		}
		assert_int_equal(r.flags, EN);
		assert_true(r.node >= last_node && r.node < nn);
		last_node = r.node;
		got[r.node] += r.size;
		/* Above 4 GiB: right after what is below, at 4 GiB. */
		if (r.start >= 4 * GIB)
			assert_true(r.start == 4 * GIB + off);
		if (r.start >= 4 * GIB)
			off += r.size;
		assert_node(l, r.start, (uint32_t)r.node);
		assert_node(l, r.start + r.size - 1, (uint32_t)r.node);
	}
	assert_int_equal(holes, 2);
	assert_true(cursor == 4 * GIB);
	assert_true(off == ram - below);
	for (uint32_t i = 0, first = 1; i < nn; i++) {
		want = mem[i];
		/* The first node with memory pays for [640K, 1M). */
		if (mem[i] && first) {
			want -= 384 * KIB;
			first = 0;
		}
		if (got[i] != want)
			fail_msg("node %u: %" PRIu64 " bytes, want %" PRIu64,
				 i, got[i], want);
	}
	assert_no_node(l, 4 * GIB + ram - below);
}

static void x86_matrix(void **state)
{
	static const uint64_t sizes[] = { 1024, 2048, 2816, 3072, 3584,
					  4096, 8192 };

	(void)state;
	for (int q35 = 0; q35 < 2; q35++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++)
			for (unsigned nn = 1; nn <= 3; nn++) {
				uint64_t ram = sizes[s] * MIB, mem[3];
				vnuma_layout *l = NULL;
				struct run r;

				case_nodes(ram, nn, mem);
				r = run_x86(q35, ram, nn, mem);
				print_message("%s -m %" PRIu64 "M, %u nodes\n",
					      q35 ? "q35" : "pc",
					      sizes[s], nn);
				assert_ok(r);
				assert_int_equal(vnuma_layout_new(&l, r.t,
								  NULL), 0);
				check_x86(l, ram, x86_below(q35, ram), nn,
					  mem);
				vnuma_layout_free(l);
				run_free(&r);
			}
}

/* Whole maps, worked out by hand from build_srat. */
static void q35_node_crosses_hole(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "4G",
			   "-object", "memory-backend-ram,id=a,size=1G",
			   "-object", "memory-backend-ram,id=b,size=3G",
			   "-numa", "node,memdev=a", "-numa", "node,memdev=b");
	const struct want w[] = {
		{ 0, 640 * KIB, 0, EN },
		{ 640 * KIB, 384 * KIB, -1, HOLE },
		{ MIB, GIB - MIB, 0, EN },
		{ GIB, GIB, 1, EN },
		{ 2 * GIB, 2 * GIB, -1, HOLE },
		{ 4 * GIB, 2 * GIB, 1, EN },
	};
	vnuma_layout *l = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, w, 6);
	assert_node(l, 2 * GIB - 1, 1);
	assert_no_node(l, 2 * GIB);
	assert_node(l, 4 * GIB, 1);
	assert_node(l, 6 * GIB - 1, 1);
	assert_no_node(l, 6 * GIB);
	vnuma_layout_free(l);
	run_free(&r);
}

/* pc -m 4G: 3 GiB below; a node ending right at the hole is not cut. */
static void pc_node_ends_at_hole(void **state)
{
	struct run r = RUN("-M", "pc", "-m", "4G",
			   "-object", "memory-backend-ram,id=a,size=3G",
			   "-object", "memory-backend-ram,id=b,size=1G",
			   "-numa", "node,memdev=a", "-numa", "node,memdev=b");
	const struct want w[] = {
		{ 0, 640 * KIB, 0, EN },
		{ 640 * KIB, 384 * KIB, -1, HOLE },
		{ MIB, 3 * GIB - MIB, 0, EN },
		{ 3 * GIB, GIB, -1, HOLE },
		{ 4 * GIB, GIB, 1, EN },
	};
	vnuma_layout *l = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, w, 5);
	vnuma_layout_free(l);
	run_free(&r);
}

/* A memory-less node 0: node 1 starts at 0 and pays for the hole. */
static void memoryless_first_node(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "2G",
			   "-object", "memory-backend-ram,id=b,size=2G",
			   "-numa", "node", "-numa", "node,memdev=b");
	const struct want w[] = {
		{ 0, 640 * KIB, 1, EN },
		{ 640 * KIB, 384 * KIB, -1, HOLE },
		{ MIB, 2 * GIB - MIB, 1, EN },
		{ 2 * GIB, 2 * GIB, -1, HOLE },
	};
	vnuma_layout *l = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, w, 4);
	vnuma_layout_free(l);
	run_free(&r);
}

/* -machine max-ram-below-4g moves the split on both boards. */
static void max_ram_below_4g(void **state)
{
	static const char *const machines[] = { "pc,max-ram-below-4g=1G",
						"q35,max-ram-below-4g=1G" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct run r = RUN("-M", machines[i], "-m", "4G",
				   "-object",
				   "memory-backend-ram,id=a,size=2G",
				   "-object",
				   "memory-backend-ram,id=b,size=2G",
				   "-numa", "node,memdev=a",
				   "-numa", "node,memdev=b");
		const struct want w[] = {
			{ 0, 640 * KIB, 0, EN },
			{ 640 * KIB, 384 * KIB, -1, HOLE },
			{ MIB, GIB - MIB, 0, EN },
			{ GIB, 3 * GIB, -1, HOLE },
			{ 4 * GIB, GIB, 0, EN },
			{ 5 * GIB, 2 * GIB, 1, EN },
		};
		vnuma_layout *l = NULL;

		assert_ok(r);
		assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
		assert_ranges(l, w, 6);
		vnuma_layout_free(l);
		run_free(&r);
	}
}

/*
 * Under 1 MiB below 4 GiB (QEMU warns that the BIOS may not work, and
 * starts): the map follows the RAM (info mtree -f: 0-0x7ffff and
 * 0x100000000-0x17ff7ffff), not QEMU's SRAT cursor.
 */
static void tiny_ram_below_4g(void **state)
{
	struct run r = RUN("-M", "pc,max-ram-below-4g=512K", "-m", "2G");
	const struct want w[] = {
		{ 0, 512 * KIB, -1, EN },
		{ 512 * KIB, 4 * GIB - 512 * KIB, -1, HOLE },
		{ 4 * GIB, 2 * GIB - 512 * KIB, -1, EN },
	};
	vnuma_layout *l = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, w, 3);
	vnuma_layout_free(l);
	run_free(&r);
}

/* Without NUMA: the same map, no node anywhere. */
static void x86_no_numa(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "3G");
	const struct want w[] = {
		{ 0, 640 * KIB, -1, EN },
		{ 640 * KIB, 384 * KIB, -1, HOLE },
		{ MIB, 2 * GIB - MIB, -1, EN },
		{ 2 * GIB, 2 * GIB, -1, HOLE },
		{ 4 * GIB, GIB, -1, EN },
	};
	vnuma_layout *l = NULL;
	uint64_t base = 1, size = 1;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, w, 5);
	assert_no_node(l, 0);
	assert_no_node(l, 4 * GIB);
	vnuma_layout_hotplug_region(&base, &size, l);
	assert_true(base == 0 && size == 0);
	vnuma_layout_free(l);
	run_free(&r);
}

/*
 * RAM above the AMD HyperTransport hole: pc_memory_init puts it at
 * 1 TiB (QEMU 7.2's SRAT says 4 GiB; the layout says where it is).
 * qemu-system-x86_64 -M q35,memory-backend=x -object
 * memory-backend-ram,id=x,size=1016G,reserve=off -cpu EPYC,phys-bits=48
 * -m 1016G, info mtree -f: x at 0x10000000000-0x1fd7fffffff.
 */
static void amd_above_1tib(void **state)
{
	struct run r = RUN("-M", "q35", "-cpu", "EPYC,phys-bits=48",
			   "-m", "1016G");
	vnuma_layout *l = NULL;
	vnuma_range last = VNUMA_INFO_INIT(vnuma_range);
	size_t n;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	n = vnuma_layout_range_count(l);
	assert_int_equal(n, 5);
	assert_int_equal(vnuma_layout_range(&last, l, n - 1), 0);
	assert_true(last.start == 1024 * GIB && last.size == 1014 * GIB);
	vnuma_layout_free(l);
	run_free(&r);
}

/* The device-memory region is the board's, with or without NUMA. */
static void hotplug_region(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "2G,slots=2,maxmem=4G");
	vnuma_layout *l = NULL;
	uint64_t base, size;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	/* Memory hotplug gives the implicit node 0. */
	assert_node(l, 0, 0);
	vnuma_layout_hotplug_region(&base, &size, l);
	/* At 4 GiB (no RAM above), maxmem - ram + 1 GiB per slot. */
	assert_true(base == 4 * GIB && size == 4 * GIB);
	vnuma_layout_free(l);
	run_free(&r);

	r = RUN("-M", "virt", "-m", "1G,slots=1,maxmem=2G");
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	vnuma_layout_hotplug_region(&base, &size, l);
	assert_true(base == 2 * GIB && size == 2 * GIB);
	vnuma_layout_free(l);
	run_free(&r);
}

static void virt_nodes(void **state)
{
	struct run r = RUN("-M", "virt", "-m", "3G", "-smp", "2",
			   "-object", "memory-backend-ram,id=a,size=1G",
			   "-object", "memory-backend-ram,id=b,size=2G",
			   "-numa", "node,memdev=a", "-numa", "node",
			   "-numa", "node,memdev=b");
	const struct want w[] = {
		{ GIB, GIB, 0, EN },
		{ 2 * GIB, 2 * GIB, 2, EN },
	};
	vnuma_layout *l = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, w, 2);
	assert_no_node(l, 0);
	assert_no_node(l, GIB - 1);
	assert_node(l, GIB, 0);
	assert_node(l, 2 * GIB - 1, 0);
	assert_node(l, 2 * GIB, 2);
	assert_node(l, 4 * GIB - 1, 2);
	assert_no_node(l, 4 * GIB);
	vnuma_layout_free(l);
	run_free(&r);

	r = RUN("-M", "virt", "-m", "512M");
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, (const struct want[]){ { GIB, 512 * MIB, -1, EN } },
		      1);
	vnuma_layout_free(l);
	run_free(&r);
}

static void none_machine(void **state)
{
	struct run r = RUN("-M", "none", "-m", "256M");
	vnuma_layout *l = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	assert_ranges(l, (const struct want[]){ { 0, 256 * MIB, -1, EN } }, 1);
	vnuma_layout_free(l);
	run_free(&r);
}

/* The reports' memory map: text section and JSON object. */
static void reports(void **state)
{
	struct run r = RUN("-M", "virt", "-m", "1G,slots=1,maxmem=2G");
	char *text = NULL, *json = NULL;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_report_text(&text, r.t, NULL), 0);
	assert_non_null(strstr(text,
			       "\nmemory map\n"
			       "       start         end   size  node  flags\n"
			       "  0x40000000  0x7fffffff  1 GiB     0  "
			       "enabled\n"
			       "  hotplug region 0x80000000-0xffffffff, "
			       "2 GiB\n"));
	assert_int_equal(vnuma_report_json(&json, r.t, NULL), 0);
	assert_non_null(strstr(json,
			       "  \"memory-map\": {\n"
			       "    \"ranges\": [\n"
			       "      {\n"
			       "        \"start\": 1073741824,\n"
			       "        \"size\": 1073741824,\n"
			       "        \"node\": 0,\n"
			       "        \"flags\": [\n"
			       "          \"enabled\"\n"
			       "        ]\n"
			       "      }\n"
			       "    ],\n"
			       "    \"hotplug-region\": {\n"
			       "      \"base\": 2147483648,\n"
			       "      \"size\": 2147483648\n"
			       "    }\n"
			       "  }"));
	free(text);
	free(json);
	run_free(&r);

	/* Without NUMA: no node, written "-" and null. */
	r = RUN("-M", "none", "-m", "256M");
	assert_ok(r);
	assert_int_equal(vnuma_report_text(&text, r.t, NULL), 0);
	assert_non_null(strstr(text,
			       "    0x0  0xfffffff  256 MiB     -  enabled\n"
			       "  hotplug region none\n"));
	assert_int_equal(vnuma_report_json(&json, r.t, NULL), 0);
	assert_non_null(strstr(json, "        \"node\": null,\n"));
	assert_non_null(strstr(json, "    \"hotplug-region\": null\n"));
	free(text);
	free(json);
	run_free(&r);
}

/* Each allocation of new, add and the boot layout fails in turn. */
static void allocation_failure(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "4G",
			   "-object", "memory-backend-ram,id=a,size=1G",
			   "-object", "memory-backend-ram,id=b,size=3G",
			   "-numa", "node,memdev=a", "-numa", "node,memdev=b");
	long n;

	(void)state;
	assert_ok(r);
	for (n = 0;; n++) {
		long before = failures;
		vnuma_layout *l = NULL;
		vnuma_error *e = NULL;
		int rc;

		countdown = n;
		rc = vnuma_layout_new(&l, r.t, &e);
		/* Fill past the first growth (8 ranges). */
		for (uint64_t i = 0; !rc && i < 20; i++)
			rc = vnuma_layout_add(l, (16 + i) * GIB, GIB, 1, EN,
					      &e);
		countdown = -1;
		if (failures == before) {
			assert_int_equal(rc, 0);
			assert_int_equal(vnuma_layout_range_count(l), 26);
			vnuma_layout_free(l);
			break;
		}
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(vnuma_error_status(e), VNUMA_E_NOMEM);
		/* A failed new leaves nothing; a failed add the layout. */
		if (l)
			assert_true(vnuma_layout_range_count(l) >= 6);
		vnuma_layout_free(l);
		vnuma_error_free(e);
	}
	assert_true(n >= 3);
	run_free(&r);

	/* The boot layout inside the pipeline. */
	for (n = 0;; n++) {
		long before = failures;

		countdown = n;
		r = RUN("-M", "q35", "-m", "4G");
		countdown = -1;
		if (failures == before) {
			assert_ok(r);
			run_free(&r);
			break;
		}
		assert_int_equal(r.rc, VNUMA_E_NOMEM);
		assert_null(r.t);
		run_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_layout),
		cmocka_unit_test(boundaries),
		cmocka_unit_test(adjacent_ranges),
		cmocka_unit_test(add_remove_any_order),
		cmocka_unit_test(overlap_refused),
		cmocka_unit_test(overlap_no_numa),
		cmocka_unit_test(bad_adds),
		cmocka_unit_test(remove_missing),
		cmocka_unit_test(null_arguments),
		cmocka_unit_test(new_copies),
		cmocka_unit_test(x86_matrix),
		cmocka_unit_test(q35_node_crosses_hole),
		cmocka_unit_test(pc_node_ends_at_hole),
		cmocka_unit_test(memoryless_first_node),
		cmocka_unit_test(max_ram_below_4g),
		cmocka_unit_test(tiny_ram_below_4g),
		cmocka_unit_test(x86_no_numa),
		cmocka_unit_test(amd_above_1tib),
		cmocka_unit_test(hotplug_region),
		cmocka_unit_test(virt_nodes),
		cmocka_unit_test(none_machine),
		cmocka_unit_test(reports),
		cmocka_unit_test(allocation_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
