/* SPDX-License-Identifier: MIT */
/*
 * -object memory-backend-*: expected messages were taken from
 * qemu-system-x86_64 7.2 run with the same -object option.
 */
#include "memory_fixture.h"
#include "parse/qdict.h"

#define RAM "memory-backend-ram,id=m0,size=64M"

static void one(struct fx *f, const char *text)
{
	fx_init(f);
	fx_add(f, "object", text);
	fx_backends(f);
}

static void ram_defaults_as_query_memdev(void **state)
{
	struct fx f;
	const struct vnuma__backend *be;

	(void)state;
	fx_init(&f);
	f.m.smp.cpus = 3;
	fx_add(&f, "object", RAM);
	fx_backends(&f);
	assert_fx_ok(&f);
	assert_int_equal(f.b.n, 1);
	be = &f.b.v[0];
	assert_string_equal(be->id, "m0");
	assert_int_equal(be->kind, VNUMA__BACKEND_RAM);
	assert_int_equal(be->size, 64ull << 20);
	assert_true(be->merge && be->dump && be->reserve);
	assert_false(be->prealloc || be->share || be->used);
	assert_int_equal(be->policy, VNUMA__POLICY_DEFAULT);
	assert_int_equal(be->n_host_nodes, 0);
	assert_int_equal(be->prealloc_threads, 3);
	assert_false(be->use_canonical_path);
	assert_null(be->prealloc_context);
	assert_ptr_equal(vnuma__backend_find(&f.b, "m0"), be);
	assert_null(vnuma__backend_find(&f.b, "m1"));
	fx_fini(&f);
}

static void memfd_is_shared_and_sealed(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-memfd,id=f,size=1M");
	assert_fx_ok(&f);
	assert_true(f.b.v[0].share && f.b.v[0].seal);
	assert_false(f.b.v[0].hugetlb);
	assert_int_equal(f.b.v[0].hugetlbsize, 0);
	fx_fini(&f);
}

/* -M mem-merge=off,dump-guest-core=off and -mem-prealloc set defaults. */
static void machine_sets_defaults(void **state)
{
	struct fx f;
	struct vnuma__kv *kv = calloc(2, sizeof(*kv));

	(void)state;
	fx_init(&f);
	assert_non_null(kv);
	kv[0] = (struct vnuma__kv){ (char *)"mem-merge", (char *)"off" };
	kv[1] = (struct vnuma__kv){ (char *)"dump-guest-core", (char *)"off" };
	f.m.other = kv;
	f.m.n_other = 2;
	f.m.mem_prealloc = true;
	fx_add(&f, "object", RAM);
	fx_add(&f, "object", "memory-backend-ram,id=m1,size=1M,prealloc=off");
	fx_backends(&f);
	assert_fx_ok(&f);
	assert_false(f.b.v[0].merge || f.b.v[0].dump);
	assert_true(f.b.v[0].prealloc);
	assert_false(f.b.v[1].prealloc);
	fx_fini(&f);
}

