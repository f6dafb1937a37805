/* SPDX-License-Identifier: MIT */
/* the plan as QEMU 7.2 options: distances, HMAT, backends, nodes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../error_internal.h"
#include "../util.h"
#include "plan_internal.h"

/*
 * QEMU takes 10 for a node to itself and anything from 10 to 255 between
 * two. A remote 10 (or less, in a recorded tree) would tell the guest
 * two nodes are one, so remote distances start at 11; guest nodes that
 * share a host node are that: as near as two nodes can be.
 */
#define NEAREST_REMOTE 11
#define UNKNOWN_REMOTE 20 /* QEMU's own default between two nodes */

unsigned int vnuma__plan_distance(const struct vnuma__plan_ctx *c,
				  const struct vnuma_plan *p, size_t a,
				  size_t b)
{
	const struct vnuma__plan_host *ha = &c->hosts[p->nodes[a].host];
	const struct vnuma__plan_host *hb = &c->hosts[p->nodes[b].host];
	unsigned int d = UNKNOWN_REMOTE;

	if (a == b)
		return 10;
	if (ha == hb)
		return NEAREST_REMOTE;
	if (hb->online_index < ha->ndist)
		d = ha->dist[hb->online_index];
	if (d < NEAREST_REMOTE)
		d = NEAREST_REMOTE;
	return d > 255 ? 255 : d;
}

static int add(struct vnuma_plan *p, const char *name, struct vnuma__buf *b)
{
	struct vnuma__plan_option *o;
	char *v = vnuma__buf_take(b);

	if (!v)
		return VNUMA_E_NOMEM;
	if (vnuma__grow(&p->opts, &p->capopts, p->nopts + 1,
			sizeof(*p->opts))) {
		free(v);
		return VNUMA_E_NOMEM;
	}
	o = &p->opts[p->nopts];
	o->value = v;
	o->name = vnuma__strdup(name);
	o->line = vnuma__sprintf("%s %s", name, v);
	p->nopts++;
	if (!o->name || !o->line)
		return VNUMA_E_NOMEM;
	return 0;
}

/*
 * v in the largest unit that divides it exactly: *unit is the index in
 * "KMGTPE", -1 for bytes. Both forms of a size below use it.
 */
static uint64_t exact_unit(uint64_t v, int *unit)
{
	*unit = -1;
	while (v && !(v & 1023) && *unit < 5) {
		v >>= 10;
		(*unit)++;
	}
	return v;
}

void vnuma__plan_size_text(char *buf, size_t n, uint64_t v)
{
	int u;
	uint64_t k = exact_unit(v, &u);

	if (u < 0)
		snprintf(buf, n, "%llu bytes", (unsigned long long)k);
	else
		snprintf(buf, n, "%llu %ciB", (unsigned long long)k,
			 "KMGTPE"[u]);
}

/* A size as QEMU reads it ("4G"). */
static void put_size(struct vnuma__buf *b, uint64_t v)
{
	int u;
	uint64_t k = exact_unit(v, &u);

	if (u < 0)
		vnuma__buf_printf(b, "%llu", (unsigned long long)k);
	else
		vnuma__buf_printf(b, "%llu%c", (unsigned long long)k,
				  "KMGTPE"[u]);
}

static bool host_listed(const struct vnuma__plan_list *l, unsigned int id)
{
	return !l->all && vnuma__plan_list_has(l, id);
}

/*
 * With HMAT, QEMU wants an initiator for every node without CPUs: one
 * the host names as its access0 initiator, else the nearest.
 */
static void initiators(struct vnuma_plan *p, const struct vnuma__plan_ctx *c)
{
	for (size_t t = 0; t < p->nnodes; t++) {
		const struct vnuma__plan_list *list =
			&c->hosts[p->nodes[t].host].initiators;
		long best = -1;
		bool best_in = false;

		if (p->nodes[t].vcpu_count)
			continue;
		for (size_t i = 0; i < p->nnodes; i++) {
			bool in = host_listed(list, p->nodes[i].host_id);

			if (!p->nodes[i].vcpu_count)
				continue;
			if (best < 0 || (in && !best_in) ||
			    (in == best_in &&
			     vnuma__plan_distance(c, p, t, i) <
				     vnuma__plan_distance(c, p, t,
							  (size_t)best))) {
				best = (long)i;
				best_in = in;
			}
		}
		p->nodes[t].initiator = (int)best;
	}
}

static int put_backend(struct vnuma_plan *p, const struct vnuma__plan_node *nd)
{
	struct vnuma__buf b = { 0 };

	if (p->huge) {
		vnuma__buf_printf(&b, "memory-backend-memfd,id=%s,size=",
				  nd->backend);
		put_size(&b, nd->memory);
		vnuma__buf_puts(&b, ",hugetlb=on,hugetlbsize=");
		put_size(&b, p->huge);
		vnuma__buf_puts(&b, ",prealloc=on");
	} else {
		vnuma__buf_printf(&b, "memory-backend-ram,id=%s,size=",
				  nd->backend);
		put_size(&b, nd->memory);
	}
	vnuma__buf_printf(&b, ",policy=bind,host-nodes=%u", nd->host_id);
	return add(p, "-object", &b);
}

static int put_dist(struct vnuma_plan *p, const struct vnuma__plan_ctx *c)
{
	bool symmetric = true;
	int r = 0;

	for (size_t a = 0; a < p->nnodes; a++)
		for (size_t b = a + 1; b < p->nnodes; b++)
			if (vnuma__plan_distance(c, p, a, b) !=
			    vnuma__plan_distance(c, p, b, a))
				symmetric = false;
	/* QEMU fills the other direction only when all pairs agree. */
	for (size_t a = 0; a < p->nnodes && !r; a++)
		for (size_t b = symmetric ? a + 1 : 0; b < p->nnodes && !r;
		     b++) {
			struct vnuma__buf buf = { 0 };

			if (a == b)
				continue;
			vnuma__buf_printf(&buf, "dist,src=%zu,dst=%zu,val=%u",
					  a, b,
					  vnuma__plan_distance(c, p, a, b));
			r = add(p, "-numa", &buf);
		}
	return r;
}

