#!/usr/bin/env python3
"""doc/json-schema.md shows what vnuma prints: every fenced block of it is
run and compared. The line before a block names the command:

    <!-- vnuma ARGS -->          the block is vnuma's whole stdout for ARGS
    <!-- vnuma-outline ARGS -->  the block is an outline of that stdout
    <!-- not-output -->          the block is not output (prose, a table)

A block with no such line fails the test, so a new example cannot go
unchecked. A table of keys (first column `key`) follows a line

    <!-- vnuma-keys PATH [optional=K1,K2] ARGS -->

(one or more) where PATH names an object of the output for ARGS
(`machine`, `nodes[*]`: every element of an array, `hmat.lb[*]`): the
keys of those objects are the table's, in its order; a key listed as
optional may be missing (a CPU's die-id, say), but each must show in the
output of one of the lines. A table of keys without such a line fails
too. An outline is the document's shape: `{ ... }` and `[ ... ]`
stand for any object or array, `"key": VALUE | null` allows null too,
`{ "a", "b" }` lists an object's keys, and an array's first element
describes every element. The keys an outline lists for an object must be
its keys, in order; an outline that starts with `"key":` is that member of
the document.

    schema_examples.py VNUMA DOC
"""
import difflib
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

vnuma, doc = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2])
root = doc.resolve().parent.parent


class Outline:
    def __init__(self, text):
        self.toks = re.findall(r'"(?:[^"\\]|\\.)*"|\.\.\.|-?\d+|[{}\[\]:,|]'
                               r'|null|true|false|\S', text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, want=None):
        t = self.peek()
        if want is not None and t != want:
            raise ValueError(f"outline: expected {want!r}, found {t!r}")
        self.i += 1
        return t

    def value(self):
        t = self.peek()
        if t == "{":
            v = self.obj()
        elif t == "[":
            v = self.arr()
        else:
            v = ("scalar", json.loads(self.take()))
        if self.peek() == "|":
            self.take()
            self.take("null")
            v = ("or-null", v)
        return v

    def members(self, end):
        keys = []
        while self.peek() != end:
            if self.peek() == "...":
                self.take()
                return None
            k = json.loads(self.take())
            v = self.value() if self.peek() == ":" and self.take() else None
            keys.append((k, v))
            if self.peek() == ",":
                self.take()
        return keys

    def obj(self):
        self.take("{")
        m = self.members("}")
        self.take("}")
        return ("object", m)

    def arr(self):
        self.take("[")
        items = []
        while self.peek() != "]":
            if self.peek() == "...":
                self.take()
            else:
                items.append(self.value())
            if self.peek() == ",":
                self.take()
        self.take("]")
        return ("array", items[:1])


def match(pat, v, where, partial=False):
    """Errors where v does not fit the outline pat."""
    kind = pat[0]
    if kind == "or-null":
        return [] if v is None else match(pat[1], v, where)
    if kind == "scalar":
        return [] if v == pat[1] else [f"{where}: {v!r}, outline {pat[1]!r}"]
    if kind == "array":
        if not isinstance(v, list):
            return [f"{where}: not an array"]
        errs = []
        for i, e in enumerate(v if pat[1] else []):
            errs += match(pat[1][0], e, f"{where}[{i}]")
        return errs
    if not isinstance(v, dict):
        return [f"{where}: not an object"]
    if pat[1] is None:
        return []
    keys = [k for k, _ in pat[1]]
    if partial:
        missing = [k for k in keys if k not in v]
        if missing:
            return [f"{where}: no {missing}"]
    elif keys != list(v):
        return [f"{where}: keys {list(v)}, outline {keys}"]
    errs = []
    for k, p in pat[1]:
        if p is not None:
            errs += match(p, v[k], f"{where}.{k}")
    return errs


