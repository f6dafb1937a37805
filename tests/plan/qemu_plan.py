#!/usr/bin/env python3
"""The plans of this host are accepted by QEMU 7.2 and read back alike.

For each request in CASES, `vnuma plan` plans a guest of this host (one
NUMA node, so --nodes K > 1 puts several guest nodes on it), and every
check in CHECKS runs on that plan:

  qemu      qemu-system-x86_64 -S -display none -nodefaults -qmp stdio with
            the planned options starts, and its `info numa` is vnuma's;
  argfile   `vnuma @PLAN` accepts the plan (its `info numa` is kept for
            the other checks);
  libvirt   `vnuma plan --libvirt`'s domain, read by `vnuma --libvirt`,
            gives the same `info numa`, distances, HMAT and CPUs;
  preflight `vnuma --check-host --json @PLAN` says the plan fits the host
            it was made for (this host, or the recorded tree itself);
  realize   `vnuma --realize @PLAN` maps, binds and preallocates the
            plan's memory on this host.

A check is a function (ctx) -> (ok, why); ctx holds the vnuma path, the
request, the plan file, and the `info numa` of `vnuma @PLAN`. Another
check per plan is one more function appended to CHECKS.

RECORDED plans the recorded trees of tests/fixtures/hostinfo (several
host nodes, a CPU-less one with HMAT figures, asymmetric distances):
QEMU and the libvirt reader get the plan with every host node rewritten
to 0, the one node this host has (QEMU binds at start), so that what is
checked is the guest side: HMAT, initiators, distances, sockets. These
plans are not realized here (ctx['recorded'] is true).

Huge page requests need this host's pool: as root the pool grows by what
the case needs and shrinks back by as much after it (other tests may
change it meanwhile); without root or without the pages, the case is
reported SKIP. Exit 0 when every case that ran passed, 1 when one failed,
77 when none ran.

    qemu_plan.py VNUMA [-k SUBSTRING] [-v]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

QEMU = 'qemu-system-x86_64'
MiB = 1 << 20

# (name, vcpus, memory, hugepages, nodes)
CASES = [
    ('one-node', 1, '256M', None, None),
    ('two-vcpus', 2, '512M', None, None),
    ('two-nodes', 2, '512M', None, 2),
    ('three-nodes-two-vcpus', 2, '768M', None, 3),
    ('four-nodes-one-vcpu', 1, '128M', None, 4),
    ('odd-sizes', 2, '130M', None, 3),
    ('huge-2m', 2, '64M', '2M', None),
    ('huge-2m-three-nodes', 2, '96M', '2M', 3),
    ('huge-1g', 1, '1G', '1G', None),
]

# (name, tree, vcpus, memory, nodes). With HMAT on, a guest node without
# vCPUs on a host node with CPUs has an initiator but no figures; libvirt
# derives initiators from <interconnects>, so such a plan has no domain:
# names in LIBVIRT_REFUSED expect `plan --libvirt` to refuse it as a plan
# (exit 3, check plan.libvirt-form).
# A tree name 'four+local' is four with access0 figures for node 0 too
# (PATCHES): the plan then carries them, and every node without vCPUs has
# HMAT entries libvirt derives its initiator from. 'four+cpus255' gives
# node 0 255 CPUs: sockets must keep APIC ids within 254.
RECORDED = [
    ('four-cpuless-hmat', 'four', 4, '5G', None),
    ('four-split-hmat', 'four', 3, '1G', 4),
    ('four-one-vcpu-many-nodes', 'four', 1, '2G', 6),
    ('four-local-hmat', 'four+local', 4, '5G', None),
    ('four-local-hmat-split', 'four+local', 2, '2G', 4),
    ('four-local-hmat-one-vcpu', 'four+local', 1, '2G', 6),
    ('four-255-vcpus-85-nodes', 'four+cpus255', 255, '170M', 85),
    ('four-255-vcpus-one-node', 'four+cpus255', 255, '170M', 1),
]
NODE0 = 'sys/devices/system/node/node0/access0/initiators/'
SCOPE = 'sys/fs/cgroup/machine.slice/vm1.scope/'
PATCHES = {
    # 255 CPUs on node 0 alone: the most vCPUs QEMU's TCG takes
    'cpus255': {'sys/devices/system/node/node0/cpulist': '0-254\n',
                SCOPE + 'cpuset.cpus.effective': '0-254\n',
                SCOPE + 'cpuset.mems.effective': '0\n',
                'proc/self/status': 'Name:\tqemu\n'
                                    'Cpus_allowed_list:\t0-254\n'},
    'local': {NODE0 + 'read_latency': '80\n',
              NODE0 + 'write_latency': '90\n',
              NODE0 + 'read_bandwidth': '40960\n',
              NODE0 + 'write_bandwidth': '30720\n'},
}
LIBVIRT_REFUSED = {
    'four-one-vcpu-many-nodes': "initiator (libvirt takes the node of the "
                                "best latency or bandwidth to it) has no "
                                "libvirt domain XML form",
}
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures', 'hostinfo')


def to_this_host(text):
    """Every host node bound to 0 (options and libvirt nodesets)."""
    text = re.sub(r'host-nodes=\d+', 'host-nodes=0', text)
    return re.sub(r"nodeset='[^']*'", "nodeset='0'", text)


def run(argv, stdin=None, timeout=120):
    return subprocess.run(argv, input=stdin, capture_output=True, text=True,
                          timeout=timeout)


def info_numa(report):
    """The `info numa` part of vnuma's text report."""
    return report.split('\n\n', 1)[0].strip() + '\n'


