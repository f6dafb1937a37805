// SPDX-License-Identifier: MIT
/*
 * The <cpu> and <numatune> of a domain XML from a topology: what libvirt
 * 9.0 turns back into the same -smp, -numa node/dist/hmat-lb/hmat-cache
 * and the cells' backends' host policy.
 */
#include <inttypes.h>
#include <string.h>

#include "write_internal.h"

#define MiB (UINT64_C(1) << 20)
#define no_form vnuma__lv_no_form

const struct vnuma__view_backend *vnuma__lv_node_backend(
	const struct vnuma__view *v, uint32_t node)
{
	const char *id = v->nodes[node].memdev;

	for (size_t i = 0; id && i < v->n_backends; i++)
		if (!strcmp(v->backends[i].id, id))
			return &v->backends[i];
	return NULL;
}

void vnuma__lv_put_ranges(struct vnuma__buf *b, const uint32_t *ids, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && ids[j + 1] == ids[j] + 1)
			j++;
		vnuma__buf_printf(b, "%s%" PRIu32, i ? "," : "", ids[i]);
		if (j > i)
			vnuma__buf_printf(b, "-%" PRIu32, ids[j]);
		i = j + 1;
	}
}

/*
 * libvirt 9.0's <topology> has no clusters: a cluster count above one
 * cannot be written; dies are written where the board has them.
 */
static int put_topology(struct vnuma__buf *b, const struct vnuma__view *v,
			vnuma_error **err)
{
	const struct vnuma__view_smp *s = &v->machine.smp;

	if (s->clusters > 1)
		return no_form(err, "-smp clusters=%" PRIu32, s->clusters);
	vnuma__buf_printf(b,
			  "    <topology sockets='%" PRIu32 "' dies='%" PRIu32
			  "' cores='%" PRIu32 "' threads='%" PRIu32 "'/>\n",
			  s->sockets, s->dies, s->cores, s->threads);
	return VNUMA_OK;
}

/* QEMU's names of a cache's associativity and policy -> libvirt's. */
static const char *lv_assoc(const char *q)
{
	return !strcmp(q, "complex") ? "full" : q;
}

static const char *lv_policy(const char *q)
{
	return !strcmp(q, "write-back")	   ? "writeback" :
	       !strcmp(q, "write-through") ? "writethrough" :
					     q;
}

/*
 * libvirt reads a cache's size in KiB whatever its unit, and leaves out
 * a line size of 0, which QEMU requires.
 */
static int put_caches(struct vnuma__buf *b, const struct vnuma__view *v,
		      uint32_t node, vnuma_error **err)
{
	for (size_t i = 0; i < v->n_hmat_caches; i++) {
		const struct vnuma__view_hmat_cache *c = &v->hmat_caches[i];

		if (c->node != node)
			continue;
		if (c->size % 1024 || !c->line)
			return no_form(err,
				       "node %" PRIu32 "'s level %u cache "
				       "(size %" PRIu64 ", line %u)",
				       node, c->level, c->size,
				       (unsigned)c->line);
		vnuma__buf_printf(b,
				  "        <cache level='%u' associativity='%s'"
				  " policy='%s'>\n"
				  "          <size value='%" PRIu64
				  "' unit='KiB'/>\n"
				  "          <line value='%u' unit='B'/>\n"
				  "        </cache>\n",
				  c->level, lv_assoc(c->associativity),
				  lv_policy(c->policy), c->size >> 10,
				  (unsigned)c->line);
	}
	return VNUMA_OK;
}

