# SPDX-License-Identifier: MIT
"""Seeded random configurations for the host-truth `promise` part: QEMU
options in @FILE form, small enough that TCG realizes them quickly, drawn
around the guest the case sets up (its `expect` nodes and its `setup`
huge page pools and cgroup limits), so that many fit and many do not:

- backends: memory-backend-ram, memory-backend-memfd, memfd with
  hugetlb=on, memory-backend-file on the guest's hugetlbfs (/dev/hugepages,
  share on or off); 2 MiB to 96 MiB, huge ones 1 to 14 pages;
- host-nodes: none, nodes inside cpuset.mems, outside it, memory-less,
  offline or missing ids, pairs mixing them; policy bind, preferred or
  interleave;
- prealloc on or off, prealloc-threads, and a thread-context
  (prealloc-context) whose CPUs or node are inside or outside the
  process's affinity;
- sums against the node pools, memory.max and the hugetlb limit;
- a quarter of the configurations: 2 to 4 preallocated huge backends
  that compete for the pools (bound to one pool node or to two nodes,
  preferred, interleaved; their pages about what the allowed nodes
  have, or the hugetlb cgroup allows), where the populate order decides (doc/preflight.md).

Each configuration carries the generator's own guess (fit or not, and
why) only to print how the draw is spread; the verdicts that count are
check-host's and realize's, which tests/host/promise.py compares.

    python3 truth_gen.py CASE_DIR [SEED [COUNT]]   prints the summary
"""
import random

MiB = 1 << 20
PAGE = 2 * MiB


def ids(text):
    out = []
    for part in (text or "").split(","):
        if part and part != "-":
            lo, _, hi = part.partition("-")
            out += range(int(lo), int(hi or lo) + 1)
    return out


def size_mib(s):
    units = {"K": 1 / 1024, "M": 1, "G": 1024}
    s = s.upper().rstrip("B")
    return int(float(s[:-1]) * units[s[-1]]) if s[-1] in units else \
        int(s) // MiB


class Env:
    """The guest as the generator sees it."""

    def __init__(self, exp, setup):
        nodes = exp["nodes"]
        self.cpus = {n: ids(x["cpus"]) for n, x in nodes.items()}
        self.mem = [n for n, x in sorted(nodes.items()) if x["mem_kb"]]
        self.memless = [n for n, x in sorted(nodes.items())
                        if not x["mem_kb"]]
        cg = setup["cgroup"]
        self.mems = ids(cg.get("cpuset.mems")) or list(self.mem)
        self.outside = [n for n in self.mem if n not in self.mems]
        top = max(nodes)
        # not online in the guest: a possible-only node the case may
        # declare (its args), and ids nothing declares
        self.absent = [top + 1, top + 3]
        all_cpus = sorted(c for v in self.cpus.values() for c in v)
        self.affinity = ids(cg.get("cpuset.cpus")) or all_cpus
        self.cpus_out = [c for c in all_cpus if c not in self.affinity]
        self.pool = {n: setup["hugepages"].get(n, 0) for n in self.mem}
        mx = cg.get("memory.max", "max")
        self.memory_max = None if mx == "max" else size_mib(mx)
        hl = cg.get("hugetlb.2MB.max", "max")
        self.huge_max = None if hl == "max" else size_mib(hl) // 2


def pick_nodes(rng, env):
    """-> (host node list, kind)."""
    r = rng.random()
    inside = rng.choice(env.mems)
    if r < 0.15:
        return [], "none"
    if r < 0.50:
        return [inside], "inside"
    if r < 0.58 and env.outside:
        return [rng.choice(env.outside)], "outside-mems"
    if r < 0.63 and env.memless:
        return [rng.choice(env.memless)], "memless"
    if r < 0.68:
        return [rng.choice(env.absent)], "absent"
    others = [n for n in env.mems if n != inside]
    if r < 0.88 and others:
        return sorted([inside, rng.choice(others)]), "inside"
    pool = env.outside + env.memless + env.absent
    return sorted({inside, rng.choice(pool)}), "mixed"


