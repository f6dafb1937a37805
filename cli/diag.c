/* SPDX-License-Identifier: MIT */
/* How the tool reports what the library refused, for every stage. */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>

void cli_print_diag(const vnuma_error *e, bool warning)
{
	const char *opt = vnuma_error_option(e), *text = vnuma_error_text(e);
	const char *hint = vnuma_error_hint(e);

	if (warning && vnuma_error_verbatim(e)) {
		fprintf(stderr, "%s\n", vnuma_error_message(e));
		return;
	}
	fputs("vnuma: ", stderr);
	if (opt) {
		if (text)
			fprintf(stderr, "%s %s: ", opt, text);
		else
			fprintf(stderr, "%s: ", opt);
	}
	if (warning)
		fputs("warning: ", stderr);
	fprintf(stderr, "%s\n", vnuma_error_message(e));
	if (hint)
		fputs(hint, stderr);
}

int cli_status_exit(int status)
{
	switch (status) {
	case VNUMA_E_HOST:
	case VNUMA_E_NOMEM:
		return EXIT_HOST;
	case VNUMA_E_INVAL:
		return EXIT_USAGE;
	default:
		return EXIT_REJECTED;
	}
}

int cli_reject(bool json, vnuma_error *e)
{
	int code = cli_status_exit(vnuma_error_status(e));

	for (size_t i = 0; i < vnuma_error_warning_count(e); i++)
		cli_print_diag(vnuma_error_warning(e, i), true);
	cli_print_diag(e, false);
	if (json) {
		char *doc = NULL;

		if (vnuma_report_json_error(&doc, e, NULL) == VNUMA_OK)
			fputs(doc, stdout);
		free(doc);
	}
	vnuma_error_free(e);
	return code;
}
