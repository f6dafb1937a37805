/* SPDX-License-Identifier: MIT */
/*
 * -device pc-dimm: QEMU 7.2 reads -device with QemuOpts and creates the
 * devices last, after NUMA completion. For each it sets the properties
 * (turned into a QDict and read by the keyval visitor, so its rules and
 * messages apply), then pre-plugs the DIMM (hotplug enabled, slot, memdev
 * set, then its place in the device memory region: the layout stage's),
 * then realizes it (node, memdev not already in use).
 */
#include "backend.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../machine/board_cpu.h"
#include "../parse/visit.h"
#include "../util.h"

#define V(maj, min) ((maj) * 100 + (min))

/* A DIMM being plugged, with the pairs its values came from. */
struct plug {
	const struct vnuma__opts *o;
	struct vnuma__dimm d;
	const char *memdev; /* the backend id, NULL while the link is unset */
	const struct vnuma__opt *memdev_opt, *slot_opt, *node_opt;
};

static int prop_error(struct plug *p, const struct vnuma__opt *opt,
		      int status, const char *check, const char *fmt,
		      const char *arg, vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o, opt);

	loc.key = opt ? opt->key : NULL;
	return vnuma__error_set(err, status, check, &loc, fmt, arg);
}

/*
 * memdev is a link: an empty path clears it; a path names an object
 * anywhere in QEMU's object tree, so an earlier device's id is found too,
 * with the wrong type.
 */
static int set_memdev(struct plug *p, struct vnuma__backends *b,
		      const struct vnuma__opt *opt, vnuma_error **err)
{
	const char *id = opt->value;

	p->memdev_opt = opt;
	p->memdev = NULL;
	if (!id[0])
		return VNUMA_OK;
	if (!strncmp(id, "/objects/", 9) && vnuma__backend_find(b, id + 9))
		id += 9;
	if (vnuma__backend_find(b, id)) {
		p->memdev = id;
		return VNUMA_OK;
	}
	for (size_t i = 0; i < b->n_dimms; i++)
		if (b->dimms[i].id && !strcmp(b->dimms[i].id, id))
			return prop_error(p, opt, VNUMA_E_CONFLICT,
					  "dimm.memdev-type",
					  "Invalid parameter type for '%s', "
					  "expected: memory-backend",
					  "memdev", err);
	return prop_error(p, opt, VNUMA_E_UNKNOWN, "dimm.memdev-unknown",
			  "Device '%s' not found", id, err);
}

static int set_prop(struct plug *p, struct vnuma__backends *b,
		    const struct vnuma__opt *opt, vnuma_error **err)
{
	const enum vnuma__visitor v = VNUMA__VISIT_KEYVAL;
	uint64_t u;
	int64_t s;
	int rc;

	if (!strcmp(opt->key, "memdev"))
		return set_memdev(p, b, opt, err);
	if (!strcmp(opt->key, "node")) {
		rc = vnuma__get_uint(p->o, opt, v, 32, &u, err);
		p->d.node = (uint32_t)u;
		p->d.has_node = true;
		p->node_opt = opt;
		return rc;
	}
	if (!strcmp(opt->key, "addr")) {
		p->d.has_addr = true;
		return vnuma__get_uint(p->o, opt, v, 64, &p->d.addr, err);
	}
	if (!strcmp(opt->key, "slot")) {
		rc = vnuma__get_int(p->o, opt, v, 32, &s, err);
		p->d.slot = (int32_t)s;
		p->slot_opt = opt;
		return rc;
	}
	if (!strcmp(opt->key, "size"))
		return prop_error(p, opt, VNUMA_E_UNSUPPORTED,
				  "dimm.property-readonly",
				  "Property 'pc-dimm.%s' is not writable",
				  opt->key, err);
	return prop_error(p, opt, VNUMA_E_UNKNOWN, "dimm.property-unknown",
			  "Property 'pc-dimm.%s' not found", opt->key, err);
}

/*
 * QEMU turns the option into a QDict (driver, bus and id taken out; a
 * repeated key keeps its first place and its last value) and sets the
 * properties in the QDict's order.
 */
static int set_props(struct plug *p, struct vnuma__backends *b,
		     vnuma_error **err)
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
		rc = set_prop(p, b, vnuma__opts_last(o, keys[order[i]]), err);
out:
	free(keys);
	free(order);
	return rc;
}

static int plug_error(struct plug *p, const struct vnuma__opt *opt,
		      const char *key, int status, const char *check,
		      const char *msg, vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o, opt);

	loc.key = key;
	return vnuma__error_set(err, status, check, &loc, "%s", msg);
}

