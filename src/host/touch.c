/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "touch.h"

/*
 * Where a touching thread jumps back to when its touch raises SIGBUS.
 *
 * Signal dispositions belong to the process, not to a caller, so this is
 * the one place where the library keeps state outside its objects:
 *  - tls_touch is thread-local and only set while its own thread is inside
 *    vnuma__touch_range(): a SIGBUS is synchronous, delivered to the thread
 *    that faulted, so the handler finds that thread's jump buffer and no
 *    other thread's. It carries no state from one call to the next.
 *  - guard_lock serialises guards: two preallocations in two threads of an
 *    embedding program must not save and restore each other's handler.
 *  - guard_old is the action that was in force before the guard, written
 *    under guard_lock before our handler is installed, so a SIGBUS that is
 *    not ours (another thread, another address) still goes where it would
 *    have gone.
 */
struct touch_ctx {
	sigjmp_buf jb;
	uintptr_t lo, hi;
	uintptr_t fault;
};

static _Thread_local struct touch_ctx *tls_touch;
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction guard_old;

static void forward(int sig, siginfo_t *si, void *uc)
{
	struct sigaction dfl;

	if (guard_old.sa_flags & SA_SIGINFO) {
		guard_old.sa_sigaction(sig, si, uc);
		return;
	}
	if (guard_old.sa_handler != SIG_DFL &&
	    guard_old.sa_handler != SIG_IGN) {
		guard_old.sa_handler(sig);
		return;
	}
	/* Default: returning re-runs the faulting access, which now kills. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGBUS, &dfl, NULL);
}

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	struct touch_ctx *t = tls_touch;
	uintptr_t a = (uintptr_t)si->si_addr;

	if (t && si->si_code > 0 && a >= t->lo && a < t->hi) {
		t->fault = a;
		siglongjmp(t->jb, 1);
	}
	forward(sig, si, uc);
}

int vnuma__touch_guard_begin(void)
{
	struct sigaction sa;
	int rc;

	rc = pthread_mutex_lock(&guard_lock);
	if (rc)
		return rc;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &guard_old)) {
		rc = errno;
		pthread_mutex_unlock(&guard_lock);
		return rc;
	}
	return 0;
}

void vnuma__touch_guard_end(void)
{
	sigaction(SIGBUS, &guard_old, NULL);
	pthread_mutex_unlock(&guard_lock);
}

/*
 * A locked add of zero is a write access from the first instruction: the
 * page fault is a write fault, so each page costs one fault (a read first
 * would map the zero page and fault again to copy it), and whatever the
 * page holds (a file's data) stays as it was.
 */
__attribute__((noinline)) static void touch_pages(char *lo, char *hi,
						  size_t step)
{
	char *p;

	for (p = lo; p < hi; p += step)
		__atomic_fetch_add(p, 0, __ATOMIC_RELAXED);
}

int vnuma__touch_range(char *lo, char *hi, size_t step, uintptr_t *fault)
{
	struct touch_ctx t;

	t.lo = (uintptr_t)lo;
	t.hi = (uintptr_t)hi;
	t.fault = 0;
	/* Set before the first touch: the handler must not be the first to
	 * use this thread's TLS (lazy TLS allocation is not signal-safe). */
	tls_touch = NULL;
	if (sigsetjmp(t.jb, 1)) {
		tls_touch = NULL;
		/* Written by the handler after sigsetjmp: read it from
		 * memory. */
		*fault = *(volatile uintptr_t *)&t.fault;
		return EFAULT;
	}
	tls_touch = &t;
	touch_pages(lo, hi, step);
	tls_touch = NULL;
	return 0;
}
