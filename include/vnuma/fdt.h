/* SPDX-License-Identifier: MIT */
/* NUMA in an arm virt device tree, as QEMU 7.2 writes it */
#ifndef VNUMA_FDT_H
#define VNUMA_FDT_H

#include <stddef.h>

#include "error.h"
#include "layout.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Device-tree NUMA, as QEMU 7.2 writes it for the arm "virt" machine:
 *
 * - one node /memory@ADDR (device_type "memory", reg in the root's
 *   #address-cells/#size-cells, numa-node-id) per boot RAM range of the
 *   layout, which for virt is one per NUMA node with memory; memory-less
 *   nodes get none. Without NUMA, one node for the RAM and no
 *   numa-node-id. Hot-pluggable ranges (pc-dimm) are not described: QEMU
 *   7.2 leaves them to ACPI.
 * - numa-node-id on every CPU node under /cpus (device_type "cpu"); a
 *   CPU node is matched to the CPU whose MPIDR affinity equals its reg.
 *   Only the present CPUs (index < -smp cpus) have nodes.
 * - /distance-map (compatible "numa-distance-map-v1", distance-matrix
 *   holding a <src dst distance> triplet for every ordered pair of nodes,
 *   the diagonal included) when -numa dist was given.
 *
 * Nodes and properties are placed where QEMU 7.2 puts them, so that a DTB
 * dumped by "qemu-system-aarch64 -M virt,dumpdtb=FILE" without -numa and
 * patched here decompiles to the same text as the DTB QEMU dumps with the
 * -numa options (the random /chosen seeds aside).
 */

/*
 * Writes into out (cap bytes) the device tree dtb (dtb_len bytes) with its
 * NUMA description replaced by the topology's: every memory node of the
 * root (name "memory" or "memory@...", or device_type "memory") is
 * removed and the new ones are written in the first one's place; the
 * numa-node-id of CPU nodes and /distance-map are replaced. Everything
 * else is copied unchanged, the memory reservation block and the boot CPU
 * id included. The result is a packed DTB (version 17); *len gets its
 * size. out must not overlap dtb. dtb may have any alignment (one off an
 * 8-byte boundary is read from a copy). out NULL with cap 0 asks for the
 * size alone: *len is set and the call succeeds, with no error made.
 *
 * l is the layout the memory nodes come from; NULL means the topology's
 * own (vnuma_layout_new's starting point). Only enabled, non-hotpluggable
 * ranges are written, one memory node each.
 *
 * Errors:
 * VNUMA_E_INVAL: NULL t, dtb, len, or out with cap > 0.
 * VNUMA_E_UNSUPPORTED: the machine has no device tree (only arm virt has
 *   one in QEMU 7.2), check "fdt.no-device-tree".
 * VNUMA_E_SYNTAX: dtb is not a valid version 17 device tree, check
 *   "fdt.bad-dtb" (the header, the blocks' bounds, alignment and overlap,
 *   and the whole structure block are checked before libfdt reads the
 *   blob); a node holds a property twice, "fdt.duplicate-property"; a
 *   node of device_type "memory" is not a child of the root,
 *   "fdt.stray-memory"; or its /cpus or root cells are unusable,
 *   "fdt.bad-cells".
 * VNUMA_E_CONFLICT: a range of l that would be written names a node the
 *   topology lacks, "fdt.layout-node".
 * VNUMA_E_CONFLICT: the CPU nodes do not match the topology (not one per
 *   present CPU, or a reg matching no CPU), "fdt.cpu-mismatch".
 * VNUMA_E_RANGE: an address or size does not fit the root's cells,
 *   "fdt.cells-overflow".
 * VNUMA_E_NOSPACE: cap is too small; *len gets the size needed, and out
 *   holds nothing usable. Call again with a buffer of *len bytes.
 * VNUMA_E_NOMEM.
 */
int vnuma_fdt_apply(void *out, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_layout *l,
		    const void *dtb, size_t dtb_len, vnuma_error **err);

/*
 * The NUMA part of the device tree as DTS text, in the layout of
 * "dtc -I dtb -O dts" (properties in the order vnuma_fdt_apply writes
 * them): a standalone source "/dts-v1/; / { ... };" with the memory
 * nodes, each CPU node (cpu@INDEX as virt names them, with its reg and
 * numa-node-id) and /distance-map. Cells are virt's: two for addresses
 * and sizes, one for a CPU's reg. *out is a NUL-terminated string the
 * caller frees with free(). l as for vnuma_fdt_apply.
 * Errors: VNUMA_E_INVAL, VNUMA_E_UNSUPPORTED ("fdt.no-device-tree"),
 * VNUMA_E_CONFLICT ("fdt.layout-node"),
 * VNUMA_E_NOMEM.
 */
int vnuma_fdt_dts(char **out, const vnuma_topology *t, const vnuma_layout *l,
		  vnuma_error **err);

#ifdef __cplusplus
}
#endif
#endif
