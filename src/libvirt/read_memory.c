// SPDX-License-Identifier: MIT
/*
 * <memory>, <maxMemory>, <memoryBacking> and <numatune>: -m, and the
 * memory backend libvirt 9.0 writes for a cell, a memory device or the
 * machine's RAM (qemuBuildMemoryBackendProps' rules, learnt from its
 * output).
 */
#include <inttypes.h>
#include <string.h>

#include "read_internal.h"

/*
 * Host-dependent paths, at libvirt's defaults: the hugetlbfs mount of
 * the host's default huge page size is systemd's /dev/hugepages (others
 * are named by their size), memory_backing_dir is qemu.conf's default.
 */
#define HUGETLBFS_DEFAULT "/dev/hugepages"
#define MEMORY_BACKING_DIR "/var/lib/libvirt/qemu/ram"
/* The host's default huge page size (x86_64 and aarch64 with 4 KiB). */
#define DEFAULT_HUGE_KIB 2048
#define SYSTEM_PAGE_KIB 4

/* clang-format off */
static const char *const sources[] = {
	"", "anonymous", "file", "memfd", NULL
};
static const char *const accesses[] = {
	"default", "shared", "private", NULL
};
static const char *const allocs[] = { "", "immediate", "ondemand", NULL };
static const char *const modes[] = {
	"", "strict", "preferred", "interleave", "restrictive", NULL
};
/* QEMU's policy for each mode; restrictive sets none */
static const char *const policies[] = {
	"", "bind", "preferred", "interleave", "", NULL
};
/* clang-format on */

static int read_backing(struct lvr *r)
{
	const xmlNode *mb = r->mb, *n;
	const char *s;
	int v, rc;

	r->hugepages = lv_child(mb, "hugepages");
	r->nosharepages = lv_child(mb, "nosharepages") != NULL;
	r->discard = lv_child(mb, "discard") != NULL;
	if ((n = lv_child(mb, "locked")) &&
	    (rc = lv_warn(r, n, NULL,
			  "memory locking (-overcommit mem-lock=on) is not "
			  "modelled")))
		return rc;
	if ((n = lv_child(mb, "source")) && (s = lv_attr(n, "type"))) {
		if ((rc = lv_enum(r, &v, s, sources, n, "type")))
			return rc;
		r->source = (enum lv_source)v;
	}
	if ((n = lv_child(mb, "access")) && (s = lv_attr(n, "mode"))) {
		if ((rc = lv_enum(r, &v, s, accesses, n, "mode")))
			return rc;
		r->access = (enum lv_access)v;
	}
	if ((n = lv_child(mb, "allocation"))) {
		if ((s = lv_attr(n, "mode"))) {
			if ((rc = lv_enum(r, &v, s, allocs, n, "mode")))
				return rc;
			r->alloc = (enum lv_alloc)v;
		}
		if ((s = lv_attr(n, "threads")) &&
		    (rc = lv_ulong(r, &r->threads, s, UINT32_MAX, n,
				   "threads")))
			return rc;
	}
	return VNUMA_OK;
}

static int read_tune(struct lvr *r)
{
	const xmlNode *m = lv_child(r->tune, "memory");
	const char *s;
	int v, rc;

	if (!m)
		return VNUMA_OK;
	r->mode = LV_MODE_STRICT;
	if ((s = lv_attr(m, "mode"))) {
		if ((rc = lv_enum(r, &v, s, modes, m, "mode")))
			return rc;
		r->mode = (enum lv_mode)v;
	}
	s = lv_attr(m, "placement");
	if (s && !strcmp(s, "auto")) {
		/* numad's advice: no host-nodes vnuma could know */
		r->mode = LV_MODE_NONE;
		return lv_warn(r, m, "placement",
			       "host nodes chosen by numad depend on the "
			       "host: no policy assumed");
	}
	if ((s = lv_attr(m, "nodeset")))
		return lv_set_parse(r, &r->nodeset, s, m, "nodeset");
	return VNUMA_OK;
}

int lv_read_memory(struct lvr *r)
{
	const xmlNode *mem = lv_child(r->dom, "memory");
	const xmlNode *max = lv_child(r->dom, "maxMemory");
	uint64_t kib = 0;
	int rc;

	r->mb = lv_child(r->dom, "memoryBacking");
	r->tune = lv_child(r->dom, "numatune");
	if (mem && (rc = lv_kib(r, &kib, mem, lv_text(mem),
				lv_attr(mem, "unit"), "memory")))
		return rc;
	/* libvirt aligns the initial memory to 1 MiB */
	r->initial_kib = (kib + 1023) / 1024 * 1024;
	if (max) {
		const char *slots = lv_attr(max, "slots");

		r->has_max = true;
		if ((rc = lv_kib(r, &r->max_kib, max, lv_text(max),
				 lv_attr(max, "unit"), "maxMemory")) ||
		    (slots && (rc = lv_ulong(r, &r->slots, slots, UINT32_MAX,
					     max, "slots"))))
			return rc;
		r->max_kib = (r->max_kib + 1023) / 1024 * 1024;
	}
	if ((rc = read_backing(r)))
		return rc;
	return read_tune(r);
}

