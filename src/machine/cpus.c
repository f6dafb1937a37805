/* SPDX-License-Identifier: MIT */
/*
 * The possible-CPU table (QEMU's possible_cpu_arch_ids) and the placing of
 * CPU slots on nodes (machine_set_cpu_numa_node), as in QEMU 7.2.
 */
#include "machine.h"

#include <inttypes.h>
#include <stdlib.h>

/* Bits needed to number count items: 1 -> 0, 3 -> 2, 4 -> 2, 5 -> 3. */
static unsigned bit_width(uint32_t count)
{
	return count > 1 ? 32 - (unsigned)__builtin_clz(count - 1) : 0;
}

/*
 * x86: each level's field in the APIC id is as wide as its count rounded
 * up to a power of two, so ids can have holes (cores=3: socket 1 starts at
 * 4). The die id is a CPU property only when there is more than one die.
 */
static void x86_slot(struct vnuma__cpu_slot *c, const struct vnuma__smp *s,
		     uint32_t i)
{
	unsigned smt_w = bit_width(s->threads);
	unsigned core_w = bit_width(s->cores);
	unsigned die_w = bit_width(s->dies);
	uint32_t pkg = i / (s->dies * s->cores * s->threads);
	uint32_t die = i / (s->cores * s->threads) % s->dies;
	uint32_t core = i / s->threads % s->cores;
	uint32_t smt = i % s->threads;

	c->socket_id = pkg;
	c->die_id = s->dies > 1 ? (int64_t)die : -1;
	c->core_id = core;
	c->thread_id = smt;
	c->arch_id = ((uint64_t)pkg << (smt_w + core_w + die_w)) |
		     ((uint64_t)die << (smt_w + core_w)) |
		     ((uint64_t)core << smt_w) | smt;
	c->has_apic_id = true;
}

/*
 * arm virt: MPIDR affinity packs CPUs in groups of 16 (the GICv3 target
 * list) into Aff0, the group number into Aff1. Types up to 2.6 and GICv2
 * use groups of 8; with at most 8 CPUs under GICv2 both give the same ids.
 */
static uint32_t virt_group(const struct vnuma__machine *m)
{
	const struct vnuma__profile *p = m->profile;
	bool old = p->ver_major < 2 || (p->ver_major == 2 && p->ver_minor < 7);
	bool gicv2 = m->gic_version && m->gic_version[0] == '2' &&
		     !m->gic_version[1];

	return old || gicv2 ? 8 : 16;
}

static void virt_slot(struct vnuma__cpu_slot *c, const struct vnuma__smp *s,
		      uint32_t i, uint32_t group)
{
	c->socket_id = i / (s->clusters * s->cores * s->threads);
	c->cluster_id = i / (s->cores * s->threads) % s->clusters;
	c->core_id = i / s->threads % s->cores;
	c->thread_id = i % s->threads;
	c->arch_id = ((uint64_t)(i / group) << 8) | (i % group);
}

int vnuma__cpus_build(struct vnuma__machine *m, vnuma_error **err)
{
	const struct vnuma__smp *s;
	struct vnuma__cpu_slot *v;

	if (!m || !m->profile)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"machine and profile must be set");
	s = &m->smp;
	/* A topology vnuma__smp_parse accepted never has a zero count. */
	if (!s->max_cpus || !s->sockets || !s->dies || !s->clusters ||
	    !s->cores || !s->threads)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.smp", NULL,
					"SMP topology not resolved");
	v = calloc(s->max_cpus, sizeof(*v));
	if (!v)
		return vnuma__error_nomem(err);
	for (uint32_t i = 0; i < s->max_cpus; i++) {
		struct vnuma__cpu_slot *c = &v[i];

		c->index = i;
		c->socket_id = c->die_id = c->cluster_id = -1;
		c->core_id = c->thread_id = -1;
		c->arch_id = i;
		c->node_id = -1;
		c->present = i < s->cpus;
		if (m->profile->arch == VNUMA__ARCH_X86)
			x86_slot(c, s, i);
		else if (m->profile->arch == VNUMA__ARCH_ARM)
			virt_slot(c, s, i, virt_group(m));
	}
	free(m->cpus);
	m->cpus = v;
	return VNUMA_OK;
}

