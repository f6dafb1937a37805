/* SPDX-License-Identifier: MIT */
/*
 * The JSON report. Where a part mirrors a QMP answer (memdevs,
 * hotpluggable-cpus, memory-size-summary) the values expected here are
 * QEMU 7.2's for the configuration in the comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "report_fixture.h"
#include "vnuma/report.h"
#include "vnuma/vnuma.h"

static char *render(struct fixture *f)
{
	vnuma_error *err = NULL;
	char *s = NULL;

	fx_view(f);
	assert_int_equal(vnuma_report_json(&s, &f->t, &err), VNUMA_OK);
	fx_unview(f);
	assert_null(err);
	assert_non_null(s);
	return s;
}

/* One member of the document, compact, in the document's key order. */
static void assert_member(const char *doc, const char *path,
			  const char *want)
{
	json_t *root = json_loads(doc, 0, NULL), *v = root;
	char buf[64], *got;
	const char *p = path;

	assert_non_null(root);
	/* path: "key" or "key/index" or "key/index/key" */
	while (*p) {
		size_t n = strcspn(p, "/");

		snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
		v = json_is_array(v) ? json_array_get(v, strtoul(buf, NULL, 10))
				     : json_object_get(v, buf);
		assert_non_null(v);
		p += n + (p[n] == '/');
	}
	got = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
				    JSON_ENCODE_ANY);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	json_decref(root);
}

/*
 * q35 -m 1G,slots=1,maxmem=2G -smp 2 (QEMU adds node 0 with all RAM).
 * QEMU: query-memdev [{pc.ram, 1073741824, merge, dump, reserve,
 * default}], query-hotpluggable-cpus CPU 1 then CPU 0 with node-id 0,
 * query-memory-size-summary {1073741824, 0}.
 */
static void one_node_whole_document(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 2, 2, 1, 1, 2, 1);
	f.t.machine.maxram_size = 2u << 30;
	f.t.machine.ram_slots = 1;
	fx_node(&f, 0, 1u << 30, NULL);
	fx_cpus_to(&f, 0, 1, 0);
	s = render(&f);
	assert_string_equal(s,
		"{\n"
		"  \"schema\": 2,\n"
		"  \"machine\": {\n"
		"    \"type\": \"q35\",\n"
		"    \"resolved-type\": \"pc-q35-7.2\",\n"
		"    \"arch\": \"x86_64\",\n"
		"    \"ram-size\": 1073741824,\n"
		"    \"slots\": 1,\n"
		"    \"maxmem\": 2147483648,\n"
		"    \"cpus\": 2,\n"
		"    \"max-cpus\": 2,\n"
		"    \"smp\": {\n"
		"      \"sockets\": 1,\n"
		"      \"dies\": 1,\n"
		"      \"clusters\": 1,\n"
		"      \"cores\": 2,\n"
		"      \"threads\": 1\n"
		"    },\n"
		"    \"hmat\": false,\n"
		"    \"acpi\": true,\n"
		"    \"accel\": \"tcg\",\n"
		"    \"kernel-irqchip\": null,\n"
		"    \"properties\": {}\n"
		"  },\n"
		"  \"nodes\": [\n"
		"    {\n"
		"      \"id\": 0,\n"
		"      \"cpus\": [\n"
		"        0,\n"
		"        1\n"
		"      ],\n"
		"      \"memory\": 1073741824,\n"
		"      \"plugged\": 0,\n"
		"      \"memdev\": null,\n"
		"      \"initiator\": null\n"
		"    }\n"
		"  ],\n"
		"  \"distances\": null,\n"
		"  \"cpus\": [\n"
		"    {\n"
		"      \"index\": 0,\n"
		"      \"node-id\": 0,\n"
		"      \"socket-id\": 0,\n"
		"      \"core-id\": 0,\n"
		"      \"thread-id\": 0,\n"
		"      \"apic-id\": 0,\n"
		"      \"present\": true\n"
		"    },\n"
		"    {\n"
		"      \"index\": 1,\n"
		"      \"node-id\": 0,\n"
		"      \"socket-id\": 0,\n"
		"      \"core-id\": 1,\n"
		"      \"thread-id\": 0,\n"
		"      \"apic-id\": 1,\n"
		"      \"present\": true\n"
		"    }\n"
		"  ],\n"
		"  \"warnings\": [],\n"
		"  \"memdevs\": [\n"
		"    {\n"
		"      \"id\": \"pc.ram\",\n"
		"      \"size\": 1073741824,\n"
		"      \"merge\": true,\n"
		"      \"dump\": true,\n"
		"      \"prealloc\": false,\n"
		"      \"share\": false,\n"
		"      \"reserve\": true,\n"
		"      \"host-nodes\": [],\n"
		"      \"policy\": \"default\"\n"
		"    }\n"
		"  ],\n"
		"  \"hotpluggable-cpus\": [\n"
		"    {\n"
		"      \"props\": {\n"
		"        \"node-id\": 0,\n"
		"        \"socket-id\": 0,\n"
		"        \"core-id\": 1,\n"
		"        \"thread-id\": 0\n"
		"      },\n"
		"      \"vcpus-count\": 1,\n"
		"      \"present\": true,\n"
		"      \"type\": \"qemu64-x86_64-cpu\"\n"
		"    },\n"
		"    {\n"
		"      \"props\": {\n"
		"        \"node-id\": 0,\n"
		"        \"socket-id\": 0,\n"
		"        \"core-id\": 0,\n"
		"        \"thread-id\": 0\n"
		"      },\n"
		"      \"vcpus-count\": 1,\n"
		"      \"present\": true,\n"
		"      \"type\": \"qemu64-x86_64-cpu\"\n"
		"    }\n"
		"  ],\n"
		"  \"memory-size-summary\": {\n"
		"    \"base-memory\": 1073741824,\n"
		"    \"plugged-memory\": 0\n"
		"  },\n"
		"  \"hmat\": null,\n"
		"  \"memory-map\": {\n"
		"    \"ranges\": [],\n"
		"    \"hotplug-region\": null\n"
		"  },\n"
		"  \"memory-devices\": [],\n"
		"  \"pci-expander-bridges\": []\n"
		"}\n");
	free(s);
}

