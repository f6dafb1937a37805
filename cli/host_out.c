/* SPDX-License-Identifier: MIT */
/* vnuma --host: the host model as text or as one JSON object */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "host_out.h"
#include "vnuma/vnuma.h"

/* Page sizes as the kernel names its directories, in kB. */
static void put_huge_size(uint64_t bytes)
{
	printf("%" PRIu64 "kB", bytes >> 10);
}

/* "permitted", "refused: EPERM's text", or null when not asked. */
static char *syscall_text(char *buf, size_t n, int state, int errnum)
{
	if (state == VNUMA_HOSTINFO_SYSCALL_PERMITTED)
		snprintf(buf, n, "permitted");
	else if (state == VNUMA_HOSTINFO_SYSCALL_REFUSED)
		snprintf(buf, n, "refused: %s", strerror(errnum));
	else
		return NULL;
	return buf;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Bytes that may be "max" (UINT64_MAX) or absent. */
static json_t *limit_json(bool has, uint64_t v)
{
	if (!has)
		return json_null();
	if (v == UINT64_MAX)
		return json_string("max");
	return json_integer((json_int_t)v);
}

static void put_limit(bool has, uint64_t v)
{
	if (!has)
		fputs("absent", stdout);
	else if (v == UINT64_MAX)
		fputs("max", stdout);
	else
		printf("%" PRIu64, v);
}

static json_t *node_json(const vnuma_hostinfo *h, size_t i)
{
	vnuma_hostinfo_node n = VNUMA_INFO_INIT(vnuma_hostinfo_node);
	json_t *o = json_object(), *d = json_array(), *hp = json_array();

	vnuma_hostinfo_node_get(&n, h, i);
	for (size_t k = 0; k < n.distance_count; k++)
		json_array_append_new(d, json_integer(n.distances[k]));
	for (size_t k = 0; k < n.hugepage_size_count; k++) {
		vnuma_hostinfo_hugepages p = VNUMA_INFO_INIT(
			vnuma_hostinfo_hugepages);
		json_t *po = json_object();

		vnuma_hostinfo_node_hugepages(&p, h, i, k);
		json_object_set_new(po, "page-size",
				    json_integer((json_int_t)p.page_size));
		json_object_set_new(po, "total",
				    json_integer((json_int_t)p.total));
		json_object_set_new(po, "free",
				    json_integer((json_int_t)p.free));
		json_object_set_new(po, "surplus",
				    json_integer((json_int_t)p.surplus));
		json_array_append_new(hp, po);
	}
	json_object_set_new(o, "id", json_integer(n.id));
	json_object_set_new(o, "online", json_boolean(n.online));
	json_object_set_new(o, "cpus", str_or_null(n.cpus));
	json_object_set_new(o, "mem-total",
			    n.has_meminfo ?
				    json_integer((json_int_t)n.mem_total) :
				    json_null());
	json_object_set_new(o, "mem-free",
			    n.has_meminfo ?
				    json_integer((json_int_t)n.mem_free) :
				    json_null());
	json_object_set_new(o, "distances", d);
	json_object_set_new(o, "hugepages", hp);
	json_object_set_new(o, "memory-tier",
			    n.memory_tier >= 0 ? json_integer(n.memory_tier) :
						 json_null());
	json_object_set_new(o, "access0-initiators",
			    str_or_null(n.access0_initiators));
	json_object_set_new(o, "access0-read-latency",
			    json_integer((json_int_t)n.access0_read_latency));
	json_object_set_new(o, "access0-write-latency",
			    json_integer((json_int_t)n.access0_write_latency));
	json_object_set_new(o, "access0-read-bandwidth",
			    json_integer(
				    (json_int_t)n.access0_read_bandwidth));
	json_object_set_new(o, "access0-write-bandwidth",
			    json_integer(
				    (json_int_t)n.access0_write_bandwidth));
	return o;
}

/* The host-wide pools of /sys/kernel/mm/hugepages. */
static json_t *pools_json(const vnuma_hostinfo *h, size_t count)
{
	json_t *a = json_array();

	for (size_t k = 0; k < count; k++) {
		vnuma_hostinfo_pool p = VNUMA_INFO_INIT(vnuma_hostinfo_pool);
		json_t *o = json_object();

		vnuma_hostinfo_pool_get(&p, h, k);
		json_object_set_new(o, "page-size",
				    json_integer((json_int_t)p.page_size));
		json_object_set_new(o, "total",
				    json_integer((json_int_t)p.total));
		json_object_set_new(o, "free",
				    json_integer((json_int_t)p.free));
		json_object_set_new(o, "reserved",
				    json_integer((json_int_t)p.reserved));
		json_object_set_new(o, "surplus",
				    json_integer((json_int_t)p.surplus));
		json_object_set_new(o, "overcommit",
				    json_integer((json_int_t)p.overcommit));
		json_array_append_new(a, o);
	}
	return a;
}

/* The memory cgroup's tightest level, or null without a limit. */
static json_t *memory_room_json(const vnuma_hostinfo_limits *l)
{
	json_t *o;

	if (!l->memory_room_cgroup)
		return json_null();
	o = json_object();
	json_object_set_new(o, "bytes",
			    json_integer((json_int_t)l->memory_room));
	json_object_set_new(o, "cgroup", json_string(l->memory_room_cgroup));
	json_object_set_new(o, "max",
			    json_integer((json_int_t)l->memory_room_max));
	json_object_set_new(o, "current",
			    json_integer((json_int_t)l->memory_room_current));
	json_object_set_new(o, "reclaimable",
			    json_integer((json_int_t)l->memory_room_cache));
	return o;
}

static int print_json(const vnuma_hostinfo *h)
{
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	json_t *doc = json_object(), *host = json_object(),
	       *nodes = json_array(), *proc = json_object(),
	       *tlb = json_array();
	char buf[128], buf2[128];
	char *s;

	for (size_t i = 0; i < vnuma_hostinfo_node_count(h); i++)
		json_array_append_new(nodes, node_json(h, i));
	vnuma_hostinfo_limits_get(&l, h);
	for (size_t k = 0; k < l.hugetlb_count; k++) {
		vnuma_hostinfo_hugetlb t = VNUMA_INFO_INIT(
			vnuma_hostinfo_hugetlb);
		json_t *o = json_object();

		vnuma_hostinfo_hugetlb_limit(&t, h, k);
		json_object_set_new(o, "page-size",
				    json_integer((json_int_t)t.page_size));
		json_object_set_new(o, "max", limit_json(t.has_max, t.max));
		json_object_set_new(o, "current",
				    t.has_current ?
					    json_integer(
						    (json_int_t)t.current) :
					    json_null());
		json_object_set_new(o, "room", limit_json(true, t.room));
		json_array_append_new(tlb, o);
	}
	json_object_set_new(proc, "cgroup", str_or_null(l.cgroup));
	json_object_set_new(proc, "cpus-effective",
			    str_or_null(l.cpus_effective));
	json_object_set_new(proc, "mems-effective",
			    str_or_null(l.mems_effective));
	json_object_set_new(proc, "memory-max",
			    limit_json(l.has_memory_max, l.memory_max));
	json_object_set_new(proc, "hugetlb", tlb);
	json_object_set_new(proc, "mems-allowed", str_or_null(l.mems_allowed));
	json_object_set_new(proc, "memory-current",
			    limit_json(l.has_memory_current,
				       l.memory_current));
	json_object_set_new(proc, "memory-room", memory_room_json(&l));
	json_object_set_new(proc, "affinity", str_or_null(l.affinity));
	json_object_set_new(proc, "mbind",
			    str_or_null(syscall_text(buf, sizeof(buf), l.mbind,
						     l.mbind_errno)));
	json_object_set_new(proc, "move-pages",
			    str_or_null(syscall_text(buf2, sizeof(buf2),
						     l.move_pages,
						     l.move_pages_errno)));
	json_object_set_new(host, "nodes", nodes);
	json_object_set_new(host, "thp", str_or_null(l.thp));
	json_object_set_new(host, "pools", pools_json(h, l.pool_count));
	json_object_set_new(host, "process", proc);
	json_object_set_new(doc, "schema", json_integer(1));
	json_object_set_new(doc, "host", host);
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!s)
		return cli_oom();
	printf("%s\n", s);
	cli_out_emitted();
	free(s);
	return EXIT_ACCEPTED;
}