static void every_property_is_stored(void **state)
{
	struct fx f;
	const struct vnuma__backend *be;

	(void)state;
	fx_init(&f);
	fx_add(&f, "object",
	       RAM ",prealloc-threads=2,dump=off,merge=off,share=on,"
		   "reserve=off,policy=interleave,host-nodes=3,host-nodes=1-2,"
		   "host-nodes=2,x-use-canonical-path-for-ramblock-id=on,"
		   "prealloc-context=tc");
	fx_add(&f, "object",
	       "memory-backend-file,id=f,size=2M,mem-path=/dev/hugepages,"
	       "align=2M,discard-data=on,readonly=on,pmem=on");
	fx_add(&f, "object",
	       "memory-backend-memfd,id=d,size=2M,hugetlb,hugetlbsize=2M,"
	       "seal=off");
	/* Created before every backend, wherever it is on the line. */
	fx_add(&f, "object", "thread-context,id=tc");
	fx_backends(&f);
	assert_fx_ok(&f);
	assert_int_equal(f.b.n, 3);
	be = &f.b.v[0];
	assert_int_equal(be->prealloc_threads, 2);
	assert_false(be->dump || be->merge || be->reserve);
	assert_true(be->share && be->use_canonical_path);
	assert_int_equal(be->policy, VNUMA__POLICY_INTERLEAVE);
	assert_int_equal(be->n_host_nodes, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(be->host_nodes[i], i + 1);
	assert_string_equal(be->prealloc_context, "tc");
	be = &f.b.v[1];
	assert_int_equal(be->kind, VNUMA__BACKEND_FILE);
	assert_string_equal(be->mem_path, "/dev/hugepages");
	assert_int_equal(be->align, 2u << 20);
	assert_true(be->discard_data && be->readonly && be->pmem);
	assert_int_equal(be->entry, 1);
	be = &f.b.v[2];
	assert_int_equal(be->kind, VNUMA__BACKEND_MEMFD);
	assert_true(be->hugetlb);
	assert_false(be->seal);
	assert_int_equal(be->hugetlbsize, 2u << 20);
	fx_fini(&f);
}

static void id_missing(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-ram,size=64M");
	assert_fx_error(&f, VNUMA_E_MISSING, "backend.id-missing", "id",
			"Parameter 'id' is missing");
	assert_string_equal(vnuma_error_option(f.e), "-object");
	fx_fini(&f);
}

static void duplicate_id(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	fx_add(&f, "object", RAM);
	fx_add(&f, "object",
	       "memory-backend-file,id=m0,size=1M,mem-path=/tmp");
	fx_backends(&f);
	assert_fx_error(&f, VNUMA_E_DUPLICATE, "opts.duplicate-id", "id",
			"Duplicate ID 'm0' for object");
	assert_string_equal(vnuma_error_text(f.e),
			    "memory-backend-file,id=m0,size=1M,mem-path=/tmp");
	assert_int_equal(vnuma_error_offset(f.e), 23);
	assert_int_equal(f.b.n, 0);
	fx_fini(&f);
}

static void qom_type(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "id=x");
	assert_fx_error(&f, VNUMA_E_MISSING, "backend.qom-type-missing",
			"qom-type", "Parameter 'qom-type' is missing");
	fx_fini(&f);
	one(&f, "foo,id=x");
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "backend.qom-type-unknown",
			"qom-type",
			"Parameter 'qom-type' does not accept value 'foo'");
	fx_fini(&f);
	/* A type QEMU knows but vnuma does not handle, id or not. */
	one(&f, "iothread");
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "object.unsupported",
			"qom-type",
			"vnuma handles only memory-backend-ram, "
			"memory-backend-file, memory-backend-memfd and "
			"thread-context objects, not 'iothread'");
	fx_fini(&f);
	/* The last qom-type wins, as the OptsVisitor reads it. */
	one(&f, "memory-backend-ram,qom-type=memory-backend-file,id=m0,"
		"size=64M");
	assert_fx_error(&f, VNUMA_E_MISSING, "backend.property-missing",
			"mem-path", "Parameter 'mem-path' is missing");
	fx_fini(&f);
}

static void help_is_not_printed(void **state)
{
	struct fx f;

	(void)state;
	one(&f, RAM ",help");
	assert_fx_error(&f, VNUMA_E_UNSUPPORTED, "backend.help", "qom-type",
			"vnuma does not print QEMU's help");
	fx_fini(&f);
}

/* QEMU's JSON reader takes single-quoted strings; id is a member. */
static void json_single_quotes_need_id(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "{'qom-type':'memory-backend-ram'}");
	assert_fx_error(&f, VNUMA_E_MISSING, "backend.id-missing", "id",
			"Parameter 'id' is missing");
	fx_fini(&f);
}

#define JRAM "{\"qom-type\":\"memory-backend-ram\","

/* The JSON form gives the backend the key=value form gives. */
static void json_backend_as_keyvalue(void **state)
{
	struct fx f;
	const struct vnuma__backend *be;

	(void)state;
	one(&f, JRAM "\"id\":\"m0\",\"size\":67108864,\"host-nodes\":[1,0,1],"
	    "\"policy\":\"interleave\",\"share\":true,\"merge\":false,"
	    "\"prealloc-threads\":3}");
	assert_fx_ok(&f);
	be = &f.b.v[0];
	assert_string_equal(be->id, "m0");
	assert_int_equal(be->size, 64ull << 20);
	assert_int_equal(be->n_host_nodes, 2);
	assert_int_equal(be->host_nodes[0], 0);
	assert_int_equal(be->host_nodes[1], 1);
	assert_int_equal(be->policy, VNUMA__POLICY_INTERLEAVE);
	assert_true(be->share);
	assert_false(be->merge);
	assert_int_equal(be->prealloc_threads, 3);
	fx_fini(&f);
}

