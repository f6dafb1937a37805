/* SPDX-License-Identifier: MIT */
/*
 * Huge pages in plain mode (no --realize): the checks QEMU 7.2 makes
 * before mapping, from the host's huge page sizes and hugetlbfs mounts;
 * expected messages were taken from qemu-system-x86_64 7.2. The free
 * pool is never looked at, so these hold on hosts with none.
 */
#include "memory_fixture.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vnuma/vnuma.h"

static void one(struct fx *f, const char *text)
{
	fx_init(f);
	fx_add(f, "object", text);
	fx_backends(f);
}

static bool has_page_size(const char *kb)
{
	char path[96];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%s",
		 kb);
	return !stat(path, &st);
}

/* A size the kernel has no huge pages of: memfd_create() fails. */
static void memfd_unknown_page_size(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-memfd,id=m,size=256M,hugetlb=on,"
		"hugetlbsize=4K");
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "backend.memfd-page-size",
			NULL,
			"failed to create memfd with flags 0x30000007: No such "
			"device");
	assert_null(vnuma_error_option(f.e));
	fx_fini(&f);
	one(&f, "memory-backend-memfd,id=m,size=256M,hugetlb=on,"
		"hugetlbsize=4K,seal=off");
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "backend.memfd-page-size",
			NULL,
			"failed to create memfd with flags 0x30000005: No such "
			"device");
	fx_fini(&f);
	/* Without hugetlb=on the size is not used, as in QEMU. */
	one(&f, "memory-backend-memfd,id=m,size=256M,hugetlbsize=4K");
	assert_fx_ok(&f);
	fx_fini(&f);
}

/* ftruncate() to no multiple of the page size fails. */
static void memfd_size_not_multiple(void **state)
{
	struct fx f;

	(void)state;
	if (!has_page_size("2048kB"))
		skip();
	one(&f, "memory-backend-memfd,id=m,size=3M,hugetlb=on,hugetlbsize=2M");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.memfd-size", NULL,
			"failed to resize memfd to 3145728: Invalid argument");
	fx_fini(&f);
	/* A whole number of pages is fine, free or not. */
	one(&f, "memory-backend-memfd,id=m,size=64G,hugetlb=on,"
		"hugetlbsize=2M");
	assert_fx_ok(&f);
	fx_fini(&f);
	/* Checked before the policy, as QEMU allocates first. */
	one(&f, "memory-backend-memfd,id=m,size=3M,hugetlb=on,"
		"hugetlbsize=2M,host-nodes=0");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.memfd-size", NULL,
			"failed to resize memfd to 3145728: Invalid argument");
	fx_fini(&f);
}

/*
 * The backend's page size is the host's huge page: it aligns a memory
 * device and sets virtio-mem's smallest and default block.
 */
static void page_size_sets_alignment(void **state)
{
	struct fx f;

	(void)state;
	if (!has_page_size("1048576kB"))
		skip();
	fx_init(&f);
	f.prof.board = VNUMA__BOARD_Q35;
	f.m.ram_size = 1ull << 30;
	f.m.maxram_size = 8ull << 30;
	f.m.ram_slots = 1;
	f.m.devmem_base = 4ull << 30;
	f.m.devmem_size = 8ull << 30;
	fx_add(&f, "object", "memory-backend-ram,id=d,size=128M");
	fx_add(&f, "object", "memory-backend-memfd,id=h,size=2G,hugetlb=on,"
			     "hugetlbsize=1G");
	fx_add(&f, "device", "pc-dimm,memdev=d");
	fx_add(&f, "device", "virtio-mem-pci,memdev=h");
	fx_dimms(&f, 0);
	assert_fx_ok(&f);
	assert_int_equal(f.b.v[1].page_size, 1ull << 30);
	assert_int_equal(f.b.dimms[1].addr, 5ull << 30);
	assert_int_equal(f.b.dimms[1].block_size, 1ull << 30);
	fx_fini(&f);
	fx_init(&f);
	f.prof.board = VNUMA__BOARD_Q35;
	f.m.ram_size = 1ull << 30;
	f.m.maxram_size = 8ull << 30;
	f.m.devmem_base = 4ull << 30;
	f.m.devmem_size = 8ull << 30;
	fx_add(&f, "object", "memory-backend-memfd,id=h,size=2G,hugetlb=on,"
			     "hugetlbsize=1G");
	fx_add(&f, "device", "virtio-mem-pci,memdev=h,block-size=2M");
	fx_dimms(&f, 0);
	assert_fx_error(&f, VNUMA_E_RANGE, "virtio-mem.block-size-page",
			"block-size",
			"'block-size' property has to be at least the page size "
			"(0x40000000)");
	fx_fini(&f);
}

/* The first hugetlbfs mount of this host, or NULL. */
static char *hugetlbfs_mount(uint64_t *page)
{
	char dev[256], dir[512], type[64], opts[512];
	FILE *f = fopen("/proc/mounts", "r");
	char *found = NULL;

	while (f && !found &&
	       fscanf(f, "%255s %511s %63s %511s %*d %*d", dev, dir, type,
		      opts) == 4) {
		char *ps = strstr(opts, "pagesize=");

		if (strcmp(type, "hugetlbfs") || !ps)
			continue;
		*page = strtoull(ps + 9, NULL, 10) << 20;
		found = strdup(dir);
	}
	if (f)
		fclose(f);
	return found;
}

