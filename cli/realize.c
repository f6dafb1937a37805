/* SPDX-License-Identifier: MIT */
/*
 * vnuma --realize [--hold] [--progress[=MODE]]: the configuration's
 * memory made real on this host, the regions printed with where their
 * pages landed, then released (at once, or on SIGINT/SIGTERM with
 * --hold).
 *
 * SIGINT and SIGTERM while realizing do not kill the tool at once: a
 * killed process would leave the files it created in mem-path (and their
 * huge pages) behind. The handler only notes the signal; the library
 * sees the note through vnuma_host_options.cancel, stops populating and
 * undoes everything, and then the tool dies of the same signal, so that
 * its parent sees what happened.
 */
#include "realize.h"
#include "diag.h"
#include "progress.h"

#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes in the largest unit that keeps them whole, as "64 MiB". */
static void human(char *buf, size_t len, uint64_t v)
{
	static const char *const units[] = { "B",   "KiB", "MiB", "GiB",
					     "TiB", "PiB", "EiB" };
	unsigned u = 0;

	while (u < 6 && v && !(v & 1023)) {
		v >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", v, units[u]);
}

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static void print_text(const vnuma_host *h)
{
	vnuma_host_timing tm = VNUMA_INFO_INIT(vnuma_host_timing);
	char a[32], b[32], c[32];

	for (size_t i = 0; i < vnuma_host_region_count(h); i++) {
		vnuma_host_region_info r = VNUMA_INFO_INIT(
			vnuma_host_region_info);

		vnuma_host_region(&r, h, i);
		human(a, sizeof(a), r.size);
		human(b, sizeof(b), r.page_size);
		printf("region 0x%016" PRIx64 "-0x%016" PRIx64 " size %s ",
		       r.guest_addr, r.guest_addr + r.size - 1, a);
		if (r.node >= 0)
			printf("node %" PRId64, r.node);
		else
			printf("node -");
		printf(" backend %s%s\n", r.backend,
		       r.hotpluggable ? " (pc-dimm)" : "");
		printf("  host %p page-size %s fd %d offset 0x%" PRIx64 "\n",
		       r.host_addr, b, r.fd, r.fd_offset);
		printf("  placement:");
		for (size_t k = 0; k < r.n_placement; k++) {
			human(a, sizeof(a), r.placement[k].bytes);
			printf("%s host node %" PRIu32 " %s", k ? "," : "",
			       r.placement[k].node, a);
		}
		human(a, sizeof(a), r.absent_bytes);
		human(c, sizeof(c), r.huge_bytes);
		printf("%s not populated %s; huge pages %s\n",
		       r.n_placement ? ";" : "", a, c);
	}
	vnuma_host_timing_get(&tm, h);
	printf("timing: map %.3f ms, bind %.3f ms, populate %.3f ms, "
	       "placement %.3f ms\n",
	       ms(tm.map_ns), ms(tm.bind_ns), ms(tm.populate_ns),
	       ms(tm.measure_ns));
}

static json_t *region_json(const vnuma_host_region_info *r)
{
	json_t *o = json_object(), *pl = json_array();
	char addr[32];

	snprintf(addr, sizeof(addr), "0x%" PRIxPTR, (uintptr_t)r->host_addr);
	json_object_set_new(o, "guest-addr",
			    json_integer((json_int_t)r->guest_addr));
	json_object_set_new(o, "size", json_integer((json_int_t)r->size));
	json_object_set_new(o, "node",
			    r->node >= 0 ? json_integer(r->node) :
					   json_null());
	json_object_set_new(o, "backend", json_string(r->backend));
	json_object_set_new(o, "hotpluggable", json_boolean(r->hotpluggable));
	json_object_set_new(o, "host-addr", json_string(addr));
	json_object_set_new(o, "page-size",
			    json_integer((json_int_t)r->page_size));
	json_object_set_new(o, "fd",
			    r->fd >= 0 ? json_integer(r->fd) : json_null());
	json_object_set_new(o, "fd-offset",
			    json_integer((json_int_t)r->fd_offset));
	for (size_t k = 0; k < r->n_placement; k++) {
		json_t *p = json_object();

		json_object_set_new(p, "host-node",
				    json_integer(r->placement[k].node));
		json_object_set_new(p, "bytes",
				    json_integer(
					    (json_int_t)r->placement[k].bytes));
		json_array_append_new(pl, p);
	}
	json_object_set_new(o, "placement", pl);
	json_object_set_new(o, "absent-bytes",
			    json_integer((json_int_t)r->absent_bytes));
	json_object_set_new(o, "huge-bytes",
			    json_integer((json_int_t)r->huge_bytes));
	return o;
}

static json_t *cpu_array(const uint16_t *cpus, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(cpus[i]));
	return a;
}

static json_t *block_json(const vnuma_host_block_info *b)
{
	json_t *o = json_object();

	json_object_set_new(o, "backend", json_string(b->backend));
	json_object_set_new(o, "size", json_integer((json_int_t)b->size));
	json_object_set_new(o, "mapped", json_integer((json_int_t)b->mapped));
	json_object_set_new(o, "page-size",
			    json_integer((json_int_t)b->page_size));
	json_object_set_new(o, "hugetlb", json_boolean(b->hugetlb));
	json_object_set_new(o, "shared", json_boolean(b->shared));
	json_object_set_new(o, "prealloc", json_boolean(b->prealloc));
	json_object_set_new(o, "policy", json_string(b->policy));
	json_object_set_new(o, "node-local", json_boolean(b->node_local));
	json_object_set_new(o, "prealloc-cpus",
			    cpu_array(b->prealloc_cpus, b->n_prealloc_cpus));
	json_object_set_new(o, "touch-cpus",
			    cpu_array(b->touch_cpus, b->n_touch_cpus));
	return o;
}

