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
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vnuma/vnuma.h"

/* The linker routes the library's calls here (-Wl,--wrap=...). */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

/* Test-only state: the countdown to the failing allocation. */
static long countdown = -1;
static long failures;

static int should_fail(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0) {
		failures++;
		return 1;
	}
	return 0;
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
	vnuma_host_region_info r;
	vnuma_host_block_info b;
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
		assert_int_equal(vnuma_host_region(h, 1, &r), 0);
		assert_int_equal(vnuma_host_block(h, 1, &b), 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_may_fail),
		cmocka_unit_test(host_allocation_may_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
