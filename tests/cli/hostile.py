#!/usr/bin/env python3
"""The CLI against hostile files and host faults that golden cases cannot
set up: FIFOs, huge or sparse option files, memory limits, long --acpi
paths, symlinked table files, a full stdout; and the --json contract (one
JSON object on stdout for every failure, with the right exit status).
Usage: hostile.py VNUMA"""
import json
import os
import resource
import subprocess
import sys
import tempfile

vnuma = os.path.abspath(sys.argv[1])
failed = []
NUMA = ["-M", "q35", "-m", "1G", "-object",
        "memory-backend-ram,id=m0,size=1G", "-numa", "node,memdev=m0"]


def run(args, limit_as=None, stdout=subprocess.PIPE, timeout=20, cwd=None):
    def pre():
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    try:
        return subprocess.run([vnuma] + args, stdout=stdout,
                              stderr=subprocess.PIPE, timeout=timeout,
                              cwd=cwd, preexec_fn=pre if limit_as else None)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -1, b"", b"timed out")


def oom_testable():
    """An address-space limit makes malloc fail, unless the binary cannot
    even start under it (ASan reserves terabytes; valgrind)."""
    if os.environ.get("VNUMA_VALGRIND") == "1":
        return False
    return run(["--version"], limit_as=48 << 20).returncode == 0


def check(name, ok, detail=""):
    if not ok:
        failed.append(name)
        print(f"FAIL {name}: {detail}")


def expect(name, r, status, stderr_has):
    err = r.stderr.decode(errors="replace")
    check(name, r.returncode == status and stderr_has in err,
          f"status {r.returncode} (want {status}), stderr {err!r} "
          f"(want {stderr_has!r})")


def listing(d):
    return sorted(os.listdir(d))


def argfiles(tmp):
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    # Without a writer, open() would block forever: refused at once.
    expect("argfile-fifo", run(["@" + fifo], timeout=10), 2,
           "not a regular file (a FIFO)")
    big = os.path.join(tmp, "big")
    with open(big, "wb") as f:
        f.truncate((64 << 20) + 1)
    expect("argfile-too-big", run(["@" + big]), 2, "larger than 64 MiB")
    long_line = os.path.join(tmp, "long")
    with open(long_line, "w") as f:
        f.write("-M q35\n-name " + "x" * (1 << 20) + "\n")
    expect("argfile-long-line", run(["@" + long_line]), 2,
           f"@{long_line}:2: line longer than 1048576 bytes")
    ok_line = os.path.join(tmp, "ok-line")
    with open(ok_line, "w") as f:
        f.write("-M q35\n# " + "x" * ((1 << 20) - 2) + "\n")
    r = run(["@" + ok_line])
    check("argfile-line-at-limit", r.returncode == 0, r.stderr)
    # Out of memory reading the file is a host failure (3), not usage (2).
    huge = os.path.join(tmp, "huge")
    with open(huge, "w") as f:
        f.write(("# " + "y" * 1000 + "\n") * (40 << 10))
        f.write("-M q35\n")
    if oom_testable():
        expect("argfile-oom", run(["@" + huge], limit_as=48 << 20), 3,
               "out of memory")
    else:
        print("hostile: argfile-oom not run (the binary cannot start "
              "within a 48 MiB address space: sanitizer or valgrind)")


def acpi(tmp):
    # DIR/SRAT longer than PATH_MAX while DIR itself is not: each table
    # gets its own name, nothing else appears.
    base = os.path.join(tmp, "acpi-long")
    d = base
    while len(d) < 4090 - 200:
        d = os.path.join(d, "d" * 150)
    d = os.path.join(d, "e" * (4092 - len(d) - 1))
    os.makedirs(d)
    r = run(["--acpi", d] + NUMA)
    check("acpi-long-dir", r.returncode == 0 and listing(d) ==
          ["SRAT"] and listing(os.path.dirname(d)) ==
          [os.path.basename(d)], f"{r.returncode} {r.stderr} {listing(d)}")
    too_long = os.path.join(d, "f" * 200)
    r = run(["--acpi", too_long] + NUMA)
    expect("acpi-dir-too-long", r, 3, "File name too long")
    check("acpi-dir-too-long-untouched", listing(d) == ["SRAT"],
          listing(d))
    # A symlink where a table goes: refused before anything is written.
    d = os.path.join(tmp, "acpi-link")
    os.mkdir(d)
    victim = os.path.join(tmp, "victim")
    with open(victim, "w") as f:
        f.write("keep me\n")
    os.symlink(victim, os.path.join(d, "SLIT"))
    with open(os.path.join(d, "SRAT"), "w") as f:
        f.write("old\n")
    r = run(["--acpi", d] + NUMA)
    expect("acpi-symlink", r, 3, "SLIT: not a regular file (a symbolic link)")
    check("acpi-symlink-untouched",
          open(victim, "rb").read() == b"keep me\n" and
          open(os.path.join(d, "SRAT"), "rb").read() == b"old\n" and
          listing(d) == ["SLIT", "SRAT"], listing(d))
    # A stale HMAT that is a symlink is not followed for removal either.
    d = os.path.join(tmp, "acpi-hmat-link")
    os.mkdir(d)
    os.symlink(victim, os.path.join(d, "HMAT"))
    expect("acpi-symlink-removal", run(["--acpi", d] + NUMA), 3,
           "HMAT: not a regular file (a symbolic link)")
    check("acpi-symlink-removal-untouched", os.path.exists(victim) and
          listing(d) == ["HMAT"], listing(d))


