/* SPDX-License-Identifier: MIT */
/* vnuma plan: a guest topology that mirrors the host's */
#ifndef VNUMA_CLI_PLAN_H
#define VNUMA_CLI_PLAN_H

/*
 * The plan subcommand; argv[0] is "plan". Prints the plan as @FILE
 * options, JSON or libvirt XML; returns the exit status.
 */
int cli_plan_main(int argc, char **argv);

#endif
