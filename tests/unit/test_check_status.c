/* SPDX-License-Identifier: MIT */
/*
 * Every check id has one status, taken from src/check_ids.c whoever raises
 * it; one condition has one status whichever option finds it. That the
 * table holds exactly the ids the sources raise, with the statuses their
 * callers name, is tests/unit/check_ids.py's part.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check_ids.h"
#include "error_internal.h"
#include "vnuma/vnuma.h"

#include "option_run.h"

static bool is_status(int s)
{
	return s <= VNUMA_OK && s >= VNUMA_E_UNKNOWN;
}

/* stage "." name, lower case and dashes: what tools match on */
static bool well_formed(const char *id)
{
	const char *dot = strchr(id, '.');

	if (!dot || dot == id || !dot[1] || strchr(dot + 1, '.'))
		return false;
	for (const char *p = id; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= '0' && *p <= '9') &&
		    *p != '-' && *p != '.')
			return false;
	return true;
}

static void table_shape(void **state)
{
	size_t n;
	const struct vnuma__check *c = vnuma__checks(&n);

	(void)state;
	assert_true(n > 200);
	for (size_t i = 0; i < n; i++) {
		if (!well_formed(c[i].id))
			fail_msg("check id '%s' is not stage.name", c[i].id);
		if (!is_status(c[i].status))
			fail_msg("%s: status %d", c[i].id, c[i].status);
		/* strictly increasing: sorted for bsearch, no id twice */
		if (i && strcmp(c[i - 1].id, c[i].id) >= 0)
			fail_msg("'%s' after '%s'", c[i].id, c[i - 1].id);
		assert_ptr_equal(vnuma__check_find(c[i].id), &c[i]);
	}
	assert_null(vnuma__check_find(NULL));
	assert_null(vnuma__check_find("numa.no-such-check"));
}

/* A caller naming another status gets the table's, in *err and returned. */
static void table_decides(void **state)
{
	size_t n;
	const struct vnuma__check *c = vnuma__checks(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		int other = c[i].status == VNUMA_E_RANGE ? VNUMA_E_SYNTAX :
							   VNUMA_E_RANGE;
		vnuma_error *e = NULL;
		int rc;

		if (c[i].status == VNUMA_OK)
			continue;
		rc = vnuma__error_set(&e, other, c[i].id, NULL, "x %zu", i);
		assert_int_equal(rc, c[i].status);
		assert_int_equal(vnuma_error_status(e), c[i].status);
		assert_string_equal(vnuma_error_check(e), c[i].id);
		vnuma_error_free(e);
		/* err = NULL: the status still comes from the table */
		assert_int_equal(vnuma__error_set(NULL, other, c[i].id, NULL,
						  "x"), c[i].status);
	}
}

/* A warning's id raised as an error keeps the caller's failure status. */
static void warning_ids_never_ok(void **state)
{
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma__check_find("numa.partial-mapping")->status,
			 VNUMA_OK);
	assert_int_equal(vnuma__error_set(&e, VNUMA_E_CONFLICT,
					  "numa.partial-mapping", NULL, "x"),
			 VNUMA_E_CONFLICT);
	assert_int_equal(vnuma_error_status(e), VNUMA_E_CONFLICT);
	vnuma_error_free(e);
}

struct cond {
	const char *const args[12];
	const char *check;
};

static void same_status(const struct cond *v, size_t n, int status)
{
	for (size_t i = 0; i < n; i++) {
		struct run r;
		size_t k = 0;

		while (k < 12 && v[i].args[k])
			k += 2;
		run(&r, v[i].args, k);
		if (!r.e)
			fail_msg("accepted, expected %s", v[i].check);
		assert_string_equal(vnuma_error_check(r.e), v[i].check);
		if (r.rc != status || vnuma_error_status(r.e) != status)
			fail_msg("%s: %s, want %s", v[i].check,
				 vnuma_status_name(r.rc),
				 vnuma_status_name(status));
		done(&r);
	}
}

#define BE "memory-backend-ram,id=m,size=1G"

