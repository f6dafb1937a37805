/* SPDX-License-Identifier: MIT */
/*
 * Guest side of the placement test: runs inside a multi-node Linux guest
 * (tests/guest/cases/x86-placement), statically linked against libvnuma.a.
 * Realizes the configuration given as arguments (QEMU options; the
 * guest's nodes are this program's host nodes) with vnuma_host_realize(),
 * asks vnuma where each backend's pages landed (vnuma_host_measure()),
 * and checks that answer three ways:
 *   - against what the backend's policy and host-nodes demand (bind and
 *     preferred: every page on the node; interleave: the pages spread
 *     evenly over the nodes, to within one page),
 *   - against move_pages(2) asked here, page by page, over the same
 *     guest ranges (the backend's regions),
 *   - and the whole backend's move_pages against the kernel's per-node
 *     page counts in /proc/self/numa_maps, and its policy word there.
 * One line per backend: "PASS <policy> ..." or "FAIL <policy> ...".
 *
 * Then again, node-local: the program runs on every CPU it may, and the
 * memory is realized as vnuma does by default, each bound backend
 * populated by threads on its host nodes' CPUs. Besides the placement
 * checks above, the CPUs vnuma says the backend's threads were allowed
 * (vnuma_host_block_info.prealloc_cpus) must be its nodes' CPUs (from
 * this guest's sysfs) within the affinity, and those its touches ran on
 * (touch_cpus) among them: "PASS local-<policy> ..." or "FAIL ...".
 * Exit status 0 when every backend passed.
 *
 * The guest must boot with numa_balancing=disable (NUMA hinting makes
 * move_pages answer -ENOENT for pages it unmapped) and with
 * transparent_hugepage=never, so that interleaving is page by page.
 */
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <vnuma/vnuma.h>

#define MAX_NODES 64

struct counts {
	uint64_t bytes[MAX_NODES];
	/*
	 * Not on a node we track, or not present: pages (whole blocks) or
	 * bytes (regions, as vnuma counts them)
	 */
	uint64_t other;
};

static void print_counts(const char *what, const struct counts *c)
{
	printf(" %s{", what);
	for (int n = 0; n < MAX_NODES; n++)
		if (c->bytes[n])
			printf(" N%d=%" PRIu64 "K", n, c->bytes[n] >> 10);
	if (c->other)
		printf(" other=%" PRIu64, c->other);
	printf(" }");
}

/* What vnuma reported, summed over the backend's regions. */
static int vnuma_counts(const vnuma_host *h, const char *backend,
			struct counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < vnuma_host_region_count(h); i++) {
		vnuma_host_region_info r =
			VNUMA_INFO_INIT(vnuma_host_region_info);

		if (vnuma_host_region(&r, h, i) || strcmp(r.backend, backend))
			continue;
		if (!r.measured)
			return -1;
		for (size_t j = 0; j < r.n_placement; j++) {
			if (r.placement[j].node < MAX_NODES)
				c->bytes[r.placement[j].node] +=
					r.placement[j].bytes;
			else
				c->other += r.placement[j].bytes;
		}
		c->other += r.absent_bytes;
	}
	return 0;
}

/* move_pages(2) with no target nodes: where each page is now, added to c. */
static int move_pages_counts(void *addr, uint64_t size, uint64_t page,
			     struct counts *c)
{
	size_t n = size / page;
	void **pages = calloc(n, sizeof(*pages));
	int *status = calloc(n, sizeof(*status));
	int rc = -1;

	if (!pages || !status)
		goto out;
	for (size_t i = 0; i < n; i++)
		pages[i] = (char *)addr + i * page;
	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0)) {
		printf("move_pages: %s\n", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (status[i] >= 0 && status[i] < MAX_NODES)
			c->bytes[status[i]] += page;
		else
			c->other++;
	}
	rc = 0;
out:
	free(pages);
	free(status);
	return rc;
}

/*
 * move_pages over the guest ranges the backend's regions cover: what
 * vnuma's per-region placement must equal (on x86 a region stops at
 * the 640 KiB-1 MiB hole, so the regions need not cover the block). A
 * region need not start or end on a page of the backing (a 2 MiB huge
 * page holds the 640 KiB below the hole and the first MiB above it):
 * each page counts for the bytes of the region it holds, as vnuma
 * counts, and a page not present for those bytes in other.
 */
