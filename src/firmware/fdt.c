/* SPDX-License-Identifier: MIT */
/*
 * Writing the NUMA description into a copy of the caller's DTB.
 *
 * The copy is made tag by tag with libfdt's sequential writer rather than
 * edited in place: fdt_add_subnode can only put a node first among its
 * siblings, while QEMU 7.2's nodes sit elsewhere (memory after psci,
 * /distance-map before /chosen). Writing in order lets the result
 * decompile to exactly the text of QEMU's own DTB.
 *
 * Order within a node: QEMU sets properties with fdt_setprop, which puts
 * each new property first, so its DTB holds them in reverse order of the
 * calls (numa-node-id, reg, device_type). The same goes for the nodes it
 * adds to the root: the memory nodes come out highest address first.
 */
#include "fdt_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

/* Out of memory, apart from libfdt's (small negative) codes. */
#define EMIT_NOMEM (-1000)

struct writer {
	const struct vnuma__fdt_plan *p;
	const struct vnuma__fdt_scan *s;
	const void *in;
	void *out;
	bool mem_done, dmap_done;
};

static int put_cells(void *out, const char *name, const uint64_t *v,
		     const int *ncells, int n)
{
	fdt32_t cells[8];
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (ncells[i] == 2)
			cells[k++] = cpu_to_fdt32((uint32_t)(v[i] >> 32));
		cells[k++] = cpu_to_fdt32((uint32_t)v[i]);
	}
	return fdt_property(out, name, cells, k * (int)sizeof(cells[0]));
}

static int put_memory(struct writer *w)
{
	const int nc[2] = { w->s->acells, w->s->scells };
	int rc = 0;

	w->mem_done = true;
	for (size_t i = w->p->n_mem; i-- > 0 && !rc;) {
		const struct vnuma__fdt_mem *m = &w->p->mem[i];
		const uint64_t reg[2] = { m->start, m->size };
		char name[VNUMA__FDT_MEM_NAME_MAX];

		vnuma__fdt_mem_name(name, m->start);
		rc = fdt_begin_node(w->out, name);
		if (!rc && m->node >= 0)
			rc = fdt_property_u32(w->out, "numa-node-id",
					      (uint32_t)m->node);
		if (!rc)
			rc = put_cells(w->out, "reg", reg, nc, 2);
		if (!rc)
			rc = fdt_property_string(w->out, "device_type",
						 "memory");
		if (!rc)
			rc = fdt_end_node(w->out);
	}
	return rc;
}

static int put_distance_map(struct writer *w)
{
	uint32_t *m;
	size_t n;
	int rc;

	w->dmap_done = true;
	if (!w->p->distances)
		return 0;
	m = vnuma__fdt_matrix(w->p, &n);
	if (!m)
		return EMIT_NOMEM;
	if (n > INT_MAX / sizeof(*m)) {
		free(m);
		return -FDT_ERR_NOSPACE;
	}
	for (size_t i = 0; i < n; i++)
		m[i] = cpu_to_fdt32(m[i]);
	rc = fdt_begin_node(w->out, "distance-map");
	if (!rc)
		rc = fdt_property(w->out, "distance-matrix", m,
				  (int)(n * sizeof(*m)));
	if (!rc)
		rc = fdt_property_string(w->out, "compatible",
					 "numa-distance-map-v1");
	if (!rc)
		rc = fdt_end_node(w->out);
	free(m);
	return rc;
}

/* Before a child of the root: our nodes that go there. */
static int before_child(struct writer *w, int off)
{
	int rc = 0;

	if (!w->mem_done && off == w->s->mem_at)
		rc = put_memory(w);
	if (!rc && !w->dmap_done && off == w->s->dmap_at)
		rc = put_distance_map(w);
	return rc;
}

static bool replaced(struct writer *w, int off)
{
	const char *name = fdt_get_name(w->in, off, NULL);

	return vnuma__fdt_is_memory(w->in, off) ||
	       (name && !strcmp(name, "distance-map"));
}

/* The CPU node at off, or NULL; cpus are in offset order. */
static const struct vnuma__fdt_cpu *cpu_at(const struct vnuma__fdt_scan *s,
					   size_t *next, int off)
{
	if (*next < s->n_cpus && s->cpus[*next].off == off)
		return &s->cpus[(*next)++];
	return NULL;
}

static int copy_prop(struct writer *w, int off,
		     const struct vnuma__fdt_cpu *cpu)
{
	const char *name;
	const void *val;
	int len, rc = 0;

	val = fdt_getprop_by_offset(w->in, off, &name, &len);
	if (!val)
		return len;
	if (cpu && !strcmp(name, "numa-node-id"))
		return 0;
	/* QEMU sets numa-node-id right after reg: it lands just before. */
	if (cpu && cpu->node >= 0 && !strcmp(name, "reg"))
		rc = fdt_property_u32(w->out, "numa-node-id",
				      (uint32_t)cpu->node);
	if (!rc)
		rc = fdt_property(w->out, name, val, len);
	return rc;
}

