/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_DIAG_H
#define VNUMA_CLI_DIAG_H

#include <stdbool.h>

#include "vnuma/vnuma.h"

enum cli_exit_code {
	EXIT_ACCEPTED = 0,
	EXIT_REJECTED = 1,
	EXIT_USAGE = 2,
	EXIT_HOST = 3,
};

/*
 * Prints a diagnostic in QEMU's form ("vnuma: -numa node,nodeid=1:
 * Duplicate NUMA nodeid: 1"), warning: marked as such, then its hint.
 */
void cli_print_diag(const vnuma_error *e, bool warning);
/* The exit status for a library status: host and memory failures are 3. */
int cli_status_exit(int status);
/*
 * Reports e (the warnings it carries first; with json, the error document
 * on stdout too), frees it and returns the exit status.
 */
int cli_reject(bool json, vnuma_error *e);

#endif
