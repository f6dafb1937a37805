/* SPDX-License-Identifier: MIT */
/*
 * vnuma_preflight_check() over the recorded tree tests/fixtures/hostinfo/
 * preflight: five nodes (0: 2M and 1G pools, 1: outside the cpuset's
 * mems, 2: CPU-less with no free 2M pages, 3: memory-less, 4: offline),
 * cpuset.mems 0,2, cpuset.cpus 1-3,12 and an affinity of 0,2-7,12-13, a
 * memory cgroup whose parent allows 1 GiB and 128 MiB more, a hugetlb
 * cgroup with 1 GiB of 2 MiB pages (2 MiB used) whose parent allows 900
 * MiB, and a 2 MiB overcommit of 100 pages, 10 of its pages reserved by
 * other mappings. Each reason alone, then all of them at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnuma/vnuma.h"
#include "../../src/hostinfo/hostinfo_internal.h"
#include "preflight_fixture.h"

static vnuma_hostinfo *probe(void)
{
	return pf_probe("preflight");
}

static vnuma_preflight *check_with(vnuma_hostinfo *h, const char *opts)
{
	return pf_check_with(h, opts);
}

static vnuma_preflight *check(const char *opts)
{
	vnuma_hostinfo *h = probe();
	vnuma_preflight *p = check_with(h, opts);

	vnuma_hostinfo_free(h);
	return p;
}

static vnuma_preflight_reason reason(const vnuma_preflight *p, size_t i)
{
	vnuma_preflight_reason r = VNUMA_INFO_INIT(vnuma_preflight_reason);

	assert_int_equal(vnuma_preflight_reason_get(&r, p, i), 0);
	return r;
}

/* How many reasons have this check, severity and backend (NULL: any). */
static size_t count(const vnuma_preflight *p, const char *check_id,
		    int severity, const char *backend)
{
	size_t n = 0;

	for (size_t i = 0; i < vnuma_preflight_reason_count(p); i++) {
		vnuma_preflight_reason r = reason(p, i);

		n += !strcmp(r.check, check_id) && r.severity == severity &&
		     (!backend || (r.backend && !strcmp(r.backend, backend)));
	}
	return n;
}

/* The one reason with this check id. */
static vnuma_preflight_reason only(const vnuma_preflight *p,
				   const char *check_id)
{
	size_t found = SIZE_MAX;

	for (size_t i = 0; i < vnuma_preflight_reason_count(p); i++)
		if (!strcmp(reason(p, i).check, check_id)) {
			assert_true(found == SIZE_MAX);
			found = i;
		}
	assert_true(found != SIZE_MAX);
	return reason(p, found);
}

#define RAM(id, size, extra)                                           \
	"-object memory-backend-ram,id=" id ",size=" size extra " -numa " \
	"node,memdev=" id

static void fits_small(void **state)
{
	vnuma_preflight *p = check("-m 64M " RAM("m", "64M", ""));

	(void)state;
	assert_true(vnuma_preflight_fits(p));
	assert_int_equal(vnuma_preflight_reason_count(p), 0);
	vnuma_preflight_free(p);
}

/* A node the host lacks, offline, without memory, outside the mems. */
static void bad_nodes_alone_are_errors(void **state)
{
	static const struct {
		const char *nodes;
		int64_t node;
		const char *there;
	} c[] = {
		{ "7", 7, "does not exist" },
		{ "4", 4, "is offline" },
		{ "3", 3, "has no memory" },
		{ "1", 1, "is not among this process's allowed nodes" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char opts[256];
		vnuma_preflight *p;
		vnuma_preflight_reason r;

		snprintf(opts, sizeof(opts),
			 "-m 64M " RAM("m", "64M", ",host-nodes=%s,policy=bind"),
			 c[i].nodes);
		p = check(opts);
		assert_false(vnuma_preflight_fits(p));
		r = only(p, "host.mbind");
		assert_int_equal(r.severity, VNUMA_PREFLIGHT_ERROR);
		assert_string_equal(r.backend, "m");
		assert_int_equal(r.host_node, c[i].node);
		assert_string_equal(r.there, c[i].there);
		vnuma_preflight_free(p);
	}
}

/* With node 0 in the mask the kernel drops the others: warnings. */
static void bad_nodes_beside_a_good_one_are_warnings(void **state)
{
	vnuma_preflight *p =
		check("-m 64M " RAM("m", "64M",
				    ",host-nodes=0,host-nodes=1,host-nodes=3,"
				    "host-nodes=4,host-nodes=7,policy=interleave"));

	(void)state;
	assert_true(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.node-missing", VNUMA_PREFLIGHT_WARNING,
			       "m"),
			 1);
	assert_int_equal(count(p, "host.node-offline", VNUMA_PREFLIGHT_WARNING,
			       "m"),
			 1);
	assert_int_equal(count(p, "host.node-no-memory",
			       VNUMA_PREFLIGHT_WARNING, "m"),
			 1);
	assert_int_equal(count(p, "host.node-not-allowed",
			       VNUMA_PREFLIGHT_WARNING, "m"),
			 1);
	assert_int_equal(count(p, "host.mbind", VNUMA_PREFLIGHT_ERROR, NULL), 0);
	vnuma_preflight_free(p);
}

