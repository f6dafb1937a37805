/* SPDX-License-Identifier: MIT */
/* The public view of the plugged devices (vnuma/topology.h). */
#include "backend.h"
#include "../view/view.h"

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
			if (best == b->n_dimms || d->addr < b->dimms[best].addr)
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

int vnuma_topology_memory_device(const vnuma_topology *t, size_t i,
				 vnuma_memory_device_info *out)
{
	const struct vnuma__view_mdev *d;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= vnuma__topology_view(t)->n_mdevs)
		return VNUMA_E_RANGE;
	d = &vnuma__topology_view(t)->mdevs[i];
	*out = (vnuma_memory_device_info){
		.type = d->qmp_type,
		.id = d->id,
		.memdev = d->memdev,
		.addr = d->addr,
		.size = d->size,
		.node = d->kind == VNUMA__MDEV_VIRTIO_PMEM ? -1 :
							     (int64_t)d->node,
		.slot = d->slot,
		.block_size = d->block_size,
		.requested_size = d->requested_size,
	};
	return VNUMA_OK;
}

size_t vnuma_topology_pci_expander_count(const vnuma_topology *t)
{
	return t ? vnuma__topology_view(t)->n_pxbs : 0;
}

int vnuma_topology_pci_expander(const vnuma_topology *t, size_t i,
				vnuma_pci_expander_info *out)
{
	const struct vnuma__view_pxb *x;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= vnuma__topology_view(t)->n_pxbs)
		return VNUMA_E_RANGE;
	x = &vnuma__topology_view(t)->pxbs[i];
	*out = (vnuma_pci_expander_info){
		.type = x->pcie ? "pxb-pcie" : "pxb",
		.id = x->id,
		.bus_nr = x->bus_nr,
		.numa_node = x->numa_node,
	};
	return VNUMA_OK;
}
