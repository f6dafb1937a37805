/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the whole pipeline: the input is a command line,
 * one word per line (a NUL also ends a word), read into a configuration
 * and given meaning; every output the topology then has is made and
 * checked, not only produced:
 *
 * - text report: one NUL-terminated string ending in a newline;
 * - JSON report, and the JSON of any error: exactly one object
 *   (json_loads reads the whole string);
 * - layout: ranges sorted, non-overlapping, not wrapping, each node one
 *   the topology has, and vnuma_layout_node_of_addr agreeing with them;
 * - SRAT, SLIT, HMAT: present exactly when vnuma_acpi_tables says, the
 *   size query agreeing with the table, the header's signature and length
 *   right and the bytes summing to 0 mod 256;
 * - DTS: present exactly for a machine with a device tree, balanced;
 * - DTB: applied to a base tree built here with libfdt's sequential-write
 *   API (one CPU node per present CPU, as virt makes them), the output
 *   passing fdt_check_full, its CPUs and memory given their nodes, and
 *   /distance-map there exactly with -numa dist.
 *
 * The harness aborts on any breach.
 */
#include <inttypes.h>
#include <libfdt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "vnuma/vnuma.h"
#include "topology_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 256

static int split(char *buf, size_t size, const char **words)
{
	int n = 0;
	size_t start = 0;

	for (size_t i = 0; i <= size && n < MAX_WORDS; i++) {
		if (i < size && buf[i] != '\n' && buf[i] != '\0')
			continue;
		if (i < size)
			buf[i] = '\0';
		if (i > start || i < size)
			words[n++] = buf + start;
		start = i + 1;
	}
	return n;
}

static void check_error_json(const vnuma_error *e)
{
	vnuma_error *e2 = NULL;
	char *s = NULL;
	int rc = vnuma_report_json_error(&s, e, &e2);

	check_contract(rc, e2);
	if (!rc)
		check_json(s);
	free(s);
	vnuma_error_free(e2);
}

static void check_text(const vnuma_topology *t)
{
	vnuma_error *e = NULL;
	char *s = NULL;
	int rc = vnuma_report_text(&s, t, &e);

	check_contract(rc, e);
	if (!rc)
		CHECK(s && *s && s[strlen(s) - 1] == '\n');
	free(s);
	vnuma_error_free(e);
	rc = vnuma_report_json(&s, t, &e);
	check_contract(rc, e);
	if (!rc)
		check_json(s);
	free(s);
	vnuma_error_free(e);
}

static void check_layout(const vnuma_topology *t, const vnuma_layout *l)
{
	uint32_t nodes = vnuma_topology_node_count(t);
	uint64_t next = 0;
	size_t n = vnuma_layout_range_count(l);

	for (size_t i = 0; i < n; i++) {
		vnuma_error *e = NULL;
		vnuma_range r = VNUMA_INFO_INIT(vnuma_range);
		uint32_t node = UINT32_MAX;
		int rc;

		CHECK(!vnuma_layout_range(&r, l, i));
		CHECK(r.size && r.start + (r.size - 1) >= r.start);
		CHECK(!i || r.start >= next);
		next = r.start + (r.size - 1) + 1;
		CHECK(r.node >= -1 && r.node < (int64_t)nodes);
		CHECK(!(r.flags & VNUMA_RANGE_HOLE) || r.node == -1);
		rc = vnuma_layout_node_of_addr(&node, l, r.start + r.size / 2,
					       &e);
		check_contract(rc, e);
		if (r.node < 0)
			CHECK(rc == VNUMA_E_MISSING);
		else
			CHECK(!rc && node == (uint32_t)r.node);
		vnuma_error_free(e);
		if (next == 0) /* the last range ends at 2^64 */
			break;
	}
	CHECK(vnuma_layout_range(&(vnuma_range)VNUMA_INFO_INIT(vnuma_range), l, n) == VNUMA_E_RANGE);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* One table: its size first, then the bytes, then what they say. */
static void check_table(const vnuma_topology *t, const vnuma_layout *l,
			unsigned bit, const char *sig)
{
	bool has = vnuma_acpi_tables(t) & bit;
	vnuma_error *e = NULL;
	uint8_t *buf = NULL, sum = 0;
	size_t len = 0, len2 = 0;
	int rc;

#define WRITE(b, c, ln)                                                  \
	(bit == VNUMA_ACPI_SRAT ? vnuma_acpi_srat(b, c, ln, t, l, NULL, &e) : \
	 bit == VNUMA_ACPI_SLIT ? vnuma_acpi_slit(b, c, ln, t, NULL, &e) :    \
				  vnuma_acpi_hmat(b, c, ln, t, l, NULL, &e))
	rc = WRITE(NULL, 0, &len);
	check_contract(rc, e);
	if (!has) {
		CHECK(rc == VNUMA_E_MISSING);
		vnuma_error_free(e);
		return;
	}
	vnuma_error_free(e);
	e = NULL;
	if (rc == VNUMA_E_NOMEM || rc == VNUMA_E_RANGE)
		return;
	CHECK(rc == VNUMA_OK && len >= 36);
	buf = malloc(len);
	if (!buf)
		return;
	rc = WRITE(buf, len, &len2);
	check_contract(rc, e);
	vnuma_error_free(e);
#undef WRITE
	if (rc == VNUMA_E_NOMEM) {
		free(buf);
		return;
	}
	CHECK(!rc && len2 == len);
	CHECK(!memcmp(buf, sig, 4));
	CHECK(le32(buf + 4) == len);
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + buf[i]);
	CHECK(sum == 0);
	free(buf);
}

