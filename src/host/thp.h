/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_THP_H
#define VNUMA_HOST_THP_H

#include <stddef.h>
#include <stdint.h>

#include "../error_internal.h"

/*
 * After population: how many bytes of [addr, addr+size) are backed by
 * huge pages (THP may fall back to small pages silently). Read from
 * /proc/self/smaps (see thp.c). Errors: VNUMA_E_HOST, VNUMA_E_NOMEM.
 */
int vnuma__huge_bytes(const void *addr, size_t size, uint64_t *out,
		      vnuma_error **err);

#endif
