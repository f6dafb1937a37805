/* SPDX-License-Identifier: MIT */
/*
 * A backend's NUMA policy, applied as QEMU 7.2 applies it when it
 * completes the backend: one mbind() over the backend's size with the
 * policy's mode and host-nodes as the node mask, and MPOL_MF_STRICT |
 * MPOL_MF_MOVE so that pages already there (a file with contents) move or
 * the call fails. policy=preferred with several nodes is passed to the
 * kernel as it is: 7.2 does not use MPOL_PREFERRED_MANY (Debian's binary
 * does not even link numa_has_preferred_many), so the kernel prefers the
 * lowest node of the mask. The syscall is called directly: no libnuma.
 */
#include "host_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/mempolicy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kernel_list.h"

/* QEMU's HostMemPolicy values are the kernel's MPOL_* modes. */
_Static_assert((int)VNUMA__POLICY_DEFAULT == (int)MPOL_DEFAULT, "policy");
_Static_assert((int)VNUMA__POLICY_PREFERRED == (int)MPOL_PREFERRED, "policy");
_Static_assert((int)VNUMA__POLICY_BIND == (int)MPOL_BIND, "policy");
_Static_assert((int)VNUMA__POLICY_INTERLEAVE == (int)MPOL_INTERLEAVE,
	       "policy");

/* One bit more than the highest node: the kernel drops the last bit. */
#define MASK_BITS (VNUMA__HOST_NODES_MAX + 1)
#define LONG_BITS (8 * sizeof(unsigned long))

/* The first line of a file, without its newline; false when absent. */
static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok = f && fgets(buf, (int)len, f);

	if (f)
		fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/*
 * mbind says EINVAL when no node of the mask is left once the kernel
 * drops those without memory and those the process may not use: the
 * hint says which of these each node is.
 */
static void explain(const struct vnuma__host_block *b, vnuma_error **err)
{
	char online[512], mem[512], allowed[512], path[64];
	bool has_online, has_mem, has_allowed;

	has_online = read_line("/sys/devices/system/node/online", online,
			       sizeof(online));
	has_mem = read_line("/sys/devices/system/node/has_memory", mem,
			    sizeof(mem));
	has_allowed = vnuma__mems_allowed(allowed, sizeof(allowed), "");
	for (size_t i = 0; i < b->n_host_nodes; i++) {
		uint64_t n = b->host_nodes[i];

		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%" PRIu64, n);
		if (access(path, F_OK) &&
		    (!has_online || !vnuma__kernel_list_has(online, n)))
			vnuma__error_append_hint(err,
						 "host node %" PRIu64
						 " does not exist\n",
						 n);
		else if (has_online && !vnuma__kernel_list_has(online, n))
			vnuma__error_append_hint(err,
						 "host node %" PRIu64
						 " is offline\n",
						 n);
		else if (has_mem && !vnuma__kernel_list_has(mem, n))
			vnuma__error_append_hint(err,
						 "host node %" PRIu64
						 " has no memory\n",
						 n);
		else if (has_allowed && !vnuma__kernel_list_has(allowed, n))
			vnuma__error_append_hint(
				err,
				"host node %" PRIu64 " is not among the "
				"nodes this process may use (%s)\n",
				n, allowed);
	}
}

int vnuma__host_bind(const struct vnuma__host_block *b, vnuma_error **err)
{
	unsigned long mask[(MASK_BITS + LONG_BITS - 1) / LONG_BITS] = { 0 };
	unsigned long maxnode = 0;
	struct vnuma__loc loc = { .key = "host-nodes" };
	long rc;

	for (size_t i = 0; i < b->n_host_nodes; i++) {
		uint64_t n = b->host_nodes[i];

		mask[n / LONG_BITS] |= 1UL << (n % LONG_BITS);
		if (b->host_nodes[i] + 1 > maxnode)
			maxnode = (unsigned long)b->host_nodes[i] + 1;
	}
	/* The core refused host-nodes with policy default and the reverse. */
	if (!maxnode)
		return VNUMA_OK;
	rc = syscall(SYS_mbind, b->host, b->size, (int)b->policy, mask,
		     maxnode + 1, MPOL_MF_STRICT | MPOL_MF_MOVE);
	if (rc) {
		int e = errno;

		rc = vnuma__error_set_errno(err, e, "host.mbind", &loc,
					    "cannot bind memory to host NUMA "
					    "nodes");
		if (e == EINVAL)
			explain(b, err);
		return (int)rc;
	}
	return VNUMA_OK;
}
