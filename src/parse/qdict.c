/* SPDX-License-Identifier: MIT */
#include "qdict.h"

#include <stdint.h>
#include <string.h>

/*
 * QEMU keeps the properties it is about to set in a QDict, a hash table of
 * 512 buckets walked from the first; within a bucket the key added last
 * comes first. With several bad properties, which one QEMU names depends
 * on this, so vnuma walks them the same way.
 */
static unsigned qdict_bucket(const char *key)
{
	uint32_t h = 0x238F13AFu * (uint32_t)strlen(key);

	for (size_t i = 0; key[i]; i++)
		h += (uint32_t)(unsigned char)key[i] << (i * 5 % 24);
	return (1103515243u * h + 12345u) % 512;
}

void vnuma__qdict_order(const char *const *keys, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++) {
		unsigned bi = qdict_bucket(keys[i]);
		size_t j = i;

		/* Insertion sort: bucket ascending, later key first. */
		while (j > 0 && qdict_bucket(keys[order[j - 1]]) >= bi) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}
