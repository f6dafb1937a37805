/* SPDX-License-Identifier: MIT */
/*
 * -object memory-backend-{ram,file,memfd} as QEMU 7.2 reads it: with
 * QemuOpts and its OptsVisitor (not keyval: "share" alone means share=on,
 * host-nodes accumulates over repeated keys and takes ranges "0-3"), while
 * it reads the command line. Creating the object, much later, is
 * backend.c's.
 */
#include "backend_props.h"

#include <stdlib.h>
#include <string.h>

#include "../parse/ghash.h"
#include "../parse/qdict.h"
#include "../parse/visit.h"
#include "thread_ctx.h"

static bool in_table(const char *const *t, const char *s)
{
	for (; *t; t++)
		if (!strcmp(*t, s))
			return true;
	return false;
}

/* The qom-type and the object's id, in the order QEMU checks them. */
static int parse_head(struct vnuma__bparsed *p, vnuma_error **err)
{
	const struct vnuma__opts *o = p->o;
	const struct vnuma__opt *t = vnuma__opts_last(o, "qom-type");
	const struct vnuma__opt *id = vnuma__opts_last(o, "id");
	struct vnuma__loc loc = vnuma__opts_loc(o, t);
	const char *type;

	loc.key = "qom-type";
	if (!t)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"backend.qom-type-missing", &loc,
					"Parameter 'qom-type' is missing");
	/* JSON: qom-type is an enum like any other, help is no value */
	if (o->mode == VNUMA__OPTS_JSON && t->jtype != VNUMA__JSON_STRING)
		return vnuma__get_str(o, t, VNUMA__VISIT_QOBJECT, &type, err);
	if (o->mode != VNUMA__OPTS_JSON &&
	    (!strcmp(t->value, "help") || !strcmp(t->value, "?") || o->help))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"backend.help", &loc,
					"vnuma does not print QEMU's help");
	for (p->kind = 0; p->kind < 3; p->kind++)
		if (!strcmp(t->value, vnuma__backend_kind_names[p->kind]))
			break;
	p->ctx = !strcmp(t->value, "thread-context");
	if (p->ctx)
		return VNUMA_OK;
	if (p->kind == 3 && !in_table(vnuma__qemu_object_types, t->value))
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"backend.qom-type-unknown", &loc,
					"Parameter 'qom-type' does not accept "
					"value '%s'",
					t->value);
	if (p->kind == 3)
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"object.unsupported", &loc,
					"vnuma handles only "
					"memory-backend-ram, "
					"memory-backend-file, "
					"memory-backend-memfd and "
					"thread-context objects, not '%s'",
					t->value);
	if (o->mode == VNUMA__OPTS_JSON && id &&
	    vnuma__get_str(o, id, VNUMA__VISIT_QOBJECT, &type, err))
		return VNUMA_E_SYNTAX;
	p->id = vnuma__opts_id(o);
	if (!p->id) {
		loc = vnuma__opts_loc(o, NULL);
		loc.key = "id";
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"backend.id-missing", &loc,
					"Parameter 'id' is missing");
	}
	return VNUMA_OK;
}

static int parse_prop(struct vnuma__bparsed *p, enum vnuma__bprop i,
		      vnuma_error **err)
{
	const struct vnuma__opts *o = p->o;
	const char *name = vnuma__bprops[i].name;
	const struct vnuma__opt *opt = vnuma__opts_last(o, name);
	enum vnuma__visitor v = vnuma__visitor_for(o, VNUMA__VISIT_OPTS);
	const char *str;
	int e = 0;

	p->opt[i] = opt;
	if (!opt && vnuma__bprops[i].mandatory) {
		struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

		loc.key = name;
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"backend.property-missing", &loc,
					"Parameter '%s' is missing", name);
	}
	if (!opt)
		return VNUMA_OK;
	switch (vnuma__bprops[i].type) {
	case VNUMA__BT_BOOL:
		return vnuma__get_bool(o, opt, v, &p->b[i], err);
	case VNUMA__BT_SIZE:
		return vnuma__get_size(o, opt, v, &p->u[i], err);
	case VNUMA__BT_U32:
		return vnuma__get_uint(o, opt, v, 32, &p->u[i], err);
	case VNUMA__BT_POLICY: {
		int rc = vnuma__get_enum(o, opt, v,
					 vnuma__backend_policy_names,
					 "HostMemPolicy", &e, err);

		p->u[i] = (uint64_t)e;
		return rc;
	}
	case VNUMA__BT_NODES:
		return vnuma__get_uint_list(o, name, v, 16, &p->nodes,
					    &p->n_nodes, err);
	case VNUMA__BT_STR:
		return vnuma__get_str(o, opt, v, &str, err);
	}
	return VNUMA_OK;
}

/*
 * The key QEMU calls unknown when several are: its visitors keep the keys
 * in a GLib hash table (JSON: the members in QDict order; key=value: each
 * key once in text order, then the id), remove each as they visit it in
 * schema order (allowed[]), and name the first left in the table.
 */
