/* SPDX-License-Identifier: MIT */
/*
 * The embedding example again, for a VMM that keeps its own configuration
 * structures: the same topology through the builder, no option text.
 */
#include <stdio.h>
#include <stdlib.h>

#include <vnuma/vnuma.h>

/* What a VMM might keep about each guest node. */
struct vm_node {
	const char *backend;
	uint64_t bytes;
	uint64_t first_cpu, last_cpu;
};

static int build(vnuma_config *cfg, vnuma_error **err)
{
	static const struct vm_node nodes[] = {
		{ "m0", 2ull << 30, 0, 1 },
		{ "m1", 2ull << 30, 2, 3 },
	};
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_memory_spec mem = VNUMA_MEMORY_SPEC_INIT;
	vnuma_smp_spec smp = VNUMA_SMP_SPEC_INIT;
	int rc;

	m.type = "q35";
	mem.size = 4ull << 30;
	smp.cpus = 4;
	smp.sockets = 2;
	if ((rc = vnuma_builder_machine(cfg, &m, err)) ||
	    (rc = vnuma_builder_memory(cfg, &mem, err)) ||
	    (rc = vnuma_builder_smp(cfg, &smp, err)))
		return rc;
	for (uint64_t i = 0; i < 2; i++) {
		vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
		vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
		vnuma_index_range cpus = { nodes[i].first_cpu,
					   nodes[i].last_cpu };

		b.id = nodes[i].backend;
		b.size = nodes[i].bytes;
		n.nodeid = i;
		n.cpus = &cpus;
		n.n_cpus = 1;
		n.memdev = nodes[i].backend;
		if ((rc = vnuma_builder_add_backend(cfg, &b, err)) ||
		    (rc = vnuma_builder_add_node(cfg, &n, err)))
			return rc;
	}
	return vnuma_builder_add_distance(cfg, 0, 1, 21, err);
}

int main(void)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *topo = NULL;
	vnuma_error *err = NULL;
	int rc = 1;

	/* An error names the builder call and its arguments as option text. */
	if (vnuma_config_new(&cfg, NULL, &err) || build(cfg, &err) ||
	    vnuma_topology_new(&topo, cfg, &err)) {
		fprintf(stderr, "%s%s%s: %s (check %s)\n",
			vnuma_error_option(err) ? vnuma_error_option(err) : "",
			vnuma_error_text(err) ? " " : "",
			vnuma_error_text(err) ? vnuma_error_text(err) : "",
			vnuma_error_message(err), vnuma_error_check(err));
		goto out;
	}
	for (uint32_t n = 0; n < vnuma_topology_node_count(topo); n++) {
		uint64_t mem = 0;
		uint8_t dist = 0;

		vnuma_topology_node_mem(&mem, topo, n);
		vnuma_topology_distance(&dist, topo, n, 0);
		printf("node %u: %llu MiB, distance to node 0: %u\n", n,
		       (unsigned long long)(mem >> 20), dist);
	}
	rc = 0;
out:
	vnuma_error_free(err);
	vnuma_topology_free(topo);
	vnuma_config_free(cfg);
	return rc;
}
