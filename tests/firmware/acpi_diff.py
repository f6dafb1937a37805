#!/usr/bin/env python3
"""Differential tests: vnuma's ACPI SRAT/SLIT/HMAT against QEMU 7.2's.

Every case (acpi_cases.txt, one per line: NAME [!flag] | ARCH | ARGS) runs
through qemu-system-ARCH ARGS -S -qtest stdio, which builds its ACPI tables
without booting anything; the tables are read from the fw_cfg file
etc/acpi/tables over the qtest protocol, and compared structure by
structure with the files `vnuma --acpi DIR ARGS` writes. Nothing is stored:
QEMU's side is computed on every run.

Compared: which of SRAT/SLIT/HMAT exist; each header's signature, length,
revision, OEM id, OEM table id, OEM revision, creator id and revision;
every structure, byte for byte. QEMU leaves its checksums to the firmware's
table loader, so vnuma's are checked instead (bytes sum to 0).

The one allowed difference: QEMU 7.2 writes a HMAT Memory Proximity Domain
Attributes structure for nodes that have no memory in its SRAT, which makes
Linux ignore the whole HMAT; vnuma leaves those out. They are dropped from
QEMU's HMAT before comparing (and counted with -v).

Flags: !kvm runs QEMU and vnuma with -accel kvm,kernel-irqchip=split (QEMU 7.2 with
TCG refuses APIC ids above 254); such cases are skipped, with a message,
where /dev/kvm cannot be opened.
"""
import argparse
import os
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ARCHES = ("x86_64", "aarch64")
FLAGS = ("kvm",)
TABLES = ("SRAT", "SLIT", "HMAT")
TIMEOUT = 60
SKIP = 77  # meson's "skipped" exit status
KVM_ARGS = ["-accel", "kvm,kernel-irqchip=split"]
# The virt board's fw_cfg: data at +0, selector at +8 (big-endian).
VIRT_FW_CFG = 0x09020000
FW_CFG_FILE_DIR = 0x19


class Case:
    def __init__(self, src, lineno, line):
        self.where = f"{src.name}:{lineno}"
        parts = line.split("|", 2)
        if len(parts) != 3:
            raise ValueError(f"{self.where}: expected NAME | ARCH | ARGS")
        words = parts[0].split()
        if not words:
            raise ValueError(f"{self.where}: empty case name")
        self.name = words[0]
        self.flags = set()
        for w in words[1:]:
            if not w.startswith("!") or w[1:] not in FLAGS:
                raise ValueError(f"{self.where}: unknown flag {w!r}")
            self.flags.add(w[1:])
        self.arch = parts[1].strip()
        if self.arch not in ARCHES:
            raise ValueError(f"{self.where}: unknown arch {self.arch!r}")
        self.args = shlex.split(parts[2])

    @property
    def program(self):
        return "qemu-system-" + self.arch

    def title(self):
        flags = "".join(" !" + f for f in sorted(self.flags))
        return (f"{self.name}{flags} [{self.arch}] ({self.where}): "
                + shlex.join(self.args))


def load_cases(path):
    cases, seen = [], {}
    src = Path(path)
    for n, raw in enumerate(src.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        c = Case(src, n, line)
        if c.name in seen:
            raise ValueError(f"{c.where}: case {c.name} already at "
                             f"{seen[c.name]}")
        seen[c.name] = c.where
        cases.append(c)
    return cases


# ---------------------------------------------------------------- QEMU side

class QTest:
    """A QEMU stopped before its first instruction, driven over qtest."""

    def __init__(self, case):
        cmd = [case.program] + case.args + (
            KVM_ARGS if "kvm" in case.flags else []) + [
            "-S", "-display", "none", "-nodefaults",
            "-qtest", "stdio", "-qtest-log", "/dev/null"]
        self.arch = case.arch
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE,
                                  env=dict(os.environ, LC_ALL="C"))

    def close(self):
        self.p.kill()
        _, err = self.p.communicate()
        return err.decode(errors="replace")

    def batch(self, cmds):
        """Answers to cmds, in order. Sent in slices: a pipe holds only so
        much, and QEMU blocks writing answers nobody reads yet."""
        out = []
        for i in range(0, len(cmds), 2048):
            part = cmds[i:i + 2048]
            self.p.stdin.write("".join(c + "\n" for c in part).encode())
            self.p.stdin.flush()
            for c in part:
                while True:
                    line = self.p.stdout.readline()
                    if not line:
                        raise EOFError("QEMU exited")
                    words = line.decode().split()
                    if words and words[0] in ("OK", "FAIL"):
                        break  # other lines are IRQ events
                if words[0] != "OK":
                    raise ValueError(f"qtest: {c}: {' '.join(words)}")
                out.append(words[1] if len(words) > 1 else None)
        return out

    def fw_cfg(self, key, size):
        """The first size bytes of fw_cfg item key."""
        if self.arch == "x86_64":
            r = self.batch([f"outw 0x510 {key:#x}"] + ["inb 0x511"] * size)
            return bytes(int(v, 16) for v in r[1:])
        sel = struct.unpack("<H", struct.pack(">H", key))[0]
        n = (size + 7) // 8
        r = self.batch([f"writew {VIRT_FW_CFG + 8:#x} {sel:#x}"]
                       + [f"read {VIRT_FW_CFG:#x} 8"] * n)
        return bytes.fromhex("".join(v[2:] for v in r[1:]))[:size]

    def file(self, name):
        (count,) = struct.unpack(">I", self.fw_cfg(FW_CFG_FILE_DIR, 4))
        d = self.fw_cfg(FW_CFG_FILE_DIR, 4 + 64 * count)[4:]
        for i in range(count):
            size, key = struct.unpack_from(">IH", d, 64 * i)
            if d[64 * i + 8:64 * i + 64].split(b"\0")[0].decode() == name:
                return self.fw_cfg(key, size)
        return None


