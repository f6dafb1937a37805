/* SPDX-License-Identifier: MIT */
/*
 * memory-backend-memfd and memory-backend-file realized on this host,
 * with QEMU 7.2's messages where the host refuses (each one checked with
 * qemu-system-x86_64 -object ... -S). The hugetlb cases set up a pool and
 * a hugetlbfs mount themselves and restore them, or skip (not root).
 */
#include "host_realize_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define MiB ((uint64_t)1 << 20)

static void test_memfd(void **state)
{
	struct hrun hr = HREALIZE("-m", "64M", "-object",
				  "memory-backend-memfd,id=m,size=64M",
				  "-numa", "node,memdev=m");
	vnuma_host_region_info a, b;
	char perms[5], name[128];

	(void)state;
	assert_realized(hr);
	a = hregion(&hr, 0);
	b = hregion(&hr, 1);
	assert_true(a.fd >= 0);
	assert_int_equal(b.fd, a.fd);
	assert_int_equal(b.fd_offset, MiB);
	/* share=on and seal=on are memfd's defaults */
	maps_of(a.host_addr, perms, name, sizeof(name));
	assert_string_equal(perms, "rw-s");
	assert_non_null(strstr(name, "memfd:memory-backend-memfd"));
	assert_int_equal(fcntl(a.fd, F_GET_SEALS),
			 F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
	hrun_free(&hr);

	hr = HREALIZE("-m", "64M", "-object",
		      "memory-backend-memfd,id=m,size=64M,seal=off,share=off",
		      "-numa", "node,memdev=m");
	assert_realized(hr);
	a = hregion(&hr, 0);
	/* without MFD_ALLOW_SEALING the memfd is born sealed against seals */
	assert_int_equal(fcntl(a.fd, F_GET_SEALS), F_SEAL_SEAL);
	maps_of(a.host_addr, perms, NULL, 0);
	assert_string_equal(perms, "rw-p");
	hrun_free(&hr);
}

/* A directory: a temporary file in it, unlinked at once. */
static void test_file_directory(void **state)
{
	char dir[] = "/tmp/vnuma-test-dir-XXXXXX", opt[160], perms[5];
	char name[256];
	struct hrun hr;
	DIR *d;
	struct dirent *de;
	int entries = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(opt, sizeof(opt),
		 "memory-backend-file,id=m,size=8M,mem-path=%s", dir);
	hr = HREALIZE("-m", "8M", "-object", opt, "-numa", "node,memdev=m");
	assert_realized(hr);
	assert_true(hregion(&hr, 0).fd >= 0);
	maps_of(hregion(&hr, 0).host_addr, perms, name, sizeof(name));
	assert_string_equal(perms, "rw-p");
	assert_non_null(strstr(name, "vnuma_back_mem.m."));
	assert_non_null(strstr(name, "(deleted)"));
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)))
		entries += de->d_name[0] != '.';
	closedir(d);
	assert_int_equal(entries, 0);
	hrun_free(&hr);
	rmdir(dir);
}

/* A file that does not exist is created, and stays, as with QEMU. */
static void test_file_created(void **state)
{
	char dir[] = "/tmp/vnuma-test-new-XXXXXX", opt[200], path[100];
	char perms[5];
	struct stat st;
	struct hrun hr;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ram", dir);
	snprintf(opt, sizeof(opt), "memory-backend-file,id=m,size=8M,"
		 "mem-path=%s,share=on", path);
	hr = HREALIZE("-m", "8M", "-object", opt, "-numa", "node,memdev=m");
	assert_realized(hr);
	maps_of(hregion(&hr, 0).host_addr, perms, NULL, 0);
	assert_string_equal(perms, "rw-s");
	hrun_free(&hr);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 8 * MiB);
	unlink(path);
	rmdir(dir);
}

