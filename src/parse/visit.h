/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_PARSE_VISIT_H
#define VNUMA_PARSE_VISIT_H

#include <stdbool.h>
#include <stdint.h>

#include "opts.h"

/*
 * Typed reads of an option's values. QEMU reads each option through a
 * different "visitor", and each has its own number rules and its own error
 * wording; the visitor is named so that vnuma says what QEMU 7.2 says:
 *  - OPTS:     OptsVisitor (-numa): uint lists with ranges "a-b", sizes;
 *  - KEYVAL:   keyval input visitor (-machine, -smp, -object);
 *  - QEMUOPTS: typed QemuOpts descriptions (-m);
 *  - STRING:   qdev/QOM property strings (-device).
 * Each getter sets an error that names the option and key, with the value's
 * location, and returns 0 or a negative vnuma_status.
 */
enum vnuma__visitor {
	VNUMA__VISIT_OPTS,
	VNUMA__VISIT_KEYVAL,
	VNUMA__VISIT_QEMUOPTS,
	VNUMA__VISIT_STRING,
};

/* Unsigned integer of the given width in bits (8, 16, 32, 64). */
int vnuma__get_uint(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, unsigned bits, uint64_t *out,
		    vnuma_error **err);
/* Signed integer of the given width in bits. */
int vnuma__get_int(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		   enum vnuma__visitor v, unsigned bits, int64_t *out,
		   vnuma_error **err);
/* Size in bytes with suffixes. */
int vnuma__get_size(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, uint64_t *out, vnuma_error **err);
/* Boolean. */
int vnuma__get_bool(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, bool *out, vnuma_error **err);
/*
 * Enumeration: names is a NULL-terminated table, *out the index found.
 * type_name is QEMU's type name used in its message (e.g. "HmatLBDataType").
 */
int vnuma__get_enum(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, const char *const *names,
		    const char *type_name, int *out, vnuma_error **err);
/*
 * A list of unsigned integers, every pair with this key accumulating, each
 * value possibly a range "a-b" (OptsVisitor rules, its range limits and
 * messages). Values are appended to the array (caller frees it).
 */
int vnuma__get_uint_list(const struct vnuma__opts *o, const char *key,
			 enum vnuma__visitor v, unsigned bits, uint64_t **out,
			 size_t *n, vnuma_error **err);
/*
 * Rejects keys not in the NULL-terminated allowed table, with QEMU's
 * message for this visitor ("Invalid parameter 'x'" and the like).
 */
int vnuma__check_keys(const struct vnuma__opts *o, enum vnuma__visitor v,
		      const char *const *allowed, vnuma_error **err);

#endif
