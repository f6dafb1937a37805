/* SPDX-License-Identifier: MIT */
/* The NUMA state and the dispatch of -numa options by type. */
#include "hmat_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

enum numa_type { T_NODE, T_DIST, T_CPU, T_HMAT_LB, T_HMAT_CACHE };

static const char *const numa_types[] = { "node",    "dist",	   "cpu",
					  "hmat-lb", "hmat-cache", NULL };

int vnuma__numa_init(struct vnuma__numa *n, uint32_t max_nodes,
		     vnuma_error **err)
{
	size_t cells;

	memset(n, 0, sizeof(*n));
	if (__builtin_mul_overflow((size_t)max_nodes, (size_t)max_nodes,
				   &cells))
		return vnuma__error_nomem(err);
	n->max_nodes = max_nodes;
	n->nodes = calloc(max_nodes, sizeof(*n->nodes));
	n->dist = calloc(cells, 1);
	n->hmat_cache = calloc(max_nodes, VNUMA__HMAT_CACHE_LEVELS *
						  sizeof(*n->hmat_cache));
	if (!n->nodes || !n->dist || !n->hmat_cache) {
		vnuma__numa_fini(n);
		return vnuma__error_nomem(err);
	}
	for (uint32_t i = 0; i < max_nodes; i++)
		n->nodes[i].initiator = max_nodes;
	return VNUMA_OK;
}

void vnuma__numa_fini(struct vnuma__numa *n)
{
	if (n->nodes)
		for (uint32_t i = 0; i < n->max_nodes; i++)
			free(n->nodes[i].memdev);
	vnuma__hmat_fini(n);
	free(n->nodes);
	free(n->dist);
	memset(n, 0, sizeof(*n));
}

struct vnuma__loc vnuma__numa_key_loc(const struct vnuma__numa_ctx *c,
				      const char *key)
{
	const struct vnuma__opt *opt = vnuma__opts_last(c->o, key);
	struct vnuma__loc loc = opt ? vnuma__opts_loc(c->o, opt) : c->loc;

	loc.key = key;
	return loc;
}

int vnuma__numa_read_uint(const struct vnuma__numa_ctx *c, const char *key,
			  unsigned bits, bool *has, uint64_t *out,
			  vnuma_error **err)
{
	const struct vnuma__opt *opt = vnuma__opts_last(c->o, key);

	*has = opt != NULL;
	if (!opt)
		return VNUMA_OK;
	return vnuma__get_uint(c->o, opt, VNUMA__VISIT_OPTS, bits, out, err);
}

int vnuma__numa_read_int(const struct vnuma__numa_ctx *c, const char *key,
			 unsigned bits, bool *has, int64_t *out,
			 vnuma_error **err)
{
	const struct vnuma__opt *opt = vnuma__opts_last(c->o, key);

	*has = opt != NULL;
	if (!opt)
		return VNUMA_OK;
	return vnuma__get_int(c->o, opt, VNUMA__VISIT_OPTS, bits, out, err);
}

int vnuma__numa_need_uint(const struct vnuma__numa_ctx *c, const char *key,
			  unsigned bits, uint64_t *out, vnuma_error **err)
{
	bool has;
	int rc = vnuma__numa_read_uint(c, key, bits, &has, out, err);

	if (rc || has)
		return rc;
	{
		struct vnuma__loc loc = c->loc;

		loc.key = key;
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"numa.missing-parameter", &loc,
					"Parameter '%s' is missing", key);
	}
}

int vnuma__numa_check_machine(const struct vnuma__numa_ctx *c,
			      vnuma_error **err)
{
	if (c->m->profile->numa_supported)
		return VNUMA_OK;
	return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
				"numa.unsupported-machine", &c->loc,
				"NUMA is not supported by this machine-type");
}

int vnuma__numa_apply(struct vnuma__numa *n, struct vnuma__machine *m,
		      struct vnuma__backends *b, const struct vnuma__opts *o,
		      struct vnuma__warnings *w, vnuma_error **err)
{
	struct vnuma__numa_ctx c = { n, m, b, o, w, vnuma__opts_loc(o, NULL) };
	const struct vnuma__opt *type = vnuma__opts_last(o, "type");
	int t, rc;

	if (!type) {
		struct vnuma__loc loc = c.loc;

		loc.key = "type";
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"numa.missing-type", &loc,
					"Parameter 'type' is missing");
	}
	rc = vnuma__get_enum(o, type, VNUMA__VISIT_OPTS, numa_types,
			     "NumaOptionsType", &t, err);
	if (rc)
		return rc;
	switch (t) {
	case T_NODE:
		return vnuma__numa_node(&c, err);
	case T_DIST:
		return vnuma__numa_dist(&c, err);
	case T_CPU:
		return vnuma__numa_cpu(&c, err);
	case T_HMAT_LB:
		return vnuma__numa_hmat_lb(&c, err);
	default:
		return vnuma__numa_hmat_cache(&c, err);
	}
}
