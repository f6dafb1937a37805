/* SPDX-License-Identifier: MIT */
/*
 * The machine types of QEMU 7.2 that vnuma models, as far as NUMA, memory
 * and CPU topology care.
 *
 * Versioned types of one family differ only where QEMU's compat hooks
 * (pc_i440fx_X_Y_machine_options, pc_q35_..., virt_machine_X_Y_options)
 * turn a feature off for older types. So each row is generated from the
 * family and its version by the cut-offs below; the whole table is a
 * compile-time constant. Every cut-off was checked against the installed
 * qemu-system-x86_64 / qemu-system-aarch64 7.2 (see tests/unit/test_profile.c).
 */
#include <string.h>

#include "machine.h"

#define MIB (UINT64_C(1) << 20)

/* Version as one comparable number: 5.0 -> 500, 2.12 -> 212. */
#define V(maj, min) ((maj)*100 + (min))

/* -numa node,mem= is accepted up to the 5.0 types (then memdev only). */
#define NUMA_MEM_UPTO V(5, 0)
/* Types before 6.2 infer sockets before cores from a bare -smp N. */
#define PREFER_SOCKETS_UPTO V(6, 1)
/* maxmem > size without slots auto-creates a node from 5.1 on. */
#define MEMDEV_FROM V(5, 1)
/* Memory hotplug slots auto-create a node: pc/q35 from 2.11, virt 4.2. */
#define PC_MEMHP_FROM V(2, 11)
#define VIRT_MEMHP_FROM V(4, 2)
/* q35 took 288 CPUs with 2.8, virt 512 with 3.0; pc stays at 255. */
#define Q35_288_FROM V(2, 8)
#define VIRT_512_FROM V(3, 0)
/* i440fx types before 2.1 have no device memory region (no slots). */
#define PC_RESERVED_FROM V(2, 1)
/* pc-i440fx-1.x are deprecated. */
#define PC_DEPRECATED_UPTO V(1, 7)

#define PC_DEPRECATION "old and unattended - use a newer version instead"

/* clang-format off */
/* Fields common to the x86 PC family (i440fx and q35). */
#define X86_COMMON(v)                                                      \
	.arch = VNUMA__ARCH_X86, .default_ram_size = 128 * MIB,            \
	.numa_supported = true, .numa_mem_supported = (v) <= NUMA_MEM_UPTO, \
	.auto_enable_numa_with_memhp = (v) >= PC_MEMHP_FROM,               \
	.auto_enable_numa_with_memdev = (v) >= MEMDEV_FROM,                \
	.numa_mem_align_shift = 23, .cpu_map = VNUMA__CPU_MAP_SOCKET,      \
	.has_socket_id = true, .has_die_id = true, .has_core_id = true,    \
	.has_thread_id = true, .smp_dies_supported = true,                 \
	.smp_prefer_sockets = (v) <= PREFER_SOCKETS_UPTO,                  \
	.default_ram_id = "pc.ram", .nvdimm_supported = true

#define PC_ROW(maj, min, al)                                               \
	{ .name = "pc-i440fx-" #maj "." #min, .alias = al,                 \
	  .ver_major = maj, .ver_minor = min, .max_cpus = 255,             \
	  X86_COMMON(V(maj, min)), .board = VNUMA__BOARD_I440FX,           \
	  .has_reserved_memory = V(maj, min) >= PC_RESERVED_FROM,          \
	  .deprecation_reason = V(maj, min) <= PC_DEPRECATED_UPTO ?        \
					PC_DEPRECATION : NULL },

#define Q35_ROW_NAMED(nm, maj, min, al)                                    \
	{ .name = nm, .alias = al, .ver_major = maj, .ver_minor = min,     \
	  .max_cpus = V(maj, min) >= Q35_288_FROM ? 288 : 255,             \
	  X86_COMMON(V(maj, min)), .board = VNUMA__BOARD_Q35,              \
	  .has_reserved_memory = true },
#define Q35_ROW(maj, min, al) Q35_ROW_NAMED("pc-q35-" #maj "." #min, maj, min, al)

/*
 * virt: CPU ids are socket/cluster/core/thread for every virt-X.Y of the
 * 7.2 binary (its possible_cpu_arch_ids is not versioned), and the default
 * node of a CPU is socket-id % nodes. max_cpus is the -smp limit; the
 * GIC's own limit (8 for GICv2, the default under TCG) is checked by the
 * board later, not here.
 */
