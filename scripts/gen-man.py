#!/usr/bin/env python3
"""Writes libvnuma's section 3 manual pages from the public headers.

For every include/vnuma/NAME.h that declares something, a page vnuma_NAME.3
(vnuma.3 for vnuma.h): NAME lists its functions, SYNOPSIS is the header's
function declarations, DESCRIPTION its doc comments with the types and
macros they describe. Every function, and every type that has no page of
its own name, gets a one-line page (.so) pointing at its group's page, so
that `man 3 vnuma_topology_new` finds it. The overview libvnuma.3 is written
by hand (TEMPLATE); its SEE ALSO list is filled in here, so a new header
is listed without editing it.

The headers are read, not compiled: the parser knows the shapes they are
written in (STYLE.md): a comment just above the declarations it documents,
a blank line between groups, and an optional one-line summary comment
between the SPDX line and the include guard.

    gen-man.py --outdir DIR --version V --template libvnuma.3.in INCDIR
    gen-man.py --list INCDIR     (the headers, one a line, for meson)
"""
import argparse
import re
import sys
from pathlib import Path

CPP_SKIP = re.compile(r'#\s*(ifndef|ifdef|if|endif|else|include|pragma)\b')


def comment_text(raw):
    """The lines of a /* ... */ comment without its markers."""
    body = raw.strip()[2:-2]
    lines = []
    for line in body.split("\n"):
        line = line.strip()
        if line.startswith("*"):
            line = line[1:]
            if line.startswith(" "):
                line = line[1:]
        lines.append(line.rstrip())
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def read_comment(text, i):
    end = text.find("*/", i)
    if end < 0:
        raise ValueError("unterminated comment")
    return text[i:end + 2], end + 2


def lex(text, guard=None):
    """Items in order: ('comment', lines), ('blank',), ('decl', code,
    trailing comment lines or None). Preprocessor lines other than
    #define (but the include guard's), and the extern "C" braces, are
    dropped."""
    items = []
    i, n = 0, len(text)
    while i < n:
        # the start of a line: skip indentation
        j = i
        while j < n and text[j] in " \t":
            j += 1
        if j >= n:
            break
        if text[j] == "\n":
            items.append(("blank",))
            i = j + 1
            continue
        if text.startswith("/*", j):
            raw, i = read_comment(text, j)
            items.append(("comment", comment_text(raw)))
            i = skip_eol(text, i)
            continue
        if text[j] == "#":
            end = j
            while True:
                nl = text.find("\n", end)
                nl = n if nl < 0 else nl
                if text[end:nl].rstrip().endswith("\\"):
                    end = nl + 1
                    continue
                break
            line = text[j:nl]
            i = nl + 1
            m = re.match(r"#\s*define\s+(\w+)", line)
            if m and m.group(1) != guard:
                items.append(("decl", line.rstrip(), None))
            continue
        if text.startswith('extern "C"', j) or text[j] == "}":
            nl = text.find("\n", j)
            i = n if nl < 0 else nl + 1
            continue
        # a declaration: up to ';' outside braces, comments kept inside
        depth, k = 0, j
        while k < n:
            if text.startswith("/*", k):
                _, k = read_comment(text, k)
                continue
            c = text[k]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                # a function defined in the header (static inline) ends
                # at its closing brace; its prototype is what is shown
                if depth == 0 and is_definition(text[j:k]):
                    break
            elif c == ";" and depth == 0:
                break
            k += 1
        code = text[j:k + 1]
        if code.endswith("}"):
            code = code[:code.index("{")].rstrip() + ";"
        i = k + 1
        trail = None
        m = re.match(r"[ \t]*(/\*.*?\*/)", text[i:], re.S)
        if m and "\n" not in text[i:i + m.start(1)]:
            trail = comment_text(m.group(1))
            i += m.end()
        items.append(("decl", code, trail))
        i = skip_eol(text, i)
    return items


def is_definition(code):
    """Whether code, up to a closing brace, is a function's definition."""
    head = strip_comments(code.split("{", 1)[0]).strip()
    return head.endswith(")") and not re.match(
        r"(typedef|struct|enum|union)\b", head)


def skip_eol(text, i):
    while i < len(text) and text[i] in " \t":
        i += 1
    if i < len(text) and text[i] == "\n":
        i += 1
    return i


