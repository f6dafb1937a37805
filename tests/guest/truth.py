#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host truth inside real multi-node guests (tests/guest/README.md).

usage: truth.py --guest-vnuma PROG [--placement PROG] --part PART
                [--seed N] [--count N] [--keep DIR] CASE_DIR

The guest boots with QEMU's own -numa from the case's `args` (x86_64
q35, TCG), its topology is checked against `expect` as for every guest
case, and tests/guest/truth.sh then sets up huge page pools and a cgroup
from `setup` and runs one PART:
  host     `vnuma --host --json` must equal the raw sysfs, procfs and
           cgroup files dumped next to it (truth_host.py)
  promise  --count (200) seeded random configurations (truth_gen.py),
           each through `vnuma --check-host --json` then `vnuma --realize
           --json`; tests/host/promise.py's agree() judges every pair
  plan     each `plan` line of `setup` through `vnuma plan`, realized,
           every backend's pages on its planned host node (truth_plan.py)

Exit status: 0 pass, 1 fail, 77 (meson's SKIP) only when QEMU or Debian's
kernel package cannot be had.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import check
import mkinitramfs
import run
import truth_gen
import truth_host
import truth_plan

HERE = os.path.dirname(os.path.abspath(__file__))
KARGS = run.KARGS
# promise: the least share of the configurations that must realize, and
# that must fail to
MIN_SHARE = 0.2


def parse_blocks(log):
    """Console -> ({name: (text, status)}, [lines outside blocks]).
    status: the END line's word ("0", "3"...), None for ABSENT."""
    blocks, outside, cur, buf = {}, [], None, []
    for raw in log.splitlines():
        line = raw.rstrip("\r")
        if cur is None:
            if line.startswith("VNUMA-BLOCK BEGIN "):
                cur, buf = line.split(" ", 2)[2], []
            elif line.startswith("VNUMA-BLOCK ABSENT "):
                blocks[line.split(" ", 2)[2]] = (None, None)
            else:
                outside.append(line)
            continue
        if line.startswith("VNUMA-BLOCK END " + cur + " "):
            status = line[len("VNUMA-BLOCK END " + cur + " "):]
            blocks[cur] = ("".join(x + "\n" for x in buf), status)
            cur = None
        else:
            buf.append(line)
    if cur is not None:
        outside.append("(block %s never ended)" % cur)
    return blocks, outside


def read_setup(path):
    """setup file -> {"hugepages": {node: n}, "cgroup": {file: value},
    "plan": [args]}."""
    s = {"hugepages": {}, "cgroup": {}, "plan": []}
    with open(path) as f:
        for ln, raw in enumerate(f, 1):
            w = raw.split("#", 1)[0].split()
            if not w:
                continue
            if w[0] == "hugepages" and len(w) == 3:
                s["hugepages"][int(w[1])] = int(w[2])
            elif w[0] == "cgroup" and len(w) == 3:
                s["cgroup"][w[1]] = w[2]
            elif w[0] == "plan":
                s["plan"].append(w[1:])
            else:
                raise ValueError("%s:%d: bad line" % (path, ln))
    return s


class Truth:
    def __init__(self, a):
        self.a = a
        self.tmp = tempfile.mkdtemp(prefix="vnuma-truth-")
        # run.Runner fetches the kernel and busybox (and raises run.Skip)
        self.runner = run.Runner(argparse.Namespace(
            vnuma=None, placement=None, reference=False, keep=None))

    def initrd(self, case, files):
        d = self.runner.fetch("x86_64")
        progs = [self.a.placement] if self.a.placement else []
        with open(self.a.guest_vnuma, "rb") as f:
            files.append(("bin/vnuma", f.read(), 0o755))
        with open(os.path.join(HERE, "truth.sh"), "rb") as f:
            files.append(("bin/truth.sh", f.read(), 0o755))
        with open(os.path.join(case, "setup"), "rb") as f:
            files.append(("etc/truth.setup", f.read(), 0o644))
        out = os.path.join(self.tmp, "initrd.gz")
        mkinitramfs.build(out, os.path.join(d, "busybox"), progs,
                          None, files)
        return out

    def boot(self, case, exp, files):
        A = run.ARCH["x86_64"]
        if not shutil.which(A["qemu"]):
            raise run.Skip("%s not installed" % A["qemu"])
        kernel = os.path.join(self.runner.fetch("x86_64"), "kernel")
        initrd = self.initrd(case, files)
        opts = run.read_args(os.path.join(case, "args"))
        cmdline = "console=%s %s %s vnuma.test=/bin/truth.sh vnuma.part=%s" % (
            A["console"], KARGS, exp["append"], self.a.part)
        cmd = [A["qemu"], "-accel", "tcg,thread=multi", "-nodefaults",
               "-display", "none", "-serial", "stdio", "-no-reboot",
               "-cpu", A["cpu"]] + run.flat(opts) + [
               "-kernel", kernel, "-initrd", initrd, "-append", cmdline]
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               timeout=self.a.timeout)
            log, rc = p.stdout.decode(errors="replace"), p.returncode
        except subprocess.TimeoutExpired as e:
            log = (e.stdout or b"").decode(errors="replace")
            rc = "timeout after %d s" % self.a.timeout
        secs = time.monotonic() - t0
        if self.a.keep:
            os.makedirs(self.a.keep, exist_ok=True)
            name = "%s-%s.log" % (os.path.basename(os.path.normpath(case)),
                                  self.a.part)
            with open(os.path.join(self.a.keep, name), "w") as f:
                f.write(" ".join(cmd) + "\n\n" + log)
        return cmd, log, rc, secs

    def run_case(self, case):
        with open(os.path.join(case, "expect")) as f:
            exp = check.parse_expect(f.read())
        if exp["arch"] != "x86_64" or exp["boot"] != "qemu-numa":
            raise ValueError("%s: truth cases are x86_64, boot qemu-numa"
                             % case)
        setup = read_setup(os.path.join(case, "setup"))
        files, gen = [], None
        if self.a.part == "promise":
            try:
                self.agree = load_agree()
            except ImportError as e:
                return 0.0, ["no promise.agree() (tests/host/promise.py):"
                             " %s" % e], [], []
            gen = truth_gen.generate(exp, setup, self.a.seed, self.a.count)
            for name, text, _ in gen:
                files.append(("etc/cfg/%s.args" % name, text.encode(),
                              0o644))
            print(truth_gen.summary(gen))
        cmd, log, rc, secs = self.boot(case, exp, files)
        blocks, outside = parse_blocks(log)
        # the topology report, as every guest case checks it; blocks
        # (file contents, vnuma's output) are not kernel messages
        errs = check.check(exp, "\n".join(outside))
        if rc != 0:
            errs.append("QEMU exit status %s" % rc)
        for line in outside:
            if line.startswith("VNUMA-SETUP-FAIL"):
                errs.append("guest setup: " + line)
        if "VNUMA-TRUTH DONE" not in outside:
            errs.append("truth.sh did not finish (VNUMA-TRUTH DONE)")
        if self.a.part == "host":
            errs += truth_host.compare(blocks)
        elif self.a.part == "promise":
            errs += promise_errors(gen, blocks, self.agree)
        else:
            errs += truth_plan.check(setup, blocks, bool(self.a.placement))
        return secs, errs, cmd, outside


