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

#include "alloc_wrap.h"
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

/* The text an error carries is the call's arguments in option syntax. */
static void error_names_the_call(void **state)
{
	vnuma_index_range cpus[] = { { 0, 1 } };
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	vnuma_smp_spec smp = VNUMA_SMP_SPEC_INIT;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	smp.cpus = 2;
	assert_int_equal(vnuma_builder_smp(cfg, &smp, NULL), 0);
	n.nodeid = 1;
	n.cpus = cpus;
	n.n_cpus = 1;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), 0);
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, &e), VNUMA_E_DUPLICATE);
	assert_string_equal(vnuma_error_option(e), "vnuma_builder_add_node");
	assert_string_equal(vnuma_error_text(e), "node,nodeid=1,cpus=0-1");
	assert_string_equal(vnuma_error_key(e), "nodeid");
	assert_int_equal(vnuma_error_offset(e), 12);
	assert_int_equal(vnuma_error_length(e), 1);
	assert_string_equal(vnuma_error_message(e), "Duplicate NUMA nodeid: 1");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/* A value with commas reaches the check whole (",," in the text). */
static void commas_are_escaped(void **state)
{
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_prop p[] = { { "share", "maybe" } };
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	b.type = VNUMA_BACKEND_FILE;
	b.id = "m0";
	b.size = 1ull << 30;
	b.mem_path = "/a,b,c";
	b.props = p;
	b.n_props = 1;
	assert_int_not_equal(vnuma_builder_add_backend(cfg, &b, &e), 0);
	assert_string_equal(vnuma_error_text(e),
			    "memory-backend-file,id=m0,size=1G,"
			    "mem-path=/a,,b,,c,share=maybe");
	assert_string_equal(vnuma_error_key(e), "share");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/*
 * Sizes are written with the largest suffix that keeps them exact, so -m
 * (whose bare numbers are MiB) and -object (bytes) read the same bytes.
 */
static void sizes_written_exactly(void **state)
{
	static const struct {
		uint64_t size;
		const char *text;
	} cases[] = {
		{ 1000, "memory-backend-ram,id=m0,size=1000B,x=1" },
		{ 1536ull << 20, "memory-backend-ram,id=m0,size=1536M,x=1" },
		{ 2ull << 30, "memory-backend-ram,id=m0,size=2G,x=1" },
		{ 3ull << 60, "memory-backend-ram,id=m0,size=3E,x=1" },
		{ 0, "memory-backend-ram,id=m0,size=0,x=1" },
	};
	vnuma_prop x[] = { { "x", "1" } };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
		vnuma_config *cfg = NULL;
		vnuma_error *e = NULL;

		assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
		b.id = "m0";
		b.size = cases[i].size;
		b.props = x;
		b.n_props = 1;
		/* the unknown property makes the text visible */
		assert_int_equal(vnuma_builder_add_backend(cfg, &b, &e),
				 VNUMA_E_UNKNOWN);
		assert_string_equal(vnuma_error_text(e), cases[i].text);
		vnuma_error_free(e);
		vnuma_config_free(cfg);
	}
}

