/* SPDX-License-Identifier: MIT */
/*
 * Reading the caller's DTB before it is rewritten: is it a device tree,
 * which cells does the root use, where do the nodes vnuma replaces sit,
 * and which CPU of the topology each CPU node stands for.
 */
#include "fdt_internal.h"

#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

static bool prop_is(const void *fdt, int node, const char *name,
		    const char *want)
{
	int len;
	const char *v = fdt_getprop(fdt, node, name, &len);

	/* A string property holds its NUL; compare it whole. */
	return v && len == (int)strlen(want) + 1 && !memcmp(v, want, len);
}

bool vnuma__fdt_is_memory(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	if (name && (!strcmp(name, "memory") || !strncmp(name, "memory@", 7)))
		return true;
	return prop_is(fdt, node, "device_type", "memory");
}

/* #address-cells/#size-cells of node, limited to what 64 bits hold. */
static int cells(const void *fdt, int node, const char *path, int *ac, int *sc,
		 int max_sc, vnuma_error **err)
{
	*ac = fdt_address_cells(fdt, node);
	*sc = fdt_size_cells(fdt, node);
	if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > max_sc)
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "fdt.bad-cells",
					NULL,
					"%s: #address-cells %d and "
					"#size-cells %d are not supported "
					"(1 or 2 and at most %d)",
					path, *ac, *sc, max_sc);
	return VNUMA_OK;
}

static int scan_root(struct vnuma__fdt_scan *s, const void *fdt,
		     vnuma_error **err)
{
	int node, rc;

	rc = cells(fdt, 0, "/", &s->acells, &s->scells, 2, err);
	if (rc)
		return rc;
	if (!s->scells)
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "fdt.bad-cells",
					NULL,
					"/: #size-cells is 0: memory "
					"nodes need a size");
	s->first_child = s->first_mem = s->old_dmap = s->chosen = -1;
	s->clock = -1;
	fdt_for_each_subnode(node, fdt, 0)
	{
		const char *name = fdt_get_name(fdt, node, NULL);

		if (s->first_child < 0)
			s->first_child = node;
		if (s->first_mem < 0 && vnuma__fdt_is_memory(fdt, node))
			s->first_mem = node;
		if (name && !strcmp(name, "distance-map") && s->old_dmap < 0)
			s->old_dmap = node;
		if (name && !strcmp(name, "chosen") && s->chosen < 0)
			s->chosen = node;
		if (name && !strcmp(name, "apb-pclk") && s->clock < 0)
			s->clock = node;
	}
	/*
	 * QEMU's nodes go where its own would be in a DTB it dumped: virt
	 * adds /chosen, /apb-pclk, then /distance-map, each one first.
	 */
	s->mem_at = s->first_mem >= 0 ? s->first_mem : s->first_child;
	s->dmap_at = s->old_dmap >= 0 ? s->old_dmap :
		     s->clock >= 0    ? s->clock :
					s->chosen;
	return VNUMA_OK;
}

/* The present CPU whose MPIDR affinity is reg, or -1. */
static int64_t cpu_by_reg(const struct vnuma_topology *t, uint64_t reg)
{
	const struct vnuma__view *m = vnuma__topology_view(t);

	for (uint32_t i = 0;
	     i < m->machine.smp.cpus && i < m->machine.smp.max_cpus; i++)
		if (m->cpus[i].present && m->cpus[i].arch_id == reg)
			return i;
	return -1;
}

static int cpu_mismatch(vnuma_error **err, const char *fmt, ...)
	VNUMA__PRINTF(2, 3);
static int cpu_mismatch(vnuma_error **err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vnuma__error_setv(err, VNUMA_E_CONFLICT, "fdt.cpu-mismatch", NULL,
			       fmt, ap);
	va_end(ap);
	return rc;
}

static int add_cpu(struct vnuma__fdt_scan *s, const void *fdt, int node,
		   int ac, bool *seen, vnuma_error **err)
{
	const struct vnuma_topology *t = s->t;
	const char *name = fdt_get_name(fdt, node, NULL);
	const fdt32_t *reg;
	uint64_t v;
	int64_t idx;
	int len;

	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len != ac * 4)
		return cpu_mismatch(err, "/cpus/%s: no reg of %d cell(s)",
				    name, ac);
	v = ac == 2 ? (uint64_t)fdt32_to_cpu(reg[0]) << 32 |
			      fdt32_to_cpu(reg[1]) :
		      fdt32_to_cpu(reg[0]);
	idx = cpu_by_reg(t, v);
	if (idx < 0)
		return cpu_mismatch(err,
				    "/cpus/%s: reg 0x%" PRIx64 " is the "
				    "MPIDR of no CPU of the machine (dump "
				    "the DTB with the same -smp)",
				    name, v);
	if (seen[idx])
		return cpu_mismatch(err,
				    "/cpus/%s: a second node for CPU %" PRId64
				    " (reg 0x%" PRIx64 ")",
				    name, idx, v);
	seen[idx] = true;
	s->cpus[s->n_cpus].off = node;
	s->cpus[s->n_cpus].node = vnuma__topology_view(t)->cpus[idx].node_id;
	s->n_cpus++;
	return VNUMA_OK;
}

