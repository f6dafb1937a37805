/* SPDX-License-Identifier: MIT */
/*
 * Fails the n-th allocation, for every n, through every public entry
 * point: each must return VNUMA_E_NOMEM (or succeed when the failed
 * allocation was optional) and leave nothing allocated; the sanitizer
 * build and valgrind check the "nothing".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libfdt.h>

#include "vnuma/vnuma.h"

#include "alloc_wrap.h"

static const char *const argv[] = {
	"-M", "q35,hmat=on,nvdimm=on", "-m", "2G,slots=2,maxmem=8G", "-smp", "4,sockets=2",
	"-object", "memory-backend-ram,id=m0,size=1G,prealloc-context=tc",
	"-object", "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m1\","
	"\"size\":1073741824,\"host-nodes\":[0],\"policy\":\"bind\"}",
	"-object", "{'qom-type':'memory-backend-ram','id':'d0','size':2097152}",
	"-device", "{\"driver\":\"pc-dimm\",\"memdev\":\"d0\",\"id\":\"x\"}",
	"-numa", "node,nodeid=0,cpus=0-1,memdev=m0",
	"-numa", "node,nodeid=1,memdev=m1,initiator=0",
	"-numa", "dist,src=0,dst=1,val=20",
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	"data-type=access-latency,latency=20",
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	"data-type=access-bandwidth,bandwidth=1G",
	"-numa", "hmat-cache,node-id=1,size=1M,level=1,"
	"associativity=direct,policy=write-back,line=64",
	"-object", "memory-backend-ram,id=vm,size=1G",
	"-device", "virtio-mem-pci,id=v0,memdev=vm,node=1,block-size=1M",
	"-object", "memory-backend-ram,id=pm,size=256M",
	"-device", "virtio-pmem-pci,id=p0,memdev=pm",
	"-object", "memory-backend-ram,id=nv,size=256M",
	"-device", "nvdimm,id=n0,memdev=nv,node=1,label-size=128K",
	"-device", "pxb-pcie,id=pci.1,bus_nr=128,numa_node=1",
	"-object", "thread-context,id=tc,node-affinity=0",
	"-display", "none", NULL
};

/* One run of everything; returns its first status. */
static int run_all(void)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	char *text = NULL, *json = NULL, *ejson = NULL;
	int rc;

	rc = vnuma_config_new(&cfg, NULL, &e);
	if (!rc)
		rc = vnuma_config_add_argv(cfg,
					   (int)(sizeof(argv) / sizeof(*argv)) - 1,
					   argv,
					   VNUMA_ARGV_IGNORE_UNKNOWN, &e);
	if (!rc)
		rc = vnuma_topology_new(&t, cfg, &e);
	if (!rc)
		rc = vnuma_report_text(&text, t, &e);
	if (!rc)
		rc = vnuma_report_json(&json, t, &e);
	if (rc) {
		/* Only the allocator may have made this fail. */
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(vnuma_error_status(e), VNUMA_E_NOMEM);
	}
	vnuma_report_json_error(&ejson, e, NULL);
	free(ejson);
	free(text);
	free(json);
	vnuma_error_free(e);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	return rc;
}

static void every_allocation_may_fail(void **state)
{
	long n;

	(void)state;
	countdown = -1;
	assert_int_equal(run_all(), 0); /* the configuration is valid */
	for (n = 0;; n++) {
		long before = failures;
		int rc;

		countdown = n;
		rc = run_all();
		countdown = -1;
		if (failures == before) {
			/* n is past the last allocation: a clean run. */
			assert_int_equal(rc, 0);
			break;
		}
	}
	/* The pipeline allocates; make sure the loop really tried. */
	assert_true(n > 20);
	print_message("failed each of %ld allocations in turn\n", n);
}

/*
 * The host stage: a small anonymous backend bound to node 0 and a file
 * vnuma creates in a tmpfs directory, both preallocated, realized,
 * measured, read and freed. A failed run must also take the file away.
 */
static char host_dir[] = "/dev/shm/vnuma-alloc-fail-XXXXXX";

