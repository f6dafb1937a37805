// SPDX-License-Identifier: MIT
/*
 * libvirt's start-time refusals that depend on the host, met when it
 * builds each guest node's memory backend: a hugetlbfs for the node's
 * page size, numad's advice for placement='auto', and host nodes that
 * exist. vnuma decides them as follows (tests/unit/test_libvirt_check.c
 * holds to it):
 *  - huge pages: libvirt wants a mounted hugetlbfs of the size. vnuma
 *    cannot know what will be mounted where the domain runs, and takes
 *    the sizes the host's architecture has (x86_64: 2 MiB and 1 GiB;
 *    aarch64 with 4 KiB pages: 64 KiB, 2 MiB, 32 MiB, 1 GiB) as mounted;
 *    the system page size is ordinary memory. Others are refused with
 *    libvirt's message.
 *  - placement='auto': libvirt asks numad at start; vnuma has no numad
 *    and refuses as libvirt does when it gets no advice.
 *  - host nodes: read from /sys/devices/system/node/online, node 0
 *    alone when that cannot be read (libvirt without NUMA support).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_internal.h"

static bool huge_size_known(uint64_t kib)
{
#if defined(__x86_64__) || defined(__i386__)
	return kib == 2048 || kib == 1048576;
#elif defined(__aarch64__)
	return kib == 64 || kib == 2048 || kib == 32768 || kib == 1048576;
#else
	(void)kib;
	return true;
#endif
}

int vnuma__lvc_hugetlbfs(struct lvc *c, const xmlNode *at, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);

	/* size 0 is the host's default huge page size: mounted */
	if (!size || (page > 0 && size == (uint64_t)page / 1024) ||
	    huge_size_known(size))
		return VNUMA_OK;
	return vnuma__libvirt_error(c->err, VNUMA_E_UNSUPPORTED,
				    "libvirt.hugetlbfs", at, NULL,
				    "internal error: Unable to find any usable "
				    "hugetlbfs mount for %llu KiB",
				    (unsigned long long)size);
}

/* the host's online nodes; *m NULL when out of memory */
static uint64_t *host_nodes(void)
{
	uint64_t *m = calloc(LVC_WORDS, sizeof(*m));
	char line[4096];
	FILE *f;
	char *p, *end;
	long lo, hi;

	if (!m)
		return NULL;
	f = fopen("/sys/devices/system/node/online", "re");
	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		m[0] = 1;
		return m;
	}
	fclose(f);
	for (p = line; *p >= '0' && *p <= '9';) {
		lo = strtol(p, &end, 10);
		hi = lo;
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		for (long i = lo; i <= hi && i < LVC_BITS; i++)
			m[i / 64] |= UINT64_C(1) << (i % 64);
		p = *end == ',' ? end + 1 : end;
	}
	return m;
}

/* the page size a guest node's memory gets (cell -1: no cells) */
static const struct lvc_page *page_of(const struct lvc *c, long cell)
{
	const struct lvc_page *master = NULL;

	for (size_t i = 0; i < c->npages; i++) {
		const struct lvc_page *p = &c->pages[i];

		if (!p->nodes)
			master = p;
		else if (vnuma__lvc_bit(p->nodes, cell < 0 ? 0 : (size_t)cell))
			return p;
	}
	return master;
}

static int unavailable(struct lvc *c, const xmlNode *at, const uint64_t *nodes,
		       const uint64_t *host)
{
	for (long n = vnuma__lvc_next(nodes, 0); n >= 0;
	     n = vnuma__lvc_next(nodes, (size_t)n + 1))
		if (!vnuma__lvc_bit(host, (size_t)n))
			return vnuma__libvirt_error(
				c->err, VNUMA_E_UNSUPPORTED,
				"libvirt.host-node",
				vnuma__lvc_child(c->dom, "numatune"), NULL,
				"unsupported configuration: NUMA node %ld is "
				"unavailable",
				n);
	return VNUMA_OK;
}

/*
 * One memory backend: its page size's hugetlbfs, then its host nodes,
 * which placement='auto' leaves to numad.
 */
static int backend(struct lvc *c, long cell)
{
	const struct lvc_page *page = page_of(c, cell);

	if (page) {
		int rc = vnuma__lvc_hugetlbfs(c, page->node, page->size);

		if (rc)
			return rc;
	}
	if ((cell < 0 || !c->cells[cell].memnode) && c->tune_specified &&
	    c->tune_auto)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_UNSUPPORTED, "libvirt.numad",
			vnuma__lvc_child(c->dom, "numatune"), NULL,
			"internal error: Advice from numad is needed in case "
			"of automatic numa placement");
	return VNUMA_OK;
}

/*
 * Without cells the guest's one backend comes with -m, its host nodes
 * checked as it is made; with cells every host node is checked first
 * (the domain's nodeset, then each cell's), then each cell's backend.
 */
int vnuma__lvc_start_memory(struct lvc *c)
{
	const xmlNode *tune = vnuma__lvc_child(c->dom, "numatune");
	uint64_t *host = host_nodes();
	int rc;

	if (!host)
		return vnuma__error_nomem(c->err);
	if (!c->ncells) {
		rc = backend(c, -1);
		if (!rc)
			rc = unavailable(c, tune, c->tune_nodes, host);
		free(host);
		return rc;
	}
	rc = unavailable(c, tune, c->tune_nodes, host);
	for (size_t i = 0; i < c->ncells && !rc; i++)
		rc = unavailable(c, tune, c->cells[i].memnode, host);
	free(host);
	for (size_t i = 0; i < c->ncells && !rc; i++)
		rc = backend(c, (long)i);
	return rc;
}

int vnuma__lvc_host_nodes(struct lvc *c, const xmlNode *at,
			  const uint64_t *nodes)
{
	uint64_t *host;
	int rc;

	if (!nodes)
		return VNUMA_OK;
	host = host_nodes();
	if (!host)
		return vnuma__error_nomem(c->err);
	rc = unavailable(c, at, nodes, host);
	free(host);
	return rc;
}
