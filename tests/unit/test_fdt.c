/* SPDX-License-Identifier: MIT */
/*
 * Device-tree NUMA (src/firmware/fdt*.c). The base DTBs are built here with
 * libfdt in the shape qemu-system-aarch64 7.2 dumps for -M virt without
 * -numa (psci, memory@40000000, cpus, timer, apb-pclk, chosen); where the
 * NUMA nodes land in them was checked against QEMU's own dumps (see
 * tests/firmware/dtb_diff.py, which compares whole decompiled DTBs).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

#include "pipeline.h"

#define GIB (UINT64_C(1) << 30)

struct base {
	int acells, scells;
	uint32_t ncpus;
	const uint64_t *regs; /* NULL: reg = index */
	int64_t cpu_node;     /* numa-node-id on every CPU, -1: none */
	bool no_clock, no_chosen, distance_map, rsv;
	uint64_t mem_start, mem_size;
};

#define BASE_INIT { .acells = 2, .scells = 2, .ncpus = 2, .cpu_node = -1, \
		    .mem_start = 0x40000000, .mem_size = 2 * GIB }

static void cells(void *f, const char *name, int n, uint64_t a, int m,
		  uint64_t b)
{
	fdt32_t v[4];
	int k = 0;

	if (n == 2)
		v[k++] = cpu_to_fdt32((uint32_t)(a >> 32));
	v[k++] = cpu_to_fdt32((uint32_t)a);
	if (m == 2)
		v[k++] = cpu_to_fdt32((uint32_t)(b >> 32));
	if (m)
		v[k++] = cpu_to_fdt32((uint32_t)b);
	assert_int_equal(fdt_property(f, name, v, k * 4), 0);
}

static void *make_base(const struct base *b, size_t *len)
{
	size_t cap = 64 * 1024;
	void *f = malloc(cap);
	char name[32];

	assert_non_null(f);
	assert_int_equal(fdt_create(f, (int)cap), 0);
	if (b->rsv)
		assert_int_equal(fdt_add_reservemap_entry(f, 0x48000000,
							  0x1000), 0);
	assert_int_equal(fdt_finish_reservemap(f), 0);
	assert_int_equal(fdt_begin_node(f, ""), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", b->scells), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", b->acells), 0);
	assert_int_equal(fdt_begin_node(f, "psci"), 0);
	assert_int_equal(fdt_property_string(f, "method", "hvc"), 0);
	assert_int_equal(fdt_end_node(f), 0);
	snprintf(name, sizeof(name), "memory@%" PRIx64, b->mem_start);
	assert_int_equal(fdt_begin_node(f, name), 0);
	cells(f, "reg", b->acells, b->mem_start, b->scells, b->mem_size);
	assert_int_equal(fdt_property_string(f, "device_type", "memory"), 0);
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_begin_node(f, "cpus"), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", 0), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", 1), 0);
	for (uint32_t i = 0; i < b->ncpus; i++) {
		snprintf(name, sizeof(name), "cpu@%" PRIu32, i);
		assert_int_equal(fdt_begin_node(f, name), 0);
		assert_int_equal(fdt_property_u32(f, "phandle", 0x8000 + i),
				 0);
		if (b->cpu_node >= 0)
			assert_int_equal(fdt_property_u32(f, "numa-node-id",
					 (uint32_t)b->cpu_node), 0);
		cells(f, "reg", 1, b->regs ? b->regs[i] : i, 0, 0);
		assert_int_equal(fdt_property_string(f, "device_type", "cpu"),
				 0);
		assert_int_equal(fdt_end_node(f), 0);
	}
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_begin_node(f, "timer"), 0);
	assert_int_equal(fdt_end_node(f), 0);
	if (b->distance_map) {
		assert_int_equal(fdt_begin_node(f, "distance-map"), 0);
		assert_int_equal(fdt_end_node(f), 0);
	}
	if (!b->no_clock) {
		assert_int_equal(fdt_begin_node(f, "apb-pclk"), 0);
		assert_int_equal(fdt_end_node(f), 0);
	}
	if (!b->no_chosen) {
		assert_int_equal(fdt_begin_node(f, "chosen"), 0);
		assert_int_equal(fdt_end_node(f), 0);
	}
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_finish(f), 0);
	fdt_set_boot_cpuid_phys(f, 1);
	*len = fdt_totalsize(f);
	return f;
}