static void check_dts(const vnuma_topology *t, const vnuma_layout *l,
		      bool *has_fdt)
{
	vnuma_error *e = NULL;
	char *s = NULL;
	long depth = 0;
	int rc = vnuma_fdt_dts(&s, t, l, &e);

	check_contract(rc, e);
	*has_fdt = rc != VNUMA_E_UNSUPPORTED;
	if (!rc) {
		CHECK(s && !strncmp(s, "/dts-v1/;\n", 10));
		for (const char *p = s; *p; p++) {
			depth += *p == '{';
			depth -= *p == '}';
			CHECK(depth >= 0);
		}
		CHECK(depth == 0 && s[strlen(s) - 1] == '\n');
	} else {
		CHECK(rc == VNUMA_E_UNSUPPORTED || rc == VNUMA_E_NOMEM);
	}
	free(s);
	vnuma_error_free(e);
}

/* A small virt-like tree: memory, one CPU node per present CPU. */
static void *base_dtb(const vnuma_topology *t, size_t *len)
{
	const struct vnuma__machine *m = &t->machine;
	size_t cap = 4096 + (size_t)m->smp.cpus * 96;
	void *f = malloc(cap);
	fdt32_t reg[4] = { 0, cpu_to_fdt32(0x40000000), 0,
			   cpu_to_fdt32(0x40000000) };
	char name[32];
	int rc;

	if (!f)
		return NULL;
	rc = fdt_create(f, (int)cap);
#define TRY(call)                   \
	do {                        \
		if (!rc)            \
			rc = (call); \
	} while (0)
	TRY(fdt_finish_reservemap(f));
	TRY(fdt_begin_node(f, ""));
	TRY(fdt_property_u32(f, "#size-cells", 2));
	TRY(fdt_property_u32(f, "#address-cells", 2));
	TRY(fdt_begin_node(f, "memory@40000000"));
	TRY(fdt_property(f, "reg", reg, sizeof(reg)));
	TRY(fdt_property_string(f, "device_type", "memory"));
	TRY(fdt_end_node(f));
	TRY(fdt_begin_node(f, "cpus"));
	TRY(fdt_property_u32(f, "#size-cells", 0));
	TRY(fdt_property_u32(f, "#address-cells", 1));
	for (uint32_t i = 0; !rc && i < m->smp.cpus && i < m->smp.max_cpus;
	     i++) {
		if (!m->cpus[i].present)
			continue;
		snprintf(name, sizeof(name), "cpu@%" PRIu32, i);
		TRY(fdt_begin_node(f, name));
		TRY(fdt_property_u32(f, "reg",
					    (uint32_t)m->cpus[i].arch_id));
		TRY(fdt_property_string(f, "device_type", "cpu"));
		TRY(fdt_end_node(f));
	}
	TRY(fdt_end_node(f));
	TRY(fdt_begin_node(f, "chosen"));
	TRY(fdt_end_node(f));
	TRY(fdt_end_node(f));
	TRY(fdt_finish(f));
#undef TRY
	CHECK(!rc && !fdt_check_full(f, fdt_totalsize(f)));
	*len = fdt_totalsize(f);
	return f;
}

/* Every present CPU node carries its CPU's node when there is NUMA. */
static void check_cpus(const vnuma_topology *t, const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	CHECK(cpus >= 0);
	fdt_for_each_subnode(node, fdt, cpus) {
		const fdt32_t *id = fdt_getprop(fdt, node, "numa-node-id",
						NULL);
		uint32_t index;
		vnuma_cpu_info c = VNUMA_INFO_INIT(vnuma_cpu_info);

		CHECK(sscanf(fdt_get_name(fdt, node, NULL), "cpu@%" SCNu32,
			     &index) == 1);
		CHECK(!vnuma_topology_cpu(&c, t, index));
		if (c.node_id >= 0)
			CHECK(id && fdt32_to_cpu(*id) == (uint32_t)c.node_id);
		else
			CHECK(!id);
	}
}

