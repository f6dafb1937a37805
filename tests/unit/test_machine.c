/* SPDX-License-Identifier: MIT */
/*
 * -machine, -m, -cpu, -mem-path, -mem-prealloc against QEMU 7.2. Every
 * expected message was printed by the installed qemu-system-x86_64 or
 * qemu-system-aarch64 for the command line in the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "machine/machine.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

struct run {
	vnuma_config *cfg;
	struct vnuma__machine m;
	struct vnuma__warnings w;
	vnuma_error *e;
	int rc;
};

/* args: option, argument, option, argument, ..., NULL. */
static struct run *run(const char *const *args)
{
	struct run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	assert_int_equal(vnuma_config_new(&r->cfg, NULL, NULL), 0);
	for (size_t i = 0; args[i]; i += 2) {
		vnuma_error *e = NULL;

		if (vnuma_config_add(r->cfg, args[i], args[i + 1], &e))
			fail_msg("%s %s: %s", args[i], args[i + 1],
				 vnuma_error_message(e));
		if (!args[i + 1])
			break;
	}
	r->rc = vnuma__machine_build(&r->m, r->cfg, &r->w, &r->e);
	return r;
}

static void done(struct run *r)
{
	vnuma__machine_fini(&r->m);
	vnuma__warnings_fini(&r->w);
	vnuma_error_free(r->e);
	vnuma_config_free(r->cfg);
	free(r);
}

#define OK(...)                                                           \
	do {                                                              \
		const char *const a_[] = { __VA_ARGS__, NULL };           \
		r = run(a_);                                              \
		if (r->rc)                                                \
			fail_msg("%s", vnuma_error_message(r->e));        \
	} while (0)
#define RUN(...)                                                          \
	do {                                                              \
		const char *const a_[] = { __VA_ARGS__, NULL };           \
		r = run(a_);                                              \
	} while (0)

/* Asserts the error's status, check id, option (NULL: none) and text. */
static void expect(struct run *r, int status, const char *check,
		   const char *option, const char *msg)
{
	if (!r->e)
		fail_msg("accepted, expected \"%s\"", msg);
	assert_string_equal(vnuma_error_message(r->e), msg);
	assert_int_equal(r->rc, status);
	assert_int_equal(vnuma_error_status(r->e), status);
	assert_string_equal(vnuma_error_check(r->e), check);
	if (option)
		assert_string_equal(vnuma_error_option(r->e), option);
	else
		assert_null(vnuma_error_option(r->e));
	/* Nothing is left behind on failure. */
	assert_null(r->m.type);
	assert_null(r->m.other);
}

static const char *other(const struct run *r, const char *key)
{
	for (size_t i = 0; i < r->m.n_other; i++)
		if (!strcmp(r->m.other[i].key, key))
			return r->m.other[i].value;
	return NULL;
}

static const char *warning(const struct run *r, size_t i)
{
	return i < r->w.n ? vnuma_error_message(r->w.v[i]) : "(none)";
}

/* No -M: the x86 default machine, pc-i440fx-7.2, with 128 MiB. */
static void default_machine(void **state)
{
	struct run *r;

	(void)state;
	OK("-smp", "1");
	assert_string_equal(r->m.type, "pc-i440fx-7.2");
	assert_string_equal(r->m.profile->name, "pc-i440fx-7.2");
	assert_int_equal(r->m.ram_size, 128 * MIB);
	assert_int_equal(r->m.maxram_size, 128 * MIB);
	assert_int_equal(r->m.ram_slots, 0);
	assert_int_equal(r->m.acpi, -1);
	assert_false(r->m.hmat);
	assert_false(r->m.ram_size_given);
	done(r);
	/* -M none: no RAM at all by default. */
	OK("-M", "none");
	assert_int_equal(r->m.ram_size, 0);
	done(r);
}

/* -M foo: no option prefix, and a hint. */
static void unknown_type(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "foo");
	expect(r, VNUMA_E_UNKNOWN, "machine.unknown-type", NULL,
	       "unsupported machine type");
	assert_string_equal(vnuma_error_hint(r->e),
			    "Use -machine help to list supported machines\n");
	assert_string_equal(vnuma_error_key(r->e), "type");
	assert_string_equal(vnuma_error_text(r->e), "foo");
	done(r);
}

/* -M pc -M q35; -M pc,type=q35; -M type=q35,hmat=on -M pc: later wins. */
static void entries_merge(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "pc", "-M", "q35");
	assert_string_equal(r->m.profile->name, "pc-q35-7.2");
	assert_string_equal(r->m.type, "q35");
	done(r);
	OK("-M", "pc,type=q35");
	assert_string_equal(r->m.profile->name, "pc-q35-7.2");
	done(r);
	OK("-machine", "type=q35,hmat=on", "-M", "pc");
	assert_string_equal(r->m.profile->name, "pc-i440fx-7.2");
	assert_true(r->m.hmat);
	done(r);
	OK("-M", "q35", "-M", "hmat=on,hmat=off");
	assert_false(r->m.hmat);
	done(r);
}

