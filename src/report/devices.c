/* SPDX-License-Identifier: MIT */
/*
 * The devices vnuma plugs, in the text report: each memory device where
 * QEMU 7.2 put it (in address order, as query-memory-devices lists
 * them), and each PCI expander bridge with the NUMA node its bus reports.
 */
#include "report_internal.h"

#include <inttypes.h>

enum dev_col {
	D_TYPE,
	D_ID,
	D_ADDR,
	D_SIZE,
	D_NODE,
	D_SLOT,
	D_MEMDEV,
	N_DEV_COLS
};

static const char *const dev_head[N_DEV_COLS] = { "type",  "id",   "addr",
						  "size",  "node", "slot",
						  "memdev" };

static void device_row(struct vnuma__table *tb, size_t r,
		       const struct vnuma__view_mdev *d)
{
	char sz[48];

	vnuma__table_set(tb, r, D_TYPE, "%s", d->driver);
	vnuma__table_set(tb, r, D_ID, "%s", d->id ? d->id : "-");
	vnuma__table_set(tb, r, D_ADDR, "0x%" PRIx64, d->addr);
	vnuma__table_set(tb, r, D_SIZE, "%s",
			 vnuma__report_size(sz, sizeof(sz), d->size));
	/* virtio-pmem has no node, virtio devices no slot. */
	if (d->kind == VNUMA__MDEV_VIRTIO_PMEM)
		vnuma__table_set(tb, r, D_NODE, "-");
	else
		vnuma__table_set(tb, r, D_NODE, "%" PRIu32, d->node);
	if (d->slot < 0)
		vnuma__table_set(tb, r, D_SLOT, "-");
	else
		vnuma__table_set(tb, r, D_SLOT, "%" PRId32, d->slot);
	vnuma__table_set(tb, r, D_MEMDEV, "%s", d->memdev);
}

static int memory_devices(struct vnuma__buf *b, const struct vnuma__view *v)
{
	static const bool right[N_DEV_COLS] = { [D_ADDR] = true,
						[D_SIZE] = true,
						[D_NODE] = true,
						[D_SLOT] = true };
	struct vnuma__table tb;
	int rc;

	if (!v->n_mdevs)
		return VNUMA_OK;
	rc = vnuma__table_init(&tb, N_DEV_COLS, v->n_mdevs + 1, right);
	if (rc)
		return rc;
	vnuma__buf_puts(b, "\nmemory devices\n");
	for (size_t c = 0; c < N_DEV_COLS; c++)
		vnuma__table_set(&tb, 0, c, "%s", dev_head[c]);
	for (size_t r = 1; r <= v->n_mdevs; r++)
		device_row(&tb, r, &v->mdevs[r - 1]);
	rc = vnuma__table_render(b, &tb, 2);
	vnuma__table_fini(&tb);
	return rc;
}

enum pxb_col { P_TYPE, P_ID, P_BUS, P_NODE, N_PXB_COLS };

static int expanders(struct vnuma__buf *b, const struct vnuma__view *bk)
{
	static const char *const head[N_PXB_COLS] = { "type", "id", "bus_nr",
						      "numa_node" };
	static const bool
		right[N_PXB_COLS] = { [P_BUS] = true, [P_NODE] = true };
	struct vnuma__table tb;
	int rc;

	if (!bk->n_pxbs)
		return VNUMA_OK;
	rc = vnuma__table_init(&tb, N_PXB_COLS, bk->n_pxbs + 1, right);
	if (rc)
		return rc;
	vnuma__buf_puts(b, "\npci expander bridges\n");
	for (size_t c = 0; c < N_PXB_COLS; c++)
		vnuma__table_set(&tb, 0, c, "%s", head[c]);
	for (size_t i = 0; i < bk->n_pxbs; i++) {
		const struct vnuma__view_pxb *x = &bk->pxbs[i];

		vnuma__table_set(&tb, i + 1, P_TYPE, "%s",
				 x->pcie ? "pxb-pcie" : "pxb");
		vnuma__table_set(&tb, i + 1, P_ID, "%s", x->id ? x->id : "-");
		vnuma__table_set(&tb, i + 1, P_BUS, "%u", (unsigned)x->bus_nr);
		if (x->numa_node < 0)
			vnuma__table_set(&tb, i + 1, P_NODE, "-");
		else
			vnuma__table_set(&tb, i + 1, P_NODE, "%u",
					 (unsigned)x->numa_node);
	}
	rc = vnuma__table_render(b, &tb, 2);
	vnuma__table_fini(&tb);
	return rc;
}

int vnuma__report_devices(struct vnuma__buf *b, const struct vnuma__view *v)
{
	int rc = memory_devices(b, v);

	return rc ? rc : expanders(b, v);
}
