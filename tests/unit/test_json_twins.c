/* SPDX-License-Identifier: MIT */
/*
 * "The rest of vnuma must not see a difference between the JSON and
 * key=value forms": each configuration below is written twice, once with
 * -object/-device as key=value and once as JSON (libvirt's form), and both
 * must give byte-identical reports, text and --json. Together the twins
 * set every property of each memory backend type, of pc-dimm, nvdimm,
 * virtio-mem-pci and virtio-pmem-pci, of pxb and pxb-pcie, and of
 * thread-context.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vnuma/vnuma.h"

#define MAX_ARGS 32

struct twin {
	const char *name;
	const char *common[MAX_ARGS]; /* -M, -m, -smp, -numa: both forms */
	const char *kv[MAX_ARGS];     /* -object/-device, key=value */
	const char *json[MAX_ARGS];   /* the same in JSON */
};

#define RAM "{\"qom-type\":\"memory-backend-ram\","
#define FILE_ "{\"qom-type\":\"memory-backend-file\","
#define MEMFD "{\"qom-type\":\"memory-backend-memfd\","

static const struct twin twins[] = {
	{
		"ram, every property",
		{ "-M", "q35", "-m", "256M", "-smp", "2",
		  "-numa", "node,memdev=m0,cpus=0",
		  "-numa", "node,memdev=m1,cpus=1" },
		{ "-object", "memory-backend-ram,id=m0,size=128M,dump=off,"
			     "host-nodes=0,merge=off,policy=bind,"
			     "prealloc=on,prealloc-threads=3,"
			     "prealloc-context=tc0,share=on,reserve=on,"
			     "x-use-canonical-path-for-ramblock-id=on",
		  "-object", "memory-backend-ram,id=m1,size=128M,"
			     "host-nodes=0-1,host-nodes=3,policy=interleave",
		  "-object", "thread-context,id=tc0,node-affinity=0" },
		{ "-object", RAM "\"id\":\"m0\",\"size\":134217728,"
			     "\"dump\":false,\"host-nodes\":[0],"
			     "\"merge\":false,\"policy\":\"bind\","
			     "\"prealloc\":true,\"prealloc-threads\":3,"
			     "\"prealloc-context\":\"tc0\",\"share\":true,"
			     "\"reserve\":true,"
			     "\"x-use-canonical-path-for-ramblock-id\":true}",
		  "-object", RAM "\"id\":\"m1\",\"size\":134217728,"
			     "\"host-nodes\":[0,1,3],"
			     "\"policy\":\"interleave\"}",
		  "-object", "{\"qom-type\":\"thread-context\",\"id\":\"tc0\","
			     "\"node-affinity\":[0]}" },
	},
	{
		"ram, reserve off and preferred",
		{ "-M", "pc", "-m", "128M", "-numa", "node,memdev=r" },
		{ "-object", "memory-backend-ram,id=r,size=128M,reserve=off,"
			     "policy=preferred,host-nodes=0" },
		{ "-object", RAM "\"size\":134217728,\"reserve\":false,"
			     "\"id\":\"r\",\"policy\":\"preferred\","
			     "\"host-nodes\":[0]}" },
	},
	{
		"file, every property",
		{ "-M", "q35", "-m", "256M", "-numa", "node,memdev=f0",
		  "-numa", "node,memdev=f1" },
		{ "-object", "memory-backend-file,id=f0,size=128M,"
			     "mem-path=/tmp/vnuma-twin,share=on,align=2M,"
			     "discard-data=on,pmem=on,readonly=off,"
			     "prealloc=off,merge=off",
		  "-object", "memory-backend-file,id=f1,size=128M,"
			     "mem-path=/dev/hugepages,readonly=on,"
			     "host-nodes=0,policy=bind" },
		{ "-object", FILE_ "\"id\":\"f0\",\"size\":134217728,"
			     "\"mem-path\":\"/tmp/vnuma-twin\","
			     "\"share\":true,\"align\":2097152,"
			     "\"discard-data\":true,\"pmem\":true,"
			     "\"readonly\":false,\"prealloc\":false,"
			     "\"merge\":false}",
		  "-object", FILE_ "\"id\":\"f1\",\"size\":134217728,"
			     "\"mem-path\":\"/dev/hugepages\","
			     "\"readonly\":true,\"host-nodes\":[0],"
			     "\"policy\":\"bind\"}" },
	},
	{
		"memfd, every property",
		{ "-M", "q35", "-m", "256M", "-numa", "node,memdev=h",
		  "-numa", "node,memdev=s" },
		{ "-object", "memory-backend-memfd,id=h,size=128M,hugetlb=on,"
			     "hugetlbsize=2M,seal=off,share=off,dump=off",
		  "-object", "memory-backend-memfd,id=s,size=128M,seal=on" },
		{ "-object", MEMFD "\"id\":\"h\",\"size\":134217728,"
			     "\"hugetlb\":true,\"hugetlbsize\":2097152,"
			     "\"seal\":false,\"share\":false,\"dump\":false}",
		  "-object", MEMFD "\"id\":\"s\",\"size\":134217728,"
			     "\"seal\":true}" },
	},
	{
		"pc-dimm, every property",
		{ "-M", "q35", "-m", "256M,slots=4,maxmem=2G", "-smp", "2",
		  "-numa", "node,memdev=m0,cpus=0",
		  "-numa", "node,memdev=m1,cpus=1" },
		{ "-object", "memory-backend-ram,id=m0,size=128M",
		  "-object", "memory-backend-ram,id=m1,size=128M",
		  "-object", "memory-backend-ram,id=d0,size=256M",
		  "-object", "memory-backend-file,id=d1,size=128M,"
			     "mem-path=/tmp,align=2M",
		  "-object", "memory-backend-memfd,id=d2,size=128M",
		  "-device", "pc-dimm,id=dimm0,memdev=d0,node=1,slot=2",
		  "-device", "pc-dimm,memdev=d1,addr=0x140000000",
		  "-device", "pc-dimm,memdev=/objects/d2,id=last" },
		{ "-object", RAM "\"id\":\"m0\",\"size\":134217728}",
		  "-object", RAM "\"id\":\"m1\",\"size\":134217728}",
		  "-object", RAM "\"id\":\"d0\",\"size\":268435456}",
		  "-object", FILE_ "\"id\":\"d1\",\"size\":134217728,"
			     "\"mem-path\":\"/tmp\",\"align\":2097152}",
		  "-object", MEMFD "\"id\":\"d2\",\"size\":134217728}",
		  "-device", "{\"driver\":\"pc-dimm\",\"id\":\"dimm0\","
			     "\"memdev\":\"d0\",\"node\":1,\"slot\":2}",
		  "-device", "{\"driver\":\"pc-dimm\",\"memdev\":\"d1\","
			     "\"addr\":5368709120}",
		  "-device", "{\"driver\":\"pc-dimm\","
			     "\"memdev\":\"/objects/d2\",\"id\":\"last\"}" },
	},
	{
		"nvdimm, virtio-mem-pci and virtio-pmem-pci",
		{ "-M", "q35,nvdimm=on", "-m", "256M,slots=4,maxmem=4G",
		  "-smp", "2", "-numa", "node,memdev=m0,cpus=0",
		  "-numa", "node,memdev=m1,cpus=1" },
		{ "-object", "memory-backend-ram,id=m0,size=128M",
		  "-object", "memory-backend-ram,id=m1,size=128M",
		  "-object", "memory-backend-ram,id=n,size=256M",
		  "-object", "memory-backend-ram,id=v,size=512M",
		  "-object", "memory-backend-ram,id=p,size=128M",
		  "-device", "nvdimm,id=nv0,memdev=n,node=1,slot=1,"
			     "label-size=256K,unarmed=on,"
			     "uuid=2f1c4a7e-0c2b-4d5e-9f60-1a2b3c4d5e6f",
		  "-device", "virtio-mem-pci,id=vm0,memdev=v,node=1,"
			     "requested-size=64M,block-size=4M",
		  "-device", "virtio-pmem-pci,id=pm0,memdev=p" },
		{ "-object", RAM "\"id\":\"m0\",\"size\":134217728}",
		  "-object", RAM "\"id\":\"m1\",\"size\":134217728}",
		  "-object", RAM "\"id\":\"n\",\"size\":268435456}",
		  "-object", RAM "\"id\":\"v\",\"size\":536870912}",
		  "-object", RAM "\"id\":\"p\",\"size\":134217728}",
		  "-device", "{\"driver\":\"nvdimm\",\"id\":\"nv0\","
			     "\"memdev\":\"n\",\"node\":1,\"slot\":1,"
			     "\"label-size\":262144,\"unarmed\":true,"
			     "\"uuid\":\"2f1c4a7e-0c2b-4d5e-9f60-1a2b3c4d5e6f\"}",
		  "-device", "{\"driver\":\"virtio-mem-pci\",\"id\":\"vm0\","
			     "\"memdev\":\"v\",\"node\":1,"
			     "\"requested-size\":67108864,"
			     "\"block-size\":4194304}",
		  "-device", "{\"driver\":\"virtio-pmem-pci\",\"id\":\"pm0\","
			     "\"memdev\":\"p\"}" },
	},
	{
		"pxb and pxb-pcie",
		{ "-M", "q35", "-m", "256M", "-smp", "2",
		  "-numa", "node,memdev=m0,cpus=0",
		  "-numa", "node,memdev=m1,cpus=1",
		  "-object", "memory-backend-ram,id=m0,size=128M",
		  "-object", "memory-backend-ram,id=m1,size=128M" },
		{ "-device", "pxb-pcie,id=pcie.1,bus_nr=64,numa_node=1,"
			     "bus=pcie.0",
		  "-device", "pxb-pcie,id=pcie.2,bus_nr=128,numa_node=0,"
			     "bus=pcie.0" },
		{ "-device", "{\"driver\":\"pxb-pcie\",\"id\":\"pcie.1\","
			     "\"bus_nr\":64,\"numa_node\":1,"
			     "\"bus\":\"pcie.0\"}",
		  "-device", "{\"driver\":\"pxb-pcie\",\"id\":\"pcie.2\","
			     "\"bus_nr\":128,\"numa_node\":0,"
			     "\"bus\":\"pcie.0\"}" },
	},
	{
		"pxb on pc",
		{ "-M", "pc", "-m", "256M", "-smp", "2",
		  "-numa", "node,memdev=m0,cpus=0",
		  "-numa", "node,memdev=m1,cpus=1",
		  "-object", "memory-backend-ram,id=m0,size=128M",
		  "-object", "memory-backend-ram,id=m1,size=128M" },
		{ "-device", "pxb,id=pci.1,bus_nr=32,numa_node=1,bus=pci.0" },
		{ "-device", "{\"driver\":\"pxb\",\"id\":\"pci.1\","
			     "\"bus_nr\":32,\"numa_node\":1,"
			     "\"bus\":\"pci.0\"}" },
	},
	{
		"arm virt with a DIMM",
		{ "-M", "virt", "-cpu", "max", "-m", "256M,slots=2,maxmem=1G",
		  "-smp", "2", "-numa", "node,memdev=m0,cpus=0-1",
		  /* firmware, for the ACPI GED a DIMM needs */
		  "-drive", "if=pflash,driver=null-co,size=64M" },
		{ "-object", "memory-backend-ram,id=m0,size=256M",
		  "-object", "memory-backend-ram,id=d,size=128M",
		  "-device", "pc-dimm,memdev=d,node=0" },
		{ "-object", RAM "\"id\":\"m0\",\"size\":268435456}",
		  "-object", RAM "\"id\":\"d\",\"size\":134217728}",
		  "-device", "{\"driver\":\"pc-dimm\",\"memdev\":\"d\","
			     "\"node\":0}" },
	},
};