def split_tables(blob):
    """{signature: bytes} of the tables laid end to end in the blob."""
    tables, off = {}, 0
    while off + 8 <= len(blob):
        sig = blob[off:off + 4]
        (length,) = struct.unpack_from("<I", blob, off + 4)
        if sig == b"\0\0\0\0" or length < 8:
            break
        tables.setdefault(sig.decode(errors="replace"),
                          blob[off:off + length])
        off += length
    return tables


def qemu_tables(case):
    """(tables, None) or (None, why)."""
    q = QTest(case)
    try:
        blob = q.file("etc/acpi/tables")
    except (EOFError, ValueError, BrokenPipeError) as e:
        err = q.close().strip()
        return None, f"QEMU gave no tables ({e}): {err}"
    q.close()
    if blob is None:  # no ACPI at all (isapc, acpi=off)
        return {}, None
    t = split_tables(blob)
    return {k: v for k, v in t.items() if k in TABLES}, None


# --------------------------------------------------------------- vnuma side

def vnuma_tables(vnuma, case):
    with tempfile.TemporaryDirectory(prefix="vnuma-acpi-") as d:
        # vnuma reads the accelerator too: TCG refuses x2APIC ids.
        p = subprocess.run([vnuma, "--acpi", d] + case.args + (
            KVM_ARGS if "kvm" in case.flags else []),
                           capture_output=True, text=True, timeout=TIMEOUT)
        if p.returncode:
            return None, (f"vnuma exit status {p.returncode}: "
                          + p.stderr.strip())
        return {n: (Path(d) / n).read_bytes() for n in TABLES
                if (Path(d) / n).exists()}, None


# -------------------------------------------------------------- comparing

HEADER = [("signature", 0, 4), ("length", 4, 4), ("revision", 8, 1),
          ("oem id", 10, 6), ("oem table id", 16, 8),
          ("oem revision", 24, 4), ("creator id", 28, 4),
          ("creator revision", 32, 4)]


def structures(sig, t):
    """(preamble bytes, [structure bytes]) after the 36-byte header."""
    body = t[36:]
    if sig == "SLIT":
        return body, []
    pre = 12 if sig == "SRAT" else 4
    out, off = [], pre
    while off < len(body):
        if sig == "SRAT":
            n = body[off + 1]
        else:
            (n,) = struct.unpack_from("<I", body, off + 4)
        if n == 0:
            raise ValueError(f"{sig}: structure of length 0 at {off}")
        out.append(body[off:off + n])
        off += n
    return body[:pre], out


def describe(sig, s):
    """A structure's fields, for a failure message."""
    if sig == "SRAT":
        typ = s[0]
        if typ == 0 and len(s) == 16:
            pd = s[2] | int.from_bytes(s[9:12], "little") << 8
            return (f"lapic pd={pd} apic={s[3]} "
                    f"flags={struct.unpack_from('<I', s, 4)[0]:#x}")
        if typ == 1 and len(s) == 40:
            pd, base, size, flags = (struct.unpack_from("<I", s, 2)[0],
                                     *struct.unpack_from("<QQ", s, 8),
                                     struct.unpack_from("<I", s, 28)[0])
            return (f"memory pd={pd} base={base:#x} size={size:#x} "
                    f"flags={flags:#x}")
        if typ == 2 and len(s) == 24:
            pd, apic, flags = struct.unpack_from("<III", s, 4)
            return f"x2apic pd={pd} apic={apic} flags={flags:#x}"
        if typ == 3 and len(s) == 18:
            pd, uid, flags = struct.unpack_from("<III", s, 2)
            return f"gicc pd={pd} uid={uid} flags={flags:#x}"
    return s.hex()


def hmat_memory_pd(s):
    """The memory domain of a HMAT type-0 structure, else None."""
    if struct.unpack_from("<H", s, 0)[0] == 0:
        return struct.unpack_from("<I", s, 12)[0]
    return None


