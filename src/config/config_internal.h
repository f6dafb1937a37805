/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CONFIG_INTERNAL_H
#define VNUMA_CONFIG_INTERNAL_H

#include "vnuma/config.h"
#include "../error_internal.h"
#include "../parse/opts.h"
#include "../text_arena.h"

/*
 * The QEMU options vnuma understands; the order of entries is kept. How
 * each is read is its entry's in QEMU's option table (qemu_options.c).
 */
enum vnuma__optkind {
	VNUMA__OPT_NONE,	 /* an option of QEMU's vnuma does not read */
	VNUMA__OPT_MACHINE,	 /* -machine / -M */
	VNUMA__OPT_M,		 /* -m */
	VNUMA__OPT_SMP,		 /* -smp */
	VNUMA__OPT_NUMA,	 /* -numa */
	VNUMA__OPT_OBJECT,	 /* -object */
	VNUMA__OPT_DEVICE,	 /* -device */
	VNUMA__OPT_CPU,		 /* -cpu MODEL[,features] */
	VNUMA__OPT_MEM_PATH,	 /* -mem-path PATH */
	VNUMA__OPT_MEM_PREALLOC, /* -mem-prealloc */
	VNUMA__OPT_NO_ACPI,	 /* -no-acpi: -machine acpi=off */
	VNUMA__OPT_ENABLE_KVM,	 /* -enable-kvm: -machine accel=kvm */
	VNUMA__OPT_ACCEL,	 /* -accel */
	VNUMA__OPT_BIOS,	 /* -bios FILE: -machine firmware=FILE */
	VNUMA__OPT_PFLASH,	 /* -pflash FILE: the next flash unit */
	VNUMA__OPT_DRIVE,	 /* -drive (only if=pflash is read) */
};

struct vnuma__entry {
	enum vnuma__optkind kind;
	struct vnuma__opts opts; /* opts.option is the spelling given */
	/*
	 * vnuma_config_add made QEMU's option-time checks of this entry
	 * (its id among the earlier ones): the stages need not repeat the
	 * quadratic ones.
	 */
	bool read;
};

/*
 * A -numa option, kept as its text until the topology reads it: 128 nodes
 * with distances take 16,256 of them, which split into pairs would hold
 * about 7 MB for one reading.
 */
/*
 * A -numa dist in its usual spelling, "dist,src=S,dst=D,val=V" (or
 * "type=dist,..."), with plain decimals that fit the fields' widths.
 * Such an option has no id and nothing QEMU warns about: it is kept as
 * these numbers, and written back as it was spelled when read as text.
 */
struct vnuma__dist_text {
	uint16_t src, dst;
	uint8_t val;
	bool typed; /* "type=dist,...", not "dist,..." */
};

/* Room for the longest one written: "type=dist,src=65535,..." */
#define VNUMA__DIST_TEXT_MAX 48

/* True, filling *d, when text is one; else false and *d untouched. */
bool vnuma__dist_text_read(const char *text, struct vnuma__dist_text *d);
/* Its text exactly as it was spelled. */
void vnuma__dist_text_write(char buf[VNUMA__DIST_TEXT_MAX],
			    const struct vnuma__dist_text *d);

struct vnuma__text_opt {
	const char *option; /* as spelled: "-numa", "--numa" */
	const char *text;   /* NULL: a -numa dist kept as dist */
	union {
		const char *id; /* with text: the QemuOpts id, or NULL */
		struct vnuma__dist_text dist; /* without */
	};
};

struct vnuma_config {
	struct vnuma__entry *e; /* every option but -numa, in order */
	size_t n, cap;
	struct vnuma__text_opt *numa; /* the -numa options, in order */
	size_t n_numa, cap_numa;
	/* -numa's syntax (the option table's), once one was added */
	const struct vnuma__syntax *numa_syntax;
	/*
	 * The ids of numa[], an open-addressed hash set (cap a power of two,
	 * at most half full): thousands of -numa options may have ids.
	 */
	const char **numa_ids;
	size_t numa_ids_cap, numa_ids_n;
	/* the table entry of the option added last (a lookup cache) */
	const struct vnuma__qemu_option *last_def;
	struct vnuma__arena arena;	 /* the strings of numa[] */
	struct vnuma__warnings warnings; /* e.g. skipped unknown options */
	uint32_t max_nodes;		 /* QEMU: MAX_NODES = 128 */
	int split_ram;			 /* enum vnuma_split_ram */
};

