/* SPDX-License-Identifier: MIT */
#include "config_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../memory/backend.h"
#include "../parse/json.h"
#include "../parse/visit.h"
#include "../util.h"

/* "-numa", "--numa" and "numa" all name the same option, as in QEMU. */
static const char *bare_name(const char *option)
{
	if (option[0] == '-')
		option++;
	if (option[0] == '-')
		option++;
	return option;
}

/*
 * The option's entry in QEMU's table if vnuma reads it, else NULL. A
 * generated configuration gives one option (-numa) thousands of times:
 * the entry found last is compared before the table is searched.
 */
static const struct vnuma__qemu_option *find_optdef(vnuma_config *cfg,
						    const char *option)
{
	const char *name = bare_name(option);
	const struct vnuma__qemu_option *d = cfg->last_def;

	if (d && !strcmp(d->name, name))
		return d;
	d = vnuma__qemu_option_find(name);
	if (!d || d->kind == VNUMA__OPT_NONE)
		return NULL;
	cfg->last_def = d;
	return d;
}

int vnuma_config_new(vnuma_config **out, const vnuma_config_options *opts,
		     vnuma_error **err)
{
	vnuma_config_options def = VNUMA_CONFIG_OPTIONS_INIT;
	vnuma_config *cfg;

	if (!out)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out must not be NULL");
	*out = NULL;
	if (!opts)
		opts = &def;
	/* Every version up to the current one: later fields default. */
	if (opts->version < 1 || opts->version > VNUMA_CONFIG_OPTIONS_VERSION)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.version",
					NULL,
					"unknown vnuma_config_options version %u",
					opts->version);
	if (opts->max_nodes == 0 || opts->max_nodes > VNUMA_MAX_NODES_LIMIT)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.max-nodes",
					NULL,
					"max_nodes must be between 1 and %d",
					VNUMA_MAX_NODES_LIMIT);
	if (opts->split_ram < VNUMA_SPLIT_RAM_NONE ||
	    opts->split_ram > VNUMA_SPLIT_RAM_DEFAULT)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.split-ram",
					NULL, "unknown split_ram mode %d",
					opts->split_ram);
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		return vnuma__error_nomem(err);
	cfg->max_nodes = opts->max_nodes;
	cfg->split_ram = opts->split_ram;
	*out = cfg;
	return VNUMA_OK;
}

void vnuma_config_free(vnuma_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n; i++)
		vnuma__opts_fini(&cfg->e[i].opts);
	free(cfg->e);
	free(cfg->numa);
	free(cfg->numa_ids);
	vnuma__arena_fini(&cfg->arena);
	vnuma__warnings_fini(&cfg->warnings);
	free(cfg);
}

/* Keeps an option whose argument is not split into pairs (-cpu, -mem-path). */
static int opts_whole(struct vnuma__opts *o, const char *option,
		      const char *arg)
{
	return vnuma__opts_init(o, option, arg ? arg : "");
}

/* Checks a -numa option now and keeps its text for the topology. */
static int add_numa(vnuma_config *cfg, const struct vnuma__qemu_option *d,
		    const char *option, const char *arg, vnuma_error **err)
{
	size_t warned = cfg->warnings.n;
	struct vnuma__dist_text dist;
	struct vnuma__text_opt *t;
	struct vnuma__opts o;
	int rc;

	/*
	 * The check would find no id and warn of nothing: kept as numbers,
	 * without a copy of the text.
	 */
	if (!strcmp(option, "-numa") && vnuma__dist_text_read(arg, &dist)) {
		if (vnuma__grow(&cfg->numa, &cfg->cap_numa, cfg->n_numa + 1,
				sizeof(*cfg->numa)))
			return vnuma__error_nomem(err);
		cfg->numa_syntax = &d->syntax;
		t = &cfg->numa[cfg->n_numa++];
		t->option = "-numa";
		t->text = NULL;
		t->dist = dist;
		return VNUMA_OK;
	}
	rc = vnuma__opts_check(&o, option, arg, &d->syntax, &cfg->warnings,
			       err);
	if (!rc && o.id)
		rc = vnuma__config_numa_id_unique(cfg, &o, err);
	if (!rc && vnuma__grow(&cfg->numa, &cfg->cap_numa, cfg->n_numa + 1,
			       sizeof(*cfg->numa)))
		rc = vnuma__error_nomem(err);
	if (!rc) {
		cfg->numa_syntax = &d->syntax;
		t = &cfg->numa[cfg->n_numa];
		t->option = strcmp(option, "-numa") ?
				    vnuma__arena_strndup(&cfg->arena, option,
							 strlen(option)) :
				    "-numa";
		t->text = vnuma__arena_strndup(&cfg->arena, arg, strlen(arg));
		t->id = o.id ? vnuma__arena_strndup(&cfg->arena, o.id,
						    strlen(o.id)) :
			       NULL;
		if (!t->option || !t->text || (o.id && !t->id) ||
		    (t->id && vnuma__config_numa_id_add(cfg, t->id)))
			rc = vnuma__error_nomem(err);
	}
	free(o.id);
	/*
	 * QEMU refuses a duplicate id before it warns about short-form
	 * booleans: a refused option leaves no warning behind.
	 */
	if (rc)
		vnuma__warnings_truncate(&cfg->warnings, warned);
	else
		cfg->n_numa++;
	return rc;
}

