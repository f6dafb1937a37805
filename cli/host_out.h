/* SPDX-License-Identifier: MIT */
/* vnuma --host: the host's nodes and this process's limits */
#ifndef VNUMA_CLI_HOST_OUT_H
#define VNUMA_CLI_HOST_OUT_H

#include <stdbool.h>

/* Probes root (NULL: this host) and prints it; returns the exit status. */
int cli_host_run(bool json, const char *root);

#endif