static int run_host(const vnuma_topology *t)
{
	vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);
	vnuma_host_block_info b = VNUMA_INFO_INIT(vnuma_host_block_info);
	vnuma_host *h = NULL;
	vnuma_error *e = NULL;
	char path[96];
	int rc;

	rc = vnuma_host_realize(&h, t, NULL, &o, &e);
	snprintf(path, sizeof(path), "%s/ram", host_dir);
	/* a failed realize takes away the file it made */
	if (rc)
		assert_int_equal(access(path, F_OK), -1);
	else
		rc = vnuma_host_measure(h, VNUMA_HOST_MEASURE_SAMPLE, &e);
	if (!rc) {
		assert_true(vnuma_host_region_count(h) >= 2);
		assert_int_equal(vnuma_host_region(&r, h, 1), 0);
		assert_int_equal(vnuma_host_block(&b, h, 1), 0);
		assert_string_equal(b.backend, "f");
	}
	if (rc) {
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(vnuma_error_status(e), VNUMA_E_NOMEM);
	}
	vnuma_error_free(e);
	vnuma_host_free(h);
	/* realized, it stays, as QEMU leaves it: the next run makes it anew */
	unlink(path);
	return rc;
}

static void host_allocation_may_fail(void **state)
{
	char opt[200];
	const char *const hargv[] = {
		"-m", "8M", "-object",
		"memory-backend-ram,id=r,size=4M,prealloc=on,host-nodes=0,"
		"policy=bind", "-object", opt,
		"-numa", "node,memdev=r", "-numa", "node,memdev=f", NULL
	};
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	long n;

	(void)state;
	assert_non_null(mkdtemp(host_dir));
	snprintf(opt, sizeof(opt), "memory-backend-file,id=f,size=4M,"
		 "mem-path=%s/ram,share=on,prealloc=on", host_dir);
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, 10, hargv, 0, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, NULL), 0);
	countdown = -1;
	assert_int_equal(run_host(t), 0);
	for (n = 0;; n++) {
		long before = failures;
		int rc;

		countdown = n;
		rc = run_host(t);
		countdown = -1;
		if (failures == before) {
			assert_int_equal(rc, 0);
			break;
		}
	}
	assert_true(n > 10);
	print_message("host: failed each of %ld allocations in turn\n", n);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	rmdir(host_dir);
}

/*
 * Fails each allocation of fn in turn; fn returns its first status, which
 * must be VNUMA_E_NOMEM whenever an allocation failed. Returns how many
 * allocations fn makes.
 */
static long fail_each(int (*fn)(void *), void *arg)
{
	long n;

	countdown = -1;
	assert_int_equal(fn(arg), 0);
	for (n = 0;; n++) {
		long before = failures;
		int rc;

		countdown = n;
		rc = fn(arg);
		countdown = -1;
		if (failures == before) {
			assert_int_equal(rc, 0);
			break;
		}
		if (rc != VNUMA_E_NOMEM)
			print_error("allocation %ld failed, status %d\n", n, rc);
		assert_int_equal(rc, VNUMA_E_NOMEM);
	}
	return n;
}

/* Preflight of a two-node guest against the recorded preflight host. */
static int run_preflight(void *arg)
{
	static const char *const args[] = {
		"-m", "64M", "-object",
		"memory-backend-ram,id=a,size=32M,host-nodes=1,policy=bind",
		"-numa", "node,memdev=a", "-object",
		("memory-backend-memfd,id=b,size=32M,prealloc=on,hugetlb=on,"
		 "host-nodes=0,host-nodes=9,policy=interleave"),
		"-numa", "node,memdev=b",
	};
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_hostinfo *h = NULL;
	vnuma_preflight *p = NULL;
	vnuma_error *e = NULL;
	int rc;

	o.root = arg;
	rc = vnuma_config_new(&cfg, NULL, &e);
	if (!rc)
		rc = vnuma_config_add_argv(cfg, 10, args, 0, &e);
	if (!rc)
		rc = vnuma_topology_new(&t, cfg, &e);
	if (!rc)
		rc = vnuma_host_probe(&h, &o, &e);
	if (!rc)
		rc = vnuma_preflight_check(&p, t, h, &e);
	assert_true((rc == 0) == (e == NULL));
	if (!rc) {
		vnuma_preflight_reason r =
			VNUMA_INFO_INIT(vnuma_preflight_reason);

		assert_false(vnuma_preflight_fits(p));
		assert_true(vnuma_preflight_reason_count(p) >= 2);
		assert_int_equal(vnuma_preflight_reason_get(&r, p, 0), 0);
	}
	if (e)
		assert_int_equal(vnuma_error_status(e), rc);
	vnuma_error_free(e);
	vnuma_preflight_free(p);
	vnuma_hostinfo_free(h);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	return rc;
}

