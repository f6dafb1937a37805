#!/usr/bin/env python3
"""Records a golden case: tests/cli/record.py NAME ARG... runs vnuma with
the arguments in tests/cli/NAME/ (as run.py will) and writes args,
stdout, stderr and status there. Read what it recorded before committing:
the case asserts whatever it holds. "@DIR/" in an argument stands for the
case's own directory (for @FILE inputs kept beside the case).
VNUMA names the binary (default build/vnuma)."""
import os
import subprocess
import sys
from pathlib import Path

vnuma = os.path.abspath(os.environ.get("VNUMA", "build/vnuma"))
case = Path(__file__).parent / sys.argv[1]
args = sys.argv[2:]
case.mkdir(parents=True, exist_ok=True)
(case / "args").write_text("".join(a + "\n" for a in args))
real = [a.replace("@DIR/", str(case.resolve()) + "/") for a in args]
r = subprocess.run([vnuma] + real, capture_output=True, text=True, cwd=case)
for name, text in (("stdout", r.stdout), ("stderr", r.stderr)):
    if text:
        (case / name).write_text(text)
    elif (case / name).exists():
        (case / name).unlink()
(case / "status").write_text(f"{r.returncode}\n")
print(f"{case.name}: status {r.returncode}")
