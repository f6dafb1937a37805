#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The layering rules of the source tree, checked from the text of src/.

1. src/report, src/firmware, src/host and src/plan read the finished
   topology through src/view/view.h alone (the planner none of it): besides their own folder's headers they may
   include the public headers (vnuma/...), src/view/view.h,
   src/error_internal.h, src/util.h, src/abi.h and src/kernel_list.h (the
   kernel's CPU and node lists), nothing of the topology's build
   state (topology_internal.h, machine/, numa/, memory/, config, parse/).
2. view.h stays narrow: it includes public headers and
   src/memory/backend_kind.h only.
3. src/memory never includes topology_internal.h.
4. Whether QEMU creates the board's own RAM backend is decided in one
   function: every use of the profile's default_ram_id (its declaration
   and the profile table's initializers aside) lies in one function.

Usage: layers.py SOURCE_ROOT. Exit 0 when every rule holds, 1 otherwise,
with one line per violation.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
CONSUMERS = ('report', 'firmware', 'host', 'plan')
ALLOWED = {'view/view.h', 'error_internal.h', 'util.h', 'abi.h',
           'kernel_list.h'}
VIEW_ALLOWED = {'memory/backend_kind.h'}


def sources(src, sub=''):
    top = os.path.join(src, sub)
    for d, _, files in os.walk(top):
        for f in sorted(files):
            if f.endswith(('.c', '.h')):
                yield os.path.join(d, f)


def includes(path, src, inc):
    """(text as written, resolved path relative to src or None if public)."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for name in INCLUDE.findall(text):
        local = os.path.normpath(os.path.join(os.path.dirname(path), name))
        if os.path.exists(local):
            yield name, os.path.relpath(local, src)
        elif os.path.exists(os.path.join(inc, name)):
            yield name, None
        else:
            yield name, os.path.relpath(local, src)


def check_consumers(src, inc, bad):
    for stage in CONSUMERS:
        for path in sources(src, stage):
            for name, rel in includes(path, src, inc):
                if rel is None or rel in ALLOWED:
                    continue
                if os.path.dirname(rel) == stage:
                    continue
                bad.append('%s includes "%s": %s/ reads the topology '
                           'through view/view.h only' %
                           (os.path.relpath(path, src), name, stage))


def check_view_header(src, inc, bad):
    path = os.path.join(src, 'view', 'view.h')
    if not os.path.exists(path):
        bad.append('view/view.h is missing: the later stages have no '
                   'view to read')
        return
    for name, rel in includes(path, src, inc):
        if rel is not None and rel not in VIEW_ALLOWED:
            bad.append('view/view.h includes "%s": it must stay free of '
                       'the build stages\' headers' % name)


def check_memory(src, inc, bad):
    for path in sources(src, 'memory'):
        for name, rel in includes(path, src, inc):
            if rel == 'topology_internal.h':
                bad.append('%s includes "%s": memory/ must not see the '
                           'topology\'s internals' %
                           (os.path.relpath(path, src), name))


def strip(text):
    """Comments and string literals blanked, line breaks kept."""
    def blank(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(\\.|[^"\\\n])*"|\'(\\.|[^\'\\\n])*\'',
                  blank, text, flags=re.S)


def functions_using(path, word):
    """Names of the top-level definitions of path that use word."""
    text = strip(open(path, encoding='utf-8').read())
    found = set()
    depth = 0
    start = 0  # where the current top-level item began
    name = None
    for m in re.finditer(r'[{};]|\b%s\b' % re.escape(word), text):
        tok = m.group(0)
        if tok == '{':
            if depth == 0:
                head = text[start:m.start()]
                calls = re.findall(r'(\w+)\s*\(', head)
                name = calls[0] if calls and head.rstrip().endswith(')') \
                    else None
            depth += 1
        elif tok == '}':
            depth -= 1
            if depth == 0:
                start = m.end()
                name = None
        elif tok == ';':
            if depth == 0:
                start = m.end()
        else:
            line = text[text.rfind('\n', 0, m.start()) + 1:
                        text.find('\n', m.end())]
            # The field's declaration, and the profile table's data.
            if re.search(r'\.%s\s*=' % word, line) or \
               re.search(r'char\s*\*\s*%s\s*;' % word, line):
                continue
            found.add(name or '<top level, line %d>' %
                      (text.count('\n', 0, m.start()) + 1))
    return found


def check_decision(src, bad):
    where = []
    for path in sources(src):
        for fn in sorted(functions_using(path, 'default_ram_id')):
            where.append('%s: %s()' % (os.path.relpath(path, src), fn))
    if len(where) > 1:
        bad.append('the board\'s RAM backend is decided in %d places, not '
                   'one: %s' % (len(where), ', '.join(where)))
    if not where:
        bad.append('no function reads default_ram_id: the board\'s RAM '
                   'backend is decided nowhere')


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    root = sys.argv[1]
    src = os.path.join(root, 'src')
    inc = os.path.join(root, 'include')
    bad = []
    check_consumers(src, inc, bad)
    check_view_header(src, inc, bad)
    check_memory(src, inc, bad)
    check_decision(src, bad)
    for b in bad:
        print('layers: ' + b)
    if not bad:
        print('layers: report/, firmware/ and host/ read view/view.h only; '
              'the board\'s RAM backend is decided in one function')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
