/* SPDX-License-Identifier: MIT */
/*
 * The progress display of --realize. The rate is the average since
 * populating began (all backends start together and the kernel's page
 * allocator runs at a steady pace, so the average is the honest
 * estimate, and it does not jump), measured on the monotonic clock from
 * the first callback, which the library makes as populating begins
 * (mapping, binding and the checks before are not populating); the time
 * left is what remains at that rate.
 */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

double cli_progress_rate(uint64_t done, uint64_t elapsed_ns)
{
	return elapsed_ns ? (double)done * 1e9 / (double)elapsed_ns : 0;
}

double cli_progress_left(uint64_t done, uint64_t total, double rate)
{
	if (done >= total)
		return 0;
	return rate > 0 ? (double)(total - done) / rate : -1;
}

void cli_progress_bytes(char *buf, size_t len, double v)
{
	static const char *const units[] = { "KiB", "MiB", "GiB",
					     "TiB", "PiB", "EiB" };
	unsigned u = 0;

	if (v < 1024) {
		snprintf(buf, len, "%.0f B", v);
		return;
	}
	v /= 1024;
	/* 1023.96 KiB would print as 1024.0 KiB: go up at the rounding. */
	while (u < 5 && v >= 1023.95) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, units[u]);
}

/* Seconds as "4.2 s" below a minute, else "M:SS" or "H:MM:SS". */
static void clock_text(char *buf, size_t len, double s)
{
	unsigned long t = (unsigned long)(s + 0.5);

	if (s < 59.95)
		snprintf(buf, len, "%.1f s", s);
	else if (t >= 3600)
		snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60,
			 t % 60);
	else
		snprintf(buf, len, "%lu:%02lu", t / 60, t % 60);
}

int cli_progress_line(char *buf, size_t len, const char *label, uint64_t done,
		      uint64_t total, uint64_t elapsed_ns)
{
	double rate = cli_progress_rate(done, elapsed_ns);
	double left = cli_progress_left(done, total, rate);
	char d[32], t[32], r[32], l[32];
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100;

	cli_progress_bytes(d, sizeof(d), (double)done);
	cli_progress_bytes(t, sizeof(t), (double)total);
	cli_progress_bytes(r, sizeof(r), rate);
	if (done >= total)
		clock_text(l, sizeof(l), (double)elapsed_ns / 1e9);
	else if (left < 0)
		snprintf(l, sizeof(l), "?");
	else
		clock_text(l, sizeof(l), left);
	return snprintf(buf, len, "%s: %s of %s (%u%%), %s/s, %s %s",
			label ? label : "populating", d, t, pct, r,
			done >= total ? "done in" : l,
			done >= total ? l : "left");
}

uint64_t cli_progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The time now; the clock starts at the first call. */
static uint64_t now(struct cli_progress *p)
{
	uint64_t t = p->now ? p->now() : cli_progress_now();

	if (!p->started) {
		p->started = true;
		p->t0_ns = t;
	}
	return t;
}

void cli_progress_block(size_t block, const char *backend, uint64_t done,
			uint64_t total, uint64_t all_done, uint64_t all_total,
			void *opaque)
{
	struct cli_progress *p = opaque;

	(void)all_done;
	(void)all_total;
	now(p);
	if (p->failed)
		return;
	if (block >= p->n_be) {
		struct cli_progress_backend *v = realloc(p->be,
							 (block + 1) *
								 sizeof(*v));

		if (!v) {
			p->failed = true;
			return;
		}
		memset(v + p->n_be, 0, (block + 1 - p->n_be) * sizeof(*v));
		p->be = v;
		p->n_be = block + 1;
	}
	if (!p->be[block].id || strcmp(p->be[block].id, backend)) {
		free(p->be[block].id);
		p->be[block].id = strdup(backend);
		if (!p->be[block].id) {
			p->failed = true;
			return;
		}
	}
	p->be[block].done = done;
	p->be[block].total = total;
	p->be[block].changed = true;
}

/* The label of a backend's line: "populating ID". */
static void backend_line(char *buf, size_t len,
			 const struct cli_progress_backend *b, uint64_t el)
{
	char label[128];

	snprintf(label, sizeof(label), "populating %s", b->id);
	cli_progress_line(buf, len, label, b->done, b->total, el);
}

void cli_progress_total(uint64_t done, uint64_t total, void *opaque)
{
	struct cli_progress *p = opaque;
	uint64_t el = now(p) - p->t0_ns;
	unsigned lines = 0;
	char buf[256];

	/* Populating begins: the clock starts, nothing to show yet. */
	if (!done && done < total)
		return;
	/* A terminal: the lines drawn last time are drawn over. */
	if (p->tty && p->drawn > 1)
		fprintf(p->out, "\r\033[%uA", p->drawn - 1);
	else if (p->tty)
		fputc('\r', p->out);
	for (size_t i = 0; p->per_backend && i < p->n_be; i++) {
		if (!p->be[i].id || (!p->tty && !p->be[i].changed))
			continue;
		p->be[i].changed = false;
		backend_line(buf, sizeof(buf), &p->be[i], el);
		fprintf(p->out, "%s%s\n", buf, p->tty ? "\033[K" : "");
		lines++;
	}
	cli_progress_line(buf, sizeof(buf), NULL, done, total, el);
	fprintf(p->out, "%s%s", buf, p->tty ? "\033[K" : "");
	if (!p->tty || done >= total)
		fputc('\n', p->out);
	p->drawn = lines + 1;
	fflush(p->out);
}

void cli_progress_fini(struct cli_progress *p)
{
	for (size_t i = 0; i < p->n_be; i++)
		free(p->be[i].id);
	free(p->be);
	p->be = NULL;
	p->n_be = 0;
}
