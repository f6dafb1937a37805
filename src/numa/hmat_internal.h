/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HMAT_INTERNAL_H
#define VNUMA_HMAT_INTERNAL_H

#include "numa_internal.h"

/* -numa hmat-lb and -numa hmat-cache. */
int vnuma__numa_hmat_lb(const struct vnuma__numa_ctx *c, vnuma_error **err);
int vnuma__numa_hmat_cache(const struct vnuma__numa_ctx *c, vnuma_error **err);
/*
 * What every hmat-* option checks once its fields are read: a machine
 * with NUMA, then -machine hmat=on.
 */
int vnuma__numa_hmat_enabled(const struct vnuma__numa_ctx *c,
			     vnuma_error **err);
/* A mandatory enumeration field: QEMU's "Parameter 'x' is missing". */
int vnuma__numa_need_enum(const struct vnuma__numa_ctx *c, const char *key,
			  const char *const *names, const char *type_name,
			  int *out, vnuma_error **err);
/* A mandatory size field. */
int vnuma__numa_need_size(const struct vnuma__numa_ctx *c, const char *key,
			  uint64_t *out, vnuma_error **err);

#endif
