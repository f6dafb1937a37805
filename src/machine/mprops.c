/* SPDX-License-Identifier: MIT */
/*
 * Setting the machine's properties from the merged dictionary: the type
 * checks of QEMU's keyval input visitor, the setters that matter for NUMA
 * and memory (hmat, nvdimm, acpi, max-ram-below-4g, gic-version, memory),
 * and "Property ... not found" for what the machine type lacks. Every
 * property vnuma does not interpret is kept in m->other.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"
#include "../util.h"
#include "machine_dict.h"

#define GIB (UINT64_C(1) << 30)
#define MIB (UINT64_C(1) << 20)
#define RAM_ALIGN UINT64_C(8192)

enum pkind { P_BOOL, P_ONOFFAUTO, P_SIZE, P_INT, P_UINT, P_STR, P_STRUCT };

struct prop {
	const char *name;
	enum pkind kind;
};

/* Properties every machine has (7.2's `-M <type>,help`). */
static const struct prop base_props[] = {
	{ "append", P_STR },
	{ "boot", P_STRUCT },
	{ "confidential-guest-support", P_STR },
	{ "dt-compatible", P_STR },
	{ "dtb", P_STR },
	{ "dump-guest-core", P_BOOL },
	{ "dumpdtb", P_STR },
	{ "firmware", P_STR },
	{ "graphics", P_BOOL },
	{ "initrd", P_STR },
	{ "kernel", P_STR },
	{ "mem-merge", P_BOOL },
	{ "memory-backend", P_STR },
	{ "memory-encryption", P_STR },
	{ "phandle-start", P_INT },
	{ "suppress-vmdesc", P_BOOL },
	{ "usb", P_BOOL },
	{ NULL, 0 },
};

static const struct prop x86_props[] = {
	{ "acpi", P_ONOFFAUTO },
	{ "bus-lock-ratelimit", P_UINT },
	{ "cxl", P_BOOL },
	{ "cxl-fmw", P_STRUCT },
	{ "default-bus-bypass-iommu", P_BOOL },
	{ "hpet", P_BOOL },
	{ "i8042", P_BOOL },
	{ "max-fw-size", P_SIZE },
	{ "max-ram-below-4g", P_SIZE },
	{ "pic", P_ONOFFAUTO },
	{ "pit", P_ONOFFAUTO },
	{ "sata", P_BOOL },
	{ "sgx-epc", P_STRUCT },
	{ "smbios-entry-point-type", P_STR },
	{ "smbus", P_BOOL },
	{ "smm", P_ONOFFAUTO },
	{ "vmport", P_ONOFFAUTO },
	{ "x-oem-id", P_STR },
	{ "x-oem-table-id", P_STR },
	{ NULL, 0 },
};

static const struct prop virt_props[] = {
	{ "acpi", P_ONOFFAUTO },
	{ "default-bus-bypass-iommu", P_BOOL },
	{ "dtb-kaslr-seed", P_BOOL },
	{ "dtb-randomness", P_BOOL },
	{ "gic-version", P_STR },
	{ "highmem", P_BOOL },
	{ "iommu", P_STR },
	{ "its", P_BOOL },
	{ "mte", P_BOOL },
	{ "ras", P_BOOL },
	{ "secure", P_BOOL },
	{ "virtualization", P_BOOL },
	{ "x-oem-id", P_STR },
	{ "x-oem-table-id", P_STR },
	{ NULL, 0 },
};

static const struct prop microvm_props[] = {
	{ "acpi", P_ONOFFAUTO },
	{ "auto-kernel-cmdline", P_BOOL },
	{ "bus-lock-ratelimit", P_UINT },
	{ "ioapic2", P_ONOFFAUTO },
	{ "isa-serial", P_BOOL },
	{ "pcie", P_ONOFFAUTO },
	{ "pic", P_ONOFFAUTO },
	{ "pit", P_ONOFFAUTO },
	{ "rtc", P_ONOFFAUTO },
	{ "sgx-epc", P_STRUCT },
	{ "smm", P_ONOFFAUTO },
	{ "x-oem-id", P_STR },
	{ "x-oem-table-id", P_STR },
	{ "x-option-roms", P_BOOL },
	{ NULL, 0 },
};

/* Instance properties: present only where the machine has the state. */
static const struct prop numa_props[] = { { "hmat", P_BOOL }, { NULL, 0 } };
static const struct prop nvdimm_props[] = {
	{ "nvdimm", P_BOOL },
	{ "nvdimm-persistence", P_STR },
	{ NULL, 0 },
};

