/* SPDX-License-Identifier: MIT */
/*
 * QEMU's machine_opts_dict: every -machine entry, -smp and -m merged into
 * one keyval dictionary. Only its observable behaviour is modelled: which
 * value wins, which merges conflict, and the order in which QEMU walks the
 * keys (QDict hashes a key into one of 512 buckets, each a list with the
 * newest key first, and walks the buckets in turn).
 */
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "machine_dict.h"

#define QDICT_BUCKETS 512

unsigned vnuma__mdict_bucket(const char *key)
{
	uint32_t v = 0x238F13AFu * (uint32_t)strlen(key);

	for (uint32_t i = 0; key[i]; i++)
		v += (uint32_t)(unsigned char)key[i] << (i * 5 % 24);
	return (1103515243u * v + 12345u) % QDICT_BUCKETS;
}

struct vnuma__mkey *vnuma__mdict_find(struct vnuma__mdict *d, const char *key)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].key, key))
			return &d->v[i];
	return NULL;
}

struct vnuma__msub *vnuma__mdict_sub(struct vnuma__mkey *k, const char *sub)
{
	for (size_t i = 0; k && i < k->n_sub; i++)
		if (!strcmp(k->sub[i].key, sub))
			return &k->sub[i];
	return NULL;
}

static struct vnuma__mkey *add_key(struct vnuma__mdict *d, const char *key,
				   size_t len)
{
	struct vnuma__mkey *k;

	if (vnuma__grow(&d->v, &d->cap, d->n + 1, sizeof(*d->v)))
		return NULL;
	k = &d->v[d->n];
	memset(k, 0, sizeof(*k));
	k->key = vnuma__strndup(key, len);
	if (!k->key)
		return NULL;
	k->seq = d->seq++;
	d->n++;
	return k;
}

static void free_key(struct vnuma__mkey *k)
{
	for (size_t i = 0; i < k->n_sub; i++) {
		free(k->sub[i].key);
		free(k->sub[i].value);
	}
	free(k->sub);
	free(k->key);
	free(k->value);
}

void vnuma__mdict_del(struct vnuma__mdict *d, struct vnuma__mkey *k)
{
	size_t i = (size_t)(k - d->v);

	free_key(k);
	memmove(&d->v[i], &d->v[i + 1], (d->n - i - 1) * sizeof(*d->v));
	d->n--;
}