def load_agree():
    """tests/host/promise.py's agree(): the one statement of the promise,
    shared by every test of it."""
    sys.path.insert(0, os.path.join(HERE, "..", "host"))
    import promise
    return promise.agree


def promise_errors(gen, blocks, agree):
    def doc(name):
        text, status = blocks.get(name, (None, None))
        if status is None:
            return None, None
        try:
            d = json.loads(text) if text.strip() else None
        except ValueError as e:
            d = {"unparsable": str(e), "text": text}
        return int(status), d

    errs, agreed, tally = [], 0, {}
    for name, text, _ in gen:
        crc, cdoc = doc("check:%s.out" % name)
        rrc, rdoc = doc("realize:%s.out" % name)
        if crc is None or rrc is None:
            errs.append("%s: no output on the console" % name)
            continue
        ok, why = agree(crc, cdoc, rrc, rdoc)
        tally[(crc, rrc)] = tally.get((crc, rrc), 0) + 1
        if ok:
            agreed += 1
            continue
        errs.append("%s: %s\n    check-host %d, realize %d\n%s    stderr: %s"
                    % (name, why, crc, rrc,
                       "".join("    | " + x + "\n"
                               for x in text.splitlines()
                               if not x.startswith("#")),
                       (blocks.get("realize:%s.err" % name) or ("",))[0]
                       .strip()))
    print("promise: %d of %d configurations agree; (check-host, realize) "
          "statuses: %s" % (agreed, len(gen), ", ".join(
              "%s:%d" % (k, v) for k, v in sorted(tally.items()))))
    return errs + spread_errors(tally, len(gen))


def spread_errors(tally, n):
    """The draw must test the promise both ways, and with configurations
    vnuma accepts: a rejected one (status 1) proves nothing."""
    errs = []
    fits = sum(v for (c, r), v in tally.items() if r == 0)
    fails = sum(v for (c, r), v in tally.items() if r == 3)
    rejected = sum(v for (c, r), v in tally.items() if 1 in (c, r))
    if fits < n * MIN_SHARE or fails < n * MIN_SHARE:
        errs.append("realize succeeded %d and failed %d times of %d: the "
                    "generator must give at least %d%% of each"
                    % (fits, fails, n, MIN_SHARE * 100))
    if rejected:
        errs.append("%d configurations rejected as configurations (status "
                    "1): the generator must make valid ones" % rejected)
    return errs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--guest-vnuma", help="static vnuma for the guest")
    ap.add_argument("--placement", help="static vnuma-guest-placement")
    ap.add_argument("--part", choices=("host", "promise", "plan"),
                    required=True)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--timeout", type=int, default=int(os.environ.get(
        "VNUMA_GUEST_TIMEOUT", "600")))
    ap.add_argument("--keep", metavar="DIR",
                    help="keep the console log in DIR")
    ap.add_argument("case")
    a = ap.parse_args()
    if not a.guest_vnuma:
        # not a skip: a build that can link statically builds it
        print("FAIL: no static vnuma for the guest (tests/meson.build "
              "builds vnuma-guest with static glibc, libjansson.a, "
              "libfdt.a)")
        return 1
    t = Truth(a)
    try:
        secs, errs, cmd, outside = t.run_case(a.case)
    except run.Skip as e:
        print("SKIP: %s" % e)
        return run.SKIP
    finally:
        shutil.rmtree(t.tmp, ignore_errors=True)
        shutil.rmtree(t.runner.tmp, ignore_errors=True)
    name = "%s %s" % (os.path.basename(os.path.normpath(a.case)), a.part)
    print("%s %s (%.1f s)" % ("FAIL" if errs else "ok  ", name, secs))
    if errs:
        print("  " + " ".join(cmd))
        for e in errs:
            print("  " + e)
        print("  --- console outside blocks (last 40 lines) ---")
        for line in outside[-40:]:
            print("  | " + line)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