/* qom-type and id are members, typed like the others. */
static void json_head(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "{\"qom-type\":5,\"id\":\"m0\"}");
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-type", "qom-type",
			"Invalid parameter type for 'qom-type', expected: "
			"string");
	fx_fini(&f);
	/* help is no value of the enumeration in JSON */
	one(&f, "{\"qom-type\":\"help\"}");
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "backend.qom-type-unknown",
			"qom-type",
			"Parameter 'qom-type' does not accept value 'help'");
	fx_fini(&f);
	one(&f, JRAM "\"id\":1,\"size\":1}");
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-type", "id",
			"Invalid parameter type for 'id', expected: string");
	fx_fini(&f);
	one(&f, JRAM "\"id\":\"m0\",\"size\":1,\"mem-path\":\"/tmp\"}");
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "opts.unknown-key", "mem-path",
			"Parameter 'mem-path' is unexpected");
	fx_fini(&f);
	one(&f, "{\"qom-type\":\"memory-backend-file\",\"id\":\"m0\","
	    "\"size\":1,\"mem-path\":[]}");
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-type", "mem-path",
			"Invalid parameter type for 'mem-path', expected: "
			"string");
	fx_fini(&f);
}

/*
 * The id of a JSON object is checked when it is created: well-formed
 * before its properties, free after them; no option is named then.
 */
static void json_id_at_creation(void **state)
{
	struct fx f;

	(void)state;
	one(&f, JRAM "\"id\":\"m 0\",\"size\":0}");
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.id-invalid", "id",
			"Parameter 'id' expects an identifier");
	assert_null(vnuma_error_option(f.e));
	assert_non_null(vnuma_error_hint(f.e));
	fx_fini(&f);
	/* a type error is found earlier, while the option is read */
	one(&f, JRAM "\"id\":\"m 0\",\"size\":\"1\"}");
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-value", "size",
			"Parameter 'size' expects uint64");
	fx_fini(&f);
	fx_init(&f);
	fx_add(&f, "object", RAM);
	fx_add(&f, "object",
	       JRAM "\"id\":\"m0\",\"size\":1,\"policy\":\"bind\"}");
	fx_backends(&f);
	assert_fx_error(&f, VNUMA_E_DUPLICATE, "backend.duplicate-id", "id",
			"attempt to add duplicate property 'm0' to object "
			"(type 'container')");
	assert_null(vnuma_error_option(f.e));
	fx_fini(&f);
	/* properties are set before the id is added */
	fx_init(&f);
	fx_add(&f, "object", JRAM "\"id\":\"m0\",\"size\":1}");
	fx_add(&f, "object", "memory-backend-ram,id=m0,size=0");
	fx_backends(&f);
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.size-zero", "size",
			"property 'size' of memory-backend-ram doesn't take "
			"value '0'");
	fx_fini(&f);
	/* QemuOpts compares the key=value ones only, while reading them */
	fx_init(&f);
	fx_add(&f, "object", JRAM "\"id\":\"m0\",\"size\":1}");
	fx_add(&f, "object", RAM);
	fx_add(&f, "object", "memory-backend-ram,id=m0,size=1,foo=1");
	fx_backends(&f);
	assert_fx_error(&f, VNUMA_E_DUPLICATE, "opts.duplicate-id", "id",
			"Duplicate ID 'm0' for object");
	fx_fini(&f);
}

/* QEMU 7.2 aborts on a size that rounds up to 2^64: vnuma refuses it. */
static void size_wrapping_to_zero(void **state)
{
	struct fx f;

	(void)state;
	one(&f, JRAM "\"id\":\"m0\",\"size\":-1}");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.size-too-large", "size",
			"property 'size' of memory-backend-ram: "
			"18446744073709551615 bytes do not fit in 2^64 once "
			"rounded up to the host page size");
	fx_fini(&f);
	one(&f, "memory-backend-ram,id=m0,size=18446744073709547521");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.size-too-large", "size",
			"property 'size' of memory-backend-ram: "
			"18446744073709547521 bytes do not fit in 2^64 once "
			"rounded up to the host page size");
	fx_fini(&f);
	one(&f, "memory-backend-ram,id=m0,size=18446744073709547520");
	assert_fx_ok(&f);
	fx_fini(&f);
}

