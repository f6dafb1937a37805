/* SPDX-License-Identifier: MIT */
/*
 * The text report: QEMU's "info numa" answer first, byte for byte (with
 * "\n" line ends), so it can be compared with a real QEMU; then vnuma's
 * own sections for a reader.
 */
#include "vnuma/report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/*
 * QEMU walks the CPUs that exist at boot (not the possible ones), and
 * counts a node's hot-plugged DIMMs in its size too; both in whole MiB,
 * rounded down.
 */
static void info_numa(struct vnuma__buf *b, const struct vnuma__view *v)
{
	vnuma__buf_printf(b, "%" PRIu32 " nodes\n", v->n_nodes);
	for (uint32_t i = 0; i < v->n_nodes; i++) {
		const struct vnuma__view_node *nd = &v->nodes[i];
		uint64_t plugged = nd->plugged;

		vnuma__buf_printf(b, "node %" PRIu32 " cpus:", i);
		for (size_t k = 0; k < nd->n_cpus; k++)
			if (v->cpus[nd->cpus[k]].present)
				vnuma__buf_printf(b, " %" PRIu32, nd->cpus[k]);
		vnuma__buf_printf(b,
				  "\nnode %" PRIu32 " size: %" PRIu64 " MB\n",
				  i, (nd->mem + plugged) >> 20);
		vnuma__buf_printf(b,
				  "node %" PRIu32 " plugged: %" PRIu64 " MB\n",
				  i, plugged >> 20);
	}
}

/* Exact sizes in the largest binary unit that divides them. */
static const char *fmt_size(char *buf, size_t len, uint64_t v)
{
	return vnuma__report_size(buf, len, v);
}

static const char *on_off(bool b)
{
	return b ? "on" : "off";
}

static void smp_line(struct vnuma__buf *b, const struct vnuma__view_machine *m)
{
	vnuma__buf_printf(b, "sockets=%" PRIu32, m->smp.sockets);
	if (m->smp_dies)
		vnuma__buf_printf(b, " dies=%" PRIu32, m->smp.dies);
	if (m->smp_clusters)
		vnuma__buf_printf(b, " clusters=%" PRIu32, m->smp.clusters);
	vnuma__buf_printf(b, " cores=%" PRIu32 " threads=%" PRIu32,
			  m->smp.cores, m->smp.threads);
}

/* "q35 (pc-q35-7.2, x86_64)": as given, then what it resolved to. */
static void type_row(struct vnuma__table *tb,
		     const struct vnuma__view_machine *m)
{
	const char *arch = m->arch;
	const char *given = m->type ? m->type : "";

	vnuma__table_set(tb, 0, 0, "type");
	if (!m->resolved)
		vnuma__table_set(tb, 0, 1, "%s", given);
	else if (arch)
		vnuma__table_set(tb, 0, 1, "%s (%s, %s)",
				 m->type ? given : m->resolved, m->resolved,
				 arch);
	else
		vnuma__table_set(tb, 0, 1, "%s (%s)",
				 m->type ? given : m->resolved, m->resolved);
}

static void machine_rows(struct vnuma__table *tb,
			 const struct vnuma__view_machine *m, const char *topo)
{
	char s1[48], s2[48];
	size_t r = 1;

	type_row(tb, m);
	vnuma__table_set(tb, r, 0, "ram");
	vnuma__table_set(tb, r++, 1, "%s",
			 fmt_size(s1, sizeof(s1), m->ram_size));
	vnuma__table_set(tb, r, 0, "maxmem");
	vnuma__table_set(tb, r++, 1, "%s, %" PRIu64 " slots",
			 fmt_size(s2, sizeof(s2), m->maxram_size),
			 m->ram_slots);
	vnuma__table_set(tb, r, 0, "cpus");
	vnuma__table_set(tb, r++, 1, "%" PRIu32 " (maxcpus %" PRIu32 ")",
			 m->smp.cpus, m->smp.max_cpus);
	vnuma__table_set(tb, r, 0, "topology");
	vnuma__table_set(tb, r++, 1, "%s", topo);
	if (m->cpu_type) {
		vnuma__table_set(tb, r, 0, "cpu type");
		vnuma__table_set(tb, r++, 1, "%s", m->cpu_type);
	}
	vnuma__table_set(tb, r, 0, "hmat");
	vnuma__table_set(tb, r++, 1, "%s", on_off(m->hmat));
	vnuma__table_set(tb, r, 0, "acpi");
	vnuma__table_set(tb, r++, 1, "%s", on_off(m->acpi));
	vnuma__table_set(tb, r, 0, "accel");
	if (m->kernel_irqchip)
		vnuma__table_set(tb, r++, 1, "%s, kernel-irqchip=%s", m->accel,
				 m->kernel_irqchip);
	else
		vnuma__table_set(tb, r++, 1, "%s", m->accel);
	for (size_t i = 0; i < m->n_props; i++) {
		/* -machine accel= (-enable-kvm) is the accel row's source. */
		if (!strcmp(m->props[i].key, "accel"))
			continue;
		vnuma__table_set(tb, r, 0, "%s", m->props[i].key);
		vnuma__table_set(tb, r++, 1, "%s", m->props[i].value);
	}
}

