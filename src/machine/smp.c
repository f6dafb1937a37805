/* SPDX-License-Identifier: MIT */
/*
 * -smp: QEMU 7.2 merges every -smp argument into one SMPConfiguration
 * (keyval, later keys win), reads it with the keyval input visitor when the
 * machine's "smp" property is set, then infers the missing counts and checks
 * the result. The errors are raised while setting a machine property, so
 * QEMU prints them without naming the option: locations here keep the text,
 * key and offset but leave the option out, and the CLI prints QEMU's form.
 */
#include "machine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"
#include "../util.h"

/* SMPConfiguration's members, in the order QEMU's visitor reads them. */
enum smp_field {
	F_CPUS,
	F_SOCKETS,
	F_DIES,
	F_CLUSTERS,
	F_CORES,
	F_THREADS,
	F_MAXCPUS,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"cpus", "sockets", "dies", "clusters", "cores", "threads", "maxcpus",
};

/*
 * A key=value pair and the -smp or -machine argument it came from; key is
 * the member's name without -machine's "smp." prefix.
 */
struct smp_src {
	const struct vnuma__opts *o;
	const struct vnuma__opt *opt;
	const char *key;
};

struct smp_input {
	struct smp_src f[F_COUNT]; /* last pair per member (merge: last wins) */
	struct smp_src unknown;	   /* first pair that is no member */
	bool has[F_COUNT];
	int64_t v[F_COUNT];		/* QAPI 'int': 64-bit signed */
	const struct vnuma__opts *last; /* the last -smp argument */
};

/* A location without the option, since QEMU names none for -smp. */
static struct vnuma__loc src_loc(const struct smp_src *s)
{
	struct vnuma__loc loc = { 0 };

	if (s->o)
		loc = vnuma__opts_loc(s->o, s->opt);
	loc.option = NULL;
	return loc;
}

/* Length of a key's first component ("cpus.x" -> 4). */
static size_t base_len(const char *key)
{
	const char *dot = strchr(key, '.');

	return dot ? (size_t)(dot - key) : strlen(key);
}

static int field_of(const char *key)
{
	size_t n = base_len(key);

	for (int i = 0; i < F_COUNT; i++)
		if (strlen(field_names[i]) == n &&
		    !strncmp(field_names[i], key, n))
			return i;
	return -1;
}

/*
 * QEMU merges -smp and -machine smp.KEY into one dictionary, in command
 * line order, a later value replacing an earlier one whichever option
 * gave it; the checks then name the last argument that touched it.
 */
static void collect(struct smp_input *in, const struct vnuma_config *cfg)
{
	for (size_t i = 0; i < cfg->n; i++) {
		const struct vnuma__opts *o = &cfg->e[i].opts;
		bool machine = cfg->e[i].kind == VNUMA__OPT_MACHINE;

		if (cfg->e[i].kind != VNUMA__OPT_SMP && !machine)
			continue;
		if (!machine)
			in->last = o;
		for (size_t j = 0; j < o->n; j++) {
			const char *key = o->v[j].key;
			struct smp_src *s;
			int f;

			if (machine && strncmp(key, "smp.", 4))
				continue;
			key += machine ? 4 : 0;
			in->last = o;
			f = field_of(key);
			s = f >= 0	   ? &in->f[f] :
			    !in->unknown.o ? &in->unknown :
					     NULL;
			if (s)
				*s = (struct smp_src){ o, &o->v[j], key };
		}
	}
}

/*
 * The visitor's pass: members in declaration order, then leftover keys.
 * A dotted key makes the member a dictionary, which QEMU reports as
 * unexpected parameters rather than as a bad number.
 */
static int visit(struct smp_input *in, vnuma_error **err)
{
	for (int f = 0; f < F_COUNT; f++) {
		const struct smp_src *s = &in->f[f];
		struct vnuma__loc loc = src_loc(s);

		if (!s->opt)
			continue;
		if (strchr(s->key, '.'))
			return vnuma__error_set(
				err, VNUMA_E_UNKNOWN, "smp.unexpected-key",
				&loc, "Parameters 'smp.%s.*' are unexpected",
				field_names[f]);
		if (vnuma__strtoi64(s->opt->value, &in->v[f]))
			return vnuma__error_set(
				err, VNUMA_E_SYNTAX, "smp.not-integer", &loc,
				"Parameter 'smp.%s' expects integer",
				field_names[f]);
		in->has[f] = true;
	}
	if (in->unknown.opt) {
		struct vnuma__loc loc = src_loc(&in->unknown);
		const char *key = in->unknown.key;

		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"smp.unexpected-key", &loc,
					"Parameter 'smp.%.*s' is unexpected",
					(int)base_len(key), key);
	}
	return VNUMA_OK;
}

/* QEMU formats these unsigned counts with %d. */
static int as_int(uint32_t v)
{
	return v > INT32_MAX ? (int)(v - UINT32_C(0x80000000)) + INT32_MIN :
			       (int)v;
}