/* Applies t to base; asserts success and returns the new DTB. */
static void *apply(const vnuma_topology *t, const vnuma_layout *l,
		   const void *in, size_t in_len)
{
	vnuma_error *e = NULL;
	size_t len = 0;
	void *out;
	int rc;

	rc = vnuma_fdt_apply(NULL, 0, &len, t, l, in, in_len, &e);
	assert_int_equal(rc, VNUMA_OK);
	assert_null(e);
	out = malloc(len);
	assert_non_null(out);
	rc = vnuma_fdt_apply(out, len, &len, t, l, in, in_len, &e);
	if (rc)
		print_error("%s\n", vnuma_error_message(e));
	assert_int_equal(rc, 0);
	assert_int_equal(fdt_check_full(out, len), 0);
	return out;
}

/* The names of node's children, joined by spaces. */
static void children(const void *f, int node, char *buf, size_t cap)
{
	int sub;

	buf[0] = '\0';
	fdt_for_each_subnode(sub, f, node) {
		strncat(buf, fdt_get_name(f, sub, NULL), cap - strlen(buf) - 1);
		strncat(buf, " ", cap - strlen(buf) - 1);
	}
}

static void props(const void *f, const char *path, char *buf, size_t cap)
{
	int node = fdt_path_offset(f, path), p;

	assert_true(node >= 0);
	buf[0] = '\0';
	fdt_for_each_property_offset(p, f, node) {
		const char *name;

		fdt_getprop_by_offset(f, p, &name, NULL);
		strncat(buf, name, cap - strlen(buf) - 1);
		strncat(buf, " ", cap - strlen(buf) - 1);
	}
}

static int64_t u32_prop(const void *f, const char *path, const char *name)
{
	int node = fdt_path_offset(f, path), len;
	const fdt32_t *v;

	if (node < 0)
		return -2;
	v = fdt_getprop(f, node, name, &len);
	if (!v)
		return -1;
	assert_int_equal(len, 4);
	return fdt32_to_cpu(*v);
}

/* reg as 2+2 cells. */
static void assert_reg(const void *f, const char *path, uint64_t a,
		       uint64_t s)
{
	int node = fdt_path_offset(f, path), len;
	const fdt32_t *v;

	assert_true(node >= 0);
	v = fdt_getprop(f, node, "reg", &len);
	assert_non_null(v);
	assert_int_equal(len, 16);
	assert_int_equal((uint64_t)fdt32_to_cpu(v[0]) << 32 |
				 fdt32_to_cpu(v[1]), a);
	assert_int_equal((uint64_t)fdt32_to_cpu(v[2]) << 32 |
				 fdt32_to_cpu(v[3]), s);
}

#define TWO_NODES                                                      \
	"-M", "virt", "-smp", "2", "-m", "3G", "-object",              \
		"memory-backend-ram,id=m0,size=1G", "-object",         \
		"memory-backend-ram,id=m1,size=2G", "-numa",           \
		"node,memdev=m0,cpus=1", "-numa", "node,memdev=m1,cpus=0"

/* Memory nodes replace the old one in place, highest address first. */
static void test_memory_nodes(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN(TWO_NODES);
	size_t len;
	void *in, *out;
	char buf[256];

	assert_ok(r);
	b.mem_size = 3 * GIB;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	children(out, 0, buf, sizeof(buf));
	assert_string_equal(buf, "psci memory@80000000 memory@40000000 cpus "
				 "timer apb-pclk chosen ");
	props(out, "/memory@40000000", buf, sizeof(buf));
	assert_string_equal(buf, "numa-node-id reg device_type ");
	assert_reg(out, "/memory@40000000", 0x40000000, GIB);
	assert_reg(out, "/memory@80000000", 0x80000000, 2 * GIB);
	assert_int_equal(u32_prop(out, "/memory@40000000", "numa-node-id"),
			 0);
	assert_int_equal(u32_prop(out, "/memory@80000000", "numa-node-id"),
			 1);
	free(in);
	free(out);
	run_free(&r);
}

