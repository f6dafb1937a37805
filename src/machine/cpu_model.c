/* SPDX-License-Identifier: MIT */
/*
 * What the -cpu model changes for the topology. Only one thing in 7.2: an
 * AMD model without the topoext feature cannot describe SMT threads, and
 * QEMU warns (once) when CPUs realize. Under TCG, the accelerator these
 * differential runs use, topoext is never available, so every AMD model
 * warns; KVM hosts with topoext would not.
 */
#include <string.h>

#include "machine.h"

/* Models whose vendor is AuthenticAMD (Hygon's Dhyana is not "AMD"). */
static const char *const amd_models[] = {
	"qemu64", "athlon", "phenom", "Opteron_G1", "Opteron_G2",
	"Opteron_G3", "Opteron_G4", "Opteron_G5", "EPYC", "EPYC-IBPB",
	"EPYC-Rome", "EPYC-Milan",
	"max", /* TCG's "max" reports AMD */
	NULL
};

/* "EPYC-Rome-v2" is an EPYC-Rome; "qemu64,+x2apic" is a qemu64. */
static bool is_amd_model(const char *model, size_t len)
{
	for (size_t i = 0; amd_models[i]; i++) {
		size_t n = strlen(amd_models[i]);

		if (len < n || strncmp(model, amd_models[i], n))
			continue;
		if (len == n || (model[n] == '-' && model[n + 1] == 'v'))
			return true;
	}
	return false;
}

/* An explicit vendor= feature overrides the model's vendor. */
static int vendor_override(const char *spec)
{
	const char *v = strstr(spec, ",vendor=");

	if (!v)
		return -1;
	v += strlen(",vendor=");
	return !strncmp(v, "AuthenticAMD", 12) &&
	       (v[12] == '\0' || v[12] == ',');
}

int vnuma__cpu_model_warnings(const struct vnuma__machine *m,
			      struct vnuma__warnings *w)
{
	const char *spec = m->cpu_model ? m->cpu_model : "qemu64";
	size_t len = strcspn(spec, ",");
	int vendor = vendor_override(spec);
	bool amd = vendor >= 0 ? vendor == 1 : is_amd_model(spec, len);

	if (m->profile->arch != VNUMA__ARCH_X86 || !amd || m->smp.threads < 2)
		return VNUMA_OK;
	if (vnuma__warn(w, "machine.amd-smt", NULL,
			"This family of AMD CPU doesn't support "
			"hyperthreading(%u)", m->smp.threads))
		return VNUMA_E_NOMEM;
	vnuma__error_append_hint(&w->v[w->n - 1],
		"Please configure -smp options properly or try enabling "
		"topoext feature.\n");
	return VNUMA_OK;
}
