/* SPDX-License-Identifier: MIT */
/*
 * -object memory-backend-{ram,file,memfd}: QEMU 7.2 reads -object with
 * QemuOpts and its OptsVisitor (not keyval: "share" alone means share=on,
 * host-nodes accumulates over repeated keys and takes ranges "0-3"), then
 * creates the object much later, after the machine: it sets the
 * properties, then completes the object. Both phases are reproduced here,
 * short of what needs the host (opening the file, memfd_create, mmap,
 * mbind, preallocation), which the host stage does.
 */
#include "backend.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/ghash.h"
#include "../parse/number.h"
#include "../parse/visit.h"
#include "../util.h"
#include "thread_ctx.h"
#include "../host/backend_check.h"
#include "../view/view_build.h"

static const char *const kind_names[] = { "memory-backend-ram",
					  "memory-backend-file",
					  "memory-backend-memfd" };

/*
 * Every value of QEMU 7.2's ObjectType (the same for x86_64 and aarch64):
 * a type outside it is QEMU's error, a type inside it that is no memory
 * backend vnuma handles is vnuma's.
 */
static const char *const qemu_object_types[] = {
	"authz-list", "authz-listfile", "authz-pam", "authz-simple",
	"can-bus", "can-host-socketcan", "colo-compare", "cryptodev-backend",
	"cryptodev-backend-builtin", "cryptodev-backend-lkcf",
	"cryptodev-vhost-user", "dbus-vmstate", "filter-buffer", "filter-dump",
	"filter-mirror", "filter-redirector", "filter-replay",
	"filter-rewriter", "input-barrier", "input-linux", "iothread",
	"main-loop", "memory-backend-epc", "memory-backend-file",
	"memory-backend-memfd", "memory-backend-ram", "pef-guest",
	"pr-manager-helper", "qtest", "rng-builtin", "rng-egd", "rng-random",
	"s390-pv-guest", "secret", "secret_keyring", "sev-guest",
	"thread-context", "throttle-group", "tls-cipher-suites",
	"tls-creds-anon", "tls-creds-psk", "tls-creds-x509", "x-remote-object",
	"x-vfio-user-server", NULL
};

static const char *const policy_names[] = { "default", "preferred", "bind",
					    "interleave", NULL };

enum ptype { P_BOOL, P_SIZE, P_U32, P_STR, P_POLICY, P_NODES };

#define K_RAM (1u << VNUMA__BACKEND_RAM)
#define K_FILE (1u << VNUMA__BACKEND_FILE)
#define K_MEMFD (1u << VNUMA__BACKEND_MEMFD)
#define K_ALL (K_RAM | K_FILE | K_MEMFD)

/* The properties in the order QEMU's schema visits them. */
enum pid {
	P_DUMP, P_HOST_NODES, P_MERGE, P_POLICY_, P_PREALLOC, P_THREADS,
	P_CONTEXT, P_SHARE, P_RESERVE, P_SIZE_, P_CANONICAL, P_ALIGN,
	P_DISCARD, P_MEM_PATH, P_PMEM, P_READONLY, P_HUGETLB, P_HUGETLBSIZE,
	P_SEAL, NPROPS
};

#define PLAIN(field) true, offsetof(struct vnuma__backend, field)
#define CHECKED false, 0

/*
 * "plain" properties are stored as they are; the others have a setter
 * with checks (set_checked()).
 */
