/* SPDX-License-Identifier: MIT */
/*
 * -numa hmat-lb: one latency or bandwidth between an initiator and a
 * target, and the 16-bit compression of each table. The HMAT stores a
 * table as one 64-bit base unit and 16-bit entries (entry * base = value,
 * 0xFFFF reserved), so QEMU keeps a running base per table as options
 * arrive: for latencies the largest power of ten dividing every value,
 * for bandwidths the lowest bit set in any value.
 */
#include "hmat_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define MIB (UINT64_C(1) << 20)

const char *const vnuma__hmat_hierarchy_names[] = { "memory", "first-level",
						    "second-level",
						    "third-level", NULL };
const char *const vnuma__hmat_data_type_names[] = { "access-latency",
						    "read-latency",
						    "write-latency",
						    "access-bandwidth",
						    "read-bandwidth",
						    "write-bandwidth",
						    NULL };

static const char *const lb_keys[] = { "type",	    "initiator", "target",
				       "hierarchy", "data-type", "latency",
				       "bandwidth", NULL };

struct lb_opts {
	uint64_t initiator, target, latency, bandwidth;
	int hierarchy, data_type;
	bool has_latency, has_bandwidth;
};

int vnuma__numa_need_enum(const struct vnuma__numa_ctx *c, const char *key,
			  const char *const *names, const char *type_name,
			  int *out, vnuma_error **err)
{
	const struct vnuma__opt *opt = vnuma__opts_last(c->o, key);
	struct vnuma__loc loc = c->loc;

	if (opt)
		return vnuma__get_enum(c->o, opt, VNUMA__VISIT_OPTS, names,
				       type_name, out, err);
	loc.key = key;
	return vnuma__error_set(err, VNUMA_E_MISSING, "numa.missing-parameter",
				&loc, "Parameter '%s' is missing", key);
}

int vnuma__numa_need_size(const struct vnuma__numa_ctx *c, const char *key,
			  uint64_t *out, vnuma_error **err)
{
	const struct vnuma__opt *opt = vnuma__opts_last(c->o, key);
	struct vnuma__loc loc = c->loc;

	if (opt)
		return vnuma__get_size(c->o, opt, VNUMA__VISIT_OPTS, out, err);
	loc.key = key;
	return vnuma__error_set(err, VNUMA_E_MISSING, "numa.missing-parameter",
				&loc, "Parameter '%s' is missing", key);
}

int vnuma__numa_hmat_enabled(const struct vnuma__numa_ctx *c,
			     vnuma_error **err)
{
	int rc = vnuma__numa_check_machine(c, err);

	if (rc || c->m->hmat)
		return rc;
	return vnuma__error_set(
		err, VNUMA_E_CONFLICT, "numa.hmat-disabled", &c->loc,
		"ACPI Heterogeneous Memory Attribute Table (HMAT) is "
		"disabled, enable it with -machine hmat=on before using any "
		"of hmat specific options");
}

/* QEMU's NumaHmatLBOptions, in its field order. */
static int read_lb(const struct vnuma__numa_ctx *c, struct lb_opts *lo,
		   vnuma_error **err)
{
	const struct vnuma__opt *bw;
	int rc;

	rc = vnuma__numa_need_uint(c, "initiator", 16, &lo->initiator, err);
	if (!rc)
		rc = vnuma__numa_need_uint(c, "target", 16, &lo->target, err);
	if (!rc)
		rc = vnuma__numa_need_enum(c, "hierarchy",
					   vnuma__hmat_hierarchy_names,
					   "HmatLBMemoryHierarchy",
					   &lo->hierarchy, err);
	if (!rc)
		rc = vnuma__numa_need_enum(c, "data-type",
					   vnuma__hmat_data_type_names,
					   "HmatLBDataType", &lo->data_type,
					   err);
	if (!rc)
		rc = vnuma__numa_read_uint(c, "latency", 64, &lo->has_latency,
					   &lo->latency, err);
	if (rc)
		return rc;
	bw = vnuma__opts_last(c->o, "bandwidth");
	lo->has_bandwidth = bw != NULL;
	if (bw) {
		rc = vnuma__get_size(c->o, bw, VNUMA__VISIT_OPTS,
				     &lo->bandwidth, err);
		if (rc)
			return rc;
	}
	return vnuma__check_keys(c->o, VNUMA__VISIT_OPTS, lb_keys, err);
}