static const struct prop *in_table(const struct prop *t, const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static const struct prop *find_prop(const struct vnuma__profile *p,
				    const char *name)
{
	const struct prop *r = in_table(base_props, name);

	if (!r && p->board == VNUMA__BOARD_MICROVM)
		r = in_table(microvm_props, name);
	else if (!r && p->board != VNUMA__BOARD_NONE &&
		 p->board != VNUMA__BOARD_VIRT)
		r = in_table(x86_props, name);
	if (!r && p->board == VNUMA__BOARD_VIRT)
		r = in_table(virt_props, name);
	if (!r && p->numa_supported)
		r = in_table(numa_props, name);
	if (!r && p->nvdimm_supported)
		r = in_table(nvdimm_props, name);
	return r;
}

int vnuma__machine_keep(struct vnuma__machine *m, const char *key,
			const char *value, vnuma_error **err)
{
	/* No capacity field in the shared struct: grow exactly by one. */
	size_t cap = m->n_other;
	struct vnuma__kv kv;

	if (vnuma__grow(&m->other, &cap, m->n_other + 1, sizeof(*m->other)))
		return vnuma__error_nomem(err);
	kv.key = vnuma__strdup(key);
	kv.value = vnuma__strdup(value);
	if (!kv.key || !kv.value) {
		free(kv.key);
		free(kv.value);
		return vnuma__error_nomem(err);
	}
	m->other[m->n_other++] = kv;
	return VNUMA_OK;
}

/* Mirrors qemu_strtosz: a hex integer followed by a unit letter. */
int vnuma__mdict_warn_hex(struct vnuma__warnings *w,
			  const struct vnuma__loc *loc, const char *s)
{
	const char *p = s;
	char *end;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return VNUMA_OK;
	strtoull(p, &end, 16);
	if (end == p + 1 || !*end || !strchr("bBkKmMgGtTpPeE", *end))
		return VNUMA_OK;
	return vnuma__warn(w, "machine.hex-suffix", loc,
			   "Using a multiplier suffix on hex numbers is "
			   "deprecated: %s",
			   s) ?
		       VNUMA_E_NOMEM :
		       VNUMA_OK;
}

/* A walk in progress: the machine, and where the current value came from. */
struct walk {
	struct vnuma__machine *m;
	struct vnuma__warnings *w;
	struct vnuma__loc loc;
	vnuma_error **err;
};

static void at(struct walk *c, const struct vnuma__opts *o,
	       const struct vnuma__opt *opt, const char *key)
{
	memset(&c->loc, 0, sizeof(c->loc));
	if (o)
		c->loc = vnuma__opts_loc(o, opt);
	c->loc.option = NULL; /* QEMU names no option for these */
	c->loc.key = key;
}

static int bad(struct walk *c, int status, const char *check, const char *fmt,
	       const char *name, const char *value)
{
	return vnuma__error_set(c->err, status, check, &c->loc, fmt, name,
				value);
}

static int parse_size(struct walk *c, const char *name, const char *s,
		      uint64_t *out)
{
	if (vnuma__mdict_warn_hex(c->w, &c->loc, s))
		return vnuma__error_nomem(c->err);
	if (vnuma__strtosz(s, 'B', out))
		return bad(c, VNUMA_E_SYNTAX, "machine.bad-size",
			   "Parameter '%s' expects size", name, NULL);
	return VNUMA_OK;
}

/* The keyval visitor's check of one scalar; *b receives bools. */
static int check_value(struct walk *c, const struct prop *pr, const char *name,
		       const char *s, bool *b, uint64_t *u)
{
	int64_t i;

	switch (pr->kind) {
	case P_BOOL:
		if (vnuma__parse_bool(s, b))
			return bad(c, VNUMA_E_SYNTAX, "machine.bad-bool",
				   "Parameter '%s' expects 'on' or 'off'",
				   name, NULL);
		break;
	case P_ONOFFAUTO:
		if (strcmp(s, "on") && strcmp(s, "off") && strcmp(s, "auto"))
			return bad(c, VNUMA_E_SYNTAX, "machine.bad-enum",
				   "Parameter '%s' does not accept value '%s'",
				   name, s);
		break;
	case P_SIZE:
		return parse_size(c, name, s, u);
	case P_INT:
	case P_UINT:
		if (pr->kind == P_INT ? vnuma__strtoi64(s, &i) :
					vnuma__strtou64(s, u))
			return bad(c, VNUMA_E_SYNTAX, "machine.bad-integer",
				   "Parameter '%s' expects integer", name,
				   NULL);
		break;
	default:
		break;
	}
	return VNUMA_OK;
}

/*
 * The properties vnuma reads, each with its setter and QEMU's checks;
 * b and u hold the value as check_value() read it (a bool, a size).
 * Every other property is kept as given, in m->other.
 */
struct setter {
	const char *name;
	int (*set)(struct walk *c, const struct vnuma__mkey *k, bool b,
		   uint64_t u);
};

static int set_hmat(struct walk *c, const struct vnuma__mkey *k, bool b,
		    uint64_t u)
{
	(void)k, (void)u;
	c->m->hmat = b;
	return VNUMA_OK;
}

static int set_nvdimm(struct walk *c, const struct vnuma__mkey *k, bool b,
		      uint64_t u)
{
	(void)k, (void)u;
	c->m->nvdimm = b;
	return VNUMA_OK;
}

/* on/off/auto as 1/0/-1 */
static int set_acpi(struct walk *c, const struct vnuma__mkey *k, bool b,
		    uint64_t u)
{
	(void)b, (void)u;
	c->m->acpi = !strcmp(k->value, "on")  ? 1 :
		     !strcmp(k->value, "off") ? 0 :
						-1;
	return VNUMA_OK;
}

static int set_max_ram_below_4g(struct walk *c, const struct vnuma__mkey *k,
				bool b, uint64_t u)
{
	(void)k, (void)b;
	if (u > 4 * GIB)
		return vnuma__error_set(c->err, VNUMA_E_RANGE,
					"machine.max-ram-below-4g", &c->loc,
					"Machine option 'max-ram-below-4g=%" PRIu64
					"' expects size less than or equal to 4G",
					u);
	if (u < MIB &&
	    vnuma__warn(c->w, "machine.max-ram-below-4g-small", &c->loc,
			"Only %" PRIu64 " bytes of RAM below the 4GiB "
			"boundary,BIOS may not work with less than 1MiB",
			u))
		return vnuma__error_nomem(c->err);
	c->m->has_max_ram_below_4g = true;
	c->m->max_ram_below_4g = u;
	return VNUMA_OK;
}

/* value is one of names (NULL-terminated) */
static bool one_of(const char *value, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(value, *names))
			return true;
	return false;
}

