/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_ACPI_OUT_H
#define VNUMA_CLI_ACPI_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "vnuma/vnuma.h"

/* --acpi DIR and the header overrides (--acpi-oem-id ID, ...). */
struct cli_acpi {
	const char *dir;
	const char *oem_id, *oem_table_id, *creator_id;
	bool has_oem_revision, has_creator_revision;
	uint32_t oem_revision, creator_revision;
};

/*
 * Takes one of the --acpi* options (name as in the option table) and
 * its value. Returns 0, or 2 (usage error, message printed) for an id
 * longer than its header field or not printable ASCII, or a revision
 * that is not a 32-bit number in cli_parse_uint's grammar.
 */
int cli_acpi_option(struct cli_acpi *a, const char *name, const char *val);

/* cli_acpi_run's answer when the report is to be printed as usual. */
#define CLI_ACPI_CONTINUE (-1)

/*
 * Writes DIR/SRAT, DIR/SLIT and DIR/HMAT for an accepted topology: the
 * tables QEMU 7.2 would give the guest (vnuma_acpi_tables), each
 * complete with header and checksum. DIR is created if missing; a table
 * file the topology does not have is removed, so that DIR never mixes
 * two configurations. All tables are written under temporary names in
 * DIR, then renamed: a failure to build or write one leaves DIR as it
 * was, and a table name that is a symlink or not a regular file is
 * refused before anything is written. Returns CLI_ACPI_CONTINUE (also
 * without --acpi), else the exit status: 2 for an override without
 * --acpi, 3 when a file cannot be written (the message carries errno's
 * text), 1 when the library refuses. Messages go to stderr; nothing
 * goes to stdout.
 */
int cli_acpi_run(const struct cli_acpi *a, const vnuma_topology *t);

#endif
