/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_REALIZE_H
#define VNUMA_CLI_REALIZE_H

#include <stdbool.h>

#include "vnuma/vnuma.h"

/* --realize, --hold, --progress (and --json for the output form) */
struct cli_realize {
	bool on, hold, json;
	int progress; /* enum cli_progress_mode */
};

/* cli_realize_run's answer when --realize was not asked for. */
#define CLI_REALIZE_CONTINUE (-1)

/*
 * Realizes t's memory on this host, prints its regions, placement and
 * timing (text or JSON on stdout; progress on stderr when it is a
 * terminal or --progress asks for it), then releases it, after SIGINT
 * or SIGTERM with --hold.
 * Returns CLI_REALIZE_CONTINUE without --realize, else the exit status:
 * 0, 1 for a configuration the host stage refuses (readonly=on with
 * prealloc=on), 2 for --hold without --realize, 3 when the host fails
 * (the message carries errno's text).
 */
int cli_realize_run(const struct cli_realize *r, const vnuma_topology *t);

#endif
