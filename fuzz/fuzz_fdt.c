/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for vnuma_fdt_apply. Input: one byte, then a DTB.
 * The byte's low bits pick the topology (shapes[], the -smp/-m/-numa the
 * seeds were dumped with by qemu-system-aarch64, see make_fdt_seeds.py);
 * its top bit puts the DTB off an 8-byte boundary.
 *
 * Every result is checked, not only produced: a refusal has a check id
 * and a message and leaves *len 0; a success gives a blob of the size
 * announced that passes the byte-level check, libfdt's fdt_check_full
 * (safe on it: the byte-level check ran first) and vnuma_fdt_apply
 * itself again, with the same bytes out. Any failed check aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "firmware/fdt_internal.h"
#include "vnuma/vnuma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keep in step with SHAPES in make_fdt_seeds.py. */
static const char *const shapes[][32] = {
	{ "-M", "virt", "-m", "1G", "-smp", "2", NULL },
	{ "-M", "virt", "-m", "2G", "-smp", "4",
	  "-object", "memory-backend-ram,id=m0,size=1G",
	  "-object", "memory-backend-ram,id=m1,size=1G",
	  "-numa", "node,memdev=m0,cpus=0-1",
	  "-numa", "node,memdev=m1,cpus=2-3",
	  "-numa", "dist,src=0,dst=1,val=20", NULL },
	{ "-M", "virt", "-m", "4G", "-smp", "8,sockets=2,cores=4",
	  "-object", "memory-backend-ram,id=m0,size=1G",
	  "-object", "memory-backend-ram,id=m1,size=3G",
	  "-numa", "node,memdev=m0,cpus=0-3",
	  "-numa", "node,memdev=m1,cpus=4-5",
	  "-numa", "node,cpus=6-7", NULL },
	{ "-M", "virt", "-m", "512M", "-smp", "1",
	  "-object", "memory-backend-ram,id=m0,size=512M",
	  "-numa", "node,memdev=m0", NULL },
	{ "-M", "virt", "-m", "3G", "-smp", "6,maxcpus=8",
	  "-object", "memory-backend-ram,id=m0,size=1G",
	  "-object", "memory-backend-ram,id=m1,size=2G",
	  "-numa", "node,memdev=m0,cpus=0-3",
	  "-numa", "node,memdev=m1,cpus=4-7", NULL },
};
#define N_SHAPES (sizeof(shapes) / sizeof(shapes[0]))

static void die(const char *what, const vnuma_error *e)
{
	fprintf(stderr, "fuzz_fdt: %s%s%s\n", what, e ? ": " : "",
		e ? vnuma_error_message(e) : "");
	abort();
}

/* Built once: the topologies do not depend on the input. */
static vnuma_topology *topology(size_t i)
{
	static vnuma_topology *t[N_SHAPES];
	vnuma_config_options co = VNUMA_CONFIG_OPTIONS_INIT;
	vnuma_config *cfg = NULL;
	vnuma_error *e = NULL;
	int argc = 0;

	if (t[i])
		return t[i];
	while (shapes[i][argc])
		argc++;
	if (vnuma_config_new(&cfg, &co, &e) ||
	    vnuma_config_add_argv(cfg, argc, shapes[i], 0, &e) ||
	    vnuma_topology_new(&t[i], cfg, &e))
		die("a shape is refused", e);
	vnuma_config_free(cfg);
	return t[i];
}

/* Applies t to in; NULL when refused (checked), else the checked blob. */
static void *apply(const vnuma_topology *t, const void *in, size_t n,
		   size_t *len)
{
	vnuma_error *e = NULL;
	size_t need = 1, got = 1;
	void *out;
	int rc;

	rc = vnuma_fdt_apply(NULL, 0, &need, t, NULL, in, n, &e);
	if (rc != VNUMA_OK) {
		if (!rc || !e || !vnuma_error_check(e) || need != 0 ||
		    !*vnuma_error_message(e))
			die("a refusal without its error", e);
		if (rc == VNUMA_E_NOMEM)
			die("out of memory", e);
		vnuma_error_free(e);
		return NULL;
	}
	vnuma_error_free(e);
	e = NULL;
	out = malloc(need);
	if (!out)
		abort();
	rc = vnuma_fdt_apply(out, need, &got, t, NULL, in, n, &e);
	if (rc || got != need)
		die("a buffer of the size announced is refused", e);
	if (fdt_totalsize(out) != got || fdt_version(out) != 17 ||
	    vnuma__fdt_check(out, got, &e))
		die("the output fails the byte-level check", e);
	if (fdt_check_full(out, got))
		die("the output fails fdt_check_full", NULL);
	*len = got;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const vnuma_topology *t;
	size_t n, len = 0, len2 = 0;
	unsigned char *buf, *in;
	void *out, *again;
	bool odd;

	if (size < 1 || size > 65536)
		return 0;
	t = topology(data[0] % N_SHAPES);
	odd = data[0] & 0x80;
	n = size - 1;
	/* nothing after in's n bytes, so ASan sees any read past them */
	buf = malloc(n + odd > 0 ? n + odd : 1);
	if (!buf)
		abort();
	in = buf + odd;
	memcpy(in, data + 1, n);
	out = apply(t, in, n, &len);
	if (out) {
		again = apply(t, out, len, &len2);
		if (!again)
			die("the output is refused as input", NULL);
		if (len2 != len || memcmp(again, out, len))
			die("applying the output again changes it", NULL);
		free(again);
	}
	free(out);
	free(buf);
	return 0;
}
