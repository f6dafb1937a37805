/* SPDX-License-Identifier: MIT */
/*
 * The HMAT part of the view: the latency and bandwidth tables as
 * vnuma__hmat_finish() left them, and each memory side cache level
 * present, by node then level, with the attributes word the table holds.
 */
#include "view_build.h"

#include <stdlib.h>

#include "../numa/numa.h"

static void cache(struct vnuma__view_hmat_cache *out,
		  const struct vnuma__numa *n, uint32_t node, unsigned level)
{
	const struct vnuma__hmat_cache *hc =
		&n->hmat_cache[node * VNUMA__HMAT_CACHE_LEVELS + level - 1];

	*out = (struct vnuma__view_hmat_cache){
		.node = node,
		.level = level,
		.size = hc->size,
		.associativity =
			vnuma__hmat_associativity_names[hc->associativity],
		.policy = vnuma__hmat_policy_names[hc->policy],
		.line = hc->line,
		.attributes = vnuma__hmat_cache_attributes(n, node, level),
	};
}

int vnuma__view_hmat(struct vnuma__view *v, const struct vnuma__numa *n)
{
	size_t nc = 0, k = 0;

	v->hmat_lb = calloc(n->n_hmat_tables + 1, sizeof(*v->hmat_lb));
	if (!v->hmat_lb)
		return VNUMA_E_NOMEM;
	for (size_t i = 0; i < n->n_hmat_tables; i++) {
		const struct vnuma__hmat_table *tb = &n->hmat_tables[i];

		v->hmat_lb[i] = (struct vnuma__view_hmat_lb){
			.hierarchy = tb->hierarchy,
			.data_type = tb->data_type,
			.hierarchy_name =
				vnuma__hmat_hierarchy_names[tb->hierarchy],
			.data_type_name =
				vnuma__hmat_data_type_names[tb->data_type],
			.base = tb->base,
			.unit = tb->unit,
			.n_initiators = tb->n_init,
			.n_targets = tb->n_target,
			.initiators = tb->initiators,
			.targets = tb->targets,
			.entries = tb->entries,
		};
	}
	v->n_hmat_lb = n->n_hmat_tables;
	for (size_t i = 0; n->hmat_cache &&
			   i < (size_t)n->num_nodes * VNUMA__HMAT_CACHE_LEVELS;
	     i++)
		nc += n->hmat_cache[i].present;
	v->hmat_caches = calloc(nc + 1, sizeof(*v->hmat_caches));
	if (!v->hmat_caches)
		return VNUMA_E_NOMEM;
	for (uint32_t node = 0; nc && node < n->num_nodes; node++)
		for (unsigned l = 1; l <= VNUMA__HMAT_CACHE_LEVELS; l++)
			if (n->hmat_cache[node * VNUMA__HMAT_CACHE_LEVELS + l -
					  1]
				    .present)
				cache(&v->hmat_caches[k++], n, node, l);
	v->n_hmat_caches = nc;
	return VNUMA_OK;
}

void vnuma__view_hmat_fini(struct vnuma__view *v)
{
	free(v->hmat_lb);
	free(v->hmat_caches);
}
