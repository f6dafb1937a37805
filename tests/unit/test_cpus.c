/* SPDX-License-Identifier: MIT */
/*
 * The possible-CPU table and CPU-to-node placement against QEMU 7.2. The
 * ids come from query-hotpluggable-cpus, the APIC ids from qom-get
 * apic-id on each CPU, the MPIDRs from the "reg" of the cpu nodes in
 * -machine dumpdtb=, the messages from -numa cpu runs (see each test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "machine/machine.h"

static const struct vnuma__profile q35_72 = {
	.name = "pc-q35-7.2", .arch = VNUMA__ARCH_X86, .ver_major = 7,
	.ver_minor = 2, .max_cpus = 288, .smp_dies_supported = true,
};
static const struct vnuma__profile virt_72 = {
	.name = "virt-7.2", .arch = VNUMA__ARCH_ARM, .ver_major = 7,
	.ver_minor = 2, .max_cpus = 512, .smp_clusters_supported = true,
};
static const struct vnuma__profile virt_26 = {
	.name = "virt-2.6", .arch = VNUMA__ARCH_ARM, .ver_major = 2,
	.ver_minor = 6, .max_cpus = 512, .smp_clusters_supported = true,
};
static const struct vnuma__profile none = {
	.name = "none", .arch = VNUMA__ARCH_NONE, .max_cpus = 1,
};

/* A machine with a resolved topology: cpus, max, sockets, dies, clusters,
 * cores, threads. */
static void build(struct vnuma__machine *m, const struct vnuma__profile *p,
		  uint32_t cpus, uint32_t max, uint32_t sockets, uint32_t dies,
		  uint32_t clusters, uint32_t cores, uint32_t threads)
{
	memset(m, 0, sizeof(*m));
	m->profile = p;
	m->smp = (struct vnuma__smp){ cpus, max, sockets, dies, clusters,
				      cores, threads };
	assert_int_equal(vnuma__cpus_build(m, NULL), VNUMA_OK);
	assert_non_null(m->cpus);
}

static void unbuild(struct vnuma__machine *m)
{
	free(m->cpus);
	m->cpus = NULL;
}

static void assert_ids(const struct vnuma__cpu_slot *c, int64_t socket,
		       int64_t die, int64_t cluster, int64_t core,
		       int64_t thread)
{
	assert_int_equal(c->socket_id, socket);
	assert_int_equal(c->die_id, die);
	assert_int_equal(c->cluster_id, cluster);
	assert_int_equal(c->core_id, core);
	assert_int_equal(c->thread_id, thread);
	assert_int_equal(c->node_id, -1);
}

/* -M q35 -smp 6,sockets=2,cores=3: APIC ids 0 1 2 4 5 6 */
static void x86_apic_ids_round_up(void **state)
{
	static const uint64_t apic[] = { 0, 1, 2, 4, 5, 6 };
	struct vnuma__machine m;

	(void)state;
	build(&m, &q35_72, 6, 6, 2, 1, 1, 3, 1);
	for (uint32_t i = 0; i < 6; i++) {
		assert_int_equal(m.cpus[i].index, i);
		assert_true(m.cpus[i].has_apic_id);
		assert_int_equal(m.cpus[i].arch_id, apic[i]);
		assert_true(m.cpus[i].present);
		assert_ids(&m.cpus[i], i / 3, -1, -1, i % 3, 0);
	}
	unbuild(&m);
}

/* -M q35 -smp 12,sockets=2,dies=2,cores=3: die-id present, APIC ids
 * 0 1 2 4 5 6 8 9 10 12 13 14 */
static void x86_dies(void **state)
{
	static const uint64_t apic[] = { 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13,
					 14 };
	struct vnuma__machine m;

	(void)state;
	build(&m, &q35_72, 12, 12, 2, 2, 1, 3, 1);
	for (uint32_t i = 0; i < 12; i++) {
		assert_int_equal(m.cpus[i].arch_id, apic[i]);
		assert_ids(&m.cpus[i], i / 6, i / 3 % 2, -1, i % 3, 0);
	}
	unbuild(&m);
	/* -smp 8,dies=1: no die-id in query-hotpluggable-cpus */
	build(&m, &q35_72, 8, 8, 1, 1, 1, 8, 1);
	assert_int_equal(m.cpus[7].die_id, -1);
	assert_int_equal(m.cpus[7].arch_id, 7);
	unbuild(&m);
}