#define HUGE(id, size, extra)                                        \
	"-object memory-backend-memfd,id=" id ",size=" size              \
	",hugetlb=on,hugetlbsize=2M" extra " -numa node,memdev=" id

/* bind to one node takes that node's pool; the host's must hold it too. */
static void hugepages_on_the_bound_node(void **state)
{
	vnuma_preflight *p = check(
		"-m 1G " HUGE("a", "512M", ",host-nodes=0,policy=bind") " " HUGE(
			"b", "512M", ",host-nodes=1,policy=bind,prealloc=on"));
	vnuma_preflight_reason r;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	/*
	 * a: 256 pages of node 0's 500 free; b: node 1 has none free, and
	 * the kernel may add 100 (overcommit) on any node.
	 */
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       "a"),
			 0);
	r = only(p, "host.hugetlb-free");
	assert_string_equal(r.backend, "b");
	assert_int_equal(r.host_node, 1);
	assert_string_equal(r.needed, "256 huge pages of 2048 kB on host node 1");
	assert_string_equal(r.there, "100 free");
	vnuma_preflight_free(p);
}

/*
 * bind to two nodes: the host's pool (500 free and 100 overcommit) is
 * enough for 2 x 128 pages, but faults take pages of the bound, allowed
 * nodes only (node 2 has none, node 1 is not allowed; 100 may be added):
 * populating fails; without prealloc
 * the guest would meet it later.
 */
static void hugepages_bound_to_several_nodes(void **state)
{
	vnuma_preflight *p = check(
		"-m 512M " HUGE("a", "256M",
			       ",host-nodes=1-2,policy=bind,prealloc=on") " " HUGE("b",
										  "256M",
										  ",host-nodes=1-2,policy=bind"));
	vnuma_preflight_reason r;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       NULL),
			 0);
	r = only(p, "host.prealloc");
	assert_string_equal(r.backend, "a");
	assert_int_equal(r.severity, VNUMA_PREFLIGHT_ERROR);
	assert_int_equal(count(p, "host.hugetlb-short",
			       VNUMA_PREFLIGHT_WARNING, "b"),
			 1);
	vnuma_preflight_free(p);
}

/* interleave and preferred fall back to any allowed node: they fit. */
static void hugepages_interleave_and_preferred(void **state)
{
	vnuma_preflight *p = check(
		"-m 512M " HUGE("a", "256M",
				",host-nodes=0,host-nodes=2,policy=interleave,"
				"prealloc=on") " " HUGE("b", "256M",
							",host-nodes=2,"
							"policy=preferred,"
							"prealloc=on"));

	(void)state;
	assert_true(vnuma_preflight_fits(p));
	vnuma_preflight_free(p);
	/* 591 pages: more than 500 free, less 10 reserved, and 100 more. */
	p = check("-m 1182M " HUGE("a", "1182M", ",prealloc=on"));
	assert_false(vnuma_preflight_fits(p));
	assert_string_equal(only(p, "host.hugetlb-free").there, "590 free");
	vnuma_preflight_free(p);
	/* Without prealloc and reserve, nothing is taken at start. */
	p = check("-m 1202M " HUGE("a", "1202M", ",reserve=off"));
	assert_true(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.hugetlb-short",
			       VNUMA_PREFLIGHT_WARNING, "a"),
			 1);
	vnuma_preflight_free(p);
}

