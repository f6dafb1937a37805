/* SPDX-License-Identifier: MIT */
/*
 * The host model read from recorded trees (tests/fixtures/hostinfo/): a
 * copy of a one-node host, four nodes with asymmetric distances, a
 * CPU-less node with HMAT figures, a memory-less node, 2M and 1G pools,
 * a restricting cgroup v2; a tree with nothing (no NUMA, cgroup v1); and
 * files the kernel would not write, each refused with the file named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vnuma/vnuma.h"

#define KiB ((uint64_t)1024)
#define MiB (KiB << 10)
#define GiB (MiB << 10)

static vnuma_hostinfo *probe_at(const char *root)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = NULL;
	vnuma_error *e = NULL;
	char path[512];

	snprintf(path, sizeof(path), "%s/hostinfo/%s", VNUMA_FIXTURES, root);
	o.root = path;
	if (vnuma_host_probe(&h, &o, &e))
		fail_msg("probe %s: %s", root, vnuma_error_message(e));
	assert_null(e);
	return h;
}

static vnuma_hostinfo_node node(const vnuma_hostinfo *h, size_t i)
{
	vnuma_hostinfo_node n = VNUMA_INFO_INIT(vnuma_hostinfo_node);

	assert_int_equal(vnuma_hostinfo_node_get(&n, h, i), 0);
	return n;
}

static void check_huge(const vnuma_hostinfo *h, size_t i, size_t k,
		       uint64_t size, uint64_t total, uint64_t free_)
{
	vnuma_hostinfo_hugepages p = VNUMA_INFO_INIT(vnuma_hostinfo_hugepages);

	assert_int_equal(vnuma_hostinfo_node_hugepages(&p, h, i, k), 0);
	assert_int_equal(p.page_size, size);
	assert_int_equal(p.total, total);
	assert_int_equal(p.free, free_);
}

static void check_dist(const vnuma_hostinfo_node *n, const unsigned *want)
{
	assert_int_equal(n->distance_count, 4);
	for (size_t k = 0; k < 4; k++)
		assert_int_equal(n->distances[k], want[k]);
}

static void test_four(void **state)
{
	static const unsigned d[4][4] = { { 10, 20, 30, 40 },
					  { 21, 10, 25, 35 },
					  { 31, 26, 10, 15 },
					  { 41, 36, 16, 10 } };
	static const char *const cpus[] = { "0-3", "4-7", "", "12-13" };
	static const uint64_t total[] = { 8 * GiB, 8 * GiB, 4 * GiB, 0 };
	static const uint64_t free_[] = { 4 * GiB, 6 * GiB, 1 * GiB, 0 };
	static const size_t nhuge[] = { 2, 2, 1, 0 };
	static const int tier[] = { 4, 4, 22, 4 };
	static const char *const init[] = { "0", NULL, "0,1", NULL };
	vnuma_hostinfo *h = probe_at("four");
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_hostinfo_hugetlb t = VNUMA_INFO_INIT(vnuma_hostinfo_hugetlb);
	vnuma_hostinfo_node n;

	(void)state;
	assert_int_equal(vnuma_hostinfo_node_count(h), 5);
	for (size_t i = 0; i < 4; i++) {
		n = node(h, i);
		assert_int_equal(n.id, i);
		assert_true(n.online);
		assert_true(n.possible);
		assert_string_equal(n.cpus, cpus[i]);
		assert_true(n.has_meminfo);
		assert_int_equal(n.mem_total, total[i]);
		assert_int_equal(n.mem_free, free_[i]);
		check_dist(&n, d[i]);
		assert_int_equal(n.hugepage_size_count, nhuge[i]);
		assert_int_equal(n.memory_tier, tier[i]);
		if (init[i])
			assert_string_equal(n.access0_initiators, init[i]);
		else
			assert_null(n.access0_initiators);
	}
	/* Kept as the kernel wrote it: 0->1 is 20, 1->0 is 21. */
	n = node(h, 0);
	assert_int_not_equal(n.distances[1], node(h, 1).distances[0]);
	/* HMAT figures: node 2's from its files, node 0 has none. */
	n = node(h, 2);
	assert_int_equal(n.access0_read_latency, 100);
	assert_int_equal(n.access0_write_latency, 120);
	assert_int_equal(n.access0_read_bandwidth, 20480);
	assert_int_equal(n.access0_write_bandwidth, 10240);
	n = node(h, 0);
	assert_int_equal(n.access0_read_latency, 0);
	assert_int_equal(n.access0_write_latency, 0);
	assert_int_equal(n.access0_read_bandwidth, 0);
	assert_int_equal(n.access0_write_bandwidth, 0);
	check_huge(h, 0, 0, 2 * MiB, 512, 500);
	check_huge(h, 0, 1, GiB, 2, 1);
	check_huge(h, 1, 0, 2 * MiB, 256, 0);
	check_huge(h, 1, 1, GiB, 4, 4);
	check_huge(h, 2, 0, 2 * MiB, 0, 0);
	/* Possible, not online: no directory, every fact absent. */
	n = node(h, 4);
	assert_int_equal(n.id, 4);
	assert_false(n.online);
	assert_true(n.possible);
	assert_null(n.cpus);
	assert_false(n.has_meminfo);
	assert_int_equal(n.distance_count, 0);
	assert_int_equal(n.hugepage_size_count, 0);
	assert_int_equal(n.memory_tier, -1);
	assert_null(n.access0_initiators);

	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	assert_string_equal(l.thp, "never");
	assert_string_equal(l.cgroup, "/machine.slice/vm1.scope");
	assert_string_equal(l.cpus_effective, "0-3,12");
	assert_string_equal(l.mems_effective, "0,2");
	assert_true(l.has_memory_max);
	assert_int_equal(l.memory_max, 8 * GiB);
	assert_string_equal(l.affinity, "0-7,12-13");
	/* A recorded tree cannot say what this process may call. */
	assert_int_equal(l.mbind, VNUMA_HOSTINFO_SYSCALL_UNKNOWN);
	assert_int_equal(l.move_pages, VNUMA_HOSTINFO_SYSCALL_UNKNOWN);
	assert_int_equal(l.hugetlb_count, 2);
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 0), 0);
	assert_int_equal(t.page_size, 2 * MiB);
	assert_true(t.has_max);
	assert_int_equal(t.max, GiB);
	assert_true(t.has_current);
	assert_int_equal(t.current, 2 * MiB);
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 1), 0);
	assert_int_equal(t.page_size, GiB);
	assert_true(t.has_max);
	assert_true(t.max == UINT64_MAX);
	assert_true(t.has_current);
	assert_int_equal(t.current, 0);
	assert_true(t.room == UINT64_MAX);
	vnuma_hostinfo_free(h);
}

