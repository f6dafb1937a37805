/* SPDX-License-Identifier: MIT */
/*
 * vnuma_help(): what vnuma models, for "-cpu help", "-machine help" and
 * "-accel help". One item per line, its architecture first, so that the
 * lists can be grepped and compared with QEMU's own.
 */
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "cpu_models.h"
#include "machine.h"
#include "vnuma/report.h"

static const char *arch_name(enum vnuma__arch a)
{
	return a == VNUMA__ARCH_X86 ? "x86_64" :
	       a == VNUMA__ARCH_ARM ? "aarch64" :
				      "any";
}

static void cpus(struct vnuma__buf *b)
{
	for (const char *const *m = vnuma__x86_models; *m; m++)
		vnuma__buf_printf(b, "x86_64 %s\n", *m);
	for (const struct vnuma__arm_model *a = vnuma__virt_models; a->name;
	     a++)
		vnuma__buf_printf(b, "aarch64 %s\n", a->name);
}

static void machines(struct vnuma__buf *b)
{
	size_t n;
	const struct vnuma__profile *p = vnuma__profiles(&n);

	for (size_t i = 0; i < n; i++) {
		vnuma__buf_printf(b, "%s %s", arch_name(p[i].arch), p[i].name);
		if (p[i].alias)
			vnuma__buf_printf(b, " (alias %s)", p[i].alias);
		if (p[i].deprecation_reason)
			vnuma__buf_puts(b, " (deprecated)");
		vnuma__buf_puts(b, "\n");
	}
}

int vnuma_help(char **out, const char *topic, vnuma_error **err)
{
	struct vnuma__buf b = { 0 };

	if (!out || !topic)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out and topic must not be NULL");
	*out = NULL;
	if (!strcmp(topic, "cpu"))
		cpus(&b);
	else if (!strcmp(topic, "machine"))
		machines(&b);
	else if (!strcmp(topic, "accel"))
		vnuma__buf_puts(&b, "any tcg\nany kvm\n");
	else
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.help-topic",
					NULL,
					"no help on '%s' (cpu, machine "
					"or accel)",
					topic);
	*out = vnuma__buf_take(&b);
	return *out ? VNUMA_OK : vnuma__error_nomem(err);
}
