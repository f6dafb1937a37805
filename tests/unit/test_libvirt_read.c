/* SPDX-License-Identifier: MIT */
/*
 * The libvirt reader: the options libvirt 9.0 writes for small domains
 * (what tests/libvirt/reader.py compares with the real libvirt), the
 * warnings for what vnuma does not model, errors located at elements,
 * and every allocation failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "config/config_internal.h"
#include "libvirt/libvirt_internal.h"
#include "vnuma/vnuma.h"

#include "alloc_wrap.h"

#define HEAD "<domain type='qemu'><name>t</name>"
#define X86 "<os><type arch='x86_64' machine='q35'>hvm</type></os>"
#define ACPI "<features><acpi/></features>"
#define CPU2(cells)                                          \
	"<cpu mode='custom'><model>qemu64</model><numa>" cells \
	"</numa></cpu>"
#define CELLS2                                              \
	"<cell id='0' cpus='0' memory='128' unit='MiB'/>" \
	"<cell id='1' cpus='1' memory='128' unit='MiB'/>"
#define TWO_CELLS                                                  \
	HEAD "<memory unit='MiB'>256</memory><vcpu>2</vcpu>" X86 ACPI \
		CPU2(CELLS2)

/*
 * The reader alone (read*.c), without libvirt's refusals (check*.c) in
 * front of it: some domains here are ones libvirt refuses (a host node
 * this host lacks, a value the checks stop first), to reach the reader's
 * own rules. The whole path is tested by alloc_failures below, the
 * golden CLI cases and tests/libvirt/.
 */
static int read_alone(vnuma_config *cfg, const char *xml, vnuma_error **e)
{
	xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);
	int rc;

	assert_non_null(doc);
	rc = vnuma__libvirt_read(cfg, doc, e);
	xmlFreeDoc(doc);
	return rc;
}

static vnuma_config *read_ok(const char *xml)
{
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;

	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	if (read_alone(cfg, xml, &e))
		fail_msg("%s: %s", vnuma_error_option(e),
			 vnuma_error_message(e));
	return cfg;
}

static vnuma_error *read_err(const char *xml, int status)
{
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;

	assert_int_equal(vnuma_config_new(&cfg, NULL, NULL), VNUMA_OK);
	assert_int_equal(read_alone(cfg, xml, &e), status);
	vnuma_config_free(cfg);
	assert_non_null(e);
	return e;
}

/* The options other than -numa, "OPTION TEXT" each, in order. */
static void expect_opts(const vnuma_config *cfg, const char *const *want)
{
	size_t i = 0;

	for (; want[i]; i++) {
		char got[2048];

		assert_true(i < cfg->n);
		snprintf(got, sizeof(got), "%s%s%s", cfg->e[i].opts.option,
			 cfg->e[i].opts.text && *cfg->e[i].opts.text ? " " : "",
			 cfg->e[i].opts.text ? cfg->e[i].opts.text : "");
		assert_string_equal(got, want[i]);
	}
	assert_int_equal(cfg->n, i);
}

static void expect_numa(const vnuma_config *cfg, const char *const *want)
{
	size_t i = 0;

	for (; want[i]; i++) {
		char buf[VNUMA__DIST_TEXT_MAX];

		assert_true(i < cfg->n_numa);
		assert_string_equal(vnuma__config_numa_text(cfg, i, buf),
				    want[i]);
	}
	assert_int_equal(cfg->n_numa, i);
}

static void two_cells(void **state)
{
	vnuma_config *cfg = read_ok(TWO_CELLS "</domain>");
	static const char *const opts[] = {
		"-machine pc-q35-7.2,usb=off,dump-guest-core=off",
		"-accel tcg",
		"-cpu qemu64",
		"-m 256",
		"-smp 2,sockets=2,cores=1,threads=1",
		"-object {\"qom-type\":\"memory-backend-ram\",\"id\":"
		"\"ram-node0\",\"size\":134217728}",
		"-object {\"qom-type\":\"memory-backend-ram\",\"id\":"
		"\"ram-node1\",\"size\":134217728}",
		NULL
	};
	static const char *const numa[] = {
		"node,nodeid=0,cpus=0,memdev=ram-node0",
		"node,nodeid=1,cpus=1,memdev=ram-node1", NULL
	};

	(void)state;
	expect_opts(cfg, opts);
	expect_numa(cfg, numa);
	assert_int_equal(vnuma_config_warning_count(cfg), 0);
	vnuma_config_free(cfg);
}

