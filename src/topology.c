/* SPDX-License-Identifier: MIT */
#include "topology_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "memory/thread_ctx.h"
#include "view/view_build.h"



static bool backend_exists(void *ctx, const char *id)
{
	return vnuma__backend_find(ctx, id) != NULL;
}

/* QEMU 7.2's order: machine (-machine, -m, -smp), backends, -numa in
 * order, completion, then devices. */
static int build(struct vnuma_topology *t, const vnuma_config *cfg,
		 vnuma_error **err)
{
	struct vnuma__view_src src;
	int rc;

	/* QEMU prints the warnings of reading the options first. */
	if (vnuma__warnings_copy(&t->warnings, &cfg->warnings))
		return vnuma__error_nomem(err);
	/*
	 * QEMU checks -object and -device while reading the command line,
	 * then creates the thread-contexts, before the machine.
	 */
	rc = vnuma__memory_precheck(cfg, err);
	if (!rc)
		rc = vnuma__thread_ctxs_build(&t->backends, cfg, err);
	if (!rc)
		rc = vnuma__machine_build(&t->machine, cfg, &t->warnings, err);
	if (rc)
		return rc;
	rc = vnuma__backends_build(&t->backends, cfg, &t->machine,
				   &t->warnings, err);
	if (rc)
		return rc;
	/* -cpu becomes a CPU type after the backends, before -numa. */
	rc = vnuma__cpu_model_check(&t->machine, err);
	if (rc)
		return rc;
	/* -machine memory-backend is resolved before -numa is read. */
	rc = vnuma__ram_backend_resolve(&t->machine, &t->backends, err);
	if (rc)
		return rc;
	rc = vnuma__numa_init(&t->numa, cfg->max_nodes, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < cfg->n_numa; i++) {
		struct vnuma__opts o;

		rc = vnuma__config_numa_opts(cfg, i, &o, err);
		if (rc)
			return rc;
		rc = vnuma__numa_apply(&t->numa, &t->machine, &t->backends,
				       &o, &t->warnings, err);
		vnuma__opts_fini(&o);
		if (rc)
			return rc;
	}
	rc = vnuma__ram_backend_check(&t->machine, &t->backends,
				      t->numa.have_memdevs, err);
	if (rc)
		return rc;
	rc = vnuma__numa_complete(&t->numa, &t->machine, &t->backends,
				  cfg->split_ram, &t->warnings, err);
	if (rc)
		return rc;
	/* The CPUs realize after NUMA completes, before -device. */
	rc = vnuma__accel_check_cpus(&t->machine, err);
	if (!rc)
		rc = vnuma__cpu_create_check(&t->machine, err);
	if (rc)
		return rc;
	if (vnuma__cpu_model_warnings(&t->machine, &t->warnings))
		return vnuma__error_nomem(err);
	/* Board init: RAM below/above 4G, the device-memory region. */
	rc = vnuma__board_init(&t->machine, &t->warnings, err);
	if (!rc)
		rc = vnuma__sgx_check(&t->machine, backend_exists,
				      &t->backends, err);
	if (rc)
		return rc;
	rc = vnuma__layout_boot(&t->layout, &t->machine, &t->numa, err);
	if (rc)
		return rc;
	rc = vnuma__dimms_plug(&t->backends, cfg, &t->machine,
			       t->numa.num_nodes, t->numa.have_memdevs,
			       &t->warnings, err);
	if (rc)
		return rc;
	rc = vnuma__dimms_place(&t->layout, &t->backends, &t->machine,
				t->numa.num_nodes, err);
	if (rc)
		return rc;
	rc = vnuma__virt_ras_check(&t->machine, err);
	if (rc)
		return rc;
	/* QEMU builds the HMAT when the machine is done, after devices. */
	rc = vnuma__hmat_finish(&t->numa, err);
	if (rc)
		return rc;
	/* Every fact the later stages read, decided once. */
	src = (struct vnuma__view_src){ &t->machine, &t->numa, &t->backends,
					&t->layout };
	if (vnuma__view_new(&t->view, &src))
		return vnuma__error_nomem(err);
	return VNUMA_OK;
}

int vnuma_topology_new(vnuma_topology **out, const vnuma_config *cfg,
		       vnuma_error **err)
{
	/* A caller's earlier error is left as it is (error.h). */
	bool ours = err && !*err;
	struct vnuma_topology *t;
	int rc;

	if (!out || !cfg)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out and cfg must not be NULL");
	*out = NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return vnuma__error_nomem(err);
	rc = build(t, cfg, err);
	if (rc) {
		if (ours)
			vnuma__error_adopt_warnings(*err, &t->warnings);
		vnuma_topology_free(t);
		return rc;
	}
	*out = t;
	return VNUMA_OK;
}

void vnuma_topology_free(vnuma_topology *t)
{
	if (!t)
		return;
	vnuma__machine_fini(&t->machine);
	vnuma__backends_fini(&t->backends);
	vnuma__numa_fini(&t->numa);
	vnuma__layout_fini(&t->layout);
	vnuma__warnings_fini(&t->warnings);
	vnuma__view_free(t->view);
	free(t);
}

size_t vnuma_topology_warning_count(const vnuma_topology *t)
{
	return t ? t->warnings.n : 0;
}

const vnuma_error *vnuma_topology_warning(const vnuma_topology *t, size_t i)
{
	return t && i < t->warnings.n ? t->warnings.v[i] : NULL;
}

const struct vnuma__view *vnuma__topology_view(const vnuma_topology *t)
{
	return t ? t->view : NULL;
}

const char *vnuma_topology_machine_type(const vnuma_topology *t)
{
	return t ? t->machine.type : NULL;
}

