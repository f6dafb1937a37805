/* SPDX-License-Identifier: MIT */
/*
 * The text report. The "info numa" parts expected here are QEMU 7.2's
 * answers for the configuration each fixture mirrors (the command is in
 * the comment), with "\r\n" turned into "\n".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"
#include "vnuma/report.h"
#include "vnuma/vnuma.h"

static char *render(struct fixture *f)
{
	vnuma_error *err = NULL;
	char *s = NULL;

	fx_view(f);
	assert_int_equal(vnuma_report_text(&s, &f->t, &err), VNUMA_OK);
	fx_unview(f);
	assert_null(err);
	assert_non_null(s);
	return s;
}

/* The report starts with "info numa" and a blank line follows it. */
static void assert_info_numa(const char *s, const char *want)
{
	size_t n = strlen(want);

	assert_true(strlen(s) > n);
	assert_memory_equal(s, want, n);
	assert_int_equal(s[n], '\n');
}

/* The lines of section title, up to the next blank line. */
static char *section(const char *s, const char *title)
{
	char head[64];
	const char *p, *end;

	snprintf(head, sizeof(head), "\n%s\n", title);
	p = strstr(s, head);
	if (!p)
		return NULL;
	p += strlen(head);
	end = strstr(p, "\n\n");
	end = end ? end + 1 : p + strlen(p);
	return strndup(p, (size_t)(end - p));
}

static void assert_section(const char *s, const char *title,
			   const char *want)
{
	char *got = section(s, title);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/*
 * q35 -m 1G,slots=1,maxmem=2G -smp 2: memory hotplug makes QEMU add node
 * 0 with all RAM, backed by the board's implicit pc.ram backend. The
 * whole report, byte for byte.
 */
static void one_node_whole_report(void **state)
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
	assert_string_equal(
		s,
		"1 nodes\n"
		"node 0 cpus: 0 1\n"
		"node 0 size: 1024 MB\n"
		"node 0 plugged: 0 MB\n"
		"\n"
		"machine\n"
		"  type      q35 (pc-q35-7.2, x86_64)\n"
		"  ram       1 GiB\n"
		"  maxmem    2 GiB, 1 slots\n"
		"  cpus      2 (maxcpus 2)\n"
		"  topology  sockets=1 dies=1 cores=2 threads=1\n"
		"  cpu type  qemu64-x86_64-cpu\n"
		"  hmat      off\n"
		"  acpi      on\n"
		"  accel     tcg\n"
		"\n"
		"cpus\n"
		"  cpu  socket  core  thread  node  apic-id  present\n"
		"    0       0     0       0     0        0  yes\n"
		"    1       0     1       0     0        1  yes\n"
		"\n"
		"memory backends\n"
		"  id      type   size  used-by  policy   host-nodes  prealloc"
		"  share  merge  dump  reserve\n"
		"  pc.ram  ram   1 GiB  machine  default  -           off     "
		"  off    on     on    on\n"
		"\n"
		"memory map\n"
		"  (none)\n"
		"  hotplug region none\n");
	free(s);
}

/*
 * q35 -m 2G -smp 2 -object memory-backend-ram,id=m0,size=1G (and m1)
 * -numa node,memdev=m0,cpus=0 -numa node,memdev=m1,cpus=1
 * -numa dist,src=0,dst=1,val=20
 */
static void two_nodes_with_distances(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 2u << 30, 2, 2, 1, 1, 2, 1);
	fx_ram(&f, "m1", 1u << 30);
	fx_ram(&f, "m0", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_node(&f, 1, 1u << 30, "m1");
	fx_cpus_to(&f, 0, 0, 0);
	fx_cpus_to(&f, 1, 1, 1);
	fx_dist(&f, 0, 0, 10);
	fx_dist(&f, 0, 1, 20);
	fx_dist(&f, 1, 0, 20);
	fx_dist(&f, 1, 1, 10);
	s = render(&f);
	assert_info_numa(s, "2 nodes\n"
			    "node 0 cpus: 0\n"
			    "node 0 size: 1024 MB\n"
			    "node 0 plugged: 0 MB\n"
			    "node 1 cpus: 1\n"
			    "node 1 size: 1024 MB\n"
			    "node 1 plugged: 0 MB\n");
	assert_section(s, "distances", "  node   0   1\n"
				       "     0  10  20\n"
				       "     1  20  10\n");
	/* Sorted by id; no implicit pc.ram once nodes have memdevs. */
	assert_section(s, "memory backends",
		"  id  type   size  used-by  policy   host-nodes  prealloc"
		"  share  merge  dump  reserve\n"
		"  m0  ram   1 GiB  node 0   default  -           off     "
		"  off    on     on    on\n"
		"  m1  ram   1 GiB  node 1   default  -           off     "
		"  off    on     on    on\n");
	free(s);
}