static int print_json(const vnuma_host *h)
{
	json_t *doc = json_object(), *host = json_object();
	json_t *blocks = json_array(), *regions = json_array();
	json_t *timing = json_object();
	vnuma_host_timing tm = VNUMA_INFO_INIT(vnuma_host_timing);
	char *s;

	for (size_t i = 0; i < vnuma_host_block_count(h); i++) {
		vnuma_host_block_info b = VNUMA_INFO_INIT(
			vnuma_host_block_info);

		vnuma_host_block(&b, h, i);
		json_array_append_new(blocks, block_json(&b));
	}
	for (size_t i = 0; i < vnuma_host_region_count(h); i++) {
		vnuma_host_region_info r = VNUMA_INFO_INIT(
			vnuma_host_region_info);

		vnuma_host_region(&r, h, i);
		json_array_append_new(regions, region_json(&r));
	}
	vnuma_host_timing_get(&tm, h);
	json_object_set_new(timing, "map-ns",
			    json_integer((json_int_t)tm.map_ns));
	json_object_set_new(timing, "bind-ns",
			    json_integer((json_int_t)tm.bind_ns));
	json_object_set_new(timing, "populate-ns",
			    json_integer((json_int_t)tm.populate_ns));
	json_object_set_new(timing, "placement-ns",
			    json_integer((json_int_t)tm.measure_ns));
	json_object_set_new(host, "blocks", blocks);
	json_object_set_new(host, "regions", regions);
	json_object_set_new(host, "timing", timing);
	json_object_set_new(doc, "schema", json_integer(1));
	json_object_set_new(doc, "host-memory", host);
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!s)
		return -1;
	printf("%s\n", s);
	free(s);
	return 0;
}

/* The signal that asked us to stop, or 0; the handler's only state. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void catch_stop(struct sigaction old[2])
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old[0]);
	sigaction(SIGTERM, &sa, &old[1]);
}

/* After everything is released: die of the signal that came. */
static void die_of_stop(const struct sigaction old[2])
{
	struct sigaction dfl;
	int sig = stop_signal;

	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
	if (!sig)
		return;
	fprintf(stderr, "vnuma: %s: the memory was released\n",
		sig == SIGINT ? "interrupted (SIGINT)" :
				"terminated (SIGTERM)");
	fflush(stdout);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

/* Waits for SIGINT or SIGTERM without letting either kill us. */
static void hold(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* One that came before the block was caught by on_stop. */
	if (stop_signal)
		return;
	fprintf(stderr,
		"vnuma: holding the memory until SIGINT or SIGTERM "
		"(pid %ld)\n",
		(long)getpid());
	sigwait(&set, &sig);
}

int cli_realize_run(const struct cli_realize *r, const vnuma_topology *t)
{
	vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
	struct cli_progress pr = { 0 };
	struct sigaction old[2];
	int rc;
	vnuma_host *h = NULL;
	vnuma_error *e = NULL;
	int code = EXIT_ACCEPTED;

	if (!r->on && r->hold)
		return cli_fail(EXIT_USAGE, "cli.hold-without-realize",
				"--hold needs --realize");
	if (!r->on && r->progress != CLI_PROGRESS_AUTO)
		return cli_fail(EXIT_USAGE, "cli.progress-without-realize",
				"--progress needs --realize");
	if (!r->on)
		return CLI_REALIZE_CONTINUE;
	pr.out = stderr;
	pr.tty = isatty(STDERR_FILENO);
	if (r->progress == CLI_PROGRESS_AUTO ?
		    pr.tty :
		    r->progress != CLI_PROGRESS_OFF) {
		o.progress = cli_progress_total;
		o.opaque = &pr;
	}
	if (o.progress && r->progress == CLI_PROGRESS_BACKENDS) {
		o.block_progress = cli_progress_block;
		pr.per_backend = true;
	}
	o.cancel = &stop_signal;
	catch_stop(old);
	rc = vnuma_host_realize(&h, t, NULL, &o, &e);
	/* A line drawn in place and left unfinished by a failure. */
	if (rc && pr.tty && pr.drawn)
		fputc('\n', stderr);
	cli_progress_fini(&pr);
	if (rc || vnuma_host_measure(h, VNUMA_HOST_MEASURE_SAMPLE, &e)) {
		vnuma_host_free(h);
		code = cli_reject(r->json, e);
		die_of_stop(old);
		return code;
	}
	/* Came after populating: nothing is printed for a run cut short. */
	if (stop_signal) {
		vnuma_host_free(h);
		die_of_stop(old);
	}
	if (r->json) {
		if (print_json(h))
			code = EXIT_HOST;
	} else {
		print_text(h);
	}
	if (fflush(stdout))
		code = EXIT_HOST;
	if (r->hold && !code) {
		hold();
		/* --hold ends on the signal: that is its normal end. */
		stop_signal = 0;
	}
	vnuma_host_free(h);
	die_of_stop(old);
	return code;
}
