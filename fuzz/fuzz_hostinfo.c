/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the host model. Input: a small recorded tree,
 * "path\0content\0" pairs (a path ending in '/' is a directory), written
 * under a fresh temporary directory that vnuma_host_probe() then reads as
 * its root. Every getter runs on what it found; a success must describe
 * consistent facts, a failure must keep the error contract; and guests
 * planned on it give options vnuma accepts with the nodes planned.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILES 64
#define MAX_PATH 200

/* Relative, no "." or ".." component, no empty one but a trailing '/'. */
static int safe_path(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/' || strlen(p) > MAX_PATH)
		return 0;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c += n;
		if (*c == '/')
			c++;
	}
	return 1;
}

/* Makes every directory of dir/rel; the last one too when dir_too. */
static void make_dirs(const char *dir, const char *rel, int dir_too)
{
	char path[512];
	char *s;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	if (dir_too)
		mkdir(path, 0755);
}

static void write_tree(const char *dir, const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	int files = 0;

	while (p < end && files++ < MAX_FILES) {
		const char *name = p, *nul = memchr(p, '\0', (size_t)(end - p));
		const char *text, *tend;
		char path[512];
		FILE *f;

		if (!nul)
			return;
		text = nul + 1;
		tend = text < end ? memchr(text, '\0', (size_t)(end - text)) :
				    NULL;
		if (!tend)
			tend = end;
		p = tend + 1;
		if (!safe_path(name))
			continue;
		if (name[strlen(name) - 1] == '/') {
			make_dirs(dir, name, 1);
			continue;
		}
		make_dirs(dir, name, 0);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		f = fopen(path, "w");
		if (!f)
			continue;
		fwrite(text, 1, (size_t)(tend - text), f);
		fclose(f);
	}
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void check_list(const char *s)
{
	if (s)
		CHECK(strspn(s, "0123456789,-") == strlen(s));
}

static void walk(const vnuma_hostinfo *h)
{
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	unsigned prev_id = 0;

	for (size_t i = 0; i < vnuma_hostinfo_node_count(h); i++) {
		vnuma_hostinfo_node n = VNUMA_INFO_INIT(vnuma_hostinfo_node);
		uint64_t prev = 0;

		CHECK(vnuma_hostinfo_node_get(&n, h, i) == 0);
		CHECK(i == 0 || n.id > prev_id);
		prev_id = n.id;
		check_list(n.cpus);
		check_list(n.access0_initiators);
		for (size_t k = 0; k < n.distance_count; k++)
			CHECK(n.distances[k] <= 255);
		for (size_t k = 0; k < n.hugepage_size_count; k++) {
			vnuma_hostinfo_hugepages p =
				VNUMA_INFO_INIT(vnuma_hostinfo_hugepages);

			CHECK(vnuma_hostinfo_node_hugepages(&p, h, i, k) ==
			      0);
			CHECK(p.page_size > prev);
			prev = p.page_size;
		}
		CHECK(vnuma_hostinfo_node_hugepages(
			      &(vnuma_hostinfo_hugepages)VNUMA_INFO_INIT(
				      vnuma_hostinfo_hugepages),
			      h, i, n.hugepage_size_count) == VNUMA_E_INVAL);
	}
	CHECK(vnuma_hostinfo_limits_get(&l, h) == 0);
	check_list(l.cpus_effective);
	check_list(l.mems_effective);
	check_list(l.affinity);
	CHECK(!l.cgroup || l.cgroup[0] == '/');
	for (size_t k = 0; k < l.hugetlb_count; k++) {
		vnuma_hostinfo_hugetlb t =
			VNUMA_INFO_INIT(vnuma_hostinfo_hugetlb);

		CHECK(vnuma_hostinfo_hugetlb_limit(&t, h, k) == 0);
		CHECK(t.has_max || t.has_current);
	}
}

/*
 * Plans a few guests of the tree: a plan keeps the error contract, fails
 * only as the header says, and its options are a configuration vnuma's
 * QEMU 7.2 model accepts with the nodes planned.
 */
static void plan(const vnuma_hostinfo *h, const uint8_t *data, size_t size)
{
	static const uint64_t mem[] = { 64 << 20, 1 << 30, (uint64_t)5 << 30 };
	static const uint64_t huge[] = { 0, 2 << 20, 1 << 30 };

	for (size_t r = 0; r < 3; r++) {
		uint8_t b = size > r ? data[size - 1 - r] : (uint8_t)r;
		vnuma_plan_options o = VNUMA_PLAN_OPTIONS_INIT;
		vnuma_plan_info in = VNUMA_INFO_INIT(vnuma_plan_info);
		vnuma_config *cfg = NULL;
		vnuma_topology *t = NULL;
		vnuma_plan *p = NULL;
		vnuma_error *e = NULL;
		const char *argv[512];
		int rc;

		o.vcpus = 1 + (b & 3);
		o.memory = mem[(b >> 2) % 3];
		o.hugepage_size = huge[(b >> 4) % 3];
		o.nodes = (b >> 6) * 2;
		rc = vnuma_plan_new(&p, h, &o, &e);
		check_contract(rc, e);
		vnuma_error_free(e);
		e = NULL;
		if (rc) {
			CHECK(rc == VNUMA_E_HOST || rc == VNUMA_E_RANGE ||
			      rc == VNUMA_E_NOMEM);
			continue;
		}
		CHECK(vnuma_plan_info_get(&in, p) == 0);
		CHECK(in.option_count <= 256);
		for (size_t i = 0; i < in.option_count; i++) {
			vnuma_plan_option op = VNUMA_INFO_INIT(vnuma_plan_option);

			CHECK(vnuma_plan_option_get(&op, p, i) == 0);
			argv[2 * i] = op.name;
			argv[2 * i + 1] = op.value;
		}
		CHECK(vnuma_config_new(&cfg, NULL, NULL) == 0);
		rc = vnuma_config_add_argv(cfg, (int)(2 * in.option_count),
					   argv, 0, &e);
		if (!rc)
			rc = vnuma_topology_new(&t, cfg, &e);
		CHECK(rc == 0 || rc == VNUMA_E_NOMEM);
		if (!rc)
			CHECK(vnuma_topology_node_count(t) == in.node_count);
		vnuma_topology_free(t);
		vnuma_config_free(cfg);
		vnuma_error_free(e);
		vnuma_plan_free(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	char dir[] = "/tmp/vnuma-fuzz-hostinfo-XXXXXX";
	vnuma_hostinfo *h = NULL;
	vnuma_error *e = NULL;
	int rc;

	if (size > 16384 || !mkdtemp(dir))
		return 0;
	write_tree(dir, data, size);
	o.root = dir;
	rc = vnuma_host_probe(&h, &o, &e);
	check_contract(rc, e);
	CHECK((rc == 0) == (h != NULL));
	if (h) {
		walk(h);
		plan(h, data, size);
	} else
		CHECK(rc == VNUMA_E_HOST || rc == VNUMA_E_NOMEM);
	vnuma_hostinfo_free(h);
	vnuma_error_free(e);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
