/* SPDX-License-Identifier: MIT */
/*
 * vnuma: read a guest NUMA topology in QEMU's option syntax, check and
 * complete it as QEMU 7.2 does, and report it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnuma/vnuma.h"
#include "diag.h"
#include "dtb_out.h"
#include "progress.h"
#include "realize.h"
#include "acpi_out.h"
#include "argfile.h"
#include "cli.h"
#include "num.h"
#include "host_out.h"
#include "plan.h"
#include "check_host.h"

struct cli {
	bool json, help, version;
	bool to_libvirt;
	bool host;	       /* --host */
	bool check_host;       /* --check-host */
	const char *host_root; /* --host-root */
	bool ignore_unknown;
	int split_ram;
	unsigned long max_nodes;
	/* QEMU options, after @FILE expansion */
	const char **qargv;
	int qargc, qcap;
	bool program_first;  /* qargv[0] is a program name */
	const char *libvirt; /* --libvirt: a domain XML instead of options */
	char **owned;	     /* strings read from @FILEs */
	int n_owned, cap_owned;
	struct cli_dtb dtb;
	struct cli_realize realize;
	struct cli_acpi acpi;
};

/*
 * A flag's value goes where its entry says: a bool set to true, a string
 * kept as given, or a handler that checks it. --help and the "did you
 * mean" of a mistyped flag are read from this table too.
 */
enum cli_kind { SET_TRUE, KEEP_STRING, CALL };

struct cli_opt {
	const char *name;
	const char *arg; /* the value's placeholder; NULL: takes no value */
	enum cli_kind kind;
	size_t field; /* SET_TRUE, KEEP_STRING: offsetof in struct cli */
	/* CALL: -1 to go on, or an exit status (the error is reported) */
	int (*set)(struct cli *c, const struct cli_opt *o, const char *val);
	const char *help;
	bool optional; /* the value may be left out (val NULL then) */
};

static int set_split_ram(struct cli *c, const struct cli_opt *o,
			 const char *val)
{
	(void)o;
	if (!strcmp(val, "legacy"))
		c->split_ram = VNUMA_SPLIT_RAM_LEGACY;
	else if (!strcmp(val, "default"))
		c->split_ram = VNUMA_SPLIT_RAM_DEFAULT;
	else
		return cli_fail(EXIT_USAGE, "cli.usage",
				"--split-ram: expected legacy or default, "
				"not '%s'",
				val);
	return -1;
}

static int set_max_nodes(struct cli *c, const struct cli_opt *o,
			 const char *val)
{
	uint64_t n;

	(void)o;
	if (!cli_parse_uint(&n, val, VNUMA_MAX_NODES_LIMIT) || n == 0)
		return cli_fail(EXIT_USAGE, "cli.usage",
				"--max-nodes: expected a number from 1 to %d, "
				"not '%s'",
				VNUMA_MAX_NODES_LIMIT, val);
	c->max_nodes = (unsigned long)n;
	return -1;
}

/* --progress[=total|per-backend|off] */
static int set_progress(struct cli *c, const struct cli_opt *o,
			const char *val)
{
	(void)o;
	if (!val || !strcmp(val, "total"))
		c->realize.progress = CLI_PROGRESS_TOTAL;
	else if (!strcmp(val, "per-backend"))
		c->realize.progress = CLI_PROGRESS_BACKENDS;
	else if (!strcmp(val, "off"))
		c->realize.progress = CLI_PROGRESS_OFF;
	else
		return cli_fail(EXIT_USAGE, "cli.usage",
				"--progress: expected total, per-backend or "
				"off, not '%s'",
				val);
	return -1;
}

/* --acpi and the header fields: acpi_out.c knows them by name. */
static int set_acpi(struct cli *c, const struct cli_opt *o, const char *val)
{
	return cli_acpi_option(&c->acpi, o->name, val) ? EXIT_USAGE : -1;
}

#define FLAG(n, f, h)                                                      \
	{                                                                  \
		n, NULL, SET_TRUE, offsetof(struct cli, f), NULL, h, false \
	}
