#!/bin/sh
# A program built with pkg-config against this version's installed library
# keeps working, value for value, with a later library whose
# vnuma_cpu_info has grown a field at its end: the later library writes
# no byte past the program's struct. Also: the version check answers yes
# for an older program on a newer library and no the other way round.
#
# abi_growth.sh SOURCE_ROOT BUILD_DIR CONSUMER_C EXPECTED
set -eu
src=$1 build=$2 consumer=$3 expected=$4
cc=${CC:-cc}
san=
if [ "${ABI_SANITIZE:-none}" != none ]; then
	san="-fsanitize=$ABI_SANITIZE"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Compiles the consumer against the library installed in $1 (a DESTDIR
# or a prefix), with the flags pkg-config gives for it.
build_consumer() { # root out [cflags]
	pc=$(find "$1" -name vnuma.pc | head -n 1)
	[ -n "$pc" ] || fail "no vnuma.pc installed under $1"
	case $1 in "$tmp/old") sysroot=$1 ;; *) sysroot= ;; esac
	flags=$(PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$sysroot \
		pkg-config --cflags --libs vnuma) || fail "pkg-config failed"
	# shellcheck disable=SC2086
	$cc -std=c99 -Wall -Wextra -Werror $san ${3:-} -o "$2" "$consumer" \
		$flags || fail "the consumer does not build against $1"
}
libdir_of() { dirname "$(find "$1" -name 'libvnuma.so.*' | head -n 1)"; }

# 1. This tree, installed as it is built.
meson install -C "$build" --no-rebuild --destdir "$tmp/old" >/dev/null ||
	fail "meson install of this tree"
build_consumer "$tmp/old" "$tmp/consumer-old"
old_lib=$(libdir_of "$tmp/old")
LD_LIBRARY_PATH=$old_lib "$tmp/consumer-old" >"$tmp/old.out" ||
	fail "the consumer fails on its own library"
diff -u "$expected" "$tmp/old.out" || fail "wrong values on this library"

# 2. A later version: a copy of the tree whose vnuma_cpu_info has one
# more field, filled by the library, and a higher minor version.
mkdir "$tmp/tree"
tar -C "$src" --exclude=./.git --exclude='./build*' -cf - . |
	tar -C "$tmp/tree" -xf -
python3 - "$tmp/tree" <<'PY' || fail "the growth patch did not apply"
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
h = root / "include/vnuma/topology.h"
s = h.read_text()
m = re.search(r"(typedef struct vnuma_cpu_info \{.*?)(\n\} vnuma_cpu_info;)", s, re.S)
s = s[:m.end(1)] + "\n\tuint64_t abi_growth_probe; /* added later */" + s[m.end(1):]
h.write_text(s)
call = "VNUMA__FILL(out, &full, vnuma_cpu_info, present)"
hits = [p for p in (root / "src").rglob("*.c") if call in p.read_text()]
assert len(hits) == 1, hits
c = hits[0].read_text()
c = c.replace("\treturn " + call, "\tfull.abi_growth_probe = 0xabcdef0123456789;\n\treturn " + call)
assert "abi_growth_probe" in c
hits[0].write_text(c)
mb = root / "meson.build"
s = mb.read_text()
m = re.search(r"version : '(\d+)\.(\d+)\.(\d+)'", s)
new = "version : '%s.%d.0'" % (m.group(1), int(m.group(2)) + 1)
mb.write_text(s[:m.start()] + new + s[m.end():])
PY
meson setup "$tmp/b" "$tmp/tree" -Dtests=disabled -Dqemu_tests=disabled \
	-Dbuildtype=plain --prefix="$tmp/new" >"$tmp/setup.log" 2>&1 ||
	{ cat "$tmp/setup.log"; fail "setup of the later version"; }
meson compile -C "$tmp/b" >"$tmp/compile.log" 2>&1 ||
	{ tail -30 "$tmp/compile.log"; fail "build of the later version"; }
meson install -C "$tmp/b" --no-rebuild >/dev/null ||
	fail "install of the later version"
new_lib=$(libdir_of "$tmp/new")

# 3. The old program on the new library: the same values, no byte
# written past its structs (the consumer checks its canaries).
LD_LIBRARY_PATH=$new_lib "$tmp/consumer-old" >"$tmp/new.out" ||
	fail "the old consumer fails on the later library"
diff -u "$tmp/old.out" "$tmp/new.out" ||
	fail "the later library gives the old consumer other values"
# It did run the later library.
LD_LIBRARY_PATH=$new_lib "$tmp/consumer-old" version >"$tmp/v.out" ||
	fail "the version check refuses an older program on a newer library"
read -r _ hv _ lv _ <"$tmp/v.out"
[ "$hv" != "$lv" ] ||
	{ cat "$tmp/v.out"; fail "the old consumer did not load the later library"; }

# 4. A program of the later version reads the new field on its library,
# and is told the earlier library is too old for it.
build_consumer "$tmp/new" "$tmp/consumer-new" -DCONSUMER_NEW_FIELD
LD_LIBRARY_PATH=$new_lib "$tmp/consumer-new" >"$tmp/grown.out" ||
	fail "the new consumer fails on its library"
grep -q "^cpu 0 probe 0xabcdef0123456789$" "$tmp/grown.out" ||
	fail "the new field was not filled"
grep -v probe "$tmp/grown.out" | diff -u "$tmp/old.out" - ||
	fail "the grown struct reads other values"
if LD_LIBRARY_PATH=$old_lib "$tmp/consumer-new" version >"$tmp/v2.out"; then
	cat "$tmp/v2.out"
	fail "the version check accepts a newer program on an older library"
fi
echo "abi growth: old program, new library: same values, struct bounds kept"
