/* SPDX-License-Identifier: MIT */
/*
 * The builder against the option text: every configuration the unit tests
 * give vnuma_topology_new (builder_cases.h) is built both ways; accepted
 * ones must resolve to the same topology, refused ones must fail with the
 * same status, check id and message, the builder call in the option's
 * place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "builder_cases.h"
#include "builder_translate.h"
#include "vnuma/vnuma.h"

#define N_CASES (sizeof(builder_cases) / sizeof(builder_cases[0]))

struct side {
	vnuma_config *cfg;
	vnuma_topology *t;
	vnuma_error *e;
	int rc;
	size_t failed_at; /* the option whose adding failed, or n */
};

static void side_free(struct side *s)
{
	vnuma_topology_free(s->t);
	vnuma_config_free(s->cfg);
	vnuma_error_free(s->e);
}

static void new_cfg(struct side *s, const struct builder_case *c)
{
	vnuma_config_options co = VNUMA_CONFIG_OPTIONS_INIT;

	memset(s, 0, sizeof(*s));
	co.max_nodes = c->max_nodes;
	co.split_ram = c->split_ram;
	assert_int_equal(vnuma_config_new(&s->cfg, &co, NULL), 0);
	s->failed_at = c->n;
}

static void run_text(struct side *s, const struct builder_case *c)
{
	new_cfg(s, c);
	for (size_t i = 0; i + 1 < c->n; i += 2) {
		s->rc = vnuma_config_add(s->cfg, c->args[i], c->args[i + 1],
					 &s->e);
		if (s->rc) {
			s->failed_at = i;
			return;
		}
	}
	s->rc = vnuma_topology_new(&s->t, s->cfg, &s->e);
}

/*
 * fns[i / 2] gets the builder function that stood for option i (NULL:
 * added as text). False if some option cannot be expressed.
 */
static bool run_builder(struct side *s, const struct builder_case *c,
			const char **fns, size_t *n_builder)
{
	static struct tr t;

	new_cfg(s, c);
	for (size_t i = 0; i + 1 < c->n; i += 2) {
		s->rc = tr_add(&t, s->cfg, c->args[i], c->args[i + 1], &s->e);
		fns[i / 2] = t.fn;
		if (t.untranslatable)
			return false;
		if (t.fn)
			(*n_builder)++;
		if (s->rc) {
			s->failed_at = i;
			return true;
		}
	}
	s->rc = vnuma_topology_new(&s->t, s->cfg, &s->e);
	return true;
}

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

/*
 * A warning of an option the builder stood for names the builder call;
 * one of an option added as text, or of none, is as it was.
 */
static void same_place(const vnuma_error *wa, const vnuma_error *wb)
{
	const char *oa = vnuma_error_option(wa), *ob = vnuma_error_option(wb);

	if (!oa) {
		assert_null(ob);
		return;
	}
	assert_non_null(ob);
	if (strcmp(oa, ob))
		assert_true(!strncmp(ob, "vnuma_builder_", 14));
	assert_string_equal(str(vnuma_error_key(wa)),
			    str(vnuma_error_key(wb)));
}

static void same_warnings(const struct builder_case *c, struct side *a,
			  struct side *b)
{
	size_t n = vnuma_config_warning_count(a->cfg);

	if (n != vnuma_config_warning_count(b->cfg))
		fail_msg("%s: %zu config warnings from the text, %zu from "
			 "the builder", c->from, n,
			 vnuma_config_warning_count(b->cfg));
	for (size_t i = 0; i < n; i++) {
		const vnuma_error *wa = vnuma_config_warning(a->cfg, i);
		const vnuma_error *wb = vnuma_config_warning(b->cfg, i);

		assert_string_equal(vnuma_error_message(wa),
				    vnuma_error_message(wb));
		assert_string_equal(vnuma_error_check(wa),
				    vnuma_error_check(wb));
		same_place(wa, wb);
	}
	if (!a->t)
		return;
	n = vnuma_topology_warning_count(a->t);
	assert_int_equal(n, vnuma_topology_warning_count(b->t));
	for (size_t i = 0; i < n; i++) {
		const vnuma_error *wa = vnuma_topology_warning(a->t, i);
		const vnuma_error *wb = vnuma_topology_warning(b->t, i);

		assert_string_equal(vnuma_error_message(wa),
				    vnuma_error_message(wb));
		assert_string_equal(vnuma_error_check(wa),
				    vnuma_error_check(wb));
		same_place(wa, wb);
	}
}

