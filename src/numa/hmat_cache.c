/* SPDX-License-Identifier: MIT */
/*
 * -numa hmat-cache: a memory side cache level of a node, and the HMAT
 * tables built once every option is in.
 */
#include "hmat_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define MIB (UINT64_C(1) << 20)

const char *const vnuma__hmat_associativity_names[] = { "none", "direct",
							"complex", NULL };
const char *const vnuma__hmat_policy_names[] = { "none", "write-back",
						 "write-through", NULL };

static const char *const cache_keys[] = { "type",	   "node-id",
					  "size",	   "level",
					  "associativity", "policy",
					  "line",	   NULL };

struct cache_opts {
	uint64_t node, size, level, line;
	int assoc, policy;
};

/* QEMU's NumaHmatCacheOptions, in its field order; all are mandatory. */
static int read_cache(const struct vnuma__numa_ctx *c, struct cache_opts *co,
		      vnuma_error **err)
{
	int rc;

	rc = vnuma__numa_need_uint(c, "node-id", 32, &co->node, err);
	if (!rc)
		rc = vnuma__numa_need_size(c, "size", &co->size, err);
	if (!rc)
		rc = vnuma__numa_need_uint(c, "level", 8, &co->level, err);
	if (!rc)
		rc = vnuma__numa_need_enum(c, "associativity",
					   vnuma__hmat_associativity_names,
					   "HmatCacheAssociativity",
					   &co->assoc, err);
	if (!rc)
		rc = vnuma__numa_need_enum(c, "policy",
					   vnuma__hmat_policy_names,
					   "HmatCacheWritePolicy", &co->policy,
					   err);
	if (!rc)
		rc = vnuma__numa_need_uint(c, "line", 16, &co->line, err);
	if (!rc)
		rc = vnuma__check_keys(c->o, VNUMA__VISIT_OPTS, cache_keys,
				       err);
	return rc;
}

static struct vnuma__hmat_cache *cache_at(const struct vnuma__numa *n,
					  uint64_t node, uint64_t level)
{
	return &n->hmat_cache[node * VNUMA__HMAT_CACHE_LEVELS + level - 1];
}

/*
 * A level above the first needs the one below it, so the check QEMU has
 * against the level above (a smaller size) can never fire: defining that
 * level again is a duplicate first.
 */
static int check_cache(const struct vnuma__numa_ctx *c,
		       const struct cache_opts *co, vnuma_error **err)
{
	const struct vnuma__numa *n = c->n;
	struct vnuma__loc loc = vnuma__numa_key_loc(c, "node-id");
	const struct vnuma__hmat_cache *below;

	if (co->node >= n->num_nodes)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-cache-node-range", &loc,
					"Invalid node-id=%" PRIu64
					", it should be less than %u",
					co->node, n->num_nodes);
	if (n->nodes[co->node].lb_info_provided != 3)
		return vnuma__error_set(
			err, VNUMA_E_MISSING, "numa.hmat-cache-before-lb",
			&loc,
			"The latency and bandwidth information of node-id=%" PRIu64
			" should be provided before memory side cache "
			"attributes",
			co->node);
	loc = vnuma__numa_key_loc(c, "level");
	if (co->level < 1 || co->level > VNUMA__HMAT_CACHE_LEVELS)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-cache-level-range", &loc,
					"Invalid level=%" PRIu64
					", it should be larger than 0 "
					"and less than or equal to %d",
					co->level, VNUMA__HMAT_CACHE_LEVELS);
	if (cache_at(n, co->node, co->level)->present)
		return vnuma__error_set(err, VNUMA_E_DUPLICATE,
					"numa.hmat-cache-duplicate", &c->loc,
					"Duplicate configuration of the side cache for "
					"node-id=%" PRIu64
					" and level=%" PRIu64,
					co->node, co->level);
	if (co->level == 1)
		return VNUMA_OK;
	below = cache_at(n, co->node, co->level - 1);
	if (!below->present)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"numa.hmat-cache-level-order", &loc,
					"Cache level=%" PRIu64
					" shall be defined first",
					co->level - 1);
	loc = vnuma__numa_key_loc(c, "size");
	if (co->size <= below->size)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-cache-size-order", &loc,
					"Invalid size=%" PRIu64
					", the size of level=%" PRIu64
					" should be larger than the size(%" PRIu64
					") of "
					"level=%" PRIu64,
					co->size, co->level, below->size,
					co->level - 1);
	return VNUMA_OK;
}

int vnuma__numa_hmat_cache(const struct vnuma__numa_ctx *c, vnuma_error **err)
{
	struct cache_opts co = { 0 };
	struct vnuma__hmat_cache *hc;
	int rc;

	rc = read_cache(c, &co, err);
	if (!rc)
		rc = vnuma__numa_hmat_enabled(c, err);
	if (!rc)
		rc = check_cache(c, &co, err);
	if (rc)
		return rc;
	hc = cache_at(c->n, co.node, co.level);
	hc->present = true;
	hc->size = co.size;
	hc->associativity = (uint8_t)co.assoc;
	hc->policy = (uint8_t)co.policy;
	hc->line = (uint16_t)co.line;
	return VNUMA_OK;
}

