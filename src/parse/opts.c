/* SPDX-License-Identifier: MIT */
#include "opts.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "keyval.h"

/* One element of a QemuOpts text, as QEMU's get_opt_name_value sees it. */
struct qtok {
	const char *elem; /* where the element starts */
	const char *name; /* key (implied key, or a slice of the text) */
	size_t name_len;
	const char *val; /* raw value in the text, NULL for flags */
	const char *val_end;
	bool implied, flag, no, help;
};

/* End of a value: the first single ',' or the end; ",," is a comma. */
static const char *value_end(const char *p)
{
	while (*p) {
		if (*p == ',') {
			if (p[1] != ',')
				break;
			p++;
		}
		p++;
	}
	return p;
}

static char *unescape(const char *p, const char *end)
{
	char *s = malloc((size_t)(end - p) + 1), *d = s;

	if (!s)
		return NULL;
	while (p < end) {
		*d++ = *p;
		p += (*p == ',') ? 2 : 1;
	}
	*d = '\0';
	return s;
}

static bool is_help(const char *s, size_t n)
{
	return (n == 1 && *s == '?') || (n == 4 && !memcmp(s, "help", 4));
}

static const char *qemuopts_elem(const char *p, const char *implied,
				 struct qtok *t)
{
	const char *next;
	size_t len = 0;

	/* strcspn(p, "=,"), inline: keys are a few bytes long */
	while (p[len] && p[len] != '=' && p[len] != ',')
		len++;

	memset(t, 0, sizeof(*t));
	t->elem = p;
	if (p[len] != '=' && implied) {
		t->implied = true;
		t->name = implied;
		t->name_len = strlen(implied);
		t->val = p;
		next = t->val_end = value_end(p);
	} else if (p[len] != '=') {
		t->flag = true;
		t->name = p;
		t->name_len = len;
		if (len >= 2 && !memcmp(p, "no", 2)) {
			t->no = true;
			t->name += 2;
			t->name_len -= 2;
		} else {
			t->help = is_help(p, len);
		}
		next = p + len;
	} else {
		t->name = p;
		t->name_len = len;
		t->val = p + len + 1;
		next = t->val_end = value_end(t->val);
	}
	return *next == ',' ? next + 1 : next;
}

/* Only ever asked about "id": no strlen per token. */
static bool tok_is_id(const struct qtok *t)
{
	return t->name_len == 2 && t->name[0] == 'i' && t->name[1] == 'd';
}

static char *tok_value(const struct qtok *t)
{
	if (t->flag)
		return vnuma__strdup(t->no ? "off" : "on");
	return unescape(t->val, t->val_end);
}

/*
 * Cuts the token's value out of scr, the scratch copy of o's text, where
 * pieces are cut out in place, unescaping ",," in place: the unescaped
 * value is never longer than the raw one, and the byte after it (a ','
 * or the end) becomes its terminator.
 */
static char *cut_value(char *scr, const struct vnuma__opts *o,
		       const struct qtok *t)
{
	char *d, *start;
	const char *p = t->val;

	if (t->flag)
		return (char *)(t->no ? "off" : "on");
	start = d = scr + (t->val - o->text);
	while (p < t->val_end) {
		*d++ = *p;
		p += (*p == ',') ? 2 : 1;
	}
	*d = '\0';
	return start;
}

/* The key, cut out of the scratch copy (its '=' or ',' is overwritten). */
static char *cut_key(char *scr, const struct vnuma__opts *o,
		     const struct qtok *t)
{
	char *k;

	if (t->implied)
		return (char *)t->name; /* the caller's constant */
	k = scr + (t->name - o->text);
	k[t->name_len] = '\0';
	return k;
}

