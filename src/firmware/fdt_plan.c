/* SPDX-License-Identifier: MIT */
/*
 * What the device tree says about NUMA, gathered once from the topology
 * and the layout (the single source of memory ranges), for both the DTB
 * writer and the DTS text.
 */
#include "fdt_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * QEMU 7.2 describes boot RAM only: node_mem per node with NUMA, the
 * whole RAM without. DIMMs are hot-pluggable ranges and stay out.
 */
static bool wanted(const struct vnuma_range *r, bool numa)
{
	if (!(r->flags & VNUMA_RANGE_ENABLED) ||
	    (r->flags & (VNUMA_RANGE_HOLE | VNUMA_RANGE_HOTPLUGGABLE)))
		return false;
	return numa ? r->node >= 0 : r->node < 0;
}

int vnuma__fdt_plan(struct vnuma__fdt_plan *p, const vnuma_topology *t,
		    const vnuma_layout *l, vnuma_error **err)
{
	const struct vnuma__view *v = vnuma__topology_view(t);
	size_t n = 0, nr;

	*p = (struct vnuma__fdt_plan){ .t = t };
	if (!t)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"topology must not be NULL");
	if (!v->machine.device_tree)
		return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
					"fdt.no-device-tree", NULL,
					"machine type '%s' has no device "
					"tree: QEMU 7.2 builds one for arm "
					"virt only",
					v->machine.type ? v->machine.type :
							  "none");
	if (!l)
		l = v->layout;
	nr = vnuma_layout_range_count(l);
	p->n_nodes = vnuma_topology_node_count(t);
	p->distances = p->n_nodes && vnuma_topology_has_distances(t);
	p->mem = calloc(nr ? nr : 1, sizeof(*p->mem));
	if (!p->mem)
		return vnuma__error_nomem(err);
	for (size_t i = 0; i < nr; i++) {
		struct vnuma_range range = VNUMA_INFO_INIT(struct vnuma_range);
		const struct vnuma_range *r = &range;

		vnuma_layout_range(&range, l, i);

		if (!wanted(r, p->n_nodes > 0))
			continue;
		if (r->node >= (int64_t)p->n_nodes && p->n_nodes) {
			vnuma__fdt_plan_fini(p);
			return vnuma__error_set(err, VNUMA_E_CONFLICT,
						"fdt.layout-node", NULL,
						"the layout puts 0x%" PRIx64
						"+0x%" PRIx64
						" on node %" PRId64
						", the topology has %" PRIu32
						" node(s)",
						r->start, r->size, r->node,
						p->n_nodes);
		}
		p->mem[n].start = r->start;
		p->mem[n].size = r->size;
		p->mem[n].node = r->node;
		n++;
	}
	p->n_mem = n;
	return VNUMA_OK;
}

void vnuma__fdt_plan_fini(struct vnuma__fdt_plan *p)
{
	free(p->mem);
	p->mem = NULL;
	p->n_mem = 0;
}

void vnuma__fdt_mem_name(char *buf, uint64_t start)
{
	snprintf(buf, VNUMA__FDT_MEM_NAME_MAX, "memory@%" PRIx64, start);
}

uint32_t *vnuma__fdt_matrix(const struct vnuma__fdt_plan *p, size_t *n)
{
	uint32_t nn = p->n_nodes, *m;
	size_t cells, k = 0;

	if (__builtin_mul_overflow((size_t)nn * nn, 3, &cells))
		return NULL;
	m = calloc(cells ? cells : 1, sizeof(*m));
	if (!m)
		return NULL;
	for (uint32_t i = 0; i < nn; i++) {
		for (uint32_t j = 0; j < nn; j++) {
			uint8_t d = 0;

			vnuma_topology_distance(&d, p->t, i, j);
			m[k++] = i;
			m[k++] = j;
			m[k++] = d;
		}
	}
	*n = cells;
	return m;
}