def node_list(nodes):
    """QEMU's host-nodes: one range, or the key repeated per node."""
    if nodes == list(range(nodes[0], nodes[-1] + 1)):
        r = str(nodes[0]) if len(nodes) == 1 else "%d-%d" % (nodes[0],
                                                            nodes[-1])
        return "host-nodes=" + r
    return ",".join("host-nodes=%d" % n for n in nodes)


def backend(rng, env, i, lines, ctx):
    """One backend's options; -> its facts for the guess."""
    kind = rng.choice(["ram", "ram", "memfd", "memfd-huge", "file-huge"])
    huge = kind.endswith("huge")
    if huge:
        pages = rng.randint(1, 14)
        size = pages * 2
    else:
        pages = 0
        size = rng.choice([2, 4, 8, 16, 24, 32, 48, 64, 96])
    o = {"ram": "memory-backend-ram",
         "memfd": "memory-backend-memfd",
         "memfd-huge": "memory-backend-memfd",
         "file-huge": "memory-backend-file"}[kind]
    o += ",id=b%d,size=%dM" % (i, size)
    if kind == "memfd-huge":
        o += ",hugetlb=on,hugetlbsize=2M"
    if kind == "file-huge":
        o += ",mem-path=/dev/hugepages,share=%s" % rng.choice(["on", "off"])
    nodes, where = pick_nodes(rng, env)
    policy = None
    if nodes:
        policy = rng.choice(["bind", "preferred", "interleave"])
        o += "," + node_list(nodes) + ",policy=" + policy
    prealloc = rng.random() < 0.6
    f = {"huge": huge, "pages": pages, "size": size, "nodes": nodes,
         "where": where, "policy": policy, "prealloc": prealloc,
         "ctx": None}
    if prealloc:
        o += ",prealloc=on"
        if rng.random() < 0.4:
            o += ",prealloc-threads=%d" % rng.randint(1, 4)
        if rng.random() < 0.3:
            c = "tc%d" % i
            r = rng.random()
            if r < 0.4 or not env.cpus_out:
                cpu = rng.choice(env.affinity)
                ctx.append("-object thread-context,id=%s,cpu-affinity=%d"
                           % (c, cpu))
                f["ctx"] = "inside"
            elif r < 0.8:
                cpu = rng.choice(env.cpus_out)
                ctx.append("-object thread-context,id=%s,cpu-affinity=%d"
                           % (c, cpu))
                f["ctx"] = "outside"
            else:
                n = rng.choice([n for n in env.cpus if env.cpus[n]])
                ctx.append("-object thread-context,id=%s,node-affinity=%d"
                           % (c, n))
                inside = set(env.cpus[n]) & set(env.affinity)
                f["ctx"] = "inside" if inside else "outside"
            o += ",prealloc-context=" + c
    lines.append("-object " + o)
    return f


def pool_backend(rng, env, i, lines, left):
    """A preallocated huge backend drawing on the case's pools: bound to
    one pool node, to a pool node and another allowed node, preferred or
    interleaved (which fall back to any allowed node), its size a share
    of what is left in the pools, one page more now and then. Several in
    one configuration compete for one node's pool: the populate order
    (src/host/order.c) and preflight's sums (doc/preflight.md) meet."""
    pools = [n for n in env.mems if env.pool.get(n)] or list(env.mems)
    node = rng.choice(pools)
    policy = rng.choice(["bind", "bind", "preferred", "interleave"])
    others = [n for n in env.mems + env.memless if n != node]
    nodes = [node]
    if policy != "bind" or rng.random() < 0.3:
        if others and rng.random() < 0.6:
            nodes = sorted({node, rng.choice(others)})
    pages = max(1, min(14, left // rng.choice([1, 2, 2, 3]) +
                       (1 if rng.random() < 0.3 else 0)))
    kind = rng.choice(["memfd-huge", "file-huge"])
    if kind == "memfd-huge":
        o = ("memory-backend-memfd,id=b%d,size=%dM,hugetlb=on,"
             "hugetlbsize=2M" % (i, pages * 2))
    else:
        o = ("memory-backend-file,id=b%d,size=%dM,mem-path=/dev/hugepages,"
             "share=%s" % (i, pages * 2, rng.choice(["on", "off"])))
    o += "," + node_list(nodes) + ",policy=" + policy + ",prealloc=on"
    if rng.random() < 0.3:
        o += ",prealloc-threads=%d" % rng.randint(1, 4)
    lines.append("-object " + o)
    return {"huge": True, "pages": pages, "size": pages * 2,
            "nodes": nodes, "where": "pool", "policy": policy,
            "prealloc": True, "ctx": None}


