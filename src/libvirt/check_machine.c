// SPDX-License-Identifier: MIT
/*
 * <vcpu>, <cpu> (mode, model, <topology>), <os> and <features><acpi/>:
 * how libvirt reads them, its validation of the vCPU topology, the CPU
 * mode and ACPI, and its start-time lookup of the CPU model.
 */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

static const char *const placement_names[] = { "static", "auto", NULL };
static const char *const mode_names[] = { "custom", "host-model",
					  "host-passthrough", "maximum",
					  NULL };
static const char *const match_names[] = { "minimum", "exact", "strict",
					   NULL };

int vnuma__lvc_vcpu(struct lvc *c)
{
	const xmlNode *v = vnuma__lvc_child(c->dom, "vcpu");
	bool present;
	char *text;
	int rc, place;

	c->vcpus = 1;
	c->placement_static = true;
	if (!v)
		goto current;
	text = vnuma__lvc_text(v);
	if (!text || !vnuma__lvc_parse_uint(text, &c->vcpus)) {
		xmlFree(text);
		return vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					    "libvirt.vcpu-count", v, NULL,
					    "XML error: maximum vcpus count "
					    "must be an integer");
	}
	xmlFree(text);
	rc = vnuma__lvc_enum(c, v, "placement", placement_names, false, false,
			     &place);
	if (rc)
		return rc;
	c->placement_static = place != 1;
current:
	c->current = c->vcpus;
	rc = v ? vnuma__lvc_uint(c, v, "current", false, false, &c->current,
				 &present) :
		 VNUMA_OK;
	if (rc || !v || !present)
		return rc;
	if (c->current > c->vcpus)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.vcpu-current", v,
					    "current",
					    "unsupported configuration: "
					    "maximum vCPU count must not be "
					    "less than current vCPU count");
	return VNUMA_OK;
}

/* After parsing (the <cpu> element is read first): vCPU 0 stays online. */
int vnuma__lvc_post_vcpu(struct lvc *c)
{
	if (c->current || !c->vcpus)
		return VNUMA_OK;
	return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
				    "libvirt.vcpu-offline",
				    vnuma__lvc_child(c->dom, "vcpu"),
				    "current",
				    "unsupported configuration: vcpu 0 can't be "
				    "offline");
}

int vnuma__lvc_cpu(struct lvc *c)
{
	const xmlNode *t, *model;
	int rc, match;
	size_t i;

	c->cpu = vnuma__lvc_child(c->dom, "cpu");
	if (!c->cpu)
		return VNUMA_OK;
	c->cpu_mode = vnuma__lvc_prop(c->cpu, "mode");
	for (i = 0; c->cpu_mode && mode_names[i]; i++)
		if (!strcmp(mode_names[i], c->cpu_mode))
			break;
	if (c->cpu_mode && !mode_names[i])
		return vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					    "libvirt.cpu-mode-name", c->cpu,
					    "mode",
					    "unsupported configuration: Invalid "
					    "mode attribute '%s'",
					    c->cpu_mode);
	rc = vnuma__lvc_enum(c, c->cpu, "match", match_names, false, false,
			     &match);
	if (rc)
		return rc;
	model = vnuma__lvc_child(c->cpu, "model");
	if (model)
		c->cpu_model = vnuma__lvc_text(model);
	t = vnuma__lvc_child(c->cpu, "topology");
	if (!t)
		return VNUMA_OK;
	c->topology = true;
	c->dies = 1;
	rc = vnuma__lvc_uint(c, t, "sockets", true, true, &c->sockets, NULL);
	if (!rc)
		rc = vnuma__lvc_uint(c, t, "dies", false, true, &c->dies,
				     NULL);
	if (!rc)
		rc = vnuma__lvc_uint(c, t, "cores", true, true, &c->cores,
				     NULL);
	if (!rc)
		rc = vnuma__lvc_uint(c, t, "threads", true, true, &c->threads,
				     NULL);
	return rc;
}

