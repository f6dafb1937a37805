/* SPDX-License-Identifier: MIT */
/* libvirt domain XML: a front-end for vnuma_config */
#ifndef VNUMA_LIBVIRT_H
#define VNUMA_LIBVIRT_H

#include <stddef.h>

#include "config.h"
#include "error.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads a libvirt domain XML (the text of `virsh dumpxml`, len bytes; the
 * text need not end in NUL) and adds to cfg the QEMU options libvirt 9.0
 * would start QEMU with, as far as they decide the guest's NUMA topology
 * and memory. What libvirt itself refuses at define or start time is
 * refused here with libvirt's message, the first in libvirt's order.
 * Refusals that depend on the host libvirt runs on are judged as on this
 * host: its NUMA nodes (/sys/devices/system/node/online), the huge page
 * sizes of its architecture taken as mounted, no numad (placement='auto'
 * is refused), TCG with no host-passthrough and a host-model CPU only
 * for the host's architecture. The XML is read without network access
 * and without external entities. cfg should be empty.
 * Errors: VNUMA_E_INVAL (NULL argument, flags not 0), VNUMA_E_SYNTAX (not
 * well-formed XML, a value libvirt cannot parse), and the statuses of
 * libvirt's refusals and of vnuma_config_add().
 */
int vnuma_config_add_libvirt_xml(vnuma_config *cfg, const char *xml,
				 size_t len, unsigned int flags,
				 vnuma_error **err);

/*
 * Writes t as a libvirt domain XML in *out (NUL-terminated; the caller
 * frees it with free()): a complete minimal <domain type='qemu'> named
 * "vnuma" that libvirt 9.0 defines and turns back into QEMU options
 * giving the same topology: <memory>, <maxMemory>, <memoryBacking>,
 * <vcpu>, <numatune>, <os><type arch machine>, <features><acpi/>, <cpu>
 * (<topology>, <numa> cells with distances, caches and interconnects)
 * and the memory devices. libvirt's own names replace the options' ids
 * (backends "ram-nodeN", "memdimmN"). *out is NULL on failure.
 * Errors: VNUMA_E_INVAL (NULL argument, flags not 0), VNUMA_E_NOMEM,
 * and VNUMA_E_UNSUPPORTED (check id libvirt.no-form) for what libvirt
 * cannot express, named in the message: a -machine property it does not
 * write, a PCI expander bridge, ACPI on arm (libvirt wants UEFI), -smp
 * clusters, cell memory not in whole MiB, backends that differ in what
 * <memoryBacking> says once for the domain, a backend setting it has no
 * element for, host-nodes without a policy, an HMAT value or initiator it
 * cannot carry, virtio-pmem.
 */
int vnuma_libvirt_xml_write(char **out, const vnuma_topology *t,
			    unsigned int flags, vnuma_error **err);

/*
 * As vnuma_libvirt_xml_write(), with the vCPUs pinned: <cputune> after
 * <vcpu> holds <vcpupin vcpu='i' cpuset='host_cpus[i]'/> for each vCPU
 * i < n (the pinning advice of a plan, vnuma_plan_vcpu_get()); n 0
 * writes no <cputune>.
 * Errors: those of vnuma_libvirt_xml_write(); VNUMA_E_INVAL also for
 * host_cpus NULL with n > 0 (check "api.null") and n above the vCPUs
 * <vcpu> counts (check "api.vcpu-pins").
 */
int vnuma_libvirt_xml_write_pinned(char **out, const vnuma_topology *t,
				   const unsigned int *host_cpus, size_t n,
				   unsigned int flags, vnuma_error **err);

#ifdef __cplusplus
}
#endif
#endif
