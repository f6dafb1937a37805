/* SPDX-License-Identifier: MIT */
/*
 * -object memory-backend-{ram,file,memfd}: QEMU 7.2 reads -object while
 * it reads the command line (backend_read.c), then creates the object
 * much later, after the machine: it sets the properties, then completes
 * the object. Both phases are reproduced, short of what needs the host
 * (opening the file, memfd_create, mmap, mbind, preallocation), which the
 * host stage does.
 */
#include "backend_props.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/qdict.h"
#include "../parse/visit.h"
#include "../util.h"
#include "thread_ctx.h"
#include "../host/backend_check.h"
#include "../view/view_build.h"

const char *vnuma__backend_type_name(enum vnuma__backend_kind kind)
{
	return vnuma__backend_kind_names[kind];
}

const char *vnuma__backend_policy_name(enum vnuma__host_policy policy)
{
	return vnuma__backend_policy_names[policy];
}

void vnuma__backend_info(const struct vnuma__backend *b,
			 vnuma_memdev_info *out)
{
	memset(out, 0, sizeof(*out));
	out->id = b->id;
	out->qom_type = vnuma__backend_kind_names[b->kind];
	out->size = b->size;
	out->merge = b->merge;
	out->dump = b->dump;
	out->prealloc = b->prealloc;
	out->share = b->share;
	out->reserve = b->reserve;
	out->policy = vnuma__backend_policy_names[b->policy];
	out->host_nodes = b->host_nodes;
	out->n_host_nodes = b->n_host_nodes;
	out->mem_path = b->mem_path;
}

struct vnuma__backend *vnuma__backend_find(struct vnuma__backends *b,
					   const char *id)
{
	for (size_t i = 0; b && id && i < b->n; i++)
		if (!strcmp(b->v[i].id, id))
			return &b->v[i];
	return NULL;
}

static void backend_free(struct vnuma__backend *be)
{
	free(be->id);
	free(be->prealloc_context);
	free(be->host_nodes);
	free(be->mem_path);
}

void vnuma__backends_fini(struct vnuma__backends *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		backend_free(&b->v[i]);
	for (size_t i = 0; i < b->n_dimms; i++) {
		free(b->dimms[i].id);
		free(b->dimms[i].memdev);
	}
	for (size_t i = 0; i < b->n_pxbs; i++)
		free(b->pxbs[i].id);
	vnuma__thread_ctxs_fini(b);
	free(b->v);
	free(b->dimms);
	free(b->pxbs);
	memset(b, 0, sizeof(*b));
}

/* The host-nodes pair that holds value bad, to point at it. */
static const struct vnuma__opt *nodes_pair(const struct vnuma__opts *o,
					   uint64_t bad)
{
	for (size_t i = 0; i < o->n; i++) {
		struct vnuma__opts one = *o;
		uint64_t *v = NULL;
		size_t n = 0;
		bool hit = false;

		if (strcmp(o->v[i].key, "host-nodes"))
			continue;
		one.v = &o->v[i];
		one.n = one.cap = 1;
		if (!vnuma__get_uint_list(&one, "host-nodes",
					  VNUMA__VISIT_OPTS, 16, &v, &n, NULL))
			for (size_t k = 0; k < n; k++)
				hit = hit || v[k] == bad;
		free(v);
		if (hit)
			return &o->v[i];
	}
	return vnuma__opts_last(o, "host-nodes");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* QEMU refuses the whole list if one node is past MAX_NODES. */
static int set_host_nodes(struct vnuma__backend *be,
			  const struct vnuma__bparsed *p, vnuma_error **err)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_nodes; i++) {
		struct vnuma__loc loc;

		if (p->nodes[i] < VNUMA__HOST_NODES_MAX)
			continue;
		loc = vnuma__opts_loc(p->o, nodes_pair(p->o, p->nodes[i]));
		loc.key = "host-nodes";
		loc.option = NULL; /* a setter's error: no location */
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"backend.host-nodes-range", &loc,
					"Invalid host-nodes value: %u",
					(unsigned)p->nodes[i]);
	}
	free(be->host_nodes);
	be->n_host_nodes = 0;
	be->host_nodes = malloc((p->n_nodes ? p->n_nodes : 1) *
				sizeof(*be->host_nodes));
	if (!be->host_nodes)
		return vnuma__error_nomem(err);
	if (p->n_nodes)
		memcpy(be->host_nodes, p->nodes,
		       p->n_nodes * sizeof(*be->host_nodes));
	qsort(be->host_nodes, p->n_nodes, sizeof(*be->host_nodes), cmp_u64);
	for (size_t i = 0; i < p->n_nodes; i++)
		if (!n || be->host_nodes[n - 1] != be->host_nodes[i])
			be->host_nodes[n++] = be->host_nodes[i];
	be->n_host_nodes = n;
	return VNUMA_OK;
}