/*
 * The JSON report: every member but where each warning was given (the
 * builder's warnings name its call; same_warnings compares the rest).
 */
static char *json_report(const vnuma_topology *t)
{
	char *s = NULL, *out;
	json_t *root, *w;
	size_t i;

	assert_int_equal(vnuma_report_json(&s, t, NULL), 0);
	root = json_loads(s, 0, NULL);
	assert_non_null(root);
	free(s);
	json_array_foreach(json_object_get(root, "warnings"), i, w) {
		json_object_del(w, "option");
		json_object_del(w, "text");
		json_object_del(w, "offset");
		json_object_del(w, "length");
	}
	out = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	assert_non_null(out);
	json_decref(root);
	return out;
}

static void same_topology(const struct builder_case *c, struct side *a,
			  struct side *b)
{
	char *ja = json_report(a->t), *jb = json_report(b->t);
	char *ta = NULL, *tb = NULL;

	assert_int_equal(vnuma_report_text(&ta, a->t, NULL), 0);
	assert_int_equal(vnuma_report_text(&tb, b->t, NULL), 0);
	if (strcmp(ja, jb) || strcmp(ta, tb)) {
		const char *x = strcmp(ja, jb) ? ja : ta;
		const char *y = strcmp(ja, jb) ? jb : tb;
		size_t i = 0;

		while (x[i] == y[i])
			i++;
		i = i > 60 ? i - 60 : 0;
		fail_msg("%s: the builder's topology differs:\n%.120s\n"
			 "---\n%.120s", c->from, x + i, y + i);
	}
	free(ja);
	free(jb);
	free(ta);
	free(tb);
}

/* Every accepted case of the unit tests, built through the builder. */
static void accepted_cases(void **state)
{
	size_t cases = 0, calls = 0;

	(void)state;
	for (size_t k = 0; k < N_CASES; k++) {
		const struct builder_case *c = &builder_cases[k];
		const char *fns[64];
		struct side a, b;

		if (!c->accepted)
			continue;
		run_text(&a, c);
		if (a.rc)
			fail_msg("case %zu (%s) is refused as text: %s", k,
				 c->from, vnuma_error_message(a.e));
		if (!run_builder(&b, c, fns, &calls))
			fail_msg("case %zu (%s): an option the builder cannot "
				 "express", k, c->from);
		if (b.rc)
			fail_msg("case %zu (%s) is refused by the builder: "
				 "%s: %s: %s", k, c->from,
				 str(vnuma_error_option(b.e)),
				 str(vnuma_error_text(b.e)),
				 vnuma_error_message(b.e));
		same_topology(c, &a, &b);
		same_warnings(c, &a, &b);
		side_free(&a);
		side_free(&b);
		cases++;
	}
	print_message("%zu accepted cases, %zu builder calls\n", cases, calls);
	/* The table is the unit tests' own: it cannot shrink unnoticed. */
	assert_true(cases >= 180);
	assert_true(calls >= 4 * cases);
}

/* Which option of the case the text's error names, or n. */
static size_t erring_option(const struct builder_case *c, const struct side *a)
{
	const char *text = vnuma_error_text(a->e);

	if (a->failed_at < c->n)
		return a->failed_at;
	for (size_t i = c->n; text && i >= 2; i -= 2)
		if (c->args[i - 1] && !strcmp(c->args[i - 1], text) &&
		    vnuma_error_option(a->e) &&
		    !strcmp(c->args[i - 2], vnuma_error_option(a->e)))
			return i - 2;
	return c->n;
}