/*
 * q35 -m 2G -smp 2 -object memory-backend-ram,id=m0,size=1G (and m1)
 * -numa node,memdev=m0,cpus=0 -numa node,memdev=m1,cpus=1,initiator=0
 * -numa dist,src=0,dst=1,val=20 -machine hmat=on
 */
static void two_nodes_with_distances(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 2u << 30, 2, 2, 1, 1, 2, 1);
	f.t.machine.hmat = true;
	fx_ram(&f, "m1", 1u << 30);
	fx_ram(&f, "m0", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_node(&f, 1, 1u << 30, "m1");
	f.nodes[0].initiator = 0;
	f.nodes[1].initiator = 0;
	fx_cpus_to(&f, 0, 0, 0);
	fx_cpus_to(&f, 1, 1, 1);
	fx_dist(&f, 0, 0, 10);
	fx_dist(&f, 0, 1, 20);
	fx_dist(&f, 1, 0, 20);
	fx_dist(&f, 1, 1, 10);
	s = render(&f);
	assert_member(s, "distances", "[[10,20],[20,10]]");
	assert_member(s, "machine/hmat", "true");
	assert_member(s, "nodes/1",
		      "{\"id\":1,\"cpus\":[1],\"memory\":1073741824,"
		      "\"plugged\":0,\"memdev\":\"m1\",\"initiator\":0}");
	/* Sorted by id whatever the creation order; no implicit pc.ram. */
	assert_member(s, "memdevs/0/id", "\"m0\"");
	assert_member(s, "memdevs/1/id", "\"m1\"");
	assert_null(strstr(s, "pc.ram"));
	free(s);
}

/*
 * q35 -m 1025M -smp 2 -object memory-backend-ram,id=m0,size=1049088K
 * -object memory-backend-ram,id=m1,size=512K
 * -numa node,cpus=0-1,memdev=m0 -numa node,memdev=m1
 * QEMU: query-memdev sizes 1074266112 and 524288; base-memory 1074790400.
 */
