"""From `virsh domxml-to-native qemu-argv` output to a QEMU command line
that can run here, with QMP on stdio.

Only the rewrites of REWRITES are applied, each by name, and each case
reports which ones changed its line. Everything else is run verbatim by
QEMU and given verbatim to vnuma.
"""
import json
import re
import shlex

REWRITES = {
    "env": "leading NAME=VALUE environment assignments dropped",
    "monitor": "-chardev socket,id=charmonitor,... and -mon "
               "chardev=charmonitor,... replaced by -qmp stdio",
    "daemonize": "-daemonize removed",
    "master-key": "the -object secret masterKey0 dropped (its file is "
                  "written by libvirt only when it starts a domain)",
    "msg-timestamp": "-msg timestamp=on removed (QEMU would prefix its "
                     "messages with the wall clock)",
    "hugetlbfs-path": "mem-path inside a hugetlbfs mount "
                      "(MOUNT/libvirt/qemu/ID-NAME) set to the mount itself",
    "backing-dir": "mem-path inside memory_backing_dir (DIR/ID-NAME) set "
                   "to the directory itself",
    "nvdimm-path": "nvdimm mem-path /tmp/vnuma-libvirt-X.img moved into "
                   "the test's temporary directory",
}

ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
NVDIMM = re.compile(r"^/tmp/vnuma-libvirt-([\w.-]+)$")


class Rewriter:
    """dirs: {"hugetlbfs": [mount, ...], "ram": dir, "nvdimm": dir}."""

    def __init__(self, dirs):
        self.dirs = dirs

    def __call__(self, text):
        """(program, args, names of the rewrites applied)."""
        words = shlex.split(text)
        used = []
        n = 0
        while n < len(words) and ENV.match(words[n]):
            n += 1
        if n:
            used.append("env")
        words = words[n:]
        if not words:
            raise ValueError("no program in virsh's output")
        prog, args = words[0], words[1:]
        out, i = [], 0
        while i < len(args):
            opt = args[i]
            val = args[i + 1] if i + 1 < len(args) else ""
            if opt == "-daemonize":
                used.append("daemonize")
                i += 1
            elif opt == "-chardev" and "id=charmonitor" in val.split(","):
                used.append("monitor")
                i += 2
            elif opt == "-mon" and "chardev=charmonitor" in val.split(","):
                out += ["-qmp", "stdio"]
                i += 2
            elif opt == "-msg" and val == "timestamp=on":
                used.append("msg-timestamp")
                i += 2
            elif opt == "-object" and val.startswith("{"):
                obj = json.loads(val)
                if (obj.get("qom-type") == "secret"
                        and obj.get("id") == "masterKey0"):
                    used.append("master-key")
                else:
                    out += [opt, self._mem_path(obj, val, used)]
                i += 2
            else:
                # Any other word, option or value, is kept as it is.
                out.append(opt)
                i += 1
        return prog, out, sorted(set(used))

    def _mem_path(self, obj, text, used):
        old = obj.get("mem-path")
        if not isinstance(old, str):
            return text
        new, name = None, None
        for m in self.dirs["hugetlbfs"]:
            if old.startswith(m + "/"):
                new, name = m, "hugetlbfs-path"
        ram = self.dirs["ram"]
        if old.startswith(ram + "/"):
            new, name = ram, "backing-dir"
        nv = NVDIMM.match(old)
        if nv:
            new, name = f"{self.dirs['nvdimm']}/{nv.group(1)}", "nvdimm-path"
        if new is None:
            return text
        used.append(name)
        # libvirt writes compact JSON: the quoted path appears once.
        return text.replace(json.dumps(old), json.dumps(new))
