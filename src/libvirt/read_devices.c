// SPDX-License-Identifier: MIT
/*
 * <devices>: PCI expander buses on a guest node, and the memory devices
 * (dimm, nvdimm, virtio-mem, virtio-pmem) with their backends, as libvirt
 * 9.0 writes them (JSON -object and -device).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "read_internal.h"

/* libvirt aligns a DIMM's size to 2 MiB (its hotplug alignment). */
#define DIMM_ALIGN_KIB 2048

/*
 * *lowest: the lowest bus number taken so far. libvirt 9.0 gives an
 * expander bus without busNr the two numbers just below it (254, then
 * 252, ...), whatever controllers sit behind it (learnt from
 * domxml-to-native).
 */
static int emit_pxb(struct lvr *r, const xmlNode *c, bool pcie,
		    unsigned long *lowest)
{
	const xmlNode *t = lv_child(c, "target");
	const xmlNode *node = lv_child(t, "node");
	const char *idx = lv_attr(c, "index");
	const char *busnr = lv_attr(t, "busNr");
	unsigned long i = 0, nr = 0, nn = 0;
	int rc;

	if ((rc = lv_ulong(r, &i, idx, UINT32_MAX, c, "index")) ||
	    (busnr && (rc = lv_ulong(r, &nr, busnr, 255, t, "busNr"))) ||
	    (node &&
	     (rc = lv_ulong(r, &nn, lv_text(node), UINT32_MAX, node, NULL))))
		return rc;
	if (!busnr) {
		nr = *lowest > 2 ? *lowest - 2 : 0;
		*lowest = nr;
	}
	lv_fmt(r, "{\"driver\":\"%s\",\"bus_nr\":%lu,\"id\":\"pci.%lu\"",
	       pcie ? "pxb-pcie" : "pxb", nr, i);
	if (node)
		lv_cat(r, ",\"numa_node\":%lu", nn);
	lv_cat(r, ",\"bus\":\"%s\"}", pcie ? "pcie.0" : "pci.0");
	return lv_emit(r, "-device");
}

static int expander(const xmlNode *c)
{
	const char *type = lv_attr(c, "type");
	const char *model = lv_attr(c, "model");

	if (!type || strcmp(type, "pci") || !model)
		return 0;
	return !strcmp(model, "pci-expander-bus")  ? 1 :
	       !strcmp(model, "pcie-expander-bus") ? 2 :
						     0;
}

static int emit_controllers(struct lvr *r)
{
	unsigned long lowest = 256, nr;
	int rc;

	/* the numbers given are taken before any is assigned */
	for (const xmlNode *c = lv_child(r->devices, "controller"); c;
	     c = lv_next(c, "controller")) {
		const xmlNode *t = lv_child(c, "target");
		const char *busnr = lv_attr(t, "busNr");

		if (!expander(c) || !busnr)
			continue;
		if ((rc = lv_ulong(r, &nr, busnr, 255, t, "busNr")))
			return rc;
		if (nr < lowest)
			lowest = nr;
	}
	for (const xmlNode *c = lv_child(r->devices, "controller"); c;
	     c = lv_next(c, "controller"))
		if (expander(c) &&
		    (rc = emit_pxb(r, c, expander(c) == 2, &lowest)))
			return rc;
	return VNUMA_OK;
}

static const char *const accesses[] = { "default", "shared", "private", NULL };
static const char *const onoff[] = { "", "yes", "no", NULL };

/* What a <memory> device says, read before anything is written. */
struct lv_mdev {
	const char *model; /* "dimm", "nvdimm", "virtio-mem" */
	uint64_t kib, label_kib, block_kib, requested_kib, base;
	bool has_node, has_label, has_requested, has_base, has_slot;
	unsigned long node, slot;
	struct lv_set mask;
};

static int read_size(struct lvr *r, uint64_t *kib, const xmlNode *n,
		     const char *what)
{
	return lv_kib(r, kib, n, lv_text(n), lv_attr(n, "unit"), what);
}