/*
 * QEMU sets properties in QDict hash order: -M q35,acpi=maybe,hmat=maybe
 * reports hmat, -M q35,foo=1,bar=2 reports bar, either way round.
 */
static void hash_order(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "q35,acpi=maybe,hmat=maybe");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-bool", NULL,
	       "Parameter 'hmat' expects 'on' or 'off'");
	assert_string_equal(vnuma_error_key(r->e), "hmat");
	assert_string_equal(vnuma_error_text(r->e),
			    "q35,acpi=maybe,hmat=maybe");
	assert_int_equal(vnuma_error_offset(r->e), 20);
	done(r);
	RUN("-M", "q35,foo=1,bar=2");
	expect(r, VNUMA_E_UNKNOWN, "machine.unknown-property", NULL,
	       "Property 'pc-q35-7.2-machine.bar' not found");
	done(r);
	RUN("-M", "q35,bar=2,foo=1");
	expect(r, VNUMA_E_UNKNOWN, "machine.unknown-property", NULL,
	       "Property 'pc-q35-7.2-machine.bar' not found");
	done(r);
	/* "nvdimm" hashes before "memory": -M q35,nvdimm=x -m 1G,slots=1 */
	RUN("-M", "q35,nvdimm=x", "-m", "1G,slots=1");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-bool", NULL,
	       "Parameter 'nvdimm' expects 'on' or 'off'");
	done(r);
	/* ... and "memory" before "max-ram-below-4g". */
	RUN("-M", "q35,max-ram-below-4g=8G", "-m", "1G,slots=1");
	expect(r, VNUMA_E_MISSING, "machine.slots-without-maxmem", NULL,
	       "slots specified but no max-size");
	done(r);
}

static void property_lacking(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "q35,gic-version=3");
	expect(r, VNUMA_E_UNKNOWN, "machine.unknown-property", NULL,
	       "Property 'pc-q35-7.2-machine.gic-version' not found");
	done(r);
	RUN("-M", "virt,max-ram-below-4g=1G");
	expect(r, VNUMA_E_UNKNOWN, "machine.unknown-property", NULL,
	       "Property 'virt-7.2-machine.max-ram-below-4g' not found");
	done(r);
	RUN("-M", "none,hmat=on");
	expect(r, VNUMA_E_UNKNOWN, "machine.unknown-property", NULL,
	       "Property 'none-machine.hmat' not found");
	done(r);
	RUN("-M", "none,acpi=on");
	expect(r, VNUMA_E_UNKNOWN, "machine.unknown-property", NULL,
	       "Property 'none-machine.acpi' not found");
	done(r);
}

static void typed_properties(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "q35,acpi=maybe");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-enum", NULL,
	       "Parameter 'acpi' does not accept value 'maybe'");
	done(r);
	RUN("-M", "q35,acpi=ON");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-enum", NULL,
	       "Parameter 'acpi' does not accept value 'ON'");
	done(r);
	RUN("-M", "q35,phandle-start=x");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-integer", NULL,
	       "Parameter 'phandle-start' expects integer");
	done(r);
	RUN("-M", "q35,boot=x");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-type", NULL,
	       "Invalid parameter type for 'boot', expected: object");
	done(r);
	RUN("-M", "q35,hmat.x=1");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-type", NULL,
	       "Parameters 'hmat.*' are unexpected");
	done(r);
	RUN("-M", "q35,max-ram-below-4g=1Q");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-size", NULL,
	       "Parameter 'max-ram-below-4g' expects size");
	done(r);
	OK("-M", "q35,usb=yes,hmat=y,acpi=off,nvdimm=on");
	assert_true(r->m.hmat);
	assert_true(r->m.nvdimm);
	assert_int_equal(r->m.acpi, 0);
	done(r);
}

static void max_ram_below_4g(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "q35,max-ram-below-4g=8G");
	expect(r, VNUMA_E_RANGE, "machine.max-ram-below-4g", NULL,
	       "Machine option 'max-ram-below-4g=8589934592' expects size "
	       "less than or equal to 4G");
	done(r);
	OK("-M", "pc,max-ram-below-4g=512K");
	assert_true(r->m.has_max_ram_below_4g);
	assert_int_equal(r->m.max_ram_below_4g, 512 << 10);
	assert_string_equal(warning(r, 0),
			    "Only 524288 bytes of RAM below the 4GiB boundary,"
			    "BIOS may not work with less than 1MiB");
	done(r);
	/* keyval_dashify(): max_ram_below_4g is the same property. */
	OK("-M", "q35,max_ram_below_4g=1G");
	assert_int_equal(r->m.max_ram_below_4g, GIB);
	done(r);
	RUN("-M", "q35,max_ram_below_4g=1G,max-ram-below-4g=2G");
	expect(r, VNUMA_E_CONFLICT, "machine.dash-conflict", NULL,
	       "Conflict between 'max_ram_below_4g' and 'max-ram-below-4g'");
	done(r);
}

