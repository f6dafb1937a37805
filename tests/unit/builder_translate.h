/* SPDX-License-Identifier: MIT */
/*
 * For test_builder.c: turns a QEMU option into the builder call that
 * stands for it, field by field, the way a VMM would fill the specs from
 * its own configuration. Options the builder has no call for (-cpu,
 * -accel, ...) and the JSON forms are added as text.
 */
#ifndef VNUMA_TESTS_BUILDER_TRANSLATE_H
#define VNUMA_TESTS_BUILDER_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnuma/vnuma.h"

#define TR_MAX 64

struct tr_pair {
	char key[64];
	char value[256];
};

/* One option split into pairs, and the spec fields that point into it. */
struct tr {
	struct tr_pair p[TR_MAX];
	size_t n;
	vnuma_prop props[TR_MAX];
	size_t n_props;
	vnuma_index_range ranges[TR_MAX];
	size_t n_ranges;
	const char *fn;	  /* the builder function used, or NULL (text) */
	bool untranslatable; /* a value the builder's types cannot hold */
};

/*
 * QemuOpts/keyval splitting: ",," is a comma; a bare first element is
 * the implied key's value.
 */
static inline bool tr_split(struct tr *t, const char *arg, const char *implied)
{
	const char *s = arg;

	t->n = 0;
	while (*s) {
		struct tr_pair *p = &t->p[t->n];
		char *d = p->value;
		size_t k = 0;
		const char *eq = NULL;

		if (t->n == TR_MAX)
			return false;
		/* key up to '=' or ',' */
		while (s[k] && s[k] != '=' && s[k] != ',')
			k++;
		if (s[k] == '=' && k < sizeof(p->key)) {
			memcpy(p->key, s, k);
			p->key[k] = '\0';
			eq = s + k + 1;
		} else if (t->n == 0 && implied) {
			strcpy(p->key, implied);
			eq = s;
		} else {
			return false; /* a flag ("prealloc") or a bare word */
		}
		s = eq;
		while (*s) {
			if (*s == ',' && s[1] == ',') {
				*d++ = ',';
				s += 2;
				continue;
			}
			if (*s == ',')
				break;
			if (d - p->value >= (long)sizeof(p->value) - 1)
				return false;
			*d++ = *s++;
		}
		*d = '\0';
		if (*s == ',')
			s++;
		t->n++;
	}
	return true;
}

/* The option cannot be expressed: nothing is added. */
static inline int tr_fail(struct tr *t)
{
	t->untranslatable = true;
	return 0;
}

static inline uint64_t tr_num(struct tr *t, const char *v)
{
	char *end;
	unsigned long long n;

	if (!*v || *v == '-') {
		t->untranslatable = true;
		return 0;
	}
	n = strtoull(v, &end, 0);
	if (*end || n == UINT64_MAX)
		t->untranslatable = true;
	return n;
}

/* A size with an optional suffix; unit is the one of a bare number. */
static inline uint64_t tr_size(struct tr *t, const char *v, char unit)
{
	static const char sfx[] = "BKMGTPE";
	char *end;
	unsigned long long n;
	const char *u;
	int shift;

	if (!*v || *v == '-') {
		t->untranslatable = true;
		return 0;
	}
	n = strtoull(v, &end, 10);
	if (!*end)
		end = &unit;
	u = strchr(sfx, end[0] >= 'a' ? end[0] - 32 : end[0]);
	if (!u || !*u || (end != &unit && end[1])) {
		t->untranslatable = true;
		return 0;
	}
	shift = 10 * (int)(u - sfx);
	if (shift && n > (UINT64_MAX >> shift)) {
		t->untranslatable = true;
		return 0;
	}
	return n << shift;
}

static inline void tr_range(struct tr *t, const char *v)
{
	vnuma_index_range *r = &t->ranges[t->n_ranges++];
	char buf[256];
	char *dash;

	snprintf(buf, sizeof(buf), "%s", v);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	r->first = tr_num(t, buf);
	r->last = dash ? tr_num(t, dash + 1) : r->first;
}

