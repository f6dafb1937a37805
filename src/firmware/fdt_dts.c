/* SPDX-License-Identifier: MIT */
/*
 * The NUMA part of the device tree as DTS text, printed the way
 * "dtc -I dtb -O dts" prints a DTB (cells as 0x%02x, properties in DTB
 * order) so that it can be compared line by line with a decompiled DTB.
 */
#include "fdt_internal.h"

#include <inttypes.h>
#include <stdlib.h>

#include "../util.h"

static void cell(struct vnuma__buf *b, uint32_t v, bool first)
{
	vnuma__buf_printf(b, "%s0x%02" PRIx32, first ? "" : " ", v);
}

/* virt's root has two address and two size cells. */
static void memory(struct vnuma__buf *b, const struct vnuma__fdt_plan *p)
{
	for (size_t i = p->n_mem; i-- > 0;) {
		const struct vnuma__fdt_mem *m = &p->mem[i];
		char name[VNUMA__FDT_MEM_NAME_MAX];

		vnuma__fdt_mem_name(name, m->start);
		vnuma__buf_printf(b, "\n\t%s {\n", name);
		if (m->node >= 0)
			vnuma__buf_printf(b,
					  "\t\tnuma-node-id = <0x%02" PRIx64
					  ">;\n",
					  (uint64_t)m->node);
		vnuma__buf_puts(b, "\t\treg = <");
		cell(b, (uint32_t)(m->start >> 32), true);
		cell(b, (uint32_t)m->start, false);
		cell(b, (uint32_t)(m->size >> 32), false);
		cell(b, (uint32_t)m->size, false);
		vnuma__buf_puts(b,
				">;\n\t\tdevice_type = \"memory\";\n\t};\n");
	}
}

/* The present CPUs, named cpu@INDEX with reg = MPIDR as virt does. */
static void cpus(struct vnuma__buf *b, const struct vnuma__fdt_plan *p)
{
	const struct vnuma__view *m = vnuma__topology_view(p->t);

	vnuma__buf_puts(b, "\n\tcpus {\n\t\t#size-cells = <0x00>;\n"
			   "\t\t#address-cells = <0x01>;\n");
	for (uint32_t i = 0;
	     i < m->machine.smp.cpus && i < m->machine.smp.max_cpus; i++) {
		const struct vnuma__view_cpu *c = &m->cpus[i];

		vnuma__buf_printf(b, "\n\t\tcpu@%" PRIu32 " {\n", i);
		if (c->node_id >= 0)
			vnuma__buf_printf(b,
					  "\t\t\tnuma-node-id = <0x%02" PRIx64
					  ">;\n",
					  (uint64_t)c->node_id);
		vnuma__buf_printf(b, "\t\t\treg = <0x%02" PRIx64 ">;\n",
				  c->arch_id);
		vnuma__buf_puts(b, "\t\t\tdevice_type = \"cpu\";\n\t\t};\n");
	}
	vnuma__buf_puts(b, "\t};\n");
}

static int distance_map(struct vnuma__buf *b, const struct vnuma__fdt_plan *p)
{
	uint32_t *m;
	size_t n;

	if (!p->distances)
		return VNUMA_OK;
	m = vnuma__fdt_matrix(p, &n);
	if (!m)
		return VNUMA_E_NOMEM;
	vnuma__buf_puts(b, "\n\tdistance-map {\n\t\tdistance-matrix = <");
	for (size_t i = 0; i < n; i++)
		cell(b, m[i], i == 0);
	vnuma__buf_puts(b, ">;\n\t\tcompatible = \"numa-distance-map-v1\";\n"
			   "\t};\n");
	free(m);
	return VNUMA_OK;
}

int vnuma_fdt_dts(char **out, const vnuma_topology *t, const vnuma_layout *l,
		  vnuma_error **err)
{
	struct vnuma__fdt_plan p;
	struct vnuma__buf b = { 0 };
	int rc;

	if (!out)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out must not be NULL");
	*out = NULL;
	rc = vnuma__fdt_plan(&p, t, l, err);
	if (rc)
		return rc;
	vnuma__buf_puts(&b, "/dts-v1/;\n\n/ {\n\t#size-cells = <0x02>;\n"
			    "\t#address-cells = <0x02>;\n");
	memory(&b, &p);
	cpus(&b, &p);
	rc = distance_map(&b, &p);
	vnuma__buf_puts(&b, "};\n");
	vnuma__fdt_plan_fini(&p);
	*out = rc ? NULL : vnuma__buf_take(&b);
	if (!rc && !*out)
		rc = VNUMA_E_NOMEM;
	vnuma__buf_fini(&b);
	return rc == VNUMA_E_NOMEM ? vnuma__error_nomem(err) : rc;
}