/* "sockets (2) * dies (1) * cores (4) * threads (1)", as QEMU says it. */
static char *hierarchy(const struct vnuma__smp *s,
		       const struct vnuma__profile *p)
{
	struct vnuma__buf b = { 0 };

	vnuma__buf_printf(&b, "sockets (%u)", s->sockets);
	if (p->smp_dies_supported)
		vnuma__buf_printf(&b, " * dies (%u)", s->dies);
	if (p->smp_clusters_supported)
		vnuma__buf_printf(&b, " * clusters (%u)", s->clusters);
	vnuma__buf_printf(&b, " * cores (%u) * threads (%u)", s->cores,
			  s->threads);
	return vnuma__buf_take(&b);
}

/*
 * QEMU multiplies and divides in 32-bit unsigned arithmetic: a product
 * that wraps to 0 is a division by zero (QEMU dies of SIGFPE), and one
 * that wraps to a small number can pass its checks. Both are refused.
 */
static int overflow_error(const struct vnuma__smp *s,
			  const struct vnuma__profile *p,
			  const struct vnuma__loc *loc, vnuma_error **err)
{
	char *h = hierarchy(s, p);
	int rc;

	if (!h)
		return vnuma__error_nomem(err);
	rc = vnuma__error_set(err, VNUMA_E_RANGE, "smp.overflow", loc,
			      "Invalid CPU topology: product of the hierarchy "
			      "overflows: %s",
			      h);
	free(h);
	return rc;
}

static bool quot(uint32_t *out, uint32_t a, uint32_t b)
{
	if (!b)
		return false;
	*out = a / b;
	return true;
}

/* The missing counts, QEMU 7.2's way; false on a division by zero. */
static bool infer(struct vnuma__smp *s, const struct vnuma__profile *p)
{
	uint32_t dc = s->dies * s->clusters;

	if (s->cpus == 0 && s->max_cpus == 0) {
		s->sockets = s->sockets ? s->sockets : 1;
		s->cores = s->cores ? s->cores : 1;
		s->threads = s->threads ? s->threads : 1;
		return true;
	}
	s->max_cpus = s->max_cpus ? s->max_cpus : s->cpus;
	if (p->smp_prefer_sockets && !s->sockets) {
		s->cores = s->cores ? s->cores : 1;
		s->threads = s->threads ? s->threads : 1;
		if (!quot(&s->sockets, s->max_cpus,
			  dc * s->cores * s->threads))
			return false;
	} else if (p->smp_prefer_sockets && !s->cores) {
		s->threads = s->threads ? s->threads : 1;
		if (!quot(&s->cores, s->max_cpus,
			  s->sockets * dc * s->threads))
			return false;
	} else if (!p->smp_prefer_sockets && !s->cores) {
		s->sockets = s->sockets ? s->sockets : 1;
		s->threads = s->threads ? s->threads : 1;
		if (!quot(&s->cores, s->max_cpus,
			  s->sockets * dc * s->threads))
			return false;
	} else if (!p->smp_prefer_sockets && !s->sockets) {
		s->threads = s->threads ? s->threads : 1;
		if (!quot(&s->sockets, s->max_cpus,
			  dc * s->cores * s->threads))
			return false;
	}
	if (!s->threads)
		return quot(&s->threads, s->max_cpus,
			    s->sockets * dc * s->cores);
	return true;
}

static uint32_t product32(const struct vnuma__smp *s)
{
	return s->sockets * s->dies * s->clusters * s->cores * s->threads;
}

static bool product_exact(const struct vnuma__smp *s)
{
	uint64_t r = s->sockets;

	return !__builtin_mul_overflow(r, (uint64_t)s->dies, &r) &&
	       !__builtin_mul_overflow(r, (uint64_t)s->clusters, &r) &&
	       !__builtin_mul_overflow(r, (uint64_t)s->cores, &r) &&
	       !__builtin_mul_overflow(r, (uint64_t)s->threads, &r) &&
	       r == s->max_cpus;
}