#define STRING(n, a, f, h)                                                 \
	{                                                                  \
		n, a, KEEP_STRING, offsetof(struct cli, f), NULL, h, false \
	}
#define HANDLER(n, a, fn, h)                \
	{                                   \
		n, a, CALL, 0, fn, h, false \
	}
#define HANDLER_OPT(n, a, fn, h)           \
	{                                  \
		n, a, CALL, 0, fn, h, true \
	}

static const struct cli_opt cli_opts[] = {
	FLAG("--json", json,
	     "print one JSON object on stdout (doc/json-schema.md)"),
	STRING("--libvirt", "FILE", libvirt,
	       "read a libvirt domain XML instead of QEMU options"),
	FLAG("--ignore-unknown", ignore_unknown,
	     "skip QEMU options vnuma does not handle, with a warning"),
	HANDLER("--split-ram", "legacy|default", set_split_ram,
		"split RAM between nodes without memory as older QEMU did"),
	HANDLER("--max-nodes", "N", set_max_nodes, "node limit (QEMU: 128)"),
	STRING("--dtb-in", "FILE", dtb.in,
	       "arm virt: the DTB to patch (-M virt,dumpdtb=FILE, no -numa)"),
	STRING("--dtb-out", "FILE", dtb.out,
	       "write --dtb-in with the NUMA nodes QEMU 7.2 would add"),
	FLAG("--dts", dtb.dts,
	     "print the device tree's NUMA part as DTS instead of the report"),
	FLAG("--host", host,
	     "print this host's NUMA nodes and this process's limits"),
	FLAG("--check-host", check_host,
	     "say whether this host can realize the configuration, and why"),
	STRING("--host-root", "DIR", host_root,
	       "with --host, --check-host: read a recorded tree for / in DIR"),
	FLAG("--realize", realize.on,
	     "map, bind and preallocate the memory on this host, print it"),
	FLAG("--hold", realize.hold,
	     "with --realize: keep the memory until SIGINT or SIGTERM"),
	HANDLER_OPT("--progress", "total|per-backend|off", set_progress,
		    "with --realize: bytes, rate, time left on stderr "
		    "(default: on a terminal)"),
	HANDLER("--acpi", "DIR", set_acpi,
		"write the guest's ACPI SRAT, SLIT, HMAT as DIR/SRAT, ..."),
	HANDLER("--acpi-oem-id", "ID", set_acpi,
		"ACPI header OEM ID (up to 6 characters)"),
	HANDLER("--acpi-oem-table-id", "ID", set_acpi,
		"ACPI header OEM table ID (up to 8 characters)"),
	HANDLER("--acpi-oem-revision", "N", set_acpi,
		"ACPI header OEM revision (QEMU: 1)"),
	HANDLER("--acpi-creator-id", "ID", set_acpi,
		"ACPI header creator ID (up to 4 characters)"),
	HANDLER("--acpi-creator-revision", "N", set_acpi,
		"ACPI header creator revision (QEMU: 1)"),
	FLAG("--to-libvirt", to_libvirt,
	     "print a libvirt domain XML standing for the options"),
	FLAG("--help", help, "show this help and exit"),
	FLAG("--version", version, "show the version and exit"),
};
#define N_CLI_OPTS (sizeof(cli_opts) / sizeof(cli_opts[0]))

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vnuma [OPTIONS] [--] [QEMU-PROGRAM] QEMU-OPTIONS...\n"
		"       vnuma [OPTIONS] @FILE\n"
		"       vnuma [OPTIONS] --libvirt DOMAIN.xml\n"
		"       vnuma --host [--host-root DIR] [--json]\n"
		"       vnuma --check-host [--host-root DIR] [--json] "
		"QEMU-OPTIONS...\n"
		"       vnuma plan --vcpus N --memory SIZE [--hugepages 2M|1G]\n"
		"                  [--nodes K] [--host-root DIR] "
		"[--json | --libvirt]\n\n"
		"Checks and completes a guest NUMA topology written in QEMU 7.2's\n"
		"options (-machine, -m, -smp, -numa, -object memory-backend-*,\n"
		"-device pc-dimm, -cpu) and prints what the guest will see.\n"
		"@FILE reads options from FILE, one per line, '#' starts a comment.\n\n"
		"Options:\n");
	for (size_t i = 0; i < N_CLI_OPTS; i++) {
		char left[64];

		snprintf(left, sizeof(left), "%s%s%s%s", cli_opts[i].name,
			 !cli_opts[i].arg     ? "" :
			 cli_opts[i].optional ? "[=" :
						"=",
			 cli_opts[i].arg ? cli_opts[i].arg : "",
			 cli_opts[i].optional ? "]" : "");
		fprintf(f, "  %-28s %s\n", left, cli_opts[i].help);
	}
	fprintf(f, "\nExit status: 0 accepted, 1 configuration rejected, "
		   "2 usage error, 3 host failure (--check-host: cannot).\n");
}