static int add_pair(struct vnuma__opts *o, char *key, char *value,
		    const struct vnuma__opt *where, bool owned)
{
	struct vnuma__opt *p;

	if (o->v_in_store && o->n == o->cap && key && value) {
		/* The array in the store is full: move it to the heap. */
		struct vnuma__opt *v = malloc((o->cap + 8) * sizeof(*v));

		if (v) {
			memcpy(v, o->v, o->n * sizeof(*v));
			o->v = v;
			o->cap += 8;
			o->v_in_store = false;
		}
	}
	if (!key || !value ||
	    (!o->v_in_store &&
	     vnuma__grow(&o->v, &o->cap, o->n + 1, sizeof(*o->v))) ||
	    o->n == o->cap) {
		if (owned) {
			free(key);
			free(value);
		}
		return VNUMA_E_NOMEM;
	}
	p = &o->v[o->n++];
	*p = *where;
	p->key = key;
	p->value = value;
	p->owned = owned;
	return VNUMA_OK;
}

bool vnuma__id_wellformed(const char *id)
{
	if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z')))
		return false;
	for (id++; *id; id++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._",
			    *id))
			return false;
	return true;
}

/* strstr(text, "id"), without its setup cost on short texts. */
static bool has_id_text(const char *p)
{
	for (p = strchr(p, 'i'); p; p = strchr(p + 1, 'i'))
		if (p[1] == 'd')
			return true;
	return false;
}

/*
 * True when some element is a bare "key" (a flag), which the check must
 * warn about; most options have none, and skip the element walk.
 */
static bool may_have_flag(const char *p, bool implied)
{
	for (bool first = true; *p; first = false) {
		while (*p && *p != '=' && *p != ',')
			p++;
		if (*p != '=' && !(first && implied))
			return true;
		p = value_end(p);
		if (*p == ',')
			p++;
	}
	return false;
}

/*
 * QEMU finds the id with a scan of its own that knows no implied key, so
 * "-numa id" has the id "on", and "a,,id=x" the id "x", even though the
 * main parse reads those elements differently.
 */
static int find_id(struct vnuma__opts *o, vnuma_error **err)
{
	struct vnuma__loc loc;
	struct qtok t;
	const char *p;

	/* Most options have no id: skip the second scan for them. */
	if (!has_id_text(o->text))
		return VNUMA_OK;
	for (p = o->text; *p;) {
		p = qemuopts_elem(p, NULL, &t);
		if (!tok_is_id(&t))
			continue;
		o->id = tok_value(&t);
		if (!o->id)
			return vnuma__error_nomem(err);
		o->id_off = (size_t)((t.val ? t.val : t.elem) - o->text);
		o->id_len = t.val ? (size_t)(t.val_end - t.val) : 2;
		break;
	}
	if (!o->id)
		return VNUMA_OK;
	loc = (struct vnuma__loc){ .option = o->option,
				   .text = o->text,
				   .key = "id",
				   .offset = o->id_off,
				   .length = o->id_len };
	/* a list that merges all occurrences takes no id at all */
	if (o->syn.merges)
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"opts.id-not-allowed", &loc,
					"Invalid parameter 'id'");
	if (!vnuma__id_wellformed(o->id)) {
		int rc = vnuma__error_set(err, VNUMA_E_SYNTAX,
					  "opts.id-invalid", &loc,
					  "Parameter 'id' expects an "
					  "identifier");

		vnuma__error_append_hint(err,
					 "Identifiers consist of letters, "
					 "digits, '-', '.', '_', starting with "
					 "a letter.\n");
		return rc;
	}
	return VNUMA_OK;
}

static int warn_flag(struct vnuma__opts *o, const struct qtok *t,
		     struct vnuma__warnings *w)
{
	struct vnuma__loc loc = {
		.option = o->option,
		.text = o->text,
		.offset = (size_t)(t->elem - o->text),
		.length = t->name_len + (t->no ? 2 : 0),
	};
	const char *on_off = t->no ? "off" : "on";
	int n = (int)t->name_len;