/* QEMU's checks of the resolved topology, in its order. */
static int check(const struct vnuma__smp *s, const struct vnuma__profile *p,
		 const struct smp_input *in, vnuma_error **err)
{
	struct smp_src whole = { in->last, NULL, NULL };
	struct vnuma__loc loc = src_loc(&whole);
	const char *fmt = NULL;
	char *h;

	if (product32(s) != s->max_cpus)
		fmt = "Invalid CPU topology: product of the hierarchy must "
		      "match maxcpus: %s != maxcpus (%u)";
	else if (s->max_cpus < s->cpus)
		fmt = "Invalid CPU topology: maxcpus must be equal to or "
		      "greater than smp: %s == maxcpus (%u) < smp_cpus (%u)";
	if (fmt) {
		h = hierarchy(s, p);
		if (!h)
			return vnuma__error_nomem(err);
		int rc = vnuma__error_set(err, VNUMA_E_CONFLICT,
					  product32(s) != s->max_cpus ?
						  "smp.product-mismatch" :
						  "smp.maxcpus-below-cpus",
					  &loc, fmt, h, s->max_cpus, s->cpus);

		free(h);
		return rc;
	}
	/* Every machine type vnuma knows has QEMU's default minimum, 1. */
	if (s->cpus < 1)
		return vnuma__error_set(err, VNUMA_E_RANGE, "smp.min-cpus",
					&loc,
					"Invalid SMP CPUs %d. The min CPUs supported by "
					"machine '%s' is %d",
					as_int(s->cpus), p->name, 1);
	if (s->max_cpus > p->max_cpus) {
		const struct smp_src *m = in->f[F_MAXCPUS].opt ?
						  &in->f[F_MAXCPUS] :
						  &in->f[F_CPUS];

		loc = m->opt ? src_loc(m) : loc;
		return vnuma__error_set(
			err, VNUMA_E_RANGE, "smp.max-cpus", &loc,
			"Invalid SMP CPUs %d. The max CPUs supported by "
			"machine '%s' is %d",
			as_int(s->max_cpus), p->name, as_int(p->max_cpus));
	}
	if (!product_exact(s))
		return overflow_error(s, p, &loc, err);
	return VNUMA_OK;
}

/* Dies and clusters are refused above 1 where the machine lacks them. */
static int check_levels(const struct vnuma__smp *s,
			const struct vnuma__profile *p,
			const struct smp_input *in, vnuma_error **err)
{
	struct vnuma__loc loc;

	if (!p->smp_dies_supported && s->dies > 1) {
		loc = src_loc(&in->f[F_DIES]);
		return vnuma__error_set(
			err, VNUMA_E_UNSUPPORTED, "smp.dies-unsupported", &loc,
			"dies not supported by this machine's CPU topology");
	}
	if (!p->smp_clusters_supported && s->clusters > 1) {
		loc = src_loc(&in->f[F_CLUSTERS]);
		return vnuma__error_set(
			err, VNUMA_E_UNSUPPORTED, "smp.clusters-unsupported",
			&loc,
			"clusters not supported by this machine's CPU topology");
	}
	return VNUMA_OK;
}

/* 7.2 only warns about an explicit 0, then treats it as not given. */
static int warn_zero(const struct smp_input *in, struct vnuma__warnings *w,
		     vnuma_error **err)
{
	for (int f = 0; f < F_COUNT; f++) {
		struct vnuma__loc loc;

		if (!in->has[f] || in->v[f] != 0)
			continue;
		loc = src_loc(&in->f[f]);
		if (w && vnuma__warn(w, "smp.zero-deprecated", &loc,
				     "Deprecated CPU topology (considered "
				     "invalid): CPU topology parameters must "
				     "be greater than zero"))
			return vnuma__error_nomem(err);
		break;
	}
	return VNUMA_OK;
}

int vnuma__smp_parse_warn(struct vnuma__smp *out,
			  const struct vnuma__profile *p,
			  const struct vnuma_config *cfg,
			  struct vnuma__warnings *w, vnuma_error **err)
{
	struct smp_input in = { 0 };
	struct vnuma__smp s = { 0 };
	struct smp_src whole;
	struct vnuma__loc loc;
	int rc;

	if (!out || !p || !cfg)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out, profile and cfg must not be NULL");
	collect(&in, cfg);
	rc = visit(&in, err);
	if (!rc)
		rc = warn_zero(&in, w, err);
	if (rc)
		return rc;
	/* The 64-bit values land in 32-bit unsigned fields, as in QEMU. */
	s.cpus = (uint32_t)in.v[F_CPUS];
	s.sockets = (uint32_t)in.v[F_SOCKETS];
	s.dies = (uint32_t)in.v[F_DIES];
	s.clusters = (uint32_t)in.v[F_CLUSTERS];
	s.cores = (uint32_t)in.v[F_CORES];
	s.threads = (uint32_t)in.v[F_THREADS];
	s.max_cpus = (uint32_t)in.v[F_MAXCPUS];
	rc = check_levels(&s, p, &in, err);
	if (rc)
		return rc;
	s.dies = s.dies ? s.dies : 1;
	s.clusters = s.clusters ? s.clusters : 1;
	whole = (struct smp_src){ in.last, NULL, NULL };
	loc = src_loc(&whole);
	if (!infer(&s, p))
		return overflow_error(&s, p, &loc, err);
	s.max_cpus = s.max_cpus ? s.max_cpus : product32(&s);
	s.cpus = s.cpus ? s.cpus : s.max_cpus;
	rc = check(&s, p, &in, err);
	if (rc)
		return rc;
	*out = s;
	return VNUMA_OK;
}

int vnuma__smp_parse(struct vnuma__smp *out, const struct vnuma__profile *p,
		     const struct vnuma_config *cfg, vnuma_error **err)
{
	return vnuma__smp_parse_warn(out, p, cfg, NULL, err);
}
