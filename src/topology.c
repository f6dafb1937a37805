/* SPDX-License-Identifier: MIT */
#include "topology_internal.h"

#include <stdlib.h>
#include <string.h>

#include "abi.h"
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
		const struct vnuma__text_opt *to = &cfg->numa[i];
		struct vnuma__opts o;

		if (!to->text &&
		    vnuma__numa_dist_quick(&t->numa, &t->machine, to->dist.src,
					   to->dist.dst, to->dist.val))
			continue;
		rc = vnuma__config_numa_opts(cfg, i, &o, err);
		if (rc)
			return rc;
		rc = vnuma__numa_apply(&t->numa, &t->machine, &t->backends, &o,
				       &t->warnings, err);
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

const char *vnuma_topology_arch(const vnuma_topology *t)
{
	return t ? t->view->machine.arch : NULL;
}

const char *vnuma_topology_machine_type(const vnuma_topology *t)
{
	return t ? t->machine.type : NULL;
}

const char *vnuma_topology_machine_name(const vnuma_topology *t)
{
	return t ? t->machine.profile->name : NULL;
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

int vnuma_topology_smp(vnuma_smp_info *out, const vnuma_topology *t)
{
	const struct vnuma__smp *s;
	vnuma_smp_info full;

	if (!t)
		return VNUMA_E_INVAL;
	s = &t->machine.smp;
	VNUMA__INFO_START(full);
	full.cpus = s->cpus;
	full.max_cpus = s->max_cpus;
	full.sockets = s->sockets;
	full.dies = s->dies;
	full.clusters = s->clusters;
	full.cores = s->cores;
	full.threads = s->threads;
	return VNUMA__FILL(out, &full, vnuma_smp_info, threads);
}

size_t vnuma_topology_machine_prop_count(const vnuma_topology *t)
{
	return t ? t->machine.n_props : 0;
}

int vnuma_topology_machine_prop(vnuma_machine_prop_info *out,
				const vnuma_topology *t, size_t i)
{
	vnuma_machine_prop_info full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->machine.n_props)
		return VNUMA_E_RANGE;
	VNUMA__INFO_START(full);
	full.name = t->machine.props[i].key;
	full.value = t->machine.props[i].value;
	return VNUMA__FILL(out, &full, vnuma_machine_prop_info, value);
}

uint32_t vnuma_topology_node_count(const vnuma_topology *t)
{
	return t ? t->numa.num_nodes : 0;
}

/* The status of a node getter's arguments. */
static int node_check(const void *out, const vnuma_topology *t, uint32_t node)
{
	if (!out || !t)
		return VNUMA_E_INVAL;
	return node < t->numa.num_nodes ? VNUMA_OK : VNUMA_E_RANGE;
}

int vnuma_topology_node_mem(uint64_t *out, const vnuma_topology *t,
			    uint32_t node)
{
	int rc = node_check(out, t, node);

	if (!rc)
		*out = t->numa.nodes[node].mem;
	return rc;
}

int vnuma_topology_node_plugged(uint64_t *out, const vnuma_topology *t,
				uint32_t node)
{
	int rc = node_check(out, t, node);

	if (!rc)
		*out = t->view->nodes[node].plugged;
	return rc;
}

int vnuma_topology_node_memdev(const char **out, const vnuma_topology *t,
			       uint32_t node)
{
	int rc = node_check(out, t, node);

	if (!rc)
		*out = t->numa.nodes[node].memdev;
	return rc;
}

int vnuma_topology_node_initiator(int64_t *out, const vnuma_topology *t,
				  uint32_t node)
{
	int rc = node_check(out, t, node);

	if (rc)
		return rc;
	*out = t->numa.nodes[node].initiator >= t->numa.max_nodes ?
		       -1 :
		       (int64_t)t->numa.nodes[node].initiator;
	return VNUMA_OK;
}

int vnuma_topology_node_cpus(uint32_t *out, size_t cap, size_t *count,
			     const vnuma_topology *t, uint32_t node)
{
	size_t n = 0;
	int rc = node_check(count, t, node);

	if (!rc && !out && cap)
		rc = VNUMA_E_INVAL;
	if (rc)
		return rc;
	for (uint32_t i = 0; i < t->machine.smp.max_cpus; i++) {
		if (t->machine.cpus[i].node_id != (int64_t)node)
			continue;
		if (n < cap)
			out[n] = i;
		n++;
	}
	*count = n;
	return VNUMA_OK;
}

