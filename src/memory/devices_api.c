/* SPDX-License-Identifier: MIT */
/* The public view of the plugged devices (vnuma/topology.h). */
#include "../topology_internal.h"

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
			if (best == b->n_dimms || d->addr < b->dimms[best].addr)
				best = j;
		}
		k = best;
	}
	return k;
}

size_t vnuma_topology_memory_device_count(const vnuma_topology *t)
{
	return t ? t->backends.n_dimms : 0;
}

int vnuma_topology_memory_device(vnuma_memory_device_info *out,
				 const vnuma_topology *t, size_t i)
{
	const struct vnuma__dimm *d;
	vnuma_memory_device_info full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->backends.n_dimms)
		return VNUMA_E_RANGE;
	d = &t->backends.dimms[vnuma__mdev_by_addr(&t->backends, i)];
	VNUMA__INFO_START(full);
	full.type = vnuma__mdev_qmp_type(d->kind);
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
	return t ? t->backends.n_pxbs : 0;
}

int vnuma_topology_pci_expander(vnuma_pci_expander_info *out,
				const vnuma_topology *t, size_t i)
{
	const struct vnuma__pxb *x;
	vnuma_pci_expander_info full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->backends.n_pxbs)
		return VNUMA_E_RANGE;
	x = &t->backends.pxbs[i];
	VNUMA__INFO_START(full);
	full.type = x->pcie ? "pxb-pcie" : "pxb";
	full.id = x->id;
	full.bus_nr = x->bus_nr;
	full.numa_node = x->numa_node == VNUMA__PXB_NO_NODE ?
				 -1 : (int32_t)x->numa_node;
	return VNUMA__FILL(out, &full, vnuma_pci_expander_info, numa_node);
}
