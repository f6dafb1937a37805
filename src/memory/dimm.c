/* SPDX-License-Identifier: MIT */
/*
 * -device pc-dimm and nvdimm: QEMU 7.2 reads -device with QemuOpts (or as
 * JSON) and creates the devices last, after NUMA completion. For each it
 * sets the properties (turned into a QDict and read by the keyval visitor,
 * or for JSON by the QObject visitor, so its rules and messages apply), then pre-plugs the DIMM (hotplug enabled,
 * nvdimm enabled, slot, memdev set, the nvdimm label, room, then its
 * place in the device memory region), then realizes it (node, memdev not
 * already in use). This file also sends each -device to its kind.
 */
#include "mdev.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../machine/board_cpu.h"
#include "../parse/visit.h"
#include "../view/board_ram.h"
#include "../util.h"

#define V(maj, min) ((maj)*100 + (min))

/* An nvdimm label holds at least a namespace index: 128 KiB. */
#define NVDIMM_LABEL_MIN (128 * 1024ull)

static int set_label_size(struct vnuma__plug *p, const struct vnuma__opt *opt,
			  vnuma_error **err)
{
	int rc = vnuma__get_size(p->o, opt,
				 vnuma__visitor_for(p->o, VNUMA__VISIT_KEYVAL),
				 &p->d.label_size, err);

	if (!rc && p->d.label_size < NVDIMM_LABEL_MIN)
		rc = vnuma__plug_error(p, opt, opt->key, VNUMA_E_RANGE,
				       "nvdimm.label-size", err,
				       "Property '%s.%s' (0x%" PRIx64 ") is "
				       "required at least 0x%llx",
				       p->driver, opt->key, p->d.label_size,
				       NVDIMM_LABEL_MIN);
	return rc;
}

/* A UUID as QEMU reads it: 8-4-4-4-12 hex digits. */
static int check_uuid(struct vnuma__plug *p, const struct vnuma__opt *opt,
		      vnuma_error **err)
{
	const char *v = opt->value;
	size_t i;

	for (i = 0; v[i] && i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ?
			    v[i] != '-' :
			    !isxdigit((unsigned char)v[i]))
			break;
	if (i == 36 && !v[i])
		return VNUMA_OK;
	return vnuma__plug_error(p, opt, opt->key, VNUMA_E_SYNTAX,
				 "nvdimm.uuid", err,
				 "Property '%s.%s' has invalid value",
				 p->driver, opt->key);
}

/*
 * The pc-dimm and nvdimm properties. QEMU names the device's type in
 * its messages: the driver as given.
 */
static int set_prop(struct vnuma__plug *p, struct vnuma__backends *b,
		    const struct vnuma__opt *opt, vnuma_error **err)
{
	/* QEMU sets a JSON -device's values with its QObject visitor */
	const enum vnuma__visitor v = vnuma__visitor_for(p->o,
							 VNUMA__VISIT_KEYVAL);
	const bool nv = p->d.kind == VNUMA__MDEV_NVDIMM;
	uint64_t u;
	int64_t s;
	int rc;

	if (!strcmp(opt->key, "memdev"))
		return vnuma__plug_set_memdev(p, b, opt, err);
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
	if (nv && !strcmp(opt->key, "label-size"))
		return set_label_size(p, opt, err);
	if (nv && !strcmp(opt->key, "unarmed"))
		return vnuma__get_bool(p->o, opt, v, &p->d.unarmed, err);
	if (nv && !strcmp(opt->key, "uuid"))
		return check_uuid(p, opt, err);
	if (!strcmp(opt->key, "size"))
		return vnuma__plug_error(p, opt, opt->key, VNUMA_E_UNSUPPORTED,
					 "dimm.property-readonly", err,
					 "Property '%s.%s' is not writable",
					 p->driver, opt->key);
	return vnuma__plug_error(p, opt, opt->key, VNUMA_E_UNKNOWN,
				 "dimm.property-unknown", err,
				 "Property '%s.%s' not found", p->driver,
				 opt->key);
}

static int plug_error(const struct vnuma__plug *p,
		      const struct vnuma__opt *opt, const char *key,
		      int status, const char *check, const char *msg,
		      vnuma_error **err)
{
	struct vnuma__loc loc = vnuma__opts_loc(p->o, opt);

	loc.key = key;
	return vnuma__error_set(err, status, check, &loc, "%s", msg);
}

