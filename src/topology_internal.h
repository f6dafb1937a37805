/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_TOPOLOGY_INTERNAL_H
#define VNUMA_TOPOLOGY_INTERNAL_H

#include "vnuma/topology.h"
#include "error_internal.h"
#include "machine/machine.h"
#include "memory/backend.h"
#include "memory/layout.h"
#include "numa/numa.h"
#include "view/view.h"

struct vnuma_topology {
	struct vnuma__machine machine;
	struct vnuma__backends backends;
	struct vnuma__numa numa;
	struct vnuma__warnings warnings;
	struct vnuma_layout layout; /* guest physical memory map */
	/* The finished topology, all that the later stages read. */
	struct vnuma__view *view;
};

#endif
