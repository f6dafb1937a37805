/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CHECK_IDS_H
#define VNUMA_CHECK_IDS_H

#include <stddef.h>

/* A stable check id and the one status an error with it carries. */
struct vnuma__check {
	const char *id; /* "numa.duplicate-nodeid" */
	int status;	/* VNUMA_E_*; VNUMA_OK for a warning's id */
};

/* The whole table, sorted by id; *n is set to its length. */
const struct vnuma__check *vnuma__checks(size_t *n);
/* The entry for id, or NULL when the table has none (or id is NULL). */
const struct vnuma__check *vnuma__check_find(const char *id);

#endif
