/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for vnuma_config_add_argv(): the input is a command
 * line, one word per line (a NUL also ends a word). It is read without and
 * with VNUMA_ARGV_IGNORE_UNKNOWN, then given meaning by
 * vnuma_topology_new(). The library must never crash, leak, or break its
 * error contract; the harness aborts when it does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "vnuma/vnuma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 256

/* Splits a copy of data into at most MAX_WORDS words. */
static int split(char *buf, size_t size, const char **words)
{
	int n = 0;
	size_t start = 0;

	for (size_t i = 0; i <= size && n < MAX_WORDS; i++) {
		if (i < size && buf[i] != '\n' && buf[i] != '\0')
			continue;
		if (i < size)
			buf[i] = '\0';
		if (i > start || i < size)
			words[n++] = buf + start;
		start = i + 1;
	}
	return n;
}

static int run(int argc, const char **argv, unsigned int flags)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	int rc;

	if (vnuma_config_new(&cfg, NULL, &e))
		abort();
	rc = vnuma_config_add_argv(cfg, argc, argv, flags, &e);
	check_contract(rc, e);
	/*
	 * Without IGNORE_UNKNOWN nothing is skipped, so no warning says so
	 * (syntax deprecation warnings may still come).
	 */
	for (size_t i = 0; !(flags & VNUMA_ARGV_IGNORE_UNKNOWN) &&
			   i < vnuma_config_warning_count(cfg); i++)
		if (!strcmp(vnuma_error_check(vnuma_config_warning(cfg, i)),
			    "cli.ignored-option"))
			abort();
	/* With it, an option vnuma does not handle is never an error. */
	if ((flags & VNUMA_ARGV_IGNORE_UNKNOWN) && e &&
	    !strcmp(vnuma_error_check(e), "cli.unhandled-option"))
		abort();
	for (size_t i = 0; i < vnuma_config_warning_count(cfg); i++)
		if (!vnuma_config_warning(cfg, i))
			abort();
	if (!rc) {
		/* Other stages may be unfinished: only the contract counts. */
		int trc = vnuma_topology_new(&t, cfg, &e);

		check_contract(trc, e);
		vnuma_topology_free(t);
	}
	vnuma_error_free(e);
	vnuma_config_free(cfg);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *words[MAX_WORDS];
	char *buf;
	int argc, strict, lenient;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argc = split(buf, size, words);
	strict = run(argc, words, 0);
	lenient = run(argc, words, VNUMA_ARGV_IGNORE_UNKNOWN);
	/* Ignoring unknown options can only turn a rejection into success. */
	if (!strict && lenient)
		abort();
	free(buf);
	return 0;
}
