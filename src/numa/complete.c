/* SPDX-License-Identifier: MIT */
/*
 * Completion, once every -numa option is in: the implicit node, gaps in
 * node ids, memory totals, backends, distances, and CPUs no option placed.
 */
#include "numa_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "../view/board_ram.h"

/*
 * Memory hotplug (or a machine that always wants NUMA) without -numa
 * would leave the guest without an SRAT, so QEMU makes one node holding
 * all of RAM.
 */
static bool wants_implicit_node(const struct vnuma__numa *n,
				const struct vnuma__machine *m)
{
	const struct vnuma__profile *p = m->profile;

	return n->num_nodes == 0 &&
	       ((m->ram_slots && p->auto_enable_numa_with_memhp) ||
		(m->maxram_size > m->ram_size &&
		 p->auto_enable_numa_with_memdev) ||
		p->auto_enable_numa);
}

/* Older QEMU's two ways of sharing RAM among nodes that declared none. */
static void split_ram(struct vnuma__numa *n, const struct vnuma__machine *m,
		      int mode)
{
	uint32_t nodes = n->num_nodes;
	uint64_t align = UINT64_C(1) << m->profile->numa_mem_align_shift;
	uint64_t share = m->ram_size / nodes, carry = 0, used = 0;
	uint32_t i;

	for (i = 0; i + 1 < nodes; i++) {
		uint64_t mem;

		if (mode == VNUMA_SPLIT_RAM_LEGACY) {
			mem = share & ~(align - 1);
		} else {
			mem = (share + carry) & ~(align - 1);
			carry = share + carry - mem;
		}
		n->nodes[i].mem = mem;
		used += mem;
	}
	n->nodes[i].mem = m->ram_size - used;
}

static bool no_node_has_memory(const struct vnuma__numa *n)
{
	for (uint32_t i = 0; i < n->num_nodes; i++)
		if (n->nodes[i].mem)
			return false;
	return true;
}

static int check_memory(struct vnuma__numa *n, struct vnuma__machine *m,
			struct vnuma__backends *b, int split,
			struct vnuma__warnings *w, vnuma_error **err)
{
	uint64_t total = 0;

	if (split != VNUMA_SPLIT_RAM_NONE && no_node_has_memory(n)) {
		split_ram(n, m, split);
		if (vnuma__warn(w, "numa.split-ram-deprecated", NULL,
				"Default splitting of RAM between nodes is "
				"deprecated, Use '-numa node,memdev' to "
				"explicitly define RAM allocation per node"))
			return vnuma__error_nomem(err);
	}
	for (uint32_t i = 0; i < n->num_nodes; i++) {
		/* Sizes come from user input: a sum may wrap. */
		if (__builtin_add_overflow(total, n->nodes[i].mem, &total))
			return vnuma__error_set(
				err, VNUMA_E_RANGE, "numa.total-overflow",
				NULL,
				"total memory for NUMA nodes exceeds 2^64 bytes");
	}
	if (total != m->ram_size)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"numa.total-memory", NULL,
					"total memory for NUMA nodes (0x%" PRIx64
					") should equal "
					"RAM size (0x%" PRIx64 ")",
					total, m->ram_size);
	if (vnuma__board_ram(NULL, m, n->have_memdevs) !=
	    VNUMA__BOARD_RAM_NODES)
		return VNUMA_OK;
	if (m->memory_backend)
		return vnuma__error_set(
			err, VNUMA_E_CONFLICT, "numa.machine-memdev-conflict",
			NULL,
			"'-machine memory-backend' and '-numa memdev' properties "
			"are mutually exclusive");
	for (uint32_t i = 0; i < n->num_nodes; i++) {
		struct vnuma__backend *be;

		if (!n->nodes[i].memdev)
			continue;
		be = vnuma__backend_find(b, n->nodes[i].memdev);
		if (be->used)
			return vnuma__error_set(
				err, VNUMA_E_CONFLICT, "numa.memdev-reused",
				NULL,
				"memory backend %s can't be used multiple times.",
				be->id);
		be->used = true;
	}
	return VNUMA_OK;
}

/*
 * Distances: a symmetric matrix may be given one way only; an asymmetric
 * one must be complete. Missing entries are then mirrored.
 */
static int complete_distances(struct vnuma__numa *n, vnuma_error **err)
{
	uint32_t nn = n->num_nodes;
	bool asym = false;

	for (uint32_t s = 0; s < nn; s++) {
		for (uint32_t d = s; d < nn; d++) {
			uint8_t sd = *vnuma__dist_at(n, s, d);
			uint8_t ds = *vnuma__dist_at(n, d, s);

			if (!sd && !ds && s != d)
				return vnuma__error_set(
					err, VNUMA_E_MISSING,
					"numa.dist-missing", NULL,
					"The distance between node %u and %u is "
					"missing, at least one distance value "
					"between each nodes should be provided.",
					s, d);
			if (sd && ds && sd != ds)
				asym = true;
		}
	}
	for (uint32_t s = 0; asym && s < nn; s++)
		for (uint32_t d = 0; d < nn; d++)
			if (s != d && !*vnuma__dist_at(n, s, d))
				return vnuma__error_set(
					err, VNUMA_E_MISSING,
					"numa.dist-asymmetric-incomplete",
					NULL,
					"At least one asymmetrical pair of "
					"distances is given, please provide "
					"distances for both directions of all "
					"node pairs.");
	for (uint32_t s = 0; s < nn; s++)
		for (uint32_t d = 0; d < nn; d++)
			if (!*vnuma__dist_at(n, s, d))
				*vnuma__dist_at(n, s, d) =
					s == d ? VNUMA__DISTANCE_MIN :
						 *vnuma__dist_at(n, d, s);
	return VNUMA_OK;
}

