/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_LIBVIRT_CHECK_INTERNAL_H
#define VNUMA_LIBVIRT_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "libvirt_internal.h"

/*
 * What libvirt's refusals need of a domain, gathered stage by stage in
 * libvirt's order: each stage reads its elements, refuses what libvirt
 * refuses there, and leaves what later stages compare.
 */

/* libvirt's bitmaps of vCPUs and host nodes (VIR_DOMAIN_CPUMASK_LEN) */
#define LVC_BITS 16384
#define LVC_WORDS (LVC_BITS / 64)

struct lvc_cell {
	const xmlNode *node;
	uint64_t *cpus; /* NULL: no vCPU */
	uint64_t mem;	/* KiB; 0 until the cell is read */
	bool seen;
	unsigned int *levels; /* levels of its <cache>s, in order */
	size_t nlevels;
	uint64_t *memnode; /* <numatune><memnode nodeset>, NULL: none */
};

enum lvc_link_type { LVC_LATENCY, LVC_BANDWIDTH };

struct lvc_link {
	const xmlNode *node;
	enum lvc_link_type type;
	unsigned int initiator, target, cache, access;
};

struct lvc_page {
	const xmlNode *node;
	uint64_t size;	 /* KiB */
	uint64_t *nodes; /* NULL: every node (the default size) */
};

struct lvc_mem {
	const xmlNode *node;
	int model;					  /* LVC_DIMM... */
	uint64_t size, block, requested, label, pagesize; /* KiB */
	bool has_node;
	unsigned int target;
	uint64_t *nodemask; /* <source><nodemask>, NULL: none */
	bool has_slot;	    /* <address type='dimm' slot> */
	unsigned int slot;
};

enum { LVC_DIMM, LVC_NVDIMM, LVC_VIRTIO_PMEM, LVC_VIRTIO_MEM, LVC_SGX };

struct lvc {
	const xmlNode *dom;
	vnuma_error **err;
	bool kvm;	  /* <domain type='kvm'> */
	char *arch;	  /* <os><type arch> */
	char *machine;	  /* <os><type machine> */
	bool acpi, efi;	  /* <features><acpi/>, firmware='efi' */
	uint64_t memory;  /* <memory>, KiB, then the total */
	uint64_t max_mem; /* <maxMemory>, KiB; 0: none */
	unsigned int slots;
	struct lvc_page *pages;
	size_t npages;
	bool anonymous;
	unsigned int vcpus, current;
	bool placement_static;
	const xmlNode *cpu;
	char *cpu_mode, *cpu_model;
	bool topology;
	unsigned int sockets, dies, cores, threads;
	struct lvc_cell *cells;
	size_t ncells;
	struct lvc_link *links;
	size_t nlinks;
	bool tune_specified, tune_auto;
	uint64_t *tune_nodes; /* NULL: none */
	struct lvc_mem *mems;
	size_t nmems;
};

/* the stages, in libvirt's order (check.c calls them) */
int vnuma__lvc_memory(struct lvc *c);
int vnuma__lvc_vcpu(struct lvc *c);
int vnuma__lvc_cpu(struct lvc *c);
int vnuma__lvc_cells(struct lvc *c);
int vnuma__lvc_cell_cpus(struct lvc *c);
/* a <cache> of cell cur, an <interconnects> child (check_hmat.c) */
int vnuma__lvc_cache(struct lvc *c, struct lvc_cell *cell, const xmlNode *k,
		     unsigned int cur);
int vnuma__lvc_link(struct lvc *c, const xmlNode *n);
int vnuma__lvc_numatune(struct lvc *c);
int vnuma__lvc_os(struct lvc *c);
int vnuma__lvc_devices(struct lvc *c);
int vnuma__lvc_post_vcpu(struct lvc *c);
int vnuma__lvc_post_devices(struct lvc *c);
int vnuma__lvc_post_memory(struct lvc *c);
int vnuma__lvc_validate_numa(struct lvc *c);
int vnuma__lvc_validate_memory(struct lvc *c);
int vnuma__lvc_validate_name(struct lvc *c);
int vnuma__lvc_validate_machine(struct lvc *c);
int vnuma__lvc_validate_devices(struct lvc *c);
/* memory hotplug, within the driver's validation (check_devices.c) */
int vnuma__lvc_hotplug(struct lvc *c);
int vnuma__lvc_start_machine(struct lvc *c);
int vnuma__lvc_start_memory(struct lvc *c);
int vnuma__lvc_start_devices(struct lvc *c);
int vnuma__lvc_start_memdevs(struct lvc *c);
/*
 * The host's part (check_host.c): a hugetlbfs for a page size of size
 * KiB (at: the element that asks for it).
 */
int vnuma__lvc_hugetlbfs(struct lvc *c, const xmlNode *at, uint64_t size);
/* Host nodes of nodes (NULL: none) that this host lacks are refused. */
int vnuma__lvc_host_nodes(struct lvc *c, const xmlNode *at,
			  const uint64_t *nodes);

/* helpers (check_util.c) */

/* The first child element of n named name, or NULL; count: how many. */
const xmlNode *vnuma__lvc_child(const xmlNode *n, const char *name);
size_t vnuma__lvc_count(const xmlNode *n, const char *name);
/* An attribute's value (caller frees with xmlFree), NULL if absent. */
char *vnuma__lvc_prop(const xmlNode *n, const char *name);
/* An element's text (caller frees with xmlFree). */
char *vnuma__lvc_text(const xmlNode *n);
/* virStrToLong_uip: base 10, no sign, all of it */
bool vnuma__lvc_parse_uint(const char *s, unsigned int *out);
/* Element name equality. */
bool vnuma__lvc_is(const xmlNode *n, const char *name);

/*
 * virXMLPropUInt: *present tells whether the attribute is there (it may
 * be NULL when required). Refuses a value that is no unsigned number,
 * zero when nonzero, absence when required, with libvirt's message.
 */
int vnuma__lvc_uint(struct lvc *c, const xmlNode *n, const char *attr,
		    bool required, bool nonzero, unsigned int *out,
		    bool *present);
/*
 * virXMLPropEnum: *out is the index of the value in names (NULL
 * terminated), -1 when absent; names[0] refused when nonzero.
 */
int vnuma__lvc_enum(struct lvc *c, const xmlNode *n, const char *attr,
		    const char *const *names, bool required, bool nonzero,
		    int *out);
/*
 * virDomainParseMemory: the scaled value (text value, unit unit) in KiB,
 * rounded up; at is the element the value belongs to and what libvirt's
 * XPath of it ("./@memory"). value NULL: missing (refused if required,
 * else *kib = 0).
 */
int vnuma__lvc_memory_value(struct lvc *c, const xmlNode *at, const char *attr,
			    const char *value, const char *unit,
			    const char *what, bool required, uint64_t *kib);
/* virBitmapParse into a new LVC_BITS bitmap (*out, caller frees). */
int vnuma__lvc_bitmap(struct lvc *c, const xmlNode *n, const char *attr,
		      const char *text, uint64_t **out);
bool vnuma__lvc_bit(const uint64_t *m, size_t i);
/* first set bit at or after from, -1 if none; count of set bits */
long vnuma__lvc_next(const uint64_t *m, size_t from);
size_t vnuma__lvc_weight(const uint64_t *m);

#endif
