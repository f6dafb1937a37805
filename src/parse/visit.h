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
 *  - OPTS:     OptsVisitor (-numa, and -object, which 7.2 still parses
 *              with QemuOpts): base-0 numbers without sign, uint lists
 *              with ranges "a-b", sizes in bytes;
 *  - KEYVAL:   keyval input visitor (-machine, -smp). Its messages name
 *              the full path: "smp.cpus" for -smp;
 *  - QEMUOPTS: typed QemuOpts descriptions (-m);
 *  - STRING:   qdev properties of -device (set through the keyval input
 *              visitor; unknown keys are "Property 'DRIVER.key' not found").
 *  - QOBJECT:  QEMU's strict QObject input visitor, which reads the JSON
 *              forms of -object and -device (vnuma__opt.jtype): a number
 *              must be a JSON integer ("Parameter 'k' expects uint64"; a
 *              negative one wraps, as in QEMU), a bool true or false, a
 *              string a JSON string, a list an array ("Invalid parameter
 *              type for 'k', expected: boolean", check "opts.bad-type");
 *              unknown members are "Parameter 'k' is unexpected".
 * Each getter sets an error that names the option and key, with the value's
 * location, and returns 0 or a negative vnuma_status. Out-of-range and
 * malformed values are VNUMA_E_RANGE and VNUMA_E_SYNTAX, check ids
 * "opts.bad-value" and "opts.out-of-range".
 *
 * Order of errors: QEMU's OptsVisitor reports unknown keys only after all
 * known ones were read, so call vnuma__check_keys last for OPTS. For
 * QEMUOPTS, vnuma__qemuopts_validate checks keys and types together in
 * text order, as QEMU does while parsing.
 */
enum vnuma__visitor {
	VNUMA__VISIT_OPTS,
	VNUMA__VISIT_KEYVAL,
	VNUMA__VISIT_QEMUOPTS,
	VNUMA__VISIT_STRING,
	VNUMA__VISIT_QOBJECT,
};

/* The visitor QEMU reads a JSON option's values with, or dflt. */
static inline enum vnuma__visitor vnuma__visitor_for(
	const struct vnuma__opts *o, enum vnuma__visitor dflt)
{
	return o->mode == VNUMA__OPTS_JSON ? VNUMA__VISIT_QOBJECT : dflt;
}

/*
 * Unsigned integer of the given width in bits (8, 16, 32, 64); a wider
 * value is "Parameter 'k' expects uint16_t".
 */
int vnuma__get_uint(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, unsigned bits, uint64_t *out,
		    vnuma_error **err);
/* Signed integer of the given width in bits. */
int vnuma__get_int(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		   enum vnuma__visitor v, unsigned bits, int64_t *out,
		   vnuma_error **err);
/*
 * Size in bytes with suffixes. A hex number with a unit ("0x10K") is
 * accepted with QEMU's deprecation warning, added to w (may be NULL).
 */
int vnuma__get_size_warn(const struct vnuma__opts *o,
			 const struct vnuma__opt *opt, enum vnuma__visitor v,
			 struct vnuma__warnings *w, uint64_t *out,
			 vnuma_error **err);
int vnuma__get_size(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, uint64_t *out, vnuma_error **err);
/*
 * The legacy sizes where a number without unit means MiB: -numa node,mem
 * (v = OPTS: read as bytes first, then again in MiB) and -m size
 * (v = QEMUOPTS: checked as bytes; a value ending in a digit gets "M"
 * appended and goes to the machine's "memory.size" property).
 * Where the MiB reading overflows, -m says "Parameter 'memory.size'
 * expects size"; for -numa QEMU 7.2 silently keeps the byte count, and
 * vnuma says "Parameter 'mem' expects a size value" (VNUMA_E_RANGE).
 */
int vnuma__get_size_legacy(const struct vnuma__opts *o,
			   const struct vnuma__opt *opt, enum vnuma__visitor v,
			   struct vnuma__warnings *w, uint64_t *out,
			   vnuma_error **err);
/* Boolean: on/yes/true/y, off/no/false/n. */
int vnuma__get_bool(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, bool *out, vnuma_error **err);
/*
 * Enumeration: names is a NULL-terminated table, *out the index found.
 * type_name is QEMU's type name (e.g. "HmatLBDataType"); QEMU 7.2's
 * message does not show it ("Parameter 'k' does not accept value 'x'":
 * VNUMA_E_SYNTAX, "opts.bad-enum").
 */
int vnuma__get_enum(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, const char *const *names,
		    const char *type_name, int *out, vnuma_error **err);
/* A string (QOBJECT: a JSON string, or "opts.bad-type"). */
int vnuma__get_str(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		   enum vnuma__visitor v, const char **out, vnuma_error **err);
/*
 * A list of unsigned integers, every pair with this key accumulating, each
 * value possibly a range "a-b" (OptsVisitor rules: a range spans fewer
 * than 65536 values; an element wider than bits is "Parameter 'null'
 * expects uint16_t", QEMU's words). Values are appended to *out, which
 * the caller frees, also on error. v = OPTS, or QOBJECT: a JSON array of
 * integers, an element outside uint64 being "Parameter 'k[i]' expects
 * uint64".
 */
int vnuma__get_uint_list(const struct vnuma__opts *o, const char *key,
			 enum vnuma__visitor v, unsigned bits, uint64_t **out,
			 size_t *n, vnuma_error **err);
/*
 * Rejects keys not in the NULL-terminated allowed table, with QEMU's
 * message for this visitor: "Invalid parameter 'x'" (OPTS, QEMUOPTS),
 * "Parameter 'smp.x' is unexpected" (KEYVAL), "Property 'DRIVER.x' not
 * found" (STRING, DRIVER from the "driver" key). For OPTS an "id" given
 * to the option counts as a key, as in QEMU. QEMU reports the first
 * unknown key in its hash table's order; this the first in the text (a
 * caller that knows QEMU's visiting order uses vnuma__ghash_first_left).
 * Status VNUMA_E_UNKNOWN, check "opts.unknown-key"; a help request for
 * QEMUOPTS and STRING is VNUMA_E_UNSUPPORTED, check "opts.help".
 */
int vnuma__check_keys(const struct vnuma__opts *o, enum vnuma__visitor v,
		      const char *const *allowed, vnuma_error **err);

/* QemuOpts value types (QEMU_OPT_*). */
enum vnuma__opttype {
	VNUMA__OPTTYPE_STRING,
	VNUMA__OPTTYPE_BOOL,
	VNUMA__OPTTYPE_NUMBER,
	VNUMA__OPTTYPE_SIZE,
};

struct vnuma__optdesc {
	const char *name;
	enum vnuma__opttype type;
};

/*
 * QEMU's opt_validate over a list with a description (-m): each pair in
 * text order must be described and parse as its type; a help request
 * stops there (VNUMA_E_UNSUPPORTED, "opts.help"). desc ends with a NULL
 * name.
 */
int vnuma__qemuopts_validate(const struct vnuma__opts *o,
			     const struct vnuma__optdesc *desc,
			     vnuma_error **err);

#endif
