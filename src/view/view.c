/* SPDX-License-Identifier: MIT */
/*
 * The finished view of a topology: the machine, nodes, distances and
 * CPUs as plain data (view_memory.c adds the memory). Built once, after
 * the devices are plugged and the HMAT finished.
 */
#include "view_build.h"

#include <stdlib.h>
#include <string.h>

#include "../machine/machine.h"
#include "../memory/backend.h"
#include "../memory/layout.h"
#include "../numa/numa.h"
#include "../util.h"

static const char *arch_name(const struct vnuma__profile *p)
{
	switch (p ? p->arch : VNUMA__ARCH_NONE) {
	case VNUMA__ARCH_X86:
		return "x86_64";
	case VNUMA__ARCH_ARM:
		return "aarch64";
	default:
		return NULL;
	}
}

/*
 * QEMU names a CPU class MODEL-x86_64-cpu or MODEL-arm-cpu, and "-cpu
 * MODEL,feature,..." picks the class by MODEL alone.
 */
static int cpu_type(char **out, const struct vnuma__machine *m)
{
	const char *model, *suffix;

	*out = NULL;
	if (!arch_name(m->profile))
		return VNUMA_OK;
	if (m->profile->arch == VNUMA__ARCH_X86) {
		model = "qemu64";
		suffix = "-x86_64-cpu";
	} else {
		model = "cortex-a15";
		suffix = "-arm-cpu";
	}
	if (m->profile->default_cpu_model)
		model = m->profile->default_cpu_model;
	if (m->cpu_model)
		model = m->cpu_model;
	*out = vnuma__sprintf("%.*s%s", (int)strcspn(model, ","), model,
			      suffix);
	return *out ? VNUMA_OK : VNUMA_E_NOMEM;
}

static int machine(struct vnuma__view_machine *vm,
		   struct vnuma__view_prop **props,
		   const struct vnuma__machine *m)
{
	const struct vnuma__profile *p = m->profile;
	enum vnuma__board board = p ? p->board : VNUMA__BOARD_NONE;
	struct vnuma__ram_layout rl;

	vm->type = m->type;
	vm->resolved = p ? p->name : NULL;
	vm->arch = arch_name(p);
	vm->smp_dies = !p || p->smp_dies_supported;
	vm->smp_clusters = !p || p->smp_clusters_supported;
	vm->ram_size = m->ram_size;
	vm->maxram_size = m->maxram_size;
	vm->ram_slots = m->ram_slots;
	vm->smp = (struct vnuma__view_smp){ m->smp.cpus,     m->smp.max_cpus,
					    m->smp.sockets,  m->smp.dies,
					    m->smp.clusters, m->smp.cores,
					    m->smp.threads };
	vm->hmat = m->hmat;
	vm->nvdimm = m->nvdimm;
	vm->acpi = vnuma__machine_has_acpi(m);
	/* isapc has no ACPI table builder; "none" no firmware at all. */
	vm->acpi_builder = m->acpi != 0 && (board == VNUMA__BOARD_I440FX ||
					    board == VNUMA__BOARD_Q35 ||
					    board == VNUMA__BOARD_VIRT);
	vm->device_tree = p && p->arch == VNUMA__ARCH_ARM &&
			  board == VNUMA__BOARD_VIRT;
	vm->arm_virt = board == VNUMA__BOARD_VIRT;
	vm->x86 = board == VNUMA__BOARD_I440FX || board == VNUMA__BOARD_Q35 ||
		  board == VNUMA__BOARD_ISAPC || board == VNUMA__BOARD_MICROVM;
	vm->accel = vnuma__accel_name(m->accel);
	vm->kernel_irqchip = vnuma__irqchip_name(m->kernel_irqchip);
	vm->memory_backend = m->memory_backend;
	if (vm->x86 && !vnuma__ram_layout(&rl, m)) {
		vm->ram_split = true;
		vm->below_4g = rl.below_4g;
		vm->above_4g_start = rl.above_4g_start;
	}
	*props = calloc(m->n_other ? m->n_other : 1, sizeof(**props));
	if (!*props)
		return VNUMA_E_NOMEM;
	for (size_t i = 0; i < m->n_other; i++)
		(*props)[i] = (struct vnuma__view_prop){ m->other[i].key,
							 m->other[i].value };
	vm->props = *props;
	vm->n_props = m->n_other;
	return cpu_type(&vm->cpu_type, m);
}

