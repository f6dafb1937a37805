/* SPDX-License-Identifier: MIT */
/*
 * Realizing a QEMU command line on this host for the host tests, and
 * looking at the process from outside the library: /proc/self/maps and
 * the open descriptors, so that a test sees what the kernel sees.
 */
#ifndef VNUMA_TEST_HOST_REALIZE_FIXTURE_H
#define VNUMA_TEST_HOST_REALIZE_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pipeline.h"

struct hrun {
	struct run r;
	vnuma_host *h;
	vnuma_error *e;
	int rc;
};

static inline struct hrun hrealize_opts(unsigned flags,
					const char *const *argv)
{
	vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
	struct hrun hr = { 0 };

	hr.r = run_opts(0, argv);
	if (hr.r.rc)
		print_error("topology: %s\n", vnuma_error_message(hr.r.e));
	assert_ok(hr.r);
	o.flags = flags;
	hr.rc = vnuma_host_realize(&hr.h, hr.r.t, NULL, &o, &hr.e);
	return hr;
}

#define HREALIZE(...) \
	hrealize_opts(0, (const char *const[]){ __VA_ARGS__, NULL })
#define HREALIZE_FLAGS(f, ...) \
	hrealize_opts(f, (const char *const[]){ __VA_ARGS__, NULL })

static inline void hrun_free(struct hrun *hr)
{
	vnuma_host_free(hr->h);
	vnuma_error_free(hr->e);
	run_free(&hr->r);
}

#define assert_realized(hr)                                              \
	do {                                                             \
		if ((hr).rc)                                             \
			print_error("realize: %s\n",                     \
				    vnuma_error_message((hr).e));        \
		assert_int_equal((hr).rc, 0);                            \
		assert_non_null((hr).h);                                 \
	} while (0)

/* Status, check id, key (NULL: none) and the exact message. */
#define assert_host_error(hr, status, check, key, msg)                   \
	do {                                                             \
		assert_int_equal((hr).rc, (status));                     \
		assert_null((hr).h);                                     \
		assert_string_equal(vnuma_error_check((hr).e), (check)); \
		if ((const char *)(key) == NULL)                         \
			assert_null(vnuma_error_key((hr).e));            \
		else                                                     \
			assert_string_equal(vnuma_error_key((hr).e),     \
					    (const char *)(key));        \
		assert_string_equal(vnuma_error_message((hr).e), (msg)); \
	} while (0)

static inline vnuma_host_region_info hregion(const struct hrun *hr,
					     size_t i)
{
	vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);

	assert_int_equal(vnuma_host_region(&r, hr->h, i), 0);
	return r;
}

/* The open descriptors of this process. */
static inline int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/*
 * The mappings of at least min bytes, or whose name holds a memfd or a
 * vnuma temporary file, one per line: what realizing can leave behind.
 * The allocator's small mappings and valgrind's executable ones come and
 * go.
 */
static inline char *big_maps(size_t min)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], *out = calloc(1, 1);
	size_t len = 0;

	assert_non_null(f);
	assert_non_null(out);
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perms[5];

		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3)
			continue;
		/*
		 * Guest memory is never executable (valgrind's own is),
		 * never inaccessible (ASan's reservations are), never
		 * beyond 1 TiB here (ASan's shadow is).
		 */
		if (strchr(perms, 'x') || !strncmp(perms, "---", 3) ||
		    hi - lo > ((unsigned long)1 << 40))
			continue;
		if (hi - lo < min && !strstr(line, "memfd:") &&
		    !strstr(line, "vnuma_back_mem"))
			continue;
		out = realloc(out, len + strlen(line) + 1);
		assert_non_null(out);
		memcpy(out + len, line, strlen(line) + 1);
		len += strlen(line);
	}
	fclose(f);
	return out;
}

/* The permissions /proc/self/maps shows for addr ("rw-p"), and the name. */
static inline void maps_of(const void *addr, char perms[5], char *name,
			   size_t cap)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];

	assert_non_null(f);
	perms[0] = '\0';
	if (name)
		name[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char p[5], *nm;

		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) != 3)
			continue;
		if ((uintptr_t)addr < lo || (uintptr_t)addr >= hi)
			continue;
		memcpy(perms, p, 5);
		nm = strchr(line, '/') ? strchr(line, '/') : strstr(line, "memfd");
		if (name && nm)
			snprintf(name, cap, "%s", nm);
		break;
	}
	fclose(f);
	if (name && strchr(name, '\n'))
		*strchr(name, '\n') = '\0';
}

#endif
