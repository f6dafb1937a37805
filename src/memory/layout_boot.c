/* SPDX-License-Identifier: MIT */
/*
 * Where each node's boot RAM sits, as QEMU 7.2 tells the guest:
 *
 * pc, q35 (hw/i386/acpi-build.c, build_srat): the nodes' memory is laid
 * out in node order from address 0 over the RAM below 4 GiB; the node
 * that reaches 640K loses [640K, 1M) to the legacy hole and goes on at
 * 1M; the node that reaches the end of RAM below 4 GiB is cut in two and
 * goes on above 4 GiB. Memory-less nodes get no range.
 *
 * virt (hw/arm/virt-acpi-build.c build_srat, hw/arm/boot.c's memory
 * nodes): the nodes with memory, in node order, packed from 1 GiB.
 *
 * Other machines ("none"): packed from 0.
 *
 * Without NUMA QEMU describes no node at all (no SRAT, no numa-node-id):
 * the RAM is laid out the same way as one block with node -1, so that
 * node_of_addr answers "belongs to no NUMA node" for it, as for holes.
 */
#include "layout.h"

#include "../machine/machine.h"
#include "../numa/numa.h"

#define HOLE_640K_START UINT64_C(0xa0000)
#define HOLE_640K_END UINT64_C(0x100000)
#define FOUR_GIB (UINT64_C(1) << 32)
#define VIRT_RAM_BASE (UINT64_C(1) << 30)

static int add(struct vnuma_layout *l, uint64_t start, uint64_t size,
	       int64_t node, uint32_t flags, vnuma_error **err)
{
	struct vnuma_range r = { sizeof(r), start, size, node, flags };

	return size ? vnuma__layout_insert(l, &r, err) : VNUMA_OK;
}

static int ram(struct vnuma_layout *l, uint64_t start, uint64_t size,
	       int64_t node, vnuma_error **err)
{
	return add(l, start, size, node, VNUMA_RANGE_ENABLED, err);
}

/* The x86 walk: RAM offsets, and where they sit in guest memory. */
struct x86_walk {
	uint64_t next; /* RAM offset where the next node starts */
	uint64_t below_4g, above_4g_start;
};

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * One node's len bytes of RAM from offset w->next, cut as build_srat
 * cuts them: offsets below the end of RAM below 4 GiB are addresses, and
 * the node pays for [640K, 1M) if it spans it; the rest moves above
 * 4 GiB. A node ending inside [640K, 1M) pushes the next one to 1M.
 * Where QEMU's cursor would describe memory that is not there (a
 * max-ram-below-4g under 1M), the ranges stay where the RAM is.
 */
static int x86_node(struct vnuma_layout *l, struct x86_walk *w, uint64_t len,
		    int64_t node, vnuma_error **err)
{
	uint64_t base = w->next, end, low;
	int rc = VNUMA_OK;

	if (__builtin_add_overflow(base, len, &end))
		return vnuma__error_set(err, VNUMA_E_RANGE, "layout.wrap",
					NULL, "node memory ends past 2^64");
	w->next = end;
	if (!len)
		return VNUMA_OK;
	if (base < w->below_4g) {
		low = min64(end, w->below_4g);
		if (base < HOLE_640K_START)
			rc = ram(l, base, min64(low, HOLE_640K_START) - base,
				 node, err);
		if (!rc && low > max64(base, HOLE_640K_END))
			rc = ram(l, max64(base, HOLE_640K_END),
				 low - max64(base, HOLE_640K_END), node, err);
		if (end > HOLE_640K_START && end < HOLE_640K_END &&
		    end <= w->below_4g)
			w->next = HOLE_640K_END;
	}
	if (!rc && end > w->below_4g) {
		uint64_t off = max64(base, w->below_4g) - w->below_4g;

		if (w->above_4g_start + off < off ||
		    w->above_4g_start + (end - w->below_4g) <
			    w->above_4g_start)
			return vnuma__error_set(err, VNUMA_E_RANGE,
						"layout.wrap", NULL,
						"node memory ends past 2^64");
		rc = ram(l, w->above_4g_start + off,
			 end - max64(base, w->below_4g), node, err);
	}
	return rc;
}

static int x86_holes(struct vnuma_layout *l, uint64_t below_4g,
		     vnuma_error **err)
{
	uint64_t pci = below_4g;
	int rc = VNUMA_OK;

	if (below_4g > HOLE_640K_START) {
		rc = add(l, HOLE_640K_START, HOLE_640K_END - HOLE_640K_START,
			 -1, VNUMA_RANGE_HOLE, err);
		if (pci < HOLE_640K_END)
			pci = HOLE_640K_END;
	}
	/* The 32-bit PCI hole starts where RAM below 4 GiB ends. */
	if (!rc && pci < FOUR_GIB)
		rc = add(l, pci, FOUR_GIB - pci, -1, VNUMA_RANGE_HOLE, err);
	return rc;
}

/*
 * QEMU 7.2's SRAT puts the part above the PCI hole at 4 GiB even when
 * pc_memory_init moved it to 1 TiB (AMD CPUs, RAM reaching the
 * HyperTransport hole): vnuma describes where the RAM is.
 */
static int x86_boot(struct vnuma_layout *l, const struct vnuma__machine *m,
		    const struct vnuma__numa *n, vnuma_error **err)
{
	struct vnuma__ram_layout rl;
	struct x86_walk w = { 0 };
	int rc;

	if (vnuma__ram_layout(&rl, m))
		return vnuma__error_set(err, VNUMA_E_RANGE, "layout.wrap",
					NULL, "memory map ends past 2^64");
	w.below_4g = rl.below_4g;
	w.above_4g_start = rl.above_4g_start;
	rc = x86_holes(l, rl.below_4g, err);
	if (!n->num_nodes)
		return rc ? rc : x86_node(l, &w, m->ram_size, -1, err);
	for (uint32_t i = 0; i < n->num_nodes && !rc; i++)
		rc = x86_node(l, &w, n->nodes[i].mem, i, err);
	return rc;
}

/* Node after node from base, memory-less nodes skipped. */
static int packed(struct vnuma_layout *l, uint64_t base,
		  const struct vnuma__machine *m, const struct vnuma__numa *n,
		  vnuma_error **err)
{
	int rc = VNUMA_OK;

	if (!n->num_nodes)
		return ram(l, base, m->ram_size, -1, err);
	for (uint32_t i = 0; i < n->num_nodes && !rc; i++) {
		rc = ram(l, base, n->nodes[i].mem, i, err);
		base += n->nodes[i].mem;
	}
	return rc;
}

int vnuma__layout_boot(struct vnuma_layout *l, const struct vnuma__machine *m,
		       const struct vnuma__numa *n, vnuma_error **err)
{
	enum vnuma__board board;

	if (!l || !m || !m->profile || !n)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"layout, machine and numa must not be "
					"NULL");
	vnuma__layout_fini(l);
	l->hotplug_base = m->devmem_size ? m->devmem_base : 0;
	l->hotplug_size = m->devmem_size;
	board = m->profile->board;
	if (board == VNUMA__BOARD_I440FX || board == VNUMA__BOARD_Q35 ||
	    board == VNUMA__BOARD_ISAPC || board == VNUMA__BOARD_MICROVM)
		return x86_boot(l, m, n, err);
	if (board == VNUMA__BOARD_VIRT)
		return packed(l, VIRT_RAM_BASE, m, n, err);
	return packed(l, 0, m, n, err);
}
