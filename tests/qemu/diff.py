#!/usr/bin/env python3
"""Differential tests: vnuma against a real QEMU 7.2.

Every case (tests/qemu/cases/*.txt, one per line: NAME | ARCH | ARGS) is run
through qemu-system-ARCH -S (QMP on stdio) and through vnuma, text and
--json, and the two must agree: verdict, diagnostics, `info numa`, memory
backends, hotpluggable CPUs and the memory size summary; on aarch64 also the
distance matrix and CPU nodes of QEMU's device tree. See README.md.
"""
import argparse
import difflib
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ARCHES = ("x86_64", "aarch64")
FLAGS = ("qemu-bug", "differs")
TIMEOUT = 20
SKIP = 77  # meson's "skipped" exit status

# QMP commands, each tagged with an id so answers are matched robustly.
QMP = [
    ("cap", "qmp_capabilities", None),
    ("numa", "human-monitor-command", {"command-line": "info numa"}),
    ("memdev", "query-memdev", None),
    ("cpus", "query-hotpluggable-cpus", None),
    ("summary", "query-memory-size-summary", None),
    ("memdevices", "query-memory-devices", None),
    ("mtree", "human-monitor-command", {"command-line": "info mtree"}),
    ("quit", "quit", None),
]
QMP_INPUT = "".join(
    json.dumps({"execute": c, "id": i, **({"arguments": a} if a else {})})
    + "\n" for i, c, a in QMP)

# Lines QEMU writes to stderr about its monitor, not about the configuration.
NOISE = re.compile(r"^(qemu-system-\w+: )?(terminating on signal|"
                   r"QEMU waiting for connection|info: QEMU waiting)")


class Case:
    """One configuration to run through QEMU and vnuma. Other harnesses
    (tests/libvirt/run.py) build theirs with Case.make."""

    def __init__(self, src, lineno, line):
        where = f"{src.name}:{lineno}"
        parts = line.split("|", 2)
        if len(parts) != 3:
            raise ValueError(f"{where}: expected NAME | ARCH | ARGS")
        words = parts[0].split()
        if not words:
            raise ValueError(f"{where}: empty case name")
        for w in words[1:]:
            if not w.startswith("!") or w[1:] not in FLAGS:
                raise ValueError(f"{where}: unknown flag {w!r}")
        self._init(words[0], parts[1].strip(), shlex.split(parts[2]),
                   {w[1:] for w in words[1:]}, where)

    @classmethod
    def make(cls, name, arch, args, where, flags=()):
        c = cls.__new__(cls)
        c._init(name, arch, list(args), set(flags), where)
        return c

    def _init(self, name, arch, args, flags, where):
        self.where = where
        self.name = name
        self.flags = flags
        self.arch = arch
        if self.arch not in ARCHES:
            raise ValueError(f"{self.where}: unknown arch {self.arch!r}")
        self.args = args
        # What vnuma is given: the same options unless a harness says else.
        self.vnuma_args = args
        self.qemu_bug = "qemu-bug" in self.flags
        self.differs = "differs" in self.flags
        if self.qemu_bug and self.differs:
            raise ValueError(f"{self.where}: !qemu-bug and !differs "
                             "exclude each other")

    @property
    def program(self):
        return "qemu-system-" + self.arch

    def title(self):
        flags = "".join(" !" + f for f in sorted(self.flags))
        return (f"{self.name}{flags} [{self.arch}] ({self.where}): "
                + shlex.join(self.args))


