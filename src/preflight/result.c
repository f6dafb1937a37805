/* SPDX-License-Identifier: MIT */
/* vnuma_preflight_check() and the getters of its verdict */
#include "preflight_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../abi.h"
#include "../host/cgroup_mount.h"
#include "../host/host_internal.h"
#include "../kernel_list.h"
#include "../util.h"

int vnuma__preflight_add(struct vnuma__preflight_ctx *c, const char *check,
			 int severity, const char *backend, int64_t node,
			 const char *needed, const char *there,
			 const char *fmt, ...)
{
	struct vnuma_preflight *p = c->p;
	struct vnuma__preflight_reason *r;
	struct vnuma__buf b = { 0 };
	va_list ap;
	char *msg;

	if (vnuma__grow(&p->r, &p->cap, p->n + 1, sizeof(*p->r)))
		return VNUMA_E_NOMEM;
	va_start(ap, fmt);
	vnuma__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	msg = vnuma__buf_take(&b);
	if (!msg)
		return VNUMA_E_NOMEM;
	r = &p->r[p->n];
	memset(r, 0, sizeof(*r));
	r->message = msg;
	r->check = vnuma__strdup(check);
	r->backend = backend ? vnuma__strdup(backend) : NULL;
	r->needed = vnuma__strdup(needed ? needed : "");
	r->there = vnuma__strdup(there ? there : "");
	r->severity = severity;
	r->node = node;
	if (!r->check || (backend && !r->backend) || !r->needed || !r->there) {
		free(r->check);
		free(r->backend);
		free(r->needed);
		free(r->there);
		free(r->message);
		return VNUMA_E_NOMEM;
	}
	p->n++;
	if (severity == VNUMA_PREFLIGHT_ERROR)
		p->fits = false;
	return 0;
}

const struct vnuma__hi_node *vnuma__preflight_node(
	const struct vnuma_hostinfo *h, uint64_t id)
{
	for (size_t i = 0; i < h->nnodes; i++)
		if (h->nodes[i].id == id)
			return &h->nodes[i];
	return NULL;
}

bool vnuma__preflight_in_list(const char *list, uint64_t v)
{
	return !list || vnuma__kernel_list_has(list, v);
}

size_t vnuma__preflight_list_count(const char *list)
{
	const char *s = list;
	uint64_t lo, hi;
	size_t n = 0;

	while (s && *s) {
		s = vnuma__kernel_list_next(s, &lo, &hi);
		n += hi >= lo ? (size_t)(hi - lo + 1) : 0;
	}
	return n;
}

bool vnuma__preflight_node_usable(const struct vnuma__preflight_ctx *c,
				  uint64_t id, const char **why,
				  const char **check)
{
	const struct vnuma__hi_node *nd = vnuma__preflight_node(c->h, id);

	*why = NULL;
	*check = NULL;
	if (!nd) {
		*why = "does not exist";
		*check = "host.node-missing";
	} else if (!nd->online) {
		*why = "is offline";
		*check = "host.node-offline";
	} else if (nd->has_meminfo && !nd->mem_total) {
		*why = "has no memory";
		*check = "host.node-no-memory";
	} else if (!vnuma__preflight_in_list(c->mems, id)) {
		*why = "is not among this process's allowed nodes";
		*check = "host.node-not-allowed";
	}
	return !*why;
}

uint64_t vnuma__preflight_huge_free(const struct vnuma__preflight_ctx *c,
				    uint64_t ps, int64_t node, bool *pool)
{
	const struct vnuma_hostinfo *h = c->h;
	uint64_t sum = 0;

	*pool = false;
	for (size_t i = 0; i < h->nnodes; i++) {
		const struct vnuma__hi_node *nd = &h->nodes[i];
		const char *why, *check;

		if (node >= 0  ? nd->id != (uint64_t)node :
		    node == -2 ? !vnuma__preflight_node_usable(c, nd->id, &why,
							       &check) :
				 false)
			continue;
		for (size_t k = 0; k < nd->nhuge; k++)
			if (nd->huge[k].size == ps) {
				*pool = true;
				sum += nd->huge[k].free;
			}
	}
	return sum;
}

/* The host model's Mems_allowed_list, else cpuset.mems.effective. */
static int allowed_mems(struct vnuma__preflight_ctx *c)
{
	const char *m = c->h->mems_allowed ? c->h->mems_allowed :
					     c->h->mems_eff;

	if (m && !(c->mems = vnuma__strdup(m)))
		return -1;
	return 0;
}

char *vnuma__preflight_cg2_dir(struct vnuma__preflight_ctx *c, unsigned up)
{
	const char *cg = c->h->cgroup;
	char *mnt = NULL, *sub = NULL, *path, *dir = NULL;
	size_t len;
	bool nomem = false;
	int found;

	if (!cg || cg[0] != '/')
		return NULL;
	len = strlen(cg);
	/* "/" is the root itself; each level up drops one component. */
	if (len == 1)
		len = 0;
	for (unsigned i = 0; i < up; i++) {
		if (!len)
			return NULL;
		while (len && cg[len - 1] != '/')
			len--;
		if (len)
			len--;
	}
	/* Where the host model finds the unified hierarchy: mountinfo. */
	found = vnuma__cgroup_mount(&mnt, &sub, c->h->root_dir, true, NULL);
	c->oom |= found < 0;
	path = found > 0 ? vnuma__sprintf("%.*s", (int)len, len ? cg : "/") :
			   NULL;
	c->oom |= found > 0 && !path;
	if (path)
		dir = vnuma__cgroup_dir(c->h->root_dir, mnt, sub, path,
					&nomem);
	c->oom |= nomem;
	free(path);
	free(mnt);
	free(sub);
	return dir;
}

