/* SPDX-License-Identifier: MIT */
/* whether this host can realize a topology, and every reason it cannot */
#ifndef VNUMA_PREFLIGHT_H
#define VNUMA_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "hostinfo.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The verdict of comparing a completed topology with a host model,
 * without mapping or allocating guest memory: every reason found, not
 * the first only. A reason of severity error is one that makes
 * vnuma_host_realize() or `vnuma --realize` fail (the latter also asks
 * the kernel where the pages landed: host.move-pages refused is an error
 * for it alone, vnuma_host_realize() never calls move_pages(2)), and its
 * check is the very id that realizing fails with for that cause; a warning is one that lets it
 * succeed but not as asked (a host node the kernel drops from the mask,
 * free memory short of what the guest will touch, huge pages that run
 * out only when the guest touches them).
 */
typedef struct vnuma_preflight vnuma_preflight;

enum vnuma_preflight_severity {
	VNUMA_PREFLIGHT_ERROR = 1,
	VNUMA_PREFLIGHT_WARNING = 2,
};

/*
 * Checks t against h (vnuma_host_probe()'s, of the running host or of a
 * recorded tree: the facts the host model does not hold, the memory
 * cgroup's usage along its ancestors and the huge page overcommit, are
 * read under the same root). The page size of a mem-path is asked of the
 * running host's file system, as realizing does. On success *out holds
 * the verdict (free it with vnuma_preflight_free()), whatever it is.
 * Errors: VNUMA_E_INVAL (a NULL argument, check "api.null"),
 * VNUMA_E_CONFLICT (a backend's own options that realizing rejects
 * before it looks at the host: prealloc=on with readonly=on, check
 * "host.readonly-prealloc", the backend named as realizing names it),
 * VNUMA_E_NOMEM.
 */
int vnuma_preflight_check(vnuma_preflight **out, const vnuma_topology *t,
			  const vnuma_hostinfo *h, vnuma_error **err);

/* Frees p; NULL is allowed. */
void vnuma_preflight_free(vnuma_preflight *p);

/* true when no reason of severity error was found (NULL: false). */
bool vnuma_preflight_fits(const vnuma_preflight *p);

/* The number of reasons, errors and warnings (NULL: 0). */
size_t vnuma_preflight_reason_count(const vnuma_preflight *p);

/*
 * One reason, in the order found: per backend in QEMU's order of
 * creation, then the host-wide ones. Strings belong to p.
 */
typedef struct vnuma_preflight_reason {
	size_t struct_size;  /* set by the caller: sizeof(the struct) */
	const char *check;   /* "host.mbind", "host.hugetlb-free", ... */
	int severity;	     /* enum vnuma_preflight_severity */
	const char *backend; /* the backend's id, or NULL (host-wide) */
	int64_t host_node;   /* the host node it concerns, or -1 */
	const char *needed;  /* what the configuration needs, as text */
	const char *there;   /* what the host has, as text */
	const char *message; /* one sentence saying both and why */
} vnuma_preflight_reason;

/* Errors: VNUMA_E_INVAL (NULL argument, size too small, i >= count). */
int vnuma_preflight_reason_get(vnuma_preflight_reason *out,
			       const vnuma_preflight *p, size_t i);

#ifdef __cplusplus
}
#endif
#endif
