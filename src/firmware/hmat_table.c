/* SPDX-License-Identifier: MIT */
/*
 * The Heterogeneous Memory Attribute Table, revision 2 (ACPI 6.3), as
 * QEMU 7.2's hw/acpi/hmat.c writes it: Memory Proximity Domain
 * Attributes per node, System Locality Latency and Bandwidth structures
 * in (hierarchy, data type) order, Memory Side Cache structures by node
 * then level.
 *
 * The one difference: QEMU writes the attributes structure for nodes
 * without memory too, and Linux (hmat_parse_proximity_domain) then finds
 * a memory domain that the SRAT does not know and drops the whole table.
 * So the structure is written only for nodes that the SRAT gives an
 * enabled memory range, which the SRAT walk itself tells.
 */
#include "acpi_table.h"

#include <stdlib.h>

#define HMAT_MPDA 0
#define HMAT_LB 1
#define HMAT_CACHE 2
#define HMAT_INITIATOR_VALID 0x1u
/* QEMU's MAX_NODES: the initiator field of a node that has none. */
#define HMAT_NO_INITIATOR 128

static int mark_node(void *ctx, const struct vnuma__srat_mem *m)
{
	bool *has_mem = ctx;

	if (m->flags & 0x1u)
		has_mem[m->node] = true;
	return VNUMA_OK;
}

static void put_mpda(struct vnuma__acpi_buf *b, const struct vnuma__view *v,
		     uint32_t node)
{
	int64_t init = v->nodes[node].initiator;

	vnuma__acpi_put(b, HMAT_MPDA, 2);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, 40, 4);
	vnuma__acpi_put(b, init >= 0 ? HMAT_INITIATOR_VALID : 0, 2);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, init >= 0 ? (uint64_t)init : HMAT_NO_INITIATOR, 4);
	vnuma__acpi_put(b, node, 4);
	vnuma__acpi_put(b, 0, 4);
	vnuma__acpi_put(b, 0, 8); /* was the range's start before 6.3 */
	vnuma__acpi_put(b, 0, 8); /* and its length */
}

static void put_lb(struct vnuma__acpi_buf *b,
		   const struct vnuma__view_hmat_lb *lb)
{
	uint64_t ni = lb->n_initiators, nt = lb->n_targets;

	vnuma__acpi_put(b, HMAT_LB, 2);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, 32 + 4 * ni + 4 * nt + 2 * ni * nt, 4);
	vnuma__acpi_put(b, lb->hierarchy, 1); /* flags: memory hierarchy */
	vnuma__acpi_put(b, lb->data_type, 1);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, ni, 4);
	vnuma__acpi_put(b, nt, 4);
	vnuma__acpi_put(b, 0, 4);
	vnuma__acpi_put(b, lb->base, 8);
	for (size_t i = 0; i < ni; i++)
		vnuma__acpi_put(b, lb->initiators[i], 4);
	for (size_t i = 0; i < nt; i++)
		vnuma__acpi_put(b, lb->targets[i], 4);
	for (size_t i = 0; i < ni * nt; i++)
		vnuma__acpi_put(b, lb->entries[i], 2);
}

static void put_cache(struct vnuma__acpi_buf *b,
		      const struct vnuma__view_hmat_cache *c)
{
	vnuma__acpi_put(b, HMAT_CACHE, 2);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, 32, 4);
	vnuma__acpi_put(b, c->node, 4);
	vnuma__acpi_put(b, 0, 4);
	vnuma__acpi_put(b, c->size, 8);
	vnuma__acpi_put(b, c->attributes, 4);
	vnuma__acpi_put(b, 0, 2);
	vnuma__acpi_put(b, 0, 2); /* no SMBIOS handles */
}

int vnuma_acpi_hmat(void *buf, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_layout *l,
		    const vnuma_acpi_ids *ids, vnuma_error **err)
{
	const struct vnuma__view *v = vnuma__topology_view(t);
	struct vnuma__acpi_buf b;
	bool *has_mem;
	uint32_t n;
	int rc;

	if (!l)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"layout must not be NULL");
	rc = vnuma__acpi_begin(&b, buf, cap, len, t, VNUMA_ACPI_HMAT, 2, ids,
			       err);
	if (rc)
		return rc;
	n = v->n_nodes;
	has_mem = calloc(n, sizeof(*has_mem));
	if (!has_mem)
		return vnuma__error_nomem(err);
	rc = vnuma__srat_mem_walk(t, l, mark_node, has_mem, err);
	vnuma__acpi_put(&b, 0, 4);
	for (uint32_t i = 0; !rc && i < n; i++)
		if (has_mem[i])
			put_mpda(&b, v, i);
	free(has_mem);
	for (size_t i = 0; !rc && i < v->n_hmat_lb; i++)
		put_lb(&b, &v->hmat_lb[i]);
	for (size_t i = 0; !rc && i < v->n_hmat_caches; i++)
		put_cache(&b, &v->hmat_caches[i]);
	return rc ? rc : vnuma__acpi_end(&b, len, err);
}