static int read_mdev(struct lvr *r, struct lv_mdev *d, struct lv_backend *be,
		     const xmlNode *m)
{
	const xmlNode *src = lv_child(m, "source");
	const xmlNode *t = lv_child(m, "target");
	const xmlNode *n, *addr = lv_child(m, "address");
	const char *s;
	int v, rc;

	if ((n = lv_child(t, "size")) &&
	    (rc = read_size(r, &d->kib, n, "size")))
		return rc;
	if ((n = lv_child(t, "node"))) {
		d->has_node = true;
		if ((rc = lv_ulong(r, &d->node, lv_text(n), UINT32_MAX, n,
				   NULL)))
			return rc;
		be->node = (long)d->node;
	}
	if ((n = lv_child(lv_child(t, "label"), "size"))) {
		d->has_label = true;
		if ((rc = read_size(r, &d->label_kib, n, "size")))
			return rc;
	}
	if ((n = lv_child(t, "block")) &&
	    (rc = read_size(r, &d->block_kib, n, "block")))
		return rc;
	if ((n = lv_child(t, "requested"))) {
		d->has_requested = true;
		if ((rc = read_size(r, &d->requested_kib, n, "requested")))
			return rc;
	}
	if ((n = lv_child(src, "pagesize"))) {
		be->pagesize_set = true;
		if ((rc = read_size(r, &be->pagesize, n, "pagesize")))
			return rc;
	}
	if ((n = lv_child(src, "nodemask"))) {
		if ((rc = lv_set_parse(r, &d->mask, lv_text(n), n, NULL)))
			return rc;
		be->nodemask = &d->mask;
	}
	if ((n = lv_child(src, "path")))
		be->nvdimm = lv_text(n);
	be->pmem = lv_child(src, "pmem") != NULL;
	if ((s = lv_attr(m, "access"))) {
		if ((rc = lv_enum(r, &v, s, accesses, m, "access")))
			return rc;
		be->access = (enum lv_access)v;
	}
	if ((s = lv_attr(m, "discard"))) {
		if ((rc = lv_enum(r, &v, s, onoff, m, "discard")))
			return rc;
		be->discard = (enum lv_tristate)v;
	}
	if (addr && (s = lv_attr(addr, "slot"))) {
		d->has_slot = true;
		if ((rc = lv_ulong(r, &d->slot, s, UINT32_MAX, addr, "slot")))
			return rc;
	}
	if (addr && (s = lv_attr(addr, "base"))) {
		char *end;

		errno = 0;
		d->base = strtoull(s, &end, 0);
		if (errno || *end || end == s)
			return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX,
						    "libvirt.number", addr,
						    "base",
						    "Invalid value '%s' for 'base'",
						    s);
		d->has_base = true;
	}
	return VNUMA_OK;
}

/* The lowest slot no device names and none took before. */
static unsigned long free_slot(const uint64_t *taken)
{
	unsigned long s = 0;

	while (s < LV_SET_BITS && vnuma__bit_test(taken, s))
		s++;
	return s;
}

/*
 * k counts the virtio-mem devices before m: libvirt names a DIMM or
 * NVDIMM after its slot ("dimm2"), a virtio-mem device after its rank.
 */