static void virt_properties(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "virt,gic-version=5");
	expect(r, VNUMA_E_SYNTAX, "machine.gic-version", NULL,
	       "Invalid gic-version value");
	assert_string_equal(vnuma_error_hint(r->e),
			    "Valid values are 3, 2, host, max.\n");
	done(r);
	OK("-M", "virt,gic-version=3,hmat=on");
	assert_string_equal(r->m.gic_version, "3");
	assert_true(r->m.hmat);
	assert_int_equal(r->m.profile->arch, VNUMA__ARCH_ARM);
	done(r);
	RUN("-M", "q35,nvdimm-persistence=x");
	expect(r, VNUMA_E_SYNTAX, "machine.nvdimm-persistence", NULL,
	       "-machine nvdimm-persistence=x: unsupported option");
	done(r);
}

/* Nothing -M says is dropped: what vnuma does not read is in m->other. */
static void other_properties_kept(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "q35,usb=on,accel=tcg,kernel-irqchip=split,boot.order=c",
	   "-M", "firmware=x.bin");
	assert_string_equal(other(r, "usb"), "on");
	assert_string_equal(other(r, "accel"), "tcg");
	assert_string_equal(other(r, "kernel-irqchip"), "split");
	assert_string_equal(other(r, "boot.order"), "c");
	assert_string_equal(other(r, "firmware"), "x.bin");
	assert_null(other(r, "type"));
	assert_int_equal(r->m.n_other, 5);
	done(r);
}

static void oem_ids(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "q35,x-oem-id=ABCDEF,x-oem-table-id=ABCDEFGH");
	assert_string_equal(other(r, "x-oem-id"), "ABCDEF");
	assert_string_equal(other(r, "x-oem-table-id"), "ABCDEFGH");
	done(r);
	RUN("-M", "q35,x-oem-id=ABCDEFG");
	expect(r, VNUMA_E_RANGE, "machine.oem-id-length", NULL,
	       "User specified x-oem-id value is bigger than 6 bytes in size");
	assert_string_equal(vnuma_error_key(r->e), "x-oem-id");
	done(r);
	RUN("-M", "pc,x-oem-table-id=ABCDEFGHI");
	expect(r, VNUMA_E_RANGE, "machine.oem-id-length", NULL,
	       "User specified x-oem-table-id value is bigger than 8 bytes "
	       "in size");
	done(r);
	/* virt's setters name the property without its "x-". */
	RUN("-M", "virt,x-oem-id=ABCDEFG");
	expect(r, VNUMA_E_RANGE, "machine.oem-id-length", NULL,
	       "User specified oem-id value is bigger than 6 bytes in size");
	done(r);
	RUN("-M", "virt,x-oem-table-id=ABCDEFGHI");
	expect(r, VNUMA_E_RANGE, "machine.oem-id-length", NULL,
	       "User specified oem-table-id value is bigger than 8 bytes "
	       "in size");
	done(r);
}

static void memory_backend(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "q35,memory-backend=m0");
	assert_string_equal(r->m.memory_backend, "m0");
	assert_null(other(r, "memory-backend"));
	done(r);
	RUN("-M", "q35,memory-backend=m", "-mem-path", "/tmp");
	expect(r, VNUMA_E_CONFLICT, "machine.mem-path-with-memory-backend",
	       NULL,
	       "'-mem-path' can't be used together with'-machine "
	       "memory-backend'");
	done(r);
}

/* -m 0, -m 7, -m 1000000B, -m 1,size=2 -m 3k (query-memory-size-summary) */
static void ram_size(void **state)
{
	struct run *r;

	(void)state;
	OK("-m", "0");
	assert_int_equal(r->m.ram_size, 128 * MIB);
	assert_false(r->m.ram_size_given);
	done(r);
	OK("-m", "7");
	assert_int_equal(r->m.ram_size, 7 * MIB);
	assert_true(r->m.ram_size_given);
	done(r);
	OK("-m", "1000000B");
	assert_int_equal(r->m.ram_size, 1007616);
	done(r);
	OK("-m", "1,size=2", "-m", "3k");
	assert_int_equal(r->m.ram_size, 8192);
	done(r);
	OK("-M", "none", "-m", "1G");
	assert_int_equal(r->m.ram_size, GIB);
	done(r);
	/* -m 17592186044416 is 2^44 MiB: 2^64 bytes. */
	RUN("-m", "17592186044416");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-size", NULL,
	       "Parameter 'memory.size' expects size");
	done(r);
}

/* QEMU rounds 2^64-1 up to 0 and runs without RAM; vnuma refuses. */
static void ram_size_wraps_to_zero(void **state)
{
	struct run *r;

	(void)state;
	RUN("-m", "18446744073709551615B");
	expect(r, VNUMA_E_RANGE, "machine.ram-size-overflow", NULL,
	       "ram size too large");
	done(r);
}