/*
 * The facts preflight compares with, as the host model gives them: the
 * allowed nodes of proc/self/status, the surplus and the host-wide pools,
 * memory.current, and what the cgroups allow with their ancestors.
 */
static void test_rooms(void **state)
{
	vnuma_hostinfo *h = probe_at("four");
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_hostinfo_hugetlb t = VNUMA_INFO_INIT(vnuma_hostinfo_hugetlb);
	vnuma_hostinfo_hugepages hp =
		VNUMA_INFO_INIT(vnuma_hostinfo_hugepages);
	vnuma_hostinfo_pool p = VNUMA_INFO_INIT(vnuma_hostinfo_pool);

	(void)state;
	assert_int_equal(vnuma_hostinfo_node_hugepages(&hp, h, 0, 0), 0);
	assert_int_equal(hp.surplus, 3);
	assert_int_equal(vnuma_hostinfo_node_hugepages(&hp, h, 1, 0), 0);
	assert_int_equal(hp.surplus, 0);
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	assert_string_equal(l.mems_allowed, "0,2");
	assert_true(l.has_memory_current);
	assert_int_equal(l.memory_current, GiB);
	/* No mountinfo: where the memory cgroup is mounted is not known. */
	assert_true(l.memory_room == UINT64_MAX);
	assert_null(l.memory_room_cgroup);
	assert_int_equal(l.pool_count, 2);
	assert_int_equal(vnuma_hostinfo_pool_get(&p, h, 0), 0);
	assert_int_equal(p.page_size, 2 * MiB);
	assert_int_equal(p.total, 768);
	assert_int_equal(p.free, 500);
	assert_int_equal(p.reserved, 0);
	assert_int_equal(p.surplus, 3);
	assert_int_equal(p.overcommit, 0);
	assert_int_equal(vnuma_hostinfo_pool_get(&p, h, 1), 0);
	assert_int_equal(p.page_size, GiB);
	assert_int_equal(vnuma_hostinfo_pool_get(&p, h, 2), VNUMA_E_INVAL);
	assert_int_equal(vnuma_hostinfo_pool_get(NULL, h, 0), VNUMA_E_INVAL);
	p.struct_size = 1;
	assert_int_equal(vnuma_hostinfo_pool_get(&p, h, 0), VNUMA_E_INVAL);
	/* Its own cgroup alone limits 2M pages: 1 GiB less 2 MiB. */
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 0), 0);
	assert_int_equal(t.room, GiB - 2 * MiB);
	assert_int_equal(t.room_max, GiB);
	assert_int_equal(t.room_current, 2 * MiB);
	vnuma_hostinfo_free(h);

	/* The parent machine.slice allows 900 MiB of 2M pages: tighter. */
	h = probe_at("preflight");
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 0), 0);
	assert_int_equal(t.page_size, 2 * MiB);
	assert_int_equal(t.room, 900 * MiB);
	assert_int_equal(t.room_max, 900 * MiB);
	assert_int_equal(t.room_current, 0);
	/*
	 * machine.slice: max 4 GiB, 3 GiB in use, 128 MiB page cache; its
	 * child's own limit (8 GiB, 1 GiB in use) is looser.
	 */
	assert_string_equal(l.memory_room_cgroup,
			    "/sys/fs/cgroup/machine.slice");
	assert_int_equal(l.memory_room, GiB + 128 * MiB);
	assert_int_equal(l.memory_room_max, 4 * GiB);
	assert_int_equal(l.memory_room_current, 3 * GiB);
	assert_int_equal(l.memory_room_cache, 128 * MiB);
	assert_int_equal(l.pool_count, 1);
	p.struct_size = sizeof(p);
	assert_int_equal(vnuma_hostinfo_pool_get(&p, h, 0), 0);
	assert_int_equal(p.reserved, 10);
	assert_int_equal(p.overcommit, 100);
	vnuma_hostinfo_free(h);
}

