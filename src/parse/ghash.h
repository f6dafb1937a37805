/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_PARSE_GHASH_H
#define VNUMA_PARSE_GHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * QEMU's input visitors put an option's keys in a GLib hash table, remove
 * each as they visit it, and name the first key left in the table's slot
 * order as unknown. keys[0..n) in insertion order (a repeated key is
 * inserted once), removed[] the indexes of the keys removed, in order.
 * Sets *out to the index of the first key left, or n if none is.
 * Returns 0, or -1 when out of memory.
 */
int vnuma__ghash_first_left(size_t *out, const char *const *keys, size_t n,
			    const size_t *removed, size_t n_removed);

#endif