static int emit_mdev(struct lvr *r, const xmlNode *m, size_t *k, size_t *kp,
		     uint64_t *taken)
{
	struct lv_mdev *d = calloc(1, sizeof(*d));
	struct lv_backend be = { .node = -1 };
	char id[48], alias[40];
	const char *model = lv_attr(m, "model");
	bool dimm, nvdimm, vmem, vpmem;
	int rc;

	if (!d)
		return vnuma__error_nomem(r->err);
	model = model ? model : "";
	dimm = !strcmp(model, "dimm");
	nvdimm = !strcmp(model, "nvdimm");
	vmem = !strcmp(model, "virtio-mem");
	vpmem = !strcmp(model, "virtio-pmem");
	if (!dimm && !nvdimm && !vmem && !vpmem) {
		free(d);
		return lv_warn(r, m, "model",
			       "memory device model '%s' is not read: "
			       "ignored",
			       model);
	}
	if ((rc = read_mdev(r, d, &be, m)))
		goto out;
	if ((dimm || nvdimm) && !d->has_slot)
		d->slot = free_slot(taken);
	if ((dimm || nvdimm) && d->slot < LV_SET_BITS)
		taken[d->slot / 64] |= UINT64_C(1) << (d->slot % 64);
	if (vmem)
		snprintf(alias, sizeof(alias), "virtiomem%zu", (*k)++);
	else if (vpmem)
		snprintf(alias, sizeof(alias), "virtiopmem%zu", (*kp)++);
	else
		snprintf(alias, sizeof(alias), "%s%lu", model, d->slot);
	snprintf(id, sizeof(id), "mem%s", alias);
	if (dimm && d->kib <= UINT64_MAX / 1024 - DIMM_ALIGN_KIB)
		d->kib = (d->kib + DIMM_ALIGN_KIB - 1) / DIMM_ALIGN_KIB *
			 DIMM_ALIGN_KIB;
	/* and a virtio-mem device's to its block size */
	if (vmem && d->block_kib && d->kib <= UINT64_MAX / 1024 - d->block_kib)
		d->kib = (d->kib + d->block_kib - 1) / d->block_kib *
			 d->block_kib;
	/* what the device leaves unsaid, its node's cell says */
	if (d->has_node && d->node < r->n_cells) {
		if (!be.access)
			be.access = r->cells[d->node].access;
		if (!be.discard)
			be.discard = r->cells[d->node].discard;
	}
	be.id = id;
	be.alias = alias;
	be.bytes = d->kib * 1024;
	be.virtio_mem = vmem;
	be.virtio_pmem = vpmem;
	if (!nvdimm && !vpmem)
		be.nvdimm = NULL;
	if ((rc = lv_emit_backend(r, &be)))
		goto out;
	lv_fmt(r, "{\"driver\":\"%s\"",
	       dimm   ? "pc-dimm" :
	       nvdimm ? "nvdimm" :
	       vmem   ? "virtio-mem-pci" :
			"virtio-pmem-pci");
	if (d->has_node && !vpmem)
		lv_cat(r, ",\"node\":%lu", d->node);
	if (nvdimm && d->has_label)
		lv_cat(r, ",\"label-size\":%" PRIu64, d->label_kib * 1024);
	if (vmem) {
		lv_cat(r, ",\"block-size\":%" PRIu64, d->block_kib * 1024);
		if (d->requested_kib)
			lv_cat(r, ",\"requested-size\":%" PRIu64,
			       d->requested_kib * 1024);
	}
	lv_cat(r, ",\"memdev\":\"%s\"", id);
	if (vmem && be.prealloc_out)
		lv_cat(r, ",\"prealloc\":true");
	lv_cat(r, ",\"id\":\"%s\"", alias);
	if (dimm || nvdimm)
		lv_cat(r, ",\"slot\":%lu", d->slot);
	if ((dimm || nvdimm) && d->has_base)
		lv_cat(r, ",\"addr\":%" PRIu64, d->base);
	lv_cat(r, "}");
	rc = lv_emit(r, "-device");
out:
	free(d);
	return rc;
}

int lv_emit_devices(struct lvr *r)
{
	uint64_t *taken = calloc(LV_SET_BITS / 64, sizeof(uint64_t));
	size_t k = 0, kp = 0;
	int rc;

	if (!taken)
		return vnuma__error_nomem(r->err);
	rc = emit_controllers(r);
	/* slots named by an <address> are taken before any is assigned */
	for (const xmlNode *m = lv_child(r->devices, "memory"); m && !rc;
	     m = lv_next(m, "memory")) {
		const xmlNode *a = lv_child(m, "address");
		const char *s = lv_attr(a, "slot");
		unsigned long slot;

		if (s &&
		    (rc = lv_ulong(r, &slot, s, LV_SET_BITS - 1, a, "slot")))
			break;
		if (s)
			taken[slot / 64] |= UINT64_C(1) << (slot % 64);
	}
	for (const xmlNode *m = lv_child(r->devices, "memory"); m && !rc;
	     m = lv_next(m, "memory"))
		rc = emit_mdev(r, m, &k, &kp, taken);
	free(taken);
	return rc;
}