static int set_gic_version(struct walk *c, const struct vnuma__mkey *k, bool b,
			   uint64_t u)
{
	static const char *const ok[] = { "4", "3", "2", "host", "max", NULL };
	int rc;

	(void)b, (void)u;
	if (!one_of(k->value, ok)) {
		rc = vnuma__error_set(c->err, VNUMA_E_SYNTAX,
				      "machine.gic-version", &c->loc,
				      "Invalid gic-version value");
		vnuma__error_append_hint(c->err,
					 "Valid values are 3, 2, host, max.\n");
		return rc;
	}
	free(c->m->gic_version);
	c->m->gic_version = vnuma__strdup(k->value);
	return c->m->gic_version ? VNUMA_OK : vnuma__error_nomem(c->err);
}

/* The ACPI header's fields: 6 and 8 bytes; virt's message drops "x-". */
static int set_oem_id(struct walk *c, const struct vnuma__mkey *k, bool b,
		      uint64_t u)
{
	size_t max = strcmp(k->key, "x-oem-table-id") ? 6 : 8;
	bool virt = c->m->profile->board == VNUMA__BOARD_VIRT;

	(void)b, (void)u;
	if (strlen(k->value) > max)
		return vnuma__error_set(c->err, VNUMA_E_RANGE,
					"machine.oem-id-length", &c->loc,
					"User specified %s value is bigger than "
					"%zu bytes in size",
					virt ? k->key + 2 : k->key, max);
	return vnuma__machine_keep(c->m, k->key, k->value, c->err);
}

static int set_iommu(struct walk *c, const struct vnuma__mkey *k, bool b,
		     uint64_t u)
{
	static const char *const ok[] = { "none", "smmuv3", NULL };
	int rc;

	(void)b, (void)u;
	if (!one_of(k->value, ok)) {
		rc = vnuma__error_set(c->err, VNUMA_E_SYNTAX, "machine.iommu",
				      &c->loc, "Invalid iommu value");
		vnuma__error_append_hint(c->err,
					 "Valid values are none, smmuv3.\n");
		return rc;
	}
	return vnuma__machine_keep(c->m, k->key, k->value, c->err);
}