def acpi_full_fs(tmp):
    """A file system that fills up after the first table: no table, no
    temporary file left. Needs root for the mount; said when not run."""
    d = os.path.join(tmp, "acpi-full")
    os.mkdir(d)
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", d],
            capture_output=True).returncode:
        print("hostile: acpi-full-fs not run (needs root and tmpfs)")
        return
    try:
        r = run(["--acpi", d, "-M", "q35", "-m", "2G",
                 "-object", "memory-backend-ram,id=m0,size=1G",
                 "-object", "memory-backend-ram,id=m1,size=1G",
                 "-numa", "node,memdev=m0", "-numa", "node,memdev=m1",
                 "-numa", "dist,src=0,dst=1,val=20"])
        expect("acpi-full-fs", r, 3, "No space left on device")
        check("acpi-full-fs-nothing-left", listing(d) == [], listing(d))
    finally:
        subprocess.run(["umount", d], check=True)


def full_stdout():
    for name, args in [("report", NUMA), ("json", ["--json"] + NUMA),
                       ("help", ["--help"]), ("version", ["--version"]),
                       ("json-error", ["--json", "-M", "q35", "-numa",
                                       "node,nodeid=1", "-numa",
                                       "node,nodeid=1"])]:
        with open("/dev/full", "w") as full:
            r = run(args, stdout=full)
        expect("dev-full-" + name, r, 3,
               "vnuma: standard output: No space left on device")


def json_contract(tmp):
    nul = os.path.join(tmp, "nul.opts")
    with open(nul, "wb") as f:
        f.write(b"-M q35\n\0-m 1G\n")
    link_dir = os.path.join(tmp, "acpi-link")
    notdtb = os.path.join(tmp, "not.dtb")
    with open(notdtb, "w") as f:
        f.write("not a device tree\n")
    huge = os.path.join(tmp, "huge")
    table = [
        (["--split-ram", "bogus"], 2),
        (["--acpi"], 2),
        (["--max-nodes", "+5"], 2),
        (["--acpi-oem-revision", "010", "--acpi", tmp] + NUMA, 2),
        (["--acpi-oem-id", "\x1b[2J", "--acpi", tmp] + NUMA, 2),
        (["--help"], 2),
        (["--version"], 2),
        (["-cpu", "help"], 2),
        (["--dts", "-M", "virt"], 2),
        (["@/nonexistent"], 2),
        (["@" + tmp], 2),
        (["@/dev/zero"], 2),
        (["@" + nul], 2),
        (["-M", "q35", "-numa", "node,nodeid=1", "-numa", "node,nodeid=1"],
         1),
        (["-bogus-option"], 1),
        (["--acpi", "/dev/null/x"] + NUMA, 3),
        (["--acpi", link_dir] + NUMA, 3),
        (["--dtb-in", "/nonexistent.dtb", "--dtb-out", "/dev/null",
          "-M", "virt"] + NUMA[2:], 3),
        (["--dtb-in", notdtb, "--dtb-out", "/dev/null", "-M", "virt"]
         + NUMA[2:], None),
        (["--dtb-out", "/dev/null", "-M", "virt"], 2),
        (["--hold"] + NUMA, 2),
    ]
    if oom_testable():
        table.append((["@" + huge], 3, 48 << 20))
    for row in table:
        args, status = row[0], row[1]
        r = run(["--json"] + args, limit_as=row[2] if len(row) > 2 else None)
        name = "json " + " ".join(a.encode("unicode_escape").decode()
                                  for a in args)[:60]
        try:
            doc = json.loads(r.stdout)
            one = isinstance(doc, dict) and "error" in doc
        except ValueError:
            one = False
        check(name, one and r.returncode != 0 and
              (status is None or r.returncode == status),
              f"status {r.returncode} (want {status}), stdout {r.stdout!r}")


with tempfile.TemporaryDirectory() as tmp:
    argfiles(tmp)
    acpi(tmp)
    acpi_full_fs(tmp)
    full_stdout()
    json_contract(tmp)
print(f"hostile: {len(failed)} failed")
sys.exit(1 if failed else 0)
