#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boots a real Linux guest per case and checks that it sees the NUMA
topology vnuma describes (tests/guest/README.md).

usage: run.py [--vnuma VNUMA] [--placement PROG] [--reference]
              [--keep DIR] CASE_DIR...

Each CASE_DIR holds `args` (QEMU options, one a line, as `vnuma @FILE`
reads them), `expect` (check.py) and, for a guest test, `test.args`.
x86_64: `vnuma --acpi DIR @args` writes SRAT/SLIT/HMAT, and QEMU boots
with NO -numa option, the same -M/-m/-smp, and the tables given with
-acpitable. aarch64: QEMU dumps its virt DTB for the machine without
-numa, `vnuma --dtb-in/--dtb-out` adds NUMA to it, and the guest boots
that DTB verbatim. --reference boots with the -numa options given to
QEMU itself instead (proof that the harness reads a topology right).

Exit status: 0 every case passed, 1 a case failed, 77 (meson's SKIP)
when QEMU or Debian's kernel cannot be had; never 0 for a skip.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import check
import mkinitramfs

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
# A broken table can hang the guest before it prints anything: every
# boot has a deadline. A boot takes 3-9 s under TCG on an idle core.
BOOT_TIMEOUT = int(os.environ.get("VNUMA_GUEST_TIMEOUT", "180"))
KARGS = "panic=-1 quiet numa_balancing=disable"

ARCH = {
    "x86_64": {"deb": "amd64", "qemu": "qemu-system-x86_64",
               "cpu": "max", "console": "ttyS0"},
    "aarch64": {"deb": "arm64", "qemu": "qemu-system-aarch64",
                "cpu": "cortex-a57", "console": "ttyAMA0"},
}


class Skip(Exception):
    pass


def read_args(path):
    """`vnuma @FILE` syntax -> [(option, value or None)]."""
    out = []
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            w = line.split(None, 1)
            out.append((w[0], w[1].strip() if len(w) > 1 else None))
    return out


def flat(opts):
    return [x for o, v in opts for x in ((o,) if v is None else (o, v))]


def boot_opts(opts, extra_machine=""):
    """The options of a machine without NUMA: no -numa, no memory
    backends (they only exist for -numa memdev=), no hmat=on (QEMU wants
    NUMA nodes for it); the rest (-M, -m, -smp, -cpu) exactly as given."""
    out = []
    for o, v in opts:
        o1 = o.lstrip("-")
        if o1 == "numa":
            continue
        if o1 == "object" and v.startswith("memory-backend-"):
            continue
        if o1 in ("M", "machine"):
            v = ",".join(p for p in v.split(",") if p != "hmat=on")
            v += extra_machine
        out.append((o, v))
    return out


def has_opt(opts, *names):
    return any(o.lstrip("-") in names for o, _ in opts)


class Runner:
    def __init__(self, a):
        self.a = a
        self.tmp = tempfile.mkdtemp(prefix="vnuma-guest-")
        self.fetched = {}
        self.initrds = {}
        self.tables = []

    def fetch(self, arch):
        deb = ARCH[arch]["deb"]
        if deb not in self.fetched:
            p = subprocess.run(["sh", os.path.join(HERE, "fetch.sh"), deb],
                               stdout=subprocess.PIPE, text=True)
            if p.returncode == SKIP:
                raise Skip("Debian's linux-image-%s cannot be had" % deb)
            if p.returncode != 0:
                raise RuntimeError("fetch.sh %s failed" % deb)
            self.fetched[deb] = p.stdout.strip().splitlines()[-1]
        return self.fetched[deb]

    def initrd(self, arch, case, exp):
        d = self.fetch(arch)
        progs, args_file = [], None
        if exp["test"]:
            if not self.a.placement:
                raise Skip("no static %s: it needs static glibc, "
                           "libjansson.a and libfdt.a" % exp["test"])
            if exp["test"] != os.path.basename(self.a.placement):
                raise RuntimeError("no guest program %s (--placement)"
                                   % exp["test"])
            progs = [self.a.placement]
            t = os.path.join(case, "test.args")
            args_file = t if os.path.exists(t) else None
        key = (arch, tuple(progs), args_file)
        if key not in self.initrds:
            out = os.path.join(self.tmp, "initrd-%d.gz" % len(self.initrds))
            mkinitramfs.build(out, os.path.join(d, "busybox"), progs,
                              args_file)
            self.initrds[key] = out
        return self.initrds[key]

    def vnuma(self, *args):
        p = subprocess.run([self.a.vnuma] + list(args), text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError("vnuma %s: status %d\n%s%s" % (
                " ".join(args), p.returncode, p.stdout, p.stderr))

    def qemu_cmd(self, case, exp, work):
        arch = exp["arch"]
        A = ARCH[arch]
        if not shutil.which(A["qemu"]):
            raise Skip("%s not installed" % A["qemu"])
        kdir = self.fetch(arch)
        kernel = os.path.join(kdir, "kernel")
        initrd = self.initrd(arch, case, exp)
        opts = read_args(os.path.join(case, "args"))
        cmdline = "console=%s %s %s" % (A["console"], KARGS, exp["append"])
        if exp["test"]:
            cmdline += " vnuma.test=/bin/" + exp["test"]
        own = self.a.reference or exp["boot"] == "qemu-numa"
        base = [A["qemu"], "-accel", "tcg,thread=multi", "-nodefaults",
                "-display", "none", "-serial", "stdio", "-no-reboot"]
        if not has_opt(opts, "cpu"):
            base += ["-cpu", A["cpu"]]
        if own:
            return base + flat(opts) + ["-kernel", kernel, "-initrd",
                                        initrd, "-append", cmdline]
        argfile = os.path.join(case, "args")
        if arch == "x86_64":
            upgrade = exp["boot"] == "table-upgrade"
            # the upgrade replaces a table only by a higher OEM revision
            rev = ["--acpi-oem-revision", "2"] if upgrade else []
            self.vnuma("--acpi", work, *rev, "@" + argfile)
            cmd = base + flat(boot_opts(opts))
            self.tables = [t for t in ("SRAT", "SLIT", "HMAT")
                           if os.path.exists(os.path.join(work, t))]
            paths = [os.path.join(work, t) for t in self.tables]
            if upgrade:
                initrd = self.upgrade_initrd(initrd, paths, work)
            else:
                for p in paths:
                    cmd += ["-acpitable", "file=" + p]
            return cmd + ["-kernel", kernel, "-initrd", initrd,
                          "-append", cmdline]
        return base + flat(boot_opts(opts)) + self.arm_verbatim(
            base, opts, argfile, kernel, initrd, cmdline, work)

    def upgrade_initrd(self, initrd, tables, work):
        """With memory hotplug (slots=) QEMU writes an SRAT of its own even
        without -numa, so -acpitable would add a second one, which Linux
        ignores. vnuma's tables carry QEMU's OEM ids by default, so the
        initrd table upgrade, given a higher OEM revision, replaces QEMU's
        instead (and checks vnuma's checksums, which -acpitable rewrites)."""
        out = os.path.join(work, "initrd-upgrade.img")
        with open(out, "wb") as f, open(initrd, "rb") as main:
            f.write(mkinitramfs.acpi_upgrade(tables))
            f.write(main.read())
        return out

    def arm_verbatim(self, base, opts, argfile, kernel, initrd, cmdline,
                     work):
        """QEMU's -dtb drops the memory nodes of a given DTB and writes its
        own, so the kernel, DTB and initrd are loaded with -device loader
        and CPU 0 starts in a stub that enters the kernel as the arm64
        boot protocol says (x0 = DTB). The other CPUs come up through
        QEMU's PSCI, which the dumped DTB describes."""
        if not shutil.which("fdtput"):
            raise Skip("fdtput (device-tree-compiler) not installed")
        dumped = os.path.join(work, "base.dtb")
        dtb = os.path.join(work, "numa.dtb")
        cpu = [] if has_opt(opts, "cpu") else ["-cpu", ARCH["aarch64"]["cpu"]]
        dump = base[:1] + cpu + flat(boot_opts(opts, ",dumpdtb=" + dumped))
        dump += ["-nodefaults", "-display", "none"]
        p = subprocess.run(dump, timeout=60, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            raise RuntimeError("%s: status %d\n%s" % (" ".join(dump),
                                                     p.returncode, p.stdout))
        self.vnuma("--dtb-in", dumped, "--dtb-out", dtb, "@" + argfile)
        k, stub, d, i = 0x40200000, 0x47f00000, 0x48000000, 0x49000000
        end = i + os.path.getsize(initrd)
        for args in (["-t", "s", dtb, "/chosen", "bootargs", cmdline],
                     ["-t", "x", dtb, "/chosen", "linux,initrd-start",
                      "0", "%x" % i],
                     ["-t", "x", dtb, "/chosen", "linux,initrd-end",
                      "0", "%x" % end]):
            subprocess.run(["fdtput"] + args, check=True)
        # ldr x0, =DTB; mov x1, xzr; mov x2, xzr; mov x3, xzr;
        # ldr x4, =KERNEL; br x4; then the two literals
        code = struct.pack("<6I2Q", 0x580000C0, 0xAA1F03E1, 0xAA1F03E2,
                           0xAA1F03E3, 0x58000084, 0xD61F0080, d, k)
        sb = os.path.join(work, "stub.bin")
        with open(sb, "wb") as f:
            f.write(code)
        ld = "loader,file=%s,addr=0x%x,force-raw=on"
        return ["-device", ld % (kernel, k), "-device", ld % (dtb, d),
                "-device", ld % (initrd, i),
                "-device", (ld % (sb, stub)) + ",cpu-num=0"]

    def run_case(self, case):
        name = os.path.basename(os.path.normpath(case))
        with open(os.path.join(case, "expect")) as f:
            exp = check.parse_expect(f.read())
        work = os.path.join(self.tmp, name)
        os.makedirs(work)
        self.tables = []
        try:
            cmd = self.qemu_cmd(case, exp, work)
        except (RuntimeError, subprocess.SubprocessError) as e:
            return name, 0.0, ["preparing the boot: %s" % e], [], ""
        t0 = time.monotonic()
        try:
            # stdin not a terminal: QEMU's -serial stdio would make it raw
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               timeout=BOOT_TIMEOUT)
            log, rc = p.stdout.decode(errors="replace"), p.returncode
        except subprocess.TimeoutExpired as e:
            log = (e.stdout or b"").decode(errors="replace")
            rc = "timeout after %d s" % BOOT_TIMEOUT
        secs = time.monotonic() - t0
        if self.a.keep:
            os.makedirs(self.a.keep, exist_ok=True)
            with open(os.path.join(self.a.keep, name + ".log"), "w") as f:
                f.write(" ".join(cmd) + "\n\n" + log)
        errs = check.check(exp, log) + check.tables_errors(log, self.tables)
        if rc != 0:
            errs.append("QEMU exit status %s" % rc)
        return name, secs, errs, cmd, log


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vnuma", default="vnuma")
    ap.add_argument("--placement")
    ap.add_argument("--reference", action="store_true")
    ap.add_argument("--keep", metavar="DIR",
                    help="keep each case's console log in DIR")
    ap.add_argument("--show", action="store_true",
                    help="print each guest's view as numactl -H would")
    ap.add_argument("cases", nargs="+")
    a = ap.parse_args()
    r = Runner(a)
    failed = 0
    try:
        for case in a.cases:
            name, secs, errs, cmd, log = r.run_case(case)
            print("%s %s (%.1f s)" % ("FAIL" if errs else "ok  ", name, secs))
            if a.show and log:
                print(check.numactl_view(log))
            if errs:
                failed += 1
                print("  " + " ".join(cmd))
                for e in errs:
                    print("  " + e)
                print("  --- console (last 40 lines) ---")
                for line in log.splitlines()[-40:]:
                    print("  | " + line.rstrip("\r"))
            sys.stdout.flush()
    except Skip as e:
        print("SKIP: %s" % e)
        return SKIP
    finally:
        shutil.rmtree(r.tmp, ignore_errors=True)
    print("%d case(s), %d failed" % (len(a.cases), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
