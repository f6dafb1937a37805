/* SPDX-License-Identifier: MIT */
/*
 * The memory backends query-memdev lists: those of -object, and the one
 * QEMU creates for the board's RAM. The reports and the public getters
 * read this one list.
 */
#include <stdlib.h>
#include <string.h>

#include "../topology_internal.h"

static bool backend_exists(const struct vnuma__backends *bk, const char *id)
{
	for (size_t i = 0; i < bk->n; i++)
		if (!strcmp(bk->v[i].id, id))
			return true;
	return false;
}

/*
 * QEMU 7.2 creates the board's RAM as a backend of its own (listed by
 * query-memdev) when the board names one, there is RAM, no NUMA node has
 * a memdev and -machine memory-backend was not given. It takes -mem-path,
 * -mem-prealloc and -machine mem-merge/dump-guest-core.
 */
static bool implicit_ram(const struct vnuma_topology *t,
			 vnuma_memdev_info *out)
{
	const struct vnuma__machine *m = &t->machine;
	const char *id = m->profile ? m->profile->default_ram_id : NULL;

	if (!id || !m->ram_size || t->numa.have_memdevs || m->memory_backend ||
	    backend_exists(&t->backends, id))
		return false;
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->qom_type = vnuma__backend_type_name(m->mem_path ?
							 VNUMA__BACKEND_FILE :
							 VNUMA__BACKEND_RAM);
	out->size = m->ram_size;
	out->merge = vnuma__machine_bool(m, "mem-merge", true);
	out->dump = vnuma__machine_bool(m, "dump-guest-core", true);
	out->prealloc = m->mem_prealloc;
	out->reserve = true;
	out->policy = vnuma__backend_policy_name(VNUMA__POLICY_DEFAULT);
	out->mem_path = m->mem_path;
	return true;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const vnuma_memdev_info *)a)->id,
		      ((const vnuma_memdev_info *)b)->id);
}

int vnuma__memdevs_build(vnuma_memdev_info **out, size_t *n,
			 const struct vnuma_topology *t)
{
	size_t nb = t->backends.n;
	vnuma_memdev_info *v = calloc(nb + 1, sizeof(*v));

	*out = NULL;
	*n = 0;
	if (!v)
		return VNUMA_E_NOMEM;
	for (size_t i = 0; i < nb; i++)
		vnuma__backend_info(&t->backends.v[i], &v[i]);
	if (implicit_ram(t, &v[nb]))
		nb++;
	/* query-memdev's order is a hash walk; ids make it reproducible. */
	qsort(v, nb, sizeof(*v), cmp_id);
	*out = v;
	*n = nb;
	return VNUMA_OK;
}