/* The machine's hotplug handler refuses when memory hotplug is off. */
static int check_hotplug(struct plug *p, const struct vnuma__machine *m,
			 vnuma_error **err)
{
	/* QEMU 7.2 realizes it and plugs it nowhere: refused. */
	if (m->profile->board == VNUMA__BOARD_MICROVM)
		return plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				  "dimm.no-hotplug",
				  "microvm has no memory hotplug: QEMU 7.2 "
				  "creates the DIMM but plugs it nowhere", err);
	if (m->profile->arch == VNUMA__ARCH_X86 && m->acpi == 0)
		return plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				  "dimm.hotplug-disabled",
				  "memory hotplug is not enabled: missing "
				  "acpi device or acpi disabled", err);
	/*
	 * virt has its ACPI GED device from 4.2 on, and only with ACPI on,
	 * a 64-bit CPU (not the default cortex-a15) and firmware (-bios,
	 * -machine firmware=, or a flash drive at unit 0).
	 */
	if (m->profile->arch == VNUMA__ARCH_ARM &&
	    (m->acpi == 0 || !vnuma__arm_aarch64(m) || !m->firmware_loaded ||
	     V(m->profile->ver_major, m->profile->ver_minor) < V(4, 2)))
		return plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				  "dimm.hotplug-disabled",
				  "memory hotplug is not enabled: missing "
				  "acpi-ged device", err);
	return VNUMA_OK;
}

/* The slot given, or the lowest free one, as QEMU assigns them. */
static int assign_slot(struct plug *p, const struct vnuma__backends *b,
		       const struct vnuma__machine *m, vnuma_error **err)
{
	int64_t slot = p->d.slot;
	struct vnuma__loc loc = vnuma__opts_loc(p->o, p->slot_opt);
	bool busy = false;

	loc.key = "slot";
	if (slot != -1 && (slot < 0 || (uint64_t)slot >= m->ram_slots))
		return vnuma__error_set(err, VNUMA_E_RANGE, "dimm.slot-range",
					&loc,
					"invalid slot number %d, valid range "
					"is [0-%" PRIu64 "]",
					(int)slot, m->ram_slots - 1);
	if (!m->ram_slots)
		return vnuma__error_set(err, VNUMA_E_MISSING, "dimm.slots-none",
					&loc,
					"no slots where allocated, please "
					"specify the 'slots' option");
	for (slot = slot == -1 ? 0 : slot; (uint64_t)slot < m->ram_slots;
	     slot++) {
		busy = false;
		for (size_t i = 0; i < b->n_dimms && !busy; i++)
			busy = b->dimms[i].slot == slot;
		if (!busy || p->d.slot != -1)
			break;
	}
	if (p->d.slot != -1 && busy)
		return vnuma__error_set(err, VNUMA_E_CONFLICT, "dimm.slot-busy",
					&loc, "slot %d is busy", (int)slot);
	if ((uint64_t)slot >= m->ram_slots)
		return vnuma__error_set(err, VNUMA_E_RANGE, "dimm.slots-full",
					&loc, "no free slots available");
	p->d.slot = (int32_t)slot;
	return VNUMA_OK;
}

/*
 * memory_device_get_free_addr(): the machine needs a device memory region
 * (maxmem above the RAM size), and all DIMMs together fit in maxmem - RAM.
 */
static int check_room(struct plug *p, struct vnuma__backends *b,
		      const struct vnuma__machine *m, vnuma_error **err)
{
	uint64_t used = 0, size = vnuma__backend_find(b, p->memdev)->size;
	uint64_t room = m->maxram_size - m->ram_size;
	struct vnuma__loc loc = vnuma__opts_loc(p->o, NULL);

	if (!m->devmem_size)
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"dimm.no-device-memory", &loc,
					"memory devices (e.g. for memory "
					"hotplug) are not enabled, please "
					"specify the maxmem option");
	for (size_t i = 0; i < b->n_dimms; i++)
		used += vnuma__backend_find(b, b->dimms[i].memdev)->size;
	if (used + size < used || used + size > room)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"dimm.no-space", &loc,
					"not enough space, currently 0x%" PRIx64
					" in use of total space for memory "
					"devices 0x%" PRIx64, used, room);
	return VNUMA_OK;
}

static int pre_plug(struct plug *p, struct vnuma__backends *b,
		    const struct vnuma__machine *m, vnuma_error **err)
{
	int rc = check_hotplug(p, m, err);

	if (!rc)
		rc = assign_slot(p, b, m, err);
	if (!rc && !p->memdev)
		rc = plug_error(p, p->memdev_opt, "memdev", VNUMA_E_MISSING,
				"dimm.memdev-missing",
				"'memdev' property must be set", err);
	if (!rc)
		rc = check_room(p, b, m, err);
	/* Then its place in the device memory region (dimm_place.c). */
	if (!rc)
		rc = vnuma__dimm_addr(&p->d, vnuma__backend_find(b, p->memdev),
				      b, m, p->o, err);
	return rc;
}

