/* SPDX-License-Identifier: MIT */
#include "error_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_ids.h"
#include "util.h"

struct vnuma_error {
	int status;
	int errnum;
	char *message;
	char *hint;
	char *check;
	char *option;
	char *text;
	char *key;
	size_t offset, length;
	struct vnuma__warnings prior; /* warnings issued before this error */
	bool is_static; /* the shared out-of-memory object: never freed */
	bool verbatim;	/* printed by QEMU as a bare line */
};

vnuma_error vnuma__error_oom = {
	.status = VNUMA_E_NOMEM,
	.message = (char *)"out of memory",
	.check = (char *)"alloc.nomem",
	.is_static = true,
};

vnuma_error *vnuma__error_new(int status, const char *check,
			      const struct vnuma__loc *loc, const char *fmt,
			      va_list ap)
{
	vnuma_error *e = calloc(1, sizeof(*e));
	va_list cp;
	int n;

	if (!e)
		return NULL;
	e->status = status;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		goto fail;
	e->message = malloc((size_t)n + 1);
	if (!e->message)
		goto fail;
	vsnprintf(e->message, (size_t)n + 1, fmt, ap);
	e->check = vnuma__strdup(check ? check : "unknown");
	if (!e->check)
		goto fail;
	if (loc) {
		if (loc->option && !(e->option = vnuma__strdup(loc->option)))
			goto fail;
		if (loc->text && !(e->text = vnuma__strdup(loc->text)))
			goto fail;
		if (loc->key && !(e->key = vnuma__strdup(loc->key)))
			goto fail;
		e->offset = loc->offset;
		e->length = loc->length;
	}
	return e;
fail:
	vnuma_error_free(e);
	return NULL;
}

int vnuma__error_setv(vnuma_error **err, int status, const char *check,
		      const struct vnuma__loc *loc, const char *fmt,
		      va_list ap)
{
	const struct vnuma__check *c = vnuma__check_find(check);
	vnuma_error *e;

	/*
	 * The check id decides the status (check_ids.c), so that no two
	 * callers give one condition two statuses. A warning's id (VNUMA_OK)
	 * raised as an error keeps the caller's: a failure is never OK.
	 */
	if (c && c->status != VNUMA_OK)
		status = c->status;
	if (!err || *err)
		return status;
	e = vnuma__error_new(status, check, loc, fmt, ap);
	if (e) {
		*err = e;
		return status;
	}
	/* The status must say what *err says: out of memory. */
	*err = &vnuma__error_oom;
	return VNUMA_E_NOMEM;
}

int vnuma__error_backend(vnuma_error **err, int rc, const char *id)
{
	vnuma_error *e = err ? *err : NULL;

	if (!rc || !e || e->is_static || e->option || !id)
		return rc;
	e->option = vnuma__strdup("-object");
	e->text = vnuma__sprintf("id=%s", id);
	if (e->option && e->text)
		return rc;
	vnuma_error_free(e);
	*err = &vnuma__error_oom;
	return VNUMA_E_NOMEM;
}

int vnuma__error_set(vnuma_error **err, int status, const char *check,
		     const struct vnuma__loc *loc, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vnuma__error_setv(err, status, check, loc, fmt, ap);
	va_end(ap);
	return rc;
}

int vnuma__error_set_errno(vnuma_error **err, int errnum, const char *check,
			   const struct vnuma__loc *loc, const char *fmt, ...)
{
	struct vnuma__buf b = { 0 };
	char *msg;
	va_list ap;

	if (!err || *err)
		return VNUMA_E_HOST;
	/* No fixed buffer: a long mem-path keeps its tail. */
	va_start(ap, fmt);
	vnuma__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vnuma__buf_printf(&b, ": %s", strerror(errnum));
	msg = vnuma__buf_take(&b);
	if (!msg) {
		*err = &vnuma__error_oom;
		return VNUMA_E_NOMEM;
	}
	if (vnuma__error_set(err, VNUMA_E_HOST, check, loc, "%s", msg) ==
	    VNUMA_E_NOMEM) {
		free(msg);
		return VNUMA_E_NOMEM;
	}
	free(msg);
	(*err)->errnum = errnum;
	return VNUMA_E_HOST;
}

void vnuma__error_append_hint(vnuma_error **err, const char *fmt, ...)
{
	struct vnuma__buf b = { 0 };
	va_list ap;

	if (!err || !*err || (*err)->is_static)
		return;
	if ((*err)->hint)
		vnuma__buf_puts(&b, (*err)->hint);
	va_start(ap, fmt);
	vnuma__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	{
		char *h = vnuma__buf_take(&b);

		if (h) {
			free((*err)->hint);
			(*err)->hint = h;
		}
	}
}

int vnuma__error_nomem(vnuma_error **err)
{
	if (err && !*err)
		*err = &vnuma__error_oom;
	return VNUMA_E_NOMEM;
}

