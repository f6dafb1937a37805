/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_MACHINE_H
#define VNUMA_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/config_internal.h"
#include "../error_internal.h"

enum vnuma__arch { VNUMA__ARCH_NONE, VNUMA__ARCH_X86, VNUMA__ARCH_ARM };

/* Which board a profile describes (its property set and memory map). */
enum vnuma__board {
	VNUMA__BOARD_NONE,    /* "none": no CPUs to speak of, no NUMA */
	VNUMA__BOARD_I440FX,  /* pc, pc-i440fx-X.Y */
	VNUMA__BOARD_Q35,     /* q35, pc-q35-X.Y */
	VNUMA__BOARD_VIRT,    /* arm virt, virt-X.Y */
	VNUMA__BOARD_ISAPC,   /* isapc: i440fx's board without PCI */
	VNUMA__BOARD_MICROVM, /* x86 microvm: no PCI hole, no hotplug */
};

/* How CPUs that no -numa option placed get a node (when none was placed). */
enum vnuma__cpu_map {
	VNUMA__CPU_MAP_NONE,	    /* machine has no default mapping */
	VNUMA__CPU_MAP_SOCKET,	    /* x86: socket_id % nodes */
	VNUMA__CPU_MAP_VIRT,	    /* arm virt: by socket/cluster/core */
	VNUMA__CPU_MAP_ROUND_ROBIN, /* generic: cpu index % nodes */
};

/*
 * What a machine type is, as far as NUMA and memory care. One row per
 * type family and version range; every machine-wide difference lives here
 * rather than in "if (x86)" tests elsewhere.
 */
struct vnuma__profile {
	const char *name;  /* canonical: "pc-q35-7.2", "virt-7.2", "none" */
	const char *alias; /* "q35", "pc", "virt", or NULL */
	enum vnuma__arch arch;
	unsigned ver_major, ver_minor; /* 0.0 for "none" */
	uint32_t max_cpus;
	uint64_t default_ram_size;
	bool numa_supported;	 /* has a NUMA state (-numa allowed at all) */
	bool numa_mem_supported; /* -numa node,mem= allowed (<= 5.0) */
	bool auto_enable_numa_with_memhp;
	bool auto_enable_numa_with_memdev;
	bool auto_enable_numa;
	unsigned numa_mem_align_shift; /* legacy RAM split alignment */
	enum vnuma__cpu_map cpu_map;
	/* CPU topology properties the machine's CPUs carry. */
	bool has_socket_id, has_die_id, has_cluster_id, has_core_id,
		has_thread_id;
	bool smp_dies_supported, smp_clusters_supported;
	bool smp_prefer_sockets;    /* pre-6.2 types infer sockets first */
	const char *default_ram_id; /* "pc.ram", "mach-virt.ram", NULL */
	/* What the board is and allows: */
	enum vnuma__board board;
	bool nvdimm_supported; /* has the nvdimm, nvdimm-persistence props */
	bool has_reserved_memory; /* -m slots/maxmem allowed (board init) */
	const char *deprecation_reason; /* warned about on use, or NULL */
	/* The CPU the board gets without -cpu: */
	const char *default_cpu_model; /* without -cpu; NULL: the arch's
					* (qemu64, cortex-a15) */
};

struct vnuma__smp {
	uint32_t cpus, max_cpus, sockets, dies, clusters, cores, threads;
};

/* The accelerator QEMU 7.2 would start (configure_accelerators()). */
enum vnuma__accel { VNUMA__ACCEL_TCG, VNUMA__ACCEL_KVM };
/* KVM's kernel-irqchip property; TCG has none. */
enum vnuma__irqchip {
	VNUMA__IRQCHIP_NONE, /* TCG */
	VNUMA__IRQCHIP_ON,   /* KVM's default */
	VNUMA__IRQCHIP_OFF,
	VNUMA__IRQCHIP_SPLIT,
};

/* One possible CPU (QEMU's CPUArchId), indexed by cpu index. */
struct vnuma__cpu_slot {
	uint32_t index;
	/* -1 where the machine does not have that property */
	int64_t socket_id, die_id, cluster_id, core_id, thread_id;
	uint64_t arch_id; /* x86 APIC id, arm MPIDR affinity */
	bool has_apic_id;
	int64_t node_id; /* -1 until assigned */
	bool present;	 /* index < smp.cpus */
};

/* A machine property vnuma does not interpret, kept for the report. */
struct vnuma__kv {
	char *key, *value;
};

struct vnuma__machine {
	const struct vnuma__profile *profile;
	char *type; /* as given (alias or versioned name) */
	bool hmat;
	bool nvdimm;
	int acpi; /* -1 auto, 0 off, 1 on */
	bool has_max_ram_below_4g;
	uint64_t max_ram_below_4g;
	char *memory_backend; /* -machine memory-backend=ID or NULL */
	char *gic_version;    /* arm: as given, or NULL */
	struct vnuma__kv *other;
	size_t n_other;
	/* Every property as set, in the walk's order (props.c). */
	struct vnuma__kv *props;
	size_t n_props;

