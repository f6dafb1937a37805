/* SPDX-License-Identifier: MIT */
/*
 * How a VMM embeds libvnuma: hand it the NUMA options, get the resolved
 * topology back, or an error that says which option is wrong.
 */
#include <stdio.h>
#include <stdlib.h>

#include <vnuma/vnuma.h>

int main(void)
{
	const char *const argv[] = {
		"-M", "q35", "-m", "4G", "-smp", "4,sockets=2",
		"-object", "memory-backend-ram,id=m0,size=2G",
		"-object", "memory-backend-ram,id=m1,size=2G",
		"-numa", "node,nodeid=0,memdev=m0",
		"-numa", "node,nodeid=1,memdev=m1",
		"-numa", "dist,src=0,dst=1,val=21",
	};
	vnuma_config *cfg = NULL;
	vnuma_topology *topo = NULL;
	vnuma_error *err = NULL;
	int rc = 1;

	/* The library must be at least as recent as these headers. */
	if (!VNUMA_CHECK_VERSION()) {
		fprintf(stderr, "libvnuma %s is older than %s\n",
			vnuma_version(), VNUMA_VERSION_STRING);
		return 1;
	}
	if (vnuma_config_new(&cfg, NULL, &err) ||
	    vnuma_config_add_argv(cfg, sizeof(argv) / sizeof(argv[0]), argv,
				  0, &err) ||
	    vnuma_topology_new(&topo, cfg, &err)) {
		char line[512]; /* vnuma_error_format says if it was cut */

		vnuma_error_format(line, sizeof(line), err, 0);
		fprintf(stderr, "%s (check %s)\n", line,
			vnuma_error_check(err));
		goto out;
	}
	for (uint32_t n = 0; n < vnuma_topology_node_count(topo); n++) {
		uint32_t cpus[64];
		size_t nc = 0;
		uint64_t mem = 0;
		uint8_t dist = 0;

		/* n is a valid id: none of these can fail here. */
		vnuma_topology_node_cpus(cpus, 64, &nc, topo, n);
		vnuma_topology_node_mem(&mem, topo, n);
		vnuma_topology_distance(&dist, topo, n, 0);
		printf("node %u: %llu MiB, distance to node 0: %u, cpus:", n,
		       (unsigned long long)(mem >> 20), dist);
		for (size_t i = 0; i < nc && i < 64; i++)
			printf(" %u", cpus[i]);
		printf("\n");
	}
	rc = 0;
out:
	vnuma_error_free(err);
	vnuma_topology_free(topo);
	vnuma_config_free(cfg);
	return rc;
}