/* The node a CPU gets when no -numa option placed any CPU at all. */
static int64_t default_node(const struct vnuma__machine *m, uint32_t idx,
			    uint32_t nodes)
{
	const struct vnuma__cpu_slot *c = &m->cpus[idx];

	switch (m->profile->cpu_map) {
	case VNUMA__CPU_MAP_SOCKET:
	case VNUMA__CPU_MAP_VIRT:
		return c->socket_id % nodes;
	default:
		return idx % nodes;
	}
}

static void describe_slot(struct vnuma__buf *s,
			  const struct vnuma__cpu_slot *c)
{
	const char *sep = "";

	vnuma__buf_printf(s, "%sCPU %u [", s->len ? ", " : "", c->index);
#define ID(field, name)                                                      \
	if (c->field >= 0) {                                                 \
		vnuma__buf_printf(s, "%s" name ": %" PRId64, sep, c->field); \
		sep = ", ";                                                  \
	}
	ID(socket_id, "socket-id")
	ID(die_id, "die-id")
	ID(cluster_id, "cluster-id")
	ID(core_id, "core-id")
	ID(thread_id, "thread-id")
#undef ID
	vnuma__buf_puts(s, "]");
}

/*
 * CPUs no option placed: all by the machine's default when no CPU was
 * placed at all, else to node 0, listed in *unplaced for the warning.
 */
static int place_leftover_cpus(struct vnuma__numa *n, struct vnuma__machine *m,
			       struct vnuma__buf *unplaced, vnuma_error **err)
{
	bool default_mapping = true;
	int rc = VNUMA_OK;

	for (uint32_t i = 0; i < m->smp.max_cpus; i++)
		if (m->cpus[i].node_id >= 0)
			default_mapping = false;
	for (uint32_t i = 0; i < m->smp.max_cpus && !rc; i++) {
		struct vnuma__cpu_match mt;

		if (m->cpus[i].node_id >= 0)
			continue;
		if (!default_mapping)
			describe_slot(unplaced, &m->cpus[i]);
		if (vnuma__cpu_index_props(m, i, &mt))
			return vnuma__error_nomem(err);
		mt.node_id = default_mapping ?
				     default_node(m, i, n->num_nodes) :
				     0;
		rc = vnuma__numa_assign_cpus(n, m, &mt, NULL, err);
	}
	if (!rc && unplaced->oom)
		rc = vnuma__error_nomem(err);
	return rc;
}

static int warn_unplaced(struct vnuma__warnings *w,
			 const struct vnuma__buf *unplaced, vnuma_error **err)
{
	if (!unplaced->len)
		return VNUMA_OK;
	if (vnuma__warn(w, "numa.cpus-unassigned", NULL,
			"CPU(s) not present in any NUMA nodes: %s",
			unplaced->s) ||
	    vnuma__warn(w, "numa.partial-mapping", NULL,
			"All CPU(s) up to maxcpus should be described in NUMA "
			"config, ability to start up with partial NUMA mappings "
			"is obsoleted and will be removed in future"))
		return vnuma__error_nomem(err);
	return VNUMA_OK;
}

/*
 * With HMAT, a node's declared initiator must exist and hold CPUs. A node
 * that names none is accepted by 7.2 (its HMAT entry then has no
 * attached initiator).
 */
static int validate_initiators(const struct vnuma__numa *n, vnuma_error **err)
{
	for (uint32_t i = 0; i < n->num_nodes; i++) {
		uint32_t ini = n->nodes[i].initiator;

		if (ini >= n->max_nodes)
			continue;
		if (!n->nodes[ini].present)
			return vnuma__error_set(
				err, VNUMA_E_MISSING,
				"numa.initiator-undeclared", NULL,
				"NUMA node %u is missing, use '-numa node' option "
				"to declare it first",
				ini);
		if (!n->nodes[ini].has_cpu)
			return vnuma__error_set(
				err, VNUMA_E_CONFLICT, "numa.initiator-no-cpu",
				NULL,
				"The initiator of NUMA node %u is invalid", i);
	}
	return VNUMA_OK;
}

int vnuma__numa_complete(struct vnuma__numa *n, struct vnuma__machine *m,
			 struct vnuma__backends *b, int split_ram,
			 struct vnuma__warnings *w, vnuma_error **err)
{
	int rc;

	if (!m->profile->numa_supported)
		return VNUMA_OK;
	if (wants_implicit_node(n, m)) {
		n->nodes[0].present = true;
		n->nodes[0].initiator = n->max_nodes;
		n->nodes[0].mem = m->ram_size;
		n->num_nodes = n->max_nodeid = 1;
		n->implicit_node = true;
	}
	/* Report the largest missing id first: it is the likelier typo. */
	for (uint32_t i = n->max_nodeid; i-- > 0;)
		if (!n->nodes[i].present)
			return vnuma__error_set(err, VNUMA_E_MISSING,
						"numa.node-id-missing", NULL,
						"numa: Node ID missing: %u",
						i);
	if (n->num_nodes == 0)
		return VNUMA_OK;
	rc = check_memory(n, m, b, split_ram, w, err);
	if (!rc && n->have_distance)
		rc = complete_distances(n, err);
	if (rc)
		return rc;
	{
		struct vnuma__buf unplaced = { 0 };

		rc = place_leftover_cpus(n, m, &unplaced, err);
		/* QEMU checks initiators before it warns of unplaced CPUs. */
		if (!rc && m->hmat)
			rc = validate_initiators(n, err);
		if (!rc)
			rc = warn_unplaced(w, &unplaced, err);
		vnuma__buf_fini(&unplaced);
	}
	return rc;
}
