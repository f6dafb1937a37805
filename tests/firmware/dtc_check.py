#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""dtc accepts every device tree vnuma writes, without QEMU.

A virt-shaped base tree (psci, one memory node, /cpus, apb-pclk, chosen) is
compiled with dtc for each case's -smp, patched with vnuma --dtb-in/--dtb-out,
and the result must decompile with "dtc -I dtb -O dts" printing nothing on
stderr; vnuma --dts must compile with "dtc -I dts -O dtb" just as quietly.
(dtb_diff.py checks the same against QEMU's own DTBs where QEMU exists.)
Exit 77 when dtc is missing.

Usage: dtc_check.py --vnuma PATH
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path



def numa(sizes, extra=()):
    args = []
    for i, size in enumerate(sizes):
        if size:
            args += ["-object", f"memory-backend-ram,id=m{i},size={size}"]
    for i, size in enumerate(sizes):
        args += ["-numa", f"node,memdev=m{i}" if size else "node"]
    return args + list(extra)


# (name, smp cpus, reg of each CPU, vnuma's QEMU options)
CASES = [
    ("no-numa", 2, None, ["-M", "virt", "-smp", "2", "-m", "1G"]),
    ("two-nodes-dist", 2, None, ["-M", "virt", "-smp", "2", "-m", "2G"]
     + numa(["1G", "1G"], ["-numa", "dist,src=0,dst=1,val=20"])),
    ("memless", 3, None, ["-M", "virt", "-smp", "3", "-m", "1G"]
     + numa(["512M", "", "512M"])),
    ("above-4g", 4, None, ["-M", "virt", "-smp", "4", "-m", "12G"]
     + numa(["4G", "8G"], ["-numa", "dist,src=1,dst=0,val=31"])),
    ("gicv3-20", 20, [(i // 16) << 8 | i % 16 for i in range(20)],
     ["-M", "virt,gic-version=3", "-smp", "20", "-m", "2G"]
     + numa(["1G", "1G"])),
]


def base_dts(ncpus, regs):
    cpus = "".join(
        f"\t\tcpu@{i} {{\n\t\t\tdevice_type = \"cpu\";\n"
        f"\t\t\tcompatible = \"arm,cortex-a57\";\n"
        f"\t\t\treg = <{hex(regs[i] if regs else i)}>;\n"
        f"\t\t\tenable-method = \"psci\";\n\t\t}};\n"
        for i in range(ncpus))
    return ("/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n"
            "\tcompatible = \"linux,dummy-virt\";\n"
            "\tmodel = \"linux,dummy-virt\";\n"
            "\tpsci {\n\t\tcompatible = \"arm,psci-1.0\";\n"
            "\t\tmethod = \"hvc\";\n\t};\n"
            "\tmemory@40000000 {\n\t\tdevice_type = \"memory\";\n"
            "\t\treg = <0 0x40000000 0 0x40000000>;\n\t};\n"
            "\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n"
            + cpus + "\t};\n"
            "\tapb-pclk {\n\t\tcompatible = \"fixed-clock\";\n"
            "\t\t#clock-cells = <0>;\n\t\tclock-frequency = <24000000>;\n"
            "\t};\n\tchosen {\n\t};\n};\n")


def dtc(fmt_in, fmt_out, src):
    return subprocess.run(["dtc", "-I", fmt_in, "-O", fmt_out, "-o",
                           "/dev/null", str(src)], capture_output=True,
                          text=True, timeout=60)


def one(vnuma, work, ncpus, regs, args):
    problems = []
    (work / "base.dts").write_text(base_dts(ncpus, regs))
    p = subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o",
                        str(work / "base.dtb"), str(work / "base.dts")],
                       capture_output=True, text=True, timeout=60)
    if p.returncode or p.stderr:
        return [f"dtc on the base tree: {p.stderr.strip()}"]
    p = subprocess.run([vnuma, *args, "--dtb-in", str(work / "base.dtb"),
                        "--dtb-out", str(work / "out.dtb"), "--dts"],
                       capture_output=True, text=True, timeout=60)
    if p.returncode:
        return [f"vnuma exit {p.returncode}: {p.stderr.strip()}"]
    (work / "frag.dts").write_text(p.stdout)
    for fmt, src in (("dtb", "out.dtb"), ("dts", "frag.dts")):
        r = dtc(fmt, "dts" if fmt == "dtb" else "dtb", work / src)
        if r.returncode or r.stderr:
            problems.append(f"dtc -I {fmt} {src} (exit {r.returncode}): "
                            f"{r.stderr.strip()}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vnuma", required=True)
    a = ap.parse_args()
    if not shutil.which("dtc"):
        print("SKIP: dtc not found (Debian: device-tree-compiler)")
        return 77
    failed = 0
    for name, ncpus, regs, args in CASES:
        with tempfile.TemporaryDirectory(prefix="dtc-") as tmp:
            problems = one(a.vnuma, Path(tmp), ncpus, regs, args)
        print(f"{'FAIL' if problems else 'ok':4} {name}")
        for p in problems:
            print("     " + p)
        failed += bool(problems)
    print(f"{len(CASES) - failed}/{len(CASES)} device trees pass dtc")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
