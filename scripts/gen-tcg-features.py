#!/usr/bin/env python3
"""Writes src/machine/tcg_features_table.c from qemu-system-x86_64 7.2.

Under TCG, QEMU warns once per CPU for each CPUID feature of the -cpu
model that TCG cannot give. This asks the installed binary which those
are: for every model of `-cpu help` (as -M q35 resolves it), the features
it warns about, and for every flag of `-cpu help`, whether qemu64 with
that flag on warns, and with which CPUID word and bit. Features whose
dependencies qemu64 lacks (VMX and MSR-based ones) are taken from the
models that warn about them.

    python3 scripts/gen-tcg-features.py > src/machine/tcg_features_table.c
    python3 scripts/gen-tcg-features.py --check src/machine/tcg_features_table.c
"""
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

QEMU = "qemu-system-x86_64"
QMP = '{"execute":"qmp_capabilities"}{"execute":"quit"}'
WARN = re.compile(r"^qemu-system-x86_64: warning: TCG doesn't support "
                  r"requested feature: (\S+)\.([^\s.]+) \[bit (\d+)\]$")
# QEMU 7.2's FeatureWord order (target/i386/cpu.h), which is the order of
# its warnings, as each word prints itself.
WORDS = [
    "CPUID.01H:EDX", "CPUID.01H:ECX", "CPUID.07H:EBX", "CPUID.07H:ECX",
    "CPUID.07H:EDX", "CPUID.07H:EAX", "CPUID.80000001H:EDX",
    "CPUID.80000001H:ECX", "CPUID.80000007H:EDX", "CPUID.80000008H:EBX",
    "CPUID.C0000001H:EDX", "CPUID.40000001H:EAX", "CPUID.40000001H:EDX",
    "CPUID.8000000AH:EDX", "CPUID.0DH:EAX", "CPUID.06H:EAX",
    "MSR(10AH)", "MSR(CFH)", "MSR(345H)", "CPUID.14H:ECX",
    "CPUID.12H:EAX", "CPUID.12H:EBX",
]


def warnings(cpu):
    p = subprocess.run([QEMU, "-M", "q35", "-accel", "tcg", "-cpu", cpu,
                        "-smp", "1", "-S", "-display", "none",
                        "-nodefaults", "-qmp", "stdio"], input=QMP,
                       capture_output=True, text=True, timeout=60)
    found, other = [], []
    for line in p.stderr.splitlines():
        m = WARN.match(line)
        if m:
            found.append((m.group(1), m.group(2), int(m.group(3))))
        elif "warning" in line or "rror" in line:
            other.append(line)
    return p.returncode, found, other


def main():
    out_check = sys.argv[2] if sys.argv[1:2] == ["--check"] else None
    helptext = subprocess.run([QEMU, "-cpu", "help"], capture_output=True,
                              text=True, check=True).stdout
    models = [l.split()[1] for l in helptext.splitlines()
              if l.startswith("x86 ")]
    flags = helptext.split("Recognized CPUID flags:")[1].split()
    feats, per_model = {}, {}
    with ThreadPoolExecutor(2) as ex:
        for name, (rc, found, _) in zip(models, ex.map(warnings, models)):
            if rc:
                continue  # "host": not under TCG
            per_model[name] = [f[1] for f in found]
            for word, feat, bit in found:
                feats[feat] = (word, bit)
        runs = ex.map(warnings, [f"qemu64,{f}=on" for f in flags])
        for flag, (rc, found, other) in zip(flags, runs):
            if not rc and not other and len(found) == 1:
                word, feat, bit = found[0]
                feats[feat] = (word, bit)
    for word, _ in feats.values():
        if word not in WORDS:
            sys.exit(f"unknown feature word {word}: add it to WORDS")
    lines = ["/* SPDX-License-Identifier: MIT */",
             "/* Written by scripts/gen-tcg-features.py from "
             "qemu-system-x86_64 7.2: do not edit. */",
             '#include "tcg_features.h"', "",
             "const char *const vnuma__tcg_words[] = {"]
    lines += [f'\t"{w}",' for w in WORDS]
    lines += ["};", "",
              "/* The features TCG cannot give, by name. */",
              "const struct vnuma__tcg_feature vnuma__tcg_features[] = {"]
    for name in sorted(feats):
        word, bit = feats[name]
        lines.append(f'\t{{ "{name}", {WORDS.index(word)}, {bit} }},')
    lines += ["};", "const size_t vnuma__tcg_feature_count =",
              "\tsizeof(vnuma__tcg_features) / "
              "sizeof(vnuma__tcg_features[0]);", "",
              "/* Each model's features TCG cannot give (as -M q35 "
              "resolves it). */",
              "const struct vnuma__tcg_model vnuma__tcg_models[] = {"]
    for name in sorted(per_model):
        lines.append(f'\t{{ "{name}", "{" ".join(per_model[name])}" }},')
    lines += ["};", "const size_t vnuma__tcg_model_count =",
              "\tsizeof(vnuma__tcg_models) / sizeof(vnuma__tcg_models[0]);",
              ""]
    text = "\n".join(lines)
    if out_check:
        with open(out_check) as f:
            if f.read() != text:
                sys.exit(f"{out_check} differs from what {QEMU} says: "
                         "run scripts/gen-tcg-features.py")
        print("tcg features: the table agrees with the binary")
        return
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
