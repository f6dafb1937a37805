/* SPDX-License-Identifier: MIT */
/* vnuma_plan_new() and the getters of the plan */
#include <stdlib.h>
#include <string.h>

#include "../abi.h"
#include "../error_internal.h"
#include "../util.h"
#include "plan_internal.h"

void vnuma_plan_free(vnuma_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; p->nodes && i < p->nnodes; i++) {
		free(p->nodes[i].host_cpus);
		free(p->nodes[i].pins);
	}
	free(p->nodes);
	for (size_t i = 0; i < p->nopts; i++) {
		free(p->opts[i].name);
		free(p->opts[i].value);
		free(p->opts[i].line);
	}
	free(p->opts);
	free(p);
}

/* What the request itself must be, before the host is asked. */
static int check_request(const vnuma_plan_options *o, uint64_t granule,
			 vnuma_error **err)
{
	char a[32];

	if (!o->vcpus)
		return vnuma__error_set(err, VNUMA_E_RANGE, "plan.vcpus-zero",
					NULL,
					"the guest needs at least one vCPU");
	if (o->vcpus > VNUMA__PLAN_MAX_VCPUS)
		return vnuma__error_set(err, VNUMA_E_RANGE, "plan.vcpus-range",
					NULL,
					"%u vCPUs: QEMU's q35 machine takes at "
					"most %d without x2APIC",
					o->vcpus, VNUMA__PLAN_MAX_VCPUS);
	if (o->hugepage_size && o->hugepage_size != ((uint64_t)2 << 20) &&
	    o->hugepage_size != ((uint64_t)1 << 30))
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"plan.hugepage-size", NULL,
					"huge page size %llu: 2 MiB or 1 GiB "
					"expected",
					(unsigned long long)o->hugepage_size);
	if (!o->memory)
		return vnuma__error_set(err, VNUMA_E_RANGE, "plan.memory-zero",
					NULL, "the guest needs memory");
	vnuma__plan_size_text(a, sizeof(a), granule);
	if (o->memory % granule)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"plan.memory-granule", NULL,
					"the guest's memory must be a multiple "
					"of %s, %s",
					a,
					o->hugepage_size ?
						"the huge page size" :
						"so that each node's backend "
						"is whole 2 MiB pages");
	if (o->nodes > VNUMA__PLAN_MAX_NODES || o->nodes > o->memory / granule)
		return vnuma__error_set(
			err, VNUMA_E_RANGE, "plan.nodes-range", NULL,
			"%u guest nodes: at most %llu, one %s "
			"granule each and QEMU's %d nodes",
			o->nodes,
			(unsigned long long)(o->memory / granule <
							     VNUMA__PLAN_MAX_NODES ?
						     o->memory / granule :
						     VNUMA__PLAN_MAX_NODES),
			a, VNUMA__PLAN_MAX_NODES);
	return 0;
}

/* Each guest node's pinned host CPUs as a list ("0-3"). */
static int pin_lists(struct vnuma_plan *p)
{
	for (size_t i = 0; i < p->nnodes; i++) {
		struct vnuma__plan_node *nd = &p->nodes[i];
		struct vnuma__buf b = { 0 };

		for (unsigned int v = 0; v < nd->vcpu_count;) {
			unsigned int w = v;

			while (w + 1 < nd->vcpu_count &&
			       nd->pins[w + 1] == nd->pins[w] + 1)
				w++;
			vnuma__buf_printf(&b, "%s%u", v ? "," : "",
					  nd->pins[v]);
			if (w > v)
				vnuma__buf_printf(&b, "-%u", nd->pins[w]);
			v = w + 1;
		}
		nd->host_cpus = vnuma__buf_take(&b);
		if (!nd->host_cpus)
			return VNUMA_E_NOMEM;
	}
	return 0;
}