void vnuma__mdict_fini(struct vnuma__mdict *d)
{
	for (size_t i = 0; i < d->n; i++)
		free_key(&d->v[i]);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* Replaces a string in place; the old one is kept on failure. */
static int set_str(char **dst, const char *value)
{
	char *s = vnuma__strdup(value);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

static int put_sub(struct vnuma__mkey *k, const char *sub, const char *value,
		   const struct vnuma__opts *o, const struct vnuma__opt *opt)
{
	struct vnuma__msub *s = vnuma__mdict_sub(k, sub);

	if (!s) {
		if (vnuma__grow(&k->sub, &k->cap_sub, k->n_sub + 1,
				sizeof(*k->sub)))
			return -1;
		s = &k->sub[k->n_sub];
		memset(s, 0, sizeof(*s));
		s->key = vnuma__strdup(sub);
		if (!s->key)
			return -1;
		k->n_sub++;
	}
	if (set_str(&s->value, value))
		return -1;
	s->opts = o;
	s->opt = opt;
	return 0;
}

int vnuma__mdict_put_sub(struct vnuma__mdict *d, const char *key,
			 const char *sub, const char *value,
			 const struct vnuma__opts *o,
			 const struct vnuma__opt *opt, vnuma_error **err)
{
	struct vnuma__mkey *k = vnuma__mdict_find(d, key);

	if (!k && !(k = add_key(d, key, strlen(key))))
		return vnuma__error_nomem(err);
	if (sub && put_sub(k, sub, value, o, opt))
		return vnuma__error_nomem(err);
	return VNUMA_OK;
}

static int inconsistent(const struct vnuma__opts *o,
			const struct vnuma__opt *opt, const char *key,
			size_t len, vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(o, opt);

	return vnuma__error_set(err, VNUMA_E_CONFLICT,
				"machine.keyval-inconsistent", &loc,
				"Parameters '%.*s.*' used inconsistently",
				(int)len, key);
}

/* One key=value of a -machine entry; later values replace earlier ones. */
static int merge_one(struct vnuma__mdict *d, const struct vnuma__opts *o,
		     const struct vnuma__opt *opt, vnuma_error **err)
{
	const char *dot = strchr(opt->key, '.');
	size_t len = dot ? (size_t)(dot - opt->key) : strlen(opt->key);
	struct vnuma__mkey *k = NULL;

	for (size_t i = 0; i < d->n && !k; i++)
		if (strlen(d->v[i].key) == len &&
		    !memcmp(d->v[i].key, opt->key, len))
			k = &d->v[i];
	if (k && (dot != NULL) != (k->value == NULL))
		return inconsistent(o, opt, opt->key, len, err);
	if (!k && !(k = add_key(d, opt->key, len)))
		return vnuma__error_nomem(err);
	k->opts = o;
	k->opt = opt;
	if (dot ? put_sub(k, dot + 1, opt->value, o, opt) :
		  set_str(&k->value, opt->value))
		return vnuma__error_nomem(err);
	return VNUMA_OK;
}

int vnuma__mdict_merge(struct vnuma__mdict *d, const struct vnuma__opts *o,
		       vnuma_error **err)
{
	for (size_t i = 0; i < o->n; i++) {
		int rc = merge_one(d, o, &o->v[i], err);

		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

int vnuma__mdict_join(struct vnuma__mdict *d, const char *key,
		      const struct vnuma__opts *o, vnuma_error **err)
{
	struct vnuma__mkey *k = vnuma__mdict_find(d, key);
	struct vnuma__loc loc = vnuma__opts_loc(o, NULL);

	if (k && k->value)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"machine.keyval-inconsistent", &loc,
					"Parameter '%s' used inconsistently",
					key);
	if (!k && !add_key(d, key, strlen(key)))
		return vnuma__error_nomem(err);
	return VNUMA_OK;
}

int vnuma__mdict_put(struct vnuma__mdict *d, const char *key,
		     const char *value, const struct vnuma__opts *o,
		     vnuma_error **err)
{
	struct vnuma__mkey *k = vnuma__mdict_find(d, key);

	if (!k && !(k = add_key(d, key, strlen(key))))
		return vnuma__error_nomem(err);
	if (set_str(&k->value, value))
		return vnuma__error_nomem(err);
	/* A string replaces a dictionary in place, as qdict_put does. */
	for (size_t i = 0; i < k->n_sub; i++) {
		free(k->sub[i].key);
		free(k->sub[i].value);
	}
	k->n_sub = 0;
	k->opts = o;
	k->opt = NULL;
	return VNUMA_OK;
}

static int cmp_walk(const void *a, const void *b, void *arg)
{
	const struct vnuma__mdict *d = arg;
	const struct vnuma__mkey *x = &d->v[*(const size_t *)a];
	const struct vnuma__mkey *y = &d->v[*(const size_t *)b];
	unsigned bx = vnuma__mdict_bucket(x->key);
	unsigned by = vnuma__mdict_bucket(y->key);

	if (bx != by)
		return bx < by ? -1 : 1;
	return x->seq > y->seq ? -1 : x->seq < y->seq;
}

size_t *vnuma__mdict_order(const struct vnuma__mdict *d)
{
	size_t *idx = malloc((d->n ? d->n : 1) * sizeof(*idx));

	if (!idx)
		return NULL;
	for (size_t i = 0; i < d->n; i++)
		idx[i] = i;
	qsort_r(idx, d->n, sizeof(*idx), cmp_walk, (void *)d);
	return idx;
}

/* Renames one key to its dashed spelling, as a new (newest) entry. */
static int dashify_key(struct vnuma__mdict *d, size_t i, vnuma_error **err)
{
	struct vnuma__mkey *k = &d->v[i];
	char *nk = vnuma__strdup(k->key);

	if (!nk)
		return vnuma__error_nomem(err);
	for (char *p = nk; *p; p++)
		if (*p == '_')
			*p = '-';
	if (vnuma__mdict_find(d, nk)) {
		struct vnuma__loc loc = vnuma__opts_loc(k->opts, k->opt);
		int rc;

		loc.option = NULL;
		rc = vnuma__error_set(err, VNUMA_E_CONFLICT,
				      "machine.dash-conflict", &loc,
				      "Conflict between '%s' and '%s'", k->key,
				      nk);
		free(nk);
		return rc;
	}
	free(k->key);
	k->key = nk;
	k->seq = d->seq++;
	return VNUMA_OK;
}

int vnuma__mdict_dashify(struct vnuma__mdict *d, vnuma_error **err)
{
	size_t *order = vnuma__mdict_order(d);
	int rc = VNUMA_OK;

	if (!order)
		return vnuma__error_nomem(err);
	for (size_t i = 0; i < d->n && !rc; i++)
		if (strchr(d->v[order[i]].key, '_'))
			rc = dashify_key(d, order[i], err);
	free(order);
	return rc;
}