/*
 * Bound to node 0 alone, 595 pages fit its 500 free and the 100 the
 * kernel may add, but not the host's pool less the 10 pages other
 * mappings have reserved: mmap would fail.
 */
static void hugepages_reserved_by_others(void **state)
{
	vnuma_preflight *p = check(
		"-m 1190M " HUGE("a", "600M", ",host-nodes=0,policy=bind") " " HUGE(
			"b", "590M", ",host-nodes=0,policy=bind"));
	vnuma_preflight_reason r;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	r = only(p, "host.hugetlb-free");
	assert_string_equal(r.backend, "a");
	assert_int_equal(r.host_node, -1);
	assert_string_equal(r.needed, "595 huge pages of 2048 kB on the host");
	assert_string_equal(r.there, "590 free");
	vnuma_preflight_free(p);
}

/* 1 GiB pages: 5 free on the host, 1 on the nodes this process may use. */
static void hugepages_reserved_within_the_cpuset(void **state)
{
	vnuma_preflight *p = check(
		"-m 2G -object memory-backend-memfd,id=g,size=2G,hugetlb=on,"
		"hugetlbsize=1G -numa node,memdev=g");
	vnuma_preflight_reason r;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	r = only(p, "host.fd-map");
	assert_string_equal(r.backend, "g");
	assert_string_equal(r.there, "1 free on nodes 0,2");
	vnuma_preflight_free(p);
}

/* The hugetlb cgroup allows 1022 MiB more of 2 MiB pages. */
static void hugetlb_cgroup(void **state)
{
	vnuma_preflight *p =
		check("-m 1100M " HUGE("a", "600M", ",prealloc=on") " " HUGE(
			"b", "500M", ",prealloc=on"));

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	/* Populated together: whichever faults last fails. */
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "a"),
			 1);
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "b"),
			 1);
	vnuma_preflight_free(p);
	p = check("-m 1100M " HUGE("a", "1100M", ",reserve=off"));
	assert_true(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.cgroup-hugetlb",
			       VNUMA_PREFLIGHT_WARNING, "a"),
			 1);
	vnuma_preflight_free(p);
}

/*
 * machine.slice, the parent, allows 900 MiB of 2 MiB pages, less than the
 * process's own cgroup (1022 MiB more).
 */
static void hugetlb_cgroup_of_a_parent(void **state)
{
	vnuma_preflight *p = check("-m 950M " HUGE("a", "950M", ",prealloc=on"));
	vnuma_preflight_reason r;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	r = only(p, "host.prealloc");
	assert_string_equal(r.backend, "a");
	assert_string_equal(r.there, "943718400 bytes (hugetlb.max 943718400, "
				     "in use 0)");
	vnuma_preflight_free(p);
}

/*
 * Two 1 GiB backends populated together from the nodes this process may
 * use (node 0: 1 free; node 1, with 4, is not among them): each mapping
 * reserves one page, which the allowed nodes have, and the host has 5,
 * but the second fault finds none.
 */
static void hugepages_populated_together(void **state)
{
	vnuma_preflight *p = check(
		"-m 2G -object memory-backend-memfd,id=g,size=1G,hugetlb=on,"
		"hugetlbsize=1G,prealloc=on -numa node,memdev=g "
		"-object memory-backend-memfd,id=k,size=1G,hugetlb=on,"
		"hugetlbsize=1G,prealloc=on,host-nodes=0,policy=preferred "
		"-numa node,memdev=k");

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "g"),
			 1);
	assert_int_equal(count(p, "host.prealloc", VNUMA_PREFLIGHT_ERROR, "k"),
			 1);
	assert_int_equal(count(p, "host.fd-map", VNUMA_PREFLIGHT_ERROR, NULL),
			 0);
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       NULL),
			 0);
	vnuma_preflight_free(p);
	/* One of them alone fits. */
	p = check("-m 1G -object memory-backend-memfd,id=g,size=1G,hugetlb=on,"
		  "hugetlbsize=1G,prealloc=on -numa node,memdev=g");
	assert_true(vnuma_preflight_fits(p));
	vnuma_preflight_free(p);
}

