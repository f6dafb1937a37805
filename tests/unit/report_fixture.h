/* SPDX-License-Identifier: MIT */
/*
 * Hand-built topologies for the report tests (the modules that build them
 * are tested on their own), and a malloc that fails on request.
 */
#ifndef VNUMA_TEST_REPORT_FIXTURE_H
#define VNUMA_TEST_REPORT_FIXTURE_H

#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "topology_internal.h"
#include "view/view_build.h"

#define FX_CPUS 16
#define FX_NODES 8
#define FX_BACKENDS 4

/*
 * Everything lives in the struct: nothing to free but the warnings, and
 * the view the reports read (fx_view() to fx_unview()).
 */
struct fixture {
	struct vnuma_topology t;
	struct vnuma__profile prof;
	struct vnuma__cpu_slot cpus[FX_CPUS];
	struct vnuma__node nodes[FX_NODES];
	uint8_t dist[FX_NODES * FX_NODES];
	struct vnuma__backend be[FX_BACKENDS];
	struct vnuma__dimm dimms[2];
	struct vnuma__pxb pxbs[2];
	struct vnuma__kv other[4];
};

static inline unsigned fx_bits(uint32_t count)
{
	unsigned b = 0;

	while ((1u << b) < count)
		b++;
	return b;
}

static inline void fx_base(struct fixture *f, uint64_t ram)
{
	memset(f, 0, sizeof(*f));
	f->t.machine.profile = &f->prof;
	f->t.machine.acpi = -1; /* auto, as without -machine acpi= */
	f->t.machine.cpus = f->cpus;
	f->t.machine.ram_size = ram;
	f->t.machine.maxram_size = ram;
	f->t.numa.max_nodes = FX_NODES;
	f->t.numa.nodes = f->nodes;
	f->t.numa.dist = f->dist;
	f->t.backends.v = f->be;
	f->t.backends.dimms = f->dimms;
	f->t.backends.pxbs = f->pxbs;
	for (int i = 0; i < FX_NODES; i++)
		f->nodes[i].initiator = FX_NODES;
}

static inline void fx_smp(struct fixture *f, uint32_t cpus, uint32_t max,
			  uint32_t sockets, uint32_t dies, uint32_t clusters,
			  uint32_t cores, uint32_t threads)
{
	struct vnuma__smp *s = &f->t.machine.smp;

	s->cpus = cpus;
	s->max_cpus = max;
	s->sockets = sockets;
	s->dies = dies;
	s->clusters = clusters;
	s->cores = cores;
	s->threads = threads;
}

/* A q35 board: x86 ids, die-id only with several dies, APIC ids. */
static inline void fx_q35(struct fixture *f, uint64_t ram, uint32_t cpus,
			  uint32_t max, uint32_t sockets, uint32_t dies,
			  uint32_t cores, uint32_t threads)
{
	unsigned tb = fx_bits(threads), cb = fx_bits(cores), db = fx_bits(dies);

	fx_base(f, ram);
	f->prof.name = "pc-q35-7.2";
	f->prof.alias = "q35";
	f->prof.arch = VNUMA__ARCH_X86;
	f->prof.board = VNUMA__BOARD_Q35;
	f->prof.smp_dies_supported = true;
	f->prof.default_ram_id = "pc.ram";
	f->t.machine.type = (char *)"q35";
	fx_smp(f, cpus, max, sockets, dies, 1, cores, threads);
	for (uint32_t i = 0; i < max; i++) {
		struct vnuma__cpu_slot *c = &f->cpus[i];

		c->index = i;
		c->thread_id = i % threads;
		c->core_id = i / threads % cores;
		c->die_id = dies > 1 ? (int64_t)(i / threads / cores % dies)
				     : -1;
		c->socket_id = i / threads / cores / dies;
		c->cluster_id = -1;
		c->has_apic_id = true;
		c->arch_id = (uint64_t)c->thread_id |
			     (uint64_t)c->core_id << tb |
			     (uint64_t)(dies > 1 ? c->die_id : 0) << (tb + cb) |
			     (uint64_t)c->socket_id << (tb + cb + db);
		c->node_id = -1;
		c->present = i < cpus;
	}
}

/* An arm virt board: socket, cluster, core and thread ids, no APIC. */
static inline void fx_virt(struct fixture *f, uint64_t ram, uint32_t cpus,
			   uint32_t max, uint32_t sockets, uint32_t clusters,
			   uint32_t cores, uint32_t threads)
{
	fx_base(f, ram);
	f->prof.name = "virt-7.2";
	f->prof.alias = "virt";
	f->prof.arch = VNUMA__ARCH_ARM;
	f->prof.board = VNUMA__BOARD_VIRT;
	f->prof.smp_clusters_supported = true;
	f->prof.default_ram_id = "mach-virt.ram";
	f->t.machine.type = (char *)"virt";
	fx_smp(f, cpus, max, sockets, 1, clusters, cores, threads);
	for (uint32_t i = 0; i < max; i++) {
		struct vnuma__cpu_slot *c = &f->cpus[i];

		c->index = i;
		c->thread_id = i % threads;
		c->core_id = i / threads % cores;
		c->cluster_id = i / threads / cores % clusters;
		c->socket_id = i / threads / cores / clusters;
		c->die_id = -1;
		c->arch_id = i;
		c->node_id = -1;
		c->present = i < cpus;
	}
}