static void slots_and_maxmem(void **state)
{
	struct run *r;

	(void)state;
	RUN("-m", "1G,slots=2");
	expect(r, VNUMA_E_MISSING, "machine.slots-without-maxmem", NULL,
	       "slots specified but no max-size");
	done(r);
	RUN("-m", "1G,slots=0");
	expect(r, VNUMA_E_MISSING, "machine.slots-without-maxmem", NULL,
	       "slots specified but no max-size");
	done(r);
	RUN("-m", "1G,maxmem=512M");
	expect(r, VNUMA_E_CONFLICT, "machine.maxmem-below-size", NULL,
	       "invalid value of maxmem: maximum memory size (0x20000000) "
	       "must be at least the initial memory size (0x40000000)");
	done(r);
	RUN("-m", "1G,maxmem=1G,slots=1");
	expect(r, VNUMA_E_CONFLICT, "machine.maxmem-equals-size", NULL,
	       "invalid value of maxmem: memory slots were specified but "
	       "maximum memory size (0x40000000) is equal to the initial "
	       "memory size (0x40000000)");
	done(r);
	OK("-m", "1G,maxmem=1G,slots=0");
	assert_int_equal(r->m.maxram_size, GIB);
	done(r);
	OK("-m", "1G,maxmem=2G");
	assert_int_equal(r->m.maxram_size, 2 * GIB);
	assert_int_equal(r->m.ram_slots, 0);
	done(r);
	OK("-m", "1G,slots=1,maxmem=4G", "-m", "slots=8");
	assert_int_equal(r->m.ram_size, GIB);
	assert_int_equal(r->m.maxram_size, 4 * GIB);
	assert_int_equal(r->m.ram_slots, 8);
	done(r);
	OK("-m", "maxmem=1G");
	assert_int_equal(r->m.ram_size, 128 * MIB);
	assert_int_equal(r->m.maxram_size, GIB);
	done(r);
}

/* -m values are checked as the command line is read: before -M foo. */
static void m_checked_first(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "foo", "-m", "1G,foo=1");
	expect(r, VNUMA_E_UNKNOWN, vnuma_error_check(r->e), "-m",
	       "Invalid parameter 'foo'");
	assert_string_equal(vnuma_error_text(r->e), "1G,foo=1");
	done(r);
	RUN("-M", "foo", "-m", "x");
	expect(r, VNUMA_E_SYNTAX, vnuma_error_check(r->e), "-m",
	       "Parameter 'size' expects a non-negative number below 2^64");
	done(r);
}

/* -m 0x10: one warning (the MiB form); -m 0x10M: two, the first located. */
static void hex_suffix_warning(void **state)
{
	struct run *r;

	(void)state;
	OK("-m", "0x10");
	assert_int_equal(r->m.ram_size, 16 * MIB);
	assert_int_equal(r->w.n, 1);
	assert_string_equal(warning(r, 0), "Using a multiplier suffix on hex "
					   "numbers is deprecated: 0x10M");
	assert_null(vnuma_error_option(r->w.v[0]));
	done(r);
	OK("-m", "0x10M");
	assert_int_equal(r->w.n, 2);
	assert_string_equal(vnuma_error_option(r->w.v[0]), "-m");
	assert_string_equal(warning(r, 1), "Using a multiplier suffix on hex "
					   "numbers is deprecated: 0x10M");
	done(r);
}

static void keyval_conflicts(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "smp=4", "-smp", "2");
	expect(r, VNUMA_E_CONFLICT, "machine.keyval-inconsistent", "-smp",
	       "Parameter 'smp' used inconsistently");
	done(r);
	RUN("-smp", "2", "-M", "smp=4");
	expect(r, VNUMA_E_CONFLICT, "machine.keyval-inconsistent", "-M",
	       "Parameters 'smp.*' used inconsistently");
	done(r);
	RUN("-M", "q35,memory=1G");
	expect(r, VNUMA_E_CONFLICT, "machine.keyval-inconsistent", NULL,
	       "Parameter 'memory' used inconsistently");
	done(r);
	RUN("-M", "q35,memory=1G", "-m", "2G", "-m", "3G");
	expect(r, VNUMA_E_CONFLICT, "machine.keyval-inconsistent", "-m",
	       "Parameter 'memory' used inconsistently");
	assert_string_equal(vnuma_error_text(r->e), "2G");
	done(r);
}

/* -M memory.size=1G works; -m wins over it unless -m says 0. */
static void memory_dotted_keys(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "memory.size=1G");
	assert_int_equal(r->m.ram_size, GIB);
	assert_true(r->m.ram_size_given);
	done(r);
	OK("-M", "memory.size=1G", "-m", "2G");
	assert_int_equal(r->m.ram_size, 2 * GIB);
	done(r);
	OK("-M", "memory.size=1G", "-m", "0");
	assert_int_equal(r->m.ram_size, GIB);
	done(r);
	RUN("-M", "memory.slots=x");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-integer", NULL,
	       "Parameter 'memory.slots' expects integer");
	done(r);
	RUN("-M", "memory.foo=1,memory.size=x");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-size", NULL,
	       "Parameter 'memory.size' expects size");
	done(r);
	RUN("-M", "memory.maxsize=1G");
	expect(r, VNUMA_E_UNKNOWN, "machine.memory-unexpected", NULL,
	       "Parameter 'memory.maxsize' is unexpected");
	done(r);
	RUN("-M", "q35,memory.size.x=1");
	expect(r, VNUMA_E_UNKNOWN, "machine.memory-unexpected", NULL,
	       "Parameters 'memory.size.*' are unexpected");
	done(r);
}

