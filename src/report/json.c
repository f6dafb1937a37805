/* SPDX-License-Identifier: MIT */
/*
 * The JSON report (doc/json-schema.md). Keys are inserted in the
 * documented order and jansson keeps insertion order, so the text is
 * reproducible. jansson's setters take the value's reference even when
 * they fail, and refuse a NULL value, so an allocation failure anywhere
 * shows up as a non-zero sum of their results and leaks nothing.
 */
#include "vnuma/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* JSON numbers above INT64_MAX cannot be jansson integers. */
static json_t *ju64(uint64_t v)
{
	return v <= INT64_MAX ? json_integer((json_int_t)v) :
				json_real((double)v);
}

/* An id, or null where QEMU has none (-1). */
static json_t *jid(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = 0;

	if (*s < 0x80)
		n = 1;
	else if (*s >= 0xc2 && *s < 0xe0)
		n = 2;
	else if (*s >= 0xe0 && *s < 0xf0)
		n = 3;
	else if (*s >= 0xf0 && *s <= 0xf4)
		n = 4;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
	    (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (n == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
	    (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

/*
 * User text need not be UTF-8 (a mem-path, an option's text), but JSON
 * must be: a bad byte becomes U+FFFD.
 */
static json_t *jstr(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct vnuma__buf b = { 0 };
	json_t *v;
	char *fixed;

	while (*p) {
		size_t n = utf8_len(p);

		if (n)
			vnuma__buf_add(&b, (const char *)p, n);
		else
			vnuma__buf_puts(&b, "\xef\xbf\xbd");
		p += n ? n : 1;
	}
	fixed = vnuma__buf_take(&b);
	v = fixed ? json_string(fixed) : NULL;
	free(fixed);
	return v;
}

static json_t *jstr_or_null(const char *s)
{
	return s ? jstr(s) : json_null();
}

static int set(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v) ? 1 : 0;
}

static int push(json_t *a, json_t *v)
{
	return json_array_append_new(a, v) ? 1 : 0;
}

static json_t *smp_obj(const struct vnuma__view_smp *s)
{
	json_t *o = json_object();
	int bad = 0;

	bad += set(o, "sockets", json_integer(s->sockets));
	bad += set(o, "dies", json_integer(s->dies));
	bad += set(o, "clusters", json_integer(s->clusters));
	bad += set(o, "cores", json_integer(s->cores));
	bad += set(o, "threads", json_integer(s->threads));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

static json_t *machine_obj(const struct vnuma__view_machine *m)
{
	const char *resolved = m->resolved;
	json_t *o = json_object(), *props = json_object();
	int bad = 0;

	for (size_t i = 0; i < m->n_props; i++)
		bad += set(props, m->props[i].key, jstr(m->props[i].value));
	bad += set(o, "type", jstr_or_null(m->type ? m->type : resolved));
	bad += set(o, "resolved-type", jstr_or_null(resolved));
	bad += set(o, "arch", jstr_or_null(m->arch));
	bad += set(o, "ram-size", ju64(m->ram_size));
	bad += set(o, "slots", ju64(m->ram_slots));
	bad += set(o, "maxmem", ju64(m->maxram_size));
	bad += set(o, "cpus", json_integer(m->smp.cpus));
	bad += set(o, "max-cpus", json_integer(m->smp.max_cpus));
	bad += set(o, "smp", smp_obj(&m->smp));
	bad += set(o, "hmat", json_boolean(m->hmat));
	bad += set(o, "acpi", json_boolean(m->acpi));
	bad += set(o, "accel", jstr(m->accel));
	bad += set(o, "kernel-irqchip", jstr_or_null(m->kernel_irqchip));
	bad += set(o, "properties", props);
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

static json_t *node_obj(const struct vnuma__view *v, uint32_t id)
{
	const struct vnuma__view_node *nd = &v->nodes[id];
	json_t *o = json_object(), *cpus = json_array();
	int bad = 0;

	/* Every possible CPU of the node, as the CPU table has them. */
	for (size_t k = 0; k < nd->n_cpus; k++)
		bad += push(cpus, json_integer(nd->cpus[k]));
	bad += set(o, "id", json_integer(id));
	bad += set(o, "cpus", cpus);
	bad += set(o, "memory", ju64(nd->mem));
	bad += set(o, "plugged", ju64(nd->plugged));
	bad += set(o, "memdev", jstr_or_null(nd->memdev));
	bad += set(o, "initiator",
		   nd->initiator >= 0 ? json_integer(nd->initiator) :
					json_null());
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

static json_t *nodes_arr(const struct vnuma__view *v)
{
	json_t *a = json_array();
	int bad = 0;

	for (uint32_t i = 0; i < v->n_nodes; i++)
		bad += push(a, node_obj(v, i));
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

static json_t *distances(const struct vnuma__view *v)
{
	uint32_t nn = v->n_nodes;
	json_t *a;
	int bad = 0;

	if (!v->have_distances)
		return json_null();
	a = json_array();
	for (uint32_t i = 0; i < nn; i++) {
		json_t *row = json_array();

		for (uint32_t j = 0; j < nn; j++)
			bad += push(row,
				    json_integer(v->dist[(size_t)i * nn + j]));
		bad += push(a, row);
	}
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

static json_t *u32_arr(const uint32_t *v, size_t n)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t i = 0; i < n; i++)
		bad += push(a, json_integer(v[i]));
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

/* One latency or bandwidth table, as the HMAT holds it. */
static json_t *hmat_lb_obj(const struct vnuma__view_hmat_lb *lb)
{
	json_t *o = json_object(), *rows = json_array();
	int bad = 0;

	for (size_t i = 0; i < lb->n_initiators; i++) {
		json_t *row = json_array();

		for (size_t j = 0; j < lb->n_targets; j++)
			bad += push(row,
				    json_integer(
					    lb->entries[i * lb->n_targets +
							j]));
		bad += push(rows, row);
	}
	bad += set(o, "hierarchy", json_string(lb->hierarchy_name));
	bad += set(o, "data-type", json_string(lb->data_type_name));
	bad += set(o, "base", ju64(lb->base));
	bad += set(o, "initiators", u32_arr(lb->initiators, lb->n_initiators));
	bad += set(o, "targets", u32_arr(lb->targets, lb->n_targets));
	bad += set(o, "entries", rows);
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

static json_t *hmat_cache_obj(const struct vnuma__view_hmat_cache *c)
{
	json_t *o = json_object();
	int bad = 0;

	bad += set(o, "node", json_integer(c->node));
	bad += set(o, "level", json_integer(c->level));
	bad += set(o, "size", ju64(c->size));
	bad += set(o, "associativity", json_string(c->associativity));
	bad += set(o, "policy", json_string(c->policy));
	bad += set(o, "line", json_integer(c->line));
	bad += set(o, "attributes", json_integer(c->attributes));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

/* null without -machine hmat=on: QEMU then builds no HMAT. */
static json_t *hmat_obj(const struct vnuma__view *v)
{
	json_t *o, *lbs, *caches;
	int bad = 0;

	if (!v->machine.hmat)
		return json_null();
	o = json_object();
	lbs = json_array();
	caches = json_array();
	for (size_t i = 0; i < v->n_hmat_lb; i++)
		bad += push(lbs, hmat_lb_obj(&v->hmat_lb[i]));
	for (size_t i = 0; i < v->n_hmat_caches; i++)
		bad += push(caches, hmat_cache_obj(&v->hmat_caches[i]));
	bad += set(o, "lb", lbs);
	bad += set(o, "caches", caches);
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

/* The topology ids a CPU has; QEMU's key names and order. */
static int cpu_ids(json_t *o, const struct vnuma__view_cpu *c)
{
	int bad = 0;

	if (c->socket_id >= 0)
		bad += set(o, "socket-id", json_integer(c->socket_id));
	if (c->die_id >= 0)
		bad += set(o, "die-id", json_integer(c->die_id));
	if (c->cluster_id >= 0)
		bad += set(o, "cluster-id", json_integer(c->cluster_id));
	if (c->core_id >= 0)
		bad += set(o, "core-id", json_integer(c->core_id));
	if (c->thread_id >= 0)
		bad += set(o, "thread-id", json_integer(c->thread_id));
	return bad;
}

static json_t *cpus_arr(const struct vnuma__view *v)
{
	json_t *a = json_array();
	int bad = 0;

	for (uint32_t i = 0; i < v->machine.smp.max_cpus; i++) {
		const struct vnuma__view_cpu *c = &v->cpus[i];
		json_t *o = json_object();

		bad += set(o, "index", json_integer(c->index));
		bad += set(o, "node-id", jid(c->node_id));
		bad += cpu_ids(o, c);
		if (c->has_apic_id)
			bad += set(o, "apic-id", ju64(c->arch_id));
		bad += set(o, "present", json_boolean(c->present));
		bad += push(a, o);
	}
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

/* query-memdev's Memdev, its fields in the schema's order. */
static json_t *memdev_obj(const vnuma_memdev_info *d)
{
	json_t *o = json_object(), *hn = json_array();
	int bad = 0;

	for (size_t i = 0; i < d->n_host_nodes; i++)
		bad += push(hn, ju64(d->host_nodes[i]));
	bad += set(o, "id", jstr(d->id));
	bad += set(o, "size", ju64(d->size));
	bad += set(o, "merge", json_boolean(d->merge));
	bad += set(o, "dump", json_boolean(d->dump));
	bad += set(o, "prealloc", json_boolean(d->prealloc));
	bad += set(o, "share", json_boolean(d->share));
	bad += set(o, "reserve", json_boolean(d->reserve));
	bad += set(o, "host-nodes", hn);
	bad += set(o, "policy", jstr(d->policy));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

static json_t *memdevs_arr(const struct vnuma__view *v)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t i = 0; i < v->n_memdevs; i++)
		bad += push(a, memdev_obj(&v->memdevs[i]));
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

/*
 * query-hotpluggable-cpus' HotpluggableCPU, highest index first as QEMU
 * lists them; "present" stands for QEMU's qom-path (set for plugged CPUs),
 * whose device numbers vnuma cannot reproduce.
 */
static json_t *hotpluggable_obj(const struct vnuma__view_cpu *c,
				const char *type)
{
	json_t *o = json_object(), *props = json_object();
	int bad = 0;

	if (c->node_id >= 0)
		bad += set(props, "node-id", json_integer(c->node_id));
	bad += cpu_ids(props, c);
	bad += set(o, "props", props);
	bad += set(o, "vcpus-count", json_integer(1));
	bad += set(o, "present", json_boolean(c->present));
	bad += set(o, "type", jstr(type));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

static json_t *hotpluggable_arr(const struct vnuma__view *v)
{
	const char *type = v->machine.cpu_type;
	json_t *a = json_array();
	int bad = 0;

	/* A board without an architecture ("none") has no CPU slots. */
	for (uint32_t i = v->machine.smp.max_cpus; type && i-- > 0;)
		bad += push(a, hotpluggable_obj(&v->cpus[i], type));
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

static json_t *summary_obj(const struct vnuma__view *v)
{
	json_t *o = json_object();
	int bad = 0;

	bad += set(o, "base-memory", ju64(v->machine.ram_size));
	bad += set(o, "plugged-memory", ju64(v->plugged_total));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

static json_t *range_flags_arr(uint32_t flags)
{
	json_t *a = json_array();
	int bad = 0;

	if (flags & VNUMA_RANGE_ENABLED)
		bad += push(a, json_string("enabled"));
	if (flags & VNUMA_RANGE_HOTPLUGGABLE)
		bad += push(a, json_string("hotpluggable"));
	if (flags & VNUMA_RANGE_HOLE)
		bad += push(a, json_string("hole"));
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

static json_t *range_obj(const struct vnuma_range *r)
{
	json_t *o = json_object();
	int bad = 0;

	bad += set(o, "start", ju64(r->start));
	bad += set(o, "size", ju64(r->size));
	bad += set(o, "node", jid(r->node));
	bad += set(o, "flags", range_flags_arr(r->flags));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

/* The guest physical memory map and the device-memory region. */
static json_t *memory_map_obj(const struct vnuma__view *l)
{
	json_t *o = json_object(), *ranges = json_array(), *hp;
	int bad = 0;

	for (size_t i = 0; i < l->n_ranges; i++)
		bad += push(ranges, range_obj(&l->ranges[i]));
	if (l->hotplug_size) {
		hp = json_object();
		bad += set(hp, "base", ju64(l->hotplug_base));
		bad += set(hp, "size", ju64(l->hotplug_size));
	} else {
		hp = json_null();
	}
	bad += set(o, "ranges", ranges);
	bad += set(o, "hotplug-region", hp);
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

/*
 * query-memory-devices' data for one device (id only when it has one;
 * memdev as the QOM path of the backend): PCDIMMDeviceInfo for pc-dimm
 * and nvdimm, VirtioMEMDeviceInfo (size: what the guest plugged, none
 * before it runs; max-size: the region) and VirtioPMEMDeviceInfo.
 */
static json_t *dimm_obj(const struct vnuma__view_mdev *d)
{
	json_t *o = json_object(), *data = json_object();
	char *path = vnuma__sprintf("/objects/%s", d->memdev);
	int bad = 0;

	if (d->id)
		bad += set(data, "id", jstr(d->id));
	bad += set(data, "memdev", path ? jstr(path) : NULL);
	switch (d->kind) {
	case VNUMA__MDEV_VIRTIO_MEM:
		bad += set(data, "memaddr", ju64(d->addr));
		bad += set(data, "requested-size", ju64(d->requested_size));
		bad += set(data, "size", ju64(d->plugged));
		bad += set(data, "max-size", ju64(d->size));
		bad += set(data, "block-size", ju64(d->block_size));
		bad += set(data, "node", json_integer(d->node));
		break;
	case VNUMA__MDEV_VIRTIO_PMEM:
		bad += set(data, "memaddr", ju64(d->addr));
		bad += set(data, "size", ju64(d->size));
		break;
	case VNUMA__MDEV_DIMM:
	case VNUMA__MDEV_NVDIMM:
	default:
		bad += set(data, "addr", ju64(d->addr));
		bad += set(data, "size", ju64(d->size));
		bad += set(data, "slot", json_integer(d->slot));
		bad += set(data, "node", json_integer(d->node));
		bad += set(data, "hotplugged", json_false());
		bad += set(data, "hotpluggable", json_true());
		break;
	}
	bad += set(o, "type", json_string(d->qmp_type));
	bad += set(o, "data", data);
	free(path);
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

/* QEMU lists memory devices by address. */
static json_t *memory_devices_arr(const struct vnuma__view *v)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t k = 0; k < v->n_mdevs; k++)
		bad += push(a, dimm_obj(&v->mdevs[k]));
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

/* -device pxb and pxb-pcie in command-line order, with their node. */
static json_t *expanders_arr(const struct vnuma__view *b)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t i = 0; i < b->n_pxbs; i++) {
		const struct vnuma__view_pxb *x = &b->pxbs[i];
		json_t *o = json_object();
		int ob = 0;

		ob += set(o, "type",
			  json_string(x->pcie ? "pxb-pcie" : "pxb"));
		ob += set(o, "id", x->id ? jstr(x->id) : json_null());
		ob += set(o, "bus_nr", json_integer(x->bus_nr));
		ob += set(o, "numa_node",
			  x->numa_node < 0 ? json_null() :
					     json_integer(x->numa_node));
		if (ob) {
			json_decref(o);
			o = NULL;
		}
		bad += push(a, o);
	}
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

static json_t *error_obj(const vnuma_error *e);

typedef const vnuma_error *(*warning_at)(const void *owner, size_t i);

static const vnuma_error *topology_warning(const void *t, size_t i)
{
	return vnuma_topology_warning(t, i);
}

static const vnuma_error *error_warning(const void *e, size_t i)
{
	return vnuma_error_warning(e, i);
}

/* Each warning as an error object: message, where, check id, hint. */
static json_t *warnings_arr(const void *owner, size_t n, warning_at at)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t i = 0; i < n; i++)
		bad += push(a, error_obj(at(owner, i)));
	if (bad)
		json_decref(a);
	return bad ? NULL : a;
}

static json_t *document(const struct vnuma_topology *t)
{
	const struct vnuma__view *v = vnuma__topology_view(t);
	json_t *o = json_object();
	int bad = 0;

	bad += set(o, "schema", json_integer(VNUMA_JSON_SCHEMA));
	bad += set(o, "machine", machine_obj(&v->machine));
	bad += set(o, "nodes", nodes_arr(v));
	bad += set(o, "distances", distances(v));
	bad += set(o, "cpus", cpus_arr(v));
	bad += set(o, "warnings",
		   warnings_arr(t, vnuma_topology_warning_count(t),
				topology_warning));
	bad += set(o, "memdevs", memdevs_arr(v));
	bad += set(o, "hotpluggable-cpus", hotpluggable_arr(v));
	bad += set(o, "memory-size-summary", summary_obj(v));
	bad += set(o, "hmat", hmat_obj(v));
	bad += set(o, "memory-map", memory_map_obj(v));
	bad += set(o, "memory-devices", memory_devices_arr(v));
	bad += set(o, "pci-expander-bridges", expanders_arr(v));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

/*
 * Serialises into memory the caller frees with free() (jansson's own
 * allocator may have been replaced), with the final newline.
 */
static char *dump(const json_t *doc)
{
	const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	size_t n = json_dumpb(doc, NULL, 0, flags);
	char *s;

	if (!n)
		return NULL;
	s = malloc(n + 2);
	if (!s)
		return NULL;
	if (json_dumpb(doc, s, n, flags) != n) {
		free(s);
		return NULL;
	}
	s[n] = '\n';
	s[n + 1] = '\0';
	return s;
}

static int finish(char **out, json_t *doc, vnuma_error **err)
{
	*out = doc ? dump(doc) : NULL;
	json_decref(doc);
	return *out ? VNUMA_OK : vnuma__error_nomem(err);
}

int vnuma_report_json(char **out, const vnuma_topology *t, vnuma_error **err)
{
	if (!out || !t)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out and t must not be NULL");
	*out = NULL;
	return finish(out, document(t), err);
}

static json_t *error_obj(const vnuma_error *e)
{
	json_t *o = json_object();
	int bad = 0;

	bad += set(o, "message", jstr(vnuma_error_message(e)));
	bad += set(o, "option", jstr_or_null(vnuma_error_option(e)));
	bad += set(o, "text", jstr_or_null(vnuma_error_text(e)));
	bad += set(o, "key", jstr_or_null(vnuma_error_key(e)));
	bad += set(o, "offset", ju64(vnuma_error_offset(e)));
	bad += set(o, "length", ju64(vnuma_error_length(e)));
	bad += set(o, "check", jstr(vnuma_error_check(e)));
	bad += set(o, "status",
		   jstr(vnuma_status_name(vnuma_error_status(e))));
	bad += set(o, "hint", jstr_or_null(vnuma_error_hint(e)));
	if (bad)
		json_decref(o);
	return bad ? NULL : o;
}

int vnuma_report_json_error(char **out, const vnuma_error *e,
			    vnuma_error **err)
{
	json_t *o;
	int bad = 0;

	if (!out || !e)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out and e must not be NULL");
	*out = NULL;
	o = json_object();
	bad += set(o, "schema", json_integer(VNUMA_JSON_SCHEMA));
	bad += set(o, "error", error_obj(e));
	bad += set(o, "warnings",
		   warnings_arr(e, vnuma_error_warning_count(e),
				error_warning));
	if (bad) {
		json_decref(o);
		o = NULL;
	}
	return finish(out, o, err);
}