static void cpuless_node_and_odd_sizes(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1025u << 20, 2, 2, 1, 1, 2, 1);
	fx_ram(&f, "m0", 1049088u << 10);
	fx_ram(&f, "m1", 512u << 10);
	fx_node(&f, 0, 1049088u << 10, "m0");
	fx_node(&f, 1, 512u << 10, "m1");
	fx_cpus_to(&f, 0, 1, 0);
	s = render(&f);
	assert_member(s, "nodes/1",
		      "{\"id\":1,\"cpus\":[],\"memory\":524288,\"plugged\":0,"
		      "\"memdev\":\"m1\",\"initiator\":null}");
	assert_member(s, "memdevs/0/size", "1074266112");
	assert_member(s, "memdevs/1/size", "524288");
	assert_member(s, "memory-size-summary",
		      "{\"base-memory\":1074790400,\"plugged-memory\":0}");
	free(s);
}

/*
 * q35 -m 1G -smp 2,maxcpus=3 -object memory-backend-ram,id=m0,size=1G
 * -numa node,cpus=0,memdev=m0 -numa node,cpus=1-2: a node's "cpus" are
 * all its possible CPUs (the CPU table says which are present).
 */
static void memoryless_node(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 2, 3, 1, 1, 3, 1);
	fx_ram(&f, "m0", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_node(&f, 1, 0, NULL);
	fx_cpus_to(&f, 0, 0, 0);
	fx_cpus_to(&f, 1, 2, 1);
	s = render(&f);
	assert_member(s, "nodes/1",
		      "{\"id\":1,\"cpus\":[1,2],\"memory\":0,\"plugged\":0,"
		      "\"memdev\":null,\"initiator\":null}");
	assert_member(s, "cpus/2/present", "false");
	assert_member(s, "hotpluggable-cpus/0",
		      "{\"props\":{\"node-id\":1,\"socket-id\":0,\"core-id\":2,"
		      "\"thread-id\":0},\"vcpus-count\":1,\"present\":false,"
		      "\"type\":\"qemu64-x86_64-cpu\"}");
	free(s);
}

/* q35 -smp 4,sockets=1,dies=2,cores=2 (no NUMA: no node-id anywhere). */
static void x86_dies(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 4, 4, 1, 2, 2, 1);
	s = render(&f);
	assert_member(s, "cpus/2",
		      "{\"index\":2,\"node-id\":null,\"socket-id\":0,"
		      "\"die-id\":1,\"core-id\":0,\"thread-id\":0,"
		      "\"apic-id\":2,\"present\":true}");
	/* QEMU: {"core-id": 1, "thread-id": 0, "die-id": 1, "socket-id": 0} */
	assert_member(s, "hotpluggable-cpus/0/props",
		      "{\"socket-id\":0,\"die-id\":1,\"core-id\":1,"
		      "\"thread-id\":0}");
	assert_member(s, "nodes", "[]");
	free(s);
}

/* virt -smp 4,clusters=2,cores=2: cluster-id, no APIC id, aarch64. */
static void virt_clusters(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_virt(&f, 1u << 30, 4, 4, 1, 2, 2, 1);
	fx_node(&f, 0, 1u << 30, NULL);
	fx_cpus_to(&f, 0, 3, 0);
	s = render(&f);
	assert_member(s, "machine/arch", "\"aarch64\"");
	assert_member(s, "machine/resolved-type", "\"virt-7.2\"");
	assert_member(s, "cpus/3",
		      "{\"index\":3,\"node-id\":0,\"socket-id\":0,"
		      "\"cluster-id\":1,\"core-id\":1,\"thread-id\":0,"
		      "\"present\":true}");
	assert_member(s, "hotpluggable-cpus/3",
		      "{\"props\":{\"node-id\":0,\"socket-id\":0,"
		      "\"cluster-id\":0,\"core-id\":0,\"thread-id\":0},"
		      "\"vcpus-count\":1,\"present\":true,"
		      "\"type\":\"cortex-a15-arm-cpu\"}");
	assert_member(s, "memdevs/0/id", "\"mach-virt.ram\"");
	free(s);
}

