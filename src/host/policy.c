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

/* QEMU's HostMemPolicy values are the kernel's MPOL_* modes. */
_Static_assert((int)VNUMA__POLICY_DEFAULT == (int)MPOL_DEFAULT, "policy");
_Static_assert((int)VNUMA__POLICY_PREFERRED == (int)MPOL_PREFERRED, "policy");
_Static_assert((int)VNUMA__POLICY_BIND == (int)MPOL_BIND, "policy");
_Static_assert((int)VNUMA__POLICY_INTERLEAVE == (int)MPOL_INTERLEAVE,
	       "policy");

/* One bit more than the highest node: the kernel drops the last bit. */
#define MASK_BITS (VNUMA__HOST_NODES_MAX + 1)
#define LONG_BITS (8 * sizeof(unsigned long))

/*
 * The first line of a file, or the value of "key" in it (proc's
 * "Key:\tvalue" form), into buf; false when absent.
 */
static bool read_line(const char *path, const char *key, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok = false;

	while (f && !ok && fgets(buf, (int)len, f)) {
		size_t k = key ? strlen(key) : 0;

		if (key && strncmp(buf, key, k))
			continue;
		memmove(buf, buf + k + strspn(buf + k, " \t"),
			strlen(buf + k + strspn(buf + k, " \t")) + 1);
		buf[strcspn(buf, "\n")] = '\0';
		ok = true;
	}
	if (f)
		fclose(f);
	return ok;
}

/* Whether n is in a kernel list ("0-3,8"). */
static bool listed(const char *s, uint64_t n)
{
	while (*s) {
		char *end;
		unsigned long long lo = strtoull(s, &end, 10), hi = lo;

		if (end == s)
			return false;
		s = end;
		if (*s == '-') {
			hi = strtoull(s + 1, &end, 10);
			s = end;
		}
		if (n >= lo && n <= hi)
			return true;
		if (*s++ != ',')
			return false;
	}
	return false;
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

	has_online = read_line("/sys/devices/system/node/online", NULL, online,
			       sizeof(online));
	has_mem = read_line("/sys/devices/system/node/has_memory", NULL, mem,
			    sizeof(mem));
	has_allowed = read_line("/proc/self/status",
				"Mems_allowed_list:", allowed,
				sizeof(allowed));
	for (size_t i = 0; i < b->n_host_nodes; i++) {
		uint64_t n = b->host_nodes[i];

		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%" PRIu64, n);
		if (access(path, F_OK) && (!has_online || !listed(online, n)))
			vnuma__error_append_hint(err,
						 "host node %" PRIu64
						 " does not exist\n",
						 n);
		else if (has_online && !listed(online, n))
			vnuma__error_append_hint(err,
						 "host node %" PRIu64
						 " is offline\n",
						 n);
		else if (has_mem && !listed(mem, n))
			vnuma__error_append_hint(err,
						 "host node %" PRIu64
						 " has no memory\n",
						 n);
		else if (has_allowed && !listed(allowed, n))
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
