#!/usr/bin/env python3
"""libvnuma's manual pages: every exported function is in the SYNOPSIS of a
page and has a page of its own name; groff reads every page without a
warning; after `meson install` into a temporary directory, man(1) finds
and renders libvnuma(3) and a function's page, the headers are all there,
and the overview's example, built against the installed headers and
library, prints what the page says it prints.

    man_check.py BUILDDIR SOURCEDIR [CC [SANITIZERS]]
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

build, src = Path(sys.argv[1]), Path(sys.argv[2])
cc = shlex.split(sys.argv[3]) if len(sys.argv) > 3 else ["cc"]
sanitize = sys.argv[4] if len(sys.argv) > 4 else "none"
man3 = build / "man3"
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def render(page):
    r = run(["groff", "-man", "-ww", "-rHY=0", "-Tascii", "-P-cbou", str(page)])
    if r.returncode or r.stderr:
        fail(f"groff on {page.name}: {r.stderr.strip() or r.returncode}")
    return r.stdout


def section(text, name):
    m = re.search(r"^%s\n(.*?)(?=^[A-Z][A-Z ]+\n|\Z)" % name, text,
                  re.S | re.M)
    return m.group(1) if m else ""


# The pages as built.
pages = {p.stem: p for p in man3.glob("*.3")}
links = {n: p for n, p in pages.items() if p.read_text().startswith(".so ")}
full = {n: p for n, p in pages.items() if n not in links}
if "libvnuma" not in full:
    fail("no libvnuma.3")
rendered = {name: render(page) for name, page in sorted(full.items())}
synopses = {name: section(t, "SYNOPSIS") for name, t in rendered.items()}
for name, page in links.items():
    target = page.read_text().split()[1]
    if not (man3.parent / target).is_file() or \
            Path(target).stem not in full:
        fail(f"{name}.3 points to {target}, which is not a page")

mapped = re.findall(r"^\s*(vnuma_\w+);", (src / "src/libvnuma.map")
                    .read_text(), re.M)
for fn in mapped:
    where = [n for n, s in synopses.items() if re.search(
        r"\b%s\(" % fn, s)]
    if not where:
        fail(f"{fn} is in no page's SYNOPSIS")
    if fn not in pages:
        fail(f"{fn} has no page of its name (man 3 {fn})")
groups = [n for n in full if n != "libvnuma"]
see_also = section(rendered.get("libvnuma", ""), "SEE ALSO")
for g in groups:
    if f"{g}(3)" not in see_also:
        fail(f"libvnuma(3) does not list {g}(3) in SEE ALSO")
print(f"{len(full)} pages, {len(links)} links, {len(mapped)} functions")

# The forms a header may take that the public headers do not use yet: a
# function defined in the header, a function-like macro, a function
# pointer parameter, a /** comment. Each function gets its page and its
# own SYNOPSIS line.
SAMPLE = """/* SPDX-License-Identifier: MIT */
/* a sample */
#ifndef SAMPLE_H
#define SAMPLE_H
#define VNUMA_SAMPLE_NUMBER(a, b) \\
\t((a) * 100 + (b))
/* Defined here. */
static inline int vnuma_sample_inline(unsigned a)
{
\treturn a > 1;
}
/**
 * Declared after it.
 * Errors: VNUMA_E_INVAL.
 */
int vnuma_sample_call(int *out, void (*cb)(void *, int), void *opaque);
#endif
"""
with tempfile.TemporaryDirectory() as tmp:
    (Path(tmp) / "inc").mkdir()
    (Path(tmp) / "inc" / "sample.h").write_text(SAMPLE)
    r = run([sys.executable, str(src / "scripts/gen-man.py"), "--outdir",
             str(Path(tmp) / "man3"), str(Path(tmp) / "inc")])
    page = Path(tmp) / "man3" / "vnuma_sample.3"
    if r.returncode or not page.is_file():
        fail("gen-man.py on a sample header: " + r.stderr)
    else:
        text = render(page)
        syn = section(text, "SYNOPSIS")
        for want in ("static inline int vnuma_sample_inline(unsigned a);",
                     "int vnuma_sample_call(int *out, void (*cb)(void *, "
                     "int),"):
            if want not in syn:
                fail(f"sample SYNOPSIS lacks {want!r}:\n{syn}")
        if "Declared after it." not in section(text, "DESCRIPTION"):
            fail("sample DESCRIPTION lacks the /** comment")
        for fn in ("vnuma_sample_inline", "vnuma_sample_call"):
            if not (page.parent / (fn + ".3")).is_file():
                fail(f"sample: no page {fn}.3")

# Installed.
with tempfile.TemporaryDirectory() as tmp:
    r = run(["meson", "install", "-C", str(build), "--destdir", tmp,
             "--no-rebuild", "--quiet"])
    if r.returncode:
        fail("meson install: " + r.stderr)
        sys.exit(1)
    found = list(Path(tmp).rglob("man3/libvnuma.3"))
    if len(found) != 1:
        fail(f"libvnuma.3 installed {len(found)} times")
        sys.exit(1)
    manpath = found[0].parent.parent
    env = dict(os.environ, MANPATH=str(manpath), MANWIDTH="80",
               MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8")
    r = run(["man", "-w", "3", "libvnuma"], env=env)
    if r.returncode or r.stdout.strip() != str(found[0]):
        fail(f"man -w 3 libvnuma: {r.stdout.strip()} {r.stderr.strip()}")
    for page, expect in (("libvnuma", "vnuma_topology_new()"),
                         ("vnuma_topology_new", "vnuma_topology_new(")):
        r = run(["man", "--warnings", "3", page], env=env)
        if r.returncode or r.stderr or expect not in r.stdout:
            fail(f"man 3 {page}: status {r.returncode}, "
                 f"{r.stderr.strip() or 'no ' + expect}")
    for h in (src / "include/vnuma").glob("*.h"):
        if not list(Path(tmp).rglob("include/vnuma/" + h.name)):
            fail(f"vnuma/{h.name} is not installed")

    # The overview's example against the installed library.
    text = full["libvnuma"].read_text()
    blocks = re.findall(r"^\.EX\n(.*?)^\.EE", text.split(".SH EXAMPLE")[1],
                        re.S | re.M)

    def unroff(s):
        return s.replace("\\-", "-").replace("\\e", "\\")
    prog, expected = unroff(blocks[0]), unroff(blocks[1])
    incdir = next(Path(tmp).rglob("include/vnuma")).parent
    libdir = next(Path(tmp).rglob("libvnuma.so")).parent
    (Path(tmp) / "ex.c").write_text(prog)
    exe = Path(tmp) / "ex"
    san = ["-fsanitize=" + sanitize] if sanitize != "none" else []
    r = run(cc + san + ["-std=c99", "-Wall", "-Wextra", "-Werror", "-I",
                        str(incdir), str(Path(tmp) / "ex.c"), "-L",
                        str(libdir), "-lvnuma", "-o", str(exe)])
    if r.returncode:
        fail("the example does not build: " + r.stderr)
    else:
        r = run([str(exe)], env=dict(os.environ,
                                     LD_LIBRARY_PATH=str(libdir)))
        if r.returncode or r.stdout != expected:
            fail(f"the example printed {r.stdout!r}{r.stderr!r}, "
                 f"the page says {expected!r}")

print("man pages ok" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)
