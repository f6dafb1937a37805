/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_KERNEL_LIST_H
#define VNUMA_KERNEL_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The lists the kernel prints for CPUs and nodes (sysfs cpulist,
 * node/online, /proc/self/status Mems_allowed_list): "0-3,8,10-11",
 * ranges ascending or not, ended by the string's end or a newline. One
 * parser for every stage that reads them.
 */

/* Whether s is such a list (empty included), every number <= max. */
bool vnuma__kernel_list_valid(const char *s, uint64_t max);

/*
 * The next range of s into *lo, *hi; returns where the one after it
 * starts, or NULL at the end of the list or where it is malformed.
 */
const char *vnuma__kernel_list_next(const char *s, uint64_t *lo, uint64_t *hi);

/* Whether n is in the list s (false for a malformed one from there). */
bool vnuma__kernel_list_has(const char *s, uint64_t n);

/* The highest number of a valid, non-empty list; -1 otherwise. */
int vnuma__kernel_list_max(const char *s, uint64_t *max);

/*
 * The nodes this process may allocate from: Mems_allowed_list of
 * root/proc/self/status (root "" for this system), without the newline,
 * into buf. false when it cannot be read.
 */
bool vnuma__mems_allowed(char *buf, size_t len, const char *root);

#endif
