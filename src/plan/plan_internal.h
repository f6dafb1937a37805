/* SPDX-License-Identifier: MIT */
/* the planner's working state and the finished plan */
#ifndef VNUMA_PLAN_INTERNAL_H
#define VNUMA_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vnuma/plan.h"

/* QEMU 7.2's limits the plan stays within. */
#define VNUMA__PLAN_MAX_NODES 128
/*
 * QEMU's default accelerator (TCG) has no x2APIC: APIC ids stop at 254,
 * so at most 255 vCPUs, and sockets whose ids that reaches.
 */
#define VNUMA__PLAN_MAX_VCPUS 255
#define VNUMA__PLAN_MAX_APIC_ID 254u
#define VNUMA__PLAN_GRANULE ((uint64_t)2 << 20)
/*
 * Bounds on what a host model may claim, so that a recorded tree's
 * nonsense ("0-4294967295", 2^64 free pages) costs neither memory nor
 * overflowing sums: CPU ids stop at 65535 (beyond x86's largest NR_CPUS,
 * 8192, with room for other architectures), and 2^52 granules is beyond
 * any machine's memory.
 */
#define VNUMA__PLAN_MAX_CPU_ID 65535u
#define VNUMA__PLAN_MAX_GRANULES ((uint64_t)1 << 52)

/* A ranges list as the kernel writes CPU and node lists ("0-3,8"). */
struct vnuma__plan_list {
	unsigned int (*r)[2];
	size_t n;
	bool all; /* the list was absent: no restriction */
};

/* A host node this process may use, while planning. */
struct vnuma__plan_host {
	unsigned int id;
	bool cpuless;	    /* the kernel lists no CPU on it at all */
	unsigned int *cpus; /* usable CPUs, increasing */
	size_t ncpus;
	uint64_t cap;		  /* granules it can hold */
	const unsigned int *dist; /* its SLIT row, borrowed from hostinfo */
	size_t ndist;
	size_t online_index;		    /* its column in the rows */
	struct vnuma__plan_list initiators; /* access0; empty when absent */
	uint64_t lb[4]; /* read/write latency, read/write bandwidth */
	/* decided by the spread */
	unsigned int vcpus;
	uint64_t granules;
	unsigned int guests; /* guest nodes it holds */
};

struct vnuma__plan_node {
	size_t host; /* index in the host array while planning */
	unsigned int host_id;
	unsigned int vcpu_first, vcpu_count;
	uint64_t memory;
	char backend[16];
	char *host_cpus;
	int initiator;
	unsigned int *pins;   /* host CPU of each of its vCPUs */
	char memory_text[32]; /* "4 GiB" */
};

struct vnuma__plan_option {
	char *name, *value, *line;
};

struct vnuma_plan {
	unsigned int vcpus;
	uint64_t memory, huge, granule;
	struct vnuma__plan_node *nodes;
	size_t nnodes;
	unsigned int sockets, cores, threads;
	bool hmat;
	struct vnuma__plan_option *opts;
	size_t nopts, capopts;
	char memory_text[32], huge_text[32]; /* "4 GiB", "2 MiB" */
};

/* The planner's state: the usable host nodes and the request. */
struct vnuma__plan_ctx {
	const vnuma_plan_options *req;
	uint64_t granule;
	struct vnuma__plan_host *hosts;
	size_t nhosts;
	unsigned int *order; /* host indexes, most preferred first */
	size_t nused;	     /* the first nused of order serve */
};

bool vnuma__plan_list_parse(struct vnuma__plan_list *l, const char *s);
bool vnuma__plan_list_has(const struct vnuma__plan_list *l, unsigned int v);
void vnuma__plan_list_fini(struct vnuma__plan_list *l);

/* Collects the usable host nodes into c (usable.c). */
int vnuma__plan_hosts(struct vnuma__plan_ctx *c, const vnuma_hostinfo *h,
		      vnuma_error **err);
/* Checks the cgroup limits against the request (usable.c). */
int vnuma__plan_limits(const struct vnuma__plan_ctx *c,
		       const vnuma_hostinfo *h, vnuma_error **err);
/* "4 GiB": a size for messages (emit.c, beside the QEMU form "4G"). */
void vnuma__plan_size_text(char *buf, size_t n, uint64_t v);
void vnuma__plan_ctx_fini(struct vnuma__plan_ctx *c);

/* Picks host nodes and spreads vCPUs and memory over them (spread.c). */
int vnuma__plan_spread(struct vnuma_plan *p, struct vnuma__plan_ctx *c,
		       vnuma_error **err);

/* The guest distance from node a to node b (emit.c). */
unsigned int vnuma__plan_distance(const struct vnuma__plan_ctx *c,
				  const struct vnuma_plan *p, size_t a,
				  size_t b);
/* Writes the QEMU options of the plan (emit.c). */
int vnuma__plan_emit(struct vnuma_plan *p, const struct vnuma__plan_ctx *c,
		     vnuma_error **err);

#endif
