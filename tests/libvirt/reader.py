"""vnuma's libvirt reader against libvirt itself: `vnuma --libvirt X.xml
--json` must give what `vnuma --json` gives for the command line virsh
domxml-to-native prints for X.xml, and where libvirt refuses X.xml, a
refusal with libvirt's message. See README.md ("The reader").

Normalisations, each needed because the two inputs differ where vnuma
cannot know the host libvirt ran on:
- host paths: the private libvirtd's hugetlbfs mounts and
  memory_backing_dir in the argv are set back to libvirt's defaults
  (/dev/hugepages for 2 MiB pages, /dev/hugepages1G for 1 GiB,
  /var/lib/libvirt/qemu/ram), which the reader writes;
- warnings: left out (the argv run warns of the options it skips, the
  reader of the elements it does not model);
- a host-model CPU: libvirt expands it to this host's model, the reader
  assumes 'max' and says so; the CPU type names are not compared;
- a rejection: verdict, exit status, message, check id and option are
  compared, not the option's text (the reader leaves out the PCI bus
  and address libvirt gives a virtio-mem device).
"""
import json
import re
import shlex
import subprocess

TIMEOUT = 120
ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
DEFAULT_PATHS = {"2M": "/dev/hugepages", "1G": "/dev/hugepages1G"}
BACKING_DIR = "/var/lib/libvirt/qemu/ram"
ERROR_FIELDS = ("message", "check", "option", "status")


def _vnuma(vnuma, args):
    try:
        return subprocess.run([vnuma] + args, capture_output=True,
                              text=True, errors="replace", timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, None, "", "(timed out)")


def argv_at_defaults(text, huge, ram):
    """virsh's line as words (program first), with the daemon's host
    paths set to libvirt's defaults. huge: {"2M": mount, "1G": mount}."""
    for size, mount in huge.items():
        text = text.replace(mount, DEFAULT_PATHS[size])
    text = text.replace(ram, BACKING_DIR)
    words = shlex.split(text)
    while words and ENV.match(words[0]):
        words.pop(0)
    return words


def _doc(p):
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _normal(doc, host_model):
    doc = dict(doc)
    doc.pop("warnings", None)
    if "error" in doc:
        e = doc["error"] or {}
        return {"error": {k: e.get(k) for k in ERROR_FIELDS}}
    if host_model:
        for c in doc.get("hotpluggable-cpus") or []:
            c.pop("type", None)
    return doc


def compare(vnuma, xml, words):
    """Differences between the reader on xml and vnuma on words (virsh's
    line at libvirt's default paths): [] when they agree."""
    host_model = "mode='host-model'" in xml.read_text() or \
        'mode="host-model"' in xml.read_text()
    a = _vnuma(vnuma, ["--json", "--ignore-unknown", "--"] + words)
    b = _vnuma(vnuma, ["--json", "--libvirt", str(xml)])
    da, db = _doc(a), _doc(b)
    if da is None:
        return ["reader: vnuma on the argv printed no JSON object"]
    if db is None:
        return ["reader: vnuma --libvirt printed no JSON object: "
                + b.stderr.strip()[-300:]]
    out = []
    if a.returncode != b.returncode:
        out.append(f"reader: exit status {b.returncode}, the argv's "
                   f"{a.returncode}")
    na, nb = _normal(da, host_model), _normal(db, host_model)
    for k in sorted(set(na) | set(nb)):
        if na.get(k) != nb.get(k):
            out.append(f"reader: {k}: argv {json.dumps(na.get(k))[:600]}")
            out.append(f"        {k}: --libvirt "
                       f"{json.dumps(nb.get(k))[:600]}")
    return out


def refusal(vnuma, xml, want):
    """vnuma --libvirt on a domain libvirt refuses with message want:
    (differences, missing) where missing says vnuma accepted it."""
    p = _vnuma(vnuma, ["--json", "--libvirt", str(xml)])
    doc = _doc(p) or {}
    err = doc.get("error")
    if p.returncode == 0 or not err:
        return [], True
    if err.get("message") != want:
        return ["reader: vnuma --libvirt refuses with another message:",
                "  libvirt: " + want,
                "  vnuma:   " + str(err.get("message"))], False
    return [], False
