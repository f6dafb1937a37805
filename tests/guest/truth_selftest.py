#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Proves the host-truth checkers fail where they must, without QEMU:
- truth_host.compare passes a recorded guest console
  (fixtures/truth-4node-host.log) and fails on each kind of difference
  between `vnuma --host --json` and the guest's files;
- truth_plan.check fails on a plan realized off its nodes, a FAIL or a
  missing PASS of the placement program, a backend not bound to one node;
- truth_gen is reproducible, draws at least 200 configurations with both
  verdicts well represented for every truth case, and truth.py's spread
  check fails a one-sided or rejected draw;
- truth.parse_blocks reads blocks, ABSENT files and an unended block.
"""
import copy
import json
import os
import sys

import check
import truth
import truth_gen
import truth_host
import truth_plan

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL " + what)


def with_host(blocks, change):
    """blocks with host.out's document changed by change(doc)."""
    b = dict(blocks)
    doc = json.loads(b["host.out"][0])
    change(doc["host"])
    b["host.out"] = (json.dumps(doc), "0")
    return b


def with_file(blocks, name, text):
    b = dict(blocks)
    b[name] = (text, "0")
    return b


def node(h, n):
    return [x for x in h["nodes"] if x["id"] == n][0]


def host_part():
    with open(os.path.join(HERE, "fixtures", "truth-4node-host.log")) as f:
        blocks, _ = truth.parse_blocks(f.read())
    errs = truth_host.compare(blocks)
    expect(errs == [], "recorded guest: %s" % errs)
    S = truth_host.S
    muts = {
        "node cpus": lambda h: node(h, 0).update(cpus="0-1"),
        "node online": lambda h: node(h, 4).update(online=True),
        "node missing": lambda h: h["nodes"].pop(),
        "mem-total": lambda h: node(h, 1).update(
            {"mem-total": node(h, 1)["mem-total"] + 4096}),
        "mem-free": lambda h: node(h, 0).update(
            {"mem-free": node(h, 0)["mem-free"] + (16 << 20)}),
        "distance": lambda h: node(h, 2).update(distances=[22, 26, 10, 33]),
        "hugepages total": lambda h: node(h, 3)["hugepages"][0].update(
            total=9),
        "hugepages free": lambda h: node(h, 0)["hugepages"][0].update(
            free=5),
        "memory-tier": lambda h: node(h, 2).update({"memory-tier": 4}),
        "thp": lambda h: h.update(thp="always"),
        "cgroup": lambda h: h["process"].update(cgroup="/"),
        "mems-effective": lambda h: h["process"].update(
            {"mems-effective": "0-3"}),
        "cpus-effective": lambda h: h["process"].update(
            {"cpus-effective": "0-2"}),
        "memory-max": lambda h: h["process"].update({"memory-max": "max"}),
        "hugetlb max": lambda h: h["process"]["hugetlb"][0].update(
            max="max"),
        "hugetlb current": lambda h: h["process"]["hugetlb"][0].update(
            current=2 << 20),
        "affinity": lambda h: h["process"].update(affinity="0-2"),
        "mbind": lambda h: h["process"].update(mbind="refused: x"),
        "hugepages surplus": lambda h: node(h, 3)["hugepages"][0].update(
            surplus=1),
        "hugetlb room": lambda h: h["process"]["hugetlb"][0].update(
            room=2 << 20),
        "mems-allowed": lambda h: h["process"].update(
            {"mems-allowed": "0-3"}),
        "memory-current": lambda h: h["process"].update(
            {"memory-current": h["process"]["memory-current"] + (64 << 20)}),
        "memory-room bytes": lambda h: h["process"]["memory-room"].update(
            bytes=h["process"]["memory-room"]["bytes"] + 4096),
        "memory-room max": lambda h: h["process"]["memory-room"].update(
            max=1 << 30),
        "pools total": lambda h: h["pools"][0].update(total=99),
        "pools reserved": lambda h: h["pools"][0].update(reserved=1),
    }
    for what, m in muts.items():
        expect(truth_host.compare(with_host(blocks, m)) != [],
               "vnuma --host with a wrong %s passes" % what)
    files = {
        "before:%s/node0/distance" % S: "10 11 20 17\n",
        "before:%s/possible" % S: "0-5\n",
        "before:%s/node3/hugepages/hugepages-2048kB/nr_hugepages" % S:
            "11\n",
    }
    for name, text in files.items():
        expect(truth_host.compare(with_file(blocks, name, text)) != [],
               "a changed %s passes" % name)
    b = with_file(blocks, "absent.out", blocks["absent.out"][0])
    expect(truth_host.compare(b) != [], "a libvirt-capable guest vnuma "
           "(status 0) passes")
    b = dict(blocks)
    del b["host.out"]
    expect(truth_host.compare(b) != [], "no vnuma output passes")


PLAN = """-machine q35
-m 32M
-object memory-backend-ram,id=a,size=16M,host-nodes=0,policy=bind
-object memory-backend-ram,id=b,size=16M,host-nodes=3,policy=bind
-numa node,nodeid=0,memdev=a
-numa node,nodeid=1,memdev=b
"""


def realized(nodes):
    return json.dumps({"host-memory": {"regions": [
        {"backend": b, "placement": [{"host-node": n, "bytes": 1 << 20}]}
        for b, n in nodes]}})


