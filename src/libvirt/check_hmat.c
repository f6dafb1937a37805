// SPDX-License-Identifier: MIT
/*
 * The cells' <cache>s and the <interconnects> (libvirt's HMAT), read as
 * virDomainNumaDefParseXML reads them and validated as
 * virDomainNumaDefValidate does, after every cell is known.
 */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

static const char *const assoc_names[] = { "none", "direct", "full", NULL };
static const char *const policy_names[] = { "none", "writeback",
					    "writethrough", NULL };
static const char *const latency_names[] = { "none", "access", "read", "write",
					     NULL };

static int index_of(const char *const *names, const char *v)
{
	for (int i = 0; v && names[i]; i++)
		if (!strcmp(names[i], v))
			return i;
	return -1;
}

static int cache_attr(struct lvc *c, const xmlNode *k, unsigned int cur,
		      const char *attr, char **out)
{
	*out = vnuma__lvc_prop(k, attr);
	if (*out)
		return VNUMA_OK;
	return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
				    "libvirt.cache-missing", k, NULL,
				    "XML error: Missing '%s' attribute in "
				    "cache element for NUMA node %u",
				    attr, cur);
}

static int cache_size(struct lvc *c, const xmlNode *k, const char *name,
		      const char *what)
{
	const xmlNode *e = vnuma__lvc_child(k, name);
	char *v = e ? vnuma__lvc_prop(e, "value") : NULL;
	uint64_t kib;
	int rc;

	/*
	 * libvirt looks for the unit at ./size/unit, an element no cache
	 * has: the unit attribute never counts.
	 */
	rc = vnuma__lvc_memory_value(c, e ? e : k, "value", v, NULL, what,
				     true, &kib);
	xmlFree(v);
	return rc;
}

int vnuma__lvc_cache(struct lvc *c, struct lvc_cell *cell, const xmlNode *k,
		     unsigned int cur)
{
	unsigned int *grown;
	unsigned int level;
	char *v;
	int rc;

	rc = cache_attr(c, k, cur, "level", &v);
	if (rc)
		return rc;
	if (!vnuma__lvc_parse_uint(v, &level) || !level)
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.cache-level", k, "level",
					  "XML error: Invalid 'level' attribute "
					  "in cache element for NUMA node %u",
					  cur);
	xmlFree(v);
	if (rc)
		return rc;
	rc = cache_attr(c, k, cur, "associativity", &v);
	if (rc)
		return rc;
	if (index_of(assoc_names, v) < 0)
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.cache-associativity", k,
					  "associativity",
					  "XML error: Invalid cache "
					  "associativity '%s'",
					  v);
	xmlFree(v);
	if (rc)
		return rc;
	/*
	 * A missing policy is reported and then not returned on: the
	 * message virsh shows is the next one, on the null string.
	 */
	v = vnuma__lvc_prop(k, "policy");
	if (index_of(policy_names, v) < 0)
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.cache-policy", k, "policy",
					  "XML error: Invalid cache policy '%s'",
					  v ? v : "(null)");
	xmlFree(v);
	if (rc)
		return rc;
	rc = cache_size(c, k, "size", "./size/@value");
	if (!rc)
		rc = cache_size(c, k, "line", "./line/@value");
	if (rc)
		return rc;
	grown = realloc(cell->levels,
			(cell->nlevels + 1) * sizeof(*cell->levels));
	if (!grown)
		return vnuma__error_nomem(c->err);
	cell->levels = grown;
	cell->levels[cell->nlevels++] = level;
	return VNUMA_OK;
}