/* -cpu MODEL,features picks the class by MODEL (checked with QEMU). */
static void cpu_type_names(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 1, 1, 1, 1, 1, 1);
	f.t.machine.cpu_model = (char *)"max,+x2apic";
	s = render(&f);
	assert_member(s, "hotpluggable-cpus/0/type", "\"max-x86_64-cpu\"");
	free(s);
	f.t.machine.cpu_model = (char *)"Skylake-Client-v2";
	s = render(&f);
	assert_member(s, "hotpluggable-cpus/0/type",
		      "\"Skylake-Client-v2-x86_64-cpu\"");
	free(s);
	fx_virt(&f, 1u << 30, 1, 1, 1, 1, 1, 1);
	f.t.machine.cpu_model = (char *)"max,pauth=off";
	s = render(&f);
	assert_member(s, "hotpluggable-cpus/0/type", "\"max-arm-cpu\"");
	free(s);
}

/*
 * -M none -m 128M: no architecture, no CPU slots QEMU would list, and
 * the board's RAM backend is called "ram" (QEMU's query-memdev).
 */
static void machine_none(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_base(&f, 128u << 20);
	f.prof.name = "none";
	f.prof.default_ram_id = "ram";
	f.t.machine.type = (char *)"none";
	fx_smp(&f, 1, 1, 1, 1, 1, 1, 1);
	f.cpus[0].socket_id = f.cpus[0].die_id = f.cpus[0].cluster_id = -1;
	f.cpus[0].core_id = f.cpus[0].thread_id = f.cpus[0].node_id = -1;
	f.cpus[0].present = true;
	s = render(&f);
	assert_member(s, "machine/arch", "null");
	assert_member(s, "hotpluggable-cpus", "[]");
	assert_member(s, "memdevs/0/id", "\"ram\"");
	/* "none" has no ACPI at all. */
	assert_member(s, "machine/acpi", "false");
	free(s);
}

/* -M q35,acpi=off -accel kvm,kernel-irqchip=split */
static void acpi_off_and_kvm(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 2, 2, 1, 1, 2, 1);
	f.t.machine.acpi = 0;
	f.t.machine.accel = VNUMA__ACCEL_KVM;
	f.t.machine.kernel_irqchip = VNUMA__IRQCHIP_SPLIT;
	s = render(&f);
	assert_member(s, "machine/acpi", "false");
	assert_member(s, "machine/accel", "\"kvm\"");
	assert_member(s, "machine/kernel-irqchip", "\"split\"");
	free(s);
}

/*
 * -object memory-backend-file,id=f0,size=64M,mem-path=/dev/shm,
 * policy=bind,host-nodes=0-2,host-nodes=5,prealloc=on,share=on
 * -machine memory-backend=f0
 */
static void backends_with_host_nodes(void **state)
{
	static uint64_t hn[] = { 0, 1, 2, 5 };
	struct fixture f;
	struct vnuma__backend *b;
	char *s;

	(void)state;
	fx_q35(&f, 64u << 20, 1, 1, 1, 1, 1, 1);
	f.other[0].key = (char *)"memory-backend";
	f.other[0].value = (char *)"f0";
	f.t.machine.other = f.other;
	f.t.machine.n_other = 1;
	f.t.machine.memory_backend = (char *)"f0";
	b = fx_ram(&f, "f0", 64u << 20);
	b->kind = VNUMA__BACKEND_FILE;
	b->mem_path = (char *)"/dev/shm";
	b->policy = VNUMA__POLICY_BIND;
	b->host_nodes = hn;
	b->n_host_nodes = 4;
	b->prealloc = b->share = true;
	s = render(&f);
	assert_member(s, "memdevs",
		      "[{\"id\":\"f0\",\"size\":67108864,\"merge\":true,"
		      "\"dump\":true,\"prealloc\":true,\"share\":true,"
		      "\"reserve\":true,\"host-nodes\":[0,1,2,5],"
		      "\"policy\":\"bind\"}]");
	assert_member(s, "machine/properties", "{\"memory-backend\":\"f0\"}");
	free(s);
}

