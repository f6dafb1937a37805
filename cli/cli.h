/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_CLI_H
#define VNUMA_CLI_CLI_H

/*
 * The whole tool, callable more than once in one process (the fuzz
 * harness does): reads argv as the vnuma command does, writes stdout and
 * stderr, returns the exit status. Everything it allocates is freed.
 */
int cli_main(int argc, char **argv);

#endif
