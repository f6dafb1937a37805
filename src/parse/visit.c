/* SPDX-License-Identifier: MIT */
#include "visit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "number.h"

/* OptsVisitor: a range "a-b" must span fewer values than this. */
#define RANGE_MAX 65536

static int fail(vnuma_error **err, const struct vnuma__opts *o,
		const struct vnuma__opt *opt, int status, const char *check,
		const char *fmt, ...) VNUMA__PRINTF(6, 7);

static int fail(vnuma_error **err, const struct vnuma__opts *o,
		const struct vnuma__opt *opt, int status, const char *check,
		const char *fmt, ...)
{
	struct vnuma__loc loc = vnuma__opts_loc(o, opt);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vnuma__error_setv(err, status, check, &loc, fmt, ap);
	va_end(ap);
	return rc;
}

static bool bad_args(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		     const void *out, vnuma_error **err)
{
	if (o && opt && out)
		return false;
	vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
			 "opts, opt and out must not be NULL");
	return true;
}

/*
 * The keyval visitor names a value by its path from the root of what it
 * visits: an option visited as a member of another's options (-smp, the
 * member "smp" of -machine's) has the member's name before its keys.
 */
static const char *path_prefix(const struct vnuma__opts *o,
			       enum vnuma__visitor v)
{
	if (v == VNUMA__VISIT_KEYVAL && o->syn.member)
		return o->syn.member;
	return "";
}

static int check_uint_bits(vnuma_error **err, const struct vnuma__opts *o,
			   const struct vnuma__opt *opt, const char *name,
			   unsigned bits, uint64_t val)
{
	if (bits < 64 && val > (UINT64_MAX >> (64 - bits)))
		return fail(err, o, opt, VNUMA_E_RANGE, "opts.out-of-range",
			    "Parameter '%s' expects uint%u_t", name, bits);
	return VNUMA_OK;
}

static int bad_type(vnuma_error **err, const struct vnuma__opts *o,
		    const struct vnuma__opt *opt, const char *name,
		    const char *expected)
{
	return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-type",
		    "Invalid parameter type for '%s', expected: %s", name,
		    expected);
}

/*
 * QObject input visitor, uint64: any JSON integer, a negative one wrapped
 * (QEMU keeps accepting them for compatibility); nothing else.
 */
static int qobj_uint64(const struct vnuma__opts *o,
		       const struct vnuma__opt *opt, const char *name,
		       uint64_t *out, vnuma_error **err)
{
	if (opt->jtype == VNUMA__JSON_INT)
		*out = (uint64_t)strtoll(opt->value, NULL, 10);
	else if (opt->jtype == VNUMA__JSON_UINT)
		*out = strtoull(opt->value, NULL, 10);
	else
		return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
			    "Parameter '%s' expects uint64", name);
	return VNUMA_OK;
}

int vnuma__get_uint(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, unsigned bits, uint64_t *out,
		    vnuma_error **err)
{
	const char *end;
	uint64_t val = 0;
	int rc;

	if (bad_args(o, opt, out, err))
		return VNUMA_E_INVAL;
	switch (v) {
	case VNUMA__VISIT_QOBJECT:
		rc = qobj_uint64(o, opt, opt->key, &val, err);
		if (rc)
			return rc;
		break;
	case VNUMA__VISIT_OPTS:
		if (vnuma__parse_uint(opt->value, &val, &end) || *end)
			return fail(err, o, opt, VNUMA_E_SYNTAX,
				    "opts.bad-value",
				    "Parameter '%s' expects a uint64 value",
				    opt->key);
		break;
	case VNUMA__VISIT_QEMUOPTS:
		rc = vnuma__strtou64(opt->value, &val);
		if (rc == -ERANGE)
			return fail(err, o, opt, VNUMA_E_RANGE,
				    "opts.out-of-range",
				    "Value '%s' is too large for parameter "
				    "'%s'",
				    opt->value, opt->key);
		if (rc)
			return fail(err, o, opt, VNUMA_E_SYNTAX,
				    "opts.bad-value",
				    "Parameter '%s' expects a number",
				    opt->key);
		break;
	default:
		/* keyval: "-1" wraps to UINT64_MAX, as strtoull does */
		if (vnuma__strtou64(opt->value, &val))
			return fail(err, o, opt, VNUMA_E_SYNTAX,
				    "opts.bad-value",
				    "Parameter '%s%s' expects integer",
				    path_prefix(o, v), opt->key);
		break;
	}
	rc = check_uint_bits(err, o, opt, opt->key, bits, val);
	if (!rc)
		*out = val;
	return rc;
}