static int put_cell(struct vnuma__buf *b, const struct vnuma__view *v,
		    uint32_t i, vnuma_error **err)
{
	const struct vnuma__view_node *n = &v->nodes[i];
	const struct vnuma__view_backend *be = vnuma__lv_node_backend(v, i);
	bool inner;
	int rc;

	/*
	 * libvirt rounds every cell up to whole MiB, and gives a cell of
	 * none a backend of size 0, which QEMU refuses.
	 */
	if (!n->mem)
		return no_form(err, "node %" PRIu32 " without memory", i);
	if (n->mem % MiB)
		return no_form(err,
			       "cell memory of %" PRIu64
			       " bytes (not whole MiB)",
			       n->mem);
	vnuma__buf_printf(b, "      <cell id='%" PRIu32 "'", i);
	if (n->n_cpus) {
		vnuma__buf_puts(b, " cpus='");
		vnuma__lv_put_ranges(b, n->cpus, n->n_cpus);
		vnuma__buf_puts(b, "'");
	}
	vnuma__buf_printf(b, " memory='%" PRIu64 "' unit='KiB'", n->mem >> 10);
	/* libvirt shares file and memfd memory unless told otherwise */
	if (be && be->share)
		vnuma__buf_puts(b, " memAccess='shared'");
	else if (be && be->kind != VNUMA__BACKEND_RAM)
		vnuma__buf_puts(b, " memAccess='private'");
	if (be && be->discard_data)
		vnuma__buf_puts(b, " discard='yes'");
	inner = v->have_distances;
	for (size_t k = 0; k < v->n_hmat_caches; k++)
		inner |= v->hmat_caches[k].node == i;
	if (!inner) {
		vnuma__buf_puts(b, "/>\n");
		return VNUMA_OK;
	}
	vnuma__buf_puts(b, ">\n");
	if (v->have_distances) {
		vnuma__buf_puts(b, "        <distances>\n");
		for (uint32_t j = 0; j < v->n_nodes; j++)
			vnuma__buf_printf(b,
					  "          <sibling id='%" PRIu32
					  "' value='%u'/>\n",
					  j,
					  (unsigned)
						  v->dist[i * v->n_nodes + j]);
		vnuma__buf_puts(b, "        </distances>\n");
	}
	if ((rc = put_caches(b, v, i, err)))
		return rc;
	vnuma__buf_puts(b, "      </cell>\n");
	return VNUMA_OK;
}

/*
 * libvirt writes no -numa dist when every distance is QEMU's default (10
 * local, 20 remote), which is not the same as none given: the SLIT and
 * the device tree's distance map exist only with -numa dist.
 */
static int check_distances(const struct vnuma__view *v, vnuma_error **err)
{
	if (!v->have_distances)
		return VNUMA_OK;
	/* libvirt takes 10 for the local distance alone */
	for (uint32_t i = 0; i < v->n_nodes; i++)
		for (uint32_t j = 0; j < v->n_nodes; j++)
			if (i != j && v->dist[i * v->n_nodes + j] == 10)
				return no_form(err,
					       "the distance 10 from node "
					       "%" PRIu32 " to %" PRIu32,
					       i, j);
	for (uint32_t i = 0; i < v->n_nodes; i++)
		for (uint32_t j = 0; j < v->n_nodes; j++)
			if (v->dist[i * v->n_nodes + j] != (i == j ? 10 : 20))
				return VNUMA_OK;
	return no_form(err, "-numa dist giving only the default distances "
			    "(10 local, 20 remote)");
}

/*
 * libvirt turns on hmat= itself exactly when the domain has caches or
 * interconnects, and names a CPU node its own initiator.
 */
static int check_hmat(const struct vnuma__view *v, vnuma_error **err)
{
	bool has = v->n_hmat_lb || v->n_hmat_caches;

	if (v->machine.hmat != has)
		return no_form(err, "%s",
			       v->machine.hmat ?
				       "hmat=on without -numa hmat-lb or "
				       "hmat-cache" :
				       "HMAT data without hmat=on");
	for (size_t k = 0; k < v->n_hmat_lb; k++) {
		const struct vnuma__view_hmat_lb *l = &v->hmat_lb[k];
		bool any = false;

		for (size_t e = 0; e < l->n_initiators * l->n_targets; e++)
			any |= l->entries[e] != 0;
		/* libvirt has no interconnect of value 0 */
		if (!any)
			return no_form(err,
				       "the HMAT %s %s table of only "
				       "zero values",
				       l->hierarchy_name, l->data_type_name);
	}
	for (uint32_t i = 0; has && i < v->n_nodes; i++)
		if (v->nodes[i].n_cpus && v->nodes[i].initiator != i)
			return no_form(err,
				       "CPU node %" PRIu32 "'s initiator "
				       "other than itself",
				       i);
	return VNUMA_OK;
}

