/* SPDX-License-Identifier: MIT */
#include "abi.h"

#include <string.h>

#include "vnuma/error.h"

int vnuma__abi_fill(void *out, const void *full, size_t full_size,
		    size_t min_size)
{
	size_t caller;

	if (!out)
		return VNUMA_E_INVAL;
	/* The caller's struct may be unaligned for all the library knows. */
	memcpy(&caller, out, sizeof(caller));
	if (caller < min_size)
		return VNUMA_E_INVAL;
	memcpy(out, full, caller < full_size ? caller : full_size);
	memcpy(out, &caller, sizeof(caller));
	return VNUMA_OK;
}