/*
 * q35,mem-merge=off -m 256M -mem-prealloc -mem-path /tmp/x: QEMU's
 * implicit pc.ram takes all three (prealloc true, merge false).
 */
static void implicit_ram_backend(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 256u << 20, 1, 1, 1, 1, 1, 1);
	f.other[0].key = (char *)"mem-merge";
	f.other[0].value = (char *)"off";
	f.t.machine.other = f.other;
	f.t.machine.n_other = 1;
	f.t.machine.mem_prealloc = true;
	f.t.machine.mem_path = (char *)"/tmp/x";
	s = render(&f);
	assert_member(s, "memdevs",
		      "[{\"id\":\"pc.ram\",\"size\":268435456,\"merge\":false,"
		      "\"dump\":true,\"prealloc\":true,\"share\":false,"
		      "\"reserve\":true,\"host-nodes\":[],"
		      "\"policy\":\"default\"}]");
	free(s);
	/* -machine memory-backend=ID: the board makes none of its own. */
	f.t.machine.memory_backend = (char *)"m0";
	fx_ram(&f, "m0", 256u << 20);
	s = render(&f);
	assert_member(s, "memdevs/0/id", "\"m0\"");
	assert_null(strstr(s, "pc.ram"));
	free(s);
}

/*
 * q35 -m 2G,slots=2,maxmem=4G ... -device pc-dimm,memdev=d0
 * -device pc-dimm,memdev=d1,node=1 (512M, 256M).
 * QEMU: {"base-memory": 2147483648, "plugged-memory": 805306368}.
 */
static void plugged_memory(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 2u << 30, 1, 1, 1, 1, 1, 1);
	fx_ram(&f, "m0", 1u << 30);
	fx_ram(&f, "m1", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_node(&f, 1, 1u << 30, "m1");
	fx_cpus_to(&f, 0, 0, 0);
	fx_dimm(&f, "d0", 0, 512u << 20);
	fx_dimm(&f, "d1", 1, 256u << 20);
	s = render(&f);
	assert_member(s, "memory-size-summary",
		      "{\"base-memory\":2147483648,"
		      "\"plugged-memory\":805306368}");
	assert_member(s, "nodes/0/plugged", "536870912");
	assert_member(s, "nodes/1/plugged", "268435456");
	assert_member(s, "nodes/1/memory", "1073741824");
	free(s);
}

/*
 * query-memory-devices' VirtioMEMDeviceInfo and the expander bridges, as
 * QEMU 7.2 gives them for -device virtio-mem-pci,id=vm0,memdev=vm,node=1,
 * requested-size=256M (1G backend, at 4G).
 */
static void virtio_mem_and_pxb(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 2u << 30, 1, 1, 1, 1, 1, 1);
	fx_node(&f, 0, 1u << 30, NULL);
	fx_node(&f, 1, 1u << 30, NULL);
	fx_cpus_to(&f, 0, 0, 0);
	fx_dimm(&f, "vm", 1, 1u << 30);
	f.dimms[0].kind = VNUMA__MDEV_VIRTIO_MEM;
	f.dimms[0].id = (char *)"vm0";
	f.dimms[0].addr = 4ull << 30;
	f.dimms[0].block_size = 2u << 20;
	f.dimms[0].requested_size = 256u << 20;
	f.pxbs[0] = (struct vnuma__pxb){ .id = (char *)"pci.1", .pcie = true,
					 .bus_nr = 128, .numa_node = 1 };
	f.pxbs[1] = (struct vnuma__pxb){ .bus_nr = 64,
					 .numa_node = VNUMA__PXB_NO_NODE };
	f.t.backends.n_pxbs = 2;
	s = render(&f);
	assert_member(s, "memory-devices",
		      "[{\"type\":\"virtio-mem\",\"data\":{\"id\":\"vm0\","
		      "\"memdev\":\"/objects/vm\",\"memaddr\":4294967296,"
		      "\"requested-size\":268435456,\"size\":0,"
		      "\"max-size\":1073741824,\"block-size\":2097152,"
		      "\"node\":1}}]");
	assert_member(s, "memory-size-summary/plugged-memory", "0");
	assert_member(s, "pci-expander-bridges",
		      "[{\"type\":\"pxb-pcie\",\"id\":\"pci.1\","
		      "\"bus_nr\":128,\"numa_node\":1},"
		      "{\"type\":\"pxb\",\"id\":null,\"bus_nr\":64,"
		      "\"numa_node\":null}]");
	free(s);
}