/* A copy of this project's one-node build host. */
static void test_real1(void **state)
{
	vnuma_hostinfo *h = probe_at("real1");
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_hostinfo_node n;

	(void)state;
	assert_int_equal(vnuma_hostinfo_node_count(h), 1);
	n = node(h, 0);
	assert_int_equal(n.id, 0);
	assert_true(n.online);
	assert_string_equal(n.cpus, "0-1");
	assert_true(n.has_meminfo);
	assert_int_equal(n.mem_total, 24683584 * KiB);
	assert_int_equal(n.mem_free, 21016588 * KiB);
	assert_int_equal(n.distance_count, 1);
	assert_int_equal(n.distances[0], 10);
	assert_int_equal(n.hugepage_size_count, 2);
	check_huge(h, 0, 0, 2 * MiB, 8, 8);
	check_huge(h, 0, 1, GiB, 0, 0);
	assert_int_equal(n.memory_tier, 4);
	assert_null(n.access0_initiators);
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	assert_string_equal(l.thp, "madvise");
	/* A hybrid host: the v2 line is "0::/", no controller files. */
	assert_string_equal(l.cgroup, "/");
	assert_null(l.cpus_effective);
	assert_null(l.mems_effective);
	assert_false(l.has_memory_max);
	assert_int_equal(l.hugetlb_count, 0);
	assert_string_equal(l.affinity, "0-1");
	vnuma_hostinfo_free(h);
}

static void test_bare(void **state)
{
	vnuma_hostinfo *h = probe_at("bare");
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);

	(void)state;
	assert_int_equal(vnuma_hostinfo_node_count(h), 0);
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	assert_null(l.thp);
	assert_null(l.cgroup);
	assert_null(l.cpus_effective);
	assert_null(l.mems_effective);
	assert_false(l.has_memory_max);
	assert_int_equal(l.hugetlb_count, 0);
	assert_null(l.affinity);
	vnuma_hostinfo_free(h);
}

static void expect_error(const char *root, const char *check,
			 const char *file)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = (vnuma_hostinfo *)1;
	vnuma_error *e = NULL;

	o.root = root;
	assert_int_equal(vnuma_host_probe(&h, &o, &e), VNUMA_E_HOST);
	assert_null(h);
	assert_string_equal(vnuma_error_check(e), check);
	if (!strstr(vnuma_error_message(e), file))
		fail_msg("%s: '%s' does not name %s", root,
			 vnuma_error_message(e), file);
	vnuma_error_free(e);
}

