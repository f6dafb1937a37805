/* SPDX-License-Identifier: MIT */
#include "text_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Big enough that 16,000 short options need a few dozen blocks. */
#define BLOCK_SIZE (64 * 1024)

struct vnuma__arena_block {
	struct vnuma__arena_block *next; /* blocks filled before this one */
	size_t used, cap;
	char data[];
};

char *vnuma__arena_strndup(struct vnuma__arena *a, const char *s, size_t n)
{
	struct vnuma__arena_block *b = a->head;
	char *d;

	if (n >= SIZE_MAX - sizeof(*b) - BLOCK_SIZE)
		return NULL;
	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > BLOCK_SIZE ? n + 1 : BLOCK_SIZE;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		/*
		 * A string too long for a fresh block gets a block of its
		 * own behind the current one, which keeps its free room.
		 */
		if (a->head && cap > BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	d = b->data + b->used;
	memcpy(d, s, n);
	d[n] = '\0';
	b->used += n + 1;
	return d;
}

void vnuma__arena_fini(struct vnuma__arena *a)
{
	struct vnuma__arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
