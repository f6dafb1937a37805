#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""vnuma --check-host of a 128-node configuration, whole process, wall
time: N runs of --check-host paired with N runs of the same @FILE
without it (the report alone), alternated so that both see the same
machine load; prints the medians and the median of the pairs'
differences. Every backend is bound to host node 0 with prealloc=on, so
that every check runs for every backend.

Usage: check_host.py VNUMA [NODES] [RUNS]"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
vnuma = sys.argv[1]
nodes = int(sys.argv[2]) if len(sys.argv) > 2 else 128
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 41

with tempfile.TemporaryDirectory() as d:
    cfg = os.path.join(d, 'cfg')
    subprocess.run([sys.executable, os.path.join(here, 'gen_config.py'),
                    str(nodes), str(2 * nodes - 1), cfg], check=True)
    with open(cfg) as f:
        lines = [l.rstrip('\n') + (',host-nodes=0,policy=bind,prealloc=on'
                                   if 'memory-backend-ram' in l else '')
                 for l in f]
    with open(cfg, 'w') as f:
        f.write('\n'.join(lines) + '\n')

    null = os.open(os.devnull, os.O_WRONLY)
    fa = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]

    # posix_spawn and waitpid: no more than exec-to-exit is timed (a
    # subprocess.run adds milliseconds of its own).
    def wall(args):
        argv = [vnuma] + args + ['@' + cfg]
        t0 = time.perf_counter()
        pid = os.posix_spawn(vnuma, argv, os.environ, file_actions=fa)
        _, status = os.waitpid(pid, 0)
        t = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 3):
            sys.exit('vnuma %s exited %d' % (' '.join(args), code))
        return t

    wall(['--check-host'])  # warm the page cache
    check, base, diff = [], [], []
    for _ in range(runs):
        c, b = wall(['--check-host']), wall([])
        check.append(c)
        base.append(b)
        diff.append(c - b)
print('%d nodes, %d pairs' % (nodes, runs))
print('vnuma --check-host @FILE: median %.2f ms (min %.2f, max %.2f)' % (
    1e3 * statistics.median(check), 1e3 * min(check), 1e3 * max(check)))
print('vnuma @FILE (report):     median %.2f ms' %
      (1e3 * statistics.median(base)))
print('paired difference:        median %.2f ms' %
      (1e3 * statistics.median(diff)))
