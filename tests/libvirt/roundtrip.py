#!/usr/bin/env python3
"""Round trip through libvirt: for every case of the QEMU differential
suite (tests/qemu/cases/*.txt) that vnuma accepts, `vnuma --to-libvirt`
writes a domain XML, the real libvirt 9.0 defines it (`virsh define`) and
turns it into QEMU options (`virsh domxml-to-native qemu-argv`), and vnuma
must give those options the topology the case's own options gave. Cases
the writer refuses must be refused with a libvirt.no-form error naming
what has no libvirt form; they are counted and listed. See README.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "qemu"))
sys.path.insert(0, str(HERE))
import diff  # noqa: E402
from daemon import why_skipped, with_libvirtd  # noqa: E402

SKIP = 77
CASES = HERE.parent / "qemu" / "cases"
TOOLS = ("libvirtd", "virsh", "unshare", "mount", "umount")
NO_FORM = "has no libvirt domain XML form"


# Cases of this harness's own, on the huge pages the differential suite
# leaves out (QEMU would map them): {huge2m} is the private libvirtd's
# 2 MiB hugetlbfs, which libvirt's line then names too, {nvdimm} a
# directory of its own. vnuma judges them without touching the pool or
# the file.
EXTRA = [
    ("rt-huge-file-2m", "x86_64",
     "-M q35 -m 512M -smp 2 "
     "-object memory-backend-file,id=m0,size=256M,mem-path={huge2m},"
     "prealloc=on "
     "-object memory-backend-file,id=m1,size=256M,mem-path={huge2m},"
     "prealloc=on "
     "-numa node,memdev=m0,cpus=0 -numa node,memdev=m1,cpus=1 "
     "-numa dist,src=0,dst=1,val=30"),
    ("rt-huge-memfd-2m", "x86_64",
     "-M pc -m 512M,slots=2,maxmem=1G -smp 2 "
     "-object memory-backend-memfd,id=m0,size=512M,hugetlb=on,"
     "hugetlbsize=2M,prealloc=on,share=off "
     "-numa node,memdev=m0,cpus=0-1 "
     "-object memory-backend-memfd,id=d0,size=128M,hugetlb=on,"
     "hugetlbsize=2M,prealloc=on,share=off "
     "-device pc-dimm,memdev=d0,node=0"),
    # an NVDIMM's file, shared and preallocated as libvirt makes it
    ("rt-nvdimm-shared", "x86_64",
     "-M q35,nvdimm=on -m 1G,slots=2,maxmem=4G -smp 2 "
     "-object memory-backend-ram,id=m0,size=1G "
     "-numa node,memdev=m0,cpus=0-1 "
     "-object memory-backend-file,id=nv,size=512M,"
     "mem-path={nvdimm}/nv.img,share=on,prealloc=on "
     "-device nvdimm,memdev=nv,id=n0,label-size=128K"),
    # libvirt preallocates huge pages: no form without prealloc=on
    ("rt-huge-file-ondemand", "x86_64",
     "-M q35 -m 256M -object memory-backend-file,id=m0,size=256M,"
     "mem-path={huge2m} -numa node,memdev=m0"),
]


def extra_cases(daemon):
    return [diff.Case.make(n, arch, args.format(
        huge2m=daemon.huge["2M"], nvdimm=daemon.dir / "nvdimm").split(),
        "roundtrip.py")
        for n, arch, args in EXTRA]


def run_vnuma(vnuma, args):
    return subprocess.run([vnuma] + list(args), capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)


# ------------------------------------------------------------ "same"

def _backend(doc, ref):
    """A backend without its id: libvirt names the backends itself
    (ram-nodeN, memdimmN, pc.ram) and that is the one renaming allowed.
    A node without a backend (QEMU's board RAM split by -numa node) and a
    cell's memory-backend-ram of the same size and defaults are the same
    memory."""
    if ref is None:
        return None
    ref = ref.rsplit("/", 1)[-1]
    for m in doc["memdevs"]:
        if m["id"] == ref:
            return {k: v for k, v in m.items() if k != "id"}
    return {"missing": ref}


def _default_ram(size):
    return {"size": size, "merge": True, "dump": True, "prealloc": False,
            "share": False, "reserve": True, "host-nodes": [],
            "policy": "default"}


def topology(doc):
    """What a round trip must keep of a `vnuma --json` document.

    Kept: the machine (arch, resolved type, RAM size, slots, maxmem,
    cpus, max cpus, resolved -smp, hmat, acpi), every node (cpus, memory,
    plugged memory, initiator, and its backend's size, policy, host
    nodes, share, prealloc, merge, dump, reserve), the distances, every
    CPU (ids, node, APIC id, present), hotpluggable CPUs, the memory
    size summary, the HMAT, the memory map, the memory devices (all
    fields, their backend described as a node's is) and the PCI expander
    bridges, and the backends as a multiset of those descriptions.
    Left out: ids libvirt chooses (backend and device ids), the machine
    type as written (libvirt writes the versioned name the alias stands
    for: the resolved type is kept), -machine properties as text and
    accel (libvirt writes its own: usb=off, dump-guest-core=...; their
    effect on backends is kept), and warnings (libvirt's line has other
    options, e.g. -m given in MiB).
    """
    m = doc["machine"]
    keep = {k: m[k] for k in ("arch", "resolved-type", "ram-size", "slots",
                              "maxmem", "cpus", "max-cpus", "smp", "hmat",
                              "acpi")}
    nodes = []
    for n in doc["nodes"]:
        be = _backend(doc, n["memdev"])
        if be is None:
            be = _default_ram(n["memory"])
        nodes.append({"id": n["id"], "cpus": n["cpus"],
                      "memory": n["memory"], "plugged": n["plugged"],
                      "initiator": n["initiator"], "backend": be})
    devices = []
    for d in doc["memory-devices"]:
        data = dict(d["data"])
        data.pop("id", None)
        if "memdev" in data:
            data["memdev"] = _backend(doc, data["memdev"])
        devices.append({"type": d["type"], "data": data})
    backends = sorted(json.dumps({k: v for k, v in b.items() if k != "id"},
                                 sort_keys=True) for b in doc["memdevs"])
    return {"machine": keep, "nodes": nodes,
            "distances": doc["distances"], "cpus": doc["cpus"],
            "hotpluggable-cpus": doc["hotpluggable-cpus"],
            "memory-size-summary": doc["memory-size-summary"],
            "hmat": doc["hmat"], "memory-map": doc["memory-map"],
            "memory-devices": devices, "backends": backends,
            "pci-expander-bridges": doc["pci-expander-bridges"]}


def differences(want, got, path=""):
    if type(want) is not type(got):
        return [f"{path or '/'}: {json.dumps(want)} -> {json.dumps(got)}"]
    if isinstance(want, dict):
        out = []
        for k in sorted(set(want) | set(got)):
            out += differences(want.get(k), got.get(k), f"{path}/{k}")
        return out
    if isinstance(want, list) and len(want) == len(got):
        out = []
        for i, (a, b) in enumerate(zip(want, got)):
            out += differences(a, b, f"{path}[{i}]")
        return out
    if want != got:
        return [diff._short(f"{path or '/'}: {json.dumps(want)} -> "
                            f"{json.dumps(got)}")]
    return []


# ------------------------------------------------------------ one case

class Outcome:
    def __init__(self, case):
        self.name = case.name
        self.state = None   # rejected, no-form, libvirt-refuses, ok, FAIL
        self.why = ""
        self.diffs = []
        self.argv = None


def prepare(case, vnuma, tmp):
    """vnuma's verdict and, when accepted, the domain XML."""
    o = Outcome(case)
    js = run_vnuma(vnuma, ["--json"] + case.args)
    if js.returncode != 0:
        o.state = "rejected"
        return o, None, None
    xml = run_vnuma(vnuma, ["--to-libvirt"] + case.args)
    if xml.returncode != 0:
        msg = xml.stderr.strip().splitlines()
        msg = msg[-1] if msg else ""
        if xml.returncode == 1 and NO_FORM in msg:
            o.state, o.why = "no-form", msg
        else:
            o.state = "FAIL"
            o.diffs = [f"--to-libvirt exit status {xml.returncode}: {msg}"]
        return o, None, None
    text = xml.stdout.replace("<name>vnuma</name>",
                              f"<name>{case.name}</name>", 1)
    path = Path(tmp) / f"{case.name}.xml"
    path.write_text(text)
    return o, json.loads(js.stdout), path


def through_libvirt(o, want, path, daemon, rewriter, vnuma, arch):
    """define, domxml-to-native and undefine in one virsh call."""
    p = subprocess.run(
        ["virsh", "-c", daemon.uri,
         f"define {path}; domxml-to-native qemu-argv {path}; "
         f"undefine {o.name}"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=120, env=dict(os.environ, LC_ALL="C"))
    lines = p.stdout.splitlines()
    if not any(l.startswith(f"Domain '{o.name}' defined") for l in lines):
        o.state = "FAIL"
        o.diffs = ["virsh define refuses the XML: "
                   + " / ".join(l.strip() for l in p.stderr.splitlines()
                                if l.strip())]
        return o
    line = [l for l in lines if "qemu-system-" in l]
    if len(line) != 1:
        o.state = "FAIL"
        o.diffs = ["domxml-to-native: " + p.stderr.strip()]
        return o
    prog, args, _ = rewriter(line[0])
    o.argv = [prog] + args
    if os.path.basename(prog) != "qemu-system-" + arch:
        o.state = "FAIL"
        o.diffs = [f"libvirt runs {prog} for an {arch} case"]
        return o
    v = run_vnuma(vnuma, ["--json", "--ignore-unknown", "--", prog] + args)
    if v.returncode != 0:
        o.state = "FAIL"
        o.diffs = ["vnuma rejects libvirt's line: "
                   + (v.stderr.strip().splitlines() or [""])[-1]]
        return o
    o.diffs = differences(topology(want), topology(json.loads(v.stdout)))
    o.state = "FAIL" if o.diffs else "ok"
    return o


def report(o, verbose):
    if o.state == "FAIL":
        out = [f"FAIL {o.name}"]
        if o.argv:
            out.append("     argv: " + diff._short(" ".join(o.argv), 1500))
        return out + ["     " + d for d in o.diffs[:20]]
    if o.state == "no-form":
        return [f"no-form {o.name}: {o.why}"]
    if verbose and o.state == "ok":
        return [f"ok   {o.name}"]
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vnuma", required=True, help="the vnuma binary")
    ap.add_argument("--cases", default=str(CASES),
                    help="directory of case files (default: QEMU's suite)")
    ap.add_argument("-k", action="append", default=[], metavar="SUBSTRING",
                    help="run only cases whose name contains SUBSTRING")
    ap.add_argument("-j", type=int, default=2, metavar="N",
                    help="cases run in parallel (default 2)")
    ap.add_argument("-v", action="store_true",
                    help="also list the cases that round-trip")
    a = ap.parse_args()
    cases = diff.load_cases(a.cases)
    if a.k:
        cases = [c for c in cases if any(k in c.name for k in a.k)]
    if not cases and not any(any(k in n for k in a.k) for n, _, _ in EXTRA):
        print("roundtrip: no case selected", file=sys.stderr)
        return 2
    why = why_skipped(TOOLS)
    if why:
        print(f"roundtrip: skipped ({why}; see tests/libvirt/README.md)")
        return SKIP
    tmp = tempfile.mkdtemp(prefix="vnuma-roundtrip-")
    results = []

    def body(daemon, rewriter):
        cases.extend(c for c in extra_cases(daemon)
                     if not a.k or any(k in c.name for k in a.k))
        with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
            prepared = list(ex.map(lambda c: prepare(c, a.vnuma, tmp),
                                   cases))

        def one(item):
            (o, want, path), case = item
            if path is None:
                return o
            return through_libvirt(o, want, path, daemon, rewriter,
                                   a.vnuma, case.arch)
        with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
            for o in ex.map(one, zip(prepared, cases)):
                results.append(o)
                out = report(o, a.v)
                if out:
                    print("\n".join(out), flush=True)
    try:
        ran = with_libvirtd("roundtrip", body)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not ran:
        return 1
    count = {s: sum(o.state == s for o in results)
             for s in ("rejected", "no-form", "ok", "FAIL")}
    accepted = len(results) - count["rejected"]
    print(f"roundtrip: {len(results)} cases, {accepted} accepted by vnuma: "
          f"{count['ok']} round-trip, {count['no-form']} have no libvirt "
          f"form (listed above), {count['FAIL']} failed")
    return 1 if count["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
