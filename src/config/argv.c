/* SPDX-License-Identifier: MIT */
/*
 * A QEMU command line, word by word. QEMU reads its argv twice: a first
 * pass only looks every option up (an invalid option or a missing argument
 * stops it before any option takes effect), a second pass acts on them in
 * order. vnuma does the same, so that "-numa <bad> -foo" is rejected for
 * "-foo", as QEMU rejects it.
 */
#include "config_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../memory/backend.h"
#include "../parse/json.h"
#include "../util.h"

#define ARGV_FLAGS (VNUMA_ARGV_IGNORE_UNKNOWN | VNUMA_ARGV_PROGRAM)

#define UNHANDLED_MSG                  \
	"option not handled by vnuma " \
	"(use --ignore-unknown to skip it)"

/* One word of argv seen as an option, with its argument if it takes one. */
struct word {
	const char *spelled;		       /* as given: "--numa" */
	const char *arg;		       /* NULL if it takes none */
	const struct vnuma__qemu_option *qopt; /* NULL: a disk image */
};

/* QEMU treats "--foo" as "-foo"; "-" and "--" name no option. */
static const char *option_name(const char *w)
{
	w++;
	if (*w == '-')
		w++;
	return w;
}

/*
 * Reads the word at *i (and its argument) as QEMU's lookup_opt() does,
 * and advances *i past them.
 */
/*
 * The last option looked up: generated configurations repeat one option
 * (-numa) thousands of times, and a string compare beats a search.
 */
struct lookup_cache {
	const char *name;
	const struct vnuma__qemu_option *opt;
};

static const struct vnuma__qemu_option *find_option(struct lookup_cache *lc,
						    const char *name)
{
	if (lc->name && !strcmp(lc->name, name))
		return lc->opt;
	lc->opt = vnuma__qemu_option_find(name);
	lc->name = lc->opt ? name : NULL;
	return lc->opt;
}

static int read_word(struct word *wd, int argc, const char *const *argv,
		     int *i, struct lookup_cache *lc, vnuma_error **err)
{
	const char *w = argv[*i];
	struct vnuma__loc loc = { .option = w };

	memset(wd, 0, sizeof(*wd));
	wd->spelled = w;
	(*i)++;
	if (w[0] != '-')
		return VNUMA_OK; /* QEMU: a disk image for the first IDE disk */
	wd->qopt = find_option(lc, option_name(w));
	if (!wd->qopt)
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"cli.invalid-option", &loc,
					"invalid option");
	if (!wd->qopt->has_arg)
		return VNUMA_OK;
	if (*i >= argc)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"cli.missing-argument", &loc,
					"requires an argument");
	wd->arg = argv[(*i)++];
	return VNUMA_OK;
}

