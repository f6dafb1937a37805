/* SPDX-License-Identifier: MIT */
/* the checked and completed guest topology and what it answers */
#ifndef VNUMA_TOPOLOGY_H
#define VNUMA_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A checked and completed guest topology, as QEMU 7.2 would resolve it. */
typedef struct vnuma_topology vnuma_topology;

/*
 * Gives meaning to a configuration in QEMU 7.2's order: machine, -m, -smp,
 * memory backends, each -numa option in turn, completion, devices. The
 * first rule broken is reported. cfg is not modified and may be freed
 * afterwards.
 * Errors: VNUMA_E_INVAL (NULL argument) and every status a rule can give:
 * VNUMA_E_SYNTAX, _RANGE, _DUPLICATE, _CONFLICT, _MISSING, _UNSUPPORTED,
 * _UNKNOWN, _NOMEM.
 */
int vnuma_topology_new(vnuma_topology **out, const vnuma_config *cfg,
		       vnuma_error **err);
/* Frees a topology; NULL is a no-op. */
void vnuma_topology_free(vnuma_topology *t);

/*
 * Warnings QEMU would print (deprecations, CPUs in no node, ...), in its
 * order: those of reading the options (the configuration's, copied when
 * the topology was made) first. A failed vnuma_topology_new carries the
 * same list on its error (vnuma_error_warning). A warning belongs to t
 * (do not free it) and lives until vnuma_topology_free(t); NULL for a
 * bad i.
 */
size_t vnuma_topology_warning_count(const vnuma_topology *t);
const vnuma_error *vnuma_topology_warning(const vnuma_topology *t, size_t i);

/*
 * Structs the library fills for the caller (vnuma_cpu_info and every
 * other *_info below, vnuma_range, the host structs) begin with
 * size_t struct_size, which the caller sets to the size of its struct
 * before the call:
 *
 *	vnuma_cpu_info ci = VNUMA_INFO_INIT(vnuma_cpu_info);
 *
 * (or ci.struct_size = sizeof(ci)); it is not called "size" because
 * several structs have a size of their own (a backend's bytes). The
 * library fills a complete copy of its own version of the struct and
 * writes only the first struct_size bytes of it, so a program built
 * against these headers keeps working with a later library whose struct
 * has grown at its end; the bytes of a larger struct beyond the
 * library's are left as the caller set them, and struct_size stays as
 * the caller set it. A struct_size below the struct's first version is
 * VNUMA_E_INVAL.
 */
#ifdef __cplusplus
#define VNUMA_INFO_INIT(type) \
	{                     \
		sizeof(type)  \
	}
#else
#define VNUMA_INFO_INIT(type)               \
	{                                   \
		.struct_size = sizeof(type) \
	}
#endif

/*
 * Getters that cannot fail return the answer, with 0 (or NULL, false) for
 * a NULL topology. Getters that take a node id or an index return a
 * status and put the answer in their first argument, so that a bad id
 * (VNUMA_E_RANGE) is told apart from an answer of 0; they take no
 * vnuma_error: the status says all. A NULL argument is VNUMA_E_INVAL.
 *
 * Lifetime: every string and array a getter returns, directly or in a
 * struct it fills, points into the topology and stays valid until
 * vnuma_topology_free(t); the caller frees none of them.
 */

/* The machine. */

/* The target architecture: "x86_64" or "aarch64" ("none" machine: NULL). */
const char *vnuma_topology_arch(const vnuma_topology *t);
/* The machine type as given: "q35", "pc-q35-7.2", "virt", ... */
const char *vnuma_topology_machine_type(const vnuma_topology *t);
/*
 * The machine type's full (versioned) name the alias resolved to:
 * "pc-q35-7.2" for "q35", "virt-7.2" for "virt", "none".
 */
const char *vnuma_topology_machine_name(const vnuma_topology *t);
uint64_t vnuma_topology_ram_size(const vnuma_topology *t);
uint64_t vnuma_topology_maxram_size(const vnuma_topology *t);
uint64_t vnuma_topology_ram_slots(const vnuma_topology *t);
uint32_t vnuma_topology_cpus(const vnuma_topology *t);	   /* -smp cpus */
uint32_t vnuma_topology_max_cpus(const vnuma_topology *t); /* maxcpus */
bool vnuma_topology_hmat(const vnuma_topology *t);

/* The resolved -smp: every count after QEMU 7.2's inference. */
typedef struct vnuma_smp_info {
	size_t struct_size; /* set by the caller: sizeof(vnuma_smp_info) */
	uint32_t cpus, max_cpus;
	uint32_t sockets, dies, clusters, cores, threads;
} vnuma_smp_info;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small). */
int vnuma_topology_smp(vnuma_smp_info *out, const vnuma_topology *t);