int lv_emit_m(struct lvr *r)
{
	if (r->n_cells) {
		r->initial_kib = 0;
		/* a sum past 2^64 bytes is too large for QEMU as it is */
		for (size_t i = 0; i < r->n_cells; i++)
			r->initial_kib =
				r->cells[i].kib > UINT64_MAX / 1024 -
							  r->initial_kib ?
					UINT64_MAX / 1024 :
					r->initial_kib + r->cells[i].kib;
	}
	if (!r->has_max)
		lv_fmt(r, "%" PRIu64, r->initial_kib / 1024);
	else
		lv_fmt(r, "size=%" PRIu64 "k,slots=%lu,maxmem=%" PRIu64 "k",
		       r->initial_kib, r->slots, r->max_kib);
	return lv_emit(r, "-m");
}

/* The <page> that applies to node (-1: the machine's RAM), in KiB. */
static int page_for(struct lvr *r, uint64_t *kib, long node)
{
	const xmlNode *hp = r->hugepages, *dflt = NULL;
	struct lv_set set;
	int rc;

	*kib = 0;
	if (!hp)
		return VNUMA_OK;
	*kib = DEFAULT_HUGE_KIB;
	for (const xmlNode *p = lv_child(hp, "page"); p;
	     p = lv_next(p, "page")) {
		const char *ns = lv_attr(p, "nodeset");

		if (!ns) {
			dflt = dflt ? dflt : p;
			continue;
		}
		if ((rc = lv_set_parse(r, &set, ns, p, "nodeset")))
			return rc;
		/* the RAM of a guest without cells is node 0's */
		if (lv_set_has(&set, node >= 0 ? (size_t)node : 0)) {
			dflt = p;
			break;
		}
	}
	if (!dflt) {
		/* <page>s for other nodes only: this one has none */
		if (lv_child(hp, "page"))
			*kib = 0;
		return VNUMA_OK;
	}
	if (lv_attr(dflt, "size"))
		return lv_kib(r, kib, dflt, lv_attr(dflt, "size"),
			      lv_attr(dflt, "unit"), "size");
	return VNUMA_OK;
}

/* The <memnode> of node, or NULL. */
static const xmlNode *memnode(const struct lvr *r, long node)
{
	char id[24];

	snprintf(id, sizeof(id), "%ld", node);
	for (const xmlNode *m = lv_child(r->tune, "memnode"); m;
	     m = lv_next(m, "memnode"))
		if (lv_attr(m, "cellid") && !strcmp(lv_attr(m, "cellid"), id))
			return m;
	return NULL;
}

/* The policy of be: mode and host nodes (mode NONE: no properties). */
static int policy_for(struct lvr *r, enum lv_mode *mode, struct lv_set *set,
		      const struct lv_backend *be)
{
	const xmlNode *mn = be->node >= 0 ? memnode(r, be->node) : NULL;
	const char *s;
	int v, rc;

	*mode = r->mode;
	*set = r->nodeset;
	if (mn) {
		*mode = LV_MODE_STRICT;
		if ((s = lv_attr(mn, "mode"))) {
			if ((rc = lv_enum(r, &v, s, modes, mn, "mode")))
				return rc;
			*mode = (enum lv_mode)v;
		}
		if ((s = lv_attr(mn, "nodeset")) &&
		    (rc = lv_set_parse(r, set, s, mn, "nodeset")))
			return rc;
	}
	if (be->nodemask) {
		*set = *be->nodemask;
		if (*mode == LV_MODE_NONE)
			*mode = LV_MODE_STRICT;
	}
	if (!set->any || *mode == LV_MODE_RESTRICTIVE)
		*mode = LV_MODE_NONE;
	return VNUMA_OK;
}

/* A JSON string's inside: the path as JSON wants it. */
static void json_text(struct lvr *r, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			lv_cat(r, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			lv_cat(r, "\\u%04x", (unsigned char)*s);
		else
			lv_cat(r, "%c", *s);
	}
}