/*
 * prealloc-context links to a thread-context object, which QEMU created
 * before any backend whatever its place on the command line; an earlier
 * memory backend is the wrong type, anything else not found.
 */
static int set_context(struct vnuma__backends *b, struct vnuma__backend *be,
		       const struct vnuma__bparsed *p, struct vnuma__loc *loc,
		       vnuma_error **err)
{
	const char *id = p->opt[VNUMA__BP_CONTEXT]->value;

	free(be->prealloc_context);
	be->prealloc_context = NULL;
	if (!id[0])
		return VNUMA_OK; /* an empty path clears the link */
	if (vnuma__backend_find(b, !strncmp(id, "/objects/", 9) ? id + 9 : id))
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"backend.prealloc-context-type", loc,
					"Invalid parameter type for "
					"'prealloc-context', expected: "
					"thread-context");
	if (!vnuma__thread_ctx_find(b, id))
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"backend.prealloc-context-unknown",
					loc, "Device '%s' not found", id);
	be->prealloc_context = vnuma__strdup(
		vnuma__thread_ctx_find(b, id)->id);
	return be->prealloc_context ? VNUMA_OK : vnuma__error_nomem(err);
}

/* A property whose setter checks its value. */
static int set_checked(struct vnuma__backends *b, struct vnuma__backend *be,
		       const struct vnuma__bparsed *p, enum vnuma__bprop i,
		       struct vnuma__loc *loc, vnuma_error **err)
{
	const char *type = vnuma__backend_kind_names[be->kind];
	bool v = p->b[i];

	switch (i) {
	case VNUMA__BP_SIZE:
	case VNUMA__BP_THREADS:
		if (!p->u[i])
			return vnuma__error_set(
				err, VNUMA_E_RANGE,
				i == VNUMA__BP_SIZE ?
					"backend.size-zero" :
					"backend.prealloc-threads-zero",
				loc,
				"property '%s' of %s doesn't "
				"take value '0'",
				vnuma__bprops[i].name, type);
		if (i == VNUMA__BP_SIZE)
			be->size = p->u[i];
		else
			be->prealloc_threads = (uint32_t)p->u[i];
		return VNUMA_OK;
	case VNUMA__BP_HUGETLBSIZE:
		if (!p->u[i])
			return vnuma__error_set(err, VNUMA_E_RANGE,
						"backend.hugetlbsize-zero",
						loc,
						"Property '%s.hugetlbsize' "
						"doesn't take value '0'",
						type);
		be->hugetlbsize = p->u[i];
		return VNUMA_OK;
	case VNUMA__BP_PREALLOC:
	case VNUMA__BP_RESERVE:
		/* Whichever of the two QEMU sets second refuses. */
		if (i == VNUMA__BP_PREALLOC ? v && !be->reserve :
					      be->prealloc && !v)
			return vnuma__error_set(err, VNUMA_E_CONFLICT,
						"backend.prealloc-reserve",
						loc,
						"'prealloc=on' and "
						"'reserve=off' are "
						"incompatible");
		*(i == VNUMA__BP_PREALLOC ? &be->prealloc : &be->reserve) = v;
		return VNUMA_OK;
	case VNUMA__BP_HOST_NODES:
		return set_host_nodes(be, p, err);
	case VNUMA__BP_CONTEXT:
		return set_context(b, be, p, loc, err);
	case VNUMA__BP_MEM_PATH:
		free(be->mem_path);
		be->mem_path = vnuma__strdup(p->opt[i]->value);
		return be->mem_path ? VNUMA_OK : vnuma__error_nomem(err);
	default:
		return VNUMA_OK;
	}
}

/* Sets one property on the new object, as QEMU's setter does. */
static int set_prop(struct vnuma__backends *b, struct vnuma__backend *be,
		    const struct vnuma__bparsed *p, enum vnuma__bprop i,
		    vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o, p->opt[i]);
	char *field = (char *)be + vnuma__bprops[i].off;

	loc.key = vnuma__bprops[i].name;
	/*
	 * QEMU creates the objects long after reading the options and
	 * restores no location: its setters' and completion's errors name
	 * no option. The text, key and offset are kept for callers.
	 */
	loc.option = NULL;
	if (!vnuma__bprops[i].plain)
		return set_checked(b, be, p, i, &loc, err);
	if (vnuma__bprops[i].type == VNUMA__BT_BOOL)
		*(bool *)field = p->b[i];
	else if (vnuma__bprops[i].type == VNUMA__BT_POLICY)
		*(enum vnuma__host_policy *)field = (enum vnuma__host_policy)
							    p->u[i];
	else
		*(uint64_t *)field = p->u[i];
	return VNUMA_OK;
}

