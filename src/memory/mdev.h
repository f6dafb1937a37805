/* SPDX-License-Identifier: MIT */
/*
 * What the -device kinds vnuma models share while QEMU 7.2 plugs them:
 * the property walk in QEMU's order, the memdev link, the device memory
 * region's room, and adding the device to the backends' list.
 */
#ifndef VNUMA_MEMORY_MDEV_H
#define VNUMA_MEMORY_MDEV_H

#include "backend.h"

/* A device being plugged, with the pairs its values came from. */
struct vnuma__plug {
	const struct vnuma__opts *o;
	const char *driver; /* as given: "pc-dimm", "virtio-mem-pci" */
	struct vnuma__dimm d;
	const char *memdev; /* the backend id; NULL: the link is unset */
	const struct vnuma__opt *memdev_opt, *slot_opt, *node_opt;
	struct vnuma__warnings *w;
	bool x86; /* the machine's target: x86-only properties */
	/*
	 * The backend QEMU creates for the board's RAM (pc.ram,
	 * mach-virt.ram) when nothing else holds it: a memdev= can name
	 * it, and finds it busy.
	 */
	struct vnuma__backend board_ram;
	bool has_board_ram;
};

/* The backend p->memdev names (the board's RAM included), or NULL. */
struct vnuma__backend *vnuma__plug_backend(struct vnuma__plug *p,
					   struct vnuma__backends *b);

/* An error located at opt (NULL: the whole option), key named. */
int vnuma__plug_error(const struct vnuma__plug *p,
		      const struct vnuma__opt *opt, const char *key,
		      int status, const char *check, vnuma_error **err,
		      const char *fmt, ...) VNUMA__PRINTF(7, 8);

/*
 * memdev is a link: an empty path clears it; a path names an object
 * anywhere in QEMU's object tree, so an earlier device's id is found too,
 * with the wrong type. Errors: VNUMA_E_CONFLICT, VNUMA_E_UNKNOWN.
 */
int vnuma__plug_set_memdev(struct vnuma__plug *p, struct vnuma__backends *b,
			   const struct vnuma__opt *opt, vnuma_error **err);

typedef int (*vnuma__plug_prop_fn)(struct vnuma__plug *p,
				   struct vnuma__backends *b,
				   const struct vnuma__opt *opt,
				   vnuma_error **err);
/*
 * QEMU turns the option into a QDict (driver, bus and id taken out; a
 * repeated key keeps its first place and its last value) and sets the
 * properties in the QDict's order: calls fn for each, stops at an error.
 */
int vnuma__plug_set_props(struct vnuma__plug *p, struct vnuma__backends *b,
			  vnuma__plug_prop_fn fn, vnuma_error **err);

/*
 * memory_device_pre_plug(): the machine needs a device memory region
 * (maxmem above the RAM size), and every memory device's region together
 * fits in maxmem - RAM. Uses p->d.size.
 */
int vnuma__plug_room(struct vnuma__plug *p, struct vnuma__backends *b,
		     const struct vnuma__machine *m, vnuma_error **err);

/*
 * Marks the backend busy and adds the device to b (copies of memdev and
 * id). Errors: VNUMA_E_NOMEM, and then the backend is left as it was.
 */
int vnuma__plug_commit(struct vnuma__plug *p, struct vnuma__backends *b,
		       vnuma_error **err);

/*
 * The bus a PCI device names with bus=: the machine's root bus (pci.0 on
 * pc, pcie.0 on q35 and virt), an expander bridge plugged before it, or
 * a -device --ignore-unknown skipped (a root port: its bus is trusted).
 * Errors: VNUMA_E_UNKNOWN ("Bus 'X' not found"), VNUMA_E_UNSUPPORTED (a
 * machine without PCI and no bus=).
 */
int vnuma__plug_pci_bus(const struct vnuma_config *cfg,
			const struct vnuma__opts *o,
			const struct vnuma__backends *b,
			const struct vnuma__machine *m, vnuma_error **err);
/*
 * pxb.c: the PCI core's check when a device registers on its bus, after
 * the machine's pre-plug: only bridges go onto an expander's root bus
 * (the newest expander's without bus=). Errors: VNUMA_E_CONFLICT.
 */
int vnuma__pci_register(const struct vnuma__opts *o,
			const struct vnuma__backends *b, vnuma_error **err);
/* Whether key is one of the PCI device properties vnuma reads past. */
bool vnuma__plug_pci_prop(const char *key);

/* virtio_md.c: one -device virtio-mem-pci or virtio-pmem-pci. */
int vnuma__virtio_md_plug(struct vnuma__plug *p, struct vnuma__backends *b,
			  const struct vnuma__machine *m, uint32_t num_nodes,
			  vnuma_error **err);
/* pxb.c: one -device pxb or pxb-pcie. */
int vnuma__pxb_plug(struct vnuma__backends *b, const struct vnuma__opts *o,
		    const char *driver, const struct vnuma__machine *m,
		    uint32_t num_nodes, vnuma_error **err);

#endif
