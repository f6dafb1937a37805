// SPDX-License-Identifier: MIT
/*
 * <cpu><numa>: a memory backend "ram-nodeN" and an -numa node per cell,
 * the SLIT distances, and libvirt's HMAT (<interconnects>, <cache>).
 */
#include <stdlib.h>
#include <string.h>

#include "read_internal.h"

static const char *const accesses[] = { "default", "shared", "private", NULL };
static const char *const yesno[] = { "", "yes", "no", NULL };

static int read_cell(struct lvr *r, struct lv_cell *c, const xmlNode *n)
{
	const char *s;
	uint64_t kib = 0;
	int v, rc;

	c->node = n;
	c->cpus = lv_attr(n, "cpus");
	if ((s = lv_attr(n, "memory")) &&
	    (rc = lv_kib(r, &kib, n, s, lv_attr(n, "unit"), "memory")))
		return rc;
	/* libvirt aligns each cell to 1 MiB */
	c->kib = (kib + 1023) / 1024 * 1024;
	if ((s = lv_attr(n, "memAccess"))) {
		if ((rc = lv_enum(r, &v, s, accesses, n, "memAccess")))
			return rc;
		c->access = (enum lv_access)v;
	}
	if ((s = lv_attr(n, "discard"))) {
		if ((rc = lv_enum(r, &v, s, yesno, n, "discard")))
			return rc;
		c->discard = (enum lv_tristate)v;
	}
	if (lv_child(n, "cache"))
		r->hmat = true;
	return VNUMA_OK;
}

int lv_read_cells(struct lvr *r)
{
	size_t n = 0;
	int rc;

	r->numa = lv_child(r->cpu, "numa");
	for (const xmlNode *c = lv_child(r->numa, "cell"); c;
	     c = lv_next(c, "cell"))
		n++;
	if (!n)
		return VNUMA_OK;
	r->cells = calloc(n, sizeof(*r->cells));
	if (!r->cells)
		return vnuma__error_nomem(r->err);
	/*
	 * Cells by their id, as libvirt keeps them (its checks made the ids
	 * 0..n-1, once each); the reader alone falls back to their order.
	 */
	for (const xmlNode *c = lv_child(r->numa, "cell"); c;
	     c = lv_next(c, "cell")) {
		const char *id = lv_attr(c, "id");
		char *end;
		unsigned long k = id ? strtoul(id, &end, 10) : n;

		if (!id || *end || k >= n || r->cells[k].node)
			k = r->n_cells;
		if (r->cells[k].node)
			for (k = 0; r->cells[k].node; k++)
				;
		if ((rc = read_cell(r, &r->cells[k], c)))
			return rc;
		r->n_cells++;
	}
	if (lv_child(r->numa, "interconnects"))
		r->hmat = true;
	return VNUMA_OK;
}

/*
 * An interconnect's initiator and target (element ids); errors at the
 * element.
 */
static int ends(struct lvr *r, unsigned long *ini, unsigned long *tgt,
		const xmlNode *ic)
{
	int rc = lv_ulong(r, ini, lv_attr(ic, "initiator"), LV_SET_BITS, ic,
			  "initiator");

	return rc ? rc :
		    lv_ulong(r, tgt, lv_attr(ic, "target"), LV_SET_BITS, ic,
			     "target");
}

/*
 * With HMAT every node names its initiator: a cell with vCPUs itself,
 * another the initiator of the first interconnect that targets it, or
 * else the first cell with vCPUs.
 */
static int initiator(struct lvr *r, long *out, size_t cell)
{
	const xmlNode *ics = lv_child(r->numa, "interconnects");
	unsigned long ini, tgt;
	int rc;

	*out = -1;
	if (r->cells[cell].cpus && *r->cells[cell].cpus) {
		*out = (long)cell;
		return VNUMA_OK;
	}
	for (const xmlNode *ic = lv_child(ics, NULL); ic;
	     ic = lv_next(ic, NULL)) {
		if ((rc = ends(r, &ini, &tgt, ic)))
			return rc;
		if (tgt == cell) {
			*out = (long)ini;
			return VNUMA_OK;
		}
	}
	/* none targets it: the first cell with vCPUs */
	for (size_t i = 0; i < r->n_cells; i++)
		if (r->cells[i].cpus && *r->cells[i].cpus) {
			*out = (long)i;
			break;
		}
	return VNUMA_OK;
}

/*
 * extra: the vCPUs no cell names, which libvirt gives to cell 0 (QEMU
 * would put them there too, with a deprecation warning).
 */