/* The host model of a recorded tree: four nodes, pools, a cgroup. */
static int run_hostinfo(void *arg)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = NULL;
	vnuma_error *e = NULL;
	int rc;

	o.root = arg;
	rc = vnuma_host_probe(&h, &o, &e);
	assert_true((rc == 0) == (e == NULL));
	assert_true((rc == 0) == (h != NULL));
	if (e)
		assert_int_equal(vnuma_error_status(e), rc);
	vnuma_error_free(e);
	vnuma_hostinfo_free(h);
	return rc;
}

static void hostinfo_allocations_may_fail(void **state)
{
	char root[512];
	long n;

	(void)state;
	snprintf(root, sizeof(root), "%s/hostinfo/four", VNUMA_FIXTURES);
	n = fail_each(run_hostinfo, root);
	assert_true(n > 20);
	print_message("hostinfo: failed each of %ld allocations in turn\n",
		      n);
	snprintf(root, sizeof(root), "%s/hostinfo/preflight", VNUMA_FIXTURES);
	n = fail_each(run_preflight, root);
	assert_true(n > 10);
	print_message("preflight: failed each of %ld allocations in turn\n",
		      n);
}

/*
 * The planner over the four-node tree (probed with every allocation
 * allowed): two guest nodes split over host node 0, one on the CPU-less
 * node 2 with HMAT, distances and pinning.
 */
static int run_plan(void *arg)
{
	vnuma_plan_options o = VNUMA_PLAN_OPTIONS_INIT;
	vnuma_plan *p = NULL;
	vnuma_error *e = NULL;
	int rc;

	o.vcpus = 4;
	o.memory = (uint64_t)5 << 30;
	o.nodes = 3;
	rc = vnuma_plan_new(&p, arg, &o, &e);
	assert_true((rc == 0) == (e == NULL));
	assert_true((rc == 0) == (p != NULL));
	if (e)
		assert_int_equal(vnuma_error_status(e), rc);
	vnuma_error_free(e);
	vnuma_plan_free(p);
	return rc;
}

static void plan_allocations_may_fail(void **state)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = NULL;
	char root[512];
	long n;

	(void)state;
	snprintf(root, sizeof(root), "%s/hostinfo/four", VNUMA_FIXTURES);
	o.root = root;
	countdown = -1;
	assert_int_equal(vnuma_host_probe(&h, &o, NULL), 0);
	n = fail_each(run_plan, h);
	vnuma_hostinfo_free(h);
	assert_true(n > 20);
	print_message("plan: failed each of %ld allocations in turn\n", n);
}

/* A topology built with every allocation allowed. */
static vnuma_topology *topology(const char *const *args)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	int argc = 0;

	while (args[argc])
		argc++;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, argc, args,
					       VNUMA_ARGV_IGNORE_UNKNOWN, NULL),
			 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, NULL), 0);
	vnuma_config_free(cfg);
	return t;
}

/* The status and the error agree, and the error is out of memory. */
static int outcome(int rc, vnuma_error *e)
{
	if (rc) {
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(vnuma_error_status(e), VNUMA_E_NOMEM);
	} else {
		assert_null(e);
	}
	vnuma_error_free(e);
	return rc;
}

static const char *const virt_argv[] = {
	"-M", "virt", "-m", "2G", "-smp", "4",
	"-object", "memory-backend-ram,id=m0,size=1G",
	"-object", "memory-backend-ram,id=m1,size=1G",
	"-numa", "node,nodeid=0,cpus=0-1,memdev=m0",
	"-numa", "node,nodeid=1,cpus=2-3,memdev=m1",
	"-numa", "dist,src=0,dst=1,val=20", NULL
};