/* The machine's hotplug handler refuses when memory hotplug is off. */
static int check_hotplug(struct vnuma__plug *p, const struct vnuma__machine *m,
			 vnuma_error **err)
{
	/* QEMU 7.2 realizes it and plugs it nowhere: refused. */
	if (m->profile->board == VNUMA__BOARD_MICROVM)
		return plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				  "dimm.no-hotplug",
				  "microvm has no memory hotplug: QEMU 7.2 "
				  "creates the DIMM but plugs it nowhere",
				  err);
	if (m->profile->arch == VNUMA__ARCH_X86 && m->acpi == 0)
		return plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				  "dimm.hotplug-disabled",
				  "memory hotplug is not enabled: missing "
				  "acpi device or acpi disabled",
				  err);
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
				  "acpi-ged device",
				  err);
	return VNUMA_OK;
}

/* The slot given, or the lowest free one, as QEMU assigns them. */
static int assign_slot(struct vnuma__plug *p, const struct vnuma__backends *b,
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
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"dimm.slots-none", &loc,
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
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"dimm.slot-busy", &loc,
					"slot %d is busy", (int)slot);
	if ((uint64_t)slot >= m->ram_slots)
		return vnuma__error_set(err, VNUMA_E_RANGE, "dimm.slots-full",
					&loc, "no free slots available");
	p->d.slot = (int32_t)slot;
	return VNUMA_OK;
}

/*
 * nvdimm_prepare_memory_region(): the label sits at the end of the
 * backend, and what is left, aligned down to the backend's alignment, is
 * the device's region; a read-only backend needs unarmed=on. A pc-dimm
 * takes the whole backend.
 */
static int region_size(struct vnuma__plug *p, struct vnuma__backends *b,
		       vnuma_error **err)
{
	const struct vnuma__backend *be = vnuma__plug_backend(p, b);
	uint64_t align = vnuma__backend_mr_align(be), pmem;

	p->d.size = be->size;
	if (p->d.kind != VNUMA__MDEV_NVDIMM)
		return VNUMA_OK;
	pmem = be->size > p->d.label_size ? be->size - p->d.label_size : 0;
	pmem -= pmem % align;
	if (be->size <= p->d.label_size || !pmem)
		return vnuma__plug_error(p, p->memdev_opt, "memdev",
					 VNUMA_E_RANGE, "nvdimm.too-small",
					 err,
					 "the size of memdev %s (0x%" PRIx64
					 ") is too small to contain nvdimm "
					 "label (0x%" PRIx64 ") and aligned "
					 "PMEM (0x%" PRIx64 ")",
					 be->id, be->size, p->d.label_size,
					 align);
	p->d.size = pmem;
	/* The guest could write a read-only backend through an armed one. */
	if (!p->d.unarmed && be->kind == VNUMA__BACKEND_FILE && be->readonly)
		return vnuma__plug_error(p, vnuma__opts_last(p->o, "unarmed"),
					 "unarmed", VNUMA_E_CONFLICT,
					 "nvdimm.readonly-armed", err,
					 "'unarmed' property must be 'on' since "
					 "memdev %s is read-only",
					 be->id);
	return VNUMA_OK;
}

/* The machine's -machine nvdimm=on, which QEMU reads before the slot. */
static int check_nvdimm(struct vnuma__plug *p, const struct vnuma__machine *m,
			vnuma_error **err)
{
	if (p->d.kind != VNUMA__MDEV_NVDIMM || m->nvdimm)
		return VNUMA_OK;
	return vnuma__plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				 "nvdimm.disabled", err,
				 "nvdimm is not enabled: missing 'nvdimm' in "
				 "'-M'");
}

static int pre_plug(struct vnuma__plug *p, struct vnuma__backends *b,
		    const struct vnuma__machine *m, vnuma_error **err)
{
	int rc = check_hotplug(p, m, err);

	if (!rc)
		rc = check_nvdimm(p, m, err);
	if (!rc)
		rc = assign_slot(p, b, m, err);
	if (!rc && !p->memdev)
		rc = plug_error(p, p->memdev_opt, "memdev", VNUMA_E_MISSING,
				"dimm.memdev-missing",
				"'memdev' property must be set", err);
	if (!rc)
		rc = region_size(p, b, err);
	if (!rc)
		rc = vnuma__plug_room(p, b, m, err);
	/* Then its place in the device memory region (dimm_place.c). */
	if (!rc)
		rc = vnuma__dimm_addr(&p->d, vnuma__plug_backend(p, b), b, m,
				      p->o, err);
	return rc;
}

