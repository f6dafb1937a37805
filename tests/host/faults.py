#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host faults under vnuma --realize: every failure is an error with a
message and exit status, and leaves the host as it found it.

Runs as root: it mounts small tmpfs and hugetlbfs file systems, grows the
2 MiB huge page pool, makes a memory cgroup, and undoes all of it, then
asserts that it did (mounts, nr_hugepages, the cgroup). After each case:
the message, the exit status, no file left in the mount, no process
mapping it, and HugePages_Free / HugePages_Rsvd where they were.

Usage: faults.py --vnuma PATH. Exit 0 pass, 1 fail, 77 skip (not root,
no tmpfs). A case whose facility is missing (no memory cgroup that can
be made, no 1 GiB huge page size) is reported as skipped by name; the
others still run.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
MiB = 1 << 20

failures = []
skipped = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL: ' + what)
    return cond


def meminfo():
    out = {}
    with open('/proc/meminfo') as f:
        for line in f:
            k, v = line.split(':', 1)
            out[k] = int(v.split()[0])
    return out


def huge_state():
    m = meminfo()
    return (m['HugePages_Free'], m['HugePages_Rsvd'])


def mounts():
    with open('/proc/self/mountinfo') as f:
        return sorted(line.split(' - ')[0].split()[4] for line in f)


def sh(*cmd):
    subprocess.run(cmd, check=True)


def read_int(path):
    with open(path) as f:
        return int(f.read().split()[0])


def write(path, value):
    with open(path, 'w') as f:
        f.write(str(value))


def mapped_by_anyone(d):
    """Whether any process maps a file under directory d."""
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/maps' % pid) as f:
                if any((d + '/') in line for line in f):
                    return True
        except OSError:
            pass
    return False


class Mount:
    """A file system mounted on a fresh directory, unmounted on exit."""

    def __init__(self, fstype, opts):
        self.fstype, self.opts = fstype, opts

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix='vnuma-faults-')
        sh('mount', '-t', self.fstype, '-o', self.opts, self.fstype,
           self.dir)
        return self.dir

    def __exit__(self, *exc):
        subprocess.run(['umount', self.dir])
        os.rmdir(self.dir)


def vnuma(args, preexec=None):
    p = subprocess.run([VNUMA, '--realize'] + args, capture_output=True,
                       text=True, preexec_fn=preexec, timeout=300)
    return p.returncode, p.stderr


def expect(name, args, code, texts, d, preexec=None, huge=None):
    """Runs vnuma, checks status, message, and that nothing is left."""
    before = huge_state()
    rc, err = vnuma(args, preexec)
    ok = check(rc == code, '%s: exit %d, want %d (stderr: %s)' %
               (name, rc, code, err.strip()))
    for t in texts:
        ok &= check(t in err, '%s: message lacks %r: %s' %
                    (name, t, err.strip()))
    ok &= nothing_left(name, d, before)
    if ok:
        print('ok: %s: exit %d: %s' % (name, rc, err.strip()))
    return err


def nothing_left(name, d, before):
    ok = True
    if d and os.path.isdir(d):
        left = os.listdir(d)
        ok &= check(not left, '%s: left behind in %s: %s' % (name, d, left))
        st = os.statvfs(d)
        if st.f_blocks:
            ok &= check(st.f_bfree == st.f_blocks,
                        '%s: %d blocks still used in %s' %
                        (name, st.f_blocks - st.f_bfree, d))
        ok &= check(not mapped_by_anyone(d),
                    '%s: a process still maps a file in %s' % (name, d))
    after = huge_state()
    ok &= check(after == before, '%s: HugePages_Free/Rsvd %s, were %s' %
                (name, after, before))
    return ok


