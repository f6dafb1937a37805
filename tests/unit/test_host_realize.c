/* SPDX-License-Identifier: MIT */
/*
 * vnuma_host_realize(): anonymous memory, the machine's own RAM, legacy
 * -numa mem=, DIMMs, unused backends, prealloc, the failure path (nothing
 * left mapped or open) and API misuse. Real mmap, no mocks.
 */
#include "host_realize_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "host/host_cpus.h"
#include "host/host_internal.h"

#define MiB ((uint64_t)1 << 20)

/* memory-backend-ram share=off: private anonymous memory, 2 regions. */
static void test_ram_private(void **state)
{
	struct hrun hr = HREALIZE("-m", "64M", "-object",
				  "memory-backend-ram,id=m0,size=64M",
				  "-numa", "node,memdev=m0");
	vnuma_host_region_info a, b;
	vnuma_host_block_info bl = VNUMA_INFO_INIT(vnuma_host_block_info);
	char perms[5];

	(void)state;
	assert_realized(hr);
	/* pc: [0, 640K) and [1M, 64M), both from the one backend */
	assert_int_equal(vnuma_host_region_count(hr.h), 2);
	a = hregion(&hr, 0);
	b = hregion(&hr, 1);
	assert_int_equal(a.guest_addr, 0);
	assert_int_equal(a.size, 0xa0000);
	assert_int_equal(b.guest_addr, MiB);
	assert_int_equal(b.size, 63 * MiB);
	assert_ptr_equal((char *)b.host_addr, (char *)a.host_addr + MiB);
	assert_int_equal(a.fd, -1);
	assert_int_equal(a.page_size, (uint64_t)sysconf(_SC_PAGESIZE));
	assert_string_equal(a.backend, "m0");
	assert_int_equal(a.node, 0);
	assert_false(a.hotpluggable);
	/* 2 MiB aligned so that THP can back it from its first byte */
	assert_int_equal((uintptr_t)a.host_addr % (2 * MiB), 0);
	assert_int_equal(vnuma_host_block_count(hr.h), 1);
	assert_int_equal(vnuma_host_block(&bl, hr.h, 0), 0);
	assert_int_equal(bl.size, 64 * MiB);
	assert_int_equal(bl.mapped, 64 * MiB);
	assert_false(bl.shared);
	assert_string_equal(bl.policy, "default");
	maps_of(a.host_addr, perms, NULL, 0);
	assert_string_equal(perms, "rw-p");
	hrun_free(&hr);
}

static void test_ram_shared(void **state)
{
	struct hrun hr = HREALIZE("-m", "64M", "-object",
				  "memory-backend-ram,id=m0,size=64M,share=on",
				  "-numa", "node,memdev=m0");
	char perms[5];

	(void)state;
	assert_realized(hr);
	maps_of(hregion(&hr, 0).host_addr, perms, NULL, 0);
	assert_string_equal(perms, "rw-s");
	hrun_free(&hr);
}

/* -m without memdev=: QEMU 7.2's own memory-backend-ram "pc.ram". */
static void test_implicit_ram(void **state)
{
	struct hrun hr = HREALIZE("-m", "32M");
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma_host_block_count(hr.h), 1);
	r = hregion(&hr, 1);
	assert_string_equal(r.backend, "pc.ram");
	assert_int_equal(r.node, -1);
	assert_int_equal(r.fd, -1);
	hrun_free(&hr);

	hr = HREALIZE("-M", "virt", "-m", "32M");
	assert_realized(hr);
	r = hregion(&hr, 0);
	assert_string_equal(r.backend, "mach-virt.ram");
	assert_int_equal(r.guest_addr, (uint64_t)1 << 30);
	hrun_free(&hr);
}

/* Legacy -numa mem=: one RAM block, the nodes at their RAM offsets. */
static void test_legacy_mem(void **state)
{
	struct hrun hr = HREALIZE("-M", "pc-i440fx-4.2", "-m", "128M",
				  "-numa", "node,mem=64M", "-numa",
				  "node,mem=64M");
	vnuma_host_region_info a, c;

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma_host_block_count(hr.h), 1);
	assert_int_equal(vnuma_host_region_count(hr.h), 3);
	a = hregion(&hr, 0);
	c = hregion(&hr, 2);
	assert_int_equal(c.node, 1);
	assert_int_equal(c.guest_addr, 64 * MiB);
	assert_ptr_equal((char *)c.host_addr, (char *)a.host_addr + 64 * MiB);
	assert_int_equal(c.block, a.block);
	hrun_free(&hr);
}