int vnuma__config_numa_opts(const struct vnuma_config *cfg, size_t i,
			    struct vnuma__opts *o, vnuma_error **err)
{
	char buf[VNUMA__DIST_TEXT_MAX];

	/* the parse copies the text: buf may go */
	return vnuma__opts_parse(o, cfg->numa[i].option,
				 vnuma__config_numa_text(cfg, i, buf),
				 cfg->numa_syntax, err);
}

const char *vnuma__config_numa_text(const struct vnuma_config *cfg, size_t i,
				    char buf[VNUMA__DIST_TEXT_MAX])
{
	const struct vnuma__text_opt *t = &cfg->numa[i];

	if (t->text)
		return t->text;
	vnuma__dist_text_write(buf, &t->dist);
	return buf;
}

/*
 * QemuOpts checks each -m while QEMU reads the command line (the machine
 * stage makes the same checks later). When an -object fails while being
 * read, the -m options before it were checked first: their deprecation
 * warnings are printed, and their error, if any, is the one QEMU reports.
 */
static int m_read_first(vnuma_config *cfg, size_t upto, vnuma_error **err)
{
	static const struct vnuma__optdesc desc[] = {
		{ "size", VNUMA__OPTTYPE_SIZE },
		{ "slots", VNUMA__OPTTYPE_NUMBER },
		{ "maxmem", VNUMA__OPTTYPE_SIZE },
		{ NULL, VNUMA__OPTTYPE_STRING },
	};
	int rc = VNUMA_OK;

	for (size_t i = 0; !rc && i < upto; i++) {
		const struct vnuma__opts *o = &cfg->e[i].opts;

		for (size_t k = 0;
		     !rc && cfg->e[i].kind == VNUMA__OPT_M && k < o->n; k++) {
			struct vnuma__opts one = *o;
			uint64_t v;

			one.v = &o->v[k];
			one.n = 1;
			if (!one.v->help && (!strcmp(one.v->key, "size") ||
					     !strcmp(one.v->key, "maxmem")))
				rc = vnuma__get_size_warn(o, one.v,
							  VNUMA__VISIT_QEMUOPTS,
							  &cfg->warnings, &v,
							  err);
			else
				rc = vnuma__qemuopts_validate(&one, desc, err);
		}
	}
	return rc;
}

/*
 * QEMU visits an -object's members while it reads the command line: the
 * first error stops it before any later option is read, and before the
 * machine is looked at. (A -device's id, which QemuOpts checks then too,
 * was checked as it was added.)
 */
static int option_read(vnuma_config *cfg, vnuma_error **err)
{
	int rc = cfg->e[cfg->n - 1].kind == VNUMA__OPT_OBJECT ?
			 vnuma__memory_check_object(cfg, cfg->n - 1, err) :
			 VNUMA_OK;

	if (rc)
		vnuma__opts_fini(&cfg->e[--cfg->n].opts);
	else
		cfg->e[cfg->n - 1].read = true;
	return rc;
}

static int add_one(vnuma_config *cfg, const char *option, const char *shown,
		   const char *arg, vnuma_error **err);

