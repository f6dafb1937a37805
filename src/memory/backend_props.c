/* SPDX-License-Identifier: MIT */
/*
 * The properties of QEMU 7.2's memory backends (memory-backend-ram, -file,
 * -memfd) and their names, as reading and creating a backend need them.
 */
#include "backend_props.h"

#include <stddef.h>

const char *const vnuma__backend_kind_names[] = { "memory-backend-ram",
						  "memory-backend-file",
						  "memory-backend-memfd" };

/* clang-format off */
const char *const vnuma__qemu_object_types[] = {
	"authz-list", "authz-listfile", "authz-pam", "authz-simple",
	"can-bus", "can-host-socketcan", "colo-compare", "cryptodev-backend",
	"cryptodev-backend-builtin", "cryptodev-backend-lkcf",
	"cryptodev-vhost-user", "dbus-vmstate", "filter-buffer", "filter-dump",
	"filter-mirror", "filter-redirector", "filter-replay",
	"filter-rewriter", "input-barrier", "input-linux", "iothread",
	"main-loop", "memory-backend-epc", "memory-backend-file",
	"memory-backend-memfd", "memory-backend-ram", "pef-guest",
	"pr-manager-helper", "qtest", "rng-builtin", "rng-egd", "rng-random",
	"s390-pv-guest", "secret", "secret_keyring", "sev-guest",
	"thread-context", "throttle-group", "tls-cipher-suites",
	"tls-creds-anon", "tls-creds-psk", "tls-creds-x509", "x-remote-object",
	"x-vfio-user-server", NULL
};
/* clang-format on */

const char *const vnuma__backend_policy_names[] = { "default", "preferred",
						    "bind", "interleave",
						    NULL };

#define K_RAM (1u << VNUMA__BACKEND_RAM)
#define K_FILE (1u << VNUMA__BACKEND_FILE)
#define K_MEMFD (1u << VNUMA__BACKEND_MEMFD)
#define K_ALL (K_RAM | K_FILE | K_MEMFD)

#define PLAIN(field) true, offsetof(struct vnuma__backend, field)
#define CHECKED false, 0
#define PROP(id, name, type, kinds, mandatory, store) \
	[VNUMA__BP_##id] = { name, VNUMA__BT_##type, kinds, mandatory, store }

const struct vnuma__bprop_def vnuma__bprops[VNUMA__BP_COUNT] = {
	PROP(DUMP, "dump", BOOL, K_ALL, false, PLAIN(dump)),
	PROP(HOST_NODES, "host-nodes", NODES, K_ALL, false, CHECKED),
	PROP(MERGE, "merge", BOOL, K_ALL, false, PLAIN(merge)),
	PROP(POLICY, "policy", POLICY, K_ALL, false, PLAIN(policy)),
	PROP(PREALLOC, "prealloc", BOOL, K_ALL, false, CHECKED),
	PROP(THREADS, "prealloc-threads", U32, K_ALL, false, CHECKED),
	PROP(CONTEXT, "prealloc-context", STR, K_ALL, false, CHECKED),
	PROP(SHARE, "share", BOOL, K_ALL, false, PLAIN(share)),
	PROP(RESERVE, "reserve", BOOL, K_ALL, false, CHECKED),
	PROP(SIZE, "size", SIZE, K_ALL, true, CHECKED),
	PROP(CANONICAL, "x-use-canonical-path-for-ramblock-id", BOOL, K_ALL,
	     false, PLAIN(use_canonical_path)),
	PROP(ALIGN, "align", SIZE, K_FILE, false, PLAIN(align)),
	PROP(DISCARD, "discard-data", BOOL, K_FILE, false,
	     PLAIN(discard_data)),
	PROP(MEM_PATH, "mem-path", STR, K_FILE, true, CHECKED),
	/* Debian's 7.2 has libpmem: pmem=on is accepted. */
	PROP(PMEM, "pmem", BOOL, K_FILE, false, PLAIN(pmem)),
	PROP(READONLY, "readonly", BOOL, K_FILE, false, PLAIN(readonly)),
	PROP(HUGETLB, "hugetlb", BOOL, K_MEMFD, false, PLAIN(hugetlb)),
	PROP(HUGETLBSIZE, "hugetlbsize", SIZE, K_MEMFD, false, CHECKED),
	PROP(SEAL, "seal", BOOL, K_MEMFD, false, PLAIN(seal)),
};