def guess(env, facts):
    """The generator's own rough verdict: (fits, why)."""
    huge_pages = 0
    pool_free = dict(env.pool)
    anon = 0
    for f in facts:
        usable = [n for n in f["nodes"] if n in env.mems]
        if f["nodes"] and not usable and f["policy"] != "interleave":
            return False, "no usable host node"
        if f["nodes"] and not usable:
            return False, "no usable host node"
        if f["ctx"] == "outside" and f["prealloc"]:
            return False, "thread-context outside the affinity"
        if f["huge"]:
            if f["prealloc"]:
                huge_pages += f["pages"]
            if f["policy"] in ("bind", "interleave") and f["prealloc"]:
                where = usable
            else:
                where = list(env.mems)
            need = f["pages"]
            for n in where:
                take = min(need, pool_free.get(n, 0))
                pool_free[n] = pool_free.get(n, 0) - take
                need -= take
            if need:
                return False, "huge pages short"
        elif f["prealloc"]:
            anon += f["size"]
    if env.huge_max is not None and huge_pages > env.huge_max:
        return False, "hugetlb cgroup limit"
    if env.memory_max is not None and anon > env.memory_max - 8:
        return False, "memory.max"
    return True, "fits"


def generate(exp, setup, seed, count):
    """-> [(name, @FILE text, (fits, why))]: count configurations, the
    same for the same seed and case."""
    env = Env(exp, setup)
    rng = random.Random(seed)
    out = []
    for k in range(count):
        lines, ctx, facts = [], [], []
        if rng.random() < 0.25:
            # several backends on the pools, about as many pages as the
            # allowed nodes have free
            nb = rng.choice([2, 3, 3, 4])
            left = sum(env.pool.get(n, 0) for n in env.mems)
            if env.huge_max is not None:
                left = min(left, env.huge_max)
            for i in range(nb):
                f = pool_backend(rng, env, i, lines, max(left, 1))
                left -= f["pages"]
                facts.append(f)
        else:
            nb = rng.choice([1, 1, 2, 2, 3])
            for i in range(nb):
                facts.append(backend(rng, env, i, lines, ctx))
        total = sum(f["size"] for f in facts)
        text = ["# truth_gen seed %d #%d" % (seed, k), "-machine q35",
                "-m %dM" % total] + ctx + lines
        text += ["-numa node,nodeid=%d,memdev=b%d" % (i, i)
                 for i in range(nb)]
        out.append(("%03d" % k, "\n".join(text) + "\n", guess(env, facts)))
    return out


def summary(gen):
    fit = sum(1 for _, _, g in gen if g[0])
    why = {}
    for _, _, g in gen:
        if not g[0]:
            why[g[1]] = why.get(g[1], 0) + 1
    return ("generated %d configurations: %d fit by the generator's guess, "
            "%d do not (%s)" % (len(gen), fit, len(gen) - fit, ", ".join(
                "%s %d" % kv for kv in sorted(why.items()))))


if __name__ == "__main__":
    import os
    import sys

    import check
    import truth

    case = sys.argv[1]
    with open(os.path.join(case, "expect")) as f:
        e = check.parse_expect(f.read())
    s = truth.read_setup(os.path.join(case, "setup"))
    g = generate(e, s, int(sys.argv[2]) if len(sys.argv) > 2 else 14,
                 int(sys.argv[3]) if len(sys.argv) > 3 else 200)
    print(summary(g))
