/* SPDX-License-Identifier: MIT */
/*
 * What the -cpu model changes for the topology's warnings. One thing in
 * 7.2: an AMD model without the topoext feature cannot describe SMT
 * threads, and QEMU warns (once) when the CPUs realize. Under TCG, the
 * accelerator vnuma reproduces, topoext is never available, so every AMD
 * model warns; KVM hosts with topoext would not.
 */
#include "board_cpu.h"
#include "machine.h"

int vnuma__cpu_model_warnings(const struct vnuma__machine *m,
			      struct vnuma__warnings *w)
{
	struct vnuma__x86cpu cpu;

	if (m->profile->arch != VNUMA__ARCH_X86 || m->smp.threads < 2)
		return VNUMA_OK;
	/* A bad -cpu is the board's error to report, later. */
	if (vnuma__x86cpu_get(&cpu, m, NULL) || !cpu.amd)
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
