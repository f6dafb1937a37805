/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_MACHINE_TCG_FEATURES_H
#define VNUMA_MACHINE_TCG_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "../error_internal.h"

/* A CPUID (or MSR) feature bit TCG cannot give. */
struct vnuma__tcg_feature {
	const char *name;   /* QEMU's canonical name: "sha-ni" */
	unsigned char word; /* index into vnuma__tcg_words: QEMU's order */
	unsigned char bit;
};

/* An x86 -cpu model and the features of it TCG cannot give. */
struct vnuma__tcg_model {
	const char *name;
	const char *missing; /* names, space-separated, in QEMU's order */
};

/* tcg_features_table.c (scripts/gen-tcg-features.py writes it). */
extern const char *const vnuma__tcg_words[];
extern const struct vnuma__tcg_feature vnuma__tcg_features[];
extern const size_t vnuma__tcg_feature_count;
extern const struct vnuma__tcg_model vnuma__tcg_models[];
extern const size_t vnuma__tcg_model_count;

/*
 * The warnings QEMU 7.2 prints under TCG as it realizes one x86 CPU of
 * -cpu text (MODEL[,feature...]): one per feature of the model, or turned
 * on with +feat / feat=on, that TCG cannot give, in QEMU's order; none
 * with check=off. A model vnuma does not know gives none (the CPU stage
 * refuses it). Errors: VNUMA_E_NOMEM.
 */
int vnuma__tcg_feature_warnings(const char *text, struct vnuma__warnings *w);

#endif
