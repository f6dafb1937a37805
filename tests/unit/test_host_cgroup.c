/* SPDX-License-Identifier: MIT */
/*
 * The memory cgroup room before preallocation, read from a tree that
 * stands for "/": /proc/self/cgroup, /proc/self/mountinfo and the cgroup
 * files, for cgroup v2, v1, both (hybrid: v1's memory wins), a mount
 * that shows a subtree (a cgroup namespace), and no limit at all. The
 * real host's cgroup and a realize refused by it are tested as root by
 * tests/host/faults.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/cgroup_mount.h"
#include "host/host_internal.h"

#define MiB ((uint64_t)1 << 20)

static char sys[64];

/* Writes text to sys/rel, making its directories. */
static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", sys, rel);
	for (char *p = path + strlen(sys) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(sys, sizeof(sys), "/tmp/vnuma-test-cg-XXXXXX");
	return mkdtemp(sys) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sys);
	return system(cmd);
}

static void room_of(struct vnuma__memcg_room *r)
{
	assert_int_equal(vnuma__memcg_room(r, sys), 0);
}

static void assert_dir(const struct vnuma__memcg_room *r, const char *rel)
{
	char want[512];

	snprintf(want, sizeof(want), "%s/%s", sys, rel);
	assert_non_null(r->dir);
	assert_string_equal(r->dir, want);
}

#define V2_MOUNT "30 25 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 " \
		 "rw,nsdelegate\n"

static void test_v2(void **state)
{
	struct vnuma__memcg_room r;

	(void)state;
	put("proc/self/cgroup", "0::/a/b\n");
	put("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
	    V2_MOUNT);
	put("sys/fs/cgroup/a/b/memory.max", "104857600\n");
	put("sys/fs/cgroup/a/b/memory.current", "31457280\n");
	/* page cache counts as room; shmem does not */
	put("sys/fs/cgroup/a/b/memory.stat", "anon 1000\nfile 20971520\n"
	    "shmem 10485760\nactive_file 4194304\ninactive_file 1048576\n");
	put("sys/fs/cgroup/a/memory.max", "max\n");
	put("sys/fs/cgroup/a/memory.current", "31457280\n");
	room_of(&r);
	assert_dir(&r, "sys/fs/cgroup/a/b");
	assert_int_equal(r.max, 100 * MiB);
	assert_int_equal(r.cur, 30 * MiB);
	assert_int_equal(r.cache, 5 * MiB);
	assert_int_equal(r.room, 75 * MiB);
	free(r.dir);

	/* an ancestor with less room is the one that counts */
	put("sys/fs/cgroup/a/memory.max", "52428800\n");
	put("sys/fs/cgroup/a/memory.current", "41943040\n");
	room_of(&r);
	assert_dir(&r, "sys/fs/cgroup/a");
	assert_int_equal(r.room, 10 * MiB);
	free(r.dir);

	/* usage above the limit (it was lowered): no room, not a wrap */
	put("sys/fs/cgroup/a/memory.current", "62914560\n");
	room_of(&r);
	assert_int_equal(r.room, 0);
	free(r.dir);

	/* no limit anywhere: nothing to check */
	put("sys/fs/cgroup/a/memory.max", "max\n");
	put("sys/fs/cgroup/a/b/memory.max", "max\n");
	room_of(&r);
	assert_null(r.dir);
	assert_true(r.room == UINT64_MAX);
}

static void test_v1_hybrid(void **state)
{
	struct vnuma__memcg_room r;

	(void)state;
	/* hybrid: the memory controller is v1's, v2 has none */
	put("proc/self/cgroup", "9:name=systemd:/\n4:memory:/x\n"
	    "1:cpu,cpuacct:/y\n0::/z\n");
	put("proc/self/mountinfo", V2_MOUNT
	    "40 30 0:35 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu,"
	    "cpuacct\n"
	    "41 30 0:36 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup "
	    "rw,memory\n");
	put("sys/fs/cgroup/z/memory.max", "1048576\n");
	put("sys/fs/cgroup/z/memory.current", "0\n");
	put("sys/fs/cgroup/memory/x/memory.limit_in_bytes", "67108864\n");
	put("sys/fs/cgroup/memory/x/memory.usage_in_bytes", "4194304\n");
	put("sys/fs/cgroup/memory/x/memory.stat", "cache 9\nactive_file 7\n"
	    "total_active_file 2097152\ntotal_inactive_file 0\n");
	/* v1's root: "no limit" is a huge number */
	put("sys/fs/cgroup/memory/memory.limit_in_bytes",
	    "9223372036854771712\n");
	put("sys/fs/cgroup/memory/memory.usage_in_bytes", "999999999\n");
	room_of(&r);
	assert_dir(&r, "sys/fs/cgroup/memory/x");
	assert_int_equal(r.room, 62 * MiB);
	assert_int_equal(r.cache, 2 * MiB);
	free(r.dir);
	/* unlimited in v1 too: nothing to check */
	put("sys/fs/cgroup/memory/x/memory.limit_in_bytes",
	    "9223372036854771712\n");
	room_of(&r);
	assert_null(r.dir);
	/* a v1 hierarchy of no controller: none, and no crash */
	{
		char *mnt, *sub;

		assert_int_equal(vnuma__cgroup_mount(&mnt, &sub, sys, false,
						     NULL),
				 0);
		assert_null(mnt);
		assert_null(sub);
		assert_int_equal(vnuma__cgroup_mount(&mnt, &sub, sys, false,
						     "memory"),
				 1);
		assert_string_equal(mnt, "/sys/fs/cgroup/memory");
		free(mnt);
		free(sub);
	}
}

/* A cgroup namespace: the mount shows the subtree /ns only. */
static void test_namespace(void **state)
{
	struct vnuma__memcg_room r;

	(void)state;
	put("proc/self/cgroup", "0::/ns/job\n");
	put("proc/self/mountinfo", "30 25 0:26 /ns /sys/fs/cgroup rw - "
	    "cgroup2 cgroup2 rw\n");
	put("sys/fs/cgroup/job/memory.max", "8388608\n");
	put("sys/fs/cgroup/job/memory.current", "4194304\n");
	room_of(&r);
	assert_dir(&r, "sys/fs/cgroup/job");
	assert_int_equal(r.room, 4 * MiB);
	free(r.dir);
	/* a path outside what is mounted: cannot be read, no check */
	put("proc/self/cgroup", "0::/other/job\n");
	room_of(&r);
	assert_null(r.dir);
}

static void test_no_cgroup(void **state)
{
	struct vnuma__memcg_room r;

	(void)state;
	put("proc/self/cgroup", "0::/a\n");
	put("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
	room_of(&r);
	assert_null(r.dir);
	assert_true(r.room == UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v1_hybrid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_namespace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_cgroup, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
