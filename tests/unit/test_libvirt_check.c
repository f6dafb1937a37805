/* SPDX-License-Identifier: MIT */
/*
 * libvirt 9.0's own refusals (src/libvirt/check*.c) over the libvirt
 * corpus: every domain of tests/libvirt/domains that refused.txt records
 * is refused with exactly libvirt's message (a !heap-bug one too: the
 * recorded message is the whole one), every other domain passes.
 *
 * Host-dependent refusals, as check_host.c decides them:
 *  - "NUMA node N is unavailable": expected only when this host lacks
 *    node N (refused.txt was recorded on a host with node 0 alone);
 *  - host-passthrough under TCG: the message names the host's
 *    architecture, which is this one's;
 *  - hugetlbfs sizes: those of the host's architecture count as mounted
 *    (the recording host, x86_64, had 2 MiB and 1 GiB mounted).
 */
#include <dirent.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/libvirt/libvirt_internal.h"
#include "alloc_wrap.h"

#define DOMAINS VNUMA_LIBVIRT "/domains"
#define REFUSED VNUMA_LIBVIRT "/refused.txt"

struct refusal {
	char name[128];
	char msg[1024];
	bool used;
};

static struct refusal *load_refused(size_t *n)
{
	FILE *f = fopen(REFUSED, "r");
	struct refusal *v = NULL;
	char line[2048];

	*n = 0;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, ": ");
		struct refusal *r;

		if (line[0] == '#' || !sep)
			continue;
		line[strcspn(line, "\n")] = 0;
		*sep = 0;
		v = realloc(v, (*n + 1) * sizeof(*v));
		assert_non_null(v);
		r = &v[(*n)++];
		memset(r, 0, sizeof(*r));
		/* the name is the first word: flags may follow */
		snprintf(r->name, sizeof(r->name), "%.*s",
			 (int)strcspn(line, " "), line);
		snprintf(r->msg, sizeof(r->msg), "%s", sep + 2);
	}
	fclose(f);
	return v;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* as src/libvirt/libvirt.c reads a domain */
static xmlDoc *parse(const char *xml, size_t len)
{
	xmlDoc *doc = xmlReadMemory(xml, (int)len, NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);

	assert_non_null(doc);
	return doc;
}

static int check_text(const char *xml, vnuma_error **err)
{
	xmlDoc *doc = parse(xml, strlen(xml));
	int rc = vnuma__libvirt_check(doc, err);

	xmlFreeDoc(doc);
	return rc;
}

static xmlDoc *read_file(const char *name)
{
	char path[4096];
	size_t len;
	char *xml;
	xmlDoc *doc;

	snprintf(path, sizeof(path), "%s/%s.xml", DOMAINS, name);
	xml = slurp(path, &len);
	doc = parse(xml, len);
	free(xml);
	return doc;
}

static int check_file(const char *name, vnuma_error **err)
{
	xmlDoc *doc = read_file(name);
	int rc = vnuma__libvirt_check(doc, err);

	xmlFreeDoc(doc);
	return rc;
}

static bool host_has_node(int node)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d",
		 node);
	return stat(path, &st) == 0 || (node == 0 &&
					stat("/sys/devices/system/node",
					     &st) != 0);
}

static const char *host_arch(void)
{
#if defined(__x86_64__)
	return "x86_64";
#elif defined(__aarch64__)
	return "aarch64";
#else
	return NULL;
#endif
}

/*
 * What vnuma must say of a recorded refusal on this host: NULL when the
 * refusal does not hold here (the host has the node).
 */
static const char *expected_here(const struct refusal *r, char *buf,
				 size_t cap)
{
	static const char unavailable[] = "unsupported configuration: NUMA "
					  "node ";
	static const char on_x86[] = " on x86_64 host ";
	const char *at;

	if (!strncmp(r->msg, unavailable, strlen(unavailable)))
		return host_has_node(atoi(r->msg + strlen(unavailable))) ?
			       NULL :
			       r->msg;
	at = strstr(r->msg, on_x86);
	if (at && host_arch()) {
		snprintf(buf, cap, "%.*s on %s host %s", (int)(at - r->msg),
			 r->msg, host_arch(), at + strlen(on_x86));
		return buf;
	}
	return r->msg;
}