int vnuma__cpu_index_props(const struct vnuma__machine *m, uint32_t index,
			   struct vnuma__cpu_match *out)
{
	const struct vnuma__cpu_slot *c;

	if (!m || !out || !m->cpus)
		return VNUMA_E_INVAL;
	if (index >= m->smp.max_cpus)
		return VNUMA_E_RANGE;
	if (m->profile->arch == VNUMA__ARCH_NONE)
		return VNUMA_E_UNSUPPORTED;
	c = &m->cpus[index];
	*out = (struct vnuma__cpu_match){
		.socket_id = c->socket_id,
		.die_id = c->die_id,
		.cluster_id = c->cluster_id,
		.core_id = c->core_id,
		.thread_id = c->thread_id,
		.has_socket_id = c->socket_id >= 0,
		.has_die_id = c->die_id >= 0,
		.has_cluster_id = c->cluster_id >= 0,
		.has_core_id = c->core_id >= 0,
		.has_thread_id = c->thread_id >= 0,
		.node_id = c->node_id,
	};
	return VNUMA_OK;
}

/* An id asked for that this machine's CPUs do not carry; QEMU's order. */
static const char *unsupported_id(const struct vnuma__cpu_slot *c,
				  const struct vnuma__cpu_match *mt)
{
	if (mt->has_thread_id && c->thread_id < 0)
		return "thread-id";
	if (mt->has_core_id && c->core_id < 0)
		return "core-id";
	if (mt->has_cluster_id && c->cluster_id < 0)
		return "cluster-id";
	if (mt->has_socket_id && c->socket_id < 0)
		return "socket-id";
	if (mt->has_die_id && c->die_id < 0)
		return "die-id";
	return NULL;
}

/* Ids left out of the match are wildcards. */
static bool slot_matches(const struct vnuma__cpu_slot *c,
			 const struct vnuma__cpu_match *mt)
{
	return (!mt->has_thread_id || mt->thread_id == c->thread_id) &&
	       (!mt->has_core_id || mt->core_id == c->core_id) &&
	       (!mt->has_cluster_id || mt->cluster_id == c->cluster_id) &&
	       (!mt->has_die_id || mt->die_id == c->die_id) &&
	       (!mt->has_socket_id || mt->socket_id == c->socket_id);
}

int vnuma__machine_set_cpu_node(struct vnuma__machine *m,
				const struct vnuma__cpu_match *mt,
				const struct vnuma__loc *loc,
				vnuma_error **err)
{
	bool found = false;

	if (!m || !mt || !m->cpus || !m->profile)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"machine and match must be set");
	if (m->profile->arch == VNUMA__ARCH_NONE)
		return vnuma__error_set(
			err, VNUMA_E_UNSUPPORTED,
			"numa.cpu-mapping-unsupported", loc,
			"mapping of CPUs to NUMA node is not supported");
	for (uint32_t i = 0; i < m->smp.max_cpus; i++) {
		struct vnuma__cpu_slot *c = &m->cpus[i];
		const char *bad = unsupported_id(c, mt);
		int rc;

		if (bad) {
			struct vnuma__loc at = loc ? *loc :
						     (struct vnuma__loc){ 0 };

			at.key = bad;
			return vnuma__error_set(err, VNUMA_E_UNSUPPORTED,
						"numa.cpu-id-unsupported", &at,
						"%s is not supported", bad);
		}
		if (!slot_matches(c, mt))
			continue;
		if (c->node_id >= 0 && c->node_id != mt->node_id)
			return vnuma__error_set(
				err, VNUMA_E_CONFLICT,
				"numa.cpu-already-assigned", loc,
				"CPU is already assigned to node-id: %" PRId64,
				c->node_id);
		found = true;
		c->node_id = mt->node_id;
		if (mt->on_match) {
			rc = mt->on_match(mt->ctx, mt->node_id, loc, err);
			if (rc)
				return rc;
		}
	}
	if (!found)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"numa.cpu-no-match", loc,
					"no match found");
	return VNUMA_OK;
}