/*
 * A -machine property as the options set it (after QEMU's merging of
 * every -machine, -M and the options that stand for a property, such as
 * -no-acpi for acpi=off): name and value as text ("hmat", "on").
 */
typedef struct vnuma_machine_prop_info {
	size_t struct_size; /* set by the caller */
	const char *name;
	const char *value;
} vnuma_machine_prop_info;

/* The properties set, in the order QEMU 7.2 applies them. */
size_t vnuma_topology_machine_prop_count(const vnuma_topology *t);
/*
 * Property i. Errors: VNUMA_E_INVAL (NULL argument, size too small),
 * VNUMA_E_RANGE (bad i).
 */
int vnuma_topology_machine_prop(vnuma_machine_prop_info *out,
				const vnuma_topology *t, size_t i);

/* Nodes: ids 0 .. count-1 (QEMU allows no gaps). */
uint32_t vnuma_topology_node_count(const vnuma_topology *t);
/*
 * Boot memory of a node in bytes.
 * Errors: VNUMA_E_INVAL (NULL argument), VNUMA_E_RANGE (no such node).
 */
int vnuma_topology_node_mem(uint64_t *out, const vnuma_topology *t,
			    uint32_t node);
/* Hot-plugged memory of a node in bytes. Errors: as node_mem. */
int vnuma_topology_node_plugged(uint64_t *out, const vnuma_topology *t,
				uint32_t node);
/* The node's memdev id, or NULL when it has none. Errors: as node_mem. */
int vnuma_topology_node_memdev(const char **out, const vnuma_topology *t,
			       uint32_t node);
/*
 * The node's HMAT initiator, or -1 when it has none. Errors: as
 * node_mem.
 */
int vnuma_topology_node_initiator(int64_t *out, const vnuma_topology *t,
				  uint32_t node);
/*
 * Writes up to cap CPU indexes of the node into out (ascending) and sets
 * *count to how many the node has (which may exceed cap: out NULL and cap
 * 0 asks only the count).
 * Errors: VNUMA_E_INVAL (count NULL, out NULL with cap > 0, t NULL),
 * VNUMA_E_RANGE (no such node).
 */
int vnuma_topology_node_cpus(uint32_t *out, size_t cap, size_t *count,
			     const vnuma_topology *t, uint32_t node);

/* True when -numa dist was given; the matrix is then complete. */
bool vnuma_topology_has_distances(const vnuma_topology *t);
/*
 * Distance src->dst. Errors: VNUMA_E_INVAL (NULL argument),
 * VNUMA_E_RANGE (no such node), VNUMA_E_MISSING (no -numa dist given).
 */
int vnuma_topology_distance(uint8_t *out, const vnuma_topology *t,
			    uint32_t src, uint32_t dst);

/* One possible CPU. Topology ids are -1 where the machine lacks them. */
typedef struct vnuma_cpu_info {
	size_t struct_size; /* set by the caller: sizeof(vnuma_cpu_info) */
	uint32_t index;
	int64_t node_id; /* -1: in no node */
	int64_t socket_id, die_id, cluster_id, core_id, thread_id;
	bool has_apic_id;
	uint32_t apic_id; /* x86 only */
	bool present;	  /* started at boot (index < cpus) */
} vnuma_cpu_info;

/*
 * CPU by index (0 .. max_cpus-1). Errors: VNUMA_E_INVAL (NULL argument,
 * size too small), VNUMA_E_RANGE (bad index).
 */
int vnuma_topology_cpu(vnuma_cpu_info *out, const vnuma_topology *t,
		       uint32_t index);

/* A memory backend, with query-memdev's fields. */
typedef struct vnuma_memdev_info {
	size_t struct_size; /* set by the caller */
	const char *id;
	const char *qom_type; /* "memory-backend-ram", ... */
	uint64_t size;
	bool merge, dump, prealloc, share, reserve;
	const char *policy; /* "default", "preferred", "bind", "interleave" */
	/*
	 * n_host_nodes ids, or NULL; like every string here it points into
	 * the topology and is valid until vnuma_topology_free().
	 */
	const uint64_t *host_nodes;
	size_t n_host_nodes;
	const char *mem_path; /* file backends, else NULL */
} vnuma_memdev_info;

/*
 * Memory backends as query-memdev lists them, sorted by id: every -object
 * memory-backend-*, and the board's RAM backend ("pc.ram",
 * "mach-virt.ram") when QEMU creates one (RAM without memdev=).
 */
size_t vnuma_topology_memdev_count(const vnuma_topology *t);
/* Errors: VNUMA_E_INVAL (NULL argument, size too small), VNUMA_E_RANGE. */
int vnuma_topology_memdev(vnuma_memdev_info *out, const vnuma_topology *t,
			  size_t i);

