#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the guest test initramfs: a gzip'd newc cpio archive holding
busybox-static as /bin/busybox, tests/guest/init as /init, extra static
programs in /bin and an optional /etc/test.args.

Written here rather than with cpio(1), which Debian does not install by
default, and byte-for-byte reproducible (fixed owner, mode and mtime).

usage: mkinitramfs.py OUT BUSYBOX [--args FILE] [PROGRAM...]
"""
import gzip
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def newc(name, mode, data=b"", ino=1):
    """One newc entry: a 110-byte ASCII header, the name, the data, each
    padded to 4 bytes."""
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
              len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def acpi_upgrade(tables):
    """An uncompressed archive of kernel/firmware/acpi/*.aml: the kernel's
    initrd ACPI table upgrade (CONFIG_ACPI_TABLE_UPGRADE) reads it before
    the firmware's tables are used, and a table with the signature, OEM id
    and OEM table id of a firmware table replaces it."""
    entries = [("kernel", 0o040755, b""), ("kernel/firmware", 0o040755, b""),
               ("kernel/firmware/acpi", 0o040755, b"")]
    for path in tables:
        with open(path, "rb") as f:
            name = os.path.basename(path).lower() + ".aml"
            entries.append(("kernel/firmware/acpi/" + name, 0o100644,
                            f.read()))
    blob = b"".join(newc(n, m, d, i + 1)
                    for i, (n, m, d) in enumerate(entries))
    return blob + newc("TRAILER!!!", 0, b"", 0)


def build(out, busybox, programs=(), args_file=None, files=()):
    """files: (name, bytes, mode) entries more, e.g. etc/cfg/001.args;
    their directories are made (the kernel makes none for a file)."""
    entries = []
    dirs = ["bin", "dev", "etc", "proc", "sys", "tmp"]
    for name, _, _ in files:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.append(d)
    for d in dirs:
        entries.append((d, 0o040755, b""))

    def add(name, path, mode=0o100755):
        with open(path, "rb") as f:
            entries.append((name, mode, f.read()))

    add("bin/busybox", busybox)
    entries.append(("bin/sh", 0o120777, b"busybox"))
    add("init", os.path.join(HERE, "init"))
    for p in programs:
        add("bin/" + os.path.basename(p), p)
    if args_file:
        add("etc/test.args", args_file, 0o100644)
    for name, data, mode in files:
        entries.append((name, 0o100000 | mode, data))
    blob = b"".join(newc(n, m, d, i + 1)
                    for i, (n, m, d) in enumerate(entries))
    blob += newc("TRAILER!!!", 0, b"", 0)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(gzip.compress(blob, 6, mtime=0))
    os.replace(tmp, out)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    out, busybox, rest = argv[1], argv[2], argv[3:]
    args_file = None
    if rest[:1] == ["--args"]:
        args_file, rest = rest[1], rest[2:]
    build(out, busybox, rest, args_file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
