// SPDX-License-Identifier: MIT
/*
 * <numatune>: <memory mode placement nodeset> and the per-cell <memnode>,
 * read as virDomainNumatuneParseXML reads them, after the cells.
 */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

enum { MODE_STRICT, MODE_PREFERRED, MODE_INTERLEAVE, MODE_RESTRICTIVE };
enum { PLACE_UNSET = -1, PLACE_DEFAULT, PLACE_STATIC, PLACE_AUTO };

static const char *const mode_names[] = { "strict", "preferred", "interleave",
					  "restrictive", NULL };
static const char *const place_names[] = { "default", "static", "auto", NULL };

static int lookup(const char *const *names, const char *v)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], v))
			return i;
	return -1;
}

/* a nodeset that parses but names no node */
static int nodeset(struct lvc *c, const xmlNode *n, const char *v,
		   uint64_t **out)
{
	int rc = vnuma__lvc_bitmap(c, n, "nodeset", v, out);

	if (rc || vnuma__lvc_weight(*out))
		return rc;
	free(*out);
	*out = NULL;
	return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
				    "libvirt.numatune-empty", n, "nodeset",
				    "unsupported configuration: Invalid value "
				    "of 'nodeset': %s",
				    v);
}

static int memory(struct lvc *c, const xmlNode *m, int *mode)
{
	int place = PLACE_UNSET;
	char *v;
	int rc = VNUMA_OK;

	*mode = -1;
	if (!m) {
		if (!c->placement_static)
			place = PLACE_AUTO;
		goto set;
	}
	v = vnuma__lvc_prop(m, "mode");
	if (v && (*mode = lookup(mode_names, v)) < 0)
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.numatune-mode", m, "mode",
					  "unsupported configuration: "
					  "Unsupported NUMA memory tuning "
					  "mode '%s'",
					  v);
	xmlFree(v);
	if (rc)
		return rc;
	v = vnuma__lvc_prop(m, "placement");
	if (v && (place = lookup(place_names, v)) < 0)
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.numatune-placement", m,
					  "placement",
					  "unsupported configuration: "
					  "Unsupported NUMA memory placement "
					  "mode '%s'",
					  v);
	xmlFree(v);
	if (rc)
		return rc;
	v = vnuma__lvc_prop(m, "nodeset");
	if (v)
		rc = nodeset(c, m, v, &c->tune_nodes);
	xmlFree(v);
	if (rc)
		return rc;
set:
	/* virDomainNumatuneSet: nothing given, nothing set */
	if (*mode < 0 && place == PLACE_UNSET && !c->tune_nodes)
		return VNUMA_OK;
	if (*mode < 0)
		*mode = MODE_STRICT;
	if (place == PLACE_UNSET && c->tune_nodes)
		place = PLACE_STATIC;
	if (place == PLACE_DEFAULT || place == PLACE_UNSET)
		place = c->tune_nodes || c->placement_static ? PLACE_STATIC :
							       PLACE_AUTO;
	if (place == PLACE_STATIC && !c->tune_nodes)
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.numatune-nodeset", m,
					    NULL,
					    "unsupported configuration: nodeset "
					    "for NUMA memory tuning must be set "
					    "if 'placement' is 'static'");
	if (place == PLACE_AUTO) {
		free(c->tune_nodes);
		c->tune_nodes = NULL;
	}
	c->tune_specified = true;
	c->tune_auto = place == PLACE_AUTO;
	return VNUMA_OK;
}

static int memnode(struct lvc *c, const xmlNode *n, int mem_mode)
{
	struct lvc_cell *cell;
	unsigned int id;
	int mode, rc;
	char *v;

	rc = vnuma__lvc_uint(c, n, "cellid", true, false, &id, NULL);
	if (rc)
		return rc;
	if (id >= c->ncells)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.memnode-cell", n,
					    "cellid",
					    "XML error: Argument 'cellid' in "
					    "memnode element must correspond to "
					    "existing guest's NUMA cell");
	cell = &c->cells[id];
	if (cell->memnode)
		return vnuma__libvirt_error(c->err, VNUMA_E_DUPLICATE,
					    "libvirt.memnode-duplicate", n,
					    "cellid",
					    "XML error: Multiple memnode "
					    "elements with cellid %u",
					    id);
	rc = vnuma__lvc_enum(c, n, "mode", mode_names, false, false, &mode);
	if (rc)
		return rc;
	if (mode < 0)
		mode = MODE_STRICT;
	if (mem_mode == MODE_RESTRICTIVE && mode != MODE_RESTRICTIVE)
		return vnuma__libvirt_error(c->err, VNUMA_E_CONFLICT,
					    "libvirt.memnode-restrictive", n,
					    "mode",
					    "XML error: 'restrictive' mode is "
					    "required in memnode element when "
					    "mode is 'restrictive' in memory "
					    "element");
	v = vnuma__lvc_prop(n, "nodeset");
	if (!v)
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.memnode-nodeset", n, NULL,
					    "XML error: Missing required "
					    "nodeset attribute in memnode "
					    "element");
	rc = nodeset(c, n, v, &cell->memnode);
	xmlFree(v);
	return rc;
}

int vnuma__lvc_numatune(struct lvc *c)
{
	const xmlNode *t = vnuma__lvc_child(c->dom, "numatune");
	int mode, rc;

	if (vnuma__lvc_count(c->dom, "numatune") > 1)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_DUPLICATE, "libvirt.numatune-twice",
			c->dom, NULL,
			"XML error: only one numatune is supported");
	rc = memory(c, vnuma__lvc_child(t, "memory"), &mode);
	if (rc || !vnuma__lvc_child(t, "memnode"))
		return rc;
	if (c->tune_specified && c->tune_auto)
		return vnuma__libvirt_error(c->err, VNUMA_E_CONFLICT,
					    "libvirt.memnode-auto", t, NULL,
					    "unsupported configuration: "
					    "Per-node binding is not "
					    "compatible with automatic NUMA "
					    "placement.");
	if (!c->ncells)
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.memnode-nonuma", t, NULL,
					    "XML error: Element 'memnode' is "
					    "invalid without any guest NUMA "
					    "cells");
	for (const xmlNode *n = t->children; n; n = n->next) {
		if (!vnuma__lvc_is(n, "memnode"))
			continue;
		rc = memnode(c, n, mode);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}
