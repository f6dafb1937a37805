/* SPDX-License-Identifier: MIT */
/*
 * Edges of the public API: what a guest without NUMA answers for an
 * address, what a call does with an error the caller already holds
 * (error.h: the first error wins, the status still tells), and an
 * argument given to an option that takes none.
 */
#include <stdlib.h>

#include "pipeline.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)
/* An -object QEMU warns of: a short-form boolean. */
#define PREALLOC(id) "memory-backend-ram,id=" id ",size=1G,prealloc"

/*
 * Without -numa QEMU tells the guest of no node: a pc-dimm's node=
 * default 0 must not make its range belong to node 0. (Machines from 2.11
 * on make a node of their own for memory hotplug: an older one has none.)
 */
static void no_numa_dimm_has_no_node(void **state)
{
	struct run r = RUN("-M", "pc-q35-2.10", "-m", "1G,slots=2,maxmem=4G",
			   "-object", "memory-backend-ram,id=d0,size=256M",
			   "-device", "pc-dimm,id=x,memdev=d0");
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	size_t dimms = 0;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, &e), 0);
	for (size_t i = 0; i < vnuma_layout_range_count(l); i++) {
		vnuma_range g = VNUMA_INFO_INIT(vnuma_range);
		uint32_t node = 77;

		assert_int_equal(vnuma_layout_range(&g, l, i), 0);
		if (g.flags & VNUMA_RANGE_HOLE)
			continue;
		dimms += !!(g.flags & VNUMA_RANGE_HOTPLUGGABLE);
		assert_int_equal(g.node, -1);
		assert_int_equal(
			vnuma_layout_node_of_addr(&node, l, g.start, &e),
			VNUMA_E_MISSING);
		assert_string_equal(vnuma_error_check(e), "layout.no-node");
		assert_int_equal(node, 77);
		vnuma_error_free(e);
		e = NULL;
	}
	assert_int_equal(dimms, 1);
	vnuma_layout_free(l);
	run_free(&r);
}

/* With NUMA the DIMM's node= still counts. */
static void numa_dimm_keeps_its_node(void **state)
{
	struct run r = RUN("-M", "q35", "-m", "1G,slots=2,maxmem=4G",
			   "-object", "memory-backend-ram,id=m0,size=512M",
			   "-object", "memory-backend-ram,id=m1,size=512M",
			   "-numa", "node,nodeid=0,memdev=m0",
			   "-numa", "node,nodeid=1,memdev=m1",
			   "-object", "memory-backend-ram,id=d0,size=256M",
			   "-device", "pc-dimm,id=x,memdev=d0,node=1");
	vnuma_layout *l = NULL;
	size_t found = 0;

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, NULL), 0);
	for (size_t i = 0; i < vnuma_layout_range_count(l); i++) {
		vnuma_range g = VNUMA_INFO_INIT(vnuma_range);
		uint32_t node = 77;

		assert_int_equal(vnuma_layout_range(&g, l, i), 0);
		if (!(g.flags & VNUMA_RANGE_HOTPLUGGABLE))
			continue;
		found++;
		assert_int_equal(vnuma_layout_node_of_addr(&node, l, g.start, NULL), 0);
		assert_int_equal(node, 1);
	}
	assert_int_equal(found, 1);
	vnuma_layout_free(l);
	run_free(&r);
}

/*
 * An error the caller holds, without warnings: warnings of a later call
 * added to it would show.
 */
static vnuma_error *held_error(void)
{
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;
	const char *argv[] = { "-object", "memory-backend-ram,id=h,size=z" };

	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_not_equal(vnuma_config_add_argv(cfg, 2, argv, 0, &e), 0);
	assert_non_null(e);
	vnuma_config_free(cfg);
	return e;
}

struct snapshot {
	int status;
	char *message;
	size_t warnings;
};

static struct snapshot snap(const vnuma_error *e)
{
	struct snapshot s = {
		.status = vnuma_error_status(e),
		.message = strdup(vnuma_error_message(e)),
		.warnings = vnuma_error_warning_count(e),
	};

	assert_non_null(s.message);
	return s;
}

static void assert_unchanged(const vnuma_error *e, const vnuma_error *was,
			     struct snapshot *s)
{
	assert_ptr_equal(e, was);
	assert_int_equal(vnuma_error_status(e), s->status);
	assert_string_equal(vnuma_error_message(e), s->message);
	assert_int_equal(vnuma_error_warning_count(e), s->warnings);
	free(s->message);
}

/*
 * Each entry point fails with its own status and leaves the held error
 * as it was: its message, its status and its warnings.
 */
