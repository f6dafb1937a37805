/* SPDX-License-Identifier: MIT */
/*
 * Under TCG, QEMU 7.2 filters out of each x86 CPU the features TCG cannot
 * give and, unless -cpu ...,check=off, warns about each as the CPU is
 * realized: "TCG doesn't support requested feature: CPUID.07H:EBX.rdseed
 * [bit 18]". Which features those are, per model and per flag, is a fact
 * of the binary, kept in tcg_features_table.c.
 */
#include "tcg_features.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NWORDS 32

/* The feature named by the first n bytes of s, '_' read as '-'. */
static const struct vnuma__tcg_feature *find_feature(const char *s, size_t n)
{
	char name[64];

	if (n == 0 || n >= sizeof(name))
		return NULL;
	for (size_t i = 0; i < n; i++)
		name[i] = s[i] == '_' ? '-' : s[i];
	name[n] = '\0';
	for (size_t i = 0; i < vnuma__tcg_feature_count; i++)
		if (!strcmp(vnuma__tcg_features[i].name, name))
			return &vnuma__tcg_features[i];
	return NULL;
}

static const struct vnuma__tcg_model *find_model(const char *s, size_t n)
{
	for (size_t i = 0; i < vnuma__tcg_model_count; i++)
		if (!strncmp(vnuma__tcg_models[i].name, s, n) &&
		    !vnuma__tcg_models[i].name[n])
			return &vnuma__tcg_models[i];
	return NULL;
}

/* One bit per (word, bit): the features QEMU will warn about. */
struct fset {
	uint32_t w[NWORDS];
};

static void fset_put(struct fset *f, const struct vnuma__tcg_feature *ft,
		     bool on)
{
	uint32_t m = UINT32_C(1) << ft->bit;

	if (on)
		f->w[ft->word] |= m;
	else
		f->w[ft->word] &= ~m;
}

static bool is_off(const char *v, size_t n)
{
	static const char *const off[] = { "off", "no", "false", "n", NULL };

	for (size_t i = 0; off[i]; i++)
		if (strlen(off[i]) == n && !memcmp(off[i], v, n))
			return true;
	return false;
}

/*
 * QEMU applies key=value features first, then +feat, then -feat (so
 * -feat wins); check=off silences the lot.
 */
static bool apply_flags(struct fset *f, const char *p)
{
	bool check = true;

	for (int pass = 0; pass < 3; pass++) {
		for (const char *s = p; *s;) {
			size_t n = strcspn(s, ",");
			const char *eq = memchr(s, '=', n);
			size_t kn = eq ? (size_t)(eq - s) : n;
			const struct vnuma__tcg_feature *ft;

			if (pass == 0 && eq) {
				bool on = !is_off(eq + 1, n - kn - 1);

				if (kn == 5 && !memcmp(s, "check", 5))
					check = on;
				else if ((ft = find_feature(s, kn)))
					fset_put(f, ft, on);
			} else if (!eq && ((pass == 1 && s[0] == '+') ||
					   (pass == 2 && s[0] == '-'))) {
				if ((ft = find_feature(s + 1, n - 1)))
					fset_put(f, ft, pass == 1);
			}
			s += n + (s[n] == ',');
		}
	}
	return check;
}

int vnuma__tcg_feature_warnings(const char *text, struct vnuma__warnings *w)
{
	size_t mn = strcspn(text, ",");
	const struct vnuma__tcg_model *model = find_model(text, mn);
	struct fset f = { { 0 } };

	if (!model)
		return VNUMA_OK;
	for (const char *s = model->missing; *s;) {
		size_t n = strcspn(s, " ");
		const struct vnuma__tcg_feature *ft = find_feature(s, n);

		if (ft)
			fset_put(&f, ft, true);
		s += n + (s[n] == ' ');
	}
	if (text[mn] && !apply_flags(&f, text + mn + 1))
		return VNUMA_OK;
	/* Called once per CPU: only the set bits are visited, in order. */
	for (unsigned word = 0; word < NWORDS; word++)
		for (uint32_t x = f.w[word]; x; x &= x - 1) {
			unsigned bit = (unsigned)__builtin_ctz(x);

			for (size_t i = 0; i < vnuma__tcg_feature_count; i++) {
				const struct vnuma__tcg_feature *ft =
					&vnuma__tcg_features[i];

				if (ft->word != word || ft->bit != bit)
					continue;
				if (vnuma__warn(w, "cpu.tcg-feature", NULL,
						"TCG doesn't support requested "
						"feature: %s.%s [bit %u]",
						vnuma__tcg_words[word],
						ft->name, bit))
					return VNUMA_E_NOMEM;
				break;
			}
		}
	return VNUMA_OK;
}
