/* SPDX-License-Identifier: MIT */
/*
 * The finished topology: every fact the stages after completion need
 * (host, firmware, reports), decided once when the topology is built and
 * kept as plain data. Those stages include this header and no other of
 * the topology's: not its build state (topology_internal.h), nor the
 * machine, numa or memory stages' structs.
 *
 * Every pointer points into the view or into the topology that owns it,
 * and lives as long as the topology.
 */
#ifndef VNUMA_VIEW_H
#define VNUMA_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/layout.h"
#include "vnuma/topology.h"
#include "../memory/backend_kind.h"

struct vnuma__view_smp {
	uint32_t cpus, max_cpus, sockets, dies, clusters, cores, threads;
};

/* A -machine property vnuma does not interpret, for the reports. */
struct vnuma__view_prop {
	const char *key, *value;
};

struct vnuma__view_machine {
	const char *type;     /* as given (alias or versioned name), or NULL */
	const char *resolved; /* the canonical type name, or NULL */
	const char *arch;     /* "x86_64", "aarch64", or NULL */
	char *cpu_type;	      /* the CPUs' QOM type, or NULL without arch */
	bool smp_dies, smp_clusters; /* the -smp counts the board has */
	uint64_t ram_size, maxram_size, ram_slots;
	struct vnuma__view_smp smp;
	bool hmat, nvdimm;
	bool acpi;	   /* the machine has ACPI */
	bool acpi_builder; /* ... and QEMU builds SRAT & co. for it */
	bool device_tree;  /* QEMU builds a device tree (arm virt) */
	bool x86;	   /* a PC board: SRAT pads, x86 RAM split */
	bool arm_virt;	   /* arm virt: RAM from 1 GiB */
	const char *accel, *kernel_irqchip;   /* irqchip NULL under TCG */
	const struct vnuma__view_prop *props; /* in the order given */
	size_t n_props;
	const char *memory_backend; /* -machine memory-backend=, or NULL */
	/* x86 boards: guest RAM below 4 GiB, and where the rest starts. */
	uint64_t below_4g, above_4g_start;
	bool ram_split; /* below_4g and above_4g_start are known */
};

struct vnuma__view_node {
	uint64_t mem;	      /* bytes of boot RAM */
	uint64_t plugged;     /* bytes of its memory devices ("info numa") */
	const char *memdev;   /* backend id, or NULL */
	int64_t initiator;    /* -1: none */
	const uint32_t *cpus; /* every possible CPU of the node, by index */
	size_t n_cpus;
};

struct vnuma__view_cpu {
	uint32_t index;
	/* -1 where the machine does not have that property */
	int64_t socket_id, die_id, cluster_id, core_id, thread_id;
	uint64_t arch_id; /* x86 APIC id, arm MPIDR affinity */
	bool has_apic_id;
	int64_t node_id; /* -1: none */
	bool present;
};

/* One memory backend, as QEMU creates it: what realizing it needs. */
struct vnuma__view_backend {
	const char *id;
	enum vnuma__backend_kind kind;
	bool implicit; /* QEMU creates it for the board's RAM */
	uint64_t size;
	bool share, merge, dump, prealloc, reserve;
	bool readonly, discard_data; /* memory-backend-file */
	bool hugetlb, seal;	     /* memory-backend-memfd */
	uint64_t hugetlbsize, align;
	const char *mem_path;
	bool use_canonical_path; /* its RAM block is named /objects/ID */
	uint32_t prealloc_threads;
	const uint16_t *prealloc_cpus; /* its prealloc-context's, or NULL */
	size_t n_prealloc_cpus;
	enum vnuma__host_policy policy;
	const uint64_t *host_nodes;
	size_t n_host_nodes;
};

/* A memory device (pc-dimm, nvdimm, virtio-mem-pci, virtio-pmem-pci). */
struct vnuma__view_mdev {
	enum vnuma__mdev_kind kind;
	const char *driver;   /* "pc-dimm", ... */
	const char *qmp_type; /* "dimm", ... (query-memory-devices) */
	const char *id;	      /* or NULL */
	const char *memdev;
	size_t backend; /* index in the view's backends */
	size_t plug;	/* its place in plug (option) order */
	uint32_t node;
	int32_t slot; /* -1: none */
	uint64_t addr, size, plugged;
	uint64_t block_size, requested_size; /* virtio-mem */
};

struct vnuma__view_pxb {
	const char *id; /* or NULL */
	bool pcie;
	uint8_t bus_nr;
	int32_t numa_node; /* -1: not set */
};

/* An HMAT latency or bandwidth table (-numa hmat-lb), as the HMAT has it. */
struct vnuma__view_hmat_lb {
	unsigned hierarchy; /* 0 memory, 1..3 cache level */
	unsigned data_type; /* 0..2 latencies, 3..5 bandwidths */
	const char *hierarchy_name, *data_type_name;
	uint64_t base; /* Entry Base Unit: ps or MB/s */
	uint64_t unit; /* the same base in ns or bytes/s */
	size_t n_initiators, n_targets;
	const uint32_t *initiators, *targets;
	const uint16_t *entries; /* n_initiators rows of n_targets */
};

/* A memory side cache level (-numa hmat-cache). */
struct vnuma__view_hmat_cache {
	uint32_t node;
	unsigned level; /* 1..3 */
	uint64_t size;
	const char *associativity, *policy;
	uint16_t line;
	uint32_t attributes; /* the HMAT's Cache Attributes word */
};

/* A piece of the board's RAM offset space and its backend. */
struct vnuma__view_ram_span {
	uint64_t start, len;
	size_t backend; /* index in the view's backends */
};

struct vnuma__view {
	struct vnuma__view_machine machine;
	struct vnuma__view_node *nodes;
	uint32_t n_nodes;
	bool have_distances;
	const uint8_t *dist; /* n_nodes * n_nodes, when have_distances */
	struct vnuma__view_cpu *cpus; /* machine.smp.max_cpus */
	/* the -object backends in option order, then the implicit one */
	struct vnuma__view_backend *backends;
	size_t n_backends;
	vnuma_memdev_info *memdevs; /* query-memdev's list, by id */
	size_t n_memdevs;
	struct vnuma__view_mdev *mdevs; /* by address, as QEMU lists them */
	size_t n_mdevs;
	uint64_t plugged_total;	      /* query-memory-size-summary */
	struct vnuma__view_pxb *pxbs; /* in option order */
	size_t n_pxbs;
	struct vnuma__view_ram_span *ram; /* the board's RAM, by offset */
	size_t n_ram;
	struct vnuma__view_hmat_lb *hmat_lb; /* in the HMAT's order */
	size_t n_hmat_lb;
	struct vnuma__view_hmat_cache *hmat_caches; /* by node, then level */
	size_t n_hmat_caches;
	/* The guest physical memory map, as vnuma_layout_range() has it. */
	const struct vnuma_layout *layout;
	const vnuma_range *ranges;
	size_t n_ranges;
	uint64_t hotplug_base, hotplug_size; /* size 0: no region */
};

/* The view of t (built with it); NULL when t is NULL. */
const struct vnuma__view *vnuma__topology_view(const vnuma_topology *t);

/* QEMU's names of a backend kind and a host policy. */
const char *vnuma__view_backend_type(enum vnuma__backend_kind kind);
const char *vnuma__view_policy_name(enum vnuma__host_policy policy);

#endif
