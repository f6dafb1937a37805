/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_LIBVIRT_INTERNAL_H
#define VNUMA_LIBVIRT_INTERNAL_H

#include <libxml/tree.h>
#include <stdint.h>

#include "../config/config_internal.h"
#include "../error_internal.h"
#include "vnuma/libvirt.h"

/*
 * libvirt 9.0's own refusals of a domain (virDomainDefParse and the QEMU
 * driver's validation at define and start time) that concern the NUMA
 * topology and memory, in libvirt's order, with its message. doc is a
 * parsed <domain>. Errors: the status each refusal's check id has.
 */
int vnuma__libvirt_check(const xmlDoc *doc, vnuma_error **err);

/*
 * The options libvirt 9.0 generates for doc's NUMA topology and memory,
 * added to cfg (doc has passed vnuma__libvirt_check()).
 */
int vnuma__libvirt_read(vnuma_config *cfg, const xmlDoc *doc,
			vnuma_error **err);

/*
 * libvirt's scaled integer: the text of element or attribute value with
 * the unit named by unit (NULL: default_unit, e.g. "KiB" for <memory>),
 * in bytes, as virScaleInteger reads it: b/bytes, k/KiB (1024), KB
 * (1000), M/MiB, MB, G/GiB, GB, T/TiB, TB, P/PiB, PB, E/EiB, EB, case
 * insensitive. Errors: VNUMA_E_SYNTAX (not a number, unknown unit),
 * VNUMA_E_RANGE (overflow), naming what.
 */
int vnuma__libvirt_scaled(uint64_t *bytes, const char *value, const char *unit,
			  const char *default_unit, const char *what,
			  vnuma_error **err);

/*
 * Sets an error located at an element of the domain: the option is the
 * element's path ("/domain/cpu/numa/cell[2]"), the key attr (NULL: the
 * element itself) and the text attr's value (or the element's content),
 * the whole of it the bad part. Returns status (the check id's).
 */
int vnuma__libvirt_error(vnuma_error **err, int status, const char *check,
			 const xmlNode *at, const char *attr, const char *fmt,
			 ...) VNUMA__PRINTF(6, 7);

#endif