/* -M pc -smp 18,sockets=2,cores=3,threads=3: socket 1 starts at APIC 16 */
static void x86_threads(void **state)
{
	static const uint64_t apic[] = { 0,  1,  2,  4,  5,  6,	 8,  9,	 10,
					 16, 17, 18, 20, 21, 22, 24, 25, 26 };
	struct vnuma__machine m;

	(void)state;
	build(&m, &q35_72, 18, 18, 2, 1, 1, 3, 3);
	for (uint32_t i = 0; i < 18; i++) {
		assert_int_equal(m.cpus[i].arch_id, apic[i]);
		assert_ids(&m.cpus[i], i / 9, -1, -1, i / 3 % 3, i % 3);
	}
	unbuild(&m);
}

/* -M pc-i440fx-6.1 -smp 4,maxcpus=8,threads=2: 4 present of 8 */
static void present_below_cpus(void **state)
{
	struct vnuma__machine m;

	(void)state;
	build(&m, &q35_72, 4, 8, 4, 1, 1, 1, 2);
	for (uint32_t i = 0; i < 8; i++) {
		assert_int_equal(m.cpus[i].present, i < 4);
		assert_ids(&m.cpus[i], i / 2, -1, -1, 0, i % 2);
		/* one core per socket: 0 bits; two threads: 1 bit */
		assert_int_equal(m.cpus[i].arch_id, i);
	}
	unbuild(&m);
}

/* -M virt,gic-version=3 -smp 20,sockets=2,clusters=2,cores=5: CPU 7 is
 * socket 0 cluster 1 core 2; MPIDR 0..0xf then 0x100.. */
static void virt_ids_and_mpidr(void **state)
{
	struct vnuma__machine m;

	(void)state;
	build(&m, &virt_72, 20, 20, 2, 1, 2, 5, 1);
	for (uint32_t i = 0; i < 20; i++) {
		assert_false(m.cpus[i].has_apic_id);
		assert_ids(&m.cpus[i], i / 10, -1, i / 5 % 2, i % 5, 0);
		assert_int_equal(m.cpus[i].arch_id,
				 i < 16 ? i : 0x100 + (i - 16));
	}
	assert_ids(&m.cpus[7], 0, -1, 1, 2, 0);
	unbuild(&m);
	/* -M virt-2.6,gic-version=3 -smp 20: groups of 8 */
	build(&m, &virt_26, 20, 20, 1, 1, 1, 20, 1);
	assert_int_equal(m.cpus[7].arch_id, 7);
	assert_int_equal(m.cpus[8].arch_id, 0x100);
	assert_int_equal(m.cpus[19].arch_id, 0x203);
	unbuild(&m);
}

/* -M virt -smp 8,sockets=2,threads=2: thread-id=1 is CPUs 1 3 5 7 */
static void virt_threads(void **state)
{
	struct vnuma__machine m;

	(void)state;
	build(&m, &virt_72, 8, 8, 2, 1, 1, 2, 2);
	for (uint32_t i = 0; i < 8; i++)
		assert_ids(&m.cpus[i], i / 4, -1, 0, i / 2 % 2, i % 2);
	unbuild(&m);
}

static void none_has_no_ids(void **state)
{
	struct vnuma__machine m;
	struct vnuma__cpu_match mt;

	(void)state;
	build(&m, &none, 1, 1, 1, 1, 1, 1, 1);
	assert_ids(&m.cpus[0], -1, -1, -1, -1, -1);
	assert_false(m.cpus[0].has_apic_id);
	assert_int_equal(vnuma__cpu_index_props(&m, 0, &mt),
			 VNUMA_E_UNSUPPORTED);
	unbuild(&m);
}