/* A pc-dimm's backend sits whole at the DIMM's address. */
static void test_dimm_and_unused(void **state)
{
	struct hrun hr = HREALIZE("-m", "64M,slots=2,maxmem=1G", "-object",
				  "memory-backend-ram,id=d,size=128M",
				  "-device", "pc-dimm,id=dimm0,memdev=d",
				  "-object",
				  "memory-backend-ram,id=spare,size=8M");
	vnuma_host_block_info bl = VNUMA_INFO_INIT(vnuma_host_block_info);
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);

	(void)state;
	assert_realized(hr);
	/* QEMU allocates every backend: d, spare, then pc.ram */
	assert_int_equal(vnuma_host_block_count(hr.h), 3);
	assert_int_equal(vnuma_host_block(&bl, hr.h, 1), 0);
	assert_string_equal(bl.backend, "spare");
	assert_non_null(bl.host_addr);
	r = hregion(&hr, vnuma_host_region_count(hr.h) - 1);
	assert_string_equal(r.backend, "d");
	assert_true(r.hotpluggable);
	assert_int_equal(r.size, 128 * MiB);
	assert_int_equal(r.block, 0);
	assert_int_equal(r.guest_addr, (uint64_t)4 << 30);
	for (size_t i = 0; i < vnuma_host_region_count(hr.h); i++)
		assert_string_not_equal(hregion(&hr, i).backend, "spare");
	hrun_free(&hr);
}

/* prealloc=on populates; without it (or with NO_PREALLOC) nothing is. */
static void test_prealloc(void **state)
{
	struct hrun hr = HREALIZE("-m", "16M", "-object",
				  "memory-backend-ram,id=m0,size=16M,"
				  "prealloc=on", "-numa", "node,memdev=m0");
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma_host_measure(hr.h, 0, NULL), 0);
	r = hregion(&hr, 1);
	assert_true(r.measured);
	assert_int_equal(r.absent_bytes, 0);
	hrun_free(&hr);

	hr = HREALIZE_FLAGS(VNUMA_HOST_NO_PREALLOC, "-m", "16M", "-object",
			    "memory-backend-ram,id=m0,size=16M,prealloc=on",
			    "-numa", "node,memdev=m0");
	assert_realized(hr);
	assert_int_equal(vnuma_host_measure(hr.h, 0, NULL), 0);
	r = hregion(&hr, 1);
	assert_int_equal(r.absent_bytes, r.size);
	assert_int_equal(r.n_placement, 0);
	hrun_free(&hr);

	/* -mem-prealloc reaches the machine's own RAM */
	hr = HREALIZE("-m", "16M", "-mem-prealloc");
	assert_realized(hr);
	assert_int_equal(vnuma_host_measure(hr.h, 0, NULL), 0);
	assert_int_equal(hregion(&hr, 1).absent_bytes, 0);
	hrun_free(&hr);
}

/*
 * prealloc-context: the block keeps its thread-context's CPUs (node 0's
 * from sysfs for node-affinity), which its preallocation threads are
 * pinned to (test_prealloc.c reads them from the running threads); a
 * backend without a context, or with one without affinity, has none.
 */
static void test_prealloc_context(void **state)
{
	struct hrun hr = HREALIZE("-m", "16M",
				  "-object", "memory-backend-ram,id=m0,size=8M,"
				  "prealloc=on,prealloc-context=tc",
				  "-object", "memory-backend-ram,id=m1,size=8M,"
				  "prealloc=on,prealloc-context=free",
				  "-object", "memory-backend-ram,id=m2,size=8M,"
				  "prealloc=on",
				  "-numa", "node,memdev=m0",
				  "-numa", "node,memdev=m1",
				  "-object",
				  "thread-context,id=tc,node-affinity=0",
				  "-object", "thread-context,id=free");
	uint16_t *cpus = NULL;
	size_t n = 0;

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma__host_node_cpus(0, &cpus, &n), 0);
	assert_string_equal(hr.h->blocks[0].id, "m0");
	assert_int_equal(hr.h->blocks[0].n_cpus, n);
	if (n)
		assert_memory_equal(hr.h->blocks[0].cpus, cpus,
				    n * sizeof(*cpus));
	assert_int_equal(hr.h->blocks[1].n_cpus, 0);
	assert_int_equal(hr.h->blocks[2].n_cpus, 0);
	assert_int_equal(vnuma_host_measure(hr.h, 0, NULL), 0);
	assert_int_equal(hregion(&hr, 1).absent_bytes, 0);
	free(cpus);
	hrun_free(&hr);
}

/*
 * A failure after earlier backends were mapped leaves nothing: the same
 * big mappings and descriptors as before (run once first, so that the
 * allocator's own arenas exist already).
 */
