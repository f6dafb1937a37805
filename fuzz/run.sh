#!/bin/sh
# Builds the libFuzzer harnesses with clang (ASan+UBSan) and runs each for
# SECONDS seconds (default 600), in parallel, on a copy of its corpus.
# The harnesses are fuzz/meson.build's `harnesses` list (the same corpora
# replay in the test suite), or the names given after SECONDS.
# libFuzzer's -max_len is its own default: the larger of 4096 bytes and
# the largest file of the corpus.
# New inputs stay in fuzz/out/HARNESS/; crashes stop the run and exit 1.
# Usage: fuzz/run.sh [SECONDS [HARNESS...]]
set -eu
secs=${1:-600}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/fuzz/out
mkdir -p "$out"
if [ $# -gt 0 ]; then
	list="$*"
else
	list=$(sed -n "s/^harnesses = \[\(.*\)\]$/\1/p" "$root/fuzz/meson.build" |
		tr -d "'," )
fi
[ -n "$list" ] || { echo "run.sh: no harnesses in fuzz/meson.build" >&2; exit 2; }
srcs=$(sed -n "s/^  '\(src\/[^']*\.c\)',$/\1/p" "$root/meson.build" | sed "s|^|$root/|")
# vnuma/version.h, as meson's configure_file makes it from the project's
# version.
ver=$(sed -n "s/^  version : '\([0-9.]*\)',$/\1/p" "$root/meson.build")
mkdir -p "$out/include/vnuma"
echo "$ver" | { IFS=. read -r maj min pat
	sed -e "s/@VERSION@/$ver/" -e "s/@MAJOR@/$maj/" -e "s/@MINOR@/$min/" \
		-e "s/@PATCH@/$pat/" "$root/include/vnuma/version.h.in" \
		> "$out/include/vnuma/version.h"; }
pids=""
# The harnesses of the command itself link its sources, but main().
clisrcs=$(ls "$root"/cli/*.c | grep -v '/main\.c$')
for h in $list; do
	extra=""
	case $h in fuzz_cli|fuzz_argfile) extra=$clisrcs ;; esac
	clang -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -I"$root/include" -I"$out/include" \
		-I"$root/src" \
		-I"$root/cli" "$root/fuzz/$h.c" $srcs $extra -ljansson -lfdt \
		$(pkg-config --libs --cflags libxml-2.0) \
		-o "$out/$h"
	mkdir -p "$out/$h.corpus" "$out/$h.crashes"
	cp -n "$root/fuzz/corpus/$h/"* "$out/$h.corpus/" 2>/dev/null || true
	(cd "$out/$h.crashes" && "$out/$h" -max_total_time="$secs" \
		-print_final_stats=1 "$out/$h.corpus" > "$out/$h.log" 2>&1) &
	pids="$pids $!"
done
rc=0
for p in $pids; do wait "$p" || rc=1; done
for h in $list; do
	echo "== $h: $(grep -E 'stat::number_of_executed_units' "$out/$h.log" || true)"
	grep -E "ERROR|SUMMARY" "$out/$h.log" || echo "   no finding in ${secs}s"
done
exit $rc