/* machine.slice allows 1 GiB + 128 MiB more: the tightest level counts. */
static void memory_cgroup(void **state)
{
	vnuma_preflight *p =
		check("-m 2G " RAM("a", "1G", ",prealloc=on") " " RAM(
			"b", "1G", ",prealloc=on"));
	vnuma_preflight_reason r;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	r = only(p, "host.cgroup-memory");
	assert_string_equal(r.backend, "a");
	assert_string_equal(r.needed, "2147483648 bytes preallocated");
	assert_non_null(strstr(r.there, "1207959552 bytes"));
	assert_non_null(strstr(r.message, "machine.slice allows"));
	vnuma_preflight_free(p);
	p = check("-m 2G " RAM("a", "2G", ""));
	assert_true(vnuma_preflight_fits(p));
	assert_int_equal(count(p, "host.cgroup-memory-short",
			       VNUMA_PREFLIGHT_WARNING, "a"),
			 1);
	vnuma_preflight_free(p);
}

/* Node 2 has 1 GiB free: a warning, the kernel may reclaim. */
static void free_memory_is_a_warning(void **state)
{
	vnuma_preflight *p =
		check("-m 1536M " RAM("a", "1536M", ",host-nodes=2,policy=bind"));
	vnuma_preflight_reason r;

	(void)state;
	r = only(p, "host.free-memory");
	assert_int_equal(r.severity, VNUMA_PREFLIGHT_WARNING);
	assert_int_equal(r.host_node, 2);
	assert_string_equal(r.there, "1073741824 bytes free");
	vnuma_preflight_free(p);
	/* preferred: its node */
	p = check("-m 1536M " RAM("a", "1536M",
				  ",host-nodes=2,policy=preferred"));
	r = only(p, "host.free-memory");
	assert_int_equal(r.severity, VNUMA_PREFLIGHT_WARNING);
	assert_int_equal(r.host_node, 2);
	assert_string_equal(r.needed, "1610612736 bytes");
	vnuma_preflight_free(p);
	/* interleave over nodes 0 and 2: 1.5 GiB each, node 2 short */
	p = check("-m 3G " RAM("a", "3G",
			       ",host-nodes=0,host-nodes=2,policy=interleave"));
	assert_true(vnuma_preflight_fits(p));
	r = only(p, "host.free-memory");
	assert_int_equal(r.host_node, 2);
	assert_string_equal(r.needed, "1610612736 bytes");
	assert_string_equal(r.there, "1073741824 bytes free");
	vnuma_preflight_free(p);
	/* each node's share fits */
	p = check("-m 2G " RAM("a", "2G",
			       ",host-nodes=0,host-nodes=2,policy=interleave"));
	assert_int_equal(count(p, "host.free-memory", VNUMA_PREFLIGHT_WARNING,
			       "a"),
			 0);
	vnuma_preflight_free(p);
}

/*
 * A thread-context on CPU 0 (outside cpuset.cpus 1-3,12): its threads
 * cannot start; on CPU 1 (outside the affinity 0,2-7,12-13, inside the
 * cpuset) they can. CPUs 0 and 1 are online on every host this runs on.
 */
static void thread_context(void **state)
{
	vnuma_preflight *p = check(
		"-m 64M -object thread-context,id=t0,cpu-affinity=0 -object "
		"thread-context,id=t1,cpu-affinity=1 " RAM(
			"a", "32M", ",prealloc=on,prealloc-context=t0") " " RAM("b",
										"32M",
										",prealloc=on,prealloc-context=t1"));
	vnuma_preflight_reason r;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	r = only(p, "host.prealloc-affinity");
	assert_string_equal(r.backend, "a");
	assert_int_equal(r.severity, VNUMA_PREFLIGHT_ERROR);
	r = only(p, "host.thread-context-cpus");
	assert_string_equal(r.backend, "b");
	assert_int_equal(r.severity, VNUMA_PREFLIGHT_WARNING);
	vnuma_preflight_free(p);
}

/*
 * Without cpuset.cpus.effective in its own cgroup (the controller not
 * enabled down to it), the nearest ancestor's counts: machine.slice's
 * "1", found under the cgroup2 mount that mountinfo names.
 */