static int parse_int(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		     enum vnuma__visitor v, int64_t *val, vnuma_error **err)
{
	switch (v) {
	case VNUMA__VISIT_QOBJECT:
		/* an integer that fits int64_t, nothing else */
		if (opt->jtype != VNUMA__JSON_INT)
			return bad_type(err, o, opt, opt->key, "integer");
		*val = strtoll(opt->value, NULL, 10);
		return VNUMA_OK;
	case VNUMA__VISIT_OPTS:
		if (vnuma__strtoi64(opt->value, val) == 0)
			return VNUMA_OK;
		return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
			    "Parameter '%s' expects an int64 value", opt->key);
	case VNUMA__VISIT_QEMUOPTS:
		if (vnuma__strtoi64(opt->value, val) == 0)
			return VNUMA_OK;
		return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
			    "Parameter '%s' expects a number", opt->key);
	default:
		if (vnuma__strtoi64(opt->value, val) == 0)
			return VNUMA_OK;
		return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
			    "Parameter '%s%s' expects integer",
			    path_prefix(o, v), opt->key);
	}
}

int vnuma__get_int(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		   enum vnuma__visitor v, unsigned bits, int64_t *out,
		   vnuma_error **err)
{
	int64_t val, max;
	int rc;

	if (bad_args(o, opt, out, err))
		return VNUMA_E_INVAL;
	rc = parse_int(o, opt, v, &val, err);
	if (rc)
		return rc;
	if (bits < 64) {
		max = (int64_t)(UINT64_MAX >> (65 - bits));
		if (val > max || val < -max - 1)
			return fail(err, o, opt, VNUMA_E_RANGE,
				    "opts.out-of-range",
				    "Parameter '%s' expects int%u_t", opt->key,
				    bits);
	}
	*out = val;
	return VNUMA_OK;
}

static int warn_hex(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    struct vnuma__warnings *w, const char *text)
{
	struct vnuma__loc loc = vnuma__opts_loc(o, opt);

	if (w && vnuma__warn(w, "opts.hex-size-suffix", &loc,
			     "Using a multiplier suffix on hex numbers is "
			     "deprecated: %s",
			     text))
		return VNUMA_E_NOMEM;
	return VNUMA_OK;
}

static int size_error(const struct vnuma__opts *o,
		      const struct vnuma__opt *opt, enum vnuma__visitor v,
		      int rc, vnuma_error **err)
{
	switch (v) {
	case VNUMA__VISIT_OPTS:
		return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
			    "Parameter '%s' expects a size value", opt->key);
	case VNUMA__VISIT_QEMUOPTS:
		if (rc == -ERANGE)
			return fail(err, o, opt, VNUMA_E_RANGE,
				    "opts.out-of-range",
				    "Value '%s' is out of range for parameter "
				    "'%s'",
				    opt->value, opt->key);
		fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
		     "Parameter '%s' expects a non-negative number below 2^64",
		     opt->key);
		vnuma__error_append_hint(err,
					 "Optional suffix k, M, G, T, P "
					 "or E means kilo-, mega-, giga-, "
					 "tera-, peta-\nand exabytes, "
					 "respectively.\n");
		return VNUMA_E_SYNTAX;
	default:
		return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
			    "Parameter '%s%s' expects size", path_prefix(o, v),
			    opt->key);
	}
}

int vnuma__get_size_warn(const struct vnuma__opts *o,
			 const struct vnuma__opt *opt, enum vnuma__visitor v,
			 struct vnuma__warnings *w, uint64_t *out,
			 vnuma_error **err)
{
	uint64_t val;
	bool hex;
	int rc;

	if (bad_args(o, opt, out, err))
		return VNUMA_E_INVAL;
	/* QEMU's strict QObject visitor reads a size as a plain uint64 */
	if (v == VNUMA__VISIT_QOBJECT)
		return qobj_uint64(o, opt, opt->key, out, err);
	rc = vnuma__strtosz_hex(opt->value, 'B', &val, &hex);
	if (hex && warn_hex(o, opt, w, opt->value))
		return vnuma__error_nomem(err);
	if (rc)
		return size_error(o, opt, v, rc, err);
	*out = val;
	return VNUMA_OK;
}