static int scan_cpus(struct vnuma__fdt_scan *s, const void *fdt,
		     vnuma_error **err)
{
	uint32_t want = vnuma_topology_cpus(s->t);
	int cpus = fdt_subnode_offset(fdt, 0, "cpus"), node, ac, sc;
	size_t found = 0;
	bool *seen;
	int rc;

	if (cpus < 0)
		return cpu_mismatch(err,
				    "the device tree has no /cpus node "
				    "for the machine's %" PRIu32 " CPUs",
				    want);
	rc = cells(fdt, cpus, "/cpus", &ac, &sc, INT_MAX, err);
	if (rc)
		return rc;
	fdt_for_each_subnode(node, fdt, cpus)
		found += prop_is(fdt, node, "device_type", "cpu");
	if (found != want)
		return cpu_mismatch(err,
				    "the device tree has %zu CPU nodes, "
				    "the machine %" PRIu32 " CPUs (dump the "
				    "DTB with the same -smp)",
				    found, want);
	s->cpus = calloc(found ? found : 1, sizeof(*s->cpus));
	seen = calloc(want ? want : 1, sizeof(*seen));
	if (!s->cpus || !seen) {
		free(seen);
		return vnuma__error_nomem(err);
	}
	rc = VNUMA_OK;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		if (!rc && prop_is(fdt, node, "device_type", "cpu"))
			rc = add_cpu(s, fdt, node, ac, seen, err);
	}
	free(seen);
	return rc;
}

/* For messages: the full path, or the name when that is too long. */
static void node_path(const void *fdt, int node, char *buf, size_t cap)
{
	if (fdt_get_path(fdt, node, buf, (int)cap))
		snprintf(buf, cap, "%s", fdt_get_name(fdt, node, NULL));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A property twice in one node: libfdt reads the first, the copy would
 * keep both, and dtc refuses the result. names has room for *cap.
 */
static int check_props(const void *fdt, int node, const char ***names,
		       size_t *cap, vnuma_error **err)
{
	const char **v = *names;
	size_t n = 0;
	int prop;

	fdt_for_each_property_offset(prop, fdt, node)
	{
		const char *name;

		if (n == *cap) {
			size_t c = *cap ? *cap * 2 : 16;

			/* on failure *names stays for the caller to free */
			v = c > SIZE_MAX / sizeof(*v) ?
				    NULL :
				    realloc(v, c * sizeof(*v));
			if (!v)
				return vnuma__error_nomem(err);
			*names = v;
			*cap = c;
		}
		fdt_getprop_by_offset(fdt, prop, &name, NULL);
		v[n++] = name;
	}
	qsort(v, n, sizeof(*v), by_name);
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(v[i - 1], v[i])) {
			char path[256];

			node_path(fdt, node, path, sizeof(path));
			return vnuma__error_set(err, VNUMA_E_SYNTAX,
						"fdt.duplicate-property", NULL,
						"%s: property '%s' appears twice",
						path, v[i]);
		}
	}
	return VNUMA_OK;
}

/*
 * Only the root's memory nodes are replaced: one deeper (under /cpus,
 * say) would stay in the output with a stale or no NUMA node, and a
 * kernel that scans for device_type "memory" would find it.
 */
static int check_nodes(const void *fdt, vnuma_error **err)
{
	const char **names = NULL;
	size_t cap = 0;
	int node = 0, depth = 0, rc = VNUMA_OK;

	for (; !rc && node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		rc = check_props(fdt, node, &names, &cap, err);
		if (!rc && depth > 1 &&
		    prop_is(fdt, node, "device_type", "memory")) {
			char path[256];

			node_path(fdt, node, path, sizeof(path));
			rc = vnuma__error_set(
				err, VNUMA_E_SYNTAX, "fdt.stray-memory", NULL,
				"%s: a memory node (device_type \"memory\") "
				"that is not a child of the root",
				path);
		}
	}
	free(names);
	return rc;
}

/* Every memory node's start and size must fit the root's cells. */
static int check_fits(const struct vnuma__fdt_scan *s,
		      const struct vnuma__fdt_plan *p, vnuma_error **err)
{
	for (size_t i = 0; i < p->n_mem; i++) {
		const struct vnuma__fdt_mem *m = &p->mem[i];

		if ((s->acells == 1 && m->start > UINT32_MAX) ||
		    (s->scells == 1 && m->size > UINT32_MAX))
			return vnuma__error_set(
				err, VNUMA_E_RANGE, "fdt.cells-overflow", NULL,
				"memory at 0x%" PRIx64 " of size 0x%" PRIx64
				" does not fit the root's #address-cells %d "
				"and #size-cells %d",
				m->start, m->size, s->acells, s->scells);
	}
	return VNUMA_OK;
}

int vnuma__fdt_scan(struct vnuma__fdt_scan *s, const struct vnuma__fdt_plan *p,
		    const void *fdt, size_t len, vnuma_error **err)
{
	int rc;

	*s = (struct vnuma__fdt_scan){ .t = p->t };
	rc = vnuma__fdt_check(fdt, len, err);
	if (rc)
		return rc;
	/* what libfdt refuses beyond that is refused too */
	rc = fdt_check_full(fdt, len);
	if (rc)
		return vnuma__error_set(err, VNUMA_E_SYNTAX, "fdt.bad-dtb",
					NULL, "not a valid device tree: %s",
					fdt_strerror(rc));
	rc = check_nodes(fdt, err);
	if (!rc)
		rc = scan_root(s, fdt, err);
	if (!rc)
		rc = scan_cpus(s, fdt, err);
	if (!rc)
		rc = check_fits(s, p, err);
	if (rc)
		vnuma__fdt_scan_fini(s);
	return rc;
}

void vnuma__fdt_scan_fini(struct vnuma__fdt_scan *s)
{
	free(s->cpus);
	s->cpus = NULL;
	s->n_cpus = 0;
}
