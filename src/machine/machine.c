/* SPDX-License-Identifier: MIT */
/*
 * The machine: -machine/-M, -m, -smp, -cpu, -mem-path, -mem-prealloc, in
 * QEMU 7.2's order.
 *
 * QEMU folds -M, -smp and -m into one keyval dictionary (machine_opts_dict)
 * and sets the machine's QOM properties from it by walking the dictionary.
 * That walk follows QDict's hash buckets, not the command line, so when
 * two properties are wrong the one QEMU reports is decided by the hash of
 * their names (e.g. "smp" before "memory", "hmat" before "acpi"). vnuma
 * keeps the same dictionary and walks it in the same order, so it reports
 * the same first error. Errors QEMU prints without an option prefix carry
 * the location with option NULL (text, key and offset still set).
 */
#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"
#include "../parse/visit.h"
#include "../util.h"
#include "machine_dict.h"

#define DEFAULT_MACHINE "pc-i440fx-7.2"

static const struct vnuma__loc *mloc(struct vnuma__loc *buf,
				     const struct vnuma__opts *o,
				     const struct vnuma__opt *opt, bool prefix)
{
	if (!o) {
		memset(buf, 0, sizeof(*buf));
		return buf;
	}
	*buf = vnuma__opts_loc(o, opt);
	if (!prefix)
		buf->option = NULL;
	return buf;
}

/* The -m entries as QEMU's merged "memory" QemuOpts: last of each wins. */
struct mem_opts {
	const struct vnuma__opts *first; /* location of the merged opts */
	const struct vnuma__opts *size_o, *max_o, *slots_o;
	const struct vnuma__opt *size, *max, *slots;
	uint64_t size_val;
};

/*
 * QemuOpts checks each -m value while the command line is read, before
 * anything else: unknown keys and malformed numbers, in text order.
 */
static int check_m_entry(struct mem_opts *mo, const struct vnuma__opts *o,
			 struct vnuma__warnings *w, vnuma_error **err)
{
	static const char *const allowed[] = { "size", "slots", "maxmem",
					       NULL };
	struct vnuma__loc loc;
	uint64_t v;
	int rc;

	if (!mo->first)
		mo->first = o;
	for (size_t i = 0; i < o->n; i++) {
		const struct vnuma__opt *opt = &o->v[i];

		if (!strcmp(opt->key, "slots")) {
			rc = vnuma__get_uint(o, opt, VNUMA__VISIT_QEMUOPTS, 64,
					     &v, err);
			mo->slots_o = o;
			mo->slots = opt;
		} else if (!strcmp(opt->key, "size") ||
			   !strcmp(opt->key, "maxmem")) {
			rc = vnuma__mdict_warn_hex(w, mloc(&loc, o, opt, true),
						   opt->value);
			if (!rc)
				rc = vnuma__get_size(o, opt,
						     VNUMA__VISIT_QEMUOPTS, &v,
						     err);
			if (opt->key[0] == 's') {
				mo->size_o = o;
				mo->size = opt;
				mo->size_val = v;
			} else {
				mo->max_o = o;
				mo->max = opt;
			}
		} else {
			rc = vnuma__check_keys(o, VNUMA__VISIT_QEMUOPTS,
					       allowed, err);
		}
		if (rc)
			return rc == VNUMA_E_NOMEM ? vnuma__error_nomem(err) :
						     rc;
	}
	return VNUMA_OK;
}

/*
 * -pflash and -drive if=pflash fill flash units, the lowest free one
 * unless unit= or index= says (drive_new()); only unit 0 matters here.
 */
static void pflash_unit(uint64_t *used, const struct vnuma__opts *o)
{
	const struct vnuma__opt *at = NULL;
	uint64_t unit = 0;

	if (o) {
		const struct vnuma__opt *ifc = vnuma__opts_last(o, "if");

		if (!ifc || strcmp(ifc->value, "pflash"))
			return;
		at = vnuma__opts_last(o, "unit");
		if (!at)
			at = vnuma__opts_last(o, "index");
	}
	if (at) {
		if (vnuma__strtou64(at->value, &unit) || unit >= 64)
			return;
	} else {
		while (unit < 64 && (*used >> unit & 1))
			unit++;
		if (unit == 64)
			return;
	}
	*used |= UINT64_C(1) << unit;
}