int vnuma__lvc_link(struct lvc *c, const xmlNode *n)
{
	struct lvc_link l = { .node = n };
	struct lvc_link *grown;
	unsigned int value;
	uint64_t kib;
	bool present;
	int rc, type;
	char *v, *unit;

	if (vnuma__lvc_is(n, "latency")) {
		l.type = LVC_LATENCY;
		rc = vnuma__lvc_uint(c, n, "value", true, false, &value, NULL);
	} else {
		l.type = LVC_BANDWIDTH;
		v = vnuma__lvc_prop(n, "value");
		unit = vnuma__lvc_prop(n, "unit");
		rc = vnuma__lvc_memory_value(c, n, "value", v, unit,
					     "./@value", true, &kib);
		xmlFree(v);
		xmlFree(unit);
	}
	if (!rc)
		rc = vnuma__lvc_uint(c, n, "initiator", true, false,
				     &l.initiator, NULL);
	if (!rc)
		rc = vnuma__lvc_uint(c, n, "target", true, false, &l.target,
				     NULL);
	if (!rc)
		rc = vnuma__lvc_uint(c, n, "cache", false, false, &l.cache,
				     &present);
	if (!rc)
		rc = vnuma__lvc_enum(c, n, "type", latency_names, true, true,
				     &type);
	if (rc)
		return rc;
	l.access = (unsigned int)type;
	grown = realloc(c->links, (c->nlinks + 1) * sizeof(*c->links));
	if (!grown)
		return vnuma__error_nomem(c->err);
	c->links = grown;
	c->links[c->nlinks++] = l;
	return VNUMA_OK;
}

static int validate_caches(struct lvc *c, const struct lvc_cell *cell)
{
	for (size_t j = 0; j < cell->nlevels; j++) {
		if (cell->levels[j] > 3)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_RANGE, "libvirt.cache-depth",
				cell->node, NULL,
				"XML error: Ain't nobody heard of that much "
				"cache level");
		for (size_t k = 0; k < j; k++)
			if (cell->levels[k] == cell->levels[j])
				return vnuma__libvirt_error(
					c->err, VNUMA_E_DUPLICATE,
					"libvirt.cache-duplicate", cell->node,
					NULL,
					"XML error: Cache level '%u' already "
					"defined",
					cell->levels[j]);
	}
	return VNUMA_OK;
}

static bool has_level(const struct lvc_cell *cell, unsigned int level)
{
	for (size_t j = 0; j < cell->nlevels; j++)
		if (cell->levels[j] == level)
			return true;
	return false;
}

static int validate_link(struct lvc *c, size_t i)
{
	const struct lvc_link *l = &c->links[i];

	if (l->initiator >= c->ncells)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.link-initiator", l->node,
					    "initiator",
					    "XML error: 'initiator' refers to "
					    "a non-existent NUMA node");
	if (l->target >= c->ncells)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.link-target", l->node,
					    "target",
					    "XML error: 'target' refers to a "
					    "non-existent NUMA node");
	if (!c->cells[l->initiator].cpus)
		return vnuma__libvirt_error(c->err, VNUMA_E_CONFLICT,
					    "libvirt.link-cpuless", l->node,
					    "initiator",
					    "XML error: NUMA nodes without "
					    "CPUs can't be initiator");
	if (l->cache && !has_level(&c->cells[l->target], l->cache))
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.link-cache", l->node,
					    "cache",
					    "XML error: 'cache' refers to a "
					    "non-existent NUMA node cache");
	for (size_t j = 0; j < i; j++) {
		const struct lvc_link *o = &c->links[j];

		if (l->type == o->type && l->initiator == o->initiator &&
		    l->target == o->target && l->cache == o->cache &&
		    l->access == o->access)
			return vnuma__libvirt_error(c->err, VNUMA_E_DUPLICATE,
						    "libvirt.link-duplicate",
						    l->node, NULL,
						    "XML error: Duplicate info for NUMA "
						    "latencies");
		if (l->initiator != l->target && l->initiator == o->target &&
		    l->target == o->initiator)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_DUPLICATE,
				"libvirt.link-reverse", l->node, NULL,
				"XML error: Link already defined");
	}
	return VNUMA_OK;
}

int vnuma__lvc_validate_numa(struct lvc *c)
{
	int rc;

	for (size_t i = 0; i < c->ncells; i++) {
		rc = validate_caches(c, &c->cells[i]);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < c->nlinks; i++) {
		rc = validate_link(c, i);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}