static struct refusal *find(struct refusal *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **domain_names(size_t *n)
{
	DIR *d = opendir(DOMAINS);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".xml"))
			continue;
		v = realloc(v, (*n + 1) * sizeof(*v));
		assert_non_null(v);
		v[*n] = strndup(e->d_name, len - 4);
		assert_non_null(v[(*n)++]);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), by_name);
	return v;
}

/* The whole corpus: libvirt's verdict and message on each domain. */
static void corpus(void **state)
{
	size_t nref, ndom, refused = 0, accepted = 0, wrong = 0;
	struct refusal *ref = load_refused(&nref);
	char **names = domain_names(&ndom);
	char buf[1024];

	(void)state;
	for (size_t i = 0; i < ndom; i++) {
		struct refusal *r = find(ref, nref, names[i]);
		const char *want = r ? expected_here(r, buf, sizeof(buf)) :
				       NULL;
		vnuma_error *err = NULL;
		int rc = check_file(names[i], &err);
		const char *got = rc ? vnuma_error_message(err) : NULL;

		if (r)
			r->used = true;
		if (want && (!got || strcmp(want, got))) {
			printf("%s: want refusal \"%s\", got %s%s%s\n",
			       names[i], want, got ? "\"" : "acceptance",
			       got ? got : "", got ? "\"" : "");
			wrong++;
		} else if (!want && got) {
			printf("%s: want acceptance, got \"%s\"\n", names[i],
			       got);
			wrong++;
		} else if (want) {
			refused++;
		} else {
			accepted++;
		}
		vnuma_error_free(err);
		free(names[i]);
	}
	for (size_t i = 0; i < nref; i++)
		if (!ref[i].used) {
			printf("%s: in refused.txt, no such domain\n",
			       ref[i].name);
			wrong++;
		}
	printf("libvirt check: %zu domains, %zu refused and %zu accepted "
	       "as libvirt, %zu wrong\n",
	       ndom, refused, accepted, wrong);
	free(names);
	free(ref);
	assert_int_equal(wrong, 0);
	/* the corpus is whole: both verdicts are well represented */
	assert_true(refused >= 100);
	assert_true(accepted >= 150);
}

#define HEAD                                                  \
	"<domain type='qemu'><name>t</name>"                  \
	"<os><type arch='x86_64' machine='q35'>hvm</type></os>"

/* The error is located at the element and attribute libvirt names. */
static void located(void **state)
{
	vnuma_error *err = NULL;

	(void)state;
	assert_int_equal(check_text(HEAD "<vcpu>2</vcpu><cpu><numa>"
					 "<cell id='0' cpus='0' memory='1'/>"
					 "<cell id='1' cpus='1' memory='1' "
					 "memAccess='public'/>"
					 "</numa></cpu></domain>",
				    &err),
			 VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_check(err), "libvirt.attr-enum");
	assert_string_equal(vnuma_error_option(err),
			    "/domain/cpu/numa/cell[2]");
	assert_string_equal(vnuma_error_key(err), "memAccess");
	assert_string_equal(vnuma_error_text(err), "public");
	vnuma_error_free(err);
}

/*
 * The first refusal in libvirt's order wins (the order-* domains of the
 * corpus hold more of it): a cell's overlap is met before its memory,
 * parsing before validation, the slots before the devices' nodes.
 */
