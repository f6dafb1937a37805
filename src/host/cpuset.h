/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_HOST_CPUSET_H
#define VNUMA_HOST_CPUSET_H

#include <sched.h>
#include <stddef.h>
#include <stdint.h>

/*
 * CPU ids as vnuma lists them (uint16_t): a bitmap of the CPUs threads
 * ran on has this many bits.
 */
#define VNUMA__CPU_IDS ((size_t)UINT16_MAX + 1)

/*
 * A CPU set sized for this host: cpu_set_t holds CPU_SETSIZE (1024) CPUs
 * only, and the kernel refuses (EINVAL) a mask smaller than its
 * nr_cpu_ids, so the sets are allocated (CPU_ALLOC) and used with the
 * CPU_*_S macros.
 */
struct vnuma__cpuset {
	cpu_set_t *set;
	size_t bytes; /* CPU_ALLOC_SIZE(bits) */
	size_t bits;
};

/*
 * How many CPU ids a set must hold on a host whose possible CPUs are the
 * sysfs list `possible` ("0-4095\n"): the highest + 1; CPU_SETSIZE when
 * possible is NULL or no list.
 */
size_t vnuma__cpuset_bits(const char *possible);

/* The same for this host (/sys/devices/system/cpu/possible). */
size_t vnuma__host_cpuset_bits(void);

/* An empty set of bits CPUs; 0, or -1 when out of memory. */
int vnuma__cpuset_alloc(struct vnuma__cpuset *s, size_t bits);
void vnuma__cpuset_free(struct vnuma__cpuset *s);

/* Adds CPUs cpus[0..n) (ids beyond the set's size are no CPU here). */
void vnuma__cpuset_add(struct vnuma__cpuset *s, const uint16_t *cpus,
		       size_t n);

/*
 * The calling thread's affinity into *s (allocated here, sized for the
 * host, grown while the kernel says EINVAL). 0; -1 when out of memory;
 * else the errno of sched_getaffinity (the set is then empty).
 */
int vnuma__cpuset_affinity(struct vnuma__cpuset *s);

#endif
