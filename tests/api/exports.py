#!/usr/bin/env python3
"""The shared library exports exactly the functions the version script
lists, and those are exactly the functions declared in the public headers."""
import re
import subprocess
import sys
from pathlib import Path

lib, mapfile, incdir = sys.argv[1], sys.argv[2], Path(sys.argv[3])
out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                     capture_output=True, text=True).stdout
exported = {l.split()[-1].split("@")[0] for l in out.splitlines()
            if l.split()[1] in ("T", "D", "R", "B")}
exported = {s for s in exported if s.startswith("vnuma")}
listed = set(re.findall(r"^\s*(vnuma_\w+);", Path(mapfile).read_text(), re.M))
declared = set()
for h in incdir.glob("*.h"):
    declared |= set(re.findall(r"\b(vnuma_[a-z0-9_]+)\s*\(", h.read_text()))
ok = True
for name, a, b in (("exported but not in the map", exported, listed),
                   ("in the map but not exported", listed, exported),
                   ("in the map but not declared", listed, declared),
                   ("declared but not in the map", declared, listed)):
    if a - b:
        print(f"{name}: {sorted(a - b)}")
        ok = False
print("exports match" if ok else "exports differ")
sys.exit(0 if ok else 1)
