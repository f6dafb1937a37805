/* SPDX-License-Identifier: MIT */
/*
 * Every option of QEMU 7.2's command line (qemu-options.hx as built into
 * Debian's qemu-system-x86_64 and qemu-system-aarch64, whose tables are
 * identical) and whether it takes the next word as its argument. vnuma
 * needs all of them, not only the ones it understands, to walk a command
 * line as QEMU does: an option's argument is never mistaken for an option.
 * The options vnuma reads also say here how: their kind of entry, and the
 * syntax of their argument (grammar, implied key, the list's own rules).
 *
 * Checked against the binaries: each name was tried as "-NAME -x -y" (an
 * option taking an argument swallows "-x", so QEMU names "-y" as invalid),
 * and the targets come from each binary's -help and option table.
 */
#include "config_internal.h"

#include <stdlib.h>
#include <string.h>

#define X86 VNUMA__QARCH_X86
#define AARCH64 VNUMA__QARCH_AARCH64
#define BOTH (VNUMA__QARCH_X86 | VNUMA__QARCH_AARCH64)
/* An option vnuma does not read; one whose flags still matter to it. */
#define Q(n, a, t)                                 \
	{                                          \
		.name = n, .has_arg = a, .arch = t \
	}
#define QF(n, a, t, f)                                         \
	{                                                      \
		.name = n, .has_arg = a, .arch = t, .flags = f \
	}
/* An option vnuma reads: its kind of entry, flags and syntax. */
#define R(n, a, t, k, f, ...)                                               \
	{                                                                   \
		.name = n, .has_arg = a, .arch = t, .kind = VNUMA__OPT_##k, \
		.flags = f, .syntax = __VA_ARGS__                           \
	}
#define SPLIT VNUMA__QOPT_SPLIT
#define JSON VNUMA__QOPT_JSON
#define QO(implied)                                               \
	{                                                         \
		VNUMA__OPTS_QEMUOPTS, implied, false, false, NULL \
	}
#define KV(implied)                                             \
	{                                                       \
		VNUMA__OPTS_KEYVAL, implied, false, false, NULL \
	}