static void warnings_in_order(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 2, 2, 1, 1, 2, 1);
	fx_node(&f, 0, 1u << 30, NULL);
	fx_cpus_to(&f, 0, 0, 0);
	assert_int_equal(vnuma__warn(&f.t.warnings, "numa.cpus-unassigned",
				     NULL,
				     "CPU(s) not present in any NUMA nodes: "
				     "CPU 1 [socket-id: 0, core-id: 1, "
				     "thread-id: 0]"),
			 VNUMA_OK);
	assert_int_equal(vnuma__warn(&f.t.warnings, "x.second", NULL,
				     "second"),
			 VNUMA_OK);
	s = render(&f);
	assert_member(s, "warnings/0/message",
		      "\"CPU(s) not present in any NUMA nodes: CPU 1 "
		      "[socket-id: 0, core-id: 1, thread-id: 0]\"");
	assert_member(s, "warnings/0/check", "\"numa.cpus-unassigned\"");
	assert_member(s, "warnings/1",
		      "{\"message\":\"second\",\"option\":null,"
		      "\"text\":null,\"key\":null,\"offset\":0,"
		      "\"length\":0,\"check\":\"x.second\","
		      "\"status\":\"ok\",\"hint\":null}");
	free(s);
	vnuma__warnings_fini(&f.t.warnings);
}

/* JSON must be UTF-8 even when the user's text is not. */
static void invalid_utf8_is_replaced(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 1, 1, 1, 1, 1, 1);
	f.other[0].key = (char *)"x-name";
	f.other[0].value = (char *)"a\xff" "b\xc3\xa9";
	f.t.machine.other = f.other;
	f.t.machine.n_other = 1;
	s = render(&f);
	assert_non_null(strstr(s, "\"x-name\": \"a\xef\xbf\xbd" "b\xc3\xa9\""));
	free(s);
}

static void error_document(void **state)
{
	struct vnuma__loc loc = { "-numa", "node,nodeid=1", "nodeid", 5, 8 };
	vnuma_error *e = NULL, *err = NULL;
	char *s = NULL;

	(void)state;
	vnuma__error_set(&e, VNUMA_E_DUPLICATE, "numa.duplicate-nodeid", &loc,
			 "Duplicate NUMA nodeid: %d", 1);
	vnuma__error_append_hint(&e, "a hint\n");
	assert_int_equal(vnuma_report_json_error(&s, e, &err), VNUMA_OK);
	assert_null(err);
	assert_string_equal(s,
		"{\n"
		"  \"schema\": 2,\n"
		"  \"error\": {\n"
		"    \"message\": \"Duplicate NUMA nodeid: 1\",\n"
		"    \"option\": \"-numa\",\n"
		"    \"text\": \"node,nodeid=1\",\n"
		"    \"key\": \"nodeid\",\n"
		"    \"offset\": 5,\n"
		"    \"length\": 8,\n"
		"    \"check\": \"numa.duplicate-nodeid\",\n"
		"    \"status\": \"duplicate\",\n"
		"    \"hint\": \"a hint\\n\"\n"
		"  },\n"
		"  \"warnings\": []\n"
		"}\n");
	free(s);
	vnuma_error_free(e);
}