static void test_file_errors(void **state)
{
	char path[] = "/tmp/vnuma-test-small-XXXXXX", opt[200];
	int fd = mkstemp(path);
	struct stat st;
	struct hrun hr;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 2 * MiB), 0);
	close(fd);
	snprintf(opt, sizeof(opt),
		 "memory-backend-file,id=m,size=4M,mem-path=%s", path);
	hr = HREALIZE("-m", "4M", "-object", opt, "-numa", "node,memdev=m");
	assert_host_error(hr, VNUMA_E_RANGE, "host.file-size", "size",
			  "backing store size 0x200000 does not match 'size' "
			  "option 0x400000");
	hrun_free(&hr);
	/* a file that was there stays */
	assert_int_equal(stat(path, &st), 0);
	unlink(path);

	hr = HREALIZE("-m", "4M", "-object",
		      "memory-backend-file,id=m,size=4M,"
		      "mem-path=/nonexistent-vnuma/dir",
		      "-numa", "node,memdev=m");
	assert_host_error(hr, VNUMA_E_HOST, "host.file-open", "mem-path",
			  "can't open backing store /nonexistent-vnuma/dir "
			  "for guest RAM: No such file or directory");
	assert_int_equal(vnuma_error_errno(hr.e), ENOENT);
	hrun_free(&hr);

	hr = HREALIZE("-m", "4M", "-object",
		      "memory-backend-file,id=m,size=4M,mem-path=/tmp,"
		      "align=6M", "-numa", "node,memdev=m");
	assert_host_error(hr, VNUMA_E_RANGE, "host.align-pow2", "align",
			  "alignment 0x600000 must be a power of two");
	hrun_free(&hr);

	/* -mem-path for the machine's own RAM: no fallback in 7.2 */
	hr = HREALIZE("-m", "4M", "-mem-path", "/nonexistent-vnuma/x");
	assert_host_error(hr, VNUMA_E_HOST, "host.file-open", "mem-path",
			  "can't open backing store /nonexistent-vnuma/x for "
			  "guest RAM: No such file or directory");
	hrun_free(&hr);
}

/* -mem-path DIR: the machine's RAM is a file backend named pc.ram. */
static void test_mem_path(void **state)
{
	char dir[] = "/tmp/vnuma-test-mp-XXXXXX", name[256], perms[5];
	struct hrun hr;

	(void)state;
	assert_non_null(mkdtemp(dir));
	hr = HREALIZE("-m", "8M", "-mem-path", dir);
	assert_realized(hr);
	assert_string_equal(hregion(&hr, 0).backend, "pc.ram");
	maps_of(hregion(&hr, 0).host_addr, perms, name, sizeof(name));
	assert_non_null(strstr(name, "vnuma_back_mem.pc.ram."));
	hrun_free(&hr);
	rmdir(dir);
}

/* A pool of huge pages and a hugetlbfs mount, restored afterwards. */
struct pool {
	char old[32];
	char dir[64];
	bool mounted;
};

static int pool_setup(void **state)
{
	static struct pool p;
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "r+");

	memset(&p, 0, sizeof(p));
	*state = NULL;
	if (!f || geteuid() != 0) {
		if (f)
			fclose(f);
		return 0;
	}
	if (!fgets(p.old, sizeof(p.old), f))
		p.old[0] = '\0';
	fclose(f);
	f = fopen("/proc/sys/vm/nr_hugepages", "w");
	if (!f || fputs("16\n", f) < 0 || fclose(f))
		return 0;
	snprintf(p.dir, sizeof(p.dir), "/tmp/vnuma-test-huge-XXXXXX");
	if (mkdtemp(p.dir) && !mount("none", p.dir, "hugetlbfs", 0, NULL))
		p.mounted = true;
	*state = &p;
	return 0;
}

static int pool_teardown(void **state)
{
	struct pool *p = *state;
	FILE *f;

	if (!p)
		return 0;
	if (p->mounted)
		umount(p->dir);
	rmdir(p->dir);
	f = fopen("/proc/sys/vm/nr_hugepages", "w");
	if (f) {
		fputs(p->old[0] ? p->old : "0\n", f);
		fclose(f);
	}
	return 0;
}