def plan_options(text):
    """The @FILE lines as an argv: the option, then its argument."""
    argv = []
    for line in text.splitlines():
        if not line.strip() or line.startswith('#'):
            continue
        name, _, value = line.partition(' ')
        argv += [name, value] if value else [name]
    return argv


def sections(report, names=('distances', 'hmat', 'cpus')):
    """The named sections of vnuma's text report (blocks after blank
    lines, named by their first line)."""
    out = {}
    for block in report.split('\n\n'):
        head = block.split('\n', 1)[0].strip()
        if head in names:
            out[head] = block.strip()
    return out


def check_argfile(ctx):
    r = run([ctx['vnuma'], '@' + ctx['plan']])
    if r.returncode:
        return False, 'vnuma @PLAN: exit %d: %s' % (r.returncode, r.stderr)
    ctx['numa'] = info_numa(r.stdout)
    ctx['report'] = r.stdout
    return True, ''


def check_qemu(ctx):
    qmp = ('{"execute":"qmp_capabilities"}\n'
           '{"execute":"human-monitor-command",'
           '"arguments":{"command-line":"info numa"}}\n'
           '{"execute":"quit"}\n')
    argv = [QEMU, '-S', '-display', 'none', '-nodefaults', '-qmp', 'stdio']
    r = run(argv + plan_options(to_this_host(ctx['text'])), stdin=qmp)
    answers = [json.loads(line) for line in r.stdout.splitlines()
               if line.startswith('{')]
    got = [a['return'] for a in answers
           if isinstance(a.get('return'), str)]
    if r.returncode or not got:
        return False, 'QEMU refused the plan (exit %d): %s' % (
            r.returncode, r.stderr.strip())
    qemu = got[0].replace('\r\n', '\n').strip() + '\n'
    if qemu != ctx['numa']:
        return False, 'info numa differs:\nQEMU:\n%svnuma:\n%s' % (
            qemu, ctx['numa'])
    return True, ''


def check_libvirt(ctx):
    r = run([ctx['vnuma']] + ctx['request'] + ['--libvirt'])
    refusal = LIBVIRT_REFUSED.get(ctx['name'])
    if refusal:
        if r.returncode != 3 or refusal not in r.stderr:
            return False, 'plan --libvirt: expected exit 3 with %r, got ' \
                'exit %d: %s' % (refusal, r.returncode, r.stderr)
        return True, ''
    if r.returncode:
        return False, 'plan --libvirt: exit %d: %s' % (r.returncode,
                                                       r.stderr)
    xml = os.path.join(ctx['dir'], 'plan.xml')
    with open(xml, 'w') as f:
        f.write(to_this_host(r.stdout))
    r = run([ctx['vnuma'], '--libvirt', xml])
    if r.returncode:
        return False, 'vnuma --libvirt: exit %d: %s' % (r.returncode,
                                                       r.stderr)
    if info_numa(r.stdout) != ctx['numa']:
        return False, 'the domain reads back as:\n%s' % info_numa(r.stdout)
    got, want = sections(r.stdout), sections(ctx['report'])
    for name in sorted(set(got) | set(want)):
        if got.get(name) != want.get(name):
            return False, 'the domain reads back with other %s:\n%s\n' \
                'the plan:\n%s' % (name, got.get(name), want.get(name))
    return True, ''


def check_preflight(ctx):
    cmd = [ctx['vnuma'], '--check-host', '--json']
    if ctx['tree']:
        cmd += ['--host-root', ctx['tree']]
    r = run(cmd + ['@' + ctx['plan']])
    try:
        verdict = json.loads(r.stdout)['check_host']
    except (ValueError, KeyError) as e:
        return False, 'vnuma --check-host @PLAN: exit %d, no verdict ' \
            '(%s): %s' % (r.returncode, e, r.stderr)
    if r.returncode or not verdict['fits']:
        return False, 'the plan does not pass its own preflight: exit ' \
            '%d: %s' % (r.returncode, json.dumps(verdict['reasons']))
    return True, ''