static void no_distances_no_section(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 2u << 30, 2, 2, 1, 1, 2, 1);
	fx_node(&f, 0, 1u << 30, NULL);
	fx_node(&f, 1, 1u << 30, NULL);
	fx_cpus_to(&f, 0, 1, 0);
	s = render(&f);
	assert_null(strstr(s, "distances"));
	free(s);
}

/*
 * q35 -m 1025M -smp 2 -object memory-backend-ram,id=m0,size=1049088K
 * -object memory-backend-ram,id=m1,size=512K
 * -numa node,cpus=0-1,memdev=m0 -numa node,memdev=m1
 * A node without CPUs prints "cpus:" and nothing after; sizes are whole
 * MiB rounded down.
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
	assert_info_numa(s, "2 nodes\n"
			    "node 0 cpus: 0 1\n"
			    "node 0 size: 1024 MB\n"
			    "node 0 plugged: 0 MB\n"
			    "node 1 cpus:\n"
			    "node 1 size: 0 MB\n"
			    "node 1 plugged: 0 MB\n");
	/* vnuma's own sections keep the exact size. */
	assert_non_null(strstr(s, "  ram       1025 MiB\n"));
	assert_non_null(strstr(s, "  m0  ram   1049088 KiB  node 0   default"));
	assert_non_null(strstr(s, "  m1  ram       512 KiB  node 1   default"));
	free(s);
}

/*
 * q35 -m 1G -smp 2 -object memory-backend-ram,id=m0,size=1G
 * -numa node,cpus=0,memdev=m0 -numa node,cpus=1
 */
static void memoryless_node(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 2, 2, 1, 1, 2, 1);
	fx_ram(&f, "m0", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_node(&f, 1, 0, NULL);
	fx_cpus_to(&f, 0, 0, 0);
	fx_cpus_to(&f, 1, 1, 1);
	s = render(&f);
	assert_info_numa(s, "2 nodes\n"
			    "node 0 cpus: 0\n"
			    "node 0 size: 1024 MB\n"
			    "node 0 plugged: 0 MB\n"
			    "node 1 cpus: 1\n"
			    "node 1 size: 0 MB\n"
			    "node 1 plugged: 0 MB\n");
	free(s);
}

/*
 * q35 -smp 2,maxcpus=4 -m 1G -object memory-backend-ram,id=m0,size=1G
 * -numa node,cpus=0-3,memdev=m0: "info numa" walks the CPUs that exist,
 * not the possible ones; the CPU table shows all four.
 */
static void only_present_cpus_in_info_numa(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 2, 4, 1, 1, 4, 1);
	fx_ram(&f, "m0", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_cpus_to(&f, 0, 3, 0);
	s = render(&f);
	assert_info_numa(s, "1 nodes\n"
			    "node 0 cpus: 0 1\n"
			    "node 0 size: 1024 MB\n"
			    "node 0 plugged: 0 MB\n");
	assert_section(s, "cpus",
		"  cpu  socket  core  thread  node  apic-id  present\n"
		"    0       0     0       0     0        0  yes\n"
		"    1       0     1       0     0        1  yes\n"
		"    2       0     2       0     0        2  no\n"
		"    3       0     3       0     0        3  no\n");
	assert_non_null(strstr(s, "  cpus      2 (maxcpus 4)\n"));
	free(s);
}

/* QEMU: "0 nodes" and nothing else when there is no NUMA. */
static void zero_nodes(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 128u << 20, 1, 1, 1, 1, 1, 1);
	s = render(&f);
	assert_info_numa(s, "0 nodes\n");
	assert_memory_equal(s, "0 nodes\n\nmachine\n", 17);
	assert_section(s, "cpus",
		"  cpu  socket  core  thread  node  apic-id  present\n"
		"    0       0     0       0     -        0  yes\n");
	free(s);
}

/*
 * q35 -m 2G,slots=2,maxmem=4G -numa node,memdev=m0 -numa node,memdev=m1
 * -device pc-dimm,memdev=d0 -device pc-dimm,memdev=d1,node=1 (d0 512M,
 * d1 256M): "size" counts the node's DIMMs too.
 */
