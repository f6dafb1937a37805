/* SPDX-License-Identifier: MIT */
/*
 * The few CPU model facts the memory map depends on, per QEMU 7.2 under
 * TCG (each value observed with the installed binaries: "Address space
 * limit ... phys-bits too low (N)" on x86, "Addressing limited to N bits"
 * on virt, with -m 1G,slots=2,maxmem=1P).
 */
#include "board_cpu.h"

#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"

#define TCG_PHYS_BITS 40
#define PHYS_BITS_MAX 52 /* TARGET_PHYS_ADDR_SPACE_BITS */

/* 32-bit x86 models; those with PSE36 address 36 bits. */
static const char *const x86_32[] = { "486",  "pentium", "qemu32", "coreduo",
				      "n270", "base",	 NULL };
static const char *const x86_pse36[] = { "pentium2", "pentium3", "kvm32",
					 "athlon", NULL };
/*
 * Models whose vendor is AuthenticAMD, versions ("EPYC-Rome-v2") included;
 * TCG's "max" is AMD too, Hygon's Dhyana is not.
 */
static const char *const x86_amd[] = {
	"qemu64",     "athlon",	    "phenom",	  "Opteron_G1", "Opteron_G2",
	"Opteron_G3", "Opteron_G4", "Opteron_G5", "EPYC",	"EPYC-IBPB",
	"EPYC-Rome",  "EPYC-Milan", "max",	  NULL
};

static bool is_amd(const char *s, size_t n)
{
	for (size_t i = 0; x86_amd[i]; i++) {
		size_t l = strlen(x86_amd[i]);

		if (n < l || strncmp(s, x86_amd[i], l))
			continue;
		if (n == l || (s[l] == '-' && s[l + 1] == 'v'))
			return true;
	}
	return false;
}

static bool in(const char *const *t, const char *s, size_t n)
{
	for (; *t; t++)
		if (strlen(*t) == n && !strncmp(s, *t, n))
			return true;
	return false;
}

/* The -cpu text as QEMU reads it: MODEL,feature,key=value,... */
struct feat {
	const char *model;
	size_t model_len;
	const char *phys_bits, *vendor; /* values, up to ',' */
	int lm;				/* -1 as the model says */
};

static void scan(struct feat *f, const char *text)
{
	const char *p = text;

	memset(f, 0, sizeof(*f));
	f->lm = -1;
	f->model = p;
	f->model_len = strcspn(p, ",");
	p += f->model_len;
	while (*p == ',') {
		const char *t = ++p;
		size_t n = strcspn(t, ",");

		p += n;
		if (n > 10 && !strncmp(t, "phys-bits=", 10))
			f->phys_bits = t + 10;
		else if (n > 7 && !strncmp(t, "vendor=", 7))
			f->vendor = t + 7;
		else if ((n == 3 && !strncmp(t, "-lm", 3)) ||
			 (n == 6 && !strncmp(t, "lm=off", 6)))
			f->lm = 0;
		else if ((n == 3 && !strncmp(t, "+lm", 3)) ||
			 (n == 2 && !strncmp(t, "lm", 2)) ||
			 (n == 5 && !strncmp(t, "lm=on", 5)))
			f->lm = 1;
	}
}

static bool value_is(const char *v, const char *s)
{
	size_t n = strlen(s);

	return !strncmp(v, s, n) && (v[n] == ',' || !v[n]);
}

int vnuma__x86cpu_get(struct vnuma__x86cpu *out,
		      const struct vnuma__machine *m, vnuma_error **err)
{
	const char *text = m->cpu_model;
	uint64_t bits = 0;
	struct feat f;
	bool pse36;

	if (!text)
		text = m->profile->default_cpu_model ?
			       m->profile->default_cpu_model :
			       "qemu64";
	scan(&f, text);
	pse36 = in(x86_pse36, f.model, f.model_len);
	out->lm = !pse36 && !in(x86_32, f.model, f.model_len);
	if (f.lm >= 0)
		out->lm = f.lm;
	out->amd = is_amd(f.model, f.model_len);
	if (f.vendor)
		out->amd = value_is(f.vendor, "AuthenticAMD");
	if (f.phys_bits) {
		char *v = strndup(f.phys_bits, strcspn(f.phys_bits, ","));

		if (!v)
			return vnuma__error_nomem(err);
		/* An unreadable value is the CPU check's to refuse. */
		if (vnuma__strtou64(v, &bits) || bits > UINT32_MAX)
			bits = 0;
		free(v);
	}
	if (!out->lm) {
		out->phys_bits = pse36 ? 36 : 32;
		if (bits)
			return vnuma__error_set(err, VNUMA_E_RANGE,
						"board.phys-bits-32", NULL,
						"phys-bits is not "
						"user-configurable in 32 bit");
		return VNUMA_OK;
	}
	if (bits && (bits < 32 || bits > PHYS_BITS_MAX))
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"board.phys-bits-range", NULL,
					"phys-bits should be between 32 and %u "
					" (but is %u)",
					PHYS_BITS_MAX, (unsigned)bits);
	out->phys_bits = bits ? (uint32_t)bits : TCG_PHYS_BITS;
	return VNUMA_OK;
}

static size_t arm_model(const struct vnuma__machine *m, const char **name)
{
	*name = m->cpu_model ? m->cpu_model : "cortex-a15";
	return strcspn(*name, ",");
}

uint32_t vnuma__arm_pa_bits(const struct vnuma__machine *m)
{
	static const char *const pa44[] = { "cortex-a57", "cortex-a72", NULL };
	static const char *const pa48[] = { "neoverse-n1", NULL };
	static const char *const pa52[] = { "max", NULL };
	const char *s;
	size_t n = arm_model(m, &s);

	if (!vnuma__machine_bool(m, "highmem", true))
		return 32;
	if (in(pa52, s, n))
		return 52;
	if (in(pa48, s, n))
		return 48;
	return in(pa44, s, n) ? 44 : 40;
}

bool vnuma__arm_aarch64(const struct vnuma__machine *m)
{
	static const char *const arm32[] = { "cortex-a7", "cortex-a15", NULL };
	const char *s;
	size_t n = arm_model(m, &s);

	return !in(arm32, s, n);
}

bool vnuma__machine_bool(const struct vnuma__machine *m, const char *key,
			 bool def)
{
	bool v = def, b;

	for (size_t i = 0; m && i < m->n_other; i++)
		if (!strcmp(m->other[i].key, key) &&
		    !vnuma__parse_bool(m->other[i].value, &b))
			v = b;
	return v;
}
