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

#endif
