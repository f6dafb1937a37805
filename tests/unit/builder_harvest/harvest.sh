#!/bin/sh
# Rebuilds tests/unit/builder_cases.h: runs every unit test with
# harvest.c linked in (those that make no topology through the public API
# add nothing) and keeps each option list with its verdict. Run after
# `meson compile -C build`:  tests/unit/builder_harvest/harvest.sh [build]
set -e
src=$(cd "$(dirname "$0")/../../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}
inc="-I$src/include -I$src/src -I$src/tests/unit"
$cc -c -g $inc "$src/tests/unit/builder_harvest/harvest.c" -o "$tmp/harvest.o"
: > "$tmp/cases.txt"
for f in "$src"/tests/unit/test_*.c; do
	t=$(basename "$f" .c)
	case $t in
	# the allocation-failure sweeps repeat other tests' cases; the host
	# tests change the host's huge page pool; the builder's own test
	# reads this table
	test_alloc_fail|test_fdt_alloc_fail|test_host_*|test_huge_check|\
	test_hugetlb|test_prealloc|test_builder) continue ;;
	esac
	wrap="-Wl,--wrap=vnuma_config_add,--wrap=vnuma_topology_new"
	wrap="$wrap,--wrap=vnuma_config_free"
	grep -q "alloc_wrap.h\|__wrap_malloc" "$f" &&
		wrap="$wrap,--wrap=malloc,--wrap=calloc,--wrap=realloc"
	$cc -std=gnu11 -g -w $inc -DVNUMA_FIXTURES="\"$src/tests/fixtures\"" "$f" \
		"$tmp/harvest.o" "$build/libvnuma_internal.a" -ljansson -lfdt \
		-lcmocka $wrap -o "$tmp/$t"
	before=$(wc -l < "$tmp/cases.txt")
	(cd "$src/tests/unit" && HARVEST_OUT="$tmp/cases.txt" \
		CMOCKA_MESSAGE_OUTPUT=stdout "$tmp/$t" > /dev/null 2>&1) || true
	sed -i "$((before + 1)),\$ s/^/${t#test_}|/" "$tmp/cases.txt"
done
python3 "$src/tests/unit/builder_harvest/gen.py" "$tmp/cases.txt" \
	> "$src/tests/unit/builder_cases.h"
