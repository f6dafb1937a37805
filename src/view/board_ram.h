/* SPDX-License-Identifier: MIT */
/*
 * Where the board's RAM comes from. Whether QEMU 7.2 creates a backend of
 * its own for it ("pc.ram", "mach-virt.ram", ...) is decided here and
 * nowhere else: the checks made while building the topology and the
 * finished view (view.h) all ask vnuma__board_ram().
 */
#ifndef VNUMA_VIEW_BOARD_RAM_H
#define VNUMA_VIEW_BOARD_RAM_H

#include <stdbool.h>

#include "../machine/machine.h"
#include "../memory/backend.h"

enum vnuma__board_ram {
	VNUMA__BOARD_RAM_NONE,	   /* no RAM id on the board, or no RAM */
	VNUMA__BOARD_RAM_NODES,	   /* the -numa node,memdev= backends */
	VNUMA__BOARD_RAM_MACHINE,  /* -machine memory-backend=ID */
	VNUMA__BOARD_RAM_IMPLICIT, /* a backend QEMU creates itself */
};

/*
 * The source of m's RAM once the -numa options are read (have_memdevs:
 * some node has memdev=). *id (when id is not NULL) is the board's RAM
 * id, or NULL when the board has none, whatever the answer.
 */
enum vnuma__board_ram vnuma__board_ram(const char **id,
				       const struct vnuma__machine *m,
				       bool have_memdevs);

/*
 * The backend QEMU 7.2 creates for the board's RAM, as the -object
 * defaults, -mem-path, -mem-prealloc and -machine mem-merge/
 * dump-guest-core make it. Its strings point into m. Only meaningful when
 * vnuma__board_ram() answers VNUMA__BOARD_RAM_IMPLICIT.
 */
void vnuma__board_ram_backend(struct vnuma__backend *out,
			      const struct vnuma__machine *m);

#endif
