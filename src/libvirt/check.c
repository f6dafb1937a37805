// SPDX-License-Identifier: MIT
/*
 * libvirt 9.0's refusals of a domain's NUMA topology and memory, at
 * define and start time, with its messages: the stages in the order
 * libvirt runs them (parse, post-parse, validation, then what
 * domxml-to-native and a start meet while building the command line),
 * so that the first refusal is the one libvirt gives.
 */
#include <stdlib.h>

#include "check_internal.h"

typedef int (*stage)(struct lvc *c);

static const stage stages[] = {
	/* virDomainDefParseXML */
	vnuma__lvc_memory,
	vnuma__lvc_vcpu,
	vnuma__lvc_cpu,
	vnuma__lvc_cells,
	vnuma__lvc_cell_cpus,
	vnuma__lvc_numatune,
	vnuma__lvc_os,
	vnuma__lvc_devices,
	/* virDomainDefPostParse: the devices', then the domain's */
	vnuma__lvc_post_vcpu,
	vnuma__lvc_post_devices,
	vnuma__lvc_post_memory,
	/*
	 * virDomainDefValidate: the QEMU driver's validation, then the
	 * devices', then libvirt's own (huge pages, NUMA)
	 */
	vnuma__lvc_validate_name,
	vnuma__lvc_validate_machine,
	vnuma__lvc_validate_devices,
	vnuma__lvc_validate_memory,
	vnuma__lvc_validate_numa,
	/* qemuProcessPrepareDomain, then the command line */
	vnuma__lvc_start_devices,
	vnuma__lvc_start_machine,
	vnuma__lvc_start_memory,
	vnuma__lvc_start_memdevs,
};

static void lvc_free(struct lvc *c)
{
	for (size_t i = 0; i < c->ncells; i++) {
		free(c->cells[i].cpus);
		free(c->cells[i].levels);
		free(c->cells[i].memnode);
	}
	free(c->cells);
	for (size_t i = 0; i < c->npages; i++)
		free(c->pages[i].nodes);
	free(c->pages);
	free(c->links);
	for (size_t i = 0; i < c->nmems; i++)
		free(c->mems[i].nodemask);
	free(c->mems);
	free(c->tune_nodes);
	xmlFree(c->arch);
	xmlFree(c->machine);
	xmlFree(c->cpu_mode);
	xmlFree(c->cpu_model);
}

int vnuma__libvirt_check(const xmlDoc *doc, vnuma_error **err)
{
	struct lvc c = { .err = err };
	int rc = VNUMA_OK;

	/* libxml2's getters take non-const documents; none is modified */
	c.dom = xmlDocGetRootElement((xmlDoc *)doc);
	if (!vnuma__lvc_is(c.dom, "domain"))
		return vnuma__libvirt_error(err, VNUMA_E_SYNTAX,
					    "libvirt.not-domain", c.dom, NULL,
					    "XML error: expecting root element "
					    "of 'domain', not '%s'",
					    c.dom ? (const char *)c.dom->name :
						    "");
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]) && !rc; i++)
		rc = stages[i](&c);
	lvc_free(&c);
	return rc;
}