/* vCPUs no cell names go to cell 0, as libvirt writes them. */
static void unassigned_vcpus(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>256</memory><vcpu>5</vcpu>" X86 ACPI
			CPU2("<cell id='0' memory='128' unit='MiB'/>"
			     "<cell id='1' cpus='1,3' memory='128' unit='MiB'/>")
				"</domain>");
	static const char *const numa[] = {
		"node,nodeid=0,cpus=0,cpus=2,cpus=4,memdev=ram-node0",
		"node,nodeid=1,cpus=1,cpus=3,memdev=ram-node1", NULL
	};

	(void)state;
	expect_numa(cfg, numa);
	vnuma_config_free(cfg);
}

/* No cells: the machine's RAM is a backend of its own, no ACPI. */
static void arm_without_cells(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory>65537</memory><vcpu current='1'>2</vcpu>"
		     "<os><type arch='aarch64' machine='virt'>hvm</type></os>"
		     "<cpu><topology sockets='1' cores='2' threads='1'/></cpu>"
		     "</domain>");
	static const char *const opts[] = {
		"-machine virt-7.2,usb=off,gic-version=2,dump-guest-core=off,"
		"memory-backend=mach-virt.ram",
		"-accel tcg",
		"-cpu cortex-a15",
		"-m 65",
		"-object {\"qom-type\":\"memory-backend-ram\",\"id\":"
		"\"mach-virt.ram\",\"size\":68157440}",
		"-smp 1,maxcpus=2,sockets=1,dies=1,cores=2,threads=1",
		"-no-acpi",
		NULL
	};

	(void)state;
	expect_opts(cfg, opts);
	assert_int_equal(cfg->n_numa, 0);
	vnuma_config_free(cfg);
}

/*
 * Cells rounded up to 1 MiB, -m their sum; huge pages for one node,
 * memfd with an access mode, a discard that only a file backend takes.
 */
static void backing(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>1</memory>"
		     "<memoryBacking><hugepages><page size='2048' "
		     "nodeset='1'/></hugepages><source type='memfd'/>"
		     "<access mode='private'/><discard/>"
		     "<allocation mode='ondemand' threads='3'/>"
		     "</memoryBacking><vcpu>2</vcpu>" X86 ACPI CPU2(
			     "<cell id='0' cpus='0' memory='131073'/>"
			     "<cell id='1' cpus='1' memory='64' unit='MiB' "
			     "memAccess='shared'/>") "</domain>");
	static const char *const opts[] = {
		"-machine pc-q35-7.2,usb=off,dump-guest-core=off",
		"-accel tcg",
		"-cpu qemu64",
		"-m 193",
		"-smp 2,sockets=2,cores=1,threads=1",
		"-object {\"qom-type\":\"memory-backend-memfd\",\"id\":"
		"\"ram-node0\",\"share\":false,\"prealloc-threads\":3,"
		"\"size\":135266304}",
		"-object {\"qom-type\":\"memory-backend-memfd\",\"id\":"
		"\"ram-node1\",\"hugetlb\":true,\"hugetlbsize\":2097152,"
		"\"share\":true,\"prealloc-threads\":3,\"size\":67108864}",
		NULL
	};

	(void)state;
	expect_opts(cfg, opts);
	vnuma_config_free(cfg);
}

