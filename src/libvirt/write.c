// SPDX-License-Identifier: MIT
/*
 * A topology as a libvirt domain XML: the smallest <domain type='qemu'>
 * that libvirt 9.0 defines and turns back into QEMU options giving the
 * same topology. What libvirt has no way to say is refused, named.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlstring.h>

#include "write_internal.h"
#include "../host/backend_check.h"

#define MiB (UINT64_C(1) << 20)

int vnuma__lv_no_form(vnuma_error **err, const char *fmt, ...)
{
	struct vnuma__buf b = { 0 };
	va_list ap;
	char *msg;
	int rc;

	va_start(ap, fmt);
	vnuma__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	msg = vnuma__buf_take(&b);
	if (!msg)
		return vnuma__error_nomem(err);
	rc = vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "libvirt.no-form",
			      NULL, "%s has no libvirt domain XML form", msg);
	free(msg);
	return rc;
}

bool vnuma__lv_xml_text_ok(const char *s)
{
	/* XML 1.0 has no way to write other control characters */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f)
			return false;
	return xmlCheckUTF8((const xmlChar *)s) == 1;
}

void vnuma__lv_put_escaped(struct vnuma__buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			vnuma__buf_puts(b, "&lt;");
			break;
		case '>':
			vnuma__buf_puts(b, "&gt;");
			break;
		case '&':
			vnuma__buf_puts(b, "&amp;");
			break;
		case '\'':
			vnuma__buf_puts(b, "&apos;");
			break;
		case '"':
			vnuma__buf_puts(b, "&quot;");
			break;
		default:
			vnuma__buf_add(b, s, 1);
		}
	}
}

/*
 * The -machine properties libvirt writes from the domain's other
 * elements (smp.* and memory.* are -smp and -m); any other property,
 * set by whatever option, is one the domain cannot carry.
 */
static bool derived_prop(const char *key)
{
	static const char *const derived[] = {
		"hmat",	       "acpi",	"memory-backend",  "mem-merge",
		"nvdimm",      "accel", "dump-guest-core", "type",
		"gic-version", "smp",	"memory",
	};

	if (!strncmp(key, "smp.", 4) || !strncmp(key, "memory.", 7))
		return true;
	for (size_t k = 0; k < sizeof(derived) / sizeof(*derived); k++)
		if (!strcmp(key, derived[k]))
			return true;
	return false;
}

static int check_props(const vnuma_topology *t, const struct vnuma__view *v,
		       vnuma_error **err)
{
	size_t n = vnuma_topology_machine_prop_count(t);

	for (size_t i = 0; i < n; i++) {
		vnuma_machine_prop_info p = VNUMA_INFO_INIT(
			vnuma_machine_prop_info);

		if (vnuma_topology_machine_prop(&p, t, i))
			continue;
		if (!derived_prop(p.name))
			return vnuma__lv_no_form(err, "-machine %s=%s", p.name,
						 p.value);
	}
	/*
	 * libvirt gives arm ACPI only with UEFI firmware, whose flash
	 * drives (-machine pflash0=) stand for firmware vnuma does not
	 * model.
	 */
	if (!v->machine.x86 && v->machine.acpi)
		return vnuma__lv_no_form(err,
					 "ACPI on %s (libvirt requires UEFI "
					 "firmware for it)",
					 v->machine.arch);
	if (v->n_pxbs)
		return vnuma__lv_no_form(err, "a PCI expander bridge (%s)",
					 v->pxbs[0].id ? v->pxbs[0].id :
							 "pxb");
	return VNUMA_OK;
}

/*
 * libvirt writes -m in MiB, wants <maxMemory> with slots, and memory
 * hotplug with NUMA cells; it has no machine without a PCI bus.
 */
