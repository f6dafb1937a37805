/* SPDX-License-Identifier: MIT */
/* CPU sets as large as the host's CPU ids, not cpu_set_t's 1024. */
#include "cpuset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../kernel_list.h"

/* Beyond this a list is not believed (and a set would be 512 KiB). */
#define BITS_MAX ((size_t)1 << 22)

size_t vnuma__cpuset_bits(const char *possible)
{
	uint64_t hi;

	if (!possible || vnuma__kernel_list_max(possible, &hi) ||
	    hi >= BITS_MAX)
		return CPU_SETSIZE;
	return (size_t)hi + 1;
}

size_t vnuma__host_cpuset_bits(void)
{
	char buf[256];
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	const char *s = f ? fgets(buf, sizeof(buf), f) : NULL;

	if (f)
		fclose(f);
	return vnuma__cpuset_bits(s);
}

int vnuma__cpuset_alloc(struct vnuma__cpuset *s, size_t bits)
{
	s->bits = bits ? bits : 1;
	s->bytes = CPU_ALLOC_SIZE(s->bits);
	s->set = CPU_ALLOC(s->bits);
	if (!s->set)
		return -1;
	CPU_ZERO_S(s->bytes, s->set);
	return 0;
}

void vnuma__cpuset_free(struct vnuma__cpuset *s)
{
	CPU_FREE(s->set);
	s->set = NULL;
}

void vnuma__cpuset_add(struct vnuma__cpuset *s, const uint16_t *cpus, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cpus[i] < s->bits)
			CPU_SET_S(cpus[i], s->bytes, s->set);
}

int vnuma__cpuset_affinity(struct vnuma__cpuset *s)
{
	size_t bits = vnuma__host_cpuset_bits();

	for (;;) {
		if (vnuma__cpuset_alloc(s, bits))
			return -1;
		if (!sched_getaffinity(0, s->bytes, s->set))
			return 0;
		/* The host has more CPU ids than sysfs said (or none to
		 * read): a larger mask. */
		if (errno != EINVAL || bits >= BITS_MAX) {
			int e = errno;

			CPU_ZERO_S(s->bytes, s->set);
			return e;
		}
		vnuma__cpuset_free(s);
		bits *= 2;
	}
}
