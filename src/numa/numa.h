/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_NUMA_H
#define VNUMA_NUMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config_internal.h"
#include "../error_internal.h"
#include "../machine/machine.h"
#include "../memory/backend.h"

#define VNUMA__DISTANCE_MIN 10
#define VNUMA__DISTANCE_MAX 255

struct vnuma__node {
	bool present;
	bool has_cpu;
	uint64_t mem;	   /* bytes */
	char *memdev;	   /* backend id, or NULL */
	bool mem_given;	   /* mem= or memdev= was written */
	uint32_t initiator; /* max_nodes when unset */
	uint8_t lb_info_provided; /* HMAT: bit 0 latency, bit 1 bandwidth */
};

struct vnuma__numa {
	uint32_t max_nodes;
	struct vnuma__node *nodes; /* max_nodes entries */
	uint32_t num_nodes;	   /* declared nodes */
	uint32_t max_nodeid;	   /* highest declared id + 1 */
	bool have_mem, have_memdevs;
	bool have_distance;
	uint8_t *dist;		   /* max_nodes * max_nodes, 0 = not given */
	bool implicit_node;	   /* node 0 added by completion */
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
 * After all -numa options: implicit node, missing ids, memory totals,
 * RAM split (when asked), distances, default CPU mapping, CPUs in no node.
 */
int vnuma__numa_complete(struct vnuma__numa *n, struct vnuma__machine *m,
			 struct vnuma__backends *b, int split_ram,
			 struct vnuma__warnings *w, vnuma_error **err);

#endif