static void cpuset_of_an_ancestor(void **state)
{
	vnuma_hostinfo *h = probe();
	vnuma_preflight *p;
	vnuma_preflight_reason r;

	(void)state;
	free(h->cpus_eff);
	h->cpus_eff = NULL;
	p = check_with(h, "-m 64M -object thread-context,id=t0,cpu-affinity=0 " RAM(
				  "a", "64M", ",prealloc=on,prealloc-context=t0"));
	r = only(p, "host.prealloc-affinity");
	assert_string_equal(r.there, "none in cpuset.cpus 1");
	vnuma_preflight_free(p);
	vnuma_hostinfo_free(h);
}

/* 64 threads on an affinity of 9 CPUs. */
static void prealloc_threads(void **state)
{
	vnuma_preflight *p =
		check("-m 64M " RAM("a", "64M", ",prealloc=on,prealloc-threads=64"));
	vnuma_preflight_reason r;

	(void)state;
	assert_true(vnuma_preflight_fits(p));
	r = only(p, "host.prealloc-threads");
	assert_string_equal(r.needed, "64 threads");
	assert_string_equal(r.there, "9 CPUs (0,2-7,12-13)");
	vnuma_preflight_free(p);
}

/* mbind and move_pages refused (a live probe under seccomp shows it). */
static void syscalls_refused(void **state)
{
	vnuma_hostinfo *h = probe();
	vnuma_preflight *p;
	vnuma_preflight_reason r;

	(void)state;
	h->mbind = VNUMA_HOSTINFO_SYSCALL_REFUSED;
	h->mbind_errno = 1;
	h->move_pages = VNUMA_HOSTINFO_SYSCALL_REFUSED;
	h->move_pages_errno = 1;
	p = check_with(h, "-m 64M " RAM("a", "32M", ",host-nodes=0,policy=bind")
				  " " RAM("b", "32M", ""));
	assert_false(vnuma_preflight_fits(p));
	r = only(p, "host.mbind");
	assert_string_equal(r.backend, "a");
	assert_string_equal(r.there, "refused: Operation not permitted");
	r = only(p, "host.move-pages");
	assert_null(r.backend);
	vnuma_preflight_free(p);
	/*
	 * move_pages alone: vnuma_host_realize() never calls it, but
	 * `vnuma --realize` measures the placement after it and fails with
	 * host.move-pages (exit 3), so the verdict is "cannot".
	 */
	h->mbind = VNUMA_HOSTINFO_SYSCALL_PERMITTED;
	p = check_with(h, "-m 64M " RAM("a", "32M", ",host-nodes=0,policy=bind")
				  " " RAM("b", "32M", ""));
	assert_false(vnuma_preflight_fits(p));
	r = only(p, "host.move-pages");
	assert_int_equal(r.severity, VNUMA_PREFLIGHT_ERROR);
	vnuma_preflight_free(p);
	vnuma_hostinfo_free(h);
}

static void file_backends(void **state)
{
	vnuma_preflight *p = check(
		"-m 64M -object memory-backend-file,id=f,size=32M,"
		"mem-path=/nonexistent-vnuma/dir/x -numa node,memdev=f "
		"-object memory-backend-file,id=r,size=32M,mem-path=/dev/zero,"
		"readonly=on -numa node,memdev=r");

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	assert_string_equal(only(p, "host.file-open").backend, "f");
	vnuma_preflight_free(p);
}

/*
 * prealloc=on with readonly=on is a conflict of the backend's own
 * options: rejected as realizing rejects it (VNUMA_E_CONFLICT, exit 1),
 * before any host fact, not a reason of the verdict.
 */
static void readonly_prealloc_is_rejected(void **state)
{
	const char *argv[] = { "-m", "64M", "-object",
			       "memory-backend-file,id=f,size=32M,"
			       "mem-path=/nonexistent-vnuma/dir/x",
			       "-numa", "node,memdev=f", "-object",
			       "memory-backend-file,id=r,size=32M,"
			       "mem-path=/dev/zero,readonly=on,prealloc=on",
			       "-numa", "node,memdev=r" };
	vnuma_hostinfo *h = probe();
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_preflight *p = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, 10, argv, 0, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, NULL), 0);
	assert_int_equal(vnuma_preflight_check(&p, t, h, &e),
			 VNUMA_E_CONFLICT);
	assert_null(p);
	assert_string_equal(vnuma_error_check(e), "host.readonly-prealloc");
	assert_non_null(strstr(vnuma_error_message(e), "memory backend r"));
	vnuma_error_free(e);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	vnuma_hostinfo_free(h);
}

