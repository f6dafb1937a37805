/* SPDX-License-Identifier: MIT */
/* the host-wide huge page pools: reserved, surplus and overcommit */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../error_internal.h"
#include "hostinfo_internal.h"
#include "../util.h"

#define POOLS_DIR "/sys/kernel/mm/hugepages"

static int cmp_pool(const void *a, const void *b)
{
	const struct vnuma__hi_pool *x = a, *y = b;

	return (x->size > y->size) - (x->size < y->size);
}

/*
 * The counts of one pool. Each file is optional: an older kernel lacks
 * some, and a recorded tree may hold only the ones it was made for.
 */
static int read_pool(const struct vnuma_hostinfo *h, struct vnuma__hi_pool *p,
		     const char *dir, vnuma_error **err)
{
	static const char *const names[] = {
		"nr_hugepages",
		"free_hugepages",
		"resv_hugepages",
		"surplus_hugepages",
		"nr_overcommit_hugepages",
	};
	uint64_t *dst[] = { &p->total, &p->free, &p->resv, &p->surplus,
			    &p->over };

	for (size_t i = 0; i < 5; i++) {
		char *rel = vnuma__sprintf("%s/%s", dir, names[i]);
		bool present;
		int r;

		if (!rel)
			return vnuma__error_nomem(err);
		r = vnuma__hi_number(h, rel, false, dst[i], &present, err);
		free(rel);
		if (r)
			return r;
	}
	return 0;
}

int vnuma__hi_pools(struct vnuma_hostinfo *h, vnuma_error **err)
{
	char *path = vnuma__sprintf("%s" POOLS_DIR, h->root);
	size_t cap = 0;
	struct dirent *de;
	DIR *d;
	int r = 0, e;

	if (!path)
		return vnuma__error_nomem(err);
	d = opendir(path);
	e = errno;
	free(path);
	if (!d)
		return e == ENOENT || e == ENOTDIR ?
			       0 :
			       vnuma__error_set_errno(err, e,
						      "host.sysfs-read", NULL,
						      "cannot read %s",
						      POOLS_DIR);
	while (!r && (de = readdir(d))) {
		struct vnuma__hi_pool *p;
		uint64_t size;
		char *dir;

		if (strncmp(de->d_name, "hugepages-", 10))
			continue;
		if (!vnuma__hi_size(de->d_name + 10, &size)) {
			r = vnuma__hi_malformed(err, POOLS_DIR, de->d_name);
			break;
		}
		if (vnuma__grow(&h->pools, &cap, h->npools + 1,
				sizeof(*h->pools))) {
			r = vnuma__error_nomem(err);
			break;
		}
		p = &h->pools[h->npools++];
		memset(p, 0, sizeof(*p));
		p->size = size;
		dir = vnuma__sprintf(POOLS_DIR "/%s", de->d_name);
		r = dir ? read_pool(h, p, dir, err) : vnuma__error_nomem(err);
		free(dir);
	}
	closedir(d);
	if (!r && h->npools)
		qsort(h->pools, h->npools, sizeof(*h->pools), cmp_pool);
	return r;
}
