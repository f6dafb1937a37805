/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_MEMORY_THREAD_CTX_H
#define VNUMA_MEMORY_THREAD_CTX_H

#include "backend.h"

/*
 * The checks QEMU 7.2 makes while it reads -object thread-context: id,
 * cpu-affinity and node-affinity as uint16 lists, no other key.
 * Errors: VNUMA_E_MISSING, VNUMA_E_SYNTAX, VNUMA_E_RANGE, VNUMA_E_UNKNOWN.
 */
int vnuma__thread_ctx_parse(const struct vnuma__opts *o, vnuma_error **err);

/*
 * Creates every thread-context of cfg in order, as QEMU does before the
 * machine: the CPUs it pins to (node-affinity read from
 * /sys/devices/system/node/nodeN/cpulist), refused as QEMU refuses them
 * ("Mixing CPU and node affinity not supported", "The nodes select no
 * CPUs", "Setting CPU affinity failed: Invalid argument" when no CPU is
 * online). Appends to b->ctxs and sets b->ctxs_built.
 * Errors: VNUMA_E_CONFLICT, VNUMA_E_RANGE (what the host lacks),
 * VNUMA_E_NOMEM.
 */
int vnuma__thread_ctxs_build(struct vnuma__backends *b,
			     const struct vnuma_config *cfg,
			     vnuma_error **err);

/* By id (or /objects/ID), or NULL. */
const struct vnuma__thread_ctx *vnuma__thread_ctx_find(
	const struct vnuma__backends *b, const char *id);

void vnuma__thread_ctxs_fini(struct vnuma__backends *b);

#endif
