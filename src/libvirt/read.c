// SPDX-License-Identifier: MIT
/*
 * The QEMU options libvirt 9.0 generates for a domain's NUMA topology and
 * memory, added to the configuration as option text: every check QEMU
 * makes of the generated command line is made, and its errors read as
 * they would for that command line. The options come in libvirt's order
 * (which decides which error QEMU reports first).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "read_internal.h"

const xmlNode *lv_next(const xmlNode *n, const char *name)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (!name || !strcmp((const char *)n->name, name)))
			return n;
	return NULL;
}

const xmlNode *lv_child(const xmlNode *n, const char *name)
{
	const xmlNode *c = n ? n->children : NULL;

	if (!c)
		return NULL;
	if (c->type == XML_ELEMENT_NODE &&
	    (!name || !strcmp((const char *)c->name, name)))
		return c;
	return lv_next(c, name);
}

const char *lv_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (!a->ns && !strcmp((const char *)a->name, name))
			return a->children && a->children->content ?
				       (const char *)a->children->content :
				       "";
	return NULL;
}

const char *lv_text(const xmlNode *n)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content)
			return (const char *)c->content;
	return "";
}

void lv_fmt(struct lvr *r, const char *fmt, ...)
{
	va_list ap;

	r->b.len = 0;
	if (r->b.s)
		r->b.s[0] = '\0';
	va_start(ap, fmt);
	vnuma__buf_vprintf(&r->b, fmt, ap);
	va_end(ap);
}

void lv_cat(struct lvr *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnuma__buf_vprintf(&r->b, fmt, ap);
	va_end(ap);
}

int lv_emit(struct lvr *r, const char *option)
{
	if (r->b.oom || !r->b.s)
		return vnuma__error_nomem(r->err);
	return vnuma__config_add_as(r->cfg, option, NULL, r->b.s, r->err);
}

int lv_warn(struct lvr *r, const xmlNode *at, const char *attr,
	    const char *fmt, ...)
{
	xmlChar *path = xmlGetNodePath((xmlNode *)at);
	struct vnuma__loc loc = { 0 };
	struct vnuma__buf w = { 0 };
	char *msg;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vnuma__buf_vprintf(&w, fmt, ap);
	va_end(ap);
	msg = vnuma__buf_take(&w);
	loc.option = (const char *)path;
	loc.key = attr;
	rc = msg && path ?
		     vnuma__warn(&r->cfg->warnings, "libvirt.not-modelled",
				 &loc, "%s", msg) :
		     VNUMA_E_NOMEM;
	free(msg);
	xmlFree(path);
	return rc ? vnuma__error_nomem(r->err) : VNUMA_OK;
}

int lv_ulong(struct lvr *r, unsigned long *out, const char *text,
	     unsigned long max, const xmlNode *at, const char *attr)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (!text || text[0] < '0' || text[0] > '9' ||
	    (v = strtoull(text, &end, 10), errno) || *end || v > max)
		return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX,
					    "libvirt.number", at, attr,
					    "Invalid value '%s' for element "
					    "or attribute '%s'",
					    text ? text : "",
					    attr ? attr :
						   (const char *)at->name);
	*out = (unsigned long)v;
	return VNUMA_OK;
}

int lv_kib(struct lvr *r, uint64_t *kib, const xmlNode *at, const char *value,
	   const char *unit, const char *what)
{
	uint64_t bytes;
	vnuma_error *e = NULL;
	int rc;

	/* libvirt reads these through XPath, for which empty is absent */
	if (value && !*value) {
		*kib = 0;
		return VNUMA_OK;
	}
	rc = vnuma__libvirt_scaled(&bytes, value, unit, "KiB", what, &e);

	if (rc == VNUMA_E_NOMEM) {
		vnuma_error_free(e);
		return vnuma__error_nomem(r->err);
	}
	if (rc) {
		/* the same message, at the attribute what if it is one */
		rc = vnuma__libvirt_error(r->err, rc, vnuma_error_check(e), at,
					  lv_attr(at, what) ? what : NULL,
					  "%s", vnuma_error_message(e));
		vnuma_error_free(e);
		return rc;
	}
	*kib = bytes / 1024 + (bytes % 1024 != 0);
	return VNUMA_OK;
}

int lv_enum(struct lvr *r, int *out, const char *text,
	    const char *const *names, const xmlNode *at, const char *attr)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], text)) {
			*out = i;
			return VNUMA_OK;
		}
	return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX, "libvirt.value",
				    at, attr, "Invalid value '%s' for '%s'",
				    text,
				    attr ? attr : (const char *)at->name);
}