#define VIRT_ROW(maj, min, al)                                             \
	{ .name = "virt-" #maj "." #min, .alias = al, .arch = VNUMA__ARCH_ARM, \
	  .ver_major = maj, .ver_minor = min,                              \
	  .max_cpus = V(maj, min) >= VIRT_512_FROM ? 512 : 255,            \
	  .default_ram_size = 128 * MIB, .numa_supported = true,           \
	  .numa_mem_supported = V(maj, min) <= NUMA_MEM_UPTO,              \
	  .auto_enable_numa_with_memhp = V(maj, min) >= VIRT_MEMHP_FROM,   \
	  .auto_enable_numa_with_memdev = V(maj, min) >= MEMDEV_FROM,      \
	  .numa_mem_align_shift = 23, .cpu_map = VNUMA__CPU_MAP_VIRT,      \
	  .has_socket_id = true, .has_cluster_id = true, .has_core_id = true, \
	  .has_thread_id = true, .smp_clusters_supported = true,           \
	  .smp_prefer_sockets = V(maj, min) <= PREFER_SOCKETS_UPTO,        \
	  .default_ram_id = "mach-virt.ram", .board = VNUMA__BOARD_VIRT,   \
	  .nvdimm_supported = true, .has_reserved_memory = true },

/* Versions in QEMU 7.2, newest first; the newest carries the alias. */
#define COMMON_VERSIONS(X)                                                 \
	X(7, 1, NULL) X(7, 0, NULL) X(6, 2, NULL) X(6, 1, NULL)             \
	X(6, 0, NULL) X(5, 2, NULL) X(5, 1, NULL) X(5, 0, NULL)             \
	X(4, 2, NULL) X(4, 1, NULL)
#define OLD_VERSIONS(X)                                                    \
	X(3, 1, NULL) X(3, 0, NULL) X(2, 12, NULL) X(2, 11, NULL)           \
	X(2, 10, NULL) X(2, 9, NULL) X(2, 8, NULL) X(2, 7, NULL)            \
	X(2, 6, NULL)

static const struct vnuma__profile profiles[] = {
	PC_ROW(7, 2, "pc")
	COMMON_VERSIONS(PC_ROW)
	PC_ROW(4, 0, NULL)
	OLD_VERSIONS(PC_ROW)
	PC_ROW(2, 5, NULL) PC_ROW(2, 4, NULL) PC_ROW(2, 3, NULL)
	PC_ROW(2, 2, NULL) PC_ROW(2, 1, NULL) PC_ROW(2, 0, NULL)
	PC_ROW(1, 7, NULL) PC_ROW(1, 6, NULL) PC_ROW(1, 5, NULL)
	PC_ROW(1, 4, NULL)

	Q35_ROW(7, 2, "q35")
	COMMON_VERSIONS(Q35_ROW)
	/* A 4.0 stable-release fix type; same properties as 4.0. */
	Q35_ROW_NAMED("pc-q35-4.0.1", 4, 0, NULL)
	Q35_ROW(4, 0, NULL)
	OLD_VERSIONS(Q35_ROW)
	Q35_ROW(2, 5, NULL) Q35_ROW(2, 4, NULL)

	VIRT_ROW(7, 2, "virt")
	COMMON_VERSIONS(VIRT_ROW)
	VIRT_ROW(4, 0, NULL)
	OLD_VERSIONS(VIRT_ROW)

	/*
	 * "isapc": the PC board without PCI, one 486 CPU, no device memory
	 * (-m slots/maxmem refused) and, being unversioned, no -numa mem=.
	 * It carries the newest compat settings, hence version 7.2.
	 */
	{ .name = "isapc", .ver_major = 7, .ver_minor = 2, .max_cpus = 1,
	  X86_COMMON(V(7, 2)), .board = VNUMA__BOARD_ISAPC,
	  .default_cpu_model = "486" },

	/*
	 * "microvm" (x86): NUMA as on pc (-numa node,memdev=, CPUs by
	 * socket) but no -numa mem=, no dies, no memory hotplug, and -m
	 * slots/maxmem ignored rather than refused. Unversioned: 7.2.
	 */
	{ .name = "microvm", .arch = VNUMA__ARCH_X86, .ver_major = 7,
	  .ver_minor = 2, .max_cpus = 288, .default_ram_size = 128 * MIB,
	  .numa_supported = true, .numa_mem_align_shift = 23,
	  .cpu_map = VNUMA__CPU_MAP_SOCKET, .has_socket_id = true,
	  .has_die_id = true, .has_core_id = true, .has_thread_id = true,
	  .default_ram_id = "microvm.ram", .board = VNUMA__BOARD_MICROVM },

	/*
	 * "none": one CPU, no RAM by default, and no NUMA state at all
	 * (QEMU: "NUMA is not supported by this machine-type"). Its RAM
	 * backend, when -m is given, is called "ram".
	 */
	{ .name = "none", .arch = VNUMA__ARCH_NONE, .max_cpus = 1,
	  .numa_mem_align_shift = 23, .cpu_map = VNUMA__CPU_MAP_NONE,
	  .default_ram_id = "ram", .board = VNUMA__BOARD_NONE },
};
/* clang-format on */

const struct vnuma__profile *vnuma__profiles(size_t *n)
{
	if (n)
		*n = sizeof(profiles) / sizeof(profiles[0]);
	return profiles;
}

/* QEMU's find_machine(): exact, case-sensitive name or alias. */
const struct vnuma__profile *vnuma__profile_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		const struct vnuma__profile *p = &profiles[i];

		if (!strcmp(p->name, name) ||
		    (p->alias && !strcmp(p->alias, name)))
			return p;
	}
	return NULL;
}
