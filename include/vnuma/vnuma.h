/* SPDX-License-Identifier: MIT */
/* every public header, and the library's version */
#ifndef VNUMA_H
#define VNUMA_H

#include <stdbool.h>

#include "acpi.h"
#include "builder.h"
#include "config.h"
#include "error.h"
#include "fdt.h"
#include "host.h"
#include "hostinfo.h"
#include "layout.h"
#include "libvirt.h"
#include "plan.h"
#include "preflight.h"
#include "report.h"
#include "topology.h"
#include "vnuma/version.h" /* generated: found through the include path */

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The running library's version string, e.g. "0.1.0" (VNUMA_VERSION_STRING
 * is the one of the headers a program was compiled with). A static string.
 */
const char *vnuma_version(void);
/*
 * The running library's version as a number, VNUMA_VERSION_NUMBER's
 * encoding: major << 16 | minor << 8 | patch.
 */
unsigned long vnuma_version_number(void);
/*
 * True when the running library can serve a program built against the
 * headers of version major.minor.patch: the same major version, and a
 * minor.patch at least as recent (a later library fills the structs of an
 * earlier program, see VNUMA_INFO_INIT; an earlier library lacks what a
 * later program may call). VNUMA_CHECK_VERSION() asks it for the headers
 * the program was compiled with:
 *
 *	if (!VNUMA_CHECK_VERSION())
 *		fail("libvnuma %s is older than %s", vnuma_version(),
 *		     VNUMA_VERSION_STRING);
 */
bool vnuma_version_check(unsigned int major, unsigned int minor,
			 unsigned int patch);
#define VNUMA_CHECK_VERSION()                                         \
	vnuma_version_check(VNUMA_VERSION_MAJOR, VNUMA_VERSION_MINOR, \
			    VNUMA_VERSION_PATCH)

#ifdef __cplusplus
}
#endif
#endif
