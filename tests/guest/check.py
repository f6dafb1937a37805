# SPDX-License-Identifier: MIT
"""Checks a guest's console log (the report tests/guest/init prints)
against a case's expect file. Used by run.py; no I/O besides the files.

expect file, one statement a line, '#' comments:
  arch x86_64|aarch64
  boot qemu-numa          boot with the case's -numa options given to QEMU
                          itself instead of vnuma's tables (placement case)
  boot table-upgrade      x86: vnuma's tables through the initrd ACPI table
                          upgrade instead of -acpitable (see run.py)
  append ARGS...          extra kernel command line
  online LIST             /sys/devices/system/node/online, exactly
  node N [cpus LIST|-] [mem SIZE] [kernel] [swiotlb] [distance D...]
                          cpulist exactly; mem: the node's configured RAM
                          (tolerance below); kernel: this node holds the
                          kernel image; swiotlb: the x86 bounce buffer;
                          distance row exactly
  node N access0 KEY VALUE...   HMAT: initiators (node numbers, in order)
                          and read/write latency/bandwidth, exactly as sysfs
  node N cache LEVEL KEY VALUE...   memory_side_cache/indexLEVEL, exactly
  test PROG [PASS-NAME...]  run /bin/PROG in the guest with the case's
                          test.args; it must exit 0 and print
                          "PASS name" for each name, and no "FAIL" line
Every node the guest shows must be listed, and every access0 or cache
directory the guest shows must be expected: nothing extra passes.
"""
import re

# The kernel's words for a NUMA description it rejected or worked around,
# and for any warning or crash: each fails the case wherever it appears.
BAD = ["Not used", "No NUMA configuration", "Faking a node",
       "acpi/hmat: Ignoring", "NUMA: Warning", "Invalid distance",
       "WARNING:", "BUG:", "Oops", "Kernel panic", "Call Trace"]

SUFFIX = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}

# Memory checks, per node (all in KiB; cfg = the node's configured RAM):
# present pages (/proc/zoneinfo) are what the node's SRAT/DT ranges cover
# minus the firmware's holes inside them: the 384 KiB legacy VGA/BIOS
# hole below 1 MiB, page 0, and the 128 KiB SeaBIOS keeps at the top of
# low RAM for ACPI. So present must be within 1 MiB below cfg: a node
# range that is off by a page more than that fails.
PRESENT_SLACK_KB = 1024
# MemTotal (nodeN/meminfo) is present minus what the kernel keeps for
# itself: the struct page array (64 bytes per 4 KiB page = cfg/64, placed
# on each node), a few MiB of per-node tables, and on the node holding
# the kernel its image (Debian 6.1: ~45 MiB with bss), page tables and
# per-CPU areas; on x86 with RAM above 4 GiB, the node holding the top of
# RAM below 4 GiB also gives 64 MiB to the swiotlb bounce buffer (flag
# swiotlb). Seen: 1 GiB nodes 1031588 KiB (x86), 1027768 KiB (arm64, which
# allocates its node data and page tables from the top of each node);
# kernel node 985460 KiB; 768 MiB swiotlb node 708052 KiB.
MEMTOTAL_SLACK_KB = 8 << 10
KERNEL_SLACK_KB = 64 << 10
SWIOTLB_SLACK_KB = 64 << 10


def size_kb(s):
    m = re.fullmatch(r"(\d+)([KMGT]?)", s)
    if not m:
        raise ValueError("bad size %r" % s)
    return int(m.group(1)) * SUFFIX[m.group(2)] // 1024


def parse_expect(text):
    """-> dict: arch, boot, append, online, nodes {n: {...}}, test."""
    e = {"arch": None, "boot": "vnuma", "append": "", "online": None,
         "nodes": {}, "test": None, "passes": []}
    for ln, raw in enumerate(text.splitlines(), 1):
        w = raw.split("#", 1)[0].split()
        if not w:
            continue
        k = w[0]
        if k == "arch":
            e["arch"] = w[1]
        elif k == "boot":
            e["boot"] = w[1]
        elif k == "append":
            e["append"] = " ".join(w[1:])
        elif k == "online":
            e["online"] = w[1]
        elif k == "test":
            e["test"], e["passes"] = w[1], w[2:]
        elif k == "node":
            n = e["nodes"].setdefault(int(w[1]), {"access0": None,
                                                  "cache": {}})
            parse_node(n, w[2:], ln)
        else:
            raise ValueError("expect:%d: unknown statement %r" % (ln, k))
    if e["arch"] not in ("x86_64", "aarch64"):
        raise ValueError("expect: arch x86_64 or aarch64 required")
    for n, x in e["nodes"].items():
        for k in ("cpus", "mem_kb", "distance"):
            if k not in x:
                raise ValueError("expect: node %d without %s"
                                 % (n, k.split("_")[0]))
    return e