static void test_hugetlb(void **state)
{
	struct pool *p = *state;
	char opt[200];
	struct hrun hr;
	struct run pr;
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);
	vnuma_host_block_info b = VNUMA_INFO_INIT(vnuma_host_block_info);

	if (!p || !p->mounted) {
		print_message("skipped: no hugetlb pool and hugetlbfs mount "
			      "(needs root)\n");
		skip();
	}
	hr = HREALIZE("-m", "4M", "-object",
		      "memory-backend-memfd,id=m,size=4M,hugetlb=on,"
		      "prealloc=on", "-numa", "node,memdev=m");
	assert_realized(hr);
	r = hregion(&hr, 0);
	assert_int_equal(r.page_size, 2 * MiB);
	assert_int_equal(vnuma_host_block(&b, hr.h, 0), 0);
	assert_true(b.hugetlb);
	assert_int_equal(vnuma_host_measure(hr.h, 0, NULL), 0);
	assert_int_equal(hregion(&hr, 0).absent_bytes, 0);
	hrun_free(&hr);

	/* 3M on hugetlbfs: mapped as 4M, as QEMU rounds up */
	snprintf(opt, sizeof(opt),
		 "memory-backend-file,id=m,size=3M,mem-path=%s", p->dir);
	hr = HREALIZE("-m", "3M", "-object", opt, "-numa", "node,memdev=m");
	assert_realized(hr);
	assert_int_equal(vnuma_host_block(&b, hr.h, 0), 0);
	assert_int_equal(b.size, 3 * MiB);
	assert_int_equal(b.mapped, 4 * MiB);
	hrun_free(&hr);

	/*
	 * What the page size settles is refused before realizing, as a
	 * configuration QEMU 7.2 rejects (src/host/backend_check.c).
	 */
	snprintf(opt, sizeof(opt),
		 "memory-backend-file,id=m,size=1M,mem-path=%s", p->dir);
	pr = RUN("-m", "1M", "-object", opt, "-numa", "node,memdev=m");
	assert_rejected(pr, VNUMA_E_RANGE, "backend.size-page", "size",
			"memory size 0x100000 must be equal to or larger "
			"than page size 0x200000");
	run_free(&pr);

	snprintf(opt, sizeof(opt), "memory-backend-file,id=m,size=4M,"
		 "mem-path=%s,align=1M", p->dir);
	pr = RUN("-m", "4M", "-object", opt, "-numa", "node,memdev=m");
	assert_rejected(pr, VNUMA_E_RANGE, "backend.align-page", "align",
			"alignment 0x100000 must be multiples of page size "
			"0x200000");
	run_free(&pr);

	pr = RUN("-m", "3M", "-object",
		 "memory-backend-memfd,id=m,size=3M,hugetlb=on",
		 "-numa", "node,memdev=m");
	assert_rejected(pr, VNUMA_E_RANGE, "backend.memfd-size", NULL,
			"failed to resize memfd to 3145728: Invalid argument");
	run_free(&pr);
}

/*
 * More than the pool holds (64M, prealloc=on, 16 free pages): refused
 * before anything is mapped, with the pages needed and free, where the
 * kernel's reservation at mmap would only say ENOMEM (QEMU 7.2's
 * "unable to map backing store for guest RAM: Cannot allocate memory").
 * Nothing stays mapped or open.
 */
static void test_hugetlb_pool_short(void **state)
{
	struct pool *p = *state;
	const char *const argv[] = {
		"-m", "64M", "-object",
		"memory-backend-memfd,id=m,size=64M,hugetlb=on,prealloc=on",
		"-numa", "node,memdev=m", NULL
	};
	struct hrun hr;
	char *before, *after;
	int fds;

	if (!p || !p->mounted) {
		print_message("skipped: no hugetlb pool (needs root)\n");
		skip();
	}
	before = big_maps(16 * MiB);
	fds = fd_count();
	hr = hrealize_opts(0, argv);
	assert_host_error(hr, VNUMA_E_HOST, "host.hugetlb-free", NULL,
			  "memory backend 'm' needs 32 huge pages of 2048 kB "
			  "on the host, but only 16 are free");
	after = big_maps(16 * MiB);
	assert_string_equal(before, after);
	assert_int_equal(fd_count(), fds);
	free(before);
	free(after);
	hrun_free(&hr);
}

/* A huge page size the host does not have: memfd_create refuses. */
static void test_hugetlbsize_unsupported(void **state)
{
	/* Known before realizing: the kernel has no 4M huge pages. */
	struct run pr = RUN("-m", "4M", "-object",
			    "memory-backend-memfd,id=m,size=4M,"
			    "hugetlb=on,hugetlbsize=4M",
			    "-numa", "node,memdev=m");

	(void)state;
	assert_rejected(pr, VNUMA_E_UNSUPPORTED, "backend.memfd-page-size",
			NULL,
			"failed to create memfd with flags 0x58000007: No "
			"such device");
	run_free(&pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memfd),
		cmocka_unit_test(test_file_directory),
		cmocka_unit_test(test_file_created),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_mem_path),
		cmocka_unit_test_setup_teardown(test_hugetlb, pool_setup,
						pool_teardown),
		cmocka_unit_test_setup_teardown(test_hugetlb_pool_short,
						pool_setup, pool_teardown),
		cmocka_unit_test(test_hugetlbsize_unsupported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
