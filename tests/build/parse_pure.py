#!/usr/bin/env python3
"""src/parse/ is syntax alone: its files include no header of a later
stage (config, machine, memory, numa, ...), only each other, the shared
error and utility headers, and the system's. Text in, pairs out.

Usage: parse_pure.py SRCDIR
"""
import os
import re
import sys

ALLOWED = {'error_internal.h', 'util.h'}


def main():
    parse = os.path.join(sys.argv[1], 'parse')
    bad = []
    files = sorted(f for f in os.listdir(parse) if f.endswith(('.c', '.h')))
    if not files:
        print('parse_pure: no files in %s' % parse)
        return 1
    for name in files:
        with open(os.path.join(parse, name)) as f:
            for n, line in enumerate(f, 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                inc = os.path.normpath(os.path.join('parse', m.group(1)))
                if inc.startswith('parse/') or inc in ALLOWED:
                    continue
                bad.append('src/parse/%s:%d: includes %s' % (name, n,
                                                             m.group(1)))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