int vnuma__lvc_os(struct lvc *c)
{
	const xmlNode *os = vnuma__lvc_child(c->dom, "os");
	const xmlNode *type = vnuma__lvc_child(os, "type");
	const xmlNode *f = vnuma__lvc_child(c->dom, "features");
	char *v;

	v = vnuma__lvc_prop(c->dom, "type");
	c->kvm = v && !strcmp(v, "kvm");
	xmlFree(v);
	c->arch = type ? vnuma__lvc_prop(type, "arch") : NULL;
	c->machine = type ? vnuma__lvc_prop(type, "machine") : NULL;
	c->acpi = vnuma__lvc_child(f, "acpi") != NULL;
	v = os ? vnuma__lvc_prop(os, "firmware") : NULL;
	c->efi = v && !strcmp(v, "efi");
	xmlFree(v);
	return VNUMA_OK;
}

static bool is_arch(const struct lvc *c, const char *arch)
{
	return c->arch && !strcmp(c->arch, arch);
}

/* The architecture libvirt runs on: it names it in its refusal. */
static const char *host_arch(void)
{
#if defined(__x86_64__)
	return "x86_64";
#elif defined(__aarch64__)
	return "aarch64";
#elif defined(__i386__)
	return "i686";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return "ppc64le";
#elif defined(__s390x__)
	return "s390x";
#else
	return "unknown";
#endif
}

/*
 * QEMU 7.2's max_cpus of the machine types, as libvirt reads them from
 * QEMU's capabilities: i440fx 255, q35 288, arm virt 512 (every version).
 */
static unsigned int machine_max_cpus(const struct lvc *c)
{
	const char *m = c->machine;

	if (!m)
		return 0;
	if (!strcmp(m, "q35") || !strncmp(m, "pc-q35-", 7))
		return 288;
	if (!strcmp(m, "pc") || !strncmp(m, "pc-i440fx-", 10))
		return 255;
	if (!strcmp(m, "virt") || !strncmp(m, "virt-", 5))
		return 512;
	return 0;
}

/* x86 beyond 255 vCPUs: x2APIC ids need the IOMMU's interrupt remapping */
static bool iommu_eim(const struct lvc *c)
{
	const xmlNode *devs = vnuma__lvc_child(c->dom, "devices");
	const xmlNode *drv;
	bool on = false;
	char *v;

	drv = vnuma__lvc_child(vnuma__lvc_child(devs, "iommu"), "driver");
	v = drv ? vnuma__lvc_prop(drv, "eim") : NULL;
	on = v && !strcmp(v, "on");
	xmlFree(v);
	return on;
}

#define MAX_VCPUS_WITHOUT_EIM 255

/*
 * The QEMU driver's validation of the domain, in its order: ACPI, memory
 * hotplug, the machine's vCPU limit, the topology, then the CPU mode.
 */
/*
 * virDomainDefValidate's first rule that concerns vnuma: the domain's
 * name becomes a path (the short name in a mem-path), so no '/'. A
 * newline is accepted (and escaped where the name is written).
 */
int vnuma__lvc_validate_name(struct lvc *c)
{
	const xmlNode *n = vnuma__lvc_child(c->dom, "name");
	xmlChar *name = n ? xmlNodeGetContent((xmlNode *)n) : NULL;
	int rc = VNUMA_OK;

	if (name && strchr((const char *)name, '/'))
		rc = vnuma__libvirt_error(c->err, VNUMA_E_SYNTAX,
					  "libvirt.name-slash", n, NULL,
					  "XML error: name %s cannot contain "
					  "'/'",
					  (const char *)name);
	xmlFree(name);
	return rc;
}

