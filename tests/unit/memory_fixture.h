/* SPDX-License-Identifier: MIT */
/*
 * Test helper for the memory stage: a configuration made of -object and
 * -device entries read in the grammar QEMU 7.2 uses for them (QemuOpts,
 * or JSON when the text starts with '{'),
 * and a machine filled by hand, so these tests depend on no other stage.
 */
#ifndef VNUMA_TEST_MEMORY_FIXTURE_H
#define VNUMA_TEST_MEMORY_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memory/backend.h"
#include "parse/json.h"

struct fx {
	struct vnuma_config cfg;
	struct vnuma__profile prof;
	struct vnuma__machine m;
	struct vnuma__backends b;
	struct vnuma__warnings w;
	vnuma_error *e;
	int rc;
};

/* A pc-like machine: x86, NUMA, ACPI auto, 1 CPU, no hotplug slots. */
static inline void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->cfg.max_nodes = 128;
	f->prof.name = "pc-i440fx-7.2";
	f->prof.arch = VNUMA__ARCH_X86;
	f->prof.numa_supported = true;
	f->m.profile = &f->prof;
	f->m.acpi = -1;
	f->m.smp.cpus = 1;
	f->m.ram_size = f->m.maxram_size = 128ull << 20;
}

/* Adds "-object TEXT" or "-device TEXT" (option without the dash). */
static inline void fx_add(struct fx *f, const char *option, const char *text)
{
	struct vnuma__entry *e;
	bool dev = !strcmp(option, "device");
	vnuma_error *err = NULL;

	f->cfg.e = realloc(f->cfg.e, (f->cfg.n + 1) * sizeof(*f->cfg.e));
	assert_non_null(f->cfg.e);
	e = &f->cfg.e[f->cfg.n];
	memset(e, 0, sizeof(*e));
	e->kind = dev ? VNUMA__OPT_DEVICE : VNUMA__OPT_OBJECT;
	if (text[0] == '{' ?
	    vnuma__json_opts_parse(&e->opts, dev ? "-device" : "-object",
				   text, &err) :
	    vnuma__opts_parse(&e->opts, dev ? "-device" : "-object", text,
			      &vnuma__qemu_option_find(option)->syntax,
			      &err)) {
		print_error("cannot parse %s: %s\n", text,
			    vnuma_error_message(err));
		vnuma_error_free(err);
		fail();
	}
	f->cfg.n++;
}

static inline int fx_backends(struct fx *f)
{
	f->rc = vnuma__backends_build(&f->b, &f->cfg, &f->m, &f->w, &f->e);
	return f->rc;
}

static inline int fx_dimms(struct fx *f, uint32_t num_nodes)
{
	f->rc = vnuma__backends_build(&f->b, &f->cfg, &f->m, &f->w, &f->e);
	if (!f->rc)
		f->rc = vnuma__dimms_plug(&f->b, &f->cfg, &f->m, num_nodes,
					  false, &f->w, &f->e);
	return f->rc;
}

static inline void fx_fini(struct fx *f)
{
	for (size_t i = 0; i < f->cfg.n; i++)
		vnuma__opts_fini(&f->cfg.e[i].opts);
	free(f->cfg.e);
	free(f->m.other);
	vnuma__backends_fini(&f->b);
	vnuma__warnings_fini(&f->w);
	vnuma_error_free(f->e);
}

#define assert_fx_ok(f)                                                  \
	do {                                                             \
		if ((f)->rc)                                             \
			print_error("unexpected error: %s\n",            \
				    vnuma_error_message((f)->e));        \
		assert_int_equal((f)->rc, 0);                            \
	} while (0)

/* Asserts the status, check id, key (NULL: none) and exact message. */
#define assert_fx_error(f, status, check, key, msg)                       \
	do {                                                              \
		assert_int_equal((f)->rc, (status));                      \
		assert_string_equal(vnuma_error_check((f)->e), (check));  \
		if ((const char *)(key) == NULL)                          \
			assert_null(vnuma_error_key((f)->e));             \
		else                                                      \
			assert_string_equal(vnuma_error_key((f)->e),      \
					    (const char *)(key));         \
		assert_string_equal(vnuma_error_message((f)->e), (msg));  \
	} while (0)

#endif
