/* SPDX-License-Identifier: MIT */
/*
 * Unit tests that run options through the public API: each pair is added
 * with vnuma_config_add, then the topology is made; ok() and refused()
 * say what came of it. Include after cmocka.h.
 */
#ifndef VNUMA_TESTS_OPTION_RUN_H
#define VNUMA_TESTS_OPTION_RUN_H

#include <string.h>

#include "vnuma/vnuma.h"

struct run {
	vnuma_config *cfg;
	vnuma_topology *t;
	vnuma_error *e;
	int rc;
};

/* args: option, argument (NULL for none), ... */
static inline void run(struct run *r, const char *const *args, size_t n)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(vnuma_config_new(&r->cfg, NULL, NULL), 0);
	for (size_t i = 0; i + 1 < n; i += 2) {
		vnuma_error *e = NULL;

		if (vnuma_config_add(r->cfg, args[i], args[i + 1], &e))
			fail_msg("%s: %s", args[i], vnuma_error_message(e));
	}
	r->rc = vnuma_topology_new(&r->t, r->cfg, &r->e);
}

static inline void done(struct run *r)
{
	vnuma_error_free(r->e);
	vnuma_topology_free(r->t);
	vnuma_config_free(r->cfg);
}

#define RUN(r, ...)                                                       \
	do {                                                              \
		const char *const a_[] = { __VA_ARGS__ };                 \
		run(r, a_, sizeof(a_) / sizeof(a_[0]));                   \
	} while (0)

static inline void ok(struct run *r)
{
	if (r->rc)
		fail_msg("refused: %s", vnuma_error_message(r->e));
}

static inline void refused(struct run *r, const char *check,
			   const char *option, const char *msg)
{
	if (!r->e)
		fail_msg("accepted, expected \"%s\"", msg);
	assert_string_equal(vnuma_error_message(r->e), msg);
	assert_string_equal(vnuma_error_check(r->e), check);
	if (option)
		assert_string_equal(vnuma_error_option(r->e), option);
	else
		assert_null(vnuma_error_option(r->e));
}

#endif