static inline void tr_prop(struct tr *t, const struct tr_pair *p)
{
	t->props[t->n_props].key = p->key;
	t->props[t->n_props].value = p->value;
	t->n_props++;
}

#define IS(k) (!strcmp(p->key, (k)))

static inline int tr_machine(struct tr *t, vnuma_config *cfg, const char *arg,
			     vnuma_error **err)
{
	vnuma_machine_spec s = VNUMA_MACHINE_SPEC_INIT;

	if (!tr_split(t, arg, "type"))
		return tr_fail(t);
	for (size_t i = 0; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("type"))
			s.type = p->value;
		else
			tr_prop(t, p);
	}
	s.props = t->props;
	s.n_props = t->n_props;
	t->fn = "vnuma_builder_machine";
	return t->untranslatable ? 0 : vnuma_builder_machine(cfg, &s, err);
}

static inline int tr_m(struct tr *t, vnuma_config *cfg, const char *arg,
		       vnuma_error **err)
{
	vnuma_memory_spec s = VNUMA_MEMORY_SPEC_INIT;

	if (!tr_split(t, arg, "size"))
		return tr_fail(t);
	for (size_t i = 0; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("size"))
			s.size = tr_size(t, p->value, 'M');
		else if (IS("slots"))
			s.slots = tr_num(t, p->value);
		else if (IS("maxmem"))
			s.maxmem = tr_size(t, p->value, 'B');
		else
			t->untranslatable = true;
	}
	t->fn = "vnuma_builder_memory";
	return t->untranslatable ? 0 : vnuma_builder_memory(cfg, &s, err);
}

static inline int tr_smp(struct tr *t, vnuma_config *cfg, const char *arg,
			 vnuma_error **err)
{
	vnuma_smp_spec s = VNUMA_SMP_SPEC_INIT;

	if (!tr_split(t, arg, "cpus"))
		return tr_fail(t);
	for (size_t i = 0; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];
		uint64_t v = tr_num(t, p->value);

		if (IS("cpus"))
			s.cpus = v;
		else if (IS("maxcpus"))
			s.maxcpus = v;
		else if (IS("sockets"))
			s.sockets = v;
		else if (IS("dies"))
			s.dies = v;
		else if (IS("clusters"))
			s.clusters = v;
		else if (IS("cores"))
			s.cores = v;
		else if (IS("threads"))
			s.threads = v;
		else
			t->untranslatable = true;
	}
	t->fn = "vnuma_builder_smp";
	return t->untranslatable ? 0 : vnuma_builder_smp(cfg, &s, err);
}

static inline int tr_flag(struct tr *t, const char *v)
{
	if (!strcmp(v, "on"))
		return VNUMA_FLAG_ON;
	if (!strcmp(v, "off"))
		return VNUMA_FLAG_OFF;
	t->untranslatable = true;
	return VNUMA_FLAG_UNSET;
}

static inline int tr_object(struct tr *t, vnuma_config *cfg, const char *arg,
			    vnuma_error **err)
{
	vnuma_backend_spec s = VNUMA_BACKEND_SPEC_INIT;

	if (!tr_split(t, arg, "qom-type"))
		return tr_fail(t);
	for (size_t i = 0; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("qom-type") && !strcmp(p->value, "memory-backend-ram"))
			s.type = VNUMA_BACKEND_RAM;
		else if (IS("qom-type") &&
			 !strcmp(p->value, "memory-backend-file"))
			s.type = VNUMA_BACKEND_FILE;
		else if (IS("qom-type") &&
			 !strcmp(p->value, "memory-backend-memfd"))
			s.type = VNUMA_BACKEND_MEMFD;
		else if (IS("qom-type"))
			t->untranslatable = true;
		else if (IS("id"))
			s.id = p->value;
		else if (IS("size"))
			s.size = tr_size(t, p->value, 'B');
		else if (IS("mem-path"))
			s.mem_path = p->value;
		else if ((IS("share") || IS("prealloc")) &&
			 strcmp(p->value, "on") && strcmp(p->value, "off"))
			tr_prop(t, p); /* not a vnuma_flag: given as text */
		else if (IS("share"))
			s.share = tr_flag(t, p->value);
		else if (IS("prealloc"))
			s.prealloc = tr_flag(t, p->value);
		else if (IS("policy"))
			s.policy = p->value;
		else if (IS("host-nodes"))
			tr_range(t, p->value);
		else
			tr_prop(t, p);
	}
	s.host_nodes = t->ranges;
	s.n_host_nodes = t->n_ranges;
	s.props = t->props;
	s.n_props = t->n_props;
	t->fn = "vnuma_builder_add_backend";
	return t->untranslatable ? 0 : vnuma_builder_add_backend(cfg, &s, err);
}

