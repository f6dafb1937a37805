/* SPDX-License-Identifier: MIT */
/*
 * RAM block notifiers, as QEMU's: a VMM that registers guest memory with
 * KVM, vhost or VFIO is told of every block added and removed. A new
 * notifier is first told of the blocks that exist; one that is removed
 * is told they go away (QEMU does both so that the listener's view never
 * misses a block).
 */
#include "host_internal.h"

#include <string.h>

#include "../util.h"

static bool same(const vnuma_ram_notifier *a, const vnuma_ram_notifier *b)
{
	return a->added == b->added && a->removed == b->removed &&
	       a->opaque == b->opaque;
}

/* Every version so far has the same three members after version. */
static int check(const vnuma_host *h, const vnuma_ram_notifier *n,
		 vnuma_error **err)
{
	if (!h || !n)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"h and n must not be NULL");
	if (n->version < 1 || n->version > VNUMA_RAM_NOTIFIER_VERSION)
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.version",
					NULL,
					"vnuma_ram_notifier version %u is not "
					"one of 1 to %u",
					n->version,
					VNUMA_RAM_NOTIFIER_VERSION);
	return VNUMA_OK;
}

static void tell(const vnuma_ram_notifier *n,
		 const struct vnuma__host_block *b, bool added)
{
	if (!b->host)
		return;
	if (added && n->added)
		n->added(b->host, b->size, b->mapped, n->opaque);
	else if (!added && n->removed)
		n->removed(b->host, b->size, b->mapped, n->opaque);
}

int vnuma_host_notifier_add(vnuma_host *h, const vnuma_ram_notifier *n,
			    vnuma_error **err)
{
	int rc = check(h, n, err);

	if (rc)
		return rc;
	for (size_t i = 0; i < h->n_notifiers; i++)
		if (same(&h->notifiers[i], n))
			return vnuma__error_set(err, VNUMA_E_DUPLICATE,
						"host.notifier-duplicate",
						NULL,
						"this notifier is already "
						"registered");
	if (vnuma__grow(&h->notifiers, &h->cap_notifiers, h->n_notifiers + 1,
			sizeof(*h->notifiers)))
		return vnuma__error_nomem(err);
	h->notifiers[h->n_notifiers] = *n;
	/* Kept as this version's struct, whatever the caller's was. */
	h->notifiers[h->n_notifiers++].version = VNUMA_RAM_NOTIFIER_VERSION;
	for (size_t i = 0; i < h->n_blocks; i++)
		if (h->blocks[i].notified)
			tell(n, &h->blocks[i], true);
	return VNUMA_OK;
}

int vnuma_host_notifier_remove(vnuma_host *h, const vnuma_ram_notifier *n,
			       vnuma_error **err)
{
	int rc = check(h, n, err);
	size_t i;

	if (rc)
		return rc;
	for (i = 0; i < h->n_notifiers; i++)
		if (same(&h->notifiers[i], n))
			break;
	if (i == h->n_notifiers)
		return vnuma__error_set(err, VNUMA_E_MISSING,
					"host.notifier-missing", NULL,
					"this notifier is not registered");
	memmove(&h->notifiers[i], &h->notifiers[i + 1],
		(h->n_notifiers - i - 1) * sizeof(*h->notifiers));
	h->n_notifiers--;
	for (size_t k = 0; k < h->n_blocks; k++)
		if (h->blocks[k].notified)
			tell(n, &h->blocks[k], false);
	return VNUMA_OK;
}

void vnuma__host_notify_added(struct vnuma_host *h, size_t i)
{
	h->blocks[i].notified = true;
	for (size_t k = 0; k < h->n_notifiers; k++)
		tell(&h->notifiers[k], &h->blocks[i], true);
}

void vnuma__host_notify_removed_all(struct vnuma_host *h)
{
	for (size_t i = 0; i < h->n_blocks; i++) {
		if (!h->blocks[i].notified)
			continue;
		for (size_t k = 0; k < h->n_notifiers; k++)
			tell(&h->notifiers[k], &h->blocks[i], false);
		h->blocks[i].notified = false;
	}
}
