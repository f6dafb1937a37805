/* SPDX-License-Identifier: MIT */
/*
 * A -numa dist in its usual spelling is kept as its numbers and entered
 * without being split into pairs (src/config/numa_text.c): it must read
 * exactly as the general reading reads the same option.
 */
#include <stdio.h>

#include "pipeline.h"

#define THREE_NODES "-M", "q35", "-m", "3G", "-smp", "3", \
	"-object", "memory-backend-ram,id=m0,size=1G", \
	"-object", "memory-backend-ram,id=m1,size=1G", \
	"-object", "memory-backend-ram,id=m2,size=1G", \
	"-numa", "node,memdev=m0,cpus=0", "-numa", "node,memdev=m1,cpus=1", \
	"-numa", "node,memdev=m2,cpus=2"

/*
 * The value of key in text, as the error of a run locates it: the
 * offset after "key=" and the length up to the next ','.
 */
static void assert_at_value(const vnuma_error *e, const char *text)
{
	const char *key = vnuma_error_key(e);
	char pat[16];
	const char *v;

	assert_string_equal(vnuma_error_text(e), text);
	if (!key) {
		assert_int_equal(vnuma_error_offset(e), 0);
		return;
	}
	snprintf(pat, sizeof(pat), "%s=", key);
	v = strstr(text, pat);
	assert_non_null(v);
	v += strlen(pat);
	assert_int_equal(vnuma_error_offset(e), (size_t)(v - text));
	assert_int_equal(vnuma_error_length(e), strcspn(v, ","));
}

static struct run run_dist(const char *text)
{
	return RUN(THREE_NODES, "-numa", "dist,src=0,dst=1,val=20", "-numa",
		   "dist,src=0,dst=2,val=20", "-numa",
		   "dist,src=1,dst=2,val=20", "-numa", text);
}

/*
 * A -numa dist in its usual spelling is kept as its numbers, and entered
 * without being split into pairs: the same option spelled another way
 * (keys in another order) takes the general reading. Both must give the
 * same distances, or the same error at the same place of their text.
 */
static void usual_spelling_reads_as_any_other(void **s)
{
	static const char *const nodes[] = { "0", "1", "2", "3", "127",
					      "128", "65535", "65536" };
	static const char *const vals[] = { "0", "9", "10", "11", "20",
					    "255", "256", "010", "0x14" };
	size_t nn = sizeof(nodes) / sizeof(nodes[0]);
	size_t nv = sizeof(vals) / sizeof(vals[0]);
	char a[96], b[96];

	(void)s;
	for (size_t i = 0; i < nn * nn * nv * 2; i++) {
		const char *src = nodes[i % nn], *dst = nodes[i / nn % nn];
		const char *val = vals[i / nn / nn % nv];
		const char *type = i / nn / nn / nv ? "type=dist" : "dist";
		struct run ra, rb;

		snprintf(a, sizeof(a), "%s,src=%s,dst=%s,val=%s", type, src,
			 dst, val);
		snprintf(b, sizeof(b), "%s,val=%s,dst=%s,src=%s", type, val,
			 dst, src);
		ra = run_dist(a);
		rb = run_dist(b);
		assert_int_equal(ra.rc, rb.rc);
		if (ra.rc) {
			assert_string_equal(vnuma_error_check(ra.e),
					    vnuma_error_check(rb.e));
			assert_string_equal(vnuma_error_message(ra.e),
					    vnuma_error_message(rb.e));
			/* an error of the option, or a later one of both */
			assert_int_equal(!vnuma_error_text(ra.e),
					 !vnuma_error_text(rb.e));
			if (vnuma_error_text(ra.e)) {
				assert_string_equal(vnuma_error_option(ra.e),
						    "-numa");
				assert_at_value(ra.e, a);
				assert_at_value(rb.e, b);
			}
		} else {
			for (uint32_t x = 0; x < 3; x++)
				for (uint32_t y = 0; y < 3; y++)
					assert_int_equal(
						node_distance(ra.t, x, y),
						node_distance(rb.t, x, y));
		}
		run_free(&ra);
		run_free(&rb);
	}
}

/* Only plain decimals are kept as numbers: "010" is octal, as in QEMU. */
static void leading_zero_is_octal(void **s)
{
	struct run r = run_dist("dist,src=0,dst=2,val=010");

	(void)s;
	assert_rejected(r, VNUMA_E_RANGE, "numa.dist-too-small", "val",
			"NUMA distance (8) is invalid, it shouldn't be less "
			"than 10.");
	run_free(&r);
	r = run_dist("dist,src=0,dst=2,val=0x14");
	assert_ok(r);
	assert_int_equal(node_distance(r.t, 0, 2), 20);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(usual_spelling_reads_as_any_other),
		cmocka_unit_test(leading_zero_is_octal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
