#!/usr/bin/env python3
"""Totals every meson test log (plain, ASan+UBSan, valgrind setups) of the
given build directories into one closing line, "N passed, N failed"."""
import json
import sys
from pathlib import Path

passed = failed = skipped = 0
for d in sys.argv[1:]:
    for log in sorted((Path(d) / "meson-logs").glob("testlog*.json")):
        for line in log.read_text().splitlines():
            r = json.loads(line)
            if r["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif r["result"] == "SKIP":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
