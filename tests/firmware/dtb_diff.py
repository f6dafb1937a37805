#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Device-tree NUMA of arm virt: vnuma against QEMU 7.2, and dtc's checks.

For every case of dtb_cases.txt (NAME | qemu-system-aarch64 ARGS):
  1. QEMU dumps its DTB for ARGS (-M dumpdtb=, dtb-randomness=off);
  2. QEMU dumps the DTB of the same machine without any -numa option;
  3. vnuma ARGS --dtb-in (2) --dtb-out ours.dtb;
  4. "dtc -I dtb -O dts" of ours equals that of (1), text for text, and dtc
     prints nothing on stderr for ours (nor for QEMU's, the baseline);
  5. vnuma ARGS --dts compiles with "dtc -I dts -O dtb" without a word on
     stderr, and every property it holds equals the one at the same path
     in (1); its memory nodes and /distance-map are exactly QEMU's.
QEMU's answers are computed here, nothing is stored. Exit 77 (skip) when
qemu-system-aarch64 or dtc is missing.

Usage: dtb_diff.py --vnuma PATH [--keep DIR] [CASES]
"""
import argparse
import difflib
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

QEMU = "qemu-system-aarch64"
SKIP = 77


def load_cases(path):
    cases = []
    for n, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, args = line.partition("|")
        if not sep or not name.strip():
            raise ValueError(f"{path}:{n}: expected NAME | ARGS")
        cases.append((name.strip(), shlex.split(args)))
    return cases


def without_numa(args):
    out, i = [], 0
    while i < len(args):
        if args[i] == "-numa":
            i += 2
            continue
        out.append(args[i])
        i += 1
    return out


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          **kw)


def dump(args, path):
    p = run([QEMU, *args, "-machine", "dumpdtb=" + str(path),
             "-machine", "dtb-randomness=off", "-nodefaults",
             "-display", "none"])
    if not path.exists():
        raise RuntimeError(f"QEMU wrote no DTB: {p.stderr.strip()}")


def dtc(src, fmt_in, fmt_out):
    p = run(["dtc", "-I", fmt_in, "-O", fmt_out, "-o", "-", str(src)])
    if p.returncode:
        raise RuntimeError(f"dtc -I {fmt_in} failed: {p.stderr.strip()}")
    return p.stdout, p.stderr


def fdt_nodes(blob):
    """{path: {name: bytes}} of a flattened device tree."""
    magic, _, off_struct, off_strings = struct.unpack_from(">4I", blob)
    if magic != 0xD00DFEED:
        raise ValueError("not a DTB")
    nodes, stack, off = {}, [], off_struct

    def cstr(at):
        return blob[at:blob.index(b"\0", at)].decode()

    while True:
        (tag,) = struct.unpack_from(">I", blob, off)
        off += 4
        if tag == 1:
            name = cstr(off)
            off = (off + len(name) + 4) & ~3
            stack.append(name)
            path = "/" + "/".join(stack[1:])
            nodes[path] = {}
        elif tag == 2:
            stack.pop()
        elif tag == 3:
            size, nameoff = struct.unpack_from(">II", blob, off)
            off += 8
            nodes["/" + "/".join(stack[1:])][
                cstr(off_strings + nameoff)] = blob[off:off + size]
            off = (off + size + 3) & ~3
        elif tag == 9:
            return nodes


def numa_paths(nodes):
    return sorted(p for p in nodes
                  if p.startswith("/memory") or p == "/distance-map")


def dtc_binary(src):
    p = subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", "-",
                        str(src)], capture_output=True, timeout=120)
    if p.returncode:
        raise RuntimeError("dtc -I dts failed: " + p.stderr.decode())
    return p.stdout, p.stderr.decode()


def one(vnuma, name, args, work):
    qemu_dtb, base_dtb, ours = (work / "qemu.dtb", work / "base.dtb",
                                work / "ours.dtb")
    dump(args, qemu_dtb)
    dump(without_numa(args), base_dtb)
    p = run([vnuma, *args, "--dtb-in", str(base_dtb), "--dtb-out",
             str(ours)])
    if p.returncode:
        return [f"vnuma exit {p.returncode}: {p.stderr.strip()}"]
    want, qwarn = dtc(qemu_dtb, "dtb", "dts")
    got, warn = dtc(ours, "dtb", "dts")
    problems = []
    if qwarn:
        problems.append("dtc warns on QEMU's own DTB (baseline): " + qwarn)
    if warn:
        problems.append("dtc on vnuma's DTB: " + warn.strip())
    if got != want:
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(),
                                    "qemu", "vnuma", lineterm="", n=2)
        problems.append("decompiled DTBs differ:\n" + "\n".join(diff))
    p = run([vnuma, *args, "--dts"])
    if p.returncode:
        return problems + [f"vnuma --dts exit {p.returncode}: "
                           f"{p.stderr.strip()}"]
    (work / "frag.dts").write_text(p.stdout)
    blob, fwarn = dtc_binary(work / "frag.dts")
    if fwarn:
        problems.append("dtc on --dts output: " + fwarn.strip())
    problems += compare_fragment(fdt_nodes(blob),
                                 fdt_nodes(qemu_dtb.read_bytes()))
    return problems


def compare_fragment(frag, qemu):
    problems = []
    if numa_paths(frag) != numa_paths(qemu):
        problems.append(f"--dts nodes {numa_paths(frag)}, QEMU "
                        f"{numa_paths(qemu)}")
    for path, props in frag.items():
        for name, val in props.items():
            want = qemu.get(path, {}).get(name)
            if want != val:
                problems.append(f"--dts {path} {name} = {val.hex()}, QEMU "
                                f"{want.hex() if want is not None else '-'}")
    for path, props in qemu.items():
        if "numa-node-id" in props and "numa-node-id" not in frag.get(
                path, {}):
            problems.append(f"--dts lacks {path} numa-node-id")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vnuma", required=True)
    ap.add_argument("--keep", help="keep each case's files under DIR")
    ap.add_argument("cases", nargs="?",
                    default=Path(__file__).with_name("dtb_cases.txt"))
    a = ap.parse_args()
    for tool, pkg in ((QEMU, "qemu-system-arm"),
                      ("dtc", "device-tree-compiler")):
        if not shutil.which(tool):
            print(f"SKIP: {tool} not found (Debian package {pkg})")
            return SKIP
    cases = load_cases(a.cases)
    failed = 0
    for name, args in cases:
        with tempfile.TemporaryDirectory(prefix="dtb-") as tmp:
            work = Path(a.keep) / name if a.keep else Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            try:
                problems = one(a.vnuma, name, args, work)
            except (RuntimeError, ValueError, subprocess.TimeoutExpired) \
                    as e:
                problems = [str(e)]
        status = "FAIL" if problems else "ok"
        print(f"{status:4} {name}")
        for p in problems:
            print("     " + p.replace("\n", "\n     "))
        failed += bool(problems)
    print(f"{len(cases) - failed}/{len(cases)} cases equal QEMU 7.2's DTB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