static void test_failure_unmaps_everything(void **state)
{
	const char *const argv[] = {
		"-m", "128M", "-object",
		"memory-backend-memfd,id=a,size=64M", "-object",
		"memory-backend-ram,id=b,size=64M,host-nodes=1,policy=bind",
		"-numa", "node,memdev=a", "-numa", "node,memdev=b", NULL
	};
	struct hrun hr = hrealize_opts(0, argv);
	char *before, *after;
	int fds;

	(void)state;
	assert_int_equal(hr.rc, VNUMA_E_HOST);
	hrun_free(&hr);
	before = big_maps(32 * MiB);
	fds = fd_count();
	hr = hrealize_opts(0, argv);
	assert_host_error(hr, VNUMA_E_HOST, "host.mbind", "host-nodes",
			  "cannot bind memory to host NUMA nodes: Invalid "
			  "argument");
	after = big_maps(32 * MiB);
	assert_string_equal(before, after);
	assert_int_equal(fd_count(), fds);
	free(before);
	free(after);
	hrun_free(&hr);
}

/*
 * A file realizing created in mem-path is removed when a later step
 * fails (here the bind, after the mapping); one that was there stays.
 */
static void test_failure_removes_created_file(void **state)
{
	char dir[] = "/dev/shm/vnuma-test-fail-XXXXXX", path[96], opt[200];
	const char *argv[] = { "-m", "8M", "-object", opt, "-numa",
			       "node,memdev=m", NULL };
	struct stat st;
	struct hrun hr;
	char *before;
	int fd, fds;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ram", dir);
	snprintf(opt, sizeof(opt), "memory-backend-file,id=m,size=8M,"
		 "mem-path=%s,share=on,prealloc=on,policy=bind,host-nodes=5",
		 path);
	before = big_maps(4 * MiB);
	fds = fd_count();
	hr = hrealize_opts(0, argv);
	assert_host_error(hr, VNUMA_E_HOST, "host.mbind", "host-nodes",
			  "cannot bind memory to host NUMA nodes: Invalid "
			  "argument");
	hrun_free(&hr);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	{
		char *after = big_maps(4 * MiB);

		assert_string_equal(before, after);
		free(after);
	}
	assert_int_equal(fd_count(), fds);
	/* a file that was there before is the caller's: it stays */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 8 * MiB), 0);
	close(fd);
	hr = hrealize_opts(0, argv);
	assert_int_equal(hr.rc, VNUMA_E_HOST);
	hrun_free(&hr);
	assert_int_equal(stat(path, &st), 0);
	unlink(path);
	rmdir(dir);
	free(before);
}

/*
 * The created file is removed only while the path still names it: a
 * file someone put there since is theirs.
 */
static void test_remove_created_only_ours(void **state)
{
	char dir[] = "/dev/shm/vnuma-test-ours-XXXXXX", path[96];
	struct vnuma__host_block b = { 0 };
	struct stat st;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ram", dir);
	b.mem_path = path;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	b.created = true;
	b.created_dev = (uint64_t)st.st_dev;
	b.created_ino = (uint64_t)st.st_ino;
	/* replaced: another file under the same name (ours stays open, so
	 * its inode number cannot be reused) */
	assert_int_equal(unlink(path), 0);
	close(open(path, O_RDWR | O_CREAT | O_EXCL, 0600));
	vnuma__host_remove_created(&b);
	assert_false(b.created);
	assert_int_equal(stat(path, &st), 0);
	close(fd);
	/* ours: removed */
	assert_int_equal(stat(path, &st), 0);
	b.created = true;
	b.created_dev = (uint64_t)st.st_dev;
	b.created_ino = (uint64_t)st.st_ino;
	vnuma__host_remove_created(&b);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	rmdir(dir);
}

/*
 * cancel set (as a signal handler would): preallocation stops, realize
 * fails with its own check and undoes everything, the created file too.
 * Version 1 options, which end before cancel, are still read.
 */
static void test_cancel(void **state)
{
	char dir[] = "/dev/shm/vnuma-test-cancel-XXXXXX", path[96];
	char opt[200];
	const char *argv[] = { "-m", "64M", "-object", opt, "-numa",
			       "node,memdev=m", NULL };
	vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
	volatile sig_atomic_t stop = 1;
	struct run r;
	vnuma_host *h = NULL;
	vnuma_error *e = NULL;
	struct stat st;
	char *before;
	int fds;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ram", dir);
	snprintf(opt, sizeof(opt), "memory-backend-file,id=m,size=64M,"
		 "mem-path=%s,share=on,prealloc=on", path);
	r = run_opts(0, argv);
	assert_ok(r);
	before = big_maps(32 * MiB);
	fds = fd_count();
	o.cancel = &stop;
	assert_int_equal(vnuma_host_realize(&h, r.t, NULL, &o, &e),
			 VNUMA_E_HOST);
	assert_null(h);
	assert_string_equal(vnuma_error_check(e), "host.prealloc-cancelled");
	assert_string_equal(vnuma_error_message(e), "memory backend 'm': "
			    "preallocation cancelled");
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(stat(path, &st), -1);
	{
		char *after = big_maps(32 * MiB);

		assert_string_equal(before, after);
		free(after);
	}
	assert_int_equal(fd_count(), fds);
	/* version 1: no cancel field, nothing cancels */
	o.version = 1;
	assert_int_equal(vnuma_host_realize(&h, r.t, NULL, &o, &e), 0);
	assert_non_null(h);
	vnuma_host_free(h);
	unlink(path);
	rmdir(dir);
	free(before);
	run_free(&r);
}