static void plugged_memory_counts_in_size(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 2u << 30, 1, 1, 1, 1, 1, 1);
	f.t.machine.maxram_size = 4ull << 30;
	f.t.machine.ram_slots = 2;
	fx_ram(&f, "m0", 1u << 30);
	fx_ram(&f, "m1", 1u << 30);
	fx_node(&f, 0, 1u << 30, "m0");
	fx_node(&f, 1, 1u << 30, "m1");
	fx_cpus_to(&f, 0, 0, 0);
	fx_dimm(&f, "d0", 0, 512u << 20);
	fx_dimm(&f, "d1", 1, 256u << 20);
	s = render(&f);
	assert_info_numa(s, "2 nodes\n"
			    "node 0 cpus: 0\n"
			    "node 0 size: 1536 MB\n"
			    "node 0 plugged: 512 MB\n"
			    "node 1 cpus:\n"
			    "node 1 size: 1280 MB\n"
			    "node 1 plugged: 256 MB\n");
	assert_non_null(strstr(s, "  maxmem    4 GiB, 2 slots\n"));
	assert_non_null(strstr(s, "  d1  ram   256 MiB  pc-dimm, node 1  "));
	free(s);
}

/* q35 -smp 8,sockets=2,dies=2,cores=2: a die column and APIC ids. */
static void x86_dies(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_q35(&f, 1u << 30, 8, 8, 2, 2, 2, 1);
	fx_node(&f, 0, 512u << 20, NULL);
	fx_node(&f, 1, 512u << 20, NULL);
	fx_cpus_to(&f, 0, 3, 0);
	fx_cpus_to(&f, 4, 7, 1);
	s = render(&f);
	assert_non_null(
		strstr(s, "  topology  sockets=2 dies=2 cores=2 threads=1\n"));
	assert_section(s, "cpus",
		"  cpu  socket  die  core  thread  node  apic-id  present\n"
		"    0       0    0     0       0     0        0  yes\n"
		"    1       0    0     1       0     0        1  yes\n"
		"    2       0    1     0       0     0        2  yes\n"
		"    3       0    1     1       0     0        3  yes\n"
		"    4       1    0     0       0     1        4  yes\n"
		"    5       1    0     1       0     1        5  yes\n"
		"    6       1    1     0       0     1        6  yes\n"
		"    7       1    1     1       0     1        7  yes\n");
	free(s);
}

/* virt -smp 4,clusters=2,cores=2: clusters, no dies, no APIC ids. */
static void virt_clusters(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fx_virt(&f, 1u << 30, 4, 4, 1, 2, 2, 1);
	fx_node(&f, 0, 1u << 30, NULL);
	fx_cpus_to(&f, 0, 3, 0);
	s = render(&f);
	assert_section(s, "machine",
		"  type      virt (virt-7.2, aarch64)\n"
		"  ram       1 GiB\n"
		"  maxmem    1 GiB, 0 slots\n"
		"  cpus      4 (maxcpus 4)\n"
		"  topology  sockets=1 clusters=2 cores=2 threads=1\n"
		"  cpu type  cortex-a15-arm-cpu\n"
		"  hmat      off\n"
		"  acpi      on\n"
		"  accel     tcg\n");
	assert_section(s, "cpus",
		"  cpu  socket  cluster  core  thread  node  present\n"
		"    0       0        0     0       0     0  yes\n"
		"    1       0        0     1       0     0  yes\n"
		"    2       0        1     0       0     0  yes\n"
		"    3       0        1     1       0     0  yes\n");
	assert_non_null(
		strstr(s, "\n  mach-virt.ram  ram   1 GiB  machine  default"));
	free(s);
}

/*
 * -object memory-backend-file,id=f0,size=64M,mem-path=/dev/shm,
 * policy=bind,host-nodes=0-2,host-nodes=5,prealloc=on,share=on
 * plus -machine properties vnuma only carries, and -cpu max,+x2apic.
 */
