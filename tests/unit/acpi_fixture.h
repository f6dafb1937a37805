/* SPDX-License-Identifier: MIT */
/*
 * Test helper for the ACPI table tests: runs options through the
 * library, writes a table into a buffer of exactly the size asked for,
 * and reads fixtures (tables a Linux guest of QEMU 7.2 read, see
 * tests/fixtures/README.md).
 */
#ifndef VNUMA_TEST_ACPI_FIXTURE_H
#define VNUMA_TEST_ACPI_FIXTURE_H

#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>

struct table {
	struct run r;
	vnuma_layout *l;
	unsigned char *p;
	size_t n;
	int rc;
	vnuma_error *e;
};

enum which { SRAT, SLIT, HMAT };

static inline int write_table(enum which w, void *buf, size_t cap,
			      size_t *len, const vnuma_topology *t,
			      const vnuma_layout *l, const vnuma_acpi_ids *ids,
			      vnuma_error **e)
{
	if (w == SRAT)
		return vnuma_acpi_srat(buf, cap, len, t, l, ids, e);
	if (w == SLIT)
		return vnuma_acpi_slit(buf, cap, len, t, ids, e);
	return vnuma_acpi_hmat(buf, cap, len, t, l, ids, e);
}

static inline uint64_t le(const unsigned char *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static inline unsigned byte_sum(const unsigned char *p, size_t n)
{
	unsigned s = 0;

	while (n--)
		s += p[n];
	return s & 0xff;
}

/* Measures, then writes; asserts the size query and a sound header. */
static inline void build_table(struct table *tb, enum which w,
			       const vnuma_acpi_ids *ids)
{
	static const char *const sig[] = { "SRAT", "SLIT", "HMAT" };
	size_t need = 0;

	assert_ok(tb->r);
	assert_int_equal(vnuma_layout_new(&tb->l, tb->r.t, NULL), 0);
	tb->rc = write_table(w, NULL, 0, &need, tb->r.t, tb->l, ids, &tb->e);
	if (tb->rc != VNUMA_OK)
		return;
	/* The size query makes no error. */
	assert_null(tb->e);
	tb->p = malloc(need);
	assert_non_null(tb->p);
	tb->rc = write_table(w, tb->p, need, &tb->n, tb->r.t, tb->l, ids,
			     &tb->e);
	assert_int_equal(tb->rc, 0);
	assert_int_equal(tb->n, need);
	assert_memory_equal(tb->p, sig[w], 4);
	assert_int_equal(le(tb->p + 4, 4), tb->n);
	assert_int_equal(byte_sum(tb->p, tb->n), 0);
}

#define TABLE(tb, w, ...)                                                 \
	do {                                                              \
		memset((tb), 0, sizeof(*(tb)));                           \
		(tb)->r = RUN(__VA_ARGS__);                               \
		build_table((tb), (w), NULL);                             \
	} while (0)

static inline void table_free(struct table *tb)
{
	free(tb->p);
	vnuma_layout_free(tb->l);
	vnuma_error_free(tb->e);
	run_free(&tb->r);
	memset(tb, 0, sizeof(*tb));
}

struct blob {
	unsigned char *p;
	size_t n;
};

static inline struct blob slurp(const char *dir, const char *file)
{
	char path[512];
	struct blob b = { 0 };
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s/%s", VNUMA_FIXTURES, dir, file);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	b.p = malloc((size_t)n + 1);
	assert_non_null(b.p);
	b.n = fread(b.p, 1, (size_t)n, f);
	assert_int_equal(b.n, (size_t)n);
	b.p[b.n] = 0;
	fclose(f);
	return b;
}

/* The fixture's args file through the library. */
static inline struct run run_fixture(const char *dir)
{
	struct blob a = slurp(dir, "args");
	const char *argv[512];
	size_t n = 0;
	struct run r;

	for (char *t = strtok((char *)a.p, " \n"); t; t = strtok(NULL, " \n")) {
		assert_true(n < 511);
		argv[n++] = t;
	}
	argv[n] = NULL;
	r = run_opts(0, argv);
	free(a.p);
	return r;
}

#endif
