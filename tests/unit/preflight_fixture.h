/* SPDX-License-Identifier: MIT */
/* The preflight tests' runner: a recorded host, options as one string. */
#ifndef VNUMA_TEST_PREFLIGHT_FIXTURE_H
#define VNUMA_TEST_PREFLIGHT_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "vnuma/vnuma.h"

/* The recorded tree tests/fixtures/hostinfo/NAME. */
static inline vnuma_hostinfo *pf_probe(const char *name)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = NULL;
	char path[512];

	snprintf(path, sizeof(path), "%s/hostinfo/%s", VNUMA_FIXTURES, name);
	o.root = path;
	assert_int_equal(vnuma_host_probe(&h, &o, NULL), 0);
	return h;
}

/* The verdict for options given as one string, words split at spaces. */
static inline vnuma_preflight *pf_check_with(const vnuma_hostinfo *h,
					     const char *opts)
{
	char buf[2048], *w[64], *save = NULL;
	const char *argv[64];
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_preflight *p = NULL;
	vnuma_error *e = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", opts);
	for (char *s = strtok_r(buf, " ", &save); s && n < 64;
	     s = strtok_r(NULL, " ", &save))
		w[n++] = s;
	for (int i = 0; i < n; i++)
		argv[i] = w[i];
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	if (vnuma_config_add_argv(cfg, n, argv, 0, &e) ||
	    vnuma_topology_new(&t, cfg, &e))
		fail_msg("%s: %s", opts, vnuma_error_message(e));
	assert_int_equal(vnuma_preflight_check(&p, t, h, &e), 0);
	assert_null(e);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	return p;
}

#endif