/* Copies the structure block, replacing what QEMU would write. */
static int copy_tree(struct writer *w)
{
	const struct vnuma__fdt_cpu *cpu = NULL;
	int off = 0, next, depth = 0, skip = 0, cpu_depth = 0, rc = 0;
	size_t cpu_next = 0;
	uint32_t tag;

	do {
		tag = fdt_next_tag(w->in, off, &next);
		switch (tag) {
		case FDT_BEGIN_NODE:
			depth++;
			if (skip)
				break;
			if (depth == 2) {
				rc = before_child(w, off);
				if (!rc && replaced(w, off)) {
					skip = depth;
					break;
				}
			}
			if (!rc)
				rc = fdt_begin_node(w->out,
						    fdt_get_name(w->in, off,
								 NULL));
			if (!cpu && (cpu = cpu_at(w->s, &cpu_next, off)))
				cpu_depth = depth;
			break;
		case FDT_END_NODE:
			if (skip) {
				skip = depth == skip ? 0 : skip;
				depth--;
				break;
			}
			if (depth == 1 && !w->mem_done)
				rc = put_memory(w);
			if (!rc && depth == 1 && !w->dmap_done)
				rc = put_distance_map(w);
			if (!rc)
				rc = fdt_end_node(w->out);
			if (cpu && depth == cpu_depth)
				cpu = NULL;
			depth--;
			break;
		case FDT_PROP:
			if (!skip)
				rc = copy_prop(w, off,
					       depth == cpu_depth ? cpu :
								    NULL);
			break;
		case FDT_NOP:
		case FDT_END:
			break;
		default:
			rc = next < 0 ? next : -FDT_ERR_BADSTRUCTURE;
		}
		off = next;
	} while (!rc && tag != FDT_END);
	return rc;
}

/* One attempt into buf; libfdt's status (or EMIT_NOMEM). */
static int emit(const struct vnuma__fdt_plan *p,
		const struct vnuma__fdt_scan *s, const void *in, void *buf,
		size_t cap)
{
	struct writer w = { .p = p, .s = s, .in = in, .out = buf };
	int n = fdt_num_mem_rsv(in), rc;

	rc = fdt_create(buf, cap > INT_MAX ? INT_MAX : (int)cap);
	for (int i = 0; !rc && i < n; i++) {
		uint64_t addr, size;

		rc = fdt_get_mem_rsv(in, i, &addr, &size);
		if (!rc)
			rc = fdt_add_reservemap_entry(buf, addr, size);
	}
	if (!rc)
		rc = fdt_finish_reservemap(buf);
	if (!rc)
		rc = copy_tree(&w);
	if (!rc)
		rc = fdt_finish(buf);
	if (!rc)
		fdt_set_boot_cpuid_phys(buf, fdt_boot_cpuid_phys(in));
	return rc;
}

/* The exact size the result needs, found by writing it aside. */
static int measure(const struct vnuma__fdt_plan *p,
		   const struct vnuma__fdt_scan *s, const void *in,
		   size_t start, size_t *len)
{
	size_t cap = start < 4096 ? 4096 : start;
	int rc;

	for (;;) {
		void *buf = malloc(cap);

		if (!buf)
			return EMIT_NOMEM;
		rc = emit(p, s, in, buf, cap);
		if (!rc)
			*len = fdt_totalsize(buf);
		free(buf);
		if (rc != -FDT_ERR_NOSPACE || cap >= INT_MAX)
			return rc;
		cap = cap > INT_MAX / 2 ? INT_MAX : cap * 2;
	}
}

static int libfdt_error(vnuma_error **err, int rc)
{
	if (rc == EMIT_NOMEM)
		return vnuma__error_nomem(err);
	return vnuma__error_set(err, VNUMA_E_SYNTAX, "fdt.libfdt", NULL,
				"libfdt: %s", fdt_strerror(rc));
}

int vnuma_fdt_apply(void *out, size_t cap, size_t *len,
		    const vnuma_topology *t, const vnuma_layout *l,
		    const void *dtb, size_t dtb_len, vnuma_error **err)
{
	struct vnuma__fdt_plan p;
	struct vnuma__fdt_scan s;
	const unsigned char *be = dtb;
	void *copy = NULL;
	int rc;

	if (!len || !dtb || (!out && cap))
		return vnuma__error_set(err, VNUMA_E_INVAL, "api.null", NULL,
					"len, dtb and out must not be NULL");
	*len = 0;
	rc = vnuma__fdt_plan(&p, t, l, err);
	if (rc)
		return rc;
	/* libfdt refuses a blob off an 8-byte boundary: read a copy */
	if ((uintptr_t)dtb % 8) {
		rc = vnuma__fdt_check(dtb, dtb_len, err);
		if (rc)
			goto out;
		/* checked: totalsize <= dtb_len */
		dtb_len = (size_t)be[4] << 24 | (size_t)be[5] << 16 |
			  (size_t)be[6] << 8 | be[7];
		copy = malloc(dtb_len);
		if (!copy) {
			rc = vnuma__error_nomem(err);
			goto out;
		}
		dtb = memcpy(copy, dtb, dtb_len);
	}
	rc = vnuma__fdt_scan(&s, &p, dtb, dtb_len, err);
	if (rc)
		goto out;
	rc = out ? emit(&p, &s, dtb, out, cap) : -FDT_ERR_NOSPACE;
	if (!rc) {
		*len = fdt_totalsize(out);
	} else if (rc == -FDT_ERR_NOSPACE) {
		rc = measure(&p, &s, dtb, fdt_totalsize(dtb), len);
		/* A sizing call (no buffer) is answered, not refused. */
		rc = rc ? libfdt_error(err, rc) :
		     !out ?
			  VNUMA_OK :
			  vnuma__error_set(err, VNUMA_E_NOSPACE, "fdt.nospace",
					   NULL,
					   "the device tree needs %zu bytes, "
					   "the buffer has %zu",
					   *len, cap);
	} else {
		rc = libfdt_error(err, rc);
	}
	vnuma__fdt_scan_fini(&s);
out:
	/* Only "too small" says a size (even when its error could not be
	 * allocated and the status became VNUMA_E_NOMEM, *len is no answer). */
	if (rc && rc != VNUMA_E_NOSPACE)
		*len = 0;
	free(copy);
	vnuma__fdt_plan_fini(&p);
	return rc;
}
