// SPDX-License-Identifier: MIT
/*
 * The memory devices of a domain XML: DIMMs and NVDIMMs at their slot and
 * address, virtio-mem devices, each with the backend libvirt 9.0 will
 * make for it.
 */
#include <inttypes.h>
#include <string.h>

#include "write_internal.h"

#define MiB (UINT64_C(1) << 20)

/* libvirt shares file and memfd memory unless told otherwise. */
static const char *access_of(const struct vnuma__view_backend *be)
{
	if (be->share)
		return " access='shared'";
	return be->kind != VNUMA__BACKEND_RAM ? " access='private'" : "";
}

/*
 * libvirt makes a device's backend itself, with the domain's
 * <memoryBacking> and a size rounded up to 2 MiB (virtio-mem: to its
 * block): a backend that differs is one the domain cannot carry.
 */
static int check_mdev(const struct vnuma__view *v,
		      const struct vnuma__view_mdev *m,
		      const struct vnuma__lv_backing *bk, vnuma_error **err)
{
	const struct vnuma__view_backend *be = &v->backends[m->backend];
	enum vnuma__backend_kind kind = m->kind == VNUMA__MDEV_NVDIMM ?
						VNUMA__BACKEND_FILE :
						bk->kind;
	/* libvirt preallocates an NVDIMM's file */
	bool prealloc = m->kind == VNUMA__MDEV_NVDIMM || bk->prealloc;
	int rc;

	/* libvirt wants an NVDIMM's file by its absolute path */
	if (m->kind == VNUMA__MDEV_NVDIMM && be->kind == VNUMA__BACKEND_FILE &&
	    (!be->mem_path || be->mem_path[0] != '/' ||
	     !vnuma__lv_xml_text_ok(be->mem_path)))
		return vnuma__lv_no_form(err,
					 "the mem-path of NVDIMM backend '%s' "
					 "(not an absolute path in UTF-8)",
					 be->id);
	/* libvirt gives virtio-mem's backend reserve=off */
	if ((rc = vnuma__lv_check_backend(be,
					  m->kind != VNUMA__MDEV_VIRTIO_MEM,
					  err)))
		return rc;
	if (be->kind != kind || be->policy || be->prealloc != prealloc ||
	    be->merge != bk->merge || be->dump != bk->dump ||
	    vnuma__lv_huge_page(be) != bk->huge_page)
		return vnuma__lv_no_form(err,
					 "memory backend '%s' of device %s "
					 "unlike the cells' backends",
					 be->id, m->id ? m->id : m->driver);
	if (m->kind != VNUMA__MDEV_VIRTIO_MEM && be->size % (2 * MiB))
		return vnuma__lv_no_form(err,
					 "device %s of %" PRIu64
					 " bytes (not whole 2 MiB)",
					 m->id ? m->id : m->driver, be->size);
	return VNUMA_OK;
}

static int put_mdev(struct vnuma__buf *b, const struct vnuma__view *v,
		    const struct vnuma__view_mdev *m,
		    const struct vnuma__lv_backing *bk, vnuma_error **err)
{
	const struct vnuma__view_backend *be = &v->backends[m->backend];
	int rc;

	if (m->kind != VNUMA__MDEV_VIRTIO_PMEM &&
	    (rc = check_mdev(v, m, bk, err)))
		return rc;

	switch (m->kind) {
	case VNUMA__MDEV_DIMM:
		vnuma__buf_printf(b, "    <memory model='dimm'%s>\n",
				  access_of(be));
		break;
	case VNUMA__MDEV_NVDIMM:
		vnuma__buf_printf(b,
				  "    <memory model='nvdimm'%s>\n"
				  "      <source>\n        <path>",
				  access_of(be));
		vnuma__lv_put_escaped(b, be->mem_path ? be->mem_path : "");
		vnuma__buf_puts(b, "</path>\n      </source>\n");
		break;
	case VNUMA__MDEV_VIRTIO_MEM:
		vnuma__buf_printf(b, "    <memory model='virtio-mem'%s>\n",
				  access_of(be));
		break;
	default:
		return vnuma__lv_no_form(err, "memory device %s",
					 m->id ? m->id : m->driver);
	}
	vnuma__buf_printf(b,
			  "      <target>\n"
			  "        <size unit='KiB'>%" PRIu64 "</size>\n"
			  "        <node>%" PRIu32 "</node>\n",
			  be->size >> 10, m->node);
	if (m->kind == VNUMA__MDEV_NVDIMM && be->size > m->size)
		vnuma__buf_printf(b,
				  "        <label>\n"
				  "          <size unit='KiB'>%" PRIu64
				  "</size>\n"
				  "        </label>\n",
				  (be->size - m->size) >> 10);
	if (m->kind == VNUMA__MDEV_VIRTIO_MEM)
		vnuma__buf_printf(b,
				  "        <block unit='KiB'>%" PRIu64
				  "</block>\n"
				  "        <requested unit='KiB'>%" PRIu64
				  "</requested>\n",
				  m->block_size >> 10,
				  m->requested_size >> 10);
	vnuma__buf_puts(b, "      </target>\n");
	if (m->kind != VNUMA__MDEV_VIRTIO_MEM)
		vnuma__buf_printf(b,
				  "      <address type='dimm' slot='%" PRId32
				  "' base='0x%" PRIx64 "'/>\n",
				  m->slot, m->addr);
	vnuma__buf_puts(b, "    </memory>\n");
	return VNUMA_OK;
}

/* The memory devices in option order: libvirt plugs them in its order. */
int vnuma__lv_put_devices(struct vnuma__buf *b, const struct vnuma__view *v,
			  const struct vnuma__lv_backing *bk,
			  vnuma_error **err)
{
	int rc;

	vnuma__buf_puts(b, "  <devices>\n");
	for (size_t p = 0; p < v->n_mdevs; p++)
		for (size_t i = 0; i < v->n_mdevs; i++)
			if (v->mdevs[i].plug == p &&
			    (rc = put_mdev(b, v, &v->mdevs[i], bk, err)))
				return rc;
	vnuma__buf_puts(b, "  </devices>\n");
	return VNUMA_OK;
}
