#!/usr/bin/env python3
"""Totals every meson test log of the given build directories into one
closing line, "N passed, N failed", so a reader need not add them up."""
import json
import sys
from pathlib import Path

passed = failed = skipped = 0
for d in sys.argv[1:]:
    log = Path(d) / "meson-logs" / "testlog.json"
    if not log.exists():
        continue
    for line in log.read_text().splitlines():
        r = json.loads(line)
        if r["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r["result"] == "SKIP":
            skipped += 1
        else:
            failed += 1
# The valgrind setup writes its own log.
for d in sys.argv[1:]:
    log = Path(d) / "meson-logs" / "testlog-valgrind.json"
    if log.exists():
        for line in log.read_text().splitlines():
            r = json.loads(line)
            passed += r["result"] == "OK"
            failed += r["result"] not in ("OK", "SKIP")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