static void held_error_is_left_alone(void **state)
{
	vnuma_error *held = held_error(), *e = held;
	struct snapshot s = snap(held);
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_layout *l = NULL;
	uint32_t node;
	size_t len;
	char *out = NULL;
	/* A deprecation warning comes before the refused option. */
	const char *bad[] = { "-object", PREALLOC("b"),
			      "-object", "memory-backend-ram,id=x,size=y" };
	/* 1G of node memory for 2G of RAM. */
	const char *warn[] = { "-object", PREALLOC("w"), "-m", "2G",
			       "-numa", "node,memdev=w" };
	struct run ok = RUN("-m", "2G",
			    "-object", "memory-backend-ram,id=a,size=1G",
			    "-object", "memory-backend-ram,id=b,size=1G",
			    "-numa", "node,memdev=a", "-numa", "node,memdev=b");

	(void)state;
	assert_ok(ok);
	assert_int_equal(s.warnings, 0);
	assert_int_equal(vnuma_config_new(&cfg, NULL, &e), 0);
	assert_int_equal(vnuma_config_add(cfg, "-object",
					  "memory-backend-ram,id=x,size=y", &e),
			 VNUMA_E_SYNTAX);
	assert_unchanged(e, held, &s);
	s = snap(held);
	assert_int_equal(vnuma_config_add(NULL, "-numa", "node", &e),
			 VNUMA_E_INVAL);
	assert_unchanged(e, held, &s);
	vnuma_config_free(cfg);

	/* The argv reader adds the warnings before the error to its own. */
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	s = snap(held);
	assert_int_not_equal(vnuma_config_add_argv(cfg, 4, bad, 0, &e), 0);
	assert_unchanged(e, held, &s);
	vnuma_config_free(cfg);

	/* So does the topology, with the configuration's warnings. */
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, 6, warn, 0, NULL), 0);
	s = snap(held);
	assert_int_not_equal(vnuma_topology_new(&t, cfg, &e), 0);
	assert_null(t);
	assert_unchanged(e, held, &s);
	vnuma_config_free(cfg);

	/* Layout, firmware and report entry points. */
	s = snap(held);
	assert_int_equal(vnuma_layout_new(&l, ok.t, &e), 0);
	assert_int_equal(vnuma_layout_node_of_addr(&node, l, 640 * 1024, &e),
			 VNUMA_E_MISSING);
	assert_int_equal(vnuma_layout_add(l, 0, 1, 0, 0x80, &e),
			 VNUMA_E_INVAL);
	/* A sizing call succeeds: nothing to leave alone. */
	assert_int_equal(vnuma_acpi_srat(NULL, 0, &len, ok.t, l, NULL, &e),
			 VNUMA_OK);
	assert_int_equal(vnuma_acpi_slit(NULL, 0, &len, ok.t, NULL, &e),
			 VNUMA_E_MISSING);
	assert_int_equal(vnuma_fdt_dts(&out, ok.t, l, &e),
			 VNUMA_E_UNSUPPORTED);
	assert_null(out);
	assert_int_equal(vnuma_report_text(NULL, ok.t, &e), VNUMA_E_INVAL);
	assert_unchanged(e, held, &s);

	/* A call that succeeds leaves it too. */
	s = snap(held);
	assert_int_equal(vnuma_report_json(&out, ok.t, &e), 0);
	free(out);
	assert_unchanged(e, held, &s);

	vnuma_layout_free(l);
	vnuma_error_free(held);
	run_free(&ok);
}

/* The same calls without a held error do set one: the test can tell. */
static void fresh_error_is_set(void **state)
{
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;
	const char *bad[] = { "-object", PREALLOC("b"),
			      "-object", "memory-backend-ram,id=x,size=y" };

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_not_equal(vnuma_config_add_argv(cfg, 4, bad, 0, &e), 0);
	assert_non_null(e);
	assert_true(vnuma_error_warning_count(e) > 0);
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/* Only a program can give -mem-prealloc an argument: it is refused. */
static void no_arg_option_with_arg(void **state)
{
	const char *const opts[] = { "-mem-prealloc", "mem-prealloc",
				     "--no-acpi", "-enable-kvm" };
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	for (size_t i = 0; i < sizeof(opts) / sizeof(*opts); i++) {
		assert_int_equal(vnuma_config_add(cfg, opts[i], "x", &e),
				 VNUMA_E_INVAL);
		assert_string_equal(vnuma_error_check(e),
				    "api.unexpected-argument");
		assert_string_equal(vnuma_error_message(e),
				    "takes no argument");
		vnuma_error_free(e);
		e = NULL;
		/* The same option without one is fine. */
		assert_int_equal(vnuma_config_add(cfg, opts[i], NULL, &e), 0);
	}
	vnuma_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_numa_dimm_has_no_node),
		cmocka_unit_test(numa_dimm_keeps_its_node),
		cmocka_unit_test(held_error_is_left_alone),
		cmocka_unit_test(fresh_error_is_set),
		cmocka_unit_test(no_arg_option_with_arg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
