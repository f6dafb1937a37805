/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for @FILE reading (cli/argfile.c): the input is the
 * option file's content, put in a memfd and read back through its
 * /proc/self/fd path as the tool reads any file. The harness aborts when
 * the bytes read differ from the file, when a refusal is not exit status
 * 2 or 3, or when an accepted file yields a word that is empty, holds a
 * line break, begins with a blank, or a line that names another @FILE.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "argfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct words {
	size_t n;
	bool want_first;	/* the next word starts a line */
};

static int check_word(void *ctx, const char *w)
{
	struct words *ws = ctx;

	if (!*w || strchr(w, '\n') || w[0] == ' ' || w[0] == '\t' ||
	    w[0] == '\r')
		abort();
	ws->n++;
	return 0;
}

/* Messages about the input go nowhere; sanitizer reports use fd 2. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct words ws = { 0 };
	char path[64], *buf;
	size_t len, lines = 1;
	int fd, rc;

	quiet();
	fd = memfd_create("argfile", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = cli_argfile_load(&buf, &len, path);
	close(fd);
	if (rc) {
		if (rc != 2 && rc != 3)
			abort();
		return 0;
	}
	if (len != size || memcmp(buf, data, size) || buf[len])
		abort();
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	rc = cli_argfile_split(buf, len, path, check_word, &ws);
	if (rc == 0 && (memchr(data, '\0', size) || ws.n > 2 * lines))
		abort();
	if (rc != 0 && rc != 2 && rc != 3)
		abort();
	/* Accepted: no line's first word names a file. */
	for (size_t i = 0; rc == 0 && i < size; i++) {
		size_t j = i;

		while (j < size && (data[j] == ' ' || data[j] == '\t' ||
				    data[j] == '\r'))
			j++;
		if (j < size && data[j] == '@')
			abort();
		while (i < size && data[i] != '\n')
			i++;
	}
	free(buf);
	return 0;
}
