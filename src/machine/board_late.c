/* SPDX-License-Identifier: MIT */
/*
 * Machine facts QEMU 7.2 acts on once the board exists: the SGX EPC
 * sections of pc/q35 (their memdev must be an EPC backend, which Debian's
 * build cannot create), and virt's RAS, whose ACPI tables need the GED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_cpu.h"
#include "machine.h"

int vnuma__sgx_check(const struct vnuma__machine *m,
		     bool (*exists)(void *ctx, const char *id), void *ctx,
		     vnuma_error **err)
{
	for (size_t i = 0; i < m->n_other; i++) {
		const char *key = m->other[i].key, *id = m->other[i].value;
		char *end;

		if (strncmp(key, "sgx-epc.", 8))
			continue;
		strtoul(key + 8, &end, 10);
		if (strcmp(end, ".memdev"))
			continue;
		if (!exists(ctx, id))
			return vnuma__error_set(err, VNUMA_E_UNKNOWN,
						"machine.sgx-memdev", NULL,
						"Device '%s' not found", id);
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"machine.sgx-memdev-type", NULL,
					"Invalid parameter type for 'memdev', "
					"expected: memory-backend-epc");
	}
	return VNUMA_OK;
}

bool vnuma__virt_has_ged(const struct vnuma__machine *m)
{
	const struct vnuma__profile *p = m->profile;

	return p->board == VNUMA__BOARD_VIRT && m->acpi != 0 &&
	       m->firmware_loaded && vnuma__arm_aarch64(m) &&
	       (p->ver_major > 4 || (p->ver_major == 4 && p->ver_minor >= 2));
}

int vnuma__virt_ras_check(const struct vnuma__machine *m, vnuma_error **err)
{
	if (m->profile->board != VNUMA__BOARD_VIRT || m->acpi == 0 ||
	    !vnuma__machine_bool(m, "ras", false) || vnuma__virt_has_ged(m))
		return VNUMA_OK;
	/* QEMU 7.2 fails an assertion building the tables (SIGABRT). */
	return vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "machine.ras-ged",
				NULL,
				"ras=on needs the ACPI GED device, which virt "
				"makes only with firmware (-bios, -pflash), a "
				"64-bit CPU and ACPI on (QEMU 7.2 aborts)");
}
