/* SPDX-License-Identifier: MIT */
/*
 * @FILE: QEMU options read from a file. The file is whatever the user
 * names, so it is read as hostile: bounded, regular, text.
 */
#include "argfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

/* at: "@" before an option file's name, "" before a domain XML's */
static int file_error(const char *at, const char *path, int err)
{
	if (err == ENOMEM)
		return cli_oom();
	return cli_fail(EXIT_USAGE, "cli.argfile", "%s%s: %s", at, path,
			strerror(err));
}

/*
 * O_NONBLOCK: opening a FIFO without a writer must not hang; the file
 * type is checked on the open descriptor, so it cannot change between
 * check and read.
 */
static int open_regular(const char *at, const char *path, int *fd_out)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return file_error(at, path, errno);
	if (fstat(fd, &st)) {
		int err = errno;

		close(fd);
		return file_error(at, path, err);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return cli_fail(EXIT_USAGE, "cli.argfile",
				"%s%s: not a regular file (%s)", at, path,
				S_ISDIR(st.st_mode)  ? "a directory" :
				S_ISFIFO(st.st_mode) ? "a FIFO" :
				S_ISCHR(st.st_mode)  ? "a character device" :
				S_ISBLK(st.st_mode)  ? "a block device" :
				S_ISSOCK(st.st_mode) ? "a socket" :
						       "not a file");
	}
	if ((unsigned long long)st.st_size > CLI_ARGFILE_MAX_BYTES) {
		close(fd);
		return cli_fail(EXIT_USAGE, "cli.argfile-size",
				"%s%s: larger than %zu MiB", at, path,
				CLI_ARGFILE_MAX_BYTES >> 20);
	}
	*fd_out = fd;
	return 0;
}

static int load(char **buf, size_t *len, const char *at, const char *path)
{
	size_t cap = 1 << 16, n = 0;
	char *b = NULL, *grown;
	int fd = -1, rc = open_regular(at, path, &fd);

	*buf = NULL;
	*len = 0;
	if (rc)
		return rc;
	for (;;) {
		ssize_t got;

		if (!b || n + 1 >= cap) {
			if (b)
				cap *= 2;
			grown = realloc(b, cap);
			if (!grown) {
				rc = cli_oom();
				break;
			}
			b = grown;
		}
		got = read(fd, b + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = file_error(at, path, errno);
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		/* The file may have grown since fstat: the limit holds. */
		if (n > CLI_ARGFILE_MAX_BYTES) {
			rc = cli_fail(EXIT_USAGE, "cli.argfile-size",
				      "%s%s: larger than %zu MiB", at, path,
				      CLI_ARGFILE_MAX_BYTES >> 20);
			break;
		}
	}
	close(fd);
	if (rc) {
		free(b);
		return rc;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int cli_argfile_load(char **buf, size_t *len, const char *path)
{
	return load(buf, len, "@", path);
}

int cli_file_load(char **buf, size_t *len, const char *path)
{
	return load(buf, len, "", path);
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

int cli_argfile_split(char *buf, size_t len, const char *path,
		      int (*push)(void *ctx, const char *word), void *ctx)
{
	size_t lineno = 0;
	char *line, *next;

	/* A NUL would end a word early and drop the rest silently. */
	if (memchr(buf, '\0', len)) {
		size_t at = (size_t)((char *)memchr(buf, '\0', len) - buf);

		for (size_t i = 0; i < at; i++)
			lineno += buf[i] == '\n';
		return cli_fail(EXIT_USAGE, "cli.argfile-nul",
				"@%s:%zu: NUL byte (an option file is text)",
				path, lineno + 1);
	}
	for (line = buf; line < buf + len; line = next) {
		char *p = line, *end, *word_end, *arg;

		lineno++;
		next = memchr(line, '\n', (size_t)(buf + len - line));
		end = next ? next : buf + len;
		next = next ? next + 1 : buf + len;
		if ((size_t)(end - line) > CLI_ARGFILE_MAX_LINE)
			return cli_fail(EXIT_USAGE, "cli.argfile-line",
					"@%s:%zu: line longer than %zu bytes",
					path, lineno, CLI_ARGFILE_MAX_LINE);
		while (p < end && is_space(*p))
			p++;
		while (end > p && is_space(end[-1]))
			end--;
		if (p == end || *p == '#')
			continue;
		if (*p == '@')
			return cli_fail(EXIT_USAGE, "cli.argfile-nested",
					"@%s:%zu: an option file cannot read "
					"another (@FILE does not nest)",
					path, lineno);
		*end = '\0';
		word_end = p;
		while (word_end < end && !is_space(*word_end))
			word_end++;
		arg = word_end;
		while (arg < end && is_space(*arg))
			arg++;
		*word_end = '\0';
		if (push(ctx, p) || (arg < end && push(ctx, arg)))
			return cli_oom();
	}
	return 0;
}
