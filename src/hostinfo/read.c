/* SPDX-License-Identifier: MIT */
/* reading the host's small text files under a root */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../error_internal.h"
#include "../host/host_cpus.h"
#include "hostinfo_internal.h"
#include "../util.h"

/* sysfs files are a page at most; more is not a kernel file. */
#define HI_MAX_FILE 65536

int vnuma__hi_malformed(vnuma_error **err, const char *rel, const char *what)
{
	return vnuma__error_set(err, VNUMA_E_HOST, "host.sysfs-malformed",
				NULL, "%s: %s", rel, what);
}

int vnuma__hi_read(const struct vnuma_hostinfo *h, const char *rel,
		   char **text, vnuma_error **err)
{
	char *path = vnuma__sprintf("%s%s", h->root, rel);
	char *buf = NULL;
	size_t len = 0;
	int fd, e;

	*text = NULL;
	if (!path)
		return vnuma__error_nomem(err);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	e = errno;
	free(path);
	if (fd < 0) {
		/* A file the kernel does not have is an absent fact. */
		if (e == ENOENT || e == ENOTDIR)
			return 1;
		return vnuma__error_set_errno(err, e, "host.sysfs-read", NULL,
					      "cannot read %s", rel);
	}
	buf = malloc(HI_MAX_FILE + 1);
	if (!buf) {
		close(fd);
		return vnuma__error_nomem(err);
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, HI_MAX_FILE + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			close(fd);
			free(buf);
			return vnuma__error_set_errno(err, e,
						      "host.sysfs-read", NULL,
						      "cannot read %s", rel);
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > HI_MAX_FILE) {
			close(fd);
			free(buf);
			return vnuma__hi_malformed(err, rel, "too long");
		}
	}
	close(fd);
	if (memchr(buf, '\0', len)) {
		free(buf);
		return vnuma__hi_malformed(err, rel, "holds a NUL byte");
	}
	buf[len] = '\0';
	*text = buf;
	return 0;
}

bool vnuma__hi_u64(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*s = p;
	*v = x;
	return true;
}

int vnuma__hi_list(const struct vnuma_hostinfo *h, const char *rel, char **out,
		   vnuma_error **err)
{
	char *t;
	size_t n;
	int r = vnuma__hi_read(h, rel, &t, err);

	*out = NULL;
	if (r)
		return r < 0 ? r : 0;
	n = strlen(t);
	if (n && t[n - 1] == '\n')
		t[--n] = '\0';
	/* An empty list (a CPU-less node) is valid: the kernel writes "\n". */
	if (n &&
	    (strspn(t, "0123456789,-") != n || !vnuma__cpulist_valid(t))) {
		free(t);
		return vnuma__hi_malformed(err, rel, "not a list");
	}
	*out = t;
	return 0;
}

bool vnuma__hi_size(const char *s, uint64_t *bytes)
{
	static const struct {
		const char *suffix;
		unsigned shift;
	} units[] = { { "kB", 10 }, { "KB", 10 }, { "MB", 20 }, { "GB", 30 } };
	uint64_t v;
	size_t i;

	if (!vnuma__hi_u64(&s, &v) || !v)
		return false;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s, units[i].suffix))
			continue;
		if (v > (UINT64_MAX >> units[i].shift))
			return false;
		*bytes = v << units[i].shift;
		return true;
	}
	return false;
}

int vnuma__hi_number(const struct vnuma_hostinfo *h, const char *rel,
		     bool or_max, uint64_t *v, bool *present,
		     vnuma_error **err)
{
	char *t;
	const char *p;
	int r = vnuma__hi_read(h, rel, &t, err);

	*present = false;
	if (r)
		return r < 0 ? r : 0;
	p = t;
	if (or_max && (!strcmp(t, "max\n") || !strcmp(t, "max"))) {
		*v = UINT64_MAX;
	} else if (!vnuma__hi_u64(&p, v) || (*p && strcmp(p, "\n"))) {
		free(t);
		return vnuma__hi_malformed(err, rel,
					   or_max ? "not a number or max" :
						    "not a number");
	}
	free(t);
	*present = true;
	return 0;
}

int vnuma__hi_status_list(const struct vnuma_hostinfo *h, const char *key,
			  bool may_be_empty, char **out, vnuma_error **err)
{
	size_t kl = strlen(key), n;
	char *t, *p, *end;
	int r = vnuma__hi_read(h, "/proc/self/status", &t, err);

	*out = NULL;
	if (r)
		return r < 0 ? r : 0;
	/* at the start of a line only */
	for (p = strstr(t, key); p && p != t && p[-1] != '\n';
	     p = strstr(p + 1, key))
		;
	if (!p) {
		free(t);
		return 0;
	}
	p += kl;
	p += strspn(p, " \t");
	end = p + strcspn(p, "\n");
	n = (size_t)(end - p);
	*end = '\0';
	if ((!n && !may_be_empty) || strspn(p, "0123456789,-") != n ||
	    (n && !vnuma__cpulist_valid(p))) {
		char what[64];

		free(t);
		/* the key without its colon */
		snprintf(what, sizeof(what), "%.*s is not a list",
			 (int)(kl > 1 ? kl - 1 : kl), key);
		return vnuma__hi_malformed(err, "/proc/self/status", what);
	}
	*out = vnuma__strdup(p);
	free(t);
	return *out ? 0 : vnuma__error_nomem(err);
}