def parse_node(n, w, ln):
    if w[0] == "access0":
        n["access0"] = kv(w[1:], ln)
        return
    if w[0] == "cache":
        n["cache"][w[1]] = kv(w[2:], ln)
        return
    i = 0
    while i < len(w):
        if w[i] == "cpus":
            n["cpus"] = "" if w[i + 1] == "-" else w[i + 1]
            i += 2
        elif w[i] == "mem":
            n["mem_kb"] = size_kb(w[i + 1])
            i += 2
        elif w[i] in ("kernel", "swiotlb"):
            n[w[i]] = True
            i += 1
        elif w[i] == "distance":
            n["distance"] = " ".join(w[i + 1:])
            break
        else:
            raise ValueError("expect:%d: unknown node key %r" % (ln, w[i]))


def kv(w, ln):
    """'initiators 0 2 read_latency 10' -> {'initiators': '0 2', ...}."""
    out, key = {}, None
    for t in w:
        if re.fullmatch(r"[a-z_]+", t):
            key = t
            out[key] = []
        elif key is None:
            raise ValueError("expect:%d: value %r without a key" % (ln, t))
        else:
            out[key].append(t)
    return {k: " ".join(v) for k, v in out.items()}


def parse_report(log):
    """The lines between VNUMA-GUEST BEGIN and END -> dict."""
    r = {"online": None, "nodes": {}, "rc": None, "lines": [],
         "complete": False}
    inside = False
    for raw in log.splitlines():
        line = raw.rstrip("\r")
        if line == "VNUMA-GUEST BEGIN":
            inside = True
            continue
        if line == "VNUMA-GUEST END":
            inside, r["complete"] = False, True
            continue
        m = re.match(r"VNUMA-TEST-RC (\d+)$", line)
        if m:
            r["rc"] = int(m.group(1))
        r["lines"].append(line)
        if not inside:
            continue
        w = line.split()
        if w[:1] == ["online"]:
            r["online"] = w[1] if len(w) > 1 else ""
        elif w[:1] == ["node"] and len(w) >= 3:
            n = r["nodes"].setdefault(int(w[1]), {"access0": None,
                                                  "cache": {}})
            k, rest = w[2], w[3:]
            if k == "access0":
                n["access0"] = n["access0"] or {}
                n["access0"][rest[0]] = " ".join(rest[1:])
            elif k == "cache":
                n["cache"][rest[0]] = kv(rest[1:], 0)
            elif k in ("cpus", "distance"):
                n[k] = " ".join(rest)
            elif k in ("memtotal_kb", "memfree_kb", "present_kb"):
                n[k] = int(rest[0])
    return r


def mem_errors(node, exp, got):
    cfg = exp["mem_kb"]
    present, total = got.get("present_kb"), got.get("memtotal_kb")
    if present is None or total is None:
        return ["node %d: no memory figures in the report" % node]
    errs = []
    if not cfg - PRESENT_SLACK_KB <= present <= cfg:
        errs.append("node %d: %d KiB present, want %d KiB (-%d KiB)"
                    % (node, present, cfg, PRESENT_SLACK_KB))
    low = cfg - cfg // 64 - MEMTOTAL_SLACK_KB
    if exp.get("kernel"):
        low -= KERNEL_SLACK_KB
    if exp.get("swiotlb"):
        low -= SWIOTLB_SLACK_KB
    if not max(low, 0) <= total <= present:
        errs.append("node %d: MemTotal %d KiB, want %d..%d KiB"
                    % (node, total, max(low, 0), present))
    return errs


