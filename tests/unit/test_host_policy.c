/* SPDX-License-Identifier: MIT */
/*
 * policy= and host-nodes= as the kernel sees them after realizing:
 * get_mempolicy(MPOL_F_ADDR) on the region's memory. This host has one
 * NUMA node (0); node 1 is one it lacks, for which QEMU 7.2 says
 * "cannot bind memory to host NUMA nodes: Invalid argument" (checked:
 * qemu-system-x86_64 -object memory-backend-ram,id=m,size=1G,
 * host-nodes=1,policy=bind -S).
 */
#include "host_realize_fixture.h"

#include <errno.h>
#include <linux/mempolicy.h>
#include <sys/syscall.h>

#define MiB ((uint64_t)1 << 20)

static void policy_of(void *addr, int *mode, unsigned long *mask)
{
	*mask = 0;
	assert_int_equal(syscall(SYS_get_mempolicy, mode, mask,
				 8 * sizeof(*mask) * 2, addr, MPOL_F_ADDR),
			 0);
}

static void check(const char *obj, int want_mode, unsigned long want_mask)
{
	struct hrun hr = HREALIZE("-m", "16M", "-object", obj, "-numa",
				  "node,memdev=m");
	unsigned long mask[2];
	int mode = -1;

	assert_realized(hr);
	for (size_t i = 0; i < vnuma_host_region_count(hr.h); i++) {
		policy_of(hregion(&hr, i).host_addr, &mode, mask);
		assert_int_equal(mode, want_mode);
		assert_int_equal(mask[0], want_mask);
	}
	hrun_free(&hr);
}

static void test_policies_node0(void **state)
{
	(void)state;
	check("memory-backend-ram,id=m,size=16M", MPOL_DEFAULT, 0);
	check("memory-backend-ram,id=m,size=16M,host-nodes=0,policy=bind",
	      MPOL_BIND, 1);
	check("memory-backend-ram,id=m,size=16M,host-nodes=0,"
	      "policy=preferred", MPOL_PREFERRED, 1);
	check("memory-backend-ram,id=m,size=16M,host-nodes=0,"
	      "policy=interleave", MPOL_INTERLEAVE, 1);
	check("memory-backend-memfd,id=m,size=16M,host-nodes=0,policy=bind",
	      MPOL_BIND, 1);
	/* bound, then populated: the pages obey the policy */
	check("memory-backend-ram,id=m,size=16M,host-nodes=0,policy=bind,"
	      "prealloc=on", MPOL_BIND, 1);
}

/*
 * 7.2 passes preferred with several nodes to the kernel as it is (no
 * MPOL_PREFERRED_MANY): the kernel keeps the lowest node it has.
 */
static void test_preferred_several(void **state)
{
	(void)state;
	check("memory-backend-ram,id=m,size=16M,host-nodes=0-1,"
	      "policy=preferred", MPOL_PREFERRED, 1);
}

static void absent_node(const char *policy)
{
	char obj[128];
	struct hrun hr;
	char *before, *after;
	int fds;

	snprintf(obj, sizeof(obj), "memory-backend-memfd,id=m,size=64M,"
		 "host-nodes=1,policy=%s", policy);
	before = big_maps(32 * MiB);
	fds = fd_count();
	hr = HREALIZE("-m", "64M", "-object", obj, "-numa",
		      "node,memdev=m");
	assert_host_error(hr, VNUMA_E_HOST, "host.mbind", "host-nodes",
			  "cannot bind memory to host NUMA nodes: Invalid "
			  "argument");
	assert_int_equal(vnuma_error_errno(hr.e), EINVAL);
	after = big_maps(32 * MiB);
	assert_string_equal(before, after);
	assert_int_equal(fd_count(), fds);
	free(before);
	free(after);
	hrun_free(&hr);
}

static void test_absent_node(void **state)
{
	(void)state;
	absent_node("bind");
	absent_node("preferred");
	absent_node("interleave");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policies_node0),
		cmocka_unit_test(test_preferred_several),
		cmocka_unit_test(test_absent_node),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
