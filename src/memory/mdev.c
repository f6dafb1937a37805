/* SPDX-License-Identifier: MIT */
/*
 * Steps every memory device takes in QEMU 7.2 whatever its driver: the
 * properties set in the QDict's order, the memdev link, the room left in
 * the device memory region, and the PCI bus a virtio device sits on.
 */
#include "mdev.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../parse/qdict.h"
#include "../parse/visit.h"
#include "../util.h"

int vnuma__plug_error(const struct vnuma__plug *p,
		      const struct vnuma__opt *opt, const char *key,
		      int status, const char *check, vnuma_error **err,
		      const char *fmt, ...)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o, opt);
	va_list ap;
	int rc;

	loc.key = key;
	va_start(ap, fmt);
	rc = vnuma__error_setv(err, status, check, &loc, fmt, ap);
	va_end(ap);
	return rc;
}

struct vnuma__backend *vnuma__plug_backend(struct vnuma__plug *p,
					   struct vnuma__backends *b)
{
	if (!p->memdev)
		return NULL;
	if (p->has_board_ram && !strcmp(p->memdev, p->board_ram.id))
		return &p->board_ram;
	return vnuma__backend_find(b, p->memdev);
}

static bool is_board_ram(const struct vnuma__plug *p, const char *id)
{
	return p->has_board_ram && !strcmp(id, p->board_ram.id);
}

int vnuma__plug_set_memdev(struct vnuma__plug *p, struct vnuma__backends *b,
			   const struct vnuma__opt *opt, vnuma_error **err)
{
	const char *id;

	if (vnuma__get_str(p->o, opt,
			   vnuma__visitor_for(p->o, VNUMA__VISIT_KEYVAL), &id,
			   err))
		return VNUMA_E_SYNTAX;

	p->memdev_opt = opt;
	p->memdev = NULL;
	if (!id[0])
		return VNUMA_OK;
	if (!strncmp(id, "/objects/", 9) &&
	    (vnuma__backend_find(b, id + 9) || is_board_ram(p, id + 9)))
		id += 9;
	if (vnuma__backend_find(b, id) || is_board_ram(p, id)) {
		p->memdev = id;
		return VNUMA_OK;
	}
	for (size_t i = 0; i < b->n_dimms; i++)
		if (b->dimms[i].id && !strcmp(b->dimms[i].id, id))
			return vnuma__plug_error(p, opt, opt->key,
						 VNUMA_E_CONFLICT,
						 "dimm.memdev-type", err,
						 "Invalid parameter type for "
						 "'%s', expected: "
						 "memory-backend",
						 "memdev");
	return vnuma__plug_error(p, opt, opt->key, VNUMA_E_UNKNOWN,
				 "dimm.memdev-unknown", err,
				 "Device '%s' not found", id);
}

int vnuma__plug_set_props(struct vnuma__plug *p, struct vnuma__backends *b,
			  vnuma__plug_prop_fn fn, vnuma_error **err)
{
	const struct vnuma__opts *o = p->o;
	const char **keys = calloc(o->n + 1, sizeof(*keys));
	size_t *order = calloc(o->n + 1, sizeof(*order));
	size_t n = 0;
	int rc = VNUMA_OK;

	if (!keys || !order) {
		rc = vnuma__error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->v[i].key;
		bool seen = false;

		if (!strcmp(k, "driver") || !strcmp(k, "bus") ||
		    !strcmp(k, "id"))
			continue;
		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp(keys[j], k);
		if (!seen)
			keys[n++] = k;
	}
	vnuma__qdict_order(keys, n, order);
	for (size_t i = 0; !rc && i < n; i++)
		rc = fn(p, b, vnuma__opts_last(o, keys[order[i]]), err);
out:
	free(keys);
	free(order);
	return rc;
}

int vnuma__plug_room(struct vnuma__plug *p, struct vnuma__backends *b,
		     const struct vnuma__machine *m, vnuma_error **err)
{
	uint64_t used = 0, room = m->maxram_size - m->ram_size;

	if (!m->devmem_size)
		return vnuma__plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
					 "dimm.no-device-memory", err,
					 "memory devices (e.g. for memory "
					 "hotplug) are not enabled, please "
					 "specify the maxmem option");
	for (size_t i = 0; i < b->n_dimms; i++)
		used += b->dimms[i].size;
	if (used + p->d.size < used || used + p->d.size > room)
		return vnuma__plug_error(p, NULL, NULL, VNUMA_E_RANGE,
					 "dimm.no-space", err,
					 "not enough space, currently 0x%" PRIx64
					 " in use of total space for "
					 "memory devices 0x%" PRIx64,
					 used, room);
	return VNUMA_OK;
}