static inline int tr_device(struct tr *t, vnuma_config *cfg, const char *arg,
			    vnuma_error **err)
{
	vnuma_device_spec s = VNUMA_DEVICE_SPEC_INIT;

	if (!tr_split(t, arg, "driver"))
		return tr_fail(t);
	s.driver = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("driver"))
			s.driver = p->value;
		else if (IS("id"))
			s.id = p->value;
		else if (IS("memdev"))
			s.memdev = p->value;
		else if (IS("node"))
			s.node = tr_num(t, p->value);
		else if (IS("slot"))
			s.slot = tr_num(t, p->value);
		else if (IS("addr"))
			s.addr = tr_num(t, p->value);
		else
			tr_prop(t, p);
	}
	s.props = t->props;
	s.n_props = t->n_props;
	t->fn = "vnuma_builder_add_device";
	return t->untranslatable ? 0 : vnuma_builder_add_device(cfg, &s, err);
}

static inline int tr_node(struct tr *t, vnuma_config *cfg, vnuma_error **err)
{
	vnuma_node_spec s = VNUMA_NODE_SPEC_INIT;

	for (size_t i = 1; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("nodeid"))
			s.nodeid = tr_num(t, p->value);
		else if (IS("cpus"))
			tr_range(t, p->value);
		else if (IS("memdev"))
			s.memdev = p->value;
		else if (IS("mem"))
			s.mem = tr_size(t, p->value, 'M');
		else if (IS("initiator"))
			s.initiator = tr_num(t, p->value);
		else
			t->untranslatable = true;
	}
	s.cpus = t->ranges;
	s.n_cpus = t->n_ranges;
	t->fn = "vnuma_builder_add_node";
	return t->untranslatable ? 0 : vnuma_builder_add_node(cfg, &s, err);
}

static inline int tr_dist(struct tr *t, vnuma_config *cfg, vnuma_error **err)
{
	uint64_t src = VNUMA_UNSET, dst = VNUMA_UNSET, val = VNUMA_UNSET;

	for (size_t i = 1; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("src"))
			src = tr_num(t, p->value);
		else if (IS("dst"))
			dst = tr_num(t, p->value);
		else if (IS("val"))
			val = tr_num(t, p->value);
		else
			t->untranslatable = true;
	}
	t->fn = "vnuma_builder_add_distance";
	return t->untranslatable ? 0 :
		vnuma_builder_add_distance(cfg, src, dst, val, err);
}

static inline int tr_cpu(struct tr *t, vnuma_config *cfg, vnuma_error **err)
{
	vnuma_cpu_spec s = VNUMA_CPU_SPEC_INIT;

	for (size_t i = 1; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];
		uint64_t v = tr_num(t, p->value);

		if (IS("node-id"))
			s.node_id = v;
		else if (IS("socket-id"))
			s.socket_id = v;
		else if (IS("die-id"))
			s.die_id = v;
		else if (IS("cluster-id"))
			s.cluster_id = v;
		else if (IS("core-id"))
			s.core_id = v;
		else if (IS("thread-id"))
			s.thread_id = v;
		else
			t->untranslatable = true;
	}
	t->fn = "vnuma_builder_add_cpu";
	return t->untranslatable ? 0 : vnuma_builder_add_cpu(cfg, &s, err);
}

