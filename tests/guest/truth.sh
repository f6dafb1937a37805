#!/bin/sh
# SPDX-License-Identifier: MIT
# Guest side of the host-truth cases (tests/guest/truth.py), run by /init
# as vnuma.test=/bin/truth.sh after its topology report. Makes the guest a
# host worth asking about (per-node huge page pools, a hugetlbfs mount, a
# cgroup v2 child group with cpuset, memory and hugetlb limits that this
# shell moves into), then runs one part, vnuma.part= on the command line:
#   host     the raw sysfs/procfs/cgroup files, `vnuma --host --json`, and
#            the files again (free memory moves meanwhile); and that this
#            vnuma, built without libvirt, fails --libvirt with
#            libvirt.absent
#   promise  for each /etc/cfg/NAME.args: `vnuma --check-host --json`,
#            then `vnuma --realize --json`
#   plan     for each "plan" line of /etc/truth.setup: `vnuma plan`, its
#            options preflighted by `vnuma --check-host --json`, realized
#            by `vnuma --realize --json` and checked page by page by
#            vnuma-guest-placement
# Everything the host side reads is in blocks (README.md, "Console
# protocol"):
#   VNUMA-BLOCK BEGIN <name>
#   ...the file or output, verbatim...
#   VNUMA-BLOCK END <name> <status>
# and "VNUMA-BLOCK ABSENT <name>" for a file that does not exist.
export PATH=/bin
S=/sys/devices/system/node
CG=/sys/fs/cgroup
SETUP=/etc/truth.setup

arg() {
	for w in $(cat /proc/cmdline); do
		case "$w" in "$1"=*) echo "${w#*=}"; return;; esac
	done
}

# block NAME FILE STATUS: FILE's content as block NAME
block() {
	echo "VNUMA-BLOCK BEGIN $1"
	cat "$2"
	# a last line without a newline would swallow the END marker
	[ -s "$2" ] && [ "$(tail -c 1 "$2" | od -An -c | tr -d ' ')" != '\n' ] &&
		echo
	echo "VNUMA-BLOCK END $1 $3"
}

# dump PREFIX FILE: a sysfs/procfs/cgroup file as block PREFIX:FILE
dump() {
	if [ -r "$2" ]; then
		cat "$2" > /tmp/dump 2>/dev/null
		block "$1:$2" /tmp/dump $?
	else
		echo "VNUMA-BLOCK ABSENT $1:$2"
	fi
}

fail() {
	echo "VNUMA-SETUP-FAIL $*"
	exit 1
}

# run NAME CMD...: CMD's stdout and stderr as blocks NAME.out, NAME.err
run() {
	n=$1
	shift
	"$@" > /tmp/out 2> /tmp/err
	rc=$?
	block "$n.out" /tmp/out $rc
	block "$n.err" /tmp/err $rc
}

# Kernel messages (an OOM kill, say) must not land inside a block.
dmesg -n 1

mkdir -p /dev/hugepages
mount -t hugetlbfs -o pagesize=2M hugetlbfs /dev/hugepages ||
	fail "mount hugetlbfs"
grep -v '^#' $SETUP | while read -r k a b; do
	[ "$k" = hugepages ] || continue
	f=$S/node$a/hugepages/hugepages-2048kB/nr_hugepages
	echo "$b" > $f || fail "echo $b > $f"
	[ "$(cat $f)" = "$b" ] || fail "$f is $(cat $f), not $b"
done || exit 1
mount -t cgroup2 cgroup2 $CG || fail "mount cgroup2"
echo "+cpuset +memory +hugetlb" > $CG/cgroup.subtree_control ||
	fail "enable cpuset memory hugetlb"
mkdir $CG/vnuma || fail "mkdir $CG/vnuma"
grep -v '^#' $SETUP | while read -r k a b; do
	[ "$k" = cgroup ] || continue
	echo "$b" > $CG/vnuma/$a || fail "echo $b > $CG/vnuma/$a"
done || exit 1
echo $$ > $CG/vnuma/cgroup.procs || fail "move into $CG/vnuma"
echo "VNUMA-SETUP-OK"

files() {
	for f in $S/online $S/possible $S/has_cpu $S/has_memory \
		/proc/self/cgroup /proc/self/status \
		/sys/kernel/mm/transparent_hugepage/enabled \
		$CG/vnuma/cpuset.cpus.effective $CG/vnuma/cpuset.mems.effective \
		$CG/vnuma/memory.max $CG/vnuma/memory.current \
		$CG/vnuma/memory.stat $CG/vnuma/hugetlb.*.max \
		$CG/vnuma/hugetlb.*.current \
		/sys/kernel/mm/hugepages/hugepages-*/*_hugepages; do
		dump "$1" $f
	done
	for n in $S/node[0-9]*; do
		for f in $n/cpulist $n/meminfo $n/distance \
			$n/hugepages/hugepages-*/nr_hugepages \
			$n/hugepages/hugepages-*/free_hugepages \
			$n/hugepages/hugepages-*/surplus_hugepages; do
			dump "$1" $f
		done
	done
	for t in /sys/devices/virtual/memory_tiering/memory_tier*; do
		[ -d $t ] && dump "$1" $t/nodelist
	done
}

V=/bin/vnuma
case "$(arg vnuma.part)" in
host)
	files before
	run host $V --host --json
	files after
	# this static build has no libvirt front-end: it must say so
	run absent $V --json --libvirt $SETUP
	;;
promise)
	for f in /etc/cfg/*.args; do
		c=${f##*/}
		c=${c%.args}
		run "check:$c" $V --check-host --json @$f
		run "realize:$c" $V --realize --json @$f
	done
	;;
plan)
	i=0
	grep '^plan ' $SETUP | while read -r k args; do
		i=$((i + 1))
		run "plan-json:$i" $V plan $args --json
		run "plan:$i" $V plan $args
		if [ $rc = 0 ]; then
			cp /tmp/out /tmp/plan.args
			run "plan-check:$i" $V --check-host --json @/tmp/plan.args
			run "plan-realize:$i" $V --realize --json @/tmp/plan.args
			# every page, not vnuma's sample: prealloc'd here so
			# that each page is placed
			sed '/^-object memory-backend-/{/prealloc=/!s/$/,prealloc=on/}' \
				/tmp/plan.args | grep -v '^#' > /tmp/plan.pre
			run "plan-placement:$i" /bin/vnuma-guest-placement \
				$(cat /tmp/plan.pre)
		fi
	done
	;;
*)
	fail "vnuma.part= host, promise or plan"
	;;
esac
echo "VNUMA-TRUTH DONE"