	if (!w)
		return VNUMA_OK;
	if (vnuma__warn(w, "opts.short-form-boolean", &loc,
			"short-form boolean option '%s%.*s' deprecated",
			t->no ? "no" : "", n, t->name))
		return VNUMA_E_NOMEM;
	/* QEMU's one special case: "delay" is spelled "nodelay=on|off" */
	if (n == 5 && !memcmp(t->name, "delay", 5))
		vnuma__error_append_hint(&w->v[w->n - 1],
					 "Please use nodelay=%s instead\n",
					 t->no ? "on" : "off");
	else
		vnuma__error_append_hint(&w->v[w->n - 1],
					 "Please use %.*s=%s instead\n", n,
					 t->name, on_off);
	return VNUMA_OK;
}

/*
 * What an element means for the whole option: a help request, or a
 * short-form boolean QEMU warns about (not after help in a described
 * list, which honours help and stops there). VNUMA_E_NOMEM if the warning
 * could not be stored.
 */
static int note_elem(struct vnuma__opts *o, const struct qtok *t,
		     struct vnuma__warnings *w)
{
	if (t->flag && !t->help && !(o->syn.described && o->help) &&
	    warn_flag(o, t, w))
		return VNUMA_E_NOMEM;
	if (t->help)
		o->help = true;
	return VNUMA_OK;
}

static int parse_qemuopts(struct vnuma__opts *o, const char *implied,
			  struct vnuma__warnings *w, vnuma_error **err)
{
	/* the scratch copy follows the text in the store */
	char *scr = o->text + o->text_len + 1;
	struct vnuma__opt where;
	struct qtok t;
	const char *p;
	int rc;

	rc = find_id(o, err);
	if (rc)
		return rc;

	for (p = o->text; *p; implied = NULL) {
		p = qemuopts_elem(p, implied, &t);
		if (note_elem(o, &t, w))
			return vnuma__error_nomem(err);
		if (tok_is_id(&t))
			continue;
		memset(&where, 0, sizeof(where));
		where.key_off = (size_t)(t.elem - o->text);
		where.key_len = t.implied ? 0 : t.name_len + (t.no ? 2 : 0);
		where.val_off = (size_t)((t.val ? t.val : t.elem) - o->text);
		where.val_len = t.val ? (size_t)(t.val_end - t.val) :
					where.key_len;
		where.implied = t.implied;
		where.flag = t.flag;
		where.help = t.help;
		if (add_pair(o, cut_key(scr, o, &t), cut_value(scr, o, &t),
			     &where, false))
			return vnuma__error_nomem(err);
	}
	return VNUMA_OK;
}

int vnuma__opts_parse_warn(struct vnuma__opts *out, const char *option,
			   const char *text, const struct vnuma__syntax *syn,
			   struct vnuma__warnings *w, vnuma_error **err)
{
	enum vnuma__opts_mode mode;
	int rc;

	if (!out || !option || !text || !syn)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out, option, text and syntax must be "
					"given");
	mode = syn->mode;
	/*
	 * QemuOpts has at most one pair per comma, plus one: that many are
	 * placed in the store block itself. keyval may make more (lists).
	 */
	{
		size_t pairs = 1;

		for (const char *p = text; mode == VNUMA__OPTS_QEMUOPTS && *p;
		     p++)
			pairs += *p == ',';
		if (vnuma__opts_init_pairs(out, option, text,
					   mode == VNUMA__OPTS_QEMUOPTS ?
						   pairs :
						   0))
			return vnuma__error_nomem(err);
	}
	out->mode = mode;
	out->syn = *syn;
	if (mode == VNUMA__OPTS_KEYVAL)
		rc = vnuma__keyval_parse(out, syn->implied, err);
	else
		rc = parse_qemuopts(out, syn->implied, w, err);
	if (rc)
		vnuma__opts_fini(out);
	return rc;
}

int vnuma__opts_check(struct vnuma__opts *o, const char *option,
		      const char *text, const struct vnuma__syntax *syn,
		      struct vnuma__warnings *w, vnuma_error **err)
{
	const char *implied = syn->implied;
	struct qtok t;
	int rc;

