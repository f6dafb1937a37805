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

/*
 * The CPUs a backend bound to host nodes is populated from, so that its
 * pages are first touched on (and so placed by the kernel near) those
 * nodes: the nodes' CPUs (node_cpus, the union of their lists) that the
 * process may run on (mask), in ascending order; the mask itself when
 * none is (memory-only nodes, or a cpuset elsewhere). Both lists in any
 * order, duplicates allowed. *out is the caller's to free. Returns 0, or
 * -1 when out of memory.
 */
int vnuma__local_cpus(uint16_t **out, size_t *n, const uint16_t *node_cpus,
		      size_t n_node_cpus, const uint16_t *mask, size_t n_mask);

/*
 * The same on this host: the CPUs of host nodes nodes[0..n_nodes) (sysfs)
 * intersected with the calling thread's affinity. Returns 0, or -1 when
 * out of memory; none (*n 0) when the affinity cannot be read.
 */
int vnuma__host_local_cpus(uint16_t **out, size_t *n, const uint64_t *nodes,
			   size_t n_nodes);

/* The calling thread's affinity as a list; 0, or -1 when out of memory. */
int vnuma__affinity_cpus(uint16_t **out, size_t *n);

#endif
