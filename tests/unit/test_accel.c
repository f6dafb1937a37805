/* SPDX-License-Identifier: MIT */
/*
 * Options that stand for machine facts: -no-acpi, the accelerator
 * (-accel, -enable-kvm, -machine accel=/kernel-irqchip=), firmware
 * (-bios, -pflash, -drive if=pflash), and what they refuse. Each message
 * was printed by qemu-system-x86_64 or qemu-system-aarch64 7.2 for the
 * same options (KVM ones on a host where KVM starts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "machine/machine.h"
#include "topology_internal.h"
#include "vnuma/vnuma.h"

#include "option_run.h"

static const struct vnuma__machine *M(const struct run *r)
{
	return r->t ? &r->t->machine : NULL;
}

#define DIMM                                                              \
	"-m", "1G,slots=2,maxmem=2G", "-object",                          \
		"memory-backend-ram,id=d0,size=512M", "-device",          \
		"pc-dimm,memdev=d0"

static const char hotplug_off[] = "memory hotplug is not enabled: missing "
				  "acpi device or acpi disabled";
static const char no_ged[] = "memory hotplug is not enabled: missing "
			     "acpi-ged device";

/* -no-acpi is -machine acpi=off, set where it stands on the line. */
static void no_acpi(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "q35", "-no-acpi", NULL, DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", hotplug_off);
	done(&r);
	RUN(&r, "-M", "pc,acpi=off", DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", hotplug_off);
	done(&r);
	RUN(&r, "-M", "q35,acpi=on", "-no-acpi", NULL, DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", hotplug_off);
	done(&r);
	/* A later -machine acpi=on wins over an earlier -no-acpi. */
	RUN(&r, "-no-acpi", NULL, "-M", "q35,acpi=on", DIMM);
	ok(&r);
	assert_int_equal(M(&r)->acpi, 1);
	done(&r);
	RUN(&r, "-M", "q35", "-no-acpi", NULL);
	ok(&r);
	assert_false(vnuma__machine_has_acpi(M(&r)));
	assert_int_equal(vnuma_acpi_tables(r.t), 0);
	done(&r);
	RUN(&r, "-M", "none", "-no-acpi", NULL);
	refused(&r, "machine.unknown-property", NULL,
		"Property 'none-machine.acpi' not found");
	done(&r);
	RUN(&r, "-M", "q35,acpi=maybe");
	refused(&r, "machine.bad-enum", NULL,
		"Parameter 'acpi' does not accept value 'maybe'");
	done(&r);
}

/* virt: the GED needs ACPI, a 64-bit CPU, 4.2 or later, and firmware. */
static void virt_firmware(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "virt", "-cpu", "max", DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", no_ged);
	assert_false(M(&r) && M(&r)->firmware_loaded);
	done(&r);
	RUN(&r, "-M", "virt", "-cpu", "max", "-bios", "efi.fd", DIMM);
	ok(&r);
	assert_true(M(&r)->firmware_loaded);
	done(&r);
	RUN(&r, "-M", "virt,firmware=efi.fd", "-cpu", "max", DIMM);
	ok(&r);
	done(&r);
	RUN(&r, "-M", "virt", "-cpu", "max", "-pflash", "efi.fd", DIMM);
	ok(&r);
	done(&r);
	RUN(&r, "-M", "virt", "-cpu", "max", "-drive",
	    "if=pflash,format=raw,file=efi.fd", DIMM);
	ok(&r);
	done(&r);
	RUN(&r, "-M", "virt", "-cpu", "max", "-drive",
	    "if=pflash,index=0,file=efi.fd", DIMM);
	ok(&r);
	done(&r);
	/* Unit 1 alone (the variables store) is no firmware. */
	RUN(&r, "-M", "virt", "-cpu", "max", "-drive",
	    "if=pflash,unit=1,file=vars.fd", DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", no_ged);
	done(&r);
	/* unit=1 first: the next drive without a unit takes unit 0. */
	RUN(&r, "-M", "virt", "-cpu", "max", "-drive",
	    "if=pflash,unit=1,file=vars.fd", "-drive",
	    "if=pflash,file=efi.fd", DIMM);
	ok(&r);
	done(&r);
	RUN(&r, "-M", "virt", "-cpu", "max", "-drive",
	    "if=none,file=efi.fd", DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", no_ged);
	done(&r);
	RUN(&r, "-M", "virt", "-cpu", "max", "-bios", "efi.fd", "-no-acpi",
	    NULL, DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", no_ged);
	done(&r);
	RUN(&r, "-M", "virt", "-bios", "efi.fd", DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", no_ged);
	done(&r);
	RUN(&r, "-M", "virt-4.1", "-cpu", "max", "-bios", "efi.fd", DIMM);
	refused(&r, "dimm.hotplug-disabled", "-device", no_ged);
	done(&r);
}

static void accel_choice(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "q35");
	ok(&r);
	assert_int_equal(M(&r)->accel, VNUMA__ACCEL_TCG);
	assert_int_equal(M(&r)->kernel_irqchip, VNUMA__IRQCHIP_NONE);
	done(&r);
	RUN(&r, "-M", "q35", "-enable-kvm", NULL);
	ok(&r);
	assert_int_equal(M(&r)->accel, VNUMA__ACCEL_KVM);
	assert_int_equal(M(&r)->kernel_irqchip, VNUMA__IRQCHIP_ON);
	done(&r);
	RUN(&r, "-M", "q35,accel=kvm:tcg");
	ok(&r);
	assert_int_equal(M(&r)->accel, VNUMA__ACCEL_KVM);
	done(&r);
	/* The last accel= replaces the earlier, -enable-kvm's included. */
	RUN(&r, "-M", "q35", "-enable-kvm", NULL, "-M", "accel=tcg");
	ok(&r);
	assert_int_equal(M(&r)->accel, VNUMA__ACCEL_TCG);
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "kvm,kernel-irqchip=split");
	ok(&r);
	assert_int_equal(M(&r)->accel, VNUMA__ACCEL_KVM);
	assert_int_equal(M(&r)->kernel_irqchip, VNUMA__IRQCHIP_SPLIT);
	done(&r);
	/* -accel's property is set after the -machine global. */
	RUN(&r, "-M", "q35,kernel-irqchip=off", "-accel",
	    "kvm,kernel-irqchip=split");
	ok(&r);
	assert_int_equal(M(&r)->kernel_irqchip, VNUMA__IRQCHIP_SPLIT);
	done(&r);
	RUN(&r, "-M", "q35,kernel_irqchip=split", "-enable-kvm", NULL);
	ok(&r);
	assert_int_equal(M(&r)->kernel_irqchip, VNUMA__IRQCHIP_SPLIT);
	done(&r);
	/* The first -accel that starts is the one. */
	RUN(&r, "-M", "q35", "-accel", "tcg", "-accel", "kvm");
	ok(&r);
	assert_int_equal(M(&r)->accel, VNUMA__ACCEL_TCG);
	done(&r);
	/* TCG ignores the KVM globals, even bad ones. */
	RUN(&r, "-M", "q35,kernel-irqchip=maybe");
	ok(&r);
	done(&r);
}

static void accel_errors(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "q35", "-accel", "nosuch");
	refused(&r, "accel.invalid", "-accel", "invalid accelerator nosuch");
	done(&r);
	RUN(&r, "-M", "q35,accel=nosuch");
	refused(&r, "accel.invalid", NULL, "invalid accelerator nosuch");
	done(&r);
	RUN(&r, "-M", "q35,accel=");
	refused(&r, "accel.none", NULL, "no accelerator found");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "tcg", "-M", "accel=tcg");
	refused(&r, "accel.incompatible", NULL,
		"The -accel and \"-machine accel=\" options are "
		"incompatible");
	done(&r);
	RUN(&r, "-M", "q35", "-enable-kvm", NULL, "-accel", "tcg");
	refused(&r, "accel.incompatible", NULL,
		"The -accel and \"-machine accel=\" options are "
		"incompatible");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "tcg,kernel-irqchip=split");
	refused(&r, "accel.unknown-property", "-accel",
		"Property 'tcg-accel.kernel-irqchip' not found");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "kvm,kernel-irqchip=maybe");
	refused(&r, "accel.bad-value", "-accel",
		"Parameter 'kernel-irqchip' does not accept value 'maybe'");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "tcg,tb-size=-1");
	refused(&r, "accel.out-of-range", "-accel",
		"Parameter 'tb-size' expects uint32_t");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "tcg,split-wx=maybe");
	refused(&r, "accel.bad-value", "-accel",
		"Parameter 'split-wx' expects 'on' or 'off'");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "tcg,thread=x");
	refused(&r, "accel.bad-value", "-accel", "Invalid 'thread' setting x");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "kvm,notify-vmexit=x");
	refused(&r, "accel.bad-value", "-accel",
		"Parameter 'notify-vmexit' does not accept value 'x'");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "kvm,kvm-shadow-mem=x");
	refused(&r, "accel.bad-value", "-accel",
		"Parameter 'kvm-shadow-mem' expects int64");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "kvm,notify-window=x");
	refused(&r, "accel.bad-value", "-accel",
		"Parameter 'notify-window' expects uint64");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "kvm,type=x");
	refused(&r, "accel.read-only", "-accel",
		"Property 'kvm-accel.type' is not writable");
	done(&r);
	RUN(&r, "-M", "q35,kernel-irqchip=maybe", "-enable-kvm", NULL);
	refused(&r, "accel.bad-global", NULL,
		"can't apply global kvm-accel.kernel-irqchip=maybe: Parameter "
		"'kernel-irqchip' does not accept value 'maybe'");
	done(&r);
	RUN(&r, "-M", "q35,kvm-shadow-mem=x", "-enable-kvm", NULL);
	refused(&r, "accel.bad-global", NULL,
		"can't apply global kvm-accel.kvm-shadow-mem=x: Parameter "
		"'kvm-shadow-mem' expects int64");
	done(&r);
	/* The machine's own properties are set first. */
	RUN(&r, "-M", "q35", "-smp", "4,sockets=3", "-accel", "nosuch");
	refused(&r, "smp.product-mismatch", NULL,
		"Invalid CPU topology: product of the hierarchy must match "
		"maxcpus: sockets (3) * dies (1) * cores (1) * threads (1) "
		"!= maxcpus (4)");
	done(&r);
}

