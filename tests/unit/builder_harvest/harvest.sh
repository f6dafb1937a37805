#!/bin/sh
# Rebuilds tests/unit/builder_cases.h: runs every unit test with
# harvest.c linked in (those that make no topology through the public API
# add nothing) and keeps each option list with its verdict. Run after
# `meson compile -C build`:  tests/unit/builder_harvest/harvest.sh [build]
# With --check as second argument it rewrites nothing and fails when the
# table is not what the unit tests give now. CC and HARVEST_CFLAGS (the
# build's sanitizer flags) are taken from the environment.
set -e
src=$(cd "$(dirname "$0")/../../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}
flags="-std=gnu11 -g -w ${HARVEST_CFLAGS:-}"
inc="-I$src/include -I$build/include -I$src/src -I$src/tests/unit"
# the libvirt front-end's tests read XML themselves
xml_cflags=$(pkg-config --cflags libxml-2.0)
xml_libs=$(pkg-config --libs libxml-2.0)
$cc $flags -c $inc "$src/tests/unit/builder_harvest/harvest.c" \
	-o "$tmp/harvest.o"
: > "$tmp/cases.txt"
for f in "$src"/tests/unit/test_*.c; do
	t=$(basename "$f" .c)
	case $t in
	# the allocation-failure sweeps repeat other tests' cases; the host
	# tests change the host's huge page pool; the builder's own tests
	# read this table or use no option text; libvirt's checks of a
	# domain XML make no topology (and need libxml2)
	test_alloc_fail|test_fdt_alloc_fail|test_host_*|test_huge_check|\
	test_hugetlb|test_prealloc|test_builder*) continue ;;
	# the libvirt front-end's tests give domain XML, not option text
	test_libvirt_*) continue ;;
	# the CLI's own code (built with cli/ sources), no topology
	test_cli_*) continue ;;
	# a sweep of one configuration over 1,152 -numa dist spellings
	test_numa_dist_kept) continue ;;
	esac
	wrap="-Wl,--wrap=vnuma_config_add,--wrap=vnuma_topology_new"
	wrap="$wrap,--wrap=vnuma_config_free"
	grep -q "alloc_wrap.h\|__wrap_malloc" "$f" &&
		wrap="$wrap,--wrap=malloc,--wrap=calloc,--wrap=realloc"
	$cc $flags $inc $xml_cflags -DVNUMA_FIXTURES="\"$src/tests/fixtures\"" \
		"$f" "$tmp/harvest.o" "$build/libvnuma_internal.a" -ljansson \
		-lfdt $xml_libs -lcmocka $wrap -o "$tmp/$t"
	before=$(wc -l < "$tmp/cases.txt")
	# the verdicts are what counts here, not the tests' own
	(cd "$src/tests/unit" && HARVEST_OUT="$tmp/cases.txt" \
		ASAN_OPTIONS=detect_leaks=0 CMOCKA_MESSAGE_OUTPUT=stdout \
		"$tmp/$t" > /dev/null 2>&1) || true
	sed -i "$((before + 1)),\$ s/^/${t#test_}|/" "$tmp/cases.txt"
done
out="$src/tests/unit/builder_cases.h"
if [ "${2:-}" = --check ]; then
	python3 "$src/tests/unit/builder_harvest/gen.py" "$tmp/cases.txt" \
		> "$tmp/builder_cases.h"
	if ! cmp -s "$tmp/builder_cases.h" "$out"; then
		echo "tests/unit/builder_cases.h is not what the unit tests" \
			"give now: run tests/unit/builder_harvest/harvest.sh" >&2
		diff -u "$out" "$tmp/builder_cases.h" | head -40 >&2
		exit 1
	fi
	exit 0
fi
python3 "$src/tests/unit/builder_harvest/gen.py" "$tmp/cases.txt" > "$out"
