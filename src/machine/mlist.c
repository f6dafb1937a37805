/* SPDX-License-Identifier: MIT */
/*
 * The list-valued -machine properties of pc and q35 in 7.2: sgx-epc
 * (SgxEPC: memdev, node) and cxl-fmw (CXLFixedMemoryWindowOptions:
 * targets, size, interleave-granularity). QEMU's visitor reads each
 * element's members in declaration order, then refuses what is left;
 * each message here was printed by qemu-system-x86_64 7.2.
 */
#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"
#include "machine_dict.h"

struct elem {
	const struct vnuma__mkey *k;
	unsigned long index;
	const struct vnuma__loc *loc;
	vnuma_error **err;
};

/* The element's member (the part after "N."), or NULL. */
static const char *member(const struct vnuma__msub *s, unsigned long index)
{
	char *end;
	unsigned long i = strtoul(s->key, &end, 10);

	if (end == s->key || *end != '.' || i != index)
		return NULL;
	return end + 1;
}

static const struct vnuma__msub *find(const struct elem *e, const char *name,
				      bool prefix)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < e->k->n_sub; i++) {
		const char *m = member(&e->k->sub[i], e->index);

		if (m && !strncmp(m, name, n) &&
		    (prefix ? m[n] == '.' : !m[n]))
			return &e->k->sub[i];
	}
	return NULL;
}

/*
 * "machine.list-member" is a member of the wrong type; a missing or an
 * unexpected member has a check id (and status) of its own.
 */
static int fail(const struct elem *e, int status, const char *check,
		const char *fmt, const char *member)
{
	return vnuma__error_set(e->err, status, check, e->loc, fmt, e->k->key,
				e->index, member);
}

static int required(const struct elem *e, const char *name, bool list,
		    const struct vnuma__msub **out)
{
	*out = find(e, name, list);
	if (!*out && list && find(e, name, false))
		return fail(e, VNUMA_E_SYNTAX, "machine.list-member",
			    "Invalid parameter type for '%s.%lu.%s', "
			    "expected: array",
			    name);
	if (!*out)
		return fail(e, VNUMA_E_MISSING, "machine.list-member-missing",
			    "Parameter '%s.%lu.%s' is missing", name);
	return VNUMA_OK;
}

static int size_member(const struct elem *e, const struct vnuma__msub *s,
		       const char *name)
{
	uint64_t v;

	if (s && vnuma__strtosz(s->value, 'B', &v))
		return fail(e, VNUMA_E_SYNTAX, "machine.list-member",
			    "Parameter '%s.%lu.%s' expects size", name);
	return VNUMA_OK;
}

/* Members left over once the known ones were read. */
static int unexpected(const struct elem *e, const char *const *known)
{
	for (size_t i = 0; i < e->k->n_sub; i++) {
		const char *m = member(&e->k->sub[i], e->index);
		bool ok = false;

		if (!m)
			continue;
		for (const char *const *p = known; *p && !ok; p++) {
			size_t n = strlen(*p);

			ok = !strncmp(m, *p, n) && (!m[n] || m[n] == '.');
		}
		if (!ok)
			return fail(e, VNUMA_E_UNKNOWN,
				    "machine.list-member-unexpected",
				    "Parameter '%s.%lu.%s' is unexpected", m);
	}
	return VNUMA_OK;
}

static int sgx_epc(const struct elem *e)
{
	static const char *const known[] = { "memdev", "node", NULL };
	const struct vnuma__msub *s;
	int64_t v;
	int rc;

	if ((rc = required(e, "memdev", false, &s)) ||
	    (rc = required(e, "node", false, &s)))
		return rc;
	if (vnuma__strtoi64(s->value, &v))
		return fail(e, VNUMA_E_SYNTAX, "machine.list-member",
			    "Parameter '%s.%lu.%s' expects integer", "node");
	return unexpected(e, known);
}

static int cxl_fmw(const struct elem *e)
{
	static const char *const known[] = { "targets", "size",
					     "interleave-granularity", NULL };
	const struct vnuma__msub *s;
	int rc;

	if ((rc = required(e, "targets", true, &s)) ||
	    (rc = required(e, "size", false, &s)) ||
	    (rc = size_member(e, s, "size")) ||
	    (rc = size_member(e, find(e, "interleave-granularity", false),
			      "interleave-granularity")))
		return rc;
	return unexpected(e, known);
}

int vnuma__mprops_check_list(const struct vnuma__machine *m,
			     const struct vnuma__mkey *k,
			     const struct vnuma__loc *loc, vnuma_error **err)
{
	struct elem e = { .k = k, .loc = loc, .err = err };
	unsigned long top = 0;
	bool sgx = !strcmp(k->key, "sgx-epc");
	int rc;

	(void)m;
	for (size_t i = 0; i < k->n_sub; i++) {
		char *end;
		unsigned long idx = strtoul(k->sub[i].key, &end, 10);

		if (end == k->sub[i].key || *end != '.')
			return vnuma__error_set(err, VNUMA_E_SYNTAX,
						"machine.bad-type", loc,
						"Invalid parameter type for "
						"'%s', expected: array",
						k->key);
		if (idx + 1 > top)
			top = idx + 1;
	}
	for (e.index = 0; e.index < top; e.index++) {
		bool any = false;

		for (size_t i = 0; i < k->n_sub && !any; i++)
			any = member(&k->sub[i], e.index) != NULL;
		if (!any)
			continue;
		rc = sgx ? sgx_epc(&e) : cxl_fmw(&e);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}
