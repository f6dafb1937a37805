/* SPDX-License-Identifier: MIT */
/*
 * The planner over recorded trees (tests/fixtures/hostinfo/): "four"
 * (five nodes: 0 and 1 with CPUs, 2 CPU-less with HMAT figures, 3
 * memory-less, 4 offline; 2M and 1G pools; a cgroup that allows mems 0,2
 * and CPUs 0-3,12, memory.max 8G) and "real1" (this kind of host: one
 * node, two CPUs). Each rule of include/vnuma/plan.h is checked here: the
 * usable nodes, the spread, sockets inside nodes, distances, HMAT,
 * pinning, and every refusal with its check id.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vnuma/vnuma.h"

#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

static vnuma_hostinfo *probe_at(const char *root)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = NULL;
	char path[512];

	if (root[0] == '/')
		snprintf(path, sizeof(path), "%s", root);
	else
		snprintf(path, sizeof(path), "%s/hostinfo/%s", VNUMA_FIXTURES,
			 root);
	o.root = path;
	assert_int_equal(vnuma_host_probe(&h, &o, NULL), 0);
	return h;
}


/* A copy of the four-node tree to change a file or two of. */
static void tree_copy(char *dir, size_t n)
{
	char cmd[1200];

	snprintf(dir, n, "/tmp/vnuma-plan-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -a '%s/hostinfo/four/.' '%s'",
		 VNUMA_FIXTURES, dir);
	assert_int_equal(system(cmd), 0);
}

