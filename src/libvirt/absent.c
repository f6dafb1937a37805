// SPDX-License-Identifier: MIT
/*
 * The libvirt entry points of a build without libxml2: each fails with
 * libvirt.absent. Only the static vnuma made for the guest tests
 * (tests/meson.build) uses this file in place of the rest of
 * src/libvirt/, since Debian's static libxml2 drags in 30 MiB of ICU
 * data; the library and the installed tool always read and write
 * domain XML.
 */
#include <stdlib.h>

#include "vnuma/libvirt.h"

#include "../error_internal.h"

int vnuma_config_add_libvirt_xml(vnuma_config *cfg, const char *xml,
				 size_t len, unsigned int flags,
				 vnuma_error **err)
{
	return vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "libvirt.absent",
				NULL,
				"this vnuma was built without libvirt XML");
}

int vnuma_libvirt_xml_write(char **out, const vnuma_topology *t,
			    unsigned int flags, vnuma_error **err)
{
	if (out)
		*out = NULL;
	return vnuma__error_set(err, VNUMA_E_UNSUPPORTED, "libvirt.absent",
				NULL,
				"this vnuma was built without libvirt XML");
}

int vnuma_libvirt_xml_write_pinned(char **out, const vnuma_topology *t,
				   const unsigned int *host_cpus, size_t n,
				   unsigned int flags, vnuma_error **err)
{
	return vnuma_libvirt_xml_write(out, t, flags, err);
}
