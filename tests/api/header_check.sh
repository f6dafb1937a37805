#!/bin/sh
# Each public header compiles on its own, warning-free, as C99 or C++.
set -eu
inc=$1 lang=$2
# The build tree's include directory holds the generated vnuma/version.h.
geninc=${3:-$inc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for h in "$inc"/vnuma/*.h "$geninc"/vnuma/version.h; do
	name=$(basename "$h")
	if [ "$lang" = c ]; then
		printf '#include <vnuma/%s>\nint main(void) { return 0; }\n' "$name" > "$tmp/t.c"
		cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$inc" -I"$geninc" -c "$tmp/t.c" -o "$tmp/t.o" || { echo "FAIL: $name as C99"; fail=1; }
	else
		printf '#include <vnuma/%s>\nint main() { return 0; }\n' "$name" > "$tmp/t.cc"
		c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$inc" -I"$geninc" -c "$tmp/t.cc" -o "$tmp/t.o" || { echo "FAIL: $name as C++"; fail=1; }
	fi
done
[ $fail = 0 ] && echo "all headers compile alone ($lang)"
exit $fail
