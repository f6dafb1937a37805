/* SPDX-License-Identifier: MIT */
/*
 * The System Resource Affinity Table as QEMU 7.2 writes it
 * (hw/i386/acpi-build.c and hw/arm/virt-acpi-build.c, build_srat):
 *
 * - x86 (revision 1): per possible CPU a Local APIC affinity structure,
 *   or an x2APIC one when the APIC id does not fit the 8-bit field (255
 *   is the broadcast id, so it goes to x2APIC too);
 * - virt (revision 3): per possible CPU a GICC affinity structure whose
 *   ACPI Processor UID is the CPU index;
 * - then the memory: each node's boot RAM as the layout holds it (the
 *   layout already cuts it the way QEMU's walk does), on x86 disabled
 *   all-zero entries until there are nodes + 2 memory entries (QEMU
 *   keeps room for the firmware to patch), and the device memory region
 *   as one hot-pluggable range on the last node. QEMU lists no DIMM: a
 *   DIMM's node comes from its _PXM method, so ranges inside the region
 *   are left out here too; but with -machine nvdimm=on each NVDIMM gets
 *   an enabled, non-volatile entry, after the boot RAM and before the
 *   x86 padding (which counts them).
 */
#include "acpi_table.h"

#define SRAT_LAPIC 0
#define SRAT_MEMORY 1
#define SRAT_X2APIC 2
#define SRAT_GICC 3

#define SRAT_ENABLED 0x1u
#define SRAT_HOTPLUGGABLE 0x2u
#define SRAT_NON_VOLATILE 0x4u

static bool is_x86(const vnuma_topology *t)
{
	return !vnuma__topology_view(t)->machine.arm_virt;
}

/* Whether r lies inside [base, base + size). */
static bool in_region(const vnuma_range *r, uint64_t base, uint64_t size)
{
	uint64_t off = r->start - base;

	return size && r->start >= base && off < size && r->size <= size - off;
}

/* The ranges of l that the SRAT lists, with the SRAT's flags. */
static int layout_entries(const vnuma_topology *t, const vnuma_layout *l,
			  int (*fn)(void *, const struct vnuma__srat_mem *),
			  void *ctx, size_t *count, vnuma_error **err)
{
	uint64_t hp_base = 0, hp_size = 0;
	int rc = VNUMA_OK;

	vnuma_layout_hotplug_region(&hp_base, &hp_size, l);
	for (size_t i = 0; !rc && i < vnuma_layout_range_count(l); i++) {
		struct vnuma__srat_mem m = { 0 };
		vnuma_range r = VNUMA_INFO_INIT(vnuma_range);

		vnuma_layout_range(&r, l, i);
		if ((r.flags & VNUMA_RANGE_HOLE) || r.node < 0 ||
		    in_region(&r, hp_base, hp_size))
			continue;
		if ((uint64_t)r.node >= vnuma_topology_node_count(t))
			return vnuma__error_set(err, VNUMA_E_INVAL,
						"acpi.layout-node", NULL,
						"the layout has memory of node "
						"%u, which the topology does "
						"not have",
						(unsigned)r.node);
		m.base = r.start;
		m.length = r.size;
		m.node = (uint32_t)r.node;
		if (r.flags & VNUMA_RANGE_ENABLED)
			m.flags |= SRAT_ENABLED;
		if (r.flags & VNUMA_RANGE_HOTPLUGGABLE)
			m.flags |= SRAT_HOTPLUGGABLE;
		rc = fn(ctx, &m);
		++*count;
	}
	return rc;
}

/*
 * With -machine nvdimm=on, each NVDIMM's region (its label left out) as
 * enabled non-volatile memory of its node, after the boot RAM. QEMU
 * takes them in its object tree's order; vnuma in command-line order,
 * the same for one NVDIMM.
 */
/* The memory device plugged k-th (the view lists them by address). */
static const struct vnuma__view_mdev *plugged(const struct vnuma__view *v,
					      size_t k)
{
	size_t i = 0;

	while (v->mdevs[i].plug != k)
		i++;
	return &v->mdevs[i];
}

static int nvdimm_entries(const vnuma_topology *t,
			  int (*fn)(void *, const struct vnuma__srat_mem *),
			  void *ctx, size_t *count)
{
	const struct vnuma__view *v = vnuma__topology_view(t);
	int rc = VNUMA_OK;

	if (!v->machine.nvdimm)
		return VNUMA_OK;
	for (size_t i = 0; !rc && i < v->n_mdevs; i++) {
		const struct vnuma__view_mdev *d = plugged(v, i);
		struct vnuma__srat_mem m = { d->addr, d->size, d->node,
					     SRAT_ENABLED |
						     SRAT_NON_VOLATILE };

		if (d->kind != VNUMA__MDEV_NVDIMM)
			continue;
		rc = fn(ctx, &m);
		++*count;
	}
	return rc;
}

