/* SPDX-License-Identifier: MIT */
/*
 * The growable ABI of the structs the library fills (topology.h,
 * "VNUMA_INFO_INIT"): each getter builds a complete struct of its own
 * version and hands the caller as much of it as the caller's holds.
 */
#ifndef VNUMA_ABI_H
#define VNUMA_ABI_H

#include <stddef.h>
#include <string.h>

/*
 * The size of a struct's first version: up to the end of its last field
 * then. It stays fixed when fields are added after that one.
 */
#define VNUMA__SIZE_V1(type, last) \
	(offsetof(type, last) + sizeof(((type *)0)->last))

/*
 * Copies full (full_size bytes, a struct whose first member is
 * size_t struct_size) into out, at most out's struct_size bytes, and
 * keeps out's struct_size. Returns VNUMA_E_INVAL, writing nothing, when
 * out's struct_size is below min_size (the first version's size).
 */
int vnuma__abi_fill(void *out, const void *full, size_t full_size,
		    size_t min_size);

/*
 * Starts the library's complete copy: zeroed, padding included (no stack
 * bytes reach the caller), with its own size.
 */
#define VNUMA__INFO_START(full)                    \
	do {                                       \
		memset(&(full), 0, sizeof(full));  \
		(full).struct_size = sizeof(full); \
	} while (0)

/* vnuma__abi_fill for a struct of type type whose v1 ended at last. */
#define VNUMA__FILL(out, full, type, last)           \
	vnuma__abi_fill((out), (full), sizeof(type), \
			VNUMA__SIZE_V1(type, last))

#endif