/*
 * QEMU 7.2 compares the ids with '>' where '>=' is meant: an id equal to
 * the number of nodes passes its range check and then gets a message
 * about something else. vnuma gives the range message at the point where
 * QEMU gives the other one, so every verdict stays QEMU's. An id equal
 * to the count that names a node already declared (out of order) is
 * accepted, as in QEMU.
 */
static int check_ends(const struct vnuma__numa_ctx *c,
		      const struct lb_opts *lo, vnuma_error **err)
{
	const struct vnuma__numa *n = c->n;
	struct vnuma__loc loc;
	uint32_t nn = n->num_nodes;

	if (lo->initiator > nn || lo->target > nn) {
		const char *key = lo->initiator > nn ? "initiator" : "target";

		loc = vnuma__numa_key_loc(c, key);
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-lb-node-range", &loc,
					"Invalid %s=%" PRIu64
					", it should be less than %u",
					key,
					lo->initiator > nn ? lo->initiator :
							     lo->target,
					nn);
	}
	loc = vnuma__numa_key_loc(c, "initiator");
	if (lo->initiator == nn && !n->nodes[nn].present)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-lb-node-range", &loc,
					"Invalid initiator=%" PRIu64
					", it should be less than %u",
					lo->initiator, nn);
	if (!n->nodes[lo->initiator].has_cpu)
		return vnuma__error_set(err, VNUMA_E_CONFLICT,
					"numa.hmat-lb-not-initiator", &loc,
					"Invalid initiator=%" PRIu64
					", it isn't an initiator "
					"proximity domain",
					lo->initiator);
	loc = vnuma__numa_key_loc(c, "target");
	if (lo->target == nn && !n->nodes[nn].present)
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-lb-node-range", &loc,
					"Invalid target=%" PRIu64
					", it should be less than %u",
					lo->target, nn);
	if (!n->nodes[lo->target].present)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"numa.hmat-lb-target-undeclared", &loc,
					"The target=%" PRIu64
					" should point to an existing node",
					lo->target);
	return VNUMA_OK;
}

/* The option names the value its data type does not take, or none. */
static int check_value_kind(const struct vnuma__numa_ctx *c,
			    const struct lb_opts *lo, bool latency,
			    vnuma_error **err)
{
	const char *want = latency ? "latency" : "bandwidth";
	const char *other = latency ? "bandwidth" : "latency";
	struct vnuma__loc loc = vnuma__numa_key_loc(c, other);

	if (!(latency ? lo->has_latency : lo->has_bandwidth)) {
		loc = c->loc;
		loc.key = want;
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"numa.hmat-lb-missing-value", &loc,
					"Missing '%s' option", want);
	}
	if (latency ? lo->has_bandwidth : lo->has_latency)
		return vnuma__error_set(
			err, VNUMA_E_CONFLICT, "numa.hmat-lb-wrong-value",
			&loc, "Invalid option '%s' since the data type is %s",
			other, want);
	if (!latency && lo->bandwidth % MIB) {
		loc = vnuma__numa_key_loc(c, "bandwidth");
		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-lb-bandwidth-align", &loc,
					"Bandwidth %" PRIu64
					" between initiator=%" PRIu64 " and "
					"target=%" PRIu64
					" should be 1MB aligned",
					lo->bandwidth, lo->initiator,
					lo->target);
	}
	return VNUMA_OK;
}

static int check_duplicate(const struct vnuma__numa_ctx *c,
			   const struct vnuma__hmat_lb *lb,
			   const struct lb_opts *lo, bool latency,
			   vnuma_error **err)
{
	for (size_t i = 0; i < lb->len; i++) {
		if (lb->list[i].initiator == lo->initiator &&
		    lb->list[i].target == lo->target)
			return vnuma__error_set(err, VNUMA_E_DUPLICATE,
						"numa.hmat-lb-duplicate",
						&c->loc,
						"Duplicate configuration of the %s for "
						"initiator=%" PRIu64
						" and target=%" PRIu64,
						latency ? "latency" :
							  "bandwidth",
						lo->initiator, lo->target);
	}
	return VNUMA_OK;
}

/*
 * A latency's base is the largest power of ten dividing it; the table's
 * is the smallest of those. QEMU 7.2 checks the new entry against the
 * base as it was before this entry lowered it, so a small latency after
 * a large one makes the large one's entry wrap in its 16-bit field
 * (70000 then 1 gives an entry of 4464). vnuma checks every entry
 * against the new base: that rejects exactly the tables QEMU would
 * emit wrapped or with the reserved 0xFFFF, and nothing QEMU rejects
 * is accepted.
 */