int vnuma__get_size(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, uint64_t *out, vnuma_error **err)
{
	return vnuma__get_size_warn(o, opt, v, NULL, out, err);
}

/* -m: QEMU hands "<text>M" (or the text) to the keyval size parser. */
static int legacy_m(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    struct vnuma__warnings *w, uint64_t *out,
		    vnuma_error **err)
{
	size_t len = strlen(opt->value);
	char *text;
	bool hex;
	int rc;

	if (len && opt->value[len - 1] >= '0' && opt->value[len - 1] <= '9')
		text = vnuma__sprintf("%sM", opt->value);
	else
		text = vnuma__strdup(opt->value);
	if (!text)
		return vnuma__error_nomem(err);
	rc = vnuma__strtosz_hex(text, 'B', out, &hex);
	if (hex && warn_hex(o, opt, w, text)) {
		free(text);
		return vnuma__error_nomem(err);
	}
	free(text);
	if (rc)
		return fail(err, o, opt, VNUMA_E_RANGE, "opts.out-of-range",
			    "Parameter 'memory.size' expects size");
	return VNUMA_OK;
}

int vnuma__get_size_legacy(const struct vnuma__opts *o,
			   const struct vnuma__opt *opt, enum vnuma__visitor v,
			   struct vnuma__warnings *w, uint64_t *out,
			   vnuma_error **err)
{
	uint64_t bytes;
	bool hex;
	int rc;

	rc = vnuma__get_size_warn(o, opt, v, w, &bytes, err);
	if (rc)
		return rc;
	if (v == VNUMA__VISIT_QEMUOPTS) {
		/* QEMU takes -m 0 as "not given" */
		if (bytes == 0) {
			*out = 0;
			return VNUMA_OK;
		}
		return legacy_m(o, opt, w, out, err);
	}
	rc = vnuma__strtosz_hex(opt->value, 'M', out, &hex);
	if (hex && warn_hex(o, opt, w, opt->value))
		return vnuma__error_nomem(err);
	if (rc)
		return fail(err, o, opt, VNUMA_E_RANGE, "opts.out-of-range",
			    "Parameter '%s' expects a size value", opt->key);
	return VNUMA_OK;
}

int vnuma__get_bool(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, bool *out, vnuma_error **err)
{
	if (bad_args(o, opt, out, err))
		return VNUMA_E_INVAL;
	if (v == VNUMA__VISIT_QOBJECT) {
		if (opt->jtype != VNUMA__JSON_BOOL)
			return bad_type(err, o, opt, opt->key, "boolean");
		*out = !strcmp(opt->value, "true");
		return VNUMA_OK;
	}
	if (vnuma__parse_bool(opt->value, out))
		return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
			    "Parameter '%s%s' expects 'on' or 'off'",
			    path_prefix(o, v), opt->key);
	return VNUMA_OK;
}

int vnuma__get_enum(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		    enum vnuma__visitor v, const char *const *names,
		    const char *type_name, int *out, vnuma_error **err)
{
	if (bad_args(o, opt, out, err) || !names)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"names must not be NULL");
	if (v == VNUMA__VISIT_QOBJECT && opt->jtype != VNUMA__JSON_STRING)
		return bad_type(err, o, opt, opt->key, "string");
	for (int i = 0; names[i]; i++) {
		if (!strcmp(names[i], opt->value)) {
			*out = i;
			return VNUMA_OK;
		}
	}
	return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-enum",
		    "Parameter '%s' does not accept value '%s'", opt->key,
		    opt->value);
}

int vnuma__get_str(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		   enum vnuma__visitor v, const char **out, vnuma_error **err)
{
	if (bad_args(o, opt, out, err))
		return VNUMA_E_INVAL;
	if (v == VNUMA__VISIT_QOBJECT && opt->jtype != VNUMA__JSON_STRING)
		return bad_type(err, o, opt, opt->key, "string");
	*out = opt->value;
	return VNUMA_OK;
}

