/* SPDX-License-Identifier: MIT */
/*
 * The accelerator, as QEMU 7.2's configure_accelerators() picks it after
 * the machine's properties are set: either -accel options (tried in
 * order) or the -machine accel= list ("kvm:tcg"; -enable-kvm is
 * accel=kvm), never both; without either, "tcg:kvm", so TCG. What it
 * changes for vnuma: whether APIC ids of 255 and more are possible.
 *
 * Every message was printed by qemu-system-x86_64 7.2 for the options in
 * tests/unit/test_accel.c. KVM is taken to start (vnuma plans for the
 * host QEMU will run on): QEMU's host-dependent KVM warnings (CPU counts
 * above the host's recommendation, CPUID features the host lacks) and
 * its fall back to TCG when /dev/kvm cannot be opened are not modelled.
 */
#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"
#include "machine.h"

enum akind { A_BOOL, A_INT64, A_UINT32, A_ENUM, A_THREAD, A_RO };

struct aprop {
	const char *name;
	enum akind kind;
	const char *const *values; /* A_ENUM */
};

static const char *const irqchip_values[] = { "on", "off", "split", NULL };
static const char *const vmexit_values[] = { "run", "internal-error",
					     "disable", NULL };

/* 7.2's qom-list-properties of tcg-accel and kvm-accel. */
static const struct aprop tcg_props[] = {
	{ "type", A_RO, NULL },
	{ "thread", A_THREAD, NULL },
	{ "tb-size", A_UINT32, NULL },
	{ "split-wx", A_BOOL, NULL },
	{ NULL, 0, NULL },
};
static const struct aprop kvm_props[] = {
	{ "type", A_RO, NULL },
	{ "kernel-irqchip", A_ENUM, irqchip_values },
	{ "notify-window", A_UINT32, NULL },
	{ "dirty-ring-size", A_UINT32, NULL },
	{ "notify-vmexit", A_ENUM, vmexit_values },
	{ "kvm-shadow-mem", A_INT64, NULL },
	{ NULL, 0, NULL },
};

bool vnuma__machine_has_acpi(const struct vnuma__machine *m)
{
	enum vnuma__board b = m->profile ? m->profile->board :
					   VNUMA__BOARD_NONE;

	return m->acpi != 0 &&
	       (b == VNUMA__BOARD_I440FX || b == VNUMA__BOARD_Q35 ||
		b == VNUMA__BOARD_MICROVM || b == VNUMA__BOARD_VIRT);
}

const char *vnuma__accel_name(enum vnuma__accel a)
{
	return a == VNUMA__ACCEL_KVM ? "kvm" : "tcg";
}

const char *vnuma__irqchip_name(enum vnuma__irqchip k)
{
	switch (k) {
	case VNUMA__IRQCHIP_ON:
		return "on";
	case VNUMA__IRQCHIP_OFF:
		return "off";
	case VNUMA__IRQCHIP_SPLIT:
		return "split";
	default:
		return NULL;
	}
}

static bool known_accel(const char *name, size_t len, enum vnuma__accel *a)
{
	if (len == 3 && !strncmp(name, "tcg", 3))
		*a = VNUMA__ACCEL_TCG;
	else if (len == 3 && !strncmp(name, "kvm", 3))
		*a = VNUMA__ACCEL_KVM;
	else
		return false;
	return true;
}

/* The last value -machine gave a key vnuma keeps as given, or NULL. */
static const char *machine_str(const struct vnuma__machine *m, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; i < m->n_other; i++)
		if (!strcmp(m->other[i].key, key))
			v = m->other[i].value;
	return v;
}

