/* SPDX-License-Identifier: MIT */
/*
 * What QEMU 7.2 finds out about a hugetlb backend before it maps it, from
 * facts of the host that do not change while it runs: the huge page sizes
 * the kernel has, and the page size of the file system under mem-path.
 * The free pool is not among them: QEMU (even with -S) fails at mmap when
 * it is short, but the pool changes from one moment to the next, so
 * vnuma looks at it only when it realizes the memory (hugetlb.c).
 */
#include "backend_check.h"

#include <inttypes.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "../util.h"

#ifndef MFD_HUGE_SHIFT
#define MFD_HUGE_SHIFT 26
#endif
/* memfd_create's MFD_CLOEXEC, MFD_ALLOW_SEALING and MFD_HUGETLB. */
#define MFD_CLOEXEC_ 0x1u
#define MFD_ALLOW_SEALING_ 0x2u
#define MFD_HUGETLB_ 0x4u

/* The host's default huge page size (/proc/meminfo), 0 if it has none. */
static uint64_t default_huge_page(void)
{
	char line[128];
	unsigned long kb = 0;
	FILE *f = fopen("/proc/meminfo", "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return (uint64_t)kb << 10;
}

/* Whether the kernel has huge pages of this size (a pool, maybe empty). */
static bool page_size_known(uint64_t ps)
{
	char path[96];
	struct stat st;

	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB", ps >> 10);
	return !stat(path, &st);
}

/*
 * The page size of the hugetlbfs that path (or, when it does not exist
 * yet, its directory) is on; 0 for any other file system.
 */
static uint64_t path_huge_page(const char *path)
{
	struct statfs fs;
	char *dir, *slash;
	int rc = statfs(path, &fs);

	if (rc) {
		dir = vnuma__strdup(path);
		slash = dir ? strrchr(dir, '/') : NULL;
		if (!slash) {
			rc = statfs(".", &fs);
		} else {
			slash[slash == dir] = '\0';
			rc = statfs(dir, &fs);
		}
		free(dir);
	}
	if (rc || (unsigned long)fs.f_type != HUGETLBFS_MAGIC)
		return 0;
	return (uint64_t)fs.f_bsize;
}

static int check_memfd(uint64_t *page_size,
		       const struct vnuma__view_backend *be,
		       const struct vnuma__loc *loc, vnuma_error **err)
{
	uint64_t ps = be->hugetlbsize ? be->hugetlbsize : default_huge_page();
	unsigned flags = MFD_CLOEXEC_ | MFD_HUGETLB_;

	if (be->seal)
		flags |= MFD_ALLOW_SEALING_;
	if (be->hugetlbsize)
		flags |= (unsigned)__builtin_ctzll(be->hugetlbsize)
			 << MFD_HUGE_SHIFT;
	/* memfd_create() knows no such page size: ENODEV. */
	if (be->hugetlbsize && !page_size_known(ps))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"backend.memfd-page-size", loc,
					"failed to create memfd with flags "
					"0x%x: No such device",
					flags);
	/* ftruncate() to a size that is no multiple of it: EINVAL. */
	if (ps && be->size % ps)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"backend.memfd-size", loc,
					"failed to resize memfd to %" PRIu64
					": Invalid argument",
					be->size);
	*page_size = ps;
	return VNUMA_OK;
}

static int check_file(uint64_t *page_size,
		      const struct vnuma__view_backend *be,
		      const struct vnuma__loc *loc, vnuma_error **err)
{
	uint64_t ps = path_huge_page(be->mem_path);
	uint64_t hp = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t size = be->size;
	struct vnuma__loc l = *loc;

	if (!ps)
		return VNUMA_OK;
	/* QEMU rounds the size to the base page first. */
	if (size % hp)
		size += hp - size % hp;
	l.key = "align";
	if (be->align % ps)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"backend.align-page", &l,
					"alignment 0x%" PRIx64 " must be "
					"multiples of page size 0x%" PRIx64,
					be->align, ps);
	l.key = "size";
	if (size < ps)
		return vnuma__error_set(
			err, VNUMA_E_RANGE, "backend.size-page", &l,
			"memory size 0x%" PRIx64 " must be "
			"equal to or larger than page size 0x%" PRIx64,
			size, ps);
	*page_size = ps;
	return VNUMA_OK;
}

int vnuma__host_backend_check(uint64_t *page_size,
			      const struct vnuma__view_backend *be,
			      const struct vnuma__loc *loc, vnuma_error **err)
{
	*page_size = 0;
	if (be->kind == VNUMA__BACKEND_MEMFD && be->hugetlb)
		return check_memfd(page_size, be, loc, err);
	if (be->kind == VNUMA__BACKEND_FILE && be->mem_path)
		return check_file(page_size, be, loc, err);
	return VNUMA_OK;
}

int vnuma__host_ram_block_warn(const struct vnuma__view_backend *be,
			       uint64_t page_size, bool dump_guest_core,
			       struct vnuma__warnings *w)
{
	uint64_t base = (uint64_t)sysconf(_SC_PAGESIZE);
	/* The block's length: the size rounded up to the base page. */
	uint64_t len = be->size + (base - be->size % base) % base;

	if (dump_guest_core || page_size <= base || !(len % page_size))
		return VNUMA_OK;
	if (vnuma__warn_verbatim(w, "host.madvise-dontdump",
				 "qemu_madvise: Invalid argument") ||
	    vnuma__warn_verbatim(w, "host.madvise-dontdump",
				 "madvise doesn't support MADV_DONTDUMP, but "
				 "dump_guest_core=off specified"))
		return VNUMA_E_NOMEM;
	return VNUMA_OK;
}