/* Options that stand for a -machine property, put where QEMU puts them. */
static int read_sugar(struct vnuma__mdict *d, const struct vnuma__entry *e,
		      vnuma_error **err)
{
	switch (e->kind) {
	case VNUMA__OPT_NO_ACPI:
		return vnuma__mdict_put(d, "acpi", "off", &e->opts, err);
	case VNUMA__OPT_ENABLE_KVM:
		return vnuma__mdict_put(d, "accel", "kvm", &e->opts, err);
	case VNUMA__OPT_BIOS:
		return vnuma__mdict_put(d, "firmware", e->opts.text, &e->opts,
					err);
	default:
		return VNUMA_OK;
	}
}

/* The argv pass: -M merges, -smp joins, -m is checked, the rest kept. */
static int read_entries(struct vnuma__machine *m, struct vnuma__mdict *d,
			struct mem_opts *mo, const struct vnuma_config *cfg,
			struct vnuma__warnings *w, vnuma_error **err)
{
	uint64_t flash = 0;
	int rc = VNUMA_OK;

	for (size_t i = 0; i < cfg->n && !rc; i++) {
		const struct vnuma__entry *e = &cfg->e[i];
		char **slot = NULL;

		rc = read_sugar(d, e, err);
		switch (e->kind) {
		case VNUMA__OPT_PFLASH:
			pflash_unit(&flash, NULL);
			break;
		case VNUMA__OPT_DRIVE:
			pflash_unit(&flash, &e->opts);
			break;
		case VNUMA__OPT_MACHINE:
			rc = vnuma__mdict_merge(d, &e->opts, err);
			break;
		case VNUMA__OPT_SMP:
			rc = vnuma__mdict_join(d, "smp", &e->opts, err);
			break;
		case VNUMA__OPT_M:
			rc = check_m_entry(mo, &e->opts, w, err);
			break;
		case VNUMA__OPT_CPU:
			slot = &m->cpu_model;
			break;
		case VNUMA__OPT_MEM_PATH:
			slot = &m->mem_path;
			break;
		case VNUMA__OPT_MEM_PREALLOC:
			m->mem_prealloc = true;
			break;
		default:
			break;
		}
		if (slot && !rc) {
			/* QEMU keeps the last -cpu / -mem-path given. */
			free(*slot);
			*slot = vnuma__strdup(e->opts.text);
			if (!*slot)
				rc = vnuma__error_nomem(err);
		}
	}
	m->pflash0 = flash & 1;
	return rc;
}

/* QEMU's legacy -m form: a size without a unit is in MiB. */
static int add_legacy_size(struct vnuma__mdict *d, const struct mem_opts *mo,
			   vnuma_error **err)
{
	const char *s = mo->size->value;
	size_t len = strlen(s);
	char *v;
	int rc;

	if (len && s[len - 1] >= '0' && s[len - 1] <= '9')
		v = vnuma__sprintf("%sM", s);
	else
		v = vnuma__strdup(s);
	if (!v)
		return vnuma__error_nomem(err);
	rc = vnuma__mdict_put_sub(d, "memory", "size", v, mo->size_o, mo->size,
				  err);
	free(v);
	return rc;
}

/* -m becomes machine property "memory" (parse_memory_options()). */
static int merge_memory(struct vnuma__mdict *d, const struct mem_opts *mo,
			vnuma_error **err)
{
	struct vnuma__mkey *k = vnuma__mdict_find(d, "memory");
	struct vnuma__loc loc;
	int rc = VNUMA_OK;

	if (k && k->value)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"machine.keyval-inconsistent",
					mloc(&loc, mo->first, NULL, true),
					"Parameter 'memory' used inconsistently");
	/* "-m 0" means "not given": the machine's default applies. */
	if (mo->size && mo->size_val)
		rc = add_legacy_size(d, mo, err);
	if (!rc && mo->max)
		rc = vnuma__mdict_put_sub(d, "memory", "max-size",
					  mo->max->value, mo->max_o, mo->max,
					  err);
	if (!rc && mo->slots)
		rc = vnuma__mdict_put_sub(d, "memory", "slots",
					  mo->slots->value, mo->slots_o,
					  mo->slots, err);
	if (!rc && !vnuma__mdict_find(d, "memory"))
		rc = vnuma__mdict_put_sub(d, "memory", NULL, NULL, NULL, NULL,
					  err);
	return rc;
}

/* select_machine(): "type" picks the profile and leaves the dictionary. */
static int select_machine(struct vnuma__machine *m, struct vnuma__mdict *d,
			  vnuma_error **err)
{
	struct vnuma__mkey *k = vnuma__mdict_find(d, "type");
	const char *name = DEFAULT_MACHINE;
	struct vnuma__loc loc;

	if (k && k->value) {
		name = k->value;
		mloc(&loc, k->opts, k->opt, false);
		m->profile = vnuma__profile_find(name);
		if (!m->profile) {
			int rc = vnuma__error_set(err, VNUMA_E_UNKNOWN,
						  "machine.unknown-type", &loc,
						  "unsupported machine type");

			vnuma__error_append_hint(err,
						 "Use -machine help to list supported "
						 "machines\n");
			return rc;
		}
	} else {
		m->profile = vnuma__profile_find(name);
	}
	m->type = vnuma__strdup(name);
	if (!m->type)
		return vnuma__error_nomem(err);
	if (k && k->value)
		vnuma__mdict_del(d, k);
	return VNUMA_OK;
}

