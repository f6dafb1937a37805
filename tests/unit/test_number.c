/* SPDX-License-Identifier: MIT */
/*
 * Number rules of QEMU 7.2, checked against qemu-system-x86_64 7.2:
 * sizes through -object memory-backend-ram,id=m,size=X and query-memdev,
 * base-0 numbers through -numa node,nodeid=X (010 is node 8, 0x10 node 16).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parse/number.h"

struct sz_case {
	const char *in;
	char unit;
	int rc;
	uint64_t val;
};

static void test_strtosz(void **state)
{
	static const struct sz_case cases[] = {
		{ "1.5G", 'B', 0, 1610612736 },
		{ "0.5K", 'B', 0, 512 },
		{ "1.5k", 'B', 0, 1536 },
		{ "1b", 'B', 0, 1 },
		{ "1K", 'B', 0, 1024 },
		{ "1e", 'B', 0, UINT64_C(1) << 60 },
		{ "1.K", 'B', 0, 1024 },
		{ "1.0", 'B', 0, 1 },
		{ "1.0B", 'B', 0, 1 },
		{ "0x10", 'B', 0, 16 },
		{ "0X10", 'B', 0, 16 },
		{ "0x10B", 'B', 0, 0x10B }, /* B is a hex digit there */
		{ "0x10K", 'B', 0, 16384 },
		{ "010", 'B', 0, 10 },	    /* sizes are decimal */
		{ "07K", 'B', 0, 7168 },
		{ " 10", 'B', 0, 10 },
		{ "+10", 'B', 0, 10 },
		{ "0.00000000001K", 'B', 0, 0 },
		{ "18446744073709551615", 'B', 0, UINT64_MAX },
		{ "1.5", 'B', -EINVAL, 0 }, /* a fraction needs a unit */
		{ "1.5B", 'B', -EINVAL, 0 },
		{ "0x1.5K", 'B', -EINVAL, 0 },
		{ "10 ", 'B', -EINVAL, 0 },
		{ "", 'B', -EINVAL, 0 },
		{ "-1", 'B', -EINVAL, 0 },
		{ "-0", 'B', -EINVAL, 0 },
		{ "1.5e3K", 'B', -EINVAL, 0 },
		{ ".5K", 'B', -EINVAL, 0 },
		{ "0x", 'B', -EINVAL, 0 },
		{ "1_0", 'B', -EINVAL, 0 },
		{ "18446744073709551616", 'B', -ERANGE, 0 },
		{ "99999999999999999999K", 'B', -EINVAL, 0 },
		{ "16E", 'B', -ERANGE, 0 },
		{ "17592186044415T", 'B', -ERANGE, 0 },
		/* QEMU 7.2 turns these into 1024 (undefined conversion) */
		{ "1.99999999999999999999K", 'B', -EINVAL, 0 },
		/* MiB default of -numa node,mem and -m */
		{ "8192", 'M', 0, UINT64_C(8192) << 20 },
		{ "1.5", 'M', 0, UINT64_C(3) << 19 },
		{ "8G", 'M', 0, UINT64_C(8) << 30 },
		{ "8589934592B", 'M', 0, UINT64_C(8) << 30 },
		{ "0x2000", 'M', 0, UINT64_C(8192) << 20 },
		{ "17592186044416", 'M', -ERANGE, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 0;
		int rc = vnuma__strtosz(cases[i].in, cases[i].unit, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].val))
			fail_msg("strtosz(\"%s\", %c) = %d, %llu", cases[i].in,
				 cases[i].unit, rc, (unsigned long long)v);
	}
}

static void test_strtosz_hex_unit(void **state)
{
	uint64_t v;
	bool hex;

	(void)state;
	assert_int_equal(vnuma__strtosz_hex("0x10K", 'B', &v, &hex), 0);
	assert_true(hex);
	assert_int_equal(vnuma__strtosz_hex("0x10", 'M', &v, &hex), 0);
	assert_false(hex);
	assert_int_equal(v, UINT64_C(16) << 20);
	assert_int_equal(vnuma__strtosz_hex("10K", 'B', &v, &hex), 0);
	assert_false(hex);
}

