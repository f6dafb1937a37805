/* SPDX-License-Identifier: MIT */
/*
 * The builder's own rules: where its errors point, how it writes values
 * into option text, what misuse it refuses, the spec versions it takes,
 * and allocation failure in every call. test_builder.c compares it with
 * the option text on the unit tests' configurations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_wrap.h"
#include "vnuma/vnuma.h"

/* The text an error carries is the call's arguments in option syntax. */
static void error_names_the_call(void **state)
{
	vnuma_index_range cpus[] = { { 0, 1 } };
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	vnuma_smp_spec smp = VNUMA_SMP_SPEC_INIT;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	smp.cpus = 2;
	assert_int_equal(vnuma_builder_smp(cfg, &smp, NULL), 0);
	n.nodeid = 1;
	n.cpus = cpus;
	n.n_cpus = 1;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), 0);
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, &e), VNUMA_E_DUPLICATE);
	assert_string_equal(vnuma_error_option(e), "vnuma_builder_add_node");
	assert_string_equal(vnuma_error_text(e), "node,nodeid=1,cpus=0-1");
	assert_string_equal(vnuma_error_key(e), "nodeid");
	assert_int_equal(vnuma_error_offset(e), 12);
	assert_int_equal(vnuma_error_length(e), 1);
	assert_string_equal(vnuma_error_message(e), "Duplicate NUMA nodeid: 1");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/* A value with commas reaches the check whole (",," in the text). */
static void commas_are_escaped(void **state)
{
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_prop p[] = { { "share", "maybe" } };
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	b.type = VNUMA_BACKEND_FILE;
	b.id = "m0";
	b.size = 1ull << 30;
	b.mem_path = "/a,b,c";
	b.props = p;
	b.n_props = 1;
	assert_int_not_equal(vnuma_builder_add_backend(cfg, &b, &e), 0);
	assert_string_equal(vnuma_error_text(e),
			    "memory-backend-file,id=m0,size=1G,"
			    "mem-path=/a,,b,,c,share=maybe");
	assert_string_equal(vnuma_error_key(e), "share");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/*
 * Sizes are written with the largest suffix that keeps them exact, so -m
 * (whose bare numbers are MiB) and -object (bytes) read the same bytes.
 */
static void sizes_written_exactly(void **state)
{
	static const struct {
		uint64_t size;
		const char *text;
	} cases[] = {
		{ 1000, "memory-backend-ram,id=m0,size=1000B,x=1" },
		{ 1536ull << 20, "memory-backend-ram,id=m0,size=1536M,x=1" },
		{ 2ull << 30, "memory-backend-ram,id=m0,size=2G,x=1" },
		{ 3ull << 60, "memory-backend-ram,id=m0,size=3E,x=1" },
		{ 0, "memory-backend-ram,id=m0,size=0,x=1" },
	};
	vnuma_prop x[] = { { "x", "1" } };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
		vnuma_config *cfg = NULL;
		vnuma_error *e = NULL;

		assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
		b.id = "m0";
		b.size = cases[i].size;
		b.props = x;
		b.n_props = 1;
		/* the unknown property makes the text visible */
		assert_int_equal(vnuma_builder_add_backend(cfg, &b, &e),
				 VNUMA_E_UNKNOWN);
		assert_string_equal(vnuma_error_text(e), cases[i].text);
		vnuma_error_free(e);
		vnuma_config_free(cfg);
	}
}