/* A file backend at libvirt's paths; policies from <numatune>. */
static void file_and_policy(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>256</memory><memoryBacking>"
		     "<source type='file'/><hugepages><page size='1' unit='G' "
		     "nodeset='1'/></hugepages><allocation "
		     "mode='immediate'/></memoryBacking><vcpu>2</vcpu>"
		     "<numatune><memory mode='interleave' nodeset='0-2,^1'/>"
		     "<memnode cellid='1' mode='preferred' nodeset='3'/>"
		     "</numatune>" X86 ACPI CPU2(CELLS2) "</domain>");
	static const char *const opts[] = {
		"-object {\"qom-type\":\"thread-context\",\"id\":"
		"\"tc-ram-node0\",\"node-affinity\":[0,2]}",
		"-object {\"qom-type\":\"memory-backend-file\",\"id\":"
		"\"ram-node0\",\"mem-path\":\"/var/lib/libvirt/qemu/ram/"
		"libvirt/qemu/-1-t/ram-node0\",\"prealloc\":true,"
		"\"size\":134217728,\"host-nodes\":[0,2],\"policy\":"
		"\"interleave\",\"prealloc-context\":\"tc-ram-node0\"}",
		"-object {\"qom-type\":\"thread-context\",\"id\":"
		"\"tc-ram-node1\",\"node-affinity\":[3]}",
		"-object {\"qom-type\":\"memory-backend-file\",\"id\":"
		"\"ram-node1\",\"mem-path\":\"/dev/hugepages1G/libvirt/qemu/"
		"-1-t\",\"prealloc\":true,\"size\":134217728,\"host-nodes\":"
		"[3],\"policy\":\"preferred\",\"prealloc-context\":"
		"\"tc-ram-node1\"}",
		NULL
	};
	const vnuma_error *w;

	(void)state;
	assert_true(cfg->n >= 9);
	for (size_t i = 0; opts[i]; i++) {
		char got[1024];

		snprintf(got, sizeof(got), "%s %s", cfg->e[5 + i].opts.option,
			 cfg->e[5 + i].opts.text);
		assert_string_equal(got, opts[i]);
	}
	/* the hugetlbfs mount is the host's: said once */
	assert_int_equal(vnuma_config_warning_count(cfg), 1);
	w = vnuma_config_warning(cfg, 0);
	assert_string_equal(vnuma_error_check(w), "libvirt.not-modelled");
	assert_string_equal(vnuma_error_option(w),
			    "/domain/memoryBacking/hugepages");
	vnuma_config_free(cfg);
}

#define DIST(a, b) "<sibling id='" #a "' value='" #b "'/>"

/* Defaults fill the matrix; a matrix of defaults gives no -numa dist. */
static void distances(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>256</memory><vcpu>2</vcpu>" X86 ACPI
			CPU2("<cell id='0' cpus='0' memory='128' unit='MiB'>"
			     "<distances>" DIST(0, 10) DIST(1, 20) "</distances>"
			     "</cell><cell id='1' cpus='1' memory='128' "
			     "unit='MiB'><distances>" DIST(0, 20) "</distances>"
			     "</cell>") "</domain>");
	static const char *const filled[] = {
		"node,nodeid=0,cpus=0,memdev=ram-node0",
		"node,nodeid=1,cpus=1,memdev=ram-node1",
		"dist,src=0,dst=0,val=10",
		"dist,src=0,dst=1,val=30",
		"dist,src=1,dst=0,val=30",
		"dist,src=1,dst=1,val=10",
		NULL
	};

	(void)state;
	assert_int_equal(cfg->n_numa, 2);
	vnuma_config_free(cfg);
	cfg = read_ok(HEAD "<memory unit='MiB'>256</memory><vcpu>2</vcpu>" X86
			   ACPI CPU2("<cell id='0' cpus='0' memory='128' "
				     "unit='MiB'><distances>" DIST(1, 30)
				     "</distances></cell><cell id='1' "
				     "cpus='1' memory='128' unit='MiB'/>")
				   "</domain>");
	expect_numa(cfg, filled);
	vnuma_config_free(cfg);
}

/*
 * HMAT: hmat=on, every node's initiator, interconnects in document
 * order, and libvirt 9.0's cache sizes (the value, in KiB, whatever the
 * unit).
 */