static void unresolved_smp_refused(void **state)
{
	struct vnuma__machine m = { .profile = &q35_72 };
	vnuma_error *e = NULL;

	(void)state;
	m.smp.max_cpus = 2;
	assert_int_equal(vnuma__cpus_build(&m, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.smp");
	assert_null(m.cpus);
	vnuma_error_free(e);
}

static const struct vnuma__loc numa_loc = { "-numa", "cpu,node-id=0", NULL,
					    0, 0 };

static void assert_place_err(struct vnuma__machine *m,
			     const struct vnuma__cpu_match *mt, int status,
			     const char *check, const char *msg)
{
	vnuma_error *e = NULL;

	assert_int_equal(vnuma__machine_set_cpu_node(m, mt, &numa_loc, &e),
			 status);
	assert_non_null(e);
	assert_string_equal(vnuma_error_check(e), check);
	assert_string_equal(vnuma_error_message(e), msg);
	assert_string_equal(vnuma_error_option(e), "-numa");
	vnuma_error_free(e);
}

/* -M virt -numa cpu,node-id=0,die-id=0; -M q35 ...,cluster-id=0;
 * die-id=0,cluster-id=0 names cluster-id; -smp 8,dies=1 ...,die-id=0 */
static void ids_the_machine_lacks(void **state)
{
	struct vnuma__machine m;
	struct vnuma__cpu_match mt = { .has_die_id = true };

	(void)state;
	build(&m, &virt_72, 1, 1, 1, 1, 1, 1, 1);
	assert_place_err(&m, &mt, VNUMA_E_UNSUPPORTED,
			 "numa.cpu-id-unsupported", "die-id is not supported");
	unbuild(&m);
	build(&m, &q35_72, 8, 8, 1, 1, 1, 8, 1);
	assert_place_err(&m, &mt, VNUMA_E_UNSUPPORTED,
			 "numa.cpu-id-unsupported", "die-id is not supported");
	mt.has_cluster_id = true;
	assert_place_err(&m, &mt, VNUMA_E_UNSUPPORTED,
			 "numa.cpu-id-unsupported",
			 "cluster-id is not supported");
	/* Checked before matching: a socket that exists nowhere. */
	mt = (struct vnuma__cpu_match){ .has_die_id = true,
					.has_socket_id = true,
					.socket_id = 9 };
	assert_place_err(&m, &mt, VNUMA_E_UNSUPPORTED,
			 "numa.cpu-id-unsupported", "die-id is not supported");
	unbuild(&m);
}

/* -smp 8,dies=2 (pc-5.0: 4 sockets of 2 dies) -numa cpu,node-id=1,die-id=1
 * puts CPUs 1 3 5 7 on node 1; unset ids match anything. */
static void unset_ids_are_wildcards(void **state)
{
	struct vnuma__machine m;
	struct vnuma__cpu_match mt = { .has_die_id = true, .die_id = 1,
				       .node_id = 1 };

	(void)state;
	build(&m, &q35_72, 8, 8, 4, 2, 1, 1, 1);
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, NULL),
			 VNUMA_OK);
	for (uint32_t i = 0; i < 8; i++)
		assert_int_equal(m.cpus[i].node_id, i % 2 ? 1 : -1);
	mt = (struct vnuma__cpu_match){ .node_id = 0, .has_socket_id = true,
					.socket_id = 0 };
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, NULL),
			 VNUMA_E_CONFLICT);
	unbuild(&m);
	build(&m, &q35_72, 4, 4, 1, 1, 1, 4, 1);
	mt = (struct vnuma__cpu_match){ .node_id = 2 };
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, NULL),
			 VNUMA_OK);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(m.cpus[i].node_id, 2);
	unbuild(&m);
}

/* -smp 2 -numa cpu,node-id=1,socket-id=3 and socket-id=-1 */
static void no_match(void **state)
{
	struct vnuma__machine m;
	struct vnuma__cpu_match mt = { .has_socket_id = true, .socket_id = 3,
				       .node_id = 1 };

	(void)state;
	build(&m, &q35_72, 2, 2, 1, 1, 1, 2, 1);
	assert_place_err(&m, &mt, VNUMA_E_MISSING, "numa.cpu-no-match",
			 "no match found");
	mt.socket_id = -1;
	assert_place_err(&m, &mt, VNUMA_E_MISSING, "numa.cpu-no-match",
			 "no match found");
	unbuild(&m);
}

/* -numa node,cpus=0 -numa node -numa cpu,node-id=1,socket-id=0,
 * core-id=0,thread-id=0: "CPU is already assigned to node-id: 0" */
static void already_assigned(void **state)
{
	struct vnuma__machine m;
	struct vnuma__cpu_match mt;

	(void)state;
	build(&m, &q35_72, 2, 2, 1, 1, 1, 2, 1);
	assert_int_equal(vnuma__cpu_index_props(&m, 0, &mt), VNUMA_OK);
	assert_true(mt.has_socket_id && mt.has_core_id && mt.has_thread_id);
	assert_false(mt.has_die_id || mt.has_cluster_id);
	mt.node_id = 0;
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, NULL),
			 VNUMA_OK);
	assert_int_equal(m.cpus[0].node_id, 0);
	assert_int_equal(m.cpus[1].node_id, -1);
	mt.node_id = 1;
	assert_place_err(&m, &mt, VNUMA_E_CONFLICT,
			 "numa.cpu-already-assigned",
			 "CPU is already assigned to node-id: 0");
	/* The same node again is no conflict. */
	mt.node_id = 0;
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, NULL),
			 VNUMA_OK);
	unbuild(&m);
}