static void deprecated_type(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "pc-i440fx-1.4");
	assert_string_equal(warning(r, 0),
			    "Machine type 'pc-i440fx-1.4' is deprecated: old "
			    "and unattended - use a newer version instead");
	done(r);
	OK("-M", "pc-i440fx-2.0");
	assert_int_equal(r->w.n, 0);
	done(r);
}

static void cpu_and_mem_path(void **state)
{
	struct run *r;

	(void)state;
	OK("-cpu", "host", "-cpu", "max,+x2apic", "-mem-path", "/a",
	   "-mem-path", "/dev/hugepages", "-mem-prealloc", NULL);
	assert_string_equal(r->m.cpu_model, "max,+x2apic");
	assert_string_equal(r->m.mem_path, "/dev/hugepages");
	assert_true(r->m.mem_prealloc);
	done(r);
	OK("-M", "q35");
	assert_null(r->m.cpu_model);
	assert_null(r->m.mem_path);
	assert_false(r->m.mem_prealloc);
	done(r);
}

/*
 * -machine smp.KEY and -smp merge into one structure, a later value
 * replacing an earlier one whichever option gave it (qemu-system-x86_64
 * 7.2: query-hotpluggable-cpus for each line below).
 */
static void machine_smp_keys(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "q35,smp.cpus=4,smp.sockets=2");
	assert_int_equal(r->m.smp.cpus, 4);
	assert_int_equal(r->m.smp.sockets, 2);
	assert_int_equal(r->m.smp.cores, 2);
	done(r);
	OK("-M", "q35,smp.cpus=4", "-smp", "sockets=2");
	assert_int_equal(r->m.smp.cpus, 4);
	assert_int_equal(r->m.smp.sockets, 2);
	done(r);
	OK("-M", "q35", "-smp", "8", "-M", "smp.cpus=4");
	assert_int_equal(r->m.smp.cpus, 4);
	assert_int_equal(r->m.smp.cores, 4);
	done(r);
	OK("-M", "q35,smp.cpus=4", "-smp", "8");
	assert_int_equal(r->m.smp.cpus, 8);
	done(r);
	OK("-M", "q35,smp.maxcpus=8,smp.cpus=2");
	assert_int_equal(r->m.smp.cpus, 2);
	assert_int_equal(r->m.smp.max_cpus, 8);
	done(r);
	RUN("-M", "q35,smp.cpus=4,smp.books=2");
	expect(r, VNUMA_E_UNKNOWN, "smp.unexpected-key", NULL,
	       "Parameter 'smp.books' is unexpected");
	done(r);
	RUN("-M", "q35,smp.cpus.x=4");
	expect(r, VNUMA_E_UNKNOWN, "smp.unexpected-key", NULL,
	       "Parameters 'smp.cpus.*' are unexpected");
	done(r);
	RUN("-M", "q35,smp.cpus=x");
	expect(r, VNUMA_E_SYNTAX, "smp.not-integer", NULL,
	       "Parameter 'smp.cpus' expects integer");
	done(r);
	RUN("-M", "pc,smp.clusters=2,smp.cpus=4");
	expect(r, VNUMA_E_UNSUPPORTED, "smp.clusters-unsupported", NULL,
	       "clusters not supported by this machine's CPU topology");
	done(r);
	RUN("-M", "q35,smp=4");
	expect(r, VNUMA_E_SYNTAX, "machine.bad-type", NULL,
	       "Invalid parameter type for 'smp', expected: object");
	done(r);
	RUN("-M", "q35,smp=4", "-smp", "2");
	expect(r, VNUMA_E_CONFLICT, "machine.keyval-inconsistent", "-smp",
	       "Parameter 'smp' used inconsistently");
	done(r);
	RUN("-M", "q35", "-smp", "2", "-M", "smp=4");
	expect(r, VNUMA_E_CONFLICT, "machine.keyval-inconsistent", "-M",
	       "Parameters 'smp.*' used inconsistently");
	done(r);
}

/*
 * "smp" hashes before "memory": QEMU reports the -smp error first,
 * whatever the order on the command line.
 */
static void smp_before_memory(void **state)
{
	static const char msg[] =
		"Invalid CPU topology: maxcpus must be equal to or greater "
		"than smp: sockets (1) * dies (1) * cores (1) * threads (1) "
		"== maxcpus (1) < smp_cpus (2)";
	struct run *r;

	(void)state;
	RUN("-M", "q35", "-m", "1T,slots=1", "-smp", "cpus=2,maxcpus=1");
	assert_non_null(r->e);
	assert_string_equal(vnuma_error_message(r->e), msg);
	done(r);
	RUN("-M", "q35", "-smp", "cpus=2,maxcpus=1", "-m", "1T,slots=1");
	assert_non_null(r->e);
	assert_string_equal(vnuma_error_message(r->e), msg);
	done(r);
}