/* numa-node-id on each CPU, just before reg; an old one is replaced. */
static void test_cpu_nodes(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN(TWO_NODES);
	size_t len;
	void *in, *out;
	char buf[256];

	assert_ok(r);
	b.cpu_node = 7;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	props(out, "/cpus/cpu@0", buf, sizeof(buf));
	assert_string_equal(buf, "phandle numa-node-id reg device_type ");
	assert_int_equal(u32_prop(out, "/cpus/cpu@0", "numa-node-id"), 1);
	assert_int_equal(u32_prop(out, "/cpus/cpu@1", "numa-node-id"), 0);
	free(in);
	free(out);
	run_free(&r);
}

/* CPU nodes are matched by reg = MPIDR: GICv3 puts CPU 16 at 0x100. */
static void test_cpu_by_mpidr(void **state)
{
	uint64_t regs[20];
	struct base b = BASE_INIT;
	struct run r = RUN("-M", "virt,gic-version=3", "-smp", "20", "-m",
			   "2G", "-object", "memory-backend-ram,id=m0,size=1G",
			   "-object", "memory-backend-ram,id=m1,size=1G",
			   "-numa", "node,memdev=m0,cpus=0-15", "-numa",
			   "node,memdev=m1,cpus=16-19");
	size_t len;
	void *in, *out;

	assert_ok(r);
	for (uint64_t i = 0; i < 20; i++)
		regs[i] = (i / 16) << 8 | (i % 16);
	/* listed in reverse, so that node order says nothing */
	for (int i = 0; i < 10; i++) {
		uint64_t x = regs[i];

		regs[i] = regs[19 - i];
		regs[19 - i] = x;
	}
	b.ncpus = 20;
	b.regs = regs;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	/* cpu@0 holds reg 0x103: CPU 19 */
	assert_int_equal(u32_prop(out, "/cpus/cpu@0", "numa-node-id"), 1);
	assert_int_equal(u32_prop(out, "/cpus/cpu@4", "numa-node-id"), 0);
	assert_int_equal(u32_prop(out, "/cpus/cpu@19", "numa-node-id"), 0);
	free(in);
	free(out);
	run_free(&r);
}

static const char *const DIST_ARGS[] = {
	TWO_NODES, "-numa", "dist,src=0,dst=1,val=15", "-numa",
	"dist,src=1,dst=0,val=25", NULL
};

/* Every ordered pair, diagonal included, before /apb-pclk. */
static void test_distance_map(void **state)
{
	static const uint32_t want[] = { 0, 0, 10, 0, 1, 15,
					 1, 0, 25, 1, 1, 10 };
	struct base b = BASE_INIT;
	struct run r = run_opts(0, DIST_ARGS);
	const fdt32_t *m;
	size_t len;
	void *in, *out;
	char buf[256];
	int node, n;

	assert_ok(r);
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	children(out, 0, buf, sizeof(buf));
	assert_string_equal(buf, "psci memory@80000000 memory@40000000 cpus "
				 "timer distance-map apb-pclk chosen ");
	props(out, "/distance-map", buf, sizeof(buf));
	assert_string_equal(buf, "distance-matrix compatible ");
	node = fdt_path_offset(out, "/distance-map");
	assert_string_equal(fdt_getprop(out, node, "compatible", NULL),
			    "numa-distance-map-v1");
	m = fdt_getprop(out, node, "distance-matrix", &n);
	assert_int_equal(n, sizeof(want));
	for (size_t i = 0; i < 12; i++)
		assert_int_equal(fdt32_to_cpu(m[i]), want[i]);
	free(in);
	free(out);
	run_free(&r);
}

/* Without /apb-pclk the map goes before /chosen, without both last. */
static void test_distance_map_fallbacks(void **state)
{
	struct base b = BASE_INIT;
	struct run r = run_opts(0, DIST_ARGS);
	size_t len;
	void *in, *out;
	char buf[256];

	assert_ok(r);
	b.no_clock = true;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	children(out, 0, buf, sizeof(buf));
	assert_string_equal(buf, "psci memory@80000000 memory@40000000 cpus "
				 "timer distance-map chosen ");
	free(in);
	free(out);
	b.no_chosen = true;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	children(out, 0, buf, sizeof(buf));
	assert_string_equal(buf, "psci memory@80000000 memory@40000000 cpus "
				 "timer distance-map ");
	free(in);
	free(out);
	run_free(&r);
}

/* Without -numa dist an old /distance-map goes away. */
static void test_no_distances(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN(TWO_NODES);
	size_t len;
	void *in, *out;

	assert_ok(r);
	b.distance_map = true;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	assert_int_equal(fdt_path_offset(out, "/distance-map"),
			 -FDT_ERR_NOTFOUND);
	free(in);
	free(out);
	run_free(&r);
}