static int push(struct cli *c, const char *s)
{
	if (c->qargc == c->qcap) {
		int ncap = c->qcap ? c->qcap * 2 : 32;
		const char **v = realloc(c->qargv, (size_t)ncap * sizeof(*v));

		if (!v)
			return -1;
		c->qargv = v;
		c->qcap = ncap;
	}
	c->qargv[c->qargc++] = s;
	return 0;
}

/* Keeps a buffer to free at exit. */
static int own_ptr(struct cli *c, char *p)
{
	if (c->n_owned == c->cap_owned) {
		int ncap = c->cap_owned ? c->cap_owned * 2 : 4;
		char **v = realloc(c->owned, (size_t)ncap * sizeof(*v));

		if (!v)
			return -1;
		c->owned = v;
		c->cap_owned = ncap;
	}
	c->owned[c->n_owned++] = p;
	return 0;
}

static int push_word(void *ctx, const char *word)
{
	return push(ctx, word);
}

/* @FILE: its words join the QEMU options where it stands. */
static int read_argfile(struct cli *c, const char *path)
{
	char *buf;
	size_t len;
	int rc = cli_argfile_load(&buf, &len, path);

	if (rc)
		return rc;
	if (own_ptr(c, buf)) {
		free(buf);
		return cli_oom();
	}
	return cli_argfile_split(buf, len, path, push_word, c);
}

static const struct cli_opt *find_cli_opt(const char *arg, const char **val)
{
	for (size_t i = 0; i < N_CLI_OPTS; i++) {
		size_t n = strlen(cli_opts[i].name);

		if (strncmp(arg, cli_opts[i].name, n))
			continue;
		if (arg[n] == '\0') {
			*val = NULL;
			return &cli_opts[i];
		}
		if (arg[n] == '=' && cli_opts[i].arg) {
			*val = arg + n + 1;
			return &cli_opts[i];
		}
	}
	return NULL;
}

/* Edit distance of a and b (short strings: a row on the stack). */
static size_t distance(const char *a, const char *b)
{
	size_t nb = strlen(b), row[64], prev, tmp;

	if (nb >= sizeof(row) / sizeof(row[0]))
		return SIZE_MAX;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; a[i - 1]; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev : 1 + prev;
			if (row[j] > row[j - 1] + 1)
				row[j] = row[j - 1] + 1;
			if (row[j] > tmp + 1)
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[nb];
}

/*
 * "--jsn": QEMU reads "--numa" as "-numa", so a double-dash word that is
 * neither vnuma's flag nor QEMU's option is taken for a mistyped flag of
 * vnuma's: a usage error naming the nearest one.
 */
