/* SPDX-License-Identifier: MIT */
/* every public header, and the library's version */
#ifndef VNUMA_H
#define VNUMA_H

#include "acpi.h"
#include "builder.h"
#include "config.h"
#include "error.h"
#include "fdt.h"
#include "host.h"
#include "layout.h"
#include "report.h"
#include "topology.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version string, e.g. "0.1.0". */
const char *vnuma_version(void);

#ifdef __cplusplus
}
#endif
#endif