static void first_refusal_wins(void **state)
{
	vnuma_error *err = NULL;

	(void)state;
	/* overlapping vCPUs and a bad memory on the same cell */
	assert_int_equal(check_text(HEAD "<vcpu>2</vcpu><cpu><numa>"
					 "<cell id='0' cpus='0-1' memory='1'/>"
					 "<cell id='1' cpus='1' memory='x'/>"
					 "</numa></cpu></domain>",
				    &err),
			 VNUMA_E_CONFLICT);
	assert_string_equal(vnuma_error_message(err),
			    "unsupported configuration: NUMA cells 1 and 0 "
			    "have overlapping vCPU ids");
	vnuma_error_free(err);
	err = NULL;
	/* a memnode for no cell (parse) and a bad topology (validation) */
	assert_int_equal(check_text(HEAD "<vcpu>2</vcpu><cpu>"
					 "<topology sockets='3' cores='1' "
					 "threads='1'/><numa>"
					 "<cell id='0' cpus='0-1' memory='1'/>"
					 "</numa></cpu><numatune><memnode "
					 "cellid='1' nodeset='0'/></numatune>"
					 "</domain>",
				    &err),
			 VNUMA_E_RANGE);
	assert_string_equal(vnuma_error_check(err), "libvirt.memnode-cell");
	vnuma_error_free(err);
	err = NULL;
	/* too many DIMMs and a DIMM with no node: the slots come first */
	assert_int_equal(check_text(HEAD "<maxMemory slots='1' unit='MiB'>"
					 "1024</maxMemory><vcpu>1</vcpu><cpu>"
					 "<numa><cell cpus='0' memory='1' "
					 "unit='MiB'/></numa></cpu><devices>"
					 "<memory model='dimm'><target><size "
					 "unit='MiB'>128</size><node>0</node>"
					 "</target></memory><memory "
					 "model='dimm'><target><size "
					 "unit='MiB'>128</size></target>"
					 "</memory></devices></domain>",
				    &err),
			 VNUMA_E_RANGE);
	assert_string_equal(vnuma_error_check(err), "libvirt.memory-slot");
	vnuma_error_free(err);
}

/* Another root element: virsh domxml-to-native's message on it. */
static void not_a_domain(void **state)
{
	vnuma_error *err = NULL;

	(void)state;
	assert_int_equal(check_text("<domian type='qemu'><name>x</name>"
				    "</domian>",
				    &err),
			 VNUMA_E_SYNTAX);
	assert_string_equal(vnuma_error_message(err),
			    "XML error: expecting root element of 'domain', "
			    "not 'domian'");
	vnuma_error_free(err);
}

/* Without cells, <memory> must hold the memory devices. */
static void memory_totals(void **state)
{
	vnuma_error *err = NULL;

	(void)state;
	assert_int_equal(check_text(HEAD "<memory unit='MiB'>512</memory>"
					 "<maxMemory slots='2' unit='MiB'>"
					 "1024</maxMemory><vcpu>1</vcpu>"
					 "<cpu><numa><cell cpus='0' memory='256'"
					 " unit='MiB'/></numa></cpu><devices>"
					 "<memory model='dimm'><target><size "
					 "unit='MiB'>768</size><node>0</node>"
					 "</target></memory></devices>"
					 "</domain>",
				    &err),
			 VNUMA_OK);
	assert_null(err);
	/* the cells (256 MiB) and the DIMM (800 MiB) top 1 GiB */
	assert_int_equal(check_text(HEAD "<maxMemory slots='2' unit='MiB'>"
					 "1024</maxMemory><vcpu>1</vcpu>"
					 "<cpu><numa><cell cpus='0' memory='256'"
					 " unit='MiB'/></numa></cpu><devices>"
					 "<memory model='dimm'><target><size "
					 "unit='MiB'>800</size><node>0</node>"
					 "</target></memory></devices>"
					 "</domain>",
				    &err),
			 VNUMA_E_RANGE);
	assert_string_equal(vnuma_error_check(err), "libvirt.max-memory");
	vnuma_error_free(err);
}

/* Every allocation failure is VNUMA_E_NOMEM and leaks nothing. */
static void alloc_failures(void **state)
{
	static const char *const names[] = { "hmat-cache", "huge-per-node-sizes",
					     "dimm-two-nodes", "tune-memnode-one",
					     "vmem-two" };

	(void)state;
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		long done = 0;

		for (long i = 0; !done; i++) {
			vnuma_error *err = NULL;
			int rc;

			xmlDoc *doc = read_file(names[k]);

			/* only the check's own allocations fail */
			failures = 0;
			countdown = i;
			rc = vnuma__libvirt_check(doc, &err);
			countdown = -1;
			xmlFreeDoc(doc);
			if (!failures) {
				assert_int_equal(rc, VNUMA_OK);
				done = 1;
			} else {
				assert_int_equal(rc, VNUMA_E_NOMEM);
			}
			vnuma_error_free(err);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus),
		cmocka_unit_test(located),
		cmocka_unit_test(first_refusal_wins),
		cmocka_unit_test(not_a_domain),
		cmocka_unit_test(memory_totals),
		cmocka_unit_test(alloc_failures),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
