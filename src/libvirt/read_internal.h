/* SPDX-License-Identifier: MIT */
/*
 * The reader's shared state: a domain read once into what decides the
 * options libvirt 9.0 generates, and the helpers its parts share.
 */
#ifndef VNUMA_LIBVIRT_READ_INTERNAL_H
#define VNUMA_LIBVIRT_READ_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../util.h"
#include "libvirt_internal.h"

/* Larger than any cpu, cell or host node id libvirt 9.0 lets through. */
#define LV_SET_BITS 16384

/* A set in libvirt's bitmap syntax ("0-3,^2,5"). */
struct lv_set {
	uint64_t bits[LV_SET_BITS / 64];
	bool any;
};

enum lv_source { LV_SRC_DEFAULT, LV_SRC_ANON, LV_SRC_FILE, LV_SRC_MEMFD };
enum lv_access { LV_ACC_DEFAULT, LV_ACC_SHARED, LV_ACC_PRIVATE };
enum lv_alloc { LV_ALLOC_DEFAULT, LV_ALLOC_IMMEDIATE, LV_ALLOC_ONDEMAND };
enum lv_tristate { LV_UNSET, LV_YES, LV_NO };
/* <numatune> modes; LV_MODE_NONE: no <memory> element */
enum lv_mode {
	LV_MODE_NONE,
	LV_MODE_STRICT,
	LV_MODE_PREFERRED,
	LV_MODE_INTERLEAVE,
	LV_MODE_RESTRICTIVE
};

/* A <cpu><numa><cell>, in document order (libvirt wants ids 0..n-1). */
struct lv_cell {
	const xmlNode *node;
	uint64_t kib;	  /* memory, aligned as libvirt aligns it */
	const char *cpus; /* the attribute, or NULL */
	enum lv_access access;
	enum lv_tristate discard;
};

/* What one memory backend is made of (a cell, a DIMM, or pc.ram). */
struct lv_backend {
	const char *id;	   /* "ram-node0", "memdimm1", "pc.ram" */
	const char *alias; /* file name in memory_backing_dir: "ram-node0" */
	uint64_t bytes;
	long node;	    /* guest node, -1: none (pc.ram) */
	uint64_t pagesize;  /* KiB; 0: from <hugepages> for node */
	bool pagesize_set;  /* a DIMM's <source><pagesize> */
	const char *nvdimm; /* an NVDIMM's <source><path> */
	bool pmem;
	const struct lv_set *nodemask; /* a device's <source><nodemask> */
	enum lv_access access;
	enum lv_tristate discard;
	bool virtio_mem;   /* prealloc goes to the device, reserve=off */
	bool virtio_pmem;  /* a file, never preallocated */
	bool default_ram;  /* pc.ram / mach-virt.ram */
	bool prealloc_out; /* set: the device must preallocate */
};

struct lvr {
	vnuma_config *cfg;
	vnuma_error **err;
	const xmlNode *dom;
	char shortname[32]; /* libvirt's "-1-NAME" (20 characters) */
	bool arm, kvm;
	const char *machine; /* resolved: "pc-q35-7.2" */
	bool acpi, hmat;
	const xmlNode *cpu, *numa, *tune, *mb, *devices, *vcpu;
	struct lv_cell *cells;
	size_t n_cells;
	uint64_t initial_kib, max_kib;
	unsigned long slots;
	bool has_max;
	unsigned long vcpus, current;
	/* <memoryBacking> */
	enum lv_source source;
	enum lv_access access;
	bool discard, nosharepages, locked;
	enum lv_alloc alloc;
	unsigned long threads;
	const xmlNode *hugepages;
	bool huge_warned;
	/* <numatune><memory> */
	enum lv_mode mode;
	struct lv_set nodeset;
	bool nvdimm; /* the machine gets nvdimm=on */
	struct vnuma__buf b;
};

/* The first element child of n named name (NULL: any), or NULL. */
const xmlNode *lv_child(const xmlNode *n, const char *name);
/* The next element sibling of n named name (NULL: any), or NULL. */
const xmlNode *lv_next(const xmlNode *n, const char *name);
/* An attribute's text, or NULL; no copy (the tree holds it). */
const char *lv_attr(const xmlNode *n, const char *name);
/* An element's text (its first text child), or "" . */
const char *lv_text(const xmlNode *n);

/* Adds an option of the generated command line (b holds its text). */
int lv_emit(struct lvr *r, const char *option);
/* Starts b afresh with fmt. */
void lv_fmt(struct lvr *r, const char *fmt, ...) VNUMA__PRINTF(2, 3);
/* Appends fmt to b. */
void lv_cat(struct lvr *r, const char *fmt, ...) VNUMA__PRINTF(2, 3);
/* A warning at element at (attribute attr): what vnuma does not model. */
int lv_warn(struct lvr *r, const xmlNode *at, const char *attr,
	    const char *fmt, ...) VNUMA__PRINTF(4, 5);

/* Parses libvirt's bitmap syntax; errors are located at at/attr. */
int lv_set_parse(struct lvr *r, struct lv_set *s, const char *text,
		 const xmlNode *at, const char *attr);
bool lv_set_has(const struct lv_set *s, size_t i);
/* Appends s as a JSON list "[0,1]" to b. */
void lv_set_json(struct lvr *r, const struct lv_set *s);
/* Appends s as libvirt's ranges, "0-1" joined by sep ("," or ",cpus="). */
void lv_set_ranges(struct lvr *r, const struct lv_set *s, const char *sep);

/* An unsigned decimal attribute or text; errors at at/attr. */
int lv_ulong(struct lvr *r, unsigned long *out, const char *text,
	     unsigned long max, const xmlNode *at, const char *attr);
/* A scaled size in KiB (rounded up); unit from the attribute unit_attr. */
int lv_kib(struct lvr *r, uint64_t *kib, const xmlNode *at, const char *value,
	   const char *unit, const char *what);
/* One of names (NULL-terminated), its index; errors at at/attr. */
int lv_enum(struct lvr *r, int *out, const char *text,
	    const char *const *names, const xmlNode *at, const char *attr);

/* read_cpu.c: -machine, -accel, -cpu, -smp. */
int lv_read_machine(struct lvr *r);
int lv_emit_machine(struct lvr *r, const char *default_ram);
int lv_emit_cpu(struct lvr *r);
int lv_emit_smp(struct lvr *r);

/* read_memory.c: <memory>, <memoryBacking>, <numatune>; backends. */
int lv_read_memory(struct lvr *r);
int lv_emit_m(struct lvr *r);
int lv_emit_backend(struct lvr *r, struct lv_backend *be);

/* read_numa.c: the cells and what hangs on them. */
int lv_read_cells(struct lvr *r);
int lv_emit_numa(struct lvr *r);

/* read_devices.c: PCI expander buses, memory devices. */
int lv_emit_devices(struct lvr *r);

#endif
