/* SPDX-License-Identifier: MIT */
/*
 * A program as a VMM would write it against the installed library: built
 * with pkg-config from the headers of one version, run against the
 * library of another (tests/api/abi_growth.sh). It prints what it reads
 * of a known topology, and checks that the library wrote no byte past
 * the structs as this program knows them.
 *
 *   consumer            the topology's values, one per line
 *   consumer version    header and library versions, and the check
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vnuma/vnuma.h>

#define CANARY 0xa5

/* Each struct is followed by bytes the library must leave alone. */
#define GUARDED(type)                           \
	struct {                                \
		type v;                         \
		unsigned char canary[64];       \
	}

static int guard_ok(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != CANARY)
			return 0;
	return 1;
}

static int fail(const char *what)
{
	fprintf(stderr, "consumer: %s\n", what);
	return 1;
}

static int print_cpus(const vnuma_topology *t)
{
	for (uint32_t i = 0; i < vnuma_topology_max_cpus(t); i++) {
		GUARDED(vnuma_cpu_info) g;

		memset(&g, CANARY, sizeof(g));
		g.v.struct_size = sizeof(g.v);
		if (vnuma_topology_cpu(&g.v, t, i))
			return fail("vnuma_topology_cpu failed");
		if (!guard_ok(g.canary, sizeof(g.canary)))
			return fail("vnuma_cpu_info: written past its end");
		if (g.v.struct_size != sizeof(g.v))
			return fail("vnuma_cpu_info: struct_size changed");
		printf("cpu %u node %lld socket %lld die %lld cluster %lld "
		       "core %lld thread %lld apic %s%u present %d\n",
		       g.v.index, (long long)g.v.node_id,
		       (long long)g.v.socket_id, (long long)g.v.die_id,
		       (long long)g.v.cluster_id, (long long)g.v.core_id,
		       (long long)g.v.thread_id, g.v.has_apic_id ? "" : "-",
		       g.v.apic_id, g.v.present);
#ifdef CONSUMER_NEW_FIELD
		/* Built against the grown headers: the new field is read. */
		printf("cpu %u probe 0x%llx\n", g.v.index,
		       (unsigned long long)g.v.abi_growth_probe);
#endif
	}
	return 0;
}

static int print_memdevs(const vnuma_topology *t)
{
	for (size_t i = 0; i < vnuma_topology_memdev_count(t); i++) {
		GUARDED(vnuma_memdev_info) g;

		memset(&g, CANARY, sizeof(g));
		g.v.struct_size = sizeof(g.v);
		if (vnuma_topology_memdev(&g.v, t, i))
			return fail("vnuma_topology_memdev failed");
		if (!guard_ok(g.canary, sizeof(g.canary)))
			return fail("vnuma_memdev_info: written past its end");
		printf("memdev %s %s size %llu policy %s prealloc %d "
		       "host-nodes", g.v.id, g.v.qom_type,
		       (unsigned long long)g.v.size, g.v.policy,
		       g.v.prealloc);
		for (size_t k = 0; k < g.v.n_host_nodes; k++)
			printf(" %llu", (unsigned long long)g.v.host_nodes[k]);
		printf("\n");
	}
	return 0;
}

static int print_nodes(const vnuma_topology *t)
{
	uint32_t n = vnuma_topology_node_count(t);

	for (uint32_t i = 0; i < n; i++) {
		uint64_t mem = 0;
		const char *memdev = NULL;
		uint8_t d0 = 0;

		if (vnuma_topology_node_mem(&mem, t, i) ||
		    vnuma_topology_node_memdev(&memdev, t, i) ||
		    vnuma_topology_distance(&d0, t, i, 0))
			return fail("a node getter failed");
		printf("node %u mem %llu memdev %s distance-to-0 %u\n", i,
		       (unsigned long long)mem, memdev ? memdev : "-", d0);
	}
	/* A bad node id is an error, not an answer of 0. */
	{
		uint64_t mem = 7;

		if (vnuma_topology_node_mem(&mem, t, n) != VNUMA_E_RANGE ||
		    mem != 7)
			return fail("a bad node id was answered");
	}
	return 0;
}

static int version(void)
{
	printf("headers %s library %s compatible %s\n", VNUMA_VERSION_STRING,
	       vnuma_version(), VNUMA_CHECK_VERSION() ? "yes" : "no");
	return VNUMA_CHECK_VERSION() ? 0 : 3;
}

int main(int argc, char **argv)
{
	static const char *const args[] = {
		"-M", "q35", "-m", "2G", "-smp", "4,sockets=2,cores=2",
		"-object", "memory-backend-ram,id=m0,size=1G",
		"-object",
		("memory-backend-ram,id=m1,size=1G,prealloc=off,"
		 "host-nodes=0,policy=bind"),
		"-numa", "node,nodeid=0,memdev=m0,cpus=0-1",
		"-numa", "node,nodeid=1,memdev=m1,cpus=2-3",
		"-numa", "dist,src=0,dst=1,val=21",
	};
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *err = NULL;
	int rc = 1;

	if (argc > 1 && !strcmp(argv[1], "version"))
		return version();
	if (vnuma_config_new(&cfg, NULL, &err) ||
	    vnuma_config_add_argv(cfg, sizeof(args) / sizeof(args[0]), args,
				  0, &err) ||
	    vnuma_topology_new(&t, cfg, &err)) {
		char line[256];

		vnuma_error_format(line, sizeof(line), err, 0);
		fprintf(stderr, "consumer: %s\n", line);
		goto out;
	}
	printf("machine %s (%s) arch %s ram %llu cpus %u/%u nodes %u\n",
	       vnuma_topology_machine_type(t), vnuma_topology_machine_name(t),
	       vnuma_topology_arch(t),
	       (unsigned long long)vnuma_topology_ram_size(t),
	       vnuma_topology_cpus(t), vnuma_topology_max_cpus(t),
	       vnuma_topology_node_count(t));
	rc = print_cpus(t) || print_memdevs(t) || print_nodes(t);
out:
	vnuma_error_free(err);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	return rc;
}
