/* SPDX-License-Identifier: MIT */
/*
 * The caller's DTB checked byte by byte before libfdt reads it.
 *
 * libfdt trusts its input further than a tool reading files may: Debian
 * 12's 1.6.1 dereferences NULL in fdt_check_full on a version-3 blob whose
 * root name has no '/', and every version reads size_dt_strings from a
 * header too short to hold it. So nothing here calls libfdt: the header,
 * the blocks and the whole structure block are walked with explicit
 * bounds, and only a blob that passes is handed on. Version 17 is the one
 * dtc and QEMU write; older layouts (full paths as names, 8-byte aligned
 * properties) are refused rather than half understood.
 */
#include "fdt_internal.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define HDR_SIZE 40u /* version 17 */
#define TAG_BEGIN_NODE 1u
#define TAG_END_NODE 2u
#define TAG_PROP 3u
#define TAG_NOP 4u
#define TAG_END 9u

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static int bad(vnuma_error **err, const char *fmt, ...) VNUMA__PRINTF(2, 3);
static int bad(vnuma_error **err, const char *fmt, ...)
{
	struct vnuma__buf b = { 0 };
	va_list ap;
	char *what;
	int rc;

	/* No fixed buffer: the message is never cut. */
	va_start(ap, fmt);
	vnuma__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	what = vnuma__buf_take(&b);
	if (!what)
		return vnuma__error_nomem(err);
	rc = vnuma__error_set(err, VNUMA_E_SYNTAX, "fdt.bad-dtb", NULL,
			      "not a valid device tree: %s", what);
	free(what);
	return rc;
}

/* A block of the blob, [start, end). */
struct block {
	const char *name;
	uint64_t start, end;
};

static int check_blocks(const struct block *b, size_t n, vnuma_error **err)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (b[i].start == b[i].end || b[j].start == b[j].end)
				continue;
			if (b[i].start < b[j].end && b[j].start < b[i].end)
				return bad(err, "the %s and the %s overlap",
					   b[i].name, b[j].name);
		}
	}
	return VNUMA_OK;
}

/* The reservation map's entries up to its (0, 0) end, inside total. */
static int check_rsvmap(const unsigned char *p, uint32_t off, uint32_t total,
			uint64_t *end, vnuma_error **err)
{
	uint64_t at = off;

	for (;;) {
		if (at + 16 > total)
			return bad(err,
				   "the memory reservation block at 0x%" PRIx32
				   " has no end within %" PRIu32 " bytes",
				   off, total);
		if (!be64(p + at) && !be64(p + at + 8))
			break;
		at += 16;
	}
	*end = at + 16;
	return VNUMA_OK;
}

struct walk {
	const unsigned char *p;
	uint64_t pos, end; /* in the structure block */
	const unsigned char *strings;
	uint32_t strings_size;
	uint64_t depth;
	uint32_t last; /* the previous tag other than NOP */
	bool root_done;
};

static int walk_node(struct walk *w, uint64_t at, vnuma_error **err)
{
	const char *name = (const char *)w->p + w->pos;
	const char *nul = memchr(name, '\0', w->end - w->pos);
	size_t n;

	if (!nul)
		return bad(err, "the node name at 0x%" PRIx64 " has no end",
			   at);
	n = (size_t)(nul - name);
	if (!w->depth && n)
		return bad(err,
			   "the root node is named '%.32s' (a version "
			   "17 root has no name)",
			   name);
	if (w->depth && (!n || memchr(name, '/', n)))
		return bad(err,
			   "the node name at 0x%" PRIx64 " is empty or "
			   "holds '/'",
			   at);
	w->pos = (w->pos + n + 1 + 3) & ~(uint64_t)3;
	w->depth++;
	return VNUMA_OK;
}

static int walk_prop(struct walk *w, uint64_t at, vnuma_error **err)
{
	uint32_t len, nameoff;

	if (!w->depth)
		return bad(err, "a property outside the root at 0x%" PRIx64,
			   at);
	if (w->last != TAG_BEGIN_NODE && w->last != TAG_PROP)
		return bad(err,
			   "the property at 0x%" PRIx64 " follows a "
			   "subnode (properties come first)",
			   at);
	if (w->end - w->pos < 8)
		return bad(err, "the property at 0x%" PRIx64 " is cut off",
			   at);
	len = be32(w->p + w->pos);
	nameoff = be32(w->p + w->pos + 4);
	w->pos += 8;
	if (len > w->end - w->pos)
		return bad(err,
			   "the property at 0x%" PRIx64 " runs past the "
			   "structure block (%" PRIu32 " bytes)",
			   at, len);
	if (nameoff >= w->strings_size ||
	    !memchr(w->strings + nameoff, '\0', w->strings_size - nameoff) ||
	    !w->strings[nameoff])
		return bad(err,
			   "the property at 0x%" PRIx64 " has no name "
			   "in the strings block (offset %" PRIu32 ")",
			   at, nameoff);
	w->pos = (w->pos + len + 3) & ~(uint64_t)3;
	return VNUMA_OK;
}