static void backends_with_host_nodes(void **state)
{
	static uint64_t hn[] = { 0, 1, 2, 5 };
	struct fixture f;
	struct vnuma__backend *b;
	char *s;

	(void)state;
	fx_q35(&f, 64u << 20, 1, 1, 1, 1, 1, 1);
	f.t.machine.cpu_model = (char *)"max,+x2apic";
	f.t.machine.hmat = true;
	f.other[0].key = (char *)"memory-backend";
	f.other[0].value = (char *)"f0";
	f.t.machine.other = f.other;
	f.t.machine.n_other = 1;
	f.t.machine.memory_backend = (char *)"f0";
	f.t.machine.accel = VNUMA__ACCEL_KVM;
	f.t.machine.kernel_irqchip = VNUMA__IRQCHIP_SPLIT;
	b = fx_ram(&f, "f0", 64u << 20);
	b->kind = VNUMA__BACKEND_FILE;
	b->mem_path = (char *)"/dev/shm";
	b->policy = VNUMA__POLICY_BIND;
	b->host_nodes = hn;
	b->n_host_nodes = 4;
	b->prealloc = b->share = true;
	s = render(&f);
	assert_section(s, "memory backends",
		"  id  type    size  used-by  policy  host-nodes  prealloc"
		"  share  merge  dump  reserve  mem-path\n"
		"  f0  file  64 MiB  machine  bind    0-2,5       on      "
		"  on     on     on    on       /dev/shm\n");
	assert_non_null(strstr(s, "  cpu type        max-x86_64-cpu\n"
				  "  hmat            on\n"
				  "  acpi            on\n"
				  "  accel           kvm, kernel-irqchip=split\n"
				  "  memory-backend  f0\n"));
	free(s);
}

static void null_arguments(void **state)
{
	struct fixture f;
	vnuma_error *err = NULL;
	char *s = (char *)"untouched";

	(void)state;
	fx_q35(&f, 1u << 30, 1, 1, 1, 1, 1, 1);
	assert_int_equal(vnuma_report_text(NULL, &f.t, &err), VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(err), "api.null");
	vnuma_error_free(err);
	assert_int_equal(vnuma_report_text(&s, NULL, NULL), VNUMA_E_INVAL);
}

/* Every allocation failing in turn: VNUMA_E_NOMEM, no output, no leak. */
static void allocation_failures(void **state)
{
	static uint64_t hn[] = { 0, 1 };
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
	fx_view(&f);
	for (n = 0;; n++) {
		vnuma_error *err = NULL;
		char *s = (char *)"untouched";
		long seen, live;
		int rc;

		fx_fail_at(n);
		rc = vnuma_report_text(&s, &f.t, &err);
		seen = fx_allocs();
		live = fx_live();
		fx_fail_at(-1);
		if (rc == VNUMA_OK)
			free(s);
		assert_true(seen > 0);
		if (rc == VNUMA_OK) {
			assert_true(seen <= n);
			break;
		}
		assert_int_equal(rc, VNUMA_E_NOMEM);
		assert_int_equal(vnuma_error_status(err), VNUMA_E_NOMEM);
		assert_null(s);
		assert_int_equal(live, 0);
	}
	fx_unview(&f);
	assert_true(n > 10);
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

/* HMAT: values in ns and MB/s, "-" where nothing was given. */
static void hmat_section(void **state)
{
	vnuma_topology *t = topology_of(hmat_argv);
	char *s = NULL;

	(void)state;
	assert_int_equal(vnuma_report_text(&s, t, NULL), 0);
	assert_section(s, "hmat",
		"  memory access-latency, ns (base unit 100000 ps)\n"
		"    from\\to    0     1\n"
		"          0  100  2500\n"
		"  memory read-bandwidth, MB/s (base unit 1024 MB/s)\n"
		"    from\\to  0     1\n"
		"          0  -  3072\n"
		"  memory side caches\n"
		"    node  level    size  associativity  policy      line  "
		"attributes\n"
		"       1      1  64 MiB  direct         write-back    64  "
		"0x00401111\n");
	free(s);
	vnuma_topology_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_node_whole_report),
		cmocka_unit_test(two_nodes_with_distances),
		cmocka_unit_test(no_distances_no_section),
		cmocka_unit_test(cpuless_node_and_odd_sizes),
		cmocka_unit_test(memoryless_node),
		cmocka_unit_test(only_present_cpus_in_info_numa),
		cmocka_unit_test(zero_nodes),
		cmocka_unit_test(plugged_memory_counts_in_size),
		cmocka_unit_test(x86_dies),
		cmocka_unit_test(virt_clusters),
		cmocka_unit_test(backends_with_host_nodes),
		cmocka_unit_test(null_arguments),
		cmocka_unit_test(hmat_section),
		cmocka_unit_test(allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
