/* SPDX-License-Identifier: MIT */
/*
 * The finished view (src/view): where the board's RAM comes from, decided
 * in one function, and the view built from whole topologies: the
 * implicit RAM backend as a real entry, per-node CPU lists, memory
 * devices by address, the board's RAM spans.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "option_run.h"
#include "view/board_ram.h"
#include "view/view.h"

static void machine_with(struct vnuma__machine *m, struct vnuma__profile *p,
			 const char *ram_id)
{
	memset(m, 0, sizeof(*m));
	memset(p, 0, sizeof(*p));
	p->default_ram_id = ram_id;
	m->profile = p;
	m->ram_size = 1u << 30;
}

/* Each source of the board's RAM, in the order QEMU 7.2 weighs them. */
static void board_ram_sources(void **state)
{
	struct vnuma__machine m;
	struct vnuma__profile p;
	const char *id = "unset";

	(void)state;
	machine_with(&m, &p, NULL);
	assert_int_equal(vnuma__board_ram(&id, &m, true),
			 VNUMA__BOARD_RAM_NONE);
	assert_null(id);
	machine_with(&m, &p, "pc.ram");
	assert_int_equal(vnuma__board_ram(&id, &m, false),
			 VNUMA__BOARD_RAM_IMPLICIT);
	assert_string_equal(id, "pc.ram");
	/* -numa memdev= comes first, even beside memory-backend=. */
	m.memory_backend = (char *)"m0";
	assert_int_equal(vnuma__board_ram(NULL, &m, true),
			 VNUMA__BOARD_RAM_NODES);
	assert_int_equal(vnuma__board_ram(NULL, &m, false),
			 VNUMA__BOARD_RAM_MACHINE);
	/* No RAM: nothing to create. */
	m.memory_backend = NULL;
	m.ram_size = 0;
	assert_int_equal(vnuma__board_ram(&id, &m, false),
			 VNUMA__BOARD_RAM_NONE);
	assert_string_equal(id, "pc.ram");
	/* No machine type at all. */
	m.profile = NULL;
	assert_int_equal(vnuma__board_ram(&id, &m, false),
			 VNUMA__BOARD_RAM_NONE);
	assert_null(id);
}

/* The -object defaults, -mem-path, -mem-prealloc and the machine's. */
static void board_ram_backend(void **state)
{
	struct vnuma__machine m;
	struct vnuma__profile p;
	struct vnuma__backend be;

	(void)state;
	machine_with(&m, &p, "mach-virt.ram");
	m.mem_path = (char *)"/dev/hugepages";
	m.mem_prealloc = true;
	m.smp.cpus = 3;
	vnuma__board_ram_backend(&be, &m);
	assert_string_equal(be.id, "mach-virt.ram");
	assert_int_equal(be.kind, VNUMA__BACKEND_FILE);
	assert_int_equal(be.size, 1u << 30);
	assert_true(be.prealloc && be.reserve && be.merge && be.dump);
	assert_int_equal(be.prealloc_threads, 3);
	assert_string_equal(be.mem_path, "/dev/hugepages");
	assert_int_equal(be.policy, VNUMA__POLICY_DEFAULT);
}

static const struct vnuma__view *view_of(struct run *r)
{
	ok(r);
	assert_non_null(vnuma__topology_view(r->t));
	return vnuma__topology_view(r->t);
}

/* No memdev=, no memory-backend=: QEMU's own backend, listed as one. */
static void implicit_backend(void **state)
{
	const struct vnuma__view *v;
	struct run r;

	(void)state;
	RUN(&r, "-machine", "pc", "-m", "1G", "-mem-prealloc", NULL,
	    "-smp", "2");
	v = view_of(&r);
	assert_int_equal(v->n_backends, 1);
	assert_true(v->backends[0].implicit);
	assert_string_equal(v->backends[0].id, "pc.ram");
	assert_int_equal(v->backends[0].kind, VNUMA__BACKEND_RAM);
	assert_true(v->backends[0].prealloc);
	assert_int_equal(v->backends[0].prealloc_threads, 2);
	assert_int_equal(v->n_memdevs, 1);
	assert_string_equal(v->memdevs[0].id, "pc.ram");
	assert_int_equal(v->n_ram, 1);
	assert_int_equal(v->ram[0].backend, 0);
	assert_int_equal(v->ram[0].len, 1u << 30);
	done(&r);
}