def check_realize(ctx):
    if ctx['recorded']:
        return True, ''
    r = run([ctx['vnuma'], '--realize', '@' + ctx['plan']], timeout=300)
    if r.returncode:
        return False, 'vnuma --realize @PLAN: exit %d: %s' % (
            r.returncode, r.stderr)
    return True, ''


# argfile first: the others compare with what it read.
CHECKS = [check_argfile, check_qemu, check_libvirt, check_preflight,
          check_realize]


def huge_dir(size):
    kb = {'2M': 2048, '1G': 1048576}[size]
    return '/sys/kernel/mm/hugepages/hugepages-%dkB' % kb


class Pool:
    """Grows the host's pool of one size by n pages, then shrinks it back."""

    def __init__(self, size, pages):
        self.path = huge_dir(size) + '/nr_hugepages'
        self.free = huge_dir(size) + '/free_hugepages'
        self.pages, self.added = pages, 0

    def read(self, path):
        with open(path) as f:
            return int(f.read())

    def write(self, n):
        with open(self.path, 'w') as f:
            f.write('%d\n' % n)

    def __enter__(self):
        if os.geteuid() != 0 or not os.path.exists(self.path):
            return self
        before = self.read(self.path)
        try:
            self.write(before + self.pages)
        except OSError:
            return self
        self.added = self.read(self.path) - before
        return self

    def enough(self):
        return os.path.exists(self.free) and \
            self.read(self.free) >= self.pages

    def __exit__(self, *exc):
        if self.added > 0:
            self.write(max(0, self.read(self.path) - self.added))


def size_bytes(s):
    return int(s[:-1]) << {'M': 20, 'G': 30}[s[-1]]


def patched_tree(tree, d):
    """The recorded tree named, copied into d and patched for 'T+P'."""
    base, _, patch = tree.partition('+')
    if not patch:
        return os.path.join(FIXTURES, base)
    root = os.path.join(d, 'tree')
    shutil.copytree(os.path.join(FIXTURES, base), root, symlinks=True)
    for rel, text in PATCHES[patch].items():
        with open(os.path.join(root, rel), 'w') as f:
            f.write(text)
    return root


def run_case(vnuma, case, verbose, tree=None):
    name, vcpus, memory, huge, nodes = case
    with tempfile.TemporaryDirectory() as d:
        return run_case_in(vnuma, case, verbose, tree, d)


def run_case_in(vnuma, case, verbose, tree, d):
    name, vcpus, memory, huge, nodes = case
    request = ['plan', '--vcpus', str(vcpus), '--memory', memory]
    root = patched_tree(tree, d) if tree else None
    if root:
        request += ['--host-root', root]
    if huge:
        request += ['--hugepages', huge]
    if nodes:
        request += ['--nodes', str(nodes)]
    pool = Pool(huge, size_bytes(memory) // size_bytes(huge)) \
        if huge and not tree else None
    if pool:
        pool.__enter__()
    try:
        if pool and not pool.enough():
            print('SKIP %s: this host cannot have %s of %s huge pages'
                  % (name, memory, huge))
            return None
        r = run([vnuma] + request)
        if r.returncode:
            print('FAIL %s: vnuma %s: exit %d: %s' % (
                name, ' '.join(request), r.returncode, r.stderr))
            return False
        plan = os.path.join(d, 'plan')
        with open(plan, 'w') as f:
            f.write(r.stdout)
        ctx = {'vnuma': vnuma, 'request': request, 'plan': plan,
               'text': r.stdout, 'dir': d, 'numa': None,
               'recorded': tree is not None, 'tree': root, 'name': name}
        for check in CHECKS:
            ok, why = check(ctx)
            if not ok:
                print('FAIL %s (%s): %s' % (name, check.__name__, why))
                return False
    finally:
        if pool:
            pool.__exit__(None, None, None)
    if verbose:
        print('ok   %s' % name)
    return True


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    vnuma, keys, verbose = os.path.abspath(args[0]), [], '-v' in args
    for i, a in enumerate(args):
        if a == '-k' and i + 1 < len(args):
            keys.append(args[i + 1])
    if not shutil.which(QEMU):
        print('SKIP: %s not found' % QEMU)
        return 77
    results = [run_case(vnuma, c, verbose) for c in CASES
               if not keys or any(k in c[0] for k in keys)]
    results += [run_case(vnuma, (n, v, m, None, k), verbose, tree)
                for n, tree, v, m, k in RECORDED
                if not keys or any(key in n for key in keys)]
    ran = [r for r in results if r is not None]
    print('%d passed, %d failed, %d skipped' % (
        ran.count(True), ran.count(False), results.count(None)))
    if not ran:
        return 77
    return 0 if all(ran) else 1


if __name__ == '__main__':
    sys.exit(main())
