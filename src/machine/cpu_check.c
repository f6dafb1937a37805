/* SPDX-License-Identifier: MIT */
/*
 * -cpu MODEL[,features]: the checks QEMU 7.2 makes, at its two moments.
 * When the command line is turned into a CPU type (after the backends,
 * before -numa): an empty option, an unknown model, arm features not in
 * key=value form. When the machine creates its CPUs (after NUMA is
 * complete): properties the model lacks, given as key=value (applied as
 * global properties, "can't apply global ...") before +feat/-feat (set
 * on the CPU, "Property ... not found"); virt's list of CPUs it takes;
 * x86 "host" without KVM. Feature values and TCG's "doesn't support
 * requested feature" warnings are not modelled.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu_models.h"
#include "machine.h"

bool vnuma__name_in(const char *const *t, const char *s, size_t len)
{
	for (; *t; t++)
		if (strlen(*t) == len && !strncmp(*t, s, len))
			return true;
	return false;
}

static const char *model_text(const struct vnuma__machine *m)
{
	if (m->cpu_model)
		return m->cpu_model;
	if (m->profile->default_cpu_model)
		return m->profile->default_cpu_model;
	return m->profile->arch == VNUMA__ARCH_ARM ? "cortex-a15" : "qemu64";
}

static const struct vnuma__arm_model *virt_model(const char *s, size_t len)
{
	for (const struct vnuma__arm_model *a = vnuma__virt_models; a->name;
	     a++)
		if (strlen(a->name) == len && !strncmp(a->name, s, len))
			return a;
	return NULL;
}

int vnuma__cpu_model_check(const struct vnuma__machine *m, vnuma_error **err)
{
	const char *text = m->cpu_model, *p;
	const char *const *models;
	size_t len;

	if (!text || m->profile->arch == VNUMA__ARCH_NONE)
		return VNUMA_OK;
	len = strcspn(text, ",");
	if (!len)
		return vnuma__error_set(err, VNUMA_E_MISSING, "cpu.empty",
					NULL, "-cpu option cannot be empty");
	models = m->profile->arch == VNUMA__ARCH_X86 ? vnuma__x86_models :
						       vnuma__arm_models;
	/* x86's "host" is a model; this aarch64 build has none. */
	if (!vnuma__name_in(models, text, len))
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"cpu.unknown-model", NULL,
					"unable to find CPU model '%.*s'",
					(int)len, text);
	if (m->profile->arch != VNUMA__ARCH_ARM)
		return VNUMA_OK;
	for (p = text + len; *p == ',';) {
		size_t n = strcspn(++p, ",");

		if (n && !memchr(p, '=', n))
			return vnuma__error_set(err, VNUMA_E_SYNTAX,
						"cpu.feature-format", NULL,
						"Expected key=value format, "
						"found %.*s.",
						(int)n, p);
		p += n;
	}
	return VNUMA_OK;
}

/* x86's feat2prop(): "sse4_1" is the property "sse4-1". */
static char *prop_name(const char *s, size_t n)
{
	char *r = strndup(s, n);

	for (char *q = r; q && *q; q++)
		if (*q == '_')
			*q = '-';
	return r;
}

static bool has_prop(const struct vnuma__machine *m, const char *model,
		     size_t mlen, const char *name)
{
	size_t n = strlen(name);

	if (m->profile->arch == VNUMA__ARCH_X86)
		return vnuma__name_in(vnuma__x86_cpu_props, name, n) ||
		       ((vnuma__name_in((const char *const[]){ "max", "host",
							       NULL },
					model, mlen)) &&
			vnuma__name_in(vnuma__x86_cpu_props_max, name, n));
	if (vnuma__name_in(vnuma__arm_cpu_props, name, n))
		return true;
	{
		const struct vnuma__arm_model *a = virt_model(model, mlen);

		return a && vnuma__name_in(a->extra_props, name, n);
	}
}

/* One pass over the features: key=value ones, or +feat/-feat ones. */
static int features(const struct vnuma__machine *m, const char *text,
		    bool signed_pass, vnuma_error **err)
{
	const char *suffix = m->profile->arch == VNUMA__ARCH_X86 ?
				     "x86_64-cpu" :
				     "arm-cpu";
	size_t mlen = strcspn(text, ",");
	const char *p = text + mlen;
	int rc = VNUMA_OK;

	while (*p == ',' && !rc) {
		size_t n = strcspn(++p, ",");
		bool sign = n && (*p == '+' || *p == '-');
		size_t klen = sign ? n - 1 : strcspn(p, "=,");
		const char *key = sign ? p + 1 : p;
		char *name;

		if (!n || sign != signed_pass) {
			p += n;
			continue;
		}
		name = prop_name(key, klen);
		if (!name)
			return vnuma__error_nomem(err);
		if (has_prop(m, text, mlen, name)) {
			/* known */
		} else if (sign) {
			rc = vnuma__error_set(err, VNUMA_E_UNKNOWN,
					      "cpu.unknown-feature", NULL,
					      "Property '%.*s-%s.%s' not found",
					      (int)mlen, text, suffix, name);
		} else {
			const char *eq = memchr(p, '=', n);

			rc = vnuma__error_set(err, VNUMA_E_UNKNOWN,
					      "cpu.unknown-feature", NULL,
					      "can't apply global %.*s-%s.%s=%.*s: "
					      "Property '%.*s-%s.%s' not found",
					      (int)mlen, text, suffix, name,
					      eq ? (int)(n - (size_t)(eq + 1 -
								      p)) :
						   2,
					      eq ? eq + 1 : "on", (int)mlen,
					      text, suffix, name);
		}
		free(name);
		p += n;
	}
	return rc;
}

int vnuma__cpu_create_check(const struct vnuma__machine *m, vnuma_error **err)
{
	const char *text;
	size_t len;
	int rc;

	if (m->profile->arch == VNUMA__ARCH_NONE)
		return VNUMA_OK;
	text = model_text(m);
	len = strcspn(text, ",");
	if (m->profile->board == VNUMA__BOARD_VIRT && !virt_model(text, len))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"cpu.virt-unsupported", NULL,
					"mach-virt: CPU type %.*s-arm-cpu not "
					"supported",
					(int)len, text);
	rc = features(m, text, false, err);
	if (!rc && m->profile->arch == VNUMA__ARCH_X86)
		rc = features(m, text, true, err);
	if (!rc && m->profile->arch == VNUMA__ARCH_X86 && len == 4 &&
	    !strncmp(text, "host", 4) && m->accel != VNUMA__ACCEL_KVM)
		rc = vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
				      "cpu.host-needs-kvm", NULL,
				      "CPU model 'host' requires KVM or HVF");
	return rc;
}