static int emit_cell(struct lvr *r, size_t i, struct lv_set *cpus,
		     const struct lv_set *extra)
{
	struct lv_cell *c = &r->cells[i];
	char id[32];
	struct lv_backend be = {
		.id = id,
		.alias = id,
		.bytes = c->kib * 1024,
		.node = (long)i,
		.access = c->access,
		.discard = c->discard,
	};
	long ini = -1;
	int rc;

	snprintf(id, sizeof(id), "ram-node%zu", i);
	memset(cpus, 0, sizeof(*cpus));
	if (c->cpus && (rc = lv_set_parse(r, cpus, c->cpus, c->node, "cpus")))
		return rc;
	for (size_t w = 0; extra && w < LV_SET_BITS / 64; w++) {
		cpus->bits[w] |= extra->bits[w];
		cpus->any |= extra->bits[w] != 0;
	}
	if (r->hmat && (rc = initiator(r, &ini, i)))
		return rc;
	if ((rc = lv_emit_backend(r, &be)))
		return rc;
	lv_fmt(r, "node,nodeid=%zu", i);
	if (cpus->any) {
		lv_cat(r, ",cpus=");
		lv_set_ranges(r, cpus, ",cpus=");
	}
	if (ini >= 0)
		lv_cat(r, ",initiator=%ld", ini);
	lv_cat(r, ",memdev=%s", id);
	return lv_emit(r, "-numa");
}

/*
 * libvirt fills what a <distances> leaves out: the way back as the way
 * there, 10 to the node itself, 20 elsewhere; and writes -numa dist only
 * when some distance is not that default (learnt from domxml-to-native:
 * a matrix of defaults gives no -numa dist at all).
 */
static int read_distances(struct lvr *r, unsigned long *d, size_t n)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		const xmlNode *ds = lv_child(r->cells[i].node, "distances");

		for (const xmlNode *s = lv_child(ds, "sibling"); s;
		     s = lv_next(s, "sibling")) {
			unsigned long id, v;

			if ((rc = lv_ulong(r, &id, lv_attr(s, "id"),
					   LV_SET_BITS, s, "id")) ||
			    (rc = lv_ulong(r, &v, lv_attr(s, "value"),
					   UINT32_MAX, s, "value")))
				return rc;
			if (id >= n)
				continue;
			d[i * n + id] = v;
			if (!d[id * n + i])
				d[id * n + i] = v;
		}
	}
	return VNUMA_OK;
}

static int emit_distances(struct lvr *r)
{
	size_t n = r->n_cells;
	unsigned long *d;
	bool other = false;
	int rc;

	/*
	 * QEMU refuses a node id past its limit, whatever the distances:
	 * no matrix of that size is needed to say so.
	 */
	if (n > r->cfg->max_nodes)
		return VNUMA_OK;
	d = calloc(n * n, sizeof(*d));
	if (!d)
		return vnuma__error_nomem(r->err);
	rc = read_distances(r, d, n);
	for (size_t k = 0; k < n * n; k++) {
		unsigned long dflt = k / n == k % n ? 10 : 20;

		if (!d[k])
			d[k] = dflt;
		other |= d[k] != dflt;
	}
	for (size_t k = 0; k < n * n && !rc && other; k++) {
		lv_fmt(r, "dist,src=%zu,dst=%zu,val=%lu", k / n, k % n, d[k]);
		rc = lv_emit(r, "-numa");
	}
	free(d);
	return rc;
}

static const char *const levels[] = { "memory", "first-level", "second-level",
				      "third-level" };

static int emit_lb(struct lvr *r, const xmlNode *ic)
{
	bool lat = !strcmp((const char *)ic->name, "latency");
	const char *type = lv_attr(ic, "type");
	const char *cache = lv_attr(ic, "cache");
	unsigned long ini, tgt, level = 0, v;
	uint64_t kib;
	int rc;

	if (!lat && strcmp((const char *)ic->name, "bandwidth"))
		return lv_warn(r, ic, NULL, "not an interconnect: ignored");
	if ((rc = ends(r, &ini, &tgt, ic)) ||
	    (cache && (rc = lv_ulong(r, &level, cache, 3, ic, "cache"))))
		return rc;
	if (!type || (strcmp(type, "access") && strcmp(type, "read") &&
		      strcmp(type, "write")))
		return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX,
					    "libvirt.value", ic, "type",
					    "Invalid value '%s' for 'type'",
					    type ? type : "");
	if (lat) {
		if ((rc = lv_ulong(r, &v, lv_attr(ic, "value"), UINT64_MAX, ic,
				   "value")))
			return rc;
		lv_fmt(r,
		       "hmat-lb,initiator=%lu,target=%lu,hierarchy=%s,"
		       "data-type=%s-latency,latency=%lu",
		       ini, tgt, levels[level], type, v);
	} else {
		if ((rc = lv_kib(r, &kib, ic, lv_attr(ic, "value"),
				 lv_attr(ic, "unit"), "value")))
			return rc;
		lv_fmt(r,
		       "hmat-lb,initiator=%lu,target=%lu,hierarchy=%s,"
		       "data-type=%s-bandwidth,bandwidth=%lluK",
		       ini, tgt, levels[level], type, (unsigned long long)kib);
	}
	return lv_emit(r, "-numa");
}

