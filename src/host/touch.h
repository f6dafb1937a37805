/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_TOUCH_H
#define VNUMA_HOST_TOUCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * The write-touch fallback of the preallocation engine, with SIGBUS turned
 * into an error. Between guard_begin() and guard_end() a SIGBUS handler is
 * installed for the process; any thread may then call touch_range().
 * guard_begin() returns 0 or an errno value; guard_end() restores the
 * previous SIGBUS action.
 */
int vnuma__touch_guard_begin(void);
void vnuma__touch_guard_end(void);

/*
 * Writes one byte in every step bytes of [lo, hi) without changing its
 * value. Returns 0, or EFAULT with *fault set to the faulting address when
 * the kernel raised SIGBUS (no huge page left, a hole on a full file
 * system). Only valid inside a guard.
 */
int vnuma__touch_range(char *lo, char *hi, size_t step, uintptr_t *fault);

#endif