char *vnuma__preflight_first_line(struct vnuma__preflight_ctx *c,
				  const char *path)
{
	FILE *f = path ? fopen(path, "re") : NULL;
	char line[4096], *r = NULL;

	c->oom |= !path;
	if (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		r = vnuma__strdup(line);
		c->oom |= !r;
	}
	if (f)
		fclose(f);
	return r;
}

/*
 * cpuset.cpus.effective of the host model (cgroup v2), or of the nearest
 * ancestor that has one (the cpuset controller may not be enabled down to
 * the process's cgroup), else the v1 cpuset hierarchy's
 * cpuset.effective_cpus of the process's cpuset (the line
 * "N:cpuset:/path" of proc/self/cgroup).
 */
static void allowed_cpus(struct vnuma__preflight_ctx *c)
{
	char *p = vnuma__sprintf("%s/proc/self/cgroup", c->h->root_dir);
	FILE *f = p ? fopen(p, "re") : NULL;
	char line[4096];

	c->oom |= !p;
	free(p);
	c->cpus = NULL;
	if (c->h->cpus_eff) {
		c->cpus = vnuma__strdup(c->h->cpus_eff);
		c->oom |= !c->cpus;
	}
	for (unsigned up = 1; !c->cpus && !c->oom; up++) {
		char *dir = vnuma__preflight_cg2_dir(c, up), *file;

		if (!dir)
			break;
		file = vnuma__sprintf("%s/cpuset.cpus.effective", dir);
		free(dir);
		c->oom |= !file;
		c->cpus = file ? vnuma__preflight_first_line(c, file) : NULL;
		free(file);
	}
	while (!c->cpus && f && fgets(line, sizeof(line), f)) {
		char *ctl = strchr(line, ':'), *path;

		path = ctl ? strchr(ctl + 1, ':') : NULL;
		if (!path || strncmp(ctl, ":cpuset:", 8))
			continue;
		path[strcspn(path, "\n")] = '\0';
		p = vnuma__sprintf("%s/sys/fs/cgroup/cpuset%s/"
				   "cpuset.effective_cpus",
				   c->h->root_dir,
				   strcmp(path + 1, "/") ? path + 1 : "");
		c->cpus = vnuma__preflight_first_line(c, p);
		free(p);
		break;
	}
	if (f)
		fclose(f);
}

static int check_args(vnuma_preflight **out, const vnuma_topology *t,
		      const vnuma_hostinfo *h, vnuma_error **err)
{
	if (out)
		*out = NULL;
	if (!out || !t || !h)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out, t and h must not be NULL");
	return VNUMA_OK;
}

int vnuma_preflight_check(vnuma_preflight **out, const vnuma_topology *t,
			  const vnuma_hostinfo *h, vnuma_error **err)
{
	struct vnuma__preflight_ctx c;
	int rc = check_args(out, t, h, err);

	if (rc)
		return rc;
	/* Not the host's matter: realizing rejects it first, alike. */
	rc = vnuma__host_check_conflicts(vnuma__topology_view(t), err);
	if (rc)
		return rc;
	c.p = calloc(1, sizeof(*c.p));
	if (!c.p)
		return vnuma__error_nomem(err);
	c.p->fits = true;
	c.v = vnuma__topology_view(t);
	c.h = h;
	c.mems = NULL;
	c.oom = false;
	allowed_cpus(&c);
	rc = allowed_mems(&c) ? VNUMA_E_NOMEM : 0;
	if (!rc)
		rc = vnuma__preflight_nodes(&c);
	if (!rc)
		rc = vnuma__preflight_hugetlb(&c);
	if (!rc)
		rc = vnuma__preflight_limits(&c);
	free(c.mems);
	free(c.cpus);
	if (!rc && c.oom)
		rc = VNUMA_E_NOMEM;
	if (rc) {
		vnuma_preflight_free(c.p);
		return vnuma__error_nomem(err);
	}
	*out = c.p;
	return VNUMA_OK;
}

void vnuma_preflight_free(vnuma_preflight *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->r[i].check);
		free(p->r[i].backend);
		free(p->r[i].needed);
		free(p->r[i].there);
		free(p->r[i].message);
	}
	free(p->r);
	free(p);
}

bool vnuma_preflight_fits(const vnuma_preflight *p)
{
	return p && p->fits;
}

size_t vnuma_preflight_reason_count(const vnuma_preflight *p)
{
	return p ? p->n : 0;
}

int vnuma_preflight_reason_get(vnuma_preflight_reason *out,
			       const vnuma_preflight *p, size_t i)
{
	const struct vnuma__preflight_reason *r;
	vnuma_preflight_reason full;

	if (!out || !p || i >= p->n)
		return VNUMA_E_INVAL;
	r = &p->r[i];
	VNUMA__INFO_START(full);
	full.check = r->check;
	full.severity = r->severity;
	full.backend = r->backend;
	full.host_node = r->node;
	full.needed = r->needed;
	full.there = r->there;
	full.message = r->message;
	return VNUMA__FILL(out, &full, vnuma_preflight_reason, message);
}
