#!/bin/sh
# Formats the C sources of src/, include/ and cli/ with .clang-format in
# place, or with --check says which differ and fails. Generated files are
# left as their generator writes them.
set -eu
cd "$(dirname "$0")/.."

# Another clang-format version formats some lines differently: use
# Debian 12's, which scripts/install-deps.sh installs.
cf=clang-format
command -v clang-format-14 >/dev/null 2>&1 && cf=clang-format-14
if ! command -v "$cf" >/dev/null 2>&1; then
	echo "format: clang-format not found (scripts/install-deps.sh)" >&2
	exit 1
fi

files=$(find src include cli -name '*.[ch]' \
	! -path src/machine/tcg_features_table.c | LC_ALL=C sort)

if [ "${1:-}" = "--check" ]; then
	bad=0
	for f in $files; do
		if ! "$cf" --style=file "$f" | cmp -s - "$f"; then
			echo "format: $f is not formatted (make format)" >&2
			bad=1
		fi
	done
	[ $bad = 0 ] && echo "format: $(echo "$files" | wc -l) files formatted"
	exit $bad
fi
# shellcheck disable=SC2086
"$cf" --style=file -i $files
