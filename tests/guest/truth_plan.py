# SPDX-License-Identifier: MIT
"""The host-truth `plan` part: for each `plan ARGS` line of a case's
setup, the guest ran (tests/guest/truth.sh)
  plan-json:I    vnuma plan ARGS --json
  plan:I         vnuma plan ARGS            (the @FILE options)
  plan-check:I   vnuma --check-host --json @those options
  plan-realize:I vnuma --realize --json @those options
  plan-placement:I  vnuma-guest-placement with those options, every
                 backend preallocated: move_pages(2) over every page
and this checks: each exits 0; the plan passes its own preflight
("check_host": {"fits": true}); every backend of the plan is bound to one
host node (host-nodes=N); vnuma's placement report puts each realized
region's pages on its backend's node, and a preallocated region's pages
all there (its placement adds up to its size: a region with no page
resident cannot pass); and vnuma-guest-placement says
PASS for every backend (its pages where the policy demands, move_pages,
vnuma's own measure and /proc/self/numa_maps agreeing).
"""
import json
import re


def preallocated(options):
    """@FILE text -> the ids of its backends with prealloc=on."""
    out = set()
    for line in options.splitlines():
        w = line.split("#", 1)[0].split(None, 1)
        if len(w) == 2 and w[0].lstrip("-") == "object" and \
                w[1].startswith("memory-backend-"):
            props = dict(p.partition("=")[::2] for p in w[1].split(",")[1:])
            if props.get("prealloc") == "on":
                out.add(props.get("id"))
    return out


def backends(options):
    """@FILE text -> {backend id: [host nodes]} of its memory backends."""
    out = {}
    for line in options.splitlines():
        w = line.split("#", 1)[0].split(None, 1)
        if len(w) != 2 or w[0].lstrip("-") != "object" or \
                not w[1].startswith("memory-backend-"):
            continue
        props = dict(p.partition("=")[::2] for p in w[1].split(",")[1:])
        nodes = []
        # host-nodes=0-1 or repeated host-nodes=: QEMU's list forms
        for m in re.finditer(r"(?:^|,)host-nodes=([0-9:-]+)", w[1]):
            lo, _, hi = m.group(1).replace(":", "-").partition("-")
            nodes += range(int(lo), int(hi or lo) + 1)
        out[props.get("id")] = nodes
    return out


def check(setup, blocks, have_placement):
    errs = []
    if not setup["plan"]:
        return ["the case's setup has no plan line"]
    if not have_placement:
        errs.append("no vnuma-guest-placement (--placement): the pages "
                    "are checked with it")

    def out(name):
        return blocks.get(name + ".out", (None, None))

    for i, args in enumerate(setup["plan"], 1):
        what = "plan %d (%s)" % (i, " ".join(args))
        for step in ("plan-json", "plan"):
            text, status = out("%s:%d" % (step, i))
            if status != "0":
                errs.append("%s: %s exit status %s: %s" % (
                    what, step, status,
                    ((blocks.get("%s:%d.err" % (step, i)) or ("",))[0]
                     or "").strip()))
        text, status = out("plan-json:%d" % i)
        if status == "0":
            try:
                json.loads(text)
            except ValueError as e:
                errs.append("%s: --json output is not JSON: %s" % (what, e))
        opts, status = out("plan:%d" % i)
        if status != "0":
            continue
        bk = backends(opts)
        if not bk:
            errs.append("%s: no memory backend in the plan" % what)
        for b, nodes in sorted(bk.items()):
            if len(nodes) != 1:
                errs.append("%s: backend %s bound to %r, not one host node"
                            % (what, b, nodes))
        text, status = out("plan-check:%d" % i)
        try:
            fits = json.loads(text)["check_host"]["fits"]
        except (ValueError, KeyError, TypeError):
            fits = None
        if status != "0" or fits is not True:
            errs.append("%s: fails its own preflight: --check-host status "
                        "%s, fits %r: %s" % (what, status, fits, (
                            (blocks.get("plan-check:%d.err" % i) or
                             ("",))[0] or "").strip()))
        text, status = out("plan-realize:%d" % i)
        if status != "0":
            errs.append("%s: vnuma --realize exit status %s: %s" % (
                what, status, ((blocks.get("plan-realize:%d.err" % i) or
                                ("",))[0] or "").strip()))
        else:
            regions = json.loads(text)["host-memory"]["regions"]
            pre = preallocated(opts)
            for r in regions:
                want = bk.get(r["backend"], [None])
                placed = sum(p["bytes"] for p in r["placement"])
                if r["backend"] in pre and placed != r["size"]:
                    errs.append("%s: backend %s is preallocated, but %d of "
                                "its region's %d bytes are placed" % (
                                    what, r["backend"], placed, r["size"]))
                for p in r["placement"]:
                    if p["bytes"] and [p["host-node"]] != want:
                        errs.append("%s: backend %s: %d bytes on host "
                                    "node %d, planned %r" % (
                                        what, r["backend"], p["bytes"],
                                        p["host-node"], want))
        text, status = out("plan-placement:%d" % i)
        if have_placement:
            lines = (text or "").splitlines()
            passed = {m.group(1) for m in (re.match(
                r"PASS \S+: backend (\S+),", x) for x in lines) if m}
            for x in lines:
                if not x.startswith("PASS"):
                    errs.append("%s: placement: %s" % (what, x))
            for b in sorted(set(bk) - passed):
                errs.append("%s: placement: no PASS for backend %s" % (
                    what, b))
            if status != "0":
                errs.append("%s: vnuma-guest-placement exit status %s" % (
                    what, status))
    return errs
