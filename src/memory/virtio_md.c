/* SPDX-License-Identifier: MIT */
/*
 * -device virtio-mem-pci and virtio-pmem-pci as QEMU 7.2 plugs them: the
 * properties in the QDict's order, then the machine's pre-plug of a
 * memory device (memdev set, device memory region and its room, address
 * aligned to the backend and, for virtio-mem, to the block size), then
 * the device's realize: memdev not busy, and for virtio-mem its node and
 * block size. Neither takes a DIMM slot nor needs ACPI.
 */
#include "mdev.h"

#include <inttypes.h>
#include <string.h>

#include "../parse/visit.h"

#define KIB 1024ull
#define MIB (1024 * KIB)

/* The smallest block virtio-mem tracks. */
#define VMEM_MIN_BLOCK MIB
/*
 * The host's transparent huge page size, which virtio-mem takes as its
 * default block over base pages: 2 MiB on x86-64 and 4K-page arm64 hosts.
 */
#define HOST_THP (2 * MIB)
#define HOST_PAGE (4 * KIB)

static bool is_mem(const struct vnuma__plug *p)
{
	return p->d.kind == VNUMA__MDEV_VIRTIO_MEM;
}

/*
 * The page size of the backend's RAM block: its huge pages as the host
 * gives them (a hugetlb memfd, a mem-path on hugetlbfs), else the base
 * page.
 */
static uint64_t ram_page_size(const struct vnuma__backend *be)
{
	if (be->page_size)
		return be->page_size;
	if (be->kind == VNUMA__BACKEND_MEMFD && be->hugetlb)
		return be->hugetlbsize ? be->hugetlbsize : 2 * MIB;
	return HOST_PAGE;
}

/* virtio-mem's default block: THP over base pages, else the page. */
static uint64_t default_block(const struct vnuma__backend *be)
{
	uint64_t page = ram_page_size(be);

	if (page == HOST_PAGE)
		return page > HOST_THP ? page : HOST_THP;
	return page > VMEM_MIN_BLOCK ? page : VMEM_MIN_BLOCK;
}

static int set_block_size(struct vnuma__plug *p, const struct vnuma__opt *opt,
			  vnuma_error **err)
{
	uint64_t v;
	int rc = vnuma__get_size(p->o, opt,
				 vnuma__visitor_for(p->o, VNUMA__VISIT_KEYVAL),
				 &v, err);

	if (rc)
		return rc;
	if (v < VMEM_MIN_BLOCK)
		return vnuma__plug_error(p, opt, opt->key, VNUMA_E_RANGE,
					 "virtio-mem.block-size-min", err,
					 "'%s' property has to be at least "
					 "0x%llx",
					 opt->key, VMEM_MIN_BLOCK);
	if (v & (v - 1))
		return vnuma__plug_error(p, opt, opt->key, VNUMA_E_RANGE,
					 "virtio-mem.block-size-pow2", err,
					 "'%s' property has to be a power of "
					 "two",
					 opt->key);
	p->d.block_size = v;
	return VNUMA_OK;
}

/* The virtio-pci transport's own properties vnuma reads past. */
static bool transport_prop(const char *key, bool *on_off_auto)
{
	static const char *const bools[] = { "disable-modern",
					     "any_layout",
					     "indirect_desc",
					     "event_idx",
					     "iommu_platform",
					     "packed",
					     "use-started",
					     "notify_on_empty",
					     "use-disabled-flag",
					     "x-disable-legacy-check",
					     NULL };

	*on_off_auto = !strcmp(key, "disable-legacy");
	for (size_t i = 0; bools[i] && !*on_off_auto; i++)
		if (!strcmp(bools[i], key))
			return true;
	return *on_off_auto;
}

static int set_prop(struct vnuma__plug *p, struct vnuma__backends *b,
		    const struct vnuma__opt *opt, vnuma_error **err)
{
	static const char *const on_off_auto[] = { "auto", "on", "off", NULL };
	/* QEMU sets a JSON -device's values with its QObject visitor */
	const enum vnuma__visitor v = vnuma__visitor_for(p->o,
							 VNUMA__VISIT_KEYVAL);
	const char *k = opt->key;
	bool ooa, flag;
	uint64_t u;
	int e, rc;

	if (!strcmp(k, "memdev"))
		return vnuma__plug_set_memdev(p, b, opt, err);
	if (!strcmp(k, "memaddr")) {
		p->d.has_addr = true;
		return vnuma__get_uint(p->o, opt, v, 64, &p->d.addr, err);
	}
	if (is_mem(p) && !strcmp(k, "node")) {
		rc = vnuma__get_uint(p->o, opt, v, 32, &u, err);
		p->d.node = (uint32_t)u;
		p->d.has_node = true;
		p->node_opt = opt;
		return rc;
	}
	if (is_mem(p) && !strcmp(k, "requested-size"))
		return vnuma__get_size(p->o, opt, v, &p->d.requested_size,
				       err);
	if (is_mem(p) && !strcmp(k, "block-size"))
		return set_block_size(p, opt, err);
	if (is_mem(p) && !strcmp(k, "prealloc"))
		return vnuma__get_bool(p->o, opt, v, &p->d.prealloc, err);
	/* Legacy guests exist on x86 only, so only there is it a property. */
	if (is_mem(p) && p->x86 && !strcmp(k, "unplugged-inaccessible"))
		return vnuma__get_enum(p->o, opt, v, on_off_auto, "OnOffAuto",
				       &e, err);
	if (is_mem(p) && !strcmp(k, "size"))
		return vnuma__plug_error(p, opt, k, VNUMA_E_UNSUPPORTED,
					 "dimm.property-readonly", err,
					 "Property 'virtio-mem.%s' is not "
					 "writable",
					 k);
	if (!strcmp(k, "virtio-backend"))
		return vnuma__plug_error(p, opt, k, VNUMA_E_UNSUPPORTED,
					 "dimm.property-readonly", err,
					 "Property '%s.%s' is not writable",
					 p->driver, k);
	if (transport_prop(k, &ooa))
		return ooa ? vnuma__get_enum(p->o, opt, v, on_off_auto,
					     "OnOffAuto", &e, err) :
			     vnuma__get_bool(p->o, opt, v, &flag, err);
	if (vnuma__plug_pci_prop(k))
		return VNUMA_OK;
	return vnuma__plug_error(p, opt, k, VNUMA_E_UNKNOWN,
				 "dimm.property-unknown", err,
				 "Property '%s.%s' not found", p->driver, k);
}