/* Options -M accepts that are not machine properties: kept, not applied. */
static int take_legacy(struct vnuma__machine *m, struct vnuma__mdict *d,
		       vnuma_error **err)
{
	static const char *const legacy[] = { "accel", "igd-passthru",
					      "kvm-shadow-mem",
					      "kernel-irqchip", NULL };
	struct vnuma__mkey *k;
	struct vnuma__loc loc;
	int rc;

	for (size_t i = 0; legacy[i]; i++) {
		k = vnuma__mdict_find(d, legacy[i]);
		if (!k || !k->value)
			continue;
		rc = vnuma__machine_keep(m, k->key, k->value, err);
		if (rc)
			return rc;
		vnuma__mdict_del(d, k);
	}
	k = vnuma__mdict_find(d, "memory-backend");
	if (k && k->value) {
		if (m->mem_path)
			return vnuma__error_set(
				err, VNUMA_E_CONFLICT,
				"machine.mem-path-with-memory-backend",
				mloc(&loc, k->opts, k->opt, false),
				"'-mem-path' can't be used together with"
				"'-machine memory-backend'");
		m->memory_backend = vnuma__strdup(k->value);
		if (!m->memory_backend)
			return vnuma__error_nomem(err);
		vnuma__mdict_del(d, k);
	}
	k = vnuma__mdict_find(d, "memory");
	m->ram_size_given = k && vnuma__mdict_sub(k, "size");
	return VNUMA_OK;
}

static int build(struct vnuma__machine *m, struct vnuma__mdict *d,
		 const struct vnuma_config *cfg, struct vnuma__warnings *w,
		 vnuma_error **err)
{
	struct mem_opts mo = { 0 };
	struct vnuma__loc loc;
	int rc;

	m->acpi = -1;
	rc = read_entries(m, d, &mo, cfg, w, err);
	if (!rc)
		rc = merge_memory(d, &mo, err);
	if (!rc)
		rc = select_machine(m, d, err);
	if (!rc)
		rc = vnuma__mdict_dashify(d, err);
	/* Before the legacy keys leave the dictionary: they were set too. */
	if (!rc)
		rc = vnuma__machine_props_record(m, d, err);
	if (!rc)
		rc = take_legacy(m, d, err);
	if (!rc)
		rc = vnuma__machine_apply(m, d, cfg, w, err);
	if (!rc)
		rc = vnuma__accel_configure(m, cfg, err);
	if (rc)
		return rc;
	m->firmware_loaded = m->pflash0;
	for (size_t i = 0; i < m->n_other; i++)
		if (!strcmp(m->other[i].key, "firmware"))
			m->firmware_loaded = true;
	if (m->profile->deprecation_reason &&
	    vnuma__warn(w, "machine.deprecated", mloc(&loc, NULL, NULL, false),
			"Machine type '%s' is deprecated: %s",
			m->profile->name, m->profile->deprecation_reason))
		return vnuma__error_nomem(err);
	return vnuma__cpus_build(m, err);
}

int vnuma__machine_build(struct vnuma__machine *m,
			 const struct vnuma_config *cfg,
			 struct vnuma__warnings *w, vnuma_error **err)
{
	struct vnuma__mdict d = { 0 };
	int rc;

	if (!m || !cfg || !w)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"machine, config and warnings must "
					"not be NULL");
	memset(m, 0, sizeof(*m));
	rc = build(m, &d, cfg, w, err);
	vnuma__mdict_fini(&d);
	if (rc)
		vnuma__machine_fini(m);
	return rc;
}

void vnuma__machine_fini(struct vnuma__machine *m)
{
	if (!m)
		return;
	free(m->type);
	free(m->memory_backend);
	free(m->gic_version);
	for (size_t i = 0; i < m->n_other; i++) {
		free(m->other[i].key);
		free(m->other[i].value);
	}
	free(m->other);
	for (size_t i = 0; i < m->n_props; i++) {
		free(m->props[i].key);
		free(m->props[i].value);
	}
	free(m->props);
	free(m->cpus);
	free(m->cpu_model);
	free(m->mem_path);
	memset(m, 0, sizeof(*m));
	m->acpi = -1;
}
