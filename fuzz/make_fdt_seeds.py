#!/usr/bin/env python3
"""Makes fuzz/corpus/fuzz_fdt/: DTBs dumped by qemu-system-aarch64 7.2
(-M virt,dumpdtb=) for the shapes fuzz_fdt.c knows, and malformed ones
made from them. Each file is one byte (the shape's index) and the DTB.

QEMU dumps its 1 MiB working buffer; the blob is cut to its blocks (the
header's totalsize lowered), which leaves QEMU's bytes as they were.
Usage: fuzz/make_fdt_seeds.py [OUTDIR]   (also used for tests/cli cases)
"""
import os
import struct
import subprocess
import sys
import tempfile

# Keep in step with shapes[] in fuzz/fuzz_fdt.c (same order).
SHAPES = [
    "-m 1G -smp 2",
    "-m 2G -smp 4 -object memory-backend-ram,id=m0,size=1G "
    "-object memory-backend-ram,id=m1,size=1G "
    "-numa node,memdev=m0,cpus=0-1 -numa node,memdev=m1,cpus=2-3 "
    "-numa dist,src=0,dst=1,val=20",
    "-m 4G -smp 8,sockets=2,cores=4 "
    "-object memory-backend-ram,id=m0,size=1G "
    "-object memory-backend-ram,id=m1,size=3G "
    "-numa node,memdev=m0,cpus=0-3 -numa node,memdev=m1,cpus=4-5 "
    "-numa node,cpus=6-7",
    "-m 512M -smp 1 -object memory-backend-ram,id=m0,size=512M "
    "-numa node,memdev=m0",
    "-m 3G -smp 6,maxcpus=8 -object memory-backend-ram,id=m0,size=1G "
    "-object memory-backend-ram,id=m1,size=2G "
    "-numa node,memdev=m0,cpus=0-3 -numa node,memdev=m1,cpus=4-7",
]

BEGIN, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9


def dump(args, numa):
    """QEMU's DTB for args (its -numa options kept only if numa)."""
    words = args.split()
    if not numa:
        keep, i = [], 0
        while i < len(words):
            if words[i] in ("-numa", "-object"):
                i += 2
                continue
            keep.append(words[i])
            i += 1
        words = keep
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "x.dtb")
        subprocess.run(["qemu-system-aarch64", "-nodefaults", "-display",
                        "none", "-accel", "tcg",
                        "-M", "virt,dumpdtb=" + path] + words,
                       check=True, capture_output=True)
        blob = bytearray(open(path, "rb").read())
    return pack(blob)


def pack(blob):
    h = list(struct.unpack(">10I", blob[:40]))
    total = max(h[2] + h[9], h[3] + h[8], h[4] + 16)
    h[1] = total
    blob[:40] = struct.pack(">10I", *h)
    return blob[:total]


def header(blob):
    return list(struct.unpack(">10I", blob[:40]))


def set_header(blob, h):
    blob[:40] = struct.pack(">10I", *h)


def tags(blob):
    """(offset, tag, name or None) over the structure block."""
    h = header(blob)
    pos, end = h[2], h[2] + h[9]
    while pos < end:
        tag = struct.unpack(">I", blob[pos:pos + 4])[0]
        at = pos
        pos += 4
        name = None
        if tag == BEGIN:
            nul = blob.index(b"\0", pos)
            name = blob[pos:nul].decode()
            pos = (nul + 1 + 3) & ~3
        elif tag == PROP:
            ln, off = struct.unpack(">II", blob[pos:pos + 8])
            s = h[3] + off
            name = blob[s:blob.index(b"\0", s)].decode()
            pos = (pos + 8 + ln + 3) & ~3
        yield at, tag, name, pos
        if tag == END:
            return


def insert_struct(blob, at, data):
    """Inserts data into the structure block at at; strings follow it."""
    h = header(blob)
    blob[at:at] = data
    h[9] += len(data)
    if h[3] >= at:
        h[3] += len(data)
    h[1] += len(data)
    set_header(blob, h)
    return blob


def string_off(blob, name):
    h = header(blob)
    strings = blob[h[3]:h[3] + h[8]]
    i = strings.find(name.encode() + b"\0")
    if i < 0:
        raise SystemExit("no string " + name)
    return i


def malformed(base):
    """The defect-1 shapes, from a real dump."""
    out = {}
    v3 = bytearray(base)
    h = header(v3)
    h[5], h[6] = 3, 2
    set_header(v3, h)
    out["v3-root-no-slash"] = v3
    v2 = bytearray(base[:32])
    h = list(struct.unpack(">8I", v2))
    h[1], h[5], h[6] = 32, 2, 2
    out["v2-header-32"] = bytearray(struct.pack(">8I", *h))
    # cpu@0's reg, twice
    dup = bytearray(base)
    in_cpu = False
    for at, tag, name, nxt in tags(dup):
        if tag == BEGIN:
            in_cpu = name == "cpu@0"
        if in_cpu and tag == PROP and name == "reg":
            dup = insert_struct(dup, nxt, bytes(dup[at:nxt]))
            break
    out["duplicate-reg"] = dup
    # a memory node under /cpus, before its first CPU
    mem = bytearray(base)
    for at, tag, name, nxt in tags(mem):
        if tag == BEGIN and name.startswith("cpu@"):
            dt = string_off(mem, "device_type")
            node = struct.pack(">I", BEGIN) + b"memory@0\0\0\0\0"
            node += struct.pack(">III", PROP, 7, dt) + b"memory\0\0"
            node += struct.pack(">I", END_NODE)
            mem = insert_struct(mem, at, node)
            break
    out["cpus-memory"] = mem
    # struct block off its 4-byte alignment; reservation map overlapping
    unal = bytearray(base)
    h = header(unal)
    h[2] += 2
    set_header(unal, h)
    out["struct-unaligned"] = unal
    over = bytearray(base)
    h = header(over)
    h[3] = h[2]
    set_header(over, h)
    out["blocks-overlap"] = over
    return out


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_fdt")
    os.makedirs(outdir, exist_ok=True)
    for i, args in enumerate(SHAPES):
        for numa in (False, True) if "-numa" in args else (False,):
            blob = dump(args, numa)
            tag = "numa" if numa else "plain"
            with open(os.path.join(outdir, f"qemu-{i}-{tag}"), "wb") as f:
                f.write(bytes([i]) + blob)
            if i == 0 and not numa:
                for name, bad in malformed(blob).items():
                    with open(os.path.join(outdir, "bad-" + name),
                              "wb") as f:
                        f.write(bytes([i]) + bad)


if __name__ == "__main__":
    main()
