/* SPDX-License-Identifier: MIT */
/* the guest's ACPI SRAT, SLIT and HMAT, as QEMU 7.2 writes them */
#ifndef VNUMA_ACPI_H
#define VNUMA_ACPI_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "layout.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * ACPI tables that describe a topology to the guest: SRAT (which CPUs and
 * memory ranges belong to which proximity domain), SLIT (distances) and
 * HMAT (latencies, bandwidths, memory side caches), with the entries
 * QEMU 7.2 writes for the same options, field by field. Each table is
 * complete: header, length and a checksum that makes its bytes sum to 0,
 * ready for a VMM's table loader or QEMU's -acpitable file=.
 *
 * One intended difference: QEMU 7.2 gives every node a HMAT Memory
 * Proximity Domain Attributes structure, and Linux then rejects the
 * whole HMAT when a node has no memory in the SRAT ("acpi/hmat:
 * Ignoring: Invalid table"). vnuma writes that structure only for nodes
 * the SRAT gives memory.
 */

/* Tables a topology has (vnuma_acpi_tables' answer). */
#define VNUMA_ACPI_SRAT 0x1u
#define VNUMA_ACPI_SLIT 0x2u
#define VNUMA_ACPI_HMAT 0x4u

/*
 * The header fields a VMM may choose. The arrays are the header's bytes
 * as they are (no terminating NUL; QEMU pads short ids with NULs). An
 * options struct: version first (VNUMA_ACPI_IDS_INIT sets it); every
 * version from 1 to VNUMA_ACPI_IDS_VERSION is accepted.
 */
#define VNUMA_ACPI_IDS_VERSION 1
typedef struct vnuma_acpi_ids {
	unsigned int version; /* VNUMA_ACPI_IDS_VERSION */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
} vnuma_acpi_ids;
#define VNUMA_ACPI_IDS_INIT                                       \
	{                                                         \
		VNUMA_ACPI_IDS_VERSION, { 0 }, { 0 }, 0, { 0 }, 0 \
	}

/*
 * The tables QEMU 7.2 writes for the topology, as VNUMA_ACPI_* bits:
 * none on a machine without ACPI tables (isapc, none, -machine acpi=off)
 * or without NUMA nodes; else SRAT, plus SLIT when distances were given,
 * plus HMAT with -machine hmat=on. 0 for NULL.
 */
unsigned vnuma_acpi_tables(const vnuma_topology *t);

/*
 * QEMU 7.2's header fields for the topology's tables: OEM id "BOCHS "
 * and OEM table id "BXPC    " unless -machine x-oem-id/x-oem-table-id
 * say otherwise, OEM revision 1, creator "BXPC" revision 1. out->version
 * must be set (VNUMA_ACPI_IDS_INIT): the fields of that version are
 * filled. Errors: VNUMA_E_INVAL (NULL argument, version 0 or above
 * VNUMA_ACPI_IDS_VERSION).
 */
int vnuma_acpi_ids_default(vnuma_acpi_ids *out, const vnuma_topology *t);

/*
 * Each writer puts one table into buf (cap bytes) and sets *len to the
 * table's size. buf NULL with cap 0 asks for the size alone: *len is
 * set and the call succeeds, with no error made. ids NULL means
 * vnuma_acpi_ids_default's.
 *
 * vnuma_acpi_srat: a CPU affinity structure per possible CPU (x86: local
 * APIC below APIC id 255, x2APIC from there; virt: GICC), a memory
 * affinity structure per range of l that belongs to a node (holes
 * skipped, ranges inside the hotplug region left to the one structure
 * QEMU writes for that region on the last node), and on x86 QEMU's
 * disabled padding entries. l is the layout of t (vnuma_layout_new), with
 * whatever the VMM added since.
 * vnuma_acpi_slit: the complete distance matrix.
 * vnuma_acpi_hmat: revision 2; l tells which nodes have memory.
 *
 * Errors: VNUMA_E_INVAL (NULL t, l or len; buf NULL with cap > 0; an
 * ids version out of range; a range of l names a node t does not
 * have), VNUMA_E_MISSING (the
 * topology has no such table: see vnuma_acpi_tables), VNUMA_E_RANGE (the
 * table would exceed 4 GiB), VNUMA_E_NOSPACE (cap is too small: *len is
 * the size needed, buf's contents are unspecified).
 */
int vnuma_acpi_srat(void *buf, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_layout *l,
		    const vnuma_acpi_ids *ids, vnuma_error **err);
int vnuma_acpi_slit(void *buf, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_acpi_ids *ids,
		    vnuma_error **err);
int vnuma_acpi_hmat(void *buf, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_layout *l,
		    const vnuma_acpi_ids *ids, vnuma_error **err);

#ifdef __cplusplus
}
#endif
#endif