def load_cases(root):
    cases, seen = [], {}
    for src in sorted(Path(root).glob("*.txt")):
        for n, raw in enumerate(src.read_text().splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            c = Case(src, n, line)
            if c.name in seen:
                raise ValueError(f"{c.where}: case {c.name} already at "
                                 f"{seen[c.name]}")
            seen[c.name] = c.where
            cases.append(c)
    return cases


# ---------------------------------------------------------------- QEMU side

class QemuResult:
    """rc: 0 or 1 for a verdict; None after a timeout; other values are a
    crash (negative: killed by that signal)."""

    def __init__(self):
        self.rc = None
        self.stderr = []
        self.answers = {}
        self.dtb = None  # aarch64 accepted cases: Dtb

    @property
    def verdict(self):
        return self.rc in (0, 1)

    def answer(self, key):
        """The QMP answer's return value, or None if QEMU gave an error."""
        a = self.answers.get(key)
        return a.get("return") if a else None

    def info_numa(self):
        text = self.answer("numa")
        return text.replace("\r\n", "\n") if isinstance(text, str) else None

    def problem(self):
        """Why this run is not a clean verdict, or None."""
        if self.rc is None:
            return f"timed out after {TIMEOUT} s"
        if self.rc not in (0, 1):
            return f"crashed (exit status {self.rc})"
        if self.rc == 0:
            # Lines without the program prefix are hints of the line above.
            errs = [l for l in self.stderr if l.startswith("qemu-system-")
                    and ": warning: " not in l]
            if errs:
                return "printed an error but carried on: " + errs[0]
            missing = [k for k, _, _ in QMP[:-1] if k not in self.answers]
            if missing:
                return "no QMP answer to " + ", ".join(missing)
        return None


def run_qemu(case):
    cmd = [case.program] + case.args + [
        "-S", "-display", "none", "-nodefaults", "-qmp", "stdio"]
    r = run_qemu_cmd(cmd)
    # Now and then, on a loaded machine, QEMU exits 0 on `quit` without
    # having written the answer to a command sent before it (seen with
    # the large `info mtree` of 255 vCPUs). The run is deterministic
    # otherwise: once more settles it, and a second loss still fails.
    if r.rc == 0 and any(k not in r.answers for k, _, _ in QMP[:-1]):
        r = run_qemu_cmd(cmd)
    return r


def run_qemu_cmd(cmd):
    """Runs a whole QEMU command line that has its QMP monitor on stdio,
    feeding it the QMP commands."""
    r = QemuResult()
    try:
        p = subprocess.run(cmd, input=QMP_INPUT, capture_output=True,
                           text=True, errors="replace", timeout=TIMEOUT,
                           env=dict(os.environ, LC_ALL="C"))
    except subprocess.TimeoutExpired as e:
        r.stderr = _lines(e.stderr)
        return r
    r.rc = p.returncode
    r.stderr = [l for l in _lines(p.stderr) if not NOISE.match(l)]
    for line in p.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if isinstance(msg, dict) and "id" in msg:
            r.answers[msg["id"]] = msg
    return r


def _lines(s):
    if isinstance(s, bytes):
        s = s.decode(errors="replace")
    return (s or "").splitlines()


class Dtb:
    """What aarch64 virt's device tree says about NUMA: the distance matrix
    (None without -numa dist) and the node of each present CPU."""

    def __init__(self, blob):
        self.distances = None
        self.cpu_nodes = {}
        self.memory = []  # (start, size, numa-node-id or None), sorted
        triples = None
        for path, props in _fdt_nodes(blob):
            if re.fullmatch(r"/memory@[0-9a-f]+", path) and "reg" in props:
                nid = props.get("numa-node-id")
                node = struct.unpack(">I", nid)[0] if nid else None
                reg = props["reg"]
                for i in range(0, len(reg) - 15, 16):
                    start, size = struct.unpack_from(">2Q", reg, i)
                    self.memory.append((start, size, node))
            if path.endswith("/distance-map") and "distance-matrix" in props:
                v = props["distance-matrix"]
                triples = struct.unpack(f">{len(v) // 4}I", v)
            m = re.fullmatch(r"/cpus/cpu@(\d+)", path)
            if m:
                nid = props.get("numa-node-id")
                self.cpu_nodes[int(m.group(1))] = (
                    struct.unpack(">I", nid)[0] if nid else None)
        self.memory.sort()
        if triples:
            n = max(max(triples[0::3]), max(triples[1::3])) + 1
            self.distances = [[0] * n for _ in range(n)]
            for i in range(0, len(triples), 3):
                src, dst, val = triples[i:i + 3]
                self.distances[src][dst] = val


def _fdt_nodes(blob):
    """(path, {property: bytes}) for every node of a flattened device tree."""
    magic, _, off_struct, off_strings = struct.unpack_from(">4I", blob)
    if magic != 0xd00dfeed:
        raise ValueError("not a device tree blob")
    pos, stack = off_struct, []

    def cstr(at):
        return blob[at:blob.index(b"\0", at)].decode()

    while True:
        (tok,) = struct.unpack_from(">I", blob, pos)
        pos += 4
        if tok == 1:  # begin node
            name = cstr(pos)
            pos += (len(name) + 4) & ~3
            path = stack[-1][0].rstrip("/") + "/" + name if stack else "/"
            stack.append((path, {}))
        elif tok == 2:  # end node
            yield stack.pop()
        elif tok == 3:  # property
            size, nameoff = struct.unpack_from(">2I", blob, pos)
            pos += 8
            stack[-1][1][cstr(off_strings + nameoff)] = blob[pos:pos + size]
            pos += (size + 3) & ~3
        elif tok == 9:  # end
            return
        elif tok != 4:  # 4: nop
            raise ValueError(f"bad device tree token {tok}")


def run_dtb(case):
    """aarch64 only: QEMU's device tree for the case, or None."""
    return run_dtb_cmd([case.program] + case.args + [
        "-display", "none", "-nodefaults"])


def run_dtb_cmd(cmd):
    """The device tree QEMU writes for a whole command line, or None."""
    with tempfile.TemporaryDirectory(prefix="vnuma-diff-") as d:
        path = os.path.join(d, "virt.dtb")
        try:
            subprocess.run(cmd + ["-machine", "dumpdtb=" + path],
                           capture_output=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL)
            with open(path, "rb") as f:
                return Dtb(f.read())
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return None


# --------------------------------------------------------------- vnuma side

class VnumaResult:
    def __init__(self, vnuma, case):
        self.text = _run(vnuma, case.vnuma_args)
        self.json = _run(vnuma, ["--json"] + case.vnuma_args)


def _run(vnuma, args):
    try:
        return subprocess.run([vnuma] + args, capture_output=True, text=True,
                              errors="replace", timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, None, "", "(timed out)\n")


# --------------------------------------------------------------- comparison

def _udiff(want, got, a, b):
    return _collapse(list(difflib.unified_diff(want, got, a, b,
                                               lineterm="", n=2)))


def _memdevs(lst):
    return sorted((m for m in lst if isinstance(m, dict)),
                  key=lambda m: str(m.get("id")))


def _cpu_key(props):
    return tuple(sorted(props.items()))


def _qemu_cpus(lst):
    return {_cpu_key(c["props"]): {"vcpus-count": c.get("vcpus-count"),
                                   "present": "qom-path" in c,
                                   "type": c.get("type")} for c in lst}


def _vnuma_cpus(lst):
    return {_cpu_key(c.get("props", {})): {
        "vcpus-count": c.get("vcpus-count"),
        "present": bool(c.get("present")),
        "type": c.get("type")} for c in lst
        if isinstance(c, dict) and isinstance(c.get("props", {}), dict)}


def _fmt_props(key):
    return "{" + ", ".join(f"{k}={v}" for k, v in key) + "}"


def compare_json(q, doc):
    """Differences between QEMU's QMP answers and vnuma's --json report."""
    out = []
    want = q.answer("memdev")
    if want is not None:
        got = doc.get("memdevs")
        if not isinstance(got, list):
            out.append("json: no \"memdevs\" list")
        else:
            fields = set().union(*(m.keys() for m in want))
            w = [json.dumps(m, sort_keys=True) for m in _memdevs(want)]
            g = [json.dumps({k: m[k] for k in fields if k in m},
                            sort_keys=True) for m in _memdevs(got)]
            if w != g:
                out.append("json memdevs differ (sorted by id, "
                           "query-memdev's fields):")
                out += ["  " + l for l in _udiff(w, g, "qemu", "vnuma")]
    want = q.answer("cpus")
    if want is not None:
        got = doc.get("hotpluggable-cpus")
        if not isinstance(got, list):
            out.append("json: no \"hotpluggable-cpus\" list")
        else:
            w, g = _qemu_cpus(want), _vnuma_cpus(got)
            for k in sorted(set(w) | set(g)):
                if w.get(k) != g.get(k):
                    out.append(f"json hotpluggable-cpus {_fmt_props(k)}: "
                               f"QEMU {w.get(k)} vnuma {g.get(k)}")
    if q.dtb:
        out += _compare_dtb(q.dtb, doc)
    want = q.answer("summary")
    if want is not None and doc.get("memory-size-summary") != want:
        out.append(f"json memory-size-summary: QEMU {want} vnuma "
                   f"{doc.get('memory-size-summary')}")
    want = q.answer("memdevices")
    if want is not None and doc.get("memory-devices") != want:
        out.append("json memory-devices differ (QEMU's order, all fields):")
        out += ["  " + l for l in _udiff(
            [json.dumps(m, sort_keys=True) for m in want],
            [json.dumps(m, sort_keys=True)
             for m in doc.get("memory-devices") or []], "qemu", "vnuma")]
    out += _compare_memory_map(q, doc)
    return out


# The legacy VGA/ROM window: QEMU's RAM aliases span it, its SRAT and
# vnuma's layout leave it out.
HOLE_640K = (0xA0000, 0x100000)
MTREE_LINE = re.compile(r"^    ([0-9a-f]+)-([0-9a-f]+) \(prio -?\d+, [\w/-]+\): "
                        r"(?:alias (ram-below-4g|ram-above-4g) @\S+ "
                        r"([0-9a-f]+)-[0-9a-f]+|(device-memory))$")


def _mtree(text):
    """From `info mtree`'s "memory" address space (headers of address
    spaces sharing a tree come in a group): the RAM aliases as (guest
    start, size, offset in the RAM block) and the device-memory region as
    (start, size) or None."""
    ram, dev, on, seen = set(), None, False, False
    for line in text.replace("\r\n", "\n").splitlines():
        if line.startswith("address-space: "):
            if on and seen:
                break
            if not seen:
                on = on or line == "address-space: memory"
            else:
                on, seen = line == "address-space: memory", False
            continue
        seen = True
        m = MTREE_LINE.match(line) if on else None
        if not m:
            continue
        lo, hi = int(m.group(1), 16), int(m.group(2), 16)
        if m.group(5):
            dev = (lo, hi - lo + 1)
        else:
            ram.add((lo, hi - lo + 1, int(m.group(4), 16)))
    return sorted(ram), dev


def _node_sizes(info_numa):
    """Boot RAM per node in bytes from `info numa`, in node order: its
    "size" counts the node's DIMMs too, which "plugged" gives."""
    text = info_numa or ""
    size = re.findall(r"^node \d+ size: (\d+) MB$", text, re.M)
    plugged = re.findall(r"^node \d+ plugged: (\d+) MB$", text, re.M)
    return [(int(a) - int(b)) << 20 for a, b in zip(size, plugged)]


def _cut(spans, lo, hi):
    """(start, size, node) spans with [lo, hi) removed."""
    out = []
    for s, n, node in spans:
        e = s + n
        for a, b in ((s, min(e, lo)), (max(s, hi), e)):
            if a < b:
                out.append((a, b - a, node))
    return out


def _merge(spans):
    """Adjacent spans of the same node joined; sorted."""
    out = []
    for s, n, node in sorted(spans):
        if out and out[-1][0] + out[-1][1] == s and out[-1][2] == node:
            out[-1] = (out[-1][0], out[-1][1] + n, node)
        else:
            out.append((s, n, node))
    return out


def _qemu_x86_ram(ram, sizes):
    """Guest RAM spans per node: the RAM block is the nodes' memory in node
    order (QEMU's SRAT walks it the same way), mapped by the aliases."""
    bounds, at = [], 0
    for node, size in enumerate(sizes):
        if size:
            bounds.append((at, at + size, node))
        at += size
    out = []
    for start, size, off in ram:
        for lo, hi, node in bounds or [(0, 1 << 64, 0)]:
            a, b = max(lo, off), min(hi, off + size)
            if a < b:
                out.append((start + a - off, b - a, node))
    return _merge(_cut(out, *HOLE_640K))


def _vnuma_ram(doc):
    """vnuma's boot RAM spans (enabled, not hotpluggable), or None."""
    mm = doc.get("memory-map")
    if not isinstance(mm, dict):
        return None
    return _merge((r["start"], r["size"], r["node"])
                  for r in mm.get("ranges", [])
                  if "enabled" in r["flags"]
                  and "hotpluggable" not in r["flags"])


def _fmt_spans(spans):
    return ", ".join(f"[{s:#x}+{n:#x} node {node}]" for s, n, node in spans)


def _compare_memory_map(q, doc):
    """Boot RAM and the device-memory region against QEMU's memory tree
    (x86) or device tree (aarch64). Skipped while --json has no
    "memory-map"."""
    out = []
    got = _vnuma_ram(doc)
    text = q.answer("mtree")
    if got is None or not isinstance(text, str):
        return out
    ram, dev = _mtree(text)
    if q.dtb is not None:
        want = _merge(q.dtb.memory)
        if all(node is None for _, _, node in want):
            got = _merge((s, n, None) for s, n, _ in got)
    else:
        sizes = _node_sizes(q.info_numa())
        want = _qemu_x86_ram(ram, sizes)
        if not sizes:
            # No NUMA: QEMU has no node to give the RAM.
            want = _merge((s, n, None) for s, n, _ in want)
            got = _merge((s, n, None) for s, n, _ in got)
    if want != got:
        out.append(f"json memory-map RAM: QEMU {_fmt_spans(want)} "
                   f"vnuma {_fmt_spans(got)}")
    hp = doc["memory-map"].get("hotplug-region")
    hp = (hp["base"], hp["size"]) if isinstance(hp, dict) else None
    if hp != dev:
        out.append(f"json memory-map hotplug-region: QEMU {dev} vnuma {hp}")
    return out


def _compare_dtb(dtb, doc):
    """aarch64: distances and CPU nodes against QEMU's device tree."""
    out = []
    if doc.get("distances") != dtb.distances:
        out.append(f"json distances: QEMU's device tree {dtb.distances} "
                   f"vnuma {doc.get('distances')}")
    cpus = {c.get("index"): c for c in doc.get("cpus") or []
            if isinstance(c, dict)}
    for i, node in sorted(dtb.cpu_nodes.items()):
        got = cpus.get(i, {}).get("node-id", "(no such CPU)")
        if got != node:
            out.append(f"json cpus[{i}] node-id: QEMU's device tree {node} "
                       f"vnuma {got}")
    return out


def compare(case, q, v):
    """Returns a list of readable differences; empty if vnuma agrees."""
    out = []
    t, j = v.text, v.json
    if case.qemu_bug:
        for name, p in (("text", t), ("json", j)):
            if p.returncode != 1:
                out.append(f"{name} run: exit status {p.returncode}, "
                           f"want 1 (QEMU 7.2 mishandles this case)")
        if not t.stderr.startswith("vnuma: "):
            out.append("no 'vnuma: ' diagnostic on stderr: "
                       + repr(t.stderr[:200]))
        return out
    if case.differs:
        return _compare_differs(q, t, j)
    for name, p in (("text", t), ("json", j)):
        if p.returncode != q.rc:
            out.append(f"{name} run: exit status {p.returncode}, QEMU {q.rc}")
    prefix = case.program + ": "
    want = [("vnuma: " + l[len(prefix):]) if l.startswith(prefix) else l
            for l in q.stderr]
    got = t.stderr.splitlines()
    if want != got:
        out.append("stderr differs:")
        out += ["  " + l for l in _udiff(want, got, "qemu", "vnuma")]
    if j.stderr != t.stderr:
        out.append("stderr of --json differs from the text run's:")
        out += ["  " + l for l in _udiff(t.stderr.splitlines(),
                                         j.stderr.splitlines(),
                                         "text", "json")]
    if q.rc != 0:
        if j.returncode == 1:
            out += _check_json_error(j.stdout)
        return out
    numa = q.info_numa()
    if numa is not None and not t.stdout.startswith(numa):
        out.append("text stdout does not start with QEMU's info numa:")
        out += ["  " + l for l in _udiff(
            numa.splitlines(),
            t.stdout.splitlines()[:len(numa.splitlines())], "qemu", "vnuma")]
    if j.returncode == 0:
        try:
            doc = json.loads(j.stdout)
        except ValueError as e:
            return out + [f"--json stdout is not JSON: {e}"]
        if not isinstance(doc, dict):
            return out + ["--json stdout is not an object"]
        out += compare_json(q, doc)
    return out


def _compare_differs(q, t, j):
    """!differs: both reject; the messages are not compared."""
    out = []
    if q.rc != 1:
        out.append(f"QEMU exit status {q.rc}: a !differs case must be "
                   f"one QEMU rejects")
    for name, p in (("text", t), ("json", j)):
        if p.returncode != 1:
            out.append(f"{name} run: exit status {p.returncode}, want 1 "
                       f"(QEMU rejects; messages differ by design)")
    if not t.stderr.startswith("vnuma: "):
        out.append("no 'vnuma: ' diagnostic on stderr: "
                   + repr(t.stderr[:200]))
    if j.returncode == 1:
        out += _check_json_error(j.stdout)
    return out


def _check_json_error(stdout):
    try:
        doc = json.loads(stdout)
    except ValueError as e:
        return [f"--json stdout of a rejection is not JSON: {e}"]
    err = doc.get("error") if isinstance(doc, dict) else None
    if not isinstance(err, dict) or not err.get("message"):
        return ["--json stdout of a rejection has no error.message"]
    return []


# ------------------------------------------------------------------- driver

def _collapse(lines):
    """Runs of one repeated line shown once, with a count."""
    out, i = [], 0
    while i < len(lines):
        n = 1
        while i + n < len(lines) and lines[i + n] == lines[i]:
            n += 1
        out.append(lines[i] + (f"   [x{n}]" if n > 1 else ""))
        i += n
    return out


def _short(s, n=300):
    return s if len(s) <= n else s[:n] + f"... ({len(s)} chars)"


def qemu_report(case, q):
    lines = ["== " + _short(case.title())]
    prob = q.problem()
    if not q.verdict:
        lines.append("   verdict: none (" + (prob or "?") + ")")
    else:
        lines.append(f"   verdict: {'accepted' if q.rc == 0 else 'rejected'}"
                     f" (exit status {q.rc})")
    lines += ["   stderr: " + l for l in _collapse(q.stderr)]
    numa = q.info_numa()
    if numa is not None:
        lines += ["   numa: " + l for l in numa.splitlines()]
    if q.dtb:
        lines.append(f"   dtb: distances {q.dtb.distances}, cpu nodes "
                     f"{q.dtb.cpu_nodes}")
    if prob and not case.qemu_bug:
        lines.append("   PROBLEM: QEMU " + prob
                     + " (mark the case !qemu-bug?)")
    elif case.qemu_bug:
        lines.append("   qemu-bug: " + (("QEMU " + prob) if prob else
                     "not compared with QEMU; see the case file's comment"))
    elif case.differs:
        lines.append("   differs: vnuma must reject too; messages are not "
                     "compared (see the case file's comment)")
    return lines, bool(prob) and not case.qemu_bug


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", help="directory of *.txt case files")
    ap.add_argument("--vnuma", help="the vnuma binary")
    ap.add_argument("--qemu-only", action="store_true",
                    help="run QEMU only and show its verdict per case")
    ap.add_argument("-k", action="append", default=[], metavar="SUBSTRING",
                    help="run only cases whose name contains SUBSTRING")
    ap.add_argument("-j", type=int, default=2, metavar="N",
                    help="cases run in parallel (default 2)")
    ap.add_argument("-v", action="store_true",
                    help="also list the cases that pass")
    a = ap.parse_args()
    if not a.qemu_only and not a.vnuma:
        ap.error("--vnuma is required unless --qemu-only is given")
    try:
        cases = load_cases(a.cases)
    except (OSError, ValueError) as e:
        print(f"differential: bad case file: {e}", file=sys.stderr)
        return 2
    if a.k:
        cases = [c for c in cases if any(k in c.name for k in a.k)]
    if not cases:
        print("differential: no case selected", file=sys.stderr)
        return 2
    missing = sorted({c.program for c in cases if not shutil.which(c.program)})
    if missing:
        n = len(cases)
        cases = [c for c in cases if c.program not in missing]
        print(f"differential: {n - len(cases)} cases skipped, "
              f"{', '.join(missing)} not found")
        if not cases:
            return SKIP

    def one(case):
        q = run_qemu(case)
        if case.arch == "aarch64" and q.rc == 0 and not case.qemu_bug:
            q.dtb = run_dtb(case)
        if a.qemu_only:
            return case, q, None
        return case, q, VnumaResult(a.vnuma, case)

    passed = failed = broken = acc = rej = bugs = 0
    with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
        for case, q, v in ex.map(one, cases):
            if a.qemu_only:
                lines, bad = qemu_report(case, q)
                bugs += case.qemu_bug
                acc += q.rc == 0 and not case.qemu_bug
                rej += q.rc == 1 and not case.qemu_bug
                print("\n".join(lines), flush=True)
                broken += bad
                continue
            prob = q.problem()
            if prob and not case.qemu_bug:
                diffs = ["QEMU " + prob + " (mark the case !qemu-bug?)"]
            else:
                diffs = compare(case, q, v)
            if diffs:
                failed += 1
                print("FAIL " + _short(case.title()))
                print("\n".join("     " + d for d in diffs), flush=True)
            else:
                passed += 1
                if a.v:
                    print("ok   " + _short(case.title()), flush=True)
    if a.qemu_only:
        print(f"qemu-only: {len(cases)} cases ({acc} accepted, {rej} "
              f"rejected, {bugs} qemu-bug), {broken} without a clean "
              f"QEMU verdict")
        return 1 if broken else 0
    print(f"differential: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
