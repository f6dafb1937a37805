/* SPDX-License-Identifier: MIT */
#ifndef VNUMA_CLI_PROGRESS_H
#define VNUMA_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The progress of --realize: bytes done of total, the rate and the time
 * left. Pure parts first (tests feed them times), then the display that
 * the library's callbacks drive.
 */

/* Bytes per second over elapsed_ns; 0 when no time has passed yet. */
double cli_progress_rate(uint64_t done, uint64_t elapsed_ns);

/* Seconds left at rate (bytes/s); -1 when it cannot be told (rate 0). */
double cli_progress_left(uint64_t done, uint64_t total, double rate);

/* Bytes as "1.5 GiB" (one decimal from KiB up, "512 B" below). */
void cli_progress_bytes(char *buf, size_t len, double v);

/*
 * One progress line, without newline: "LABEL: DONE of TOTAL (P%),
 * RATE/s, T left", where T is "4.2 s" below a minute, else "M:SS" or
 * "H:MM:SS", or "?" while the rate is unknown; at the total, "done in T"
 * (the time it took) instead of the time left.
 * label NULL: "populating". Returns what snprintf returns.
 */
int cli_progress_line(char *buf, size_t len, const char *label, uint64_t done,
		      uint64_t total, uint64_t elapsed_ns);

/* What --progress asked for. */
enum cli_progress_mode {
	CLI_PROGRESS_AUTO, /* no flag: the total, when stderr is a terminal */
	CLI_PROGRESS_OFF,
	CLI_PROGRESS_TOTAL,
	CLI_PROGRESS_BACKENDS, /* each backend too */
};

struct cli_progress_backend {
	char *id; /* a copy: the library's is valid during the call only */
	uint64_t done, total;
	bool changed;
};

/* The display's state; tty redraws in place, else one line a report. */
struct cli_progress {
	FILE *out;
	bool tty, per_backend;
	/* The clock: populating began at t0_ns, the first callback's time
	 * (the library calls with 0 bytes done then). now NULL: the
	 * monotonic clock (tests give their own). */
	bool started;
	uint64_t t0_ns;
	uint64_t (*now)(void);
	struct cli_progress_backend *be;
	size_t n_be;
	unsigned drawn; /* lines drawn last time (tty) */
	bool failed;	/* out of memory: per backend no more */
};

/* Monotonic time in nanoseconds. */
uint64_t cli_progress_now(void);

/* Callbacks of vnuma_host_options (opaque: a struct cli_progress). */
void cli_progress_total(uint64_t done, uint64_t total, void *opaque);
void cli_progress_block(size_t block, const char *backend, uint64_t done,
			uint64_t total, uint64_t all_done, uint64_t all_total,
			void *opaque);

void cli_progress_fini(struct cli_progress *p);

#endif