/* A recorded tree that is not there is an error, not a host without NUMA. */
static void test_root_missing(void **state)
{
	const char *roots[] = { "/nonexistent-vnuma-tree", "/etc/hostname" };
	const char *why[] = { "no such directory", "not a directory" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
		vnuma_hostinfo *h = (vnuma_hostinfo *)1;
		vnuma_error *e = NULL;

		o.root = roots[i];
		assert_int_equal(vnuma_host_probe(&h, &o, &e), VNUMA_E_INVAL);
		assert_null(h);
		assert_string_equal(vnuma_error_check(e), "host.root");
		assert_non_null(strstr(vnuma_error_message(e), why[i]));
		assert_non_null(strstr(vnuma_error_message(e), roots[i]));
		vnuma_error_free(e);
	}
}

static void test_malformed_fixture(void **state)
{
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/hostinfo/malformed", VNUMA_FIXTURES);
	expect_error(path, "host.sysfs-malformed", "node0/distance");
}

/* One file put into an otherwise empty tree. */
static char tmp[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/vnuma-hostinfo-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void put(const char *rel, const char *text, size_t len)
{
	char path[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	for (p = path + strlen(tmp) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

#define PUT(rel, text) put(rel, text, sizeof(text) - 1)
#define NODE "sys/devices/system/node/"
#define CG "sys/fs/cgroup/a/"

static void bad_case(const char *rel, const char *text, size_t len,
		     const char *check, const char *file)
{
	assert_int_equal(teardown(NULL), 0);
	assert_int_equal(setup(NULL), 0);
	PUT(NODE "possible", "0\n");
	PUT(NODE "node0/cpulist", "0\n");
	PUT("proc/self/cgroup", "0::/a\n");
	if (rel)
		put(rel, text, len);
	expect_error(tmp, check, file);
}

#define BAD(rel, text, check) \
	bad_case(rel, text, sizeof(text) - 1, check, rel)

static void test_malformed_files(void **state)
{
	(void)state;
	BAD(NODE "online", "0-\n", "host.sysfs-malformed");
	BAD(NODE "node0/meminfo", "Node 0 MemTotal: 12 MB\n",
	    "host.sysfs-malformed");
	BAD(NODE "node0/meminfo", "Node 0 MemTotal: 12 kB\n",
	    "host.sysfs-malformed");
	BAD(NODE "node0/distance", "10 256\n", "host.sysfs-malformed");
	BAD(NODE "node0/access0/initiators/read_latency", "fast\n",
	    "host.sysfs-malformed");
	BAD(NODE "node0/distance", "\n", "host.sysfs-malformed");
	BAD(NODE "node0/distance", "10\n20\n", "host.sysfs-malformed");
	BAD(NODE "node0/hugepages/hugepages-2048kB/nr_hugepages", "-1\n",
	    "host.sysfs-malformed");
	/* A pool directory without free_hugepages. */
	bad_case(NODE "node0/hugepages/hugepages-2048kB/nr_hugepages", "1\n",
		 2, "host.sysfs-malformed", "free_hugepages");
	bad_case(NODE "node0/hugepages/hugepages-2XB/nr_hugepages", "1\n",
		 2, "host.sysfs-malformed", "hugepages-2XB");
	BAD("sys/kernel/mm/transparent_hugepage/enabled", "always never\n",
	    "host.sysfs-malformed");
	BAD("sys/kernel/mm/transparent_hugepage/enabled", "[]\n",
	    "host.sysfs-malformed");
	BAD(CG "cpuset.mems.effective", "0 1\n", "host.sysfs-malformed");
	BAD(CG "memory.max", "lots\n", "host.sysfs-malformed");
	BAD(CG "hugetlb.2MB.current", "max\n", "host.sysfs-malformed");
	BAD(CG "hugetlb.2XB.max", "max\n", "host.sysfs-malformed");
	BAD("proc/self/status", "Cpus_allowed_list:\tall\n",
	    "host.sysfs-malformed");
	BAD("proc/self/cgroup", "0::relative\n", "host.sysfs-malformed");
	BAD("proc/self/cgroup", "0::/a/../b\n", "host.sysfs-malformed");
	BAD(NODE "node0/cpulist", "0\0\n", "host.sysfs-malformed");
	BAD("proc/self/status", "Mems_allowed_list:\tsome\n",
	    "host.sysfs-malformed");
	BAD("sys/kernel/mm/hugepages/hugepages-2048kB/resv_hugepages", "x\n",
	    "host.sysfs-malformed");
}

/*
 * A page size only an ancestor limits still has an entry: its own max
 * and current absent, its room the ancestor's; the tightest level wins.
 */
static void test_ancestor_rooms(void **state)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo_hugetlb t = VNUMA_INFO_INIT(vnuma_hostinfo_hugetlb);
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_hostinfo *h = NULL;

	(void)state;
	PUT(NODE "possible", "0\n");
	PUT(NODE "node0/hugepages/hugepages-2048kB/nr_hugepages", "4\n");
	PUT(NODE "node0/hugepages/hugepages-2048kB/free_hugepages", "4\n");
	PUT(NODE "node0/hugepages/hugepages-1048576kB/nr_hugepages", "1\n");
	PUT(NODE "node0/hugepages/hugepages-1048576kB/free_hugepages", "1\n");
	PUT("proc/self/cgroup", "0::/a/b\n");
	/* 2M: b allows 6 MiB more, its parent a only 4, the root 8. */
	PUT("sys/fs/cgroup/a/b/hugetlb.2MB.max", "8388608\n");
	PUT("sys/fs/cgroup/a/b/hugetlb.2MB.current", "2097152\n");
	PUT("sys/fs/cgroup/a/hugetlb.2MB.max", "6291456\n");
	PUT("sys/fs/cgroup/a/hugetlb.2MB.current", "2097152\n");
	PUT("sys/fs/cgroup/hugetlb.2MB.max", "8388608\n");
	/* 1G: only a limits it, b has no file of it. */
	PUT("sys/fs/cgroup/a/hugetlb.1GB.max", "2147483648\n");
	o.root = tmp;
	assert_int_equal(vnuma_host_probe(&h, &o, NULL), 0);
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	assert_int_equal(l.hugetlb_count, 2);
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 0), 0);
	assert_int_equal(t.page_size, 2 * MiB);
	assert_true(t.has_max);
	assert_int_equal(t.max, 8 * MiB);
	assert_int_equal(t.room, 4 * MiB);
	assert_int_equal(t.room_max, 6 * MiB);
	assert_int_equal(t.room_current, 2 * MiB);
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 1), 0);
	assert_int_equal(t.page_size, GiB);
	assert_false(t.has_max);
	assert_false(t.has_current);
	assert_int_equal(t.room, 2 * GiB);
	assert_int_equal(t.room_max, 2 * GiB);
	assert_int_equal(t.room_current, 0);
	vnuma_hostinfo_free(h);
}

