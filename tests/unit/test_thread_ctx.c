/* SPDX-License-Identifier: MIT */
/*
 * -object thread-context and prealloc-context: expected messages were
 * taken from qemu-system-x86_64 7.2 run with the same options on a host
 * without CPU 4095 or node 127 (tests/qemu/cases/memdevices.txt runs
 * them live). Node 0's CPUs are read from sysfs, as the library does.
 */
#include "memory_fixture.h"

#include "host/host_cpus.h"

static void build(struct fx *f, const char *a, const char *b)
{
	fx_init(f);
	fx_add(f, "object", a);
	if (b)
		fx_add(f, "object", b);
	fx_backends(f);
}

static void cpu_affinity(void **state)
{
	struct fx f;

	(void)state;
	build(&f, "thread-context,id=tc,cpu-affinity=0,cpu-affinity=4095,"
		  "cpu-affinity=0", NULL);
	assert_fx_ok(&f);
	assert_int_equal(f.b.n_ctxs, 1);
	assert_string_equal(f.b.ctxs[0].id, "tc");
	assert_true(f.b.ctxs[0].has_affinity);
	/* Sorted, unique; CPUs the host lacks kept, as in QEMU's mask. */
	assert_int_equal(f.b.ctxs[0].n_cpus, 2);
	assert_int_equal(f.b.ctxs[0].cpus[0], 0);
	assert_int_equal(f.b.ctxs[0].cpus[1], 4095);
	fx_fini(&f);
	build(&f, "thread-context,id=tc", NULL);
	assert_fx_ok(&f);
	assert_false(f.b.ctxs[0].has_affinity);
	fx_fini(&f);
}

/* node-affinity: the CPUs sysfs lists for the nodes. */
static void node_affinity(void **state)
{
	uint16_t *cpus = NULL;
	size_t n = 0;
	struct fx f;

	(void)state;
	assert_int_equal(vnuma__host_node_cpus(0, &cpus, &n), 0);
	if (!n) {
		free(cpus);
		skip();
	}
	build(&f, "thread-context,id=tc,node-affinity=0,node-affinity=127",
	      NULL);
	assert_fx_ok(&f);
	assert_int_equal(f.b.ctxs[0].n_cpus, n);
	assert_memory_equal(f.b.ctxs[0].cpus, cpus, n * sizeof(*cpus));
	fx_fini(&f);
	free(cpus);
}

static void errors(void **state)
{
	static const struct {
		const char *a, *b;
		int status;
		const char *check, *key, *msg;
	} cases[] = {
		{ "thread-context,id=tc,cpu-affinity=4095", NULL,
		  VNUMA_E_RANGE, "thread-context.affinity", NULL,
		  "Setting CPU affinity failed: Invalid argument" },
		{ "thread-context,id=tc,node-affinity=127", NULL,
		  VNUMA_E_RANGE, "thread-context.no-cpus", NULL,
		  "The nodes select no CPUs" },
		{ "thread-context,id=tc,cpu-affinity=0,node-affinity=0", NULL,
		  VNUMA_E_CONFLICT, "thread-context.mixed", NULL,
		  "Mixing CPU and node affinity not supported" },
		{ "thread-context,id=tc,cpu-affinity=x", NULL, VNUMA_E_SYNTAX,
		  "opts.bad-value", "cpu-affinity",
		  "Parameter 'cpu-affinity' expects a uint64 value or range" },
		{ "thread-context,id=tc,node-affinity=70000", NULL,
		  VNUMA_E_RANGE, "opts.out-of-range", "node-affinity",
		  "Parameter 'null' expects uint16_t" },
		{ "thread-context", NULL, VNUMA_E_MISSING,
		  "backend.id-missing", "id", "Parameter 'id' is missing" },
		{ "thread-context,id=tc,foo=1", NULL, VNUMA_E_UNKNOWN,
		  "opts.unknown-key", "foo", "Invalid parameter 'foo'" },
		/* The parse errors of every -object come first. */
		{ "thread-context,id=tc,cpu-affinity=4095",
		  "thread-context,id=tc2,foo=1", VNUMA_E_UNKNOWN,
		  "opts.unknown-key", "foo", "Invalid parameter 'foo'" },
		{ "memory-backend-ram,id=m,size=1M,prealloc-context=tc", NULL,
		  VNUMA_E_UNKNOWN, "backend.prealloc-context-unknown",
		  "prealloc-context", "Device 'tc' not found" },
		{ "memory-backend-ram,id=m,size=1M,prealloc-context=m", NULL,
		  VNUMA_E_UNKNOWN, "backend.prealloc-context-unknown",
		  "prealloc-context", "Device 'm' not found" },
		{ "memory-backend-ram,id=a,size=1M",
		  "memory-backend-ram,id=m,size=1M,prealloc-context=a",
		  VNUMA_E_CONFLICT, "backend.prealloc-context-type",
		  "prealloc-context",
		  "Invalid parameter type for 'prealloc-context', expected: "
		  "thread-context" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;

		build(&f, cases[i].a, cases[i].b);
		if (f.rc != cases[i].status)
			print_error("case %zu: %s\n", i,
				    f.e ? vnuma_error_message(f.e) : "ok");
		assert_fx_error(&f, cases[i].status, cases[i].check,
				cases[i].key, cases[i].msg);
		fx_fini(&f);
	}
}

/* A backend links to a context given later, or by its QOM path. */
static void prealloc_context(void **state)
{
	struct fx f;

	(void)state;
	build(&f,
	      "memory-backend-ram,id=m,size=1M,prealloc-context=/objects/tc",
	      "thread-context,id=tc,cpu-affinity=0");
	assert_fx_ok(&f);
	assert_string_equal(f.b.v[0].prealloc_context, "tc");
	fx_fini(&f);
	build(&f, "memory-backend-ram,id=m,size=1M,prealloc-context=", NULL);
	assert_fx_ok(&f);
	assert_null(f.b.v[0].prealloc_context);
	fx_fini(&f);
}

/* Creation errors name no option, as QEMU restores no location there. */
static void creation_names_no_option(void **state)
{
	struct fx f;

	(void)state;
	build(&f, "thread-context,id=tc,cpu-affinity=4095", NULL);
	assert_null(vnuma_error_option(f.e));
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpu_affinity),
		cmocka_unit_test(node_affinity),
		cmocka_unit_test(errors),
		cmocka_unit_test(prealloc_context),
		cmocka_unit_test(creation_names_no_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
