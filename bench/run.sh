#!/bin/sh
# Whole-process time of vnuma on q35 configurations of 32, 64 and 128 nodes
# with full distance matrices (the largest has 16,256 -numa dist options),
# and QEMU 7.2 on the same 128-node input against QEMU with no NUMA at all.
# Prints the median of each and the growth from one size to the next.
# Usage: bench/run.sh path/to/vnuma
set -eu
vnuma=${1:-build/vnuma}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(dirname "$0")
python3 "$here/gen_config.py" 32 63 "$dir/n32.args"
python3 "$here/gen_config.py" 64 127 "$dir/n64.args"
python3 "$here/gen_config.py" 128 255 "$dir/n128.args"
# Sanity: each configuration is accepted.
for n in 32 64 128; do "$vnuma" "@$dir/n$n.args" > /dev/null; done
# Address -> node lookups and add/remove at 128 nodes, 256 DIMMs.
"$(dirname "$vnuma")/bench/layout_bench"

hyperfine -N --warmup 5 --runs 60 --export-json "$dir/vnuma.json" \
	-n n32 "$vnuma @$dir/n32.args" \
	-n n64 "$vnuma @$dir/n64.args" \
	-n n128 "$vnuma @$dir/n128.args" > /dev/null
python3 - "$dir/vnuma.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print("vnuma, whole process, median of 60 runs (after 5 warm-up runs):")
prev = None
for name, opts in (("n32", 32 * 31), ("n64", 64 * 63), ("n128", 128 * 127)):
    med = r[name]["median"] * 1e3
    growth = f"  x{med / prev:.2f} time for x{opts / popts:.2f} dist options" if prev else ""
    print(f"  {name:5} {opts:6} dist options: {med:7.2f} ms{growth}")
    prev, popts = med, opts
print(f"  target: n128 under 10 ms -> {'met' if r['n128']['median'] < 0.010 else 'NOT met'}")
PY

if command -v qemu-system-x86_64 > /dev/null; then
	# QEMU has no @FILE: a wrapper reads the options from the file (one
	# per line, split at the first blank) and quits QEMU as soon as QMP
	# is up. The same wrapper runs the machine without -numa.
	grep -v -- '^-numa\|^-object' "$dir/n128.args" > "$dir/plain.args"
	cat > "$dir/qemu.sh" <<'SH'
#!/bin/sh
set -f
args=$(sed 's/ /\n/' "$1" | tr '\n' ' ')
echo '{"execute":"qmp_capabilities"}{"execute":"quit"}' |
	exec qemu-system-x86_64 $args -S -display none -nodefaults -qmp stdio > /dev/null
SH
	hyperfine -N --warmup 0 --runs 3 --export-json "$dir/qemu.json" \
		-n qemu-no-numa "sh $dir/qemu.sh $dir/plain.args" \
		-n qemu-n128 "sh $dir/qemu.sh $dir/n128.args" > /dev/null
	python3 - "$dir/qemu.json" "$dir/vnuma.json" <<'PY'
import json, sys
q = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
v = {x["command"]: x["median"] for x in json.load(open(sys.argv[2]))["results"]}
extra = q["qemu-n128"] - q["qemu-no-numa"]
print("QEMU 7.2 (-S, quit at once), median of 3 runs:")
print(f"  no NUMA {q['qemu-no-numa']*1e3:8.1f} ms, 128 nodes {q['qemu-n128']*1e3:8.1f} ms: NUMA costs QEMU {extra*1e3:.1f} ms")
print(f"  vnuma's whole run is {v['n128']*1e3:.2f} ms: {extra / v['n128']:.0f}x less than QEMU's NUMA part")
PY
fi