/* The cgroup's limits as probed from tmp. */
static void cgroup_limits(const char *cpus, const char *mems, uint64_t max)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_hostinfo *h = NULL;
	vnuma_error *e = NULL;

	o.root = tmp;
	if (vnuma_host_probe(&h, &o, &e))
		fail_msg("probe: %s", vnuma_error_message(e));
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	if (cpus)
		assert_string_equal(l.cpus_effective, cpus);
	else
		assert_null(l.cpus_effective);
	assert_string_equal(l.mems_effective, mems);
	assert_true(l.has_memory_max);
	assert_int_equal(l.memory_max, max);
	vnuma_hostinfo_free(h);
}

#define MOUNTINFO_V1                                                       \
	"25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"           \
	"30 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n" \
	"35 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"

/*
 * cgroup2 mounted elsewhere than /sys/fs/cgroup (a hybrid host's
 * unified/, a container's own mount of a subtree): the limits come from
 * where mountinfo says, not from a decoy at /sys/fs/cgroup; without a
 * cgroup2 mount in mountinfo, from /sys/fs/cgroup as before.
 */
static void test_cgroup2_elsewhere(void **state)
{
	(void)state;
	PUT("proc/self/cgroup", "4:memory:/a\n0::/a\n");
	PUT(CG "cpuset.cpus.effective", "9\n");
	PUT(CG "cpuset.mems.effective", "9\n");
	PUT(CG "memory.max", "9\n");
	PUT("proc/self/mountinfo",
	    MOUNTINFO_V1 "41 30 0:38 / /sys/fs/cgroup/unified rw,relatime - "
			 "cgroup2 cgroup2 rw\n");
	PUT("sys/fs/cgroup/unified/a/cpuset.cpus.effective", "0-1\n");
	PUT("sys/fs/cgroup/unified/a/cpuset.mems.effective", "0\n");
	PUT("sys/fs/cgroup/unified/a/memory.max", "4096\n");
	cgroup_limits("0-1", "0", 4096);
	/* A subtree mounted (the mount's root is /a): /a/b is at its b. */
	PUT("proc/self/cgroup", "0::/a/b\n");
	PUT("proc/self/mountinfo",
	    MOUNTINFO_V1 "50 25 0:40 /a /run/cg rw - cgroup2 none rw\n");
	PUT("run/cg/b/cpuset.mems.effective", "1\n");
	PUT("run/cg/b/memory.max", "max\n");
	cgroup_limits(NULL, "1", UINT64_MAX);
	/* The root cgroup of that subtree is the mount itself. */
	PUT("proc/self/cgroup", "0::/a\n");
	PUT("run/cg/cpuset.mems.effective", "2\n");
	PUT("run/cg/memory.max", "8192\n");
	cgroup_limits(NULL, "2", 8192);
	/* mountinfo without cgroup2: the usual place. */
	PUT("proc/self/mountinfo", MOUNTINFO_V1);
	cgroup_limits("9", "9", 9);
}

