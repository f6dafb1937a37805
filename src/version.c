/* SPDX-License-Identifier: MIT */
#include "vnuma/vnuma.h"

const char *vnuma_version(void)
{
	return "0.1.0";
}