uint64_t vnuma_topology_ram_size(const vnuma_topology *t)
{
	return t ? t->machine.ram_size : 0;
}

uint64_t vnuma_topology_maxram_size(const vnuma_topology *t)
{
	return t ? t->machine.maxram_size : 0;
}

uint64_t vnuma_topology_ram_slots(const vnuma_topology *t)
{
	return t ? t->machine.ram_slots : 0;
}

uint32_t vnuma_topology_cpus(const vnuma_topology *t)
{
	return t ? t->machine.smp.cpus : 0;
}

uint32_t vnuma_topology_max_cpus(const vnuma_topology *t)
{
	return t ? t->machine.smp.max_cpus : 0;
}

bool vnuma_topology_hmat(const vnuma_topology *t)
{
	return t && t->machine.hmat;
}

uint32_t vnuma_topology_node_count(const vnuma_topology *t)
{
	return t ? t->numa.num_nodes : 0;
}

static bool node_ok(const vnuma_topology *t, uint32_t node)
{
	return t && node < t->numa.num_nodes;
}

uint64_t vnuma_topology_node_mem(const vnuma_topology *t, uint32_t node)
{
	return node_ok(t, node) ? t->numa.nodes[node].mem : 0;
}

uint64_t vnuma_topology_node_plugged(const vnuma_topology *t, uint32_t node)
{
	return node_ok(t, node) ? t->view->nodes[node].plugged : 0;
}

const char *vnuma_topology_node_memdev(const vnuma_topology *t, uint32_t node)
{
	return node_ok(t, node) ? t->numa.nodes[node].memdev : NULL;
}

int64_t vnuma_topology_node_initiator(const vnuma_topology *t, uint32_t node)
{
	if (!node_ok(t, node) ||
	    t->numa.nodes[node].initiator >= t->numa.max_nodes)
		return -1;
	return t->numa.nodes[node].initiator;
}

size_t vnuma_topology_node_cpus(const vnuma_topology *t, uint32_t node,
				uint32_t *out, size_t cap)
{
	size_t n = 0;

	if (!node_ok(t, node))
		return 0;
	for (uint32_t i = 0; i < t->machine.smp.max_cpus; i++) {
		if (t->machine.cpus[i].node_id != (int64_t)node)
			continue;
		if (out && n < cap)
			out[n] = i;
		n++;
	}
	return n;
}

bool vnuma_topology_has_distances(const vnuma_topology *t)
{
	return t && t->numa.have_distance;
}

uint8_t vnuma_topology_distance(const vnuma_topology *t, uint32_t src,
				uint32_t dst)
{
	if (!t || !t->numa.have_distance || !node_ok(t, src) ||
	    !node_ok(t, dst))
		return 0;
	return t->numa.dist[(size_t)src * t->numa.max_nodes + dst];
}

int vnuma_topology_cpu(const vnuma_topology *t, uint32_t index,
		       vnuma_cpu_info *out)
{
	const struct vnuma__cpu_slot *c;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (index >= t->machine.smp.max_cpus)
		return VNUMA_E_RANGE;
	c = &t->machine.cpus[index];
	memset(out, 0, sizeof(*out));
	out->index = c->index;
	out->node_id = c->node_id;
	out->socket_id = c->socket_id;
	out->die_id = c->die_id;
	out->cluster_id = c->cluster_id;
	out->core_id = c->core_id;
	out->thread_id = c->thread_id;
	out->has_apic_id = c->has_apic_id;
	out->apic_id = (uint32_t)c->arch_id;
	out->present = c->present;
	return VNUMA_OK;
}

size_t vnuma_topology_memdev_count(const vnuma_topology *t)
{
	return t ? t->view->n_memdevs : 0;
}

int vnuma_topology_memdev(const vnuma_topology *t, size_t i,
			  vnuma_memdev_info *out)
{
	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->view->n_memdevs)
		return VNUMA_E_RANGE;
	*out = t->view->memdevs[i];
	return VNUMA_OK;
}

size_t vnuma_topology_hmat_lb_count(const vnuma_topology *t)
{
	return t ? t->view->n_hmat_lb : 0;
}

int vnuma_topology_hmat_lb(const vnuma_topology *t, size_t i,
			   vnuma_hmat_lb_info *out)
{
	const struct vnuma__view_hmat_lb *lb;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->view->n_hmat_lb)
		return VNUMA_E_RANGE;
	lb = &t->view->hmat_lb[i];
	memset(out, 0, sizeof(*out));
	out->hierarchy = lb->hierarchy;
	out->data_type = lb->data_type;
	out->hierarchy_name = lb->hierarchy_name;
	out->data_type_name = lb->data_type_name;
	out->base = lb->base;
	out->unit = lb->unit;
	out->n_initiators = lb->n_initiators;
	out->n_targets = lb->n_targets;
	out->initiators = lb->initiators;
	out->targets = lb->targets;
	out->entries = lb->entries;
	return VNUMA_OK;
}

size_t vnuma_topology_hmat_cache_count(const vnuma_topology *t)
{
	return t ? t->view->n_hmat_caches : 0;
}

int vnuma_topology_hmat_cache(const vnuma_topology *t, size_t i,
			      vnuma_hmat_cache_info *out)
{
	const struct vnuma__view_hmat_cache *c;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->view->n_hmat_caches)
		return VNUMA_E_RANGE;
	c = &t->view->hmat_caches[i];
	memset(out, 0, sizeof(*out));
	out->node = c->node;
	out->level = c->level;
	out->size = c->size;
	out->associativity = c->associativity;
	out->policy = c->policy;
	out->line = c->line;
	out->attributes = c->attributes;
	return VNUMA_OK;
}