static void hmat(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>384</memory><vcpu>2</vcpu>" X86 ACPI CPU2(
			"<cell id='0' cpus='0-1' memory='128' unit='MiB'/>"
			"<cell id='1' memory='128' unit='MiB'><cache level='2' "
			"associativity='full' policy='writethrough'><size "
			"value='1' unit='MiB'/><line value='64' unit='B'/>"
			"</cache></cell><cell id='2' memory='128' "
			"unit='MiB'/><interconnects><latency initiator='0' "
			"target='1' cache='2' type='read' value='7'/>"
			"<bandwidth initiator='0' target='0' type='access' "
			"value='2' unit='GiB'/></interconnects>") "</domain>");
	static const char *const numa[] = {
		"node,nodeid=0,cpus=0-1,initiator=0,memdev=ram-node0",
		"node,nodeid=1,initiator=0,memdev=ram-node1",
		"node,nodeid=2,initiator=0,memdev=ram-node2",
		"hmat-lb,initiator=0,target=1,hierarchy=second-level,"
		"data-type=read-latency,latency=7",
		"hmat-lb,initiator=0,target=0,hierarchy=memory,"
		"data-type=access-bandwidth,bandwidth=2097152K",
		"hmat-cache,node-id=1,size=1K,level=2,associativity=complex,"
		"policy=write-through,line=64",
		NULL
	};

	(void)state;
	assert_string_equal(cfg->e[0].opts.text,
			    "pc-q35-7.2,usb=off,dump-guest-core=off,hmat=on");
	expect_numa(cfg, numa);
	vnuma_config_free(cfg);
}

/* DIMMs named by slot, aligned to 2 MiB; virtio-mem by rank. */
static void devices(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<maxMemory slots='4' unit='GiB'>4</maxMemory>"
		     "<memory unit='MiB'>256</memory><vcpu>2</vcpu>"
		     "<os><type arch='x86_64' machine='pc'>hvm</type></os>" ACPI
			CPU2(CELLS2) "<devices><controller type='pci' index='1' "
				     "model='pci-expander-bus'><target "
				     "busNr='254'><node>1</node></target>"
				     "</controller><memory model='virtio-mem'>"
				     "<target><size unit='KiB'>3000</size><node>"
				     "1</node><block unit='MiB'>2</block>"
				     "<requested unit='MiB'>2</requested>"
				     "</target></memory><memory model='dimm'>"
				     "<target><size unit='KiB'>1000</size><node>"
				     "0</node></target><address type='dimm' "
				     "slot='2' base='0x100000000'/></memory>"
				     "<memory model='nvdimm'><source><path>"
				     "/tmp/n.img</path></source><target><size "
				     "unit='MiB'>128</size><node>1</node><label>"
				     "<size unit='KiB'>128</size></label>"
				     "</target></memory></devices></domain>");
	static const char *const tail[] = {
		"-device {\"driver\":\"pxb\",\"bus_nr\":254,\"id\":\"pci.1\","
		"\"numa_node\":1,\"bus\":\"pci.0\"}",
		"-object {\"qom-type\":\"memory-backend-ram\",\"id\":"
		"\"memvirtiomem0\",\"reserve\":false,\"size\":4194304}",
		"-device {\"driver\":\"virtio-mem-pci\",\"node\":1,"
		"\"block-size\":2097152,\"requested-size\":2097152,\"memdev\":"
		"\"memvirtiomem0\",\"id\":\"virtiomem0\"}",
		"-object {\"qom-type\":\"memory-backend-ram\",\"id\":"
		"\"memdimm2\",\"size\":2097152}",
		"-device {\"driver\":\"pc-dimm\",\"node\":0,\"memdev\":"
		"\"memdimm2\",\"id\":\"dimm2\",\"slot\":2,\"addr\":4294967296}",
		"-object {\"qom-type\":\"memory-backend-file\",\"id\":"
		"\"memnvdimm0\",\"mem-path\":\"/tmp/n.img\",\"prealloc\":true,"
		"\"size\":134217728}",
		"-device {\"driver\":\"nvdimm\",\"node\":1,\"label-size\":"
		"131072,\"memdev\":\"memnvdimm0\",\"id\":\"nvdimm0\","
		"\"slot\":0}",
		NULL
	};

	(void)state;
	assert_string_equal(cfg->e[0].opts.text,
			    "pc-i440fx-7.2,usb=off,dump-guest-core=off,"
			    "nvdimm=on");
	assert_string_equal(cfg->e[3].opts.text,
			    "size=262144k,slots=4,maxmem=4194304k");
	assert_int_equal(cfg->n, 7 + 7);
	for (size_t i = 0; tail[i]; i++) {
		char got[1024];

		snprintf(got, sizeof(got), "%s %s", cfg->e[7 + i].opts.option,
			 cfg->e[7 + i].opts.text);
		assert_string_equal(got, tail[i]);
	}
	vnuma_config_free(cfg);
}

