#!/usr/bin/env python3
"""The plans' libvirt domains, through a real libvirt 9.0, start in QEMU
7.2 with the planned topology.

For each plan of this host in qemu_plan.CASES, `vnuma plan --libvirt`'s
domain goes to a private libvirtd (tests/libvirt/daemon.py) as `virsh
domxml-to-native qemu-argv`; that command line, made runnable here as
tests/libvirt/rewrite.py does for the libvirt corpus, runs in QEMU and
its `info numa` must be that of `vnuma @PLAN`. Huge page cases grow the
pool as qemu_plan.py does. Needs root, libvirtd and virsh: otherwise exit
77 (skipped), with the reason.

    libvirt_plan.py VNUMA [-k SUBSTRING] [-v]
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, '..', 'libvirt'),
                os.path.join(HERE, '..', 'qemu')]

import diff  # noqa: E402
import qemu_plan  # noqa: E402
from daemon import DaemonError, Libvirtd  # noqa: E402
from rewrite import Rewriter  # noqa: E402

TOOLS = ('libvirtd', 'virsh', 'unshare', 'mount', 'umount',
         'qemu-system-x86_64')
SKIP = 77


def run_case(vnuma, daemon, rewriter, case, d):
    """None when it passed, else why not."""
    name, vcpus, memory, huge, nodes = case
    request = ['plan', '--vcpus', str(vcpus), '--memory', memory]
    if huge:
        request += ['--hugepages', huge]
    if nodes:
        request += ['--nodes', str(nodes)]
    plan, xml = os.path.join(d, name), os.path.join(d, name + '.xml')
    r = qemu_plan.run([vnuma] + request)
    if r.returncode:
        return 'vnuma %s: exit %d: %s' % (' '.join(request), r.returncode,
                                          r.stderr)
    with open(plan, 'w') as f:
        f.write(r.stdout)
    r = qemu_plan.run([vnuma, '@' + plan])
    if r.returncode:
        return 'vnuma @PLAN: exit %d: %s' % (r.returncode, r.stderr)
    want = qemu_plan.info_numa(r.stdout)
    r = qemu_plan.run([vnuma] + request + ['--libvirt'])
    if r.returncode:
        return 'plan --libvirt: exit %d: %s' % (r.returncode, r.stderr)
    with open(xml, 'w') as f:
        f.write(r.stdout)
    rc, out, err = daemon.to_native(xml)
    if rc:
        return 'libvirt refuses the domain: %s' % err.strip()
    prog, args, _ = rewriter(out.strip())
    q = diff.run_qemu_cmd([prog] + args)
    got = q.info_numa()
    if q.rc != 0 or got is None:
        return 'QEMU refuses libvirt\'s command line (exit %s): %s' % (
            q.rc, '\n'.join(q.stderr))
    if got.strip() + '\n' != want:
        return 'info numa differs:\nQEMU via libvirt:\n%s\nvnuma:\n%s' % (
            got, want)
    return None


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    vnuma, verbose = os.path.abspath(args[0]), '-v' in args
    keys = [args[i + 1] for i, a in enumerate(args[:-1]) if a == '-k']
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing or os.geteuid() != 0:
        print('SKIP: %s' % ('not root' if not missing else
                            'not found: ' + ', '.join(missing)))
        return SKIP

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    daemon = Libvirtd()
    passed = failed = skipped = 0
    try:
        daemon.start()
        rewriter = Rewriter({'hugetlbfs': list(daemon.huge.values()),
                             'ram': str(daemon.dir / 'ram'),
                             'nvdimm': str(daemon.dir / 'nvdimm')})
        with tempfile.TemporaryDirectory() as d:
            for case in qemu_plan.CASES:
                name, _, memory, huge, _ = case
                if keys and not any(k in name for k in keys):
                    continue
                pool = qemu_plan.Pool(huge, qemu_plan.size_bytes(memory) //
                                      qemu_plan.size_bytes(huge)) \
                    if huge else None
                if pool:
                    pool.__enter__()
                try:
                    if pool and not pool.enough():
                        print('SKIP %s: no %s of %s huge pages here' %
                              (name, memory, huge))
                        skipped += 1
                        continue
                    why = run_case(vnuma, daemon, rewriter, case, d)
                finally:
                    if pool:
                        pool.__exit__(None, None, None)
                if why:
                    print('FAIL %s: %s' % (name, why))
                    failed += 1
                else:
                    passed += 1
                    if verbose:
                        print('ok   %s' % name)
    except DaemonError as e:
        print('libvirt_plan: cannot run libvirtd: %s' % e, file=sys.stderr)
        failed += 1
    except KeyboardInterrupt:
        print('libvirt_plan: interrupted', file=sys.stderr)
        failed += 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        left = daemon.stop()
    for p in left:
        print('libvirt_plan: machine not as found: %s' % p, file=sys.stderr)
    print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
    if failed or left:
        return 1
    return 0 if passed else SKIP


if __name__ == '__main__':
    sys.exit(main())
