/* SPDX-License-Identifier: MIT */
/* -numa dist: one entry of the distance matrix. */
#include "numa_internal.h"

static const char *const dist_keys[] = { "type", "src", "dst", "val", NULL };

int vnuma__numa_dist(const struct vnuma__numa_ctx *c, vnuma_error **err)
{
	struct vnuma__numa *n = c->n;
	struct vnuma__loc loc = c->loc;
	uint64_t src, dst, val;
	int rc;

	rc = vnuma__numa_need_uint(c, "src", 16, &src, err);
	if (!rc)
		rc = vnuma__numa_need_uint(c, "dst", 16, &dst, err);
	if (!rc)
		rc = vnuma__numa_need_uint(c, "val", 8, &val, err);
	if (!rc)
		rc = vnuma__check_keys(c->o, VNUMA__VISIT_OPTS, dist_keys, err);
	if (rc)
		return rc;
	if ((rc = vnuma__numa_check_machine(c, err)))
		return rc;
	if (src >= n->max_nodes || dst >= n->max_nodes) {
		loc = vnuma__numa_key_loc(c, src >= n->max_nodes ? "src" : "dst");
		return vnuma__error_set(err, VNUMA_E_RANGE, "numa.dist-range",
					&loc,
					"Parameter '%s' expects an integer between 0 and %u",
					loc.key, n->max_nodes - 1);
	}
	if (!n->nodes[src].present || !n->nodes[dst].present) {
		loc = vnuma__numa_key_loc(c, !n->nodes[src].present ? "src" :
							 "dst");
		return vnuma__error_set(err, VNUMA_E_MISSING,
			"numa.dist-undeclared-node", &loc,
			"Source/Destination NUMA node is missing. Please use "
			"'-numa node' option to declare it first.");
	}
	loc = vnuma__numa_key_loc(c, "val");
	if (val < VNUMA__DISTANCE_MIN)
		return vnuma__error_set(err, VNUMA_E_RANGE, "numa.dist-too-small",
			&loc,
			"NUMA distance (%" PRIu64 ") is invalid, it shouldn't be "
			"less than %d.", val, VNUMA__DISTANCE_MIN);
	if (src == dst && val != VNUMA__DISTANCE_MIN)
		return vnuma__error_set(err, VNUMA_E_RANGE, "numa.dist-local",
			&loc, "Local distance of node %" PRIu64 " should be %d.",
			src, VNUMA__DISTANCE_MIN);
	*vnuma__dist_at(n, (uint32_t)src, (uint32_t)dst) = (uint8_t)val;
	n->have_distance = true;
	return VNUMA_OK;
}