static void test_strtou64(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vnuma__strtou64("010", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(vnuma__strtou64("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(vnuma__strtou64("-1", &v), 0); /* wraps */
	assert_true(v == UINT64_MAX);
	assert_int_equal(vnuma__strtou64(" 7", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(vnuma__strtou64("7 ", &v), -EINVAL);
	assert_int_equal(vnuma__strtou64("", &v), -EINVAL);
	assert_int_equal(vnuma__strtou64("0x", &v), -EINVAL);
	assert_int_equal(vnuma__strtou64("abc", &v), -EINVAL);
	assert_int_equal(vnuma__strtou64("18446744073709551616", &v),
			 -ERANGE);
}

static void test_strtoi64(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(vnuma__strtoi64("-010", &v), 0);
	assert_int_equal(v, -8);
	assert_int_equal(vnuma__strtoi64("9223372036854775808", &v), -ERANGE);
	assert_int_equal(vnuma__strtoi64("1x", &v), -EINVAL);
}

static void test_parse_uint(void **state)
{
	const char *end;
	uint64_t v;

	(void)state;
	assert_int_equal(vnuma__parse_uint("3-5", &v, &end), 0);
	assert_int_equal(v, 3);
	assert_string_equal(end, "-5");
	assert_int_equal(vnuma__parse_uint(" -1", &v, &end), -ERANGE);
	assert_int_equal(vnuma__parse_uint("", &v, &end), -EINVAL);
	assert_int_equal(vnuma__parse_uint_full("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(vnuma__parse_uint_full("010", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(vnuma__parse_uint_full("1 ", &v), -EINVAL);
	assert_int_equal(vnuma__parse_uint_full("+1", &v), 0);
}

/* The direct decimal path must agree with strtoull at its edges. */
static void test_parse_uint_decimal_edges(void **state)
{
	const char *end;
	uint64_t v;

	(void)state;
	assert_int_equal(vnuma__parse_uint("999999999999999999", &v, &end), 0);
	assert_true(v == UINT64_C(999999999999999999));
	assert_int_equal(vnuma__parse_uint("18446744073709551615", &v, &end),
			 0);
	assert_true(v == UINT64_MAX);
	assert_string_equal(end, "");
	assert_int_equal(vnuma__parse_uint("18446744073709551616", &v, &end),
			 -ERANGE);
	assert_int_equal(vnuma__parse_uint("12abc", &v, &end), 0);
	assert_int_equal(v, 12);
	assert_string_equal(end, "abc");
	assert_int_equal(vnuma__parse_uint_full("12abc", &v), -EINVAL);
	assert_int_equal(vnuma__parse_uint("7", &v, &end), 0);
	assert_int_equal(v, 7);
}

static void test_bool(void **state)
{
	static const char *const yes[] = { "on", "yes", "true", "y" };
	static const char *const no[] = { "off", "no", "false", "n" };
	bool b;

	(void)state;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(vnuma__parse_bool(yes[i], &b), 0);
		assert_true(b);
		assert_int_equal(vnuma__parse_bool(no[i], &b), 0);
		assert_false(b);
	}
	/* -object ...,share=Y / ON / 1: "expects 'on' or 'off'" */
	assert_int_equal(vnuma__parse_bool("Y", &b), -EINVAL);
	assert_int_equal(vnuma__parse_bool("ON", &b), -EINVAL);
	assert_int_equal(vnuma__parse_bool("1", &b), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strtosz),
		cmocka_unit_test(test_strtosz_hex_unit),
		cmocka_unit_test(test_strtou64),
		cmocka_unit_test(test_strtoi64),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_parse_uint_decimal_edges),
		cmocka_unit_test(test_bool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
