/* SPDX-License-Identifier: MIT */
/*
 * Every option of QEMU 7.2's command line (qemu-options.hx as built into
 * Debian's qemu-system-x86_64 and qemu-system-aarch64, whose tables are
 * identical) and whether it takes the next word as its argument. vnuma
 * needs all of them, not only the ones it understands, to walk a command
 * line as QEMU does: an option's argument is never mistaken for an option.
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

/* Sorted by strcmp() for bsearch(); test_argv checks it. */
const struct vnuma__qemu_option vnuma__qemu_options[] = {
	{ "D", true, BOTH },
	{ "L", true, BOTH },
	{ "M", true, BOTH },
	{ "S", false, BOTH },
	{ "accel", true, BOTH },
	{ "acpitable", true, X86 },
	{ "action", true, BOTH },
	{ "add-fd", true, BOTH },
	{ "append", true, BOTH },
	{ "async-teardown", false, BOTH },
	{ "audio", true, BOTH },
	{ "audio-help", false, BOTH },
	{ "audiodev", true, BOTH },
	{ "bios", true, BOTH },
	{ "blockdev", true, BOTH },
	{ "boot", true, BOTH },
	{ "cdrom", true, BOTH },
	{ "chardev", true, BOTH },
	{ "chroot", true, BOTH },
	{ "compat", true, BOTH },
	{ "cpu", true, BOTH },
	{ "d", true, BOTH },
	{ "daemonize", false, BOTH },
	{ "debugcon", true, BOTH },
	{ "device", true, BOTH },
	{ "dfilter", true, BOTH },
	{ "display", true, BOTH },
	{ "drive", true, BOTH },
	{ "dtb", true, BOTH },
	{ "dump-vmstate", true, BOTH },
	{ "echr", true, BOTH },
	{ "enable-kvm", false, BOTH },
	{ "enable-sync-profile", false, BOTH },
	{ "fda", true, BOTH },
	{ "fdb", true, BOTH },
	{ "fsdev", true, BOTH },
	{ "full-screen", false, BOTH },
	{ "fw_cfg", true, BOTH },
	{ "g", true, 0 },
	{ "gdb", true, BOTH },
	{ "global", true, BOTH },
	{ "h", false, BOTH },
	{ "hda", true, BOTH },
	{ "hdb", true, BOTH },
	{ "hdc", true, BOTH },
	{ "hdd", true, BOTH },
	{ "help", false, BOTH },
	{ "icount", true, BOTH },
	{ "incoming", true, BOTH },
	{ "initrd", true, BOTH },
	{ "iscsi", true, BOTH },
	{ "k", true, BOTH },
	{ "kernel", true, BOTH },
	{ "loadvm", true, BOTH },
	{ "m", true, BOTH },
	{ "machine", true, BOTH },
	{ "mem-path", true, BOTH },
	{ "mem-prealloc", false, BOTH },
	{ "mon", true, BOTH },
	{ "monitor", true, BOTH },
	{ "msg", true, BOTH },
	{ "mtdblock", true, BOTH },
	{ "name", true, BOTH },
	{ "net", true, BOTH },
	{ "netdev", true, BOTH },
	{ "nic", true, BOTH },
	{ "no-acpi", false, BOTH },
	{ "no-fd-bootchk", false, X86 },
	{ "no-hpet", false, X86 },
	{ "no-reboot", false, BOTH },
	{ "no-shutdown", false, BOTH },
	{ "no-user-config", false, BOTH },
	{ "nodefaults", false, BOTH },
	{ "nographic", false, BOTH },
	{ "numa", true, BOTH },
	{ "object", true, BOTH },
	{ "old-param", false, AARCH64 },
	{ "only-migratable", false, BOTH },
	{ "option-rom", true, BOTH },
	{ "overcommit", true, BOTH },
	{ "parallel", true, BOTH },
	{ "pflash", true, BOTH },
	{ "pidfile", true, BOTH },
	{ "plugin", true, BOTH },
	{ "portrait", false, BOTH },
	{ "preconfig", false, BOTH },
	{ "prom-env", true, 0 },
	{ "qmp", true, BOTH },
	{ "qmp-pretty", true, BOTH },
	{ "qtest", true, BOTH },
	{ "qtest-log", true, BOTH },
	{ "readconfig", true, BOTH },
	{ "rotate", true, BOTH },
	{ "rtc", true, BOTH },
	{ "runas", true, BOTH },
	{ "s", false, BOTH },
	{ "sandbox", true, BOTH },
	{ "sd", true, BOTH },
	{ "seed", true, BOTH },
	{ "semihosting", false, AARCH64 },
	{ "semihosting-config", true, AARCH64 },
	{ "serial", true, BOTH },
	{ "set", true, BOTH },
	{ "singlestep", false, BOTH },
	{ "smbios", true, BOTH },
	{ "smp", true, BOTH },
	{ "snapshot", false, BOTH },
	{ "spice", true, BOTH },
	{ "tpmdev", true, BOTH },
	{ "trace", true, BOTH },
	{ "usb", false, BOTH },
	{ "usbdevice", true, BOTH },
	{ "uuid", true, BOTH },
	{ "version", false, BOTH },
	{ "vga", true, BOTH },
	{ "virtfs", true, BOTH },
	{ "vnc", true, BOTH },
	{ "watchdog-action", true, BOTH },
	{ "win2k-hack", false, X86 },
	{ "xen-attach", false, BOTH },
	{ "xen-domid", true, BOTH },
	{ "xen-domid-restrict", false, BOTH },
};

const size_t vnuma__qemu_option_count =
	sizeof(vnuma__qemu_options) / sizeof(vnuma__qemu_options[0]);

static int cmp_name(const void *key, const void *elem)
{
	const struct vnuma__qemu_option *o = elem;

	return strcmp(key, o->name);
}

const struct vnuma__qemu_option *vnuma__qemu_option_find(const char *name)
{
	return bsearch(name, vnuma__qemu_options, vnuma__qemu_option_count,
		       sizeof(vnuma__qemu_options[0]), cmp_name);
}