/*
 * The hugetlb walk climbs the hierarchy where mountinfo puts it (a
 * subtree mounted at run/cg), not through /sys/fs/cgroup, and stops at
 * the mount: decoys at the usual place must not count.
 */
static void test_rooms_elsewhere(void **state)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo_hugetlb t = VNUMA_INFO_INIT(vnuma_hostinfo_hugetlb);
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_hostinfo *h = NULL;

	(void)state;
	PUT(NODE "possible", "0\n");
	PUT(NODE "node0/hugepages/hugepages-2048kB/nr_hugepages", "4\n");
	PUT(NODE "node0/hugepages/hugepages-2048kB/free_hugepages", "4\n");
	PUT("proc/self/cgroup", "0::/a/b/c\n");
	PUT("proc/self/mountinfo",
	    MOUNTINFO_V1 "50 25 0:40 /a /run/cg rw - cgroup2 none rw\n");
	PUT("run/cg/b/hugetlb.2MB.max", "6291456\n");
	PUT("run/cg/b/hugetlb.2MB.current", "2097152\n");
	/* the mount's top, /a: a level of its own */
	PUT("run/cg/hugetlb.2MB.max", "16777216\n");
	PUT("sys/fs/cgroup/a/b/hugetlb.2MB.max", "0\n");
	PUT("sys/fs/cgroup/a/hugetlb.2MB.max", "0\n");
	PUT("run/hugetlb.2MB.max", "0\n");
	o.root = tmp;
	assert_int_equal(vnuma_host_probe(&h, &o, NULL), 0);
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), 0);
	assert_int_equal(l.hugetlb_count, 1);
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 0), 0);
	assert_int_equal(t.page_size, 2 * MiB);
	assert_false(t.has_max);
	assert_int_equal(t.room, 4 * MiB);
	assert_int_equal(t.room_max, 6 * MiB);
	assert_int_equal(t.room_current, 2 * MiB);
	vnuma_hostinfo_free(h);
}

