#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The check-id table (src/check_ids.c) against the sources that raise ids.

Fails when
  - a check id in src/ has no entry in the table (a new check without a
    status), or the table has an id no source raises (a stale entry);
  - a call names a status for an id other than the table's (the call site
    would mislead its reader: vnuma__error_set() takes the table's);
  - a warning's id (vnuma__warn) is not VNUMA_OK in the table, or an id
    raised as an error is VNUMA_OK, or vnuma__error_set_errno raises an id
    that is not VNUMA_E_HOST;
  - the table is not sorted, or names an id twice.

A check id is a string literal "stage.name" (lower case, digits, dashes,
one dot, the name starting with a letter). The few literals of that shape
that are not check ids (header names, QEMU's RAM region names, cgroup
files) are listed in NOT_CHECKS.

Usage: check_ids.py [SRCDIR]   (default: src/ beside tests/)
"""
import os
import re
import sys

ID = re.compile(r'^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$')
STATUS = re.compile(r'^VNUMA_(OK|E_[A-Z]+)$')
NOT_CHECKS = {
    "pc.ram", "mach-virt.ram", "microvm.ram",  # board RAM region names
    "memory.max", "memory.current",  # cgroup v2 files
}
TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|'
                   r'[A-Za-z_]\w*|\d\w*|\S')
# name -> the status every id it raises has (None: named by an argument)
FIXED = {"vnuma__warn": "VNUMA_OK", "vnuma__warn_verbatim": "VNUMA_OK",
         "vnuma__error_set_errno": "VNUMA_E_HOST"}


def strip_comments(s):
    out, i, n = [], 0, len(s)
    while i < n:
        if s.startswith("/*", i):
            j = s.index("*/", i + 2) + 2
            out.append(re.sub(r"[^\n]", " ", s[i:j]))
            i = j
        elif s.startswith("//", i):
            j = s.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif s[i] in "\"'":
            j = i + 1
            while s[j] != s[i]:
                j += 2 if s[j] == "\\" else 1
            out.append(s[i:j + 1])
            i = j + 1
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def tokens(path):
    s = strip_comments(open(path, encoding="utf-8").read())
    return [(m.group(), s.count("\n", 0, m.start()) + 1)
            for m in TOKEN.finditer(s)]


def literal_ids(toks, k):
    """Check-id literals of the argument at token k (a ternary gives two)."""
    ids, depth, j = [], 0, k
    while j < len(toks):
        t = toks[j][0]
        if t in "([{":
            depth += 1
        elif t in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif t == "," and depth == 0:
            break
        if t[0] == '"' and ID.match(t[1:-1]):
            ids.append(t[1:-1])
        j += 1
    return ids


def uses(path):
    """(id, status or None, where) for each check-id literal in path."""
    toks = tokens(path)
    found = []
    for k, (t, line) in enumerate(toks):
        if t[0] != '"' or not ID.match(t[1:-1]):
            continue
        if t[1:-1].endswith((".h", ".c")) or t[1:-1] in NOT_CHECKS:
            continue
        # the call (or initializer) holding it, and the argument before
        depth, j = 0, k - 1
        while j >= 0 and not (toks[j][0] in "([{" and depth == 0):
            depth += toks[j][0] in ")]}"
            depth -= toks[j][0] in "([{"
            j -= 1
        # back to the start of this argument
        a = k
        depth = 0
        while a - 1 > j and not (toks[a - 1][0] == "," and depth == 0):
            depth += toks[a - 1][0] in ")]}"
            depth -= toks[a - 1][0] in "([{"
            a -= 1
        fn = toks[j - 1][0] if j > 0 and toks[j][0] == "(" else None
        status = None
        if fn in FIXED:
            status = FIXED[fn]
        elif toks[a - 1][0] == "," and STATUS.match(toks[a - 2][0]):
            status = toks[a - 2][0]
        found.append((t[1:-1], status, fn, f"{path}:{line}"))
    return found


def table(path):
    rows = re.findall(r'^\t\{ "([^"]+)", (VNUMA_\w+) \},$',
                      open(path, encoding="utf-8").read(), re.M)
    if len(rows) < 100:
        sys.exit(f"{path}: found only {len(rows)} table rows")
    return rows


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "src")
    tpath = os.path.join(src, "check_ids.c")
    rows = table(tpath)
    errors = []
    for (a, _), (b, _) in zip(rows, rows[1:]):
        if a >= b:
            errors.append(f"check_ids.c: '{b}' after '{a}' (sorted, once)")
    status_of = dict(rows)

    found = []
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            if f.endswith((".c", ".h")) and f != "check_ids.c":
                found += uses(os.path.join(root, f))
    calls = [u for u in found if u[1]]
    if len(calls) < 200:
        errors.append(f"only {len(calls)} raising calls found: the scan "
                      "no longer sees how the sources raise errors")
    seen = set()
    for cid, status, fn, where in found:
        seen.add(cid)
        want = status_of.get(cid)
        if want is None:
            errors.append(f"{where}: check id '{cid}' has no status in "
                          "src/check_ids.c")
        elif status and status != want:
            errors.append(f"{where}: '{cid}' raised with {status}, its "
                          f"status is {want}")
        elif not status and fn and fn not in FIXED and want == "VNUMA_OK" \
                and fn.startswith("vnuma__error"):
            errors.append(f"{where}: warning id '{cid}' raised as an error")
    for cid, _ in rows:
        if cid not in seen:
            errors.append(f"check_ids.c: '{cid}' is raised nowhere in src/")
    for e in errors:
        print(e)
    print(f"{len(rows)} check ids, {len(found)} uses, {len(calls)} with "
          f"a status: {'FAIL' if errors else 'ok'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
