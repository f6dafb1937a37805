/* SPDX-License-Identifier: MIT */
/*
 * The one rendering of an error as a line of text, shared by the vnuma
 * tool and any program that wants to print what the tool would.
 */
#include <stdio.h>
#include <string.h>

#include "vnuma/error.h"

/* snprintf's contract: count everything, store what fits. */
struct out {
	char *buf;
	size_t cap, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void puts_raw(struct out *o, const char *s)
{
	for (; *s; s++)
		put(o, *s);
}

static void putn_raw(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
}

/*
 * Shows as \xHH what a terminal would act on: C0 but tab (and newline
 * when kept), DEL, and C1 as UTF-8 encodes it (0xc2 0x80..0x9f).
 */
static void putn_safe(struct out *o, const char *s, size_t n,
		      bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	char hex[5];

	for (; p < end; p++) {
		bool c1 = *p == 0xc2 && p + 1 < end && p[1] >= 0x80 &&
			  p[1] <= 0x9f;

		if ((*p == '\n' && keep_newlines) || *p == '\t' ||
		    (*p >= 0x20 && *p < 0x7f) || (*p >= 0x80 && !c1)) {
			put(o, (char)*p);
			continue;
		}
		snprintf(hex, sizeof(hex), "\\x%02x", *p);
		puts_raw(o, hex);
		if (c1) {
			snprintf(hex, sizeof(hex), "\\x%02x", *++p);
			puts_raw(o, hex);
		}
	}
}

static void putn_text(struct out *o, const char *s, size_t n,
		      bool keep_newlines, unsigned int flags)
{
	if (flags & VNUMA_ERROR_FORMAT_ESCAPE)
		putn_safe(o, s, n, keep_newlines);
	else
		putn_raw(o, s, n);
}

static void put_text(struct out *o, const char *s, bool keep_newlines,
		     unsigned int flags)
{
	putn_text(o, s, strlen(s), keep_newlines, flags);
}

size_t vnuma_error_format(char *buf, size_t cap, const vnuma_error *e,
			  unsigned int flags)
{
	struct out o = { buf, buf ? cap : 0, 0 };
	const char *opt, *text, *hint;

	if (e && vnuma_error_status(e) == VNUMA_OK &&
	    vnuma_error_verbatim(e)) {
		put_text(&o, vnuma_error_message(e), true, flags);
	} else if (e) {
		opt = vnuma_error_option(e);
		text = vnuma_error_text(e);
		if (opt) {
			put_text(&o, opt, false, flags);
			if (text) {
				put(&o, ' ');
				put_text(&o, text, false, flags);
			}
			puts_raw(&o, ": ");
		}
		if (vnuma_error_status(e) == VNUMA_OK)
			puts_raw(&o, "warning: ");
		put_text(&o, vnuma_error_message(e), true, flags);
		hint = vnuma_error_hint(e);
		if (hint && *hint) {
			size_t n = strlen(hint);

			/* The hint's last newline ends the text: drop it. */
			if (hint[n - 1] == '\n')
				n--;
			put(&o, '\n');
			putn_text(&o, hint, n, true, flags);
		}
	}
	if (o.cap)
		o.buf[o.len < o.cap ? o.len : o.cap - 1] = '\0';
	return o.len;
}