/* The string input visitor's check of one value (object_property_parse). */
static int check_prop(const struct aprop *p, const char *v, const char *cls,
		      const struct vnuma__loc *loc, vnuma_error **err)
{
	uint64_t u;
	int64_t i;
	bool b;

	switch (p->kind) {
	case A_RO:
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"accel.read-only", loc,
					"Property '%s.%s' is not writable",
					cls, p->name);
	case A_BOOL:
		if (!vnuma__parse_bool(v, &b))
			return VNUMA_OK;
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "accel.bad-value",
					loc,
					"Parameter '%s' expects 'on' or 'off'",
					p->name);
	case A_INT64:
		if (!vnuma__strtoi64(v, &i))
			return VNUMA_OK;
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "accel.bad-value",
					loc, "Parameter '%s' expects int64",
					p->name);
	case A_UINT32:
		if (vnuma__strtou64(v, &u))
			return vnuma__error_set(err, VNUMA_E_SYNTAX,
						"accel.bad-value", loc,
						"Parameter '%s' expects uint64",
						p->name);
		if (u > UINT32_MAX)
			return vnuma__error_set(err, VNUMA_E_RANGE,
						"accel.out-of-range", loc,
						"Parameter '%s' expects "
						"uint32_t",
						p->name);
		return VNUMA_OK;
	case A_THREAD:
		if (!strcmp(v, "single") || !strcmp(v, "multi"))
			return VNUMA_OK;
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "accel.bad-value",
					loc, "Invalid 'thread' setting %s", v);
	case A_ENUM:
		for (const char *const *e = p->values; *e; e++)
			if (!strcmp(*e, v))
				return VNUMA_OK;
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "accel.bad-value",
					loc,
					"Parameter '%s' does not accept value "
					"'%s'",
					p->name, v);
	}
	return VNUMA_OK;
}

static const struct aprop *find_aprop(enum vnuma__accel a, const char *name)
{
	const struct aprop *t = a == VNUMA__ACCEL_KVM ? kvm_props : tcg_props;

	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static enum vnuma__irqchip irqchip_of(const char *v)
{
	return !strcmp(v, "split") ? VNUMA__IRQCHIP_SPLIT :
	       !strcmp(v, "off")   ? VNUMA__IRQCHIP_OFF :
				     VNUMA__IRQCHIP_ON;
}

/*
 * Creating kvm-accel applies -machine kernel-irqchip= and kvm-shadow-mem=
 * as global properties first; a bad one stops QEMU there.
 */
static int apply_legacy(struct vnuma__machine *m, vnuma_error **err)
{
	static const char *const keys[] = { "kernel-irqchip",
					    "kvm-shadow-mem" };
	struct vnuma__loc loc = { 0 };

	for (size_t i = 0; i < 2; i++) {
		const char *v = machine_str(m, keys[i]);
		vnuma_error *e = NULL;
		int rc;

		if (!v)
			continue;
		rc = check_prop(find_aprop(VNUMA__ACCEL_KVM, keys[i]), v,
				"kvm-accel", &loc, &e);
		if (rc == VNUMA_E_NOMEM) {
			vnuma_error_free(e);
			return vnuma__error_nomem(err);
		}
		/* Both keys fail only to parse (an enum, an int64). */
		if (rc) {
			rc = vnuma__error_set(err, VNUMA_E_SYNTAX,
					      "accel.bad-global", &loc,
					      "can't apply global "
					      "kvm-accel.%s=%s: %s",
					      keys[i], v,
					      vnuma_error_message(e));
			vnuma_error_free(e);
			return rc;
		}
		if (i == 0)
			m->kernel_irqchip = irqchip_of(v);
	}
	return VNUMA_OK;
}

/* Sets one -accel option's properties on the accelerator a. */
static int set_props(struct vnuma__machine *m, enum vnuma__accel a,
		     const struct vnuma__opts *o, vnuma_error **err)
{
	const char *cls = a == VNUMA__ACCEL_KVM ? "kvm-accel" : "tcg-accel";

	for (size_t i = 0; i < o->n; i++) {
		const struct vnuma__opt *opt = &o->v[i];
		struct vnuma__loc loc = vnuma__opts_loc(o, NULL);
		const struct aprop *p;
		int rc;

		if (!strcmp(opt->key, "accel"))
			continue;
		p = find_aprop(a, opt->key);
		if (!p)
			return vnuma__error_set(err, VNUMA_E_UNKNOWN,
						"accel.unknown-property", &loc,
						"Property '%s.%s' not found",
						cls, opt->key);
		loc.key = opt->key;
		rc = check_prop(p, opt->value, cls, &loc, err);
		if (rc)
			return rc;
		if (!strcmp(opt->key, "kernel-irqchip"))
			m->kernel_irqchip = irqchip_of(opt->value);
	}
	return VNUMA_OK;
}

static int start(struct vnuma__machine *m, enum vnuma__accel a,
		 const struct vnuma__opts *o, vnuma_error **err)
{
	int rc = VNUMA_OK;

	m->accel = a;
	m->kernel_irqchip = a == VNUMA__ACCEL_KVM ? VNUMA__IRQCHIP_ON :
						    VNUMA__IRQCHIP_NONE;
	if (a == VNUMA__ACCEL_KVM)
		rc = apply_legacy(m, err);
	if (!rc && o)
		rc = set_props(m, a, o, err);
	return rc;
}

/*
 * QEMU 7.2 reports an accelerator it does not know and tries the next one
 * ("invalid accelerator x", then "falling back to tcg"), exit status 0:
 * an error printed on a line that starts anyway. vnuma refuses it.
 */
static int invalid(const struct vnuma__loc *loc, const char *name, size_t len,
		   vnuma_error **err)
{
	return vnuma__error_set(err, VNUMA_E_UNKNOWN, "accel.invalid", loc,
				"invalid accelerator %.*s", (int)len, name);
}

static int from_machine(struct vnuma__machine *m, const char *list,
			vnuma_error **err)
{
	struct vnuma__loc loc = { 0 };
	size_t len = strcspn(list, ":");
	enum vnuma__accel a;

	/* g_strsplit("") gives no names at all. */
	if (!*list)
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "accel.none",
					&loc, "no accelerator found");
	if (!known_accel(list, len, &a))
		return invalid(&loc, list, len, err);
	return start(m, a, NULL, err);
}