/*
 * The tree -M virt -smp 4 starts from, cut down: memory, four CPUs
 * (reg = MPIDR affinity, 0-3 here), /chosen. libfdt's sequential-write
 * calls allocate nothing, so the countdown never stops here.
 */
static void *small_dtb(size_t *len)
{
	size_t cap = 4096;
	void *f = malloc(cap);
	fdt32_t reg[4] = { 0, cpu_to_fdt32(0x40000000), 0,
			   cpu_to_fdt32(0x80000000) };
	char name[16];

	assert_non_null(f);
	assert_int_equal(fdt_create(f, (int)cap), 0);
	assert_int_equal(fdt_finish_reservemap(f), 0);
	assert_int_equal(fdt_begin_node(f, ""), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", 2), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", 2), 0);
	assert_int_equal(fdt_begin_node(f, "memory@40000000"), 0);
	assert_int_equal(fdt_property(f, "reg", reg, sizeof(reg)), 0);
	assert_int_equal(fdt_property_string(f, "device_type", "memory"), 0);
	assert_int_equal(fdt_end_node(f), 0);
	assert_int_equal(fdt_begin_node(f, "cpus"), 0);
	assert_int_equal(fdt_property_u32(f, "#size-cells", 0), 0);
	assert_int_equal(fdt_property_u32(f, "#address-cells", 1), 0);
	for (uint32_t i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		assert_int_equal(fdt_begin_node(f, name), 0);
		assert_int_equal(fdt_property_u32(f, "reg", i), 0);
		assert_int_equal(fdt_property_string(f, "device_type", "cpu"),
				 0);
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

struct fw {
	vnuma_topology *t;
	const void *dtb;
	size_t dtb_len;
};

/* The layout, then each ACPI table: the size, then the bytes. */
static int run_acpi(void *arg)
{
	const struct fw *fw = arg;
	unsigned tables = vnuma_acpi_tables(fw->t);
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	int rc = vnuma_layout_new(&l, fw->t, &e);

	for (unsigned bit = 1; !rc && bit <= VNUMA_ACPI_HMAT; bit <<= 1) {
		void *buf = NULL;
		size_t len = 0;

		if (!(tables & bit))
			continue;
		for (int pass = 0; pass < 2 && !rc; pass++) {
			size_t cap = pass ? len : 0;

			rc = bit == VNUMA_ACPI_SRAT ?
				vnuma_acpi_srat(buf, cap, &len, fw->t, l,
						NULL, &e) :
			     bit == VNUMA_ACPI_SLIT ?
				vnuma_acpi_slit(buf, cap, &len, fw->t, NULL,
						&e) :
				vnuma_acpi_hmat(buf, cap, &len, fw->t, l,
						NULL, &e);
			if (!pass && !rc) {
				/* The caller's buffer: outside the countdown. */
				buf = __real_malloc(len);
				assert_non_null(buf);
			}
		}
		free(buf);
	}
	vnuma_layout_free(l);
	return outcome(rc, e);
}

/* The layout, the DTS and the DTB (size, then bytes). */
static int run_fdt(void *arg)
{
	const struct fw *fw = arg;
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	char *dts = NULL;
	void *out = NULL;
	size_t len = 0;
	int rc = vnuma_layout_new(&l, fw->t, &e);

	if (!rc)
		rc = vnuma_fdt_dts(&dts, fw->t, l, &e);
	if (!rc) {
		rc = vnuma_fdt_apply(NULL, 0, &len, fw->t, l, fw->dtb,
				     fw->dtb_len, &e);
		if (!rc) {
			out = __real_malloc(len);
			assert_non_null(out);
			rc = vnuma_fdt_apply(out, len, &len, fw->t, l, fw->dtb,
					     fw->dtb_len, &e);
			if (!rc)
				assert_int_equal(fdt_check_full(out, len), 0);
		}
	}
	/* With the layout's default: NULL. */
	if (!rc)
		rc = vnuma_fdt_apply(out, len, &len, fw->t, NULL, fw->dtb,
				     fw->dtb_len, &e);
	free(out);
	free(dts);
	vnuma_layout_free(l);
	return outcome(rc, e);
}

static void firmware_allocations_may_fail(void **state)
{
	struct fw x86 = { .t = topology(argv) }, virt = { 0 };
	void *dtb;
	long n;

	(void)state;
	assert_int_equal(vnuma_acpi_tables(x86.t),
			 VNUMA_ACPI_SRAT | VNUMA_ACPI_SLIT | VNUMA_ACPI_HMAT);
	/* The layout's allocations; a size query makes no error to fail. */
	n = fail_each(run_acpi, &x86);
	assert_true(n >= 3);
	print_message("x86 ACPI: failed each of %ld allocations\n", n);
	virt.t = topology(virt_argv);
	n = fail_each(run_acpi, &virt);
	assert_true(n >= 1);
	print_message("virt ACPI: failed each of %ld allocations\n", n);
	dtb = small_dtb(&virt.dtb_len);
	virt.dtb = dtb;
	n = fail_each(run_fdt, &virt);
	assert_true(n > 3);
	print_message("virt DTS, DTB: failed each of %ld allocations\n", n);
	free(dtb);
	vnuma_topology_free(virt.t);
	vnuma_topology_free(x86.t);
}

struct rep {
	vnuma_topology *t;
	const vnuma_error *e;
};

/* The text and JSON reports, and the JSON of an error. */
static int run_reports(void *arg)
{
	const struct rep *r = arg;
	vnuma_error *e = NULL;
	char *text = NULL, *json = NULL, *ejson = NULL;
	int rc = vnuma_report_text(&text, r->t, &e);

	if (!rc)
		rc = vnuma_report_json(&json, r->t, &e);
	if (!rc)
		rc = vnuma_report_json_error(&ejson, r->e, &e);
	if (rc)
		assert_true(!text || !json || !ejson);
	free(text);
	free(json);
	free(ejson);
	return outcome(rc, e);
}

/* An error with a hint and warnings before it, for its JSON. */
static vnuma_error *rich_error(void)
{
	static const char *const bad[] = {
		"-object", "memory-backend-ram,id=a,size=1G,prealloc",
		"-m", "2G", "-numa", "node,memdev=a"
	};
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, 6, bad, 0, NULL), 0);
	assert_int_not_equal(vnuma_topology_new(&t, cfg, &e), 0);
	assert_true(vnuma_error_warning_count(e) > 0);
	vnuma_config_free(cfg);
	return e;
}