	memset(o, 0, sizeof(*o));
	o->option = (char *)option;
	o->text = (char *)text;
	o->mode = VNUMA__OPTS_QEMUOPTS;
	o->syn = *syn;
	rc = find_id(o, err);
	if (!rc && !may_have_flag(text, implied != NULL))
		return VNUMA_OK;
	/* The same walk as parse_qemuopts, which warns about nothing else. */
	for (const char *p = text; !rc && *p; implied = NULL) {
		p = qemuopts_elem(p, implied, &t);
		if (note_elem(o, &t, w))
			rc = vnuma__error_nomem(err);
	}
	if (rc) {
		free(o->id);
		o->id = NULL;
	}
	return rc;
}

int vnuma__opts_parse(struct vnuma__opts *out, const char *option,
		      const char *text, const struct vnuma__syntax *syn,
		      vnuma_error **err)
{
	return vnuma__opts_parse_warn(out, option, text, syn, NULL, err);
}

int vnuma__opts_add(struct vnuma__opts *o, char *key, char *value,
		    const struct vnuma__opt *where)
{
	return add_pair(o, key, value, where, true);
}

int vnuma__opts_init_pairs(struct vnuma__opts *o, const char *option,
			   const char *text, size_t pairs)
{
	size_t ol = strlen(option) + 1, tl = strlen(text) + 1;
	size_t head = pairs * sizeof(*o->v);
	char *strings;

	memset(o, 0, sizeof(*o));
	if (tl > UINT32_MAX / 2 || ol > UINT32_MAX || pairs > tl)
		return VNUMA_E_NOMEM;
	o->store = malloc(head + ol + 2 * tl);
	if (!o->store)
		return VNUMA_E_NOMEM;
	if (pairs) {
		o->v = (struct vnuma__opt *)(void *)o->store;
		o->cap = pairs;
		o->v_in_store = true;
	}
	strings = o->store + head;
	o->option = memcpy(strings, option, ol);
	o->text = memcpy(strings + ol, text, tl);
	o->text_len = tl - 1;
	memcpy(o->text + tl, text, tl);
	return VNUMA_OK;
}

int vnuma__opts_init(struct vnuma__opts *o, const char *option,
		     const char *text)
{
	return vnuma__opts_init_pairs(o, option, text, 0);
}

void vnuma__opts_fini(struct vnuma__opts *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		if (o->v[i].owned) {
			free(o->v[i].key);
			free(o->v[i].value);
		}
	}
	if (!o->v_in_store)
		free(o->v);
	free(o->store);
	free(o->id);
	memset(o, 0, sizeof(*o));
}

const struct vnuma__opt *vnuma__opts_last(const struct vnuma__opts *o,
					  const char *key)
{
	if (!o || !key)
		return NULL;
	/* Comparing the first byte first skips most calls to strcmp. */
	for (size_t i = o->n; i-- > 0;)
		if (o->v[i].key[0] == key[0] && !o->v[i].elem &&
		    !strcmp(o->v[i].key, key))
			return &o->v[i];
	return NULL;
}

const char *vnuma__opts_id(const struct vnuma__opts *o)
{
	const struct vnuma__opt *id;

	if (o->id || o->mode == VNUMA__OPTS_QEMUOPTS)
		return o->id;
	/* keyval and JSON keep the id as a pair (keyval: the last wins) */
	id = vnuma__opts_last(o, "id");
	if (id && o->mode == VNUMA__OPTS_JSON &&
	    id->jtype != VNUMA__JSON_STRING)
		return NULL;
	return id ? id->value : NULL;
}

struct vnuma__loc vnuma__opts_loc(const struct vnuma__opts *o,
				  const struct vnuma__opt *opt)
{
	struct vnuma__loc loc = { 0 };

	if (!o)
		return loc;
	loc.option = o->option;
	loc.text = o->text;
	if (opt) {
		loc.key = opt->key;
		loc.offset = opt->val_off;
		loc.length = opt->val_len;
	} else if (o->text) {
		loc.length = strlen(o->text);
	}
	return loc;
}