/* Builds the machine, then runs board init; returns board init's status. */
static int board(struct run *r)
{
	if (r->rc)
		fail_msg("%s", vnuma_error_message(r->e));
	return vnuma__board_init(&r->m, &r->w, &r->e);
}

/* Board init's error: status, check id, exact message, no option. */
static void expect_board(struct run *r, int status, const char *check,
			 const char *msg)
{
	int rc = board(r);

	if (!r->e)
		fail_msg("accepted, expected \"%s\"", msg);
	assert_string_equal(vnuma_error_message(r->e), msg);
	assert_int_equal(rc, status);
	assert_string_equal(vnuma_error_check(r->e), check);
	assert_null(vnuma_error_option(r->e));
}

static uint64_t devmem_base(const char *type, const char *m)
{
	struct vnuma__ram_layout l;
	struct run *r;
	uint64_t base;

	OK("-M", type, "-m", m);
	assert_int_equal(vnuma__ram_layout(&l, &r->m), 0);
	assert_int_equal(board(r), 0);
	assert_int_equal(r->m.devmem_base, l.devmem_base);
	assert_int_equal(r->m.devmem_size, l.devmem_size);
	base = l.devmem_base;
	done(r);
	return base;
}

/*
 * Where the first pc-dimm lands (query-memory-devices "addr") for
 * -M TYPE -m SIZE,slots=2,maxmem=16G -object memory-backend-ram,id=d,
 * size=1G -device pc-dimm,memdev=d: the device memory region's base.
 */
static void device_memory_base(void **state)
{
	static const struct {
		const char *type, *m;
		uint64_t base;
	} t[] = {
		{ "pc", "1G", 4 * GIB },	{ "pc", "2G", 4 * GIB },
		{ "pc", "3G", 4 * GIB },	{ "pc", "3584M", 5 * GIB },
		{ "pc", "4G", 5 * GIB },	{ "pc", "5G", 6 * GIB },
		{ "q35", "1G", 4 * GIB },	{ "q35", "2G", 4 * GIB },
		{ "q35", "3G", 5 * GIB },	{ "q35", "3584M", 6 * GIB },
		{ "q35", "4G", 6 * GIB },	{ "q35", "5G", 7 * GIB },
		{ "pc,max-ram-below-4g=2G", "3G", 5 * GIB },
		{ "q35,max-ram-below-4g=1G", "3G", 6 * GIB },
		{ "pc-i440fx-2.3", "3G", 4 * GIB },
		{ "pc-i440fx-2.1", "3584M", 5 * GIB },
	};
	char m[64];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(m, sizeof(m), "%s,slots=2,maxmem=16G", t[i].m);
		if (devmem_base(t[i].type, m) != t[i].base)
			fail_msg("-M %s -m %s: base 0x%llx, want 0x%llx",
				 t[i].type, m,
				 (unsigned long long)devmem_base(t[i].type, m),
				 (unsigned long long)t[i].base);
	}
}

/*
 * The region's size (info mtree, "device-memory"): maxmem - RAM plus
 * 1 GiB per slot from 2.2 on; virt: after RAM at 1 GiB, same size.
 */
static void device_memory_size(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "q35", "-m", "1G,slots=2,maxmem=4G");
	assert_int_equal(board(r), 0);
	assert_int_equal(r->m.devmem_base, 4 * GIB);
	assert_int_equal(r->m.devmem_size, 5 * GIB);
	done(r);
	OK("-M", "pc-i440fx-2.1", "-m", "3G,slots=2,maxmem=4G");
	assert_int_equal(board(r), 0);
	assert_int_equal(r->m.devmem_size, 1 * GIB);
	done(r);
	OK("-M", "pc-i440fx-2.2", "-m", "3G,slots=2,maxmem=4G");
	assert_int_equal(board(r), 0);
	assert_int_equal(r->m.devmem_size, 3 * GIB);
	done(r);
	OK("-M", "virt", "-m", "1536M,slots=1,maxmem=4G");
	assert_int_equal(board(r), 0);
	assert_int_equal(r->m.devmem_base, 3 * GIB);
	assert_int_equal(r->m.devmem_size, 3584 * MIB);
	done(r);
	/* No maxmem above RAM: no region. */
	OK("-M", "q35", "-m", "1G");
	assert_int_equal(board(r), 0);
	assert_int_equal(r->m.devmem_size, 0);
	done(r);
}