	uint64_t ram_size;
	uint64_t maxram_size;
	uint64_t ram_slots;
	struct vnuma__smp smp;
	struct vnuma__cpu_slot *cpus; /* smp.max_cpus entries */
	char *cpu_model;	      /* -cpu as given, or NULL */
	char *mem_path;		      /* -mem-path, or NULL */
	bool mem_prealloc;
	bool ram_size_given; /* -m/-M memory.size set it (QEMU's
			      * have_custom_ram_size: else a memory-backend's
			      * size becomes the RAM size) */
	/* Set by board init: */
	uint64_t devmem_base; /* device memory region (pc-dimm); */
	uint64_t devmem_size; /* size 0: the machine has none */
	/* The accelerator and its irqchip: */
	enum vnuma__accel accel;
	enum vnuma__irqchip kernel_irqchip;
	/*
	 * Firmware given (-bios, -machine firmware=, a flash drive at
	 * unit 0): arm virt has its ACPI GED device only then.
	 */
	bool firmware_loaded;
	bool pflash0; /* a -pflash or -drive if=pflash took unit 0 */
};

/*
 * board.c: where the board puts RAM and the device memory region in guest
 * physical memory, as QEMU 7.2's pc_memory_init() (pc, q35) and
 * virt_set_memmap() (virt) compute it. All addresses are bytes.
 */
struct vnuma__ram_layout {
	uint64_t below_4g, above_4g; /* x86: RAM split around the PCI hole */
	uint64_t above_4g_start;     /* x86: 4 GiB, or 1 TiB (AMD HT hole) */
	uint64_t devmem_base, devmem_size; /* size 0: no region */
	uint64_t max_used_gpa;		   /* x86: last byte of the 64-bit PCI
					* hole; 0 when not checked */
	uint32_t phys_bits;		   /* CPU physical address bits */
};

/*
 * Computes the layout for m (ram_size, maxram_size, ram_slots,
 * max-ram-below-4g, -cpu and the machine type). Returns VNUMA_E_RANGE
 * (no error set) if a size wraps past 2^64, VNUMA_E_UNSUPPORTED for a
 * machine without such a layout ("none").
 */
int vnuma__ram_layout(struct vnuma__ram_layout *out,
		      const struct vnuma__machine *m);

/*
 * The board's own checks, made by QEMU 7.2 after NUMA completion and
 * before any -device (machine init: CPU realize, memory map), with its
 * messages: phys-bits, address space limits, slots/maxmem support and
 * limits, the GIC's CPU limit on virt. Sets m->devmem_base/devmem_size.
 * Errors: VNUMA_E_RANGE, VNUMA_E_UNSUPPORTED.
 */
int vnuma__board_init(struct vnuma__machine *m, struct vnuma__warnings *w,
		      vnuma_error **err);

/*
 * Resolves the machine from every -machine, -m, -smp, -cpu, -mem-path and
 * -mem-prealloc entry of the configuration, with QEMU 7.2's order of checks
 * and messages, and fills the possible-CPU table with its topology ids.
 * On failure m holds nothing that needs freeing.
 */
int vnuma__machine_build(struct vnuma__machine *m,
			 const struct vnuma_config *cfg,
			 struct vnuma__warnings *w, vnuma_error **err);
void vnuma__machine_fini(struct vnuma__machine *m);

/*
 * smp.c: merges every -smp entry (keyval: later keys win) and applies
 * QEMU 7.2's inference rules and checks for this machine type.
 */
int vnuma__smp_parse(struct vnuma__smp *out, const struct vnuma__profile *p,
		     const struct vnuma_config *cfg, vnuma_error **err);
/*
 * The same, also recording QEMU's warning about explicit zero counts
 * ("Deprecated CPU topology ...") in w (which may be NULL).
 */
int vnuma__smp_parse_warn(struct vnuma__smp *out,
			  const struct vnuma__profile *p,
			  const struct vnuma_config *cfg,
			  struct vnuma__warnings *w, vnuma_error **err);

/*
 * cpus.c: fills m->cpus (smp.max_cpus slots) from m->smp and the profile:
 * topology ids per the machine's possible_cpu_arch_ids, x86 APIC ids,
 * present flags, node_id -1.
 */
int vnuma__cpus_build(struct vnuma__machine *m, vnuma_error **err);

/*
 * cpu_model.c: warnings QEMU gives when the CPUs realize, which depend on
 * the -cpu model: under TCG the features it cannot give (each CPU), x86
 * AMD models with SMT (once). Errors: VNUMA_E_NOMEM.
 */
int vnuma__cpu_model_warnings(const struct vnuma__machine *m,
			      struct vnuma__warnings *w);

/*
 * accel.c: the accelerator from -accel, -enable-kvm, -machine accel= and
 * the legacy -machine kernel-irqchip=/kvm-shadow-mem=, with QEMU 7.2's
 * checks and messages. KVM is taken to be available (vnuma plans for the
 * host QEMU will run on); the host-dependent warnings QEMU prints when
 * KVM starts are not reproduced. Sets m->accel and m->kernel_irqchip.
 */
