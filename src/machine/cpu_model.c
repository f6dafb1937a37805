/* SPDX-License-Identifier: MIT */
/*
 * What the -cpu model changes for the topology's warnings. Two things in
 * 7.2: under TCG each CPU, as it realizes, names the model's features TCG
 * cannot give (tcg_features.c); and an AMD model without the topoext
 * feature cannot describe SMT threads, which QEMU says once. vnuma takes
 * topoext to be missing, as under TCG; KVM hosts with it would not warn.
 */
#include "board_cpu.h"
#include "machine.h"
#include "tcg_features.h"

/* "This family of AMD CPU doesn't support hyperthreading": QEMU warns once. */
static int amd_smt(const struct vnuma__machine *m, struct vnuma__warnings *w)
{
	struct vnuma__x86cpu cpu;

	if (m->smp.threads < 2)
		return VNUMA_OK;
	/* A bad -cpu is the board's error to report, later. */
	if (vnuma__x86cpu_get(&cpu, m, NULL) || !cpu.amd)
		return VNUMA_OK;
	if (vnuma__warn(w, "machine.amd-smt", NULL,
			"This family of AMD CPU doesn't support "
			"hyperthreading(%u)",
			m->smp.threads))
		return VNUMA_E_NOMEM;
	vnuma__error_append_hint(
		&w->v[w->n - 1],
		"Please configure -smp options properly or try enabling "
		"topoext feature.\n");
	return VNUMA_OK;
}

int vnuma__cpu_model_warnings(const struct vnuma__machine *m,
			      struct vnuma__warnings *w)
{
	const char *text = m->cpu_model;
	bool tcg = m->accel == VNUMA__ACCEL_TCG;

	if (m->profile->arch != VNUMA__ARCH_X86)
		return VNUMA_OK;
	if (!text)
		text = m->profile->default_cpu_model ?
			       m->profile->default_cpu_model :
			       "qemu64";
	/*
	 * Each CPU present at start realizes in turn and says which of its
	 * features TCG lacks; the AMD warning comes once, with the first.
	 */
	for (uint32_t i = 0; i < m->smp.cpus; i++) {
		if (tcg && vnuma__tcg_feature_warnings(text, w))
			return VNUMA_E_NOMEM;
		if (i == 0 && amd_smt(m, w))
			return VNUMA_E_NOMEM;
	}
	return VNUMA_OK;
}