/* Every spec: version 0 and versions after the current are refused. */
static void unknown_versions(void **state)
{
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_memory_spec mem = VNUMA_MEMORY_SPEC_INIT;
	vnuma_smp_spec smp = VNUMA_SMP_SPEC_INIT;
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_cpu_spec cpu = VNUMA_CPU_SPEC_INIT;
	vnuma_hmat_lb_spec lb = VNUMA_HMAT_LB_SPEC_INIT;
	vnuma_hmat_cache_spec hc = VNUMA_HMAT_CACHE_SPEC_INIT;
	vnuma_device_spec d = VNUMA_DEVICE_SPEC_INIT;
	vnuma_config *cfg = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	for (unsigned int v = 0; v < 2; v++) {
		m.version = v ? VNUMA_MACHINE_SPEC_VERSION + 1 : 0;
		mem.version = v ? VNUMA_MEMORY_SPEC_VERSION + 1 : 0;
		smp.version = v ? VNUMA_SMP_SPEC_VERSION + 1 : 0;
		b.version = v ? VNUMA_BACKEND_SPEC_VERSION + 1 : 0;
		n.version = v ? VNUMA_NODE_SPEC_VERSION + 1 : 0;
		cpu.version = v ? VNUMA_CPU_SPEC_VERSION + 1 : 0;
		lb.version = v ? VNUMA_HMAT_LB_SPEC_VERSION + 1 : 0;
		hc.version = v ? VNUMA_HMAT_CACHE_SPEC_VERSION + 1 : 0;
		d.version = v ? VNUMA_DEVICE_SPEC_VERSION + 1 : 0;
		assert_int_equal(vnuma_builder_machine(cfg, &m, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_memory(cfg, &mem, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_smp(cfg, &smp, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_cpu(cfg, &cpu, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_hmat_lb(cfg, &lb, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_hmat_cache(cfg, &hc, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_device(cfg, &d, NULL),
				 VNUMA_E_INVAL);
	}
	vnuma_config_free(cfg);
}

/* A driver starting with '{' is a driver's name, not a JSON option. */
static void brace_is_not_json(void **state)
{
	vnuma_device_spec d = VNUMA_DEVICE_SPEC_INIT;
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	d.driver = "{x}";
	assert_int_equal(vnuma_builder_add_device(cfg, &d, NULL), 0);
	assert_int_not_equal(vnuma_topology_new(&t, cfg, &e), 0);
	assert_string_equal(vnuma_error_text(e), "driver={x}");
	assert_string_equal(vnuma_error_check(e), "device.unsupported");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/* Misuse the option syntax cannot carry is refused before any check. */
static void api_misuse(void **state)
{
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_prop bad[] = { { "a=b", "c" } };
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_builder_machine(NULL, &m, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_builder_machine(cfg, NULL, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	assert_string_equal(vnuma_error_option(e), "vnuma_builder_machine");
	vnuma_error_free(e);
	e = NULL;
	m.props = bad;
	m.n_props = 1;
	assert_int_equal(vnuma_builder_machine(cfg, &m, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.builder-arg");
	vnuma_error_free(e);
	e = NULL;
	m.props = NULL;
	assert_int_equal(vnuma_builder_machine(cfg, &m, NULL), VNUMA_E_INVAL);
	n.n_cpus = 2;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), VNUMA_E_INVAL);
	b.type = 7;
	assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL),
			 VNUMA_E_INVAL);
	b.type = VNUMA_BACKEND_RAM;
	b.prealloc = 5;
	assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_builder_add_distance(NULL, 0, 1, 20, NULL),
			 VNUMA_E_INVAL);
	/* Nothing refused as misuse was added. */
	assert_int_equal(vnuma_config_warning_count(cfg), 0);
	vnuma_config_free(cfg);
}

/*
 * A caller built against version 1 of vnuma_node_spec (no initiator)
 * still works; a version the library does not know is refused.
 */
struct node_spec_v1 {
	unsigned int version;
	uint64_t nodeid;
	const vnuma_index_range *cpus;
	size_t n_cpus;
	const char *memdev;
	uint64_t mem;
};

static void versions(void **state)
{
	struct node_spec_v1 *v1 = malloc(sizeof(*v1));
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	const char *memdev = NULL;
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_non_null(v1);
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	/* Exactly the old size: reading an initiator would be caught by
	 * ASan and valgrind. */
	b.id = "m0";
	b.size = 128ull << 20; /* the default RAM size */
	assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL), 0);
	*v1 = (struct node_spec_v1){ 1, 0, NULL, 0, "m0", VNUMA_UNSET };
	assert_int_equal(vnuma_builder_add_node(
				 cfg, (const vnuma_node_spec *)v1, NULL), 0);
	n.version = VNUMA_NODE_SPEC_VERSION + 1;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.version");
	vnuma_error_free(e);
	e = NULL;
	n.version = 0;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), VNUMA_E_INVAL);
	m.version = VNUMA_MACHINE_SPEC_VERSION + 1;
	assert_int_equal(vnuma_builder_machine(cfg, &m, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_new(&t, cfg, &e), 0);
	assert_int_equal(vnuma_topology_node_count(t), 1);
	assert_int_equal(vnuma_topology_node_memdev(&memdev, t, 0), 0);
	assert_string_equal(memdev, "m0");
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	free(v1);
}

/* Every allocation of every builder call may fail: NOMEM, no leak. */
static int build_all(vnuma_config *cfg, vnuma_error **e)
{
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_memory_spec mem = VNUMA_MEMORY_SPEC_INIT;
	vnuma_smp_spec smp = VNUMA_SMP_SPEC_INIT;
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_cpu_spec cpu = VNUMA_CPU_SPEC_INIT;
	vnuma_hmat_lb_spec lb = VNUMA_HMAT_LB_SPEC_INIT;
	vnuma_hmat_cache_spec hc = VNUMA_HMAT_CACHE_SPEC_INIT;
	vnuma_device_spec d = VNUMA_DEVICE_SPEC_INIT;
	vnuma_prop hmat[] = { { "hmat", "on" } };
	vnuma_index_range cpus[] = { { 0, 1 } };
	int rc;

	m.type = "q35";
	m.props = hmat;
	m.n_props = 1;
	mem.size = 2ull << 30;
	mem.slots = 2;
	mem.maxmem = 4ull << 30;
	smp.cpus = 2;
	smp.sockets = 2;
	b.id = "m0";
	b.size = 2ull << 30;
	n.nodeid = 0;
	n.cpus = cpus;
	n.n_cpus = 1;
	n.memdev = "m0";
	n.initiator = 0;
	cpu.node_id = 0;
	cpu.socket_id = 1;
	lb.initiator = 0;
	lb.target = 0;
	lb.hierarchy = "memory";
	lb.data_type = "access-latency";
	lb.latency = 10;
	hc.node_id = 0;
	hc.size = 10240;
	hc.level = 1;
	hc.associativity = "direct";
	hc.policy = "write-back";
	hc.line = 8;
	d.id = "d0";
	d.memdev = "m1";
	if ((rc = vnuma_builder_machine(cfg, &m, e)) ||
	    (rc = vnuma_builder_memory(cfg, &mem, e)) ||
	    (rc = vnuma_builder_smp(cfg, &smp, e)) ||
	    (rc = vnuma_builder_add_backend(cfg, &b, e)))
		return rc;
	b.id = "m1";
	b.size = 1ull << 30;
	if ((rc = vnuma_builder_add_backend(cfg, &b, e)) ||
	    (rc = vnuma_builder_add_node(cfg, &n, e)) ||
	    (rc = vnuma_builder_add_distance(cfg, 0, 0, 10, e)) ||
	    (rc = vnuma_builder_add_cpu(cfg, &cpu, e)) ||
	    (rc = vnuma_builder_add_hmat_lb(cfg, &lb, e)))
		return rc;
	lb.data_type = "access-bandwidth";
	lb.latency = VNUMA_UNSET;
	lb.bandwidth = 200ull << 20;
	if ((rc = vnuma_builder_add_hmat_lb(cfg, &lb, e)) ||
	    (rc = vnuma_builder_add_hmat_cache(cfg, &hc, e)) ||
	    (rc = vnuma_builder_add_device(cfg, &d, e)))
		return rc;
	return VNUMA_OK;
}

static void alloc_failures(void **state)
{
	long n;

	(void)state;
	for (n = 0;; n++) {
		vnuma_config *cfg = NULL;
		vnuma_topology *t = NULL;
		vnuma_error *e = NULL;
		int rc;

		if (vnuma_config_new(&cfg, NULL, NULL))
			fail_msg("config_new");
		failures = 0;
		countdown = n;
		rc = build_all(cfg, &e);
		countdown = -1;
		if (!failures) {
			if (rc)
				fail_msg("%s", vnuma_error_message(e));
			assert_int_equal(vnuma_topology_new(&t, cfg, &e), 0);
			vnuma_topology_free(t);
			vnuma_config_free(cfg);
			break;
		}
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(vnuma_error_status(e), VNUMA_E_NOMEM);
		vnuma_error_free(e);
		vnuma_config_free(cfg);
	}
	/* Every call allocates: the loop went through all of them. */
	assert_true(n > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_names_the_call),
		cmocka_unit_test(commas_are_escaped),
		cmocka_unit_test(sizes_written_exactly),
		cmocka_unit_test(unknown_versions),
		cmocka_unit_test(brace_is_not_json),
		cmocka_unit_test(api_misuse),
		cmocka_unit_test(versions),
		cmocka_unit_test(alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