static void cpus(struct vnuma__view *v, const struct vnuma__machine *m)
{
	for (uint32_t i = 0; i < m->smp.max_cpus; i++) {
		const struct vnuma__cpu_slot *c = &m->cpus[i];

		v->cpus[i] = (struct vnuma__view_cpu){
			.index = c->index,
			.socket_id = c->socket_id,
			.die_id = c->die_id,
			.cluster_id = c->cluster_id,
			.core_id = c->core_id,
			.thread_id = c->thread_id,
			.arch_id = c->arch_id,
			.has_apic_id = c->has_apic_id,
			.node_id = c->node_id,
			.present = c->present,
		};
	}
}

/* The nodes, each CPU list a slice of one array (by node, by index). */
static int nodes(struct vnuma__view *v, uint32_t **node_cpus,
		 const struct vnuma__view_src *src)
{
	const struct vnuma__numa *n = src->numa;
	uint32_t ncpu = src->m->smp.max_cpus, at = 0;

	v->n_nodes = n->num_nodes;
	v->nodes = calloc(n->num_nodes ? n->num_nodes : 1, sizeof(*v->nodes));
	*node_cpus = calloc(ncpu ? ncpu : 1, sizeof(**node_cpus));
	if (!v->nodes || !*node_cpus)
		return VNUMA_E_NOMEM;
	for (uint32_t i = 0; i < n->num_nodes; i++) {
		const struct vnuma__node *nd = &n->nodes[i];
		struct vnuma__view_node *vn = &v->nodes[i];

		vn->mem = nd->mem;
		vn->memdev = nd->memdev;
		vn->initiator = nd->initiator < n->max_nodes ?
					(int64_t)nd->initiator :
					-1;
		vn->cpus = *node_cpus + at;
		for (uint32_t c = 0; c < ncpu; c++)
			if (v->cpus[c].node_id == (int64_t)i)
				(*node_cpus)[at++] = c;
		vn->n_cpus = (size_t)(*node_cpus + at - vn->cpus);
	}
	return VNUMA_OK;
}

static int distances(struct vnuma__view *v, uint8_t **dist,
		     const struct vnuma__numa *n)
{
	uint32_t nn = n->num_nodes;

	v->have_distances = n->have_distance;
	if (!n->have_distance)
		return VNUMA_OK;
	*dist = malloc(nn ? (size_t)nn * nn : 1);
	if (!*dist)
		return VNUMA_E_NOMEM;
	for (uint32_t i = 0; i < nn; i++)
		memcpy(*dist + (size_t)i * nn,
		       n->dist + (size_t)i * n->max_nodes, nn);
	v->dist = *dist;
	return VNUMA_OK;
}

/* What the view owns, beside what it points to in the topology. */
struct view_owned {
	struct vnuma__view v;
	struct vnuma__view_prop *props;
	uint32_t *node_cpus;
	uint8_t *dist;
};

int vnuma__view_new(struct vnuma__view **out,
		    const struct vnuma__view_src *src)
{
	struct view_owned *o = calloc(1, sizeof(*o));
	struct vnuma__view *v;
	uint32_t ncpu = src->m->smp.max_cpus;
	int rc;

	*out = NULL;
	if (!o)
		return VNUMA_E_NOMEM;
	v = &o->v;
	v->layout = src->layout;
	v->ranges = src->layout->v;
	v->n_ranges = src->layout->n;
	v->hotplug_base = src->layout->hotplug_base;
	v->hotplug_size = src->layout->hotplug_size;
	v->cpus = calloc(ncpu ? ncpu : 1, sizeof(*v->cpus));
	rc = v->cpus ? machine(&v->machine, &o->props, src->m) : VNUMA_E_NOMEM;
	if (!rc) {
		cpus(v, src->m);
		rc = nodes(v, &o->node_cpus, src);
	}
	if (!rc)
		rc = distances(v, &o->dist, src->numa);
	if (!rc)
		rc = vnuma__view_memory(v, src);
	if (!rc)
		rc = vnuma__view_hmat(v, src->numa);
	if (rc) {
		vnuma__view_free(v);
		return rc;
	}
	*out = v;
	return VNUMA_OK;
}

void vnuma__view_free(struct vnuma__view *v)
{
	struct view_owned *o = (struct view_owned *)v;

	if (!v)
		return;
	vnuma__view_memory_fini(v);
	vnuma__view_hmat_fini(v);
	free(v->machine.cpu_type);
	free(v->cpus);
	free(v->nodes);
	free(o->props);
	free(o->node_cpus);
	free(o->dist);
	free(o);
}

const char *vnuma__view_backend_type(enum vnuma__backend_kind kind)
{
	return vnuma__backend_type_name(kind);
}

const char *vnuma__view_policy_name(enum vnuma__host_policy policy)
{
	return vnuma__backend_policy_name(policy);
}