def srat_memory_nodes(srat):
    nodes = set()
    for s in structures("SRAT", srat)[1]:
        if s[0] == 1 and struct.unpack_from("<I", s, 28)[0] & 1:
            nodes.add(struct.unpack_from("<I", s, 2)[0])
    return nodes


def compare_table(sig, q, v, dropped=0):
    diffs = []
    if sum(v) % 256:
        diffs.append(f"{sig}: vnuma's checksum is wrong (bytes sum to "
                     f"{sum(v) % 256:#x})")
    for name, off, n in HEADER:
        qv, vv = q[off:off + n], v[off:off + n]
        if name == "length":
            qv = (int.from_bytes(qv, "little") - 40 * dropped).to_bytes(
                4, "little")
        if qv != vv:
            diffs.append(f"{sig} header {name}: QEMU {qv!r}, vnuma {vv!r}")
    try:
        qp, qs = structures(sig, q)
        vp, vs = structures(sig, v)
    except (ValueError, IndexError) as e:
        return diffs + [f"{sig}: cannot split into structures: {e}"]
    if qp != vp:
        diffs.append(f"{sig} body before the structures: QEMU {qp.hex()}, "
                     f"vnuma {vp.hex()}")
    for i in range(max(len(qs), len(vs))):
        a = qs[i] if i < len(qs) else None
        b = vs[i] if i < len(vs) else None
        if a != b:
            diffs.append(f"{sig} structure {i}: QEMU "
                         f"{describe(sig, a) if a else 'none'}, vnuma "
                         f"{describe(sig, b) if b else 'none'}")
            if len(diffs) > 8:
                diffs.append("...")
                break
    return diffs


def drop_memoryless(q):
    """QEMU's HMAT without type-0 structures for nodes its SRAT gives no
    memory (the allowed difference), and how many were dropped."""
    if "HMAT" not in q or "SRAT" not in q:
        return q, 0
    mem = srat_memory_nodes(q["SRAT"])
    pre, ss = structures("HMAT", q["HMAT"])
    keep = [s for s in ss if hmat_memory_pd(s) in (None, *mem)]
    if len(keep) == len(ss):
        return q, 0
    q = dict(q)
    q["HMAT"] = q["HMAT"][:36] + pre + b"".join(keep)
    return q, len(ss) - len(keep)


def compare(q, v):
    diffs = []
    if sorted(q) != sorted(v):
        diffs.append(f"tables: QEMU {sorted(q)}, vnuma {sorted(v)}")
    q, dropped = drop_memoryless(q)
    for sig in TABLES:
        if sig in q and sig in v:
            diffs += compare_table(sig, q[sig], v[sig],
                                   dropped if sig == "HMAT" else 0)
    return diffs, dropped


def kvm_usable():
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
        return True
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", help="the case file (acpi_cases.txt)")
    ap.add_argument("--vnuma", required=True, help="the vnuma binary")
    ap.add_argument("-k", action="append", default=[], metavar="SUBSTRING",
                    help="run only cases whose name contains SUBSTRING")
    ap.add_argument("-j", type=int, default=2, metavar="N",
                    help="cases run in parallel (default 2)")
    ap.add_argument("-v", action="store_true",
                    help="also list the cases that pass")
    a = ap.parse_args()
    try:
        cases = load_cases(a.cases)
    except (OSError, ValueError) as e:
        print(f"acpi-diff: bad case file: {e}", file=sys.stderr)
        return 2
    if a.k:
        cases = [c for c in cases if any(k in c.name for k in a.k)]
    if not cases:
        print("acpi-diff: no case selected", file=sys.stderr)
        return 2
    missing = sorted({c.program for c in cases if not shutil.which(c.program)})
    n = len(cases)
    cases = [c for c in cases if c.program not in missing]
    if missing:
        print(f"acpi-diff: {n - len(cases)} cases skipped, "
              f"{', '.join(missing)} not found")
    if not kvm_usable():
        n = len(cases)
        cases = [c for c in cases if "kvm" not in c.flags]
        if n != len(cases):
            print(f"acpi-diff: {n - len(cases)} !kvm cases skipped, "
                  "/dev/kvm cannot be opened")
    if not cases:
        return SKIP

    def one(case):
        q, why = qemu_tables(case)
        v, vwhy = vnuma_tables(a.vnuma, case)
        if why or vwhy:
            return case, [why or vwhy], 0
        return (case, *compare(q, v))

    passed = failed = allowed = 0
    with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
        for case, diffs, dropped in ex.map(one, cases):
            allowed += dropped
            if diffs:
                failed += 1
                print("FAIL " + case.title())
                print("\n".join("     " + d for d in diffs), flush=True)
                continue
            passed += 1
            if a.v:
                note = (f" ({dropped} HMAT type-0 structures of memory-less "
                        "nodes left out)" if dropped else "")
                print(f"ok   {case.name}{note}", flush=True)
    print(f"acpi-diff: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
