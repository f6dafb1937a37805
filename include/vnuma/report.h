/* SPDX-License-Identifier: MIT */
/* the topology as text or JSON */
#ifndef VNUMA_REPORT_H
#define VNUMA_REPORT_H

#include "error.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the JSON document's layout (doc/json-schema.md). */
#define VNUMA_JSON_SCHEMA 2

/*
 * The text report: QEMU's "info numa" lines byte for byte, then the
 * distance matrix, the CPU table and the memory backends. *out is a
 * NUL-terminated string the caller frees with free().
 * Errors: VNUMA_E_INVAL, VNUMA_E_NOMEM.
 */
int vnuma_report_text(char **out, const vnuma_topology *t, vnuma_error **err);

/*
 * What vnuma models, one item per line, the architecture first:
 * topic "cpu" ("x86_64 Skylake-Server", "aarch64 cortex-a57": every
 * x86_64 model of QEMU 7.2, the aarch64 models arm virt accepts),
 * "machine" ("x86_64 pc-q35-7.2 (alias q35)", "(deprecated)" after old
 * types) or "accel" ("any tcg"). *out is freed by the caller with free().
 * Errors: VNUMA_E_INVAL (unknown topic), VNUMA_E_NOMEM.
 */
int vnuma_help(char **out, const char *topic, vnuma_error **err);

/* The JSON report (one object, fixed key order, newline-terminated). */
int vnuma_report_json(char **out, const vnuma_topology *t, vnuma_error **err);

/*
 * The JSON document for a rejected configuration:
 * {"schema":N,"error":{"message","option","key","check",...}}.
 */
int vnuma_report_json_error(char **out, const vnuma_error *e,
			    vnuma_error **err);

#ifdef __cplusplus
}
#endif
#endif
