/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_BUILDER_H
#define VNUMA_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The builder: a configuration from a program's own structures instead of
 * QEMU option text. Each call adds to cfg what the matching QEMU option
 * adds, in call order, mixed freely with vnuma_config_add(): it goes
 * through the same checks, when it is added and in vnuma_topology_new(),
 * and fails with the same status, check id and message as the option.
 * Only the place differs: the error's option (vnuma_error_option()) is
 * the builder function's name, e.g. "vnuma_builder_add_node", and its
 * text (vnuma_error_text()) is the call's arguments written in QEMU's
 * option syntax ("node,nodeid=1,cpus=0-3,memdev=m0"), which
 * vnuma_error_key(), vnuma_error_offset() and vnuma_error_length() point
 * into. Warnings carry the same place. An error QEMU gives without an
 * option (the -smp checks, made on every -smp and -machine smp.* merged)
 * names none here either.
 *
 * Every spec structure begins with its version; set it with the _INIT
 * macro, then change the fields wanted. Any version from 1 to the current
 * one is accepted (fields a later version added take their defaults for
 * an older caller); a larger one is VNUMA_E_INVAL (check "api.version").
 *
 * Strings are copied; the caller keeps ownership of everything it passes.
 * A NULL string and a number VNUMA_UNSET mean the property is not given,
 * as when the option leaves it out.
 */

/* A number not given. */
#define VNUMA_UNSET UINT64_MAX

/* An on/off property: not given (0), off or on. */
enum vnuma_flag {
	VNUMA_FLAG_UNSET = 0,
	VNUMA_FLAG_OFF = 1,
	VNUMA_FLAG_ON = 2,
};

/*
 * A property given as text, for those without a field of their own
 * ("hmat" of a machine, "reserve" of a backend, "label-size" of a
 * device). key is non-empty and has no ',' or '='; value may be "".
 */
typedef struct vnuma_prop {
	const char *key;
	const char *value;
} vnuma_prop;

/*
 * The indexes first..last (CPU indexes, host nodes), written "first" when
 * they are equal; last below first is refused as the option refuses it.
 */
typedef struct vnuma_index_range {
	uint64_t first;
	uint64_t last;
} vnuma_index_range;

/*
 * Errors every builder function can return ("the common errors" below):
 * VNUMA_E_INVAL (cfg or spec NULL, a spec version 0 or above the current,
 * a count without its array, a vnuma_flag out of range, a vnuma_prop key
 * that is empty or holds ',' or '=': check "api.null", "api.version",
 * "api.builder-arg"), VNUMA_E_NOMEM.
 */

#define VNUMA_MACHINE_SPEC_VERSION 1
/* -machine TYPE,KEY=VALUE,... */
typedef struct vnuma_machine_spec {
	unsigned int version;	 /* VNUMA_MACHINE_SPEC_VERSION */
	const char *type;	 /* "q35", "pc-i440fx-7.2", "virt"; or NULL */
	const vnuma_prop *props; /* the other properties, in order */
	size_t n_props;
} vnuma_machine_spec;
#define VNUMA_MACHINE_SPEC_INIT                           \
	{                                                 \
		VNUMA_MACHINE_SPEC_VERSION, NULL, NULL, 0 \
	}

/*
 * Sets the machine type and properties, as -machine does (a later call
 * or -machine overrides the properties it names).
 * Errors: the common errors; as -machine's text: VNUMA_E_SYNTAX,
 * VNUMA_E_UNSUPPORTED (type or a value "help"). The rules the option breaks are
 * reported by vnuma_topology_new(), with this call as their place.
 */
int vnuma_builder_machine(vnuma_config *cfg, const vnuma_machine_spec *spec,
			  vnuma_error **err);

