/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CPU_MODELS_H
#define VNUMA_CPU_MODELS_H

#include <stdbool.h>
#include <stddef.h>

/* NULL-terminated, sorted by strcmp() (cpu_models.c). */
extern const char *const vnuma__x86_models[];
extern const char *const vnuma__arm_models[];
extern const char *const vnuma__x86_cpu_props[];
extern const char *const vnuma__x86_cpu_props_max[];
extern const char *const vnuma__arm_cpu_props[];

/* An arm model virt accepts, and its properties beyond the common ones. */
struct vnuma__arm_model {
	const char *name;
	const char *const *extra_props;
};
extern const struct vnuma__arm_model vnuma__virt_models[];

/* Whether the first len bytes of s are a name in the list t. */
bool vnuma__name_in(const char *const *t, const char *s, size_t len);

#endif
