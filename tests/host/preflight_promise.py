#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The promise of vnuma --check-host on this host: over randomized
configurations (seeded), what --check-host --json says is what
--realize --json then does (promise.agree()): no false "fits", no false
"cannot".

The configurations mix host-nodes (0, and nodes this host lacks), the
policies, anonymous / memfd / memfd hugetlb=on / file on tmpfs, a plain
directory or hugetlbfs backends, prealloc and reserve on and off, sizes
against a small 2 MiB pool set for the run (for the last quarter, 6 of
its pages reserved by another process's mapping), and a child memory cgroup
with a small limit (v1 or v2, whichever this host has) and, on cgroup v2
with the hugetlb controller, a hugetlb.2MB.max. Everything is restored
afterwards (pool, mounts, cgroups), and checked to be.

Usage: preflight_promise.py --vnuma PATH [--count N] [--seed S]
(meson runs 600; seeds 1 to 40 at 200 and 1 to 12 at 600 pass).
Exit 0 pass, 1 fail, 77 skip (not root, no hugetlbfs).
"""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from promise import agree  # noqa: E402

MiB = 1 << 20
POOL = '/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages'


def read(path):
    with open(path) as f:
        return f.read().strip()


def write(path, value):
    with open(path, 'w') as f:
        f.write(str(value))


class Mount:
    def __init__(self, fstype, opts):
        self.fstype, self.opts = fstype, opts

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix='vnuma-pf-')
        subprocess.run(['mount', '-t', self.fstype, '-o', self.opts,
                        self.fstype, self.dir], check=True)
        return self.dir

    def __exit__(self, *exc):
        subprocess.run(['umount', self.dir], check=True)
        os.rmdir(self.dir)


def cgroup_mounts():
    with open('/proc/self/mountinfo') as f:
        for line in f:
            pre, post = line.split(' - ')
            fstype, _, opts = post.split()[:3]
            if fstype in ('cgroup', 'cgroup2'):
                yield fstype, pre.split()[4], opts


class Cgroup:
    """A child memory cgroup (40 MiB), a child cpuset of the last CPU and
    node 0 (v1 hierarchy, where there is one and more than one CPU) and,
    where v2 has the hugetlb controller, a hugetlb.2MB.max of 8 MiB;
    enter() moves a process in."""

    def __init__(self):
        self.dirs, self.procs, self.enabled = [], [], []
        self.hugetlb = False
        self.cpuset = False

    def __enter__(self):
        tag = 'vnuma-pf-%d' % os.getpid()
        for fstype, mnt, opts in cgroup_mounts():
            if fstype == 'cgroup' and 'memory' in opts.split(','):
                d = os.path.join(mnt, tag)
                os.mkdir(d)
                self.dirs.append(d)
                write(d + '/memory.limit_in_bytes', 40 * MiB)
                self.procs.append(d + '/cgroup.procs')
            if fstype == 'cgroup' and 'cpuset' in opts.split(',') and \
                    len(os.sched_getaffinity(0)) > 1:
                d = os.path.join(mnt, tag)
                os.mkdir(d)
                self.dirs.append(d)
                write(d + '/cpuset.cpus', max(os.sched_getaffinity(0)))
                write(d + '/cpuset.mems', 0)
                self.procs.append(d + '/cgroup.procs')
                self.cpuset = True
            if fstype == 'cgroup2':
                ctl = read(mnt + '/cgroup.controllers').split()
                want = [c for c in ('memory', 'hugetlb') if c in ctl]
                if not want:
                    continue
                sub = read(mnt + '/cgroup.subtree_control').split()
                for c in want:
                    if c not in sub:
                        try:
                            write(mnt + '/cgroup.subtree_control', '+' + c)
                            self.enabled.append((mnt, c))
                        except OSError:
                            want.remove(c)
                d = os.path.join(mnt, tag)
                os.mkdir(d)
                self.dirs.append(d)
                if 'memory' in want:
                    write(d + '/memory.max', 40 * MiB)
                if 'hugetlb' in want and \
                        os.path.exists(d + '/hugetlb.2MB.max'):
                    write(d + '/hugetlb.2MB.max', 8 * MiB)
                    self.hugetlb = True
                self.procs.append(d + '/cgroup.procs')
        return self

    def enter(self):
        for p in self.procs:
            write(p, os.getpid())

    def __exit__(self, *exc):
        for d in reversed(self.dirs):
            os.rmdir(d)
        for mnt, c in self.enabled:
            write(mnt + '/cgroup.subtree_control', '-' + c)


HOLD = """
import mmap, os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR)
os.ftruncate(fd, int(sys.argv[2]))
m = mmap.mmap(fd, int(sys.argv[2]), mmap.MAP_SHARED)
print('held', flush=True)
sys.stdin.read()
"""


class Holder:
    """Another process whose mapping of a hugetlbfs file has reserved
    pages of the pool without touching them (a guest not yet started)."""

    def __init__(self, d, pages):
        self.path, self.size = os.path.join(d, 'held'), pages * 2 * MiB

    def __enter__(self):
        self.p = subprocess.Popen([sys.executable, '-c', HOLD, self.path,
                                   str(self.size)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        self.p.stdout.readline()
        return self

    def __exit__(self, *exc):
        self.p.stdin.close()
        self.p.wait(timeout=30)
        os.unlink(self.path)


def backend(rng, i, dirs, ctx):
    kind = rng.choice(['ram', 'memfd', 'memfd-huge', 'tmpfs', 'plain',
                       'hugetlbfs', 'hugetlbfs', 'memfd-huge'])
    size = rng.choice([2, 4, 8, 16, 32]) * MiB
    props = ['id=m%d' % i, 'size=%dM' % (size // MiB)]
    if kind == 'ram':
        t = 'memory-backend-ram'
    elif kind.startswith('memfd'):
        t = 'memory-backend-memfd'
        if kind == 'memfd-huge':
            props.append('hugetlb=on')
    else:
        t = 'memory-backend-file'
        props.append('mem-path=%s' % dirs[kind])
        # A shared file on a disk file system is page cache: not what a
        # memory cgroup check can foresee (README, "Before launch").
        props.append('share=%s' % ('off' if kind == 'plain' else
                                   rng.choice(['on', 'off'])))
    if rng.random() < 0.5:
        props.append('prealloc=on')
    if kind in ('memfd-huge', 'hugetlbfs') and rng.random() < 0.3 and \
            'prealloc=on' not in props:
        props.append('reserve=off')
    r = rng.random()
    if r < 0.55:
        nodes = rng.choice([['0'], ['0'], ['1'], ['0-1'], ['2'],
                            ['0', '3']])
        policy = rng.choice(['bind', 'bind', 'preferred', 'interleave'])
        props += ['host-nodes=%s' % n for n in nodes]
        props.append('policy=%s' % policy)
    if rng.random() < 0.1 and 'prealloc=on' in props:
        props.append('prealloc-threads=%d' % rng.choice([1, 2, 64]))
    if ctx and 'prealloc=on' in props and rng.random() < 0.7:
        props.append('prealloc-context=tc')
    return t, ','.join(props), size


def config(rng, dirs):
    # up to 4 backends: several hugetlb ones draw on one pool together
    n = rng.choice([1, 1, 2, 3, 4])
    args, total = ['-M', 'pc', '-smp', '1'], 0
    # A thread-context on the first CPU, the last, or both.
    cpus = sorted(os.sched_getaffinity(0))
    ctx = rng.random() < 0.2
    if ctx:
        args += ['-object', 'thread-context,id=tc,cpu-affinity=%s' %
                 rng.choice(['%d' % cpus[0], '%d' % cpus[-1],
                             '%d-%d' % (cpus[0], cpus[-1])])]
    for i in range(n):
        t, props, size = backend(rng, i, dirs, ctx)
        args += ['-object', '%s,%s' % (t, props),
                 '-numa', 'node,memdev=m%d' % i]
        total += size
    return ['-m', '%dM' % (total // MiB)] + args


def run(vnuma, args, enter):
    r = subprocess.run([vnuma, '--json'] + args, capture_output=True,
                       text=True, preexec_fn=enter, timeout=60)
    try:
        doc = json.loads(r.stdout) if r.stdout.strip() else None
    except ValueError:
        doc = None
    return r.returncode, doc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vnuma', required=True)
    ap.add_argument('--count', type=int, default=200)
    ap.add_argument('--seed', type=int, default=14)
    o = ap.parse_args()
    if os.geteuid() != 0 or not os.path.exists(POOL):
        print('skip: needs root and a 2 MiB huge page pool')
        return 77
    rng = random.Random(o.seed)

    # meson's timeout sends SIGTERM: the pool, mounts and cgroups must
    # still be given back, through the finally and __exit__ below.
    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    old_pool = int(read(POOL))
    plain = tempfile.mkdtemp(prefix='vnuma-pf-plain-')
    bad, counts = [], {'fits': 0, 'cannot': 0, 'rejected': 0}
    failed_with = {}
    try:
        # Other tests may hold pages: a pool of our own on top of theirs.
        write(POOL, old_pool + 12)
        with Mount('hugetlbfs', 'pagesize=2M') as huge, \
                Mount('tmpfs', 'size=256m') as tmp, Cgroup() as cg:
            dirs = {'hugetlbfs': huge, 'tmpfs': tmp, 'plain': plain}
            holder = None
            try:
                for i in range(o.count):
                    # The last quarter runs beside pages reserved by another
                    # process.
                    if i == o.count * 3 // 4:
                        holder = Holder(huge, 6).__enter__()
                    args = config(rng, dirs)
                    into = rng.random() < 0.4
                    # And this process's affinity narrowed to the first CPU
                    # it may use there.
                    narrow = rng.random() < 0.2

                    def enter(into=into, narrow=narrow):
                        if into:
                            cg.enter()
                        if narrow:
                            os.sched_setaffinity(
                                0, {min(os.sched_getaffinity(0))})
                    for attempt in range(2):
                        c = run(o.vnuma, ['--check-host'] + args, enter)
                        r = run(o.vnuma, ['--realize'] + args, enter)
                        ok, why = agree(c[0], c[1], r[0], r[1])
                        # The pool is the host's: another test may have taken
                        # pages between the two runs. Once more, then judge.
                        if ok:
                            break
                    counts['fits' if c[0] == 0 else 'cannot' if c[0] == 3
                           else 'rejected'] += 1
                    if r[0] and r[1] and isinstance(r[1].get('error'), dict):
                        k = r[1]['error'].get('check')
                        failed_with[k] = failed_with.get(k, 0) + 1
                    if not ok:
                        where = (' (in the cgroups)' if into else '') + \
                            (' (affinity narrowed)' if narrow else '')
                        bad.append('%d: %s%s\n    vnuma %s' % (
                            i, why, where, ' '.join(args)))
            finally:
                if holder:
                    holder.__exit__(None, None, None)
            hugetlb_cg, cpuset_cg = cg.hugetlb, cg.cpuset
    finally:
        write(POOL, old_pool)
        os.rmdir(plain)
    if int(read(POOL)) != old_pool:
        bad.append('the 2 MiB pool was not restored')
    for b in bad:
        print('FAIL ' + b)
    print('configurations: %d (%d fit, %d cannot, %d rejected); '
          'hugetlb cgroup limit %s; cpuset %s' % (
              o.count, counts['fits'], counts['cannot'], counts['rejected'],
              'set' if hugetlb_cg else 'not available (no cgroup v2 '
              'hugetlb controller)',
              'set' if cpuset_cg else 'not available'))
    print('--realize failed with: ' + ', '.join(
        '%s %d' % kv for kv in sorted(failed_with.items())))
    print('%d passed, %d failed' % (o.count - len(bad), len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