/* Every spec: version 0 and versions after the current are refused. */
static void unknown_versions(void **state)
{
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_memory_spec mem = VNUMA_MEMORY_SPEC_INIT;
	vnuma_smp_spec smp = VNUMA_SMP_SPEC_INIT;
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_cpu_spec cpu = VNUMA_CPU_SPEC_INIT;
	vnuma_hmat_lb_spec lb = VNUMA_HMAT_LB_SPEC_INIT;
	vnuma_hmat_cache_spec hc = VNUMA_HMAT_CACHE_SPEC_INIT;
	vnuma_device_spec d = VNUMA_DEVICE_SPEC_INIT;
	vnuma_config *cfg = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	for (unsigned int v = 0; v < 2; v++) {
		m.version = v ? VNUMA_MACHINE_SPEC_VERSION + 1 : 0;
		mem.version = v ? VNUMA_MEMORY_SPEC_VERSION + 1 : 0;
		smp.version = v ? VNUMA_SMP_SPEC_VERSION + 1 : 0;
		b.version = v ? VNUMA_BACKEND_SPEC_VERSION + 1 : 0;
		n.version = v ? VNUMA_NODE_SPEC_VERSION + 1 : 0;
		cpu.version = v ? VNUMA_CPU_SPEC_VERSION + 1 : 0;
		lb.version = v ? VNUMA_HMAT_LB_SPEC_VERSION + 1 : 0;
		hc.version = v ? VNUMA_HMAT_CACHE_SPEC_VERSION + 1 : 0;
		d.version = v ? VNUMA_DEVICE_SPEC_VERSION + 1 : 0;
		assert_int_equal(vnuma_builder_machine(cfg, &m, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_memory(cfg, &mem, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_smp(cfg, &smp, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_cpu(cfg, &cpu, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_hmat_lb(cfg, &lb, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_hmat_cache(cfg, &hc, NULL),
				 VNUMA_E_INVAL);
		assert_int_equal(vnuma_builder_add_device(cfg, &d, NULL),
				 VNUMA_E_INVAL);
	}
	vnuma_config_free(cfg);
}

/* A driver starting with '{' is a driver's name, not a JSON option. */
static void brace_is_not_json(void **state)
{
	vnuma_device_spec d = VNUMA_DEVICE_SPEC_INIT;
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	d.driver = "{x}";
	assert_int_equal(vnuma_builder_add_device(cfg, &d, NULL), 0);
	assert_int_not_equal(vnuma_topology_new(&t, cfg, &e), 0);
	assert_string_equal(vnuma_error_text(e), "driver={x}");
	assert_string_equal(vnuma_error_check(e), "device.unsupported");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/* Misuse the option syntax cannot carry is refused before any check. */
static void api_misuse(void **state)
{
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_prop bad[] = { { "a=b", "c" } };
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_builder_machine(NULL, &m, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_builder_machine(cfg, NULL, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	assert_string_equal(vnuma_error_option(e), "vnuma_builder_machine");
	vnuma_error_free(e);
	e = NULL;
	m.props = bad;
	m.n_props = 1;
	assert_int_equal(vnuma_builder_machine(cfg, &m, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.builder-arg");
	vnuma_error_free(e);
	e = NULL;
	m.props = NULL;
	assert_int_equal(vnuma_builder_machine(cfg, &m, NULL), VNUMA_E_INVAL);
	n.n_cpus = 2;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), VNUMA_E_INVAL);
	b.type = 7;
	assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL),
			 VNUMA_E_INVAL);
	b.type = VNUMA_BACKEND_RAM;
	b.prealloc = 5;
	assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL),
			 VNUMA_E_INVAL);
	assert_int_equal(vnuma_builder_add_distance(NULL, 0, 1, 20, NULL),
			 VNUMA_E_INVAL);
	/* Nothing refused as misuse was added. */
	assert_int_equal(vnuma_config_warning_count(cfg), 0);
	vnuma_config_free(cfg);
}

/*
 * A caller built against version 1 of vnuma_node_spec (no initiator)
 * still works; a version the library does not know is refused.
 */
struct node_spec_v1 {
	unsigned int version;
	uint64_t nodeid;
	const vnuma_index_range *cpus;
	size_t n_cpus;
	const char *memdev;
	uint64_t mem;
};

static void versions(void **state)
{
	struct node_spec_v1 *v1 = malloc(sizeof(*v1));
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_non_null(v1);
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	/* Exactly the old size: reading an initiator would be caught by
	 * ASan and valgrind. */
	b.id = "m0";
	b.size = 128ull << 20; /* the default RAM size */
	assert_int_equal(vnuma_builder_add_backend(cfg, &b, NULL), 0);
	*v1 = (struct node_spec_v1){ 1, 0, NULL, 0, "m0", VNUMA_UNSET };
	assert_int_equal(vnuma_builder_add_node(
				 cfg, (const vnuma_node_spec *)v1, NULL), 0);
	n.version = VNUMA_NODE_SPEC_VERSION + 1;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.version");
	vnuma_error_free(e);
	e = NULL;
	n.version = 0;
	assert_int_equal(vnuma_builder_add_node(cfg, &n, NULL), VNUMA_E_INVAL);
	m.version = VNUMA_MACHINE_SPEC_VERSION + 1;
	assert_int_equal(vnuma_builder_machine(cfg, &m, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_topology_new(&t, cfg, &e), 0);
	assert_int_equal(vnuma_topology_node_count(t), 1);
	assert_string_equal(vnuma_topology_node_memdev(t, 0), "m0");
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	free(v1);
}

/* Every allocation of every builder call may fail: NOMEM, no leak. */
static int build_all(vnuma_config *cfg, vnuma_error **e)
{
	vnuma_machine_spec m = VNUMA_MACHINE_SPEC_INIT;
	vnuma_memory_spec mem = VNUMA_MEMORY_SPEC_INIT;
	vnuma_smp_spec smp = VNUMA_SMP_SPEC_INIT;
	vnuma_backend_spec b = VNUMA_BACKEND_SPEC_INIT;
	vnuma_node_spec n = VNUMA_NODE_SPEC_INIT;
	vnuma_cpu_spec cpu = VNUMA_CPU_SPEC_INIT;
	vnuma_hmat_lb_spec lb = VNUMA_HMAT_LB_SPEC_INIT;
	vnuma_hmat_cache_spec hc = VNUMA_HMAT_CACHE_SPEC_INIT;
	vnuma_device_spec d = VNUMA_DEVICE_SPEC_INIT;
	vnuma_prop hmat[] = { { "hmat", "on" } };
	vnuma_index_range cpus[] = { { 0, 1 } };
	int rc;

	m.type = "q35";
	m.props = hmat;
	m.n_props = 1;
	mem.size = 2ull << 30;
	mem.slots = 2;
	mem.maxmem = 4ull << 30;
	smp.cpus = 2;
	smp.sockets = 2;
	b.id = "m0";
	b.size = 2ull << 30;
	n.nodeid = 0;
	n.cpus = cpus;
	n.n_cpus = 1;
	n.memdev = "m0";
	n.initiator = 0;
	cpu.node_id = 0;
	cpu.socket_id = 1;
	lb.initiator = 0;
	lb.target = 0;
	lb.hierarchy = "memory";
	lb.data_type = "access-latency";
	lb.latency = 10;
	hc.node_id = 0;
	hc.size = 10240;
	hc.level = 1;
	hc.associativity = "direct";
	hc.policy = "write-back";
	hc.line = 8;
	d.id = "d0";
	d.memdev = "m1";
	if ((rc = vnuma_builder_machine(cfg, &m, e)) ||
	    (rc = vnuma_builder_memory(cfg, &mem, e)) ||
	    (rc = vnuma_builder_smp(cfg, &smp, e)) ||
	    (rc = vnuma_builder_add_backend(cfg, &b, e)))
		return rc;
	b.id = "m1";
	b.size = 1ull << 30;
	if ((rc = vnuma_builder_add_backend(cfg, &b, e)) ||
	    (rc = vnuma_builder_add_node(cfg, &n, e)) ||
	    (rc = vnuma_builder_add_distance(cfg, 0, 0, 10, e)) ||
	    (rc = vnuma_builder_add_cpu(cfg, &cpu, e)) ||
	    (rc = vnuma_builder_add_hmat_lb(cfg, &lb, e)))
		return rc;
	lb.data_type = "access-bandwidth";
	lb.latency = VNUMA_UNSET;
	lb.bandwidth = 200ull << 20;
	if ((rc = vnuma_builder_add_hmat_lb(cfg, &lb, e)) ||
	    (rc = vnuma_builder_add_hmat_cache(cfg, &hc, e)) ||
	    (rc = vnuma_builder_add_device(cfg, &d, e)))
		return rc;
	return VNUMA_OK;
}

static void alloc_failures(void **state)
{
	long n;

	(void)state;
	for (n = 0;; n++) {
		vnuma_config *cfg = NULL;
		vnuma_topology *t = NULL;
		vnuma_error *e = NULL;
		int rc;

		if (vnuma_config_new(&cfg, NULL, NULL))
			fail_msg("config_new");
		failures = 0;
		countdown = n;
		rc = build_all(cfg, &e);
		countdown = -1;
		if (!failures) {
			if (rc)
				fail_msg("%s", vnuma_error_message(e));
			assert_int_equal(vnuma_topology_new(&t, cfg, &e), 0);
			vnuma_topology_free(t);
			vnuma_config_free(cfg);
			break;
		}
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(vnuma_error_status(e), VNUMA_E_NOMEM);
		vnuma_error_free(e);
		vnuma_config_free(cfg);
	}
	/* Every call allocates: the loop went through all of them. */
	assert_true(n > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted_cases),
		cmocka_unit_test(refused_cases),
		cmocka_unit_test(more_errors),
		cmocka_unit_test(error_names_the_call),
		cmocka_unit_test(commas_are_escaped),
		cmocka_unit_test(sizes_written_exactly),
		cmocka_unit_test(unknown_versions),
		cmocka_unit_test(brace_is_not_json),
		cmocka_unit_test(api_misuse),
		cmocka_unit_test(versions),
		cmocka_unit_test(alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