def plan_blocks(plan=PLAN, placed=(("a", 0), ("b", 3)),
                placement="PASS bind: backend a, 16384 KiB, ok\n"
                          "PASS bind: backend b, 16384 KiB, ok\n"):
    return {"plan-json:1.out": ("{}", "0"), "plan:1.out": (plan, "0"),
            "plan-check:1.out": (json.dumps(
                {"check_host": {"fits": True, "reasons": []}}), "0"),
            "plan-realize:1.out": (realized(placed), "0"),
            "plan-placement:1.out": (placement, "0")}


def plan_part():
    setup = {"plan": [["--vcpus", "2", "--memory", "32M"]]}
    expect(truth_plan.check(setup, plan_blocks(), True) == [],
           "a plan placed where planned: %s"
           % truth_plan.check(setup, plan_blocks(), True))
    bad = {
        "pages off the planned node":
            plan_blocks(placed=(("a", 0), ("b", 1))),
        "a placement FAIL": plan_blocks(
            placement="PASS bind: backend a, 1 KiB, ok\n"
                      "FAIL bind: backend b, 1 KiB, pages outside\n"),
        "a backend without PASS": plan_blocks(
            placement="PASS bind: backend a, 1 KiB, ok\n"),
        "a backend on two nodes": plan_blocks(
            plan=PLAN.replace("host-nodes=3", "host-nodes=2-3")),
        "no backend": plan_blocks(plan="-machine q35\n-m 32M\n"),
    }
    for what, b in bad.items():
        expect(truth_plan.check(setup, b, True) != [], "%s passes" % what)
    b = plan_blocks()
    b["plan-check:1.out"] = (json.dumps({"check_host": {
        "fits": False, "reasons": []}}), "3")
    expect(truth_plan.check(setup, b, True) != [], "a plan that fails its "
           "preflight passes")
    b = plan_blocks()
    b["plan:1.out"] = ("", "2")
    expect(truth_plan.check(setup, b, True) != [], "vnuma plan failing "
           "passes")
    expect(truth_plan.check(setup, plan_blocks(), False) != [],
           "no placement program passes")
    # a preallocated backend: its region's pages must all be placed
    pre = PLAN.replace("policy=bind\n", "policy=bind,prealloc=on\n")
    b = plan_blocks(plan=pre)
    b["plan-realize:1.out"] = (json.dumps({"host-memory": {"regions": [
        {"backend": "a", "size": 1 << 20,
         "placement": [{"host-node": 0, "bytes": 1 << 20}]},
        {"backend": "b", "size": 1 << 20,
         "placement": [{"host-node": 3, "bytes": 1 << 20}]}]}}), "0")
    expect(truth_plan.check(setup, b, True) == [], "a preallocated plan "
           "placed whole: %s" % truth_plan.check(setup, b, True))
    b["plan-realize:1.out"] = (json.dumps({"host-memory": {"regions": [
        {"backend": "a", "size": 1 << 20,
         "placement": [{"host-node": 0, "bytes": 1 << 20}]},
        {"backend": "b", "size": 1 << 20, "placement": []}]}}), "0")
    expect(truth_plan.check(setup, b, True) != [], "a preallocated region "
           "with no page resident passes")
    expect(truth_plan.backends("-object memory-backend-ram,id=x,size=2M,"
                               "host-nodes=0,host-nodes=2,policy=bind\n")
           == {"x": [0, 2]}, "host-nodes repeated")


def gen_part():
    for case in ("x86-truth-4node", "x86-truth-2node"):
        d = os.path.join(HERE, "cases", case)
        with open(os.path.join(d, "expect")) as f:
            e = check.parse_expect(f.read())
        s = truth.read_setup(os.path.join(d, "setup"))
        g = truth_gen.generate(e, s, 14, 200)
        expect(len(g) == 200 and len({t for _, t, _ in g}) == 200,
               "%s: 200 distinct configurations" % case)
        expect(g == truth_gen.generate(e, s, 14, 200),
               "%s: the same seed, the same draw" % case)
        expect(g != truth_gen.generate(e, s, 15, 200),
               "%s: another seed, another draw" % case)
        fit = sum(1 for _, _, x in g if x[0])
        expect(40 <= fit <= 160, "%s: %d of 200 fit by the guess" % (
            case, fit))
        for word in ("hugetlb=on", "mem-path=/dev/hugepages",
                     "memory-backend-ram", "policy=bind",
                     "policy=preferred", "policy=interleave",
                     "prealloc=on", "prealloc-threads=",
                     "prealloc-context=", "node-affinity="):
            expect(any(word in t for _, t, _ in g),
                   "%s: no configuration with %s" % (case, word))
    expect(truth.spread_errors({(0, 0): 100, (3, 3): 100}, 200) == [],
           "an even draw")
    expect(truth.spread_errors({(0, 0): 190, (3, 3): 10}, 200) != [],
           "a one-sided draw passes")
    expect(truth.spread_errors({(0, 0): 99, (3, 3): 100, (1, 1): 1}, 200)
           != [], "a rejected configuration passes")


def blocks_part():
    b, out = truth.parse_blocks(
        "x\r\nVNUMA-BLOCK BEGIN a:1\r\nl1\r\n\r\nVNUMA-BLOCK END a:1 3\r\n"
        "VNUMA-BLOCK ABSENT f\r\nVNUMA-BLOCK BEGIN z\r\nnever\r\n")
    expect(b.get("a:1") == ("l1\n\n", "3"), "block text and status")
    expect(b.get("f") == (None, None), "ABSENT")
    expect(out[0] == "x" and "never ended" in out[-1], "outside lines")


def main():
    host_part()
    plan_part()
    gen_part()
    blocks_part()
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