bool vnuma_topology_has_distances(const vnuma_topology *t)
{
	return t && t->numa.have_distance;
}

int vnuma_topology_distance(uint8_t *out, const vnuma_topology *t,
			    uint32_t src, uint32_t dst)
{
	int rc = node_check(out, t, src);

	if (!rc)
		rc = node_check(out, t, dst);
	if (!rc && !t->numa.have_distance)
		rc = VNUMA_E_MISSING;
	if (!rc)
		*out = t->numa.dist[(size_t)src * t->numa.max_nodes + dst];
	return rc;
}

int vnuma_topology_cpu(vnuma_cpu_info *out, const vnuma_topology *t,
		       uint32_t index)
{
	const struct vnuma__cpu_slot *c;
	vnuma_cpu_info full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (index >= t->machine.smp.max_cpus)
		return VNUMA_E_RANGE;
	c = &t->machine.cpus[index];
	VNUMA__INFO_START(full);
	full.index = c->index;
	full.node_id = c->node_id;
	full.socket_id = c->socket_id;
	full.die_id = c->die_id;
	full.cluster_id = c->cluster_id;
	full.core_id = c->core_id;
	full.thread_id = c->thread_id;
	full.has_apic_id = c->has_apic_id;
	full.apic_id = (uint32_t)c->arch_id;
	full.present = c->present;
	return VNUMA__FILL(out, &full, vnuma_cpu_info, present);
}

size_t vnuma_topology_memdev_count(const vnuma_topology *t)
{
	return t ? t->view->n_memdevs : 0;
}

int vnuma_topology_memdev(vnuma_memdev_info *out, const vnuma_topology *t,
			  size_t i)
{
	vnuma_memdev_info full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->view->n_memdevs)
		return VNUMA_E_RANGE;
	full = t->view->memdevs[i];
	full.struct_size = sizeof(full);
	return VNUMA__FILL(out, &full, vnuma_memdev_info, mem_path);
}

size_t vnuma_topology_hmat_lb_count(const vnuma_topology *t)
{
	return t ? t->view->n_hmat_lb : 0;
}

int vnuma_topology_hmat_lb(vnuma_hmat_lb_info *out, const vnuma_topology *t,
			   size_t i)
{
	const struct vnuma__view_hmat_lb *lb;
	vnuma_hmat_lb_info full, *o = &full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->view->n_hmat_lb)
		return VNUMA_E_RANGE;
	lb = &t->view->hmat_lb[i];
	VNUMA__INFO_START(full);
	o->hierarchy = lb->hierarchy;
	o->data_type = lb->data_type;
	o->hierarchy_name = lb->hierarchy_name;
	o->data_type_name = lb->data_type_name;
	o->base = lb->base;
	o->unit = lb->unit;
	o->n_initiators = lb->n_initiators;
	o->n_targets = lb->n_targets;
	o->initiators = lb->initiators;
	o->targets = lb->targets;
	o->entries = lb->entries;
	return VNUMA__FILL(out, &full, vnuma_hmat_lb_info, entries);
}

size_t vnuma_topology_hmat_cache_count(const vnuma_topology *t)
{
	return t ? t->view->n_hmat_caches : 0;
}

int vnuma_topology_hmat_cache(vnuma_hmat_cache_info *out,
			      const vnuma_topology *t, size_t i)
{
	const struct vnuma__view_hmat_cache *c;
	vnuma_hmat_cache_info full, *o = &full;

	if (!t || !out)
		return VNUMA_E_INVAL;
	if (i >= t->view->n_hmat_caches)
		return VNUMA_E_RANGE;
	c = &t->view->hmat_caches[i];
	VNUMA__INFO_START(full);
	o->node = c->node;
	o->level = c->level;
	o->size = c->size;
	o->associativity = c->associativity;
	o->policy = c->policy;
	o->line = c->line;
	o->attributes = c->attributes;
	return VNUMA__FILL(out, &full, vnuma_hmat_cache_info, attributes);
}