/* virtio-pmem: a shared file, no node; an NVDIMM with <pmem/>. */
static void pmem(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<maxMemory slots='4' unit='MiB'>2048</maxMemory>"
		     "<memory unit='MiB'>256</memory><vcpu>2</vcpu>" X86 ACPI
			CPU2("<cell id='0' cpus='0-1' memory='256' unit='MiB'/>")
				"<devices><memory model='virtio-pmem' "
				"access='shared'><source><path>/tmp/p.img</path>"
				"</source><target><size unit='MiB'>128</size>"
				"</target></memory><memory model='nvdimm'><source>"
				"<path>/tmp/n.img</path><pmem/></source><target>"
				"<size unit='MiB'>128</size><node>0</node>"
				"</target></memory></devices></domain>");
	static const char *const tail[] = {
		"-object {\"qom-type\":\"memory-backend-file\",\"id\":"
		"\"memvirtiopmem0\",\"mem-path\":\"/tmp/p.img\",\"share\":"
		"true,\"size\":134217728}",
		"-device {\"driver\":\"virtio-pmem-pci\",\"memdev\":"
		"\"memvirtiopmem0\",\"id\":\"virtiopmem0\"}",
		"-object {\"qom-type\":\"memory-backend-file\",\"id\":"
		"\"memnvdimm0\",\"mem-path\":\"/tmp/n.img\",\"size\":"
		"134217728,\"pmem\":true}",
		"-device {\"driver\":\"nvdimm\",\"node\":0,\"memdev\":"
		"\"memnvdimm0\",\"id\":\"nvdimm0\",\"slot\":0}",
		NULL
	};

	(void)state;
	assert_int_equal(cfg->n, 6 + 4);
	for (size_t i = 0; tail[i]; i++) {
		char got[1024];

		snprintf(got, sizeof(got), "%s %s", cfg->e[6 + i].opts.option,
			 cfg->e[6 + i].opts.text);
		assert_string_equal(got, tail[i]);
	}
	vnuma_config_free(cfg);
}

/*
 * discard-data: on for <discard/>, off where a cell (and so a device on
 * it) says discard='no'; file backends only. The machine's RAM gets
 * share before x-use-canonical-path-for-ramblock-id.
 */