/* -M q35 -m 1G,slots=2,maxmem=1P with various -cpu (TCG). */
static void phys_bits(void **state)
{
	struct run *r;

	(void)state;
	/* qemu64 is AMD: RAM moves above the HT hole at 1 TiB. */
	RUN("-M", "q35", "-m", "1G,slots=2,maxmem=1P");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits",
		     "Address space limit 0xffffffffff < 0x401083fffffff "
		     "phys-bits too low (40)");
	done(r);
	RUN("-M", "q35", "-m", "1G,slots=2,maxmem=1P", "-cpu",
	    "Skylake-Client");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits",
		     "Address space limit 0xffffffffff < 0x400093fffffff "
		     "phys-bits too low (40)");
	done(r);
	RUN("-M", "q35", "-m", "1G,slots=2,maxmem=1P", "-cpu",
	    "qemu64,phys-bits=48");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits",
		     "Address space limit 0xffffffffffff < 0x401083fffffff "
		     "phys-bits too low (48)");
	done(r);
	RUN("-M", "q35", "-m", "1G,slots=2,maxmem=1P", "-cpu",
	    "qemu64,vendor=GenuineIntel");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits",
		     "Address space limit 0xffffffffff < 0x400093fffffff "
		     "phys-bits too low (40)");
	done(r);
	/* i440fx's 64-bit hole is 2 GiB; 7.0 types keep RAM at 4 GiB. */
	RUN("-M", "pc", "-m", "1G,slots=2,maxmem=1P");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits",
		     "Address space limit 0xffffffffff < 0x40100bfffffff "
		     "phys-bits too low (40)");
	done(r);
	RUN("-M", "pc-i440fx-7.0", "-m", "1G,slots=2,maxmem=1P");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits",
		     "Address space limit 0xffffffffff < 0x40001bfffffff "
		     "phys-bits too low (40)");
	done(r);
	/* pentium3 (PSE36): 36 bits; qemu32: 32 bits, never checked. */
	RUN("-M", "pc", "-m", "1G,slots=2,maxmem=1P", "-cpu", "pentium3");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits",
		     "Address space limit 0xfffffffff < 0x40001bfffffff "
		     "phys-bits too low (36)");
	done(r);
	OK("-M", "q35", "-m", "1G,slots=2,maxmem=1P", "-cpu", "qemu32");
	assert_int_equal(board(r), 0);
	done(r);
	/* Up to 2.4 the hole starts at the region's base. */
	OK("-M", "pc-i440fx-2.4", "-m", "1G,slots=2,maxmem=1P");
	assert_int_equal(board(r), 0);
	done(r);
	RUN("-M", "q35", "-cpu", "qemu64,phys-bits=30");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits-range",
		     "phys-bits should be between 32 and 52  (but is 30)");
	done(r);
	RUN("-M", "q35", "-cpu", "qemu32,phys-bits=36");
	expect_board(r, VNUMA_E_RANGE, "board.phys-bits-32",
		     "phys-bits is not user-configurable in 32 bit");
	done(r);
}

/* pc_memory_init()'s checks on slots and maxmem. */
static void slots_and_maxmem_limits(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "q35", "-m", "1G,slots=300,maxmem=2G");
	expect_board(r, VNUMA_E_RANGE, "board.slots-max",
		     "unsupported amount of memory slots: 300");
	done(r);
	OK("-M", "q35", "-m", "1G,slots=256,maxmem=2G");
	assert_int_equal(board(r), 0);
	done(r);
	RUN("-M", "q35", "-m", "1G,slots=1,maxmem=2147483649");
	expect_board(r, VNUMA_E_RANGE, "board.maxmem-unaligned",
		     "maximum memory size must by aligned to multiple of "
		     "4096 bytes");
	done(r);
	/* QEMU 7.2 wraps the region's end past 2^64 and carries on. */
	RUN("-M", "q35", "-m", "1G,slots=2,maxmem=18446744073709547520");
	expect_board(r, VNUMA_E_RANGE, "board.maxmem-too-big",
		     "unsupported amount of maximum memory: fffffffffffff000");
	done(r);
	RUN("-M", "isapc", "-m", "1G,slots=0,maxmem=2G");
	expect_board(r, VNUMA_E_UNSUPPORTED, "board.slots-unsupported",
		     "\"-memory 'slots|maxmem'\" is not supported by: isapc");
	done(r);
	RUN("-M", "pc-i440fx-2.0", "-m", "1G,slots=2,maxmem=2G");
	expect_board(r, VNUMA_E_UNSUPPORTED, "board.slots-unsupported",
		     "\"-memory 'slots|maxmem'\" is not supported by: "
		     "pc-i440fx-2.0");
	done(r);
	RUN("-M", "virt", "-smp", "9", "-m", "1G,slots=300,maxmem=2G");
	expect_board(r, VNUMA_E_RANGE, "board.slots-max",
		     "unsupported number of memory slots: 300");
	done(r);
	RUN("-M", "virt,highmem=off", "-m", "1G,slots=2,maxmem=4G");
	expect_board(r, VNUMA_E_RANGE, "board.pa-bits",
		     "Addressing limited to 32 bits, but memory exceeds it by "
		     "3221225472 bytes\n");
	done(r);
	OK("-M", "virt", "-cpu", "max", "-m", "1G,slots=2,maxmem=1P");
	assert_int_equal(board(r), 0);
	done(r);
	RUN("-M", "virt", "-m", "1G,slots=2,maxmem=1P");
	expect_board(r, VNUMA_E_RANGE, "board.pa-bits",
		     "Addressing limited to 40 bits, but memory exceeds it by "
		     "1124803616440320 bytes\n");
	done(r);
}

