/* SPDX-License-Identifier: MIT */
/* vnuma_host_probe() and the getters of what it found */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../abi.h"
#include "../error_internal.h"
#include "hostinfo_internal.h"
#include "../util.h"

void vnuma_hostinfo_free(vnuma_hostinfo *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->nnodes; i++) {
		free(h->nodes[i].cpus);
		free(h->nodes[i].dist);
		free(h->nodes[i].huge);
		free(h->nodes[i].initiators);
	}
	free(h->nodes);
	free(h->thp);
	free(h->cgroup);
	free(h->cpus_eff);
	free(h->mems_eff);
	free(h->affinity);
	free(h->hugetlb);
	free(h->mems_allowed);
	free(h->memory_room_dir);
	free(h->pools);
	free(h->root_dir);
	free(h);
}

/* errno tells why not. */
static bool is_dir(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return false;
	errno = S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	return !errno;
}

int vnuma_host_probe(vnuma_hostinfo **out,
		     const vnuma_host_probe_options *opts, vnuma_error **err)
{
	vnuma_hostinfo *h;
	int r;

	if (!out)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"vnuma_host_probe: out is NULL");
	*out = NULL;
	if (opts && (!opts->version ||
		     opts->version > VNUMA_HOST_PROBE_OPTIONS_VERSION))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.version",
					NULL,
					"vnuma_host_probe: options version "
					"%u unknown",
					opts->version);
	/*
	 * A recorded tree that is not there would read as a host without
	 * NUMA, on which every unbound guest fits: a typo must not pass
	 * for a verdict.
	 */
	if (opts && opts->root && *opts->root && !is_dir(opts->root))
		return vnuma__error_set(err, VNUMA_E_INVAL, "host.root", NULL,
					"recorded host tree '%s': %s",
					opts->root,
					errno == ENOENT ? "no such directory" :
					errno == ENOTDIR ? "not a directory" :
							   strerror(errno));
	h = calloc(1, sizeof(*h));
	if (!h)
		return vnuma__error_nomem(err);
	/* "/" and "" both stand for the running host's own files. */
	h->root = opts && opts->root && strcmp(opts->root, "/") ? opts->root :
								  "";
	h->root_dir = vnuma__strdup(h->root);
	r = h->root_dir ? vnuma__hi_nodes(h, err) : vnuma__error_nomem(err);
	if (!r)
		r = vnuma__hi_pools(h, err);
	if (!r)
		r = vnuma__hi_limits(h, err);
	if (!r)
		r = vnuma__hi_rooms(h, err);
	h->root = NULL;
	if (r) {
		vnuma_hostinfo_free(h);
		return r;
	}
	*out = h;
	return 0;
}

size_t vnuma_hostinfo_node_count(const vnuma_hostinfo *h)
{
	return h ? h->nnodes : 0;
}

int vnuma_hostinfo_node_get(vnuma_hostinfo_node *out, const vnuma_hostinfo *h,
			    size_t index)
{
	const struct vnuma__hi_node *nd;
	vnuma_hostinfo_node full;

	if (!out || !h || index >= h->nnodes)
		return VNUMA_E_INVAL;
	nd = &h->nodes[index];
	VNUMA__INFO_START(full);
	full.id = nd->id;
	full.online = nd->online;
	full.possible = true;
	full.cpus = nd->cpus;
	full.has_meminfo = nd->has_meminfo;
	full.mem_total = nd->mem_total;
	full.mem_free = nd->mem_free;
	full.distance_count = nd->ndist;
	full.distances = nd->dist;
	full.hugepage_size_count = nd->nhuge;
	full.memory_tier = nd->tier;
	full.access0_initiators = nd->initiators;
	full.access0_read_latency = nd->access0[0];
	full.access0_write_latency = nd->access0[1];
	full.access0_read_bandwidth = nd->access0[2];
	full.access0_write_bandwidth = nd->access0[3];
	return VNUMA__FILL(out, &full, vnuma_hostinfo_node,
			   access0_write_bandwidth);
}

int vnuma_hostinfo_node_hugepages(vnuma_hostinfo_hugepages *out,
				  const vnuma_hostinfo *h, size_t node_index,
				  size_t k)
{
	const struct vnuma__hi_huge *hp;
	vnuma_hostinfo_hugepages full;

	if (!out || !h || node_index >= h->nnodes ||
	    k >= h->nodes[node_index].nhuge)
		return VNUMA_E_INVAL;
	hp = &h->nodes[node_index].huge[k];
	VNUMA__INFO_START(full);
	full.page_size = hp->size;
	full.total = hp->total;
	full.free = hp->free;
	full.surplus = hp->surplus;
	return VNUMA__FILL(out, &full, vnuma_hostinfo_hugepages, free);
}

int vnuma_hostinfo_limits_get(vnuma_hostinfo_limits *out,
			      const vnuma_hostinfo *h)
{
	vnuma_hostinfo_limits full;

	if (!out || !h)
		return VNUMA_E_INVAL;
	VNUMA__INFO_START(full);
	full.thp = h->thp;
	full.cgroup = h->cgroup;
	full.cpus_effective = h->cpus_eff;
	full.mems_effective = h->mems_eff;
	full.has_memory_max = h->has_memory_max;
	full.memory_max = h->memory_max;
	full.affinity = h->affinity;
	full.hugetlb_count = h->nhugetlb;
	full.mbind = h->mbind;
	full.mbind_errno = h->mbind_errno;
	full.move_pages = h->move_pages;
	full.move_pages_errno = h->move_pages_errno;
	full.mems_allowed = h->mems_allowed;
	full.has_memory_current = h->has_memory_current;
	full.memory_current = h->memory_current;
	full.memory_room = h->memory_room;
	full.memory_room_cgroup = h->memory_room_dir;
	full.memory_room_max = h->memory_room_max;
	full.memory_room_current = h->memory_room_cur;
	full.memory_room_cache = h->memory_room_cache;
	full.pool_count = h->npools;
	return VNUMA__FILL(out, &full, vnuma_hostinfo_limits,
			   move_pages_errno);
}

int vnuma_hostinfo_hugetlb_limit(vnuma_hostinfo_hugetlb *out,
				 const vnuma_hostinfo *h, size_t k)
{
	const struct vnuma__hi_hugetlb *l;
	vnuma_hostinfo_hugetlb full;

	if (!out || !h || k >= h->nhugetlb)
		return VNUMA_E_INVAL;
	l = &h->hugetlb[k];
	VNUMA__INFO_START(full);
	full.page_size = l->size;
	full.has_max = l->has_max;
	full.max = l->max;
	full.has_current = l->has_current;
	full.current = l->current;
	full.room = l->room;
	full.room_max = l->room_max;
	full.room_current = l->room_cur;
	return VNUMA__FILL(out, &full, vnuma_hostinfo_hugetlb, current);
}

int vnuma_hostinfo_pool_get(vnuma_hostinfo_pool *out, const vnuma_hostinfo *h,
			    size_t k)
{
	const struct vnuma__hi_pool *p;
	vnuma_hostinfo_pool full;

	if (!out || !h || k >= h->npools)
		return VNUMA_E_INVAL;
	p = &h->pools[k];
	VNUMA__INFO_START(full);
	full.page_size = p->size;
	full.total = p->total;
	full.free = p->free;
	full.reserved = p->resv;
	full.surplus = p->surplus;
	full.overcommit = p->over;
	return VNUMA__FILL(out, &full, vnuma_hostinfo_pool, overcommit);
}