/*
 * A memory device (-device pc-dimm, nvdimm, virtio-mem-pci,
 * virtio-pmem-pci) where QEMU 7.2 plugged it in the device memory region.
 */
typedef struct vnuma_memory_device_info {
	size_t struct_size;	 /* set by the caller */
	const char *type;	 /* query-memory-devices' type: "dimm",
				    "nvdimm", "virtio-mem", "virtio-pmem" */
	const char *id;		 /* the device's id, or NULL */
	const char *memdev;	 /* the backend's id */
	uint64_t addr;		 /* guest physical address */
	uint64_t size;		 /* its region (nvdimm: less the label) */
	int64_t node;		 /* -1: virtio-pmem, which has none */
	int32_t slot;		 /* DIMM slot; -1: virtio devices */
	uint64_t block_size;	 /* virtio-mem, else 0 */
	uint64_t requested_size; /* virtio-mem, else 0 */
} vnuma_memory_device_info;

/*
 * The memory devices in address order, as query-memory-devices lists
 * them. vnuma_topology_memory_device() returns VNUMA_E_INVAL for a NULL
 * argument or a size too small, VNUMA_E_RANGE for i out of range.
 */
size_t vnuma_topology_memory_device_count(const vnuma_topology *t);
int vnuma_topology_memory_device(vnuma_memory_device_info *out,
				 const vnuma_topology *t, size_t i);

/* A PCI expander bridge (-device pxb, pxb-pcie) and its NUMA node. */
typedef struct vnuma_pci_expander_info {
	size_t struct_size; /* set by the caller */
	const char *type;   /* "pxb" or "pxb-pcie" */
	const char *id;	    /* or NULL */
	unsigned bus_nr;
	int32_t numa_node; /* -1: not set (or 128, QEMU's "unassigned") */
} vnuma_pci_expander_info;

/* The expander bridges in command-line order; errors as above. */
size_t vnuma_topology_pci_expander_count(const vnuma_topology *t);
int vnuma_topology_pci_expander(vnuma_pci_expander_info *out,
				const vnuma_topology *t, size_t i);

/*
 * HMAT (-machine hmat=on): the System Locality Latency and Bandwidth
 * tables, in the order QEMU 7.2 writes them (by hierarchy, then data
 * type; a table exists when some -numa hmat-lb named it). Values are the
 * ones the ACPI table holds: entry * base is the latency in picoseconds
 * or the bandwidth in MB/s; an entry of 0 means "not given".
 */
typedef struct vnuma_hmat_lb_info {
	size_t struct_size;	    /* set by the caller */
	unsigned hierarchy;	    /* 0 memory, 1..3 cache level */
	unsigned data_type;	    /* 0..2 access/read/write latency,
				       3..5 access/read/write bandwidth */
	const char *hierarchy_name; /* "memory", "first-level", ... */
	const char *data_type_name; /* "access-latency", ... */
	uint64_t base;		    /* Entry Base Unit: ps or MB/s */
	uint64_t unit;		    /* the same base in ns or bytes/s */
	size_t n_initiators;	    /* nodes with CPUs */
	size_t n_targets;	    /* every node */
	const uint32_t *initiators;
	const uint32_t *targets;
	const uint16_t *entries; /* n_initiators rows of n_targets */
} vnuma_hmat_lb_info;

size_t vnuma_topology_hmat_lb_count(const vnuma_topology *t);
/*
 * Table i. Errors: VNUMA_E_INVAL (NULL argument, size too small),
 * VNUMA_E_RANGE (bad i).
 */
int vnuma_topology_hmat_lb(vnuma_hmat_lb_info *out, const vnuma_topology *t,
			   size_t i);

/* A memory side cache level (-numa hmat-cache), as the HMAT holds it. */
typedef struct vnuma_hmat_cache_info {
	size_t struct_size; /* set by the caller */
	uint32_t node;
	unsigned level;		   /* 1..3 */
	uint64_t size;		   /* bytes */
	const char *associativity; /* "none", "direct", "complex" */
	const char *policy;	   /* "none", "write-back", ... */
	uint16_t line;		   /* bytes */
	/*
	 * The Cache Attributes word: total levels of the node (bits 3:0),
	 * level (7:4), associativity (11:8), write policy (15:12), line
	 * size (31:16).
	 */
	uint32_t attributes;
} vnuma_hmat_cache_info;

/* Caches, by node then level. */
size_t vnuma_topology_hmat_cache_count(const vnuma_topology *t);
/*
 * Cache i. Errors: VNUMA_E_INVAL (NULL argument, size too small),
 * VNUMA_E_RANGE (bad i).
 */
int vnuma_topology_hmat_cache(vnuma_hmat_cache_info *out,
			      const vnuma_topology *t, size_t i);

#ifdef __cplusplus
}
#endif
#endif
