/* SPDX-License-Identifier: MIT */
/*
 * -device pxb (pc) and pxb-pcie (q35, virt): a PCI expander bridge opens a
 * new root bus, numbered bus_nr, whose devices the guest's firmware puts
 * in NUMA node numa_node. QEMU 7.2 checks, in this order: the bus the
 * bridge is plugged into (only bridges go onto an expander's root bus),
 * the kind of that bus (pxb on PCI, pxb-pcie on PCIe), that it is a root
 * bus, the node, that no other expander has the bus number, and for pxb
 * the chassis of the PCI bridge it puts behind the root bus (bus_nr).
 */
#include "mdev.h"

#include <stdlib.h>
#include <string.h>

#include "../parse/visit.h"
#include "../util.h"

/* QEMU's NUMA_NODE_UNASSIGNED is MAX_NODES: numa_node=128 means unset. */
#define PXB_NODE_UNASSIGNED 128

struct pxb_plug {
	struct vnuma__plug base; /* first: the property walk hands it back */
	struct vnuma__pxb x;
	const struct vnuma__opt *node_opt, *bus_nr_opt;
};

static int set_prop(struct vnuma__plug *base, struct vnuma__backends *b,
		    const struct vnuma__opt *opt, vnuma_error **err)
{
	/* QEMU sets a JSON -device's values with its QObject visitor */
	const enum vnuma__visitor v = vnuma__visitor_for(base->o,
							 VNUMA__VISIT_KEYVAL);
	struct pxb_plug *p = (struct pxb_plug *)base;
	uint64_t u;
	bool flag;
	int rc;

	(void)b;
	if (!strcmp(opt->key, "bus_nr")) {
		rc = vnuma__get_uint(base->o, opt, v, 8, &u, err);
		p->x.bus_nr = (uint8_t)u;
		p->bus_nr_opt = opt;
		return rc;
	}
	if (!strcmp(opt->key, "numa_node")) {
		rc = vnuma__get_uint(base->o, opt, v, 16, &u, err);
		p->x.numa_node = (uint16_t)u;
		p->node_opt = opt;
		return rc;
	}
	if (!strcmp(opt->key, "bypass_iommu"))
		return vnuma__get_bool(base->o, opt, v, &flag, err);
	if (vnuma__plug_pci_prop(opt->key))
		return VNUMA_OK;
	return vnuma__plug_error(base, opt, opt->key, VNUMA_E_UNKNOWN,
				 "dimm.property-unknown", err,
				 "Property '%s.%s' not found", base->driver,
				 opt->key);
}

/* The root bus, or the expander named by bus=, the bridge goes on. */
static const struct vnuma__pxb *parent_pxb(const struct vnuma__opts *o,
					   const struct vnuma__backends *b)
{
	const struct vnuma__opt *bus = vnuma__opts_last(o, "bus");

	if (!bus)
		return b->n_pxbs ? &b->pxbs[b->n_pxbs - 1] : NULL;
	for (size_t i = 0; i < b->n_pxbs; i++)
		if (b->pxbs[i].id && !strcmp(b->pxbs[i].id, bus->value))
			return &b->pxbs[i];
	return NULL;
}

int vnuma__pci_register(const struct vnuma__opts *o,
			const struct vnuma__backends *b, vnuma_error **err)
{
	const struct vnuma__pxb *x = parent_pxb(o, b);
	const struct vnuma__opt *bus = vnuma__opts_last(o, "bus");
	struct vnuma__loc loc = vnuma__opts_loc(o, bus);

	/*
	 * Without bus=, QEMU takes the newest expander's root bus; with
	 * bus=ID it takes the bus named ID: a pxb-pcie's root bus, or the
	 * bus behind the PCI bridge a pxb puts on its root bus.
	 */
	if (!x || (bus && !x->pcie))
		return VNUMA_OK;
	loc.key = bus ? "bus" : NULL;
	return vnuma__error_set(err, VNUMA_E_CONFLICT, "pci.root-bridges-only",
				&loc,
				"PCI: Only PCI/PCIe bridges can be plugged "
				"into %s",
				x->pcie ? "pxb-pcie" : "pxb");
}

static int realize(struct pxb_plug *p, const struct vnuma__backends *b,
		   const struct vnuma__machine *m, uint32_t num_nodes,
		   vnuma_error **err)
{
	const struct vnuma__plug *base = &p->base;
	const struct vnuma__opts *o = base->o;
	bool pcie_bus = m->profile->board != VNUMA__BOARD_I440FX;
	int rc = vnuma__pci_register(o, b, err);

	if (rc)
		return rc;
	if (pcie_bus != p->x.pcie)
		return vnuma__plug_error(base, NULL, NULL, VNUMA_E_CONFLICT,
					 "pxb.bus-kind", err,
					 "%s devices cannot reside on a %s bus",
					 base->driver,
					 p->x.pcie ? "PCI" : "PCIe");
	/* Only a pxb's bus, behind its PCI bridge, is reachable here. */
	if (vnuma__opts_last(o, "bus") && parent_pxb(o, b))
		return vnuma__plug_error(base, NULL, NULL, VNUMA_E_CONFLICT,
					 "pxb.root-bus", err,
					 "PXB devices can be attached only to "
					 "root bus");
	if (p->x.numa_node != PXB_NODE_UNASSIGNED &&
	    p->x.numa_node >= num_nodes)
		return vnuma__plug_error(base, p->node_opt, "numa_node",
					 VNUMA_E_RANGE, "pxb.numa-node", err,
					 "Illegal numa node %u",
					 (unsigned)p->x.numa_node);
	for (size_t i = 0; i < b->n_pxbs; i++)
		if (b->pxbs[i].bus_nr == p->x.bus_nr)
			return vnuma__plug_error(base, p->bus_nr_opt, "bus_nr",
						 VNUMA_E_CONFLICT,
						 "pxb.bus-in-use", err,
						 "Bus %u is already in use",
						 (unsigned)p->x.bus_nr);
	if (!p->x.pcie && !p->x.bus_nr)
		return vnuma__plug_error(base, p->bus_nr_opt, "bus_nr",
					 VNUMA_E_MISSING, "pxb.chassis", err,
					 "Bridge chassis not specified. Each "
					 "bridge is required to be assigned a "
					 "unique chassis id > 0.");
	return VNUMA_OK;
}

int vnuma__pxb_plug(struct vnuma__backends *b, const struct vnuma__opts *o,
		    const char *driver, const struct vnuma__machine *m,
		    uint32_t num_nodes, vnuma_error **err)
{
	struct pxb_plug p = { .base = { .o = o, .driver = driver } };
	const char *id = vnuma__opts_id(o);
	int rc;

	p.x.pcie = !strcmp(driver, "pxb-pcie");
	p.x.numa_node = PXB_NODE_UNASSIGNED;
	rc = vnuma__plug_set_props(&p.base, b, set_prop, err);
	if (!rc)
		rc = realize(&p, b, m, num_nodes, err);
	if (rc)
		return rc;
	if (p.x.numa_node == PXB_NODE_UNASSIGNED)
		p.x.numa_node = VNUMA__PXB_NO_NODE;
	p.x.id = id ? vnuma__strdup(id) : NULL;
	if ((id && !p.x.id) || vnuma__grow(&b->pxbs, &b->cap_pxbs,
					   b->n_pxbs + 1, sizeof(*b->pxbs))) {
		free(p.x.id);
		return vnuma__error_nomem(err);
	}
	b->pxbs[b->n_pxbs++] = p.x;
	return VNUMA_OK;
}
