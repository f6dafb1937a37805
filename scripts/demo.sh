#!/bin/sh
# The demo: vnuma on a real configuration, then on a broken one.
set -u
vnuma=${1:-build/vnuma}
root=$(dirname "$0")/..
show() { printf '\n$ %s\n' "$*"; "$@"; printf '(exit status %d)\n' $?; }

echo "== The configuration (examples/demo.args) =="
grep -v '^#' "$root/examples/demo.args"
show "$vnuma" "@$root/examples/demo.args"
echo
echo "== The same as JSON, first lines =="
"$vnuma" --json "@$root/examples/demo.args" | head -40
echo "..."
echo
echo "== A mistake: CPU 1 placed on two nodes =="
show "$vnuma" -M q35 -smp 4 -m 2G \
	-object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=1G \
	-numa node,cpus=0-1,memdev=a -numa node,cpus=1-3,memdev=b
echo
echo "== A whole QEMU command line, pasted =="
show "$vnuma" --ignore-unknown -- qemu-system-x86_64 -enable-kvm -M q35 -m 2G -smp 2 \
	-display none -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G \
	-numa node,cpus=0,memdev=m0 -numa node,cpus=1,memdev=m1 -numa dist,src=0,dst=1,val=21 \
	-netdev user,id=n0 -device virtio-net-pci,netdev=n0 -drive file=disk.img,if=virtio
echo
echo "== This host, as the kernel shows it =="
show "$vnuma" --host
echo
echo "== Will the demo guest start here? (allocates nothing) =="
show "$vnuma" --check-host "@$root/examples/demo.args"
echo
echo "== A guest this host cannot start: every reason at once =="
show "$vnuma" --check-host -M q35 -m 4G -smp 2 \
	-object memory-backend-ram,id=m0,size=2G,host-nodes=1,policy=bind \
	-object memory-backend-memfd,id=m1,size=2G,hugetlb=on,hugetlbsize=1G,host-nodes=0,policy=bind,prealloc=on \
	-numa node,cpus=0,memdev=m0 -numa node,cpus=1,memdev=m1
echo
echo "== A guest that mirrors a recorded five-node host =="
show "$vnuma" plan --vcpus 4 --memory 5G --host-root "$root/tests/fixtures/hostinfo/four"
exit 0
