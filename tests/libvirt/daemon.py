"""A private libvirtd for the libvirt corpus, and the host state it needs.

libvirtd runs as root in a mount namespace of its own (unshare -m) in
which /run, /var/lib and /var/log are empty tmpfs, /var/cache a directory
of the test (QEMU capabilities probed once survive a restart), /etc/libvirt
is a temporary directory holding our libvirtd.conf and qemu.conf, and
/etc/passwd and /etc/group are copies that add the libvirt-qemu user and
the kvm group its QEMU driver looks up at start. So it shares no socket,
pid file, cache or state with a system libvirtd, and the machine gets no
new user. Its socket lies in the temporary directory; virsh reaches it with
qemu:///system?socket=PATH. It is stopped by its pid (SIGTERM, then
SIGKILL); its namespace and tmpfs mounts go with it.

Huge pages: libvirt turns <hugepages/> into a memory-backend-file on a
mounted hugetlbfs and QEMU maps it even with -S, so a 2 MiB and a 1 GiB
hugetlbfs are mounted under the temporary directory (before the namespace
is made, so libvirtd and QEMU see the same ones) and the 2 MiB pool is
raised to HUGE_2M_PAGES if lower. The 1 GiB pool is left as found (empty
here): QEMU's refusal of those domains is part of the corpus. Everything is
given back in stop(), which then checks that it was.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HUGE_2M_PAGES = 192  # 384 MiB: more than any one domain of the corpus needs
POOL_2M = "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
START_TIMEOUT = 120  # the first connection probes both QEMU binaries


class DaemonError(Exception):
    pass


def _run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    if p.returncode:
        raise DaemonError(f"{' '.join(cmd)}: {p.stderr.strip()}")


def _mounts():
    with open("/proc/self/mounts") as f:
        return [l.split()[1] for l in f]


class Libvirtd:
    def __init__(self):
        self.dir = None
        self.proc = None
        self.mounted = []
        self.pool_was = None
        self.huge = {}
        self.uri = None
        self.lock = threading.Lock()  # virsh calls and restarts

    # ------------------------------------------------------------ start

    def start(self):
        self.dir = Path(tempfile.mkdtemp(prefix="vnuma-libvirt-"))
        d = self.dir
        for sub in ("etc", "sock", "cache", "ram", "nvdimm", "hugepages-2M",
                    "hugepages-1G"):
            (d / sub).mkdir()
        for size in ("2M", "1G"):
            m = d / f"hugepages-{size}"
            _run(["mount", "-t", "hugetlbfs", "-o", f"pagesize={size}",
                  "vnuma-libvirt", str(m)])
            self.mounted.append(str(m))
            self.huge[size] = str(m)
        with open(POOL_2M) as f:
            self.pool_was = int(f.read())
        if self.pool_was < HUGE_2M_PAGES:
            self._set_pool(HUGE_2M_PAGES)
        else:
            self.pool_was = None  # not ours to give back
        self._write_config()
        self.uri = f"qemu:///system?socket={d}/sock/libvirt-sock"
        self._spawn()

    def _spawn(self):
        log = open(self.dir / "libvirtd.out", "a")
        self.proc = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh",
             str(self.dir / "start.sh")], stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self._wait_ready()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def restart(self):
        """After libvirtd died or was stopped: what it last logged, and a
        new one."""
        why = (f"libvirtd died (exit status {self.proc.returncode}); "
               "its log ends: " + self._tail())
        self._spawn()
        return why

    def stop_daemon(self):
        """libvirtd alone, by its pid: SIGTERM, then SIGKILL."""
        if self.proc is None or self.proc.poll() is not None:
            return []
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return ["libvirtd ignored SIGTERM: killed"]
        return []

    def _set_pool(self, n):
        with open(POOL_2M, "w") as f:
            f.write(str(n))

    def _give_back_pool(self):
        """Pages QEMU just let go of may take a moment to be free, and the
        unit tests of other checkouts set the pool too: retry a while."""
        end = time.monotonic() + 10
        while True:
            self._set_pool(self.pool_was)
            with open(POOL_2M) as f:
                now = int(f.read())
            if now == self.pool_was or time.monotonic() > end:
                return now
            time.sleep(0.5)

    def _write_config(self):
        d = self.dir
        (d / "etc" / "libvirtd.conf").write_text(
            f'unix_sock_dir = "{d}/sock"\n'
            'unix_sock_group = "root"\n'
            'unix_sock_ro_perms = "0700"\n'
            'unix_sock_rw_perms = "0700"\n'
            'auth_unix_ro = "none"\n'
            'auth_unix_rw = "none"\n'
            f'log_outputs = "3:file:{d}/libvirtd.log"\n')
        (d / "etc" / "qemu.conf").write_text(
            # No domain is ever started: user and group only keep libvirt
            # from needing host directories of its own. libvirt takes
            # every hugetlbfs_mount entry but the first as the default
            # size's: the 2 MiB one (the host's default) comes second.
            'user = "root"\n'
            'group = "root"\n'
            f'hugetlbfs_mount = ["{self.huge["1G"]}", '
            f'"{self.huge["2M"]}"]\n'
            f'memory_backing_dir = "{d}/ram"\n')
        passwd = Path("/etc/passwd").read_text()
        group = Path("/etc/group").read_text()
        if not any(l.startswith("libvirt-qemu:") for l in
                   passwd.splitlines()):
            passwd += ("libvirt-qemu:x:64055:64055:Libvirt Qemu:"
                       "/var/lib/libvirt:/usr/sbin/nologin\n")
        for g, gid in (("libvirt-qemu", 64055), ("kvm", 64056)):
            if not any(l.startswith(g + ":") for l in group.splitlines()):
                group += f"{g}:x:{gid}:\n"
        (d / "passwd").write_text(passwd)
        (d / "group").write_text(group)
        (d / "start.sh").write_text(
            "set -e\n"
            "for m in /run /var/lib /var/log; do\n"
            "\tmount -t tmpfs vnuma-libvirt $m\n"
            "done\n"
            # kept across restarts: QEMU's probed capabilities
            f"mount --bind {d}/cache /var/cache\n"
            f"mount --bind {d}/etc /etc/libvirt\n"
            f"mount --bind {d}/passwd /etc/passwd\n"
            f"mount --bind {d}/group /etc/group\n"
            f"exec libvirtd --config {d}/etc/libvirtd.conf "
            f"--pid-file {d}/libvirtd.pid\n")

    def _wait_ready(self):
        end = time.monotonic() + START_TIMEOUT
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise DaemonError("libvirtd exited with status "
                                  f"{self.proc.returncode}: "
                                  + self._tail())
            if os.path.exists(self.dir / "sock" / "libvirt-sock"):
                p = subprocess.run(["virsh", "-c", self.uri, "version"],
                                   capture_output=True, text=True,
                                   stdin=subprocess.DEVNULL,
                                   timeout=START_TIMEOUT)
                if p.returncode == 0:
                    return
            time.sleep(0.5)
        raise DaemonError(f"libvirtd not ready after {START_TIMEOUT} s: "
                          + self._tail())

    def _tail(self):
        out = []
        for name in ("libvirtd.out", "libvirtd.log"):
            try:
                out += [l for l in (self.dir / name).read_text()
                        .splitlines() if " error : " in l
                        or name == "libvirtd.out"][-3:]
            except OSError:
                pass
        return " | ".join(out)

    # ------------------------------------------------------------- use

    def to_native(self, xml_path, timeout=120):
        """virsh domxml-to-native qemu-argv: (exit status, stdout,
        stderr)."""
        p = subprocess.run(["virsh", "-c", self.uri, "domxml-to-native",
                            "qemu-argv", str(xml_path)],
                           capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=timeout,
                           env=dict(os.environ, LC_ALL="C"))
        return p.returncode, p.stdout, p.stderr

    # ------------------------------------------------------------ stop

    def stop(self):
        """Gives everything back; returns what could not be (empty: the
        machine is as it was found)."""
        problems = self.stop_daemon()
        if self.proc is not None and self.proc.poll() is None:
            problems.append(f"libvirtd (pid {self.proc.pid}) still runs")
        for m in reversed(self.mounted):
            p = subprocess.run(["umount", m], capture_output=True,
                               text=True)
            if p.returncode:
                problems.append(f"umount {m}: {p.stderr.strip()}")
        if self.pool_was is not None:
            try:
                now = self._give_back_pool()
                if now != self.pool_was:
                    problems.append(f"2 MiB huge page pool is {now}, "
                                    f"was {self.pool_was}")
            except OSError as e:
                problems.append(f"2 MiB huge page pool: {e}")
        if self.dir is not None:
            left = [m for m in _mounts() if m.startswith(str(self.dir))]
            if left:
                problems.append("still mounted: " + ", ".join(left))
            else:
                shutil.rmtree(self.dir, ignore_errors=True)
        return problems


# ------------------------------------------------------------ one run


def why_skipped(tools):
    """Why a run cannot start here (a tool missing, not root), or None."""
    missing = [t for t in tools if not shutil.which(t)]
    if os.geteuid() != 0:
        return "not root"
    if missing:
        return "not found: " + ", ".join(missing)
    return None


def path_rewriter(daemon):
    """The Rewriter for the paths this daemon's QEMU lines carry."""
    from rewrite import Rewriter
    return Rewriter({
        "hugetlbfs": list(daemon.huge.values()),
        "ram": str(daemon.dir / "ram"),
        "nvdimm": str(daemon.dir / "nvdimm")})


def with_libvirtd(tag, body):
    """Runs body(daemon, rewriter) beside a private libvirtd, stopped
    again whatever happens: SIGTERM (meson's timeout) included, since the
    mounts and huge pages must be given back. Errors are printed with
    tag. True when body completed and the machine is as found."""
    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    daemon = Libvirtd()
    done = False
    try:
        daemon.start()
        body(daemon, path_rewriter(daemon))
        done = True
    except DaemonError as e:
        print(f"{tag}: cannot run libvirtd: {e}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{tag}: interrupted", file=sys.stderr)
    finally:
        # A second SIGTERM must not cut the cleanup short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        left = daemon.stop()
    for p in left:
        print(f"{tag}: machine not as found: {p}", file=sys.stderr)
    return done and not left