static int huge_path(struct lvr *r, uint64_t kib)
{
	int rc = VNUMA_OK;

	if (!r->huge_warned)
		rc = lv_warn(r, r->hugepages ? r->hugepages : r->dom, NULL,
			     "the hugetlbfs mount is the host's: %s assumed "
			     "for %" PRIu64 " KiB pages",
			     kib == DEFAULT_HUGE_KIB ? HUGETLBFS_DEFAULT :
						       HUGETLBFS_DEFAULT "N",
			     kib);
	r->huge_warned = true;
	if (kib == DEFAULT_HUGE_KIB)
		lv_cat(r, "\"mem-path\":\"" HUGETLBFS_DEFAULT);
	else if (kib % (1024 * 1024) == 0)
		lv_cat(r, "\"mem-path\":\"" HUGETLBFS_DEFAULT "%" PRIu64 "G",
		       kib / (1024 * 1024));
	else if (kib % 1024 == 0)
		lv_cat(r, "\"mem-path\":\"" HUGETLBFS_DEFAULT "%" PRIu64 "M",
		       kib / 1024);
	else
		lv_cat(r, "\"mem-path\":\"" HUGETLBFS_DEFAULT "%" PRIu64 "K",
		       kib);
	/* the short name is the domain's: any byte, escaped */
	lv_cat(r, "/libvirt/qemu/");
	json_text(r, r->shortname);
	lv_cat(r, "\",");
	return rc;
}

int lv_emit_backend(struct lvr *r, struct lv_backend *be)
{
	enum lv_access access = be->access ? be->access : r->access;
	bool discard = be->discard ? be->discard == LV_YES : r->discard;
	enum lv_mode mode;
	struct lv_set *set = calloc(1, sizeof(*set));
	uint64_t page = be->pagesize;
	bool huge, file, memfd, prealloc, tc;
	int rc;

	if (!set)
		return vnuma__error_nomem(r->err);
	if ((rc = policy_for(r, &mode, set, be)) ||
	    (!be->pagesize_set && (rc = page_for(r, &page, be->node))))
		goto out;
	huge = page && page != SYSTEM_PAGE_KIB;
	memfd = r->source == LV_SRC_MEMFD && !be->nvdimm;
	file = !memfd && (huge || be->nvdimm || r->source == LV_SRC_FILE ||
			  access != LV_ACC_DEFAULT);
	if (be->nvdimm)
		prealloc = !be->pmem && !be->virtio_pmem;
	else
		prealloc = r->alloc == LV_ALLOC_IMMEDIATE ||
			   (huge && r->alloc != LV_ALLOC_ONDEMAND);
	if (be->virtio_mem) {
		be->prealloc_out = prealloc;
		prealloc = false;
	}
	tc = prealloc && mode != LV_MODE_NONE;
	if (tc) {
		lv_fmt(r,
		       "{\"qom-type\":\"thread-context\",\"id\":\"tc-%s\","
		       "\"node-affinity\":",
		       be->id);
		lv_set_json(r, set);
		lv_cat(r, "}");
		if ((rc = lv_emit(r, "-object")))
			goto out;
	}
	lv_fmt(r, "{\"qom-type\":\"memory-backend-%s\",\"id\":\"%s\",",
	       memfd ? "memfd" :
	       file  ? "file" :
		       "ram",
	       be->id);
	if (be->nvdimm) {
		lv_cat(r, "\"mem-path\":\"");
		json_text(r, be->nvdimm);
		lv_cat(r, "\",");
	} else if (file && huge) {
		if ((rc = huge_path(r, page)))
			goto out;
	} else if (file) {
		lv_cat(r,
		       "\"mem-path\":\"" MEMORY_BACKING_DIR "/libvirt/qemu/");
		json_text(r, r->shortname);
		lv_cat(r, "/");
		json_text(r, be->alias);
		lv_cat(r, "\",");
	}
	if (memfd && huge)
		lv_cat(r, "\"hugetlb\":true,\"hugetlbsize\":%" PRIu64 ",",
		       page * 1024);
	/* a cell or device that says no says so to QEMU too */
	if (file && (discard || be->discard == LV_NO))
		lv_cat(r, "\"discard-data\":%s,", discard ? "true" : "false");
	if (access != LV_ACC_DEFAULT)
		lv_cat(r, "\"share\":%s,",
		       access == LV_ACC_SHARED ? "true" : "false");
	if (be->default_ram && (file || memfd))
		lv_cat(r, "\"x-use-canonical-path-for-ramblock-id\":false,");
	if (be->virtio_mem)
		lv_cat(r, "\"reserve\":false,");
	if (prealloc)
		lv_cat(r, "\"prealloc\":true,");
	if (r->threads && !be->virtio_mem && !be->nvdimm)
		lv_cat(r, "\"prealloc-threads\":%lu,", r->threads);
	lv_cat(r, "\"size\":%" PRIu64, be->bytes);
	if (be->pmem)
		lv_cat(r, ",\"pmem\":true");
	if (mode != LV_MODE_NONE) {
		lv_cat(r, ",\"host-nodes\":");
		lv_set_json(r, set);
		lv_cat(r, ",\"policy\":\"%s\"", policies[mode]);
	}
	if (tc)
		lv_cat(r, ",\"prealloc-context\":\"tc-%s\"", be->id);
	lv_cat(r, "}");
	rc = lv_emit(r, "-object");
out:
	free(set);
	return rc;
}
