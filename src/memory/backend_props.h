/* SPDX-License-Identifier: MIT */
/*
 * The properties of -object memory-backend-*, shared by the file that
 * reads the option (backend_read.c) and the one that creates the backend
 * from what was read (backend.c); the table is backend_props.c's.
 */
#ifndef VNUMA_MEMORY_BACKEND_PROPS_H
#define VNUMA_MEMORY_BACKEND_PROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"

/* How a property's value is read. */
enum vnuma__bprop_type {
	VNUMA__BT_BOOL,
	VNUMA__BT_SIZE,
	VNUMA__BT_U32,
	VNUMA__BT_STR,
	VNUMA__BT_POLICY,
	VNUMA__BT_NODES,
};

/* The properties in the order QEMU's schema visits them. */
enum vnuma__bprop {
	VNUMA__BP_DUMP,
	VNUMA__BP_HOST_NODES,
	VNUMA__BP_MERGE,
	VNUMA__BP_POLICY,
	VNUMA__BP_PREALLOC,
	VNUMA__BP_THREADS,
	VNUMA__BP_CONTEXT,
	VNUMA__BP_SHARE,
	VNUMA__BP_RESERVE,
	VNUMA__BP_SIZE,
	VNUMA__BP_CANONICAL,
	VNUMA__BP_ALIGN,
	VNUMA__BP_DISCARD,
	VNUMA__BP_MEM_PATH,
	VNUMA__BP_PMEM,
	VNUMA__BP_READONLY,
	VNUMA__BP_HUGETLB,
	VNUMA__BP_HUGETLBSIZE,
	VNUMA__BP_SEAL,
	VNUMA__BP_COUNT
};

/*
 * "plain" properties are stored as they are, at off in the backend; the
 * others have a setter with checks (backend.c's set_checked()).
 */
struct vnuma__bprop_def {
	const char *name;
	enum vnuma__bprop_type type;
	unsigned kinds; /* the kinds that have it: 1u << vnuma__backend_kind */
	bool mandatory;
	bool plain;
	size_t off;
};

extern const struct vnuma__bprop_def vnuma__bprops[VNUMA__BP_COUNT];
/* QEMU's names, indexed by enum vnuma__backend_kind and vnuma__host_policy. */
extern const char *const vnuma__backend_kind_names[];
extern const char *const vnuma__backend_policy_names[]; /* NULL-terminated */
/*
 * Every value of QEMU 7.2's ObjectType (NULL-terminated): a type outside
 * it is QEMU's error, a type inside it that is no memory backend vnuma
 * handles is vnuma's.
 */
extern const char *const vnuma__qemu_object_types[];

/* One -object entry as read from the command line. */
struct vnuma__bparsed {
	const struct vnuma__opts *o;
	enum vnuma__backend_kind kind;
	const char *id;
	const struct vnuma__opt *opt[VNUMA__BP_COUNT]; /* NULL: not given */
	bool b[VNUMA__BP_COUNT];
	uint64_t u[VNUMA__BP_COUNT];
	uint64_t *nodes; /* host-nodes in the order given */
	size_t n_nodes;
	bool ctx;	  /* a thread-context: thread_ctx.c's */
	bool json_before; /* a JSON -object comes before this one */
};

/*
 * What QEMU checks while it reads the -object cfg->e[entry]: its id among
 * the earlier ones, its type, and each property's value, into *p (whose
 * nodes the caller frees, whatever the result). A thread-context is
 * read by thread_ctx.c (p->ctx). Errors: those of the checks.
 */
int vnuma__backend_read(struct vnuma__bparsed *p,
			const struct vnuma_config *cfg, size_t entry,
			vnuma_error **err);

#endif
