/* SPDX-License-Identifier: MIT */
/* vnuma --check-host: whether this host can realize the configuration */
#ifndef VNUMA_CLI_CHECK_HOST_H
#define VNUMA_CLI_CHECK_HOST_H

#include <stdbool.h>

#include "vnuma/vnuma.h"

/*
 * Probes root (NULL: this host), checks topo against it and prints every
 * reason (text, or the report's JSON document with "check_host" added).
 * Returns the exit status: 0 fits, 3 cannot (or a host failure).
 */
int cli_check_host_run(bool json, const char *root,
		       const vnuma_topology *topo);

#endif