/* The first pass: every word must be a QEMU option with its argument. */
static int check_words(int argc, const char *const *argv, int i,
		       vnuma_error **err)
{
	struct lookup_cache lc = { 0 };
	struct word wd;
	int rc;

	while (i < argc) {
		rc = read_word(&wd, argc, argv, &i, &lc, err);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

static int skip(vnuma_config *cfg, const struct word *wd, vnuma_error **err)
{
	struct vnuma__loc loc = { .option = wd->spelled, .text = wd->arg };
	const char *what = wd->qopt ? "option ignored" : "disk image ignored";

	if (vnuma__warn(&cfg->warnings, "cli.ignored-option", &loc, "%s",
			what))
		return vnuma__error_nomem(err);
	return VNUMA_OK;
}

/* What an -object or -device is, for IGNORE_UNKNOWN's triage. */
enum kept {
	KEPT_UNKNOWN, /* no type to peek at: the option parser judges */
	KEPT_YES,     /* a memory backend or device vnuma plugs */
	KEPT_NO,      /* something else: skipped */
};

static enum kept kept_type(bool object, const char *type)
{
	if (!type)
		return KEPT_UNKNOWN;
	if (object ? vnuma__memory_reads_object(type) :
		     vnuma__memory_reads_device(type))
		return KEPT_YES;
	return KEPT_NO;
}

/*
 * QEMU 7.2 also takes -object and -device as JSON ("{...}"), as libvirt
 * writes them. The type is peeked at with the same reader that will read
 * the option; JSON that reader refuses is kept, to be refused by it.
 */
static int kept_json(bool object, const struct word *wd, enum kept *k)
{
	const struct vnuma__opt *t;
	struct vnuma__opts o;
	vnuma_error *e = NULL;
	int rc = vnuma__json_opts_parse(&o, wd->spelled, wd->arg, &e);

	vnuma_error_free(e);
	*k = KEPT_UNKNOWN;
	if (rc)
		return rc == VNUMA_E_NOMEM ? rc : VNUMA_OK;
	t = vnuma__opts_last(&o, object ? "qom-type" : "driver");
	if (t && t->jtype == VNUMA__JSON_STRING)
		*k = kept_type(object, t->value);
	vnuma__opts_fini(&o);
	return VNUMA_OK;
}

static enum kept kept_entry(const struct vnuma__entry *e)
{
	bool object = e->kind == VNUMA__OPT_OBJECT;
	const struct vnuma__opt *t;

	t = vnuma__opts_last(&e->opts, object ? "qom-type" : "driver");
	return kept_type(object, t ? t->value : NULL);
}

/*
 * An option vnuma understands. With IGNORE_UNKNOWN, only the memory
 * backends and DIMMs among -object and -device are kept, so that a whole
 * pasted QEMU command line can be read.
 */
static int add_known(vnuma_config *cfg, const struct word *wd,
		     unsigned int flags, vnuma_error **err)
{
	enum vnuma__optkind kind = wd->qopt->kind;
	bool object = kind == VNUMA__OPT_OBJECT;
	bool triage = (flags & VNUMA_ARGV_IGNORE_UNKNOWN) &&
		      (object || kind == VNUMA__OPT_DEVICE);
	enum kept k = KEPT_UNKNOWN;
	struct vnuma__entry *e;
	int rc;

	if (triage && wd->arg[0] == '{') {
		if (kept_json(object, wd, &k))
			return vnuma__error_nomem(err);
		if (k == KEPT_NO)
			return skip(cfg, wd, err);
	}
	rc = vnuma_config_add(cfg, wd->spelled, wd->arg, err);
	if (rc || !triage || k != KEPT_UNKNOWN)
		return rc;
	e = &cfg->e[cfg->n - 1];
	if (kept_entry(e) != KEPT_NO)
		return VNUMA_OK;
	vnuma__opts_fini(&e->opts);
	cfg->n--;
	return skip(cfg, wd, err);
}

/*
 * Options --ignore-unknown must not skip: each can change what vnuma
 * answers without vnuma seeing it (the table's flags say which: e.g.
 * -readconfig, -set, and -global of a driver vnuma reads).
 */
static bool changes_answer(const struct word *wd)
{
	unsigned int qflags = wd->qopt->flags;
	size_t n;
	char driver[64];

	if (qflags & VNUMA__QOPT_CHANGES_ANSWER)
		return true;
	if (!(qflags & VNUMA__QOPT_SETS_DRIVER))
		return false;
	/* "DRIVER.PROP=VALUE", or the long form "driver=D,property=P,..." */
	if (!strncmp(wd->arg, "driver=", 7)) {
		const char *d = wd->arg + 7;

		n = strcspn(d, ",");
		if (n >= sizeof(driver))
			return false;
		memcpy(driver, d, n);
	} else {
		n = strcspn(wd->arg, ".=,");
		if (n >= sizeof(driver))
			return false;
		memcpy(driver, wd->arg, n);
	}
	driver[n] = '\0';
	return kept_type(false, driver) == KEPT_YES;
}

/* The second pass: each option in order. */
static int add_word(vnuma_config *cfg, const struct word *wd,
		    unsigned int flags, vnuma_error **err)
{
	bool ignore = flags & VNUMA_ARGV_IGNORE_UNKNOWN;
	struct vnuma__loc loc = { .option = wd->spelled, .text = wd->arg };

	if (!wd->qopt) {
		if (ignore)
			return skip(cfg, wd, err);
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"cli.unhandled-option", &loc,
					"disk image not handled by vnuma "
					"(use --ignore-unknown to skip it)");
	}
	if (!wd->qopt->arch)
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"cli.unsupported-option", &loc,
					"Option not supported for this target");
	if (wd->qopt->kind != VNUMA__OPT_NONE)
		return add_known(cfg, wd, flags, err);
	if (ignore && changes_answer(wd))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"cli.unskippable-option", &loc,
					"option not handled by vnuma; it can "
					"change the NUMA topology, so "
					"--ignore-unknown does not skip it");
	if (ignore)
		return skip(cfg, wd, err);
	return vnuma__error_set(err, VNUMA_E_UNKNOWN, "cli.unhandled-option",
				&loc, UNHANDLED_MSG);
}

/*
 * QEMU has printed the warnings of the options before the one it refuses;
 * the error carries them, so one report shows all. Without memory for the
 * copies the error is out of memory itself.
 */
static void adopt_warnings(const vnuma_config *cfg, vnuma_error **err)
{
	struct vnuma__warnings w = { 0 };

	if (!err || !*err || !cfg->warnings.n)
		return;
	if (vnuma__warnings_copy(&w, &cfg->warnings)) {
		vnuma_error_free(*err);
		*err = &vnuma__error_oom;
		return;
	}
	vnuma__error_adopt_warnings(*err, &w);
	vnuma__warnings_fini(&w);
}

int vnuma_config_add_argv(vnuma_config *cfg, int argc, const char *const *argv,
			  unsigned int flags, vnuma_error **err)
{
	/* A caller's earlier error is left as it is (error.h). */
	bool ours = err && !*err;
	struct lookup_cache lc = { 0 };
	int i = 0, rc;
	struct word wd;

	if (!cfg || argc < 0 || (argc && !argv))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"cfg and argv must not be NULL");
	if (flags & ~ARGV_FLAGS)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.flags", NULL,
					"unknown flags 0x%x",
					flags & ~ARGV_FLAGS);
	for (int j = 0; j < argc; j++)
		if (!argv[j])
			return vnuma__error_set(err, VNUMA_E_INVAL, "api.null",
						NULL,
						"argv[%d] must not be NULL",
						j);
	if ((flags & VNUMA_ARGV_PROGRAM) && argc > 0)
		i = 1;
	rc = check_words(argc, argv, i, err);
	/* At most one entry per two words: reserve them at once. */
	if (!rc && vnuma__grow(&cfg->e, &cfg->cap,
			       cfg->n + (size_t)argc / 2 + 1, sizeof(*cfg->e)))
		rc = vnuma__error_nomem(err);
	while (!rc && i < argc) {
		rc = read_word(&wd, argc, argv, &i, &lc, err);
		if (!rc)
			rc = add_word(cfg, &wd, flags, err);
	}
	if (rc && ours)
		adopt_warnings(cfg, err);
	return rc;
}
