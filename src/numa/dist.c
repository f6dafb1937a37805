/* SPDX-License-Identifier: MIT */
/* -numa dist: one entry of the distance matrix. */
#include "numa_internal.h"

#include <string.h>

static const char *const dist_keys[] = { "type", "src", "dst", "val", NULL };

/*
 * Reads src, dst and val in the schema's order with one pass over the
 * pairs (the last of each wins): a full distance matrix is most of a large
 * configuration. Anything unusual (another key, an id) goes through the
 * general key check for its message.
 */
static int read_dist(const struct vnuma__numa_ctx *c, uint64_t v[3],
		     vnuma_error **err)
{
	static const char *const names[3] = { "src", "dst", "val" };
	static const unsigned bits[3] = { 16, 16, 8 };
	const struct vnuma__opt *f[3] = { NULL, NULL, NULL };
	bool other = c->o->id != NULL;
	int rc;

	for (size_t i = 0; i < c->o->n; i++) {
		const struct vnuma__opt *opt = &c->o->v[i];
		int k = -1;

		for (int j = 0; j < 3 && k < 0; j++)
			if (opt->key[0] == names[j][0] &&
			    !strcmp(opt->key, names[j]))
				k = j;
		if (k >= 0)
			f[k] = opt;
		else if (strcmp(opt->key, "type"))
			other = true;
	}
	for (int j = 0; j < 3; j++) {
		if (!f[j]) {
			struct vnuma__loc loc = c->loc;

			loc.key = names[j];
			return vnuma__error_set(err, VNUMA_E_MISSING,
						"numa.missing-parameter", &loc,
						"Parameter '%s' is missing",
						names[j]);
		}
		rc = vnuma__get_uint(c->o, f[j], VNUMA__VISIT_OPTS, bits[j],
				     &v[j], err);
		if (rc)
			return rc;
	}
	return other ? vnuma__check_keys(c->o, VNUMA__VISIT_OPTS, dist_keys,
					 err) :
		       VNUMA_OK;
}

int vnuma__numa_dist(const struct vnuma__numa_ctx *c, vnuma_error **err)
{
	struct vnuma__numa *n = c->n;
	struct vnuma__loc loc = c->loc;
	uint64_t v[3], src, dst, val;
	int rc;

	rc = read_dist(c, v, err);
	if (rc)
		return rc;
	src = v[0];
	dst = v[1];
	val = v[2];
	if ((rc = vnuma__numa_check_machine(c, err)))
		return rc;
	if (src >= n->max_nodes || dst >= n->max_nodes) {
		loc = vnuma__numa_key_loc(c,
					  src >= n->max_nodes ? "src" : "dst");
		return vnuma__error_set(
			err, VNUMA_E_RANGE, "numa.dist-range", &loc,
			"Parameter '%s' expects an integer between 0 and %u",
			loc.key, n->max_nodes - 1);
	}
	if (!n->nodes[src].present || !n->nodes[dst].present) {
		loc = vnuma__numa_key_loc(c, !n->nodes[src].present ? "src" :
								      "dst");
		return vnuma__error_set(
			err, VNUMA_E_MISSING, "numa.dist-undeclared-node",
			&loc,
			"Source/Destination NUMA node is missing. Please use "
			"'-numa node' option to declare it first.");
	}
	if (val < VNUMA__DISTANCE_MIN) {
		loc = vnuma__numa_key_loc(c, "val");
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.dist-too-small", &loc,
					"NUMA distance (%" PRIu64
					") is invalid, it shouldn't be "
					"less than %d.",
					val, VNUMA__DISTANCE_MIN);
	}
	if (src == dst && val != VNUMA__DISTANCE_MIN) {
		loc = vnuma__numa_key_loc(c, "val");
		return vnuma__error_set(err, VNUMA_E_RANGE, "numa.dist-local",
					&loc,
					"Local distance of node %" PRIu64
					" should be %d.",
					src, VNUMA__DISTANCE_MIN);
	}
	*vnuma__dist_at(n, (uint32_t)src, (uint32_t)dst) = (uint8_t)val;
	n->have_distance = true;
	return VNUMA_OK;
}

bool vnuma__numa_dist_quick(struct vnuma__numa *n,
			    const struct vnuma__machine *m, uint32_t src,
			    uint32_t dst, uint32_t val)
{
	/* the checks of vnuma__numa_dist after reading, in its order */
	if (!m->profile->numa_supported || src >= n->max_nodes ||
	    dst >= n->max_nodes || !n->nodes[src].present ||
	    !n->nodes[dst].present || val < VNUMA__DISTANCE_MIN ||
	    (src == dst && val != VNUMA__DISTANCE_MIN))
		return false;
	*vnuma__dist_at(n, src, dst) = (uint8_t)val;
	n->have_distance = true;
	return true;
}
