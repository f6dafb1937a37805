/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "thp.h"

/*
 * How much of a range got huge pages. /proc/self/smaps gives, per mapping,
 * the bytes mapped by huge pages (AnonHugePages, ShmemPmdMapped,
 * FilePmdMapped; *_Hugetlb for hugetlb mappings): exact and cheap (one
 * read of smaps, about 0.1 ms for a few hundred mappings) when the range
 * covers whole mappings, which is how regions are mapped. A mapping only
 * partly inside the range (the kernel merged it with a neighbour) is
 * counted page by page: hugetlb by mincore, THP through /proc/self/pagemap
 * and /proc/kpageflags where readable (root), else in proportion to the
 * part of the mapping inside the range (an estimate).
 */

#define KPF_THP_BIT 22
#define PM_PRESENT (1ull << 63)
#define PM_PFN_MASK ((1ull << 55) - 1)
#define THP_SIZE ((uintptr_t)2 << 20)

struct vma {
	uintptr_t lo, hi;
	uint64_t kps;	  /* KernelPageSize, bytes */
	uint64_t huge;	  /* PMD-mapped THP bytes */
	uint64_t hugetlb; /* hugetlb bytes */
};

/* Resident bytes of a hugetlb range, by mincore (one entry per 4 KiB). */
static int hugetlb_resident(uintptr_t lo, uintptr_t hi, uint64_t *out)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), np = (hi - lo) / pg, i;
	unsigned char *v = malloc(np ? np : 1);

	if (!v)
		return ENOMEM;
	if (mincore((void *)lo, hi - lo, v)) {
		free(v);
		return errno;
	}
	for (i = 0; i < np; i++)
		if (v[i] & 1)
			*out += pg;
	free(v);
	return 0;
}

/* THP bytes of [lo, hi) by page flags; ENOENT/EACCES if not readable. */
static int thp_exact(uintptr_t lo, uintptr_t hi, uint64_t *out)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t b, s, e;
	uint64_t ent, flags, sum = 0;
	int pm, kf, rc = 0;

	pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pm < 0)
		return errno;
	kf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (kf < 0) {
		rc = errno;
		close(pm);
		return rc;
	}
	for (b = lo & ~(THP_SIZE - 1); b < hi; b += THP_SIZE) {
		s = b < lo ? lo : b;
		e = b + THP_SIZE > hi ? hi : b + THP_SIZE;
		if (pread(pm, &ent, 8, (off_t)(s / pg * 8)) != 8) {
			rc = EIO;
			break;
		}
		if (!(ent & PM_PRESENT))
			continue;
		if (!(ent & PM_PFN_MASK)) { /* PFNs hidden: not root */
			rc = EACCES;
			break;
		}
		if (pread(kf, &flags, 8, (off_t)((ent & PM_PFN_MASK) * 8)) !=
		    8) {
			rc = EIO;
			break;
		}
		if (flags >> KPF_THP_BIT & 1)
			sum += e - s;
	}
	close(kf);
	close(pm);
	if (!rc)
		*out += sum;
	return rc;
}

static int add_vma(const struct vma *v, uintptr_t lo, uintptr_t hi,
		   uint64_t *out)
{
	uintptr_t s = v->lo > lo ? v->lo : lo, e = v->hi < hi ? v->hi : hi;
	int rc;

	if (s >= e)
		return 0;
	if (s == v->lo && e == v->hi) {
		*out += v->kps > 4096 ? v->hugetlb : v->huge;
		return 0;
	}
	if (v->kps > 4096)
		return hugetlb_resident(s, e, out);
	if (!v->huge)
		return 0;
	rc = thp_exact(s, e, out);
	if (rc == EACCES || rc == ENOENT || rc == EPERM) {
		*out += (uint64_t)((double)v->huge * (double)(e - s) /
				   (double)(v->hi - v->lo));
		rc = 0;
	}
	return rc;
}

static bool field(const char *line, const char *name, uint64_t *kb)
{
	size_t n = strlen(name);

	if (strncmp(line, name, n) || line[n] != ':')
		return false;
	*kb = strtoull(line + n + 1, NULL, 10);
	return true;
}

int vnuma__huge_bytes(const void *addr, size_t size, uint64_t *out,
		      vnuma_error **err)
{
	uintptr_t lo = (uintptr_t)addr, hi = lo + size;
	struct vma v = { 0 };
	bool have = false;
	char *line = NULL;
	size_t cap = 0;
	uint64_t kb;
	FILE *f;
	int rc = 0;

	if (!out)
		return VNUMA_E_INVAL;
	*out = 0;
	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return vnuma__error_set_errno(err, errno, "host.huge-bytes",
					      NULL, "cannot read %s",
					      "/proc/self/smaps");
	while (!rc && getline(&line, &cap, f) > 0) {
		uintptr_t a, b;

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " ", &a, &b) == 2 &&
		    strchr(line, ' ') > strchr(line, '-')) {
			if (have)
				rc = add_vma(&v, lo, hi, out);
			memset(&v, 0, sizeof(v));
			v.lo = a;
			v.hi = b;
			have = true;
		} else if (field(line, "KernelPageSize", &kb)) {
			v.kps = kb << 10;
		} else if (field(line, "AnonHugePages", &kb) ||
			   field(line, "ShmemPmdMapped", &kb) ||
			   field(line, "FilePmdMapped", &kb)) {
			v.huge += kb << 10;
		} else if (field(line, "Shared_Hugetlb", &kb) ||
			   field(line, "Private_Hugetlb", &kb)) {
			v.hugetlb += kb << 10;
		}
	}
	if (!rc && have)
		rc = add_vma(&v, lo, hi, out);
	free(line);
	fclose(f);
	if (rc == ENOMEM)
		return vnuma__error_nomem(err);
	if (rc)
		return vnuma__error_set_errno(err, rc, "host.huge-bytes", NULL,
					      "cannot tell the huge pages of "
					      "%p+0x%zx",
					      addr, size);
	return 0;
}