static int region_counts(const vnuma_host *h, const char *backend,
			 struct counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < vnuma_host_region_count(h); i++) {
		vnuma_host_region_info r = VNUMA_INFO_INIT(vnuma_host_region_info);
		uintptr_t start, end, p, lo, hi;
		int node;

		if (vnuma_host_region(&r, h, i) || strcmp(r.backend, backend))
			continue;
		start = (uintptr_t)r.host_addr;
		end = start + r.size;
		for (p = start & ~(uintptr_t)(r.page_size - 1); p < end;
		     p += r.page_size) {
			void *page = (void *)p;

			if (syscall(SYS_move_pages, 0, 1, &page, NULL, &node,
				    0)) {
				printf("move_pages: %s\n", strerror(errno));
				return -1;
			}
			lo = p > start ? p : start;
			hi = p + r.page_size < end ? p + r.page_size : end;
			if (node >= 0 && node < MAX_NODES)
				c->bytes[node] += hi - lo;
			else
				c->other += hi - lo;
		}
	}
	return 0;
}

/*
 * /proc/self/numa_maps: one line per mapping, "START POLICY ... N0=pages
 * N1=pages ... kernelpagesize_kB=4". The backend's mapping must be one
 * line of its own starting at its address, so the counts are its own.
 */
static int numa_maps_counts(void *addr, struct counts *c, char *policy,
			    size_t policy_len)
{
	char line[4096], key[32];
	FILE *f = fopen("/proc/self/numa_maps", "r");
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if (!f)
		return -1;
	snprintf(key, sizeof(key), "%lx ", (unsigned long)addr);
	while (rc && fgets(line, sizeof(line), f)) {
		uint64_t pages[MAX_NODES] = {0}, kb = 4;
		char *save, *tok;

		if (strncmp(line, key, strlen(key)))
			continue;
		tok = strtok_r(line + strlen(key), " \n", &save);
		snprintf(policy, policy_len, "%s", tok ? tok : "?");
		while ((tok = strtok_r(NULL, " \n", &save))) {
			unsigned node;
			uint64_t v;

			if (sscanf(tok, "N%u=%" SCNu64, &node, &v) == 2 &&
			    node < MAX_NODES)
				pages[node] = v;
			else if (sscanf(tok, "kernelpagesize_kB=%" SCNu64,
					&v) == 1)
				kb = v;
		}
		for (int n = 0; n < MAX_NODES; n++)
			c->bytes[n] = pages[n] * kb * 1024;
		rc = 0;
	}
	fclose(f);
	return rc;
}

