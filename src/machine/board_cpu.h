/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_BOARD_CPU_H
#define VNUMA_BOARD_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"

/*
 * What the memory map needs to know of the -cpu model under TCG, read
 * from its name and the features phys-bits=, vendor= and lm. Only these
 * features are read; the rest of -cpu is cpu_check.c's.
 */
struct vnuma__x86cpu {
	bool amd;	    /* vendor AuthenticAMD (QEMU's IS_AMD_CPU) */
	bool lm;	    /* long mode: 64-bit */
	uint32_t phys_bits; /* 40 (TCG) unless phys-bits= says; 32-bit
			     * CPUs: 36 with PSE36, else 32 */
};

/*
 * x86 (pc, q35: qemu64 by default; isapc: 486). Refuses phys-bits= as
 * QEMU's CPU realize does: out of 32..52, or on a 32-bit CPU.
 * Errors: VNUMA_E_RANGE.
 */
int vnuma__x86cpu_get(struct vnuma__x86cpu *out,
		      const struct vnuma__machine *m, vnuma_error **err);

/* arm virt: the CPU's physical address range (32 with highmem=off). */
uint32_t vnuma__arm_pa_bits(const struct vnuma__machine *m);
/* arm virt: whether the CPU has AArch64 (cortex-a15, the default: no). */
bool vnuma__arm_aarch64(const struct vnuma__machine *m);

#endif
