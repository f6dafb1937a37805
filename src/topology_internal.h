/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_TOPOLOGY_INTERNAL_H
#define VNUMA_TOPOLOGY_INTERNAL_H

#include "vnuma/topology.h"
#include "error_internal.h"
#include "machine/machine.h"
#include "memory/backend.h"
#include "memory/layout.h"
#include "numa/numa.h"

struct vnuma_topology {
	struct vnuma__machine machine;
	struct vnuma__backends backends;
	struct vnuma__numa numa;
	struct vnuma__warnings warnings;
	uint64_t *plugged; /* per node: hot-plugged bytes (pc-dimm) */
	vnuma_memdev_info *memdevs; /* query-memdev's list, by id */
	size_t n_memdevs;
	struct vnuma_layout layout; /* guest physical memory map */
};

#endif
