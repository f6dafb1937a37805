// SPDX-License-Identifier: MIT
/*
 * <devices>: the memory devices (dimm, nvdimm, virtio-mem, ...) and the
 * PCI expander buses placed on a guest node, as libvirt reads them, its
 * memory hotplug and device validation, and its start-time refusals
 * (memory slots, the guest node of a device's backend).
 */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

static const char *const model_names[] = {
	"", "dimm", "nvdimm", "virtio-pmem", "virtio-mem", "sgx-epc", NULL
};

static int size_of(struct lvc *c, const xmlNode *parent, const char *name,
		   const char *what, bool required, uint64_t *kib)
{
	const xmlNode *e = vnuma__lvc_child(parent, name);
	char *v = e ? vnuma__lvc_text(e) : NULL;
	char *unit = e ? vnuma__lvc_prop(e, "unit") : NULL;
	int rc;

	rc = vnuma__lvc_memory_value(c, e ? e : parent, NULL, v, unit, what,
				     required, kib);
	xmlFree(v);
	xmlFree(unit);
	return rc;
}

static int target(struct lvc *c, const xmlNode *n, struct lvc_mem *m)
{
	const xmlNode *t = vnuma__lvc_child(n, "target");
	const xmlNode *node, *label;
	char *v;
	int rc;

	if (!t)
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.memdev-target", n, NULL,
					    "XML error: missing <target> "
					    "element for <memory> device");
	rc = size_of(c, t, "size", "./size", true, &m->size);
	if (rc)
		return rc;
	node = vnuma__lvc_child(t, "node");
	if (node) {
		v = vnuma__lvc_text(node);
		m->has_node = vnuma__lvc_parse_uint(v, &m->target);
		xmlFree(v);
		if (!m->has_node)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_SYNTAX,
				"libvirt.memdev-node-syntax", node, NULL,
				"XML error: invalid value of memory device "
				"node");
	}
	label = vnuma__lvc_child(t, "label");
	if (label) {
		rc = size_of(c, label, "size", "./label/size", true,
			     &m->label);
		if (rc)
			return rc;
	}
	if (m->model == LVC_NVDIMM && m->label && m->label < 128)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.nvdimm-label", label,
					    NULL,
					    "XML error: nvdimm label must be at "
					    "least 128KiB");
	if (m->model == LVC_NVDIMM && m->label && m->label >= m->size)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.nvdimm-label-size", label,
					    NULL,
					    "XML error: label size must be "
					    "smaller than NVDIMM size");
	rc = size_of(c, t, "block", "./block", false, &m->block);
	if (!rc)
		rc = size_of(c, t, "requested", "./requested", false,
			     &m->requested);
	return rc;
}

static int dimm_address(struct lvc *c, const xmlNode *n, struct lvc_mem *m)
{
	const xmlNode *a = vnuma__lvc_child(n, "address");
	char *type = a ? vnuma__lvc_prop(a, "type") : NULL;
	bool dimm = type && !strcmp(type, "dimm");

	xmlFree(type);
	if (!dimm)
		return VNUMA_OK;
	return vnuma__lvc_uint(c, a, "slot", true, false, &m->slot,
			       &m->has_slot);
}

static int nodemask(struct lvc *c, const xmlNode *src, struct lvc_mem *m)
{
	const xmlNode *e = vnuma__lvc_child(src, "nodemask");
	char *v = e ? vnuma__lvc_text(e) : NULL;
	int rc = VNUMA_OK;

	if (v)
		rc = vnuma__lvc_bitmap(c, e, NULL, v, &m->nodemask);
	xmlFree(v);
	return rc;
}

static int one_mem(struct lvc *c, const xmlNode *n)
{
	struct lvc_mem m = { .node = n };
	struct lvc_mem *grown;
	const xmlNode *src;
	int rc, model;

	rc = vnuma__lvc_enum(c, n, "model", model_names, true, true, &model);
	if (rc)
		return rc;
	m.model = model - 1;
	src = vnuma__lvc_child(n, "source");
	if (src && (m.model == LVC_DIMM || m.model == LVC_VIRTIO_MEM)) {
		rc = size_of(c, src, "pagesize", "./pagesize", false,
			     &m.pagesize);
		if (!rc)
			rc = nodemask(c, src, &m);
		if (rc)
			return rc;
	}
	if (!rc)
		rc = target(c, n, &m);
	if (!rc)
		rc = dimm_address(c, n, &m);
	if (rc) {
		free(m.nodemask);
		return rc;
	}
	grown = realloc(c->mems, (c->nmems + 1) * sizeof(*c->mems));
	if (!grown) {
		free(m.nodemask);
		return vnuma__error_nomem(c->err);
	}
	c->mems = grown;
	c->mems[c->nmems++] = m;
	return VNUMA_OK;
}

