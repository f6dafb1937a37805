/* SPDX-License-Identifier: MIT */
/* a configuration: QEMU options, checked for syntax as QEMU reads them */
#ifndef VNUMA_CONFIG_H
#define VNUMA_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A configuration: the QEMU options as given, syntax-checked, in order.
 * Meaning is given to them by vnuma_topology_new().
 */
typedef struct vnuma_config vnuma_config;

/*
 * How RAM is split between nodes that declare no memory. QEMU 7.2 does not
 * split (it rejects the configuration); older QEMU had two algorithms.
 */
enum vnuma_split_ram {
	VNUMA_SPLIT_RAM_NONE = 0,    /* QEMU 7.2: no split */
	VNUMA_SPLIT_RAM_LEGACY = 1,  /* all but the last node aligned */
	VNUMA_SPLIT_RAM_DEFAULT = 2, /* rounding remainder carried forward */
};

#define VNUMA_CONFIG_OPTIONS_VERSION 1
typedef struct vnuma_config_options {
	unsigned int version; /* VNUMA_CONFIG_OPTIONS_VERSION */
	uint32_t max_nodes;   /* node limit; QEMU's is 128 */
	int split_ram;	      /* enum vnuma_split_ram */
} vnuma_config_options;
#define VNUMA_CONFIG_OPTIONS_INIT                    \
	{                                            \
		VNUMA_CONFIG_OPTIONS_VERSION, 128, 0 \
	}

/* The largest node limit a caller may ask for. */
#define VNUMA_MAX_NODES_LIMIT 4096

/*
 * Creates an empty configuration. opts may be NULL for QEMU's defaults.
 * Errors: VNUMA_E_INVAL (out NULL, unknown version, max_nodes 0 or above
 * VNUMA_MAX_NODES_LIMIT, bad split_ram), VNUMA_E_NOMEM.
 */
int vnuma_config_new(vnuma_config **out, const vnuma_config_options *opts,
		     vnuma_error **err);
/* Frees a configuration; NULL is a no-op. */
void vnuma_config_free(vnuma_config *cfg);

/*
 * Adds one QEMU option with its argument: option is "-numa", "--numa" or
 * "numa"; arg is NULL for options that take none (-mem-prealloc). An
 * -object or -device argument starting with '{' is QEMU 7.2's JSON form.
 * What QEMU checks while it reads the command line is checked here, in
 * option order: the argument's syntax (JSON included), the members of an
 * -object memory-backend-*, and the id of a key=value -device (unique
 * among them); when the option fails, the -m options added before it are
 * checked first, as QEMU read them first (their deprecation warnings are
 * then kept on cfg).
 * Errors: VNUMA_E_INVAL (also an argument for an option that takes none,
 * check "api.unexpected-argument"), VNUMA_E_UNKNOWN (not an option vnuma
 * knows, an unknown member), VNUMA_E_SYNTAX (malformed argument or value),
 * VNUMA_E_MISSING (argument or member required), VNUMA_E_RANGE,
 * VNUMA_E_DUPLICATE, VNUMA_E_UNSUPPORTED (a help request), VNUMA_E_NOMEM.
 */
int vnuma_config_add(vnuma_config *cfg, const char *option, const char *arg,
		     vnuma_error **err);

/* Skip (with a warning) QEMU options vnuma does not handle. */
#define VNUMA_ARGV_IGNORE_UNKNOWN 0x1u
/* argv[0] is a program name (e.g. "qemu-system-x86_64") and is skipped. */
#define VNUMA_ARGV_PROGRAM 0x2u

/*
 * Adds every option of a QEMU command line. Unknown options are an error
 * naming them unless VNUMA_ARGV_IGNORE_UNKNOWN is given; QEMU's table of
 * which options take an argument is used to skip them correctly.
 * Errors: as vnuma_config_add(), and VNUMA_E_UNSUPPORTED for an option
 * QEMU has for neither x86_64 nor aarch64 ("-g").
 */
int vnuma_config_add_argv(vnuma_config *cfg, int argc, const char *const *argv,
			  unsigned int flags, vnuma_error **err);

/*
 * Warnings collected while adding options (e.g. skipped options). When
 * vnuma_config_add_argv fails, its error carries copies of them too. A
 * warning belongs to cfg (do not free it) and lives until
 * vnuma_config_free(cfg); NULL for a bad i.
 */
size_t vnuma_config_warning_count(const vnuma_config *cfg);
const vnuma_error *vnuma_config_warning(const vnuma_config *cfg, size_t i);

#ifdef __cplusplus
}
#endif
#endif