static void discard_and_share(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<maxMemory slots='2' unit='MiB'>1024</maxMemory>"
		     "<memory unit='MiB'>128</memory><memoryBacking>"
		     "<source type='file'/><discard/></memoryBacking>"
		     "<vcpu>2</vcpu>" X86 ACPI CPU2(
			     "<cell id='0' cpus='0' memory='64' unit='MiB'/>"
			     "<cell id='1' cpus='1' memory='64' unit='MiB' "
			     "discard='no'/>") "<devices><memory model='dimm'>"
					       "<target><size unit='MiB'>64</size>"
					       "<node>1</node></target></memory>"
					       "</devices></domain>");

	(void)state;
	assert_string_equal(cfg->e[5].opts.text,
			    "{\"qom-type\":\"memory-backend-file\",\"id\":"
			    "\"ram-node0\",\"mem-path\":\"/var/lib/libvirt/qemu/"
			    "ram/libvirt/qemu/-1-t/ram-node0\",\"discard-data\":"
			    "true,\"size\":67108864}");
	assert_string_equal(cfg->e[6].opts.text,
			    "{\"qom-type\":\"memory-backend-file\",\"id\":"
			    "\"ram-node1\",\"mem-path\":\"/var/lib/libvirt/qemu/"
			    "ram/libvirt/qemu/-1-t/ram-node1\",\"discard-data\":"
			    "false,\"size\":67108864}");
	assert_string_equal(cfg->e[7].opts.text,
			    "{\"qom-type\":\"memory-backend-file\",\"id\":"
			    "\"memdimm0\",\"mem-path\":\"/var/lib/libvirt/qemu/"
			    "ram/libvirt/qemu/-1-t/dimm0\",\"discard-data\":"
			    "false,\"size\":67108864}");
	vnuma_config_free(cfg);
	cfg = read_ok(HEAD "<memory unit='MiB'>64</memory><memoryBacking>"
			   "<source type='memfd'/><access mode='shared'/>"
			   "</memoryBacking><vcpu>1</vcpu>" X86 "</domain>");
	assert_string_equal(cfg->e[4].opts.text,
			    "{\"qom-type\":\"memory-backend-memfd\",\"id\":"
			    "\"pc.ram\",\"share\":true,"
			    "\"x-use-canonical-path-for-ramblock-id\":false,"
			    "\"size\":67108864}");
	vnuma_config_free(cfg);
}

/* Expander buses without busNr: the numbers below those taken. */
static void pxb_numbers(void **state)
{
	vnuma_config *cfg = read_ok(
		TWO_CELLS "<devices><controller type='pci' index='1' "
			  "model='pcie-expander-bus'><target/></controller>"
			  "<controller type='pci' index='3' "
			  "model='pcie-expander-bus'><target busNr='200'/>"
			  "</controller><controller type='pci' index='4' "
			  "model='pcie-root-port'><address type='pci' "
			  "bus='0x05'/></controller><controller type='pci' "
			  "index='5' model='pcie-expander-bus'><target>"
			  "<node>1</node></target></controller></devices>"
			  "</domain>");

	(void)state;
	assert_int_equal(cfg->n, 7 + 3);
	assert_string_equal(cfg->e[7].opts.text,
			    "{\"driver\":\"pxb-pcie\",\"bus_nr\":198,\"id\":"
			    "\"pci.1\",\"bus\":\"pcie.0\"}");
	assert_string_equal(cfg->e[8].opts.text,
			    "{\"driver\":\"pxb-pcie\",\"bus_nr\":200,\"id\":"
			    "\"pci.3\",\"bus\":\"pcie.0\"}");
	/* the root port behind it takes no number of its own */
	assert_string_equal(cfg->e[9].opts.text,
			    "{\"driver\":\"pxb-pcie\",\"bus_nr\":196,\"id\":"
			    "\"pci.5\",\"numa_node\":1,\"bus\":\"pcie.0\"}");
	vnuma_config_free(cfg);
}

static void expect_warning(const vnuma_config *cfg, size_t i,
			   const char *option, const char *key,
			   const char *start)
{
	const vnuma_error *w = vnuma_config_warning(cfg, i);

	assert_non_null(w);
	assert_int_equal(vnuma_error_status(w), VNUMA_OK);
	assert_string_equal(vnuma_error_check(w), "libvirt.not-modelled");
	assert_string_equal(vnuma_error_option(w), option);
	if (key)
		assert_string_equal(vnuma_error_key(w), key);
	assert_memory_equal(vnuma_error_message(w), start, strlen(start));
}

/* What vnuma does not model is a warning naming the element. */
static void warnings(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>256</memory><memoryBacking><locked/>"
		     "</memoryBacking><vcpu placement='auto'>4</vcpu>" X86
			ACPI "<cpu mode='host-model'><topology sockets='2' "
			"clusters='1' cores='2' threads='1'/></cpu><devices>"
			"<memory model='sgx-epc'/></devices></domain>");

	(void)state;
	assert_int_equal(vnuma_config_warning_count(cfg), 5);
	expect_warning(cfg, 0, "/domain/vcpu", "placement", "vCPU placement");
	expect_warning(cfg, 1, "/domain/memoryBacking/locked", NULL,
		       "memory locking");
	expect_warning(cfg, 2, "/domain/cpu", "mode",
		       "the CPU model libvirt expands 'host-model'");
	expect_warning(cfg, 3, "/domain/cpu/topology", "clusters",
		       "libvirt 9.0 does not know clusters");
	expect_warning(cfg, 4, "/domain/devices/memory", "model",
		       "memory device model 'sgx-epc'");
	assert_string_equal(cfg->e[2].opts.text, "max");
	vnuma_config_free(cfg);
}

