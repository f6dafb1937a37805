/* SPDX-License-Identifier: MIT */
/*
 * vnuma_libvirt_xml_write: the domain XML of small topologies, read back
 * with libxml2 (it must be well-formed) and asked with XPath, and the
 * refusals of what libvirt 9.0 has no form for.
 */
#include <stdlib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "pipeline.h"
#include "libvirt/write_internal.h"

struct doc {
	xmlDoc *doc;
	xmlXPathContext *ctx;
	char *text;
};

/* The topology of the options, written and parsed. */
static struct doc write_of(const char *const *argv)
{
	struct run r = run_opts(0, argv);
	struct doc d = { 0 };
	vnuma_error *e = NULL;

	assert_ok(r);
	assert_int_equal(vnuma_libvirt_xml_write(&d.text, r.t, 0, &e), 0);
	assert_null(e);
	assert_non_null(d.text);
	run_free(&r);
	d.doc = xmlReadMemory(d.text, (int)strlen(d.text), NULL, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR |
				      XML_PARSE_NOWARNING);
	if (!d.doc)
		print_error("not well-formed:\n%s\n", d.text);
	assert_non_null(d.doc);
	d.ctx = xmlXPathNewContext(d.doc);
	assert_non_null(d.ctx);
	return d;
}

#define WRITE(...) write_of((const char *const[]){ __VA_ARGS__, NULL })

static void doc_free(struct doc *d)
{
	xmlXPathFreeContext(d->ctx);
	xmlFreeDoc(d->doc);
	free(d->text);
}

/* The string value of an XPath expression ("" when it selects nothing). */
static void assert_xpath(struct doc *d, const char *expr, const char *want)
{
	xmlXPathObject *o = xmlXPathEvalExpression(
		(const xmlChar *)expr, d->ctx);
	xmlChar *s;

	assert_non_null(o);
	s = xmlXPathCastToString(o);
	if (strcmp((const char *)s, want))
		print_error("%s: '%s', not '%s', in\n%s\n", expr,
			    (const char *)s, want, d->text);
	assert_string_equal((const char *)s, want);
	xmlFree(s);
	xmlXPathFreeObject(o);
}

static void two_cells(void **state)
{
	struct doc d = WRITE("-M", "q35", "-m", "2G", "-smp", "4", "-object",
			     "memory-backend-ram,id=m0,size=1G", "-object",
			     "memory-backend-ram,id=m1,size=1G", "-numa",
			     "node,nodeid=0,cpus=0-1,memdev=m0", "-numa",
			     "node,nodeid=1,cpus=2-3,memdev=m1", "-numa",
			     "dist,src=0,dst=1,val=21");

	(void)state;
	assert_xpath(&d, "string(/domain/@type)", "qemu");
	assert_xpath(&d, "string(/domain/name)", "vnuma");
	assert_xpath(&d, "string(/domain/os/type/@arch)", "x86_64");
	assert_xpath(&d, "string(/domain/os/type/@machine)", "q35");
	assert_xpath(&d, "count(/domain/features/acpi)", "1");
	assert_xpath(&d, "string(/domain/memory)", "2097152");
	assert_xpath(&d, "string(/domain/memory/@unit)", "KiB");
	assert_xpath(&d, "count(/domain/maxMemory)", "0");
	assert_xpath(&d, "string(/domain/vcpu)", "4");
	assert_xpath(&d, "count(/domain/vcpu/@current)", "0");
	assert_xpath(&d, "string(/domain/cpu/model)", "qemu64");
	assert_xpath(&d, "string(/domain/cpu/topology/@sockets)", "1");
	assert_xpath(&d, "string(/domain/cpu/topology/@cores)", "4");
	assert_xpath(&d, "count(/domain/cpu/numa/cell)", "2");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/@id)", "1");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/@cpus)", "2-3");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/@memory)",
		     "1048576");
	assert_xpath(&d,
		     "string(/domain/cpu/numa/cell[1]/distances/"
		     "sibling[@id='1']/@value)",
		     "21");
	assert_xpath(&d,
		     "string(/domain/cpu/numa/cell[2]/distances/"
		     "sibling[@id='1']/@value)",
		     "10");
	assert_xpath(&d, "count(/domain/numatune)", "0");
	assert_xpath(&d, "count(/domain/memoryBacking)", "0");
	doc_free(&d);
}

