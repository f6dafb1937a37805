#!/usr/bin/env python3
"""On the running host, `vnuma --host --json` agrees with /sys: the
possible nodes, each node's MemTotal and, per page size, its huge page
counts, and the THP mode. Huge page counts are read around the run; when
they moved meanwhile (other tests resize the pool) the run is made again,
up to 10 times, and a pool that never holds still is a failure.

    host_live.py VNUMA
"""
import json
import os
import re
import subprocess
import sys

vnuma = sys.argv[1]
NODE = "/sys/devices/system/node"


def parse_list(text):
    out = []
    for part in filter(None, text.strip().split(",")):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def pools():
    got = {}
    for n in os.listdir(NODE):
        if not re.fullmatch(r"node\d+", n) or not os.path.isdir(f"{NODE}/{n}/hugepages"):
            continue
        for d in os.listdir(f"{NODE}/{n}/hugepages"):
            kb = int(re.fullmatch(r"hugepages-(\d+)kB", d).group(1))
            base = f"{NODE}/{n}/hugepages/{d}"
            got[(int(n[4:]), kb * 1024)] = tuple(
                int(open(f"{base}/{f}").read()) for f in ("nr_hugepages", "free_hugepages"))
    return got


failed = []


def check(what, want, got):
    if want != got:
        failed.append(f"{what}: /sys says {want!r}, vnuma says {got!r}")


if not os.path.exists(f"{NODE}/possible"):
    print("host_live: no NUMA in this kernel, nothing to compare")
    sys.exit(77)
for attempt in range(10):
    before = pools()
    r = subprocess.run([vnuma, "--host", "--json"], capture_output=True, text=True)
    after = pools()
    if before == after:
        break
else:
    print("host_live: the huge page pools kept changing")
    sys.exit(1)
if r.returncode != 0:
    print(r.stdout, r.stderr)
    sys.exit(1)
host = json.loads(r.stdout)["host"]
nodes = {n["id"]: n for n in host["nodes"]}
check("nodes", parse_list(open(f"{NODE}/possible").read()), sorted(nodes))
online = parse_list(open(f"{NODE}/online").read())
for i, n in nodes.items():
    check(f"node{i} online", i in online, n["online"])
    meminfo = f"{NODE}/node{i}/meminfo"
    if os.path.exists(meminfo):
        kb = int(re.search(rf"Node {i} MemTotal:\s+(\d+) kB", open(meminfo).read()).group(1))
        check(f"node{i} MemTotal", kb * 1024, n["mem-total"])
        cpus = open(f"{NODE}/node{i}/cpulist").read().strip()
        check(f"node{i} cpus", cpus, n["cpus"])
        dist = [int(x) for x in open(f"{NODE}/node{i}/distance").read().split()]
        check(f"node{i} distances", dist, n["distances"])
    sizes = sorted(size for (node, size) in before if node == i)
    check(f"node{i} page sizes", sizes, [p["page-size"] for p in n["hugepages"]])
    for p in n["hugepages"]:
        check(f"node{i} hugepages-{p['page-size']}",
              before[(i, p["page-size"])], (p["total"], p["free"]))
thp = "/sys/kernel/mm/transparent_hugepage/enabled"
if os.path.exists(thp):
    check("thp", re.search(r"\[(\w+)\]", open(thp).read()).group(1), host["thp"])
check("affinity", sorted(os.sched_getaffinity(0)),
      parse_list(host["process"]["affinity"]))
for call in ("mbind", "move-pages"):
    said = host["process"][call]
    if not (said == "permitted" or (said or "").startswith("refused: ")):
        failed.append(f"{call}: the running host must be asked, got {said!r}")
for f in failed:
    print("FAIL", f)
print(f"host_live: {len(nodes)} node(s), {len(failed)} disagreement(s)")
sys.exit(1 if failed else 0)
