/* SPDX-License-Identifier: MIT */
/*
 * A backend's host-nodes against the host. Realizing binds with one
 * mbind(2); the kernel intersects the mask with the nodes that have
 * memory and with the process's cpuset.mems, and refuses the call
 * (EINVAL, "host.mbind") only when nothing is left. A node dropped from
 * a mask that keeps another one is silent: the backend is realized on
 * the others. So a bad node is an error when all of the backend's nodes
 * are bad, and a warning otherwise, which is what realizing then does.
 */
#include "preflight_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The backend's nodes as a list for messages ("0,2"). */
static void node_list(char *buf, size_t len,
		      const struct vnuma__view_backend *be)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < be->n_host_nodes && at + 24 < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%" PRIu64,
				       i ? "," : "", be->host_nodes[i]);
}

static int backend_nodes(struct vnuma__preflight_ctx *c,
			 const struct vnuma__view_backend *be)
{
	const char *pol = vnuma__view_policy_name(be->policy);
	size_t usable = 0;
	char list[256];
	int rc = 0;

	for (size_t i = 0; i < be->n_host_nodes; i++) {
		const char *why, *check;

		usable += vnuma__preflight_node_usable(c, be->host_nodes[i],
						       &why, &check);
	}
	node_list(list, sizeof(list), be);
	for (size_t i = 0; !rc && i < be->n_host_nodes; i++) {
		uint64_t id = be->host_nodes[i];
		const char *why, *check;
		char need[64];

		if (vnuma__preflight_node_usable(c, id, &why, &check))
			continue;
		snprintf(need, sizeof(need), "host node %" PRIu64, id);
		if (!usable)
			rc = vnuma__preflight_add(
				c, "host.mbind", VNUMA_PREFLIGHT_ERROR, be->id,
				(int64_t)id, need, why,
				"memory backend '%s' is bound (policy=%s) to "
				"host node %" PRIu64 ", which %s; no node of "
				"host-nodes=%s is left, so mbind fails",
				be->id, pol, id, why, list);
		else
			rc = vnuma__preflight_add(
				c, check, VNUMA_PREFLIGHT_WARNING, be->id,
				(int64_t)id, need, why,
				"memory backend '%s': host node %" PRIu64
				" %s; the kernel drops it from "
				"host-nodes=%s and places the memory on the "
				"others",
				be->id, id, why, list);
	}
	return rc;
}

int vnuma__preflight_nodes(struct vnuma__preflight_ctx *c)
{
	const struct vnuma_hostinfo *h = c->h;
	int rc = 0;

	for (size_t i = 0; !rc && i < c->v->n_backends; i++) {
		const struct vnuma__view_backend *be = &c->v->backends[i];
		char there[96];

		/* policy=default takes no host-nodes: no mbind at all. */
		if (!be->n_host_nodes)
			continue;
		if (h->mbind == VNUMA_HOSTINFO_SYSCALL_REFUSED) {
			snprintf(there, sizeof(there), "refused: %s",
				 strerror(h->mbind_errno));
			rc = vnuma__preflight_add(
				c, "host.mbind", VNUMA_PREFLIGHT_ERROR, be->id,
				-1, "mbind(2)", there,
				"memory backend '%s' has host-nodes, "
				"but this process may not call "
				"mbind(2) (%s)",
				be->id, strerror(h->mbind_errno));
			continue;
		}
		rc = backend_nodes(c, be);
	}
	/*
	 * vnuma_host_realize() never calls move_pages(2), but vnuma
	 * --realize measures where the pages landed right after it, by
	 * default, and fails with this id when the kernel refuses: the
	 * verdict is that of the command, whose promise preflight keeps.
	 */
	if (!rc && h->move_pages == VNUMA_HOSTINFO_SYSCALL_REFUSED) {
		char there[96];

		snprintf(there, sizeof(there), "refused: %s",
			 strerror(h->move_pages_errno));
		rc = vnuma__preflight_add(c, "host.move-pages",
					  VNUMA_PREFLIGHT_ERROR, NULL, -1,
					  "move_pages(2)", there,
					  "this process may not call move_pages(2) "
					  "(%s): vnuma --realize cannot tell where "
					  "the pages landed",
					  strerror(h->move_pages_errno));
	}
	return rc;
}