#define VNUMA_MEMORY_SPEC_VERSION 1
/* -m SIZE,slots=N,maxmem=SIZE (sizes in bytes) */
typedef struct vnuma_memory_spec {
	unsigned int version; /* VNUMA_MEMORY_SPEC_VERSION */
	uint64_t size;	      /* initial RAM; VNUMA_UNSET: the default */
	uint64_t slots;	      /* memory slots for DIMMs */
	uint64_t maxmem;      /* the most RAM with hotplugged DIMMs */
} vnuma_memory_spec;
#define VNUMA_MEMORY_SPEC_INIT                                       \
	{                                                            \
		VNUMA_MEMORY_SPEC_VERSION, VNUMA_UNSET, VNUMA_UNSET, \
			VNUMA_UNSET                                  \
	}

/*
 * Sets the guest's RAM, as -m does.
 * Errors: the common errors; as -m's text: VNUMA_E_SYNTAX; a failing -object or
 * -device added later reports this call's -m error first, as QEMU reads -m
 * first. The rules the option breaks are reported by vnuma_topology_new(), with
 * this call as their place.
 */
int vnuma_builder_memory(vnuma_config *cfg, const vnuma_memory_spec *spec,
			 vnuma_error **err);

#define VNUMA_SMP_SPEC_VERSION 1
/* -smp cpus=N,maxcpus=N,sockets=N,dies=N,clusters=N,cores=N,threads=N */
typedef struct vnuma_smp_spec {
	unsigned int version; /* VNUMA_SMP_SPEC_VERSION */
	uint64_t cpus, maxcpus, sockets, dies, clusters, cores, threads;
} vnuma_smp_spec;
#define VNUMA_SMP_SPEC_INIT                                                 \
	{                                                                   \
		VNUMA_SMP_SPEC_VERSION, VNUMA_UNSET, VNUMA_UNSET,           \
			VNUMA_UNSET, VNUMA_UNSET, VNUMA_UNSET, VNUMA_UNSET, \
			VNUMA_UNSET                                         \
	}

/*
 * Sets the CPU topology, as -smp does (the counts given are merged with
 * those of earlier -smp options, later ones winning).
 * Errors: the common errors; as -smp's text: VNUMA_E_SYNTAX. The rules the
 * option breaks are reported by vnuma_topology_new(), with this call as their
 * place.
 */
int vnuma_builder_smp(vnuma_config *cfg, const vnuma_smp_spec *spec,
		      vnuma_error **err);

/* The memory backend's QOM type. */
enum vnuma_backend_type {
	VNUMA_BACKEND_RAM = 0,	 /* memory-backend-ram */
	VNUMA_BACKEND_FILE = 1,	 /* memory-backend-file */
	VNUMA_BACKEND_MEMFD = 2, /* memory-backend-memfd */
};

#define VNUMA_BACKEND_SPEC_VERSION 1
/* -object memory-backend-TYPE,id=ID,size=SIZE,... */
typedef struct vnuma_backend_spec {
	unsigned int version; /* VNUMA_BACKEND_SPEC_VERSION */
	int type;	      /* enum vnuma_backend_type */
	const char *id;
	uint64_t size;	    /* bytes */
	const char *policy; /* "default", "preferred", "bind", "interleave" */
	const vnuma_index_range *host_nodes; /* host-nodes, in order */
	size_t n_host_nodes;
	int prealloc;		 /* enum vnuma_flag */
	int share;		 /* enum vnuma_flag */
	const char *mem_path;	 /* file: the file or directory */
	const vnuma_prop *props; /* the other properties, in order */
	size_t n_props;
} vnuma_backend_spec;
#define VNUMA_BACKEND_SPEC_INIT                                       \
	{                                                             \
		VNUMA_BACKEND_SPEC_VERSION, VNUMA_BACKEND_RAM, NULL,  \
			VNUMA_UNSET, NULL, NULL, 0, VNUMA_FLAG_UNSET, \
			VNUMA_FLAG_UNSET, NULL, NULL, 0               \
	}