/* CPU sets with gaps, a cell without CPUs, vCPUs not all present. */
static void cpu_ranges_and_current(void **state)
{
	struct doc d = WRITE("-M", "pc", "-m", "2G", "-smp",
			     "4,maxcpus=8,sockets=2,cores=2,threads=2",
			     "-object", "memory-backend-ram,id=m0,size=1G",
			     "-object", "memory-backend-ram,id=m1,size=1G",
			     "-numa", "node,nodeid=0,cpus=0-2,cpus=5,memdev=m0",
			     "-numa", "node,nodeid=1,cpus=3-4,cpus=6-7,memdev=m1");

	(void)state;
	assert_xpath(&d, "string(/domain/vcpu)", "8");
	assert_xpath(&d, "string(/domain/vcpu/@current)", "4");
	assert_xpath(&d, "string(/domain/cpu/topology/@threads)", "2");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[1]/@cpus)", "0-2,5");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/@cpus)",
		     "3-4,6-7");
	assert_xpath(&d, "count(/domain/cpu/numa/cell/distances)", "0");
	doc_free(&d);
}

/* The backends' policy and host nodes become <memnode>s. */
static void numatune_from_policy(void **state)
{
	struct doc d = WRITE(
		"-M", "q35", "-m", "2G", "-smp", "2", "-object",
		"memory-backend-ram,id=m0,size=1G,policy=bind,host-nodes=0",
		"-object",
		"memory-backend-ram,id=m1,size=1G,policy=interleave,"
		"host-nodes=0",
		"-numa", "node,cpus=0,memdev=m0", "-numa",
		"node,cpus=1,memdev=m1");

	(void)state;
	assert_xpath(&d, "count(/domain/numatune/memnode)", "2");
	assert_xpath(&d, "string(/domain/numatune/memnode[1]/@cellid)", "0");
	assert_xpath(&d, "string(/domain/numatune/memnode[1]/@mode)",
		     "strict");
	assert_xpath(&d, "string(/domain/numatune/memnode[1]/@nodeset)", "0");
	assert_xpath(&d, "string(/domain/numatune/memnode[2]/@mode)",
		     "interleave");
	doc_free(&d);
}

/* Preallocated, unmerged, shared memfd memory. */
static void memory_backing(void **state)
{
	struct doc d = WRITE(
		"-M", "q35", "-m", "1G", "-smp", "2", "-object",
		"memory-backend-memfd,id=m0,size=512M,prealloc=on,merge=off,"
		"share=on",
		"-object",
		"memory-backend-memfd,id=m1,size=512M,prealloc=on,merge=off,"
		"share=off",
		"-numa", "node,cpus=0,memdev=m0", "-numa",
		"node,cpus=1,memdev=m1");

	(void)state;
	assert_xpath(&d, "string(/domain/memoryBacking/source/@type)",
		     "memfd");
	assert_xpath(&d, "string(/domain/memoryBacking/allocation/@mode)",
		     "immediate");
	assert_xpath(&d, "count(/domain/memoryBacking/nosharepages)", "1");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[1]/@memAccess)",
		     "shared");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/@memAccess)",
		     "private");
	assert_xpath(&d, "string(/domain/memory/@dumpCore)", "on");
	doc_free(&d);
}

/* Huge pages of a hugetlb memfd, which libvirt preallocates. */
static void huge_pages(void **state)
{
	struct doc d = WRITE("-M", "q35", "-m", "512M", "-object",
			     "memory-backend-memfd,id=m0,size=512M,hugetlb=on,"
			     "hugetlbsize=2M,prealloc=on",
			     "-numa", "node,memdev=m0");

	(void)state;
	assert_xpath(&d, "string(/domain/memoryBacking/hugepages/page/@size)",
		     "2048");
	assert_xpath(&d, "string(/domain/memoryBacking/hugepages/page/@unit)",
		     "KiB");
	assert_xpath(&d, "string(/domain/memoryBacking/source/@type)",
		     "memfd");
	assert_xpath(&d, "string(/domain/memoryBacking/allocation/@mode)",
		     "immediate");
	doc_free(&d);
}

/* A DIMM keeps its slot and address; <maxMemory> carries the slots. */
static void dimm(void **state)
{
	struct doc d = WRITE(
		"-M", "q35", "-m", "1G,slots=4,maxmem=4G", "-smp", "1",
		"-object", "memory-backend-ram,id=m0,size=1G", "-numa",
		"node,memdev=m0", "-object", "memory-backend-ram,id=d0,size=256M",
		"-device", "pc-dimm,memdev=d0,node=0,slot=2");

	(void)state;
	assert_xpath(&d, "string(/domain/maxMemory/@slots)", "4");
	assert_xpath(&d, "string(/domain/maxMemory)", "4194304");
	/* libvirt's <memory> counts the DIMM */
	assert_xpath(&d, "string(/domain/memory)", "1310720");
	assert_xpath(&d, "string(/domain/devices/memory/@model)", "dimm");
	assert_xpath(&d, "string(/domain/devices/memory/target/size)",
		     "262144");
	assert_xpath(&d, "string(/domain/devices/memory/target/node)", "0");
	assert_xpath(&d, "string(/domain/devices/memory/address/@slot)", "2");
	assert_xpath(&d, "string(/domain/devices/memory/address/@base)",
		     "0x100000000");
	doc_free(&d);
}

