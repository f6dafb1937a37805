/* SPDX-License-Identifier: MIT */
/* The builder's memory calls: -object memory-backend-*, -device. */
#include "compose.h"

static const char *const backend_types[] = {
	[VNUMA_BACKEND_RAM] = "memory-backend-ram",
	[VNUMA_BACKEND_FILE] = "memory-backend-file",
	[VNUMA_BACKEND_MEMFD] = "memory-backend-memfd",
};

int vnuma_builder_add_backend(vnuma_config *cfg,
			      const vnuma_backend_spec *spec,
			      vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_add_backend", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_BACKEND_SPEC_VERSION,
				      "vnuma_backend_spec", err);

	if (rc)
		return rc;
	if (spec->type < VNUMA_BACKEND_RAM || spec->type > VNUMA_BACKEND_MEMFD)
		vnuma__compose_bad(&c, "type is not a vnuma_backend_type");
	else
		vnuma__compose_implied(&c, "qom-type",
				       backend_types[spec->type]);
	vnuma__compose_str(&c, "id", spec->id);
	vnuma__compose_size(&c, "size", spec->size);
	vnuma__compose_str(&c, "mem-path", spec->mem_path);
	vnuma__compose_flag(&c, "share", spec->share);
	vnuma__compose_flag(&c, "prealloc", spec->prealloc);
	vnuma__compose_ranges(&c, "host-nodes", spec->host_nodes,
			      spec->n_host_nodes);
	vnuma__compose_str(&c, "policy", spec->policy);
	vnuma__compose_props(&c, spec->props, spec->n_props);
	return vnuma__compose_add(&c, cfg, "-object", err);
}

int vnuma_builder_add_device(vnuma_config *cfg, const vnuma_device_spec *spec,
			     vnuma_error **err)
{
	struct vnuma__compose c;
	int rc = vnuma__compose_start(&c, "vnuma_builder_add_device", cfg,
				      spec ? &spec->version : NULL,
				      VNUMA_DEVICE_SPEC_VERSION,
				      "vnuma_device_spec", err);

	if (rc)
		return rc;
	vnuma__compose_implied(&c, "driver", spec->driver);
	vnuma__compose_str(&c, "id", spec->id);
	vnuma__compose_str(&c, "memdev", spec->memdev);
	vnuma__compose_num(&c, "node", spec->node);
	vnuma__compose_num(&c, "slot", spec->slot);
	vnuma__compose_num(&c, "addr", spec->addr);
	vnuma__compose_props(&c, spec->props, spec->n_props);
	return vnuma__compose_add(&c, cfg, "-device", err);
}
