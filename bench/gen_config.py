#!/usr/bin/env python3
"""Writes a q35 configuration with N nodes as an @FILE: one 64 MiB
memory backend per node, CPUs spread two per node, and every off-diagonal
-numa dist entry (N*(N-1) of them), asymmetric so none can be mirrored."""
import sys

nodes, cpus, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lines = ["-machine q35", f"-m {64 * nodes}M", f"-smp {cpus}"]
for i in range(nodes):
    lines.append(f"-object memory-backend-ram,id=m{i},size=64M")
for i in range(nodes):
    mine = [c for c in range(cpus) if c % nodes == i]
    spec = "".join(f",cpus={c}" for c in mine)
    lines.append(f"-numa node,nodeid={i}{spec},memdev=m{i}")
for s in range(nodes):
    for d in range(nodes):
        if s != d:
            lines.append(f"-numa dist,src={s},dst={d},val={20 + (s * 7 + d * 3) % 200}")
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
