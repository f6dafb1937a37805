/* SPDX-License-Identifier: MIT */
/* What the text and JSON reports share: names QEMU derives, memdev list. */
#include "report_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"


const char *vnuma__report_arch(const struct vnuma__machine *m)
{
	if (!m->profile)
		return NULL;
	switch (m->profile->arch) {
	case VNUMA__ARCH_X86:
		return "x86_64";
	case VNUMA__ARCH_ARM:
		return "aarch64";
	default:
		return NULL;
	}
}

int vnuma__report_cpu_type(char **out, const struct vnuma__machine *m)
{
	const char *arch = vnuma__report_arch(m);
	const char *model, *suffix;
	size_t len;

	*out = NULL;
	if (!arch)
		return VNUMA_OK;
	/* QEMU names a CPU class MODEL-x86_64-cpu or MODEL-arm-cpu, and
	 * "-cpu MODEL,feature,..." picks the class by MODEL alone. */
	if (m->profile->arch == VNUMA__ARCH_X86) {
		model = "qemu64";
		suffix = "-x86_64-cpu";
	} else {
		model = "cortex-a15";
		suffix = "-arm-cpu";
	}
	if (m->profile->default_cpu_model)
		model = m->profile->default_cpu_model;
	if (m->cpu_model)
		model = m->cpu_model;
	len = strcspn(model, ",");
	*out = vnuma__sprintf("%.*s%s", (int)len, model, suffix);
	return *out ? VNUMA_OK : VNUMA_E_NOMEM;
}

uint64_t vnuma__report_plugged_total(const struct vnuma_topology *t)
{
	const struct vnuma__backends *bk = &t->backends;
	uint64_t sum = 0;

	/* query-memory-size-summary: every device's plugged size. */
	for (size_t i = 0; i < bk->n_dimms; i++)
		sum += vnuma__mdev_plugged(&bk->dimms[i]);
	return sum;
}

const char *vnuma__report_size(char *buf, size_t len, uint64_t v)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;

	while (v && u + 1 < sizeof(unit) / sizeof(unit[0]) && !(v & 1023)) {
		v >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", v, unit[u]);
	return buf;
}
