/* SPDX-License-Identifier: MIT */
/* vnuma plan: the planner's result as @FILE options, JSON or libvirt XML */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "num.h"
#include "plan.h"
#include "vnuma/vnuma.h"

struct plan_cli {
	uint64_t vcpus, memory, huge, nodes;
	bool have_vcpus, have_memory;
	const char *root;
	bool json, libvirt;
};

/* "4G", "512M", "1048576K"; a bare number is MiB, as QEMU's -m reads it. */
static bool parse_size(uint64_t *out, const char *s)
{
	static const char units[] = "KMGT";
	const char *u;
	char digits[32];
	size_t n = strspn(s, "0123456789");
	uint64_t v;
	int shift = 20;

	if (!n || n >= sizeof(digits))
		return false;
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (!cli_parse_uint(&v, digits, UINT64_MAX))
		return false;
	if (s[n]) {
		u = strchr(units, s[n]);
		if (!u || s[n + 1])
			return false;
		shift = 10 * (int)(u - units + 1);
	}
	if (v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

static int usage_error(const char *fmt, const char *a, const char *b)
{
	return cli_fail(EXIT_USAGE, "cli.usage", fmt, a, b);
}

static void plan_usage(void)
{
	printf("Usage: vnuma plan --vcpus N --memory SIZE [--hugepages 2M|1G]\n"
	       "                  [--nodes K] [--host-root DIR] "
	       "[--json | --libvirt]\n\n"
	       "Plans a guest whose NUMA topology mirrors this host's and "
	       "prints it as\nQEMU options, one per line (vnuma @FILE and "
	       "QEMU's own options read them).\nSIZE takes K, M, G or T; a "
	       "bare number is MiB.\n");
}

/* A flag's value; -1 to go on, or the exit status. */
static int set_value(struct plan_cli *c, const char *a, const char *v)
{
	if (!strcmp(a, "--vcpus")) {
		if (!cli_parse_uint(&c->vcpus, v, UINT32_MAX))
			return usage_error("plan: --vcpus: expected a number, "
					   "not '%s'%s",
					   v, "");
		c->have_vcpus = true;
	} else if (!strcmp(a, "--memory")) {
		if (!parse_size(&c->memory, v))
			return usage_error("plan: --memory: expected a size "
					   "(4G, 512M), not '%s'%s",
					   v, "");
		c->have_memory = true;
	} else if (!strcmp(a, "--hugepages")) {
		if (strcmp(v, "2M") && strcmp(v, "1G"))
			return usage_error("plan: --hugepages: expected 2M or "
					   "1G, not '%s'%s",
					   v, "");
		c->huge = v[0] == '2' ? (uint64_t)2 << 20 : (uint64_t)1 << 30;
	} else if (!strcmp(a, "--nodes")) {
		if (!cli_parse_uint(&c->nodes, v, UINT32_MAX))
			return usage_error("plan: --nodes: expected a number, "
					   "not '%s'%s",
					   v, "");
	} else {
		c->root = v;
	}
	return -1;
}

static bool takes_value(const char *a)
{
	static const char *const flags[] = { "--vcpus", "--memory",
					     "--hugepages", "--nodes",
					     "--host-root" };

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(a, flags[i]))
			return true;
	return false;
}

/* Returns -1 to go on, or the exit status. */
static int parse(struct plan_cli *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '='), *v;
		char flag[16];
		int rc;

		if (!strcmp(a, "--json")) {
			c->json = true;
			continue;
		}
		if (!strcmp(a, "--libvirt")) {
			c->libvirt = true;
			continue;
		}
		if (!strcmp(a, "--help")) {
			plan_usage();
			return EXIT_ACCEPTED;
		}
		/* "--memory=4G", as vnuma's own flags take it too */
		if (eq && (size_t)(eq - a) < sizeof(flag)) {
			memcpy(flag, a, (size_t)(eq - a));
			flag[eq - a] = '\0';
			if (takes_value(flag)) {
				if ((rc = set_value(c, flag, eq + 1)) >= 0)
					return rc;
				continue;
			}
		}
		if (!takes_value(a))
			return usage_error("plan: unknown argument '%s'%s", a,
					   " (vnuma plan --help lists them)");
		if (i + 1 >= argc)
			return usage_error("plan: %s requires a value%s", a,
					   "");
		v = argv[++i];
		if ((rc = set_value(c, a, v)) >= 0)
			return rc;
	}
	if (c->json && c->libvirt)
		return usage_error("plan: %s and %s exclude each other",
				   "--json", "--libvirt");
	if (!c->have_vcpus || !c->have_memory)
		return usage_error("plan: %s and %s are required", "--vcpus",
				   "--memory");
	return -1;
}