static void print_node(const vnuma_hostinfo *h, size_t i)
{
	vnuma_hostinfo_node n = VNUMA_INFO_INIT(vnuma_hostinfo_node);

	vnuma_hostinfo_node_get(&n, h, i);
	printf("node %u: %s, cpus %s\n", n.id, n.online ? "online" : "offline",
	       !n.cpus ? "absent" :
	       *n.cpus ? n.cpus :
			 "none");
	if (n.has_meminfo)
		printf("  memory: %" PRIu64 " bytes, %" PRIu64 " free\n",
		       n.mem_total, n.mem_free);
	if (n.distance_count) {
		fputs("  distances:", stdout);
		for (size_t k = 0; k < n.distance_count; k++)
			printf(" %u", n.distances[k]);
		putchar('\n');
	}
	for (size_t k = 0; k < n.hugepage_size_count; k++) {
		vnuma_hostinfo_hugepages p = VNUMA_INFO_INIT(
			vnuma_hostinfo_hugepages);

		vnuma_hostinfo_node_hugepages(&p, h, i, k);
		fputs("  hugepages-", stdout);
		put_huge_size(p.page_size);
		printf(": %" PRIu64 " total, %" PRIu64 " free, %" PRIu64
		       " surplus\n",
		       p.total, p.free, p.surplus);
	}
	if (n.memory_tier >= 0)
		printf("  memory tier: %d\n", n.memory_tier);
	if (n.access0_initiators)
		printf("  access0 initiators: %s; latency read %" PRIu64
		       " ns, write %" PRIu64 " ns; bandwidth read %" PRIu64
		       " MB/s, write %" PRIu64 " MB/s\n",
		       *n.access0_initiators ? n.access0_initiators : "none",
		       n.access0_read_latency, n.access0_write_latency,
		       n.access0_read_bandwidth, n.access0_write_bandwidth);
}