static int set_nvdimm_persistence(struct walk *c, const struct vnuma__mkey *k,
				  bool b, uint64_t u)
{
	static const char *const ok[] = { "cpu", "mem-ctrl", NULL };

	(void)b, (void)u;
	if (!one_of(k->value, ok))
		return bad(c, VNUMA_E_SYNTAX, "machine.nvdimm-persistence",
			   "-machine nvdimm-persistence=%s: unsupported option",
			   k->value, NULL);
	return vnuma__machine_keep(c->m, k->key, k->value, c->err);
}

/* Looked up only once find_prop() says this machine has the property. */
static const struct setter setters[] = {
	{ "acpi", set_acpi },
	{ "gic-version", set_gic_version },
	{ "hmat", set_hmat },
	{ "iommu", set_iommu },
	{ "max-ram-below-4g", set_max_ram_below_4g },
	{ "nvdimm", set_nvdimm },
	{ "nvdimm-persistence", set_nvdimm_persistence },
	{ "x-oem-id", set_oem_id },
	{ "x-oem-table-id", set_oem_id },
};

static int set_scalar(struct walk *c, const struct prop *pr,
		      const struct vnuma__mkey *k)
{
	bool b = false;
	uint64_t u = 0;
	int rc = check_value(c, pr, k->key, k->value, &b, &u);

	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(setters) / sizeof(setters[0]); i++)
		if (!strcmp(setters[i].name, k->key))
			return setters[i].set(c, k, b, u);
	return vnuma__machine_keep(c->m, k->key, k->value, c->err);
}

/*
 * A structure-typed property (boot, sgx-epc, cxl-fmw): the lists are
 * checked as QEMU's visitor reads them, then kept member by member.
 */