uint32_t vnuma__hmat_cache_attributes(const struct vnuma__numa *n,
				      uint32_t node, unsigned level)
{
	const struct vnuma__hmat_cache *hc = cache_at(n, node, level);
	uint32_t total = 0;

	for (unsigned l = 1; l <= VNUMA__HMAT_CACHE_LEVELS; l++)
		total += cache_at(n, node, l)->present;
	return total | (uint32_t)level << 4 |
	       (uint32_t)hc->associativity << 8 | (uint32_t)hc->policy << 12 |
	       (uint32_t)hc->line << 16;
}

static void free_tables(struct vnuma__numa *n)
{
	for (size_t i = 0; i < n->n_hmat_tables; i++) {
		free(n->hmat_tables[i].initiators);
		free(n->hmat_tables[i].targets);
		free(n->hmat_tables[i].entries);
	}
	free(n->hmat_tables);
	n->hmat_tables = NULL;
	n->n_hmat_tables = 0;
}

void vnuma__hmat_fini(struct vnuma__numa *n)
{
	for (int h = 0; h < VNUMA__HMAT_HIERARCHIES; h++)
		for (int t = 0; t < VNUMA__HMAT_DATA_TYPES; t++)
			free(n->hmat_lb[h][t].list);
	free(n->hmat_cache);
	n->hmat_cache = NULL;
	free_tables(n);
}

/*
 * The Entry Base Unit field: picoseconds or MB/s. QEMU 7.2 computes it
 * in 32 bits, so a base of 10 ms or more, or of 4 PiB/s or more, would
 * come out wrapped; vnuma refuses those. A table of zeros keeps QEMU's
 * value (its base never left the starting one).
 */
static int table_base(const struct vnuma__hmat_lb *lb, int h, int type,
		      uint64_t *out, vnuma_error **err)
{
	bool latency = VNUMA__HMAT_LB_IS_LATENCY(type);
	uint64_t b = latency ? lb->base * 1000 : lb->base / MIB;

	if (latency && lb->base == UINT64_MAX) {
		*out = (uint32_t)b;
		return VNUMA_OK;
	}
	if ((latency && lb->base > UINT32_MAX / 1000) || b > UINT32_MAX)
		return vnuma__error_set(
			err, VNUMA_E_RANGE, "numa.hmat-lb-base-overflow", NULL,
			"The %s base unit of hierarchy=%s and data-type=%s "
			"(%" PRIu64 " %s) is too large for the HMAT",
			latency ? "latency" : "bandwidth",
			vnuma__hmat_hierarchy_names[h],
			vnuma__hmat_data_type_names[type], lb->base,
			latency ? "ns" : "bytes/s");
	*out = b;
	return VNUMA_OK;
}

static int build_table(const struct vnuma__numa *n, int h, int type,
		       struct vnuma__hmat_table *tb, vnuma_error **err)
{
	const struct vnuma__hmat_lb *lb = &n->hmat_lb[h][type];
	uint32_t *row_of = NULL;
	int rc;

	tb->hierarchy = (uint8_t)h;
	tb->data_type = (uint8_t)type;
	tb->unit = lb->base;
	rc = table_base(lb, h, type, &tb->base, err);
	if (rc)
		return rc;
	tb->n_target = n->num_nodes;
	tb->initiators = calloc(n->num_nodes, sizeof(*tb->initiators));
	tb->targets = calloc(n->num_nodes, sizeof(*tb->targets));
	row_of = calloc(n->num_nodes, sizeof(*row_of));
	if (!tb->initiators || !tb->targets || !row_of)
		goto nomem;
	for (uint32_t i = 0; i < n->num_nodes; i++) {
		tb->targets[i] = i;
		if (n->nodes[i].has_cpu) {
			row_of[i] = tb->n_init;
			tb->initiators[tb->n_init++] = i;
		}
	}
	tb->entries = calloc((size_t)tb->n_init * tb->n_target + 1,
			     sizeof(*tb->entries));
	if (!tb->entries)
		goto nomem;
	for (size_t i = 0; i < lb->len; i++) {
		const struct vnuma__hmat_lb_data *d = &lb->list[i];

		tb->entries[(size_t)row_of[d->initiator] * tb->n_target +
			    d->target] = (uint16_t)(d->data / lb->base);
	}
	free(row_of);
	return VNUMA_OK;
nomem:
	free(row_of);
	return vnuma__error_nomem(err);
}

int vnuma__hmat_finish(struct vnuma__numa *n, vnuma_error **err)
{
	size_t count = 0;
	int rc = VNUMA_OK;

	for (int h = 0; h < VNUMA__HMAT_HIERARCHIES; h++)
		for (int t = 0; t < VNUMA__HMAT_DATA_TYPES; t++)
			count += n->hmat_lb[h][t].len > 0;
	if (!count)
		return VNUMA_OK;
	n->hmat_tables = calloc(count, sizeof(*n->hmat_tables));
	if (!n->hmat_tables)
		return vnuma__error_nomem(err);
	/* QEMU's order: by hierarchy, then by data type. */
	for (int h = 0; h < VNUMA__HMAT_HIERARCHIES && !rc; h++) {
		for (int t = 0; t < VNUMA__HMAT_DATA_TYPES && !rc; t++) {
			if (!n->hmat_lb[h][t].len)
				continue;
			rc = build_table(n, h, t,
					 &n->hmat_tables[n->n_hmat_tables++],
					 err);
		}
	}
	if (rc)
		free_tables(n);
	return rc;
}