int vnuma__accel_configure(struct vnuma__machine *m,
			   const struct vnuma_config *cfg, vnuma_error **err)
{
	const char *list = machine_str(m, "accel");
	bool any = false;
	enum vnuma__accel a;

	for (size_t i = 0; i < cfg->n; i++)
		any |= cfg->e[i].kind == VNUMA__OPT_ACCEL;
	if (!any)
		return from_machine(m, list ? list : "tcg:kvm", err);
	if (list) {
		struct vnuma__loc loc = { 0 };

		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"accel.incompatible", &loc,
					"The -accel and \"-machine accel=\" "
					"options are incompatible");
	}
	for (size_t i = 0; i < cfg->n; i++) {
		const struct vnuma__opts *o = &cfg->e[i].opts;
		const struct vnuma__opt *name;
		struct vnuma__loc loc;

		if (cfg->e[i].kind != VNUMA__OPT_ACCEL)
			continue;
		name = vnuma__opts_last(o, "accel");
		loc = vnuma__opts_loc(o, NULL);
		if (!name) /* QEMU lists its accelerators and exits */
			return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
						"accel.help", &loc,
						"no accelerator named "
						"(-accel help lists them)");
		if (!known_accel(name->value, strlen(name->value), &a))
			return invalid(&loc, name->value, strlen(name->value),
				       err);
		return start(m, a, o, err);
	}
	return VNUMA_OK;
}

int vnuma__accel_check_cpus(const struct vnuma__machine *m, vnuma_error **err)
{
	const struct vnuma__profile *p = m->profile;
	uint64_t limit;

	if (!p || p->arch != VNUMA__ARCH_X86 || !m->cpus || !m->smp.max_cpus)
		return VNUMA_OK;
	limit = m->cpus[m->smp.max_cpus - 1].arch_id + 1;
	if (limit <= 255)
		return VNUMA_OK;
	if (m->accel == VNUMA__ACCEL_KVM &&
	    m->kernel_irqchip != VNUMA__IRQCHIP_OFF)
		return VNUMA_OK;
	return vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "board.x2apic", NULL,
				"current -smp configuration requires kernel "
				"irqchip and X2APIC API support.");
}
