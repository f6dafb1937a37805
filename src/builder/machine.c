/* SPDX-License-Identifier: MIT */
/* The builder's board calls: -machine, -m, -smp. */
#include "compose.h"

int vnuma_builder_machine(vnuma_config *cfg, const vnuma_machine_spec *spec,
			  vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_machine", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_MACHINE_SPEC_VERSION,
				      "vnuma_machine_spec", err);

	if (rc)
		return rc;
	vnuma__compose_implied(&c, "type", spec->type);
	vnuma__compose_props(&c, spec->props, spec->n_props);
	return vnuma__compose_add(&c, cfg, "-machine", err);
}

/*
 * The parser applies -m's own QemuOpts rules (an id is refused, help
 * stops the list) by the option's spelling; the text written here holds
 * neither, so naming the entry after the builder changes nothing.
 */
int vnuma_builder_memory(vnuma_config *cfg, const vnuma_memory_spec *spec,
			 vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_memory", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_MEMORY_SPEC_VERSION,
				      "vnuma_memory_spec", err);

	if (rc)
		return rc;
	vnuma__compose_size(&c, "size", spec->size);
	vnuma__compose_num(&c, "slots", spec->slots);
	vnuma__compose_size(&c, "maxmem", spec->maxmem);
	return vnuma__compose_add(&c, cfg, "-m", err);
}

int vnuma_builder_smp(vnuma_config *cfg, const vnuma_smp_spec *spec,
		      vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_smp", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_SMP_SPEC_VERSION, "vnuma_smp_spec",
				      err);

	if (rc)
		return rc;
	vnuma__compose_num(&c, "cpus", spec->cpus);
	vnuma__compose_num(&c, "maxcpus", spec->maxcpus);
	vnuma__compose_num(&c, "sockets", spec->sockets);
	vnuma__compose_num(&c, "dies", spec->dies);
	vnuma__compose_num(&c, "clusters", spec->clusters);
	vnuma__compose_num(&c, "cores", spec->cores);
	vnuma__compose_num(&c, "threads", spec->threads);
	return vnuma__compose_add(&c, cfg, "-smp", err);
}