/* a controller's <target><node>, read as the controller is */
static int controller_node(struct lvc *c, const xmlNode *n)
{
	const xmlNode *node = vnuma__lvc_child(vnuma__lvc_child(n, "target"),
					       "node");
	char *v = node ? vnuma__lvc_text(node) : NULL;
	unsigned int id;
	int rc = VNUMA_OK;

	if (v && !vnuma__lvc_parse_uint(v, &id))
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.controller-node", node,
					  NULL,
					  "XML error: invalid NUMA node in "
					  "target");
	xmlFree(v);
	return rc;
}

/*
 * The devices in libvirt's order of kinds: the controllers before the
 * memory devices.
 */
int vnuma__lvc_devices(struct lvc *c)
{
	const xmlNode *devs = vnuma__lvc_child(c->dom, "devices");
	int rc;

	for (const xmlNode *n = devs ? devs->children : NULL; n; n = n->next) {
		if (!vnuma__lvc_is(n, "controller"))
			continue;
		rc = controller_node(c, n);
		if (rc)
			return rc;
	}
	for (const xmlNode *n = devs ? devs->children : NULL; n; n = n->next) {
		if (!vnuma__lvc_is(n, "memory"))
			continue;
		rc = one_mem(c, n);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

/*
 * Memory hotplug as the QEMU driver validates it. The device count is
 * held against the slots here only when a virtio memory device is among
 * them (libvirt 9.0 does so); DIMMs alone meet the slots at start.
 */
int vnuma__lvc_hotplug(struct lvc *c)
{
	bool virtio = false;

	if (!c->max_mem) {
		if (!c->nmems)
			return VNUMA_OK;
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.hotplug-maxmem",
					    c->mems[0].node, NULL,
					    "unsupported configuration: cannot "
					    "use/hotplug a memory device when "
					    "domain 'maxMemory' is not "
					    "defined");
	}
	if (!c->ncells)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_MISSING, "libvirt.hotplug-nonuma",
			vnuma__lvc_child(c->dom, "maxMemory"), NULL,
			"unsupported configuration: At least one numa node "
			"has to be configured when enabling memory hotplug");
	for (size_t i = 0; i < c->nmems; i++) {
		const struct lvc_mem *m = &c->mems[i];

		virtio |= m->model == LVC_VIRTIO_MEM ||
			  m->model == LVC_VIRTIO_PMEM;
		if (!m->has_slot ||
		    (m->model != LVC_DIMM && m->model != LVC_NVDIMM))
			continue;
		if (m->slot >= c->slots)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_RANGE, "libvirt.dimm-slot",
				vnuma__lvc_child(m->node, "address"), "slot",
				"unsupported configuration: memory device "
				"slot '%u' exceeds slots count '%u'",
				m->slot, c->slots);
		for (size_t j = 0; j < i; j++)
			if (c->mems[j].has_slot && c->mems[j].slot == m->slot)
				return vnuma__libvirt_error(
					c->err, VNUMA_E_DUPLICATE,
					"libvirt.dimm-slot-used",
					vnuma__lvc_child(m->node, "address"),
					"slot",
					"unsupported configuration: memory "
					"device slot '%u' is already being "
					"used by another memory device",
					m->slot);
	}
	if (virtio && c->nmems > c->slots)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_RANGE, "libvirt.hotplug-slots",
			vnuma__lvc_child(c->dom, "maxMemory"), "slots",
			"unsupported configuration: memory device count '%zu' "
			"exceeds slots count '%u'",
			c->nmems, c->slots);
	return VNUMA_OK;
}

static bool power_of_two(uint64_t v)
{
	return v && !(v & (v - 1));
}

static int one_device(struct lvc *c, const struct lvc_mem *m)
{
	if ((m->model == LVC_NVDIMM || m->model == LVC_VIRTIO_PMEM) &&
	    !vnuma__lvc_child(vnuma__lvc_child(m->node, "source"), "path"))
		return vnuma__libvirt_error(c->err, VNUMA_E_MISSING,
					    "libvirt.memdev-path", m->node,
					    NULL,
					    "path is required for model '%s'",
					    model_names[m->model + 1]);
	if (m->model == LVC_VIRTIO_MEM && !power_of_two(m->block))
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.virtio-mem-block",
					    m->node, NULL,
					    "block size must be a power of "
					    "two");
	if (m->model == LVC_VIRTIO_MEM && m->requested > m->size)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.virtio-mem-requested",
					    m->node, NULL,
					    "requested size must be smaller "
					    "than or equal to @size (%lluKiB)",
					    (unsigned long long)m->size);
	if (m->model == LVC_VIRTIO_MEM && m->requested % m->block)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.virtio-mem-multiple",
					    m->node, NULL,
					    "requested size must be an integer "
					    "multiple of block size");
	return VNUMA_OK;
}