int vnuma__config_add_as(vnuma_config *cfg, const char *option,
			 const char *shown, const char *arg, vnuma_error **err)
{
	size_t before = cfg ? cfg->n : 0;
	vnuma_error *e = NULL;
	const char *check;
	int rc = add_one(cfg, option, shown, arg, &e);

	/*
	 * An option refused while QEMU reads the command line: the -m
	 * before it were read first. Unknown options and API misuse are
	 * refused before anything is read.
	 */
	check = rc ? vnuma_error_check(e) : NULL;
	if (rc && rc != VNUMA_E_NOMEM && check && strncmp(check, "cli.", 4) &&
	    strncmp(check, "api.", 4)) {
		int mrc = m_read_first(cfg, before, err);

		if (mrc) {
			vnuma_error_free(e);
			return mrc;
		}
	}
	if (e && err && !*err)
		*err = e;
	else
		vnuma_error_free(e);
	return rc;
}

int vnuma_config_add(vnuma_config *cfg, const char *option, const char *arg,
		     vnuma_error **err)
{
	return vnuma__config_add_as(cfg, option, NULL, arg, err);
}

static int add_one(vnuma_config *cfg, const char *option, const char *shown,
		   const char *arg, vnuma_error **err)
{
	const struct vnuma__qemu_option *d;
	struct vnuma__entry e = { 0 };
	struct vnuma__loc loc = { .option = option };
	char spelled[64];
	size_t warned;
	int rc;

	if (!cfg || !option)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"cfg and option must not be NULL");
	d = find_optdef(cfg, option);
	if (!d && vnuma__qemu_option_find(bare_name(option)))
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"cli.unhandled-option", &loc,
					"option not handled by vnuma "
					"(use --ignore-unknown to skip it)");
	if (!d)
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"cli.invalid-option", &loc,
					"invalid option");
	/*
	 * Messages name the option as the user spelled it ("--numa" stays
	 * "--numa"), as QEMU does; a bare name gets one dash.
	 */
	if (shown) {
		loc.option = shown;
	} else if (option[0] != '-') {
		snprintf(spelled, sizeof(spelled), "-%s", option);
		loc.option = spelled;
	}
	if (d->has_arg && !arg)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"cli.missing-argument", &loc,
					"requires an argument");
	/*
	 * A command line cannot give -mem-prealloc an argument (the next word
	 * is the next option): one given through the API is a mistake that
	 * must not pass as if it were not there.
	 */
	if (!d->has_arg && arg)
		return vnuma__error_set(err, VNUMA_E_INVAL,
					"api.unexpected-argument", &loc,
					"takes no argument");
	if (d->kind == VNUMA__OPT_NUMA)
		return add_numa(cfg, d, loc.option, arg, err);
	if (vnuma__grow(&cfg->e, &cfg->cap, cfg->n + 1, sizeof(*cfg->e)))
		return vnuma__error_nomem(err);
	warned = cfg->warnings.n;
	e.kind = d->kind;
	/*
	 * QEMU 7.2 reads an -object or -device that starts with '{' as JSON,
	 * and its syntax errors stop it there. Its members become pairs like
	 * the key=value form's, each with its JSON type for the visitor.
	 */
	if ((d->flags & VNUMA__QOPT_JSON) && arg[0] == '{')
		rc = vnuma__json_opts_parse(&e.opts, loc.option, arg, err);
	else if (d->flags & VNUMA__QOPT_SPLIT)
		rc = vnuma__opts_parse_warn(&e.opts, loc.option, arg,
					    &d->syntax, &cfg->warnings, err);
	else if ((rc = opts_whole(&e.opts, loc.option, arg)))
		vnuma__error_nomem(err);
	if (rc)
		return rc;
	/* In place, not yet counted: the earlier entries are its list. */
	cfg->e[cfg->n] = e;
	rc = vnuma__config_id_unique(cfg, cfg->n, err);
	if (rc) {
		/* The id is refused before short-form booleans are warned of. */
		vnuma__warnings_truncate(&cfg->warnings, warned);
		vnuma__opts_fini(&e.opts);
		return rc;
	}
	cfg->e[cfg->n++] = e;
	return e.kind == VNUMA__OPT_OBJECT || e.kind == VNUMA__OPT_DEVICE ?
		       option_read(cfg, err) :
		       VNUMA_OK;
}

size_t vnuma_config_warning_count(const vnuma_config *cfg)
{
	return cfg ? cfg->warnings.n : 0;
}

const vnuma_error *vnuma_config_warning(const vnuma_config *cfg, size_t i)
{
	return cfg && i < cfg->warnings.n ? cfg->warnings.v[i] : NULL;
}
