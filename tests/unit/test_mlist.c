/* SPDX-License-Identifier: MIT */
/*
 * Machine properties with rules of their own: cxl, the lists sgx-epc and
 * cxl-fmw, virt's iommu and ras. Each message was printed by
 * qemu-system-x86_64 or qemu-system-aarch64 7.2 for the same options.
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

static void cxl(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "q35,cxl=on");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "isapc,cxl=on");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "q35,cxl=maybe");
	refused(&r, "machine.bad-bool", NULL,
		"Parameter 'cxl' expects 'on' or 'off'");
	done(&r);
	RUN(&r, "-M", "virt,cxl=on");
	refused(&r, "machine.unknown-property", NULL,
		"Property 'virt-7.2-machine.cxl' not found");
	done(&r);
	RUN(&r, "-M", "q35,cxl-fmw.0.targets.0=cxl.0,cxl-fmw.0.size=4G,"
		"cxl-fmw.0.interleave-granularity=4k");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "q35,cxl-fmw.0.size=4G");
	refused(&r, "machine.list-member-missing", NULL,
		"Parameter 'cxl-fmw.0.targets' is missing");
	done(&r);
	RUN(&r, "-M", "q35,cxl-fmw.0.targets.0=cxl.0");
	refused(&r, "machine.list-member-missing", NULL,
		"Parameter 'cxl-fmw.0.size' is missing");
	done(&r);
	RUN(&r, "-M", "q35,cxl-fmw.0.targets.0=cxl.0,cxl-fmw.0.size=4X");
	refused(&r, "machine.list-member", NULL,
		"Parameter 'cxl-fmw.0.size' expects size");
	done(&r);
	RUN(&r, "-M", "q35,cxl-fmw.0.targets.0=a,cxl-fmw.0.size=4G,"
		"cxl-fmw.0.foo=1");
	refused(&r, "machine.list-member-unexpected", NULL,
		"Parameter 'cxl-fmw.0.foo' is unexpected");
	done(&r);
}

static void sgx_epc(void **state)
{
	struct run r;

	(void)state;
	RUN(&r, "-M", "q35,sgx-epc.0.memdev=m", "-object",
	    "memory-backend-ram,id=m,size=1M");
	refused(&r, "machine.list-member-missing", NULL,
		"Parameter 'sgx-epc.0.node' is missing");
	done(&r);
	RUN(&r, "-M", "q35,sgx-epc.0.node=0");
	refused(&r, "machine.list-member-missing", NULL,
		"Parameter 'sgx-epc.0.memdev' is missing");
	done(&r);
	RUN(&r, "-M", "q35,sgx-epc.0.memdev=m,sgx-epc.0.node=x");
	refused(&r, "machine.list-member", NULL,
		"Parameter 'sgx-epc.0.node' expects integer");
	done(&r);
	RUN(&r, "-M", "q35,sgx-epc.0.memdev=m,sgx-epc.0.node=0,"
		"sgx-epc.0.foo=1");
	refused(&r, "machine.list-member-unexpected", NULL,
		"Parameter 'sgx-epc.0.foo' is unexpected");
	done(&r);
	RUN(&r, "-M", "q35,sgx-epc.memdev=m");
	refused(&r, "machine.bad-type", NULL,
		"Invalid parameter type for 'sgx-epc', expected: array");
	done(&r);
	/* When the board makes the EPC: an id no -object has, ... */
	RUN(&r, "-M", "q35,sgx-epc.0.memdev=nosuch,sgx-epc.0.node=0");
	refused(&r, "machine.sgx-memdev", NULL, "Device 'nosuch' not found");
	/* an unknown id is VNUMA_E_UNKNOWN, as for -numa and -device */
	assert_int_equal(vnuma_error_status(r.e), VNUMA_E_UNKNOWN);
	done(&r);
	/* ... or a backend that is not memory-backend-epc. */
	RUN(&r, "-M", "q35,sgx-epc.0.memdev=m,sgx-epc.0.node=0", "-object",
	    "memory-backend-ram,id=m,size=1M");
	refused(&r, "machine.sgx-memdev-type", NULL,
		"Invalid parameter type for 'memdev', expected: "
		"memory-backend-epc");
	/* a backend of the wrong type, as dimm.memdev-type */
	assert_int_equal(vnuma_error_status(r.e), VNUMA_E_CONFLICT);
	done(&r);
	/* The machine's -smp is read first. */
	RUN(&r, "-M", "q35,sgx-epc.0.memdev=m,sgx-epc.0.node=0", "-smp",
	    "4,sockets=3");
	refused(&r, "smp.product-mismatch", NULL,
		"Invalid CPU topology: product of the hierarchy must match "
		"maxcpus: sockets (3) * dies (1) * cores (1) * threads (1) "
		"!= maxcpus (4)");
	done(&r);
}

static void virt_iommu_ras(void **state)
{
	static const char ras[] = "ras=on needs the ACPI GED device, which "
				  "virt makes only with firmware (-bios, "
				  "-pflash), a 64-bit CPU and ACPI on (QEMU "
				  "7.2 aborts)";
	struct run r;

	(void)state;
	RUN(&r, "-M", "virt,iommu=smmuv3");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "virt,iommu=foo");
	refused(&r, "machine.iommu", NULL, "Invalid iommu value");
	assert_string_equal(vnuma_error_hint(r.e),
			    "Valid values are none, smmuv3.\n");
	done(&r);
	RUN(&r, "-M", "virt,ras=on", "-cpu", "max", "-bios", "efi.fd");
	ok(&r);
	done(&r);
	RUN(&r, "-M", "virt,ras=on,acpi=off");
	ok(&r);
	done(&r);
	/* QEMU 7.2 aborts on an assertion here. */
	RUN(&r, "-M", "virt,ras=on", "-cpu", "cortex-a57");
	refused(&r, "machine.ras-ged", NULL, ras);
	done(&r);
	RUN(&r, "-M", "virt,ras=on", "-bios", "efi.fd");
	refused(&r, "machine.ras-ged", NULL, ras);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cxl),
		cmocka_unit_test(sgx_epc),
		cmocka_unit_test(virt_iommu_ras),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