static void tree_put(const char *dir, const char *rel, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tree_remove(const char *dir)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static vnuma_plan *plan_on(const char *root, unsigned int vcpus,
			   uint64_t memory, uint64_t huge, unsigned int nodes)
{
	vnuma_plan_options o = VNUMA_PLAN_OPTIONS_INIT;
	vnuma_hostinfo *h = probe_at(root);
	vnuma_plan *p = NULL;
	vnuma_error *e = NULL;

	o.vcpus = vcpus;
	o.memory = memory;
	o.hugepage_size = huge;
	o.nodes = nodes;
	if (vnuma_plan_new(&p, h, &o, &e))
		fail_msg("plan %u vCPUs %llu bytes on %s: %s", vcpus,
			 (unsigned long long)memory, root,
			 vnuma_error_message(e));
	vnuma_hostinfo_free(h);
	return p;
}

/* The check id of a refused plan, its status compared too. */
static void refused(const char *root, unsigned int vcpus, uint64_t memory,
		    uint64_t huge, unsigned int nodes, int status,
		    const char *check)
{
	vnuma_plan_options o = VNUMA_PLAN_OPTIONS_INIT;
	vnuma_hostinfo *h = probe_at(root);
	vnuma_plan *p = NULL;
	vnuma_error *e = NULL;

	o.vcpus = vcpus;
	o.memory = memory;
	o.hugepage_size = huge;
	o.nodes = nodes;
	assert_int_equal(vnuma_plan_new(&p, h, &o, &e), status);
	assert_null(p);
	assert_non_null(e);
	assert_string_equal(vnuma_error_check(e), check);
	assert_int_equal(vnuma_error_status(e), status);
	vnuma_error_free(e);
	vnuma_hostinfo_free(h);
}

static vnuma_plan_info info(const vnuma_plan *p)
{
	vnuma_plan_info i = VNUMA_INFO_INIT(vnuma_plan_info);

	assert_int_equal(vnuma_plan_info_get(&i, p), 0);
	return i;
}

static vnuma_plan_node node(const vnuma_plan *p, size_t k)
{
	vnuma_plan_node n = VNUMA_INFO_INIT(vnuma_plan_node);

	assert_int_equal(vnuma_plan_node_get(&n, p, k), 0);
	return n;
}

static vnuma_plan_vcpu vcpu(const vnuma_plan *p, unsigned int v)
{
	vnuma_plan_vcpu c = VNUMA_INFO_INIT(vnuma_plan_vcpu);

	assert_int_equal(vnuma_plan_vcpu_get(&c, p, v), 0);
	return c;
}

static bool has_line(const vnuma_plan *p, const char *line)
{
	vnuma_plan_info in = info(p);

	for (size_t i = 0; i < in.option_count; i++) {
		vnuma_plan_option o = VNUMA_INFO_INIT(vnuma_plan_option);

		assert_int_equal(vnuma_plan_option_get(&o, p, i), 0);
		if (!strcmp(o.line, line))
			return true;
	}
	return false;
}

static size_t lines_starting(const vnuma_plan *p, const char *prefix)
{
	vnuma_plan_info in = info(p);
	size_t n = 0;

	for (size_t i = 0; i < in.option_count; i++) {
		vnuma_plan_option o = VNUMA_INFO_INIT(vnuma_plan_option);

		assert_int_equal(vnuma_plan_option_get(&o, p, i), 0);
		n += !strncmp(o.line, prefix, strlen(prefix));
	}
	return n;
}

/* Memory beyond node 0's free 4G takes the CPU-less node 2 too. */
static void four_mirrors_cpuless_node(void **state)
{
	vnuma_plan *p = plan_on("four", 4, 5 * GiB, 0, 0);
	vnuma_plan_info in = info(p);
	vnuma_plan_node n0 = node(p, 0), n1 = node(p, 1);

	(void)state;
	assert_int_equal(in.node_count, 2);
	assert_true(in.hmat);
	assert_string_equal(in.memory_text, "5 GiB");
	assert_null(in.hugepage_text);
	assert_string_equal(n0.memory_text, "4 GiB");
	assert_string_equal(n1.memory_text, "1 GiB");
	assert_int_equal(n0.host_node, 0);
	assert_int_equal(n0.memory, 4 * GiB);
	assert_int_equal(n0.vcpu_count, 4);
	assert_string_equal(n0.host_cpus, "0-3");
	assert_int_equal(n0.initiator, -1);
	assert_int_equal(n1.host_node, 2);
	assert_int_equal(n1.memory, 1 * GiB);
	assert_int_equal(n1.vcpu_count, 0);
	assert_int_equal(n1.initiator, 0);
	assert_true(has_line(p, "-machine q35,hmat=on"));
	assert_true(has_line(p, "-m 5G"));
	assert_true(has_line(p, "-object memory-backend-ram,id=mem1,size=1G,"
				"policy=bind,host-nodes=2"));
	assert_true(has_line(p, "-numa node,nodeid=1,memdev=mem1,"
				"initiator=0"));
	/* node 2's access0 figures, from the guest node of host node 0 */
	assert_true(has_line(p, "-numa hmat-lb,initiator=0,target=1,"
				"hierarchy=memory,data-type=read-latency,"
				"latency=100"));
	assert_true(has_line(p, "-numa hmat-lb,initiator=0,target=1,"
				"hierarchy=memory,data-type=write-latency,"
				"latency=120"));
	assert_true(has_line(p, "-numa hmat-lb,initiator=0,target=1,"
				"hierarchy=memory,data-type=read-bandwidth,"
				"bandwidth=20480M"));
	assert_true(has_line(p, "-numa hmat-lb,initiator=0,target=1,"
				"hierarchy=memory,data-type=write-bandwidth,"
				"bandwidth=10240M"));
	vnuma_plan_free(p);
}

/* What fits on one node takes one node: no HMAT, no distance. */
static void four_fewest_nodes(void **state)
{
	vnuma_plan *p = plan_on("four", 2, 2 * GiB, 0, 0);

	(void)state;
	assert_int_equal(info(p).node_count, 1);
	assert_false(info(p).hmat);
	assert_int_equal(node(p, 0).host_node, 0);
	assert_true(has_line(p, "-machine q35"));
	assert_int_equal(lines_starting(p, "-numa dist"), 0);
	vnuma_plan_free(p);
}

/*
 * Host node 1 lies outside cpuset.mems, node 3 has no memory, node 4 is
 * offline, CPU 12 (node 3) and CPUs 4-7 (node 1) are outside the cgroup:
 * however many guest nodes, only host nodes 0 and 2 and CPUs 0-3 serve.
 */
static void four_only_usable_nodes(void **state)
{
	(void)state;
	for (unsigned int k = 1; k <= 9; k++) {
		vnuma_plan *p = plan_on("four", 4, 1 * GiB, 0, k);
		vnuma_plan_info in = info(p);

		assert_int_equal(in.node_count, k);
		for (size_t i = 0; i < in.node_count; i++) {
			unsigned int h = node(p, i).host_node;

			assert_true(h == 0 || h == 2);
		}
		for (unsigned int v = 0; v < in.vcpus; v++)
			assert_true(vcpu(p, v).host_cpu <= 3);
		vnuma_plan_free(p);
	}
}

/*
 * Memory in proportion to the free memory (4G on node 0, 1G on node 2),
 * within a granule, whole granules, summing to the request.
 */
static void four_memory_in_proportion(void **state)
{
	(void)state;
	for (uint64_t mib = 64; mib <= 5120; mib += 126) {
		vnuma_plan *p = plan_on("four", 1, mib * MiB, 0, 2);
		uint64_t on[3] = { 0 }, sum = 0;

		for (size_t i = 0; i < info(p).node_count; i++) {
			vnuma_plan_node n = node(p, i);

			assert_int_equal(n.memory % (2 * MiB), 0);
			assert_true(n.memory > 0);
			on[n.host_node] += n.memory;
			sum += n.memory;
		}
		assert_int_equal(sum, mib * MiB);
		/* 4/5 of it on node 0, rounded to a 2 MiB granule */
		assert_true(on[0] * 5 + 10 * MiB >= 4 * sum);
		assert_true(on[0] * 5 <= 4 * sum + 10 * MiB);
		assert_true(on[2] <= 1 * GiB);
		vnuma_plan_free(p);
	}
}

/* Every socket's vCPUs lie in one guest node, whatever the spread. */
static void sockets_inside_nodes(void **state)
{
	(void)state;
	for (unsigned int v = 1; v <= 4; v++)
		for (unsigned int k = 1; k <= 6; k++) {
			vnuma_plan *p = plan_on("four", v, 1 * GiB, 0, k);
			vnuma_plan_info in = info(p);
			unsigned int per = in.cores * in.threads;

			assert_int_equal(in.sockets * per, v);
			for (unsigned int c = 0; c < v; c++)
				assert_int_equal(vcpu(p, c).node,
						 vcpu(p, c - c % per).node);
			/* one -numa cpu per socket */
			assert_int_equal(lines_starting(p, "-numa cpu,"),
					 in.sockets);
			vnuma_plan_free(p);
		}
}

/* One host CPU per vCPU, never shared, on the vCPU's own host node. */
static void pinning_one_cpu_each(void **state)
{
	vnuma_plan *p = plan_on("four", 4, 1 * GiB, 0, 3);
	bool used[4] = { false };

	(void)state;
	for (unsigned int v = 0; v < 4; v++) {
		vnuma_plan_vcpu c = vcpu(p, v);

		assert_int_equal(c.vcpu, v);
		assert_int_equal(c.host_node, 0);
		assert_int_equal(c.host_node, node(p, c.node).host_node);
		assert_false(used[c.host_cpu]);
		used[c.host_cpu] = true;
	}
	vnuma_plan_free(p);
}

/* The host's asymmetric SLIT (0->2 30, 2->0 31) is kept as it is. */
static void distances_from_slit(void **state)
{
	vnuma_plan *p = plan_on("four", 4, 5 * GiB, 0, 0);

	(void)state;
	assert_true(has_line(p, "-numa dist,src=0,dst=1,val=30"));
	assert_true(has_line(p, "-numa dist,src=1,dst=0,val=31"));
	vnuma_plan_free(p);
}

/*
 * Guest nodes sharing host node 0 are 11 apart (nearest, yet not the
 * node itself), and with all pairs symmetric one direction is enough.
 */
static void distances_shared_host(void **state)
{
	vnuma_plan *p = plan_on("real1", 2, 1 * GiB, 0, 3);

	(void)state;
	assert_true(has_line(p, "-numa dist,src=0,dst=1,val=11"));
	assert_true(has_line(p, "-numa dist,src=0,dst=2,val=11"));
	assert_true(has_line(p, "-numa dist,src=1,dst=2,val=11"));
	assert_int_equal(lines_starting(p, "-numa dist"), 3);
	assert_false(info(p).hmat);
	vnuma_plan_free(p);
}

/* A guest node without vCPUs on a CPU-less host node: an initiator. */
static void hmat_initiators_for_cpuless(void **state)
{
	vnuma_plan *p = plan_on("four", 2, 1 * GiB, 0, 5);
	vnuma_plan_info in = info(p);

	(void)state;
	assert_true(in.hmat);
	for (size_t i = 0; i < in.node_count; i++) {
		vnuma_plan_node n = node(p, i);

		if (n.vcpu_count)
			assert_int_equal(n.initiator, -1);
		else
			assert_true(n.initiator >= 0 &&
				    node(p, (size_t)n.initiator).vcpu_count);
	}
	vnuma_plan_free(p);
}

/*
 * A CPU-less host node without access0 figures: nothing to mirror, so
 * no HMAT and no initiator= (QEMU would only demand them with hmat=on).
 */
static void no_hmat_without_figures(void **state)
{
	static const char *const files[] = { "read_latency", "write_latency",
					     "read_bandwidth",
					     "write_bandwidth" };
	char dir[64], path[256];
	vnuma_plan *p;

	(void)state;
	tree_copy(dir, sizeof(dir));
	for (size_t k = 0; k < 4; k++) {
		snprintf(path, sizeof(path),
			 "%s/sys/devices/system/node/node2/access0/"
			 "initiators/%s",
			 dir, files[k]);
		assert_int_equal(unlink(path), 0);
	}
	p = plan_on(dir, 4, 5 * GiB, 0, 0);
	assert_int_equal(info(p).node_count, 2);
	assert_int_equal(node(p, 1).host_node, 2);
	assert_false(info(p).hmat);
	assert_int_equal(node(p, 1).initiator, -1);
	assert_true(has_line(p, "-machine q35"));
	assert_int_equal(lines_starting(p, "-numa hmat-lb"), 0);
	assert_true(has_line(p, "-numa node,nodeid=1,memdev=mem1"));
	vnuma_plan_free(p);
	/* Figures, but from an initiator the guest has no node on. */
	tree_put(dir, "sys/devices/system/node/node2/access0/initiators/"
		      "read_latency",
		 "100\n");
	snprintf(path, sizeof(path),
		 "%s/sys/devices/system/node/node2/access0/initiators/node0",
		 dir);
	assert_int_equal(unlink(path), 0);
	p = plan_on(dir, 4, 5 * GiB, 0, 0);
	assert_false(info(p).hmat);
	vnuma_plan_free(p);
	tree_remove(dir);
}

/* Huge pages: node 2 has no 2M pool; the backends are memfd, prealloc. */
static void hugepages_where_free(void **state)
{
	vnuma_plan *p = plan_on("four", 2, 1000 * MiB, 2 * MiB, 2);

	(void)state;
	assert_int_equal(node(p, 0).host_node, 0);
	assert_int_equal(node(p, 1).host_node, 0);
	assert_true(has_line(p, "-object memory-backend-memfd,id=mem0,"
				"size=500M,hugetlb=on,hugetlbsize=2M,"
				"prealloc=on,policy=bind,host-nodes=0"));
	assert_string_equal(info(p).memory_text, "1000 MiB");
	assert_string_equal(info(p).hugepage_text, "2 MiB");
	assert_string_equal(node(p, 0).memory_text, "500 MiB");
	vnuma_plan_free(p);
	p = plan_on("four", 1, 1 * GiB, 1 * GiB, 0);
	assert_true(has_line(p, "-object memory-backend-memfd,id=mem0,"
				"size=1G,hugetlb=on,hugetlbsize=1G,"
				"prealloc=on,policy=bind,host-nodes=0"));
	vnuma_plan_free(p);
}

static void real1_this_host(void **state)
{
	vnuma_plan *p = plan_on("real1", 2, 16 * MiB, 2 * MiB, 0);

	(void)state;
	assert_int_equal(info(p).node_count, 1);
	assert_string_equal(node(p, 0).host_cpus, "0-1");
	vnuma_plan_free(p);
	refused("real1", 3, 1 * GiB, 0, 0, VNUMA_E_HOST, "plan.cpus");
	refused("real1", 1, 18 * MiB, 2 * MiB, 0, VNUMA_E_HOST,
		"plan.hugepages");
	refused("real1", 1, 1 * GiB, 1 * GiB, 0, VNUMA_E_HOST,
		"plan.no-node");
}

static void refusals(void **state)
{
	(void)state;
	refused("four", 0, 1 * GiB, 0, 0, VNUMA_E_RANGE, "plan.vcpus-zero");
	refused("four", 256, 1 * GiB, 0, 0, VNUMA_E_RANGE,
		"plan.vcpus-range");
	refused("four", 1, 0, 0, 0, VNUMA_E_RANGE, "plan.memory-zero");
	refused("four", 1, 1001 * MiB, 0, 0, VNUMA_E_RANGE,
		"plan.memory-granule");
	refused("four", 1, 1536 * MiB, 1 * GiB, 0, VNUMA_E_RANGE,
		"plan.memory-granule");
	refused("four", 1, 1 * GiB, 4 * MiB, 0, VNUMA_E_RANGE,
		"plan.hugepage-size");
	refused("four", 1, 4 * MiB, 0, 3, VNUMA_E_RANGE, "plan.nodes-range");
	refused("four", 1, 1 * GiB, 0, 129, VNUMA_E_RANGE,
		"plan.nodes-range");
	/* 4 usable CPUs: 0-3; 12 is on memory-less node 3 */
	refused("four", 5, 1 * GiB, 0, 0, VNUMA_E_HOST, "plan.cpus");
	refused("four", 1, 6 * GiB, 0, 0, VNUMA_E_HOST, "plan.memory");
	/*
	 * The memory cgroup's room, ancestors included: 1152 MiB at
	 * machine.slice (max 4G, 3G in use, 128M reclaimable).
	 */
	refused("preflight", 1, 2 * GiB, 0, 0, VNUMA_E_HOST,
		"plan.cgroup-memory");
	refused("four", 1, 1002 * MiB, 2 * MiB, 0, VNUMA_E_HOST,
		"plan.hugepages");
	refused("four", 1, 2 * GiB, 1 * GiB, 0, VNUMA_E_HOST,
		"plan.hugepages");
	refused("four", 1, 5 * GiB, 0, 1, VNUMA_E_HOST, "plan.nodes-few");
}

static void api_misuse(void **state)
{
	vnuma_plan_options o = VNUMA_PLAN_OPTIONS_INIT;
	vnuma_hostinfo *h = probe_at("four");
	vnuma_plan *p = NULL;
	vnuma_error *e = NULL;
	vnuma_plan_info in = VNUMA_INFO_INIT(vnuma_plan_info);

	(void)state;
	o.vcpus = 1;
	o.memory = GiB;
	assert_int_equal(vnuma_plan_new(NULL, h, &o, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_plan_new(&p, NULL, &o, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	e = NULL;
	o.version = 2;
	assert_int_equal(vnuma_plan_new(&p, h, &o, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.version");
	vnuma_error_free(e);
	o.version = 1;
	assert_int_equal(vnuma_plan_new(&p, h, &o, NULL), 0);
	assert_int_equal(vnuma_plan_info_get(NULL, p), VNUMA_E_INVAL);
	in.struct_size = 4;
	assert_int_equal(vnuma_plan_info_get(&in, p), VNUMA_E_INVAL);
	{
		vnuma_plan_node n = VNUMA_INFO_INIT(vnuma_plan_node);
		vnuma_plan_vcpu c = VNUMA_INFO_INIT(vnuma_plan_vcpu);
		vnuma_plan_option op = VNUMA_INFO_INIT(vnuma_plan_option);

		assert_int_equal(vnuma_plan_node_get(&n, p, 1), VNUMA_E_INVAL);
		assert_int_equal(vnuma_plan_vcpu_get(&c, p, 1), VNUMA_E_INVAL);
		assert_int_equal(vnuma_plan_option_get(&op, p, 1000),
				 VNUMA_E_INVAL);
	}
	vnuma_plan_free(p);
	vnuma_plan_free(NULL);
	vnuma_hostinfo_free(h);
}

/*
 * The options read back through vnuma's own QEMU 7.2 model give the
 * plan's nodes: their memory and their vCPUs.
 */
static void options_give_the_plan(void **state)
{
	static const struct {
		const char *root;
		unsigned int vcpus, nodes;
		uint64_t memory, huge;
	} cases[] = {
		{ "four", 4, 0, 5 * GiB, 0 },
		{ "four", 3, 4, 1 * GiB, 0 },
		{ "four", 2, 2, 1000 * MiB, 2 * MiB },
		{ "real1", 2, 4, 4 * GiB, 0 },
		{ "real1", 1, 1, 16 * MiB, 2 * MiB },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		vnuma_plan *p = plan_on(cases[c].root, cases[c].vcpus,
					cases[c].memory, cases[c].huge,
					cases[c].nodes);
		vnuma_plan_info in = info(p);
		const char **argv = calloc(2 * in.option_count, sizeof(*argv));
		vnuma_config *cfg = NULL;
		vnuma_topology *t = NULL;
		vnuma_error *e = NULL;

		assert_non_null(argv);
		for (size_t i = 0; i < in.option_count; i++) {
			vnuma_plan_option o =
				VNUMA_INFO_INIT(vnuma_plan_option);

			vnuma_plan_option_get(&o, p, i);
			argv[2 * i] = o.name;
			argv[2 * i + 1] = o.value;
		}
		assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
		if (vnuma_config_add_argv(cfg, (int)(2 * in.option_count),
					  argv, 0, &e) ||
		    vnuma_topology_new(&t, cfg, &e))
			fail_msg("case %zu: %s", c, vnuma_error_message(e));
		assert_int_equal(vnuma_topology_node_count(t), in.node_count);
		for (uint32_t i = 0; i < in.node_count; i++) {
			vnuma_plan_node n = node(p, i);
			uint64_t mem;
			size_t cpus;
			int64_t init;

			assert_int_equal(vnuma_topology_node_mem(&mem, t, i), 0);
			assert_int_equal(mem, n.memory);
			assert_int_equal(
				vnuma_topology_node_cpus(NULL, 0, &cpus, t, i),
				0);
			assert_int_equal(cpus, n.vcpu_count);
			assert_int_equal(
				vnuma_topology_node_initiator(&init, t, i), 0);
			if (n.initiator >= 0)
				assert_int_equal(init, n.initiator);
			for (uint32_t j = 0; j < in.node_count; j++) {
				uint8_t d;

				if (!vnuma_topology_has_distances(t))
					break;
				assert_int_equal(
					vnuma_topology_distance(&d, t, i, j), 0);
				assert_true(i == j ? d == 10 : d > 10);
			}
		}
		vnuma_topology_free(t);
		vnuma_config_free(cfg);
		free(argv);
		vnuma_plan_free(p);
	}
}

#define SCOPE "sys/fs/cgroup/machine.slice/vm1.scope/"

/*
 * hugetlb.2MB.max less .current is what huge pages may still take: with
 * max 16M and 2M in use, 14M fits and 16M does not, though the pool has
 * 1000M free.
 */
static void hugetlb_cgroup_limit(void **state)
{
	char dir[64];
	vnuma_plan *p;

	(void)state;
	tree_copy(dir, sizeof(dir));
	tree_put(dir, SCOPE "hugetlb.2MB.max", "16777216\n");
	p = plan_on(dir, 1, 14 * MiB, 2 * MiB, 0);
	vnuma_plan_free(p);
	refused(dir, 1, 16 * MiB, 2 * MiB, 0, VNUMA_E_HOST,
		"plan.cgroup-hugetlb");
	/* memory.max does not count huge pages; "max" is no limit */
	tree_put(dir, SCOPE "memory.max", "max\n");
	refused(dir, 1, 9 * GiB, 0, 0, VNUMA_E_HOST, "plan.memory");
	tree_put(dir, SCOPE "memory.max", "1073741824\n");
	p = plan_on(dir, 1, 14 * MiB, 2 * MiB, 0);
	vnuma_plan_free(p);
	tree_remove(dir);
}

/*
 * Widening cpuset.mems and cpuset.cpus lets node 1 and its CPUs 4-7
 * serve; narrowing the affinity takes CPUs away again.
 */
static void cgroup_cpus_and_mems(void **state)
{
	char dir[64];
	vnuma_plan *p;
	vnuma_plan_info in;

	(void)state;
	tree_copy(dir, sizeof(dir));
	tree_put(dir, SCOPE "cpuset.mems.effective", "0-2\n");
	tree_put(dir, "proc/self/status",
		 "Name:\tqemu\nCpus_allowed_list:\t0-7,12-13\n"
		 "Mems_allowed_list:\t0-2\n");
	/* node 1 serves memory now, its CPUs are still outside the cgroup */
	refused(dir, 5, 1 * GiB, 0, 0, VNUMA_E_HOST, "plan.cpus");
	tree_put(dir, SCOPE "cpuset.cpus.effective", "0-7,12\n");
	p = plan_on(dir, 8, 2 * GiB, 0, 0);
	in = info(p);
	assert_int_equal(in.node_count, 2);
	assert_int_equal(node(p, 0).host_node, 0);
	assert_int_equal(node(p, 1).host_node, 1);
	assert_string_equal(node(p, 1).host_cpus, "4-7");
	/* SLIT 0->1 20, 1->0 21 */
	assert_true(has_line(p, "-numa dist,src=0,dst=1,val=20"));
	assert_true(has_line(p, "-numa dist,src=1,dst=0,val=21"));
	vnuma_plan_free(p);
	tree_put(dir, "proc/self/status",
		 "Name:\tqemu\nCpus_allowed:\t3\n"
		 "Cpus_allowed_list:\t0-1\nMems_allowed_list:\t0-2\n");
	refused(dir, 3, 1 * GiB, 0, 0, VNUMA_E_HOST, "plan.cpus");
	p = plan_on(dir, 2, 1 * GiB, 0, 0);
	assert_string_equal(node(p, 0).host_cpus, "0-1");
	vnuma_plan_free(p);
	tree_remove(dir);
}

/*
 * Where the host gives access0 figures for a node with CPUs too, the
 * plan carries them as well, from the guest nodes of its initiators.
 */
static void hmat_figures_of_cpu_nodes(void **state)
{
	char dir[64];
	vnuma_plan *p;

	(void)state;
	tree_copy(dir, sizeof(dir));
	tree_put(dir,
		 "sys/devices/system/node/node0/access0/initiators/"
		 "read_latency",
		 "80\n");
	tree_put(dir,
		 "sys/devices/system/node/node0/access0/initiators/"
		 "read_bandwidth",
		 "40960\n");
	p = plan_on(dir, 4, 5 * GiB, 0, 0);
	assert_true(has_line(p, "-numa hmat-lb,initiator=0,target=0,"
				"hierarchy=memory,data-type=read-latency,"
				"latency=80"));
	assert_true(has_line(p, "-numa hmat-lb,initiator=0,target=0,"
				"hierarchy=memory,data-type=read-bandwidth,"
				"bandwidth=40960M"));
	/* no write figures for node 0: no such entry */
	assert_int_equal(lines_starting(p, "-numa hmat-lb,initiator=0,"
					   "target=0,hierarchy=memory,"
					   "data-type=write"),
			 0);
	assert_int_equal(lines_starting(p, "-numa hmat-lb"), 6);
	vnuma_plan_free(p);
	/* two guest nodes with vCPUs on host node 0: each from itself */
	p = plan_on(dir, 2, 2 * GiB, 0, 4);
	assert_true(node(p, 0).vcpu_count && node(p, 1).vcpu_count);
	assert_true(has_line(p, "-numa hmat-lb,initiator=1,target=1,"
				"hierarchy=memory,data-type=read-latency,"
				"latency=80"));
	assert_int_equal(lines_starting(p, "-numa hmat-lb,initiator=0,"
					   "target=1,"),
			 0);
	assert_int_equal(lines_starting(p, "-numa hmat-lb,initiator=1,"
					   "target=0,"),
			 0);
	vnuma_plan_free(p);
	tree_remove(dir);
}

/*
 * 255 vCPUs in 85 nodes of 3: sockets of 3 cores would take APIC ids up
 * to 84 << 2 | 2 = 338, past the 254 of TCG without x2APIC, so sockets
 * have one core each; in one node, one socket of 255 cores ends at 254.
 * (Host node 0 alone, with CPUs 0-254.)
 */
static void sockets_within_apic_ids(void **state)
{
	char dir[64];
	vnuma_plan *p;
	vnuma_plan_info in;

	(void)state;
	tree_copy(dir, sizeof(dir));
	tree_put(dir, "sys/devices/system/node/node0/cpulist", "0-254\n");
	tree_put(dir, SCOPE "cpuset.cpus.effective", "0-254\n");
	tree_put(dir, SCOPE "cpuset.mems.effective", "0\n");
	tree_put(dir, "proc/self/status",
		 "Name:\tqemu\nCpus_allowed_list:\t0-254\n"
		 "Mems_allowed_list:\t0\n");
	p = plan_on(dir, 255, 170 * MiB, 0, 85);
	in = info(p);
	assert_int_equal(in.sockets, 255);
	assert_int_equal(in.cores, 1);
	for (size_t i = 0; i < in.node_count; i++)
		assert_int_equal(node(p, i).vcpu_count, 3);
	vnuma_plan_free(p);
	p = plan_on(dir, 255, 170 * MiB, 0, 1);
	assert_int_equal(info(p).sockets, 1);
	assert_int_equal(info(p).cores, 255);
	vnuma_plan_free(p);
	tree_remove(dir);
}


/* The plan as a topology, through the same parser as "vnuma @FILE". */
static vnuma_topology *plan_topology(const vnuma_plan *p)
{
	vnuma_plan_info i = info(p);
	const char **argv = calloc(2 * i.option_count + 1, sizeof(*argv));
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	size_t n = 0;

	assert_non_null(argv);
	for (size_t k = 0; k < i.option_count; k++) {
		vnuma_plan_option o = VNUMA_INFO_INIT(vnuma_plan_option);

		assert_int_equal(vnuma_plan_option_get(&o, p, k), 0);
		argv[n++] = o.name;
		if (o.value)
			argv[n++] = o.value;
	}
	assert_int_equal(vnuma_config_new(&cfg, NULL, &e), 0);
	if (vnuma_config_add_argv(cfg, (int)n, argv, 0, &e) ||
	    vnuma_topology_new(&t, cfg, &e))
		fail_msg("the plan is rejected: %s", vnuma_error_message(e));
	vnuma_config_free(cfg);
	free(argv);
	return t;
}

/*
 * Every plan the planner makes over a tree passes that tree's preflight;
 * a refusal is allowed (the request may not fit), a plan that does not
 * fit is not. Returns the number of plans made.
 */
static size_t plans_fit(const char *root)
{
	static const unsigned int vcpus[] = { 1, 2, 3, 8 };
	static const uint64_t mem[] = { 64 * MiB, 512 * MiB, 920 * MiB,
					1000 * MiB, 2 * GiB, 3 * GiB,
					6 * GiB, 12 * GiB };
	static const uint64_t huge[] = { 0, 2 * MiB, GiB };
	vnuma_hostinfo *h = probe_at(root);
	size_t made = 0;

	for (size_t a = 0; a < sizeof(vcpus) / sizeof(*vcpus); a++)
		for (size_t b = 0; b < sizeof(mem) / sizeof(*mem); b++)
			for (size_t c = 0; c < 3; c++)
				for (unsigned int k = 0; k <= 3; k++) {
					vnuma_plan_options o =
						VNUMA_PLAN_OPTIONS_INIT;
					vnuma_plan *p = NULL;
					vnuma_topology *t;
					vnuma_preflight *pf = NULL;

					o.vcpus = vcpus[a];
					o.memory = mem[b];
					o.hugepage_size = huge[c];
					o.nodes = k;
					if (vnuma_plan_new(&p, h, &o, NULL))
						continue;
					made++;
					t = plan_topology(p);
					assert_int_equal(
						vnuma_preflight_check(&pf, t,
								      h, NULL),
						0);
					if (!vnuma_preflight_fits(pf)) {
						vnuma_preflight_reason r =
							VNUMA_INFO_INIT(
								vnuma_preflight_reason);

						vnuma_preflight_reason_get(
							&r, pf, 0);
						fail_msg("%s: plan of %u vCPUs, "
							 "%llu bytes, huge "
							 "%llu, %u nodes does "
							 "not fit: %s: %s",
							 root, o.vcpus,
							 (unsigned long long)
								 o.memory,
							 (unsigned long long)
								 o.hugepage_size,
							 k, r.check,
							 r.message);
					}
					vnuma_preflight_free(pf);
					vnuma_topology_free(t);
					vnuma_plan_free(p);
				}
	vnuma_hostinfo_free(h);
	return made;
}

/*
 * The promise over the recorded trees and over three variants where the
 * planner once read other facts than preflight: no cpuset.mems.effective
 * (Mems_allowed_list rules), pool pages reserved by earlier mappings
 * with no overcommit, and surplus pages with overcommit left.
 */
static void every_plan_passes_preflight(void **state)
{
	static const char *const trees[] = { "four", "preflight", "real1",
					     "bare" };
	static const char pool[] = "sys/kernel/mm/hugepages/hugepages-2048kB";
	char dir[64], path[256];
	size_t made = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(trees) / sizeof(*trees); i++)
		made += plans_fit(trees[i]);
	/* No cpuset.mems.effective: Mems_allowed_list alone (0,2). */
	tree_copy(dir, sizeof(dir));
	snprintf(path, sizeof(path),
		 "%s/sys/fs/cgroup/machine.slice/vm1.scope/"
		 "cpuset.mems.effective",
		 dir);
	assert_int_equal(unlink(path), 0);
	made += plans_fit(dir);
	tree_remove(dir);
	/* Reserved pages, no overcommit; then surplus below overcommit. */
	for (int v = 0; v < 2; v++) {
		tree_copy(dir, sizeof(dir));
		snprintf(path, sizeof(path), "mkdir -p '%s/%s'", dir, pool);
		assert_int_equal(system(path), 0);
		snprintf(path, sizeof(path), "%s/resv_hugepages", pool);
		tree_put(dir, path, v ? "300\n" : "10\n");
		snprintf(path, sizeof(path), "%s/nr_overcommit_hugepages",
			 pool);
		tree_put(dir, path, v ? "20\n" : "0\n");
		snprintf(path, sizeof(path), "%s/surplus_hugepages", pool);
		tree_put(dir, path, v ? "5\n" : "0\n");
		made += plans_fit(dir);
		tree_remove(dir);
	}
	assert_true(made > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(four_mirrors_cpuless_node),
		cmocka_unit_test(four_fewest_nodes),
		cmocka_unit_test(four_only_usable_nodes),
		cmocka_unit_test(four_memory_in_proportion),
		cmocka_unit_test(sockets_inside_nodes),
		cmocka_unit_test(pinning_one_cpu_each),
		cmocka_unit_test(distances_from_slit),
		cmocka_unit_test(distances_shared_host),
		cmocka_unit_test(hmat_initiators_for_cpuless),
		cmocka_unit_test(hugepages_where_free),
		cmocka_unit_test(real1_this_host),
		cmocka_unit_test(refusals),
		cmocka_unit_test(api_misuse),
		cmocka_unit_test(options_give_the_plan),
		cmocka_unit_test(hugetlb_cgroup_limit),
		cmocka_unit_test(cgroup_cpus_and_mems),
		cmocka_unit_test(hmat_figures_of_cpu_nodes),
		cmocka_unit_test(sockets_within_apic_ids),
		cmocka_unit_test(every_plan_passes_preflight),
		cmocka_unit_test(no_hmat_without_figures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