/* mem-path on hugetlbfs: align= and size against its page size. */
static void file_on_hugetlbfs(void **state)
{
	uint64_t page = 0;
	char *dir = hugetlbfs_mount(&page), text[800], want[200];
	struct fx f;

	(void)state;
	if (!dir || page < (2u << 20)) {
		free(dir);
		skip();
	}
	snprintf(text, sizeof(text),
		 "memory-backend-file,id=m,size=4K,mem-path=%s", dir);
	one(&f, text);
	snprintf(want, sizeof(want),
		 "memory size 0x1000 must be equal to or larger than page "
		 "size 0x%llx", (unsigned long long)page);
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.size-page", "size", want);
	fx_fini(&f);
	snprintf(text, sizeof(text),
		 "memory-backend-file,id=m,size=%lluM,align=1M,mem-path=%s/x",
		 (unsigned long long)(page >> 20), dir);
	one(&f, text);
	snprintf(want, sizeof(want),
		 "alignment 0x100000 must be multiples of page size 0x%llx",
		 (unsigned long long)page);
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.align-page", "align", want);
	fx_fini(&f);
	snprintf(text, sizeof(text),
		 "memory-backend-file,id=m,size=%lluM,mem-path=%s",
		 (unsigned long long)(page >> 20), dir);
	one(&f, text);
	assert_fx_ok(&f);
	assert_int_equal(f.b.v[0].page_size, page);
	fx_fini(&f);
	free(dir);
}

/* Other file systems: nothing to say before mapping. */
static void file_elsewhere(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-file,id=m,size=4K,mem-path=/tmp");
	assert_fx_ok(&f);
	fx_fini(&f);
}

/*
 * -machine dump-guest-core=off: QEMU madvise()s each RAM block
 * MADV_DONTDUMP, which fails on hugetlb memory of a length that is no
 * multiple of the huge page; QEMU says so in two bare lines, as it adds
 * the block (before the backend's own checks).
 */
static void dontdump_unaligned_hugetlb(void **state)
{
	uint64_t page = 0;
	char *dir = hugetlbfs_mount(&page), obj[600];
	const char *argv[] = { "-M", "q35,dump-guest-core=off", "-m",
			       "130M", "-object", obj, "-numa",
			       "node,memdev=m", NULL };
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	const vnuma_error *w;

	(void)state;
	if (!dir || page != (2u << 20)) {
		free(dir);
		skip();
	}
	/* 130M: 65 pages of 2M, a whole number: nothing to say. */
	snprintf(obj, sizeof(obj),
		 "memory-backend-file,id=m,size=130M,mem-path=%s", dir);
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	assert_int_equal(vnuma_config_add_argv(cfg, 8, argv, 0, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, NULL), VNUMA_OK);
	assert_int_equal(vnuma_topology_warning_count(t), 0);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	/* 129M and the policy wrong: the lines come before the error. */
	argv[3] = "129M";
	snprintf(obj, sizeof(obj),
		 "memory-backend-file,id=m,size=129M,mem-path=%s,policy=bind",
		 dir);
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	assert_int_equal(vnuma_config_add_argv(cfg, 8, argv, 0, NULL), 0);
	{
		vnuma_error *e = NULL;

		assert_int_equal(vnuma_topology_new(&t, cfg, &e),
				 VNUMA_E_MISSING);
		assert_int_equal(vnuma_error_warning_count(e), 2);
		w = vnuma_error_warning(e, 0);
		assert_true(vnuma_error_verbatim(w));
		assert_string_equal(vnuma_error_check(w),
				    "host.madvise-dontdump");
		assert_string_equal(vnuma_error_message(w),
				    "qemu_madvise: Invalid argument");
		w = vnuma_error_warning(e, 1);
		assert_true(vnuma_error_verbatim(w));
		assert_string_equal(vnuma_error_message(w),
				    "madvise doesn't support MADV_DONTDUMP, "
				    "but dump_guest_core=off specified");
		assert_false(vnuma_error_verbatim(e));
		vnuma_error_free(e);
	}
	vnuma_config_free(cfg);
	/* dump-guest-core on (the default): nothing. */
	argv[1] = "q35";
	snprintf(obj, sizeof(obj),
		 "memory-backend-file,id=m,size=129M,mem-path=%s", dir);
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	assert_int_equal(vnuma_config_add_argv(cfg, 8, argv, 0, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, NULL), VNUMA_OK);
	assert_int_equal(vnuma_topology_warning_count(t), 0);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	free(dir);
}

/*
 * Without a hugetlbfs mount, root mounts one for these tests (no pool is
 * needed: plain mode maps nothing) and takes it away again.
 */
static char mount_dir[64];

static int mount_hugetlbfs(void **state)
{
	uint64_t page;
	char *dir = hugetlbfs_mount(&page);

	(void)state;
	if (dir || geteuid() != 0) {
		free(dir);
		return 0;
	}
	snprintf(mount_dir, sizeof(mount_dir), "/tmp/vnuma-huge-XXXXXX");
	if (!mkdtemp(mount_dir))
		mount_dir[0] = '\0';
	else if (mount("none", mount_dir, "hugetlbfs", 0, "pagesize=2M")) {
		rmdir(mount_dir);
		mount_dir[0] = '\0';
	}
	return 0;
}

static int unmount_hugetlbfs(void **state)
{
	(void)state;
	if (mount_dir[0]) {
		umount(mount_dir);
		rmdir(mount_dir);
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memfd_unknown_page_size),
		cmocka_unit_test(memfd_size_not_multiple),
		cmocka_unit_test(page_size_sets_alignment),
		cmocka_unit_test(file_on_hugetlbfs),
		cmocka_unit_test(file_elsewhere),
		cmocka_unit_test(dontdump_unaligned_hugetlb),
	};

	return cmocka_run_group_tests(tests, mount_hugetlbfs,
				      unmount_hugetlbfs);
}