static int same(const struct counts *a, const struct counts *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* What the policy demands of the placement vnuma reported. */
static const char *policy_error(const vnuma_memdev_info *m,
				const struct counts *c)
{
	uint64_t in_set = 0, lo = UINT64_MAX, hi = 0, page = 4096;

	if (!m->n_host_nodes)
		return "backend has no host-nodes";
	for (size_t i = 0; i < m->n_host_nodes; i++) {
		uint64_t b = m->host_nodes[i] < MAX_NODES
				     ? c->bytes[m->host_nodes[i]]
				     : 0;

		in_set += b;
		lo = b < lo ? b : lo;
		hi = b > hi ? b : hi;
	}
	if (c->other || in_set != m->size)
		return "pages outside host-nodes or not present";
	/* interleave: round-robin page by page (THP is off in the guest) */
	if (!strcmp(m->policy, "interleave") && hi - lo > page)
		return "interleave uneven";
	return NULL;
}

/* numa_maps' word for a policy and its node list ("bind:1"). */
static void numa_maps_policy(const vnuma_memdev_info *m, char *buf, size_t len)
{
	const char *word =
		!strcmp(m->policy, "preferred") ? "prefer" : m->policy;
	uint64_t first = m->host_nodes[0], last = first;
	int n = snprintf(buf, len, "%s:", word);

	/* host-nodes here are ranges without gaps: print "a" or "a-b" */
	for (size_t i = 1; i < m->n_host_nodes; i++)
		last = m->host_nodes[i];
	if (first == last)
		snprintf(buf + n, len - n, "%" PRIu64, first);
	else
		snprintf(buf + n, len - n, "%" PRIu64 "-%" PRIu64, first, last);
}

/* Whether CPU cpu is in the sysfs cpulist of node node. */
static int node_has_cpu(uint64_t node, unsigned cpu)
{
	char path[80], buf[1024], *s = buf;
	FILE *f;

	snprintf(path, sizeof(path),
		 "/sys/devices/system/node/node%" PRIu64 "/cpulist", node);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	while (*s && *s != '\n') {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		if (end == s)
			break;
		s = end;
		if (*s == '-')
			hi = strtoul(s + 1, &s, 10);
		if (cpu >= lo && cpu <= hi)
			return 1;
		if (*s == ',')
			s++;
	}
	return 0;
}

/*
 * The distance from node a to node b, from a's sysfs row (which runs over
 * the online nodes in order); 0 when unknown.
 */
static unsigned node_distance(uint64_t a, unsigned b)
{
	char path[80], online[256], row[1024], *s = online, *r = row;
	unsigned pos = 0, d = 0;
	FILE *f = fopen("/sys/devices/system/node/online", "r");

	if (!f || !fgets(online, sizeof(online), f))
		online[0] = 0;
	if (f)
		fclose(f);
	snprintf(path, sizeof(path),
		 "/sys/devices/system/node/node%" PRIu64 "/distance", a);
	f = fopen(path, "r");
	if (!f || !fgets(row, sizeof(row), f))
		row[0] = 0;
	if (f)
		fclose(f);
	/* b's position among the online nodes */
	while (*s && *s != '\n') {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		if (end == s)
			return 0;
		s = end;
		if (*s == '-')
			hi = strtoul(s + 1, &s, 10);
		if (b >= lo && b <= hi) {
			pos += b - (unsigned)lo;
			break;
		}
		pos += (unsigned)(hi - lo + 1);
		if (*s == ',')
			s++;
	}
	for (unsigned k = 0; k <= pos; k++) {
		char *end;

		d = (unsigned)strtoul(r, &end, 10);
		if (end == r)
			return 0;
		r = end;
	}
	return d;
}

/*
 * The CPUs of the mask on the nodes nearest to one of the bound nodes
 * among those with such CPUs (all nodes at that distance): where a
 * memory-only node's backend is populated from.
 */
static void nearest_cpus(const vnuma_memdev_info *m, const cpu_set_t *mask,
			 cpu_set_t *want)
{
	unsigned best = 0, n, d;
	size_t i;

	for (int pass = 0; pass < 2; pass++)
		for (n = 0; n < 64; n++)
			for (unsigned c = 0; c < CPU_SETSIZE; c++) {
				if (!CPU_ISSET(c, mask) || !node_has_cpu(n, c))
					continue;
				for (i = 0; i < m->n_host_nodes; i++) {
					d = node_distance(m->host_nodes[i], n);
					if (!d)
						continue;
					if (!pass && (!best || d < best))
						best = d;
					if (pass && d == best)
						CPU_SET(c, want);
				}
			}
}

/*
 * Node-local: the backend's threads were allowed exactly the CPUs of its
 * host nodes that this process may use (those of the nearest nodes that
 * have some when its nodes have none, as a thread-context would be
 * given; all it may use when no distance tells), and its touches ran
 * only there.
 */
static const char *local_error(const vnuma_memdev_info *m,
			       const vnuma_host_block_info *b,
			       const cpu_set_t *mask)
{
	cpu_set_t want, allowed;
	size_t i;

	CPU_ZERO(&want);
	for (unsigned c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, mask))
			continue;
		for (i = 0; i < m->n_host_nodes; i++)
			if (node_has_cpu(m->host_nodes[i], c))
				CPU_SET(c, &want);
	}
	if (!CPU_COUNT(&want))
		nearest_cpus(m, mask, &want);
	if (!CPU_COUNT(&want))
		CPU_OR(&want, &want, mask);
	if (!b->node_local)
		return "not populated node-local";
	CPU_ZERO(&allowed);
	for (i = 0; i < b->n_prealloc_cpus; i++)
		CPU_SET(b->prealloc_cpus[i], &allowed);
	if (!CPU_EQUAL(&allowed, &want) || i != (size_t)CPU_COUNT(&want))
		return "threads allowed other CPUs than the nodes'";
	if (!b->n_touch_cpus)
		return "no touch was seen";
	for (i = 0; i < b->n_touch_cpus; i++)
		if (!CPU_ISSET(b->touch_cpus[i], &want))
			return "touched from a CPU outside the nodes";
	return NULL;
}