int vnuma__srat_mem_walk(const vnuma_topology *t, const vnuma_layout *l,
			 int (*fn)(void *ctx, const struct vnuma__srat_mem *m),
			 void *ctx, vnuma_error **err)
{
	const struct vnuma__srat_mem pad = { 0 };
	uint32_t nodes = vnuma_topology_node_count(t);
	uint64_t hp_base = 0, hp_size = 0;
	size_t count = 0;
	int rc = layout_entries(t, l, fn, ctx, &count, err);

	if (!rc)
		rc = nvdimm_entries(t, fn, ctx, &count);
	while (!rc && is_x86(t) && count < (size_t)nodes + 2) {
		rc = fn(ctx, &pad);
		count++;
	}
	vnuma_layout_hotplug_region(&hp_base, &hp_size, l);
	if (!rc && hp_size && nodes) {
		struct vnuma__srat_mem hp = { hp_base, hp_size, nodes - 1,
					      SRAT_ENABLED |
						      SRAT_HOTPLUGGABLE };

		rc = fn(ctx, &hp);
	}
	return rc;
}

static int put_memory(void *ctx, const struct vnuma__srat_mem *m)
{
	struct vnuma__acpi_buf *b = ctx;

	vnuma__acpi_put(b, SRAT_MEMORY, 1);
	vnuma__acpi_put(b, 40, 1);
	vnuma__acpi_put(b, m->node, 4);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, m->base, 8);
	vnuma__acpi_put(b, m->length, 8);
	vnuma__acpi_put(b, 0, 4);
	vnuma__acpi_put(b, m->flags, 4);
	vnuma__acpi_put(b, 0, 8);
	return VNUMA_OK;
}

static void put_x86_cpu(struct vnuma__acpi_buf *b, uint32_t node,
			uint32_t apic_id)
{
	if (apic_id < 255) {
		vnuma__acpi_put(b, SRAT_LAPIC, 1);
		vnuma__acpi_put(b, 16, 1);
		vnuma__acpi_put(b, node & 0xff, 1); /* domain bits 7:0 */
		vnuma__acpi_put(b, apic_id, 1);
		vnuma__acpi_put(b, SRAT_ENABLED, 4);
		vnuma__acpi_put(b, 0, 1);	  /* local SAPIC EID */
		vnuma__acpi_put(b, node >> 8, 3); /* domain bits 31:8 */
		vnuma__acpi_put(b, 0, 4);	  /* clock domain */
		return;
	}
	vnuma__acpi_put(b, SRAT_X2APIC, 1);
	vnuma__acpi_put(b, 24, 1);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, node, 4);
	vnuma__acpi_put(b, apic_id, 4);
	vnuma__acpi_put(b, SRAT_ENABLED, 4);
	vnuma__acpi_put(b, 0, 4); /* clock domain */
	vnuma__acpi_put(b, 0, 4);
}

static void put_gicc(struct vnuma__acpi_buf *b, uint32_t node, uint32_t uid)
{
	vnuma__acpi_put(b, SRAT_GICC, 1);
	vnuma__acpi_put(b, 18, 1);
	vnuma__acpi_put(b, node, 4);
	vnuma__acpi_put(b, uid, 4);
	vnuma__acpi_put(b, SRAT_ENABLED, 4);
	vnuma__acpi_put(b, 0, 4); /* clock domain */
}

static void put_cpus(struct vnuma__acpi_buf *b, const vnuma_topology *t)
{
	uint32_t n = vnuma_topology_max_cpus(t);

	for (uint32_t i = 0; i < n; i++) {
		vnuma_cpu_info ci = VNUMA_INFO_INIT(vnuma_cpu_info);
		uint32_t node;

		vnuma_topology_cpu(&ci, t, i);
		/* With NUMA, completion gave every CPU a node. */
		node = ci.node_id < 0 ? 0 : (uint32_t)ci.node_id;
		if (is_x86(t))
			put_x86_cpu(b, node, ci.apic_id);
		else
			put_gicc(b, node, i);
	}
}

int vnuma_acpi_srat(void *buf, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_layout *l,
		    const vnuma_acpi_ids *ids, vnuma_error **err)
{
	struct vnuma__acpi_buf b;
	int rc;

	if (!l)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"layout must not be NULL");
	rc = vnuma__acpi_begin(&b, buf, cap, len, t, VNUMA_ACPI_SRAT,
			       t && is_x86(t) ? 1 : 3, ids, err);
	if (rc)
		return rc;
	vnuma__acpi_put(&b, 1, 4); /* reserved, 1 for compatibility */
	vnuma__acpi_put(&b, 0, 8);
	put_cpus(&b, t);
	rc = vnuma__srat_mem_walk(t, l, put_memory, &b, err);
	return rc ? rc : vnuma__acpi_end(&b, len, err);
}
