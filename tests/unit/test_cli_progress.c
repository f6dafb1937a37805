/* SPDX-License-Identifier: MIT */
/*
 * The progress display of vnuma --realize (cli/progress.c): the rate and
 * the time left from given bytes and times (no clock), the line they
 * make, and the display driven as the library drives it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/progress.h"

#define MiB ((uint64_t)1 << 20)
#define GiB (MiB << 10)
#define SEC UINT64_C(1000000000)

static void rate_and_left(void **state)
{
	(void)state;
	assert_true(cli_progress_rate(0, 0) == 0);
	assert_true(cli_progress_rate(GiB, 0) == 0);
	assert_true(cli_progress_rate(GiB, 2 * SEC) == (double)GiB / 2);
	assert_true(cli_progress_rate(3 * MiB, SEC / 2) == 6.0 * MiB);
	/* 1 GiB left at 512 MiB/s: 2 s */
	assert_true(cli_progress_left(GiB, 2 * GiB, 512.0 * MiB) == 2);
	assert_true(cli_progress_left(0, GiB, 0) == -1);
	assert_true(cli_progress_left(GiB, GiB, 0) == 0);
	assert_true(cli_progress_left(2 * GiB, GiB, 1) == 0);
}

static void expect_bytes(double v, const char *want)
{
	char buf[32];

	cli_progress_bytes(buf, sizeof(buf), v);
	assert_string_equal(buf, want);
}

static void bytes(void **state)
{
	(void)state;
	expect_bytes(0, "0 B");
	expect_bytes(1023, "1023 B");
	expect_bytes(1024, "1.0 KiB");
	expect_bytes(1536, "1.5 KiB");
	expect_bytes(1024 * 1023.9, "1023.9 KiB");
	/* would round to 1024.0 KiB: the next unit */
	expect_bytes(1024 * 1023.96, "1.0 MiB");
	expect_bytes((double)(3 * GiB / 2), "1.5 GiB");
	expect_bytes((double)(GiB << 10), "1.0 TiB");
	/* past the last unit: it stays there */
	expect_bytes(1180591620717411303424.0, "1024.0 EiB");
}

static void expect_line(const char *label, uint64_t done, uint64_t total,
			uint64_t ns, const char *want)
{
	char buf[256];
	int n = cli_progress_line(buf, sizeof(buf), label, done, total, ns);

	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(buf, want);
}

static void lines(void **state)
{
	(void)state;
	/* A deterministic clock: 1 s for 256 MiB of 1 GiB. */
	expect_line(NULL, 256 * MiB, GiB, SEC,
		    "populating: 256.0 MiB of 1.0 GiB (25%), 256.0 MiB/s, "
		    "3.0 s left");
	expect_line("populating m0", 0, GiB, 0,
		    "populating m0: 0 B of 1.0 GiB (0%), 0 B/s, ? left");
	expect_line(NULL, GiB, GiB, 4 * SEC,
		    "populating: 1.0 GiB of 1.0 GiB (100%), 256.0 MiB/s, "
		    "done in 4.0 s");
	/* minutes and hours left */
	expect_line(NULL, MiB, 101 * MiB, SEC,
		    "populating: 1.0 MiB of 101.0 MiB (0%), 1.0 MiB/s, "
		    "1:40 left");
	expect_line(NULL, MiB, 3602 * MiB, SEC,
		    "populating: 1.0 MiB of 3.5 GiB (0%), 1.0 MiB/s, "
		    "1:00:01 left");
	expect_line(NULL, 99, 100, SEC,
		    "populating: 99 B of 100 B (99%), 99 B/s, 0.0 s left");
	/* nothing to do is done */
	expect_line(NULL, 0, 0, 0,
		    "populating: 0 B of 0 B (100%), 0 B/s, done in 0.0 s");
}

/* What the display wrote, as the library drives it, not a terminal. */
static void display(void **state)
{
	struct cli_progress p = { 0 };
	char *text = NULL, *at, id[8], id2[8];
	size_t len = 0;

	(void)state;
	p.out = open_memstream(&text, &len);
	assert_non_null(p.out);
	p.per_backend = true;
	/* the ids are valid during the call only: the display copies them
	 * (here overwritten after each call) */
	strcpy(id, "b");
	cli_progress_block(1, id, 64 * MiB, 128 * MiB, 96 * MiB, 192 * MiB,
			   &p);
	strcpy(id, "X");
	strcpy(id2, "a");
	cli_progress_block(0, id2, 32 * MiB, 64 * MiB, 96 * MiB, 192 * MiB,
			   &p);
	strcpy(id2, "Y");
	cli_progress_total(96 * MiB, 192 * MiB, &p);
	/* only b moved */
	cli_progress_block(1, "b", 96 * MiB, 128 * MiB, 128 * MiB, 192 * MiB,
			   &p);
	cli_progress_total(128 * MiB, 192 * MiB, &p);
	cli_progress_block(0, "a", 64 * MiB, 64 * MiB, 192 * MiB, 192 * MiB,
			   &p);
	cli_progress_block(1, "b", 128 * MiB, 128 * MiB, 192 * MiB,
			   192 * MiB, &p);
	cli_progress_total(192 * MiB, 192 * MiB, &p);
	fclose(p.out);
	cli_progress_fini(&p);
	at = text;
	static const char *const want[] = {
		"populating a: 32.0 MiB of 64.0 MiB (50%)",
		"populating b: 64.0 MiB of 128.0 MiB (50%)",
		"populating: 96.0 MiB of 192.0 MiB (50%)",
		"populating b: 96.0 MiB of 128.0 MiB (75%)",
		"populating: 128.0 MiB of 192.0 MiB (66%)",
		"populating a: 64.0 MiB of 64.0 MiB (100%)",
		"populating b: 128.0 MiB of 128.0 MiB (100%)",
		"populating: 192.0 MiB of 192.0 MiB (100%)",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char *nl = strchr(at, '\n');

		assert_non_null(nl);
		assert_memory_equal(at, want[i], strlen(want[i]));
		at = nl + 1;
	}
	assert_string_equal(at, "");
	free(text);
}

static uint64_t fake_ns;

static uint64_t fake_now(void)
{
	return fake_ns;
}

/*
 * The rate counts from the first callback, (0, total) as populating
 * begins, not from before realizing (mapping and checks take time too).
 */
static void clock_starts_with_populating(void **state)
{
	struct cli_progress p = { .now = fake_now };
	char *text = NULL;
	size_t len = 0;

	(void)state;
	p.out = open_memstream(&text, &len);
	assert_non_null(p.out);
	fake_ns = 5000000000u; /* 5 s of mapping and checks went before */
	cli_progress_total(0, 200 * MiB, &p);
	fake_ns = 6000000000u;
	cli_progress_total(100 * MiB, 200 * MiB, &p);
	fake_ns = 7000000000u;
	cli_progress_total(200 * MiB, 200 * MiB, &p);
	fclose(p.out);
	cli_progress_fini(&p);
	/* the start draws nothing; 100 MiB in 1 s, not in 6 */
	assert_string_equal(text,
			    "populating: 100.0 MiB of 200.0 MiB (50%), "
			    "100.0 MiB/s, 1.0 s left\n"
			    "populating: 200.0 MiB of 200.0 MiB (100%), "
			    "100.0 MiB/s, done in 2.0 s\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_and_left),
		cmocka_unit_test(bytes),
		cmocka_unit_test(lines),
		cmocka_unit_test(display),
		cmocka_unit_test(clock_starts_with_populating),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