static int unknown_flag(const char *a)
{
	size_t n = strcspn(a, "="), best = SIZE_MAX, d;
	const char *near = NULL;
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;
	char word[64];
	const char *w[1] = { word };
	bool qemu;

	if (strncmp(a, "--", 2) || n >= sizeof(word))
		return -1;
	memcpy(word, a, n);
	word[n] = '\0';
	for (size_t i = 0; a[n] && i < N_CLI_OPTS; i++)
		if (!cli_opts[i].arg && !strcmp(word, cli_opts[i].name))
			return cli_fail(EXIT_USAGE, "cli.usage",
					"%s takes no value", word);
	if (vnuma_config_new(&cfg, NULL, NULL))
		return cli_oom();
	/* The scanner's first pass says whether QEMU has the option. */
	vnuma_config_add_argv(cfg, 1, w, VNUMA_ARGV_IGNORE_UNKNOWN, &e);
	qemu = !e || strcmp(vnuma_error_check(e), "cli.invalid-option");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
	if (qemu)
		return -1;
	for (size_t i = 0; i < N_CLI_OPTS; i++) {
		d = distance(word, cli_opts[i].name);
		if (d < best) {
			best = d;
			near = cli_opts[i].name;
		}
	}
	if (near && best <= 3)
		return cli_fail(EXIT_USAGE, "cli.unknown-flag",
				"%s: unknown option; did you mean %s?", word,
				near);
	return cli_fail(EXIT_USAGE, "cli.unknown-flag",
			"%s: unknown option (vnuma --help lists them)", word);
}

/* Stores a flag's value as its entry says; -1 to go on, or an exit status. */
static int apply(struct cli *c, const struct cli_opt *o, const char *val)
{
	char *at = (char *)c + o->field;

	switch (o->kind) {
	case SET_TRUE:
		*(bool *)at = true;
		return -1;
	case KEEP_STRING:
		*(const char **)at = val;
		return -1;
	case CALL:
		return o->set(c, o, val);
	}
	return -1;
}

/* Returns -1 to continue, or an exit status. */
static int parse_cli(struct cli *c, int argc, char **argv)
{
	bool after_dashes = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val;
		const struct cli_opt *o;
		int rc;

		if (!after_dashes && !strcmp(a, "--")) {
			after_dashes = true;
			if (i + 1 < argc && argv[i + 1][0] != '-' &&
			    argv[i + 1][0] != '@' && c->qargc == 0)
				c->program_first = true;
			continue;
		}
		if (a[0] == '@') {
			if ((rc = read_argfile(c, a + 1)))
				return rc;
			continue;
		}
		o = after_dashes ? NULL : find_cli_opt(a, &val);
		if (!o && !after_dashes && (rc = unknown_flag(a)) >= 0)
			return rc;
		if (!o) {
			if (push(c, a))
				return cli_oom();
			continue;
		}
		if (o->arg && !val && !o->optional) {
			if (i + 1 >= argc)
				return cli_fail(EXIT_USAGE, "cli.usage",
						"%s requires a value (%s)",
						o->name, o->arg);
			val = argv[++i];
		}
		if ((rc = apply(c, o, val)) >= 0)
			return rc;
	}
	return -1;
}

/*
 * --json promises one JSON object on stdout whatever happens, so it is
 * known before any error can be reported: a first pass finds it.
 */
static bool wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *val;
		const struct cli_opt *o;

		if (!strcmp(argv[i], "--"))
			break;
		o = find_cli_opt(argv[i], &val);
		if (o && o->kind == SET_TRUE &&
		    o->field == offsetof(struct cli, json))
			return true;
		if (o && o->arg && !val && !o->optional)
			i++;
	}
	return false;
}

/* Outputs that are text by nature have no JSON form: refused with it. */
static int json_conflict(const struct cli *c, const char *topic)
{
	const char *what = c->help	 ? "--help" :
			   c->version	 ? "--version" :
			   c->dtb.dts	 ? "--dts" :
			   c->to_libvirt ? "--to-libvirt" :
			   topic	 ? "a help request" :
					   NULL;

	if (!c->json || !what)
		return -1;
	return cli_fail(EXIT_USAGE, "cli.json-conflict",
			"--json: %s prints text, not JSON", what);
}

static int reject(const struct cli *c, vnuma_error *e)
{
	return cli_reject(c->json, e);
}

