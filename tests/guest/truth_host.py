# SPDX-License-Identifier: MIT
"""The host-truth `host` part: `vnuma --host --json`, run in the guest,
against the raw files the guest dumped before and after it (blocks
"before:PATH" and "after:PATH", tests/guest/truth.sh). Read here from
the kernel's formats on its own, not with vnuma's code, so that both
reading the same thing wrong is unlikely.

Equal exactly: possible and online nodes, each node's cpulist, MemTotal,
distance row, huge pages per size (total and free), memory tier, the
cgroup path, cpuset.cpus.effective and cpuset.mems.effective, memory.max,
hugetlb.<size>.max and .current, the affinity (Cpus_allowed_list), the
THP mode. MemFree moves between the dumps and vnuma's own read: it must
lie within both dumps' range widened by MEMFREE_SLACK.
"""
import json
import re

S = "/sys/devices/system/node"
CG = "/sys/fs/cgroup/vnuma"
MEMFREE_SLACK = 4 << 20
UNITS = {"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}


def ids(text):
    """Kernel list "0-2,4" -> [0, 1, 2, 4]."""
    out = []
    for part in text.strip().split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        out += range(int(lo), int(hi or lo) + 1)
    return out


class Files:
    def __init__(self, blocks, when):
        self.b, self.when = blocks, when

    def get(self, path):
        """The file's text; None when the guest had no such file."""
        text, status = self.b.get("%s:%s" % (self.when, path),
                                  (None, None))
        return text

    def paths(self, pattern):
        pre = self.when + ":"
        rx = re.compile(pattern)
        return sorted(k[len(pre):] for k, (t, _) in self.b.items()
                      if k.startswith(pre) and t is not None and
                      rx.fullmatch(k[len(pre):]))


def meminfo(text, key):
    m = re.search(r"^Node \d+ %s:\s+(\d+) kB$" % key, text, re.M)
    return int(m.group(1)) << 10 if m else None


def expected_node(f, n, online, tiers):
    d = "%s/node%d" % (S, n)
    cpus = f.get(d + "/cpulist")
    mi = f.get(d + "/meminfo")
    dist = f.get(d + "/distance")
    pools = []
    for p in f.paths(re.escape(d) + r"/hugepages/hugepages-(\d+)kB/"
                     r"nr_hugepages"):
        kb = int(re.search(r"hugepages-(\d+)kB", p).group(1))
        free = f.get(p.replace("nr_hugepages", "free_hugepages"))
        surplus = f.get(p.replace("nr_hugepages", "surplus_hugepages"))
        pools.append({"page-size": kb << 10, "total": int(f.get(p)),
                      "free": int(free) if free is not None else None,
                      "surplus": int(surplus) if surplus is not None
                      else None})
    pools.sort(key=lambda x: x["page-size"])
    tier = [t for t, nodes in tiers.items() if n in nodes]
    return {
        "id": n, "online": n in online,
        "cpus": cpus.strip() if cpus is not None else None,
        "mem-total": meminfo(mi, "MemTotal") if mi else None,
        "distances": [int(x) for x in dist.split()] if dist else [],
        "hugepages": pools,
        "memory-tier": tier[0] if tier else None,
        "access0-initiators": None,
    }


def size_bytes(word):
    m = re.fullmatch(r"(\d+)([KMGT]B)", word)
    return int(m.group(1)) * UNITS[m.group(2)]


def expected_process(f):
    cg = f.get("/proc/self/cgroup") or ""
    path = None
    for line in cg.splitlines():
        if line.startswith("0::"):
            path = line[3:]
    status = f.get("/proc/self/status") or ""
    m = re.search(r"^Cpus_allowed_list:\s*(\S+)$", status, re.M)

    def strip(p):
        t = f.get(p)
        return t.strip() if t is not None else None

    mx = strip(CG + "/memory.max")
    tlb = []
    for p in f.paths(re.escape(CG) + r"/hugetlb\.\w+\.max"):
        size = p.split(".")[1]
        v = strip(p)
        cur = strip(p[:-len("max")] + "current")
        # the group's parent is the root cgroup, which has no limits
        room = "max" if v == "max" or cur is None else \
            max(int(v) - int(cur), 0)
        tlb.append({"page-size": size_bytes(size),
                    "max": "max" if v == "max" else int(v),
                    "current": int(cur) if cur is not None else None,
                    "room": room})
    tlb.sort(key=lambda x: x["page-size"])
    ma = re.search(r"^Mems_allowed_list:\s*(\S+)$", status, re.M)
    return {
        "cgroup": path,
        "mems-allowed": ma.group(1) if ma else None,
        "cpus-effective": strip(CG + "/cpuset.cpus.effective"),
        "mems-effective": strip(CG + "/cpuset.mems.effective"),
        "memory-max": None if mx is None else
        ("max" if mx == "max" else int(mx)),
        "hugetlb": tlb,
        "affinity": m.group(1) if m else None,
        "mbind": "permitted",
        "move-pages": "permitted",
    }


def pools_errors(host, f):
    """The host-wide pools against /sys/kernel/mm/hugepages."""
    want = []
    for p in f.paths(r"/sys/kernel/mm/hugepages/hugepages-(\d+)kB/"
                     r"nr_hugepages"):
        kb = int(re.search(r"hugepages-(\d+)kB", p).group(1))

        def num(name):
            t = f.get(p.replace("nr_hugepages", name))
            return int(t) if t is not None else None
        want.append({"page-size": kb << 10, "total": num("nr_hugepages"),
                     "free": num("free_hugepages"),
                     "reserved": num("resv_hugepages"),
                     "surplus": num("surplus_hugepages"),
                     "overcommit": num("nr_overcommit_hugepages")})
    want.sort(key=lambda x: x["page-size"])
    if not want:
        return ["the guest dumped no /sys/kernel/mm/hugepages pool"]
    if host.get("pools") != want:
        return ["pools: vnuma %r, files %r" % (host.get("pools"), want)]
    return []


def memory_errors(got, before, after):
    """memory.current moves while vnuma runs: it must lie between the
    two dumps (with slack), and the room be max less it plus the
    reclaimable page cache, at the group's own level."""
    cur = []
    for f in (before, after):
        t = f.get(CG + "/memory.current")
        st = f.get(CG + "/memory.stat") or ""
        rec = sum(int(m.group(1)) for m in re.finditer(
            r"^(?:active_file|inactive_file) (\d+)$", st, re.M))
        if t is None:
            return ["the guest dumped no %s/memory.current" % CG]
        cur.append((int(t), rec))
    mx = int((before.get(CG + "/memory.max") or "0").strip())
    lo = min(c for c, _ in cur) - MEMFREE_SLACK
    hi = max(c for c, _ in cur) + MEMFREE_SLACK
    errs = []
    mc = got.get("memory-current")
    if mc is None or not lo <= mc <= hi:
        errs.append("process memory-current %r, files %d..%d" % (mc, lo, hi))
    room = got.get("memory-room") or {}
    if room.get("max") != mx or room.get("cgroup") != CG:
        errs.append("process memory-room %r: want max %d at %s" % (
            room, mx, CG))
    elif room.get("bytes") != max(room.get("max") - room.get("current"),
                                  0) + room.get("reclaimable"):
        errs.append("process memory-room %r: bytes is not max - current "
                    "+ reclaimable" % room)
    elif not lo <= room.get("current") <= hi:
        errs.append("process memory-room current %r, files %d..%d" % (
            room.get("current"), lo, hi))
    return errs


def absent_errors(blocks):
    """The guest's vnuma is built with src/libvirt/absent.c."""
    text, status = blocks.get("absent.out", (None, None))
    try:
        check = json.loads(text)["error"]["check"]
    except (ValueError, KeyError, TypeError):
        check = None
    if status != "1" or check != "libvirt.absent":
        return ["vnuma --libvirt in the guest: status %s, check %r; want "
                "1, libvirt.absent" % (status, check)]
    return []


def compare(blocks):
    """-> list of differences (empty: vnuma --host saw the guest's files)."""
    text, status = blocks.get("host.out", (None, None))
    if status != "0":
        return ["vnuma --host --json: status %s, stderr %r" % (
            status, (blocks.get("host.err") or ("",))[0])]
    try:
        host = json.loads(text)["host"]
    except (ValueError, KeyError, TypeError) as e:
        return ["vnuma --host --json: not a host document: %s" % e]
    before, after = Files(blocks, "before"), Files(blocks, "after")
    if before.get(S + "/possible") is None:
        return ["the guest dumped no %s/possible" % S]
    errs = []
    possible = ids(before.get(S + "/possible"))
    online = ids(before.get(S + "/online"))
    tiers = {}
    for p in before.paths(r"/sys/devices/virtual/memory_tiering/"
                          r"memory_tier(\d+)/nodelist"):
        tiers[int(re.search(r"memory_tier(\d+)", p).group(1))] = \
            ids(before.get(p))
    got_nodes = {n.get("id"): n for n in host.get("nodes", [])}
    if sorted(got_nodes) != possible:
        errs.append("nodes %s, the guest's possible %s" % (
            sorted(got_nodes), possible))
    for n in possible:
        want = expected_node(before, n, online, tiers)
        got = got_nodes.get(n)
        if got is None:
            continue
        for k, v in want.items():
            if got.get(k) != v:
                errs.append("node %d %s: vnuma %r, files %r" % (
                    n, k, got.get(k), v))
        mi = [f.get("%s/node%d/meminfo" % (S, n)) for f in (before, after)]
        if None in mi:
            if got.get("mem-free") is not None:
                errs.append("node %d mem-free %r without meminfo" % (
                    n, got.get("mem-free")))
            continue
        lo, hi = sorted(meminfo(t, "MemFree") for t in mi)
        mf = got.get("mem-free")
        if mf is None or not lo - MEMFREE_SLACK <= mf <= hi + MEMFREE_SLACK:
            errs.append("node %d mem-free %r, files %d..%d (+-%d)" % (
                n, mf, lo, hi, MEMFREE_SLACK))
    thp = before.get("/sys/kernel/mm/transparent_hugepage/enabled")
    m = re.search(r"\[(\w+)\]", thp or "")
    if host.get("thp") != (m.group(1) if m else None):
        errs.append("thp %r, file %r" % (host.get("thp"), thp))
    want = expected_process(before)
    got = host.get("process", {})
    for k, v in want.items():
        if got.get(k) != v:
            errs.append("process %s: vnuma %r, files %r" % (k, got.get(k), v))
    errs += pools_errors(host, before) + memory_errors(got, before, after)
    # the case's setup must show, or the comparison proves little
    if want["cgroup"] != "/vnuma" or want["mems-effective"] in (None, ""):
        errs.append("the guest's cgroup setup is not in effect: %r" % want)
    return errs + absent_errors(blocks)