/* A directory where a file should be: there, but it cannot be read. */
static void test_unreadable(void **state)
{
	char path[512];

	(void)state;
	PUT(NODE "possible", "0\n");
	snprintf(path, sizeof(path), "%s/" NODE "node0", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/" NODE "node0/meminfo", tmp);
	assert_int_equal(mkdir(path, 0755), 0);
	expect_error(tmp, "host.sysfs-read", NODE "node0/meminfo");
}

static void test_api(void **state)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo_node n = VNUMA_INFO_INIT(vnuma_hostinfo_node);
	vnuma_hostinfo_hugepages p = VNUMA_INFO_INIT(vnuma_hostinfo_hugepages);
	vnuma_hostinfo_hugetlb t = VNUMA_INFO_INIT(vnuma_hostinfo_hugetlb);
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_hostinfo *h = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_host_probe(NULL, NULL, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	e = NULL;
	o.version = VNUMA_HOST_PROBE_OPTIONS_VERSION + 1;
	assert_int_equal(vnuma_host_probe(&h, &o, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.version");
	vnuma_error_free(e);
	e = NULL;
	o.version = 0;
	assert_int_equal(vnuma_host_probe(&h, &o, NULL), VNUMA_E_INVAL);
	assert_null(h);
	vnuma_hostinfo_free(NULL);
	assert_int_equal(vnuma_hostinfo_node_count(NULL), 0);

	h = probe_at("four");
	assert_int_equal(vnuma_hostinfo_node_get(&n, h, 5), VNUMA_E_INVAL);
	assert_int_equal(vnuma_hostinfo_node_get(NULL, h, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_hostinfo_node_get(&n, NULL, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_hostinfo_node_hugepages(&p, h, 0, 2),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_hostinfo_node_hugepages(&p, h, 5, 0),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_hostinfo_hugetlb_limit(&t, h, 2),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_hostinfo_limits_get(NULL, h), VNUMA_E_INVAL);
	/* A struct of an earlier, smaller version is refused below v1. */
	l.struct_size = sizeof(size_t);
	assert_int_equal(vnuma_hostinfo_limits_get(&l, h), VNUMA_E_INVAL);
	n.struct_size = 1;
	assert_int_equal(vnuma_hostinfo_node_get(&n, h, 0), VNUMA_E_INVAL);
	vnuma_hostinfo_free(h);
}

/* The running host: NULL options, and "/" as a root, agree. */
static void test_live(void **state)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *a = NULL, *b = NULL;
	vnuma_hostinfo_limits la = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	vnuma_error *e = NULL;

	(void)state;
	if (vnuma_host_probe(&a, NULL, &e))
		fail_msg("%s", vnuma_error_message(e));
	o.root = "/";
	if (vnuma_host_probe(&b, &o, &e))
		fail_msg("%s", vnuma_error_message(e));
	assert_int_equal(vnuma_hostinfo_node_count(a),
			 vnuma_hostinfo_node_count(b));
	if (access("/sys/devices/system/node/possible", F_OK) == 0)
		assert_true(vnuma_hostinfo_node_count(a) >= 1);
	assert_int_equal(vnuma_hostinfo_limits_get(&la, a), 0);
	assert_int_not_equal(la.mbind, VNUMA_HOSTINFO_SYSCALL_UNKNOWN);
	assert_int_not_equal(la.move_pages, VNUMA_HOSTINFO_SYSCALL_UNKNOWN);
	assert_true((la.mbind == VNUMA_HOSTINFO_SYSCALL_REFUSED) ==
		    (la.mbind_errno != 0));
	/* sched_getaffinity never leaves the mask empty. */
	assert_non_null(la.affinity);
	assert_true(strlen(la.affinity) > 0);
	vnuma_hostinfo_free(a);
	vnuma_hostinfo_free(b);
}

/*
 * In a child behind a seccomp filter that refuses mbind and move_pages
 * with EPERM, as a container's profile does: the probe says so.
 */
static void test_syscalls_refused(void **state)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mbind, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_move_pages, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		vnuma_hostinfo_limits l =
			VNUMA_INFO_INIT(vnuma_hostinfo_limits);
		vnuma_hostinfo *h = NULL;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
			_exit(2);
		if (vnuma_host_probe(&h, NULL, NULL) ||
		    vnuma_hostinfo_limits_get(&l, h))
			_exit(3);
		_exit(l.mbind == VNUMA_HOSTINFO_SYSCALL_REFUSED &&
				      l.mbind_errno == EPERM &&
				      l.move_pages ==
					      VNUMA_HOSTINFO_SYSCALL_REFUSED &&
				      l.move_pages_errno == EPERM ?
			      0 :
			      4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four),
		cmocka_unit_test(test_rooms),
		cmocka_unit_test(test_real1),
		cmocka_unit_test(test_bare),
		cmocka_unit_test(test_root_missing),
		cmocka_unit_test(test_malformed_fixture),
		cmocka_unit_test_setup_teardown(test_malformed_files, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ancestor_rooms, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cgroup2_elsewhere, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rooms_elsewhere, setup,
						teardown),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_syscalls_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
