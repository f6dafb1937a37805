/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_ARGFILE_H
#define VNUMA_CLI_ARGFILE_H

#include <stddef.h>

/* Limits doc/vnuma.1 states: an option file and one line in it. */
#define CLI_ARGFILE_MAX_BYTES ((size_t)64 << 20)
#define CLI_ARGFILE_MAX_LINE ((size_t)1 << 20)

/*
 * Reads the option file path into *buf (malloc'd, NUL-terminated, *len
 * bytes before the NUL). Only a regular file of at most
 * CLI_ARGFILE_MAX_BYTES is read: a directory, FIFO, socket or device
 * (/dev/zero, a terminal) is refused without blocking. Returns 0, or the
 * exit status (2, 3 when memory runs out) with the message printed.
 */
int cli_argfile_load(char **buf, size_t *len, const char *path);
/* The same for a file named as itself (--libvirt's domain XML). */
int cli_file_load(char **buf, size_t *len, const char *path);

/*
 * Cuts buf (len bytes, NUL at buf[len]) in place into options: one per
 * line, its argument after the first blank, '#' starts a comment line.
 * Each word goes to push(ctx, word), which returns nonzero when out of
 * memory. A NUL byte, a line longer than CLI_ARGFILE_MAX_LINE or a line
 * naming another @FILE is refused (option files do not nest). Returns 0
 * or the exit status, the message printed with path and line number.
 */
int cli_argfile_split(char *buf, size_t len, const char *path,
		      int (*push)(void *ctx, const char *word), void *ctx);

#endif