/* No NUMA: one memory node for the RAM, no numa-node-id anywhere. */
static void test_no_numa(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN("-M", "virt", "-smp", "2", "-m", "1G");
	size_t len;
	void *in, *out;
	char buf[256];

	assert_ok(r);
	b.cpu_node = 0;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	children(out, 0, buf, sizeof(buf));
	assert_string_equal(buf, "psci memory@40000000 cpus timer apb-pclk "
				 "chosen ");
	assert_reg(out, "/memory@40000000", 0x40000000, GIB);
	assert_int_equal(u32_prop(out, "/memory@40000000", "numa-node-id"),
			 -1);
	assert_int_equal(u32_prop(out, "/cpus/cpu@0", "numa-node-id"), -1);
	free(in);
	free(out);
	run_free(&r);
}

/* A memory-less node has no memory node; later nodes start after. */
static void test_memoryless_node(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN("-M", "virt", "-smp", "3", "-m", "2G", "-object",
			   "memory-backend-ram,id=m0,size=1G", "-object",
			   "memory-backend-ram,id=m2,size=1G", "-numa",
			   "node,memdev=m0,cpus=0", "-numa", "node,cpus=1",
			   "-numa", "node,memdev=m2,cpus=2");
	size_t len;
	void *in, *out;
	char buf[256];

	assert_ok(r);
	b.ncpus = 3;
	in = make_base(&b, &len);
	out = apply(r.t, NULL, in, len);
	children(out, 0, buf, sizeof(buf));
	assert_string_equal(buf, "psci memory@80000000 memory@40000000 cpus "
				 "timer apb-pclk chosen ");
	assert_int_equal(u32_prop(out, "/memory@80000000", "numa-node-id"),
			 2);
	assert_int_equal(u32_prop(out, "/cpus/cpu@1", "numa-node-id"), 1);
	free(in);
	free(out);
	run_free(&r);
}

/* The caller's layout decides; hot-pluggable ranges are left to ACPI. */
static void test_caller_layout(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN(TWO_NODES);
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	size_t len;
	void *in, *out;
	char buf[256];

	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, &e), 0);
	assert_int_equal(vnuma_layout_add(l, 0x200000000, GIB, 0,
					  VNUMA_RANGE_ENABLED, &e), 0);
	assert_int_equal(vnuma_layout_add(l, 0x300000000, GIB, 1,
					  VNUMA_RANGE_ENABLED |
					  VNUMA_RANGE_HOTPLUGGABLE, &e), 0);
	in = make_base(&b, &len);
	out = apply(r.t, l, in, len);
	children(out, 0, buf, sizeof(buf));
	assert_string_equal(buf, "psci memory@200000000 memory@80000000 "
				 "memory@40000000 cpus timer apb-pclk chosen ");
	assert_int_equal(u32_prop(out, "/memory@200000000", "numa-node-id"),
			 0);
	free(in);
	free(out);
	vnuma_layout_free(l);
	run_free(&r);
}

/* Too small: the exact size needed; a buffer of that size is enough. */
static void test_nospace(void **state)
{
	struct base b = BASE_INIT;
	struct run r = run_opts(0, DIST_ARGS);
	vnuma_error *e = NULL;
	size_t len = 0, need;
	void *in, *out;

	assert_ok(r);
	in = make_base(&b, &len);
	need = 0;
	/* Sizing: no buffer is an answer, with no error made. */
	assert_int_equal(vnuma_fdt_apply(NULL, 0, &need, r.t, NULL, in, len,
					 &e), VNUMA_OK);
	assert_null(e);
	out = malloc(need);
	assert_non_null(out);
	assert_int_equal(vnuma_fdt_apply(out, need - 1, &len, r.t, NULL, in,
					 fdt_totalsize(in), &e),
			 VNUMA_E_NOSPACE);
	assert_int_equal(len, need);
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(vnuma_fdt_apply(out, need, &len, r.t, NULL, in,
					 fdt_totalsize(in), &e), 0);
	assert_int_equal(len, need);
	assert_int_equal(fdt_totalsize(out), need);
	free(in);
	free(out);
	run_free(&r);
}