/* -M virt -smp N with each gic-version (TCG). */
static void virt_gic_cpu_limit(void **state)
{
	struct run *r;

	(void)state;
	RUN("-M", "virt", "-smp", "9");
	expect_board(r, VNUMA_E_RANGE, "board.gic-cpus",
		     "Number of SMP CPUs requested (9) exceeds max CPUs "
		     "supported by machine 'mach-virt' (8)");
	done(r);
	RUN("-M", "virt,gic-version=2", "-smp", "4,maxcpus=9");
	expect_board(r, VNUMA_E_RANGE, "board.gic-cpus",
		     "Number of SMP CPUs requested (9) exceeds max CPUs "
		     "supported by machine 'mach-virt' (8)");
	done(r);
	OK("-M", "virt", "-smp", "8");
	assert_int_equal(board(r), 0);
	done(r);
	OK("-M", "virt,gic-version=3", "-smp", "300");
	assert_int_equal(board(r), 0);
	done(r);
	OK("-M", "virt,gic-version=max", "-smp", "9");
	assert_int_equal(board(r), 0);
	done(r);
	RUN("-M", "virt,gic-version=host", "-smp", "9");
	expect_board(r, VNUMA_E_UNSUPPORTED, "board.gic-host",
		     "gic-version=host requires KVM");
	done(r);
	RUN("-M", "virt,gic-version=4");
	expect_board(r, VNUMA_E_UNSUPPORTED, "board.gic-v4",
		     "gic-version=4 requires virtualization enabled");
	done(r);
	OK("-M", "virt,gic-version=4,virtualization=on", "-smp", "9");
	assert_int_equal(board(r), 0);
	done(r);
	RUN("-M", "virt,gic-version=3,highmem=off", "-smp", "124");
	expect_board(r, VNUMA_E_RANGE, "board.gic-redist",
		     "Capacity of the redist regions(123) does not match the "
		     "number of vcpus(124)");
	done(r);
}

/* -M pc,max-ram-below-4g=1536M -m 4G (and q35): QEMU's two warnings. */
static void max_ram_below_4g_warnings(void **state)
{
	struct run *r;

	(void)state;
	OK("-M", "pc,max-ram-below-4g=1536M", "-m", "4G");
	assert_int_equal(board(r), 0);
	assert_string_equal(warning(r, r->w.n - 1),
			    "Large machine and max_ram_below_4g (1610612736) "
			    "not a multiple of 1G; possible bad performance.");
	done(r);
	OK("-M", "q35,max-ram-below-4g=1536M", "-m", "4G");
	assert_int_equal(board(r), 0);
	assert_string_equal(warning(r, r->w.n - 1),
			    "There is possibly poor performance as the ram size"
			    "  (0x100000000) is more then twice the size of "
			    "max-ram-below-4g (1610612736) and max-ram-below-4g"
			    " is not a multiple of 1G.");
	done(r);
	OK("-M", "q35,max-ram-below-4g=1536M", "-m", "3G");
	assert_int_equal(board(r), 0);
	assert_int_equal(r->w.n, 0);
	done(r);
	OK("-M", "pc-i440fx-1.7,max-ram-below-4g=1536M", "-m", "4G");
	assert_int_equal(board(r), 0);
	assert_string_equal(warning(r, 0), "Machine type 'pc-i440fx-1.7' is "
			    "deprecated: old and unattended - use a newer "
			    "version instead");
	assert_int_equal(r->w.n, 1);
	done(r);
}

static void api_misuse(void **state)
{
	struct vnuma__machine m;
	struct vnuma__warnings w = { 0 };
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma__machine_build(&m, NULL, &w, &e),
			 VNUMA_E_INVAL);
	assert_string_equal(vnuma_error_check(e), "api.null");
	vnuma_error_free(e);
	vnuma__machine_fini(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_machine),
		cmocka_unit_test(unknown_type),
		cmocka_unit_test(entries_merge),
		cmocka_unit_test(hash_order),
		cmocka_unit_test(property_lacking),
		cmocka_unit_test(typed_properties),
		cmocka_unit_test(max_ram_below_4g),
		cmocka_unit_test(virt_properties),
		cmocka_unit_test(other_properties_kept),
		cmocka_unit_test(oem_ids),
		cmocka_unit_test(memory_backend),
		cmocka_unit_test(ram_size),
		cmocka_unit_test(ram_size_wraps_to_zero),
		cmocka_unit_test(slots_and_maxmem),
		cmocka_unit_test(m_checked_first),
		cmocka_unit_test(hex_suffix_warning),
		cmocka_unit_test(keyval_conflicts),
		cmocka_unit_test(memory_dotted_keys),
		cmocka_unit_test(deprecated_type),
		cmocka_unit_test(cpu_and_mem_path),
		cmocka_unit_test(machine_smp_keys),
		cmocka_unit_test(smp_before_memory),
		cmocka_unit_test(device_memory_base),
		cmocka_unit_test(device_memory_size),
		cmocka_unit_test(phys_bits),
		cmocka_unit_test(slots_and_maxmem_limits),
		cmocka_unit_test(virt_gic_cpu_limit),
		cmocka_unit_test(max_ram_below_4g_warnings),
		cmocka_unit_test(api_misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