static void expect_at(vnuma_error *e, const char *check, const char *option,
		      const char *key, const char *message)
{
	assert_string_equal(vnuma_error_check(e), check);
	assert_string_equal(vnuma_error_option(e), option);
	if (key)
		assert_string_equal(vnuma_error_key(e), key);
	else
		assert_null(vnuma_error_key(e));
	assert_string_equal(vnuma_error_message(e), message);
	vnuma_error_free(e);
}

/* Enabled hotpluggable vCPUs are plugged after start: -smp lacks them. */
static void vcpus_hotplug(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>64</memory><vcpu current='3'>4</vcpu>"
		     "<vcpus><vcpu id='0' enabled='yes' hotpluggable='no'/>"
		     "<vcpu id='1' enabled='yes' hotpluggable='yes'/>"
		     "<vcpu id='2' enabled='yes'/><vcpu id='3' enabled='no' "
		     "hotpluggable='yes'/></vcpus>" X86 ACPI "</domain>");

	(void)state;
	assert_string_equal(cfg->e[5].opts.option, "-smp");
	assert_string_equal(cfg->e[5].opts.text,
			    "2,maxcpus=4,sockets=4,cores=1,threads=1");
	assert_int_equal(vnuma_config_warning_count(cfg), 1);
	expect_warning(cfg, 0, "/domain/vcpus", NULL,
		       "1 enabled hotpluggable vCPUs are plugged by libvirt");
	vnuma_config_free(cfg);
}

/* What does not parse is an error at its element and attribute. */
static void errors_at_elements(void **state)
{
	(void)state;
	expect_at(read_err(HEAD "<vcpu>2</vcpu>" X86 CPU2(
				       "<cell id='0' cpus='0' memory='1'/>"
				       "<cell id='1' cpus='1' memory='x'/>")
				       "</domain>",
			   VNUMA_E_SYNTAX),
		  "libvirt.number", "/domain/cpu/numa/cell[2]", "memory",
		  "Invalid value 'x' for element or attribute 'memory'");
	expect_at(read_err(HEAD "<vcpu>2</vcpu>" X86 CPU2(
				       "<cell id='0' cpus='0' memory='1' "
				       "unit='parsec'/>") "</domain>",
			   VNUMA_E_SYNTAX),
		  "libvirt.unit", "/domain/cpu/numa/cell", "memory",
		  "unknown suffix 'parsec'");
	expect_at(read_err(HEAD "<vcpu>2</vcpu>" X86 CPU2(
				       "<cell id='0' cpus='0-' memory='1'/>")
				       "</domain>",
			   VNUMA_E_SYNTAX),
		  "libvirt.bitmap", "/domain/cpu/numa/cell", "cpus",
		  "Failed to parse bitmap '0-'");
	expect_at(read_err(HEAD "<vcpu>2</vcpu>" X86 CPU2(
				       "<cell id='0' cpus='0' memory='1' "
				       "memAccess='public'/>") "</domain>",
			   VNUMA_E_SYNTAX),
		  "libvirt.value", "/domain/cpu/numa/cell", "memAccess",
		  "Invalid value 'public' for 'memAccess'");
	expect_at(read_err(HEAD "<vcpu>two</vcpu>" X86 "</domain>",
			   VNUMA_E_SYNTAX),
		  "libvirt.number", "/domain/vcpu", NULL,
		  "Invalid value 'two' for element or attribute 'vcpu'");
	expect_at(read_err(HEAD "<os><type arch='i686'>hvm</type></os>"
				"</domain>",
			   VNUMA_E_UNSUPPORTED),
		  "libvirt.arch", "/domain/os/type", "arch",
		  "vnuma models x86_64 and aarch64 guests, not 'i686'");
	expect_at(read_err("<domain type='xen'/>", VNUMA_E_UNSUPPORTED),
		  "libvirt.domain-type", "/domain", "type",
		  "vnuma reads domains of type 'qemu' or 'kvm', not 'xen'");
	expect_at(read_err(HEAD "<os><type arch='aarch64'>hvm</type></os>"
				"</domain>",
			   VNUMA_E_INVAL),
		  "libvirt.no-machine", "/domain/os/type", NULL,
		  "invalid argument: could not get preferred machine for "
		  "/usr/bin/qemu-system-aarch64 type=qemu");
	expect_at(read_err("<guest/>", VNUMA_E_SYNTAX), "libvirt.not-domain",
		  "/guest", NULL, "the document is not a <domain>");
}

