#!/usr/bin/env python3
"""Golden CLI tests: each directory under tests/cli/ holds `args` (one
argument per line; `@DIR/` expands to the case directory), and the expected
`stdout`, `stderr` and `status`. With VNUMA_VALGRIND=1 every run is under
valgrind, which must report no error and no leak."""
import os
import subprocess
import sys
from pathlib import Path

vnuma, root = os.path.abspath(sys.argv[1]), Path(sys.argv[2]).resolve()
only = sys.argv[3:]
valgrind = os.environ.get("VNUMA_VALGRIND") == "1"
prefix = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
          "--errors-for-leak-kinds=definite,indirect"] if valgrind else []

passed = failed = 0
for case in sorted(p for p in root.iterdir() if (p / "args").is_file()):
    if only and case.name not in only:
        continue
    args = [a.replace("@DIR/", str(case) + "/")
            for a in (case / "args").read_text().splitlines()]
    r = subprocess.run(prefix + [vnuma] + args, capture_output=True,
                       text=True, cwd=case)
    want = {
        "status": int((case / "status").read_text()),
        "stdout": (case / "stdout").read_text() if (case / "stdout").exists() else "",
        "stderr": (case / "stderr").read_text() if (case / "stderr").exists() else "",
    }
    got = {"status": r.returncode, "stdout": r.stdout, "stderr": r.stderr}
    bad = [k for k in want if want[k] != got[k]]
    if bad:
        failed += 1
        print(f"FAIL {case.name}: {', '.join(bad)} differ")
        for k in bad:
            print(f"--- expected {k}:\n{want[k]}\n--- got {k}:\n{got[k]}")
    else:
        passed += 1
print(f"golden: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