static void print_cpus(const char *what, const uint16_t *cpus, size_t n)
{
	printf(" %s{", what);
	for (size_t i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", cpus[i]);
	printf("}");
}

static int check_block(const vnuma_host *h, const vnuma_topology *t,
		       const vnuma_host_block_info *b, const cpu_set_t *local)
{
	struct counts v, mr, mb = {{0}, 0}, nm;
	vnuma_memdev_info m = VNUMA_INFO_INIT(vnuma_memdev_info);
	char policy[64] = "?", want_policy[64];
	const char *why = NULL;

	for (size_t i = 0; i < vnuma_topology_memdev_count(t); i++)
		if (!vnuma_topology_memdev(&m, t, i) &&
		    !strcmp(m.id, b->backend))
			break;
	if (!m.id || strcmp(m.id, b->backend))
		why = "backend not in the topology";
	else if (vnuma_counts(h, b->backend, &v))
		why = "vnuma did not measure it";
	else if (region_counts(h, b->backend, &mr) ||
		 move_pages_counts(b->host_addr, b->size, b->page_size, &mb))
		why = "move_pages failed";
	else if (numa_maps_counts(b->host_addr, &nm, policy, sizeof(policy)))
		why = "no numa_maps line at the block's address";
	if (!why) {
		numa_maps_policy(&m, want_policy, sizeof(want_policy));
		if (!same(&v, &mr))
			why = "vnuma and move_pages disagree";
		else if (!same(&mb, &nm))
			why = "move_pages and numa_maps disagree";
		else if (strcmp(policy, want_policy))
			why = "numa_maps policy differs";
		else
			why = policy_error(&m, &mb);
		if (!why && local)
			why = local_error(&m, b, local);
	}
	printf("%s %s%s: backend %s, %" PRIu64 " KiB, %s",
	       why ? "FAIL" : "PASS", local ? "local-" : "", b->policy,
	       b->backend, b->size >> 10, why ? why : "ok");
	if (local) {
		print_cpus("allowed", b->prealloc_cpus, b->n_prealloc_cpus);
		print_cpus("touched", b->touch_cpus, b->n_touch_cpus);
	}
	if (!why || strcmp(why, "backend not in the topology")) {
		print_counts("vnuma", &v);
		print_counts("move_pages", &mr);
		print_counts("block move_pages", &mb);
		print_counts("numa_maps", &nm);
		printf(" numa_maps policy %s", policy);
	}
	printf("\n");
	return why ? 1 : 0;
}

static int fail(const char *what, vnuma_error *err)
{
	printf("FAIL %s: %s\n", what, err ? vnuma_error_message(err) : "?");
	vnuma_error_free(err);
	return 1;
}

/*
 * Realizes the configuration and checks every backend; local: node-local
 * preallocation, with the process's affinity, else none (then the caller
 * runs on CPU 0 alone).
 */
static int realize_and_check(const vnuma_topology *t, const cpu_set_t *local)
{
	vnuma_host_options o = VNUMA_HOST_OPTIONS_INIT;
	vnuma_host *h = NULL;
	vnuma_error *err = NULL;
	int failed = 0;

	if (!local)
		o.flags = VNUMA_HOST_NO_NODE_LOCAL;
	if (vnuma_host_realize(&h, t, NULL, &o, &err))
		failed = fail("realize", err);
	else if (vnuma_host_measure(h, 0, &err))
		failed = fail("measure", err);
	for (size_t i = 0; h && i < vnuma_host_block_count(h); i++) {
		vnuma_host_block_info b = VNUMA_INFO_INIT(vnuma_host_block_info);

		if (vnuma_host_block(&b, h, i))
			failed = 1;
		else
			failed |= check_block(h, t, &b, local);
	}
	vnuma_host_free(h);
	return failed;
}

int main(int argc, char **argv)
{
	vnuma_config *cfg = NULL;
	vnuma_topology *t = NULL;
	vnuma_error *err = NULL;
	cpu_set_t cpu0, all;
	int failed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (sched_getaffinity(0, sizeof(all), &all)) {
		printf("FAIL sched_getaffinity: %s\n", strerror(errno));
		return 1;
	}
	/*
	 * Run (and populate) on CPU 0 only, which is on guest node 0: pages
	 * that no policy steers would land there, so a bind or preferred
	 * policy that did not take effect shows up as pages on node 0.
	 */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		printf("sched_setaffinity: %s\n", strerror(errno));
	if (vnuma_config_new(&cfg, NULL, &err) ||
	    vnuma_config_add_argv(cfg, argc - 1, (const char *const *)argv + 1,
				  0, &err))
		failed = fail("config", err);
	else if (vnuma_topology_new(&t, cfg, &err))
		failed = fail("topology", err);
	else
		failed = realize_and_check(t, NULL);
	/* Node-local, from every CPU this process may use. */
	if (t && sched_setaffinity(0, sizeof(all), &all)) {
		printf("FAIL sched_setaffinity: %s\n", strerror(errno));
		failed = 1;
	} else if (t) {
		failed |= realize_and_check(t, &all);
	}
	vnuma_topology_free(t);
	vnuma_config_free(cfg);
	return failed;
}
