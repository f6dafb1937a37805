// SPDX-License-Identifier: MIT
/* The QEMU options libvirt 9.0 generates for a domain's NUMA topology. */
#include "libvirt_internal.h"

int vnuma__libvirt_read(vnuma_config *cfg, const xmlDoc *doc,
			vnuma_error **err)
{
	(void)cfg;
	(void)doc;
	return vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "libvirt.unread",
				NULL, "domain XML not read yet");
}
