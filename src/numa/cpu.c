/* SPDX-License-Identifier: MIT */
/* -numa cpu, and CPU placement shared with -numa node,cpus=. */
#include "numa_internal.h"

static const char *const cpu_keys[] = { "type",	     "node-id",	   "socket-id",
					"die-id",    "cluster-id", "core-id",
					"thread-id", NULL };

/*
 * With HMAT, a node holding CPUs is its own initiator; QEMU checks this
 * for each slot it assigns.
 */
static int hmat_initiator(void *ctx, int64_t node_id,
			  const struct vnuma__loc *loc, vnuma_error **err)
{
	struct vnuma__numa *n = ctx;
	struct vnuma__node *node = &n->nodes[node_id];

	if (node->initiator < n->max_nodes && node->initiator != node_id)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"numa.cpu-initiator", loc,
					"The initiator of CPU NUMA node %" PRId64
					" should be "
					"itself (got %u)",
					node_id, node->initiator);
	node->has_cpu = true;
	node->initiator = (uint32_t)node_id;
	return VNUMA_OK;
}

int vnuma__numa_assign_cpus(struct vnuma__numa *n, struct vnuma__machine *m,
			    const struct vnuma__cpu_match *match,
			    const struct vnuma__loc *loc, vnuma_error **err)
{
	struct vnuma__cpu_match mm = *match;

	if (m->hmat) {
		mm.on_match = hmat_initiator;
		mm.ctx = n;
	}
	return vnuma__machine_set_cpu_node(m, &mm, loc, err);
}

/* QEMU's NumaCpuOptions: node-id, then the CpuInstanceProperties ids. */
static int read_ids(const struct vnuma__numa_ctx *c, bool *has_node,
		    struct vnuma__cpu_match *mt, vnuma_error **err)
{
	int rc;

	rc = vnuma__numa_read_int(c, "node-id", 64, has_node, &mt->node_id,
				  err);
	if (!rc)
		rc = vnuma__numa_read_int(c, "socket-id", 64,
					  &mt->has_socket_id, &mt->socket_id,
					  err);
	if (!rc)
		rc = vnuma__numa_read_int(c, "die-id", 64, &mt->has_die_id,
					  &mt->die_id, err);
	if (!rc)
		rc = vnuma__numa_read_int(c, "cluster-id", 64,
					  &mt->has_cluster_id, &mt->cluster_id,
					  err);
	if (!rc)
		rc = vnuma__numa_read_int(c, "core-id", 64, &mt->has_core_id,
					  &mt->core_id, err);
	if (!rc)
		rc = vnuma__numa_read_int(c, "thread-id", 64,
					  &mt->has_thread_id, &mt->thread_id,
					  err);
	if (!rc)
		rc = vnuma__check_keys(c->o, VNUMA__VISIT_OPTS, cpu_keys, err);
	return rc;
}

int vnuma__numa_cpu(const struct vnuma__numa_ctx *c, vnuma_error **err)
{
	struct vnuma__cpu_match mt = { 0 };
	struct vnuma__loc loc = c->loc;
	bool has_node;
	int rc;

	rc = read_ids(c, &has_node, &mt, err);
	if (rc)
		return rc;
	if ((rc = vnuma__numa_check_machine(c, err)))
		return rc;
	loc = vnuma__numa_key_loc(c, "node-id");
	if (!has_node)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"numa.cpu-missing-node-id", &loc,
					"Missing mandatory node-id property");
	/*
	 * QEMU 7.2 indexes its node array with node-id unchecked, so a
	 * negative or huge id reads outside it; vnuma says what is wrong.
	 */
	if (mt.node_id < 0 || (uint64_t)mt.node_id >= c->n->max_nodes)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.cpu-node-id-range", &loc,
					"Invalid node-id=%" PRId64
					", it should be between 0 "
					"and %u",
					mt.node_id, c->n->max_nodes - 1);
	if (!c->n->nodes[mt.node_id].present)
		return vnuma__error_set(
			err, VNUMA_E_MISSING, "numa.cpu-node-undeclared", &loc,
			"Invalid node-id=%" PRId64
			", NUMA node must be defined "
			"with -numa node,nodeid=ID before it's used with -numa "
			"cpu,node-id=ID",
			mt.node_id);
	return vnuma__numa_assign_cpus(c->n, c->m, &mt, &c->loc, err);
}
