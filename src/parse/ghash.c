/* SPDX-License-Identifier: MIT */
/*
 * Where GLib 2.74 (Debian 12, which QEMU 7.2 runs on) keeps string keys
 * in a GHashTable: open addressing, g_str_hash, slot (hash * 11) % a prime
 * and quadratic probing, tombstones, and the in-place rehash it does when
 * the table grows or shrinks. QEMU's input visitors keep the members not
 * yet visited in such a table and call the first one left, in slot order,
 * unexpected; vnuma finds the same one.
 */
#include "ghash.h"

#include <stdlib.h>
#include <string.h>

#define MIN_SHIFT 3
#define UNUSED 0u
#define TOMBSTONE 1u
#define REAL(h) ((h) >= 2u)

/* GLib's prime_mod[], by shift. */
static const uint32_t prime_mod[] = {
	1,	    2,		3,	  7,	     13,	31,
	61,	    127,	251,	  509,	     1021,	2039,
	4093,	    8191,	16381,	  32749,     65521,	131071,
	262139,	    524287,	1048573,  2097143,   4194301,	8388593,
	16777213,   33554393,	67108859, 134217689, 268435399, 536870909,
	1073741789, 2147483647,
};

struct table {
	uint32_t *hash; /* per slot: UNUSED, TOMBSTONE or the key's hash */
	size_t *key;	/* per slot: index of the key */
	uint32_t size, mod, mask;
	size_t nnodes, noccupied;
	const char *const *keys;
};

static uint32_t str_hash(const char *s)
{
	uint32_t h = 5381;

	/* GLib adds the bytes as signed char */
	for (; *s; s++)
		h = (h << 5) + h + (uint32_t)(int32_t)(signed char)*s;
	return REAL(h) ? h : 2u;
}

static uint32_t to_index(const struct table *t, uint32_t hash)
{
	return (uint32_t)((hash * 11u) % t->mod);
}

static void set_shift(struct table *t, unsigned shift)
{
	t->size = 1u << shift;
	t->mod = prime_mod[shift];
	t->mask = t->size - 1;
}

static void set_shift_from_size(struct table *t, size_t n)
{
	unsigned shift = 0;

	for (; n; n >>= 1)
		shift++;
	set_shift(t, shift < MIN_SHIFT ? MIN_SHIFT : shift);
}

/* The slot of key k, or where it would go (the first tombstone seen). */
static uint32_t lookup(const struct table *t, size_t k, uint32_t hash)
{
	uint32_t i = to_index(t, hash), step = 0, tomb = 0;
	bool have_tomb = false;

	while (t->hash[i] != UNUSED) {
		if (t->hash[i] == hash &&
		    !strcmp(t->keys[t->key[i]], t->keys[k]))
			return i;
		if (t->hash[i] == TOMBSTONE && !have_tomb) {
			tomb = i;
			have_tomb = true;
		}
		step++;
		i = (i + step) & t->mask;
	}
	return have_tomb ? tomb : i;
}

static bool bit(const uint8_t *b, uint32_t i)
{
	return b[i / 8] & (1u << (i % 8));
}

/*
 * GLib's resize_map(): each entry moves to its slot in the new size, an
 * entry found there being evicted and moved on in turn.
 */
static int resize(struct table *t)
{
	uint32_t old = t->size, n;
	uint8_t *moved;

	set_shift_from_size(t, (size_t)((double)t->nnodes * 1.333));
	n = t->size > old ? t->size : old;
	if (t->size > old) {
		uint32_t *h = realloc(t->hash, t->size * sizeof(*h));
		size_t *k;

		if (!h)
			return -1;
		t->hash = h;
		k = realloc(t->key, t->size * sizeof(*k));
		if (!k)
			return -1;
		t->key = k;
		memset(t->hash + old, 0, (t->size - old) * sizeof(*h));
	}
	moved = calloc((n + 7) / 8, 1);
	if (!moved)
		return -1;
	for (uint32_t i = 0; i < old; i++) {
		uint32_t hash = t->hash[i];
		size_t key;

		if (!REAL(hash)) {
			t->hash[i] = UNUSED;
			continue;
		}
		if (bit(moved, i))
			continue;
		t->hash[i] = UNUSED;
		key = t->key[i];
		for (;;) {
			uint32_t j = to_index(t, hash), step = 0, prev;
			size_t prev_key;

			while (bit(moved, j)) {
				step++;
				j = (j + step) & t->mask;
			}
			moved[j / 8] |= (uint8_t)(1u << (j % 8));
			prev = t->hash[j];
			prev_key = t->key[j];
			t->hash[j] = hash;
			t->key[j] = key;
			if (!REAL(prev))
				break;
			hash = prev;
			key = prev_key;
		}
	}
	free(moved);
	t->noccupied = t->nnodes;
	return 0;
}

static int maybe_resize(struct table *t)
{
	size_t size = t->size;

	if ((size > t->nnodes * 4 && size > 1u << MIN_SHIFT) ||
	    size <= t->noccupied + t->noccupied / 16)
		return resize(t);
	return 0;
}

static int insert(struct table *t, size_t k)
{
	uint32_t hash = str_hash(t->keys[k]), i = lookup(t, k, hash);
	uint32_t was = t->hash[i];

	if (REAL(was))
		return 0; /* already there */
	t->hash[i] = hash;
	t->key[i] = k;
	t->nnodes++;
	if (was == UNUSED) {
		t->noccupied++;
		return maybe_resize(t);
	}
	return 0;
}

static int remove_key(struct table *t, size_t k)
{
	uint32_t i = lookup(t, k, str_hash(t->keys[k]));

	if (!REAL(t->hash[i]))
		return 0;
	t->hash[i] = TOMBSTONE;
	t->nnodes--;
	return maybe_resize(t);
}

int vnuma__ghash_first_left(size_t *out, const char *const *keys, size_t n,
			    const size_t *removed, size_t n_removed)
{
	struct table t = { .keys = keys };
	int rc = 0;

	*out = n;
	set_shift(&t, MIN_SHIFT);
	t.hash = calloc(t.size, sizeof(*t.hash));
	t.key = calloc(t.size, sizeof(*t.key));
	if (!t.hash || !t.key)
		rc = -1;
	for (size_t i = 0; !rc && i < n; i++)
		rc = insert(&t, i);
	for (size_t i = 0; !rc && i < n_removed; i++)
		rc = remove_key(&t, removed[i]);
	for (uint32_t i = 0; !rc && i < t.size; i++) {
		if (REAL(t.hash[i])) {
			*out = t.key[i];
			break;
		}
	}
	free(t.hash);
	free(t.key);
	return rc;
}
