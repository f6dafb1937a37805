/* SPDX-License-Identifier: MIT */
/*
 * Prints what the vnuma tool prints on standard error for QEMU options,
 * through the public vnuma_error_format() alone: format_line.sh compares
 * it with golden CLI cases, so the library's formatter and the tool's
 * line are one.
 */
#include <stdio.h>
#include <stdlib.h>

#include <vnuma/vnuma.h>

static void print(const vnuma_error *e)
{
	size_t n = vnuma_error_format(NULL, 0, e, VNUMA_ERROR_FORMAT_ESCAPE);
	char *s = malloc(n + 1);

	if (!s)
		exit(3);
	/* The size query and the write agree. */
	if (vnuma_error_format(s, n + 1, e, VNUMA_ERROR_FORMAT_ESCAPE) != n)
		exit(4);
	if (!(vnuma_error_status(e) == VNUMA_OK && vnuma_error_verbatim(e)))
		fputs("vnuma: ", stdout);
	printf("%s\n", s);
	free(s);
}

int main(int argc, char **argv)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;

	if (vnuma_config_new(&cfg, NULL, &e) ||
	    vnuma_config_add_argv(cfg, argc - 1, (const char *const *)argv + 1,
				  0, &e) ||
	    vnuma_topology_new(&t, cfg, &e)) {
		for (size_t i = 0; i < vnuma_error_warning_count(e); i++)
			print(vnuma_error_warning(e, i));
		print(e);
	} else {
		for (size_t i = 0; i < vnuma_topology_warning_count(t); i++)
			print(vnuma_topology_warning(t, i));
	}
	vnuma_error_free(e);
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	return 0;
}
