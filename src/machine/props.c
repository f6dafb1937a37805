/* SPDX-License-Identifier: MIT */
/*
 * The machine's properties as the options set them, kept for the public
 * getter: the merged dictionary is gone once the machine is built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "machine_dict.h"

static int add(struct vnuma__machine *m, size_t *cap, const char *key,
	       const char *sub, const char *value)
{
	struct vnuma__kv kv = { 0 };
	size_t n = strlen(key) + (sub ? strlen(sub) + 1 : 0) + 1;

	if (vnuma__grow(&m->props, cap, m->n_props + 1, sizeof(*m->props)))
		return VNUMA_E_NOMEM;
	kv.key = malloc(n);
	kv.value = vnuma__strdup(value ? value : "");
	if (!kv.key || !kv.value) {
		free(kv.key);
		free(kv.value);
		return VNUMA_E_NOMEM;
	}
	snprintf(kv.key, n, sub ? "%s.%s" : "%s", key, sub);
	m->props[m->n_props++] = kv;
	return VNUMA_OK;
}

int vnuma__machine_props_record(struct vnuma__machine *m,
				const struct vnuma__mdict *d,
				vnuma_error **err)
{
	size_t *order = vnuma__mdict_order(d);
	size_t cap = 0;
	int rc = VNUMA_OK;

	if (!order)
		return vnuma__error_nomem(err);
	for (size_t i = 0; i < d->n && !rc; i++) {
		const struct vnuma__mkey *k = &d->v[order[i]];

		if (k->value)
			rc = add(m, &cap, k->key, NULL, k->value);
		for (size_t j = 0; j < k->n_sub && !rc; j++)
			if (k->sub[j].value)
				rc = add(m, &cap, k->key, k->sub[j].key,
					 k->sub[j].value);
	}
	free(order);
	return rc ? vnuma__error_nomem(err) : VNUMA_OK;
}