/* QEMU's completion of the object, less what touches the host. */
static int complete(const struct vnuma__bparsed *p, struct vnuma__backend *be,
		    const struct vnuma__machine *m, struct vnuma__warnings *w,
		    vnuma_error **err)
{
	struct vnuma__loc loc;

	if (be->kind == VNUMA__BACKEND_MEMFD &&
	    (be->hugetlbsize & (be->hugetlbsize - 1))) {
		loc = vnuma__opts_loc(p->o, p->opt[VNUMA__BP_HUGETLBSIZE]);
		loc.key = "hugetlbsize";
		loc.option = NULL;
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"backend.hugepage-size", &loc,
					"Hugepage size must be a power of 2");
	}
	/*
	 * QEMU 7.2 rounds the size up to the host page size (4 KiB at
	 * least) and asserts the result is not 0: a size within a page of
	 * 2^64 (JSON -1 wraps to it) aborts it. vnuma refuses it.
	 */
	if (be->size > UINT64_MAX - 4095) {
		loc = vnuma__opts_loc(p->o, p->opt[VNUMA__BP_SIZE]);
		loc.key = "size";
		loc.option = NULL;
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"backend.size-too-large", &loc,
					"property 'size' of %s: %" PRIu64
					" bytes do not fit in 2^64 once "
					"rounded up to the host page size",
					vnuma__backend_kind_names[be->kind],
					be->size);
	}
	/*
	 * QEMU allocates here: it opens mem-path, calls memfd_create and
	 * mmaps, checking size and align against the page size of the file
	 * and the file's size. What the host's huge pages settle without
	 * mapping is checked now; the rest is the host stage's.
	 */
	loc = vnuma__opts_loc(p->o, NULL);
	loc.option = NULL;
	{
		struct vnuma__view_backend desc;
		int rc;

		/* The host's checks read the backend as the view has it. */
		vnuma__view_describe_backend(&desc, be, NULL);
		rc = vnuma__host_backend_check(&be->page_size, &desc, &loc,
					       err);
		if (!rc &&
		    vnuma__host_ram_block_warn(
			    &desc, be->page_size,
			    vnuma__machine_bool(m, "dump-guest-core", true),
			    w))
			rc = vnuma__error_nomem(err);
		if (rc)
			return rc;
	}
	if (be->n_host_nodes && be->policy == VNUMA__POLICY_DEFAULT) {
		loc = vnuma__opts_loc(p->o, p->opt[VNUMA__BP_HOST_NODES]);
		loc.key = "host-nodes";
		loc.option = NULL;
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"backend.policy-default-nodes", &loc,
					"host-nodes must be empty for policy "
					"default, or you should explicitly "
					"specify a policy other than default");
	}
	if (!be->n_host_nodes && be->policy != VNUMA__POLICY_DEFAULT) {
		loc = vnuma__opts_loc(p->o, p->opt[VNUMA__BP_POLICY]);
		loc.key = "policy";
		loc.option = NULL;
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"backend.policy-nodes-missing", &loc,
					"host-nodes must be set for policy %s",
					vnuma__backend_policy_names[be->policy]);
	}
	/*
	 * Then mbind (a node the host lacks: "cannot bind memory to host
	 * NUMA nodes: Invalid argument") and preallocation: host stage.
	 */
	return VNUMA_OK;
}

/*
 * user_creatable_add_type() checks the id, which QemuOpts checked already
 * for the key=value form, before it sets the properties.
 */
static int check_id_wellformed(const struct vnuma__bparsed *p,
			       vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o,
						vnuma__opts_last(p->o, "id"));
	int rc;

	if (vnuma__id_wellformed(p->id))
		return VNUMA_OK;
	loc.option = NULL; /* object creation restores no location */
	loc.key = "id";
	rc = vnuma__error_set(err, VNUMA_E_SYNTAX, "opts.id-invalid", &loc,
			      "Parameter 'id' expects an identifier");
	vnuma__error_append_hint(err,
				 "Identifiers consist of letters, digits, "
				 "'-', '.', '_', starting with a letter.\n");
	return rc;
}