static const struct prop {
	const char *name;
	enum ptype type;
	unsigned kinds;
	bool mandatory;
	bool plain;
	size_t off;
} props[NPROPS] = {
	[P_DUMP] = { "dump", P_BOOL, K_ALL, false, PLAIN(dump) },
	[P_HOST_NODES] = { "host-nodes", P_NODES, K_ALL, false, CHECKED },
	[P_MERGE] = { "merge", P_BOOL, K_ALL, false, PLAIN(merge) },
	[P_POLICY_] = { "policy", P_POLICY, K_ALL, false, PLAIN(policy) },
	[P_PREALLOC] = { "prealloc", P_BOOL, K_ALL, false, CHECKED },
	[P_THREADS] = { "prealloc-threads", P_U32, K_ALL, false, CHECKED },
	[P_CONTEXT] = { "prealloc-context", P_STR, K_ALL, false, CHECKED },
	[P_SHARE] = { "share", P_BOOL, K_ALL, false, PLAIN(share) },
	[P_RESERVE] = { "reserve", P_BOOL, K_ALL, false, CHECKED },
	[P_SIZE_] = { "size", P_SIZE, K_ALL, true, CHECKED },
	[P_CANONICAL] = { "x-use-canonical-path-for-ramblock-id", P_BOOL,
			  K_ALL, false, PLAIN(use_canonical_path) },
	[P_ALIGN] = { "align", P_SIZE, K_FILE, false, PLAIN(align) },
	[P_DISCARD] = { "discard-data", P_BOOL, K_FILE, false,
			PLAIN(discard_data) },
	[P_MEM_PATH] = { "mem-path", P_STR, K_FILE, true, CHECKED },
	/* Debian's 7.2 has libpmem: pmem=on is accepted. */
	[P_PMEM] = { "pmem", P_BOOL, K_FILE, false, PLAIN(pmem) },
	[P_READONLY] = { "readonly", P_BOOL, K_FILE, false, PLAIN(readonly) },
	[P_HUGETLB] = { "hugetlb", P_BOOL, K_MEMFD, false, PLAIN(hugetlb) },
	[P_HUGETLBSIZE] = { "hugetlbsize", P_SIZE, K_MEMFD, false, CHECKED },
	[P_SEAL] = { "seal", P_BOOL, K_MEMFD, false, PLAIN(seal) },
};

/* One -object entry as read from the command line. */
struct parsed {
	const struct vnuma__opts *o;
	enum vnuma__backend_kind kind;
	const char *id;
	const struct vnuma__opt *opt[NPROPS]; /* NULL: not given */
	bool b[NPROPS];
	uint64_t u[NPROPS];
	uint64_t *nodes; /* host-nodes in the order given */
	size_t n_nodes;
	bool ctx;	 /* a thread-context: thread_ctx.c's */
	bool json_before; /* a JSON -object comes before this one */
};

const char *vnuma__opts_id(const struct vnuma__opts *o)
{
	const struct vnuma__opt *id;

	if (o->id || o->mode == VNUMA__OPTS_QEMUOPTS)
		return o->id;
	/* keyval and JSON keep the id as a pair (keyval: the last wins) */
	id = vnuma__opts_last(o, "id");
	if (id && o->mode == VNUMA__OPTS_JSON &&
	    id->jtype != VNUMA__JSON_STRING)
		return NULL;
	return id ? id->value : NULL;
}

/*
 * QemuOpts refuses a second option with the same id in its list when it
 * reads it; that the id is an identifier, the parser checked already.
 * JSON options are in no QemuOpts list: QEMU finds their duplicates only
 * when it creates the object or device.
 */
int vnuma__check_opts_id(const struct vnuma_config *cfg, size_t entry,
			 const char *list, vnuma_error **err)
{
	const struct vnuma__opts *o = &cfg->e[entry].opts;
	const char *id = vnuma__opts_id(o);
	struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

	/* checked already when the option was added */
	if (!id || o->mode == VNUMA__OPTS_JSON || cfg->e[entry].read)
		return VNUMA_OK;
	loc.key = "id";
	loc.offset = o->id_off;
	loc.length = o->id_len;
	for (size_t i = 0; i < entry; i++) {
		const char *prev;

		if (cfg->e[i].kind != cfg->e[entry].kind ||
		    cfg->e[i].opts.mode == VNUMA__OPTS_JSON)
			continue;
		prev = vnuma__opts_id(&cfg->e[i].opts);
		if (prev && !strcmp(prev, id))
			return vnuma__error_set(err, VNUMA_E_DUPLICATE,
						"opts.duplicate-id", &loc,
						"Duplicate ID '%s' for %s", id,
						list);
	}
	return VNUMA_OK;
}

/*
 * QEMU keeps the properties it is about to set in a QDict, a hash table of
 * 512 buckets walked from the first; within a bucket the key added last
 * comes first. With several bad properties, which one QEMU names depends
 * on this, so vnuma walks them the same way.
 */
static unsigned qdict_bucket(const char *key)
{
	uint32_t h = 0x238F13AFu * (uint32_t)strlen(key);

	for (size_t i = 0; key[i]; i++)
		h += (uint32_t)(unsigned char)key[i] << (i * 5 % 24);
	return (1103515243u * h + 12345u) % 512;
}

