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
#include <linux/mempolicy.h>
#include <sys/syscall.h>
#include <unistd.h>

/* QEMU's HostMemPolicy values are the kernel's MPOL_* modes. */
_Static_assert((int)VNUMA__POLICY_DEFAULT == (int)MPOL_DEFAULT, "policy");
_Static_assert((int)VNUMA__POLICY_PREFERRED == (int)MPOL_PREFERRED, "policy");
_Static_assert((int)VNUMA__POLICY_BIND == (int)MPOL_BIND, "policy");
_Static_assert((int)VNUMA__POLICY_INTERLEAVE == (int)MPOL_INTERLEAVE,
	       "policy");

/* One bit more than the highest node: the kernel drops the last bit. */
#define MASK_BITS (VNUMA__HOST_NODES_MAX + 1)
#define LONG_BITS (8 * sizeof(unsigned long))

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
	if (rc)
		return vnuma__error_set_errno(err, errno, "host.mbind", &loc,
					      "cannot bind memory to host NUMA "
					      "nodes");
	return VNUMA_OK;
}