/* The warnings printed before an error are in its document, in order. */
static void error_document_with_warnings(void **state)
{
	struct vnuma__loc loc = { "-object", "iothread,id=x", NULL, 0, 0 };
	struct vnuma__warnings w = { 0 };
	vnuma_error *e = NULL;
	char *s = NULL;

	(void)state;
	assert_int_equal(vnuma__warn(&w, "cli.ignored-option", &loc,
				     "option ignored"), VNUMA_OK);
	assert_int_equal(vnuma__warn(&w, "x.second", NULL, "second"),
			 VNUMA_OK);
	vnuma__error_set(&e, VNUMA_E_RANGE, "x.bad", NULL, "bad");
	vnuma__error_adopt_warnings(e, &w);
	assert_int_equal(vnuma_report_json_error(&s, e, NULL), VNUMA_OK);
	assert_member(s, "warnings/0",
		      "{\"message\":\"option ignored\",\"option\":"
		      "\"-object\",\"text\":\"iothread,id=x\",\"key\":null,"
		      "\"offset\":0,\"length\":0,\"check\":"
		      "\"cli.ignored-option\",\"status\":\"ok\","
		      "\"hint\":null}");
	assert_member(s, "warnings/1/check", "\"x.second\"");
	assert_member(s, "error/check", "\"x.bad\"");
	free(s);
	vnuma_error_free(e);
}

/* A completion error names no option: nulls, offset and length 0. */
static void error_document_without_location(void **state)
{
	vnuma_error *e = NULL;
	char *s = NULL;

	(void)state;
	vnuma__error_set(&e, VNUMA_E_CONFLICT, "numa.mem-total", NULL,
			 "total memory for NUMA nodes (0x0) should equal RAM "
			 "size (0x40000000)");
	assert_int_equal(vnuma_report_json_error(&s, e, NULL), VNUMA_OK);
	assert_member(s, "error",
		      "{\"message\":\"total memory for NUMA nodes (0x0) "
		      "should equal RAM size (0x40000000)\",\"option\":null,"
		      "\"text\":null,\"key\":null,\"offset\":0,\"length\":0,"
		      "\"check\":\"numa.mem-total\",\"status\":\"conflict\","
		      "\"hint\":null}");
	free(s);
	vnuma_error_free(e);
}

static void null_arguments(void **state)
{
	struct fixture f;
	vnuma_error *err = NULL;
	char *s = NULL;

	(void)state;
	fx_q35(&f, 1u << 30, 1, 1, 1, 1, 1, 1);
	assert_int_equal(vnuma_report_json(NULL, &f.t, &err), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(err), "api.null");
	vnuma_error_free(err);
	assert_int_equal(vnuma_report_json(&s, NULL, NULL), VNUMA_E_INVAL);
	assert_int_equal(vnuma_report_json_error(&s, NULL, NULL),
			 VNUMA_E_INVAL);
	assert_null(s);
}

/* Runs one report with the nth allocation failing; true once it passes. */
static bool fail_nth(long n, struct fixture *f, const vnuma_error *e)
{
	vnuma_error *err = NULL;
	char *s = (char *)"untouched";
	long seen, live;
	int rc;

	if (!e)
		fx_view(f);
	fx_fail_at(n);
	rc = e ? vnuma_report_json_error(&s, e, &err)
	       : vnuma_report_json(&s, &f->t, &err);
	seen = fx_allocs();
	live = fx_live();
	fx_fail_at(-1);
	if (!e)
		fx_unview(f);
	if (rc == VNUMA_OK)
		free(s);
	assert_true(seen > 0);
	if (rc == VNUMA_OK)
		return true;
	assert_int_equal(rc, VNUMA_E_NOMEM);
	assert_int_equal(vnuma_error_status(err), VNUMA_E_NOMEM);
	assert_null(s);
	assert_int_equal(live, 0);
	return false;
}

