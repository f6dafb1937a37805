// SPDX-License-Identifier: MIT
/*
 * <os><type>, <features>, <vcpu> and <cpu>: the machine, accelerator,
 * CPU model and -smp that libvirt 9.0 writes for them.
 */
#include <string.h>

#include "read_internal.h"

/*
 * libvirt resolves QEMU's machine aliases to the versioned type that
 * QEMU 7.2 reports for them (what domxml-to-native prints).
 */
static const char *const aliases[][2] = {
	{ "pc", "pc-i440fx-7.2" },
	{ "q35", "pc-q35-7.2" },
	{ "virt", "virt-7.2" },
};

static int read_type(struct lvr *r)
{
	const xmlNode *os = lv_child(r->dom, "os");
	const xmlNode *type = lv_child(os, "type");
	const char *arch = lv_attr(type, "arch");
	const char *machine = lv_attr(type, "machine");
	const char *dt = lv_attr(r->dom, "type");

	if (!dt || (strcmp(dt, "qemu") && strcmp(dt, "kvm")))
		return vnuma__libvirt_error(r->err, VNUMA_E_UNSUPPORTED,
					    "libvirt.domain-type", r->dom,
					    "type",
					    "vnuma reads domains of type "
					    "'qemu' or 'kvm', not '%s'",
					    dt ? dt : "");
	r->kvm = !strcmp(dt, "kvm");
	/* libvirt takes the host's architecture when none is given */
	if (arch && strcmp(arch, "x86_64") && strcmp(arch, "aarch64"))
		return vnuma__libvirt_error(r->err, VNUMA_E_UNSUPPORTED,
					    "libvirt.arch", type, "arch",
					    "vnuma models x86_64 and aarch64 "
					    "guests, not '%s'",
					    arch);
	r->arm = arch && !strcmp(arch, "aarch64");
	if (!machine && r->arm)
		return vnuma__libvirt_error(
			r->err, VNUMA_E_INVAL, "libvirt.no-machine",
			type ? type : r->dom, NULL,
			"invalid argument: could not get preferred machine "
			"for /usr/bin/qemu-system-aarch64 type=%s",
			dt);
	r->machine = machine ? machine : "pc-i440fx-7.2";
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(r->machine, aliases[i][0]))
			r->machine = aliases[i][1];
	return VNUMA_OK;
}

/*
 * <vcpus>: libvirt starts QEMU with the enabled vCPUs that are not
 * hotpluggable, then plugs the enabled hotpluggable ones over QMP; the
 * command line (and so vnuma) sees the first only.
 */
static int read_vcpus(struct lvr *r)
{
	const xmlNode *vs = lv_child(r->dom, "vcpus");
	unsigned long n = 0, plugged = 0;

	if (!vs)
		return VNUMA_OK;
	for (const xmlNode *v = lv_child(vs, "vcpu"); v;
	     v = lv_next(v, "vcpu")) {
		const char *en = lv_attr(v, "enabled");
		const char *hp = lv_attr(v, "hotpluggable");

		if (!en || strcmp(en, "yes"))
			continue;
		if (hp && !strcmp(hp, "yes"))
			plugged++;
		else
			n++;
	}
	r->current = n;
	if (plugged)
		return lv_warn(r, vs, NULL,
			       "%lu enabled hotpluggable vCPUs are plugged by "
			       "libvirt after QEMU starts: not on the command "
			       "line",
			       plugged);
	return VNUMA_OK;
}

static int read_vcpu(struct lvr *r)
{
	const char *cur, *placement;
	int rc;

	r->vcpu = lv_child(r->dom, "vcpu");
	r->vcpus = 1;
	if (r->vcpu && (rc = lv_ulong(r, &r->vcpus, lv_text(r->vcpu), 16384,
				      r->vcpu, NULL)))
		return rc;
	r->current = r->vcpus;
	cur = lv_attr(r->vcpu, "current");
	if (cur &&
	    (rc = lv_ulong(r, &r->current, cur, 16384, r->vcpu, "current")))
		return rc;
	if ((rc = read_vcpus(r)))
		return rc;
	placement = lv_attr(r->vcpu, "placement");
	if (placement && !strcmp(placement, "auto"))
		return lv_warn(r, r->vcpu, "placement",
			       "vCPU placement by numad depends on the host; "
			       "it decides nothing of the guest topology");
	return VNUMA_OK;
}