bool lv_set_has(const struct lv_set *s, size_t i)
{
	return i < LV_SET_BITS && vnuma__bit_test(s->bits, i);
}

static void set_bit(struct lv_set *s, size_t i, bool on)
{
	if (on)
		s->bits[i / 64] |= UINT64_C(1) << (i % 64);
	else
		s->bits[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

int lv_set_parse(struct lvr *r, struct lv_set *s, const char *text,
		 const xmlNode *at, const char *attr)
{
	const char *p = text;

	memset(s, 0, sizeof(*s));
	while (p && *p) {
		bool neg = *p == '^';
		unsigned long a, b;
		char *end;

		p += neg;
		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			goto bad;
		a = b = strtoul(p, &end, 10);
		p = end;
		if (*p == '-' && !neg) {
			if (p[1] < '0' || p[1] > '9')
				goto bad;
			b = strtoul(p + 1, &end, 10);
			p = end;
		}
		while (*p == ' ')
			p++;
		if (a > b || b >= LV_SET_BITS || (*p && *p != ','))
			goto bad;
		for (unsigned long i = a; i <= b; i++)
			set_bit(s, i, !neg);
		p += *p == ',';
	}
	for (size_t i = 0; i < LV_SET_BITS / 64; i++)
		s->any |= s->bits[i] != 0;
	if (text && *text)
		return VNUMA_OK;
bad:
	return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX, "libvirt.bitmap",
				    at, attr, "Failed to parse bitmap '%s'",
				    text ? text : "");
}

void lv_set_json(struct lvr *r, const struct lv_set *s)
{
	const char *sep = "";

	lv_cat(r, "[");
	for (size_t i = 0; i < LV_SET_BITS; i++)
		if (vnuma__bit_test(s->bits, i)) {
			lv_cat(r, "%s%zu", sep, i);
			sep = ",";
		}
	lv_cat(r, "]");
}

void lv_set_ranges(struct lvr *r, const struct lv_set *s, const char *sep)
{
	const char *join = "";

	for (size_t i = 0; i < LV_SET_BITS; i++) {
		size_t j = i;

		if (!vnuma__bit_test(s->bits, i))
			continue;
		while (j + 1 < LV_SET_BITS && vnuma__bit_test(s->bits, j + 1))
			j++;
		if (j > i)
			lv_cat(r, "%s%zu-%zu", join, i, j);
		else
			lv_cat(r, "%s%zu", join, i);
		join = sep;
		i = j;
	}
}

/* libvirt's short name of a domain not running: "-1-" and 20 bytes. */
static void short_name(struct lvr *r)
{
	const char *name = lv_text(lv_child(r->dom, "name"));

	snprintf(r->shortname, sizeof(r->shortname), "-1-%.20s", name);
}

static int read_all(struct lvr *r)
{
	int rc;

	short_name(r);
	if ((rc = lv_read_machine(r)) || (rc = lv_read_memory(r)) ||
	    (rc = lv_read_cells(r)))
		return rc;
	if ((rc = lv_emit_machine(r, r->n_cells ? NULL :
				     r->arm	? "mach-virt.ram" :
						  "pc.ram")))
		return rc;
	if ((rc = lv_emit_cpu(r)) || (rc = lv_emit_m(r)))
		return rc;
	if (!r->n_cells) {
		struct lv_backend be = {
			.id = r->arm ? "mach-virt.ram" : "pc.ram",
			.alias = r->arm ? "mach-virt.ram" : "pc.ram",
			.bytes = r->initial_kib * 1024,
			.node = -1,
			.default_ram = true,
		};

		if ((rc = lv_emit_backend(r, &be)))
			return rc;
	}
	if ((rc = lv_emit_smp(r)) || (rc = lv_emit_numa(r)))
		return rc;
	if (!r->acpi) {
		rc = vnuma__config_add_as(r->cfg, "-no-acpi", NULL, NULL,
					  r->err);
		if (rc)
			return rc;
	}
	return lv_emit_devices(r);
}

int vnuma__libvirt_read(vnuma_config *cfg, const xmlDoc *doc,
			vnuma_error **err)
{
	struct lvr *r = calloc(1, sizeof(*r));
	int rc;

	if (!r)
		return vnuma__error_nomem(err);
	r->cfg = cfg;
	r->err = err;
	r->dom = xmlDocGetRootElement(doc);
	if (!r->dom || strcmp((const char *)r->dom->name, "domain"))
		rc = vnuma__libvirt_error(err, VNUMA_E_SYNTAX,
					  "libvirt.not-domain", r->dom, NULL,
					  "the document is not a <domain>");
	else
		rc = read_all(r);
	free(r->cells);
	vnuma__buf_fini(&r->b);
	free(r);
	return rc;
}
