/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_PARSE_OPTS_H
#define VNUMA_PARSE_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../error_internal.h"

/*
 * QEMU parses option arguments with two different grammars, and users see
 * the difference in what is accepted and in the error messages:
 *  - QemuOpts (-numa, -m, -device, and -object in 7.2): ",," escapes a
 *    comma, a bare "key" means key=on, "nokey" means key=off (deprecated
 *    form, warned about), the first "id=" names the option;
 *  - keyval (-machine, -smp): "key=" is required after the first element,
 *    dotted keys, repeated keys: the last wins.
 */
enum vnuma__opts_mode {
	VNUMA__OPTS_QEMUOPTS,
	VNUMA__OPTS_KEYVAL,
	VNUMA__OPTS_JSON, /* -object/-device "{...}" (src/parse/json.h) */
};

/*
 * The JSON type of a value read from a JSON option (QEMU's QObject types,
 * with its three kinds of number); VNUMA__JSON_NONE for the other modes.
 */
enum vnuma__jtype {
	VNUMA__JSON_NONE,
	VNUMA__JSON_STRING, /* value: the decoded string */
	VNUMA__JSON_INT,    /* value: decimal text, fits int64 */
	VNUMA__JSON_UINT,   /* value: decimal text, above INT64_MAX */
	VNUMA__JSON_DOUBLE, /* value: the number as written */
	VNUMA__JSON_BOOL,   /* value: "true" or "false" */
	VNUMA__JSON_NULL,   /* value: "null" */
	VNUMA__JSON_OBJECT, /* value: the text of the object */
	VNUMA__JSON_ARRAY,  /* value: the text of the array */
};

/*
 * How an option's argument is read: its grammar and its implied key, and
 * for QemuOpts what its option list does differently from the others.
 * The option table (src/config/qemu_options.c) holds one per option.
 */
struct vnuma__syntax {
	enum vnuma__opts_mode mode;
	const char *implied; /* QEMU's implied key, or NULL */
	/*
	 * QemuOpts: the list merges every occurrence into one (QEMU's
	 * merge_lists), so an "id" is refused.
	 */
	bool merges;
	/*
	 * QemuOpts: the list describes its keys, so "help" is honoured and
	 * the short forms after it are not warned about.
	 */
	bool described;
	/*
	 * keyval: the option is visited as a member of another option's
	 * dictionary; the member's path with its dot ("smp." for -smp, in
	 * -machine's), which prefixes the names in messages; or NULL.
	 */
	const char *member;
};

struct vnuma__opt {
	char *key;   /* NUL-terminated, unescaped ("nofoo" gives "foo") */
	char *value; /* unescaped; "on"/"off" for bare keys */
	/* Offsets fit 32 bits: vnuma__opts_init refuses longer texts. */
	uint32_t key_off; /* byte offset of the key in the option text */
	uint32_t key_len; /* 0 for an implied key */
	uint32_t val_off; /* byte offset of the value in the option text */
	uint32_t val_len; /* raw length in the text (escapes included) */
	bool implied;	  /* the key was implied (first element, no '=') */
	bool flag;	  /* QemuOpts short form "key" / "nokey" */
	bool help;	  /* QemuOpts bare "help" or "?" (kept as help=on) */
	bool owned;	  /* key and value were malloc'd (else they point into
			   * the options' store or at constant strings) */
	/*
	 * JSON: the value's type, and whether the pair is an element of
	 * the array member named key (which comes just before its
	 * elements). vnuma__opts_last never returns an element.
	 */
	enum vnuma__jtype jtype;
	bool elem;
};

struct vnuma__opts {
	char *option; /* "-numa" (points into store) */
	char *text;   /* the argument exactly as given (points into store) */
	size_t text_len; /* strlen(text), when text is in store */
	/*
	 * One block: option, text, and a scratch copy of text in which the
	 * QemuOpts keys and values are cut out and unescaped in place. A
	 * 16,000-option configuration would otherwise make ten small
	 * allocations per option.
	 */
	char *store;
	bool v_in_store; /* v[] is the head of store (not freed apart) */
	struct vnuma__opt *v;
	size_t n, cap;
	enum vnuma__opts_mode mode;
	/*
	 * QemuOpts: the first "id" QEMU finds (its own scan, which knows no
	 * implied key), or NULL. The "id" pairs are not in v[], as in QEMU.
	 */
	char *id;
	size_t id_off, id_len;
	bool help; /* a help request was seen (see vnuma__opt.help) */
	struct vnuma__syntax syn; /* as read; zero for JSON */
};

/*
 * Splits text into key/value pairs in syn's grammar. On error nothing is
 * left allocated in out. QEMU's deprecation warnings for "key"/"nokey" go
 * to w (may be NULL). QemuOpts ids: a merging list refuses "id", the
 * others check that an id is an identifier.
 * Errors (status, check):
 *  VNUMA_E_SYNTAX "opts.expected-equals", "opts.invalid-key",
 *    "opts.key-too-long", "opts.inconsistent", "opts.list-gap",
 *    "opts.id-invalid"; VNUMA_E_UNKNOWN "opts.id-not-allowed";
 *  VNUMA_E_UNSUPPORTED "opts.help" (keyval "help"/"?": QEMU prints help
 *    and exits; vnuma has no help to print); VNUMA_E_NOMEM.
 */
int vnuma__opts_parse_warn(struct vnuma__opts *out, const char *option,
			   const char *text, const struct vnuma__syntax *syn,
			   struct vnuma__warnings *w, vnuma_error **err);
/* The same without warnings. */
int vnuma__opts_parse(struct vnuma__opts *out, const char *option,
		      const char *text, const struct vnuma__syntax *syn,
		      vnuma_error **err);
/*
 * QemuOpts only: the checks and warnings of vnuma__opts_parse_warn (the
 * id, short-form booleans) without splitting text into pairs, for options
 * kept as text until they are read. o borrows option and text; only
 * o->id is allocated, and is the caller's to free. Errors as above.
 */
int vnuma__opts_check(struct vnuma__opts *o, const char *option,
		      const char *text, const struct vnuma__syntax *syn,
		      struct vnuma__warnings *w, vnuma_error **err);
void vnuma__opts_fini(struct vnuma__opts *o);
/* Sets up an empty o holding copies of option and text (VNUMA_E_NOMEM). */
int vnuma__opts_init(struct vnuma__opts *o, const char *option,
		     const char *text);
/* The same with room for pairs pairs at the head of the store block. */
int vnuma__opts_init_pairs(struct vnuma__opts *o, const char *option,
			   const char *text, size_t pairs);

/* QEMU's id_wellformed: a letter, then letters, digits, '-', '.', '_'. */
bool vnuma__id_wellformed(const char *id);
/* Last pair with this key (QEMU's "last wins"), or NULL. */
const struct vnuma__opt *vnuma__opts_last(const struct vnuma__opts *o,
					  const char *key);
/*
 * The option's id: QemuOpts' (the first id=), keyval's last "id" pair, or
 * a JSON "id" string; else NULL.
 */
const char *vnuma__opts_id(const struct vnuma__opts *o);
/* Location of a pair's value (or of the whole text when opt is NULL). */
struct vnuma__loc vnuma__opts_loc(const struct vnuma__opts *o,
				  const struct vnuma__opt *opt);

#endif
