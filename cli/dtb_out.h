/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_DTB_OUT_H
#define VNUMA_CLI_DTB_OUT_H

#include <stdbool.h>

#include "vnuma/vnuma.h"

/* --dtb-in FILE, --dtb-out FILE, --dts */
struct cli_dtb {
	const char *in, *out;
	bool dts;
};

/* cli_dtb_run's answer when the report is to be printed as usual. */
#define CLI_DTB_CONTINUE (-1)

/*
 * Writes --dtb-out (from --dtb-in) and prints --dts for an accepted
 * topology. Returns CLI_DTB_CONTINUE when the report comes next (nothing
 * asked, or only --dtb-out), else the exit status: 0 after --dts (which
 * replaces the report), 2 for a usage error (--dtb-out without --dtb-in
 * or the reverse, a machine without a device tree), 3 when a file cannot
 * be read or written, 1 when the DTB does not fit the configuration.
 * Messages go to stderr.
 */
int cli_dtb_run(const struct cli_dtb *d, const vnuma_topology *t);

#endif
