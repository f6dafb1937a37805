// SPDX-License-Identifier: MIT
/*
 * <memory>, <maxMemory>, <currentMemory> and <memoryBacking>: read as
 * virDomainDefParseMemory reads them, the totals of
 * virDomainDefPostParseMemory, and the huge page checks of validation.
 */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

static int element_size(struct lvc *c, const char *name, const char *what,
			uint64_t *kib)
{
	const xmlNode *e = vnuma__lvc_child(c->dom, name);
	char *v, *unit;
	int rc;

	*kib = 0;
	if (!e)
		return VNUMA_OK;
	v = vnuma__lvc_text(e);
	unit = vnuma__lvc_prop(e, "unit");
	rc = vnuma__lvc_memory_value(c, e, NULL, v, unit, what, false, kib);
	xmlFree(v);
	xmlFree(unit);
	return rc;
}

static int one_page(struct lvc *c, const xmlNode *n, struct lvc_page *p)
{
	char *v = vnuma__lvc_prop(n, "size");
	char *unit = vnuma__lvc_prop(n, "unit");
	int rc;

	p->node = n;
	rc = vnuma__lvc_memory_value(c, n, "size", v, unit, "./@size", true,
				     &p->size);
	xmlFree(v);
	xmlFree(unit);
	if (rc)
		return rc;
	if (!p->size)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.hugepage-zero", n, "size",
					    "hugepage size can't be zero");
	v = vnuma__lvc_prop(n, "nodeset");
	if (!v)
		return VNUMA_OK;
	rc = vnuma__lvc_bitmap(c, n, "nodeset", v, &p->nodes);
	if (!rc && !vnuma__lvc_weight(p->nodes))
		rc = vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					  "libvirt.hugepage-nodeset-empty", n,
					  "nodeset",
					  "unsupported configuration: Invalid "
					  "value of 'nodeset': %s",
					  v);
	xmlFree(v);
	return rc;
}

static bool overlap(const uint64_t *a, const uint64_t *b)
{
	for (size_t w = 0; w < LVC_WORDS; w++)
		if (a[w] & b[w])
			return true;
	return false;
}

static int hugepages(struct lvc *c, const xmlNode *h)
{
	size_t n = vnuma__lvc_count(h, "page");
	size_t i = 0;
	int rc;

	/* <hugepages/> alone: the host's default size for all memory */
	c->pages = calloc(n ? n : 1, sizeof(*c->pages));
	if (!c->pages)
		return vnuma__error_nomem(c->err);
	if (!n) {
		c->pages[0].node = h;
		c->npages = 1;
		return VNUMA_OK;
	}
	for (const xmlNode *k = h->children; k; k = k->next) {
		if (!vnuma__lvc_is(k, "page"))
			continue;
		rc = one_page(c, k, &c->pages[i]);
		c->npages = ++i;
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

static int slots(struct lvc *c, const xmlNode *max)
{
	char *v = vnuma__lvc_prop(max, "slots");
	int rc = VNUMA_OK;

	if (v && !vnuma__lvc_parse_uint(v, &c->slots))
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.max-memory-slots-syntax",
					  max, "slots",
					  "XML error: Failed to parse memory "
					  "slot count");
	xmlFree(v);
	return rc;
}

/*
 * The names libvirt reads with TypeFromString(...) <= 0: the first of
 * each list ("none", "default") is refused as an unknown one.
 */
static int backing_enum(struct lvc *c, const xmlNode *mb, const char *elem,
			const char *attr, const char *const *names, int *out)
{
	const xmlNode *e = vnuma__lvc_child(mb, elem);
	char *v = e ? vnuma__lvc_prop(e, attr) : NULL;
	int rc = VNUMA_OK;

	*out = 0;
	/* read by XPath: an empty value is none */
	if (!v || !*v) {
		xmlFree(v);
		return VNUMA_OK;
	}
	for (int i = 1; names[i]; i++)
		if (!strcmp(names[i], v))
			*out = i;
	if (!*out)
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.backing-enum", e, attr,
					  "unsupported configuration: unknown "
					  "memoryBacking/%s/%s '%s'",
					  elem, attr, v);
	xmlFree(v);
	return rc;
}

static const char *const source_names[] = { "none", "file", "anonymous",
					    "memfd", NULL };
static const char *const access_names[] = { "default", "shared", "private",
					    NULL };
static const char *const alloc_names[] = { "none", "immediate", "ondemand",
					   NULL };

static int alloc_threads(struct lvc *c, const xmlNode *a)
{
	char *v = a ? vnuma__lvc_prop(a, "threads") : NULL;
	unsigned int threads;
	int rc = VNUMA_OK;

	if (v && !vnuma__lvc_parse_uint(v, &threads))
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.allocation-threads", a,
					  "threads",
					  "XML error: Failed to parse memory "
					  "allocation threads");
	xmlFree(v);
	return rc;
}