static int set_struct(struct walk *c, const struct vnuma__mkey *k)
{
	int rc = VNUMA_OK;

	if (!strcmp(k->key, "sgx-epc") || !strcmp(k->key, "cxl-fmw"))
		rc = vnuma__mprops_check_list(c->m, k, &c->loc, c->err);
	if (rc)
		return rc;
	for (size_t i = 0; i < k->n_sub; i++) {
		char *key = vnuma__sprintf("%s.%s", k->key, k->sub[i].key);

		if (!key)
			return vnuma__error_nomem(c->err);
		rc = vnuma__machine_keep(c->m, key, k->sub[i].value, c->err);
		free(key);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

/* One member of "memory"; *has tells whether it was given. */
static int mem_member(struct walk *c, const struct vnuma__mkey *k,
		      const char *member, bool *has, uint64_t *out)
{
	struct vnuma__msub *s = vnuma__mdict_sub((struct vnuma__mkey *)k,
						 member);
	char name[32];

	*has = s != NULL;
	if (!s)
		return VNUMA_OK;
	snprintf(name, sizeof(name), "memory.%s", member);
	at(c, s->opts, s->opt, name);
	if (member[1] == 'l') /* slots */
		return vnuma__strtou64(s->value, out) ?
			       bad(c, VNUMA_E_SYNTAX, "machine.bad-integer",
				   "Parameter '%s' expects integer", name,
				   NULL) :
			       VNUMA_OK;
	return parse_size(c, name, s->value, out);
}

/* Members of "memory" QEMU does not know, reported after the known ones. */
static int mem_unexpected(struct walk *c, const struct vnuma__mkey *k,
			  bool nested)
{
	static const char *const known[] = { "size", "max-size", "slots" };

	for (size_t i = 0; i < k->n_sub; i++) {
		const char *key = k->sub[i].key, *dot = strchr(key, '.');
		size_t len = dot ? (size_t)(dot - key) : strlen(key);
		bool is_known = false;

		for (size_t j = 0; j < 3; j++)
			is_known |= strlen(known[j]) == len &&
				    !memcmp(known[j], key, len);
		if (is_known != nested || (nested && !dot))
			continue;
		at(c, k->sub[i].opts, k->sub[i].opt, "memory");
		return vnuma__error_set(
			c->err, VNUMA_E_UNKNOWN, "machine.memory-unexpected",
			&c->loc,
			nested ? "Parameters 'memory.%.*s.*' are unexpected" :
				 "Parameter 'memory.%.*s' is unexpected",
			(int)len, key);
	}
	return VNUMA_OK;
}

/* machine_set_mem(): -m size, maxmem and slots, with QEMU's checks. */
static int set_memory(struct walk *c, const struct vnuma__mkey *k)
{
	struct vnuma__machine *m = c->m;
	bool has_size, has_max, has_slots;
	uint64_t size = 0, max = 0, slots = 0;
	int rc;

	/* A member given as a dictionary fails as it is visited. */
	if ((rc = mem_unexpected(c, k, true)) ||
	    (rc = mem_member(c, k, "size", &has_size, &size)) ||
	    (rc = mem_member(c, k, "max-size", &has_max, &max)) ||
	    (rc = mem_member(c, k, "slots", &has_slots, &slots)) ||
	    (rc = mem_unexpected(c, k, false)))
		return rc;
	if (!has_size)
		size = m->profile->default_ram_size;
	at(c, NULL, NULL, "memory");
	/* QEMU rounds up to 8 KiB and wraps to 0 near 2^64: refuse. */
	if (size > UINT64_MAX - (RAM_ALIGN - 1))
		return vnuma__error_set(c->err, VNUMA_E_RANGE,
					"machine.ram-size-overflow", &c->loc,
					"ram size too large");
	size = (size + RAM_ALIGN - 1) & ~(RAM_ALIGN - 1);
	if (has_max && max < size)
		return vnuma__error_set(
			c->err, VNUMA_E_CONFLICT, "machine.maxmem-below-size",
			&c->loc,
			"invalid value of maxmem: maximum memory size (0x%" PRIx64
			") must be at least the initial memory size (0x%" PRIx64
			")",
			max, size);
	if (has_max && has_slots && slots && max == size)
		return vnuma__error_set(
			c->err, VNUMA_E_CONFLICT, "machine.maxmem-equals-size",
			&c->loc,
			"invalid value of maxmem: memory slots were specified "
			"but maximum memory size (0x%" PRIx64 ") is equal to "
			"the initial memory size (0x%" PRIx64 ")",
			max, size);
	if (!has_max && has_slots)
		return vnuma__error_set(c->err, VNUMA_E_MISSING,
					"machine.slots-without-maxmem",
					&c->loc,
					"slots specified but no max-size");
	m->ram_size = size;
	m->maxram_size = has_max ? max : size;
	m->ram_slots = has_slots ? slots : 0;
	return VNUMA_OK;
}

/*
 * machine_set_smp(): -smp and -machine smp.KEY, merged, at "smp"'s turn;
 * a plain "smp=N" on -machine is not the structure QEMU expects.
 */
static int set_smp(struct walk *c, const struct vnuma__mkey *k,
		   const struct vnuma_config *cfg)
{
	if (k->value) {
		at(c, k->opts, k->opt, k->key);
		return bad(c, VNUMA_E_SYNTAX, "machine.bad-type",
			   "Invalid parameter type for '%s', expected: object",
			   k->key, NULL);
	}
	return vnuma__smp_parse_warn(&c->m->smp, c->m->profile, cfg, c->w,
				     c->err);
}

static int set_prop(struct walk *c, const struct vnuma__mkey *k)
{
	const struct prop *pr = find_prop(c->m->profile, k->key);

	at(c, k->opts, k->opt, k->key);
	if (!pr)
		return bad(c, VNUMA_E_UNKNOWN, "machine.unknown-property",
			   "Property '%s-machine.%s' not found",
			   c->m->profile->name, k->key);
	if (pr->kind == P_STRUCT && k->value)
		return bad(c, VNUMA_E_SYNTAX, "machine.bad-type",
			   "Invalid parameter type for '%s', expected: object",
			   k->key, NULL);
	if (pr->kind == P_STRUCT)
		return set_struct(c, k);
	if (!k->value)
		return bad(c, VNUMA_E_SYNTAX, "machine.bad-type",
			   "Parameters '%s.*' are unexpected", k->key, NULL);
	return set_scalar(c, pr, k);
}

int vnuma__machine_apply(struct vnuma__machine *m, struct vnuma__mdict *d,
			 const struct vnuma_config *cfg,
			 struct vnuma__warnings *w, vnuma_error **err)
{
	struct walk c = { .m = m, .w = w, .err = err };
	size_t *order = vnuma__mdict_order(d);
	bool smp_done = false;
	int rc = VNUMA_OK;

	if (!order)
		return vnuma__error_nomem(err);
	for (size_t i = 0; i < d->n && !rc; i++) {
		const struct vnuma__mkey *k = &d->v[order[i]];

		if (!strcmp(k->key, "memory")) {
			rc = set_memory(&c, k);
		} else if (!strcmp(k->key, "smp")) {
			rc = set_smp(&c, k, cfg);
			smp_done = true;
		} else {
			rc = set_prop(&c, k);
		}
	}
	free(order);
	/* Without any -smp QEMU never sets "smp": the defaults stand. */
	if (!rc && !smp_done)
		rc = vnuma__smp_parse_warn(&m->smp, m->profile, cfg, w, err);
	return rc;
}
