#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetches what a guest boot needs for ARCH (amd64 or arm64): Debian's
# linux-image-ARCH kernel and busybox-static, with `apt-get download` (no
# install, /boot untouched), unpacked into a cache outside the tree that is
# keyed by package version, so a second run downloads nothing:
#
#   ${VNUMA_GUEST_CACHE:-/var/tmp/vnuma-guest}/ARCH/KPKG_KVER+bb_BBVER/
#       kernel    amd64: the uncompressed ELF vmlinux (QEMU boots it through
#                 its PVH note, which skips the decompressor: ~4.5 s a boot
#                 instead of ~8 s); arm64: Debian's vmlinuz, a raw Image
#       busybox   busybox-static for ARCH
#
# Prints that directory on the last line of stdout. Nothing but Debian
# packages is downloaded. arm64 packages come through a private apt state
# under the cache (no `dpkg --add-architecture`: the system's apt setup is
# left alone). Exit status 77 (meson's SKIP) with the reason on stderr when
# the packages cannot be had.
set -eu
ARCH=${1:-amd64}
CACHE=${VNUMA_GUEST_CACHE:-/var/tmp/vnuma-guest}
skip() { echo "guest: SKIP: $*" >&2; exit 77; }
case $ARCH in
amd64|arm64) ;;
*) echo "usage: fetch.sh amd64|arm64" >&2; exit 2;;
esac
command -v apt-get >/dev/null ||
	skip "no apt-get: Debian's kernel package cannot be had"
mkdir -p "$CACHE/$ARCH" || skip "cannot create the cache $CACHE"

APT=
if [ "$ARCH" != "$(dpkg --print-architecture)" ]; then
	S=$CACHE/apt-$ARCH
	mkdir -p "$S/lists/partial" "$S/cache/archives/partial"
	APT="-o Dir::State::Lists=$S/lists -o Dir::Cache=$S/cache
	  -o APT::Architecture=$ARCH -o APT::Architectures::=$ARCH
	  -o Debug::NoLocking=1"
	# Refresh the private lists at most once a day; stale lists still do
	# when the mirror cannot be reached (the debs may be cached already).
	fresh=$(find "$S/lists" -maxdepth 1 -name '*Packages*' -mtime -1)
	if [ -z "$fresh" ]; then
		apt-get $APT -qq update >/dev/null 2>&1 ||
			echo "guest: apt-get update for $ARCH failed; using the lists there are" >&2
	fi
fi

field() { # PACKAGE FIELD: the candidate's field, from the apt lists
	apt-cache $APT show --no-all-versions "$1" 2>/dev/null |
		sed -n "s/^$2: //p" | head -1
}
KPKG=$(field "linux-image-$ARCH" Depends | sed 's/[ ,(].*//')
KVER=$(field "$KPKG" Version)
BBVER=$(field busybox-static Version)
[ -n "$KPKG" ] && [ -n "$KVER" ] && [ -n "$BBVER" ] ||
	skip "linux-image-$ARCH or busybox-static unknown to apt (run apt-get update)"
D=$CACHE/$ARCH/${KPKG}_$KVER+bb_$(echo "$BBVER" | tr ':' '_')
if [ -f "$D/.complete" ]; then echo "$D"; exit 0; fi

T=$(mktemp -d "$CACHE/$ARCH/.fetch.XXXXXX")
trap 'rm -rf "$T"' EXIT
# As root, apt warns that _apt cannot write here ("unsandboxed"): harmless.
(cd "$T" && apt-get $APT -qq download "$KPKG=$KVER" "busybox-static=$BBVER") \
	>"$T/apt.log" 2>&1 || { cat "$T/apt.log" >&2
	skip "apt-get download $KPKG busybox-static failed (no network?)"; }
mkdir -p "$T/out" "$T/k" "$T/bb"
dpkg-deb --fsys-tarfile "$T/${KPKG}_"*.deb | tar -x -C "$T/k" ./boot
dpkg-deb -x "$T"/busybox-static_*.deb "$T/bb"
cp "$T/bb/bin/busybox" "$T/out/busybox"
K=$(ls "$T"/k/boot/vmlinuz-* | head -1)
if [ "$ARCH" = amd64 ]; then
	# The bzImage payload is an xz stream: find its magic, unpack it.
	off=$(LC_ALL=C grep -aboP '\xfd7zXZ\x00' "$K" | head -1 | cut -d: -f1)
	[ -n "$off" ] || { echo "guest: no xz payload in $K" >&2; exit 1; }
	tail -c +$((off + 1)) "$K" | xz -dc 2>/dev/null >"$T/out/kernel" || true
	# xz complains about the data after the stream; the ELF must be whole.
	[ "$(head -c 4 "$T/out/kernel" | od -An -c | tr -d ' ')" = '177ELF' ] ||
		{ echo "guest: vmlinux extraction failed" >&2; exit 1; }
else
	cp "$K" "$T/out/kernel"
fi
echo "$KPKG $KVER busybox-static $BBVER" >"$T/out/VERSION"
touch "$T/out/.complete"
rm -rf "$D"
mv "$T/out" "$D"
# Older versions are of no further use.
for old in "$CACHE/$ARCH"/*+bb_*; do
	[ "$old" = "$D" ] || rm -rf "$old"
done
echo "$D"
