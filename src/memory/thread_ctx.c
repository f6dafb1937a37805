/* SPDX-License-Identifier: MIT */
/*
 * -object thread-context: a thread QEMU 7.2 creates early, before the
 * machine and the memory backends, pinned to host CPUs (cpu-affinity) or
 * to the CPUs of host NUMA nodes (node-affinity); a backend's
 * prealloc-context=ID runs its preallocation threads there. The options
 * are checked while QEMU reads them (types, unknown keys, id); the
 * affinity when the object is created, against this host, with messages
 * that name no option (QEMU restores no location there).
 */
#include "thread_ctx.h"

#include <stdlib.h>
#include <string.h>

#include "../host/host_cpus.h"
#include "../parse/visit.h"
#include "../util.h"

/* Host CPU and node numbers are read as uint16 lists, as QEMU does. */
#define LIST_BITS 16

int vnuma__thread_ctx_parse(const struct vnuma__opts *o, vnuma_error **err)
{
	static const char *const allowed[] = { "qom-type", "id",
					       "cpu-affinity", "node-affinity",
					       NULL };
	uint64_t *v = NULL;
	size_t n = 0;
	int rc;

	if (!vnuma__opts_id(o)) {
		struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

		loc.key = "id";
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"backend.id-missing", &loc,
					"Parameter 'id' is missing");
	}
	/* The schema's order: cpu-affinity, then node-affinity. */
	rc = vnuma__get_uint_list(o, "cpu-affinity",
				  vnuma__visitor_for(o, VNUMA__VISIT_OPTS),
				  LIST_BITS, &v, &n, err);
	free(v);
	v = NULL;
	if (!rc)
		rc = vnuma__get_uint_list(o, "node-affinity",
					  vnuma__visitor_for(o,
							     VNUMA__VISIT_OPTS),
					  LIST_BITS, &v, &n, err);
	free(v);
	return rc ? rc :
		    vnuma__check_keys(o,
				      vnuma__visitor_for(o, VNUMA__VISIT_OPTS),
				      allowed, err);
}

static int cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return (x > y) - (x < y);
}

/* Sorts and drops duplicates. */
static size_t unique(uint16_t *v, size_t n)
{
	size_t k = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u16);
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* The CPUs of the nodes, from sysfs; a node the host lacks has none. */
static int node_cpus(struct vnuma__thread_ctx *c, const uint64_t *nodes,
		     size_t n, vnuma_error **err)
{
	for (size_t i = 0; i < n; i++) {
		uint16_t *cpus = NULL;
		size_t nc = 0;
		int rc = vnuma__host_node_cpus((unsigned)nodes[i], &cpus, &nc);

		if (rc) {
			free(cpus);
			return vnuma__error_nomem(err);
		}
		if (nc && vnuma__grow(&c->cpus, &c->cap_cpus, c->n_cpus + nc,
				      sizeof(*c->cpus))) {
			free(cpus);
			return vnuma__error_nomem(err);
		}
		if (nc)
			memcpy(c->cpus + c->n_cpus, cpus, nc * sizeof(*cpus));
		c->n_cpus += nc;
		free(cpus);
	}
	return VNUMA_OK;
}

/* The affinity properties' setters, then the thread's creation. */
static int create(struct vnuma__thread_ctx *c, const struct vnuma__opts *o,
		  vnuma_error **err)
{
	uint64_t *v = NULL;
	size_t n = 0;
	int rc = vnuma__get_uint_list(o, "cpu-affinity",
				      vnuma__visitor_for(o, VNUMA__VISIT_OPTS),
				      LIST_BITS, &v, &n, err);

	if (!rc && n) {
		c->cpus = calloc(n, sizeof(*c->cpus));
		if (!c->cpus)
			rc = vnuma__error_nomem(err);
		for (size_t i = 0; !rc && i < n; i++)
			c->cpus[i] = (uint16_t)v[i];
		c->n_cpus = c->cap_cpus = rc ? 0 : n;
		c->has_affinity = !rc;
	}
	free(v);
	v = NULL;
	n = 0;
	if (!rc)
		rc = vnuma__get_uint_list(o, "node-affinity",
					  vnuma__visitor_for(o,
							     VNUMA__VISIT_OPTS),
					  LIST_BITS, &v, &n, err);
	if (!rc && n && c->has_affinity)
		rc = vnuma__error_set(err, VNUMA_E_CONFLICT,
				      "thread-context.mixed", NULL,
				      "Mixing CPU and node affinity not "
				      "supported");
	if (!rc && n) {
		rc = node_cpus(c, v, n, err);
		if (!rc && !c->n_cpus)
			rc = vnuma__error_set(err, VNUMA_E_RANGE,
					      "thread-context.no-cpus", NULL,
					      "The nodes select no CPUs");
		c->has_affinity = true;
	}
	free(v);
	if (rc)
		return rc;
	c->n_cpus = unique(c->cpus, c->n_cpus);
	/* sched_setaffinity() wants at least one CPU the host has online. */
	if (c->has_affinity &&
	    !vnuma__host_cpus_any_online(c->cpus, c->n_cpus))
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"thread-context.affinity", NULL,
					"Setting CPU affinity failed: Invalid "
					"argument");
	return VNUMA_OK;
}

int vnuma__thread_ctxs_build(struct vnuma__backends *b,
			     const struct vnuma_config *cfg, vnuma_error **err)
{
	int rc = VNUMA_OK;

	b->ctxs_built = true;
	for (size_t i = 0; !rc && i < cfg->n; i++) {
		const struct vnuma__opts *o = &cfg->e[i].opts;
		const struct vnuma__opt *t = vnuma__opts_last(o, "qom-type");
		struct vnuma__thread_ctx c = { .entry = i };
		const char *id;

		if (cfg->e[i].kind != VNUMA__OPT_OBJECT || !t ||
		    strcmp(t->value, "thread-context"))
			continue;
		id = vnuma__opts_id(o);
		rc = create(&c, o, err);
		if (!rc) {
			c.id = vnuma__strdup(id);
			if (!c.id ||
			    vnuma__grow(&b->ctxs, &b->cap_ctxs, b->n_ctxs + 1,
					sizeof(*b->ctxs)))
				rc = vnuma__error_nomem(err);
		}
		if (rc) {
			free(c.id);
			free(c.cpus);
			break;
		}
		b->ctxs[b->n_ctxs++] = c;
	}
	return rc;
}

const struct vnuma__thread_ctx *vnuma__thread_ctx_find(
	const struct vnuma__backends *b, const char *id)
{
	if (!strncmp(id, "/objects/", 9))
		id += 9;
	for (size_t i = 0; i < b->n_ctxs; i++)
		if (!strcmp(b->ctxs[i].id, id))
			return &b->ctxs[i];
	return NULL;
}

void vnuma__thread_ctxs_fini(struct vnuma__backends *b)
{
	for (size_t i = 0; i < b->n_ctxs; i++) {
		free(b->ctxs[i].id);
		free(b->ctxs[i].cpus);
	}
	free(b->ctxs);
	b->ctxs = NULL;
	b->n_ctxs = b->cap_ctxs = 0;
	b->ctxs_built = false;
}
