#!/usr/bin/env python3
"""Every ACPI table vnuma writes disassembles cleanly with `iasl -d`.

For each case of acpi_cases.txt (the differential cases) and a few more
below (header overrides, many nodes), `vnuma --acpi DIR ARGS` writes its
tables and `iasl -d` disassembles each one. A table fails when iasl exits
non-zero, prints an Error or Warning (a wrong checksum is a "Firmware
Warning"), or marks anything in the disassembly: iasl still exits 0 for
unknown or truncated subtables and only says so in the .dsl ("****",
"Invalid", "Unknown", "Incorrect"). Exits 77 when iasl (acpica-tools) is
missing.
"""
import argparse
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = 77
BAD_OUTPUT = re.compile(r"error|warning", re.I)
BAD_DSL = re.compile(r"\*\*\*\*|invalid|unknown|incorrect|error|warning",
                     re.I)


def _many_nodes(n):
    mem = " ".join(f"-object memory-backend-ram,id=m{i},size=64M"
                   for i in range(n))
    nodes = " ".join(f"-numa node,nodeid={i},memdev=m{i},cpus={i}"
                     for i in range(n))
    dist = " ".join(f"-numa dist,src={i},dst={j},val={10 + abs(i - j)}"
                    for i in range(n) for j in range(n) if i != j)
    return f"-M q35 -m {64 * n}M -smp {n},sockets={n} {mem} {nodes} {dist}"


TWO = ("-M q35,hmat=on -m 2G -smp 2 "
       "-object memory-backend-ram,id=m0,size=1G "
       "-object memory-backend-ram,id=m1,size=1G "
       "-numa node,nodeid=0,memdev=m0,cpus=0-1 "
       "-numa node,nodeid=1,memdev=m1,initiator=0 "
       "-numa dist,src=0,dst=1,val=20 "
       "-numa hmat-lb,initiator=0,target=1,hierarchy=memory,"
       "data-type=access-latency,latency=30")

# (name, vnuma options before the QEMU arguments, QEMU arguments)
EXTRA = [
    ("overrides-full", "--acpi-oem-id VNUMA1 --acpi-oem-table-id TABLE123 "
     "--acpi-oem-revision 0xffffffff --acpi-creator-id VNMA "
     "--acpi-creator-revision 7", TWO),
    ("overrides-short", "--acpi-oem-id A --acpi-oem-table-id B "
     "--acpi-creator-id C", TWO),
    ("overrides-empty", "--acpi-oem-id '' --acpi-oem-table-id ''", TWO),
    ("many-nodes-64", "", _many_nodes(64)),
]


def load_cases(path):
    out = []
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, args = line.split("|", 2)
        args = args.strip()
        # !kvm cases run under KVM (as acpi_diff.py runs them): vnuma
        # refuses their x2APIC ids under TCG, as QEMU 7.2 does.
        if "!kvm" in name.split()[1:]:
            args += " -accel kvm,kernel-irqchip=split"
        out.append((name.split()[0], "", args))
    return out


def check_case(vnuma, name, opts, args, workdir):
    d = Path(workdir) / name
    d.mkdir()
    cmd = [vnuma, "--acpi", str(d)] + shlex.split(opts) + shlex.split(args)
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        return [f"vnuma exit status {p.returncode}: {p.stderr.strip()}"], 0
    problems, n = [], 0
    for table in sorted(d.iterdir()):
        n += 1
        r = subprocess.run(["iasl", "-d", table.name], cwd=d,
                           capture_output=True, text=True)
        out = r.stdout + r.stderr
        if r.returncode:
            problems.append(f"{table.name}: iasl exit status {r.returncode}")
        problems += [f"{table.name}: iasl: {l.strip()}"
                     for l in out.splitlines() if BAD_OUTPUT.search(l)]
        dsl = d / (table.name + ".dsl")
        if not dsl.exists():
            problems.append(f"{table.name}: iasl wrote no {dsl.name}")
            continue
        problems += [f"{dsl.name}: {l.strip()}"
                     for l in dsl.read_text(errors="replace").splitlines()
                     if BAD_DSL.search(l) and "Intel ACPI" not in l]
    return problems, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", help="acpi_cases.txt")
    ap.add_argument("--vnuma", required=True, help="the vnuma binary")
    ap.add_argument("-v", action="store_true", help="list passing cases")
    a = ap.parse_args()
    if not shutil.which("iasl"):
        print("iasl-check: skipped, iasl not found (Debian: acpica-tools)")
        return SKIP
    cases = load_cases(a.cases) + EXTRA
    failed = tables = 0
    with tempfile.TemporaryDirectory(prefix="vnuma-iasl-") as w:
        for name, opts, args in cases:
            problems, n = check_case(a.vnuma, name, opts, args, w)
            tables += n
            if problems:
                failed += 1
                print(f"FAIL {name}: vnuma {opts} {args}")
                print("\n".join("     " + p for p in problems[:20]))
            elif a.v:
                print(f"ok   {name} ({n} tables)")
    print(f"iasl-check: {len(cases) - failed} cases passed, {failed} failed, "
          f"{tables} tables disassembled")
    return 1 if failed or not tables else 0


if __name__ == "__main__":
    sys.exit(main())