int vnuma_plan_new(vnuma_plan **out, const vnuma_hostinfo *h,
		   const vnuma_plan_options *opts, vnuma_error **err)
{
	struct vnuma__plan_ctx c;
	vnuma_plan *p = NULL;
	uint64_t granule;
	int r;

	if (out)
		*out = NULL;
	if (!out || !h || !opts)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"vnuma_plan_new: a NULL argument");
	if (!opts->version || opts->version > VNUMA_PLAN_OPTIONS_VERSION)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.version",
					NULL,
					"vnuma_plan_new: options version %u "
					"unknown",
					opts->version);
	granule = opts->hugepage_size > VNUMA__PLAN_GRANULE ?
			  opts->hugepage_size :
			  VNUMA__PLAN_GRANULE;
	if ((r = check_request(opts, granule, err)))
		return r;
	memset(&c, 0, sizeof(c));
	c.req = opts;
	c.granule = granule;
	p = calloc(1, sizeof(*p));
	if (!p)
		return vnuma__error_nomem(err);
	p->vcpus = opts->vcpus;
	p->memory = opts->memory;
	p->huge = opts->hugepage_size;
	p->granule = granule;
	r = vnuma__plan_hosts(&c, h, err);
	if (!r)
		r = vnuma__plan_limits(&c, h, err);
	if (!r)
		r = vnuma__plan_spread(p, &c, err);
	if (!r && pin_lists(p))
		r = vnuma__error_nomem(err);
	if (!r)
		r = vnuma__plan_emit(p, &c, err);
	vnuma__plan_ctx_fini(&c);
	if (r) {
		vnuma_plan_free(p);
		return r;
	}
	*out = p;
	return 0;
}

int vnuma_plan_info_get(vnuma_plan_info *out, const vnuma_plan *p)
{
	vnuma_plan_info full;

	if (!out || !p)
		return VNUMA_E_INVAL;
	VNUMA__INFO_START(full);
	full.vcpus = p->vcpus;
	full.memory = p->memory;
	full.hugepage_size = p->huge;
	full.node_count = p->nnodes;
	full.sockets = p->sockets;
	full.cores = p->cores;
	full.threads = p->threads;
	full.hmat = p->hmat;
	full.option_count = p->nopts;
	full.memory_text = p->memory_text;
	full.hugepage_text = p->huge ? p->huge_text : NULL;
	return VNUMA__FILL(out, &full, vnuma_plan_info, option_count);
}

int vnuma_plan_option_get(vnuma_plan_option *out, const vnuma_plan *p,
			  size_t index)
{
	vnuma_plan_option full;

	if (!out || !p || index >= p->nopts)
		return VNUMA_E_INVAL;
	VNUMA__INFO_START(full);
	full.name = p->opts[index].name;
	full.value = p->opts[index].value;
	full.line = p->opts[index].line;
	return VNUMA__FILL(out, &full, vnuma_plan_option, line);
}

int vnuma_plan_node_get(vnuma_plan_node *out, const vnuma_plan *p,
			size_t index)
{
	const struct vnuma__plan_node *nd;
	vnuma_plan_node full;

	if (!out || !p || index >= p->nnodes)
		return VNUMA_E_INVAL;
	nd = &p->nodes[index];
	VNUMA__INFO_START(full);
	full.id = (unsigned int)index;
	full.host_node = nd->host_id;
	full.vcpu_first = nd->vcpu_first;
	full.vcpu_count = nd->vcpu_count;
	full.memory = nd->memory;
	full.backend = nd->backend;
	full.host_cpus = nd->host_cpus;
	full.initiator = nd->initiator;
	full.memory_text = nd->memory_text;
	return VNUMA__FILL(out, &full, vnuma_plan_node, initiator);
}

int vnuma_plan_vcpu_get(vnuma_plan_vcpu *out, const vnuma_plan *p,
			unsigned int vcpu)
{
	vnuma_plan_vcpu full;

	if (!out || !p || vcpu >= p->vcpus)
		return VNUMA_E_INVAL;
	VNUMA__INFO_START(full);
	for (size_t i = 0; i < p->nnodes; i++) {
		const struct vnuma__plan_node *nd = &p->nodes[i];

		if (vcpu < nd->vcpu_first ||
		    vcpu >= nd->vcpu_first + nd->vcpu_count)
			continue;
		full.vcpu = vcpu;
		full.node = (unsigned int)i;
		full.host_cpu = nd->pins[vcpu - nd->vcpu_first];
		full.host_node = nd->host_id;
	}
	return VNUMA__FILL(out, &full, vnuma_plan_vcpu, host_node);
}