/* Applying twice changes nothing more; reservations and boot CPU stay. */
static void test_idempotent_and_header(void **state)
{
	struct base b = BASE_INIT;
	struct run r = run_opts(0, DIST_ARGS);
	uint64_t addr, size;
	size_t len;
	void *in, *once, *twice;

	assert_ok(r);
	b.rsv = true;
	in = make_base(&b, &len);
	once = apply(r.t, NULL, in, len);
	twice = apply(r.t, NULL, once, fdt_totalsize(once));
	assert_int_equal(fdt_totalsize(once), fdt_totalsize(twice));
	assert_memory_equal(once, twice, fdt_totalsize(once));
	assert_int_equal(fdt_num_mem_rsv(once), 1);
	assert_int_equal(fdt_get_mem_rsv(once, 0, &addr, &size), 0);
	assert_int_equal(addr, 0x48000000);
	assert_int_equal(size, 0x1000);
	assert_int_equal(fdt_boot_cpuid_phys(once), 1);
	free(in);
	free(once);
	free(twice);
	run_free(&r);
}

static void assert_apply_fails(const vnuma_topology *t, const void *in,
			       size_t len, int status, const char *check,
			       const char *msg)
{
	vnuma_error *e = NULL;
	size_t out_len = 1;
	char out[16];

	assert_int_equal(vnuma_fdt_apply(out, sizeof(out), &out_len, t, NULL,
					 in, len, &e), status);
	assert_int_equal(out_len, 0);
	assert_string_equal(vnuma_error_check(e), check);
	assert_null(vnuma_error_key(e));
	assert_string_equal(vnuma_error_message(e), msg);
	vnuma_error_free(e);
}

static void test_bad_dtb(void **state)
{
	static const char junk[64] = "not a device tree";
	struct base b = BASE_INIT;
	struct run r = RUN(TWO_NODES);
	char want[128];
	size_t len;
	void *in;

	assert_ok(r);
	assert_apply_fails(r.t, junk, sizeof(junk), VNUMA_E_SYNTAX,
			   "fdt.bad-dtb",
			   "not a valid device tree: no magic 0xd00dfeed (64 "
			   "bytes)");
	in = make_base(&b, &len);
	snprintf(want, sizeof(want), "not a valid device tree: totalsize %zu "
		 "in a buffer of %zu bytes", len, len - 1);
	assert_apply_fails(r.t, in, len - 1, VNUMA_E_SYNTAX, "fdt.bad-dtb",
			   want);
	free(in);
	run_free(&r);
}

/* A DTB dumped for another -smp, or with foreign reg values. */
static void test_cpu_mismatch(void **state)
{
	static const uint64_t regs[] = { 0, 5 };
	struct base b = BASE_INIT;
	struct run r = RUN(TWO_NODES);
	size_t len;
	void *in;

	assert_ok(r);
	b.ncpus = 4;
	in = make_base(&b, &len);
	assert_apply_fails(r.t, in, len, VNUMA_E_CONFLICT, "fdt.cpu-mismatch",
			   "the device tree has 4 CPU nodes, the machine 2 "
			   "CPUs (dump the DTB with the same -smp)");
	free(in);
	b.ncpus = 2;
	b.regs = regs;
	in = make_base(&b, &len);
	assert_apply_fails(r.t, in, len, VNUMA_E_CONFLICT, "fdt.cpu-mismatch",
			   "/cpus/cpu@1: reg 0x5 is the MPIDR of no CPU of "
			   "the machine (dump the DTB with the same -smp)");
	free(in);
	run_free(&r);
}

/* 32-bit cells cannot hold RAM above 4 GiB. */
static void test_cells_overflow(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN("-M", "virt", "-smp", "2", "-m", "8G", "-object",
			   "memory-backend-ram,id=m0,size=4G", "-object",
			   "memory-backend-ram,id=m1,size=4G", "-numa",
			   "node,memdev=m0", "-numa", "node,memdev=m1");
	size_t len;
	void *in;

	assert_ok(r);
	b.acells = b.scells = 1;
	b.mem_size = 0x10000000;
	in = make_base(&b, &len);
	assert_apply_fails(r.t, in, len, VNUMA_E_RANGE, "fdt.cells-overflow",
			   "memory at 0x40000000 of size 0x100000000 does "
			   "not fit the root's #address-cells 1 and "
			   "#size-cells 1");
	free(in);
	run_free(&r);
}