static size_t count(const char *const *v)
{
	size_t n = 0;

	while (n < MAX_ARGS && v[n])
		n++;
	return n;
}

/* Both reports of common + forms, which must be accepted. */
static void report(const struct twin *t, const char *const *forms,
		   char **text, char **json)
{
	const char *argv[2 * MAX_ARGS];
	size_t nc = count(t->common), nf = count(forms);
	vnuma_config *cfg = NULL;
	vnuma_topology *topo = NULL;
	vnuma_error *e = NULL;
	int rc;

	memcpy(argv, t->common, nc * sizeof(*argv));
	memcpy(argv + nc, forms, nf * sizeof(*argv));
	rc = vnuma_config_new(&cfg, NULL, &e);
	if (!rc)
		rc = vnuma_config_add_argv(cfg, (int)(nc + nf), argv, 0, &e);
	if (!rc)
		rc = vnuma_topology_new(&topo, cfg, &e);
	if (!rc)
		rc = vnuma_report_text(text, topo, &e);
	if (!rc)
		rc = vnuma_report_json(json, topo, &e);
	if (rc)
		print_error("%s (%s): %s\n", t->name,
			    forms == t->json ? "JSON" : "key=value",
			    vnuma_error_message(e));
	assert_int_equal(rc, 0);
	vnuma_topology_free(topo);
	vnuma_config_free(cfg);
}

