/* SPDX-License-Identifier: MIT */
/*
 * Linked into a unit test by harvest.sh (not part of the build): records
 * the options each configuration was given and, when vnuma_config_add
 * refuses one or at vnuma_topology_new, appends them with the verdict to
 * $HARVEST_OUT, for gen.py. Running out of memory is no verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "vnuma/vnuma.h"

int __real_vnuma_config_add(vnuma_config *cfg, const char *option,
			    const char *arg, vnuma_error **err);
int __real_vnuma_topology_new(vnuma_topology **out, const vnuma_config *cfg,
			      vnuma_error **err);
void __real_vnuma_config_free(vnuma_config *cfg);
int __wrap_vnuma_config_add(vnuma_config *cfg, const char *option,
			    const char *arg, vnuma_error **err);
int __wrap_vnuma_topology_new(vnuma_topology **out, const vnuma_config *cfg,
			      vnuma_error **err);
void __wrap_vnuma_config_free(vnuma_config *cfg);

/* The options of each live configuration (tests keep a few at once). */
struct rec {
	const vnuma_config *cfg;
	char **v;
	size_t n;
};
static struct rec recs[64];

static struct rec *find(const vnuma_config *cfg)
{
	for (int i = 0; i < 64; i++)
		if (recs[i].cfg == cfg)
			return &recs[i];
	for (int i = 0; i < 64; i++)
		if (!recs[i].cfg) {
			recs[i].cfg = cfg;
			return &recs[i];
		}
	return NULL;
}

static void cstr(FILE *f, const char *s)
{
	if (!s) {
		fputs("NULL", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* One case: the options so far (and the one refused, if any). */
static void emit(const struct rec *r, const vnuma_config *cfg, int rc,
		 const char *option, const char *arg)
{
	FILE *f = fopen(getenv("HARVEST_OUT"), "a");

	if (!f)
		return;
	fprintf(f, "%s|%u %d|", rc ? "err" : "ok", cfg->max_nodes,
		cfg->split_ram);
	for (size_t i = 0; i < r->n; i++) {
		cstr(f, r->v[i]);
		fputs(", ", f);
	}
	if (option) {
		cstr(f, option);
		fputs(", ", f);
		cstr(f, arg);
		fputs(", ", f);
	}
	fputs("\n", f);
	fclose(f);
}

int __wrap_vnuma_config_add(vnuma_config *cfg, const char *option,
			    const char *arg, vnuma_error **err)
{
	int rc = __real_vnuma_config_add(cfg, option, arg, err);
	struct rec *r = cfg && option ? find(cfg) : NULL;

	if (r && rc && rc != VNUMA_E_NOMEM) {
		emit(r, cfg, rc, option, arg);
	} else if (r && !rc) {
		r->v = realloc(r->v, (r->n + 2) * sizeof(char *));
		r->v[r->n++] = strdup(option);
		r->v[r->n++] = arg ? strdup(arg) : NULL;
	}
	return rc;
}

int __wrap_vnuma_topology_new(vnuma_topology **out, const vnuma_config *cfg,
			      vnuma_error **err)
{
	int rc = __real_vnuma_topology_new(out, cfg, err);
	struct rec *r = cfg ? find(cfg) : NULL;

	if (r && r->n && rc != VNUMA_E_NOMEM)
		emit(r, cfg, rc, NULL, NULL);
	return rc;
}

void __wrap_vnuma_config_free(vnuma_config *cfg)
{
	struct rec *r = cfg ? find(cfg) : NULL;

	if (r) {
		for (size_t i = 0; i < r->n; i++)
			free(r->v[i]);
		free(r->v);
		memset(r, 0, sizeof(*r));
	}
	__real_vnuma_config_free(cfg);
}