static void report_allocations_may_fail(void **state)
{
	vnuma_error *e = rich_error();
	struct rep x86 = { .t = topology(argv), .e = e };
	struct rep virt = { .t = topology(virt_argv), .e = e };
	long n;

	(void)state;
	n = fail_each(run_reports, &x86);
	assert_true(n > 20);
	print_message("x86 reports: failed each of %ld allocations\n", n);
	n = fail_each(run_reports, &virt);
	assert_true(n > 20);
	print_message("virt reports: failed each of %ld allocations\n", n);
	vnuma_topology_free(virt.t);
	vnuma_topology_free(x86.t);
	vnuma_error_free(e);
}

/*
 * Command lines that fail, each at a place that makes its error with a
 * hint or after other work: whatever allocation fails on the way, the
 * status is the line's own or VNUMA_E_NOMEM, and the error says the same.
 */
static const char *const refused[][8] = {
	{ "-M", "virt,gic-version=5" },
	{ "-M", "virt,iommu=foo" },
	{ "-smp", "4,sockets=2,cores=3" },
	{ "-M", "nosuch" },
	{ "-object", "memory-backend-ram,id=1x,size=1G" },
	{ "-device", "pc-dimm,id=9a,memdev=x" },
	{ "-numa", "node,nodeid=x" },
	{ "-smp", "cpus=x" },
	{ "-M", "q35", "-numa", "node,mem=1G" },
	{ "-object", "memory-backend-ram,id=a,size=1G,prealloc", "-m", "2G",
	  "-numa", "node,memdev=a" },
};

