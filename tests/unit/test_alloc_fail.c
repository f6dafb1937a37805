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
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_may_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