int vnuma__accel_configure(struct vnuma__machine *m,
			   const struct vnuma_config *cfg, vnuma_error **err);
/*
 * x86 machine init: APIC ids of 255 and more need KVM's in-kernel
 * irqchip with the X2APIC API (kernel-irqchip=on or split); TCG and
 * kernel-irqchip=off refuse them. Errors: VNUMA_E_UNSUPPORTED.
 */
int vnuma__accel_check_cpus(const struct vnuma__machine *m, vnuma_error **err);
/*
 * Whether the guest gets ACPI tables: pc and q35 (not isapc) and virt,
 * unless -machine acpi=off or -no-acpi.
 */
bool vnuma__machine_has_acpi(const struct vnuma__machine *m);
/* "tcg" or "kvm". */
const char *vnuma__accel_name(enum vnuma__accel a);
/* "on", "off", "split", or NULL under TCG. */
const char *vnuma__irqchip_name(enum vnuma__irqchip k);

/*
 * cpu_check.c: -cpu as QEMU 7.2 reads it into a CPU type (empty option,
 * unknown model, arm features not key=value): after the backends, before
 * -numa. Errors: VNUMA_E_MISSING, VNUMA_E_UNKNOWN, VNUMA_E_SYNTAX.
 */
int vnuma__cpu_model_check(const struct vnuma__machine *m, vnuma_error **err);
/*
 * When the machine creates its CPUs: virt's accepted models, feature
 * names the model lacks, x86 "host" without KVM. Errors: VNUMA_E_UNKNOWN,
 * VNUMA_E_UNSUPPORTED, VNUMA_E_NOMEM.
 */
int vnuma__cpu_create_check(const struct vnuma__machine *m, vnuma_error **err);

/*
 * board_late.c: -machine sgx-epc.N.memdev, when pc/q35 make their EPC
 * sections: an id no -object has ("Device 'x' not found") or any other
 * backend (Debian's 7.2 cannot create memory-backend-epc). exists tells
 * whether an -object id exists. Errors: VNUMA_E_UNKNOWN
 * ("machine.sgx-memdev"), VNUMA_E_CONFLICT ("machine.sgx-memdev-type").
 */
int vnuma__sgx_check(const struct vnuma__machine *m,
		     bool (*exists)(void *ctx, const char *id), void *ctx,
		     vnuma_error **err);
/* Whether virt makes its ACPI GED device (memory hotplug, RAS). */
bool vnuma__virt_has_ged(const struct vnuma__machine *m);
/*
 * virt with ras=on and ACPI but no GED: QEMU 7.2 aborts on an assertion
 * when it builds the ACPI tables; refused. Errors: VNUMA_E_UNSUPPORTED.
 */
int vnuma__virt_ras_check(const struct vnuma__machine *m, vnuma_error **err);

/*
 * A boolean -machine property vnuma keeps uninterpreted (m->other), as
 * its last occurrence sets it; def when unset, unreadable, or m is NULL.
 */
bool vnuma__machine_bool(const struct vnuma__machine *m, const char *key,
			 bool def);

/* Looks a machine type up by name or alias; NULL if unknown. */
const struct vnuma__profile *vnuma__profile_find(const char *name);
/* All profiles (for --help and tests), and how many there are. */
const struct vnuma__profile *vnuma__profiles(size_t *n);

/*
 * Finds the CPU slots matching the given topology ids (-1 = any) and sets
 * their node; QEMU's machine_set_cpu_numa_node() rules and messages
 * ("no match found", "CPU is already assigned to node-id", properties the
 * machine does not have). loc locates the -numa option for messages.
 */
struct vnuma__cpu_match {
	int64_t socket_id, die_id, cluster_id, core_id, thread_id;
	bool has_socket_id, has_die_id, has_cluster_id, has_core_id,
		has_thread_id;
	int64_t node_id;
	/*
	 * Optional: called right after each matching slot is assigned, and
	 * its error stops the walk. QEMU checks the HMAT initiator rule at
	 * exactly that point, so which error wins depends on it.
	 */
	int (*on_match)(void *ctx, int64_t node_id,
			const struct vnuma__loc *loc, vnuma_error **err);
	void *ctx;
};
int vnuma__machine_set_cpu_node(struct vnuma__machine *m,
				const struct vnuma__cpu_match *match,
				const struct vnuma__loc *loc,
				vnuma_error **err);
/*
 * The topology ids of CPU index as -numa node,cpus= passes them on
 * (QEMU's cpu_index_to_instance_props): the slot's ids, has_* set for the
 * ids the machine has, node_id the slot's current node, no on_match.
 * Returns VNUMA_E_RANGE if index >= smp.max_cpus and VNUMA_E_UNSUPPORTED
 * where the machine has no such mapping ("none"); sets no error.
 */
int vnuma__cpu_index_props(const struct vnuma__machine *m, uint32_t index,
			   struct vnuma__cpu_match *out);

#endif
