/* SPDX-License-Identifier: MIT */
/*
 * The rules of a public API that can grow (topology.h, VNUMA_INFO_INIT):
 * a struct the library fills is written only as far as the caller's
 * struct_size says, a size below the first version is refused; node
 * getters tell a bad id from an answer; the version check; the error
 * formatter's snprintf contract.
 */
#include <stdlib.h>

#include "host_realize_fixture.h"

#define CANARY 0xa5
/* The first version's size of a struct: up to its last field then. */
#define V1(type, last) (offsetof(type, last) + sizeof(((type *)0)->last))

/* What the getters read. */
struct ctx {
	const vnuma_topology *t;
	const vnuma_layout *l;
	const vnuma_host *h;
};

/* One getter that fills a sized struct, called through a common shape. */
struct filler {
	const char *name;
	size_t size, v1;
	int (*fill)(void *out, const struct ctx *c);
};

static int cpu(void *o, const struct ctx *c)
{
	return vnuma_topology_cpu(o, c->t, 1);
}

static int memdev(void *o, const struct ctx *c)
{
	return vnuma_topology_memdev(o, c->t, 1);
}

static int mdev(void *o, const struct ctx *c)
{
	return vnuma_topology_memory_device(o, c->t, 0);
}

static int pxb(void *o, const struct ctx *c)
{
	return vnuma_topology_pci_expander(o, c->t, 0);
}

static int lb(void *o, const struct ctx *c)
{
	return vnuma_topology_hmat_lb(o, c->t, 0);
}

static int cache(void *o, const struct ctx *c)
{
	return vnuma_topology_hmat_cache(o, c->t, 0);
}

static int smp(void *o, const struct ctx *c)
{
	return vnuma_topology_smp(o, c->t);
}

static int prop(void *o, const struct ctx *c)
{
	return vnuma_topology_machine_prop(o, c->t, 0);
}

static int range(void *o, const struct ctx *c)
{
	return vnuma_layout_range(o, c->l, 1);
}

static int region(void *o, const struct ctx *c)
{
	return vnuma_host_region(o, c->h, 0);
}

static int block(void *o, const struct ctx *c)
{
	return vnuma_host_block(o, c->h, 0);
}

static int timing(void *o, const struct ctx *c)
{
	return vnuma_host_timing_get(o, c->h);
}

#define FILLER(type, last, fn) { #type, sizeof(type), V1(type, last), fn }
static const struct filler fillers[] = {
	FILLER(vnuma_cpu_info, present, cpu),
	FILLER(vnuma_memdev_info, mem_path, memdev),
	FILLER(vnuma_memory_device_info, requested_size, mdev),
	FILLER(vnuma_pci_expander_info, numa_node, pxb),
	FILLER(vnuma_hmat_lb_info, entries, lb),
	FILLER(vnuma_hmat_cache_info, attributes, cache),
	FILLER(vnuma_smp_info, threads, smp),
	FILLER(vnuma_machine_prop_info, value, prop),
	FILLER(vnuma_range, flags, range),
	FILLER(vnuma_host_region_info, huge_bytes, region),
	FILLER(vnuma_host_block_info, policy, block),
	FILLER(vnuma_host_timing, measure_ns, timing),
};

/* Two nodes with memory. */
#define TWO "-M", "q35", "-m", "2G", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G", \
	"-numa", "node,memdev=m0", "-numa", "node,memdev=m1"

/* Every kind of struct has something to fill in this topology. */
#define EVERYTHING "-M", "q35,hmat=on", "-m", "2G,slots=2,maxmem=4G", \
	"-smp", "2", "-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G", \
	"-object", "memory-backend-ram,id=d,size=128M", \
	"-numa", "node,memdev=m0,cpus=0-1", \
	"-numa", "node,memdev=m1,initiator=0", \
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory," \
		 "data-type=access-latency,latency=10", \
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory," \
		 "data-type=access-bandwidth,bandwidth=1G", \
	"-numa", "hmat-cache,node-id=1,size=1M,level=1," \
		 "associativity=direct,policy=write-back,line=64", \
	"-device", "pc-dimm,memdev=d,node=1", \
	"-device", "pxb-pcie,bus_nr=200,bus=pcie.0,numa_node=1"

