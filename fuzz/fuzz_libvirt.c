/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the libvirt front-end: the input is a domain XML
 * (any bytes). It is read into a configuration; when that succeeds the
 * topology is made, and when that succeeds its JSON report must be one
 * JSON object. Whatever fails must fail by the contract: a status and an
 * error that agree, the configuration still freeable. An XML with a DTD
 * that declares entities (billion laughs, an external file) must be read
 * without expanding them or reaching outside the input.
 *
 * The harness aborts on any breach.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "vnuma/vnuma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_report(const vnuma_topology *t)
{
	char *s = NULL;

	if (vnuma_report_json(&s, t, NULL))
		return;
	check_json(s);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	int rc;

	if (vnuma_config_new(&cfg, NULL, NULL))
		return 0;
	rc = vnuma_config_add_libvirt_xml(cfg, (const char *)data, size, 0,
					  &e);
	check_contract(rc, e);
	vnuma_error_free(e);
	e = NULL;
	if (!rc) {
		rc = vnuma_topology_new(&t, cfg, &e);
		check_contract(rc, e);
		vnuma_error_free(e);
		if (!rc)
			check_report(t);
		vnuma_topology_free(t);
	}
	vnuma_config_free(cfg);
	return 0;
}
