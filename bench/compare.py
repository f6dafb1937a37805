#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Two vnuma binaries on the same 128-node configuration, whole process,
wall time: N pairs A B A B (one untimed pair first), so that both see the
same machine load; prints each one's median and fastest run, the ratio of
the medians and the load average. The configuration is bench/check_host.py's
(every backend bound to host node 0 with prealloc=on) or, with --plain,
bench/gen_config.py's as it is (what `make bench` reads).

Usage: compare.py A B [--plain] [--runs N] [-- VNUMA-ARGS...]
e.g.   compare.py old/vnuma build/vnuma -- --check-host"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument('a')
ap.add_argument('b')
ap.add_argument('--plain', action='store_true')
ap.add_argument('--runs', type=int, default=41)
argv = sys.argv[1:]
rest = argv.index('--') if '--' in argv else len(argv)
opt = ap.parse_args(argv[:rest])
opt.args = argv[rest + 1:]

with tempfile.TemporaryDirectory() as d:
    cfg = os.path.join(d, 'cfg')
    subprocess.run([sys.executable, os.path.join(here, 'gen_config.py'),
                    '128', '255', cfg], check=True)
    if not opt.plain:
        with open(cfg) as f:
            lines = [l.rstrip('\n') +
                     (',host-nodes=0,policy=bind,prealloc=on'
                      if 'memory-backend-ram' in l else '') for l in f]
        with open(cfg, 'w') as f:
            f.write('\n'.join(lines) + '\n')
    null = os.open(os.devnull, os.O_WRONLY)
    fa = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]

    def wall(vnuma):
        argv = [vnuma] + opt.args + ['@' + cfg]
        t0 = time.perf_counter()
        pid = os.posix_spawn(vnuma, argv, os.environ, file_actions=fa)
        _, status = os.waitpid(pid, 0)
        t = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 3):
            sys.exit('%s exited %d' % (vnuma, code))
        return t

    wall(opt.a)
    wall(opt.b)
    ta, tb = [], []
    for _ in range(opt.runs):
        ta.append(wall(opt.a))
        tb.append(wall(opt.b))
ma, mb = statistics.median(ta), statistics.median(tb)
print('%s, %d pairs: A median %.2f ms (min %.2f), B median %.2f ms '
      '(min %.2f), B/A %.2f, load %s' % (
          ' '.join(opt.args) or 'report', opt.runs, 1e3 * ma, 1e3 * min(ta),
          1e3 * mb, 1e3 * min(tb), mb / ma,
          open('/proc/loadavg').read().split()[0]))