static const char *const assocs[][2] = {
	{ "none", "none" },
	{ "direct", "direct" },
	{ "full", "complex" },
};
static const char *const cpolicies[][2] = {
	{ "none", "none" },
	{ "writeback", "write-back" },
	{ "writethrough", "write-through" },
};

static const char *map(const char *const (*t)[2], size_t n, const char *v)
{
	for (size_t i = 0; v && i < n; i++)
		if (!strcmp(t[i][0], v))
			return t[i][1];
	return NULL;
}

/*
 * libvirt 9.0 writes a cache's size and line as their value attributes,
 * in KiB and bytes, whatever their unit says (domxml-to-native shows
 * size value='1' unit='MiB' as size=1K).
 */
static int emit_cache(struct lvr *r, size_t cell, const xmlNode *c)
{
	const char *a = map(assocs, 3, lv_attr(c, "associativity"));
	const char *p = map(cpolicies, 3, lv_attr(c, "policy"));
	const xmlNode *size = lv_child(c, "size");
	const xmlNode *line = lv_child(c, "line");
	unsigned long level, sz, ln;
	int rc;

	if (!a)
		return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX,
					    "libvirt.value", c,
					    "associativity",
					    "Invalid cache associativity");
	if (!p)
		return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX,
					    "libvirt.value", c, "policy",
					    "Invalid cache policy");
	if ((rc = lv_ulong(r, &level, lv_attr(c, "level"), UINT32_MAX, c,
			   "level")) ||
	    (rc = lv_ulong(r, &sz, lv_attr(size, "value"), UINT64_MAX,
			   size ? size : c, "value")) ||
	    (rc = lv_ulong(r, &ln, lv_attr(line, "value"), UINT64_MAX,
			   line ? line : c, "value")))
		return rc;
	lv_fmt(r,
	       "hmat-cache,node-id=%zu,size=%luK,level=%lu,associativity=%s,"
	       "policy=%s,line=%lu",
	       cell, sz, level, a, p, ln);
	return lv_emit(r, "-numa");
}

/* The vCPUs below <vcpu> that no cell names. */
static int unassigned(struct lvr *r, struct lv_set *extra, struct lv_set *cpus)
{
	int rc;

	memset(extra, 0, sizeof(*extra));
	for (size_t v = 0; v < r->vcpus && v < LV_SET_BITS; v++)
		vnuma__bit_set(extra->bits, v);
	for (size_t i = 0; i < r->n_cells; i++) {
		if (!r->cells[i].cpus)
			continue;
		if ((rc = lv_set_parse(r, cpus, r->cells[i].cpus,
				       r->cells[i].node, "cpus")))
			return rc;
		for (size_t w = 0; w < LV_SET_BITS / 64; w++)
			extra->bits[w] &= ~cpus->bits[w];
	}
	return VNUMA_OK;
}

int lv_emit_numa(struct lvr *r)
{
	struct lv_set *cpus, *extra;
	const xmlNode *ics;
	int rc;

	if (!r->n_cells)
		return VNUMA_OK;
	cpus = malloc(2 * sizeof(*cpus));
	if (!cpus)
		return vnuma__error_nomem(r->err);
	extra = cpus + 1;
	rc = unassigned(r, extra, cpus);
	for (size_t i = 0; i < r->n_cells && !rc; i++)
		rc = emit_cell(r, i, cpus, i ? NULL : extra);
	free(cpus);
	if (rc || (rc = emit_distances(r)))
		return rc;
	ics = lv_child(r->numa, "interconnects");
	for (const xmlNode *ic = lv_child(ics, NULL); ic && !rc;
	     ic = lv_next(ic, NULL))
		rc = emit_lb(r, ic);
	for (size_t i = 0; i < r->n_cells && !rc; i++)
		for (const xmlNode *c = lv_child(r->cells[i].node, "cache");
		     c && !rc; c = lv_next(c, "cache"))
			rc = emit_cache(r, i, c);
	return rc;
}