static void same_error(const struct builder_case *c, size_t k,
		       struct side *a, struct side *b, const char **fns)
{
	size_t at = erring_option(c, a);
	const char *want;

	if (!b->e)
		fail_msg("case %zu (%s): the builder accepts what the text "
			 "refuses: %s", k, c->from, vnuma_error_message(a->e));
	if (strcmp(vnuma_error_message(a->e), vnuma_error_message(b->e)) ||
	    strcmp(vnuma_error_check(a->e), vnuma_error_check(b->e)) ||
	    a->rc != b->rc)
		fail_msg("case %zu (%s): text: %d %s \"%s\"; builder: %d %s "
			 "\"%s\"", k, c->from, a->rc, vnuma_error_check(a->e),
			 vnuma_error_message(a->e), b->rc,
			 vnuma_error_check(b->e), vnuma_error_message(b->e));
	assert_string_equal(str(vnuma_error_key(a->e)),
			    str(vnuma_error_key(b->e)));
	/* The builder call stands where the option stood. */
	if (!vnuma_error_option(a->e)) {
		assert_null(vnuma_error_option(b->e));
		return;
	}
	assert_true(at < c->n);
	want = fns[at / 2] ? fns[at / 2] : vnuma_error_option(a->e);
	assert_string_equal(str(vnuma_error_option(b->e)), want);
	if (vnuma_error_text(a->e))
		assert_non_null(vnuma_error_text(b->e));
	if (vnuma_error_key(b->e) && vnuma_error_length(b->e))
		assert_true(vnuma_error_offset(b->e) +
				    vnuma_error_length(b->e) <=
			    strlen(vnuma_error_text(b->e)));
}

/*
 * The unit tests' refused cases, built through the builder, where the
 * builder's types can hold what they give (not "cpus=x", a flag "share").
 */
static void refused_cases(void **state)
{
	size_t compared = 0, skipped = 0, calls = 0;

	(void)state;
	for (size_t k = 0; k < N_CASES; k++) {
		const struct builder_case *c = &builder_cases[k];
		const char *fns[64];
		struct side a, b;

		if (c->accepted)
			continue;
		run_text(&a, c);
		if (!a.rc)
			fail_msg("case %zu (%s) is accepted as text", k,
				 c->from);
		if (run_builder(&b, c, fns, &calls)) {
			same_error(c, k, &a, &b, fns);
			compared++;
		} else {
			print_message("case %zu (%s): beyond the builder's "
				      "types\n", k, c->from);
			skipped++;
		}
		side_free(&a);
		side_free(&b);
	}
	print_message("%zu refused cases compared, %zu beyond the builder's "
		      "types\n", compared, skipped);
	assert_true(compared >= 120);
}

/*
 * Errors met while options are added, and some the unit tests meet in
 * stage tests below the public API.
 */
#define REFUSED(name, ...)                                               \
	{ name, 0, 128, 0, (const char *const[]){ __VA_ARGS__ },          \
	  sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(char *) }

