/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_TEXT_ARENA_H
#define VNUMA_TEXT_ARENA_H

#include <stddef.h>

/*
 * Strings that live as long as their owner and are freed all at once. A
 * configuration can hold tens of thousands of option texts; one malloc
 * each would cost more than reading them.
 */
struct vnuma__arena_block;

struct vnuma__arena {
	struct vnuma__arena_block *head; /* the block being filled */
};

/* A NUL-terminated copy of s[0..n) that stays put; NULL on OOM. */
char *vnuma__arena_strndup(struct vnuma__arena *a, const char *s, size_t n);
void vnuma__arena_fini(struct vnuma__arena *a);

#endif
