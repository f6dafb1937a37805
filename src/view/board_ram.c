/* SPDX-License-Identifier: MIT */
#include "board_ram.h"

#include <string.h>

/*
 * QEMU 7.2 gives the board the RAM of the -numa node,memdev= backends
 * when some node has one (only on a board that names its RAM), else
 * -machine memory-backend's; without either it creates a backend named
 * after the board's RAM id, when there is RAM to back.
 */
enum vnuma__board_ram vnuma__board_ram(const char **id,
				       const struct vnuma__machine *m,
				       bool have_memdevs)
{
	const char *ram_id = m->profile ? m->profile->default_ram_id : NULL;

	if (id)
		*id = ram_id;
	if (!ram_id)
		return VNUMA__BOARD_RAM_NONE;
	if (have_memdevs)
		return VNUMA__BOARD_RAM_NODES;
	if (m->memory_backend)
		return VNUMA__BOARD_RAM_MACHINE;
	if (!m->ram_size)
		return VNUMA__BOARD_RAM_NONE;
	return VNUMA__BOARD_RAM_IMPLICIT;
}

void vnuma__board_ram_backend(struct vnuma__backend *out,
			      const struct vnuma__machine *m)
{
	const char *id;

	memset(out, 0, sizeof(*out));
	vnuma__board_ram(&id, m, false);
	out->id = (char *)id;
	out->kind = m->mem_path ? VNUMA__BACKEND_FILE : VNUMA__BACKEND_RAM;
	out->size = m->ram_size;
	out->merge = vnuma__machine_bool(m, "mem-merge", true);
	out->dump = vnuma__machine_bool(m, "dump-guest-core", true);
	out->reserve = true;
	/* -mem-prealloc is a global property: prealloc=on, every CPU. */
	out->prealloc = m->mem_prealloc;
	out->prealloc_threads = m->smp.cpus ? m->smp.cpus : 1;
	out->policy = VNUMA__POLICY_DEFAULT;
	out->mem_path = m->mem_path;
	out->used = true;
}
