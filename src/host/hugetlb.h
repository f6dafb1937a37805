/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_HUGETLB_H
#define VNUMA_HOST_HUGETLB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../error_internal.h"

/*
 * What a hugetlb region needs from the host's pool: pages of page_size,
 * on host_node (-1: any node, the policy does not bind).
 */
struct vnuma__hugetlb_need {
	size_t page_size;
	int host_node;
	uint64_t pages;
	const char *name;
};

/*
 * Compares the needs, summed per (page size, node), with the free huge
 * pages the host reports (sysfs), before any page is touched. The message
 * says how many pages are free and how many are needed.
 * Errors: VNUMA_E_HOST.
 */
int vnuma__hugetlb_precheck(const struct vnuma__hugetlb_need *need, size_t n,
			    vnuma_error **err);
/*
 * The same; before_mapping: nothing of this realization is mapped yet,
 * so the host's pool counts less what other mappings have reserved
 * (resv_hugepages).
 */
int vnuma__hugetlb_precheck_ex(const struct vnuma__hugetlb_need *need,
			       size_t n, bool before_mapping,
			       vnuma_error **err);

#endif
