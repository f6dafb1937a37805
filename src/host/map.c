/* SPDX-License-Identifier: MIT */
/*
 * Mapping a backend's memory as QEMU 7.2 allocates a RAM block:
 * memory-backend-ram is anonymous memory, memory-backend-memfd a memfd,
 * memory-backend-file a file (or, for a directory, an unlinked temporary
 * file in it). fd-backed memory takes the page size of its file system
 * (hugetlbfs: the huge page size) and is checked against it with QEMU's
 * messages. Mappings are aligned (2 MiB for anonymous memory, so THP can
 * back it from the first byte; the page size or align= for files).
 */
#include "host_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "../kernel_list.h"
#include "../util.h"

#define ANON_ALIGN ((size_t)2 << 20)
#ifndef MFD_HUGE_SHIFT
#define MFD_HUGE_SHIFT 26
#endif

static size_t host_page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/*
 * Maps len bytes at an address aligned to align: a PROT_NONE reservation
 * of len + align, the real mapping over its aligned part, the rest given
 * back. errno is kept on failure.
 */
static void *map_aligned(size_t len, size_t align, int prot, int flags, int fd)
{
	uintptr_t start, at;
	size_t total;
	void *res, *p;
	int e;

	if (__builtin_add_overflow(len, align, &total)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	res = mmap(NULL, total, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		return MAP_FAILED;
	start = (uintptr_t)res;
	at = (start + align - 1) & ~(uintptr_t)(align - 1);
	p = mmap((void *)at, len, prot, flags | MAP_FIXED, fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		munmap(res, total);
		errno = e;
		return MAP_FAILED;
	}
	if (at > start)
		munmap(res, at - start);
	if (start + total > at + len)
		munmap((void *)(at + len), start + total - (at + len));
	return p;
}

/* QEMU's advice: THP where no hugetlb, KSM, and no core dump. */
static void advise(struct vnuma__host_block *b)
{
	/* Like QEMU, a kernel without THP or KSM is no error. */
	if (!b->hugetlb)
		(void)madvise(b->host, b->mapped, MADV_HUGEPAGE);
	if (b->merge)
		(void)madvise(b->host, b->mapped, MADV_MERGEABLE);
	if (!b->dump)
		(void)madvise(b->host, b->mapped, MADV_DONTDUMP);
}

static int map_anon(struct vnuma__host_block *b, vnuma_error **err)
{
	int flags = MAP_ANONYMOUS | (b->share ? MAP_SHARED : MAP_PRIVATE);
	void *p;

	if (!b->reserve)
		flags |= MAP_NORESERVE;
	b->page_size = host_page();
	b->mapped = (b->size + b->page_size - 1) & ~(b->page_size - 1);
	p = map_aligned(b->mapped, ANON_ALIGN, PROT_READ | PROT_WRITE, flags,
			-1);
	if (p == MAP_FAILED)
		return vnuma__error_set_errno(err, errno, "host.anon-map",
					      NULL,
					      "cannot set up guest memory "
					      "'%s'",
					      b->name);
	b->host = p;
	return VNUMA_OK;
}

/* A hugetlbfs mount's page size; 0 for any other file system. */
static size_t hugetlbfs_page(const struct statfs *fs)
{
	return (unsigned long)fs->f_type == HUGETLBFS_MAGIC ?
		       (size_t)fs->f_bsize :
		       0;
}

/* The fd's page size, as QEMU reads it: hugetlbfs tells its own. */
static size_t fd_page_size(int fd, bool *hugetlb, bool *tmpfs)
{
	struct statfs fs;
	size_t huge = 0;
	int rc;

	do {
		rc = fstatfs(fd, &fs);
	} while (rc && errno == EINTR);
	if (!rc)
		huge = hugetlbfs_page(&fs);
	*hugetlb = huge != 0;
	*tmpfs = !rc && (unsigned long)fs.f_type == TMPFS_MAGIC;
	return huge ? huge : host_page();
}

/* The host's default huge page size (memfd hugetlb=on without a size). */
static size_t default_huge_page(void)
{
	char line[128];
	unsigned long kb = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return (size_t)kb << 10;
}

/* A size without a pool is memfd_create's or mmap's error, as in QEMU. */
static bool host_has_pool(size_t page_size)
{
	char path[96];
	struct stat st;

	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%zukB", page_size >> 10);
	return !stat(path, &st);
}

/*
 * The file system a new file at path would be made on: its directory's.
 * false where path exists or its directory cannot be read.
 */
static bool new_file_fs(const char *path, struct statfs *fs)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	bool ok;

	if (!slash)
		return !statfs(".", fs);
	dir = slash == path ? vnuma__strdup("/") :
			      vnuma__strndup(path, (size_t)(slash - path));
	ok = dir && !statfs(dir, fs);
	free(dir);
	return ok;
}

size_t vnuma__host_planned_huge_page(const struct vnuma__host_block *b)
{
	struct statfs fs;
	struct stat st;
	size_t ps = 0;

	if (b->kind == VNUMA__BACKEND_MEMFD && b->memfd_hugetlb)
		ps = b->hugetlbsize ? b->hugetlbsize : default_huge_page();
	else if (b->kind == VNUMA__BACKEND_FILE && b->mem_path &&
		 !stat(b->mem_path, &st) && S_ISDIR(st.st_mode) &&
		 !statfs(b->mem_path, &fs))
		ps = hugetlbfs_page(&fs);
	/* A file that is not there yet, or an empty one, takes every page
	 * from the pool; one with a size may hold its pages already. */
	else if (b->kind == VNUMA__BACKEND_FILE && b->mem_path &&
		 stat(b->mem_path, &st) && errno == ENOENT &&
		 new_file_fs(b->mem_path, &fs))
		ps = hugetlbfs_page(&fs);
	else if (b->kind == VNUMA__BACKEND_FILE && b->mem_path &&
		 !stat(b->mem_path, &st) && S_ISREG(st.st_mode) &&
		 !st.st_size && !b->readonly && !statfs(b->mem_path, &fs))
		ps = hugetlbfs_page(&fs);
	return ps && host_has_pool(ps) ? ps : 0;
}

/*
 * A hugetlb mapping reserves its pages when it is made, from the free
 * pages of the nodes the process may use (its cpuset's) only: the pool
 * check before mapping counted the whole host's. Says how many those
 * nodes have.
 */
static void reserve_hint(size_t pages, size_t ps, vnuma_error **err)
{
	char allowed[512], path[128];
	uint64_t lo, hi;
	unsigned long long v, sum = 0;
	const char *s = allowed;
	FILE *f;

	if (!vnuma__mems_allowed(allowed, sizeof(allowed), ""))
		return;
	while ((s = vnuma__kernel_list_next(s, &lo, &hi))) {
		for (uint64_t n = lo; n <= hi && n < 4096; n++) {
			snprintf(path, sizeof(path),
				 "/sys/devices/system/node/node%" PRIu64
				 "/hugepages/hugepages-%zukB/free_hugepages",
				 n, ps >> 10);
			f = fopen(path, "re");
			if (f && fscanf(f, "%llu", &v) == 1)
				sum += v;
			if (f)
				fclose(f);
		}
	}
	if (sum < pages)
		vnuma__error_append_hint(err,
					 "it reserves %zu huge pages of %zu kB, "
					 "and the nodes this process may use "
					 "(%s) have %llu free\n",
					 pages, ps >> 10, allowed, sum);
}

/*
 * An fd's memory, as QEMU's qemu_ram_alloc_from_fd() and file_ram_alloc()
 * check and map it. Does not close fd on failure.
 */
static int map_fd(struct vnuma__host_block *b, int fd, uint64_t align,
		  vnuma_error **err)
{
	size_t hp = host_page(), size, ps;
	off_t file_size;
	int prot = PROT_READ | (b->readonly ? 0 : PROT_WRITE);
	int flags = b->share ? MAP_SHARED : MAP_PRIVATE;
	struct vnuma__loc loc = { .key = "size" };
	void *p;

	size = (b->size + hp - 1) & ~(hp - 1);
	file_size = lseek(fd, 0, SEEK_END);
	if (file_size > 0 && (uint64_t)file_size < size)
		return vnuma__error_set(err, VNUMA_E_RANGE, "host.file-size",
					&loc,
					"backing store size 0x%" PRIx64
					" does not match 'size' option 0x%zx",
					(uint64_t)file_size, size);
	ps = fd_page_size(fd, &b->hugetlb, &b->tmpfs);
	b->page_size = ps;
	loc.key = "align";
	if (align % ps)
		return vnuma__error_set(err, VNUMA_E_RANGE, "host.align-page",
					&loc,
					"alignment 0x%" PRIx64 " must be "
					"multiples of page size 0x%zx",
					align, ps);
	if (align & (align - 1))
		return vnuma__error_set(err, VNUMA_E_RANGE, "host.align-pow2",
					&loc,
					"alignment 0x%" PRIx64 " must be "
					"a power of two",
					align);
	loc.key = "size";
	if (size < ps)
		return vnuma__error_set(err, VNUMA_E_RANGE, "host.size-page",
					&loc,
					"memory size 0x%zx must be equal "
					"to or larger than page size 0x%zx",
					size, ps);
	size = (size + ps - 1) & ~(ps - 1);
	/* QEMU prints ftruncate's failure and lets mmap fail instead. */
	if (file_size == 0 && !b->readonly)
		b->grown = !ftruncate(fd, (off_t)size) && b->existing;
	if (!b->reserve)
		flags |= MAP_NORESERVE;
	p = map_aligned(size, align > ps ? (size_t)align : ps, prot, flags,
			fd);
	if (p == MAP_FAILED) {
		int e = errno, rc;

		rc = vnuma__error_set_errno(err, e, "host.fd-map", NULL,
					    "unable to map backing store for "
					    "guest RAM");
		if (e == ENOMEM && b->hugetlb && b->reserve)
			reserve_hint(size / ps, ps, err);
		return rc;
	}
	b->host = p;
	b->mapped = size;
	return VNUMA_OK;
}

static int map_memfd(struct vnuma__host_block *b, vnuma_error **err)
{
	unsigned flags = MFD_CLOEXEC;
	int seals = F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL;
	int rc;

	if (b->seal)
		flags |= MFD_ALLOW_SEALING;
	/* hugetlbsize without hugetlb=on is ignored, as by QEMU */
	if (b->memfd_hugetlb) {
		flags |= MFD_HUGETLB;
		if (b->hugetlbsize)
			flags |= (unsigned)__builtin_ctzll(b->hugetlbsize)
				 << MFD_HUGE_SHIFT;
	}
	b->fd = memfd_create("memory-backend-memfd", flags);
	if (b->fd < 0)
		return vnuma__error_set_errno(err, errno, "host.memfd-create",
					      NULL,
					      "failed to create memfd "
					      "with flags 0x%x",
					      flags);
	if (ftruncate(b->fd, (off_t)b->size))
		rc = vnuma__error_set_errno(err, errno, "host.memfd-resize",
					    NULL,
					    "failed to resize memfd to "
					    "%zu",
					    b->size);
	else if (b->seal && fcntl(b->fd, F_ADD_SEALS, seals))
		rc = vnuma__error_set_errno(err, errno, "host.memfd-seal",
					    NULL, "failed to add seals 0x%x",
					    (unsigned)seals);
	else
		rc = map_fd(b, b->fd, 0, err);
	return rc;
}

/*
 * QEMU's file_ram_open(): an existing file, a new one, or a directory.
 * Returns the fd, or -1 with *status set.
 */
static int open_file(struct vnuma__host_block *b, const char *path,
		     bool *created, int *status, vnuma_error **err)
{
	struct vnuma__loc loc = { .key = "mem-path" };
	char *tmpl;
	int fd;

	for (;;) {
		fd = open(path, (b->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (fd >= 0) {
			b->existing = true;
			return fd;
		}
		if (errno == ENOENT) {
			fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
				  0644);
			if (fd >= 0) {
				*created = true;
				return fd;
			}
		} else if (errno == EISDIR) {
			tmpl = vnuma__sprintf("%s/vnuma_back_mem.%s.XXXXXX",
					      path, b->name);
			if (!tmpl) {
				*status = vnuma__error_nomem(err);
				return -1;
			}
			for (char *c = tmpl + strlen(path) + 1; *c; c++)
				if (*c == '/')
					*c = '_';
			fd = mkostemp(tmpl, O_CLOEXEC);
			if (fd >= 0)
				unlink(tmpl);
			free(tmpl);
			if (fd >= 0)
				return fd;
		}
		/* Someone created it between the two opens: again. */
		if (errno != EEXIST && errno != EINTR)
			break;
	}
	*status = vnuma__error_set_errno(err, errno, "host.file-open", &loc,
					 "can't open backing store %s for "
					 "guest RAM",
					 path);
	return -1;
}

static int map_file(struct vnuma__host_block *b, vnuma_error **err)
{
	bool created = false;
	struct stat st;
	int rc;

	b->fd = open_file(b, b->mem_path, &created, &rc, err);
	if (b->fd < 0)
		return rc;
	if (created && !fstat(b->fd, &st)) {
		b->created = true;
		b->created_dev = (uint64_t)st.st_dev;
		b->created_ino = (uint64_t)st.st_ino;
	} else if (created) {
		/* Cannot tell it again later: remove it now, it is open. */
		unlink(b->mem_path);
	}
	rc = map_fd(b, b->fd, b->align, err);
	/* A file vnuma created goes again; one that was there stays. */
	if (rc)
		vnuma__host_remove_created(b);
	return rc;
}

void vnuma__host_remove_created(struct vnuma__host_block *b)
{
	struct stat st;

	/* Someone may have put another file there since: leave theirs. */
	if (b->created && b->mem_path && !lstat(b->mem_path, &st) &&
	    (uint64_t)st.st_dev == b->created_dev &&
	    (uint64_t)st.st_ino == b->created_ino)
		unlink(b->mem_path);
	b->created = false;
	if (b->grown && b->fd >= 0)
		(void)!ftruncate(b->fd, 0);
	b->grown = false;
}

int vnuma__host_map(struct vnuma__host_block *b, vnuma_error **err)
{
	int rc;

	b->fd = -1;
	if (!b->size)
		return vnuma__error_set(err, VNUMA_E_RANGE, "host.size-zero",
					NULL,
					"can't create backend with size "
					"0");
	if (b->kind == VNUMA__BACKEND_RAM)
		rc = map_anon(b, err);
	else if (b->kind == VNUMA__BACKEND_MEMFD)
		rc = map_memfd(b, err);
	else
		rc = map_file(b, err);
	if (rc) {
		if (b->fd >= 0)
			close(b->fd);
		b->fd = -1;
		return rc;
	}
	advise(b);
	return VNUMA_OK;
}

void vnuma__host_unmap(struct vnuma__host_block *b)
{
	if (b->host) {
		/* discard-data: the file's contents need not be written. */
		if (b->discard)
			(void)madvise(b->host, b->mapped, MADV_REMOVE);
		munmap(b->host, b->mapped);
	}
	if (b->fd >= 0)
		close(b->fd);
	b->host = NULL;
	b->fd = -1;
}
