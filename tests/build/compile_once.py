#!/usr/bin/env python3
"""The library's sources compile once: no file under src/ is a source of
more than one build target (the shipped libraries reuse the objects of
the internal one). Reads the build directory's introspection data.

Usage: compile_once.py BUILDDIR SRCDIR
"""
import json
import os
import sys


def main():
    build, src = sys.argv[1], os.path.realpath(sys.argv[2])
    with open(os.path.join(build, 'meson-info', 'intro-targets.json')) as f:
        targets = json.load(f)
    owners = {}
    for t in targets:
        for group in t['target_sources']:
            for path in group.get('sources', []):
                path = os.path.realpath(path)
                if os.path.dirname(path).startswith(src):
                    owners.setdefault(path, []).append(t['name'])
    if not owners:
        print('compile_once: no source under %s in any target' % src)
        return 1
    twice = {p: n for p, n in owners.items() if len(n) > 1}
    for p, n in sorted(twice.items()):
        print('%s compiles for %s' % (os.path.relpath(p, src), ', '.join(n)))
    return 1 if twice else 0


if __name__ == '__main__':
    sys.exit(main())