static int check_memory(const struct vnuma__view *v, vnuma_error **err)
{
	const struct vnuma__view_machine *m = &v->machine;
	const char *r = m->resolved ? m->resolved : "";

	if (!strncmp(r, "isapc", 5) || !strncmp(r, "microvm", 7))
		return vnuma__lv_no_form(err, "machine type %s (no PCI bus)",
					 r);
	if (m->ram_size % MiB)
		return vnuma__lv_no_form(err,
					 "RAM of %" PRIu64
					 " bytes (not whole MiB)",
					 m->ram_size);
	if (m->maxram_size < m->ram_size)
		return vnuma__lv_no_form(err,
					 "maxmem %" PRIu64
					 " below the RAM size %" PRIu64,
					 m->maxram_size, m->ram_size);
	if (m->maxram_size > m->ram_size && !m->ram_slots)
		return vnuma__lv_no_form(err, "maxmem without slots");
	if ((m->ram_slots || m->maxram_size > m->ram_size) && !v->n_nodes)
		return vnuma__lv_no_form(err, "memory hotplug (slots, "
					      "maxmem) without NUMA nodes");
	if (m->maxram_size % 1024)
		return vnuma__lv_no_form(err,
					 "maxmem of %" PRIu64
					 " bytes (not whole KiB)",
					 m->maxram_size);
	return VNUMA_OK;
}

/*
 * libvirt makes a backend for each cell and memory device, and one for
 * the RAM without cells; it counts every memory device against slots.
 */
static int check_uses(const struct vnuma__view *v, vnuma_error **err)
{
	const struct vnuma__view_machine *m = &v->machine;

	if (v->n_mdevs > m->ram_slots)
		return vnuma__lv_no_form(err,
					 "%zu memory devices in %" PRIu64
					 " slots",
					 v->n_mdevs, m->ram_slots);
	for (size_t i = 0; i < v->n_backends; i++) {
		const struct vnuma__view_backend *be = &v->backends[i];
		bool used = be->implicit ||
			    (m->memory_backend &&
			     !strcmp(be->id, m->memory_backend));

		for (uint32_t n = 0; !used && n < v->n_nodes; n++)
			used = v->nodes[n].memdev &&
			       !strcmp(v->nodes[n].memdev, be->id);
		for (size_t d = 0; !used && d < v->n_mdevs; d++)
			used = v->mdevs[d].backend == i;
		if (!used)
			return vnuma__lv_no_form(err,
						 "memory backend '%s' used by "
						 "no node or device",
						 be->id);
	}
	return VNUMA_OK;
}

uint64_t vnuma__lv_huge_page(const struct vnuma__view_backend *be)
{
	struct vnuma__loc loc = { 0 };
	uint64_t ps = 0;

	/* the topology has passed these checks: only the size is new */
	if (vnuma__host_backend_check(&ps, be, &loc, NULL))
		return 0;
	return ps;
}

static const struct vnuma__view_backend *board_backend(
	const struct vnuma__view *v)
{
	for (size_t i = 0; i < v->n_backends; i++) {
		const struct vnuma__view_backend *be = &v->backends[i];

		if (be->implicit ||
		    (v->machine.memory_backend &&
		     !strcmp(be->id, v->machine.memory_backend)))
			return be;
	}
	return NULL;
}

/* What one backend has that libvirt's <memoryBacking> cannot say. */
int vnuma__lv_check_backend(const struct vnuma__view_backend *be, bool reserve,
			    vnuma_error **err)
{
	const char *what = be->readonly ?
				   "readonly=on" :
			   be->reserve != reserve ?
				   (reserve ? "reserve=off" : "reserve=on") :
			   be->align	     ? "align" :
			   be->prealloc_cpus ? "prealloc-context" :
			   be->n_host_nodes && !be->policy ? "host-nodes" :
			   be->kind == VNUMA__BACKEND_MEMFD && !be->seal ?
							     "seal=off" :
							     NULL;

	if (what)
		return vnuma__lv_no_form(err, "memory backend '%s' %s", be->id,
					 what);
	return VNUMA_OK;
}

/*
 * The cells' backends (or the board's without cells) must agree on what
 * <memoryBacking> says once for all.
 */
