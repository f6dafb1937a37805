#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The guest checker must fail on every kind of difference: each mutation
of a correct expectation (or of the console) below must give a failure,
and the unmutated pair none. Runs on a recorded console, no QEMU."""
import os
import sys

import check

HERE = os.path.dirname(os.path.abspath(__file__))

EXPECT = """arch x86_64
online 0-1
node 0 cpus 0-1 mem 1G kernel distance 10 20
node 1 cpus - mem 1G distance 20 10
node 0 access0 initiators 0 read_latency 10 write_latency 10 read_bandwidth 10240 write_bandwidth 10240
node 1 access0 initiators 0 read_latency 50 write_latency 50 read_bandwidth 2048 write_bandwidth 2048
node 1 cache 1 size 67108864 line_size 64 indexing 0 write_policy 0
"""

# (what, old, new): a wrong expectation the checker must notice
MUTATIONS = [
    ("online", "online 0-1", "online 0-2"),
    ("cpus", "cpus 0-1 mem", "cpus 0 mem"),
    ("cpu-less", "cpus - mem", "cpus 1 mem"),
    ("mem larger", "node 1 cpus - mem 1G", "node 1 cpus - mem 1025M"),
    ("mem smaller", "node 1 cpus - mem 1G", "node 1 cpus - mem 1020M"),
    ("kernel slack", "mem 1G kernel", "mem 1G"),
    ("distance", "distance 20 10", "distance 21 10"),
    ("missing node", "online 0-1", "online 0-1\nnode 2 cpus - mem 0 "
     "distance 10"),
    ("latency", "read_latency 50", "read_latency 51"),
    ("bandwidth", "write_bandwidth 2048", "write_bandwidth 1024"),
    ("initiators", "initiators 0 read_latency 50",
     "initiators 0 1 read_latency 50"),
    ("unexpected access0", "node 0 access0", "# node 0 access0"),
    ("cache", "line_size 64", "line_size 128"),
    ("unexpected cache", "node 1 cache", "# node 1 cache"),
    ("test", "online 0-1", "online 0-1\ntest prog PASS-NAME"),
]

# console lines any of which must fail a case
BAD_LINES = [
    "NUMA: nodes only cover 1535MB of your 2047MB e820 RAM. Not used.",
    "No NUMA configuration found",
    "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]",
    "acpi/hmat: Ignoring: Invalid table",
    "WARNING: CPU: 1 PID: 0 at arch/x86/kernel/smpboot.c:415",
]


def main():
    with open(os.path.join(HERE, "fixtures", "hmat-2node.log")) as f:
        log = f.read()
    bad = 0
    errs = check.check(check.parse_expect(EXPECT), log)
    if errs:
        print("FAIL baseline: %s" % errs)
        bad += 1
    drop_node1 = "".join(ln + "\n" for ln in EXPECT.splitlines()
                         if not ln.startswith("node 1 "))
    cases = [(w, EXPECT.replace(o, n, 1)) for w, o, n in MUTATIONS
             if o in EXPECT]
    if len(cases) != len(MUTATIONS):
        print("FAIL a mutation does not apply")
        bad += 1
    for what, text in cases + [("extra node", drop_node1)]:
        errs = check.check(check.parse_expect(text), log)
        print("%s mutation %s: %s" % ("ok  " if errs else "FAIL", what,
                                      errs[:1] or "not noticed"))
        bad += not errs
    for line in BAD_LINES:
        errs = check.check(check.parse_expect(EXPECT),
                           log.replace("VNUMA-GUEST END",
                                       "dmesg [0.1] %s\nVNUMA-GUEST END"
                                       % line))
        print("%s console line %r" % ("ok  " if errs else "FAIL", line))
        bad += not errs
    cut = log[:log.index("node 1 cpus")]
    errs = check.check(check.parse_expect(EXPECT), cut)
    print("%s console cut short" % ("ok  " if errs else "FAIL"))
    bad += not errs
    print("%d failed" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