/* The text of -numa option i as given: its own, or written into buf. */
const char *vnuma__config_numa_text(const struct vnuma_config *cfg, size_t i,
				    char buf[VNUMA__DIST_TEXT_MAX]);
/*
 * Splits -numa option i into pairs, which the caller finis. Its checks
 * and warnings were made when it was added. Errors: VNUMA_E_NOMEM.
 */
int vnuma__config_numa_opts(const struct vnuma_config *cfg, size_t i,
			    struct vnuma__opts *o, vnuma_error **err);

/*
 * Adds an option as vnuma_config_add() does, but the entry, its errors
 * and its warnings name it shown (e.g. a builder function) instead of the
 * option as spelled; shown NULL names the option. Errors as
 * vnuma_config_add().
 */
int vnuma__config_add_as(vnuma_config *cfg, const char *option,
			 const char *shown, const char *arg,
			 vnuma_error **err);

/*
 * ids.c: QemuOpts refuses an id its list holds already while it reads the
 * command line. For a -numa option o (not yet added), and for the -object
 * or -device cfg->e[entry] against the entries before it (other kinds,
 * JSON forms and entries already read pass). Errors: VNUMA_E_DUPLICATE.
 */
int vnuma__config_numa_id_unique(const struct vnuma_config *cfg,
				 const struct vnuma__opts *o,
				 vnuma_error **err);
/*
 * Records the id of a -numa option being added (a string that lives as
 * long as cfg) for vnuma__config_numa_id_unique. Errors: VNUMA_E_NOMEM,
 * with nothing recorded.
 */
int vnuma__config_numa_id_add(struct vnuma_config *cfg, const char *id);
int vnuma__config_id_unique(const struct vnuma_config *cfg, size_t entry,
			    vnuma_error **err);

/* Targets whose QEMU accepts an option (QEMU's arch_mask, reduced). */
#define VNUMA__QARCH_X86 0x1u	  /* qemu-system-x86_64 */
#define VNUMA__QARCH_AARCH64 0x2u /* qemu-system-aarch64 */

/* What an option's entry does beyond its kind (vnuma__qemu_option.flags). */
/* The argument is split into pairs by syntax (else kept as its text). */
#define VNUMA__QOPT_SPLIT 0x1u
/* An argument that starts with '{' is JSON (QEMU 7.2: -object, -device). */
#define VNUMA__QOPT_JSON 0x2u
/*
 * Not read by vnuma, and able to change its answer unseen (-readconfig
 * files hold any option, -set edits an option by id): --ignore-unknown
 * must not skip it.
 */
#define VNUMA__QOPT_CHANGES_ANSWER 0x4u
/*
 * Sets a property of every device of a driver (-global): it changes the
 * answer when the driver is one vnuma plugs.
 */
#define VNUMA__QOPT_SETS_DRIVER 0x8u

/* One option of QEMU 7.2's command line (qemu-options.hx). */
struct vnuma__qemu_option {
	const char *name;  /* without dashes: "numa" */
	bool has_arg;	   /* takes the next word as its argument */
	unsigned int arch; /* VNUMA__QARCH_*; 0: in the table, on neither */
	enum vnuma__optkind kind; /* VNUMA__OPT_NONE: vnuma does not read it */
	unsigned int flags;	  /* VNUMA__QOPT_* */
	struct vnuma__syntax syntax; /* with VNUMA__QOPT_SPLIT */
};

/* QEMU 7.2's option named name (no dashes), or NULL if it has none. */
const struct vnuma__qemu_option *vnuma__qemu_option_find(const char *name);
/* The whole table, sorted by name (strcmp), for tests. */
extern const struct vnuma__qemu_option vnuma__qemu_options[];
extern const size_t vnuma__qemu_option_count;

#endif