static void twins_report_the_same(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(twins) / sizeof(twins[0]); i++) {
		char *kt = NULL, *kj = NULL, *jt = NULL, *jj = NULL;

		report(&twins[i], twins[i].kv, &kt, &kj);
		report(&twins[i], twins[i].json, &jt, &jj);
		if (strcmp(kt, jt) || strcmp(kj, jj))
			print_error("%s: the forms differ\n", twins[i].name);
		assert_string_equal(kt, jt);
		assert_string_equal(kj, jj);
		free(kt);
		free(kj);
		free(jt);
		free(jj);
	}
}

/* The twins are no vacuous pass: a changed value shows in the reports. */
static void reports_see_a_changed_value(void **state)
{
	struct twin t = twins[0];
	char *a = NULL, *aj = NULL, *b = NULL, *bj = NULL;

	(void)state;
	report(&t, t.json, &a, &aj);
	t.json[1] = RAM "\"id\":\"m0\",\"size\":134217728,"
		    "\"dump\":true,\"host-nodes\":[0],"
		    "\"merge\":false,\"policy\":\"bind\","
		    "\"prealloc\":true,\"prealloc-threads\":3,"
		    "\"prealloc-context\":\"tc0\",\"share\":true,"
		    "\"reserve\":true,"
		    "\"x-use-canonical-path-for-ramblock-id\":true}";
	report(&t, t.json, &b, &bj);
	assert_string_not_equal(a, b);
	assert_string_not_equal(aj, bj);
	free(a);
	free(aj);
	free(b);
	free(bj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(twins_report_the_same),
		cmocka_unit_test(reports_see_a_changed_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
