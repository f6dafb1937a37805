/* SPDX-License-Identifier: MIT */
/*
 * vnuma's memory layout against the SRAT QEMU 7.2 wrote for the same
 * options. tests/fixtures/srat-NAME/SRAT.bin is the table a Linux guest
 * booted with tests/fixtures/srat-NAME/args read from
 * /sys/firmware/acpi/tables/SRAT (see tests/fixtures/README.md): its
 * enabled memory affinity structures must be vnuma's boot RAM ranges, in
 * address order, holes left out, and its hotpluggable one the device
 * memory region, on the last node.
 */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>

/* ACPI 6.x 5.2.16.2: Memory Affinity Structure. */
#define SRAT_HEADER 48
#define MEM_AFFINITY 1
#define MEM_AFFINITY_LEN 40
#define MEM_ENABLED 0x1u
#define MEM_HOTPLUGGABLE 0x2u

struct blob {
	unsigned char *p;
	size_t n;
};

static struct blob slurp(const char *dir, const char *file)
{
	char path[512];
	struct blob b = { 0 };
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s/%s", VNUMA_FIXTURES, dir, file);
	f = fopen(path, "rb");
	if (!f)
		print_error("cannot open %s\n", path);
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

static uint64_t le(const unsigned char *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

struct mem_entry {
	uint64_t base, len;
	uint32_t pd, flags;
};

/* The memory affinity structures, padding (all zero, disabled) left out. */
static size_t srat_memory(const struct blob *b, struct mem_entry *out,
			  size_t cap)
{
	size_t n = 0;

	assert_true(b->n >= SRAT_HEADER);
	assert_memory_equal(b->p, "SRAT", 4);
	assert_int_equal(le(b->p + 4, 4), b->n);
	for (size_t off = SRAT_HEADER; off < b->n; off += b->p[off + 1]) {
		const unsigned char *s = b->p + off;
		struct mem_entry e;

		assert_true(off + 2 <= b->n && s[1] >= 2 && off + s[1] <= b->n);
		if (s[0] != MEM_AFFINITY)
			continue;
		assert_int_equal(s[1], MEM_AFFINITY_LEN);
		e.pd = (uint32_t)le(s + 2, 4);
		e.base = le(s + 8, 8);
		e.len = le(s + 16, 8);
		e.flags = (uint32_t)le(s + 28, 4);
		if (!(e.flags & MEM_ENABLED)) {
			/* QEMU pads with disabled entries; nothing else. */
			assert_int_equal(e.base | e.len | e.pd | e.flags, 0);
			continue;
		}
		assert_true(n < cap);
		out[n++] = e;
	}
	return n;
}

static struct run run_args(const char *dir)
{
	struct blob a = slurp(dir, "args");
	const char *argv[128];
	size_t n = 0;
	struct run r;

	for (char *t = strtok((char *)a.p, " \n"); t; t = strtok(NULL, " \n")) {
		assert_true(n < 127);
		argv[n++] = t;
	}
	argv[n] = NULL;
	r = run_opts(0, argv);
	free(a.p);
	return r;
}

static void check_fixture(void **state)
{
	const char *dir = *state;
	struct blob srat = slurp(dir, "SRAT.bin");
	struct mem_entry e[64];
	size_t ne = srat_memory(&srat, e, 64), k = 0;
	struct run r = run_args(dir);
	vnuma_layout *l = NULL;
	vnuma_error *err = NULL;
	uint64_t hp_base, hp_size;
	bool hp_seen = false;

	assert_ok(r);
	assert_int_equal(vnuma_layout_new(&l, r.t, &err), 0);
	vnuma_layout_hotplug_region(&hp_base, &hp_size, l);
	for (size_t i = 0; i < vnuma_layout_range_count(l); i++) {
		vnuma_range v = VNUMA_INFO_INIT(vnuma_range);

		assert_int_equal(vnuma_layout_range(&v, l, i), 0);
		if (v.flags & VNUMA_RANGE_HOLE)
			continue;
		/* QEMU writes the hotpluggable entry last. */
		if (k == ne)
			print_error("%s: vnuma range 0x%llx+0x%llx is not in "
				    "QEMU's SRAT\n", dir,
				    (unsigned long long)v.start,
				    (unsigned long long)v.size);
		assert_true(k < ne);
		assert_int_equal(v.start, e[k].base);
		assert_int_equal(v.size, e[k].len);
		assert_int_equal(v.node, e[k].pd);
		assert_int_equal(v.flags, VNUMA_RANGE_ENABLED);
		assert_int_equal(e[k].flags, MEM_ENABLED);
		k++;
	}
	for (; k < ne; k++) {
		/* Only the hotplug region may be left, once. */
		assert_int_equal(e[k].flags, MEM_ENABLED | MEM_HOTPLUGGABLE);
		assert_false(hp_seen);
		hp_seen = true;
		assert_int_equal(e[k].base, hp_base);
		assert_int_equal(e[k].len, hp_size);
		assert_int_equal(e[k].pd, vnuma_topology_node_count(r.t) - 1);
	}
	/* QEMU writes the entry exactly when the machine has the region. */
	assert_int_equal(hp_seen, hp_size != 0);
	vnuma_layout_free(l);
	run_free(&r);
	free(srat.p);
}

/* Each fixture a test of its own name. */
#define FIXTURE(name)                                                 \
	{ "srat-" name, check_fixture, NULL, NULL, (void *)"srat-" name }

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE("pc-1g-2n"),
		FIXTURE("pc-2g-memless"),
		FIXTURE("pc-3584m-slots"),
		FIXTURE("pc-4g-3n-slots"),
		FIXTURE("q35-2816m"),
		FIXTURE("q35-3g-memless-slots"),
		FIXTURE("q35-4g-split-slots"),
		FIXTURE("q35-8g-memless0-slots"),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