/*
 * Several unknown keys: QEMU names the first left in its GLib hash table
 * once the known ones were visited, not the first in the text.
 */
static void unknown_keys_in_qemu_order(void **state)
{
	static const struct {
		const char *text, *msg;
	} c[] = {
		{ JRAM "\"id\":\"m0\",\"size\":1048576,\"zz\":1,\"aa\":1,"
		  "\"b\":1}", "Parameter 'aa' is unexpected" },
		{ "{\"x1\":1,\"x2\":1,\"x3\":1,\"x4\":1,\"x5\":1,\"x6\":1,"
		  "\"x7\":1,\"x8\":1,\"x9\":1,"
		  "\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\","
		  "\"size\":1048576}", "Parameter 'x6' is unexpected" },
		{ "memory-backend-ram,id=m0,size=1M,zz=1,aa=1,b=1",
		  "Invalid parameter 'aa'" },
		{ "memory-backend-ram,x1=1,x2=1,x3=1,x4=1,x5=1,x6=1,x7=1,"
		  "x8=1,x9=1,id=m0,size=1M", "Invalid parameter 'x6'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct fx f;

		one(&f, c[i].text);
		assert_int_equal(f.rc, VNUMA_E_UNKNOWN);
		assert_string_equal(vnuma_error_check(f.e), "opts.unknown-key");
		assert_string_equal(vnuma_error_message(f.e), c[i].msg);
		fx_fini(&f);
	}
}

/* Mandatory members are missed before unknown keys are looked for. */
static void size_missing_before_unknown_key(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-ram,id=m0,foo=1");
	assert_fx_error(&f, VNUMA_E_MISSING, "backend.property-missing",
			"size", "Parameter 'size' is missing");
	fx_fini(&f);
}

static void unknown_property(void **state)
{
	struct fx f;

	(void)state;
	one(&f, RAM ",foo=1");
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "opts.unknown-key", "foo",
			"Invalid parameter 'foo'");
	fx_fini(&f);
	/* memfd's property on a ram backend; "offset" came after 7.2. */
	one(&f, RAM ",hugetlb=on");
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "opts.unknown-key", "hugetlb",
			"Invalid parameter 'hugetlb'");
	fx_fini(&f);
	one(&f, "memory-backend-file,id=f,size=1M,mem-path=/tmp,offset=0");
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "opts.unknown-key", "offset",
			"Invalid parameter 'offset'");
	fx_fini(&f);
	/* A bad value is found before an unknown key, wherever it is. */
	one(&f, RAM ",foo=1,share=x");
	assert_fx_error(&f, VNUMA_E_SYNTAX, "opts.bad-value", "share",
			"Parameter 'share' expects 'on' or 'off'");
	fx_fini(&f);
}

static void bad_values(void **state)
{
	static const struct {
		const char *text, *key, *msg;
	} cases[] = {
		{ "size=abc", "size", "Parameter 'size' expects a size value" },
		{ "policy=bogus", "policy",
		  "Parameter 'policy' does not accept value 'bogus'" },
		{ "prealloc-threads=4294967296", "prealloc-threads",
		  "Parameter 'prealloc-threads' expects uint32_t" },
		{ "prealloc-threads=-1", "prealloc-threads",
		  "Parameter 'prealloc-threads' expects a uint64 value" },
		{ "policy=bind,host-nodes=65536", "host-nodes",
		  "Parameter 'null' expects uint16_t" },
		{ "policy=bind,host-nodes=1-0", "host-nodes",
		  "Parameter 'host-nodes' expects a uint64 value or range" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		char text[200];

		snprintf(text, sizeof(text), "%s,%s", RAM, cases[i].text);
		one(&f, text);
		assert_int_not_equal(f.rc, 0);
		assert_string_equal(vnuma_error_key(f.e), cases[i].key);
		assert_string_equal(vnuma_error_message(f.e), cases[i].msg);
		fx_fini(&f);
	}
}

static void zero_values(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-ram,id=m,size=0");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.size-zero", "size",
			"property 'size' of memory-backend-ram doesn't take "
			"value '0'");
	fx_fini(&f);
	/* QEMU sets prealloc-threads before size (its QDict's order). */
	one(&f, "memory-backend-memfd,id=m,size=0,prealloc-threads=0");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.prealloc-threads-zero",
			"prealloc-threads",
			"property 'prealloc-threads' of memory-backend-memfd "
			"doesn't take value '0'");
	fx_fini(&f);
	one(&f, "memory-backend-memfd,id=m,size=1M,hugetlbsize=0");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.hugetlbsize-zero",
			"hugetlbsize",
			"Property 'memory-backend-memfd.hugetlbsize' doesn't "
			"take value '0'");
	fx_fini(&f);
}