/* libvirt 9.0 knows no versioned model name ("Nehalem-v1"). */
static int check_model(const char *model, size_t n, vnuma_error **err)
{
	size_t d = n;

	while (d && model[d - 1] >= '0' && model[d - 1] <= '9')
		d--;
	if (d < n && d >= 2 && model[d - 1] == 'v' && model[d - 2] == '-')
		return no_form(err, "CPU model %.*s", (int)n, model);
	return VNUMA_OK;
}

int vnuma__lv_write_cpu(struct vnuma__buf *b, const struct vnuma__view *v,
			vnuma_error **err)
{
	const char *model = v->machine.cpu_type;
	int rc;

	if ((rc = check_hmat(v, err)) || (rc = check_distances(v, err)))
		return rc;
	/*
	 * The model is always written: without one the guest gets the
	 * default of libvirt or of QEMU's board, another CPU type on arm.
	 */
	if (model && !strncmp(model, "max-", 4)) {
		/* libvirt knows "max" by its mode alone */
		vnuma__buf_puts(b, "  <cpu mode='maximum' match='exact'>\n");
		model = NULL;
	} else {
		vnuma__buf_puts(b, "  <cpu mode='custom' match='exact'>\n");
	}
	if (model) {
		const char *dash = strrchr(model, '-');
		size_t n = strlen(model);

		/* the QOM type: "qemu64-x86_64-cpu", "cortex-a57-arm-cpu" */
		if (dash && !strcmp(dash, "-cpu")) {
			n = (size_t)(dash - model);
			while (n && model[n - 1] != '-')
				n--;
			n = n ? n - 1 : (size_t)(dash - model);
		}
		if ((rc = check_model(model, n, err)))
			return rc;
		vnuma__buf_puts(b, "    <model fallback='forbid'>");
		vnuma__buf_add(b, model, n);
		vnuma__buf_puts(b, "</model>\n");
	}
	if ((rc = put_topology(b, v, err)))
		return rc;
	if (v->n_nodes) {
		vnuma__buf_puts(b, "    <numa>\n");
		for (uint32_t i = 0; i < v->n_nodes; i++)
			if ((rc = put_cell(b, v, i, err)))
				return rc;
		if ((rc = vnuma__lv_put_interconnects(b, v, err)))
			return rc;
		vnuma__buf_puts(b, "    </numa>\n");
	}
	vnuma__buf_puts(b, "  </cpu>\n");
	return VNUMA_OK;
}

static const char *const lv_modes[] = {
	[VNUMA__POLICY_PREFERRED] = "preferred",
	[VNUMA__POLICY_BIND] = "strict",
	[VNUMA__POLICY_INTERLEAVE] = "interleave",
};

int vnuma__lv_write_numatune(struct vnuma__buf *b, const struct vnuma__view *v,
			     vnuma_error **err)
{
	bool open = false;

	for (uint32_t i = 0; i < v->n_nodes; i++) {
		const struct vnuma__view_backend *be =
			vnuma__lv_node_backend(v, i);

		if (!be || be->policy == VNUMA__POLICY_DEFAULT) {
			if (be && be->n_host_nodes)
				return no_form(err,
					       "host-nodes with policy default "
					       "(node %" PRIu32 ")",
					       i);
			continue;
		}
		if (!open)
			vnuma__buf_puts(b, "  <numatune>\n");
		open = true;
		vnuma__buf_printf(b,
				  "    <memnode cellid='%" PRIu32
				  "' mode='%s' nodeset='",
				  i, lv_modes[be->policy]);
		for (size_t k = 0; k < be->n_host_nodes; k++)
			vnuma__buf_printf(b, "%s%" PRIu64, k ? "," : "",
					  be->host_nodes[k]);
		vnuma__buf_puts(b, "'/>\n");
	}
	if (open)
		vnuma__buf_puts(b, "  </numatune>\n");
	return VNUMA_OK;
}