/* "-cpu help", "-machine help" (or -M), "-accel help": QEMU lists and
 * exits before reading the rest; vnuma lists what it models. */
static const char *help_topic(const struct cli *c)
{
	static const char *const opts[][2] = {
		{ "cpu", "cpu" },
		{ "machine", "machine" },
		{ "M", "machine" },
		{ "accel", "accel" },
	};

	for (int i = 0; i + 1 < c->qargc; i++) {
		const char *w = c->qargv[i], *v = c->qargv[i + 1];

		if (w[0] != '-')
			continue;
		w += w[1] == '-' ? 2 : 1;
		/* the first byte first: no call for most arguments */
		if ((v[0] != 'h' || strcmp(v, "help")) &&
		    (v[0] != '?' || v[1]))
			continue;
		for (size_t j = 0; j < sizeof(opts) / sizeof(opts[0]); j++)
			if (!strcmp(w, opts[j][0]))
				return opts[j][1];
	}
	return NULL;
}

static int help(const struct cli *c, const char *topic)
{
	vnuma_error *e = NULL;
	char *out = NULL;

	if (vnuma_help(&out, topic, &e))
		return reject(c, e);
	cli_put_safe(stdout, out, true);
	free(out);
	return EXIT_ACCEPTED;
}

/* The domain XML is the whole output: the other outputs are refused. */
static int to_libvirt_conflict(const struct cli *c)
{
	const char *with = c->realize.on ? "--realize" :
			   c->acpi.dir	 ? "--acpi" :
			   c->dtb.in	 ? "--dtb-in" :
			   c->dtb.out	 ? "--dtb-out" :
			   c->dtb.dts	 ? "--dts" :
					   NULL;

	if (!c->to_libvirt || !with)
		return -1;
	return cli_fail(EXIT_USAGE, "cli.usage",
			"--to-libvirt prints the domain XML alone, not with "
			"%s",
			with);
}

/* --to-libvirt: the domain XML in place of the report. */
static int to_libvirt(const struct cli *c, vnuma_topology *topo)
{
	vnuma_error *e = NULL;
	char *out = NULL;
	int rc = vnuma_libvirt_xml_write(&out, topo, 0, &e);

	vnuma_topology_free(topo);
	if (rc)
		return reject(c, e);
	fputs(out, stdout);
	free(out);
	return EXIT_ACCEPTED;
}

/*
 * --libvirt: the options libvirt 9.0 would start QEMU with for the
 * domain. Diagnostics located at an element name the file too.
 */
static int add_libvirt(struct cli *c, vnuma_config *cfg, vnuma_error **e)
{
	char *xml;
	size_t len;
	int rc;

	if (c->qargc)
		return cli_fail(EXIT_USAGE, "cli.usage",
				"--libvirt reads a domain instead of QEMU "
				"options: '%s' given too",
				c->qargv[0]);
	if ((rc = cli_file_load(&xml, &len, c->libvirt)))
		return rc;
	cli_diag_origin(c->libvirt);
	rc = vnuma_config_add_libvirt_xml(cfg, xml, len, 0, e);
	free(xml);
	return rc ? -2 : -1;
}

/* --host: the host model alone; QEMU options make no sense with it. */
static int host_run(const struct cli *c)
{
	if (c->host_root && !c->host && !c->check_host)
		return cli_fail(EXIT_USAGE, "cli.usage",
				"--host-root DIR goes with --host or "
				"--check-host");
	if (c->check_host &&
	    (c->host || c->realize.on || c->acpi.dir || c->dtb.in ||
	     c->dtb.out || c->dtb.dts || c->to_libvirt))
		return cli_fail(EXIT_USAGE, "cli.usage",
				"--check-host prints its verdict alone, "
				"without other outputs");
	if (!c->host)
		return -1;
	if (c->qargc || c->libvirt || c->realize.on || c->acpi.dir ||
	    c->dtb.in || c->dtb.out || c->dtb.dts || c->to_libvirt)
		return cli_fail(EXIT_USAGE, "cli.usage",
				"--host prints the host alone, without QEMU "
				"options or other outputs");
	return cli_host_run(c->json, c->host_root);
}