/* Every reason of one configuration is listed, not the first only. */
static void all_at_once(void **state)
{
	vnuma_preflight *p = check(
		"-m 3G -object thread-context,id=t0,cpu-affinity=0 " RAM(
			"n", "64M", ",host-nodes=7,policy=bind") " " RAM("o", "64M",
									  ",host-nodes=4,policy=preferred") " " HUGE("h",
																  "512M",
																  ",host-nodes=1,policy=bind") " " RAM("c",
																				       "2G",
																				       ",prealloc=on,prealloc-context=t0") " " RAM("z",
																										   "384M",
																										   ""));
	size_t errors = 0;

	(void)state;
	assert_false(vnuma_preflight_fits(p));
	for (size_t i = 0; i < vnuma_preflight_reason_count(p); i++)
		errors += reason(p, i).severity == VNUMA_PREFLIGHT_ERROR;
	assert_int_equal(count(p, "host.mbind", VNUMA_PREFLIGHT_ERROR, "n"), 1);
	assert_int_equal(count(p, "host.mbind", VNUMA_PREFLIGHT_ERROR, "o"), 1);
	assert_int_equal(count(p, "host.hugetlb-free", VNUMA_PREFLIGHT_ERROR,
			       "h"),
			 1);
	assert_int_equal(count(p, "host.mbind", VNUMA_PREFLIGHT_ERROR, "h"), 1);
	assert_int_equal(count(p, "host.prealloc-affinity",
			       VNUMA_PREFLIGHT_ERROR, "c"),
			 1);
	assert_int_equal(count(p, "host.cgroup-memory", VNUMA_PREFLIGHT_ERROR,
			       "c"),
			 1);
	assert_int_equal(errors, 6);
	vnuma_preflight_free(p);
}

static void api_edges(void **state)
{
	vnuma_hostinfo *h = probe();
	vnuma_preflight *p = NULL;
	vnuma_preflight_reason r = VNUMA_INFO_INIT(vnuma_preflight_reason);
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_preflight_check(&p, NULL, h, &e), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	assert_null(p);
	vnuma_error_free(e);
	assert_false(vnuma_preflight_fits(NULL));
	assert_int_equal(vnuma_preflight_reason_count(NULL), 0);
	vnuma_preflight_free(NULL);
	p = check_with(h, "-m 64M " RAM("a", "64M", ",host-nodes=7,policy=bind"));
	assert_int_equal(vnuma_preflight_reason_get(&r, p, 1), VNUMA_E_INVAL);
	r.struct_size = sizeof(size_t);
	assert_int_equal(vnuma_preflight_reason_get(&r, p, 0), VNUMA_E_INVAL);
	vnuma_preflight_free(p);
	vnuma_hostinfo_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fits_small),
		cmocka_unit_test(bad_nodes_alone_are_errors),
		cmocka_unit_test(bad_nodes_beside_a_good_one_are_warnings),
		cmocka_unit_test(hugepages_on_the_bound_node),
		cmocka_unit_test(hugepages_bound_to_several_nodes),
		cmocka_unit_test(hugepages_interleave_and_preferred),
		cmocka_unit_test(hugepages_reserved_by_others),
		cmocka_unit_test(hugepages_reserved_within_the_cpuset),
		cmocka_unit_test(hugetlb_cgroup),
		cmocka_unit_test(hugetlb_cgroup_of_a_parent),
		cmocka_unit_test(hugepages_populated_together),
		cmocka_unit_test(memory_cgroup),
		cmocka_unit_test(free_memory_is_a_warning),
		cmocka_unit_test(thread_context),
		cmocka_unit_test(cpuset_of_an_ancestor),
		cmocka_unit_test(prealloc_threads),
		cmocka_unit_test(syscalls_refused),
		cmocka_unit_test(file_backends),
		cmocka_unit_test(readonly_prealloc_is_rejected),
		cmocka_unit_test(all_at_once),
		cmocka_unit_test(api_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