/*
 * Adds a memory backend, as -object memory-backend-TYPE does; its members
 * are checked now, as QEMU checks them while it reads the command line.
 * Errors: the common errors, VNUMA_E_INVAL also for an unknown type (check
 * "api.builder-arg"); as -object, whose members QEMU checks while it reads the
 * command line: VNUMA_E_MISSING (no id, no size, no mem-path),
 * VNUMA_E_DUPLICATE (id in use), VNUMA_E_UNKNOWN (unknown property),
 * VNUMA_E_SYNTAX, VNUMA_E_RANGE, VNUMA_E_CONFLICT. The rules the option breaks
 * are reported by vnuma_topology_new(), with this call as their place.
 */
int vnuma_builder_add_backend(vnuma_config *cfg,
			      const vnuma_backend_spec *spec,
			      vnuma_error **err);

#define VNUMA_NODE_SPEC_VERSION 2
/* -numa node,nodeid=N,cpus=A-B,...,memdev=ID|mem=SIZE,initiator=N */
typedef struct vnuma_node_spec {
	unsigned int version;	       /* VNUMA_NODE_SPEC_VERSION */
	uint64_t nodeid;	       /* VNUMA_UNSET: the next free id */
	const vnuma_index_range *cpus; /* CPU indexes, in order */
	size_t n_cpus;
	const char *memdev; /* the backend's id */
	uint64_t mem;	    /* legacy mem=, bytes (old machine types) */
	/* Version 2: the node of the CPUs that reach this one best (HMAT). */
	uint64_t initiator;
} vnuma_node_spec;
#define VNUMA_NODE_SPEC_INIT                                         \
	{                                                            \
		VNUMA_NODE_SPEC_VERSION, VNUMA_UNSET, NULL, 0, NULL, \
			VNUMA_UNSET, VNUMA_UNSET                     \
	}

/*
 * Adds a NUMA node, as -numa node does.
 * Errors: the common errors; as -numa's text: VNUMA_E_SYNTAX. The rules the
 * option breaks are reported by vnuma_topology_new(), with this call as their
 * place.
 */
int vnuma_builder_add_node(vnuma_config *cfg, const vnuma_node_spec *spec,
			   vnuma_error **err);

/*
 * Sets the distance from node src to node dst, as -numa
 * dist,src=S,dst=D,val=V does.
 * Errors: the common errors; as -numa's text: VNUMA_E_SYNTAX. The rules the
 * option breaks are reported by vnuma_topology_new(), with this call as their
 * place.
 */
int vnuma_builder_add_distance(vnuma_config *cfg, uint64_t src, uint64_t dst,
			       uint64_t val, vnuma_error **err);

#define VNUMA_CPU_SPEC_VERSION 1
/* -numa cpu,node-id=N,socket-id=N,die-id=N,cluster-id=N,core-id=N,... */
typedef struct vnuma_cpu_spec {
	unsigned int version; /* VNUMA_CPU_SPEC_VERSION */
	uint64_t node_id;
	uint64_t socket_id, die_id, cluster_id, core_id, thread_id;
} vnuma_cpu_spec;
#define VNUMA_CPU_SPEC_INIT                                                \
	{                                                                  \
		VNUMA_CPU_SPEC_VERSION, VNUMA_UNSET, VNUMA_UNSET,          \
			VNUMA_UNSET, VNUMA_UNSET, VNUMA_UNSET, VNUMA_UNSET \
	}

/*
 * Puts the CPUs the ids select on a node, as -numa cpu does.
 * Errors: the common errors; as -numa's text: VNUMA_E_SYNTAX. The rules the
 * option breaks are reported by vnuma_topology_new(), with this call as their
 * place.
 */
int vnuma_builder_add_cpu(vnuma_config *cfg, const vnuma_cpu_spec *spec,
			  vnuma_error **err);

