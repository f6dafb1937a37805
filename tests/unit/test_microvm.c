/* SPDX-License-Identifier: MIT */
/*
 * x86 microvm as QEMU 7.2 has it: NUMA like pc without -numa mem=, dies
 * or memory hotplug; RAM split at 3 GiB. Each verdict and message was
 * given by qemu-system-x86_64 7.2 for the same options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "machine/machine.h"
#include "topology_internal.h"
#include "vnuma/layout.h"
#include "vnuma/vnuma.h"

#include "option_run.h"

static void profile(void **state)
{
	const struct vnuma__profile *p = vnuma__profile_find("microvm");

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->arch, VNUMA__ARCH_X86);
	assert_int_equal(p->board, VNUMA__BOARD_MICROVM);
	assert_int_equal(p->max_cpus, 288);
	assert_true(p->numa_supported);
	assert_false(p->numa_mem_supported);
	assert_false(p->smp_dies_supported);
	assert_false(p->auto_enable_numa_with_memhp);
	assert_string_equal(p->default_ram_id, "microvm.ram");
}

static void numa(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "microvm", "-smp", "4,sockets=2", "-m", "2G", "-object",
	    "memory-backend-ram,id=m0,size=1G", "-object",
	    "memory-backend-ram,id=m1,size=1G", "-numa", "node,memdev=m0",
	    "-numa", "node,memdev=m1");
	ok(&r);
	assert_int_equal(vnuma_topology_node_count(r.t), 2);
	/* CPUs go to nodes by socket, as on pc. */
	assert_int_equal(r.t->machine.cpus[1].node_id, 0);
	assert_int_equal(r.t->machine.cpus[2].node_id, 1);
	/* microvm builds no SRAT. */
	assert_int_equal(vnuma_acpi_tables(r.t), 0);
	done(&r);
	RUN(&r, "-M", "microvm", "-m", "2G", "-numa", "node,mem=1G", "-numa",
	    "node,mem=1G");
	refused(&r, "numa.mem-unsupported", "-numa",
		"Parameter -numa node,mem is not supported by this machine "
		"type");
	done(&r);
	RUN(&r, "-M", "microvm", "-numa", "node");
	refused(&r, "numa.total-memory", NULL,
		"total memory for NUMA nodes (0x0) should equal RAM size "
		"(0x8000000)");
	done(&r);
	/* slots/maxmem are not looked at, and make no implicit node. */
	RUN(&r, "-M", "microvm", "-m", "1G,slots=2,maxmem=2G");
	ok(&r);
	assert_int_equal(vnuma_topology_node_count(r.t), 0);
	done(&r);
}

static void limits(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "microvm", "-smp", "300");
	refused(&r, "smp.max-cpus", NULL,
		"Invalid SMP CPUs 300. The max CPUs supported by machine "
		"'microvm' is 288");
	done(&r);
	RUN(&r, "-M", "microvm", "-smp", "4,dies=2");
	refused(&r, "smp.dies-unsupported", NULL,
		"dies not supported by this machine's CPU topology");
	done(&r);
	RUN(&r, "-M", "microvm,nvdimm=on");
	refused(&r, "machine.unknown-property", NULL,
		"Property 'microvm-machine.nvdimm' not found");
	done(&r);
	RUN(&r, "-M", "microvm,hpet=off");
	refused(&r, "machine.unknown-property", NULL,
		"Property 'microvm-machine.hpet' not found");
	done(&r);
	RUN(&r, "-M", "microvm,pic=off,rtc=off,isa-serial=off,pcie=on,"
		"x-option-roms=off,ioapic2=off,auto-kernel-cmdline=off");
	ok(&r);
	done(&r);
	/* QEMU 7.2 leaves such a DIMM unplugged and starts. */
	RUN(&r, "-M", "microvm", "-m", "1G,slots=2,maxmem=2G", "-object",
	    "memory-backend-ram,id=d0,size=512M", "-device",
	    "pc-dimm,memdev=d0");
	refused(&r, "dimm.no-hotplug", "-device",
		"microvm has no memory hotplug: QEMU 7.2 creates the DIMM "
		"but plugs it nowhere");
	done(&r);
}

/* -m 4G: 3 GiB from 0 (less the 640K-1M hole), 1 GiB from 4 GiB. */
static void layout(void **state)
{
	struct vnuma__ram_layout l;
	struct run r;

	(void)state;
	RUN(&r, "-M", "microvm", "-m", "4G");
	ok(&r);
	assert_int_equal(vnuma__ram_layout(&l, &r.t->machine), 0);
	assert_true(l.below_4g == UINT64_C(3) << 30);
	assert_true(l.above_4g == UINT64_C(1) << 30);
	assert_true(l.above_4g_start == UINT64_C(4) << 30);
	assert_int_equal(l.devmem_size, 0);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(profile),
		cmocka_unit_test(numa),
		cmocka_unit_test(limits),
		cmocka_unit_test(layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
