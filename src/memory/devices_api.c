/* SPDX-License-Identifier: MIT */
/* The public view of the plugged devices (vnuma/topology.h). */
#include "backend.h"
#include "../view/view.h"

#include "../abi.h"

size_t vnuma__mdev_by_addr(const struct vnuma__backends *b, size_t i)
{
	size_t k = b->n_dimms;

	for (size_t step = 0; step <= i; step++) {
		size_t best = b->n_dimms;

		for (size_t j = 0; j < b->n_dimms; j++) {
			const struct vnuma__dimm *d = &b->dimms[j];

			if (k < b->n_dimms &&
			    (d->addr < b->dimms[k].addr ||
			     (d->addr == b->dimms[k].addr && j <= k)))
				continue;
			if (best == b->n_dimms ||
			    d->addr < b->dimms[best].addr)
				best = j;
		}
		k = best;
	}
	return k;
}

size_t vnuma_topology_memory_device_count(const vnuma_topology *t)
{
	return t ? vnuma__topology_view(t)->n_mdevs : 0;
}

int vnuma_topology_memory_device(vnuma_memory_device_info *out,
				 const vnuma_topology *t, size_t i)
{
	const struct vnuma__view_mdev *d;
	vnuma_memory_device_info full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= vnuma__topology_view(t)->n_mdevs)
		return VNUMA_E_RANGE;
	d = &vnuma__topology_view(t)->mdevs[i];
	VNUMA__INFO_START(full);
	full.type = d->qmp_type;
	full.id = d->id;
	full.memdev = d->memdev;
	full.addr = d->addr;
	full.size = d->size;
	full.node = d->kind == VNUMA__MDEV_VIRTIO_PMEM ? -1 : (int64_t)d->node;
	full.slot = d->slot;
	full.block_size = d->block_size;
	full.requested_size = d->requested_size;
	return VNUMA__FILL(out, &full, vnuma_memory_device_info,
			   requested_size);
}

size_t vnuma_topology_pci_expander_count(const vnuma_topology *t)
{
	return t ? vnuma__topology_view(t)->n_pxbs : 0;
}

int vnuma_topology_pci_expander(vnuma_pci_expander_info *out,
				const vnuma_topology *t, size_t i)
{
	const struct vnuma__view_pxb *x;
	vnuma_pci_expander_info full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= vnuma__topology_view(t)->n_pxbs)
		return VNUMA_E_RANGE;
	x = &vnuma__topology_view(t)->pxbs[i];
	VNUMA__INFO_START(full);
	full.type = x->pcie ? "pxb-pcie" : "pxb";
	full.id = x->id;
	full.bus_nr = x->bus_nr;
	full.numa_node = x->numa_node;
	return VNUMA__FILL(out, &full, vnuma_pci_expander_info, numa_node);
}
