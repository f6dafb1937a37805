#!/usr/bin/env python3
"""vnuma --realize --progress: the progress lines on stderr parse, never go
backwards, and end at 100% of each backend's size and of the total; none
without the flag when stderr is no terminal, and on a terminal (a pty)
without the flag, drawn in place. Usage: progress.py VNUMA"""
import os
import pty
import re
import subprocess
import sys

vnuma = os.path.abspath(sys.argv[1])
failed = []
MiB = 1 << 20
SIZES = {"a": 96 * MiB, "b": 160 * MiB}
ARGS = ["--realize", "-m", "256M",
        "-object", "memory-backend-ram,id=a,size=96M,prealloc=on,"
        "host-nodes=0,policy=bind",
        "-object", "memory-backend-ram,id=b,size=160M,prealloc=on",
        "-numa", "node,memdev=a", "-numa", "node,memdev=b"]
UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30,
         "TiB": 1 << 40}
LINE = re.compile(
    r"^populating(?: (?P<id>\S+))?: (?P<done>[\d.]+) (?P<du>\S+) of "
    r"(?P<total>[\d.]+) (?P<tu>\S+) \((?P<pct>\d+)%\), "
    r"(?P<rate>[\d.]+) (?P<ru>\S+)/s, "
    r"(?:(?P<left>[\d.:]+ ?s?|\?) left|done in (?P<took>[\d.:]+ ?s?))$")


def check(name, ok, detail=""):
    if not ok:
        failed.append(name)
        print(f"FAIL {name}: {detail}")


def size(num, unit):
    return float(num) * UNITS[unit]


def close(a, b):
    """Equal to the display's precision: one decimal of the unit."""
    return abs(a - b) <= max(b, 1) * 0.001 + 0.05 * 1024


def run(extra):
    return subprocess.run([vnuma] + extra + ARGS, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)


def parse(name, err):
    """Lines -> {id or None: [(pct, done, total, finished)]}."""
    seen = {}
    for line in err.splitlines():
        m = LINE.match(line)
        check(f"{name}: line parses", m, repr(line))
        if not m:
            continue
        check(f"{name}: units", m["du"] in UNITS and m["tu"] in UNITS and
              m["ru"] in UNITS, line)
        done = size(m["done"], m["du"])
        total = size(m["total"], m["tu"])
        seen.setdefault(m["id"], []).append(
            (int(m["pct"]), done, total, m["took"] is not None))
    return seen


def ends_at_total(name, seen, want):
    for key, total in want.items():
        rows = seen.get(key)
        check(f"{name}: {key or 'total'} reported", rows, str(seen.keys()))
        if not rows:
            continue
        pcts = [r[0] for r in rows]
        check(f"{name}: {key or 'total'} never goes back",
              pcts == sorted(pcts), str(pcts))
        pct, done, tot, finished = rows[-1]
        check(f"{name}: {key or 'total'} ends at 100%",
              pct == 100 and finished and close(done, total) and
              close(tot, total), str(rows[-1]))
        check(f"{name}: {key or 'total'} finished once",
              sum(r[3] for r in rows) == 1, str(rows))
        check(f"{name}: {key or 'total'} total constant",
              all(close(r[2], total) for r in rows), str(rows))


r = run(["--progress"])
err = r.stderr.decode()
check("total: exit 0", r.returncode == 0, err)
seen = parse("total", err)
check("total: no backend lines", set(seen) == {None}, str(seen.keys()))
ends_at_total("total", seen, {None: sum(SIZES.values())})
check("total: report still on stdout", b"backend a" in r.stdout)

r = run(["--progress=per-backend"])
err = r.stderr.decode()
check("per-backend: exit 0", r.returncode == 0, err)
seen = parse("per-backend", err)
want = dict(SIZES)
want[None] = sum(SIZES.values())
ends_at_total("per-backend", seen, want)
check("per-backend: the total line comes last",
      err.splitlines()[-1].startswith("populating: "), err)

r = run([])
check("no terminal, no flag: no progress",
      r.returncode == 0 and r.stderr == b"", r.stderr)
r = run(["--progress=off"])
check("off: no progress", r.returncode == 0 and r.stderr == b"", r.stderr)

# A terminal, no flag: the line is drawn over in place (\r), and ends on
# the total with a newline.
pid, fd = pty.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(vnuma, [vnuma] + ARGS)
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
text = out.decode(errors="replace").replace("\x1b[K", "")
check("tty: exit 0", os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0,
      text)
last = text.replace("\r\n", "\n").rstrip("\n").split("\r")[-1]
m = LINE.match(last)
check("tty: ends on the total at 100%",
      m and m["id"] is None and m["pct"] == "100", repr(text[-300:]))

if failed:
    print(f"{len(failed)} failure(s)")
    sys.exit(1)
print("ok")