static int realize(struct vnuma__plug *p, struct vnuma__backends *b,
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
	be = vnuma__plug_backend(p, b);
	loc = vnuma__opts_loc(p->o, p->memdev_opt);
	loc.key = "memdev";
	if (be->used)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"dimm.memdev-busy", &loc,
					"can't use already busy memdev: %s",
					be->id);
	return VNUMA_OK;
}

static const char *const drivers[] = {
	"pc-dimm",  "nvdimm", "virtio-mem-pci", "virtio-pmem-pci", "pxb",
	"pxb-pcie", NULL
};

bool vnuma__memory_reads_device(const char *driver)
{
	for (size_t k = 0; drivers[k]; k++)
		if (!strcmp(drivers[k], driver))
			return true;
	return false;
}

/* Everything but the device itself: driver, bus, help, JSON, id. */
static int check_device(const struct vnuma_config *cfg, size_t entry,
			const struct vnuma__backends *b,
			const struct vnuma__machine *m, vnuma_error **err)
{
	const struct vnuma__opts *o = &cfg->e[entry].opts;
	const struct vnuma__opt *drv = vnuma__opts_last(o, "driver");
	const struct vnuma__opt *bus = vnuma__opts_last(o, "bus");
	struct vnuma__loc loc = vnuma__opts_loc(o, drv);
	bool json = o->mode == VNUMA__OPTS_JSON;
	int rc = vnuma__config_id_unique(cfg, entry, err);
	size_t k = 0;

	loc.key = "driver";
	if (rc)
		return rc;
	/* QEMU looks up a JSON -device's driver and bus as strings only */
	if (json && drv && drv->jtype != VNUMA__JSON_STRING)
		drv = NULL;
	if (json && bus && bus->jtype != VNUMA__JSON_STRING)
		bus = NULL;
	if (!drv)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"device.driver-missing", &loc,
					"Parameter 'driver' is missing");
	if (!json && (!strcmp(drv->value, "help") ||
		      !strcmp(drv->value, "?") || o->help))
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"device.help", &loc,
					"vnuma does not print QEMU's help");
	while (drivers[k] && strcmp(drivers[k], drv->value))
		k++;
	if (!drivers[k])
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"device.unsupported", &loc,
					"vnuma handles only -device pc-dimm, "
					"nvdimm, virtio-mem-pci, "
					"virtio-pmem-pci, pxb and pxb-pcie, "
					"not '%s'",
					drv->value);
	/* qemu-system-aarch64 7.2 is built without virtio-pmem. */
	if (!strcmp(drivers[k], "virtio-pmem-pci") &&
	    m->profile->arch == VNUMA__ARCH_ARM)
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"device.model-unknown", &loc,
					"'%s' is not a valid device model name",
					drv->value);
	if (k >= 2)
		return vnuma__plug_pci_bus(cfg, o, b, m, err);
	/* A DIMM sits on no bus; vnuma knows no bus to find. */
	loc = vnuma__opts_loc(o, bus);
	loc.key = "bus";
	if (bus)
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"device.bus-not-found", &loc,
					"Bus '%s' not found", bus->value);
	return VNUMA_OK;
}

/*
 * A JSON -device's id is registered as the device is created, before its
 * properties are set: only then does QEMU find it taken. QEMU does not
 * check that it is an identifier.
 */
static int check_json_id(const struct vnuma__opts *o,
			 const struct vnuma__backends *b, vnuma_error **err)
{
	const struct vnuma__opt *opt = vnuma__opts_last(o, "id");
	const char *id = vnuma__opts_id(o);
	struct vnuma__loc loc = vnuma__opts_loc(o, opt);

	loc.key = "id";
	for (size_t i = 0; id && i < b->n_dimms; i++)
		if (b->dimms[i].id && !strcmp(b->dimms[i].id, id))
			return vnuma__error_set(err, VNUMA_E_DUPLICATE,
						"device.duplicate-id", &loc,
						"Duplicate device ID '%s'",
						id);
	return VNUMA_OK;
}