static int pre_plug(struct vnuma__plug *p, struct vnuma__backends *b,
		    const struct vnuma__machine *m, vnuma_error **err)
{
	const struct vnuma__backend *be;
	int rc;

	if (!p->memdev)
		return vnuma__plug_error(p, p->memdev_opt, "memdev",
					 VNUMA_E_MISSING,
					 "dimm.memdev-missing", err,
					 "'memdev' property must be set");
	be = vnuma__plug_backend(p, b);
	p->d.size = be->size;
	/* The block size the alignment takes: its default until realize. */
	if (is_mem(p) && !p->d.block_size)
		p->d.block_size = default_block(be);
	rc = vnuma__plug_room(p, b, m, err);
	if (!rc)
		rc = vnuma__dimm_addr(&p->d, be, b, m, p->o, err);
	return rc;
}

static int realize(struct vnuma__plug *p, struct vnuma__backends *b,
		   const struct vnuma__machine *m, uint32_t num_nodes,
		   vnuma_error **err)
{
	const struct vnuma__backend *be = vnuma__plug_backend(p, b);
	const struct vnuma__opt *bs_opt = vnuma__opts_last(p->o, "block-size");
	const struct vnuma__opt *rq_opt = vnuma__opts_last(p->o,
							   "requested-size");
	uint64_t page = ram_page_size(be), bs = p->d.block_size;

	(void)m;
	if (be->used)
		return vnuma__plug_error(
			p, p->memdev_opt, "memdev", VNUMA_E_CONFLICT,
			"dimm.memdev-busy", err,
			is_mem(p) ? "'memdev' property specifies a busy "
				    "memdev: %s" :
				    "can't use already busy memdev: %s",
			be->id);
	if (!is_mem(p))
		return VNUMA_OK;
	/* Blocks are discarded when unplugged: ROM cannot be. */
	if (be->kind == VNUMA__BACKEND_FILE && be->readonly)
		return vnuma__plug_error(p, p->memdev_opt, "memdev",
					 VNUMA_E_UNSUPPORTED,
					 "virtio-mem.memdev-unsupported", err,
					 "'memdev' property specifies an "
					 "unsupported memdev");
	/* QEMU's message lacks the space between "exceeds" and "the". */
	if (num_nodes ? p->d.node >= num_nodes : p->d.node != 0)
		return vnuma__plug_error(p, p->node_opt, "node", VNUMA_E_RANGE,
					 "virtio-mem.node-range", err,
					 "'node' property has value '%" PRIu32
					 "', which exceedsthe number of numa "
					 "nodes: %" PRIu32,
					 p->d.node, num_nodes ? num_nodes : 1);
	if (bs < page)
		return vnuma__plug_error(p, bs_opt, "block-size",
					 VNUMA_E_RANGE,
					 "virtio-mem.block-size-page", err,
					 "'block-size' property has to be at "
					 "least the page size (0x%" PRIx64 ")",
					 page);
	if (bs < default_block(be)) {
		struct vnuma__loc loc = vnuma__opts_loc(p->o, NULL);

		if (vnuma__warn(p->w, "virtio-mem.block-size-small", &loc,
				"'block-size' property is smaller than the "
				"default block size (%" PRIu64 " MiB)",
				(uint64_t)(default_block(be) / MIB)))
			return vnuma__error_nomem(err);
	}
	if (p->d.requested_size % bs)
		return vnuma__plug_error(p, rq_opt, "requested-size",
					 VNUMA_E_RANGE,
					 "virtio-mem.requested-size-align",
					 err,
					 "'requested-size' property has to be "
					 "multiples of 'block-size' (0x%" PRIx64
					 ")",
					 bs);
	return VNUMA_OK;
}

int vnuma__virtio_md_plug(struct vnuma__plug *p, struct vnuma__backends *b,
			  const struct vnuma__machine *m, uint32_t num_nodes,
			  vnuma_error **err)
{
	int rc;

	p->d.kind = strcmp(p->driver, "virtio-mem-pci") ?
			    VNUMA__MDEV_VIRTIO_PMEM :
			    VNUMA__MDEV_VIRTIO_MEM;
	p->d.slot = -1;
	p->x86 = m->profile->arch == VNUMA__ARCH_X86;
	rc = vnuma__plug_set_props(p, b, set_prop, err);
	if (!rc)
		rc = pre_plug(p, b, m, err);
	if (!rc)
		rc = vnuma__pci_register(p->o, b, err);
	if (!rc)
		rc = realize(p, b, m, num_nodes, err);
	return rc ? rc : vnuma__plug_commit(p, b, err);
}