/* Errors QEMU finds when it reads the options come before the others. */
static void read_errors_before_create_errors(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	fx_add(&f, "object", "memory-backend-ram,id=a,size=0");
	fx_add(&f, "object", "memory-backend-ram,id=b,size=1M,foo=1");
	fx_backends(&f);
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "opts.unknown-key", "foo",
			"Invalid parameter 'foo'");
	fx_fini(&f);
}

static void host_nodes_range(void **state)
{
	struct fx f;

	(void)state;
	one(&f, RAM ",host-nodes=1,host-nodes=200,policy=bind");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.host-nodes-range",
			"host-nodes", "Invalid host-nodes value: 200");
	assert_int_equal(vnuma_error_offset(f.e),
			 strlen(RAM ",host-nodes=1,host-nodes="));
	fx_fini(&f);
	one(&f, RAM ",policy=bind,host-nodes=0-200");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.host-nodes-range",
			"host-nodes", "Invalid host-nodes value: 128");
	fx_fini(&f);
	/* Checked when set, before the size (QDict order). */
	one(&f, "memory-backend-ram,id=m,size=0,host-nodes=200");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.host-nodes-range",
			"host-nodes", "Invalid host-nodes value: 200");
	fx_fini(&f);
}

static void policy_and_host_nodes(void **state)
{
	struct fx f;

	(void)state;
	one(&f, RAM ",policy=bind");
	assert_fx_error(&f, VNUMA_E_MISSING, "backend.policy-nodes-missing",
			"policy", "host-nodes must be set for policy bind");
	fx_fini(&f);
	one(&f, RAM ",host-nodes=0");
	assert_fx_error(&f, VNUMA_E_CONFLICT, "backend.policy-default-nodes",
			"host-nodes",
			"host-nodes must be empty for policy default, or you "
			"should explicitly specify a policy other than "
			"default");
	fx_fini(&f);
	one(&f, RAM ",host-nodes=0,policy=preferred");
	assert_fx_ok(&f);
	assert_int_equal(f.b.v[0].policy, VNUMA__POLICY_PREFERRED);
	fx_fini(&f);
}

static void prealloc_and_reserve(void **state)
{
	struct fx f;

	(void)state;
	one(&f, RAM ",prealloc=on,reserve=off");
	assert_fx_error(&f, VNUMA_E_CONFLICT, "backend.prealloc-reserve",
			"prealloc",
			"'prealloc=on' and 'reserve=off' are incompatible");
	fx_fini(&f);
	/* -mem-prealloc turns prealloc on first: reserve refuses. */
	fx_init(&f);
	f.m.mem_prealloc = true;
	fx_add(&f, "object", RAM ",reserve=off,prealloc=off");
	fx_backends(&f);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "backend.prealloc-reserve",
			"reserve",
			"'prealloc=on' and 'reserve=off' are incompatible");
	fx_fini(&f);
}

static void hugepage_size(void **state)
{
	struct fx f;

	(void)state;
	/* Checked without hugetlb=on, and before the policy. */
	one(&f, "memory-backend-memfd,id=f,size=1M,hugetlbsize=3M,"
		"host-nodes=0");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.hugepage-size",
			"hugetlbsize", "Hugepage size must be a power of 2");
	fx_fini(&f);
	one(&f, "memory-backend-memfd,id=f,size=1M,hugetlbsize=2M");
	assert_fx_ok(&f);
	fx_fini(&f);
}