static inline int tr_hmat_lb(struct tr *t, vnuma_config *cfg,
			     vnuma_error **err)
{
	vnuma_hmat_lb_spec s = VNUMA_HMAT_LB_SPEC_INIT;

	for (size_t i = 1; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("initiator"))
			s.initiator = tr_num(t, p->value);
		else if (IS("target"))
			s.target = tr_num(t, p->value);
		else if (IS("hierarchy"))
			s.hierarchy = p->value;
		else if (IS("data-type"))
			s.data_type = p->value;
		else if (IS("latency"))
			s.latency = tr_num(t, p->value);
		else if (IS("bandwidth"))
			s.bandwidth = tr_size(t, p->value, 'B');
		else
			t->untranslatable = true;
	}
	t->fn = "vnuma_builder_add_hmat_lb";
	return t->untranslatable ? 0 : vnuma_builder_add_hmat_lb(cfg, &s, err);
}

static inline int tr_hmat_cache(struct tr *t, vnuma_config *cfg,
				vnuma_error **err)
{
	vnuma_hmat_cache_spec s = VNUMA_HMAT_CACHE_SPEC_INIT;

	for (size_t i = 1; i < t->n; i++) {
		const struct tr_pair *p = &t->p[i];

		if (IS("node-id"))
			s.node_id = tr_num(t, p->value);
		else if (IS("size"))
			s.size = tr_size(t, p->value, 'B');
		else if (IS("level"))
			s.level = tr_num(t, p->value);
		else if (IS("associativity"))
			s.associativity = p->value;
		else if (IS("policy"))
			s.policy = p->value;
		else if (IS("line"))
			s.line = tr_num(t, p->value);
		else
			t->untranslatable = true;
	}
	t->fn = "vnuma_builder_add_hmat_cache";
	return t->untranslatable ? 0 :
		vnuma_builder_add_hmat_cache(cfg, &s, err);
}

static inline int tr_numa(struct tr *t, vnuma_config *cfg, const char *arg,
			  vnuma_error **err)
{
	if (!tr_split(t, arg, "type") || !t->n)
		return tr_fail(t);
	if (!strcmp(t->p[0].key, "type")) {
		const char *type = t->p[0].value;

		if (!strcmp(type, "node"))
			return tr_node(t, cfg, err);
		if (!strcmp(type, "dist"))
			return tr_dist(t, cfg, err);
		if (!strcmp(type, "cpu"))
			return tr_cpu(t, cfg, err);
		if (!strcmp(type, "hmat-lb"))
			return tr_hmat_lb(t, cfg, err);
		if (!strcmp(type, "hmat-cache"))
			return tr_hmat_cache(t, cfg, err);
	}
	return tr_fail(t);
}

#undef IS

/*
 * Adds one option through the builder (t->fn says which call) or, for an
 * option the builder has no call for, as text (t->fn NULL). Returns the
 * call's status; t->untranslatable when the option cannot be expressed
 * (nothing was added then).
 */
static inline int tr_add(struct tr *t, vnuma_config *cfg, const char *opt,
			 const char *arg, vnuma_error **err)
{
	memset(t, 0, sizeof(*t));
	if (arg && arg[0] == '{')
		return vnuma_config_add(cfg, opt, arg, err);
	if (!strcmp(opt, "-M") || !strcmp(opt, "-machine"))
		return tr_machine(t, cfg, arg, err);
	if (!strcmp(opt, "-m"))
		return tr_m(t, cfg, arg, err);
	if (!strcmp(opt, "-smp"))
		return tr_smp(t, cfg, arg, err);
	if (!strcmp(opt, "-object") && !strncmp(arg, "memory-backend-", 15))
		return tr_object(t, cfg, arg, err);
	if (!strcmp(opt, "-device"))
		return tr_device(t, cfg, arg, err);
	if (!strcmp(opt, "-numa"))
		return tr_numa(t, cfg, arg, err);
	return vnuma_config_add(cfg, opt, arg, err);
}

#endif
