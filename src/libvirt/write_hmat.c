// SPDX-License-Identifier: MIT
/*
 * The HMAT as libvirt 9.0's <interconnects>: one <latency> or
 * <bandwidth> per non-zero entry of QEMU's tables, checked against the
 * rules by which libvirt reads them back.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "write_internal.h"

#define no_form vnuma__lv_no_form

struct link {
	bool latency;
	unsigned type; /* 0 access, 1 read, 2 write */
	unsigned cache;
	uint32_t ini, tgt;
	uint64_t value; /* ns or KiB/s */
};

static const char *const lb_types[] = { "access", "read", "write" };

/* libvirt holds latencies in ns and bandwidths in KiB/s, integers. */
static int link_of(struct link *k, const struct vnuma__view_hmat_lb *l,
		   uint32_t ini, uint32_t tgt, uint16_t e, vnuma_error **err)
{
	uint64_t val = (uint64_t)e * l->base;

	k->latency = l->data_type < 3;
	k->type = l->data_type % 3;
	k->cache = l->hierarchy;
	k->ini = ini;
	k->tgt = tgt;
	if (k->latency && val % 1000)
		return no_form(err, "an HMAT latency of %" PRIu64 " ps", val);
	/* base is in MB/s, which QEMU counts in MiB/s */
	k->value = k->latency ? val / 1000 : val * 1024;
	return VNUMA_OK;
}

/*
 * The entries in the tables' order, each target's entry from its own
 * initiator first: libvirt takes the first of equal candidates.
 */
static int collect(struct link *out, size_t *n, const struct vnuma__view *v,
		   vnuma_error **err)
{
	int rc;

	*n = 0;
	for (size_t k = 0; k < v->n_hmat_lb; k++) {
		const struct vnuma__view_hmat_lb *l = &v->hmat_lb[k];

		for (size_t j = 0; j < l->n_targets; j++) {
			uint32_t t = l->targets[j];
			int64_t own = v->nodes[t].initiator;

			for (int pass = 0; pass < 2; pass++)
				for (size_t i = 0; i < l->n_initiators; i++) {
					uint16_t e =
						l->entries[i * l->n_targets +
							   j];
					bool mine = l->initiators[i] == own;

					if (!e || mine != !pass)
						continue;
					rc = link_of(&out[(*n)++], l,
						     l->initiators[i], t, e,
						     err);
					if (rc)
						return rc;
				}
		}
	}
	return VNUMA_OK;
}

static bool has_cache(const struct vnuma__view *v, uint32_t node,
		      unsigned level)
{
	for (size_t i = 0; i < v->n_hmat_caches; i++)
		if (v->hmat_caches[i].node == node &&
		    v->hmat_caches[i].level == level)
			return true;
	return false;
}

/*
 * libvirt's initiator of a node without CPUs: the initiator of its
 * lowest latency, else of its highest bandwidth (the first of equals).
 */
static int64_t derived_initiator(const struct link *ks, size_t n,
				 uint32_t node)
{
	uint64_t lat = UINT64_MAX, bw = 0;
	int64_t by_lat = -1, by_bw = -1;

	for (size_t i = 0; i < n; i++) {
		if (ks[i].tgt != node)
			continue;
		if (ks[i].latency && ks[i].value < lat) {
			lat = ks[i].value;
			by_lat = ks[i].ini;
		} else if (!ks[i].latency && ks[i].value > bw) {
			bw = ks[i].value;
			by_bw = ks[i].ini;
		}
	}
	return by_lat >= 0 ? by_lat : by_bw;
}

static int check(const struct link *ks, size_t n, const struct vnuma__view *v,
		 vnuma_error **err)
{
	for (size_t i = 0; i < n; i++) {
		if (ks[i].cache && !has_cache(v, ks[i].tgt, ks[i].cache))
			return no_form(err,
				       "an HMAT level %u entry for node %" PRIu32
				       " without that cache level",
				       ks[i].cache, ks[i].tgt);
		/* libvirt takes a link for both ways */
		for (size_t j = 0; j < i; j++)
			if (ks[i].ini != ks[i].tgt && ks[i].ini == ks[j].tgt &&
			    ks[i].tgt == ks[j].ini)
				return no_form(err,
					       "HMAT entries both from node "
					       "%" PRIu32 " to %" PRIu32
					       " and back",
					       ks[j].ini, ks[j].tgt);
	}
	for (uint32_t t = 0; t < v->n_nodes; t++)
		if (!v->nodes[t].n_cpus &&
		    derived_initiator(ks, n, t) != v->nodes[t].initiator)
			return no_form(err,
				       "node %" PRIu32 "'s initiator (libvirt "
				       "takes the node of the best latency "
				       "or bandwidth to it)",
				       t);
	return VNUMA_OK;
}

int vnuma__lv_put_interconnects(struct vnuma__buf *b,
				const struct vnuma__view *v, vnuma_error **err)
{
	struct link *ks;
	size_t n = 0, cap = 0;
	int rc;

	for (size_t k = 0; k < v->n_hmat_lb; k++)
		cap += v->hmat_lb[k].n_initiators * v->hmat_lb[k].n_targets;
	if (!cap)
		return VNUMA_OK;
	ks = calloc(cap, sizeof(*ks));
	if (!ks)
		return vnuma__error_nomem(err);
	rc = collect(ks, &n, v, err);
	if (!rc)
		rc = check(ks, n, v, err);
	if (rc) {
		free(ks);
		return rc;
	}
	vnuma__buf_puts(b, "    <interconnects>\n");
	for (size_t i = 0; i < n; i++) {
		vnuma__buf_printf(b,
				  "      <%s initiator='%" PRIu32
				  "' target='%" PRIu32 "'",
				  ks[i].latency ? "latency" : "bandwidth",
				  ks[i].ini, ks[i].tgt);
		if (ks[i].cache)
			vnuma__buf_printf(b, " cache='%u'", ks[i].cache);
		vnuma__buf_printf(b, " type='%s' value='%" PRIu64 "'%s/>\n",
				  lb_types[ks[i].type], ks[i].value,
				  ks[i].latency ? "" : " unit='KiB'");
	}
	vnuma__buf_puts(b, "    </interconnects>\n");
	free(ks);
	return VNUMA_OK;
}