/* QEMU's errors of the generated line read as for that line. */
static void qemu_errors_name_the_option(void **state)
{
	vnuma_config *cfg = read_ok(
		HEAD "<memory unit='MiB'>256</memory><vcpu>2</vcpu>" X86 ACPI
			CPU2("<cell id='0' cpus='5' memory='256' unit='MiB'/>")
				"</domain>");
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma_topology_new(&t, cfg, &e), VNUMA_E_RANGE);
	assert_string_equal(vnuma_error_option(e), "-numa");
	assert_string_equal(vnuma_error_text(e),
			    "node,nodeid=0,cpus=0-1,cpus=5,memdev=ram-node0");
	assert_string_equal(vnuma_error_message(e),
			    "CPU index (5) should be smaller than maxcpus (2)");
	vnuma_error_free(e);
	vnuma_config_free(cfg);
}

/* Every allocation failure: VNUMA_E_NOMEM, nothing left allocated. */
static void alloc_failures(void **state)
{
	static const char *const xmls[] = {
		HEAD "<maxMemory slots='2' unit='MiB'>1024</maxMemory>"
		     "<memory unit='MiB'>256</memory><vcpu>2</vcpu>" X86 ACPI
			     CPU2(CELLS2)
		     "<devices><memory model='dimm'><target><size>2048"
			  "</size><node>0</node></target></memory></devices>"
			  "</domain>",
		HEAD "<memory>1024</memory><memoryBacking><hugepages/><locked/>"
		     "</memoryBacking><numatune><memory nodeset='0'/>"
		     "</numatune>" X86 "<cpu mode='host-model'/></domain>",
	};

	(void)state;
	for (size_t k = 0; k < sizeof(xmls) / sizeof(xmls[0]); k++) {
		long n = 0;
		int rc;

		do {
			vnuma_config *cfg = NULL;
			vnuma_error *e = NULL;

			assert_int_equal(vnuma_config_new(&cfg, NULL, NULL),
					 VNUMA_OK);
			failures = 0;
			countdown = n++;
			rc = vnuma_config_add_libvirt_xml(cfg, xmls[k],
							  strlen(xmls[k]), 0,
							  &e);
			countdown = -1;
			if (rc)
				assert_int_equal(rc, VNUMA_E_NOMEM);
			vnuma_error_free(e);
			vnuma_config_free(cfg);
		} while (rc || failures);
		assert_true(n > 10);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_cells),
		cmocka_unit_test(unassigned_vcpus),
		cmocka_unit_test(arm_without_cells),
		cmocka_unit_test(backing),
		cmocka_unit_test(file_and_policy),
		cmocka_unit_test(distances),
		cmocka_unit_test(hmat),
		cmocka_unit_test(devices),
		cmocka_unit_test(pmem),
		cmocka_unit_test(pxb_numbers),
		cmocka_unit_test(discard_and_share),
		cmocka_unit_test(warnings),
		cmocka_unit_test(vcpus_hotplug),
		cmocka_unit_test(errors_at_elements),
		cmocka_unit_test(qemu_errors_name_the_option),
		cmocka_unit_test(alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