static int backing_of(struct vnuma__lv_backing *bk,
		      const struct vnuma__view *v, vnuma_error **err)
{
	const struct vnuma__view_backend *first = NULL;
	uint32_t n = v->n_nodes ? v->n_nodes : 1;
	int rc;

	memset(bk, 0, sizeof(*bk));
	bk->merge = bk->dump = true;
	for (uint32_t i = 0; i < n; i++) {
		const struct vnuma__view_backend *be =
			v->n_nodes ? vnuma__lv_node_backend(v, i) :
				     board_backend(v);

		if (!be)
			continue;
		if ((rc = vnuma__lv_check_backend(be, true, err)))
			return rc;
		if (!v->n_nodes && (be->policy || be->n_host_nodes))
			return vnuma__lv_no_form(err,
						 "the host policy of the "
						 "board's memory backend '%s'",
						 be->id);
		if (!first) {
			first = be;
			bk->kind = be->kind;
			bk->prealloc = be->prealloc;
			bk->prealloc_threads = be->prealloc_threads;
			bk->merge = be->merge;
			bk->dump = be->dump;
			bk->huge_page = vnuma__lv_huge_page(be);
			continue;
		}
		if (be->kind != bk->kind || be->prealloc != bk->prealloc ||
		    be->prealloc_threads != bk->prealloc_threads ||
		    be->merge != bk->merge || be->dump != bk->dump ||
		    vnuma__lv_huge_page(be) != bk->huge_page)
			return vnuma__lv_no_form(err,
						 "memory backends '%s' and '%s' of "
						 "different kinds or settings",
						 first->id, be->id);
	}
	/* libvirt preallocates huge pages, and refuses "ondemand" */
	if (bk->huge_page && !bk->prealloc)
		return vnuma__lv_no_form(err,
					 "memory backend '%s' on huge pages "
					 "without prealloc=on",
					 first->id);
	return VNUMA_OK;
}

static void put_backing(struct vnuma__buf *b,
			const struct vnuma__lv_backing *bk)
{
	bool any = bk->huge_page || bk->kind != VNUMA__BACKEND_RAM ||
		   bk->prealloc || !bk->merge;

	if (!any)
		return;
	vnuma__buf_puts(b, "  <memoryBacking>\n");
	if (bk->huge_page)
		vnuma__buf_printf(b,
				  "    <hugepages>\n"
				  "      <page size='%" PRIu64
				  "' unit='KiB'/>\n"
				  "    </hugepages>\n",
				  bk->huge_page >> 10);
	if (!bk->merge)
		vnuma__buf_puts(b, "    <nosharepages/>\n");
	/* huge pages alone stand for a file on hugetlbfs */
	if (bk->kind == VNUMA__BACKEND_MEMFD ||
	    (bk->kind == VNUMA__BACKEND_FILE && !bk->huge_page))
		vnuma__buf_printf(b, "    <source type='%s'/>\n",
				  bk->kind == VNUMA__BACKEND_MEMFD ? "memfd" :
								     "file");
	if (bk->prealloc) {
		vnuma__buf_puts(b, "    <allocation mode='immediate'");
		if (bk->prealloc_threads > 1)
			vnuma__buf_printf(b, " threads='%" PRIu32 "'",
					  bk->prealloc_threads);
		vnuma__buf_puts(b, "/>\n");
	}
	vnuma__buf_puts(b, "  </memoryBacking>\n");
}

static void put_memory(struct vnuma__buf *b, const struct vnuma__view *v,
		       const struct vnuma__lv_backing *bk)
{
	const struct vnuma__view_machine *m = &v->machine;
	uint64_t total = m->ram_size;

	/* libvirt's <memory> counts the memory devices too */
	for (size_t i = 0; i < v->n_mdevs; i++)
		total += v->backends[v->mdevs[i].backend].size;
	if (m->ram_slots || m->maxram_size > m->ram_size)
		vnuma__buf_printf(b,
				  "  <maxMemory slots='%" PRIu64
				  "' unit='KiB'>%" PRIu64 "</maxMemory>\n",
				  m->ram_slots, m->maxram_size >> 10);
	/* without dumpCore, libvirt writes dump-guest-core=off */
	vnuma__buf_printf(b,
			  "  <memory unit='KiB' dumpCore='%s'>%" PRIu64
			  "</memory>\n",
			  bk->dump ? "on" : "off", total >> 10);
}

