/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the option syntax layer. Input: "NAME\nTEXT",
 * where NAME picks the option (and so the syntax QEMU's option table gives
 * it: implied key, list rules); TEXT is parsed in both grammars and as
 * JSON, and every getter runs on every pair.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "parse/json.h"
#include "parse/number.h"
#include "parse/opts.h"
#include "parse/visit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "-numa", "-m", "-device", "-object",
				     "-machine", "-smp", NULL };
static const char *const allowed[] = { "type", "nodeid", "cpus", "mem",
				       "size", "id", NULL };
static const struct vnuma__optdesc desc[] = {
	{ "size", VNUMA__OPTTYPE_SIZE },
	{ "slots", VNUMA__OPTTYPE_NUMBER },
	{ "share", VNUMA__OPTTYPE_BOOL },
	{ "path", VNUMA__OPTTYPE_STRING },
	{ NULL, VNUMA__OPTTYPE_STRING },
};

static void drop(vnuma_error **err)
{
	vnuma_error_free(*err);
	*err = NULL;
}

static void visit_all(const struct vnuma__opts *o, struct vnuma__warnings *w)
{
	static const unsigned bits[] = { 8, 16, 32, 64 };
	vnuma_error *err = NULL;
	uint64_t u, *list;
	const char *str;
	int64_t i;
	size_t n;
	bool b;
	int e;

	for (size_t k = 0; k < o->n; k++) {
		const struct vnuma__opt *opt = &o->v[k];

		for (int v = VNUMA__VISIT_OPTS; v <= VNUMA__VISIT_QOBJECT;
		     v++) {
			for (size_t j = 0; j < 4; j++) {
				vnuma__get_uint(o, opt, v, bits[j], &u, &err);
				drop(&err);
				vnuma__get_int(o, opt, v, bits[j], &i, &err);
				drop(&err);
			}
			vnuma__get_size_warn(o, opt, v, w, &u, &err);
			drop(&err);
			vnuma__get_size_legacy(o, opt, v, w, &u, &err);
			drop(&err);
			vnuma__get_bool(o, opt, v, &b, &err);
			drop(&err);
			vnuma__get_enum(o, opt, v, names, "T", &e, &err);
			drop(&err);
			vnuma__get_str(o, opt, v, &str, &err);
			drop(&err);
		}
		/* lists can be 64K values per pair: read a few keys only */
		if (k < 4) {
			list = NULL;
			n = 0;
			vnuma__get_uint_list(o, opt->key, VNUMA__VISIT_OPTS,
					     16, &list, &n, &err);
			free(list);
			drop(&err);
			list = NULL;
			n = 0;
			vnuma__get_uint_list(o, opt->key, VNUMA__VISIT_QOBJECT,
					     16, &list, &n, &err);
			free(list);
			drop(&err);
		}
	}
	for (int v = VNUMA__VISIT_OPTS; v <= VNUMA__VISIT_QOBJECT; v++) {
		vnuma__check_keys(o, v, allowed, &err);
		drop(&err);
	}
	vnuma__qemuopts_validate(o, desc, &err);
	drop(&err);
	(void)vnuma__opts_last(o, "type");
	(void)vnuma__opts_loc(o, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t name_len = nl ? (size_t)(nl - data) : 0;
	size_t which = 0;
	char *text;

	if (size > 4096)
		return 0;
	for (size_t j = 0; names[j]; j++)
		if (strlen(names[j]) == name_len &&
		    !memcmp(names[j], data, name_len))
			which = j;
	text = malloc(size + 1);
	if (!text)
		return 0;
	/* the text ends at the first NUL, as a C string would */
	memcpy(text, nl ? nl + 1 : data, nl ? size - name_len - 1 : size);
	text[nl ? size - name_len - 1 : size] = '\0';
	for (int mode = VNUMA__OPTS_QEMUOPTS; mode <= VNUMA__OPTS_KEYVAL;
	     mode++) {
		struct vnuma__syntax syn =
			vnuma__qemu_option_find(names[which] + 1)->syntax;
		struct vnuma__warnings w = { 0 };
		struct vnuma__opts o;
		vnuma_error *err = NULL;

		syn.mode = mode;
		if (vnuma__opts_parse_warn(&o, names[which], text, &syn, &w,
					   &err) == 0) {
			visit_all(&o, &w);
			vnuma__opts_fini(&o);
		}
		vnuma_error_free(err);
		vnuma__warnings_fini(&w);
	}
	{
		struct vnuma__warnings w = { 0 };
		struct vnuma__opts o;
		vnuma_error *err = NULL;

		if (vnuma__json_opts_parse(&o, names[which], text, &err) == 0) {
			visit_all(&o, &w);
			vnuma__opts_fini(&o);
		}
		vnuma_error_free(err);
		vnuma__warnings_fini(&w);
	}
	{
		uint64_t u;
		int64_t i;
		bool b;

		vnuma__strtosz(text, 'B', &u);
		vnuma__strtosz(text, 'M', &u);
		vnuma__strtou64(text, &u);
		vnuma__strtoi64(text, &i);
		vnuma__parse_uint_full(text, &u);
		vnuma__parse_bool(text, &b);
	}
	free(text);
	return 0;
}