static void prealloc_context(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	fx_add(&f, "object", "memory-backend-ram,id=d,size=1M");
	/* Set before host-nodes (QDict order), unlike the schema's order. */
	fx_add(&f, "object", RAM ",host-nodes=200,prealloc-context=d");
	fx_backends(&f);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "backend.prealloc-context-type",
			"prealloc-context",
			"Invalid parameter type for 'prealloc-context', "
			"expected: thread-context");
	fx_fini(&f);
	one(&f, RAM ",prealloc-context=");
	assert_fx_ok(&f);
	assert_null(f.b.v[0].prealloc_context);
	fx_fini(&f);
}

/*
 * QEMU creates the objects after reading every option and restores no
 * location, so what the setters and completion refuse names no option:
 * "qemu-system-x86_64: property 'size' of memory-backend-ram doesn't take
 * value '0'" (-m 1G -object memory-backend-ram,id=m0,size=0 ...). The
 * text and key stay for callers. Errors of reading the option keep it.
 */
static void create_errors_name_no_option(void **state)
{
	static const char *const bad[] = {
		"memory-backend-ram,id=m,size=0",
		"memory-backend-ram,id=m,size=1M,prealloc-threads=0",
		"memory-backend-memfd,id=m,size=1M,hugetlbsize=0",
		"memory-backend-memfd,id=m,size=1M,hugetlbsize=3M",
		"memory-backend-ram,id=m,size=1M,prealloc=on,reserve=off",
		"memory-backend-ram,id=m,size=1M,policy=bind,host-nodes=1024",
		"memory-backend-ram,id=m,size=1M,host-nodes=0",
		"memory-backend-ram,id=m,size=1M,policy=bind",
		NULL
	};
	struct fx f;

	(void)state;
	for (size_t i = 0; bad[i]; i++) {
		one(&f, bad[i]);
		assert_int_not_equal(f.rc, 0);
		assert_null(vnuma_error_option(f.e));
		assert_string_equal(vnuma_error_text(f.e), bad[i]);
		assert_non_null(vnuma_error_key(f.e));
		fx_fini(&f);
	}
	one(&f, "memory-backend-ram,id=m,size=1M,policy=bind,host-nodes=1024");
	assert_fx_error(&f, VNUMA_E_RANGE, "backend.host-nodes-range",
			"host-nodes", "Invalid host-nodes value: 1024");
	fx_fini(&f);
	one(&f, "memory-backend-ram,id=m,size=x");
	assert_string_equal(vnuma_error_option(f.e), "-object");
	fx_fini(&f);
}

/*
 * -M q35,memory-backend=ram0 -object memory-backend-ram,id=ram0,size=1G:
 * without -m the backend sizes RAM (query-memory-size-summary: 1G); with
 * -m 2G "Machine memory size does not match the size of the memory
 * backend"; memory-backend=nope: "Memory backend 'nope' not found". All
 * without an option prefix.
 */
static void machine_ram_backend(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-ram,id=ram0,size=1G");
	f.m.memory_backend = "ram0";
	assert_int_equal(vnuma__ram_backend_resolve(&f.m, &f.b, &f.e), 0);
	assert_int_equal(f.m.ram_size, 1ull << 30);
	assert_int_equal(vnuma__ram_backend_check(&f.m, &f.b, false, &f.e), 0);
	assert_true(f.b.v[0].used);
	f.m.memory_backend = NULL;
	fx_fini(&f);

	one(&f, "memory-backend-ram,id=ram0,size=1G");
	f.m.memory_backend = "/objects/ram0";
	f.m.ram_size = 2ull << 30;
	f.m.ram_size_given = true;
	assert_int_equal(vnuma__ram_backend_resolve(&f.m, &f.b, &f.e), 0);
	assert_int_equal(f.m.ram_size, 2ull << 30);
	f.rc = vnuma__ram_backend_check(&f.m, &f.b, false, &f.e);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "machine.memory-backend-size",
			NULL, "Machine memory size does not match the size of "
			"the memory backend");
	assert_null(vnuma_error_option(f.e));
	assert_false(f.b.v[0].used);
	f.m.memory_backend = NULL;
	fx_fini(&f);

	one(&f, "memory-backend-ram,id=ram0,size=1G");
	f.m.memory_backend = "nope";
	f.rc = vnuma__ram_backend_resolve(&f.m, &f.b, &f.e);
	assert_fx_error(&f, VNUMA_E_UNKNOWN, "machine.memory-backend-unknown",
			NULL, "Memory backend 'nope' not found");
	assert_null(vnuma_error_option(f.e));
	f.m.memory_backend = NULL;
	fx_fini(&f);
}