/* An NVDIMM: its file, its label, shared; libvirt preallocates it. */
static void nvdimm(void **state)
{
	struct doc d = WRITE(
		"-M", "q35,nvdimm=on", "-m", "1G,slots=2,maxmem=4G", "-object",
		"memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0",
		"-object",
		"memory-backend-file,id=nv,size=512M,share=on,prealloc=on,"
		"mem-path=/tmp/nv&1",
		"-device", "nvdimm,memdev=nv,id=n0,label-size=128K");

	(void)state;
	assert_xpath(&d, "string(/domain/devices/memory/@model)", "nvdimm");
	assert_xpath(&d, "string(/domain/devices/memory/@access)", "shared");
	assert_xpath(&d, "string(/domain/devices/memory/source/path)",
		     "/tmp/nv&1");
	assert_xpath(&d, "string(/domain/devices/memory/target/size)",
		     "524288");
	assert_xpath(&d, "string(/domain/devices/memory/target/label/size)",
		     "128");
	doc_free(&d);
}

/* HMAT: latencies in ns, bandwidths in KiB/s, caches in KiB. */
static void hmat(void **state)
{
	struct doc d = WRITE(
		"-M", "q35,hmat=on", "-m", "2G", "-smp", "2", "-object",
		"memory-backend-ram,id=m0,size=1G", "-object",
		"memory-backend-ram,id=m1,size=1G", "-numa",
		"node,memdev=m0,cpus=0-1", "-numa", "node,memdev=m1,initiator=0",
		"-numa",
		"hmat-lb,initiator=0,target=1,hierarchy=memory,"
		"data-type=access-latency,latency=25",
		"-numa",
		"hmat-lb,initiator=0,target=1,hierarchy=memory,"
		"data-type=access-bandwidth,bandwidth=1G",
		"-numa",
		"hmat-cache,node-id=1,size=1M,level=1,associativity=complex,"
		"policy=write-back,line=64");

	(void)state;
	assert_xpath(&d, "string(/domain/cpu/numa/interconnects/latency/"
			 "@value)",
		     "25");
	assert_xpath(&d, "string(/domain/cpu/numa/interconnects/latency/"
			 "@target)",
		     "1");
	assert_xpath(&d, "string(/domain/cpu/numa/interconnects/bandwidth/"
			 "@value)",
		     "1048576");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/cache/@associativity)",
		     "full");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/cache/@policy)",
		     "writeback");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/cache/size/@value)",
		     "1024");
	assert_xpath(&d, "string(/domain/cpu/numa/cell[2]/cache/line/@value)",
		     "64");
	doc_free(&d);
}

/* arm virt without ACPI: no <acpi/>, the CPU model named. */
static void arm_virt(void **state)
{
	struct doc d = WRITE("-M", "virt,acpi=off,gic-version=3", "-cpu",
			     "cortex-a57", "-m", "1G", "-smp", "2");

	(void)state;
	assert_xpath(&d, "string(/domain/os/type/@arch)", "aarch64");
	assert_xpath(&d, "count(/domain/features/acpi)", "0");
	assert_xpath(&d, "string(/domain/features/gic/@version)", "3");
	assert_xpath(&d, "string(/domain/cpu/model)", "cortex-a57");
	assert_xpath(&d, "count(/domain/cpu/numa)", "0");
	doc_free(&d);
}

/* What has no form: the error names it, and nothing is written. */
static void assert_no_form(const char *const *argv, const char *msg)
{
	struct run r = run_opts(0, argv);
	vnuma_error *e = NULL;
	char *out = (char *)"untouched";

	assert_ok(r);
	if (vnuma_libvirt_xml_write(&out, r.t, 0, &e) != VNUMA_E_UNSUPPORTED)
		fail_msg("not refused (%s): %s", msg,
			 e ? vnuma_error_message(e) : out);
	assert_null(out);
	assert_string_equal(vnuma_error_check(e), "libvirt.no-form");
	assert_string_equal(vnuma_error_message(e), msg);
	vnuma_error_free(e);
	run_free(&r);
}