int vnuma__lvc_memory(struct lvc *c)
{
	const xmlNode *mb = vnuma__lvc_child(c->dom, "memoryBacking");
	const xmlNode *max = vnuma__lvc_child(c->dom, "maxMemory");
	const xmlNode *h;
	uint64_t cur;
	int rc, v;

	rc = element_size(c, "memory", "./memory[1]", &c->memory);
	if (!rc)
		rc = element_size(c, "maxMemory", "./maxMemory[1]",
				  &c->max_mem);
	if (!rc && max)
		rc = slots(c, max);
	if (!rc)
		rc = element_size(c, "currentMemory", "./currentMemory[1]",
				  &cur);
	if (rc || !mb)
		return rc;
	h = vnuma__lvc_child(mb, "hugepages");
	if (h) {
		rc = hugepages(c, h);
		if (rc)
			return rc;
	}
	rc = backing_enum(c, mb, "source", "type", source_names, &v);
	if (rc)
		return rc;
	c->anonymous = v == 2;
	rc = backing_enum(c, mb, "access", "mode", access_names, &v);
	if (!rc)
		rc = backing_enum(c, mb, "allocation", "mode", alloc_names,
				  &v);
	if (!rc)
		rc = alloc_threads(c, vnuma__lvc_child(mb, "allocation"));
	return rc;
}

int vnuma__lvc_post_memory(struct lvc *c)
{
	uint64_t numa = 0, hotplug = 0, initial;

	for (size_t i = 0; i < c->ncells; i++)
		numa += c->cells[i].mem;
	for (size_t i = 0; i < c->nmems; i++)
		hotplug += c->mems[i].size;
	/* with cells, <memory> is their sum and the devices' */
	if (numa) {
		c->memory = numa + hotplug;
	} else if (hotplug > c->memory) {
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.memory-devices", c->dom,
					    NULL,
					    "XML error: Total size of memory "
					    "devices exceeds the total memory "
					    "size");
	}
	initial = numa ? numa : c->memory - hotplug;
	if (!initial)
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.memory-none", c->dom,
					    NULL,
					    "XML error: Memory size must be "
					    "specified via <memory> or in the "
					    "<numa> configuration");
	if (!!c->max_mem != !!c->slots)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_MISSING, "libvirt.max-memory-slots",
			vnuma__lvc_child(c->dom, "maxMemory"), NULL,
			"XML error: both maximum memory size and memory slot "
			"count must be specified");
	if (c->max_mem && c->max_mem < c->memory)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_RANGE, "libvirt.max-memory",
			vnuma__lvc_child(c->dom, "maxMemory"), NULL,
			"XML error: maximum memory size must be equal or "
			"greater than the actual memory size");
	return VNUMA_OK;
}

/*
 * Huge pages not of anonymous memory, and a page size's nodes must be
 * cells. Without cells libvirt still takes
 * nodeset='0' (the whole guest) and names the first node of any other.
 */
int vnuma__lvc_validate_memory(struct lvc *c)
{
	/* one default size at most, and no node in two sizes */
	for (size_t i = 0; i < c->npages; i++)
		for (size_t j = 0; j < i; j++) {
			const struct lvc_page *p = &c->pages[i];
			const struct lvc_page *q = &c->pages[j];

			if (!p->nodes && !q->nodes)
				return vnuma__libvirt_error(
					c->err, VNUMA_E_CONFLICT,
					"libvirt.hugepage-default", p->node,
					NULL,
					"two master hugepages detected: "
					"%llu and %llu",
					(unsigned long long)p->size,
					(unsigned long long)q->size);
			if (p->nodes && q->nodes &&
			    overlap(p->nodes, q->nodes))
				return vnuma__libvirt_error(
					c->err, VNUMA_E_CONFLICT,
					"libvirt.hugepage-nodes", p->node,
					"nodeset",
					"nodeset attribute of hugepages of "
					"sizes %llu and %llu intersect",
					(unsigned long long)p->size,
					(unsigned long long)q->size);
		}
	if (c->npages && c->anonymous)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_CONFLICT, "libvirt.hugepage-anonymous",
			vnuma__lvc_child(c->dom, "memoryBacking"), NULL,
			"unsupported configuration: hugepages are not allowed "
			"with anonymous memory source");
	for (size_t i = 0; i < c->npages; i++) {
		const uint64_t *m = c->pages[i].nodes;
		long bad;

		if (!m)
			continue;
		if (c->ncells)
			bad = vnuma__lvc_next(m, c->ncells);
		else if (vnuma__lvc_weight(m) == 1 && vnuma__lvc_bit(m, 0))
			bad = -1;
		else
			bad = vnuma__lvc_next(m, 0);
		if (bad >= 0)
			return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
						    "libvirt.hugepage-node",
						    c->pages[i].node,
						    "nodeset",
						    "hugepages: node %ld not found",
						    bad);
	}
	return VNUMA_OK;
}