/*
 * -m 1G -object memory-backend-ram,id=pc.ram,size=1G: refused, also with
 * -numa node (no memdev) or -numa node,mem=; accepted when a node takes
 * memdev=pc.ram or -M memory-backend=pc.ram names it.
 */
static void default_ram_id_reserved(void **state)
{
	struct fx f;

	(void)state;
	one(&f, "memory-backend-ram,id=pc.ram,size=1G");
	f.prof.default_ram_id = "pc.ram";
	f.m.ram_size = 1ull << 30;
	f.rc = vnuma__ram_backend_check(&f.m, &f.b, false, &f.e);
	assert_fx_error(&f, VNUMA_E_CONFLICT, "machine.ram-id-reserved", NULL,
			"object name 'pc.ram' is reserved for the default RAM "
			"backend, it can't be used for any other purposes. "
			"Change the object's 'id' to something else");
	assert_null(vnuma_error_option(f.e));
	vnuma_error_free(f.e);
	f.e = NULL;
	/* Memdevs in nodes: QEMU creates no default backend. */
	assert_int_equal(vnuma__ram_backend_check(&f.m, &f.b, true, &f.e), 0);
	/* -M none without -m has no RAM and no default backend. */
	f.m.ram_size = 0;
	assert_int_equal(vnuma__ram_backend_check(&f.m, &f.b, false, &f.e), 0);
	fx_fini(&f);
	one(&f, "memory-backend-ram,id=pc.ram,size=1G");
	f.prof.default_ram_id = "pc.ram";
	f.m.ram_size = 1ull << 30;
	f.m.memory_backend = "pc.ram";
	assert_int_equal(vnuma__ram_backend_check(&f.m, &f.b, false, &f.e), 0);
	f.m.memory_backend = NULL;
	fx_fini(&f);
}

/* QemuOpts, not keyval: a bare key is "on", a repeated key: last wins. */
static void qemuopts_grammar(void **state)
{
	struct fx f;

	(void)state;
	one(&f, RAM ",share,merge=on,merge=off,size=1G");
	assert_fx_ok(&f);
	assert_true(f.b.v[0].share);
	assert_false(f.b.v[0].merge);
	assert_int_equal(f.b.v[0].size, 1ull << 30);
	fx_fini(&f);
}

static void qdict_order(void **state)
{
	const char *keys[] = { "memdev", "node", "addr", "slot", "foo", "bar" };
	const size_t want[] = { 0, 2, 5, 3, 1, 4 };
	size_t order[6];

	(void)state;
	vnuma__qdict_order(keys, 6, order);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(order[i], want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ram_defaults_as_query_memdev),
		cmocka_unit_test(memfd_is_shared_and_sealed),
		cmocka_unit_test(machine_sets_defaults),
		cmocka_unit_test(every_property_is_stored),
		cmocka_unit_test(id_missing),
		cmocka_unit_test(duplicate_id),
		cmocka_unit_test(qom_type),
		cmocka_unit_test(help_is_not_printed),
		cmocka_unit_test(json_single_quotes_need_id),
		cmocka_unit_test(json_backend_as_keyvalue),
		cmocka_unit_test(json_head),
		cmocka_unit_test(json_id_at_creation),
		cmocka_unit_test(size_wrapping_to_zero),
		cmocka_unit_test(unknown_keys_in_qemu_order),
		cmocka_unit_test(size_missing_before_unknown_key),
		cmocka_unit_test(unknown_property),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(zero_values),
		cmocka_unit_test(read_errors_before_create_errors),
		cmocka_unit_test(host_nodes_range),
		cmocka_unit_test(policy_and_host_nodes),
		cmocka_unit_test(prealloc_and_reserve),
		cmocka_unit_test(hugepage_size),
		cmocka_unit_test(prealloc_context),
		cmocka_unit_test(qemuopts_grammar),
		cmocka_unit_test(qdict_order),
		cmocka_unit_test(create_errors_name_no_option),
		cmocka_unit_test(machine_ram_backend),
		cmocka_unit_test(default_ram_id_reserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
