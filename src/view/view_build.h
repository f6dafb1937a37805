/* SPDX-License-Identifier: MIT */
/*
 * Building the view (view.h): for the topology, which builds it once
 * after completion, and for the memory stage, which describes a backend
 * the way the view does for the host's early checks.
 */
#ifndef VNUMA_VIEW_BUILD_H
#define VNUMA_VIEW_BUILD_H

#include "view.h"

struct vnuma__backend;
struct vnuma__backends;
struct vnuma__machine;
struct vnuma__numa;

/*
 * Describes be (its strings and arrays point into be); with bk, its
 * prealloc-context's CPUs too.
 */
void vnuma__view_describe_backend(struct vnuma__view_backend *out,
				  const struct vnuma__backend *be,
				  const struct vnuma__backends *bk);

/* What the view is made of: the topology's finished stages. */
struct vnuma__view_src {
	const struct vnuma__machine *m;
	const struct vnuma__numa *numa;
	const struct vnuma__backends *bk;
	const struct vnuma_layout *layout;
};

/* Errors: VNUMA_E_NOMEM. On failure *out is NULL. */
int vnuma__view_new(struct vnuma__view **out,
		    const struct vnuma__view_src *src);
void vnuma__view_free(struct vnuma__view *v);

/*
 * view_memory.c: the backends (and the implicit one), query-memdev's
 * list, the memory devices, the pxbs and the board's RAM spans.
 * Errors: VNUMA_E_NOMEM.
 */
int vnuma__view_memory(struct vnuma__view *v,
		       const struct vnuma__view_src *src);
void vnuma__view_memory_fini(struct vnuma__view *v);

/* view_hmat.c: the HMAT's tables and caches. Errors: VNUMA_E_NOMEM. */
int vnuma__view_hmat(struct vnuma__view *v, const struct vnuma__numa *n);
void vnuma__view_hmat_fini(struct vnuma__view *v);

#endif
