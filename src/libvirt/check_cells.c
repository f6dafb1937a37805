// SPDX-License-Identifier: MIT
/*
 * <cpu><numa>: the cells with their vCPUs, memory and distances, read as
 * virDomainNumaDefParseXML reads them (their caches and the interconnects
 * in check_hmat.c), and the cells' vCPUs against <vcpu>.
 */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

/* libvirt's SLIT bounds (ACPI: 0-9 are reserved, 255 unreachable) */
#define LOCAL_DISTANCE 10
#define UNREACHABLE 255

static const char *const access_names[] = { "default", "shared", "private",
					    NULL };
static const char *const tristate_names[] = { "absent", "yes", "no", NULL };

static int distances(struct lvc *c, const xmlNode *cell, unsigned int cur)
{
	const xmlNode *d = vnuma__lvc_child(cell, "distances");
	unsigned int id, value;
	int rc;

	if (!d)
		return VNUMA_OK;
	if (!vnuma__lvc_child(d, "sibling"))
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.distances-empty", d, NULL,
					    "XML error: NUMA distances defined "
					    "without siblings");
	for (const xmlNode *s = d->children; s; s = s->next) {
		if (!vnuma__lvc_is(s, "sibling"))
			continue;
		rc = vnuma__lvc_uint(c, s, "id", true, false, &id, NULL);
		if (rc)
			return rc;
		if (id >= c->ncells)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_RANGE, "libvirt.sibling-id", s,
				"id",
				"XML error: 'sibling_id %d' does not refer "
				"to a valid cell within NUMA 'cell id %d'",
				(int)id, (int)cur);
		rc = vnuma__lvc_uint(c, s, "value", true, false, &value, NULL);
		if (rc)
			return rc;
		if (value < LOCAL_DISTANCE || value > UNREACHABLE ||
		    (id == cur) != (value == LOCAL_DISTANCE))
			return vnuma__libvirt_error(
				c->err, VNUMA_E_RANGE, "libvirt.sibling-value",
				s, "value",
				"XML error: 'value %d' is invalid for "
				"'sibling id %d' under NUMA 'cell id %d'",
				(int)value, (int)id, (int)cur);
	}
	return VNUMA_OK;
}

static int one_cell(struct lvc *c, const xmlNode *n, size_t i)
{
	unsigned int cur = (unsigned int)i;
	struct lvc_cell *cell;
	uint64_t *cpus = NULL;
	int rc, mode;
	char *v, *unit;

	rc = vnuma__lvc_uint(c, n, "id", false, false, &cur, NULL);
	if (rc)
		return rc;
	if (cur >= c->ncells)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_RANGE, "libvirt.cell-id", n, "id",
			"XML error: Exactly one 'cell' element per guest NUMA "
			"cell allowed, non-contiguous ranges or ranges not "
			"starting from 0 are not allowed");
	cell = &c->cells[cur];
	/* libvirt tells a cell already read by its memory */
	if (cell->mem)
		return vnuma__libvirt_error(c->err, VNUMA_E_DUPLICATE,
					    "libvirt.cell-duplicate", n, "id",
					    "XML error: Duplicate NUMA cell "
					    "info for cell id '%u'",
					    cur);
	cell->node = n;
	cell->seen = true;
	v = vnuma__lvc_prop(n, "cpus");
	if (v) {
		rc = vnuma__lvc_bitmap(c, n, "cpus", v, &cpus);
		xmlFree(v);
		if (rc)
			return rc;
		if (vnuma__lvc_weight(cpus)) {
			free(cell->cpus);
			cell->cpus = cpus;
		} else {
			free(cpus);
		}
	}
	for (size_t j = 0; j < c->ncells && cell->cpus; j++) {
		const uint64_t *other = c->cells[j].cpus;

		if (j == cur || !other)
			continue;
		for (size_t w = 0; w < LVC_WORDS; w++)
			if (other[w] & cell->cpus[w])
				return vnuma__libvirt_error(
					c->err, VNUMA_E_CONFLICT,
					"libvirt.cell-overlap", n, "cpus",
					"unsupported configuration: NUMA "
					"cells %u and %zu have overlapping "
					"vCPU ids",
					cur, j);
	}
	v = vnuma__lvc_prop(n, "memory");
	unit = vnuma__lvc_prop(n, "unit");
	rc = vnuma__lvc_memory_value(c, n, "memory", v, unit, "./@memory",
				     true, &cell->mem);
	xmlFree(v);
	xmlFree(unit);
	if (!rc)
		rc = vnuma__lvc_enum(c, n, "memAccess", access_names, false,
				     true, &mode);
	if (!rc)
		rc = vnuma__lvc_enum(c, n, "discard", tristate_names, false,
				     true, &mode);
	if (!rc)
		rc = distances(c, n, cur);
	for (const xmlNode *k = n->children; k && !rc; k = k->next)
		if (vnuma__lvc_is(k, "cache"))
			rc = vnuma__lvc_cache(c, cell, k, cur);
	return rc;
}

int vnuma__lvc_cells(struct lvc *c)
{
	const xmlNode *numa = vnuma__lvc_child(c->cpu, "numa");
	const xmlNode *ic;
	size_t i = 0, n;
	int rc;

	if (!numa)
		return VNUMA_OK;
	n = vnuma__lvc_count(numa, "cell");
	if (!n)
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.cells-none", numa, NULL,
					    "XML error: NUMA topology defined "
					    "without NUMA cells");
	c->cells = calloc(n, sizeof(*c->cells));
	if (!c->cells)
		return vnuma__error_nomem(c->err);
	c->ncells = n;
	for (const xmlNode *k = numa->children; k; k = k->next) {
		if (!vnuma__lvc_is(k, "cell"))
			continue;
		rc = one_cell(c, k, i++);
		if (rc)
			return rc;
	}
	ic = vnuma__lvc_child(numa, "interconnects");
	for (const xmlNode *k = ic ? ic->children : NULL; k; k = k->next) {
		if (!vnuma__lvc_is(k, "latency") &&
		    !vnuma__lvc_is(k, "bandwidth"))
			continue;
		rc = vnuma__lvc_link(c, k);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

/*
 * After the cells, against <vcpu>: without cells the highest vCPU id is
 * taken as 0, so a domain of 0 vCPUs ends here whatever its cells.
 */
int vnuma__lvc_cell_cpus(struct lvc *c)
{
	size_t count = 0;
	long top = 0, last;

	for (size_t i = 0; i < c->ncells; i++) {
		const uint64_t *m = c->cells[i].cpus;

		count += vnuma__lvc_weight(m);
		for (long b = vnuma__lvc_next(m, 0); b >= 0;
		     b = vnuma__lvc_next(m, (size_t)b + 1)) {
			last = b;
			if (last > top)
				top = last;
		}
	}
	if (count > c->vcpus)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.cells-cpu-count", c->cpu,
					    NULL,
					    "internal error: Number of CPUs in "
					    "<numa> exceeds the <vcpu> count");
	if ((unsigned long)top >= c->vcpus)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.cells-cpu-id", c->cpu,
					    NULL,
					    "internal error: CPU IDs in <numa> "
					    "exceed the <vcpu> count");
	return VNUMA_OK;
}