#define VNUMA_HMAT_LB_SPEC_VERSION 1
/* -numa hmat-lb,initiator=N,target=N,hierarchy=H,data-type=T,... */
typedef struct vnuma_hmat_lb_spec {
	unsigned int version; /* VNUMA_HMAT_LB_SPEC_VERSION */
	uint64_t initiator, target;
	const char *hierarchy; /* "memory", "first-level", ... */
	const char *data_type; /* "access-latency", "read-bandwidth", ... */
	uint64_t latency;      /* nanoseconds */
	uint64_t bandwidth;    /* bytes per second */
} vnuma_hmat_lb_spec;
#define VNUMA_HMAT_LB_SPEC_INIT                                             \
	{                                                                   \
		VNUMA_HMAT_LB_SPEC_VERSION, VNUMA_UNSET, VNUMA_UNSET, NULL, \
			NULL, VNUMA_UNSET, VNUMA_UNSET                      \
	}

/*
 * Adds a latency or bandwidth entry of the HMAT, as -numa hmat-lb does.
 * Errors: the common errors; as -numa's text: VNUMA_E_SYNTAX. The rules the
 * option breaks are reported by vnuma_topology_new(), with this call as their
 * place.
 */
int vnuma_builder_add_hmat_lb(vnuma_config *cfg,
			      const vnuma_hmat_lb_spec *spec,
			      vnuma_error **err);

#define VNUMA_HMAT_CACHE_SPEC_VERSION 1
/* -numa hmat-cache,node-id=N,size=SIZE,level=N,associativity=A,... */
typedef struct vnuma_hmat_cache_spec {
	unsigned int version; /* VNUMA_HMAT_CACHE_SPEC_VERSION */
	uint64_t node_id;
	uint64_t size; /* bytes */
	uint64_t level;
	const char *associativity; /* "none", "direct", "complex" */
	const char *policy;	   /* "none", "write-back", "write-through" */
	uint64_t line;		   /* bytes */
} vnuma_hmat_cache_spec;
#define VNUMA_HMAT_CACHE_SPEC_INIT                                       \
	{                                                                \
		VNUMA_HMAT_CACHE_SPEC_VERSION, VNUMA_UNSET, VNUMA_UNSET, \
			VNUMA_UNSET, NULL, NULL, VNUMA_UNSET             \
	}

/*
 * Describes a memory-side cache of the HMAT, as -numa hmat-cache does.
 * Errors: the common errors; as -numa's text: VNUMA_E_SYNTAX. The rules the
 * option breaks are reported by vnuma_topology_new(), with this call as their
 * place.
 */
int vnuma_builder_add_hmat_cache(vnuma_config *cfg,
				 const vnuma_hmat_cache_spec *spec,
				 vnuma_error **err);

#define VNUMA_DEVICE_SPEC_VERSION 1
/* -device DRIVER,id=ID,memdev=ID,node=N,slot=N,addr=N,... */
typedef struct vnuma_device_spec {
	unsigned int version; /* VNUMA_DEVICE_SPEC_VERSION */
	const char *driver;   /* "pc-dimm", "nvdimm", "virtio-mem-pci" */
	const char *id;
	const char *memdev; /* the backend's id */
	uint64_t node;
	uint64_t slot;		 /* pc-dimm, nvdimm */
	uint64_t addr;		 /* guest physical address */
	const vnuma_prop *props; /* the other properties, in order */
	size_t n_props;
} vnuma_device_spec;
#define VNUMA_DEVICE_SPEC_INIT                                         \
	{                                                              \
		VNUMA_DEVICE_SPEC_VERSION, "pc-dimm", NULL, NULL,      \
			VNUMA_UNSET, VNUMA_UNSET, VNUMA_UNSET, NULL, 0 \
	}

/*
 * Adds a memory device (a DIMM by default), as -device does.
 * Errors: the common errors; as -device's text: VNUMA_E_DUPLICATE (id in use),
 * VNUMA_E_SYNTAX, VNUMA_E_UNKNOWN, VNUMA_E_UNSUPPORTED. The rules the option
 * breaks are reported by vnuma_topology_new(), with this call as their place.
 */
int vnuma_builder_add_device(vnuma_config *cfg, const vnuma_device_spec *spec,
			     vnuma_error **err);

#ifdef __cplusplus
}
#endif
#endif
