#!/bin/sh
# vnuma_error_format() gives the tool's line: for golden CLI cases of plain
# QEMU options, format_line's output equals the case's recorded stderr.
# format_line.sh FORMAT_LINE CASES_DIR CASE...
set -eu
prog=$1 dir=$2
shift 2
n=$#
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for c in "$@"; do
	# One argument per line, as run.py reads them.
	set --
	while IFS= read -r a || [ -n "$a" ]; do
		set -- "$@" "$a"
	done <"$dir/$c/args"
	"$prog" "$@" >"$tmp/out"
	if ! cmp -s "$tmp/out" "$dir/$c/stderr"; then
		echo "FAIL $c:"
		diff -u "$dir/$c/stderr" "$tmp/out" || true
		fail=1
	fi
done
[ $fail = 0 ] && echo "vnuma_error_format equals the tool's line ($n cases)"
exit $fail