struct hook_log {
	int calls;
	int fail_at; /* call number that fails, 0 for none */
};

static int hook(void *ctx, int64_t node_id, const struct vnuma__loc *loc,
		vnuma_error **err)
{
	struct hook_log *h = ctx;

	(void)node_id;
	if (++h->calls == h->fail_at)
		return vnuma__error_set(err, VNUMA_E_CONFLICT, "test.hook", loc,
					"hook");
	return VNUMA_OK;
}

/*
 * QEMU checks the HMAT initiator after each assignment: a conflict on an
 * earlier slot wins over it, and it wins over a conflict on a later slot.
 */
static void on_match_runs_after_each_assignment(void **state)
{
	struct vnuma__machine m;
	struct hook_log h = { 0, 0 };
	struct vnuma__cpu_match mt = { .node_id = 1, .on_match = hook,
				       .ctx = &h };
	vnuma_error *e = NULL;

	(void)state;
	build(&m, &q35_72, 4, 4, 1, 1, 1, 4, 1);
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, NULL),
			 VNUMA_OK);
	assert_int_equal(h.calls, 4);
	unbuild(&m);

	build(&m, &q35_72, 4, 4, 1, 1, 1, 4, 1);
	m.cpus[2].node_id = 0;
	h = (struct hook_log){ 0, 1 };
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, &e),
			 VNUMA_E_CONFLICT);
	assert_string_equal(vnuma_error_check(e), "test.hook");
	vnuma_error_free(e);
	e = NULL;
	m.cpus[0].node_id = 0;
	h = (struct hook_log){ 0, 1 };
	assert_int_equal(vnuma__machine_set_cpu_node(&m, &mt, &numa_loc, &e),
			 VNUMA_E_CONFLICT);
	assert_string_equal(vnuma_error_check(e), "numa.cpu-already-assigned");
	assert_int_equal(h.calls, 0);
	vnuma_error_free(e);
	unbuild(&m);
}

static void index_props(void **state)
{
	struct vnuma__machine m;
	struct vnuma__cpu_match mt;

	(void)state;
	build(&m, &virt_72, 8, 8, 2, 1, 2, 2, 1);
	assert_int_equal(vnuma__cpu_index_props(&m, 7, &mt), VNUMA_OK);
	assert_true(mt.has_socket_id && mt.has_cluster_id &&
		    mt.has_core_id && mt.has_thread_id);
	assert_false(mt.has_die_id);
	assert_int_equal(mt.socket_id, 1);
	assert_int_equal(mt.cluster_id, 1);
	assert_int_equal(mt.core_id, 1);
	assert_int_equal(mt.thread_id, 0);
	assert_int_equal(mt.node_id, -1);
	assert_null(mt.on_match);
	assert_int_equal(vnuma__cpu_index_props(&m, 8, &mt), VNUMA_E_RANGE);
	unbuild(&m);
	build(&m, &q35_72, 8, 8, 1, 2, 1, 4, 1);
	assert_int_equal(vnuma__cpu_index_props(&m, 5, &mt), VNUMA_OK);
	assert_true(mt.has_die_id);
	assert_int_equal(mt.die_id, 1);
	unbuild(&m);
}

static void none_cannot_map(void **state)
{
	struct vnuma__machine m;
	struct vnuma__cpu_match mt = { .node_id = 0 };

	(void)state;
	build(&m, &none, 1, 1, 1, 1, 1, 1, 1);
	assert_place_err(&m, &mt, VNUMA_E_UNSUPPORTED,
			 "numa.cpu-mapping-unsupported",
			 "mapping of CPUs to NUMA node is not supported");
	unbuild(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(x86_apic_ids_round_up),
		cmocka_unit_test(x86_dies),
		cmocka_unit_test(x86_threads),
		cmocka_unit_test(present_below_cpus),
		cmocka_unit_test(virt_ids_and_mpidr),
		cmocka_unit_test(virt_threads),
		cmocka_unit_test(none_has_no_ids),
		cmocka_unit_test(unresolved_smp_refused),
		cmocka_unit_test(ids_the_machine_lacks),
		cmocka_unit_test(unset_ids_are_wildcards),
		cmocka_unit_test(no_match),
		cmocka_unit_test(already_assigned),
		cmocka_unit_test(on_match_runs_after_each_assignment),
		cmocka_unit_test(index_props),
		cmocka_unit_test(none_cannot_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
