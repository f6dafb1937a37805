#!/bin/sh
# Installs the Debian packages vnuma needs to build and test, if missing.
# Not root: prints the apt-get command instead, and fails.
set -eu

# build: compiler, meson, jansson, libxml2 (domain XML); tests: cmocka, QEMU 7.2 (differential),
# valgrind, python3 (test runners), clang's sanitizer runtime; firmware
# tables: libfdt, iasl and dtc to check them; guest tests: busybox for the
# initramfs, xz to unpack the kernel (fetched with apt-get download);
# libvirt corpus: libvirt 9.0's daemon, QEMU driver and virsh; manual
# pages: man-db and groff to check them (a minimal Debian has neither);
# the sources' formatting: clang-format (14, as .clang-format expects).
PKGS="gcc libc6-dev g++ make meson ninja-build pkg-config libjansson-dev libcmocka-dev
python3 valgrind qemu-system-x86 qemu-system-arm clang libclang-rt-14-dev
hyperfine binutils libfdt-dev device-tree-compiler acpica-tools
busybox-static xz-utils libvirt-daemon libvirt-daemon-driver-qemu
libvirt-clients man-db groff-base clang-format libxml2-dev"
[ "${1:-}" = "--demo" ] && PKGS="gcc libc6-dev make meson ninja-build pkg-config libjansson-dev libfdt-dev libxml2-dev"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "vnuma: missing packages; run as root:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# The package lists of a fresh machine may be empty or stale.
apt-get update -q >/dev/null
$cmd >/dev/null
