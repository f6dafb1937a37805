/* SPDX-License-Identifier: MIT */
/* The errors of a preallocation that failed. */
#include <errno.h>

#include "prealloc_job.h"

int vnuma__prealloc_report(const struct job *j, vnuma_error **err)
{
	const struct vnuma__prealloc_region *r = &j->r[j->fail_region];
	const char *name = r->name ? r->name : "?";
	int rc;

	if (j->fail_errno == ECANCELED && !j->fail_sigbus)
		return vnuma__error_set(err, VNUMA_E_HOST,
					"host.prealloc-cancelled", NULL,
					"memory backend '%s': preallocation "
					"cancelled",
					name);
	if (j->fail_sigbus) {
		rc = vnuma__error_set_errno(err, j->fail_errno,
					    "host.prealloc-sigbus", NULL,
					    "memory backend '%s': "
					    "preallocating memory failed at "
					    "offset 0x%zx: SIGBUS",
					    name, j->fail_offset);
	} else {
		rc = vnuma__error_set_errno(err, j->fail_errno,
					    "host.prealloc", NULL,
					    "memory backend '%s': "
					    "preallocating memory failed at "
					    "offset 0x%zx",
					    name, j->fail_offset);
	}
	if (r->hugetlb && (j->fail_sigbus || j->fail_errno == EFAULT ||
			   j->fail_errno == ENOMEM))
		vnuma__error_append_hint(err,
					 "the host ran out of free huge "
					 "pages of %zu kB\n",
					 r->page_size >> 10);
	/* A file system out of blocks fails the fault: SIGBUS when
	 * touched, EFAULT from MADV_POPULATE_WRITE. */
	else if (j->fail_sigbus || (r->file && (j->fail_errno == EFAULT ||
						j->fail_errno == ENOSPC)))
		vnuma__error_append_hint(err,
					 "the backing file could not "
					 "grow: is its file system full?\n");
	return vnuma__error_backend(err, rc, r->name);
}

/*
 * A region left with work although nothing failed: no thread could run
 * on its CPUs. A region of a class that refused its last thread is named
 * first.
 */
int vnuma__prealloc_leftover(struct job *j, vnuma_error **err)
{
	int e = atomic_load(&j->aff_errno);
	size_t i, at = j->n;
	int rc;

	for (i = 0; i < j->n; i++) {
		if (atomic_load(&j->rs[i].next) >= j->rs[i].nchunks)
			continue;
		if (at == j->n ||
		    (j->cls[j->rs[i].cls].err && !j->cls[j->rs[at].cls].err))
			at = i;
	}
	i = at;
	if (i < j->n) {
		if (j->cls[j->rs[i].cls].err)
			e = j->cls[j->rs[i].cls].err;
		rc = vnuma__error_set_errno(
			err, e ? e : EINVAL, "host.prealloc-affinity", NULL,
			"memory backend '%s': cannot start preallocation "
			"threads on the CPUs of its %s",
			j->r[i].name ? j->r[i].name : "?",
			j->r[i].node_local ? "host nodes" : "thread-context");
		return vnuma__error_backend(err, rc, j->r[i].name);
	}
	return VNUMA_OK;
}
