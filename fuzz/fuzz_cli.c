/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the vnuma command as a whole: the input is an
 * option file, run as "vnuma @FILE" and "vnuma --json @FILE" through
 * cli_main() with stdout captured. It aborts when the exit status is not
 * 0 to 3; when with --json stdout is not exactly one JSON object (with
 * "error" exactly when the status is not 0); when both runs fail with
 * different statuses; or when the text output holds a raw ESC or BEL
 * (control characters must reach the terminal escaped).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void)
{
	static bool done;
	FILE *null;

	if (done)
		return;
	done = true;
	null = fopen("/dev/null", "w");
	if (null)
		stderr = null;
}

/* Runs the tool with stdout in a memory buffer (*out, *len). */
static int run(const char *path, bool json, char **out, size_t *len)
{
	char arg[80];
	char *argv[] = { "vnuma", json ? "--json" : arg, arg, NULL };
	FILE *saved = stdout, *mem = open_memstream(out, len);
	int code;

	if (!mem)
		abort();
	snprintf(arg, sizeof(arg), "@%s", path);
	stdout = mem;
	code = cli_main(json ? 3 : 2, argv);
	stdout = saved;
	fclose(mem);
	return code;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], *text = NULL, *js = NULL;
	size_t text_len = 0, js_len = 0;
	int fd, text_code, json_code;
	json_error_t jerr;
	json_t *doc;

	if (size > 65536)
		return 0;
	quiet();
	fd = memfd_create("cli", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	text_code = run(path, false, &text, &text_len);
	json_code = run(path, true, &js, &js_len);
	close(fd);
	if (text_code < 0 || text_code > 3 || json_code < 0 || json_code > 3)
		abort();
	if (memchr(text, '\033', text_len) || memchr(text, '\a', text_len))
		abort();
	/* json_loadb refuses anything after the first value. */
	doc = json_loadb(js, js_len, 0, &jerr);
	if (!doc || !json_is_object(doc))
		abort();
	if (!json_object_get(doc, "error") != (json_code == 0))
		abort();
	if (text_code && json_code && text_code != json_code)
		abort();
	json_decref(doc);
	free(text);
	free(js);
	return 0;
}