void vnuma__qdict_order(const char *const *keys, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++) {
		unsigned bi = qdict_bucket(keys[i]);
		size_t j = i;

		/* Insertion sort: bucket ascending, later key first. */
		while (j > 0 && qdict_bucket(keys[order[j - 1]]) >= bi) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}

static bool in_table(const char *const *t, const char *s)
{
	for (; *t; t++)
		if (!strcmp(*t, s))
			return true;
	return false;
}

/* The qom-type and the object's id, in the order QEMU checks them. */
static int parse_head(struct parsed *p, vnuma_error **err)
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
	if (o->mode == VNUMA__OPTS_JSON &&
	    t->jtype != VNUMA__JSON_STRING)
		return vnuma__get_str(o, t, VNUMA__VISIT_QOBJECT, &type, err);
	if (o->mode != VNUMA__OPTS_JSON &&
	    (!strcmp(t->value, "help") || !strcmp(t->value, "?") || o->help))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"backend.help", &loc,
					"vnuma does not print QEMU's help");
	for (p->kind = 0; p->kind < 3; p->kind++)
		if (!strcmp(t->value, kind_names[p->kind]))
			break;
	p->ctx = !strcmp(t->value, "thread-context");
	if (p->ctx)
		return VNUMA_OK;
	if (p->kind == 3 && !in_table(qemu_object_types, t->value))
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"backend.qom-type-unknown", &loc,
					"Parameter 'qom-type' does not accept "
					"value '%s'", t->value);
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