/* vnuma_host_free() releases everything too. */
static void test_free_unmaps_everything(void **state)
{
	struct hrun hr;
	char *before = big_maps(32 * MiB), *after;
	int fds = fd_count();

	(void)state;
	hr = HREALIZE("-m", "128M", "-object",
		      "memory-backend-memfd,id=a,size=64M", "-object",
		      "memory-backend-ram,id=b,size=64M", "-numa",
		      "node,memdev=a", "-numa", "node,memdev=b");
	assert_realized(hr);
	assert_int_equal(fd_count(), fds + 1);
	vnuma_host_free(hr.h);
	hr.h = NULL;
	after = big_maps(32 * MiB);
	assert_string_equal(before, after);
	assert_int_equal(fd_count(), fds);
	free(before);
	free(after);
	hrun_free(&hr);
}

/* QEMU 7.2 segfaults populating a read-only file: vnuma refuses. */
static void test_readonly_prealloc(void **state)
{
	char path[] = "/tmp/vnuma-test-ro-XXXXXX", opt[128];
	int fd = mkstemp(path);
	struct hrun hr;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4 * MiB), 0);
	close(fd);
	snprintf(opt, sizeof(opt), "memory-backend-file,id=m,size=4M,"
		 "mem-path=%s,readonly=on,prealloc=on", path);
	hr = HREALIZE("-m", "4M", "-object", opt, "-numa", "node,memdev=m");
	assert_host_error(hr, VNUMA_E_CONFLICT, "host.readonly-prealloc",
			  "prealloc", "memory backend m: 'prealloc=on' and "
			  "'readonly=on' are incompatible");
	hrun_free(&hr);
	unlink(path);
}

static void test_misuse(void **state)
{
	struct hrun hr = HREALIZE("-m", "4M");
	vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);
	vnuma_host_block_info b = VNUMA_INFO_INIT(vnuma_host_block_info);
	vnuma_host_timing tm = VNUMA_INFO_INIT(vnuma_host_timing);
	vnuma_host *h = (vnuma_host *)&o;
	vnuma_error *e = NULL;

	(void)state;
	assert_realized(hr);
	assert_int_equal(vnuma_host_realize(NULL, hr.r.t, NULL, NULL, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(vnuma_host_realize(&h, NULL, NULL, NULL, NULL),
			 VNUMA_E_INVAL);
	assert_null(h);
	o.version = 99;
	assert_int_equal(vnuma_host_realize(&h, hr.r.t, NULL, &o, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_message(e),
			    "unknown options version 99");
	vnuma_error_free(e);
	e = NULL;
	o.version = VNUMA_HOST_OPTIONS_VERSION;
	o.flags = 0x80;
	assert_int_equal(vnuma_host_realize(&h, hr.r.t, NULL, &o, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_message(e), "unknown flags 0x80");
	vnuma_error_free(e);
	assert_int_equal(vnuma_host_measure(NULL, 0, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_measure(hr.h, 0x10, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_region(&r, NULL, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_region(NULL, hr.h, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_region(&r, hr.h, 99), VNUMA_E_RANGE);
	assert_int_equal(vnuma_host_block(&b, hr.h, 99), VNUMA_E_RANGE);
	assert_int_equal(vnuma_host_block(&b, NULL, 0), VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_timing_get(&tm, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_timing_get(NULL, hr.h), VNUMA_E_INVAL);
	assert_int_equal(vnuma_host_region_count(NULL), 0);
	assert_int_equal(vnuma_host_block_count(NULL), 0);
	vnuma_host_free(NULL);
	hrun_free(&hr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ram_private),
		cmocka_unit_test(test_ram_shared),
		cmocka_unit_test(test_implicit_ram),
		cmocka_unit_test(test_legacy_mem),
		cmocka_unit_test(test_dimm_and_unused),
		cmocka_unit_test(test_prealloc),
		cmocka_unit_test(test_prealloc_context),
		cmocka_unit_test(test_failure_unmaps_everything),
		cmocka_unit_test(test_free_unmaps_everything),
		cmocka_unit_test(test_failure_removes_created_file),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_remove_created_only_ours),
		cmocka_unit_test(test_readonly_prealloc),
		cmocka_unit_test(test_misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