static int add_latency(const struct vnuma__numa_ctx *c,
		       struct vnuma__hmat_lb *lb, const struct lb_opts *lo,
		       vnuma_error **err)
{
	uint64_t v = lo->latency, pow = 1, base, big;

	if (!lb->base)
		lb->base = UINT64_MAX;
	if (!v)
		return VNUMA_OK;
	while (v % 10 == 0) {
		v /= 10;
		pow *= 10;
	}
	base = pow < lb->base ? pow : lb->base;
	big = lo->latency > lb->max_data ? lo->latency : lb->max_data;
	if (big / base >= UINT16_MAX) {
		struct vnuma__loc loc = vnuma__numa_key_loc(c, "latency");

		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-lb-latency-range", &loc,
					"Latency %" PRIu64
					" between initiator=%" PRIu64 " and "
					"target=%" PRIu64
					" should not differ from previously "
					"entered min or max values on more than %d",
					lo->latency, lo->initiator, lo->target,
					UINT16_MAX - 1);
	}
	lb->base = base;
	lb->max_data = big;
	lb->range = big / base;
	c->n->nodes[lo->target].lb_info_provided |= 1;
	return VNUMA_OK;
}

static unsigned low_bit(uint64_t v)
{
	return (unsigned)__builtin_ctzll(v);
}

static unsigned bit_length(uint64_t v)
{
	return 64 - (unsigned)__builtin_clzll(v);
}

/*
 * A bandwidth table's base is the lowest bit set in any value; all of
 * them must then span at most 16 bits above it.
 */
static int add_bandwidth(const struct vnuma__numa_ctx *c,
			 struct vnuma__hmat_lb *lb, const struct lb_opts *lo,
			 vnuma_error **err)
{
	uint64_t bits, base;

	if (!lb->base)
		lb->base = 1;
	if (!lo->bandwidth)
		return VNUMA_OK;
	bits = lb->range | lo->bandwidth;
	base = UINT64_C(1) << low_bit(bits);
	if (bit_length(bits) - low_bit(bits) > 16 ||
	    lo->bandwidth / base >= UINT16_MAX) {
		struct vnuma__loc loc = vnuma__numa_key_loc(c, "bandwidth");

		return vnuma__error_set(err, VNUMA_E_RANGE,
					"numa.hmat-lb-bandwidth-range", &loc,
					"Bandwidth %" PRIu64
					" between initiator=%" PRIu64 " and "
					"target=%" PRIu64
					" should not differ from previously "
					"entered values on more than %d",
					lo->bandwidth, lo->initiator,
					lo->target, UINT16_MAX - 1);
	}
	lb->base = base;
	lb->range = bits;
	c->n->nodes[lo->target].lb_info_provided |= 2;
	return VNUMA_OK;
}

static int append(struct vnuma__hmat_lb *lb, const struct lb_opts *lo,
		  uint64_t data, vnuma_error **err)
{
	if (lb->len == lb->cap) {
		size_t cap = lb->cap ? 2 * lb->cap : 8;
		void *p = realloc(lb->list, cap * sizeof(*lb->list));

		if (!p)
			return vnuma__error_nomem(err);
		lb->list = p;
		lb->cap = cap;
	}
	lb->list[lb->len].initiator = (uint16_t)lo->initiator;
	lb->list[lb->len].target = (uint16_t)lo->target;
	lb->list[lb->len].data = data;
	lb->len++;
	return VNUMA_OK;
}

int vnuma__numa_hmat_lb(const struct vnuma__numa_ctx *c, vnuma_error **err)
{
	struct lb_opts lo = { 0 };
	struct vnuma__hmat_lb *lb;
	bool latency;
	int rc;

	rc = read_lb(c, &lo, err);
	if (!rc)
		rc = vnuma__numa_hmat_enabled(c, err);
	if (!rc)
		rc = check_ends(c, &lo, err);
	if (rc)
		return rc;
	lb = &c->n->hmat_lb[lo.hierarchy][lo.data_type];
	latency = VNUMA__HMAT_LB_IS_LATENCY(lo.data_type);
	rc = check_value_kind(c, &lo, latency, err);
	if (!rc)
		rc = check_duplicate(c, lb, &lo, latency, err);
	if (!rc)
		rc = latency ? add_latency(c, lb, &lo, err) :
			       add_bandwidth(c, lb, &lo, err);
	if (rc)
		return rc;
	return append(lb, &lo, latency ? lo.latency : lo.bandwidth, err);
}