/*
 * An unknown accelerator before a known one: QEMU 7.2 prints "invalid
 * accelerator nosuch" and "falling back to tcg" and starts (an error on a
 * line that runs); vnuma refuses at the unknown one.
 */
static void accel_unknown_first(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "q35,accel=nosuch:tcg");
	refused(&r, "accel.invalid", NULL, "invalid accelerator nosuch");
	done(&r);
	RUN(&r, "-M", "q35", "-accel", "nosuch", "-accel", "tcg");
	refused(&r, "accel.invalid", "-accel", "invalid accelerator nosuch");
	done(&r);
}

/*
 * APIC ids of 255 and more: TCG refuses, KVM with its in-kernel irqchip
 * (on or split) accepts, kernel-irqchip=off refuses.
 */
static void x2apic(void **state)
{
	static const char msg[] = "current -smp configuration requires kernel "
				  "irqchip and X2APIC API support.";
	struct run r;

	(void)state;
	RUN(&r, "-M", "q35", "-smp", "255");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "q35", "-smp", "256");
	refused(&r, "board.x2apic", NULL, msg);
	done(&r);
	RUN(&r, "-M", "q35", "-smp", "1,maxcpus=256");
	refused(&r, "board.x2apic", NULL, msg);
	done(&r);
	/* Topology holes: 2 sockets of 129 cores put socket 1 at 256. */
	RUN(&r, "-M", "q35", "-smp", "2,sockets=2,cores=129,maxcpus=258");
	refused(&r, "board.x2apic", NULL, msg);
	done(&r);
	RUN(&r, "-M", "q35,accel=tcg:kvm", "-smp", "256");
	refused(&r, "board.x2apic", NULL, msg);
	done(&r);
	RUN(&r, "-M", "q35", "-smp", "256", "-accel",
	    "kvm,kernel-irqchip=off");
	refused(&r, "board.x2apic", NULL, msg);
	done(&r);
	RUN(&r, "-M", "q35,kernel-irqchip=off", "-enable-kvm", NULL, "-smp",
	    "256");
	refused(&r, "board.x2apic", NULL, msg);
	done(&r);
	RUN(&r, "-M", "q35", "-smp", "256", "-accel", "kvm");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "q35", "-smp", "256", "-accel",
	    "kvm,kernel-irqchip=split");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "q35,accel=kvm:tcg", "-smp", "2,maxcpus=288");
	ok(&r);
	done(&r);
	/* arm has no APIC ids. */
	RUN(&r, "-M", "virt,gic-version=3", "-smp", "300");
	ok(&r);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_acpi),
		cmocka_unit_test(virt_firmware),
		cmocka_unit_test(accel_choice),
		cmocka_unit_test(accel_errors),
		cmocka_unit_test(accel_unknown_first),
		cmocka_unit_test(x2apic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