static int parse_prop(struct parsed *p, enum pid i, vnuma_error **err)
{
	const struct vnuma__opts *o = p->o;
	const struct vnuma__opt *opt = vnuma__opts_last(o, props[i].name);
	enum vnuma__visitor v = vnuma__visitor_for(o, VNUMA__VISIT_OPTS);
	const char *str;
	int e = 0;

	p->opt[i] = opt;
	if (!opt && props[i].mandatory) {
		struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

		loc.key = props[i].name;
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"backend.property-missing", &loc,
					"Parameter '%s' is missing",
					props[i].name);
	}
	if (!opt)
		return VNUMA_OK;
	switch (props[i].type) {
	case P_BOOL:
		return vnuma__get_bool(o, opt, v, &p->b[i], err);
	case P_SIZE:
		return vnuma__get_size(o, opt, v, &p->u[i], err);
	case P_U32:
		return vnuma__get_uint(o, opt, v, 32, &p->u[i], err);
	case P_POLICY: {
		int rc = vnuma__get_enum(o, opt, v, policy_names,
					 "HostMemPolicy", &e, err);

		p->u[i] = (uint64_t)e;
		return rc;
	}
	case P_NODES:
		return vnuma__get_uint_list(o, props[i].name, v, 16, &p->nodes,
					    &p->n_nodes, err);
	case P_STR:
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

/* What QEMU checks while it reads one -object option. */
static int parse_object(struct parsed *p, const struct vnuma_config *cfg,
			size_t entry, vnuma_error **err)
{
	const char *allowed[NPROPS + 3];
	size_t na = 0;
	int rc;

	memset(p, 0, sizeof(*p));
	p->o = &cfg->e[entry].opts;
	rc = vnuma__check_opts_id(cfg, entry, "object", err);
	if (!rc)
		rc = parse_head(p, err);
	if (!rc && p->ctx)
		return vnuma__thread_ctx_parse(p->o, err);
	for (enum pid i = 0; !rc && i < NPROPS; i++)
		if (props[i].kinds & (1u << p->kind))
			rc = parse_prop(p, i, err);
	if (rc)
		return rc;
	allowed[na++] = "qom-type";
	allowed[na++] = "id";
	for (enum pid i = 0; i < NPROPS; i++)
		if (props[i].kinds & (1u << p->kind))
			allowed[na++] = props[i].name;
	allowed[na] = NULL;
	return check_unknown(p->o, allowed, err);
}

int vnuma__memory_check_object(const struct vnuma_config *cfg, size_t entry,
			       vnuma_error **err)
{
	const struct vnuma__opts *o = &cfg->e[entry].opts;
	const struct vnuma__opt *t = vnuma__opts_last(o, "qom-type");
	struct parsed p;
	int rc;

	/*
	 * A type vnuma does not model is refused by the topology, or
	 * skipped by --ignore-unknown, which sees it only once added.
	 */
	if (t && (o->mode != VNUMA__OPTS_JSON ||
		  t->jtype == VNUMA__JSON_STRING) &&
	    strncmp(t->value, "memory-backend-", 15))
		return vnuma__check_opts_id(cfg, entry, "object", err);
	rc = parse_object(&p, cfg, entry, err);
	free(p.nodes);
	return rc;
}

int vnuma__memory_precheck_device(const struct vnuma_config *cfg,
				  size_t entry, vnuma_error **err)
{
	/* A JSON -device was read whole when it was added. */
	return vnuma__check_opts_id(cfg, entry, "device", err);
}

int vnuma__memory_precheck(const struct vnuma_config *cfg, vnuma_error **err)
{
	struct parsed p;
	int rc = VNUMA_OK;

	for (size_t i = 0; !rc && i < cfg->n; i++) {
		if (cfg->e[i].kind == VNUMA__OPT_OBJECT) {
			rc = parse_object(&p, cfg, i, err);
			free(p.nodes);
		} else if (cfg->e[i].kind == VNUMA__OPT_DEVICE) {
			rc = vnuma__memory_precheck_device(cfg, i, err);
		}
	}
	return rc;
}

const char *vnuma__backend_type_name(enum vnuma__backend_kind kind)
{
	return kind_names[kind];
}

const char *vnuma__backend_policy_name(enum vnuma__host_policy policy)
{
	return policy_names[policy];
}

void vnuma__backend_info(const struct vnuma__backend *b,
			 vnuma_memdev_info *out)
{
	memset(out, 0, sizeof(*out));
	out->id = b->id;
	out->qom_type = kind_names[b->kind];
	out->size = b->size;
	out->merge = b->merge;
	out->dump = b->dump;
	out->prealloc = b->prealloc;
	out->share = b->share;
	out->reserve = b->reserve;
	out->policy = policy_names[b->policy];
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
		if (!vnuma__get_uint_list(&one, "host-nodes", VNUMA__VISIT_OPTS,
					  16, &v, &n, NULL))
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
static int set_host_nodes(struct vnuma__backend *be, const struct parsed *p,
			  vnuma_error **err)
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
		       const struct parsed *p, struct vnuma__loc *loc,
		       vnuma_error **err)
{
	const char *id = p->opt[P_CONTEXT]->value;

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
	be->prealloc_context =
		vnuma__strdup(vnuma__thread_ctx_find(b, id)->id);
	return be->prealloc_context ? VNUMA_OK : vnuma__error_nomem(err);
}

/* A property whose setter checks its value. */
static int set_checked(struct vnuma__backends *b, struct vnuma__backend *be,
		       const struct parsed *p, enum pid i,
		       struct vnuma__loc *loc, vnuma_error **err)
{
	const char *type = kind_names[be->kind];
	bool v = p->b[i];

	switch (i) {
	case P_SIZE_:
	case P_THREADS:
		if (!p->u[i])
			return vnuma__error_set(err, VNUMA_E_RANGE,
						i == P_SIZE_ ?
						"backend.size-zero" :
						"backend.prealloc-threads-zero",
						loc,
						"property '%s' of %s doesn't "
						"take value '0'",
						props[i].name, type);
		if (i == P_SIZE_)
			be->size = p->u[i];
		else
			be->prealloc_threads = (uint32_t)p->u[i];
		return VNUMA_OK;
	case P_HUGETLBSIZE:
		if (!p->u[i])
			return vnuma__error_set(err, VNUMA_E_RANGE,
						"backend.hugetlbsize-zero", loc,
						"Property '%s.hugetlbsize' "
						"doesn't take value '0'", type);
		be->hugetlbsize = p->u[i];
		return VNUMA_OK;
	case P_PREALLOC:
	case P_RESERVE:
		/* Whichever of the two QEMU sets second refuses. */
		if (i == P_PREALLOC ? v && !be->reserve : be->prealloc && !v)
			return vnuma__error_set(err, VNUMA_E_CONFLICT,
						"backend.prealloc-reserve", loc,
						"'prealloc=on' and "
						"'reserve=off' are "
						"incompatible");
		*(i == P_PREALLOC ? &be->prealloc : &be->reserve) = v;
		return VNUMA_OK;
	case P_HOST_NODES:
		return set_host_nodes(be, p, err);
	case P_CONTEXT:
		return set_context(b, be, p, loc, err);
	case P_MEM_PATH:
		free(be->mem_path);
		be->mem_path = vnuma__strdup(p->opt[i]->value);
		return be->mem_path ? VNUMA_OK : vnuma__error_nomem(err);
	default:
		return VNUMA_OK;
	}
}

/* Sets one property on the new object, as QEMU's setter does. */
static int set_prop(struct vnuma__backends *b, struct vnuma__backend *be,
		    const struct parsed *p, enum pid i, vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o, p->opt[i]);
	char *field = (char *)be + props[i].off;

	loc.key = props[i].name;
	/*
	 * QEMU creates the objects long after reading the options and
	 * restores no location: its setters' and completion's errors name
	 * no option. The text, key and offset are kept for callers.
	 */
	loc.option = NULL;
	if (!props[i].plain)
		return set_checked(b, be, p, i, &loc, err);
	if (props[i].type == P_BOOL)
		*(bool *)field = p->b[i];
	else if (props[i].type == P_POLICY)
		*(enum vnuma__host_policy *)field =
			(enum vnuma__host_policy)p->u[i];
	else
		*(uint64_t *)field = p->u[i];
	return VNUMA_OK;
}

