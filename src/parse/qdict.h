/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_PARSE_QDICT_H
#define VNUMA_PARSE_QDICT_H

#include <stddef.h>

/*
 * The order in which QEMU walks a QDict of keys, as it does to set an
 * object's or a device's properties. Fills order with the indexes of
 * keys[0..n) (distinct keys, in the order they were added) in that order.
 */
void vnuma__qdict_order(const char *const *keys, size_t n, size_t *order);

#endif