static int run(struct cli *c)
{
	vnuma_config_options co = VNUMA_CONFIG_OPTIONS_INIT;
	vnuma_config *cfg = NULL;
	vnuma_topology *topo = NULL;
	vnuma_error *e = NULL;
	char *out = NULL;
	unsigned flags = 0;
	const char *topic;
	int code;

	topic = help_topic(c);
	if ((code = json_conflict(c, topic)) >= 0 ||
	    (code = to_libvirt_conflict(c)) >= 0)
		return code;
	if (c->help) {
		usage(stdout);
		return EXIT_ACCEPTED;
	}
	if (c->version) {
		printf("vnuma %s (QEMU 7.2 NUMA behaviour)\n",
		       vnuma_version());
		return EXIT_ACCEPTED;
	}
	if (topic)
		return help(c, topic);
	if ((code = host_run(c)) >= 0)
		return code;
	co.split_ram = c->split_ram;
	if (c->max_nodes)
		co.max_nodes = (uint32_t)c->max_nodes;
	if (vnuma_config_new(&cfg, &co, &e))
		return reject(c, e);
	if (c->ignore_unknown)
		flags |= VNUMA_ARGV_IGNORE_UNKNOWN;
	if (c->program_first)
		flags |= VNUMA_ARGV_PROGRAM;
	/* Errors and the topology carry the configuration's warnings. */
	if (c->libvirt) {
		code = add_libvirt(c, cfg, &e);
		if (code == -2) {
			vnuma_config_free(cfg);
			return reject(c, e);
		}
		if (code >= 0) {
			vnuma_config_free(cfg);
			return code;
		}
	} else if (vnuma_config_add_argv(cfg, c->qargc, c->qargv, flags, &e)) {
		vnuma_config_free(cfg);
		return reject(c, e);
	}
	if (vnuma_topology_new(&topo, cfg, &e)) {
		vnuma_config_free(cfg);
		return reject(c, e);
	}
	vnuma_config_free(cfg);
	for (size_t i = 0; i < vnuma_topology_warning_count(topo); i++)
		cli_print_diag(vnuma_topology_warning(topo, i));
	if (c->to_libvirt)
		return to_libvirt(c, topo);
	if (c->check_host) {
		code = cli_check_host_run(c->json, c->host_root, topo);
		vnuma_topology_free(topo);
		return code;
	}
	c->realize.json = c->json;
	if ((code = cli_acpi_run(&c->acpi, topo)) != CLI_ACPI_CONTINUE ||
	    (code = cli_realize_run(&c->realize, topo)) !=
		    CLI_REALIZE_CONTINUE ||
	    (code = cli_dtb_run(&c->dtb, topo)) != CLI_DTB_CONTINUE) {
		vnuma_topology_free(topo);
		return code;
	}
	if (c->json)
		code = vnuma_report_json(&out, topo, &e);
	else
		code = vnuma_report_text(&out, topo, &e);
	vnuma_topology_free(topo);
	if (code)
		return reject(c, e);
	if (c->json) {
		fputs(out, stdout);
		cli_out_emitted();
	} else {
		cli_put_safe(stdout, out, true);
	}
	free(out);
	return EXIT_ACCEPTED;
}

int cli_main(int argc, char **argv)
{
	struct cli c = { 0 };
	int code;

	cli_out_begin(wants_json(argc, argv));
	/* A subcommand stands first, where QEMU would take a disk image. */
	if (argc > 1 && !strcmp(argv[1], "plan"))
		code = cli_plan_main(argc - 1, argv + 1);
	else if ((code = parse_cli(&c, argc, argv)) < 0)
		code = run(&c);
	cli_diag_origin(NULL);
	for (int i = 0; i < c.n_owned; i++)
		free(c.owned[i]);
	free(c.owned);
	free(c.qargv);
	return cli_out_end(code);
}
