/* SPDX-License-Identifier: MIT */
/*
 * The machine's RAM backend: -machine memory-backend=ID, or the one QEMU
 * 7.2 creates itself under the board's default id ("pc.ram",
 * "mach-virt.ram", "ram"). QEMU looks the named backend up right after it
 * creates the backends, before -numa (qemu_resolve_machine_memdev), and
 * checks sizes and the reserved id when the board is initialised, before
 * NUMA completion (machine_run_board_init). Neither names an option.
 */
#include "backend.h"
#include "../view/board_ram.h"

#include <string.h>

/* object_resolve_path_type(): "ID" or its full path "/objects/ID". */
static struct vnuma__backend *lookup(struct vnuma__backends *b,
				     const char *path)
{
	if (!strncmp(path, "/objects/", 9))
		path += 9;
	return strchr(path, '/') ? NULL : vnuma__backend_find(b, path);
}

int vnuma__ram_backend_resolve(struct vnuma__machine *m,
			       struct vnuma__backends *b, vnuma_error **err)
{
	struct vnuma__backend *be;

	if (!m || !b)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"machine and backends must not be "
					"NULL");
	if (!m->memory_backend)
		return VNUMA_OK;
	be = lookup(b, m->memory_backend);
	if (!be)
		return vnuma__error_set(err, VNUMA_E_UNKNOWN,
					"machine.memory-backend-unknown", NULL,
					"Memory backend '%s' not found",
					m->memory_backend);
	/* Without -m size the backend sizes RAM; maxmem is not rechecked. */
	if (!m->ram_size_given)
		m->ram_size = be->size;
	return VNUMA_OK;
}

int vnuma__ram_backend_check(const struct vnuma__machine *m,
			     struct vnuma__backends *b, bool have_memdevs,
			     vnuma_error **err)
{
	const char *id;
	struct vnuma__backend *be;

	if (!m || !m->profile || !b)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"machine and backends must not be "
					"NULL");
	if (m->memory_backend) {
		be = lookup(b, m->memory_backend);
		if (!be || be->size != m->ram_size)
			return vnuma__error_set(
				err, VNUMA_E_CONFLICT,
				"machine.memory-backend-size", NULL,
				"Machine memory size does not match the size "
				"of the memory backend");
		/* The board maps it: no node or DIMM may take it too. */
		be->used = true;
		return VNUMA_OK;
	}
	/* Only a backend QEMU would create takes the name. */
	if (vnuma__board_ram(&id, m, have_memdevs) !=
		    VNUMA__BOARD_RAM_IMPLICIT ||
	    !vnuma__backend_find(b, id))
		return VNUMA_OK;
	return vnuma__error_set(err, VNUMA_E_CONFLICT,
				"machine.ram-id-reserved", NULL,
				"object name '%s' is reserved for the default "
				"RAM backend, it can't be used for any other "
				"purposes. Change the object's 'id' to "
				"something else",
				id);
}
