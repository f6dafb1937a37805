/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "error_internal.h"

static void first_error_wins(void **state)
{
	vnuma_error *e = NULL;
	struct vnuma__loc loc = { "-numa", "node,nodeid=1", "nodeid", 5, 8 };

	(void)state;
	assert_int_equal(vnuma__error_set(&e, VNUMA_E_DUPLICATE, "numa.dup",
					  &loc, "Duplicate NUMA nodeid: %d", 1),
			 VNUMA_E_DUPLICATE);
	vnuma__error_set(&e, VNUMA_E_RANGE, "other", NULL, "second");
	assert_string_equal(vnuma_error_message(e), "Duplicate NUMA nodeid: 1");
	assert_string_equal(vnuma_error_check(e), "numa.dup");
	assert_string_equal(vnuma_error_option(e), "-numa");
	assert_string_equal(vnuma_error_text(e), "node,nodeid=1");
	assert_string_equal(vnuma_error_key(e), "nodeid");
	assert_int_equal(vnuma_error_offset(e), 5);
	assert_int_equal(vnuma_error_length(e), 8);
	assert_int_equal(vnuma_error_status(e), VNUMA_E_DUPLICATE);
	vnuma_error_free(e);
}

static void null_err_is_allowed(void **state)
{
	(void)state;
	assert_int_equal(vnuma__error_set(NULL, VNUMA_E_RANGE, "x", NULL, "y"),
			 VNUMA_E_RANGE);
	vnuma_error_free(NULL);
	assert_int_equal(vnuma_error_status(NULL), VNUMA_E_INVAL);
	assert_null(vnuma_error_option(NULL));
}

static void hints_accumulate(void **state)
{
	vnuma_error *e = NULL;

	(void)state;
	vnuma__error_append_hint(&e, "ignored without an error\n");
	assert_null(e);
	vnuma__error_set(&e, VNUMA_E_UNSUPPORTED, "numa.mem", NULL, "m");
	vnuma__error_append_hint(&e, "Use -numa node,memdev instead\n");
	vnuma__error_append_hint(&e, "second line\n");
	assert_string_equal(vnuma_error_hint(e),
			    "Use -numa node,memdev instead\nsecond line\n");
	vnuma_error_free(e);
}

static void errno_is_kept(void **state)
{
	vnuma_error *e = NULL;

	(void)state;
	vnuma__error_set_errno(&e, ENOENT, "host.open", NULL, "cannot open %s",
			       "/x");
	assert_int_equal(vnuma_error_errno(e), ENOENT);
	assert_int_equal(vnuma_error_status(e), VNUMA_E_HOST);
	assert_string_equal(vnuma_error_message(e),
			    "cannot open /x: No such file or directory");
	vnuma_error_free(e);
}

static void oom_object_is_static(void **state)
{
	vnuma_error *e = NULL;

	(void)state;
	assert_int_equal(vnuma__error_nomem(&e), VNUMA_E_NOMEM);
	assert_ptr_equal(e, &vnuma__error_oom);
	vnuma__error_append_hint(&e, "must not touch the static object\n");
	assert_null(vnuma_error_hint(e));
	vnuma_error_free(e); /* must not free the static object */
	assert_string_equal(vnuma_error_message(&vnuma__error_oom),
			    "out of memory");
}

static void warnings_list(void **state)
{
	struct vnuma__warnings w = { 0 };

	(void)state;
	for (int i = 0; i < 20; i++)
		assert_int_equal(vnuma__warn(&w, "w", NULL, "warning %d", i), 0);
	assert_int_equal(w.n, 20);
	assert_string_equal(vnuma_error_message(w.v[19]), "warning 19");
	assert_int_equal(vnuma_error_status(w.v[0]), VNUMA_OK);
	vnuma__warnings_fini(&w);
	assert_int_equal(w.n, 0);
}

static void status_names(void **state)
{
	(void)state;
	assert_string_equal(vnuma_status_name(VNUMA_E_SYNTAX), "syntax");
	assert_string_equal(vnuma_status_name(VNUMA_E_UNKNOWN), "unknown");
	assert_string_equal(vnuma_status_name(-99), "unrecognised-status");
}

/* No fixed buffer cuts a long message or hint (a long mem-path, say). */
static void long_messages_keep_their_tail(void **state)
{
	char path[2001];
	vnuma_error *e = NULL;
	const char *m;
	size_t n;

	(void)state;
	memset(path, 'p', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	assert_int_equal(vnuma__error_set_errno(&e, ENOENT, "host.file-open",
						NULL, "can't open %s", path),
			 VNUMA_E_HOST);
	m = vnuma_error_message(e);
	n = strlen(m);
	assert_int_equal(n, strlen("can't open ") + 2000 +
				    strlen(": No such file or directory"));
	assert_string_equal(m + n - 27, ": No such file or directory");
	vnuma__error_append_hint(&e, "%s end\n", path);
	assert_int_equal(strlen(vnuma_error_hint(e)), 2000 + 5);
	vnuma_error_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_error_wins),
		cmocka_unit_test(null_err_is_allowed),
		cmocka_unit_test(hints_accumulate),
		cmocka_unit_test(long_messages_keep_their_tail),
		cmocka_unit_test(errno_is_kept),
		cmocka_unit_test(oom_object_is_static),
		cmocka_unit_test(warnings_list),
		cmocka_unit_test(status_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