static int run_refused(const char *const *args)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	int argc = 0, rc;

	while (argc < 8 && args[argc])
		argc++;
	rc = vnuma_config_new(&cfg, NULL, &e);
	if (!rc)
		rc = vnuma_config_add_argv(cfg, argc, args, 0, &e);
	if (!rc)
		rc = vnuma_topology_new(&t, cfg, &e);
	assert_int_not_equal(rc, 0);
	assert_null(t);
	assert_int_equal(vnuma_error_status(e), rc);
	vnuma_error_free(e);
	vnuma_config_free(cfg);
	return rc;
}

static void error_paths_allocations_may_fail(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		int want;
		long n;

		countdown = -1;
		want = run_refused(refused[i]);
		assert_int_not_equal(want, VNUMA_E_NOMEM);
		for (n = 0;; n++) {
			long before = failures;
			int rc;

			countdown = n;
			rc = run_refused(refused[i]);
			countdown = -1;
			if (failures == before) {
				assert_int_equal(rc, want);
				break;
			}
			if (rc != want && rc != VNUMA_E_NOMEM)
				print_error("%s %s: allocation %ld: status "
					    "%d\n", refused[i][0],
					    refused[i][1], n, rc);
			assert_true(rc == want || rc == VNUMA_E_NOMEM);
		}
		/* The error itself is one allocation at least. */
		assert_true(n > 0);
	}
}

/*
 * The domain XML writer, on a topology it can write whole (cells with
 * distances, HMAT, a DIMM) and on one it refuses.
 */
static const char *const libvirt_argv[] = {
	"-M", "q35,hmat=on", "-m", "2G,slots=2,maxmem=4G", "-smp", "2",
	"-object", "memory-backend-ram,id=m0,size=1G",
	"-object", "memory-backend-ram,id=m1,size=1G",
	"-numa", "node,nodeid=0,cpus=0-1,memdev=m0",
	"-numa", "node,nodeid=1,memdev=m1,initiator=0",
	"-numa", "dist,src=0,dst=1,val=21",
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	"data-type=access-latency,latency=20",
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	"data-type=access-bandwidth,bandwidth=1G",
	"-numa", "hmat-cache,node-id=1,size=1M,level=1,"
	"associativity=direct,policy=write-back,line=64",
	"-object", "memory-backend-ram,id=d0,size=256M",
	"-device", "pc-dimm,memdev=d0,node=1", NULL
};
static const char *const libvirt_refused_argv[] = {
	"-M", "q35,sata=off", NULL
};

static void libvirt_write_may_fail(const char *const *args, int want)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	const unsigned int pin = 3;
	int argc = 0;
	long n;

	countdown = -1;
	while (args[argc])
		argc++;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, argc, args, 0, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, NULL), 0);
	for (n = 0;; n++) {
		long before = failures;
		vnuma_error *e = NULL;
		char *out = NULL;
		int rc;

		countdown = n;
		/* One vCPU pinned: <cputune> too (the plain write is it). */
		rc = vnuma_libvirt_xml_write_pinned(&out, t, &pin, 1, 0, &e);
		countdown = -1;
		if (rc)
			assert_null(out);
		if (rc && rc != want) {
			assert_int_equal(rc, VNUMA_E_NOMEM);
			assert_int_equal(vnuma_error_status(e), VNUMA_E_NOMEM);
		}
		free(out);
		vnuma_error_free(e);
		if (failures == before) {
			assert_int_equal(rc, want);
			break;
		}
	}
	assert_true(n > 0);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
}

static void libvirt_write_allocations_may_fail(void **state)
{
	(void)state;
	libvirt_write_may_fail(libvirt_argv, 0);
	libvirt_write_may_fail(libvirt_refused_argv, VNUMA_E_UNSUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_may_fail),
		cmocka_unit_test(host_allocation_may_fail),
		cmocka_unit_test(firmware_allocations_may_fail),
		cmocka_unit_test(report_allocations_may_fail),
		cmocka_unit_test(error_paths_allocations_may_fail),
		cmocka_unit_test(libvirt_write_allocations_may_fail),
		cmocka_unit_test(hostinfo_allocations_may_fail),
		cmocka_unit_test(plan_allocations_may_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