static int plug_dimm(struct vnuma__plug *p, struct vnuma__backends *b,
		     const struct vnuma__machine *m, uint32_t num_nodes,
		     vnuma_error **err)
{
	int rc;

	p->d.kind = strcmp(p->driver, "nvdimm") ? VNUMA__MDEV_DIMM :
						  VNUMA__MDEV_NVDIMM;
	p->d.slot = -1;
	rc = vnuma__plug_set_props(p, b, set_prop, err);
	if (!rc && m->profile->arch != VNUMA__ARCH_NONE)
		rc = pre_plug(p, b, m, err);
	if (!rc)
		rc = realize(p, b, m, num_nodes, err);
	/* QEMU 7.2 carries on with a DIMM it maps nowhere. */
	if (!rc && m->profile->arch == VNUMA__ARCH_NONE)
		rc = plug_error(p, NULL, NULL, VNUMA_E_UNSUPPORTED,
				"dimm.no-hotplug",
				"memory hotplug is not supported by this "
				"machine type",
				err);
	return rc ? rc : vnuma__plug_commit(p, b, err);
}

static int plug_one(struct vnuma__backends *b, const struct vnuma_config *cfg,
		    size_t entry, const struct vnuma__machine *m,
		    uint32_t num_nodes, bool board_ram,
		    const char *board_ram_id, struct vnuma__warnings *w,
		    vnuma_error **err)
{
	struct vnuma__plug p = { .o = &cfg->e[entry].opts, .w = w };
	int rc = check_device(cfg, entry, b, m, err);

	if (!rc && p.o->mode == VNUMA__OPTS_JSON)
		rc = check_json_id(p.o, b, err);
	if (rc)
		return rc;
	/* As -m makes it: anonymous RAM, or a file under -mem-path. */
	p.has_board_ram = board_ram;
	p.board_ram.id = (char *)board_ram_id;
	p.board_ram.kind = m->mem_path ? VNUMA__BACKEND_FILE :
					 VNUMA__BACKEND_RAM;
	p.board_ram.size = m->ram_size;
	p.board_ram.used = true;
	p.driver = vnuma__opts_last(p.o, "driver")->value;
	p.d.entry = entry;
	if (!strncmp(p.driver, "pxb", 3))
		return vnuma__pxb_plug(b, p.o, p.driver, m, num_nodes, err);
	if (!strncmp(p.driver, "virtio-", 7))
		return vnuma__virtio_md_plug(&p, b, m, num_nodes, err);
	return plug_dimm(&p, b, m, num_nodes, err);
}

const char *vnuma__mdev_driver(enum vnuma__mdev_kind kind)
{
	static const char *const names[] = {
		[VNUMA__MDEV_DIMM] = "pc-dimm",
		[VNUMA__MDEV_NVDIMM] = "nvdimm",
		[VNUMA__MDEV_VIRTIO_MEM] = "virtio-mem-pci",
		[VNUMA__MDEV_VIRTIO_PMEM] = "virtio-pmem-pci",
	};

	return names[kind];
}

const char *vnuma__mdev_qmp_type(enum vnuma__mdev_kind kind)
{
	static const char *const names[] = {
		[VNUMA__MDEV_DIMM] = "dimm",
		[VNUMA__MDEV_NVDIMM] = "nvdimm",
		[VNUMA__MDEV_VIRTIO_MEM] = "virtio-mem",
		[VNUMA__MDEV_VIRTIO_PMEM] = "virtio-pmem",
	};

	return names[kind];
}

uint64_t vnuma__mdev_plugged(const struct vnuma__dimm *d)
{
	/*
	 * What "info numa" and query-memory-size-summary count: a DIMM's
	 * region; virtio-mem the blocks the guest plugged, none before it
	 * runs; virtio-pmem its whole region, which QEMU 7.2 puts on node 0
	 * (the device has no node).
	 */
	return d->kind == VNUMA__MDEV_VIRTIO_MEM ? 0 : d->size;
}

int vnuma__dimms_plug(struct vnuma__backends *b,
		      const struct vnuma_config *cfg,
		      const struct vnuma__machine *m, uint32_t num_nodes,
		      bool have_memdevs, struct vnuma__warnings *w,
		      vnuma_error **err)
{
	const char *id;
	bool board_ram = vnuma__board_ram(&id, m, have_memdevs) ==
			 VNUMA__BOARD_RAM_IMPLICIT;
	int rc = VNUMA_OK;
	/*
	 * QEMU creates the key=value devices first, then the JSON ones,
	 * each group in order: a JSON DIMM gets its slot and address after
	 * every key=value one.
	 */
	for (int json = 0; json < 2; json++)
		for (size_t i = 0; !rc && i < cfg->n; i++)
			if (cfg->e[i].kind == VNUMA__OPT_DEVICE &&
			    (cfg->e[i].opts.mode == VNUMA__OPTS_JSON) == json)
				rc = plug_one(b, cfg, i, m, num_nodes,
					      board_ram, id, w, err);
	return rc;
}