/*
 * The host's access0 figures of every node the plan uses (a CPU-less
 * node's, and those of nodes with CPUs where the kernel has them), from
 * the guest nodes on the host nodes it names its initiators (a guest node
 * with vCPUs: from itself).
 */
static int put_hmat(struct vnuma_plan *p, const struct vnuma__plan_ctx *c)
{
	static const char *const types[] = { "read-latency", "write-latency",
					     "read-bandwidth",
					     "write-bandwidth" };
	int r = 0;

	for (size_t t = 0; t < p->nnodes && !r; t++) {
		const struct vnuma__plan_host *h = &c->hosts[p->nodes[t].host];

		for (size_t i = 0; i < p->nnodes && !r; i++) {
			/*
			 * A node with vCPUs is its own initiator: its
			 * figures are for its own CPUs, and entries both
			 * ways between two nodes have no libvirt form.
			 */
			if (!p->nodes[i].vcpu_count ||
			    (p->nodes[t].vcpu_count && i != t) ||
			    !host_listed(&h->initiators, p->nodes[i].host_id))
				continue;
			for (int k = 0; k < 4 && !r; k++) {
				struct vnuma__buf b = { 0 };

				if (!h->lb[k])
					continue;
				vnuma__buf_printf(
					&b,
					"hmat-lb,initiator=%zu,target=%zu,"
					"hierarchy=memory,data-type=%s,",
					i, t, types[k]);
				if (k < 2)
					vnuma__buf_printf(&b, "latency=%llu",
							  (unsigned long long)
								  h->lb[k]);
				else
					vnuma__buf_printf(&b,
							  "bandwidth=%lluM",
							  (unsigned long long)
								  h->lb[k]);
				r = add(p, "-numa", &b);
			}
		}
	}
	return r;
}

static int put_nodes(struct vnuma_plan *p)
{
	unsigned int socket = 0;
	int r = 0;

	for (size_t i = 0; i < p->nnodes && !r; i++) {
		struct vnuma__buf b = { 0 };

		vnuma__buf_printf(&b, "node,nodeid=%zu,memdev=%s", i,
				  p->nodes[i].backend);
		if (p->nodes[i].initiator >= 0)
			vnuma__buf_printf(&b, ",initiator=%d",
					  p->nodes[i].initiator);
		r = add(p, "-numa", &b);
	}
	for (size_t i = 0; i < p->nnodes && !r; i++)
		for (unsigned int s = 0;
		     s < p->nodes[i].vcpu_count / p->cores && !r; s++) {
			struct vnuma__buf b = { 0 };

			vnuma__buf_printf(&b, "cpu,node-id=%zu,socket-id=%u",
					  i, socket++);
			r = add(p, "-numa", &b);
		}
	return r;
}

/*
 * Whether the host gives figures for guest node t from one of the guest
 * nodes with vCPUs: what put_hmat() would write for it.
 */
static bool has_figures(const struct vnuma_plan *p,
			const struct vnuma__plan_ctx *c, size_t t)
{
	const struct vnuma__plan_host *h = &c->hosts[p->nodes[t].host];

	if (!h->lb[0] && !h->lb[1] && !h->lb[2] && !h->lb[3])
		return false;
	for (size_t i = 0; i < p->nnodes; i++)
		if (p->nodes[i].vcpu_count &&
		    host_listed(&h->initiators, p->nodes[i].host_id))
			return true;
	return false;
}

int vnuma__plan_emit(struct vnuma_plan *p, const struct vnuma__plan_ctx *c,
		     vnuma_error **err)
{
	struct vnuma__buf b = { 0 };
	int r;

	vnuma__plan_size_text(p->memory_text, sizeof(p->memory_text),
			      p->memory);
	if (p->huge)
		vnuma__plan_size_text(p->huge_text, sizeof(p->huge_text),
				      p->huge);
	for (size_t i = 0; i < p->nnodes; i++)
		vnuma__plan_size_text(p->nodes[i].memory_text,
				      sizeof(p->nodes[i].memory_text),
				      p->nodes[i].memory);
	/*
	 * HMAT mirrors what the host measured of its CPU-less nodes: where
	 * the kernel shows no access0 figures for one (or none from the
	 * initiators the guest has), there is nothing to mirror, and an
	 * HMAT without them would only add initiator= for QEMU to demand.
	 */
	for (size_t i = 0; i < p->nnodes; i++)
		if (c->hosts[p->nodes[i].host].cpuless && has_figures(p, c, i))
			p->hmat = true;
	if (p->hmat)
		initiators(p, c);
	vnuma__buf_puts(&b, p->hmat ? "q35,hmat=on" : "q35");
	r = add(p, "-machine", &b);
	if (!r) {
		put_size(&b, p->memory);
		r = add(p, "-m", &b);
	}
	if (!r) {
		vnuma__buf_printf(&b, "%u,sockets=%u,cores=%u,threads=%u",
				  p->vcpus, p->sockets, p->cores, p->threads);
		r = add(p, "-smp", &b);
	}
	for (size_t i = 0; i < p->nnodes && !r; i++)
		r = put_backend(p, &p->nodes[i]);
	if (!r)
		r = put_nodes(p);
	if (!r && p->nnodes > 1)
		r = put_dist(p, c);
	if (!r && p->hmat)
		r = put_hmat(p, c);
	return r ? vnuma__error_nomem(err) : 0;
}