/* RAM from the nodes' memdevs, or from memory-backend=: no implicit one. */
static void explicit_ram(void **state)
{
	const struct vnuma__view *v;
	struct run r;

	(void)state;
	RUN(&r, "-machine", "q35", "-m", "2G",
	    "-object", "memory-backend-ram,id=m1,size=1G",
	    "-object", "memory-backend-ram,id=m0,size=1G",
	    "-numa", "node,memdev=m0", "-numa", "node,memdev=m1");
	v = view_of(&r);
	assert_int_equal(v->n_backends, 2);
	assert_false(v->backends[0].implicit || v->backends[1].implicit);
	/* The spans follow the nodes; the backends the options. */
	assert_int_equal(v->n_ram, 2);
	assert_int_equal(v->ram[0].backend, 1);
	assert_int_equal(v->ram[1].backend, 0);
	assert_int_equal(v->ram[1].start, 1u << 30);
	done(&r);

	RUN(&r, "-machine", "q35,memory-backend=m", "-m", "1G",
	    "-object", "memory-backend-ram,id=pc.ram,size=1G",
	    "-object", "memory-backend-ram,id=m,size=1G");
	v = view_of(&r);
	assert_int_equal(v->n_backends, 2);
	assert_false(v->backends[0].implicit || v->backends[1].implicit);
	assert_int_equal(v->n_ram, 1);
	assert_string_equal(v->backends[v->ram[0].backend].id, "m");
	done(&r);
}

/* Every possible CPU of a node, present or not, by index. */
static void node_cpus(void **state)
{
	const struct vnuma__view *v;
	struct run r;

	(void)state;
	RUN(&r, "-machine", "pc-q35-5.0", "-m", "2G", "-smp", "2,maxcpus=4",
	    "-numa", "node,cpus=0,cpus=3,mem=1G",
	    "-numa", "node,cpus=1-2,mem=1G");
	v = view_of(&r);
	assert_int_equal(v->n_nodes, 2);
	assert_int_equal(v->nodes[0].n_cpus, 2);
	assert_int_equal(v->nodes[0].cpus[0], 0);
	assert_int_equal(v->nodes[0].cpus[1], 3);
	assert_int_equal(v->nodes[1].n_cpus, 2);
	assert_int_equal(v->nodes[1].cpus[0], 1);
	assert_int_equal(v->nodes[1].cpus[1], 2);
	assert_false(v->cpus[3].present);
	assert_int_equal(v->nodes[1].initiator, -1);
	/* Legacy mem= splits QEMU's own backend between the nodes. */
	assert_int_equal(v->n_backends, 1);
	assert_true(v->backends[0].implicit);
	assert_int_equal(v->n_ram, 1);
	done(&r);
}

/* Memory devices by address, each knowing when it was plugged. */
static void devices_by_address(void **state)
{
	const struct vnuma__view *v;
	struct run r;

	(void)state;
	RUN(&r, "-machine", "q35", "-m", "1G,slots=2,maxmem=4G",
	    "-object", "memory-backend-ram,id=d0,size=1G",
	    "-object", "memory-backend-ram,id=d1,size=1G",
	    "-device", "pc-dimm,memdev=d0,addr=0x140000000",
	    "-device", "pc-dimm,memdev=d1");
	v = view_of(&r);
	assert_int_equal(v->n_mdevs, 2);
	assert_string_equal(v->mdevs[0].memdev, "d1");
	assert_int_equal(v->mdevs[0].addr, 0x100000000);
	assert_int_equal(v->mdevs[0].plug, 1);
	assert_int_equal(v->mdevs[0].backend, 1);
	assert_string_equal(v->mdevs[1].memdev, "d0");
	assert_int_equal(v->mdevs[1].plug, 0);
	assert_string_equal(v->mdevs[1].driver, "pc-dimm");
	assert_int_equal(v->plugged_total, 2u << 30);
	/* The board's RAM is still QEMU's own backend, after the others. */
	assert_int_equal(v->n_backends, 3);
	assert_true(v->backends[2].implicit);
	done(&r);
}

/* The HMAT's tables and cache levels, with the names QEMU gives them. */
static void hmat(void **state)
{
	const struct vnuma__view *v;
	struct run r;

	(void)state;
	RUN(&r, "-machine", "q35,hmat=on", "-m", "2G", "-smp", "2",
	    "-object", "memory-backend-ram,id=m0,size=1G",
	    "-object", "memory-backend-ram,id=m1,size=1G",
	    "-numa", "node,memdev=m0,cpus=0-1",
	    "-numa", "node,memdev=m1,initiator=0",
	    "-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	    "data-type=access-latency,latency=2500",
	    "-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	    "data-type=read-bandwidth,bandwidth=3G",
	    "-numa", "hmat-cache,node-id=1,size=64M,level=1,"
	    "associativity=direct,policy=write-back,line=64");
	v = view_of(&r);
	assert_true(v->machine.hmat);
	assert_int_equal(v->n_hmat_lb, 2);
	assert_string_equal(v->hmat_lb[0].hierarchy_name, "memory");
	assert_string_equal(v->hmat_lb[0].data_type_name, "access-latency");
	assert_int_equal(v->hmat_lb[0].n_targets, 2);
	assert_int_equal(v->n_hmat_caches, 1);
	assert_int_equal(v->hmat_caches[0].node, 1);
	assert_string_equal(v->hmat_caches[0].policy, "write-back");
	assert_int_equal(v->nodes[1].initiator, 0);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(board_ram_sources),
		cmocka_unit_test(board_ram_backend),
		cmocka_unit_test(implicit_backend),
		cmocka_unit_test(explicit_ram),
		cmocka_unit_test(node_cpus),
		cmocka_unit_test(devices_by_address),
		cmocka_unit_test(hmat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