static inline void fx_node(struct fixture *f, uint32_t id, uint64_t mem,
			   const char *memdev)
{
	f->nodes[id].present = true;
	f->nodes[id].mem = mem;
	f->nodes[id].memdev = (char *)memdev;
	if (memdev)
		f->t.numa.have_memdevs = true;
	if (id + 1 > f->t.numa.num_nodes)
		f->t.numa.num_nodes = id + 1;
}

static inline void fx_cpus_to(struct fixture *f, uint32_t first,
			      uint32_t last, int64_t node)
{
	for (uint32_t i = first; i <= last; i++)
		f->cpus[i].node_id = node;
}

static inline void fx_dist(struct fixture *f, uint32_t s, uint32_t d,
			   uint8_t v)
{
	f->t.numa.have_distance = true;
	f->dist[s * FX_NODES + d] = v;
}

static inline struct vnuma__backend *fx_ram(struct fixture *f,
					    const char *id, uint64_t size)
{
	struct vnuma__backend *b = &f->be[f->t.backends.n++];

	b->kind = VNUMA__BACKEND_RAM;
	b->id = (char *)id;
	b->size = size;
	b->merge = b->dump = b->reserve = true;
	b->policy = VNUMA__POLICY_DEFAULT;
	return b;
}

static inline void fx_dimm(struct fixture *f, const char *memdev,
			   uint32_t node, uint64_t size)
{
	struct vnuma__dimm *d = &f->dimms[f->t.backends.n_dimms++];

	fx_ram(f, memdev, size);
	d->memdev = (char *)memdev;
	d->node = node;
	d->size = size;
}

/* The finished view of the hand-built topology, as the library builds it. */
static inline void fx_view(struct fixture *f)
{
	struct vnuma__view_src src = { &f->t.machine, &f->t.numa,
				       &f->t.backends, &f->t.layout };

	vnuma__view_free(f->t.view);
	f->t.view = NULL;
	if (vnuma__view_new(&f->t.view, &src))
		abort();
}

static inline void fx_unview(struct fixture *f)
{
	vnuma__view_free(f->t.view);
	f->t.view = NULL;
}

/*
 * Failing allocations: every allocation of the process goes through these
 * while a test counts them; the nth one fails, and the blocks still live
 * from the ones made since fx_fail_at() are counted (mallinfo cannot say:
 * it counts cached free blocks as used). AddressSanitizer and valgrind
 * bring their own allocator; the tests that need this skip under them.
 */
/* gcc names AddressSanitizer one way, clang another. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FX_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(FX_UNDER_ASAN)
static inline void fx_fail_at(long n) { (void)n; }
static inline long fx_allocs(void) { return 0; }
static inline long fx_live(void) { return 0; }
static inline bool fx_can_fail(void) { return false; }
#else
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long fx_fail_n = -1; /* -1: not counting */
static long fx_count, fx_blocks;

static inline void fx_fail_at(long n)
{
	fx_fail_n = n;
	fx_count = 0;
	fx_blocks = 0;
}

/* Allocations made since fx_fail_at(). */
static inline long fx_allocs(void)
{
	return fx_count;
}

/* Blocks allocated since fx_fail_at() and not freed. */
static inline long fx_live(void)
{
	return fx_blocks;
}

static inline bool fx_fail(void)
{
	return fx_fail_n >= 0 && fx_count++ == fx_fail_n;
}

static inline void *fx_new(void *p)
{
	if (p && fx_fail_n >= 0)
		fx_blocks++;
	return p;
}

/* False when valgrind (or another tool) has taken malloc over. */
static inline bool fx_can_fail(void)
{
	/* Through a volatile pointer, or the compiler drops the pair. */
	void *(*volatile alloc)(size_t) = malloc;
	void *p;
	long seen;

	fx_fail_at(1000);
	p = alloc(1);
	seen = fx_allocs();
	fx_fail_at(-1);
	free(p);
	return seen == 1;
}

void *malloc(size_t n)
{
	return fx_new(fx_fail() ? NULL : __libc_malloc(n));
}

void *calloc(size_t n, size_t m)
{
	return fx_new(fx_fail() ? NULL : __libc_calloc(n, m));
}

void *realloc(void *p, size_t n)
{
	void *q = fx_fail() ? NULL : __libc_realloc(p, n);

	return p ? q : fx_new(q);
}

void free(void *p)
{
	if (p && fx_fail_n >= 0)
		fx_blocks--;
	__libc_free(p);
}
#endif

#endif
