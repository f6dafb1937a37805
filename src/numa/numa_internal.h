/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_NUMA_INTERNAL_H
#define VNUMA_NUMA_INTERNAL_H

#include <inttypes.h>

#include "numa.h"
#include "../parse/visit.h"

/*
 * One -numa option being read. QEMU reads -numa with its OptsVisitor, in
 * the order the QAPI schema declares the fields, and reports the first bad
 * field; then it rejects keys nobody read. The readers below keep that
 * order by being called in it.
 */
struct vnuma__numa_ctx {
	struct vnuma__numa *n;
	struct vnuma__machine *m;
	struct vnuma__backends *b;
	const struct vnuma__opts *o;
	struct vnuma__warnings *w;
	struct vnuma__loc loc; /* the whole option, for semantic errors */
};

/* Where key's value is in the option (the whole option if key is absent). */
struct vnuma__loc vnuma__numa_key_loc(const struct vnuma__numa_ctx *c,
				      const char *key);
/* Reads an optional unsigned field of the given width. */
int vnuma__numa_read_uint(const struct vnuma__numa_ctx *c, const char *key,
			  unsigned bits, bool *has, uint64_t *out,
			  vnuma_error **err);
/* Reads an optional signed field of the given width. */
int vnuma__numa_read_int(const struct vnuma__numa_ctx *c, const char *key,
			 unsigned bits, bool *has, int64_t *out,
			 vnuma_error **err);
/* Reads a mandatory unsigned field: QEMU's "Parameter 'x' is missing". */
int vnuma__numa_need_uint(const struct vnuma__numa_ctx *c, const char *key,
			  unsigned bits, uint64_t *out, vnuma_error **err);

/*
 * QEMU checks that the machine has NUMA at all only after it has read an
 * option's fields, so each type calls this at that point.
 */
int vnuma__numa_check_machine(const struct vnuma__numa_ctx *c,
			      vnuma_error **err);

int vnuma__numa_node(const struct vnuma__numa_ctx *c, vnuma_error **err);
int vnuma__numa_dist(const struct vnuma__numa_ctx *c, vnuma_error **err);
int vnuma__numa_cpu(const struct vnuma__numa_ctx *c, vnuma_error **err);

/*
 * Places the CPUs matching *match on match->node_id, and when HMAT is on
 * makes that node its own initiator (QEMU does both in one step).
 */
int vnuma__numa_assign_cpus(struct vnuma__numa *n, struct vnuma__machine *m,
			    const struct vnuma__cpu_match *match,
			    const struct vnuma__loc *loc, vnuma_error **err);

#endif