/* The @FILE form: a comment header saying what the plan is, then options. */
static void print_text(const vnuma_plan *p)
{
	vnuma_plan_info in = VNUMA_INFO_INIT(vnuma_plan_info);

	vnuma_plan_info_get(&in, p);
	printf("# vnuma plan: %u vCPU%s, %s%s%s, %zu guest node%s\n", in.vcpus,
	       in.vcpus == 1 ? "" : "s", in.memory_text,
	       in.hugepage_text ? " in huge pages of " : "",
	       in.hugepage_text ? in.hugepage_text : "", in.node_count,
	       in.node_count == 1 ? "" : "s");
	for (size_t i = 0; i < in.node_count; i++) {
		vnuma_plan_node n = VNUMA_INFO_INIT(vnuma_plan_node);

		vnuma_plan_node_get(&n, p, i);
		printf("# node %u: %s on host node %u", n.id, n.memory_text,
		       n.host_node);
		if (n.vcpu_count == 1)
			printf(", vCPU %u pinned to host CPU %s", n.vcpu_first,
			       n.host_cpus);
		else if (n.vcpu_count)
			printf(", vCPUs %u-%u pinned to host CPUs %s in order",
			       n.vcpu_first, n.vcpu_first + n.vcpu_count - 1,
			       n.host_cpus);
		else
			printf(", no vCPU");
		if (n.initiator >= 0)
			printf(", initiator node %d", n.initiator);
		printf("\n");
	}
	for (size_t i = 0; i < in.option_count; i++) {
		vnuma_plan_option o = VNUMA_INFO_INIT(vnuma_plan_option);

		vnuma_plan_option_get(&o, p, i);
		printf("%s\n", o.line);
	}
}

static json_t *node_json(const vnuma_plan *p, size_t i)
{
	vnuma_plan_node n = VNUMA_INFO_INIT(vnuma_plan_node);
	json_t *o = json_object(), *v = json_array();

	vnuma_plan_node_get(&n, p, i);
	for (unsigned int k = 0; k < n.vcpu_count; k++)
		json_array_append_new(v, json_integer(n.vcpu_first + k));
	json_object_set_new(o, "id", json_integer(n.id));
	json_object_set_new(o, "host-node", json_integer(n.host_node));
	json_object_set_new(o, "memory", json_integer((json_int_t)n.memory));
	json_object_set_new(o, "backend", json_string(n.backend));
	json_object_set_new(o, "vcpus", v);
	json_object_set_new(o, "host-cpus", json_string(n.host_cpus));
	json_object_set_new(o, "initiator",
			    n.initiator >= 0 ? json_integer(n.initiator) :
					       json_null());
	return o;
}

static int print_json(const vnuma_plan *p)
{
	vnuma_plan_info in = VNUMA_INFO_INIT(vnuma_plan_info);
	json_t *root = json_object(), *o = json_object(), *smp = json_object();
	json_t *nodes = json_array(), *pins = json_array(),
	       *opts = json_array();
	char *s;

	vnuma_plan_info_get(&in, p);
	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(o, "vcpus", json_integer(in.vcpus));
	json_object_set_new(o, "memory", json_integer((json_int_t)in.memory));
	json_object_set_new(o, "hugepage-size",
			    in.hugepage_size ?
				    json_integer(
					    (json_int_t)in.hugepage_size) :
				    json_null());
	json_object_set_new(o, "machine", json_string("q35"));
	json_object_set_new(o, "hmat", json_boolean(in.hmat));
	json_object_set_new(smp, "sockets", json_integer(in.sockets));
	json_object_set_new(smp, "cores", json_integer(in.cores));
	json_object_set_new(smp, "threads", json_integer(in.threads));
	json_object_set_new(o, "smp", smp);
	for (size_t i = 0; i < in.node_count; i++)
		json_array_append_new(nodes, node_json(p, i));
	json_object_set_new(o, "nodes", nodes);
	for (unsigned int i = 0; i < in.vcpus; i++) {
		vnuma_plan_vcpu v = VNUMA_INFO_INIT(vnuma_plan_vcpu);
		json_t *e = json_object();

		vnuma_plan_vcpu_get(&v, p, i);
		json_object_set_new(e, "vcpu", json_integer(v.vcpu));
		json_object_set_new(e, "node", json_integer(v.node));
		json_object_set_new(e, "host-node", json_integer(v.host_node));
		json_object_set_new(e, "host-cpu", json_integer(v.host_cpu));
		json_array_append_new(pins, e);
	}
	json_object_set_new(o, "pinning", pins);
	for (size_t i = 0; i < in.option_count; i++) {
		vnuma_plan_option op = VNUMA_INFO_INIT(vnuma_plan_option);

		vnuma_plan_option_get(&op, p, i);
		json_array_append_new(opts, json_string(op.line));
	}
	json_object_set_new(o, "options", opts);
	json_object_set_new(root, "plan", o);
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s)
		return cli_oom();
	printf("%s\n", s);
	free(s);
	cli_out_emitted();
	return EXIT_ACCEPTED;
}

