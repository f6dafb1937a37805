/* SPDX-License-Identifier: MIT */
/* The builder's -numa calls: node, dist, cpu, hmat-lb, hmat-cache. */
#include "compose.h"

int vnuma_builder_add_node(vnuma_config *cfg, const vnuma_node_spec *spec,
			   vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_add_node", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_NODE_SPEC_VERSION,
				      "vnuma_node_spec", err);

	if (rc)
		return rc;
	vnuma__compose_implied(&c, "type", "node");
	vnuma__compose_num(&c, "nodeid", spec->nodeid);
	vnuma__compose_ranges(&c, "cpus", spec->cpus, spec->n_cpus);
	vnuma__compose_size(&c, "mem", spec->mem);
	vnuma__compose_str(&c, "memdev", spec->memdev);
	/* Version 1 callers have no initiator field: it is not given. */
	if (spec->version >= 2)
		vnuma__compose_num(&c, "initiator", spec->initiator);
	return vnuma__compose_add(&c, cfg, "-numa", err);
}

int vnuma_builder_add_distance(vnuma_config *cfg, uint64_t src, uint64_t dst,
			       uint64_t val, vnuma_error **err)
{
	static const unsigned int version = 1;
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_add_distance", cfg,
				      &version, 1, "", err);

	if (rc)
		return rc;
	vnuma__compose_implied(&c, "type", "dist");
	vnuma__compose_num(&c, "src", src);
	vnuma__compose_num(&c, "dst", dst);
	vnuma__compose_num(&c, "val", val);
	return vnuma__compose_add(&c, cfg, "-numa", err);
}

int vnuma_builder_add_cpu(vnuma_config *cfg, const vnuma_cpu_spec *spec,
			  vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_add_cpu", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_CPU_SPEC_VERSION, "vnuma_cpu_spec",
				      err);

	if (rc)
		return rc;
	vnuma__compose_implied(&c, "type", "cpu");
	vnuma__compose_num(&c, "node-id", spec->node_id);
	vnuma__compose_num(&c, "socket-id", spec->socket_id);
	vnuma__compose_num(&c, "die-id", spec->die_id);
	vnuma__compose_num(&c, "cluster-id", spec->cluster_id);
	vnuma__compose_num(&c, "core-id", spec->core_id);
	vnuma__compose_num(&c, "thread-id", spec->thread_id);
	return vnuma__compose_add(&c, cfg, "-numa", err);
}

int vnuma_builder_add_hmat_lb(vnuma_config *cfg,
			      const vnuma_hmat_lb_spec *spec,
			      vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_add_hmat_lb", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_HMAT_LB_SPEC_VERSION,
				      "vnuma_hmat_lb_spec", err);

	if (rc)
		return rc;
	vnuma__compose_implied(&c, "type", "hmat-lb");
	vnuma__compose_num(&c, "initiator", spec->initiator);
	vnuma__compose_num(&c, "target", spec->target);
	vnuma__compose_str(&c, "hierarchy", spec->hierarchy);
	vnuma__compose_str(&c, "data-type", spec->data_type);
	vnuma__compose_num(&c, "latency", spec->latency);
	vnuma__compose_size(&c, "bandwidth", spec->bandwidth);
	return vnuma__compose_add(&c, cfg, "-numa", err);
}

int vnuma_builder_add_hmat_cache(vnuma_config *cfg,
				 const vnuma_hmat_cache_spec *spec,
				 vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_add_hmat_cache", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_HMAT_CACHE_SPEC_VERSION,
				      "vnuma_hmat_cache_spec", err);

	if (rc)
		return rc;
	vnuma__compose_implied(&c, "type", "hmat-cache");
	vnuma__compose_num(&c, "node-id", spec->node_id);
	vnuma__compose_size(&c, "size", spec->size);
	vnuma__compose_num(&c, "level", spec->level);
	vnuma__compose_str(&c, "associativity", spec->associativity);
	vnuma__compose_str(&c, "policy", spec->policy);
	vnuma__compose_num(&c, "line", spec->line);
	return vnuma__compose_add(&c, cfg, "-numa", err);
}
