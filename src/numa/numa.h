/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_NUMA_H
#define VNUMA_NUMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/config_internal.h"
#include "../error_internal.h"
#include "../machine/machine.h"
#include "../memory/backend.h"

#define VNUMA__DISTANCE_MIN 10
#define VNUMA__DISTANCE_MAX 255

struct vnuma__node {
	bool present;
	bool has_cpu;
	uint64_t mem;		  /* bytes */
	char *memdev;		  /* backend id, or NULL */
	bool mem_given;		  /* mem= or memdev= was written */
	uint32_t initiator;	  /* max_nodes when unset */
	uint8_t lb_info_provided; /* HMAT: bit 0 latency, bit 1 bandwidth */
};

/* HMAT: the memory hierarchy levels and data types of -numa hmat-lb. */
#define VNUMA__HMAT_HIERARCHIES 4 /* memory, first..third-level cache */
#define VNUMA__HMAT_DATA_TYPES 6  /* 3 latencies, then 3 bandwidths */
#define VNUMA__HMAT_CACHE_LEVELS 3
#define VNUMA__HMAT_LB_IS_LATENCY(type) ((type) < 3)

struct vnuma__hmat_lb_data {
	uint16_t initiator, target;
	uint64_t data; /* ns or bytes per second, as given */
};

/* One latency or bandwidth table, as -numa hmat-lb options built it. */
struct vnuma__hmat_lb {
	uint64_t base;	   /* QEMU's running base, 0 before any entry */
	uint64_t range;	   /* latency: largest entry; bandwidth: OR */
	uint64_t max_data; /* latency: largest value given */
	struct vnuma__hmat_lb_data *list;
	size_t len, cap;
};

/* The table as the HMAT would hold it (filled by vnuma__hmat_finish). */
struct vnuma__hmat_table {
	uint8_t hierarchy, data_type;
	uint64_t unit; /* the base in ns or bytes/s */
	uint64_t base; /* Entry Base Unit field: ps or MB/s */
	uint32_t n_init, n_target;
	uint32_t *initiators, *targets;
	uint16_t *entries; /* n_init rows of n_target */
};

struct vnuma__hmat_cache {
	bool present;
	uint64_t size;
	uint8_t associativity, policy;
	uint16_t line;
};

struct vnuma__numa {
	uint32_t max_nodes;
	struct vnuma__node *nodes; /* max_nodes entries */
	uint32_t num_nodes;	   /* declared nodes */
	uint32_t max_nodeid;	   /* highest declared id + 1 */
	bool have_mem, have_memdevs;
	bool have_distance;
	uint8_t *dist;	    /* max_nodes * max_nodes, 0 = not given */
	bool implicit_node; /* node 0 added by completion */
	struct vnuma__hmat_lb hmat_lb[VNUMA__HMAT_HIERARCHIES]
				     [VNUMA__HMAT_DATA_TYPES];
	/* max_nodes * VNUMA__HMAT_CACHE_LEVELS, [node][level - 1] */
	struct vnuma__hmat_cache *hmat_cache;
	struct vnuma__hmat_table *hmat_tables; /* after vnuma__hmat_finish */
	size_t n_hmat_tables;
};

static inline uint8_t *vnuma__dist_at(struct vnuma__numa *n, uint32_t s,
				      uint32_t d)
{
	return &n->dist[(size_t)s * n->max_nodes + d];
}

int vnuma__numa_init(struct vnuma__numa *n, uint32_t max_nodes,
		     vnuma_error **err);
void vnuma__numa_fini(struct vnuma__numa *n);

/* Applies one -numa option (node, dist, cpu; hmat-* later), in order. */
int vnuma__numa_apply(struct vnuma__numa *n, struct vnuma__machine *m,
		      struct vnuma__backends *b, const struct vnuma__opts *o,
		      struct vnuma__warnings *w, vnuma_error **err);
/*
 * A -numa dist kept as its numbers (src, dst of 16 bits, val of 8: what
 * the option's reading accepts), entered when vnuma__numa_apply would
 * accept it, without a text to split into pairs. False, with nothing
 * changed, for what it refuses: the caller then applies the option as
 * text, which gives the message.
 */
bool vnuma__numa_dist_quick(struct vnuma__numa *n,
			    const struct vnuma__machine *m, uint32_t src,
			    uint32_t dst, uint32_t val);
/*
 * After all -numa options: implicit node, missing ids, memory totals,
 * RAM split (when asked), distances, default CPU mapping, CPUs in no node.
 */
int vnuma__numa_complete(struct vnuma__numa *n, struct vnuma__machine *m,
			 struct vnuma__backends *b, int split_ram,
			 struct vnuma__warnings *w, vnuma_error **err);

/*
 * After completion and the devices: the HMAT's latency and bandwidth
 * tables as QEMU 7.2 would build them, with the checks of what its table
 * could not hold.
 */
int vnuma__hmat_finish(struct vnuma__numa *n, vnuma_error **err);
void vnuma__hmat_fini(struct vnuma__numa *n);
/* The cache attributes word of the HMAT's Memory Side Cache structure. */
uint32_t vnuma__hmat_cache_attributes(const struct vnuma__numa *n,
				      uint32_t node, unsigned level);
/* Names of the enumerations, for reports. */
extern const char *const vnuma__hmat_hierarchy_names[];
extern const char *const vnuma__hmat_data_type_names[];
extern const char *const vnuma__hmat_associativity_names[];
extern const char *const vnuma__hmat_policy_names[];

#endif