/* Sorted by strcmp() for bsearch(); test_argv checks it. */
const struct vnuma__qemu_option vnuma__qemu_options[] = {
	Q("D", true, BOTH),
	Q("L", true, BOTH),
	R("M", true, BOTH, MACHINE, SPLIT, KV("type")),
	Q("S", false, BOTH),
	R("accel", true, BOTH, ACCEL, SPLIT, QO("accel")),
	Q("acpitable", true, X86),
	Q("action", true, BOTH),
	Q("add-fd", true, BOTH),
	Q("append", true, BOTH),
	Q("async-teardown", false, BOTH),
	Q("audio", true, BOTH),
	Q("audio-help", false, BOTH),
	Q("audiodev", true, BOTH),
	R("bios", true, BOTH, BIOS, 0, { 0 }),
	Q("blockdev", true, BOTH),
	Q("boot", true, BOTH),
	Q("cdrom", true, BOTH),
	Q("chardev", true, BOTH),
	Q("chroot", true, BOTH),
	Q("compat", true, BOTH),
	R("cpu", true, BOTH, CPU, 0, { 0 }),
	Q("d", true, BOTH),
	Q("daemonize", false, BOTH),
	Q("debugcon", true, BOTH),
	R("device", true, BOTH, DEVICE, SPLIT | JSON, QO("driver")),
	Q("dfilter", true, BOTH),
	Q("display", true, BOTH),
	R("drive", true, BOTH, DRIVE, SPLIT, QO(NULL)),
	Q("dtb", true, BOTH),
	Q("dump-vmstate", true, BOTH),
	Q("echr", true, BOTH),
	R("enable-kvm", false, BOTH, ENABLE_KVM, 0, { 0 }),
	Q("enable-sync-profile", false, BOTH),
	Q("fda", true, BOTH),
	Q("fdb", true, BOTH),
	Q("fsdev", true, BOTH),
	Q("full-screen", false, BOTH),
	Q("fw_cfg", true, BOTH),
	Q("g", true, 0),
	Q("gdb", true, BOTH),
	QF("global", true, BOTH, VNUMA__QOPT_SETS_DRIVER),
	Q("h", false, BOTH),
	Q("hda", true, BOTH),
	Q("hdb", true, BOTH),
	Q("hdc", true, BOTH),
	Q("hdd", true, BOTH),
	Q("help", false, BOTH),
	Q("icount", true, BOTH),
	Q("incoming", true, BOTH),
	Q("initrd", true, BOTH),
	Q("iscsi", true, BOTH),
	Q("k", true, BOTH),
	Q("kernel", true, BOTH),
	Q("loadvm", true, BOTH),
	R("m", true, BOTH, M, SPLIT,
	  { VNUMA__OPTS_QEMUOPTS, "size", .merges = true, .described = true }),
	R("machine", true, BOTH, MACHINE, SPLIT, KV("type")),
	R("mem-path", true, BOTH, MEM_PATH, 0, { 0 }),
	R("mem-prealloc", false, BOTH, MEM_PREALLOC, 0, { 0 }),
	Q("mon", true, BOTH),
	Q("monitor", true, BOTH),
	Q("msg", true, BOTH),
	Q("mtdblock", true, BOTH),
	Q("name", true, BOTH),
	Q("net", true, BOTH),
	Q("netdev", true, BOTH),
	Q("nic", true, BOTH),
	R("no-acpi", false, BOTH, NO_ACPI, 0, { 0 }),
	Q("no-fd-bootchk", false, X86),
	Q("no-hpet", false, X86),
	Q("no-reboot", false, BOTH),
	Q("no-shutdown", false, BOTH),
	Q("no-user-config", false, BOTH),
	Q("nodefaults", false, BOTH),
	Q("nographic", false, BOTH),
	R("numa", true, BOTH, NUMA, SPLIT, QO("type")),
	R("object", true, BOTH, OBJECT, SPLIT | JSON, QO("qom-type")),
	Q("old-param", false, AARCH64),
	Q("only-migratable", false, BOTH),
	Q("option-rom", true, BOTH),
	Q("overcommit", true, BOTH),
	Q("parallel", true, BOTH),
	R("pflash", true, BOTH, PFLASH, 0, { 0 }),
	Q("pidfile", true, BOTH),
	Q("plugin", true, BOTH),
	Q("portrait", false, BOTH),
	Q("preconfig", false, BOTH),
	Q("prom-env", true, 0),
	Q("qmp", true, BOTH),
	Q("qmp-pretty", true, BOTH),
	Q("qtest", true, BOTH),
	Q("qtest-log", true, BOTH),
	QF("readconfig", true, BOTH, VNUMA__QOPT_CHANGES_ANSWER),
	Q("rotate", true, BOTH),
	Q("rtc", true, BOTH),
	Q("runas", true, BOTH),
	Q("s", false, BOTH),
	Q("sandbox", true, BOTH),
	Q("sd", true, BOTH),
	Q("seed", true, BOTH),
	Q("semihosting", false, AARCH64),
	Q("semihosting-config", true, AARCH64),
	Q("serial", true, BOTH),
	QF("set", true, BOTH, VNUMA__QOPT_CHANGES_ANSWER),
	Q("singlestep", false, BOTH),
	Q("smbios", true, BOTH),
	R("smp", true, BOTH, SMP, SPLIT,
	  { VNUMA__OPTS_KEYVAL, "cpus", .member = "smp." }),
	Q("snapshot", false, BOTH),
	Q("spice", true, BOTH),
	Q("tpmdev", true, BOTH),
	Q("trace", true, BOTH),
	Q("usb", false, BOTH),
	Q("usbdevice", true, BOTH),
	Q("uuid", true, BOTH),
	Q("version", false, BOTH),
	Q("vga", true, BOTH),
	Q("virtfs", true, BOTH),
	Q("vnc", true, BOTH),
	Q("watchdog-action", true, BOTH),
	Q("win2k-hack", false, X86),
	Q("xen-attach", false, BOTH),
	Q("xen-domid", true, BOTH),
	Q("xen-domid-restrict", false, BOTH),
};

const size_t vnuma__qemu_option_count = sizeof(vnuma__qemu_options) /
					sizeof(vnuma__qemu_options[0]);

/*
 * A binary search of our own: the first bytes differ for most names, and
 * comparing them inline saves a call per step (every option of a large
 * configuration is looked up).
 */
const struct vnuma__qemu_option *vnuma__qemu_option_find(const char *name)
{
	size_t lo = 0, hi = vnuma__qemu_option_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *n = vnuma__qemu_options[mid].name;
		int c = (unsigned char)name[0] - (unsigned char)n[0];

		if (!c && name[0])
			c = strcmp(name + 1, n + 1);
		if (!c)
			return &vnuma__qemu_options[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