def check(expect, log):
    """-> list of failure strings; empty when the guest saw exactly what
    the case expects."""
    r = parse_report(log)
    errs = []
    for bad in BAD:
        for line in r["lines"]:
            if bad in line:
                errs.append("kernel said: " + line.strip())
                break
    if not r["complete"]:
        return errs + ["no complete report on the console (guest hung "
                       "or crashed?)"]
    if r["online"] != expect["online"]:
        errs.append("online nodes %r, want %r" % (r["online"],
                                                   expect["online"]))
    for n in sorted(set(r["nodes"]) - set(expect["nodes"])):
        errs.append("node %d present but not expected" % n)
    for n, x in sorted(expect["nodes"].items()):
        g = r["nodes"].get(n)
        if g is None:
            errs.append("node %d missing" % n)
            continue
        for k in ("cpus", "distance"):
            if k in x and g.get(k) != x[k]:
                errs.append("node %d %s %r, want %r" % (n, k, g.get(k),
                                                        x[k]))
        if "mem_kb" in x:
            errs += mem_errors(n, x, g)
        if g["access0"] != x["access0"]:
            errs.append("node %d access0 %r, want %r" % (n, g["access0"],
                                                        x["access0"]))
        if g["cache"] != x["cache"]:
            errs.append("node %d memory_side_cache %r, want %r"
                        % (n, g["cache"], x["cache"]))
    if expect["test"]:
        errs += test_errors(expect, r)
    return errs


def tables_errors(log, names):
    """The guest must have each table given with -acpitable, once: a
    second one (SRAT2) means QEMU wrote its own too."""
    have = []
    for line in log.splitlines():
        if line.startswith("acpi-tables "):
            have = line.split()[1:]
    errs = ["guest has no %s table" % t for t in names if t not in have]
    errs += ["guest has two %s tables" % t for t in ("SRAT", "SLIT", "HMAT")
             if t + "2" in have]
    return errs


def test_errors(expect, r):
    errs = []
    if r["rc"] != 0:
        errs.append("guest test %s exit status %r, want 0"
                    % (expect["test"], r["rc"]))
    for line in r["lines"]:
        if line.startswith("FAIL"):
            errs.append("guest test: " + line)
    for name in expect["passes"]:
        if not any(re.match(r"PASS %s\b" % re.escape(name), line)
                   for line in r["lines"]):
            errs.append("guest test: no 'PASS %s' line" % name)
    return errs


def numactl_view(log):
    """The report as `numactl -H` prints it (sizes in MiB, as numactl)."""
    r = parse_report(log)
    ids = sorted(r["nodes"])
    out = ["available: %d nodes (%s)" % (len(ids), r["online"])]
    for n in ids:
        g = r["nodes"][n]
        out.append("node %d cpus: %s" % (n, " ".join(
            str(c) for c in expand(g.get("cpus", "")))))
        out.append("node %d size: %d MB" % (n, g.get("memtotal_kb", 0) >> 10))
        out.append("node %d free: %d MB" % (n, g.get("memfree_kb", 0) >> 10))
    out.append("node distances:")
    out.append("node " + "".join("%4d" % n for n in ids))
    for n in ids:
        d = r["nodes"][n].get("distance", "").split()
        out.append("%3d: " % n + "".join("%4s" % x for x in d))
    for n in ids:
        a = r["nodes"][n]["access0"]
        if a:
            out.append("node %d access0: initiators %s, read/write latency "
                       "%s/%s ns, read/write bandwidth %s/%s MB/s" % (
                           n, a.get("initiators"), a.get("read_latency"),
                           a.get("write_latency"), a.get("read_bandwidth"),
                           a.get("write_bandwidth")))
        for lvl, c in sorted(r["nodes"][n]["cache"].items()):
            out.append("node %d memory-side cache L%s: %s bytes, line %s, "
                       "indexing %s, write_policy %s" % (
                           n, lvl, c["size"], c["line_size"], c["indexing"],
                           c["write_policy"]))
    return "\n".join(out)


def expand(cpulist):
    """'0-2,5' -> [0, 1, 2, 5]."""
    out = []
    for part in cpulist.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += range(int(a), int(b) + 1)
        elif part:
            out.append(int(part))
    return out
