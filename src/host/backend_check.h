/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_BACKEND_CHECK_H
#define VNUMA_HOST_BACKEND_CHECK_H

#include "../error_internal.h"
#include "../view/view.h"

/*
 * The checks QEMU 7.2 makes on a backend's huge pages before it maps it,
 * without mapping or creating anything: a memfd's hugetlbsize the kernel
 * lacks ("failed to create memfd with flags 0x...: No such device") and
 * a size that is no multiple of its page ("failed to resize memfd to N:
 * Invalid argument"); a mem-path on hugetlbfs with align= or a size below
 * its page size. The free pool is not looked at. loc locates the
 * backend (QEMU names no option there). Sets *page_size: the page of
 * its RAM block (0: base pages).
 * Errors: VNUMA_E_UNSUPPORTED, VNUMA_E_RANGE.
 */
int vnuma__host_backend_check(uint64_t *page_size,
			      const struct vnuma__view_backend *be,
			      const struct vnuma__loc *loc, vnuma_error **err);

/*
 * What QEMU 7.2 prints as it adds a backend's RAM block: with -machine
 * dump-guest-core=off it madvise()s the block MADV_DONTDUMP, which the
 * kernel refuses (EINVAL) on hugetlb memory whose length is no multiple
 * of the huge page, and QEMU reports it in two bare lines (perror and a
 * sentence). page_size is the one vnuma__host_backend_check() found.
 * Errors: VNUMA_E_NOMEM (a warning could not be stored).
 */
int vnuma__host_ram_block_warn(const struct vnuma__view_backend *be,
			       uint64_t page_size, bool dump_guest_core,
			       struct vnuma__warnings *w);

#endif