int vnuma__plug_commit(struct vnuma__plug *p, struct vnuma__backends *b,
		       vnuma_error **err)
{
	const char *id = vnuma__opts_id(p->o);
	struct vnuma__backend *be = vnuma__plug_backend(p, b);

	p->d.has_slot = p->slot_opt != NULL;
	p->d.memdev = vnuma__strdup(p->memdev);
	p->d.id = id ? vnuma__strdup(id) : NULL;
	if (!p->d.memdev || (id && !p->d.id) ||
	    vnuma__grow(&b->dimms, &b->cap_dimms, b->n_dimms + 1,
			sizeof(*b->dimms))) {
		free(p->d.memdev);
		free(p->d.id);
		return vnuma__error_nomem(err);
	}
	be->used = true;
	b->dimms[b->n_dimms++] = p->d;
	return VNUMA_OK;
}

/*
 * Whether id names a -device that --ignore-unknown skipped (a warning
 * "option ignored" keeps its text): a pcie-root-port or pci-bridge
 * libvirt puts other devices behind. Its bus is taken on trust.
 */
static bool skipped_device(const struct vnuma_config *cfg, const char *id)
{
	size_t len = strlen(id);

	for (size_t i = 0; cfg && i < cfg->warnings.n; i++) {
		const vnuma_error *w = cfg->warnings.v[i];
		const char *t = vnuma_error_text(w), *p;

		if (!t || !vnuma_error_option(w) ||
		    strcmp(vnuma_error_option(w), "-device") ||
		    strcmp(vnuma_error_check(w), "cli.ignored-option"))
			continue;
		if (t[0] == '{') {
			json_t *root = json_loads(t, 0, NULL);
			const char *v = json_string_value(
				json_object_get(root, "id"));
			bool same = v && !strcmp(v, id);

			json_decref(root);
			if (same)
				return true;
			continue;
		}
		for (p = t; (p = strstr(p, "id=")) != NULL; p += 3)
			if ((p == t || p[-1] == ',') &&
			    !strncmp(p + 3, id, len) &&
			    (p[3 + len] == ',' || !p[3 + len]))
				return true;
	}
	return false;
}

int vnuma__plug_pci_bus(const struct vnuma_config *cfg,
			const struct vnuma__opts *o,
			const struct vnuma__backends *b,
			const struct vnuma__machine *m, vnuma_error **err)
{
	const struct vnuma__opt *bus = vnuma__opts_last(o, "bus");
	struct vnuma__loc loc = vnuma__opts_loc(o, bus);
	const char *root = m->profile->board == VNUMA__BOARD_I440FX ? "pci.0" :
								      "pcie.0";
	/* "none" and isapc have no PCI bus at all. */
	bool pci = m->profile->board != VNUMA__BOARD_NONE &&
		   m->profile->board != VNUMA__BOARD_ISAPC;

	if (!bus && !pci) {
		loc = vnuma__opts_loc(o, vnuma__opts_last(o, "driver"));
		loc.key = "driver";
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"device.no-pci-bus", &loc,
					"No 'PCI' bus found for device '%s'",
					vnuma__opts_last(o, "driver")->value);
	}
	if (!bus || (pci && !strcmp(bus->value, root)))
		return VNUMA_OK;
	for (size_t i = 0; i < b->n_pxbs; i++)
		if (b->pxbs[i].id && !strcmp(b->pxbs[i].id, bus->value))
			return VNUMA_OK;
	if (pci && skipped_device(cfg, bus->value))
		return VNUMA_OK;
	loc.key = "bus";
	return vnuma__error_set(err, VNUMA_E_UNKNOWN, "device.bus-not-found",
				&loc, "Bus '%s' not found", bus->value);
}

bool vnuma__plug_pci_prop(const char *key)
{
	/*
	 * What libvirt 9.0 writes on a PCI device, which says nothing of
	 * memory or NUMA: the slot and function, ROM and multifunction.
	 */
	static const char *const keys[] = { "addr",
					    "multifunction",
					    "rombar",
					    "romfile",
					    "failover_pair_id",
					    "acpi-index",
					    "x-pcie-lnksta-dllla",
					    "x-pcie-extcap-init",
					    NULL };

	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(keys[i], key))
			return true;
	return false;
}