static void put_features(struct vnuma__buf *b, const vnuma_topology *t,
			 const struct vnuma__view *v)
{
	size_t n = vnuma_topology_machine_prop_count(t);
	const char *gic = NULL;

	for (size_t i = 0; i < n; i++) {
		vnuma_machine_prop_info p = VNUMA_INFO_INIT(
			vnuma_machine_prop_info);

		if (!vnuma_topology_machine_prop(&p, t, i) &&
		    !strcmp(p.name, "gic-version"))
			gic = p.value;
	}
	if (!v->machine.acpi && !gic)
		return;
	vnuma__buf_puts(b, "  <features>\n");
	if (v->machine.acpi)
		vnuma__buf_puts(b, "    <acpi/>\n");
	if (gic) {
		vnuma__buf_puts(b, "    <gic version='");
		vnuma__lv_put_escaped(b, gic);
		vnuma__buf_puts(b, "'/>\n");
	}
	vnuma__buf_puts(b, "  </features>\n");
}

static int write_domain(struct vnuma__buf *b, const vnuma_topology *t,
			const unsigned int *pins, size_t npins,
			vnuma_error **err)
{
	const struct vnuma__view *v = vnuma__topology_view(t);
	const struct vnuma__view_machine *m = &v->machine;
	struct vnuma__lv_backing bk;
	int rc;

	if (!m->arch)
		return vnuma__lv_no_form(err, "machine type %s",
					 m->resolved ? m->resolved : "none");
	if ((rc = check_props(t, v, err)) || (rc = backing_of(&bk, v, err)))
		return rc;
	if ((rc = check_memory(v, err)) || (rc = check_uses(v, err)))
		return rc;
	vnuma__buf_puts(b, "<domain type='qemu'>\n  <name>vnuma</name>\n");
	put_memory(b, v, &bk);
	put_backing(b, &bk);
	vnuma__buf_printf(b, "  <vcpu placement='static'");
	if (m->smp.cpus != m->smp.max_cpus)
		vnuma__buf_printf(b, " current='%" PRIu32 "'", m->smp.cpus);
	vnuma__buf_printf(b, ">%" PRIu32 "</vcpu>\n", m->smp.max_cpus);
	if (npins > m->smp.max_cpus)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.vcpu-pins",
					NULL,
					"%zu vCPU pins for %" PRIu32 " vCPUs",
					npins, m->smp.max_cpus);
	if (npins) {
		vnuma__buf_puts(b, "  <cputune>\n");
		for (size_t i = 0; i < npins; i++)
			vnuma__buf_printf(b,
					  "    <vcpupin vcpu='%zu' "
					  "cpuset='%u'/>\n",
					  i, pins[i]);
		vnuma__buf_puts(b, "  </cputune>\n");
	}
	if ((rc = vnuma__lv_write_numatune(b, v, err)))
		return rc;
	vnuma__buf_puts(b, "  <os>\n    <type arch='");
	vnuma__lv_put_escaped(b, m->arch);
	vnuma__buf_puts(b, "' machine='");
	vnuma__lv_put_escaped(b, m->type ? m->type : m->resolved);
	vnuma__buf_puts(b, "'>hvm</type>\n");
	vnuma__buf_puts(b, "  </os>\n");
	put_features(b, t, v);
	if ((rc = vnuma__lv_write_cpu(b, v, err)))
		return rc;
	if ((rc = vnuma__lv_put_devices(b, v, &bk, err)))
		return rc;
	vnuma__buf_puts(b, "</domain>\n");
	return VNUMA_OK;
}

int vnuma_libvirt_xml_write(char **out, const vnuma_topology *t,
			    unsigned int flags, vnuma_error **err)
{
	return vnuma_libvirt_xml_write_pinned(out, t, NULL, 0, flags, err);
}

int vnuma_libvirt_xml_write_pinned(char **out, const vnuma_topology *t,
				   const unsigned int *host_cpus, size_t n,
				   unsigned int flags, vnuma_error **err)
{
	struct vnuma__buf b = { 0 };
	int rc;

	if (out)
		*out = NULL;
	if (!out || !t || (n && !host_cpus))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"out, t and the pins must not be "
					"NULL");
	if (flags)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.flags", NULL,
					"unknown flags 0x%x", flags);
	rc = write_domain(&b, t, host_cpus, n, err);
	if (rc) {
		vnuma__buf_fini(&b);
		return rc;
	}
	*out = vnuma__buf_take(&b);
	if (!*out)
		return vnuma__error_nomem(err);
	return VNUMA_OK;
}
