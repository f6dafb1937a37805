/* SPDX-License-Identifier: MIT */
/*
 * What every harness asserts of the library's answers: the error
 * contract, and JSON that is exactly one object. A breach aborts, which
 * libFuzzer reports as a finding.
 */
#ifndef VNUMA_FUZZ_CONTRACT_H
#define VNUMA_FUZZ_CONTRACT_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "vnuma/vnuma.h"

#define CHECK(cond)             \
	do {                    \
		if (!(cond))    \
			abort(); \
	} while (0)

/* An error is set exactly when the status says so, and agrees with it. */
static inline void check_contract(int rc, const vnuma_error *e)
{
	CHECK((rc == VNUMA_OK) == (e == NULL));
	if (!e)
		return;
	CHECK(vnuma_error_status(e) == rc);
	CHECK(vnuma_error_message(e) && vnuma_error_check(e));
}

/* Exactly one JSON object, the whole string, ending in a newline. */
static inline void check_json(const char *s)
{
	json_error_t je;
	json_t *j;

	CHECK(s && *s && s[strlen(s) - 1] == '\n');
	j = json_loads(s, JSON_REJECT_DUPLICATES, &je);
	CHECK(j && json_is_object(j));
	json_decref(j);
}

#endif
