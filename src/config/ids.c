/* SPDX-License-Identifier: MIT */
/*
 * Option ids as QemuOpts keeps them: each option list (numa, object,
 * device) refuses a second option with an id it holds already, while QEMU
 * reads the command line, so before any later option or machine error.
 * That the id is an identifier, the parser checked already.
 */
#include "config_internal.h"

#include <string.h>

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

	for (size_t i = 0; i < cfg->n_numa; i++)
		if (cfg->numa[i].text && cfg->numa[i].id &&
		    !strcmp(cfg->numa[i].id, o->id))
			return vnuma__error_set(err, VNUMA_E_DUPLICATE,
						"opts.duplicate-id", &loc,
						"Duplicate ID '%s' for numa",
						o->id);
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