static int push(uint64_t **out, size_t *n, size_t *cap, uint64_t val)
{
	if (vnuma__grow(out, cap, *n + 1, sizeof(**out)))
		return VNUMA_E_NOMEM;
	(*out)[(*n)++] = val;
	return VNUMA_OK;
}

/* One value of a list: "n" or "a-b"; elements wider than bits fail. */
static int list_value(const struct vnuma__opts *o,
		      const struct vnuma__opt *opt, unsigned bits,
		      uint64_t **out, size_t *n, size_t *cap,
		      vnuma_error **err)
{
	uint64_t lo, hi;
	const char *end;

	if (vnuma__parse_uint(opt->value, &lo, &end) == 0) {
		hi = lo;
		if (*end == '-' && (vnuma__parse_uint_full(end + 1, &hi) ||
				    hi < lo || hi - lo >= RANGE_MAX))
			end = "-";
		else if (*end == '-')
			end = "";
		if (!*end) {
			for (uint64_t x = lo;; x++) {
				/* QEMU names a list element 'null' */
				if (check_uint_bits(err, o, opt, "null", bits,
						    x))
					return VNUMA_E_RANGE;
				if (push(out, n, cap, x))
					return vnuma__error_nomem(err);
				if (x == hi)
					return VNUMA_OK;
			}
		}
	}
	return fail(err, o, opt, VNUMA_E_SYNTAX, "opts.bad-value",
		    "Parameter '%s' expects a uint64 value or range",
		    opt->key);
}

/*
 * A JSON array of integers: each element is a uint64 named "key[i]", then
 * narrowed to bits, where QEMU names it 'null'.
 */
static int qobj_uint_list(const struct vnuma__opts *o, const char *key,
			  unsigned bits, uint64_t **out, size_t *n,
			  vnuma_error **err)
{
	const struct vnuma__opt *list = vnuma__opts_last(o, key);
	size_t cap = *out ? *n : 0, idx = 0;
	char name[96];
	uint64_t val;
	int rc;

	if (!list)
		return VNUMA_OK;
	if (list->jtype != VNUMA__JSON_ARRAY)
		return bad_type(err, o, list, key, "array");
	for (const struct vnuma__opt *e = list + 1; e < o->v + o->n && e->elem;
	     e++, idx++) {
		snprintf(name, sizeof(name), "%.64s[%zu]", key, idx);
		rc = qobj_uint64(o, e, name, &val, err);
		if (!rc)
			rc = check_uint_bits(err, o, e, "null", bits, val);
		if (rc)
			return rc;
		if (push(out, n, &cap, val))
			return vnuma__error_nomem(err);
	}
	return VNUMA_OK;
}