class Decl:
    def __init__(self, code, trail):
        self.code = code
        self.trail = trail
        flat = " ".join(strip_comments(code).split())
        self.kind, self.name = classify(flat)
        self.flat = flat


def strip_comments(code):
    return re.sub(r"/\*.*?\*/", " ", code, flags=re.S)


def classify(flat):
    if flat.startswith("#"):
        m = re.match(r"#\s*define\s+(\w+)", flat)
        return "macro", m.group(1)
    if flat.startswith("typedef"):
        # typedef ... NAME; or a function pointer typedef (*NAME)(...)
        m = re.search(r"\(\s*\*\s*(\w+)\s*\)\s*\(", flat)
        if m and "{" not in flat:
            return "type", m.group(1)
        m = re.search(r"(\w+)\s*;$", flat)
        return "type", m.group(1)
    m = re.match(r"(struct|enum|union)\s+(\w+)\s*\{", flat)
    if m:
        return "type", m.group(1) + " " + m.group(2)
    # a function: the identifier before the first '('
    m = re.search(r"(\w+)\s*\(", flat)
    if m:
        return "function", m.group(1)
    return "other", flat


def parse_header(path):
    text = path.read_text()
    text = re.sub(r"\A/\*\s*SPDX-License-Identifier:.*?\*/[ \t]*\n", "",
                  text)
    summary = None
    m = re.match(r"\s*(/\*.*?\*/)\s*\n\s*#\s*ifndef", text, re.S)
    if m:
        summary = " ".join(comment_text(m.group(1)))
        text = text[m.end(1):]
    groups = []
    cur = None
    m = re.search(r"#\s*ifndef\s+(\w+)", text)
    for item in lex(text, m.group(1) if m else None):
        if item[0] == "blank":
            cur = None
        elif item[0] == "comment":
            cur = {"text": item[1], "decls": []}
            groups.append(cur)
        else:
            if cur is None:
                cur = {"text": [], "decls": []}
                groups.append(cur)
            cur["decls"].append(Decl(item[1], item[2]))
    return summary, groups


# --- roff --------------------------------------------------------------

def esc(s):
    s = s.replace("\\", "\\e")
    # a minus sign before an option or a number, not a hyphen in a word
    s = re.sub(r"(^|[\s(\"'`\[,=])-", r"\1\\-", s)
    return s


def esc_line(s):
    s = esc(s)
    if s.startswith((".", "'")):
        s = "\\&" + s
    return s


def prose(lines):
    """Comment lines as filled text; "Errors:" starts a paragraph."""
    out = []
    for line in lines:
        if not line:
            out.append(".PP")
            continue
        if line.startswith("Errors:") and out:
            out.append(".PP")
        out.append(esc_line(line))
    return out


def code_block(code):
    out = [".PP", ".in +4n", ".EX"]
    for line in code.expandtabs(8).split("\n"):
        out.append(esc_line(line.rstrip()) if line.strip() else "")
    out += [".EE", ".in"]
    return out


def split_params(s):
    parts, depth, cur = [], 0, ""
    for c in s:
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        parts.append(cur.strip())
    return parts


def synopsis_function(flat, width=72):
    """A prototype in man-pages style: types bold, parameter names italic,
    wrapped under the opening parenthesis."""
    m = re.match(r"(.*?\b\w+\s*)\((.*)\)\s*;$", flat)
    head, params = m.group(1).rstrip() + "(", split_params(m.group(2))
    # each parameter as runs [(italic?, text)], its separator included
    pieces = []
    for idx, p in enumerate(params):
        sep = ", " if idx < len(params) - 1 else ");"
        pm = re.match(r"(.*?)(\w+)(\s*\[[^]]*\])?$", p)
        if p in ("void", "...") or not pm or not pm.group(1).strip():
            pieces.append([(False, p + sep)])
        else:
            pieces.append([(False, pm.group(1)),
                           (True, pm.group(2) + (pm.group(3) or "")),
                           (False, sep)])
    if not params:
        pieces.append([(False, ");")])
    indent = " " * len(head)
    lines, cur = [], [(False, head)]
    for piece in pieces:
        curlen = sum(len(t) for _, t in cur)
        plen = sum(len(t) for _, t in piece)
        if curlen + plen > width and curlen > len(indent):
            lines.append(cur)
            cur = [(False, indent)]
        cur.extend(piece)
    lines.append(cur)
    out = []
    for runs in lines:
        seq = [""]  # alternating bold, italic, bold, ...
        for italic, text in runs:
            if italic:
                seq += [text, ""]
            else:
                seq[-1] += text
        seq[-1] = seq[-1].rstrip()
        if seq[-1] == "":
            seq.pop()
        args = ['"%s"' % esc(t) if (" " in t or not t) else esc(t)
                for t in seq]
        out.append((".BI " if len(seq) > 1 else ".B ") + " ".join(args))
    return out