/*
 * Then it adds the object under /objects: an id taken there already (by
 * an object QemuOpts could not compare with, a JSON one) is refused.
 */
static int check_id_free(const struct vnuma__backends *b,
			 const struct vnuma__bparsed *p, vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o,
						vnuma__opts_last(p->o, "id"));

	loc.option = NULL;
	loc.key = "id";
	if (p->o->mode != VNUMA__OPTS_JSON) {
		loc.offset = p->o->id_off;
		loc.length = p->o->id_len;
	}
	/* Without a JSON object before it, QemuOpts compared them all. */
	if (p->o->mode != VNUMA__OPTS_JSON && !p->json_before)
		return VNUMA_OK;
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].id, p->id))
			return vnuma__error_set(err, VNUMA_E_DUPLICATE,
						"backend.duplicate-id", &loc,
						"attempt to add duplicate "
						"property '%s' to object (type "
						"'container')",
						p->id);
	return VNUMA_OK;
}

static int backend_create(struct vnuma__backends *b,
			  const struct vnuma__bparsed *p,
			  const struct vnuma__machine *m,
			  struct vnuma__warnings *w, size_t entry,
			  vnuma_error **err)
{
	struct vnuma__backend be = { 0 };
	const char *keys[VNUMA__BP_COUNT];
	size_t idx[VNUMA__BP_COUNT], order[VNUMA__BP_COUNT], n = 0;
	int rc = VNUMA_OK;

	be.kind = p->kind;
	be.entry = entry;
	/* Defaults: instance init, then -mem-prealloc's global property. */
	be.merge = vnuma__machine_bool(m, "mem-merge", true);
	be.dump = vnuma__machine_bool(m, "dump-guest-core", true);
	be.reserve = true;
	be.prealloc = m && m->mem_prealloc;
	be.prealloc_threads = m && m->smp.cpus ? m->smp.cpus : 1;
	be.share = be.seal = p->kind == VNUMA__BACKEND_MEMFD;
	rc = check_id_wellformed(p, err);
	if (rc)
		return rc;
	be.id = vnuma__strdup(p->id);
	if (!be.id)
		return vnuma__error_nomem(err);
	for (enum vnuma__bprop i = 0; i < VNUMA__BP_COUNT; i++)
		if (p->opt[i]) {
			keys[n] = vnuma__bprops[i].name;
			idx[n++] = i;
		}
	vnuma__qdict_order(keys, n, order);
	for (size_t k = 0; !rc && k < n; k++)
		rc = set_prop(b, &be, p, idx[order[k]], err);
	if (!rc)
		rc = check_id_free(b, p, err);
	if (!rc)
		rc = complete(p, &be, m, w, err);
	if (!rc && vnuma__grow(&b->v, &b->cap, b->n + 1, sizeof(*b->v)))
		rc = vnuma__error_nomem(err);
	if (rc) {
		backend_free(&be);
		return rc;
	}
	b->v[b->n++] = be;
	return VNUMA_OK;
}

int vnuma__backends_build(struct vnuma__backends *b,
			  const struct vnuma_config *cfg,
			  const struct vnuma__machine *m,
			  struct vnuma__warnings *w, vnuma_error **err)
{
	struct vnuma__bparsed p;
	struct vnuma__backends keep = *b;
	bool json = false;
	int rc;

	/* The thread-contexts may be there already: QEMU's early objects. */
	memset(b, 0, sizeof(*b));
	if (keep.ctxs_built) {
		b->ctxs = keep.ctxs;
		b->n_ctxs = keep.n_ctxs;
		b->cap_ctxs = keep.cap_ctxs;
		b->ctxs_built = true;
	}
	rc = vnuma__memory_precheck(cfg, err);
	if (!rc && !b->ctxs_built)
		rc = vnuma__thread_ctxs_build(b, cfg, err);
	/* QEMU creates the backends after the machine, in option order. */
	for (size_t i = 0; !rc && i < cfg->n; i++) {
		if (cfg->e[i].kind != VNUMA__OPT_OBJECT)
			continue;
		rc = vnuma__backend_read(&p, cfg, i, err);
		p.json_before = json;
		json = json || cfg->e[i].opts.mode == VNUMA__OPTS_JSON;
		if (!rc && !p.ctx)
			rc = backend_create(b, &p, m, w, i, err);
		free(p.nodes);
	}
	if (rc)
		vnuma__backends_fini(b);
	return rc;
}
