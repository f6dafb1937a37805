/* SPDX-License-Identifier: MIT */
/*
 * The order in which preallocated huge pages are taken. Linux 6.1 takes a
 * hugetlb fault's page (mm/hugetlb.c dequeue_huge_page_vma, huge_node in
 * mm/mempolicy.c) from the free pages of the first node of the zonelist
 * that has one: for policy=bind among the policy's nodes only, for every
 * other policy from any node of the cpuset (interleave and preferred only
 * choose where the search starts; the default policy starts at the
 * faulting CPU's node). The policy's nodes are those of host-nodes that
 * were in cpuset.mems and had memory when mbind ran.
 *
 * Backends populated at once then race: a preferred or interleaved
 * backend may empty the one node a bound backend depends on, which then
 * fails, or not, depending on which thread faulted first. Populating in
 * passes, the backends bound to the fewest nodes that still have free
 * pages first and those that may use any node last, makes the outcome
 * that of the order, and it succeeds whenever every set of nodes has
 * the pages of the backends confined to it (the sets being nested, as
 * they are when they are the policy's nodes and "every node"). Preflight
 * checks exactly those sums (src/preflight/hugetlb.c check_populate).
 */
#include "host_internal.h"

#include <inttypes.h>
#include <linux/mempolicy.h>
#include <limits.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MASK_BITS 1024

/* Whether node has free huge pages of that size (or cannot be read). */
static bool node_has_free(uint64_t node, size_t page_size)
{
	char path[160];
	uint64_t v = 0;
	FILE *f;

	snprintf(path, sizeof(path),
		 "/sys/devices/system/node/node%" PRIu64
		 "/hugepages/hugepages-%zukB/free_hugepages",
		 node, page_size >> 10);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fscanf(f, "%" SCNu64, &v) != 1)
		v = 0;
	fclose(f);
	return v > 0;
}

unsigned vnuma__host_populate_pass(const struct vnuma__host_block *b)
{
	unsigned long mems[MASK_BITS / (8 * sizeof(unsigned long))] = { 0 };
	const size_t w = 8 * sizeof(unsigned long);
	bool known;
	unsigned k = 0;

	if (!b->hugetlb)
		return 0;
	if (b->policy != VNUMA__POLICY_BIND || !b->n_host_nodes)
		return UINT_MAX;
	known = !syscall(SYS_get_mempolicy, NULL, mems, MASK_BITS, NULL,
			 MPOL_F_MEMS_ALLOWED);
	for (size_t i = 0; i < b->n_host_nodes; i++) {
		uint64_t n = b->host_nodes[i];

		if (known && (n >= MASK_BITS || !(mems[n / w] >> (n % w) & 1)))
			continue;
		k += node_has_free(n, b->page_size);
	}
	/* Every pass of bound backends comes before those of any node. */
	return k < UINT_MAX - 1 ? k + 1 : UINT_MAX - 1;
}