/* QEMU's completion of the object, less what touches the host. */
static int complete(const struct parsed *p, struct vnuma__backend *be,
		    const struct vnuma__machine *m, struct vnuma__warnings *w,
		    vnuma_error **err)
{
	struct vnuma__loc loc;

	if (be->kind == VNUMA__BACKEND_MEMFD &&
	    (be->hugetlbsize & (be->hugetlbsize - 1))) {
		loc = vnuma__opts_loc(p->o, p->opt[P_HUGETLBSIZE]);
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
		loc = vnuma__opts_loc(p->o, p->opt[P_SIZE_]);
		loc.key = "size";
		loc.option = NULL;
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"backend.size-too-large", &loc,
					"property 'size' of %s: %" PRIu64
					" bytes do not fit in 2^64 once "
					"rounded up to the host page size",
					kind_names[be->kind], be->size);
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
		if (!rc && vnuma__host_ram_block_warn(
				   &desc, be->page_size,
				   vnuma__machine_bool(m, "dump-guest-core",
						       true), w))
			rc = vnuma__error_nomem(err);
		if (rc)
			return rc;
	}
	if (be->n_host_nodes && be->policy == VNUMA__POLICY_DEFAULT) {
		loc = vnuma__opts_loc(p->o, p->opt[P_HOST_NODES]);
		loc.key = "host-nodes";
		loc.option = NULL;
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"backend.policy-default-nodes", &loc,
					"host-nodes must be empty for policy "
					"default, or you should explicitly "
					"specify a policy other than default");
	}
	if (!be->n_host_nodes && be->policy != VNUMA__POLICY_DEFAULT) {
		loc = vnuma__opts_loc(p->o, p->opt[P_POLICY_]);
		loc.key = "policy";
		loc.option = NULL;
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"backend.policy-nodes-missing", &loc,
					"host-nodes must be set for policy %s",
					policy_names[be->policy]);
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
static int check_id_wellformed(const struct parsed *p, vnuma_error **err)
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
	vnuma__error_append_hint(err, "Identifiers consist of letters, digits, "
				 "'-', '.', '_', starting with a letter.\n");
	return rc;
}

/*
 * Then it adds the object under /objects: an id taken there already (by
 * an object QemuOpts could not compare with, a JSON one) is refused.
 */
static int check_id_free(const struct vnuma__backends *b,
			 const struct parsed *p, vnuma_error **err)
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
						"'container')", p->id);
	return VNUMA_OK;
}

static int backend_create(struct vnuma__backends *b, const struct parsed *p,
			  const struct vnuma__machine *m,
			  struct vnuma__warnings *w, size_t entry,
			  vnuma_error **err)
{
	struct vnuma__backend be = { 0 };
	const char *keys[NPROPS];
	size_t idx[NPROPS], order[NPROPS], n = 0;
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
	for (enum pid i = 0; i < NPROPS; i++)
		if (p->opt[i]) {
			keys[n] = props[i].name;
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
	struct parsed p;
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
		rc = parse_object(&p, cfg, i, err);
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