/*
 * One memory node per enabled boot RAM range of the layout, numa-node-id
 * when the range has a node; /distance-map exactly with -numa dist.
 */
static void check_memory(const vnuma_topology *t, const vnuma_layout *l,
			 const void *fdt)
{
	size_t want = 0, have = 0;
	int node;

	for (size_t i = 0; i < vnuma_layout_range_count(l); i++) {
		vnuma_range r = VNUMA_INFO_INIT(vnuma_range);

		CHECK(!vnuma_layout_range(&r, l, i));
		want += (r.flags & VNUMA_RANGE_ENABLED) &&
			!(r.flags & VNUMA_RANGE_HOTPLUGGABLE);
	}
	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg, *id;
		uint64_t addr;
		uint32_t owner;
		int len;

		if (!type || strcmp(type, "memory"))
			continue;
		have++;
		reg = fdt_getprop(fdt, node, "reg", &len);
		CHECK(reg && len == 16);
		addr = (uint64_t)fdt32_to_cpu(reg[0]) << 32 |
		       fdt32_to_cpu(reg[1]);
		id = fdt_getprop(fdt, node, "numa-node-id", NULL);
		if (vnuma_layout_node_of_addr(&owner, l, addr, NULL))
			CHECK(!id);
		else
			CHECK(id && fdt32_to_cpu(*id) == owner);
	}
	CHECK(have == want);
	CHECK((fdt_path_offset(fdt, "/distance-map") >= 0) ==
	      vnuma_topology_has_distances(t));
}

static void check_dtb(const vnuma_topology *t, const vnuma_layout *l)
{
	vnuma_error *e = NULL;
	size_t in_len = 0, len = 0, len2 = 0;
	void *in = base_dtb(t, &in_len), *out = NULL;
	int rc;

	if (!in)
		return;
	rc = vnuma_fdt_apply(NULL, 0, &len, t, l, in, in_len, &e);
	check_contract(rc, e);
	vnuma_error_free(e);
	e = NULL;
	if (rc != VNUMA_OK) {
		/* Only a layout range too big for two cells, or no memory. */
		CHECK(rc == VNUMA_E_NOMEM || rc == VNUMA_E_RANGE);
		free(in);
		return;
	}
	out = malloc(len);
	if (out) {
		rc = vnuma_fdt_apply(out, len, &len2, t, l, in, in_len, &e);
		check_contract(rc, e);
		vnuma_error_free(e);
		if (rc != VNUMA_E_NOMEM) {
			CHECK(!rc && len2 == len);
			CHECK(fdt_totalsize(out) == len);
			CHECK(!fdt_check_full(out, len));
			check_cpus(t, out);
			check_memory(t, l, out);
		}
	}
	free(out);
	free(in);
}

static void check_outputs(const vnuma_topology *t)
{
	vnuma_layout *l = NULL;
	vnuma_error *e = NULL;
	bool has_fdt;
	int rc;

	for (size_t i = 0; i < vnuma_topology_warning_count(t); i++)
		CHECK(vnuma_topology_warning(t, i));
	check_text(t);
	rc = vnuma_layout_new(&l, t, &e);
	check_contract(rc, e);
	vnuma_error_free(e);
	if (rc)
		return;
	check_layout(t, l);
	check_table(t, l, VNUMA_ACPI_SRAT, "SRAT");
	check_table(t, l, VNUMA_ACPI_SLIT, "SLIT");
	check_table(t, l, VNUMA_ACPI_HMAT, "HMAT");
	check_dts(t, l, &has_fdt);
	if (has_fdt)
		check_dtb(t, l);
	vnuma_layout_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *words[MAX_WORDS];
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	char *buf;
	int argc, rc;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argc = split(buf, size, words);
	CHECK(!vnuma_config_new(&cfg, NULL, NULL));
	rc = vnuma_config_add_argv(cfg, argc, words, 0, &e);
	check_contract(rc, e);
	if (!rc) {
		rc = vnuma_topology_new(&t, cfg, &e);
		check_contract(rc, e);
		CHECK(!rc == !!t);
	}
	if (t)
		check_outputs(t);
	else
		check_error_json(e);
	vnuma_topology_free(t);
	vnuma_error_free(e);
	vnuma_config_free(cfg);
	free(buf);
	return 0;
}