/* An id that names no backend: -numa, -device, -machine, -object alike. */
static void unknown_backend_id(void **state)
{
	static const struct cond v[] = {
		{ { "-M", "q35", "-m", "2G", "-numa", "node,memdev=nope" },
		  "numa.memdev-unknown" },
		{ { "-M", "q35", "-m", "2G,maxmem=4G,slots=2", "-device",
		    "pc-dimm,id=d,memdev=nope" }, "dimm.memdev-unknown" },
		{ { "-M", "q35,memory-backend=nope", "-m", "2G" },
		  "machine.memory-backend-unknown" },
		{ { "-M", "q35,sgx-epc.0.memdev=nope,sgx-epc.0.node=0" },
		  "machine.sgx-memdev" },
		{ { "-M", "q35", "-m", "2G", "-object",
		    BE ",prealloc-context=nope" },
		  "backend.prealloc-context-unknown" },
	};

	(void)state;
	same_status(v, sizeof(v) / sizeof(v[0]), VNUMA_E_UNKNOWN);
}

/* A backend a second consumer asks for: a node or a DIMM alike. */
static void backend_used_twice(void **state)
{
	static const struct cond v[] = {
		{ { "-M", "q35", "-m", "2G", "-object", BE, "-numa",
		    "node,memdev=m", "-numa", "node,memdev=m" },
		  "numa.memdev-reused" },
		{ { "-M", "q35", "-m", "2G,maxmem=4G,slots=2", "-object", BE,
		    "-device", "pc-dimm,memdev=m", "-device",
		    "pc-dimm,memdev=m" }, "dimm.memdev-busy" },
	};

	(void)state;
	same_status(v, sizeof(v) / sizeof(v[0]), VNUMA_E_CONFLICT);
}

/* A value that is not one of the names the property takes. */
static void value_not_a_name(void **state)
{
	static const struct cond v[] = {
		{ { "-M", "q35", "-numa",
		    "hmat-lb,initiator=0,target=0,hierarchy=l4" },
		  "opts.bad-enum" },
		{ { "-M", "q35,smm=maybe" }, "machine.bad-enum" },
		{ { "-M", "q35,cxl=maybe" }, "machine.bad-bool" },
		{ { "-M", "virt,gic-version=5" }, "machine.gic-version" },
		{ { "-M", "virt,iommu=foo" }, "machine.iommu" },
		{ { "-M", "q35,nvdimm-persistence=x" },
		  "machine.nvdimm-persistence" },
		{ { "-M", "q35", "-accel", "kvm,kernel-irqchip=maybe" },
		  "accel.bad-value" },
		{ { "-M", "q35,kernel-irqchip=maybe", "-accel", "kvm" },
		  "accel.bad-global" },
	};

	(void)state;
	same_status(v, sizeof(v) / sizeof(v[0]), VNUMA_E_SYNTAX);
}

/* A number that parses but does not fit. */
static void number_out_of_range(void **state)
{
	static const struct cond v[] = {
		{ { "-M", "q35", "-accel", "tcg,tb-size=-1" },
		  "accel.out-of-range" },
		{ { "-M", "q35", "-numa", "node,nodeid=4294967296" },
		  "opts.out-of-range" },
	};

	(void)state;
	same_status(v, sizeof(v) / sizeof(v[0]), VNUMA_E_RANGE);
}

/* A list member left out, of the wrong type, or not known. */
static void list_members(void **state)
{
	static const struct cond missing[] = {
		{ { "-M", "q35,cxl-fmw.0.size=4G" },
		  "machine.list-member-missing" },
	}, type[] = {
		{ { "-M", "q35,cxl-fmw.0.targets.0=a,cxl-fmw.0.size=4X" },
		  "machine.list-member" },
	}, unexpected[] = {
		{ { "-M", "q35,cxl-fmw.0.targets.0=a,cxl-fmw.0.size=4G,"
		    "cxl-fmw.0.foo=1" }, "machine.list-member-unexpected" },
	};

	(void)state;
	same_status(missing, 1, VNUMA_E_MISSING);
	same_status(type, 1, VNUMA_E_SYNTAX);
	same_status(unexpected, 1, VNUMA_E_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_shape),
		cmocka_unit_test(table_decides),
		cmocka_unit_test(warning_ids_never_ok),
		cmocka_unit_test(unknown_backend_id),
		cmocka_unit_test(backend_used_twice),
		cmocka_unit_test(value_not_a_name),
		cmocka_unit_test(number_out_of_range),
		cmocka_unit_test(list_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
