/* SPDX-License-Identifier: MIT */
/*
 * Test helper: runs a QEMU command line through the whole library, the
 * way the CLI does, and hands back the topology or the error.
 */
#ifndef VNUMA_TEST_PIPELINE_H
#define VNUMA_TEST_PIPELINE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "vnuma/vnuma.h"

struct run {
	vnuma_topology *t;
	vnuma_error *e;
	int rc;
	int split_ram;
};

/* argv is NULL-terminated. */
static inline struct run run_opts(int split_ram, const char *const *argv)
{
	vnuma_config_options co = VNUMA_CONFIG_OPTIONS_INIT;
	struct run r = { 0 };
	vnuma_config *cfg = NULL;
	int argc = 0;

	while (argv[argc])
		argc++;
	co.split_ram = split_ram;
	r.rc = vnuma_config_new(&cfg, &co, &r.e);
	if (!r.rc)
		r.rc = vnuma_config_add_argv(cfg, argc, argv, 0, &r.e);
	if (!r.rc)
		r.rc = vnuma_topology_new(&r.t, cfg, &r.e);
	vnuma_config_free(cfg);
	return r;
}

#define RUN(...) run_opts(0, (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_SPLIT(mode, ...) \
	run_opts(mode, (const char *const[]){ __VA_ARGS__, NULL })

static inline void run_free(struct run *r)
{
	vnuma_topology_free(r->t);
	vnuma_error_free(r->e);
}

/* Asserts the configuration was accepted. */
#define assert_ok(r)                                                  \
	do {                                                          \
		if ((r).rc)                                           \
			print_error("unexpected error: %s\n",         \
				    vnuma_error_message((r).e));      \
		assert_int_equal((r).rc, 0);                          \
		assert_non_null((r).t);                               \
	} while (0)

/* Asserts the status, check id, key (NULL: none) and exact message. */
#define assert_rejected(r, status, check, key, msg)                       \
	do {                                                              \
		assert_int_equal((r).rc, (status));                       \
		assert_null((r).t);                                       \
		assert_string_equal(vnuma_error_check((r).e), (check));   \
		if ((const char *)(key) == NULL)                          \
			assert_null(vnuma_error_key((r).e));              \
		else                                                      \
			assert_string_equal(vnuma_error_key((r).e),       \
					    (const char *)(key));         \
		assert_string_equal(vnuma_error_message((r).e), (msg));   \
	} while (0)

/* The n-th warning's message. */
static inline const char *warning_text(const struct run *r, size_t n)
{
	const vnuma_error *w = vnuma_topology_warning(r->t, n);

	return w ? vnuma_error_message(w) : "(no such warning)";
}

/*
 * The node getters' answers for a node that must exist: the status is
 * asserted, the value returned (tests of bad ids call the getters).
 */
static inline uint64_t node_mem(const vnuma_topology *t, uint32_t node)
{
	uint64_t v = 0;

	assert_int_equal(vnuma_topology_node_mem(&v, t, node), VNUMA_OK);
	return v;
}

static inline uint64_t node_plugged(const vnuma_topology *t, uint32_t node)
{
	uint64_t v = 0;

	assert_int_equal(vnuma_topology_node_plugged(&v, t, node), VNUMA_OK);
	return v;
}

static inline const char *node_memdev(const vnuma_topology *t, uint32_t node)
{
	const char *v = NULL;

	assert_int_equal(vnuma_topology_node_memdev(&v, t, node), VNUMA_OK);
	return v;
}

static inline int64_t node_initiator(const vnuma_topology *t, uint32_t node)
{
	int64_t v = 0;

	assert_int_equal(vnuma_topology_node_initiator(&v, t, node),
			 VNUMA_OK);
	return v;
}

static inline uint8_t node_distance(const vnuma_topology *t, uint32_t src,
				    uint32_t dst)
{
	uint8_t v = 0;

	assert_int_equal(vnuma_topology_distance(&v, t, src, dst), VNUMA_OK);
	return v;
}

/* How many CPUs the node has; the first cap of them go into out. */
static inline size_t node_cpus(const vnuma_topology *t, uint32_t node,
			       uint32_t *out, size_t cap)
{
	size_t n = 0;

	assert_int_equal(vnuma_topology_node_cpus(out, cap, &n, t, node),
			 VNUMA_OK);
	return n;
}

#endif