#define NO_FORM(msg, ...) \
	assert_no_form((const char *const[]){ __VA_ARGS__, NULL }, msg)

#define TWO_NODES                                                    \
	"-M", "q35", "-m", "2G", "-smp", "2", "-object",             \
		"memory-backend-ram,id=m0,size=1G", "-object",       \
		"memory-backend-ram,id=m1,size=1G", "-numa",         \
		"node,nodeid=0,cpus=0,memdev=m0", "-numa",           \
		"node,nodeid=1,cpus=1,memdev=m1"

static void refusals(void **state)
{
	(void)state;
	NO_FORM("-numa dist giving only the default distances (10 local, 20 "
		"remote) has no libvirt domain XML form",
		TWO_NODES, "-numa", "dist,src=0,dst=1,val=20");
	NO_FORM("the distance 10 from node 0 to 1 has no libvirt domain XML "
		"form",
		TWO_NODES, "-numa", "dist,src=0,dst=1,val=10", "-numa",
		"dist,src=1,dst=0,val=30");
	NO_FORM("-smp clusters=2 has no libvirt domain XML form", "-M",
		"virt,acpi=off", "-smp", "4,clusters=2");
	NO_FORM("ACPI on aarch64 (libvirt requires UEFI firmware for it) has "
		"no libvirt domain XML form",
		"-M", "virt", "-m", "1G");
	NO_FORM("-machine sata=off has no libvirt domain XML form", "-M",
		"q35,sata=off");
	NO_FORM("machine type isapc (no PCI bus) has no libvirt domain XML "
		"form",
		"-M", "isapc");
	NO_FORM("maxmem without slots has no libvirt domain XML form", "-M",
		"q35", "-m", "1G,maxmem=2G", "-object",
		"memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0");
	NO_FORM("memory hotplug (slots, maxmem) without NUMA nodes has no "
		"libvirt domain XML form",
		"-M", "pc-q35-2.10", "-m", "1G,slots=2,maxmem=2G");
	NO_FORM("node 1 without memory has no libvirt domain XML form", "-M",
		"q35", "-m", "1G", "-object",
		"memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0",
		"-numa", "node");
	NO_FORM("memory backend 'spare' used by no node or device has no "
		"libvirt domain XML form",
		TWO_NODES, "-object", "memory-backend-ram,id=spare,size=1M");
	NO_FORM("memory backends 'm0' and 'm1' of different kinds or settings "
		"has no libvirt domain XML form",
		"-M", "q35", "-m", "2G", "-object",
		"memory-backend-ram,id=m0,size=1G", "-object",
		"memory-backend-memfd,id=m1,size=1G", "-numa",
		"node,memdev=m0", "-numa", "node,memdev=m1");
	NO_FORM("memory backend 'nv' of device n0 unlike the cells' backends "
		"has no libvirt domain XML form",
		"-M", "q35,nvdimm=on", "-m", "1G,slots=2,maxmem=4G", "-object",
		"memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0",
		"-object",
		"memory-backend-file,id=nv,size=512M,mem-path=/tmp/nv",
		"-device", "nvdimm,memdev=nv,id=n0");
	NO_FORM("memory backend 'm0' on huge pages without prealloc=on has "
		"no libvirt domain XML form",
		"-M", "q35", "-m", "512M", "-object",
		"memory-backend-memfd,id=m0,size=512M,hugetlb=on,"
		"hugetlbsize=2M",
		"-numa", "node,memdev=m0");
	NO_FORM("the mem-path of NVDIMM backend 'nv' (not an absolute path in "
		"UTF-8) has no libvirt domain XML form",
		"-M", "q35,nvdimm=on", "-m", "1G,slots=2,maxmem=4G", "-object",
		"memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0",
		"-object",
		"memory-backend-file,id=nv,size=512M,mem-path=nv.img,share=on,"
		"prealloc=on",
		"-device", "nvdimm,memdev=nv");
	NO_FORM("CPU model Nehalem-v1 has no libvirt domain XML form", "-M",
		"q35", "-cpu", "Nehalem-v1");
	NO_FORM("a PCI expander bridge (pci.1) has no libvirt domain XML form",
		TWO_NODES, "-device", "pxb-pcie,id=pci.1,bus_nr=128,numa_node=1");
	NO_FORM("hmat=on without -numa hmat-lb or hmat-cache has no libvirt "
		"domain XML form",
		"-M", "q35,hmat=on", "-m", "2G", "-smp", "2", "-object",
		"memory-backend-ram,id=m0,size=1G", "-object",
		"memory-backend-ram,id=m1,size=1G", "-numa",
		"node,memdev=m0,cpus=0-1", "-numa",
		"node,memdev=m1,initiator=0");
	NO_FORM("HMAT entries both from node 1 to 0 and back has no libvirt "
		"domain XML form",
		"-M", "q35,hmat=on", "-m", "2G", "-smp", "2", "-object",
		"memory-backend-ram,id=m0,size=1G", "-object",
		"memory-backend-ram,id=m1,size=1G", "-numa",
		"node,memdev=m0,cpus=0", "-numa", "node,memdev=m1,cpus=1",
		"-numa",
		"hmat-lb,initiator=0,target=1,hierarchy=memory,"
		"data-type=access-latency,latency=20",
		"-numa",
		"hmat-lb,initiator=1,target=0,hierarchy=memory,"
		"data-type=access-latency,latency=20");
}