static int check_unknown(const struct vnuma__opts *o,
			 const char *const *allowed, vnuma_error **err)
{
	enum vnuma__visitor v = vnuma__visitor_for(o, VNUMA__VISIT_OPTS);
	size_t cap = o->n + 1, n = 0, nr = 0, first, k;
	const char **keys = NULL, **ins = NULL;
	size_t *order = NULL, *removed = NULL;
	struct vnuma__opts one = *o;
	int rc = VNUMA_OK;

	/* Most options have no unknown key: no table to build then. */
	if (!vnuma__check_keys(o, v, allowed, NULL))
		return VNUMA_OK;
	keys = calloc(cap, sizeof(*keys));
	ins = calloc(cap, sizeof(*ins));
	order = calloc(cap, sizeof(*order));
	removed = calloc(cap, sizeof(*removed));
	if (!keys || !ins || !order || !removed) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < o->n; i++) {
		for (k = 0; k < n && strcmp(keys[k], o->v[i].key); k++)
			;
		if (k == n && !o->v[i].elem)
			keys[n++] = o->v[i].key;
	}
	if (o->mode != VNUMA__OPTS_JSON && o->id)
		keys[n++] = "id";
	if (o->mode == VNUMA__OPTS_JSON)
		vnuma__qdict_order(keys, n, order);
	for (k = 0; k < n; k++)
		ins[k] = keys[o->mode == VNUMA__OPTS_JSON ? order[k] : k];
	for (size_t a = 0; allowed[a]; a++)
		for (k = 0; k < n; k++)
			if (!strcmp(ins[k], allowed[a]))
				removed[nr++] = k;
	if (vnuma__ghash_first_left(&first, ins, n, removed, nr)) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	for (k = 0; first < n && k < o->n; k++) {
		if (!o->v[k].elem && !strcmp(o->v[k].key, ins[first])) {
			one.v = &o->v[k];
			one.n = 1;
			one.id = NULL;
			rc = vnuma__check_keys(&one, v, allowed, err);
			break;
		}
	}
out:
	free(keys);
	free(ins);
	free(order);
	free(removed);
	return rc;
}

int vnuma__backend_read(struct vnuma__bparsed *p,
			const struct vnuma_config *cfg, size_t entry,
			vnuma_error **err)
{
	const char *allowed[VNUMA__BP_COUNT + 3];
	size_t na = 0;
	int rc;

	memset(p, 0, sizeof(*p));
	p->o = &cfg->e[entry].opts;
	rc = vnuma__config_id_unique(cfg, entry, err);
	if (!rc)
		rc = parse_head(p, err);
	if (!rc && p->ctx)
		return vnuma__thread_ctx_parse(p->o, err);
	for (enum vnuma__bprop i = 0; !rc && i < VNUMA__BP_COUNT; i++)
		if (vnuma__bprops[i].kinds & (1u << p->kind))
			rc = parse_prop(p, i, err);
	if (rc)
		return rc;
	allowed[na++] = "qom-type";
	allowed[na++] = "id";
	for (enum vnuma__bprop i = 0; i < VNUMA__BP_COUNT; i++)
		if (vnuma__bprops[i].kinds & (1u << p->kind))
			allowed[na++] = vnuma__bprops[i].name;
	allowed[na] = NULL;
	return check_unknown(p->o, allowed, err);
}

int vnuma__memory_check_object(const struct vnuma_config *cfg, size_t entry,
			       vnuma_error **err)
{
	const struct vnuma__opts *o = &cfg->e[entry].opts;
	const struct vnuma__opt *t = vnuma__opts_last(o, "qom-type");
	struct vnuma__bparsed p;
	int rc;

	/*
	 * A type vnuma does not model is refused by the topology, or
	 * skipped by --ignore-unknown, which sees it only once added.
	 */
	if (t &&
	    (o->mode != VNUMA__OPTS_JSON || t->jtype == VNUMA__JSON_STRING) &&
	    strncmp(t->value, "memory-backend-", 15))
		return vnuma__config_id_unique(cfg, entry, err);
	rc = vnuma__backend_read(&p, cfg, entry, err);
	free(p.nodes);
	return rc;
}

bool vnuma__memory_reads_object(const char *qom_type)
{
	return !strncmp(qom_type, "memory-backend-", 15) ||
	       !strcmp(qom_type, "thread-context");
}

int vnuma__memory_precheck(const struct vnuma_config *cfg, vnuma_error **err)
{
	struct vnuma__bparsed p;
	int rc = VNUMA_OK;

	for (size_t i = 0; !rc && i < cfg->n; i++) {
		if (cfg->e[i].kind == VNUMA__OPT_OBJECT) {
			rc = vnuma__backend_read(&p, cfg, i, err);
			free(p.nodes);
		} else if (cfg->e[i].kind == VNUMA__OPT_DEVICE) {
			rc = vnuma__config_id_unique(cfg, i, err);
		}
	}
	return rc;
}
