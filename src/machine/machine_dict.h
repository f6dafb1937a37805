/* SPDX-License-Identifier: MIT */
/*
 * Private to src/machine/machine*.c and mdict.c, mprops.c: QEMU's merged
 * machine option dictionary and the walk that applies it.
 */
#ifndef VNUMA_MACHINE_DICT_H
#define VNUMA_MACHINE_DICT_H

#include "machine.h"

/* A member of a dotted key: "memory.size" is key "memory", sub "size". */
struct vnuma__msub {
	char *key, *value;
	const struct vnuma__opts *opts; /* where it was set last */
	const struct vnuma__opt *opt;
};

/* One top-level key: a string (value set) or a dictionary (value NULL). */
struct vnuma__mkey {
	char *key;
	char *value;
	struct vnuma__msub *sub;
	size_t n_sub, cap_sub;
	unsigned long seq; /* insertion order: QDict buckets are LIFO */
	const struct vnuma__opts *opts;
	const struct vnuma__opt *opt;
};

struct vnuma__mdict {
	struct vnuma__mkey *v;
	size_t n, cap;
	unsigned long seq;
};

/* QEMU's QDict bucket of a key (tdb_hash modulo 512). */
unsigned vnuma__mdict_bucket(const char *key);
/* Merges one -machine entry (keyval_parse_into). */
int vnuma__mdict_merge(struct vnuma__mdict *d, const struct vnuma__opts *o,
		       vnuma_error **err);
/* An option merged in as the dictionary key (-smp: "smp"). */
int vnuma__mdict_join(struct vnuma__mdict *d, const char *key,
		      const struct vnuma__opts *o, vnuma_error **err);
struct vnuma__mkey *vnuma__mdict_find(struct vnuma__mdict *d, const char *key);
struct vnuma__msub *vnuma__mdict_sub(struct vnuma__mkey *k, const char *sub);
/* Sets key.sub (creating the dictionary key); sub NULL: key only. */
int vnuma__mdict_put_sub(struct vnuma__mdict *d, const char *key,
			 const char *sub, const char *value,
			 const struct vnuma__opts *o,
			 const struct vnuma__opt *opt, vnuma_error **err);
/*
 * Sets key to a string, as an option that stands for one property does
 * (-no-acpi: acpi=off); o locates it. An existing key keeps its place.
 */
int vnuma__mdict_put(struct vnuma__mdict *d, const char *key,
		     const char *value, const struct vnuma__opts *o,
		     vnuma_error **err);
void vnuma__mdict_del(struct vnuma__mdict *d, struct vnuma__mkey *k);
/* keyval_dashify(): top-level '_' become '-'. */
int vnuma__mdict_dashify(struct vnuma__mdict *d, vnuma_error **err);
/* Indexes of the keys in QEMU's walk order (caller frees); NULL on OOM. */
size_t *vnuma__mdict_order(const struct vnuma__mdict *d);
void vnuma__mdict_fini(struct vnuma__mdict *d);

/* qemu_strtosz's warning for "0x10M"; returns VNUMA_E_NOMEM or 0. */
int vnuma__mdict_warn_hex(struct vnuma__warnings *w,
			  const struct vnuma__loc *loc, const char *s);
/*
 * props.c: records in m->props every property d sets, in QEMU's walk
 * order ("memory.size" for a member), for vnuma_topology_machine_prop().
 * Errors: VNUMA_E_NOMEM.
 */
int vnuma__machine_props_record(struct vnuma__machine *m,
				const struct vnuma__mdict *d,
				vnuma_error **err);
/* Appends a property vnuma does not interpret to m->other. */
int vnuma__machine_keep(struct vnuma__machine *m, const char *key,
			const char *value, vnuma_error **err);
/*
 * mlist.c: the list-valued -machine properties sgx-epc.N.{memdev,node}
 * and cxl-fmw.N.{targets.M,size,interleave-granularity}, checked as
 * 7.2's visitor does (missing, unexpected and mistyped members). loc
 * locates the property. Errors: VNUMA_E_MISSING, VNUMA_E_UNKNOWN,
 * VNUMA_E_SYNTAX.
 */
int vnuma__mprops_check_list(const struct vnuma__machine *m,
			     const struct vnuma__mkey *k,
			     const struct vnuma__loc *loc, vnuma_error **err);
/* Sets the machine's properties from d in QEMU's order (mprops.c). */
int vnuma__machine_apply(struct vnuma__machine *m, struct vnuma__mdict *d,
			 const struct vnuma_config *cfg,
			 struct vnuma__warnings *w, vnuma_error **err);

#endif