static int walk_struct(struct walk *w, vnuma_error **err)
{
	int rc = VNUMA_OK;

	while (!rc) {
		uint64_t at = w->pos;
		uint32_t tag;

		if (w->pos > w->end || w->end - w->pos < 4)
			return bad(err, "the structure block ends without "
					"FDT_END");
		tag = be32(w->p + w->pos);
		w->pos += 4;
		if (w->root_done && tag != TAG_NOP && tag != TAG_END)
			return bad(err,
				   "tag %" PRIu32 " after the root node "
				   "at 0x%" PRIx64,
				   tag, at);
		switch (tag) {
		case TAG_BEGIN_NODE:
			rc = walk_node(w, at, err);
			break;
		case TAG_END_NODE:
			if (!w->depth)
				return bad(err,
					   "FDT_END_NODE without a node "
					   "at 0x%" PRIx64,
					   at);
			w->root_done = !--w->depth;
			break;
		case TAG_PROP:
			rc = walk_prop(w, at, err);
			break;
		case TAG_NOP:
			continue;
		case TAG_END:
			if (w->depth || !w->root_done)
				return bad(err,
					   "FDT_END at 0x%" PRIx64 " with "
					   "no complete root node",
					   at);
			return VNUMA_OK;
		default:
			return bad(err,
				   "unknown tag 0x%" PRIx32 " at 0x%" PRIx64,
				   tag, at);
		}
		w->last = tag;
	}
	return rc;
}

int vnuma__fdt_check(const void *fdt, size_t len, vnuma_error **err)
{
	const unsigned char *p = fdt;
	uint32_t total, off_struct, off_strings, off_rsv, version, last_comp;
	uint32_t size_strings, size_struct;
	uint64_t rsv_end = 0;
	struct walk w;
	int rc;

	if (len < 4 || be32(p) != 0xd00dfeedu)
		return bad(err,
			   len < 4 ? "%zu bytes" :
				     "no magic 0xd00dfeed "
				     "(%zu bytes)",
			   len);
	if (len < 28)
		return bad(err, "a header cut off at %zu bytes", len);
	version = be32(p + 20);
	last_comp = be32(p + 24);
	if (version < 17 || last_comp > 17)
		return bad(err,
			   "version %" PRIu32 " (compatible with %" PRIu32
			   "); vnuma reads version 17, as dtc and QEMU write",
			   version, last_comp);
	if (len < HDR_SIZE)
		return bad(err, "a header cut off at %zu bytes", len);
	total = be32(p + 4);
	off_struct = be32(p + 8);
	off_strings = be32(p + 12);
	off_rsv = be32(p + 16);
	size_strings = be32(p + 32);
	size_struct = be32(p + 36);
	if (total < HDR_SIZE || total > len || total > INT_MAX)
		return bad(err,
			   "totalsize %" PRIu32 " in a buffer of %zu "
			   "bytes",
			   total, len);
	if (off_rsv % 8 || off_struct % 4)
		return bad(err,
			   "the memory reservation block (0x%" PRIx32
			   ") is not 8-byte aligned or the structure block "
			   "(0x%" PRIx32 ") not 4-byte aligned",
			   off_rsv, off_struct);
	if ((uint64_t)off_struct + size_struct > total ||
	    (uint64_t)off_strings + size_strings > total)
		return bad(err,
			   "a block lies outside the blob's %" PRIu32
			   " bytes (structure 0x%" PRIx32 "+%" PRIu32
			   ", strings 0x%" PRIx32 "+%" PRIu32 ")",
			   total, off_struct, size_struct, off_strings,
			   size_strings);
	rc = check_rsvmap(p, off_rsv, total, &rsv_end, err);
	if (rc)
		return rc;
	rc = check_blocks(
		(const struct block[]){
			{ "header", 0, HDR_SIZE },
			{ "memory reservation block", off_rsv, rsv_end },
			{ "structure block", off_struct,
			  (uint64_t)off_struct + size_struct },
			{ "strings block", off_strings,
			  (uint64_t)off_strings + size_strings },
		},
		4, err);
	if (rc)
		return rc;
	w = (struct walk){ .p = p,
			   .pos = off_struct,
			   .end = (uint64_t)off_struct + size_struct,
			   .strings = p + off_strings,
			   .strings_size = size_strings };
	return walk_struct(&w, err);
}
