/* SPDX-License-Identifier: MIT */
/*
 * The kinds and limits of memory backends and devices, apart from the
 * structs that build them, so that the finished view (view/view.h) can
 * describe backends and devices without the memory stage's internals.
 */
#ifndef VNUMA_MEMORY_BACKEND_KIND_H
#define VNUMA_MEMORY_BACKEND_KIND_H

enum vnuma__backend_kind {
	VNUMA__BACKEND_RAM,
	VNUMA__BACKEND_FILE,
	VNUMA__BACKEND_MEMFD,
};

/* QEMU's HostMemPolicy, same order as its enum. */
enum vnuma__host_policy {
	VNUMA__POLICY_DEFAULT,
	VNUMA__POLICY_PREFERRED,
	VNUMA__POLICY_BIND,
	VNUMA__POLICY_INTERLEAVE,
};

/* QEMU's MAX_NODES, which also bounds host-nodes (not a guest limit). */
#define VNUMA__HOST_NODES_MAX 128

/* The memory devices QEMU 7.2 plugs into the device memory region. */
enum vnuma__mdev_kind {
	VNUMA__MDEV_DIMM,	 /* pc-dimm */
	VNUMA__MDEV_NVDIMM,	 /* nvdimm */
	VNUMA__MDEV_VIRTIO_MEM,	 /* virtio-mem-pci */
	VNUMA__MDEV_VIRTIO_PMEM, /* virtio-pmem-pci */
};

/* QEMU's NUMA_NODE_UNASSIGNED for a pxb numa_node left unset. */
#define VNUMA__PXB_NO_NODE 0xffff

#endif
