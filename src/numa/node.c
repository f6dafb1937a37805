/* SPDX-License-Identifier: MIT */
/* -numa node: declares a node, its CPUs, its memory and its initiator. */
#include "numa_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../parse/number.h"
#include "../util.h"

static const char *const node_keys[] = { "type",   "nodeid",	"cpus", "mem",
					 "memdev", "initiator", NULL };

struct node_opts {
	bool has_nodeid, has_mem, has_memdev, has_initiator;
	uint64_t nodeid, mem, initiator;
	uint64_t *cpus;
	size_t n_cpus;
	const struct vnuma__opt *mem_opt, *memdev_opt;
};

/* Fields in the order QEMU's schema declares them. */
static int read_node(const struct vnuma__numa_ctx *c, struct node_opts *no,
		     vnuma_error **err)
{
	int rc;

	rc = vnuma__numa_read_uint(c, "nodeid", 16, &no->has_nodeid,
				   &no->nodeid, err);
	if (!rc)
		rc = vnuma__get_uint_list(c->o, "cpus", VNUMA__VISIT_OPTS, 16,
					  &no->cpus, &no->n_cpus, err);
	if (rc)
		return rc;
	no->mem_opt = vnuma__opts_last(c->o, "mem");
	no->has_mem = no->mem_opt != NULL;
	if (no->has_mem) {
		rc = vnuma__get_size(c->o, no->mem_opt, VNUMA__VISIT_OPTS,
				     &no->mem, err);
		if (rc)
			return rc;
	}
	no->memdev_opt = vnuma__opts_last(c->o, "memdev");
	no->has_memdev = no->memdev_opt != NULL;
	rc = vnuma__numa_read_uint(c, "initiator", 16, &no->has_initiator,
				   &no->initiator, err);
	if (rc)
		return rc;
	rc = vnuma__check_keys(c->o, VNUMA__VISIT_OPTS, node_keys, err);
	if (rc)
		return rc;
	/* Legacy form: a suffix-less mem= is in MiB, not bytes. */
	if (no->has_mem) {
		uint64_t mib;

		if (!vnuma__strtosz(no->mem_opt->value, 'M', &mib))
			no->mem = mib;
	}
	return VNUMA_OK;
}

static int check_initiator(const struct vnuma__numa_ctx *c,
			   const struct node_opts *no, vnuma_error **err)
{
	struct vnuma__loc loc = c->loc;

	loc = vnuma__numa_key_loc(c, "initiator");
	if (!c->m->hmat)
		return vnuma__error_set(
			err, VNUMA_E_CONFLICT, "numa.hmat-disabled", &loc,
			"ACPI Heterogeneous Memory Attribute Table (HMAT) is "
			"disabled, enable it with -machine hmat=on before using "
			"any of hmat specific options");
	/* QEMU 7.2 prints this and then goes on as if the node had not
	 * been declared; vnuma stops. */
	if (no->initiator >= c->n->max_nodes)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.initiator-range", &loc,
					"The initiator id %" PRIu64
					" expects an integer between "
					"0 and %u",
					no->initiator, c->n->max_nodes - 1);
	return VNUMA_OK;
}