static const struct builder_case more_errs[] = {
	REFUSED("duplicate backend id",
		  "-m", "1G",
		  "-object", "memory-backend-ram,id=m0,size=512M",
		  "-object", "memory-backend-ram,id=m0,size=512M"),
	REFUSED("backend without size",
		  "-object", "memory-backend-ram,id=m0"),
	REFUSED("backend without id",
		  "-object", "memory-backend-ram,size=1G"),
	REFUSED("unknown backend property",
		  "-object", "memory-backend-ram,id=m0,size=1G,colour=red"),
	REFUSED("bad policy",
		  "-object", "memory-backend-ram,id=m0,size=1G,policy=best"),
	REFUSED("file backend without mem-path",
		  "-object", "memory-backend-file,id=m0,size=1G"),
	REFUSED("host-nodes beyond the host",
		  "-object",
		  "memory-backend-ram,id=m0,size=1G,host-nodes=5000,"
		  "policy=bind"),
	REFUSED("duplicate device id",
		  "-M", "q35", "-m", "1G,slots=2,maxmem=4G",
		  "-object", "memory-backend-ram,id=m0,size=1G",
		  "-object", "memory-backend-ram,id=m1,size=1G",
		  "-device", "pc-dimm,id=d0,memdev=m0",
		  "-device", "pc-dimm,id=d0,memdev=m1"),
	REFUSED("machine property value",
		  "-M", "q35,hmat=maybe", "-m", "1G"),
	REFUSED("unknown machine type",
		  "-M", "q99", "-m", "1G"),
	REFUSED("maxmem below size",
		  "-M", "q35", "-m", "2G,slots=1,maxmem=1G"),
	REFUSED("smp beyond maxcpus",
		  "-M", "q35", "-smp", "8,maxcpus=4"),
	REFUSED("dimm on a node that is not there",
		  "-M", "q35", "-m", "1G,slots=2,maxmem=4G",
		  "-object", "memory-backend-ram,id=m0,size=1G",
		  "-object", "memory-backend-ram,id=m1,size=1G",
		  "-numa", "node,memdev=m0",
		  "-device", "pc-dimm,memdev=m1,node=3"),
	REFUSED("dimm without slots",
		  "-M", "q35", "-m", "1G",
		  "-object", "memory-backend-ram,id=m0,size=1G",
		  "-device", "pc-dimm,memdev=m0"),
	REFUSED("distance to itself",
		  "-M", "q35", "-m", "2G",
		  "-object", "memory-backend-ram,id=m0,size=1G",
		  "-object", "memory-backend-ram,id=m1,size=1G",
		  "-numa", "node,memdev=m0", "-numa", "node,memdev=m1",
		  "-numa", "dist,src=0,dst=0,val=20"),
	REFUSED("hmat-cache level",
		  "-M", "q35,hmat=on", "-m", "2G",
		  "-object", "memory-backend-ram,id=m0,size=2G",
		  "-numa", "node,memdev=m0,initiator=0,cpus=0",
		  "-numa", "hmat-lb,initiator=0,target=0,hierarchy=memory,"
			   "data-type=access-latency,latency=10",
		  "-numa", "hmat-cache,node-id=0,size=10K,level=9,"
			   "associativity=direct,policy=write-back,line=8"),
	REFUSED("cpu on a missing node",
		  "-M", "q35", "-m", "2G", "-smp", "2,sockets=2",
		  "-object", "memory-backend-ram,id=m0,size=2G",
		  "-numa", "node,memdev=m0",
		  "-numa", "cpu,node-id=4,socket-id=1"),
	REFUSED("mem-path with commas",
		  "-object", "memory-backend-file,id=m0,size=1G,"
			     "mem-path=/nonexistent/a,,b,share=maybe"),
};

/* Devices meet some checks only when memory is laid out. */
static void layout_step(struct side *s)
{
	vnuma_layout *l = NULL;

	if (s->rc)
		return;
	s->rc = vnuma_layout_new(&l, s->t, &s->e);
	vnuma_layout_free(l);
}

static void more_errors(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(more_errs) / sizeof(more_errs[0]);
	     k++) {
		const struct builder_case *c = &more_errs[k];
		const char *fns[64];
		size_t calls = 0;
		struct side a, b;

		run_text(&a, c);
		layout_step(&a);
		if (!a.rc)
			fail_msg("%s: accepted as text", c->from);
		assert_true(run_builder(&b, c, fns, &calls));
		layout_step(&b);
		same_error(c, k, &a, &b, fns);
		side_free(&a);
		side_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted_cases),
		cmocka_unit_test(refused_cases),
		cmocka_unit_test(more_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