def blocks(text):
    """(line number, marker or None, block) for every fenced block."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            start = i
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            k = start - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            m = re.match(r"<!--\s*(.*?)\s*-->$", lines[k].strip()) \
                if k >= 0 else None
            yield start + 1, m.group(1) if m else None, \
                "\n".join(lines[start + 1:j]) + "\n"
            i = j + 1
        else:
            i += 1


def at(doc, path):
    """The objects at PATH: a.b, a[*] (every element), a[0]."""
    objs = [doc]
    for part in re.findall(r"[^.\[\]]+|\[\*\]|\[\d+\]", path):
        nxt = []
        for o in objs:
            if part == "[*]":
                nxt += o
            elif part.startswith("["):
                nxt.append(o[int(part[1:-1])])
            else:
                nxt.append(o[part])
        objs = nxt
    return objs


def key_tables(text):
    """(line number, marker or None, keys) for every table of keys."""
    lines = text.split("\n")
    for i, l in enumerate(lines):
        if not re.match(r"\|\s*key\s*\|", l):
            continue
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        markers = []
        while k >= 0:
            m = re.match(r"<!--\s*vnuma-keys\s+(.*?)\s*-->$",
                         lines[k].strip())
            if not m:
                break
            markers.insert(0, m.group(1))
            k -= 1
        keys = []
        for row in lines[i + 2:]:
            cell = re.match(r"\|\s*`([^`]+)`\s*\|", row)
            if not cell:
                break
            keys.append(cell.group(1))
        yield i + 1, markers, keys


def check_keys(markers, keys):
    errs, seen, optional = [], set(), set()
    for marker in markers:
        e, s, o = check_one(marker, keys)
        errs += e
        seen |= s
        optional |= o
    unseen = sorted(k for k in optional if k not in seen)
    if unseen:
        errs.append(f"optional {unseen} in no output: add a line whose "
                    "command shows them")
    return errs


def check_one(marker, keys):
    path, _, rest = marker.partition(" ")
    optional = []
    if rest.startswith("optional="):
        opt, _, rest = rest.partition(" ")
        optional = opt[len("optional="):].split(",")
    r = subprocess.run([vnuma] + shlex.split(rest), capture_output=True,
                       text=True, cwd=root)
    try:
        objs = at(json.loads(r.stdout), path)
    except (ValueError, KeyError, IndexError, TypeError) as e:
        return [f"{marker}: no {path} in the output ({e!r})"], set(), set()
    if not objs:
        return [f"{marker}: nothing at {path} to compare"], set(), set()
    errs, seen = [], set()
    for o in objs:
        got = list(o)
        seen |= set(got)
        want = [k for k in keys if k in got or k not in optional]
        if got != want:
            errs.append(f"{marker}: keys {got}, the table {want}")
            break
    return errs, seen, set(optional)


passed = failed = 0
for line, markers, keys in key_tables(doc.read_text()):
    errs = ["no <!-- vnuma-keys ... --> line names its command"] \
        if not markers else check_keys(markers, keys)
    if errs:
        failed += 1
        print(f"FAIL {doc.name}:{line}: table of keys")
        for e in errs:
            print("  " + e)
    else:
        passed += 1
for line, marker, block in blocks(doc.read_text()):
    errs = []
    if marker is None:
        errs = ["no <!-- vnuma ... --> line names its command"]
    elif marker == "not-output":
        continue
    else:
        verb, _, args = marker.partition(" ")
        if verb not in ("vnuma", "vnuma-outline"):
            errs = [f"unknown marker {marker!r}"]
        else:
            r = subprocess.run([vnuma] + shlex.split(args),
                               capture_output=True, text=True, cwd=root)
            if verb == "vnuma" and r.stdout != block:
                errs = ["differs from the output:\n" + "".join(
                    difflib.unified_diff(block.splitlines(True),
                                         r.stdout.splitlines(True),
                                         "doc", "vnuma"))]
            elif verb == "vnuma-outline":
                try:
                    o = Outline(block)
                    fragment = o.peek() != "{"
                    if fragment:
                        o.toks = ["{"] + o.toks + ["}"]
                    pat = o.value()
                    if o.peek() is not None:
                        raise ValueError(f"outline: {o.peek()!r} left over")
                    errs = match(pat, json.loads(r.stdout), "$",
                                 partial=fragment)
                except ValueError as e:
                    errs = [str(e)]
    if errs:
        failed += 1
        print(f"FAIL {doc.name}:{line}: {marker}")
        for e in errs:
            print("  " + e)
    else:
        passed += 1
print(f"schema examples: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