static int realize(struct plug *p, struct vnuma__backends *b,
		   const struct vnuma__machine *m, uint32_t num_nodes,
		   vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o, p->node_opt);
	struct vnuma__backend *be;

	loc.key = "node";
	if (!m->profile->numa_supported && p->d.node > 0)
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"dimm.numa-unsupported", &loc,
					"machine doesn't support NUMA");
	if (m->profile->numa_supported &&
	    (num_nodes ? p->d.node >= num_nodes : p->d.node != 0))
		return vnuma__error_set(err, VNUMA_E_RANGE, "dimm.node-range",
					&loc,
					"'DIMM property node has value %" PRIu32
					"' which exceeds the number of numa "
					"nodes: %" PRIu32,
					p->d.node, num_nodes ? num_nodes : 1);
	if (!p->memdev)
		return plug_error(p, p->memdev_opt, "memdev", VNUMA_E_MISSING,
				  "dimm.memdev-missing",
				  "'memdev' property is not set", err);
	be = vnuma__backend_find(b, p->memdev);
	loc = vnuma__opts_loc(p->o, p->memdev_opt);
	loc.key = "memdev";
	if (be->used)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"dimm.memdev-busy", &loc,
					"can't use already busy memdev: %s",
					be->id);
	be->used = true;
	return VNUMA_OK;
}

/* Everything but the DIMM itself: driver, bus, help, JSON, id. */
static int check_device(const struct vnuma_config *cfg, size_t entry,
			vnuma_error **err)
{
	const struct vnuma__opts *o = &cfg->e[entry].opts;
	const struct vnuma__opt *drv = vnuma__opts_last(o, "driver");
	const struct vnuma__opt *bus = vnuma__opts_last(o, "bus");
	struct vnuma__loc loc = vnuma__opts_loc(o, drv);
	int rc = vnuma__memory_precheck_device(cfg, entry, err);

	loc.key = "driver";
	if (rc)
		return rc;
	if (!drv)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"device.driver-missing", &loc,
					"Parameter 'driver' is missing");
	if (!strcmp(drv->value, "help") || !strcmp(drv->value, "?") || o->help)
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "device.help",
					&loc,
					"vnuma does not print QEMU's help");
	if (strcmp(drv->value, "pc-dimm"))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"device.unsupported", &loc,
					"vnuma handles only -device pc-dimm, "
					"not '%s'", drv->value);
	/* pc-dimm sits on no bus; vnuma knows no bus to find. */
	loc = vnuma__opts_loc(o, bus);
	loc.key = "bus";
	if (bus)
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"device.bus-not-found", &loc,
					"Bus '%s' not found", bus->value);
	return VNUMA_OK;
}

static int plug_one(struct vnuma__backends *b, const struct vnuma_config *cfg,
		    size_t entry, const struct vnuma__machine *m,
		    uint32_t num_nodes, vnuma_error **err)
{
	struct plug p = { .o = &cfg->e[entry].opts };
	const char *id = vnuma__opts_id(p.o);
	int rc;

	p.d.slot = -1;
	p.d.entry = entry;
	rc = check_device(cfg, entry, err);
	if (!rc)
		rc = set_props(&p, b, err);
	if (!rc && m->profile->arch != VNUMA__ARCH_NONE)
		rc = pre_plug(&p, b, m, err);
	if (!rc)
		rc = realize(&p, b, m, num_nodes, err);
	/* QEMU 7.2 carries on with a DIMM it maps nowhere. */
	if (!rc && m->profile->arch == VNUMA__ARCH_NONE)
		rc = plug_error(&p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				"dimm.no-hotplug",
				"memory hotplug is not supported by this "
				"machine type", err);
	if (rc)
		return rc;
	p.d.has_slot = p.slot_opt != NULL;
	p.d.memdev = vnuma__strdup(p.memdev);
	p.d.id = id ? vnuma__strdup(id) : NULL;
	if (!p.d.memdev || (id && !p.d.id) ||
	    vnuma__grow(&b->dimms, &b->cap_dimms, b->n_dimms + 1,
			sizeof(*b->dimms))) {
		free(p.d.memdev);
		free(p.d.id);
		vnuma__backend_find(b, p.memdev)->used = false;
		return vnuma__error_nomem(err);
	}
	b->dimms[b->n_dimms++] = p.d;
	return VNUMA_OK;
}

int vnuma__dimms_plug(struct vnuma__backends *b,
		      const struct vnuma_config *cfg,
		      const struct vnuma__machine *m, uint32_t num_nodes,
		      vnuma_error **err)
{
	int rc = VNUMA_OK;

	for (size_t i = 0; !rc && i < cfg->n; i++)
		if (cfg->e[i].kind == VNUMA__OPT_DEVICE)
			rc = plug_one(b, cfg, i, m, num_nodes, err);
	return rc;
}
