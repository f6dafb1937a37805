/* SPDX-License-Identifier: MIT */
#include "vnuma/vnuma.h"

/* The headers the library itself was built with give its version. */
const char *vnuma_version(void)
{
	return VNUMA_VERSION_STRING;
}

unsigned long vnuma_version_number(void)
{
	return VNUMA_VERSION_NUMBER;
}

bool vnuma_version_check(unsigned int major, unsigned int minor,
			 unsigned int patch)
{
	if (major != VNUMA_VERSION_MAJOR)
		return false;
	if (minor != VNUMA_VERSION_MINOR)
		return minor < VNUMA_VERSION_MINOR;
	return patch <= VNUMA_VERSION_PATCH;
}
