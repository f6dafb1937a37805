/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_NUM_H
#define VNUMA_CLI_NUM_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The one grammar of the tool's numeric flags (--max-nodes,
 * --acpi-*-revision), as doc/vnuma.1 states it: decimal digits without a
 * leading zero ("0" itself is fine), or "0x"/"0X" and hexadecimal digits;
 * no sign, no blank, nothing after. "010" is refused, not read as octal
 * (QEMU's options would) or decimal: either reading surprises someone.
 * Returns false when s is not such a number or exceeds max.
 */
bool cli_parse_uint(uint64_t *out, const char *s, uint64_t max);

#endif