static void print_text(const vnuma_hostinfo *h)
{
	vnuma_hostinfo_limits l = VNUMA_INFO_INIT(vnuma_hostinfo_limits);
	char buf[128];

	printf("host nodes: %zu\n", vnuma_hostinfo_node_count(h));
	for (size_t i = 0; i < vnuma_hostinfo_node_count(h); i++)
		print_node(h, i);
	vnuma_hostinfo_limits_get(&l, h);
	printf("transparent hugepages: %s\n", l.thp ? l.thp : "absent");
	for (size_t k = 0; k < l.pool_count; k++) {
		vnuma_hostinfo_pool p = VNUMA_INFO_INIT(vnuma_hostinfo_pool);

		vnuma_hostinfo_pool_get(&p, h, k);
		fputs("pool hugepages-", stdout);
		put_huge_size(p.page_size);
		printf(": %" PRIu64 " total, %" PRIu64 " free, %" PRIu64
		       " reserved, %" PRIu64 " surplus, %" PRIu64
		       " overcommit\n",
		       p.total, p.free, p.reserved, p.surplus, p.overcommit);
	}
	printf("mems allowed: %s\n",
	       l.mems_allowed ? l.mems_allowed : "absent");
	printf("cgroup: %s\n", l.cgroup ? l.cgroup : "absent (not v2)");
	if (l.cgroup) {
		printf("  cpuset.cpus.effective: %s\n",
		       l.cpus_effective ? l.cpus_effective : "absent");
		printf("  cpuset.mems.effective: %s\n",
		       l.mems_effective ? l.mems_effective : "absent");
		fputs("  memory.max: ", stdout);
		put_limit(l.has_memory_max, l.memory_max);
		fputs(", memory.current: ", stdout);
		put_limit(l.has_memory_current, l.memory_current);
		putchar('\n');
	}
	if (l.memory_room_cgroup)
		printf("  memory room: %" PRIu64 " bytes at %s (max %" PRIu64
		       ", current %" PRIu64 ", reclaimable %" PRIu64 ")\n",
		       l.memory_room, l.memory_room_cgroup, l.memory_room_max,
		       l.memory_room_current, l.memory_room_cache);
	for (size_t k = 0; k < l.hugetlb_count; k++) {
		vnuma_hostinfo_hugetlb t = VNUMA_INFO_INIT(
			vnuma_hostinfo_hugetlb);

		vnuma_hostinfo_hugetlb_limit(&t, h, k);
		fputs("  hugetlb ", stdout);
		put_huge_size(t.page_size);
		fputs(": max ", stdout);
		put_limit(t.has_max, t.max);
		fputs(", current ", stdout);
		put_limit(t.has_current, t.current);
		fputs(", room with ancestors ", stdout);
		put_limit(true, t.room);
		putchar('\n');
	}
	printf("affinity: %s\n", l.affinity ? l.affinity : "absent");
	if (syscall_text(buf, sizeof(buf), l.mbind, l.mbind_errno))
		printf("mbind: %s\n", buf);
	if (syscall_text(buf, sizeof(buf), l.move_pages, l.move_pages_errno))
		printf("move_pages: %s\n", buf);
}

int cli_host_run(bool json, const char *root)
{
	vnuma_host_probe_options o = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_hostinfo *h = NULL;
	vnuma_error *e = NULL;
	int code = EXIT_ACCEPTED;

	o.root = root;
	if (vnuma_host_probe(&h, &o, &e))
		return cli_reject(json, e);
	if (json)
		code = print_json(h);
	else
		print_text(h);
	vnuma_hostinfo_free(h);
	return code;
}
