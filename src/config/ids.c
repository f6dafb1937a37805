/* SPDX-License-Identifier: MIT */
/*
 * Option ids as QemuOpts keeps them: each option list (numa, object,
 * device) refuses a second option with an id it holds already, while QEMU
 * reads the command line, so before any later option or machine error.
 * That the id is an identifier, the parser checked already.
 */
#include "config_internal.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a: ids are short, and any spread will do. */
static size_t id_hash(const char *s)
{
	size_t h = (size_t)14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
	return h;
}

/* The id's place in the option text, for the error. */
static struct vnuma__loc id_loc(const struct vnuma__opts *o)
{
	struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

	loc.key = "id";
	loc.offset = o->id_off;
	loc.length = o->id_len;
	return loc;
}

int vnuma__config_numa_id_unique(const struct vnuma_config *cfg,
				 const struct vnuma__opts *o,
				 vnuma_error **err)
{
	struct vnuma__loc loc = id_loc(o);
	size_t mask = cfg->numa_ids_cap - 1;

	if (!cfg->numa_ids_cap)
		return VNUMA_OK;
	for (size_t i = id_hash(o->id) & mask; cfg->numa_ids[i];
	     i = (i + 1) & mask)
		if (!strcmp(cfg->numa_ids[i], o->id))
			return vnuma__error_set(err, VNUMA_E_DUPLICATE,
						"opts.duplicate-id", &loc,
						"Duplicate ID '%s' for numa",
						o->id);
	return VNUMA_OK;
}

static void id_put(const char **set, size_t cap, const char *id)
{
	size_t i = id_hash(id) & (cap - 1);

	while (set[i])
		i = (i + 1) & (cap - 1);
	set[i] = id;
}

int vnuma__config_numa_id_add(struct vnuma_config *cfg, const char *id)
{
	if (2 * (cfg->numa_ids_n + 1) > cfg->numa_ids_cap) {
		size_t cap = cfg->numa_ids_cap ? 2 * cfg->numa_ids_cap : 16;
		const char **set = calloc(cap, sizeof(*set));

		if (!set)
			return VNUMA_E_NOMEM;
		for (size_t i = 0; i < cfg->numa_ids_cap; i++)
			if (cfg->numa_ids[i])
				id_put(set, cap, cfg->numa_ids[i]);
		free(cfg->numa_ids);
		cfg->numa_ids = set;
		cfg->numa_ids_cap = cap;
	}
	id_put(cfg->numa_ids, cfg->numa_ids_cap, id);
	cfg->numa_ids_n++;
	return VNUMA_OK;
}

/*
 * JSON options are in no QemuOpts list: QEMU finds their duplicates only
 * when it creates the object or device.
 */
int vnuma__config_id_unique(const struct vnuma_config *cfg, size_t entry,
			    vnuma_error **err)
{
	const struct vnuma__entry *e = &cfg->e[entry];
	const char *id = vnuma__opts_id(&e->opts);
	struct vnuma__loc loc;

	if ((e->kind != VNUMA__OPT_OBJECT && e->kind != VNUMA__OPT_DEVICE) ||
	    !id || e->opts.mode == VNUMA__OPTS_JSON || e->read)
		return VNUMA_OK;
	for (size_t i = 0; i < entry; i++) {
		const char *prev;

		if (cfg->e[i].kind != e->kind ||
		    cfg->e[i].opts.mode == VNUMA__OPTS_JSON)
			continue;
		prev = vnuma__opts_id(&cfg->e[i].opts);
		if (!prev || strcmp(prev, id))
			continue;
		loc = id_loc(&e->opts);
		return vnuma__error_set(err, VNUMA_E_DUPLICATE,
					"opts.duplicate-id", &loc,
					"Duplicate ID '%s' for %s", id,
					e->kind == VNUMA__OPT_OBJECT ?
						"object" :
						"device");
	}
	return VNUMA_OK;
}
