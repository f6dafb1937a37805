/* SPDX-License-Identifier: MIT */
/*
 * vnuma --check-host: the preflight's verdict, every reason at once. The
 * text form is one block per reason; the JSON form is the topology's
 * report with a "check_host" object added (doc/json-schema.md).
 */
#include "check_host.h"
#include "diag.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static const char *severity(int s)
{
	return s == VNUMA_PREFLIGHT_ERROR ? "error" : "warning";
}

static void print_text(const vnuma_preflight *p)
{
	size_t n = vnuma_preflight_reason_count(p), errors = 0;

	for (size_t i = 0; i < n; i++) {
		vnuma_preflight_reason r = VNUMA_INFO_INIT(
			vnuma_preflight_reason);

		vnuma_preflight_reason_get(&r, p, i);
		errors += r.severity == VNUMA_PREFLIGHT_ERROR;
	}
	if (vnuma_preflight_fits(p))
		printf("fits: this host can realize the configuration "
		       "(%zu warning%s)\n",
		       n, n == 1 ? "" : "s");
	else
		printf("cannot: this host cannot realize the configuration "
		       "(%zu error%s, %zu warning%s)\n",
		       errors, errors == 1 ? "" : "s", n - errors,
		       n - errors == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		vnuma_preflight_reason r = VNUMA_INFO_INIT(
			vnuma_preflight_reason);

		vnuma_preflight_reason_get(&r, p, i);
		printf("\n%s %s", severity(r.severity), r.check);
		if (r.backend) {
			fputs(" backend ", stdout);
			cli_put_safe(stdout, r.backend, false);
		}
		if (r.host_node >= 0)
			printf(" host-node %" PRId64, r.host_node);
		fputs("\n  ", stdout);
		cli_put_safe(stdout, r.message, false);
		fputs("\n  needed: ", stdout);
		cli_put_safe(stdout, r.needed, false);
		fputs("\n  there:  ", stdout);
		cli_put_safe(stdout, r.there, false);
		fputc('\n', stdout);
	}
}

static json_t *reasons_json(const vnuma_preflight *p)
{
	json_t *o = json_object(), *a = json_array();

	for (size_t i = 0; i < vnuma_preflight_reason_count(p); i++) {
		vnuma_preflight_reason r = VNUMA_INFO_INIT(
			vnuma_preflight_reason);
		json_t *j = json_object();

		vnuma_preflight_reason_get(&r, p, i);
		json_object_set_new(j, "check", json_string(r.check));
		json_object_set_new(j, "severity",
				    json_string(severity(r.severity)));
		json_object_set_new(j, "backend",
				    r.backend ? json_string(r.backend) :
						json_null());
		json_object_set_new(j, "host_node",
				    r.host_node >= 0 ?
					    json_integer(r.host_node) :
					    json_null());
		json_object_set_new(j, "needed", json_string(r.needed));
		json_object_set_new(j, "there", json_string(r.there));
		json_object_set_new(j, "message", json_string(r.message));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "fits", json_boolean(vnuma_preflight_fits(p)));
	json_object_set_new(o, "reasons", a);
	return o;
}

static int print_json(const vnuma_preflight *p, const vnuma_topology *topo)
{
	vnuma_error *e = NULL;
	json_error_t je;
	json_t *doc;
	char *rep = NULL, *s;

	if (vnuma_report_json(&rep, topo, &e))
		return cli_reject(true, e);
	doc = json_loads(rep, JSON_PRESERVE_ORDER, &je);
	free(rep);
	if (!doc)
		return cli_oom();
	json_object_set_new(doc, "check_host", reasons_json(p));
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!s)
		return cli_oom();
	printf("%s\n", s);
	free(s);
	cli_out_emitted();
	return EXIT_ACCEPTED;
}

int cli_check_host_run(bool json, const char *root, const vnuma_topology *topo)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = NULL;
	vnuma_preflight *p = NULL;
	vnuma_error *e = NULL;
	int code;

	o.root = root;
	if (vnuma_host_probe(&h, &o, &e))
		return cli_reject(json, e);
	if (vnuma_preflight_check(&p, topo, h, &e)) {
		vnuma_hostinfo_free(h);
		return cli_reject(json, e);
	}
	vnuma_hostinfo_free(h);
	if (json) {
		code = print_json(p, topo);
	} else {
		print_text(p);
		code = EXIT_ACCEPTED;
	}
	if (code == EXIT_ACCEPTED && !vnuma_preflight_fits(p))
		code = EXIT_HOST;
	vnuma_preflight_free(p);
	return code;
}