static void test_not_virt(void **state)
{
	struct base b = BASE_INIT;
	struct run r = RUN("-M", "q35", "-smp", "2", "-m", "1G");
	vnuma_error *e = NULL;
	size_t len;
	char *s = (char *)"unset";
	void *in;

	assert_ok(r);
	in = make_base(&b, &len);
	assert_apply_fails(r.t, in, len, VNUMA_E_UNSUPPORTED,
			   "fdt.no-device-tree",
			   "machine type 'q35' has no device tree: QEMU 7.2 "
			   "builds one for arm virt only");
	assert_int_equal(vnuma_fdt_dts(&s, r.t, NULL, &e),
			 VNUMA_E_UNSUPPORTED);
	assert_null(s);
	assert_string_equal(vnuma_error_check(e), "fdt.no-device-tree");
	vnuma_error_free(e);
	free(in);
	run_free(&r);
}

static void test_null_arguments(void **state)
{
	struct run r = RUN(TWO_NODES);
	vnuma_error *e = NULL;
	size_t len;
	char buf[8];

	assert_ok(r);
	assert_int_equal(vnuma_fdt_apply(buf, 8, NULL, r.t, NULL, buf, 8,
					 NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_fdt_apply(NULL, 8, &len, r.t, NULL, buf, 8,
					 NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_fdt_apply(buf, 8, &len, r.t, NULL, NULL, 8,
					 NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_fdt_apply(buf, 8, &len, NULL, NULL, buf, 8,
					 &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	assert_int_equal(vnuma_fdt_dts(NULL, r.t, NULL, NULL),
			 VNUMA_E_INVAL);
	run_free(&r);
}

/* The DTS text, in dtc's layout and the DTB's property order. */
static void test_dts(void **state)
{
	struct run r = run_opts(0, DIST_ARGS);
	vnuma_error *e = NULL;
	char *s = NULL;

	assert_ok(r);
	assert_int_equal(vnuma_fdt_dts(&s, r.t, NULL, &e), 0);
	assert_string_equal(s,
		"/dts-v1/;\n\n/ {\n"
		"\t#size-cells = <0x02>;\n\t#address-cells = <0x02>;\n\n"
		"\tmemory@80000000 {\n\t\tnuma-node-id = <0x01>;\n"
		"\t\treg = <0x00 0x80000000 0x00 0x80000000>;\n"
		"\t\tdevice_type = \"memory\";\n\t};\n\n"
		"\tmemory@40000000 {\n\t\tnuma-node-id = <0x00>;\n"
		"\t\treg = <0x00 0x40000000 0x00 0x40000000>;\n"
		"\t\tdevice_type = \"memory\";\n\t};\n\n"
		"\tcpus {\n\t\t#size-cells = <0x00>;\n"
		"\t\t#address-cells = <0x01>;\n\n"
		"\t\tcpu@0 {\n\t\t\tnuma-node-id = <0x01>;\n"
		"\t\t\treg = <0x00>;\n\t\t\tdevice_type = \"cpu\";\n\t\t};\n\n"
		"\t\tcpu@1 {\n\t\t\tnuma-node-id = <0x00>;\n"
		"\t\t\treg = <0x01>;\n\t\t\tdevice_type = \"cpu\";\n\t\t};\n"
		"\t};\n\n"
		"\tdistance-map {\n\t\tdistance-matrix = <0x00 0x00 0x0a 0x00 "
		"0x01 0x0f 0x01 0x00 0x19 0x01 0x01 0x0a>;\n"
		"\t\tcompatible = \"numa-distance-map-v1\";\n\t};\n};\n");
	free(s);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_nodes),
		cmocka_unit_test(test_cpu_nodes),
		cmocka_unit_test(test_cpu_by_mpidr),
		cmocka_unit_test(test_distance_map),
		cmocka_unit_test(test_distance_map_fallbacks),
		cmocka_unit_test(test_no_distances),
		cmocka_unit_test(test_no_numa),
		cmocka_unit_test(test_memoryless_node),
		cmocka_unit_test(test_caller_layout),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_idempotent_and_header),
		cmocka_unit_test(test_bad_dtb),
		cmocka_unit_test(test_cpu_mismatch),
		cmocka_unit_test(test_cells_overflow),
		cmocka_unit_test(test_not_virt),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_dts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