/* Text XML 1.0 cannot hold, from a path the options gave. */
static void xml_text(void **state)
{
	(void)state;
	assert_true(vnuma__lv_xml_text_ok("/tmp/nv\tdisk \xc3\xa9"));
	assert_false(vnuma__lv_xml_text_ok("/tmp/a\x01"));
	assert_false(vnuma__lv_xml_text_ok("/tmp/a\x7f"));
	assert_false(vnuma__lv_xml_text_ok("/tmp/\xff"));
	assert_false(vnuma__lv_xml_text_ok("/tmp/\xc3"));
}

static void api_errors(void **state)
{
	struct run r = RUN("-M", "q35");
	vnuma_error *e = NULL;
	char *out = (char *)"untouched";

	(void)state;
	assert_ok(r);
	assert_int_equal(vnuma_libvirt_xml_write(NULL, r.t, 0, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(vnuma_libvirt_xml_write(&out, NULL, 0, &e),
			 VNUMA_E_INVAL);
	assert_null(out);
	vnuma_error_free(e);
	e = NULL;
	out = (char *)"untouched";
	assert_int_equal(vnuma_libvirt_xml_write(&out, r.t, 1, &e),
			 VNUMA_E_INVAL);
	assert_null(out);
	assert_string_equal(vnuma_error_check(e), "api.flags");
	vnuma_error_free(e);
	run_free(&r);
}

/* The pinning of vnuma_libvirt_xml_write_pinned(): <cputune> after <vcpu>. */
static void pinned(void **state)
{
	static const char *const argv[] = { "-M", "q35", "-m", "1G", "-smp",
					    "3", NULL };
	static const unsigned int pins[] = { 4, 6, 5 };
	struct run r = run_opts(0, argv);
	vnuma_error *e = NULL;
	char *xml = NULL, *vcpu, *tune;

	(void)state;
	assert_ok(r);
	assert_int_equal(
		vnuma_libvirt_xml_write_pinned(&xml, r.t, pins, 3, 0, &e), 0);
	vcpu = strstr(xml, "</vcpu>\n");
	tune = strstr(xml, "  <cputune>\n"
			   "    <vcpupin vcpu='0' cpuset='4'/>\n"
			   "    <vcpupin vcpu='1' cpuset='6'/>\n"
			   "    <vcpupin vcpu='2' cpuset='5'/>\n"
			   "  </cputune>\n");
	assert_non_null(vcpu);
	assert_true(tune == vcpu + strlen("</vcpu>\n"));
	free(xml);
	/* No pin, no <cputune>: the plain writer's domain. */
	assert_int_equal(
		vnuma_libvirt_xml_write_pinned(&xml, r.t, NULL, 0, 0, &e), 0);
	assert_null(strstr(xml, "cputune"));
	free(xml);
	assert_int_equal(
		vnuma_libvirt_xml_write_pinned(&xml, r.t, pins, 4, 0, &e),
		VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.vcpu-pins");
	assert_null(xml);
	vnuma_error_free(e);
	e = NULL;
	assert_int_equal(
		vnuma_libvirt_xml_write_pinned(&xml, r.t, NULL, 1, 0, &e),
		VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinned),
		cmocka_unit_test(two_cells),
		cmocka_unit_test(cpu_ranges_and_current),
		cmocka_unit_test(numatune_from_policy),
		cmocka_unit_test(memory_backing),
		cmocka_unit_test(huge_pages),
		cmocka_unit_test(dimm),
		cmocka_unit_test(nvdimm),
		cmocka_unit_test(hmat),
		cmocka_unit_test(arm_virt),
		cmocka_unit_test(refusals),
		cmocka_unit_test(xml_text),
		cmocka_unit_test(api_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