static int expander(struct lvc *c, const xmlNode *n)
{
	const xmlNode *node = vnuma__lvc_child(vnuma__lvc_child(n, "target"),
					       "node");
	char *model, *v;
	unsigned int id, index = 0;
	int rc = VNUMA_OK;

	if (!node)
		return VNUMA_OK;
	model = vnuma__lvc_prop(n, "model");
	v = vnuma__lvc_text(node);
	if (model &&
	    (!strcmp(model, "pci-expander-bus") ||
	     !strcmp(model, "pcie-expander-bus")) &&
	    vnuma__lvc_parse_uint(v, &id) && id >= c->ncells) {
		xmlFree(v);
		v = vnuma__lvc_prop(n, "index");
		if (v)
			vnuma__lvc_parse_uint(v, &index);
		rc = vnuma__libvirt_error(
			c->err, VNUMA_E_RANGE, "libvirt.expander-node", node,
			NULL,
			"XML error: %s with index %u is configured for a NUMA "
			"node (%u) not present in the domain's <cpu><numa> "
			"array (%zu)",
			model, index, id, c->ncells);
	}
	xmlFree(v);
	xmlFree(model);
	return rc;
}

/* the controllers' post-parse, before the domain's memory totals */
int vnuma__lvc_post_devices(struct lvc *c)
{
	const xmlNode *devs = vnuma__lvc_child(c->dom, "devices");
	int rc;

	for (const xmlNode *n = devs ? devs->children : NULL; n; n = n->next) {
		if (!vnuma__lvc_is(n, "controller"))
			continue;
		rc = expander(c, n);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

int vnuma__lvc_validate_devices(struct lvc *c)
{
	int rc;

	for (size_t i = 0; i < c->nmems; i++) {
		rc = one_device(c, &c->mems[i]);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}

/*
 * When libvirt prepares the start: slots for the DIMMs and NVDIMMs, then
 * every device's guest node (all of them given, then all of them cells),
 * before the CPU model and the command line.
 */
int vnuma__lvc_start_devices(struct lvc *c)
{
	size_t need = 0;

	for (size_t i = 0; i < c->nmems; i++)
		need += c->mems[i].model == LVC_DIMM ||
			c->mems[i].model == LVC_NVDIMM;
	if (need > c->slots)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.memory-slot",
					    vnuma__lvc_child(c->dom,
							     "maxMemory"),
					    "slots",
					    "internal error: failed to find an "
					    "empty memory slot");
	for (size_t i = 0; i < c->nmems; i++) {
		const struct lvc_mem *m = &c->mems[i];

		/* virtio-pmem has no node (QEMU gives it none either) */
		if (c->ncells && !m->has_node && m->model != LVC_SGX &&
		    m->model != LVC_VIRTIO_PMEM)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_MISSING,
				"libvirt.memdev-no-node", m->node, NULL,
				"unsupported configuration: target NUMA node "
				"needs to be specified for memory device");
	}
	for (size_t i = 0; i < c->nmems; i++) {
		const struct lvc_mem *m = &c->mems[i];

		if (m->has_node && m->target >= c->ncells)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_RANGE, "libvirt.memdev-node",
				m->node, NULL,
				"can't add memory backend for guest node '%u' "
				"as the guest has only '%zu' NUMA nodes "
				"configured",
				m->target, c->ncells);
	}
	return VNUMA_OK;
}

/*
 * The devices' own backends, on the command line after the cells: their
 * page size's hugetlbfs, then their host nodes.
 */
int vnuma__lvc_start_memdevs(struct lvc *c)
{
	int rc;

	for (size_t i = 0; i < c->nmems; i++) {
		const struct lvc_mem *m = &c->mems[i];

		rc = vnuma__lvc_hugetlbfs(c, m->node, m->pagesize);
		if (!rc)
			rc = vnuma__lvc_host_nodes(c, m->node, m->nodemask);
		if (rc)
			return rc;
	}
	return VNUMA_OK;
}
