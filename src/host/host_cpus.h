/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_CPUS_H
#define VNUMA_HOST_CPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The CPUs of host NUMA node `node` (sysfs cpulist), in *cpus (the
 * caller frees it, also on error); none for a node the host lacks.
 * Returns 0, or -1 when out of memory.
 */
int vnuma__host_node_cpus(unsigned node, uint16_t **cpus, size_t *n);

/* Whether one of the CPUs is online on this host. */
bool vnuma__host_cpus_any_online(const uint16_t *cpus, size_t n);

/* Whether s is a sysfs CPU list ("0-3,8,10-11\n"), every CPU < 65536. */
bool vnuma__cpulist_valid(const char *s);
/*
 * Parses a sysfs CPU list into *cpus (appending, the caller frees).
 * Returns 0, -1 when malformed, -2 when out of memory.
 */
int vnuma__parse_cpulist(const char *s, uint16_t **cpus, size_t *n,
			 size_t *cap);

/* Where the CPUs vnuma__local_cpus() chose come from. */
enum vnuma__local_from {
	VNUMA__LOCAL_NONE,    /* nowhere: the mask is empty */
	VNUMA__LOCAL_NODES,   /* the bound nodes' own CPUs */
	VNUMA__LOCAL_NEAREST, /* the nearest nodes' by distance */
	VNUMA__LOCAL_MASK,    /* the whole mask: nothing nearer is usable */
};

/*
 * A host node as the choice sees it: its CPUs and its row of the SLIT
 * (dist[k]: from it to node k; 0 or beyond n_dist: unknown).
 */
struct vnuma__local_node {
	unsigned id;
	const uint16_t *cpus;
	size_t n_cpus;
	const uint32_t *dist;
	size_t n_dist;
};

/*
 * The CPUs a backend bound to host nodes bound[0..n_bound) is populated
 * from, so that its pages are first touched on (and so placed by the
 * kernel near) those nodes: the bound nodes' CPUs that the process may
 * run on (mask). When that leaves none (memory-only nodes, or a cpuset
 * elsewhere): those of the nodes nearest to a bound node by distance
 * that have CPUs in the mask (all the nodes at that distance), which is
 * what one gives a QEMU thread-context for such a node; when no
 * distance tells, the mask itself. *from says which. Lists in any order,
 * duplicates allowed; *out ascending, the caller's to free. Returns 0,
 * or -1 when out of memory.
 */
int vnuma__local_cpus(uint16_t **out, size_t *n, enum vnuma__local_from *from,
		      const struct vnuma__local_node *nodes, size_t n_nodes,
		      const uint64_t *bound, size_t n_bound,
		      const uint16_t *mask, size_t n_mask);

/*
 * The same on this host: its online nodes' CPUs and distances (sysfs)
 * and the calling thread's affinity. Returns 0, or -1 when out of
 * memory; none (*n 0, *from NONE) when the affinity cannot be read.
 */
int vnuma__host_local_cpus(uint16_t **out, size_t *n,
			   enum vnuma__local_from *from, const uint64_t *nodes,
			   size_t n_nodes);

/*
 * The calling thread's affinity as a list (every CPU id, also beyond
 * 1024); 0, or -1 when out of memory.
 */
int vnuma__affinity_cpus(uint16_t **out, size_t *n);

#endif
