/* SPDX-License-Identifier: MIT */
/*
 * The domain XML writer's pieces (write*.c). They read the finished view
 * rather than the public getters alone: a backend's kind, its hugetlb
 * and reserve settings, which backend a memory device uses and which one
 * is the board's are known only there.
 */
#ifndef VNUMA_LIBVIRT_WRITE_INTERNAL_H
#define VNUMA_LIBVIRT_WRITE_INTERNAL_H

#include <stdint.h>

#include "../error_internal.h"
#include "../util.h"
#include "../view/view.h"
#include "vnuma/libvirt.h"

/*
 * What the cells' backends have in common, decided once: libvirt writes
 * one <memoryBacking> for the whole domain, so the writer first checks
 * that the backends agree on what it can only say once.
 */
struct vnuma__lv_backing {
	enum vnuma__backend_kind kind; /* of every cell's backend */
	bool share, prealloc, merge, dump;
	uint32_t prealloc_threads;
	uint64_t huge_page; /* hugetlb memfd or hugetlbfs file: its page */
};

/* An error naming what has no libvirt form: "<what> has no ...". */
int vnuma__lv_no_form(vnuma_error **err, const char *fmt, ...)
	VNUMA__PRINTF(2, 3);

/*
 * The huge page size of a hugetlb memfd or of a file on hugetlbfs (found
 * as QEMU finds it, with statfs), 0 for base pages.
 */
uint64_t vnuma__lv_huge_page(const struct vnuma__view_backend *be);

/*
 * Whether s can stand in an XML document at all: UTF-8 without control
 * characters other than tab and line breaks.
 */
bool vnuma__lv_xml_text_ok(const char *s);

/* Text for an element's content or an attribute in quotes. */
void vnuma__lv_put_escaped(struct vnuma__buf *b, const char *s);

/*
 * What a backend has that libvirt's elements cannot say (readonly=on,
 * align, a prealloc-context, host-nodes without a policy, ...); reserve
 * is the reserve= libvirt gives it.
 */
int vnuma__lv_check_backend(const struct vnuma__view_backend *be, bool reserve,
			    vnuma_error **err);

/*
 * <devices>: the memory devices in option order, each checked against
 * the backend libvirt would make for it from bk.
 */
int vnuma__lv_put_devices(struct vnuma__buf *b, const struct vnuma__view *v,
			  const struct vnuma__lv_backing *bk,
			  vnuma_error **err);

/* The backend of node i, or NULL (a node without memdev=). */
const struct vnuma__view_backend *vnuma__lv_node_backend(
	const struct vnuma__view *v, uint32_t node);

/* Appends "0-3,6" for the ascending ids. */
void vnuma__lv_put_ranges(struct vnuma__buf *b, const uint32_t *ids, size_t n);

/*
 * <cpu>: <topology>, <numa> cells with their distances and caches, and
 * <interconnects>. Errors: libvirt.no-form for what libvirt 9.0 cannot
 * say (a cell's memory not in whole MiB, an HMAT value libvirt's units
 * cannot carry, an initiator libvirt would not derive, ...).
 */
int vnuma__lv_write_cpu(struct vnuma__buf *b, const struct vnuma__view *v,
			vnuma_error **err);

/*
 * <interconnects> from the HMAT tables. Errors: libvirt.no-form for an
 * HMAT libvirt cannot hold (a link given both ways, a cache level the
 * target lacks, an initiator libvirt would derive otherwise, ...).
 */
int vnuma__lv_put_interconnects(struct vnuma__buf *b,
				const struct vnuma__view *v,
				vnuma_error **err);

/* <numatune> from the cells' backends' policy and host-nodes. */
int vnuma__lv_write_numatune(struct vnuma__buf *b, const struct vnuma__view *v,
			     vnuma_error **err);

#endif