def file_backend(path, size, extra='', prealloc='on'):
    return ['-M', 'pc', '-m', str(size // MiB) + 'M',
            '-object', 'memory-backend-file,id=m,size=%dM,mem-path=%s,'
            'prealloc=%s,share=on%s' % (size // MiB, path, prealloc, extra),
            '-numa', 'node,memdev=m']


def case_full_tmpfs():
    with Mount('tmpfs', 'size=8m') as d:
        expect('full tmpfs', file_backend(d + '/guest', 32 * MiB), 3,
               ["preallocating memory failed",
                "is its file system full?"], d)
        # a directory mem-path: the unlinked temporary file as well
        expect('full tmpfs, directory', file_backend(d, 32 * MiB), 3,
               ["is its file system full?"], d)


def case_mem_path():
    with Mount('tmpfs', 'size=8m') as d:
        expect('missing mem-path', file_backend(d + '/no/guest', 4 * MiB),
               3, ["can't open backing store %s/no/guest for guest RAM: "
                   "No such file or directory" % d], d)
    with Mount('tmpfs', 'size=8m,ro') as d:
        expect('read-only mem-path', file_backend(d + '/guest', 4 * MiB),
               3, ["can't open backing store %s/guest for guest RAM: "
                   "Read-only file system" % d], d)
        expect('read-only mem-path directory', file_backend(d, 4 * MiB),
               3, ["can't open backing store %s for guest RAM" % d], d)


def case_bind():
    with Mount('tmpfs', 'size=64m') as d:
        expect('bind to a missing node (tmpfs)',
               file_backend(d + '/guest', 16 * MiB,
                            ',policy=bind,host-nodes=5'), 3,
               ['cannot bind memory to host NUMA nodes'], d)


class HugePool:
    """Grows the 2 MiB pool by n pages; puts it back on exit."""

    PATH = '/proc/sys/vm/nr_hugepages'

    def __init__(self, n):
        self.n = n

    def __enter__(self):
        self.old = read_int(self.PATH)
        write(self.PATH, self.old + self.n)
        return read_int(self.PATH) - self.old

    def __exit__(self, *exc):
        write(self.PATH, self.old)


def case_hugetlb():
    with HugePool(4) as added, Mount('hugetlbfs', 'pagesize=2M') as d:
        if not check(added == 4, 'the 2 MiB pool did not grow by 4'):
            return
        free = huge_state()[0]
        # the defect: the file kept its reserved pages after a failed
        # bind (preferred: the pool is checked host-wide and passes)
        expect('preferred to a missing node (hugetlbfs)',
               file_backend(d + '/guest', 8 * MiB,
                            ',policy=preferred,host-nodes=5'), 3,
               ['cannot bind memory to host NUMA nodes'], d)
        expect('prealloc bound to a missing node (hugetlbfs)',
               file_backend(d + '/guest', 8 * MiB,
                            ',policy=bind,host-nodes=5'), 3,
               ["memory backend 'm' needs 4 huge pages of 2048 kB on host "
                "node 5, but the host has no such pool"], d)
        size = (free + 2) * 2 * MiB
        for what, path in (('new file', d + '/guest'), ('directory', d)):
            expect('too small a pool, %s' % what,
                   file_backend(path, size), 3,
                   ['needs %d huge pages of 2048 kB on the host, but only '
                    '%d are free' % (free + 2, free)], d)
        # an empty file that is there: it stays, and is checked as well
        open(d + '/empty', 'w').close()
        expect('too small a pool, empty existing file',
               file_backend(d + '/empty', size), 3,
               ['needs %d huge pages of 2048 kB on the host, but only '
                '%d are free' % (free + 2, free)], None)
        check(os.path.exists(d + '/empty') and
              not os.path.getsize(d + '/empty'),
              'the empty file that was there is gone or grown')
        # mapped (its pages reserved), then the bind fails: it is given
        # its size 0 again, which returns the reserved pages
        expect('empty existing file, preferred to a missing node',
               file_backend(d + '/empty', 8 * MiB,
                            ',policy=preferred,host-nodes=5'), 3,
               ['cannot bind memory to host NUMA nodes'], None)
        check(os.path.exists(d + '/empty') and
              not os.path.getsize(d + '/empty'),
              'the empty file that was there is gone or grown')
        os.unlink(d + '/empty')
        # two nodes of the guest, both bound to host node 0: their sum
        # is what node 0's pool must hold
        half = free // 2 + 1
        args = ['-M', 'pc', '-m', '%dM' % (4 * half),
                '-smp', '2']
        for i in range(2):
            args += ['-object', 'memory-backend-file,id=h%d,size=%dM,'
                     'mem-path=%s,prealloc=on,share=on,policy=bind,'
                     'host-nodes=0' % (i, 2 * half, d),
                     '-numa', 'node,nodeid=%d,cpus=%d,memdev=h%d' %
                     (i, i, i)]
        expect('too small a pool for two nodes', args, 3,
               ["backends 'h0', 'h1' need %d huge pages of 2048 kB on "
                "host node 0, but only %d are free" % (2 * half, free)], d)


def case_hugetlb_empty():
    # an empty pool without emptying one someone may be using: the 1 GiB
    # pool, which is rarely set up, or else the 2 MiB one if it is empty
    for kb, size in ((1048576, '1G'), (2048, '2M')):
        gdir = '/sys/kernel/mm/hugepages/hugepages-%dkB' % kb
        if os.path.isdir(gdir) and not read_int(gdir + '/free_hugepages'):
            break
    else:
        skipped.append('empty pool (no huge page pool is empty)')
        return
    with Mount('hugetlbfs', 'pagesize=' + size) as d:
        expect('empty %s pool' % size, ['-M', 'pc', '-m', size, '-object',
               'memory-backend-file,id=m,size=%s,mem-path=%s/guest,'
               'prealloc=on,share=on' % (size, d), '-numa',
               'node,memdev=m'], 3,
               ["memory backend 'm' needs 1 huge pages of %d kB on "
                "the host, but only 0 are free" % kb], d)


def cgroup_mounts():
    """(fstype, mount point, super options) of every cgroup mount."""
    out = []
    with open('/proc/self/mountinfo') as f:
        for line in f:
            pre, post = line.rstrip('\n').split(' - ', 1)
            fstype, _source, opts = post.split(' ', 2)
            if fstype in ('cgroup', 'cgroup2'):
                out.append((fstype, pre.split()[4], opts.split(',')))
    return out


def memory_cgroup():
    """Where to make a memory cgroup: (parent, limit file, v2), or None."""
    for fstype, mnt, opts in cgroup_mounts():
        if fstype == 'cgroup' and 'memory' in opts:
            return mnt, 'memory.limit_in_bytes', False
    for fstype, mnt, opts in cgroup_mounts():
        try:
            with open(mnt + '/cgroup.controllers') as f:
                if fstype == 'cgroup2' and 'memory' in f.read().split():
                    return mnt, 'memory.max', True
        except OSError:
            pass
    return None


def case_cgroup():
    cg = memory_cgroup()
    if not cg:
        skipped.append('memory cgroup (no v1 memory hierarchy, no v2 '
                       'memory controller)')
        return
    parent, limit, v2 = cg
    path = parent + '/vnuma-faults-%d' % os.getpid()
    control = parent + '/cgroup.subtree_control'
    enabled = None
    if v2:
        with open(control) as f:
            enabled = 'memory' in f.read().split()
    try:
        if v2 and not enabled:
            try:
                write(control, '+memory')
            except OSError as e:
                skipped.append('memory cgroup (cannot enable the v2 memory '
                               'controller: %s)' % e)
                return
        os.mkdir(path)
        write(path + '/' + limit, 64 * MiB)

        def enter():
            write(path + '/cgroup.procs', os.getpid())

        with Mount('tmpfs', 'size=1g') as d:
            expect('memory cgroup smaller than the prealloc',
                   ['-M', 'pc', '-m', '256M', '-object',
                    'memory-backend-ram,id=m,size=256M,prealloc=on',
                    '-numa', 'node,memdev=m'], 3,
                   ["memory backend 'm' needs 268435456 bytes "
                    "preallocated, but memory cgroup %s allows only" %
                    path], d, preexec=enter)
            expect('memory cgroup smaller than a tmpfs prealloc',
                   file_backend(d + '/guest', 256 * MiB), 3,
                   ["memory backend 'm' needs 268435456 bytes "
                    "preallocated"], d, preexec=enter)
            # what fits is not refused
            expect('memory cgroup large enough', ['-M', 'pc', '-m', '16M',
                   '-object', 'memory-backend-ram,id=m,size=16M,'
                   'prealloc=on', '-numa', 'node,memdev=m'], 0, [], d,
                   preexec=enter)
    finally:
        if os.path.isdir(path):
            os.rmdir(path)
        if v2 and enabled is False:
            write(control, '-memory')
    check(not os.path.exists(path), 'cgroup %s still there' % path)
    if v2:
        with open(control) as f:
            check(('memory' in f.read().split()) == enabled,
                  'the memory controller of %s is not as it was' % parent)


def case_sigterm(sig, js=False):
    name = 'SIG%s mid-prealloc%s' % ('TERM' if sig == signal.SIGTERM
                                      else 'INT', ', --json' if js else '')
    size = 4 << 30
    with Mount('tmpfs', 'size=%d' % (size + 64 * MiB)) as d:
        before = huge_state()
        p = subprocess.Popen([VNUMA, '--realize'] +
                             (['--json'] if js else []) +
                             file_backend(d + '/guest', size,
                                          ',prealloc-threads=1'),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        # wait until population is under way, then stop it
        used, deadline = 0, time.time() + 60
        while p.poll() is None and time.time() < deadline:
            st = os.statvfs(d)
            used = (st.f_blocks - st.f_bfree) * st.f_frsize
            if used >= 64 * MiB:
                break
            time.sleep(0.005)
        mid = p.poll() is None and used < size
        p.send_signal(sig)
        out, err = p.communicate(timeout=120)
        if not check(mid, '%s: not interrupted mid-way (%d of %d bytes)' %
                     (name, used, size)):
            return
        ok = check(p.returncode == -sig, '%s: status %d, want killed by '
                   'the signal: %s' % (name, p.returncode, err.strip()))
        ok &= check("memory backend 'm': preallocation cancelled" in err,
                    '%s: no cancel message: %s' % (name, err.strip()))
        ok &= check('the memory was released' in err,
                    '%s: no release message: %s' % (name, err.strip()))
        if js:
            try:
                doc = json.loads(out)
                ok &= check(doc['error']['check'] ==
                            'host.prealloc-cancelled',
                            '%s: JSON error %s' % (name, doc['error']))
            except (ValueError, KeyError, TypeError) as e:
                ok &= check(False, '%s: not one JSON error object (%s): %s'
                            % (name, e, out))
        else:
            ok &= check(out == '', '%s: printed a report: %s' % (name, out))
        ok &= nothing_left(name, d, before)
        if ok:
            print('ok: %s: status %d: %s' % (name, p.returncode,
                                              err.strip()))


def main():
    global VNUMA
    ap = argparse.ArgumentParser()
    ap.add_argument('--vnuma', required=True)
    VNUMA = os.path.abspath(ap.parse_args().vnuma)
    if os.geteuid() != 0:
        print('SKIP: the host fault tests mount file systems, change the '
              'huge page pool and make cgroups: they need root')
        return SKIP
    with open('/proc/filesystems') as f:
        have = f.read()
    if 'tmpfs' not in have or 'hugetlbfs' not in have:
        print('SKIP: tmpfs or hugetlbfs is not in /proc/filesystems')
        return SKIP
    mounts0 = mounts()
    pool0 = read_int(HugePool.PATH)
    cases = [case_full_tmpfs, case_mem_path, case_bind, case_hugetlb,
             case_hugetlb_empty, case_cgroup,
             lambda: case_sigterm(signal.SIGTERM),
             lambda: case_sigterm(signal.SIGINT),
             lambda: case_sigterm(signal.SIGTERM, True)]
    for c in cases:
        try:
            c()
        except Exception as e:  # a broken case must not stop the undoing
            check(False, 'case %s raised %r' % (c, e))
    check(mounts() == mounts0, 'mounts differ from the start')
    check(read_int(HugePool.PATH) == pool0,
          'nr_hugepages is %d, was %d' % (read_int(HugePool.PATH), pool0))
    for s in skipped:
        print('skipped: ' + s)
    if failures:
        print('%d failure(s)' % len(failures))
        return 1
    print('all host fault cases passed, the host is as it was')
    return 0


if __name__ == '__main__':
    sys.exit(main())