def synopsis_type(d):
    """A type in one line: a struct's members are in DESCRIPTION."""
    if "{" in d.flat:
        line = d.flat.split("{")[0].rstrip() + " { ... }"
        if d.flat.startswith("typedef"):
            line += " " + d.name
        return line + ";"
    if len(d.flat) > 72 and "(" in d.flat:
        return d.flat[:d.flat.index(")") + 1] + "(...);"
    return d.flat


def page_name(header):
    stem = header.stem
    return "vnuma" if stem == "vnuma" else "vnuma_" + stem


def write_page(outdir, header, version, all_pages):
    summary, groups = parse_header(header)
    decls = [d for g in groups for d in g["decls"]]
    if not decls:
        return None
    name = page_name(header)
    funcs = [d for d in decls if d.kind == "function"]
    types = [d for d in decls if d.kind == "type"]
    if not summary:
        summary = "declarations of <vnuma/%s>" % header.name
    out = ['.\\" Generated by scripts/gen-man.py from include/vnuma/%s: '
           'edit the header, not this page.' % header.name,
           '.TH %s 3 "" "vnuma %s" "libvnuma Manual"' % (name.upper(), version),
           # identifiers must not be hyphenated
           ".nh", ".SH NAME"]
    names = [d.name for d in funcs] or [name]
    out.append(esc(", ".join(names)) + " \\- " + esc(summary.rstrip(".")))
    out += [".SH SYNOPSIS", ".nf",
            ".B #include <vnuma/%s>" % header.name]
    for d in types:
        out += [".PP", ".B " + esc(synopsis_type(d))]
    for g in groups:
        fs = [d for d in g["decls"] if d.kind == "function"]
        if fs:
            out.append(".PP")
            for d in fs:
                out += synopsis_function(d.flat)
    out += [".fi", ".SH DESCRIPTION"]
    for g in groups:
        ds = g["decls"]
        if ds:
            heads = [d.name + ("()" if d.kind == "function" else "")
                     for d in ds]
            out.append(".SS " + esc(", ".join(heads)))
        else:
            out.append(".PP")
        out += prose(g["text"])
        for d in ds:
            if d.kind == "function" and d.trail:
                out.append(".PP")
                out += prose(["%s(): %s" % (d.name, " ".join(d.trail))])
        code = "\n".join(d.code for d in ds if d.kind in ("type", "macro"))
        if code:
            out += code_block(code)
    see = ["libvnuma (3)"] + ["%s (3)" % p for p in all_pages if p != name]
    out += [".SH SEE ALSO"]
    out += [".BR " + s + ("," if k < len(see) - 1 else "")
            for k, s in enumerate(see)]
    (outdir / (name + ".3")).write_text("\n".join(out) + "\n")
    aliases = [d.name for d in funcs]
    aliases += [d.name for d in types if re.match(r"vnuma_\w+$", d.name)]
    return name, aliases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--outdir")
    ap.add_argument("--version", default="")
    ap.add_argument("--template")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("incdir")
    a = ap.parse_args()
    headers = sorted(Path(a.incdir).glob("*.h"))
    if a.list:
        for h in headers:
            print(h)
        return 0
    outdir = Path(a.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.glob("*.3"):
        old.unlink()  # a function renamed or removed leaves no page behind
    pages = [page_name(h) for h in headers
             if any(g["decls"] for g in parse_header(h)[1])]
    made = {}
    for h in headers:
        r = write_page(outdir, h, a.version, pages)
        if r:
            made[r[0]] = r[1]
    for page, aliases in made.items():
        for alias in aliases:
            if alias in made:
                continue
            (outdir / (alias + ".3")).write_text(".so man3/%s.3\n" % page)
    if a.template:
        see = ",\n".join(".BR %s (3)" % p for p in sorted(made))
        text = Path(a.template).read_text()
        text = text.replace("@VERSION@", a.version)
        text = text.replace("@GROUP_PAGES@", see)
        (outdir / "libvnuma.3").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