static int place_cpus(const struct vnuma__numa_ctx *c,
		      const struct node_opts *no, uint32_t id,
		      vnuma_error **err)
{
	struct vnuma__loc loc = c->loc;

	loc = vnuma__numa_key_loc(c, "cpus");
	for (size_t i = 0; i < no->n_cpus; i++) {
		struct vnuma__cpu_match match;
		int rc;

		if (no->cpus[i] >= c->m->smp.max_cpus)
			return vnuma__error_set(err, VNUMA_E_RANGE,
						"numa.cpu-index-range", &loc,
						"CPU index (%" PRIu64
						") should be smaller than "
						"maxcpus (%u)",
						no->cpus[i],
						c->m->smp.max_cpus);
		rc = vnuma__cpu_index_props(c->m, (uint32_t)no->cpus[i],
					    &match);
		if (rc)
			return vnuma__error_nomem(err);
		match.node_id = id;
		rc = vnuma__numa_assign_cpus(c->n, c->m, &match, &loc, err);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

static int take_memory(const struct vnuma__numa_ctx *c,
		       const struct node_opts *no, struct vnuma__node *node,
		       vnuma_error **err)
{
	struct vnuma__numa *n = c->n;
	struct vnuma__loc loc = c->loc;

	n->have_memdevs = n->have_memdevs || no->has_memdev;
	n->have_mem = n->have_mem || no->has_mem;
	if ((no->has_mem && n->have_memdevs) ||
	    (no->has_memdev && n->have_mem))
		return vnuma__error_set(
			err, VNUMA_E_CONFLICT, "numa.mem-memdev-mix", &loc,
			"numa configuration should use either mem= or memdev=,"
			"mixing both is not allowed");
	if (no->has_mem) {
		loc = vnuma__numa_key_loc(c, "mem");
		if (!c->m->profile->numa_mem_supported) {
			int rc = vnuma__error_set(
				err, VNUMA_E_UNSUPPORTED,
				"numa.mem-unsupported", &loc,
				"Parameter -numa node,mem is not supported by "
				"this machine type");

			vnuma__error_append_hint(
				err, "Use -numa node,memdev instead\n");
			return rc;
		}
		node->mem = no->mem;
		node->mem_given = true;
		if (vnuma__warn(c->w, "numa.mem-deprecated", &c->loc,
				"Parameter -numa node,mem is deprecated, use "
				"-numa node,memdev instead"))
			return vnuma__error_nomem(err);
	}
	if (no->has_memdev) {
		const char *id = no->memdev_opt->value;
		struct vnuma__backend *be = vnuma__backend_find(c->b, id);

		loc = vnuma__numa_key_loc(c, "memdev");
		/* QEMU's wording for "no memory backend has this id". */
		if (!be)
			return vnuma__error_set(err, VNUMA_E_UNKNOWN,
						"numa.memdev-unknown", &loc,
						"memdev=%s is ambiguous", id);
		node->memdev = vnuma__strdup(id);
		if (!node->memdev)
			return vnuma__error_nomem(err);
		node->mem = be->size;
		node->mem_given = true;
	}
	return VNUMA_OK;
}

static int declare_node(const struct vnuma__numa_ctx *c,
			const struct node_opts *no, vnuma_error **err)
{
	struct vnuma__numa *n = c->n;
	uint64_t id = no->has_nodeid ? no->nodeid : n->num_nodes;
	struct vnuma__node *node;
	struct vnuma__loc loc = c->loc;
	int rc;

	loc = vnuma__numa_key_loc(c, "nodeid");
	if (id >= n->max_nodes)
		return vnuma__error_set(
			err, VNUMA_E_RANGE, "numa.max-nodes", &loc,
			"Max number of NUMA nodes reached: %" PRIu64, id);
	node = &n->nodes[id];
	if (node->present)
		return vnuma__error_set(err, VNUMA_E_DUPLICATE,
					"numa.duplicate-nodeid", &loc,
					"Duplicate NUMA nodeid: %" PRIu64, id);
	node->initiator = n->max_nodes;
	if (no->has_initiator) {
		rc = check_initiator(c, no, err);
		if (rc)
			return rc;
		node->initiator = (uint32_t)no->initiator;
	}
	rc = place_cpus(c, no, (uint32_t)id, err);
	if (!rc)
		rc = take_memory(c, no, node, err);
	if (rc)
		return rc;
	node->present = true;
	if (id + 1 > n->max_nodeid)
		n->max_nodeid = (uint32_t)id + 1;
	n->num_nodes++;
	return VNUMA_OK;
}

int vnuma__numa_node(const struct vnuma__numa_ctx *c, vnuma_error **err)
{
	struct node_opts no = { 0 };
	int rc = read_node(c, &no, err);

	if (!rc)
		rc = vnuma__numa_check_machine(c, err);
	if (!rc)
		rc = declare_node(c, &no, err);
	free(no.cpus);
	return rc;
}