int vnuma__warn(struct vnuma__warnings *w, const char *check,
		const struct vnuma__loc *loc, const char *fmt, ...)
{
	vnuma_error *e;
	va_list ap;

	if (vnuma__grow(&w->v, &w->cap, w->n + 1, sizeof(*w->v)))
		return VNUMA_E_NOMEM;
	va_start(ap, fmt);
	e = vnuma__error_new(VNUMA_OK, check, loc, fmt, ap);
	va_end(ap);
	if (!e)
		return VNUMA_E_NOMEM;
	w->v[w->n++] = e;
	return VNUMA_OK;
}

int vnuma__warnings_copy(struct vnuma__warnings *dst,
			 const struct vnuma__warnings *src)
{
	size_t n0 = dst->n;

	for (size_t i = 0; i < src->n; i++) {
		const vnuma_error *s = src->v[i];
		struct vnuma__loc loc = {
			.option = s->option,
			.text = s->text,
			.key = s->key,
			.offset = s->offset,
			.length = s->length,
		};
		vnuma_error *e;

		if (vnuma__warn(dst, s->check, &loc, "%s", s->message))
			goto fail;
		e = dst->v[dst->n - 1];
		e->status = s->status;
		e->errnum = s->errnum;
		e->verbatim = s->verbatim;
		if (s->hint && !(e->hint = vnuma__strdup(s->hint)))
			goto fail;
	}
	return VNUMA_OK;
fail:
	vnuma__warnings_truncate(dst, n0);
	return VNUMA_E_NOMEM;
}

int vnuma__warn_verbatim(struct vnuma__warnings *w, const char *check,
			 const char *line)
{
	if (vnuma__warn(w, check, NULL, "%s", line))
		return VNUMA_E_NOMEM;
	w->v[w->n - 1]->verbatim = true;
	return VNUMA_OK;
}

void vnuma__warnings_truncate(struct vnuma__warnings *w, size_t n)
{
	while (w->n > n)
		vnuma_error_free(w->v[--w->n]);
}

void vnuma__warnings_fini(struct vnuma__warnings *w)
{
	for (size_t i = 0; i < w->n; i++)
		vnuma_error_free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
}

int vnuma_error_status(const vnuma_error *e)
{
	return e ? e->status : VNUMA_E_INVAL;
}

const char *vnuma_error_message(const vnuma_error *e)
{
	return e ? e->message : "";
}

const char *vnuma_error_hint(const vnuma_error *e)
{
	return e ? e->hint : NULL;
}

const char *vnuma_error_check(const vnuma_error *e)
{
	return e ? e->check : "";
}

const char *vnuma_error_option(const vnuma_error *e)
{
	return e ? e->option : NULL;
}

const char *vnuma_error_text(const vnuma_error *e)
{
	return e ? e->text : NULL;
}

const char *vnuma_error_key(const vnuma_error *e)
{
	return e ? e->key : NULL;
}

size_t vnuma_error_offset(const vnuma_error *e)
{
	return e ? e->offset : 0;
}

size_t vnuma_error_length(const vnuma_error *e)
{
	return e ? e->length : 0;
}

bool vnuma_error_verbatim(const vnuma_error *e)
{
	return e && e->verbatim;
}

int vnuma_error_errno(const vnuma_error *e)
{
	return e ? e->errnum : 0;
}

void vnuma__error_adopt_warnings(vnuma_error *e, struct vnuma__warnings *w)
{
	/* The shared out-of-memory error cannot hold them: they are lost. */
	if (!e || e->is_static || !w->n)
		return;
	vnuma__warnings_fini(&e->prior);
	e->prior = *w;
	memset(w, 0, sizeof(*w));
}

size_t vnuma_error_warning_count(const vnuma_error *e)
{
	return e ? e->prior.n : 0;
}

const vnuma_error *vnuma_error_warning(const vnuma_error *e, size_t i)
{
	return e && i < e->prior.n ? e->prior.v[i] : NULL;
}

void vnuma_error_free(vnuma_error *e)
{
	if (!e || e->is_static)
		return;
	vnuma__warnings_fini(&e->prior);
	free(e->message);
	free(e->hint);
	free(e->check);
	free(e->option);
	free(e->text);
	free(e->key);
	free(e);
}

const char *vnuma_status_name(int status)
{
	switch (status) {
	case VNUMA_OK:
		return "ok";
	case VNUMA_E_INVAL:
		return "invalid-argument";
	case VNUMA_E_SYNTAX:
		return "syntax";
	case VNUMA_E_RANGE:
		return "range";
	case VNUMA_E_DUPLICATE:
		return "duplicate";
	case VNUMA_E_CONFLICT:
		return "conflict";
	case VNUMA_E_MISSING:
		return "missing";
	case VNUMA_E_UNSUPPORTED:
		return "unsupported";
	case VNUMA_E_NOSPACE:
		return "no-space";
	case VNUMA_E_HOST:
		return "host";
	case VNUMA_E_NOMEM:
		return "no-memory";
	case VNUMA_E_UNKNOWN:
		return "unknown";
	default:
		return "unrecognised-status";
	}
}
