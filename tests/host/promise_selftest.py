#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""promise.agree() on made-up documents: each way the promise can be
kept, and each way it can be broken, the host.hugetlb-order exemption
among them and no wider than it says (the same backend, a populate
failure, a warning)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from promise import agree  # noqa: E402


def check(fits, *reasons):
    return (0 if fits else 3), {'check_host': {'fits': fits, 'reasons': [
        {'check': c, 'severity': s, 'backend': b} for c, s, b in reasons]}}


def realize(check_id=None, backend=None):
    if check_id is None:
        return 0, {}
    return 3, {'error': {'check': check_id, 'option': '-object',
                         'text': 'id=%s' % backend}}


ORDER = ('host.hugetlb-order', 'warning', 'a')
CASES = [
    (True, check(True), realize()),
    (False, check(True), realize('host.prealloc', 'a')),
    (True, check(False, ('host.prealloc', 'error', 'a')),
     realize('host.prealloc', 'a')),
    (False, check(False, ('host.prealloc', 'error', 'a')),
     realize('host.prealloc', 'b')),
    (False, check(False, ('host.prealloc', 'error', 'a')), realize()),
    # the exemption: the backend the warning names, failing to populate
    (True, check(True, ORDER), realize('host.prealloc', 'a')),
    (True, check(True, ORDER), realize('host.prealloc-sigbus', 'a')),
    (True, check(False, ('host.mbind', 'error', 'c'), ORDER),
     realize('host.prealloc', 'a')),
    # a populate fault under either id, for the same backend only
    (True, check(False, ('host.prealloc', 'error', 'a')),
     realize('host.prealloc-sigbus', 'a')),
    (True, check(False, ('host.prealloc-sigbus', 'error', 'a')),
     realize('host.prealloc', 'a')),
    (False, check(False, ('host.prealloc-sigbus', 'error', 'a')),
     realize('host.prealloc', 'b')),
    (False, check(False, ('host.prealloc', 'error', 'a')),
     realize('host.hugetlb-free', 'a')),
    # and no wider
    (False, check(True, ORDER), realize('host.prealloc', 'b')),
    (False, check(True, ORDER), realize('host.hugetlb-free', 'a')),
    (False, check(True, ('host.hugetlb-order', 'error', 'a')),
     realize('host.prealloc', 'a')),
    (False, check(True, ('host.hugetlb-short', 'warning', 'a')),
     realize('host.prealloc', 'a')),
]


def main():
    bad = 0
    for i, (want, (crc, cdoc), (rrc, rdoc)) in enumerate(CASES):
        ok, why = agree(crc, cdoc, rrc, rdoc)
        if ok != want:
            bad += 1
            print('FAIL case %d: agree() said %s (%s), want %s'
                  % (i, ok, why, want))
    print('%d of %d cases as expected' % (len(CASES) - bad, len(CASES)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