static int machine_section(struct vnuma__buf *b, const struct vnuma__view *v)
{
	const struct vnuma__view_machine *m = &v->machine;
	struct vnuma__buf smp = { 0 };
	struct vnuma__table tb = { 0 };
	char *topo;
	int rc = VNUMA_E_NOMEM;

	smp_line(&smp, m);
	topo = vnuma__buf_take(&smp);
	if (!topo || vnuma__table_init(&tb, 2, 10 + m->n_props, NULL))
		goto out;
	machine_rows(&tb, m, topo);
	vnuma__buf_puts(b, "machine\n");
	rc = vnuma__table_render(b, &tb, 2);
out:
	vnuma__table_fini(&tb);
	free(topo);
	return rc;
}

static unsigned digits(uint32_t v)
{
	unsigned n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Right-aligns v in width columns after sep; no printf per cell. */
static void put_cell(struct vnuma__buf *b, const char *sep, unsigned width,
		     uint32_t v)
{
	char tmp[32], *p = tmp + sizeof(tmp);
	unsigned n = 0;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
		n++;
	} while (v);
	while (n++ < width)
		*--p = ' ';
	for (size_t i = strlen(sep); i-- > 0;)
		*--p = sep[i];
	vnuma__buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/*
 * Only when -numa dist was given: otherwise QEMU builds no SLIT. The
 * matrix is formatted directly, as it can hold 16,384 cells.
 */
static int distance_section(struct vnuma__buf *b, const struct vnuma__view *v)
{
	uint32_t nn = v->n_nodes;
	unsigned w0, *w;

	if (!v->have_distances || !nn)
		return VNUMA_OK;
	w = calloc(nn, sizeof(*w));
	if (!w)
		return VNUMA_E_NOMEM;
	w0 = digits(nn - 1) > 4 ? digits(nn - 1) : 4; /* "node" */
	for (uint32_t j = 0; j < nn; j++) {
		w[j] = digits(j);
		for (uint32_t i = 0; i < nn; i++) {
			unsigned d = digits(v->dist[(size_t)i * nn + j]);

			if (d > w[j])
				w[j] = d;
		}
	}
	vnuma__buf_printf(b, "\ndistances\n  %*s", (int)w0, "node");
	for (uint32_t j = 0; j < nn; j++)
		put_cell(b, "  ", w[j], j);
	vnuma__buf_puts(b, "\n");
	for (uint32_t i = 0; i < nn; i++) {
		put_cell(b, "  ", w0, i);
		for (uint32_t j = 0; j < nn; j++)
			put_cell(b, "  ", w[j], v->dist[(size_t)i * nn + j]);
		vnuma__buf_puts(b, "\n");
	}
	free(w);
	return b->oom ? VNUMA_E_NOMEM : VNUMA_OK;
}

enum cpu_col {
	C_CPU,
	C_SOCKET,
	C_DIE,
	C_CLUSTER,
	C_CORE,
	C_THREAD,
	C_NODE,
	C_APIC,
	C_PRESENT,
	N_CPU_COLS
};

static const char *const cpu_head[N_CPU_COLS] = {
	"cpu",	  "socket", "die",     "cluster", "core",
	"thread", "node",   "apic-id", "present"
};

/* A column's value for a CPU; -1 when it has none. */
static int64_t cpu_val(const struct vnuma__view_cpu *c, enum cpu_col col)
{
	switch (col) {
	case C_CPU:
		return c->index;
	case C_SOCKET:
		return c->socket_id;
	case C_DIE:
		return c->die_id;
	case C_CLUSTER:
		return c->cluster_id;
	case C_CORE:
		return c->core_id;
	case C_THREAD:
		return c->thread_id;
	case C_NODE:
		return c->node_id;
	case C_APIC:
		return c->has_apic_id ? (int64_t)c->arch_id : -1;
	default:
		return c->present;
	}
}

/* Topology ids the machine has, the APIC id on x86: by their presence. */
static size_t cpu_cols(const struct vnuma__view *m,
		       enum cpu_col shown[N_CPU_COLS])
{
	size_t n = 0;

	for (int col = 0; col < N_CPU_COLS; col++) {
		bool any = col == C_CPU || col == C_NODE || col == C_PRESENT;

		for (uint32_t i = 0; !any && i < m->machine.smp.max_cpus; i++)
			any = cpu_val(&m->cpus[i], col) >= 0;
		if (any)
			shown[n++] = col;
	}
	return n;
}

static int cpu_section(struct vnuma__buf *b, const struct vnuma__view *view)
{
	const struct vnuma__view_machine *m = &view->machine;
	const struct vnuma__view_cpu *cpus = view->cpus;
	enum cpu_col shown[N_CPU_COLS];
	size_t n = cpu_cols(view, shown);
	bool right[N_CPU_COLS];
	struct vnuma__table tb;
	int rc;

	for (size_t k = 0; k < n; k++)
		right[k] = shown[k] != C_PRESENT;

	vnuma__buf_puts(b, "\ncpus\n");
	if (!m->smp.max_cpus) {
		vnuma__buf_puts(b, "  (none)\n");
		return VNUMA_OK;
	}
	rc = vnuma__table_init(&tb, n, (size_t)m->smp.max_cpus + 1, right);
	if (rc)
		return rc;
	for (size_t k = 0; k < n; k++)
		vnuma__table_set(&tb, 0, k, "%s", cpu_head[shown[k]]);
	for (uint32_t i = 0; i < m->smp.max_cpus; i++) {
		for (size_t k = 0; k + 1 < n; k++) {
			int64_t v = cpu_val(&cpus[i], shown[k]);

			if (v < 0)
				vnuma__table_set(&tb, i + 1, k, "-");
			else
				vnuma__table_set(&tb, i + 1, k, "%" PRId64, v);
		}
		vnuma__table_set(&tb, i + 1, n - 1, "%s",
				 cpus[i].present ? "yes" : "no");
	}
	rc = vnuma__table_render(b, &tb, 2);
	vnuma__table_fini(&tb);
	return rc;
}

/* Host nodes as ranges, "0-3,6", the way host-nodes= is written. */
static void host_nodes(struct vnuma__buf *b, const vnuma_memdev_info *d)
{
	if (!d->n_host_nodes) {
		vnuma__buf_puts(b, "-");
		return;
	}
	for (size_t i = 0; i < d->n_host_nodes;) {
		size_t j = i;

		while (j + 1 < d->n_host_nodes &&
		       d->host_nodes[j + 1] == d->host_nodes[j] + 1)
			j++;
		vnuma__buf_printf(b, "%s%" PRIu64, i ? "," : "",
				  d->host_nodes[i]);
		if (j > i)
			vnuma__buf_printf(b, "-%" PRIu64, d->host_nodes[j]);
		i = j + 1;
	}
}

enum mem_col {
	M_ID,
	M_TYPE,
	M_SIZE,
	M_USE,
	M_POLICY,
	M_HOST,
	M_PREALLOC,
	M_SHARE,
	M_MERGE,
	M_DUMP,
	M_RESERVE,
	M_PATH,
	N_MEM_COLS
};

static const char *const mem_head[N_MEM_COLS] = {
	"id",	    "type",  "size",  "used-by", "policy",  "host-nodes",
	"prealloc", "share", "merge", "dump",	 "reserve", "mem-path"
};

static bool is_implicit(const struct vnuma__view *v, const char *id)
{
	for (size_t i = 0; i < v->n_backends; i++)
		if (v->backends[i].implicit && !strcmp(v->backends[i].id, id))
			return true;
	return false;
}

/* What the guest gets from a backend: a node's RAM, a DIMM, the board. */
static void used_by(struct vnuma__table *tb, size_t r,
		    const struct vnuma__view *v, const char *id)
{
	const char *mb = v->machine.memory_backend;

	for (uint32_t i = 0; i < v->n_nodes; i++)
		if (v->nodes[i].memdev && !strcmp(v->nodes[i].memdev, id)) {
			vnuma__table_set(tb, r, M_USE, "node %" PRIu32, i);
			return;
		}
	for (size_t i = 0; i < v->n_mdevs; i++) {
		const struct vnuma__view_mdev *d = &v->mdevs[i];

		if (!d->memdev || strcmp(d->memdev, id))
			continue;
		/* virtio-pmem has no node property. */
		if (d->kind == VNUMA__MDEV_VIRTIO_PMEM)
			vnuma__table_set(tb, r, M_USE, "%s", d->driver);
		else
			vnuma__table_set(tb, r, M_USE, "%s, node %" PRIu32,
					 d->driver, d->node);
		return;
	}
	if ((mb && !strcmp(mb, id)) || is_implicit(v, id))
		vnuma__table_set(tb, r, M_USE, "machine");
	else
		vnuma__table_set(tb, r, M_USE, "-");
}

static void memdev_row(struct vnuma__table *tb, size_t r,
		       const struct vnuma__view *t, const vnuma_memdev_info *d,
		       bool path)
{
	const char *type = d->qom_type;
	struct vnuma__buf hn = { 0 };
	char sz[48];
	char *h;

	if (!strncmp(type, "memory-backend-", 15))
		type += 15;
	host_nodes(&hn, d);
	h = vnuma__buf_take(&hn);
	if (!h) {
		tb->oom = true;
		return;
	}
	vnuma__table_set(tb, r, M_ID, "%s", d->id);
	vnuma__table_set(tb, r, M_TYPE, "%s", type);
	vnuma__table_set(tb, r, M_SIZE, "%s",
			 fmt_size(sz, sizeof(sz), d->size));
	used_by(tb, r, t, d->id);
	vnuma__table_set(tb, r, M_POLICY, "%s", d->policy);
	vnuma__table_set(tb, r, M_HOST, "%s", h);
	vnuma__table_set(tb, r, M_PREALLOC, "%s", on_off(d->prealloc));
	vnuma__table_set(tb, r, M_SHARE, "%s", on_off(d->share));
	vnuma__table_set(tb, r, M_MERGE, "%s", on_off(d->merge));
	vnuma__table_set(tb, r, M_DUMP, "%s", on_off(d->dump));
	vnuma__table_set(tb, r, M_RESERVE, "%s", on_off(d->reserve));
	if (path)
		vnuma__table_set(tb, r, M_PATH, "%s",
				 d->mem_path ? d->mem_path : "-");
	free(h);
}

static int memdev_section(struct vnuma__buf *b, const struct vnuma__view *t)
{
	static const bool right[N_MEM_COLS] = { [M_SIZE] = true };
	const vnuma_memdev_info *v = t->memdevs;
	struct vnuma__table tb;
	bool path = false;
	size_t n = t->n_memdevs;
	int rc;

	vnuma__buf_puts(b, "\nmemory backends\n");
	if (!n) {
		vnuma__buf_puts(b, "  (none)\n");
		return VNUMA_OK;
	}
	for (size_t i = 0; i < n; i++)
		path = path || v[i].mem_path;
	rc = vnuma__table_init(&tb, path ? N_MEM_COLS : M_PATH, n + 1, right);
	if (!rc) {
		for (size_t k = 0; k < tb.cols; k++)
			vnuma__table_set(&tb, 0, k, "%s", mem_head[k]);
		for (size_t i = 0; i < n; i++)
			memdev_row(&tb, i + 1, t, &v[i], path);
		rc = vnuma__table_render(b, &tb, 2);
		vnuma__table_fini(&tb);
	}
	return rc;
}

/*
 * One HMAT latency or bandwidth table: rows are initiators, columns
 * targets, values in ns or MB/s (entry * base unit); "-" for an entry of
 * 0, which the HMAT reads as "not given".
 */
static int hmat_lb_table(struct vnuma__buf *b,
			 const struct vnuma__view_hmat_lb *lb)
{
	bool latency = lb->data_type < 3;
	struct vnuma__table tb;
	int rc;

	vnuma__buf_printf(b, "  %s %s, %s (base unit %" PRIu64 " %s)\n",
			  lb->hierarchy_name, lb->data_type_name,
			  latency ? "ns" : "MB/s", lb->base,
			  latency ? "ps" : "MB/s");
	rc = vnuma__table_init(&tb, lb->n_targets + 1, lb->n_initiators + 1,
			       NULL);
	if (rc)
		return rc;
	tb.all_right = true;
	vnuma__table_set(&tb, 0, 0, "from\\to");
	for (size_t j = 0; j < lb->n_targets; j++)
		vnuma__table_set(&tb, 0, j + 1, "%" PRIu32, lb->targets[j]);
	for (size_t i = 0; i < lb->n_initiators; i++) {
		vnuma__table_set(&tb, i + 1, 0, "%" PRIu32, lb->initiators[i]);
		for (size_t j = 0; j < lb->n_targets; j++) {
			uint64_t e = lb->entries[i * lb->n_targets + j];

			if (!e)
				vnuma__table_set(&tb, i + 1, j + 1, "-");
			else
				vnuma__table_set(&tb, i + 1, j + 1, "%" PRIu64,
						 e * (latency ? lb->unit :
								lb->base));
		}
	}
	rc = vnuma__table_render(b, &tb, 4);
	vnuma__table_fini(&tb);
	return rc;
}

enum hc_col {
	H_NODE,
	H_LEVEL,
	H_SIZE,
	H_ASSOC,
	H_POLICY,
	H_LINE,
	H_ATTR,
	N_HC_COLS
};

static const char *const hc_head[N_HC_COLS] = { "node",	     "level",
						"size",	     "associativity",
						"policy",    "line",
						"attributes" };

static int hmat_cache_table(struct vnuma__buf *b, const struct vnuma__view *v)
{
	static const bool right[N_HC_COLS] = { [H_NODE] = true,
					       [H_LEVEL] = true,
					       [H_SIZE] = true,
					       [H_LINE] = true };
	size_t n = v->n_hmat_caches;
	struct vnuma__table tb;
	int rc;

	vnuma__buf_puts(b, "  memory side caches\n");
	if (!n) {
		vnuma__buf_puts(b, "    (none)\n");
		return VNUMA_OK;
	}
	rc = vnuma__table_init(&tb, N_HC_COLS, n + 1, right);
	if (rc)
		return rc;
	for (size_t k = 0; k < N_HC_COLS; k++)
		vnuma__table_set(&tb, 0, k, "%s", hc_head[k]);
	for (size_t i = 0; i < n; i++) {
		const struct vnuma__view_hmat_cache *c = &v->hmat_caches[i];
		char sz[48];

		vnuma__table_set(&tb, i + 1, H_NODE, "%" PRIu32, c->node);
		vnuma__table_set(&tb, i + 1, H_LEVEL, "%u", c->level);
		vnuma__table_set(&tb, i + 1, H_SIZE, "%s",
				 fmt_size(sz, sizeof(sz), c->size));
		vnuma__table_set(&tb, i + 1, H_ASSOC, "%s", c->associativity);
		vnuma__table_set(&tb, i + 1, H_POLICY, "%s", c->policy);
		vnuma__table_set(&tb, i + 1, H_LINE, "%u", c->line);
		vnuma__table_set(&tb, i + 1, H_ATTR, "0x%08" PRIx32,
				 c->attributes);
	}
	rc = vnuma__table_render(b, &tb, 4);
	vnuma__table_fini(&tb);
	return rc;
}

/* Only with -machine hmat=on: QEMU builds no HMAT otherwise. */
static int hmat_section(struct vnuma__buf *b, const struct vnuma__view *v)
{
	size_t n = v->n_hmat_lb;
	int rc = VNUMA_OK;

	if (!v->machine.hmat)
		return VNUMA_OK;
	vnuma__buf_puts(b, "\nhmat\n");
	if (!n)
		vnuma__buf_puts(b, "  no latency or bandwidth given\n");
	for (size_t i = 0; i < n && !rc; i++)
		rc = hmat_lb_table(b, &v->hmat_lb[i]);
	if (!rc)
		rc = hmat_cache_table(b, v);
	if (!rc && b->oom)
		rc = VNUMA_E_NOMEM;
	return rc;
}

enum map_col { L_START, L_END, L_SIZE, L_NODE, L_FLAGS, N_MAP_COLS };

static const char *const map_head[N_MAP_COLS] = { "start", "end", "size",
						  "node", "flags" };

static void range_flags(char *buf, size_t len, uint32_t flags)
{
	snprintf(buf, len, "%s%s%s%s",
		 flags & VNUMA_RANGE_ENABLED ? ",enabled" : "",
		 flags & VNUMA_RANGE_HOTPLUGGABLE ? ",hotpluggable" : "",
		 flags & VNUMA_RANGE_HOLE ? ",hole" : "", flags ? "" : ",-");
}

/* The guest physical memory map; end is the last byte, inclusive. */
static int memory_map_section(struct vnuma__buf *b,
			      const struct vnuma__view *l)
{
	static const bool right[N_MAP_COLS] = { true, true, true, true };
	struct vnuma__table tb;
	char sz[48], fl[48];
	int rc;

	vnuma__buf_puts(b, "\nmemory map\n");
	if (!l->n_ranges) {
		vnuma__buf_puts(b, "  (none)\n");
	} else {
		rc = vnuma__table_init(&tb, N_MAP_COLS, l->n_ranges + 1,
				       right);
		if (rc)
			return rc;
		for (size_t k = 0; k < N_MAP_COLS; k++)
			vnuma__table_set(&tb, 0, k, "%s", map_head[k]);
		for (size_t i = 0; i < l->n_ranges; i++) {
			const struct vnuma_range *r = &l->ranges[i];

			vnuma__table_set(&tb, i + 1, L_START, "0x%" PRIx64,
					 r->start);
			vnuma__table_set(&tb, i + 1, L_END, "0x%" PRIx64,
					 r->start + (r->size - 1));
			vnuma__table_set(&tb, i + 1, L_SIZE, "%s",
					 fmt_size(sz, sizeof(sz), r->size));
			if (r->node < 0)
				vnuma__table_set(&tb, i + 1, L_NODE, "-");
			else
				vnuma__table_set(&tb, i + 1, L_NODE,
						 "%" PRId64, r->node);
			range_flags(fl, sizeof(fl), r->flags);
			vnuma__table_set(&tb, i + 1, L_FLAGS, "%s", fl + 1);
		}
		rc = vnuma__table_render(b, &tb, 2);
		vnuma__table_fini(&tb);
		if (rc)
			return rc;
	}
	if (l->hotplug_size)
		vnuma__buf_printf(b,
				  "  hotplug region 0x%" PRIx64 "-0x%" PRIx64
				  ", %s\n",
				  l->hotplug_base,
				  l->hotplug_base + (l->hotplug_size - 1),
				  fmt_size(sz, sizeof(sz), l->hotplug_size));
	else
		vnuma__buf_puts(b, "  hotplug region none\n");
	return b->oom ? VNUMA_E_NOMEM : VNUMA_OK;
}

int vnuma_report_text(char **out, const vnuma_topology *t, vnuma_error **err)
{
	const struct vnuma__view *v = vnuma__topology_view(t);
	struct vnuma__buf b = { 0 };

	if (!out || !t)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out and t must not be NULL");
	*out = NULL;
	info_numa(&b, v);
	vnuma__buf_puts(&b, "\n");
	if (machine_section(&b, v) || distance_section(&b, v) ||
	    hmat_section(&b, v) || cpu_section(&b, v) ||
	    memdev_section(&b, v) || vnuma__report_devices(&b, v) ||
	    memory_map_section(&b, v)) {
		vnuma__buf_fini(&b);
		return vnuma__error_nomem(err);
	}
	*out = vnuma__buf_take(&b);
	return *out ? VNUMA_OK : vnuma__error_nomem(err);
}
