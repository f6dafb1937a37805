/* SPDX-License-Identifier: MIT */
/*
 * The System Locality Information Table (revision 1): the number of
 * localities and the completed distance matrix, row by row, as QEMU
 * 7.2's build_slit writes it when -numa dist was given.
 */
#include "acpi_table.h"

int vnuma_acpi_slit(void *buf, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_acpi_ids *ids,
		    vnuma_error **err)
{
	struct vnuma__acpi_buf b;
	uint32_t n;
	int rc = vnuma__acpi_begin(&b, buf, cap, len, t, VNUMA_ACPI_SLIT, 1,
				   ids, err);

	if (rc)
		return rc;
	n = vnuma_topology_node_count(t);
	vnuma__acpi_put(&b, n, 8);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < n; j++) {
			uint8_t d = 0;

			vnuma_topology_distance(&d, t, i, j);
			vnuma__acpi_put(&b, d, 1);
		}
	return vnuma__acpi_end(&b, len, err);
}