/* Every allocation failing in turn: VNUMA_E_NOMEM, no output, no leak. */
static void allocation_failures(void **state)
{
	static uint64_t hn[] = { 0, 1 };
	struct vnuma__loc loc = { "-numa", "node,nodeid=1", "nodeid", 5, 8 };
	vnuma_error *e = NULL;
	struct fixture f;
	long n;

	(void)state;
	if (!fx_can_fail())
		skip(); /* ASan or valgrind own the allocator */
	fx_q35(&f, 2u << 30, 2, 2, 1, 1, 2, 1);
	fx_ram(&f, "m0", 1u << 30)->host_nodes = hn;
	f.be[0].n_host_nodes = 2;
	fx_ram(&f, "m1", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_node(&f, 1, 1u << 30, "m1");
	fx_cpus_to(&f, 0, 1, 0);
	fx_dist(&f, 0, 1, 20);
	vnuma__warn(&f.t.warnings, "x.w", NULL, "a warning");
	for (n = 0; !fail_nth(n, &f, NULL); n++)
		;
	assert_true(n > 50);
	vnuma__warnings_fini(&f.t.warnings);
	vnuma__error_set(&e, VNUMA_E_DUPLICATE, "numa.duplicate-nodeid", &loc,
			 "Duplicate NUMA nodeid: 1");
	for (n = 0; !fail_nth(n, NULL, e); n++)
		;
	assert_true(n > 5);
	vnuma_error_free(e);
}

/* A topology through the whole library, for the HMAT sections. */
static vnuma_topology *topology_of(const char *const *argv)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	int argc = 0;

	while (argv[argc])
		argc++;
	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), 0);
	assert_int_equal(vnuma_config_add_argv(cfg, argc, argv, 0, NULL), 0);
	assert_int_equal(vnuma_topology_new(&t, cfg, NULL), 0);
	vnuma_config_free(cfg);
	return t;
}

/* Node 0 with the CPUs, node 1 memory only, both with HMAT data. */
static const char *const hmat_argv[] = {
	"-M", "q35,hmat=on", "-m", "2G", "-smp", "2",
	"-object", "memory-backend-ram,id=m0,size=1G",
	"-object", "memory-backend-ram,id=m1,size=1G",
	"-numa", "node,memdev=m0,cpus=0-1",
	"-numa", "node,memdev=m1,initiator=0",
	"-numa", "hmat-lb,initiator=0,target=0,hierarchy=memory,"
	"data-type=access-latency,latency=100",
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	"data-type=access-latency,latency=2500",
	"-numa", "hmat-lb,initiator=0,target=1,hierarchy=memory,"
	"data-type=read-bandwidth,bandwidth=3G",
	"-numa", "hmat-cache,node-id=1,size=64M,level=1,"
	"associativity=direct,policy=write-back,line=64",
	NULL
};

/* HMAT: the tables as the ACPI table holds them, and the caches. */
static void hmat_section(void **state)
{
	vnuma_topology *t = topology_of(hmat_argv);
	char *s = NULL;

	(void)state;
	assert_int_equal(vnuma_report_json(&s, t, NULL), 0);
	assert_member(s, "hmat/lb/0",
		      "{\"hierarchy\":\"memory\",\"data-type\":"
		      "\"access-latency\",\"base\":100000,\"initiators\":[0],"
		      "\"targets\":[0,1],\"entries\":[[1,25]]}");
	assert_member(s, "hmat/lb/1",
		      "{\"hierarchy\":\"memory\",\"data-type\":"
		      "\"read-bandwidth\",\"base\":1024,\"initiators\":[0],"
		      "\"targets\":[0,1],\"entries\":[[0,3]]}");
	assert_member(s, "hmat/caches",
		      "[{\"node\":1,\"level\":1,\"size\":67108864,"
		      "\"associativity\":\"direct\",\"policy\":"
		      "\"write-back\",\"line\":64,\"attributes\":4198673}]");
	free(s);
	vnuma_topology_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_node_whole_document),
		cmocka_unit_test(two_nodes_with_distances),
		cmocka_unit_test(cpuless_node_and_odd_sizes),
		cmocka_unit_test(memoryless_node),
		cmocka_unit_test(x86_dies),
		cmocka_unit_test(virt_clusters),
		cmocka_unit_test(cpu_type_names),
		cmocka_unit_test(machine_none),
		cmocka_unit_test(acpi_off_and_kvm),
		cmocka_unit_test(backends_with_host_nodes),
		cmocka_unit_test(implicit_ram_backend),
		cmocka_unit_test(plugged_memory),
		cmocka_unit_test(virtio_mem_and_pxb),
		cmocka_unit_test(warnings_in_order),
		cmocka_unit_test(error_document_with_warnings),
		cmocka_unit_test(invalid_utf8_is_replaced),
		cmocka_unit_test(error_document),
		cmocka_unit_test(error_document_without_location),
		cmocka_unit_test(null_arguments),
		cmocka_unit_test(hmat_section),
		cmocka_unit_test(allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