/* The plan's options as an argv the library reads. */
static int plan_topology(vnuma_topology **t, const vnuma_plan *p,
			 vnuma_error **e)
{
	vnuma_plan_info in = VNUMA_INFO_INIT(vnuma_plan_info);
	vnuma_config *cfg = NULL;
	const char **argv;
	int r;

	vnuma_plan_info_get(&in, p);
	argv = calloc(2 * in.option_count + 1, sizeof(*argv));
	if (!argv)
		return VNUMA_E_NOMEM;
	for (size_t i = 0; i < in.option_count; i++) {
		vnuma_plan_option o = VNUMA_INFO_INIT(vnuma_plan_option);

		vnuma_plan_option_get(&o, p, i);
		argv[2 * i] = o.name;
		argv[2 * i + 1] = o.value;
	}
	r = vnuma_config_new(&cfg, NULL, e);
	if (!r)
		r = vnuma_config_add_argv(cfg, (int)(2 * in.option_count),
					  argv, 0, e);
	if (!r)
		r = vnuma_topology_new(t, cfg, e);
	vnuma_config_free(cfg);
	free(argv);
	return r;
}

/*
 * The domain the libvirt writer makes of the planned options, with the
 * pinning advice as <cputune> (libvirt has no option form of it). A plan
 * the writer cannot say (a guest node whose initiator libvirt could only
 * derive from figures the host does not give) is refused as a plan this
 * host cannot have in libvirt's form: exit 3, plan.libvirt-form.
 */
static int print_libvirt(const vnuma_plan *p)
{
	vnuma_plan_info in = VNUMA_INFO_INIT(vnuma_plan_info);
	vnuma_topology *t = NULL;
	vnuma_error *e = NULL;
	unsigned int *pins;
	char *xml = NULL;
	int r;

	vnuma_plan_info_get(&in, p);
	pins = calloc(in.vcpus ? in.vcpus : 1, sizeof(*pins));
	if (!pins)
		return cli_oom();
	for (unsigned int i = 0; i < in.vcpus; i++) {
		vnuma_plan_vcpu v = VNUMA_INFO_INIT(vnuma_plan_vcpu);

		vnuma_plan_vcpu_get(&v, p, i);
		pins[i] = v.host_cpu;
	}
	r = plan_topology(&t, p, &e);
	if (!r)
		r = vnuma_libvirt_xml_write_pinned(&xml, t, pins, in.vcpus, 0,
						   &e);
	vnuma_topology_free(t);
	free(pins);
	if (r == VNUMA_E_UNSUPPORTED &&
	    !strcmp(vnuma_error_check(e), "libvirt.no-form")) {
		r = cli_fail(EXIT_HOST, "plan.libvirt-form",
			     "plan: this plan has no libvirt form (%s); "
			     "without --libvirt it is given as QEMU options",
			     vnuma_error_message(e));
		vnuma_error_free(e);
		return r;
	}
	if (r)
		return e ? cli_reject(false, e) : cli_oom();
	fputs(xml, stdout);
	free(xml);
	return EXIT_ACCEPTED;
}

int cli_plan_main(int argc, char **argv)
{
	vnuma_host_probe_options ho = VNUMA_HOST_PROBE_OPTIONS_INIT;
	vnuma_plan_options po = VNUMA_PLAN_OPTIONS_INIT;
	struct plan_cli c = { 0 };
	vnuma_hostinfo *h = NULL;
	vnuma_plan *p = NULL;
	vnuma_error *e = NULL;
	int code;

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--json"))
			cli_out_json_set(true);
	if ((code = parse(&c, argc, argv)) >= 0)
		return code;
	ho.root = c.root;
	if (vnuma_host_probe(&h, &ho, &e))
		return cli_reject(c.json, e);
	po.vcpus = (unsigned int)c.vcpus;
	po.memory = c.memory;
	po.hugepage_size = c.huge;
	po.nodes = (unsigned int)c.nodes;
	code = vnuma_plan_new(&p, h, &po, &e);
	vnuma_hostinfo_free(h);
	if (code)
		return cli_reject(c.json, e);
	if (c.json)
		code = print_json(p);
	else if (c.libvirt)
		code = print_libvirt(p);
	else {
		print_text(p);
		code = EXIT_ACCEPTED;
	}
	vnuma_plan_free(p);
	return code;
}