int lv_read_machine(struct lvr *r)
{
	const xmlNode *features = lv_child(r->dom, "features");
	int rc;

	if ((rc = read_type(r)) || (rc = read_vcpu(r)))
		return rc;
	r->acpi = lv_child(features, "acpi") != NULL;
	r->cpu = lv_child(r->dom, "cpu");
	r->devices = lv_child(r->dom, "devices");
	for (const xmlNode *m = lv_child(r->devices, "memory"); m;
	     m = lv_next(m, "memory")) {
		const char *model = lv_attr(m, "model");

		if (model && !strcmp(model, "nvdimm"))
			r->nvdimm = true;
	}
	return VNUMA_OK;
}

int lv_emit_machine(struct lvr *r, const char *default_ram)
{
	const xmlNode *features = lv_child(r->dom, "features");
	const xmlNode *gic = lv_child(features, "gic");
	const xmlNode *mem = lv_child(r->dom, "memory");
	const char *dump = lv_attr(mem, "dumpCore");
	const char *gv = lv_attr(gic, "version");
	int rc;

	if (gv && (!strcmp(gv, "host") || !strcmp(gv, "max")) &&
	    (rc = lv_warn(r, gic, "version",
			  "the GIC version libvirt picks for '%s' depends "
			  "on the host: passed to QEMU as is",
			  gv)))
		return rc;
	lv_fmt(r, "%s,usb=off", r->machine);
	if (r->arm)
		lv_cat(r, ",gic-version=%s", gv ? gv : "2");
	lv_cat(r, ",dump-guest-core=%s",
	       dump && !strcmp(dump, "on") ? "on" : "off");
	if (r->nosharepages)
		lv_cat(r, ",mem-merge=off");
	if (r->hmat)
		lv_cat(r, ",hmat=on");
	if (default_ram)
		lv_cat(r, ",memory-backend=%s", default_ram);
	if (r->nvdimm)
		lv_cat(r, ",nvdimm=on");
	if ((rc = lv_emit(r, "-machine")))
		return rc;
	lv_fmt(r, "%s", r->kvm ? "kvm" : "tcg");
	return lv_emit(r, "-accel");
}

int lv_emit_cpu(struct lvr *r)
{
	const char *mode = lv_attr(r->cpu, "mode");
	const xmlNode *model = lv_child(r->cpu, "model");
	int rc;

	if (!mode || !strcmp(mode, "custom")) {
		/* libvirt's default models (domxml-to-native) */
		if (model && *lv_text(model))
			lv_fmt(r, "%s", lv_text(model));
		else
			lv_fmt(r, "%s", r->arm ? "cortex-a15" : "qemu64");
	} else if (!strcmp(mode, "maximum")) {
		lv_fmt(r, "max");
	} else if (!strcmp(mode, "host-passthrough")) {
		lv_fmt(r, "%s", r->kvm ? "host" : "max");
	} else if (!strcmp(mode, "host-model")) {
		rc = lv_warn(r, r->cpu, "mode",
			     "the CPU model libvirt expands 'host-model' to "
			     "depends on the host: 'max' assumed");
		if (rc)
			return rc;
		lv_fmt(r, "max");
	} else {
		return vnuma__libvirt_error(r->err, VNUMA_E_SYNTAX,
					    "libvirt.value", r->cpu, "mode",
					    "Invalid value '%s' for 'mode'",
					    mode);
	}
	return lv_emit(r, "-cpu");
}

static int topo_attr(struct lvr *r, unsigned long *v, const xmlNode *t,
		     const char *name, unsigned long dflt)
{
	const char *s = lv_attr(t, name);

	*v = dflt;
	return s ? lv_ulong(r, v, s, 16384, t, name) : VNUMA_OK;
}

int lv_emit_smp(struct lvr *r)
{
	const xmlNode *t = lv_child(r->cpu, "topology");
	unsigned long s, d, c, th;
	int rc;

	lv_fmt(r, "%lu", r->current);
	if (r->current != r->vcpus)
		lv_cat(r, ",maxcpus=%lu", r->vcpus);
	if (!t) {
		lv_cat(r, ",sockets=%lu,cores=1,threads=1", r->vcpus);
		return lv_emit(r, "-smp");
	}
	if ((rc = topo_attr(r, &s, t, "sockets", 0)) ||
	    (rc = topo_attr(r, &d, t, "dies", 1)) ||
	    (rc = topo_attr(r, &c, t, "cores", 0)) ||
	    (rc = topo_attr(r, &th, t, "threads", 0)))
		return rc;
	if (lv_attr(t, "clusters") &&
	    (rc = lv_warn(r, t, "clusters",
			  "libvirt 9.0 does not know clusters: ignored")))
		return rc;
	lv_fmt(r, "%lu", r->current);
	if (r->current != r->vcpus)
		lv_cat(r, ",maxcpus=%lu", r->vcpus);
	lv_cat(r, ",sockets=%lu,dies=%lu,cores=%lu,threads=%lu", s, d, c, th);
	return lv_emit(r, "-smp");
}