static bool all(const unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

/* Fills a struct that claims size bytes, in a buffer of canaries. */
static int fill_sized(const struct filler *f, const struct ctx *c,
		      unsigned char *buf, size_t size)
{
	memset(buf, CANARY, 512);
	memcpy(buf, &size, sizeof(size));
	return f->fill(buf, c);
}

static void sized_structs(void **state)
{
	struct run r = RUN(EVERYTHING);
	/* Host memory, mapped but not populated: a few MiB suffice. */
	struct hrun hr = HREALIZE_FLAGS(VNUMA_HOST_NO_PREALLOC, "-m", "8M",
					"-object",
					"memory-backend-ram,id=m0,size=8M",
					"-numa", "node,memdev=m0");
	vnuma_layout *l = NULL;
	unsigned char full[512], part[512];
	struct ctx c;

	(void)state;
	assert_ok(r);
	assert_realized(hr);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	c = (struct ctx){ r.t, l, hr.h };
	for (size_t k = 0; k < sizeof(fillers) / sizeof(fillers[0]); k++) {
		const struct filler *f = &fillers[k];
		size_t got;

		print_message("%s\n", f->name);
		assert_true(f->size + 64 <= sizeof(full));
		/* Below the first version (0 included): refused, untouched. */
		assert_int_equal(fill_sized(f, &c, part, 0), VNUMA_E_INVAL);
		assert_true(all(part + sizeof(size_t), 64, CANARY));
		assert_int_equal(fill_sized(f, &c, part, f->v1 - 1),
				 VNUMA_E_INVAL);
		assert_true(all(part + sizeof(size_t), f->v1 - sizeof(size_t),
				CANARY));
		/* This version's caller: every byte of its struct. */
		assert_int_equal(fill_sized(f, &c, full, f->size), 0);
		memcpy(&got, full, sizeof(got));
		assert_int_equal(got, f->size);
		assert_true(all(full + f->size, 64, CANARY));
		/* A first-version caller: its part, the same, nothing more. */
		assert_int_equal(fill_sized(f, &c, part, f->v1), 0);
		memcpy(&got, part, sizeof(got));
		assert_int_equal(got, f->v1);
		assert_memory_equal(part + sizeof(size_t),
				    full + sizeof(size_t),
				    f->v1 - sizeof(size_t));
		assert_true(all(part + f->v1, 64, CANARY));
		/* A later caller: what this library knows; struct_size kept. */
		assert_int_equal(fill_sized(f, &c, part, f->size + 32), 0);
		memcpy(&got, part, sizeof(got));
		assert_int_equal(got, f->size + 32);
		assert_memory_equal(part + sizeof(size_t),
				    full + sizeof(size_t),
				    f->size - sizeof(size_t));
		assert_true(all(part + f->size, 64, CANARY));
	}
	vnuma_layout_free(l);
	hrun_free(&hr);
	run_free(&r);
}

/* A bad node id is VNUMA_E_RANGE and leaves the answer alone. */
static void bad_node_ids(void **state)
{
	struct run r = RUN(EVERYTHING, "-numa", "dist,src=0,dst=1,val=21");
	uint64_t u = 7;
	const char *s = "x";
	int64_t i = 7;
	uint8_t d = 7;
	uint32_t cpus[4] = { 7 };
	size_t n = 7;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_topology_node_mem(&u, r.t, 2), VNUMA_E_RANGE);
	assert_int_equal(vnuma_topology_node_plugged(&u, r.t, 2),
			 VNUMA_E_RANGE);
	assert_int_equal(u, 7);
	assert_int_equal(vnuma_topology_node_memdev(&s, r.t, 2),
			 VNUMA_E_RANGE);
	assert_string_equal(s, "x");
	assert_int_equal(vnuma_topology_node_initiator(&i, r.t, 2),
			 VNUMA_E_RANGE);
	assert_int_equal(i, 7);
	assert_int_equal(vnuma_topology_distance(&d, r.t, 0, 2),
			 VNUMA_E_RANGE);
	assert_int_equal(vnuma_topology_distance(&d, r.t, 2, 0),
			 VNUMA_E_RANGE);
	assert_int_equal(d, 7);
	assert_int_equal(vnuma_topology_node_cpus(cpus, 4, &n, r.t, 2),
			 VNUMA_E_RANGE);
	assert_int_equal(n, 7);
	assert_int_equal(cpus[0], 7);
	/* The good ids answer, 0 included. */
	assert_int_equal(vnuma_topology_node_plugged(&u, r.t, 0), 0);
	assert_int_equal(u, 0);
	assert_int_equal(vnuma_topology_node_plugged(&u, r.t, 1), 0);
	assert_int_equal(u, 128u << 20);
	assert_int_equal(vnuma_topology_distance(&d, r.t, 1, 0), 0);
	assert_int_equal(d, 21);
	/* Counting alone, and misuse. */
	assert_int_equal(vnuma_topology_node_cpus(NULL, 0, &n, r.t, 0), 0);
	assert_int_equal(n, 2);
	assert_int_equal(vnuma_topology_node_cpus(NULL, 1, &n, r.t, 0),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_node_cpus(cpus, 1, NULL, r.t, 0),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_node_mem(NULL, r.t, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_node_mem(&u, NULL, 0), VNUMA_E_INVAL);
	run_free(&r);
}

/* The resolved machine. */
static void machine_getters(void **state)
{
	struct run r = RUN("-M", "q35", "-smp", "16,sockets=2,dies=2,cores=2",
			   "-machine", "hmat=on", "-no-acpi");
	struct run v = RUN("-M", "virt", "-smp", "8,clusters=2,cores=2",
			   "-cpu", "cortex-a57");
	vnuma_smp_info s = VNUMA_INFO_INIT(vnuma_smp_info);
	vnuma_machine_prop_info p = VNUMA_INFO_INIT(vnuma_machine_prop_info);
	bool hmat = false, acpi = false;

	(void)state;
	assert_ok(r);
	assert_ok(v);
	assert_string_equal(vnuma_topology_arch(r.t), "x86_64");
	assert_string_equal(vnuma_topology_machine_type(r.t), "q35");
	assert_string_equal(vnuma_topology_machine_name(r.t), "pc-q35-7.2");
	assert_int_equal(vnuma_topology_smp(&s, r.t), 0);
	assert_int_equal(s.cpus, 16);
	assert_int_equal(s.sockets, 2);
	assert_int_equal(s.dies, 2);
	assert_int_equal(s.clusters, 1);
	assert_int_equal(s.cores, 2);
	assert_int_equal(s.threads, 2);
	for (size_t i = 0; i < vnuma_topology_machine_prop_count(r.t); i++) {
		assert_int_equal(vnuma_topology_machine_prop(&p, r.t, i), 0);
		if (!strcmp(p.name, "hmat"))
			hmat = !strcmp(p.value, "on");
		/* -no-acpi stands for the property. */
		if (!strcmp(p.name, "acpi"))
			acpi = !strcmp(p.value, "off");
	}
	assert_true(hmat && acpi);
	assert_int_equal(
		vnuma_topology_machine_prop(
			&p, r.t, vnuma_topology_machine_prop_count(r.t)),
		VNUMA_E_RANGE);
	assert_string_equal(vnuma_topology_arch(v.t), "aarch64");
	assert_string_equal(vnuma_topology_machine_name(v.t), "virt-7.2");
	assert_int_equal(vnuma_topology_smp(&s, v.t), 0);
	assert_int_equal(s.clusters, 2);
	assert_int_equal(s.sockets, 2);
	assert_null(vnuma_topology_arch(NULL));
	assert_int_equal(vnuma_topology_smp(&s, NULL), VNUMA_E_INVAL);
	run_free(&r);
	run_free(&v);
}

static void version_check(void **state)
{
	(void)state;
	assert_string_equal(vnuma_version(), VNUMA_VERSION_STRING);
	assert_int_equal(vnuma_version_number(), VNUMA_VERSION_NUMBER);
	assert_true(VNUMA_CHECK_VERSION());
	assert_true(vnuma_version_check(VNUMA_VERSION_MAJOR,
					VNUMA_VERSION_MINOR, 0));
	/* A program of a later version needs more than this library has. */
	assert_false(vnuma_version_check(VNUMA_VERSION_MAJOR,
					 VNUMA_VERSION_MINOR,
					 VNUMA_VERSION_PATCH + 1));
	assert_false(vnuma_version_check(VNUMA_VERSION_MAJOR,
					 VNUMA_VERSION_MINOR + 1, 0));
	/* Another major version is another ABI, older or newer. */
	assert_false(vnuma_version_check(VNUMA_VERSION_MAJOR + 1, 0, 0));
	if (VNUMA_VERSION_MINOR > 0)
		assert_true(vnuma_version_check(VNUMA_VERSION_MAJOR,
						VNUMA_VERSION_MINOR - 1, 99));
	if (VNUMA_VERSION_MAJOR > 0)
		assert_false(vnuma_version_check(VNUMA_VERSION_MAJOR - 1, 0,
						 0));
}

/* Options structs: every version from 1 to the current one. */
static void options_versions(void **state)
{
	vnuma_config_options o = VNUMA_CONFIG_OPTIONS_INIT;
	vnuma_acpi_ids ids = VNUMA_ACPI_IDS_INIT;
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;
	struct run r = RUN(TWO);

	(void)state;
	assert_ok(r);
	for (o.version = 1; o.version <= VNUMA_CONFIG_OPTIONS_VERSION;
	     o.version++) {
		assert_int_equal(vnuma_config_new(&cfg, &o, NULL), 0);
		vnuma_config_free(cfg);
	}
	assert_int_equal(vnuma_config_new(&cfg, &o, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.version");
	vnuma_error_free(e);
	e = NULL;
	o.version = 0;
	assert_int_equal(vnuma_config_new(&cfg, &o, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_acpi_ids_default(&ids, r.t), 0);
	assert_memory_equal(ids.oem_id, "BOCHS ", 6);
	ids.version = VNUMA_ACPI_IDS_VERSION + 1;
	assert_int_equal(vnuma_acpi_ids_default(&ids, r.t), VNUMA_E_INVAL);
	run_free(&r);
}

/* A sizing call answers the size and makes no error. */
static void sizing_calls(void **state)
{
	struct run r = RUN(TWO, "-numa", "dist,src=0,dst=1,val=30");
	vnuma_acpi_ids ids = VNUMA_ACPI_IDS_INIT;
	vnuma_error *e = NULL;
	unsigned char small[8];
	size_t len = 0, len2 = 0;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_acpi_slit(NULL, 0, &len, r.t, NULL, &e), 0);
	assert_null(e);
	assert_int_equal(len, 36 + 8 + 4);
	/* A buffer too small is still refused, with the size needed. */
	assert_int_equal(vnuma_acpi_slit(small, sizeof(small), &len2, r.t,
					 NULL, &e), VNUMA_E_NOSPACE);
	assert_int_equal(len2, len);
	assert_string_equal(vnuma_error_check(e), "acpi.nospace");
	vnuma_error_free(e);
	e = NULL;
	/* An ids struct of an unknown version. */
	ids.version = 0;
	assert_int_equal(vnuma_acpi_slit(NULL, 0, &len, r.t, &ids, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.version");
	vnuma_error_free(e);
	run_free(&r);
}

/* The formatter's text and its snprintf contract. */
static void error_format(void **state)
{
	struct run r = RUN("-M", "q35", "-numa", "node,nodeid=1",
			   "-numa", "node,nodeid=1");
	struct run h = RUN("-M", "q35", "-m", "1G", "-object",
			   "memory-backend-ram,id=m\x1b" "0,size=1G");
	const char *want = "-numa node,nodeid=1: Duplicate NUMA nodeid: 1";
	char buf[256], tiny[8];
	size_t n;

	(void)state;
	n = vnuma_error_format(NULL, 0, r.e, 0);
	assert_int_equal(n, strlen(want));
	assert_int_equal(vnuma_error_format(buf, sizeof(buf), r.e, 0), n);
	assert_string_equal(buf, want);
	/* Cut like snprintf: NUL-terminated, the whole length returned. */
	memset(tiny, 'x', sizeof(tiny));
	assert_int_equal(vnuma_error_format(tiny, sizeof(tiny), r.e, 0), n);
	assert_string_equal(tiny, "-numa n");
	assert_int_equal(vnuma_error_format(tiny, 1, r.e, 0), n);
	assert_string_equal(tiny, "");
	/* The hint follows on its own line; no newline at the end. */
	vnuma_error_format(buf, sizeof(buf), h.e, VNUMA_ERROR_FORMAT_ESCAPE);
	assert_string_equal(buf,
		"-object memory-backend-ram,id=m\\x1b0,size=1G: Parameter "
		"'id' expects an identifier\nIdentifiers consist of letters, "
		"digits, '-', '.', '_', starting with a letter.");
	/* Unescaped, the text is as given. */
	vnuma_error_format(buf, sizeof(buf), h.e, 0);
	assert_non_null(strstr(buf, "id=m\x1b" "0,"));
	assert_int_equal(vnuma_error_format(buf, sizeof(buf), NULL, 0), 0);
	assert_string_equal(buf, "");
	run_free(&r);
	run_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sized_structs),
		cmocka_unit_test(bad_node_ids),
		cmocka_unit_test(machine_getters),
		cmocka_unit_test(version_check),
		cmocka_unit_test(options_versions),
		cmocka_unit_test(sizing_calls),
		cmocka_unit_test(error_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