int vnuma__lvc_validate_machine(struct lvc *c)
{
	unsigned int max = machine_max_cpus(c);
	const xmlNode *vcpu = vnuma__lvc_child(c->dom, "vcpu");
	unsigned long long product;
	int rc;
	bool x86 = is_arch(c, "x86_64") || is_arch(c, "i686");

	if (is_arch(c, "aarch64") && c->acpi && !c->efi)
		return vnuma__libvirt_error(
			c->err, VNUMA_E_UNSUPPORTED, "libvirt.acpi-uefi",
			vnuma__lvc_child(vnuma__lvc_child(c->dom, "features"),
					 "acpi"),
			NULL,
			"unsupported configuration: ACPI requires UEFI on "
			"this architecture");
	rc = vnuma__lvc_hotplug(c);
	if (rc)
		return rc;
	if (max && c->vcpus > max)
		return vnuma__libvirt_error(c->err, VNUMA_E_RANGE,
					    "libvirt.vcpu-machine-max", vcpu,
					    NULL,
					    "unsupported configuration: Maximum "
					    "CPUs greater than specified "
					    "machine type limit %u",
					    max);
	if (c->topology) {
		product = (unsigned long long)c->sockets * c->dies * c->cores *
			  c->threads;
		if (product != c->vcpus)
			return vnuma__libvirt_error(
				c->err, VNUMA_E_CONFLICT,
				"libvirt.topology-vcpus",
				vnuma__lvc_child(c->cpu, "topology"), NULL,
				"unsupported configuration: CPU topology "
				"doesn't match maximum vcpu count");
	}
	if (x86 && c->vcpus > MAX_VCPUS_WITHOUT_EIM && !iommu_eim(c))
		return vnuma__libvirt_error(
			c->err, VNUMA_E_UNSUPPORTED, "libvirt.vcpu-eim", vcpu,
			NULL,
			"unsupported configuration: more than %d vCPUs "
			"require extended interrupt mode enabled on the iommu "
			"device",
			MAX_VCPUS_WITHOUT_EIM);
	/*
	 * TCG has no host CPU to pass through, and a host model only for
	 * a guest of the host's own architecture. For a kvm domain libvirt
	 * asks the host's KVM, which vnuma does not: it accepts.
	 */
	if (!c->kvm && c->cpu_mode &&
	    (!strcmp(c->cpu_mode, "host-passthrough") ||
	     (!strcmp(c->cpu_mode, "host-model") && !is_arch(c, host_arch()))))
		return vnuma__libvirt_error(
			c->err, VNUMA_E_UNSUPPORTED, "libvirt.cpu-mode",
			c->cpu, "mode",
			"unsupported configuration: CPU mode '%s' for %s qemu "
			"domain on %s host is not supported by hypervisor",
			c->cpu_mode, c->arch ? c->arch : "", host_arch());
	return VNUMA_OK;
}

/* libvirt 9.0's x86 CPU map (cpu_map/index.xml): its known models */
/* clang-format off */
static const char *const x86_models[] = {
	"486", "pentium", "pentium2", "pentium3", "pentiumpro", "coreduo",
	"n270", "core2duo", "qemu32", "kvm32", "cpu64-rhel5", "cpu64-rhel6",
	"qemu64", "kvm64", "Conroe", "Penryn", "Nehalem", "Nehalem-IBRS",
	"Westmere", "Westmere-IBRS", "SandyBridge", "SandyBridge-IBRS",
	"IvyBridge", "IvyBridge-IBRS", "Haswell-noTSX", "Haswell-noTSX-IBRS",
	"Haswell", "Haswell-IBRS", "Broadwell-noTSX", "Broadwell-noTSX-IBRS",
	"Broadwell", "Broadwell-IBRS", "Skylake-Client", "Skylake-Client-IBRS",
	"Skylake-Client-noTSX-IBRS", "Skylake-Server", "Skylake-Server-IBRS",
	"Skylake-Server-noTSX-IBRS", "Cascadelake-Server",
	"Cascadelake-Server-noTSX", "Icelake-Client", "Icelake-Client-noTSX",
	"Icelake-Server", "Icelake-Server-noTSX", "Cooperlake", "Snowridge",
	"athlon", "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3",
	"Opteron_G4", "Opteron_G5", "EPYC", "EPYC-IBPB", "EPYC-Rome",
	"EPYC-Milan", "Dhyana", NULL
};
/* clang-format on */

int vnuma__lvc_start_machine(struct lvc *c)
{
	bool custom = !c->cpu_mode || !strcmp(c->cpu_mode, "custom");

	if (!custom || !c->cpu_model || !*c->cpu_model ||
	    !(is_arch(c, "x86_64") || is_arch(c, "i686")))
		return VNUMA_OK;
	for (size_t i = 0; x86_models[i]; i++)
		if (!strcmp(x86_models[i], c->cpu_model))
			return VNUMA_OK;
	return vnuma__libvirt_error(c->err, VNUMA_E_UNKNOWN,
				    "libvirt.cpu-model",
				    vnuma__lvc_child(c->cpu, "model"), NULL,
				    "internal error: Unknown CPU model %s",
				    c->cpu_model);
}