int vnuma__get_uint_list(const struct vnuma__opts *o, const char *key,
			 enum vnuma__visitor v, unsigned bits, uint64_t **out,
			 size_t *n, vnuma_error **err)
{
	size_t cap;
	int rc;

	if (!o || !key || !out || !n)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"opts, key, out and n must be given");
	if (v == VNUMA__VISIT_QOBJECT)
		return qobj_uint_list(o, key, bits, out, n, err);
	if (v != VNUMA__VISIT_OPTS)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.visitor",
					NULL,
					"uint lists are read by OptsVisitor "
					"and the QObject visitor only");
	cap = *out ? *n : 0;
	for (size_t i = 0; i < o->n; i++) {
		if (strcmp(o->v[i].key, key))
			continue;
		rc = list_value(o, &o->v[i], bits, out, n, &cap, err);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

static bool allowed_key(const char *const *allowed, const char *key,
			size_t len)
{
	/* The first byte rules out most names without a strlen. */
	for (size_t i = 0; allowed && allowed[i]; i++)
		if (allowed[i][0] == key[0] && strlen(allowed[i]) == len &&
		    !memcmp(allowed[i], key, len))
			return true;
	return false;
}

static int help_error(const struct vnuma__opts *o,
		      const struct vnuma__opt *opt, vnuma_error **err)
{
	return fail(err, o, opt, VNUMA_E_UNSUPPORTED, "opts.help",
		    "Help is not available for this option");
}

static int unknown(const struct vnuma__opts *o, const struct vnuma__opt *opt,
		   enum vnuma__visitor v, const char *driver,
		   vnuma_error **err)
{
	size_t top = strcspn(opt->key, ".");

	switch (v) {
	case VNUMA__VISIT_KEYVAL:
		return fail(err, o, opt, VNUMA_E_UNKNOWN, "opts.unknown-key",
			    "Parameter '%s%.*s' is unexpected",
			    path_prefix(o, v), (int)top, opt->key);
	case VNUMA__VISIT_STRING:
		return fail(err, o, opt, VNUMA_E_UNKNOWN, "opts.unknown-key",
			    "Property '%s.%s' not found", driver, opt->key);
	case VNUMA__VISIT_QOBJECT:
		return fail(err, o, opt, VNUMA_E_UNKNOWN, "opts.unknown-key",
			    "Parameter '%s' is unexpected", opt->key);
	default:
		return fail(err, o, opt, VNUMA_E_UNKNOWN, "opts.unknown-key",
			    "Invalid parameter '%s'", opt->key);
	}
}

int vnuma__check_keys(const struct vnuma__opts *o, enum vnuma__visitor v,
		      const char *const *allowed, vnuma_error **err)
{
	const struct vnuma__opt *opt, *drv;
	size_t len;

	if (!o)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"opts must not be NULL");
	for (size_t i = 0; i < o->n; i++) {
		opt = &o->v[i];
		if (opt->elem)
			continue;
		if (opt->help &&
		    (v == VNUMA__VISIT_QEMUOPTS || v == VNUMA__VISIT_STRING))
			return help_error(o, opt, err);
		len = v == VNUMA__VISIT_KEYVAL ? strcspn(opt->key, ".") :
						 strlen(opt->key);
		/* qdev takes these two itself before setting properties */
		if (v == VNUMA__VISIT_STRING &&
		    (!strcmp(opt->key, "driver") || !strcmp(opt->key, "bus")))
			continue;
		if (allowed_key(allowed, opt->key, len))
			continue;
		drv = vnuma__opts_last(o, "driver");
		return unknown(o, opt, v, drv ? drv->value : "", err);
	}
	/* OptsVisitor sees the option's id as one more key */
	if (v == VNUMA__VISIT_OPTS && o->id &&
	    !allowed_key(allowed, "id", 2)) {
		struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

		loc.key = "id";
		loc.offset = o->id_off;
		loc.length = o->id_len;
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"opts.unknown-key", &loc,
					"Invalid parameter 'id'");
	}
	return VNUMA_OK;
}

static int validate_one(const struct vnuma__opts *o,
			const struct vnuma__opt *opt, enum vnuma__opttype type,
			vnuma_error **err)
{
	uint64_t u;
	bool b;

	switch (type) {
	case VNUMA__OPTTYPE_BOOL:
		return vnuma__get_bool(o, opt, VNUMA__VISIT_QEMUOPTS, &b, err);
	case VNUMA__OPTTYPE_NUMBER:
		return vnuma__get_uint(o, opt, VNUMA__VISIT_QEMUOPTS, 64, &u,
				       err);
	case VNUMA__OPTTYPE_SIZE:
		return vnuma__get_size(o, opt, VNUMA__VISIT_QEMUOPTS, &u, err);
	default:
		return VNUMA_OK;
	}
}

int vnuma__qemuopts_validate(const struct vnuma__opts *o,
			     const struct vnuma__optdesc *desc,
			     vnuma_error **err)
{
	const struct vnuma__optdesc *d;
	int rc;

	if (!o || !desc)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"opts and desc must not be NULL");
	for (size_t i = 0; i < o->n; i++) {
		if (o->v[i].help)
			return help_error(o, &o->v[i], err);
		for (d = desc; d->name && strcmp(d->name, o->v[i].key); d++)
			;
		if (!d->name)
			return unknown(o, &o->v[i], VNUMA__VISIT_QEMUOPTS, "",
				       err);
		rc = validate_one(o, &o->v[i], d->type, err);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}
