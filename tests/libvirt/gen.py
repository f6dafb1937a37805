#!/usr/bin/env python3
"""Writes the domain XMLs of tests/libvirt/domains/ (committed; run this
after changing a case below, then review the diff).

Each case is a small dict; dom() turns it into a readable domain XML with
a comment saying what it tries. All domains are type='qemu' (TCG) and use
host NUMA node 0 only: this is what the differential run really starts.
Sizes are in MiB unless a case says otherwise.
"""
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "domains"


def _attrs(d):
    return "".join(f" {k}='{v}'" for k, v in d.items() if v is not None)


def _cell(c):
    """One <cell>: c has id, cpus, mem and optional unit, discard,
    memAccess, dist (list of (id, value))."""
    unit = c.get("unit", "MiB")
    mem = c["mem"]
    a = _attrs({"id": c["id"], "cpus": c.get("cpus"), "memory": mem,
                "unit": unit, "discard": c.get("discard"),
                "memAccess": c.get("memAccess")})
    dist = c.get("dist")
    extra = c.get("extra", [])
    if dist is None and not extra:
        return [f"      <cell{a}/>"]
    out = [f"      <cell{a}>"]
    if dist is not None:
        out.append("        <distances>")
        out += [f"          <sibling{_attrs(dict(id=i, value=v))}/>"
                for i, v in dist]
        out.append("        </distances>")
    out += ["        " + x for x in extra]
    out.append("      </cell>")
    return out


def _cpu(c):
    mode = c.get("mode", "custom")
    match = c.get("match", "exact")
    head = (f"  <cpu mode='{mode}' match='{match}'>" if mode == "custom"
            else f"  <cpu mode='{mode}'>")
    out = [head]
    if c.get("model"):
        out.append(f"    <model fallback='forbid'>{c['model']}</model>")
    t = c.get("topology")
    if t:
        out.append("    <topology" + _attrs(t) + "/>")
    if c.get("cells") is not None:
        out.append("    <numa>")
        for cell in c["cells"]:
            out += _cell(cell)
        out += ["      " + x for x in c.get("numa_extra", [])]
        out.append("    </numa>")
    out.append("  </cpu>")
    return out


def _numatune(t):
    out = ["  <numatune>"] + ["    " + x for x in t.get("extra", [])]
    if t.get("memory"):
        out.append("    <memory" + _attrs(t["memory"]) + "/>")
    for m in t.get("memnodes", []):
        out.append("    <memnode" + _attrs(m) + "/>")
    out.append("  </numatune>")
    return out


def _backing(b):
    out = ["  <memoryBacking>"]
    hp = b.get("hugepages")
    if hp is not None:
        if not hp:
            out.append("    <hugepages/>")
        else:
            out.append("    <hugepages>")
            for p in hp:
                unit = p[2] if len(p) > 2 else "KiB"
                out.append("      <page" + _attrs({
                    "size": p[0], "unit": unit, "nodeset": p[1]}) + "/>")
            out.append("    </hugepages>")
    for flag in ("nosharepages", "locked", "discard"):
        if b.get(flag):
            out.append(f"    <{flag}/>")
    if b.get("source") is not None:
        out.append(f"    <source type='{b['source']}'/>")
    if b.get("access"):
        out.append(f"    <access mode='{b['access']}'/>")
    if b.get("allocation"):
        out.append("    <allocation" + _attrs(b["allocation"]) + "/>")
    out.append("  </memoryBacking>")
    return out


def _memdev(m):
    model = m["model"]
    out = [f"    <memory model='{model}'"
           + (f" access='{m['access']}'" if m.get("access") else "")
           + (f" discard='{m['discard']}'" if m.get("discard") else "")
           + ">"]
    if model == "nvdimm":
        out += ["      <source>",
                f"        <path>/tmp/vnuma-libvirt-{m['path']}.img</path>",
                "      </source>"]
    if m.get("pagesize"):
        out += ["      <source>",
                f"        <pagesize unit='KiB'>{m['pagesize']}</pagesize>",
                "      </source>"]
    out.append("      <target>")
    out.append(f"        <size unit='MiB'>{m['size']}</size>")
    if m.get("node") is not None:
        out.append(f"        <node>{m['node']}</node>")
    if model == "nvdimm":
        out.append("        <label>")
        out.append(f"          <size unit='KiB'>{m.get('label', 128)}</size>")
        out.append("        </label>")
    if model == "virtio-mem":
        out.append(f"        <block unit='MiB'>{m.get('block', 2)}</block>")
        out.append(f"        <requested unit='MiB'>{m.get('requested', 0)}"
                   "</requested>")
    out.append("      </target>")
    out.append("    </memory>")
    return out


def dom(name, why, arch="x86_64", machine="q35", mem=None, vcpus=2,
        current=None, cpu=None, numatune=None, backing=None, acpi=True,
        maxmem=None, memdevs=(), extra_devices=(), head=(), features=(), placement="static"):
    """head: raw lines after <memory>; features: raw lines in
    <features>."""
    cells = (cpu or {}).get("cells") or []
    if mem is None:
        mem = sum(c["mem"] for c in cells) if cells else 256
    lines = [f"<!-- {why} -->", "<domain type='qemu'>",
             f"  <name>{name}</name>"]
    if maxmem:
        lines.append(f"  <maxMemory slots='{maxmem[1]}' unit='MiB'>"
                     f"{maxmem[0]}</maxMemory>")
    if mem is not False:
        lines.append(f"  <memory unit='MiB'>{mem}</memory>")
    lines += ["  " + x for x in head]
    if backing:
        lines += _backing(backing)
    cur = f" current='{current}'" if current is not None else ""
    lines.append(f"  <vcpu placement='{placement}'{cur}>{vcpus}</vcpu>")
    if numatune:
        lines += _numatune(numatune)
    lines.append("  <os>")
    lines.append(f"    <type arch='{arch}' machine='{machine}'>hvm</type>")
    lines.append("  </os>")
    feats = (["<acpi/>"] if acpi else []) + list(features)
    if feats:
        lines += ["  <features>"] + ["    " + x for x in feats]
        lines.append("  </features>")
    if cpu is None:
        cpu = {}
    if "model" not in cpu and cpu.get("mode", "custom") == "custom":
        cpu = dict(cpu, model="cortex-a57" if arch == "aarch64" else "qemu64")
    lines += _cpu(cpu)
    devs = []
    for m in memdevs:
        devs += _memdev(m)
    devs += list(extra_devices)
    if devs:
        lines += ["  <devices>"] + devs + ["  </devices>"]
    else:
        lines.append("  <devices/>")
    lines.append("</domain>")
    return name, "\n".join(lines) + "\n"


def cells2(mem=256, **kw):
    """Two cells, one vCPU each (of 2), kw applied to both."""
    return [dict(id=0, cpus="0", mem=mem, **kw), dict(id=1, cpus="1", mem=mem,
                                                      **kw)]


def raw(name, why, body):
    """A domain written out whole: what dom() has no parameter for."""
    return name, (f"<!-- {why} -->\n<domain type='qemu'>\n"
                  f"  <name>{name}</name>\n{body.strip(chr(10))}\n"
                  "</domain>\n")


X86_Q35 = """  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>"""


def reader_cases():
    """Domains for the reader's rules (tests/libvirt/reader.py): HMAT,
    distances libvirt fills in, default CPU models, a thread context for
    the machine's RAM, devices named by slot and aligned."""
    C = []
    add = C.append
    add(raw("rd-hmat-cpuless", "HMAT: a memory-only cell with two caches, "
            "its initiator from the interconnect", """
  <memory unit='MiB'>256</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <topology sockets='1' dies='1' cores='2' threads='1'/>
    <numa>
      <cell id='0' cpus='0-1' memory='128' unit='MiB'/>
      <cell id='1' memory='128' unit='MiB'>
        <cache level='1' associativity='none' policy='none'>
          <size value='1' unit='MiB'/>
          <line value='64' unit='B'/>
        </cache>
        <cache level='2' associativity='full' policy='writethrough'>
          <size value='4' unit='MiB'/>
          <line value='64' unit='B'/>
        </cache>
      </cell>
      <interconnects>
        <latency initiator='0' target='1' type='write' value='20'/>
        <bandwidth initiator='0' target='1' type='read' value='100' unit='MiB'/>
      </interconnects>
    </numa>
  </cpu>
  <devices/>"""))
    add(raw("rd-hmat-levels", "HMAT: cache levels, units libvirt 9.0 "
            "ignores, a cell no interconnect targets", """
  <memory unit='MiB'>384</memory>
  <vcpu placement='static'>2</vcpu>
""" + X86_Q35 + """
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0-1' memory='128' unit='MiB'>
        <cache level='1' associativity='direct' policy='writeback'>
          <size value='10' unit='KiB'/>
          <line value='1' unit='KiB'/>
        </cache>
      </cell>
      <cell id='1' memory='128' unit='MiB'>
        <cache level='3' associativity='full' policy='writethrough'>
          <size value='2048' unit='B'/>
          <line value='64' unit='B'/>
        </cache>
      </cell>
      <cell id='2' memory='128' unit='MiB'/>
      <interconnects>
        <latency initiator='0' target='1' cache='3' type='access' value='7'/>
        <bandwidth initiator='0' target='0' type='access' value='2' unit='GiB'/>
        <latency initiator='0' target='0' type='access' value='3'/>
      </interconnects>
    </numa>
  </cpu>
  <devices/>"""))
    add(raw("rd-dist-one-way", "one distance given: libvirt mirrors it and "
            "adds the local ones", """
  <memory unit='MiB'>256</memory>
  <vcpu placement='static'>2</vcpu>
""" + X86_Q35 + """
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0' memory='128' unit='MiB'>
        <distances>
          <sibling id='1' value='30'/>
        </distances>
      </cell>
      <cell id='1' cpus='1' memory='128' unit='MiB'/>
    </numa>
  </cpu>
  <devices/>"""))
    add(raw("rd-dist-way-back", "the way back given apart keeps its value",
            """
  <memory unit='MiB'>256</memory>
  <vcpu placement='static'>2</vcpu>
""" + X86_Q35 + """
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0' memory='128' unit='MiB'>
        <distances>
          <sibling id='1' value='30'/>
        </distances>
      </cell>
      <cell id='1' cpus='1' memory='128' unit='MiB'>
        <distances>
          <sibling id='0' value='20'/>
        </distances>
      </cell>
    </numa>
  </cpu>
  <devices/>"""))
    add(raw("rd-nocpu-x86", "no <cpu>: libvirt's default model", """
  <memory unit='MiB'>64</memory>
  <vcpu placement='static'>2</vcpu>
""" + X86_Q35 + """
  <devices/>"""))
    add(raw("rd-nocpu-arm", "no <cpu> on arm virt: libvirt's default "
            "model", """
  <memory unit='MiB'>64</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='aarch64' machine='virt'>hvm</type>
  </os>
  <devices/>"""))
    add(raw("rd-tc-nonuma", "no cells, preallocated and bound: a thread "
            "context for the machine's RAM", """
  <memory unit='MiB'>64</memory>
  <memoryBacking>
    <allocation mode='immediate'/>
  </memoryBacking>
  <vcpu placement='static'>2</vcpu>
  <numatune>
    <memory mode='strict' nodeset='0'/>
  </numatune>
""" + X86_Q35 + """
  <devices/>"""))
    add(raw("rd-devices-mixed", "a DIMM at a slot and base, virtio-mem on "
            "a private cell with a nodemask, file memory shared, "
            "policies per cell", """
  <maxMemory slots='4' unit='GiB'>4</maxMemory>
  <memory unit='MiB'>300</memory>
  <memoryBacking>
    <source type='file'/>
    <access mode='shared'/>
  </memoryBacking>
  <vcpu placement='static' current='2'>4</vcpu>
  <numatune>
    <memory mode='preferred' nodeset='0'/>
    <memnode cellid='1' mode='strict' nodeset='0'/>
  </numatune>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <cpu mode='custom' match='exact'>
    <model fallback='allow'>qemu64</model>
    <topology sockets='2' cores='2' threads='1'/>
    <numa>
      <cell id='0' cpus='0-1' memory='129' unit='MiB' discard='yes'/>
      <cell id='1' cpus='2-3' memory='128' unit='MiB' memAccess='private'/>
    </numa>
  </cpu>
  <devices>
    <memory model='dimm' discard='yes'>
      <source>
        <pagesize unit='KiB'>4</pagesize>
        <nodemask>0</nodemask>
      </source>
      <target>
        <size unit='MiB'>64</size>
        <node>0</node>
      </target>
      <address type='dimm' slot='2' base='0x140000000'/>
    </memory>
    <memory model='virtio-mem'>
      <source>
        <nodemask>0</nodemask>
      </source>
      <target>
        <size unit='MiB'>128</size>
        <node>1</node>
        <block unit='MiB'>2</block>
        <requested unit='MiB'>32</requested>
      </target>
    </memory>
  </devices>"""))
    add(raw("rd-align-arm", "odd sizes on arm virt: the DIMM to 2 MiB, "
            "virtio-mem to its block, maxMemory to 1 MiB", """
  <maxMemory slots='4' unit='KiB'>2097153</maxMemory>
  <memory unit='MiB'>128</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='aarch64' machine='virt'>hvm</type>
  </os>
  <cpu mode='custom' match='exact'>
    <model>cortex-a57</model>
    <numa>
      <cell id='0' cpus='0-1' memory='128' unit='MiB'/>
    </numa>
  </cpu>
  <devices>
    <memory model='dimm'>
      <target>
        <size unit='KiB'>132000</size>
        <node>0</node>
      </target>
    </memory>
    <memory model='virtio-mem'>
      <target>
        <size unit='KiB'>132000</size>
        <node>0</node>
        <block unit='MiB'>2</block>
      </target>
    </memory>
  </devices>"""))
    add(raw("rd-vcpus-hotplug", "<vcpus>: an enabled hotpluggable vCPU "
             "is plugged after start, not on the command line", """
  <memory unit='MiB'>256</memory>
  <vcpu placement='static' current='2'>4</vcpu>
  <vcpus>
    <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
    <vcpu id='1' enabled='no' hotpluggable='yes'/>
    <vcpu id='2' enabled='yes' hotpluggable='yes' order='2'/>
    <vcpu id='3' enabled='no' hotpluggable='yes'/>
  </vcpus>
""" + X86_Q35 + """
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0-1' memory='128' unit='MiB'/>
      <cell id='1' cpus='2-3' memory='128' unit='MiB'/>
    </numa>
  </cpu>
  <devices/>"""))
    add(raw("rd-pmem", "virtio-pmem and an NVDIMM with <pmem/>", """
  <maxMemory slots='4' unit='MiB'>2048</maxMemory>
  <memory unit='MiB'>256</memory>
  <vcpu placement='static'>2</vcpu>
""" + X86_Q35 + """
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0-1' memory='256' unit='MiB'/>
    </numa>
  </cpu>
  <devices>
    <memory model='virtio-pmem' access='shared'>
      <source>
        <path>/tmp/vnuma-libvirt-pm.img</path>
      </source>
      <target>
        <size unit='MiB'>128</size>
      </target>
    </memory>
    <memory model='nvdimm'>
      <source>
        <path>/tmp/vnuma-libvirt-nvp.img</path>
        <pmem/>
      </source>
      <target>
        <size unit='MiB'>128</size>
        <node>0</node>
      </target>
    </memory>
  </devices>"""))
    for machine, model in (("pc", "pci-expander-bus"),
                           ("q35", "pcie-expander-bus")):
        add(raw(f"rd-pxb-auto-{machine}", "two expander buses without "
                "busNr: libvirt numbers them 254 and 252", f"""
  <memory unit='MiB'>256</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='{machine}'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0' memory='128' unit='MiB'/>
      <cell id='1' cpus='1' memory='128' unit='MiB'/>
    </numa>
  </cpu>
  <devices>
    <controller type='pci' index='1' model='{model}'>
      <target>
        <node>1</node>
      </target>
    </controller>
    <controller type='pci' index='2' model='{model}'>
      <target>
        <node>0</node>
      </target>
    </controller>
  </devices>"""))
    add(raw("rd-pxb-behind", "root ports behind an expander bus without "
            "busNr do not change its number", """
  <memory unit='MiB'>256</memory>
  <vcpu placement='static'>2</vcpu>
""" + X86_Q35 + """
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0' memory='128' unit='MiB'/>
      <cell id='1' cpus='1' memory='128' unit='MiB'/>
    </numa>
  </cpu>
  <devices>
    <controller type='pci' index='1' model='pcie-expander-bus'>
      <target>
        <node>1</node>
      </target>
    </controller>
    <controller type='pci' index='2' model='pcie-root-port'>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </controller>
    <controller type='pci' index='3' model='pcie-root-port'>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x01' function='0x0'/>
    </controller>
    <controller type='pci' index='4' model='pcie-expander-bus'>
      <target>
        <node>0</node>
      </target>
    </controller>
  </devices>"""))
    add(raw("rd-arm-gic3-memfd", "arm virt without cells: GICv3, guest "
            "core dumps, shared memfd RAM preallocated by 2 threads", """
  <memory unit='MiB' dumpCore='on'>128</memory>
  <memoryBacking>
    <source type='memfd'/>
    <access mode='shared'/>
    <allocation mode='immediate' threads='2'/>
  </memoryBacking>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='aarch64' machine='virt'>hvm</type>
  </os>
  <features>
    <gic version='3'/>
  </features>
  <cpu mode='custom' match='exact'>
    <model>cortex-a57</model>
  </cpu>
  <devices/>"""))
    add(raw("rd-huge-discard-devices", "huge pages with discard, a cell "
            "saying discard='no', shared memAccess, virtio-mem and a DIMM "
            "bound and preallocated", """
  <maxMemory slots='4' unit='MiB'>2048</maxMemory>
  <memory unit='MiB'>128</memory>
  <memoryBacking>
    <hugepages/>
    <discard/>
    <allocation mode='immediate' threads='2'/>
  </memoryBacking>
  <vcpu placement='static'>2</vcpu>
  <numatune>
    <memory mode='strict' nodeset='0'/>
  </numatune>
""" + X86_Q35 + """
  <cpu mode='custom' match='exact'>
    <model fallback='forbid'>qemu64</model>
    <numa>
      <cell id='0' cpus='0' memory='64' unit='MiB' memAccess='shared'/>
      <cell id='1' cpus='1' memory='64' unit='MiB' discard='no'/>
    </numa>
  </cpu>
  <devices>
    <memory model='virtio-mem'>
      <target>
        <size unit='MiB'>64</size>
        <node>0</node>
        <block unit='MiB'>2</block>
      </target>
    </memory>
    <memory model='dimm'>
      <target>
        <size unit='MiB'>64</size>
        <node>1</node>
      </target>
    </memory>
  </devices>"""))
    return C


def cases():
    C = []
    add = C.append

    # --- <cpu><numa> cells -------------------------------------------------
    add(dom("cell-one", "a single NUMA cell holding every vCPU",
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=256)])))
    add(dom("cell-two", "two cells, one vCPU each", cpu=dict(cells=cells2())))
    add(dom("cell-two-pc", "two cells on the i440fx machine",
            machine="pc", cpu=dict(cells=cells2())))
    add(dom("cell-four", "four cells, one vCPU each", vcpus=4,
            cpu=dict(cells=[dict(id=i, cpus=str(i), mem=128)
                            for i in range(4)])))
    add(dom("cell-uneven", "cells of different sizes and vCPU counts",
            vcpus=4, cpu=dict(cells=[dict(id=0, cpus="0-2", mem=384),
                                     dict(id=1, cpus="3", mem=128)])))
    add(dom("cell-cpus-list", "vCPU list with a range and a single id",
            vcpus=4, cpu=dict(cells=[dict(id=0, cpus="0,2-3", mem=256),
                                     dict(id=1, cpus="1", mem=256)])))
    add(dom("cell-cpuless", "a memory-only cell: libvirt omits cpus=",
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=256),
                            dict(id=1, mem=256)])))
    add(dom("cell-cpuless-first", "cell 0 has memory but no vCPU",
            cpu=dict(cells=[dict(id=0, mem=256),
                            dict(id=1, cpus="0-1", mem=256)])))
    add(dom("cell-unit-kib", "cell memory given in KiB",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=262144, unit="KiB"),
                            dict(id=1, cpus="1", mem=262144, unit="KiB")]),
            mem=512))
    add(dom("cell-unit-gib", "a 1 GiB cell (unit GiB) and a small one",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=1, unit="GiB"),
                            dict(id=1, cpus="1", mem=128)]), mem=1152))
    add(dom("cell-unit-odd", "cell sizes not a multiple of 2 MiB",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=131073, unit="KiB"),
                            dict(id=1, cpus="1", mem=131071, unit="KiB")]),
            mem=256))
    add(dom("cell-discard", "discard='yes' on every cell",
            cpu=dict(cells=cells2(discard="yes"))))
    add(dom("cell-discard-mixed", "discard yes on one cell, no on the other",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=256, discard="yes"),
                            dict(id=1, cpus="1", mem=256, discard="no")])))
    add(dom("cell-access-shared", "memAccess='shared' on each cell",
            cpu=dict(cells=cells2(memAccess="shared"))))
    add(dom("cell-access-private", "memAccess='private' on each cell",
            cpu=dict(cells=cells2(memAccess="private"))))
    add(dom("cell-access-mixed", "one shared and one private cell",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=256, memAccess="shared"),
                            dict(id=1, cpus="1", mem=256,
                                 memAccess="private")])))
    add(dom("cell-eight-small", "eight 64 MiB cells", vcpus=8,
            cpu=dict(cells=[dict(id=i, cpus=str(i), mem=64)
                            for i in range(8)])))
    add(dom("cell-vcpus-unassigned",
            "vCPU 3 is in no cell: QEMU assigns it itself",
            vcpus=4, cpu=dict(cells=[dict(id=0, cpus="0-1", mem=256),
                                     dict(id=1, cpus="2", mem=256)])))
    add(dom("cell-no-acpi-q35", "two cells on q35 without <acpi/>",
            acpi=False, cpu=dict(cells=cells2())))
    add(dom("cell-no-acpi-pc", "two cells on pc without <acpi/>",
            machine="pc", acpi=False, cpu=dict(cells=cells2())))

    # --- <distances> -------------------------------------------------------
    def dcells(matrix, mem=128):
        return [dict(id=i, cpus=str(i), mem=mem,
                     dist=[(j, v) for j, v in enumerate(row)])
                for i, row in enumerate(matrix)]
    add(dom("dist-two-sym", "symmetric two-node distances",
            cpu=dict(cells=dcells([[10, 20], [20, 10]]))))
    add(dom("dist-two-asym", "asymmetric two-node distances",
            cpu=dict(cells=dcells([[10, 21], [31, 10]]))))
    add(dom("dist-four-ring", "four nodes in a ring", vcpus=4,
            cpu=dict(cells=dcells([[10, 20, 30, 20], [20, 10, 20, 30],
                                   [30, 20, 10, 20], [20, 30, 20, 10]]))))
    add(dom("dist-three-pc", "three nodes with distances on pc",
            machine="pc", vcpus=3,
            cpu=dict(cells=dcells([[10, 15, 20], [15, 10, 25],
                                   [20, 25, 10]]))))
    add(dom("dist-max", "distance 255 (unreachable) between two nodes",
            cpu=dict(cells=dcells([[10, 255], [255, 10]]))))
    add(dom("dist-local-not-10", "local distance 20: QEMU wants 10",
            cpu=dict(cells=dcells([[20, 20], [20, 20]]))))
    add(dom("dist-remote-10", "remote distance equal to local (10)",
            cpu=dict(cells=dcells([[10, 10], [10, 10]]))))
    add(dom("dist-below-10", "a remote distance below 10: libvirt "
            "refuses values below 10",
            cpu=dict(cells=dcells([[10, 5], [5, 10]]))))
    add(dom("dist-above-255", "a distance above 255",
            cpu=dict(cells=dcells([[10, 256], [256, 10]]))))
    cells = [dict(id=0, cpus="0", mem=128, dist=[(0, 10), (1, 20)]),
             dict(id=1, cpus="1", mem=128, dist=[(1, 10)])]
    add(dom("dist-half", "only node 0 gives its distance to node 1: QEMU "
            "mirrors it", cpu=dict(cells=cells)))
    cells = [dict(id=0, cpus="0", mem=128, dist=[(0, 10), (1, 20)]),
             dict(id=1, cpus="1", mem=128)]
    add(dom("dist-one-cell-only", "distances on one cell only",
            cpu=dict(cells=cells)))
    cells = [dict(id=0, cpus="0", mem=128, dist=[(1, 20)]),
             dict(id=1, cpus="1", mem=128, dist=[(0, 20)])]
    add(dom("dist-no-local", "remote distances only, local ones left out",
            cpu=dict(cells=cells)))
    cells = [dict(id=0, cpus="0", mem=128, dist=[(0, 10), (2, 20)]),
             dict(id=1, cpus="1", mem=128, dist=[(1, 10)])]
    add(dom("dist-bad-sibling", "a sibling id naming no cell",
            cpu=dict(cells=cells)))
    add(dom("dist-arm-two", "arm virt: distances land in the device tree",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(cells=dcells([[10, 20], [20, 10]]))))
    add(dom("dist-arm-asym", "arm virt: asymmetric distances",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(cells=dcells([[10, 21], [31, 10]]))))
    add(dom("dist-arm-four", "arm virt: four nodes with distances",
            arch="aarch64", machine="virt", acpi=False, vcpus=4,
            cpu=dict(cells=dcells([[10, 20, 30, 40], [20, 10, 20, 30],
                                   [30, 20, 10, 20], [40, 30, 20, 10]]))))

    # --- <numatune> --------------------------------------------------------
    for mode in ("strict", "preferred", "interleave", "restrictive"):
        add(dom(f"tune-{mode}", f"numatune memory mode {mode}, nodeset 0",
                cpu=dict(cells=cells2()),
                numatune={"memory": {"mode": mode, "nodeset": "0"}}))
        add(dom(f"tune-{mode}-nonuma",
                f"numatune mode {mode} without guest NUMA cells",
                numatune={"memory": {"mode": mode, "nodeset": "0"}}))
        add(dom(f"tune-memnode-{mode}", f"per-cell memnode mode {mode}",
                cpu=dict(cells=cells2()),
                numatune={"memnodes": [
                    {"cellid": 0, "mode": mode, "nodeset": "0"},
                    {"cellid": 1, "mode": mode, "nodeset": "0"}]}))
    add(dom("tune-memnode-mixed", "memnode strict on cell 0, interleave on 1",
            cpu=dict(cells=cells2()),
            numatune={"memnodes": [
                {"cellid": 0, "mode": "strict", "nodeset": "0"},
                {"cellid": 1, "mode": "interleave", "nodeset": "0"}]}))
    add(dom("tune-memnode-one", "memnode on cell 1 only, memory on all",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "preferred", "nodeset": "0"},
                      "memnodes": [{"cellid": 1, "mode": "strict",
                                    "nodeset": "0"}]}))
    add(dom("tune-memnode-bad-cell", "memnode for a cell that does not "
            "exist", cpu=dict(cells=cells2()),
            numatune={"memnodes": [{"cellid": 2, "mode": "strict",
                                    "nodeset": "0"}]}))
    add(dom("tune-memnode-nonuma", "memnode without guest NUMA",
            numatune={"memnodes": [{"cellid": 0, "mode": "strict",
                                    "nodeset": "0"}]}))
    add(dom("tune-host-node-1", "nodeset 1: this host has node 0 only",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict", "nodeset": "1"}}))
    add(dom("tune-host-node-0-1", "nodeset 0-1: node 1 is absent here",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "interleave", "nodeset": "0-1"}}))
    add(dom("tune-memnode-host-node-3", "memnode nodeset 3: absent here",
            cpu=dict(cells=cells2()),
            numatune={"memnodes": [{"cellid": 0, "mode": "strict",
                                    "nodeset": "3"}]}))
    add(dom("tune-strict-memfd", "strict binding with memfd memory",
            cpu=dict(cells=cells2()), backing=dict(source="memfd"),
            numatune={"memory": {"mode": "strict", "nodeset": "0"}}))
    add(dom("tune-interleave-arm", "arm virt: interleave numatune",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "interleave", "nodeset": "0"}}))
    add(dom("tune-restrictive-memnode-mix",
            "memory restrictive with a strict memnode",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "restrictive", "nodeset": "0"},
                      "memnodes": [{"cellid": 0, "mode": "strict",
                                    "nodeset": "0"}]}))

    # --- <memoryBacking> ---------------------------------------------------
    for src in ("memfd", "file", "anonymous"):
        add(dom(f"back-{src}", f"memory source {src} with two cells",
                cpu=dict(cells=cells2(128)), backing=dict(source=src)))
        add(dom(f"back-{src}-nonuma", f"memory source {src} without NUMA",
                backing=dict(source=src)))
        for acc in ("shared", "private"):
            add(dom(f"back-{src}-{acc}", f"source {src}, access {acc}",
                    cpu=dict(cells=cells2(128)),
                    backing=dict(source=src, access=acc)))
    add(dom("back-immediate", "allocation immediate: preallocated",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "immediate"})))
    add(dom("back-immediate-threads", "immediate allocation with 2 threads",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "immediate", "threads": 2})))
    add(dom("back-ondemand", "allocation ondemand",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "ondemand"})))
    add(dom("back-ondemand-threads", "ondemand allocation with threads",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "ondemand", "threads": 4})))
    add(dom("back-immediate-memfd", "immediate allocation of memfd memory",
            cpu=dict(cells=cells2(64)),
            backing=dict(source="memfd", allocation={"mode": "immediate"})))
    add(dom("back-immediate-nonuma", "immediate allocation without NUMA",
            mem=64, backing=dict(allocation={"mode": "immediate",
                                             "threads": 1})))
    add(dom("back-locked", "locked memory", cpu=dict(cells=cells2(64)),
            backing=dict(locked=True)))
    add(dom("back-nosharepages", "nosharepages: no KSM merging",
            cpu=dict(cells=cells2(128)), backing=dict(nosharepages=True)))
    add(dom("back-discard", "discard in memoryBacking",
            cpu=dict(cells=cells2(128)), backing=dict(discard=True)))
    add(dom("back-discard-file", "discard with file memory",
            cpu=dict(cells=cells2(128)),
            backing=dict(discard=True, source="file")))
    add(dom("back-all-flags", "locked, nosharepages, discard, memfd, shared",
            cpu=dict(cells=cells2(64)),
            backing=dict(locked=True, nosharepages=True, discard=True,
                         source="memfd", access="shared")))
    add(dom("back-memfd-arm", "arm virt with memfd memory",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(cells=cells2(128)), backing=dict(source="memfd")))
    add(dom("back-file-cell-access", "file source, cell memAccess shared "
            "overriding private", cpu=dict(cells=[
                dict(id=0, cpus="0", mem=128, memAccess="shared"),
                dict(id=1, cpus="1", mem=128)]),
            backing=dict(source="file", access="private")))

    # --- hugepages ---------------------------------------------------------
    add(dom("huge-all", "2 MiB huge pages for all guest memory",
            cpu=dict(cells=cells2(64)), backing=dict(hugepages=[])))
    add(dom("huge-all-nonuma", "2 MiB huge pages without NUMA", mem=64,
            backing=dict(hugepages=[])))
    add(dom("huge-2m-explicit", "page size 2048 KiB given",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, None)])))
    add(dom("huge-node0-only", "huge pages on cell 0 only",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "0")])))
    add(dom("huge-node1-only", "huge pages on cell 1 only",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "1")])))
    add(dom("huge-per-node-sizes", "2 MiB pages on cell 0, 4 KiB on 1",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "0"), (4, "1")])))
    add(dom("huge-1g", "1 GiB pages: the test leaves none in the pool",
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=1024)]),
            backing=dict(hugepages=[(1048576, None)])))
    add(dom("huge-1g-bad-size", "a cell of 64 MiB on 1 GiB pages",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(1048576, "0")])))
    add(dom("huge-odd-size", "a page size no hugetlbfs is mounted for",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(16384, None)])))
    add(dom("huge-bad-nodeset", "page nodeset naming no cell",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "5")])))
    add(dom("huge-shared", "huge pages, access shared",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[], access="shared")))
    add(dom("huge-immediate", "huge pages preallocated",
            cpu=dict(cells=cells2(32)),
            backing=dict(hugepages=[], allocation={"mode": "immediate"})))
    add(dom("huge-immediate-threads", "huge pages, prealloc threads 2",
            cpu=dict(cells=cells2(32)),
            backing=dict(hugepages=[], allocation={"mode": "immediate",
                                                   "threads": 2})))
    add(dom("huge-memfd", "huge pages from memfd",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[], source="memfd")))
    add(dom("huge-strict", "huge pages with strict numatune",
            cpu=dict(cells=cells2(64)), backing=dict(hugepages=[]),
            numatune={"memory": {"mode": "strict", "nodeset": "0"}}))
    add(dom("huge-unaligned", "a cell that is no multiple of 2 MiB on "
            "huge pages", cpu=dict(cells=[
                dict(id=0, cpus="0", mem=65537, unit="KiB"),
                dict(id=1, cpus="1", mem=64)]), mem=129,
            backing=dict(hugepages=[])))
    add(dom("huge-arm", "arm virt on 2 MiB huge pages",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(cells=cells2(64)), backing=dict(hugepages=[])))

    # --- memory devices ----------------------------------------------------
    two = dict(cells=cells2(256))
    add(dom("dimm-one", "one DIMM on node 0", cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("dimm-two-nodes", "a DIMM on each node", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="dimm", size=256, node=1)]))
    add(dom("dimm-pc", "DIMMs on the pc machine", machine="pc", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=1)]))
    add(dom("dimm-slots-full", "as many DIMMs as slots", cpu=two,
            maxmem=(2048, 2),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="dimm", size=128, node=1)]))
    add(dom("dimm-too-many", "more DIMMs than slots", cpu=two,
            maxmem=(2048, 1),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="dimm", size=128, node=1)]))
    add(dom("dimm-over-maxmem", "DIMMs beyond maxMemory", cpu=two,
            maxmem=(768, 4),
            memdevs=[dict(model="dimm", size=512, node=0)]))
    add(dom("dimm-no-maxmem", "a DIMM without <maxMemory>", cpu=two,
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("dimm-bad-node", "a DIMM on node 2 of 2", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=2)]))
    add(dom("dimm-no-node", "a DIMM with no <node> in a NUMA guest",
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128)]))
    add(dom("dimm-nonuma", "a DIMM in a guest without NUMA", mem=256,
            maxmem=(2048, 4), memdevs=[dict(model="dimm", size=128)]))
    add(dom("dimm-unaligned", "a DIMM of 129 MiB", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=129, node=0)]))
    add(dom("dimm-huge", "a DIMM on 2 MiB huge pages", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=64, node=1, pagesize=2048)]))
    add(dom("dimm-access-shared", "a DIMM with access shared", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=0,
                          access="shared")]))
    add(dom("dimm-discard", "a DIMM with discard", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=0,
                          discard="yes")]))
    add(dom("dimm-memfd", "a DIMM in a memfd-backed guest", cpu=two,
            maxmem=(2048, 4), backing=dict(source="memfd"),
            memdevs=[dict(model="dimm", size=128, node=1)]))
    add(dom("dimm-strict", "a DIMM with strict numatune", cpu=two,
            maxmem=(2048, 4),
            numatune={"memory": {"mode": "strict", "nodeset": "0"}},
            memdevs=[dict(model="dimm", size=128, node=1)]))
    add(dom("dimm-arm", "arm virt: a DIMM on node 1", arch="aarch64",
            machine="virt", acpi=False, cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=1)]))
    add(dom("dimm-arm-acpi", "arm virt with <acpi/> and a DIMM",
            arch="aarch64", machine="virt", cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=1)]))
    add(dom("dimm-no-acpi", "q35 without ACPI and a DIMM", acpi=False,
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("dimm-slots-300", "300 memory slots", cpu=two,
            maxmem=(4096, 300),
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("dimm-maxmem-only", "maxMemory and slots, no DIMM", cpu=two,
            maxmem=(2048, 8)))
    add(dom("dimm-maxmem-nonuma", "maxMemory without NUMA cells: libvirt "
            "wants a NUMA node", mem=256, maxmem=(2048, 4)))
    add(dom("nvdimm-one", "one NVDIMM on node 1", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="nvdimm", size=128, node=1, path="nv0")]))
    add(dom("nvdimm-pc", "an NVDIMM on pc", machine="pc", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="nvdimm", size=128, node=0, path="nv1")]))
    add(dom("nvdimm-and-dimm", "an NVDIMM and a DIMM", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="nvdimm", size=128, node=1, path="nv2")]))
    add(dom("nvdimm-no-acpi", "an NVDIMM without ACPI", acpi=False,
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="nvdimm", size=128, node=0, path="nv3")]))
    add(dom("nvdimm-arm", "arm virt: an NVDIMM", arch="aarch64",
            machine="virt", acpi=False, cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="nvdimm", size=128, node=0, path="nv4")]))
    add(dom("nvdimm-label-small", "an NVDIMM label below 128 KiB",
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="nvdimm", size=128, node=0, path="nv5",
                          label=64)]))
    add(dom("vmem-one", "a virtio-mem device on node 0", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=256, node=0)]))
    add(dom("vmem-requested", "virtio-mem with 64 MiB requested",
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=256, node=1,
                          requested=64)]))
    add(dom("vmem-two", "a virtio-mem device on each node", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=128, node=0),
                     dict(model="virtio-mem", size=128, node=1)]))
    add(dom("vmem-pc", "virtio-mem on pc", machine="pc", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=256, node=0)]))
    add(dom("vmem-block-4m", "virtio-mem with 4 MiB blocks", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=256, node=0, block=4)]))
    add(dom("vmem-and-dimm", "virtio-mem next to a DIMM", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="virtio-mem", size=256, node=1)]))
    add(dom("vmem-arm", "arm virt: virtio-mem", arch="aarch64",
            machine="virt", acpi=False, cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=256, node=0)]))
    add(dom("vmem-huge", "virtio-mem in a guest on huge pages",
            cpu=dict(cells=cells2(64)),
            maxmem=(2048, 4), backing=dict(hugepages=[]),
            memdevs=[dict(model="virtio-mem", size=128, node=0)]))
    add(dom("vmem-prealloc", "virtio-mem with immediate allocation",
            cpu=dict(cells=cells2(64)), maxmem=(2048, 4),
            backing=dict(allocation={"mode": "immediate"}),
            memdevs=[dict(model="virtio-mem", size=64, node=0)]))

    # --- machines and CPUs -------------------------------------------------
    add(dom("mach-pc-nonuma", "pc, no NUMA", machine="pc"))
    add(dom("mach-q35-nonuma", "q35, no NUMA"))
    add(dom("mach-pc-noacpi-nonuma", "pc without ACPI, no NUMA",
            machine="pc", acpi=False))
    add(dom("mach-q35-versioned", "q35 machine type named by version",
            machine="pc-q35-7.2", cpu=dict(cells=cells2())))
    add(dom("mach-pc-versioned", "pc machine named by version",
            machine="pc-i440fx-7.2", cpu=dict(cells=cells2())))
    add(dom("mach-pc-old", "an old pc machine (5.2)",
            machine="pc-i440fx-5.2", cpu=dict(cells=cells2())))
    add(dom("mach-cpu-max", "x86 CPU model max", cpu=dict(
        model="max", cells=cells2())))
    add(dom("mach-cpu-skylake", "x86 CPU model Skylake-Client",
            cpu=dict(model="Skylake-Client", cells=cells2())))
    add(dom("mach-cpu-epyc", "x86 CPU model EPYC", cpu=dict(
        model="EPYC", cells=cells2())))
    add(dom("mach-cpu-passthrough", "host-passthrough under TCG",
            cpu=dict(mode="host-passthrough", cells=cells2())))
    add(dom("mach-cpu-host-model", "host-model under TCG",
            cpu=dict(mode="host-model", cells=cells2())))
    add(dom("mach-cpu-maximum", "cpu mode maximum", cpu=dict(
        mode="maximum", cells=cells2())))
    add(dom("mach-no-cpu-model", "NUMA cells, no CPU model", cpu=dict(
        model="", cells=cells2())))

    # --- topology and vCPUs ------------------------------------------------
    def topo(s, d, c, t):
        return {"sockets": s, "dies": d, "cores": c, "threads": t}
    add(dom("topo-2s2c", "2 sockets of 2 cores", vcpus=4,
            cpu=dict(topology=topo(2, 1, 2, 1),
                     cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2-3", mem=128)])))
    add(dom("topo-threads", "2 sockets, 2 cores, 2 threads", vcpus=8,
            cpu=dict(topology=topo(2, 1, 2, 2),
                     cells=[dict(id=0, cpus="0-3", mem=128),
                            dict(id=1, cpus="4-7", mem=128)])))
    add(dom("topo-dies", "1 socket, 2 dies, 2 cores", vcpus=4,
            cpu=dict(topology=topo(1, 2, 2, 1),
                     cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2-3", mem=128)])))
    add(dom("topo-dies-pc", "dies on the pc machine", machine="pc",
            vcpus=4, cpu=dict(topology=topo(1, 2, 2, 1),
                              cells=[dict(id=0, cpus="0-1", mem=128),
                                     dict(id=1, cpus="2-3", mem=128)])))
    add(dom("topo-split-socket", "one socket's cores split over two cells",
            vcpus=4, cpu=dict(topology=topo(1, 1, 4, 1),
                              cells=[dict(id=0, cpus="0-1", mem=128),
                                     dict(id=1, cpus="2-3", mem=128)])))
    add(dom("topo-split-threads", "threads of a core in two cells",
            vcpus=4, cpu=dict(topology=topo(1, 1, 2, 2),
                              cells=[dict(id=0, cpus="0,2", mem=128),
                                     dict(id=1, cpus="1,3", mem=128)])))
    add(dom("topo-mismatch", "topology 2x2x1 = 4 but 6 vCPUs", vcpus=6,
            cpu=dict(topology=topo(2, 1, 2, 1),
                     cells=[dict(id=0, cpus="0-2", mem=128),
                            dict(id=1, cpus="3-5", mem=128)])))
    add(dom("topo-nonuma", "topology without NUMA cells", vcpus=8,
            cpu=dict(topology=topo(2, 1, 2, 2))))
    add(dom("topo-arm", "arm virt: 2 sockets of 2 cores", arch="aarch64",
            machine="virt", acpi=False, vcpus=4,
            cpu=dict(topology=topo(2, 1, 2, 1),
                     cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2-3", mem=128)])))
    add(dom("topo-arm-threads", "arm virt with threads", arch="aarch64",
            machine="virt", acpi=False, vcpus=4,
            cpu=dict(topology=topo(1, 1, 2, 2),
                     cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2-3", mem=128)])))
    add(dom("topo-arm-dies", "arm virt with 2 dies", arch="aarch64",
            machine="virt", acpi=False, vcpus=4,
            cpu=dict(topology=topo(1, 2, 2, 1),
                     cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2-3", mem=128)])))
    add(dom("vcpu-current", "2 of 4 vCPUs online, 2 cells", vcpus=4,
            current=2, cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                                       dict(id=1, cpus="2-3", mem=128)])))
    add(dom("vcpu-current-topo", "3 of 8 vCPUs online with topology",
            vcpus=8, current=3,
            cpu=dict(topology=topo(2, 1, 2, 2),
                     cells=[dict(id=0, cpus="0-3", mem=128),
                            dict(id=1, cpus="4-7", mem=128)])))
    add(dom("vcpu-current-one", "1 of 4 vCPUs online", vcpus=4, current=1,
            cpu=dict(cells=[dict(id=0, cpus="0-3", mem=256)])))
    add(dom("vcpu-current-nonuma", "2 of 4 vCPUs, no NUMA", vcpus=4,
            current=2))
    add(dom("vcpu-current-zero", "current 0 vCPUs", vcpus=4, current=0))
    add(dom("vcpu-current-above", "current above the maximum", vcpus=2,
            current=4))
    add(dom("vcpu-current-arm", "arm virt: 2 of 4 vCPUs", arch="aarch64",
            machine="virt", acpi=False, vcpus=4, current=2,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2-3", mem=128)])))
    add(dom("vcpu-many", "64 vCPUs over 4 cells", vcpus=64,
            cpu=dict(topology=topo(4, 1, 8, 2),
                     cells=[dict(id=i, cpus=f"{16 * i}-{16 * i + 15}",
                                 mem=64) for i in range(4)])))
    add(dom("vcpu-overlap", "vCPU 1 in two cells",
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="1", mem=128)])))
    add(dom("vcpu-out-of-range", "a cell names vCPU 5 of 2",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128),
                            dict(id=1, cpus="5", mem=128)])))

    # --- arm virt ----------------------------------------------------------
    add(dom("arm-nonuma", "arm virt without NUMA", arch="aarch64",
            machine="virt", acpi=False))
    add(dom("arm-two", "arm virt, two cells", arch="aarch64",
            machine="virt", acpi=False, cpu=two))
    add(dom("arm-acpi", "arm virt with <acpi/> (ACPI wants UEFI)",
            arch="aarch64", machine="virt", cpu=two))
    add(dom("arm-passthrough", "arm virt host-passthrough under TCG",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(mode="host-passthrough", cells=cells2())))
    add(dom("arm-cpu-max", "arm virt, CPU model max", arch="aarch64",
            machine="virt", acpi=False, cpu=dict(model="max",
                                                 cells=cells2())))
    add(dom("arm-cpu-a72", "arm virt, CPU model cortex-a72",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(model="cortex-a72", cells=cells2())))
    add(dom("arm-cpuless", "arm virt with a memory-only cell",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, mem=128)])))
    add(dom("arm-versioned", "arm virt-7.2", arch="aarch64",
            machine="virt-7.2", acpi=False, cpu=two))
    add(dom("arm-strict-memfd", "arm virt, memfd with strict numatune",
            arch="aarch64", machine="virt", acpi=False, cpu=two,
            backing=dict(source="memfd", access="shared"),
            numatune={"memory": {"mode": "strict", "nodeset": "0"}}))
    add(dom("arm-eight", "arm virt with eight cells", arch="aarch64",
            machine="virt", acpi=False, vcpus=8,
            cpu=dict(cells=[dict(id=i, cpus=str(i), mem=64)
                            for i in range(8)])))
    add(dom("arm-current", "arm virt, one of two vCPUs online",
            arch="aarch64", machine="virt", acpi=False, vcpus=2,
            current=1, cpu=two))

    # --- host threads of preallocation (thread-context) --------------------
    add(dom("tc-prealloc-strict", "immediate allocation bound to host node "
            "0: libvirt may add a thread-context", cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "immediate", "threads": 2}),
            numatune={"memory": {"mode": "strict", "nodeset": "0"}}))
    add(dom("tc-prealloc-memnode", "immediate allocation, memnode per cell",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "immediate"}),
            numatune={"memnodes": [
                {"cellid": 0, "mode": "strict", "nodeset": "0"},
                {"cellid": 1, "mode": "preferred", "nodeset": "0"}]}))
    add(dom("tc-huge-strict", "huge pages (preallocated), strict",
            cpu=dict(cells=cells2(32)),
            backing=dict(hugepages=[], allocation={"mode": "immediate",
                                                   "threads": 2}),
            numatune={"memory": {"mode": "strict", "nodeset": "0"}}))
    add(dom("tc-prealloc-arm", "arm virt: preallocated memory bound to "
            "node 0", arch="aarch64", machine="virt", acpi=False,
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "immediate"}),
            numatune={"memory": {"mode": "strict", "nodeset": "0"}}))

    # --- PCI expander buses on a guest node --------------------------------
    def pxb(model, bus, node):
        return [f"    <controller type='pci' index='1' model='{model}'>",
                f"      <target busNr='{bus}'>",
                f"        <node>{node}</node>",
                "      </target>",
                "    </controller>"]
    add(dom("pxb-pcie-node1", "q35: a PCIe expander bus on guest node 1",
            cpu=two, extra_devices=pxb("pcie-expander-bus", 252, 1)))
    add(dom("pxb-pc-node1", "pc: a PCI expander bus on guest node 1",
            machine="pc", cpu=two,
            extra_devices=pxb("pci-expander-bus", 254, 1)))
    add(dom("pxb-pcie-node0", "q35: a PCIe expander bus on guest node 0",
            cpu=two, extra_devices=pxb("pcie-expander-bus", 200, 0)))
    add(dom("pxb-bad-node", "a PCI expander bus on node 3 of 2",
            machine="pc", cpu=two,
            extra_devices=pxb("pci-expander-bus", 254, 3)))
    add(dom("pxb-nonuma", "a PCI expander bus on node 0 without NUMA",
            machine="pc", extra_devices=pxb("pci-expander-bus", 254, 0)))

    # --- odd cells libvirt or QEMU refuse ----------------------------------
    add(dom("cell-gap-id", "cell ids 0 and 2: libvirt wants them in order",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128),
                            dict(id=2, cpus="1", mem=128)])))
    add(dom("cell-zero-mem", "a cell of 0 MiB",
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=256),
                            dict(id=1, mem=0)])))
    add(dom("cell-tiny", "a cell of 1 MiB",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=255),
                            dict(id=1, cpus="1", mem=1)])))
    add(dom("cell-mem-mismatch", "<memory> larger than the cells' sum",
            mem=1024, cpu=dict(cells=cells2(128))))

    # --- more refusals of libvirt's own (define and start time) ------------
    def c2(**kw):
        """cells2() with kw on cell 1 only."""
        return [dict(id=0, cpus="0", mem=128), dict(id=1, cpus="1", mem=128,
                                                    **kw)]
    add(dom("cell-dup-id", "two cells with id 0",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128),
                            dict(id=0, cpus="1", mem=128)])))
    add(dom("cell-none", "<numa> holding no cell", mem=256,
            cpu=dict(cells=[])))
    add(dom("cell-no-memory", "a cell without memory=",
            mem=256, cpu=dict(cells=[dict(id=0, cpus="0-1", mem=None)])))
    add(dom("cell-bad-memory", "cell memory that is no number", mem=256,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem="lots")])))
    add(dom("cell-bad-unit", "a cell memory unit libvirt does not know",
            mem=256, cpu=dict(cells=[dict(id=0, cpus="0-1", mem=256,
                                          unit="parsecs")])))
    add(dom("cell-bad-cpus", "cell cpus that is no list", cpu=dict(
        cells=[dict(id=0, cpus="0-x", mem=128), dict(id=1, cpus="1",
                                                    mem=128)])))
    add(dom("cell-bad-id", "a cell id that is no number",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128),
                            dict(id="one", cpus="1", mem=128)])))
    add(dom("cell-bad-access", "memAccess='public'",
            cpu=dict(cells=c2(memAccess="public"))))
    add(dom("cell-bad-discard", "discard='maybe' on a cell",
            cpu=dict(cells=c2(discard="maybe"))))
    add(dom("cell-cpus-count", "cells name 3 vCPUs of 2",
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2", mem=128)])))
    add(dom("cell-id-order", "cells given as ids 1, 0",
            cpu=dict(cells=[dict(id=1, cpus="1", mem=128),
                            dict(id=0, cpus="0", mem=128)])))
    add(dom("dist-empty", "<distances> without <sibling>",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128, dist=[]),
                            dict(id=1, cpus="1", mem=128)])))
    add(dom("dist-no-value", "a sibling without value=",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128,
                                 dist=[(0, 10), (1, None)]),
                            dict(id=1, cpus="1", mem=128)])))
    add(dom("dist-no-id", "a sibling without id=",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128,
                                 dist=[(None, 10)]),
                            dict(id=1, cpus="1", mem=128)])))

    # caches and interconnects (libvirt's HMAT)
    def cache(level, assoc="direct", policy="writeback", size=10, line=8):
        a = _attrs({"level": level, "associativity": assoc,
                    "policy": policy})
        return [f"<cache{a}>", f"  <size value='{size}' unit='KiB'/>",
                f"  <line value='{line}' unit='B'/>", "</cache>"]

    def link(kind, i, t, value=5, typ="access", cache=None, unit=None):
        return (f"  <{kind}" + _attrs({"initiator": i, "target": t,
                                        "cache": cache, "type": typ,
                                        "value": value, "unit": unit})
                + "/>")

    def hmat(name, why, links, caches=({}, {}), cells=None, **kw):
        cells = cells or cells2(128)
        for c, extra in zip(cells, caches):
            if extra:
                c["extra"] = extra
        add(dom(name, why, cpu=dict(cells=cells, numa_extra=[
            "<interconnects>"] + links + ["</interconnects>"]), **kw))
    hmat("hmat-latency", "latency and bandwidth between two nodes",
         [link("latency", 0, 0), link("latency", 0, 1, 10),
          link("bandwidth", 0, 0, 204800, unit="KiB"),
          link("bandwidth", 0, 1, 102400, unit="KiB")])
    hmat("hmat-cache", "a level 1 cache on node 0 with its latency",
         [link("latency", 0, 0), link("latency", 0, 0, 2, cache=1)],
         caches=(cache(1), {}))
    hmat("hmat-bad-initiator", "initiator node 2 of 2",
         [link("latency", 2, 0)])
    hmat("hmat-bad-target", "target node 5 of 2", [link("latency", 0, 5)])
    hmat("hmat-cpuless-initiator", "a memory-only node as initiator",
         [link("latency", 1, 0)],
         cells=[dict(id=0, cpus="0-1", mem=128), dict(id=1, mem=128)])
    hmat("hmat-bad-cache", "latency to a cache node 1 lacks",
         [link("latency", 0, 1, cache=1)])
    hmat("hmat-duplicate", "the same latency twice",
         [link("latency", 0, 1, 10), link("latency", 0, 1, 20)])
    hmat("hmat-link-twice", "latency 0->1 and 1->0",
         [link("latency", 0, 1, 10), link("latency", 1, 0, 10)])
    hmat("hmat-bad-type", "latency of type 'fast'",
         [link("latency", 0, 0, typ="fast")])
    hmat("hmat-no-value", "latency without value",
         [link("latency", 0, 0, value=None)])
    hmat("hmat-cache-level-4", "a level 4 cache",
         [link("latency", 0, 0)], caches=(cache(4), {}))
    hmat("hmat-cache-twice", "two level 1 caches on a node",
         [link("latency", 0, 0)], caches=(cache(1) + cache(1), {}))
    hmat("hmat-cache-bad-assoc", "cache associativity 'some'",
         [link("latency", 0, 0)], caches=(cache(1, assoc="some"), {}))
    hmat("hmat-cache-bad-policy", "cache policy 'sometimes'",
         [link("latency", 0, 0)], caches=(cache(1, policy="sometimes"), {}))
    hmat("hmat-cache-no-level", "cache without level",
         [link("latency", 0, 0)], caches=(cache(None), {}))
    hmat("hmat-cache-level-0", "cache level 0",
         [link("latency", 0, 0)], caches=(cache(0), {}))
    hmat("hmat-arm", "arm virt: HMAT without ACPI",
         [link("latency", 0, 0)], arch="aarch64", machine="virt",
         acpi=False)

    # numatune
    add(dom("tune-bad-mode", "numatune mode 'loose'",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "loose", "nodeset": "0"}}))
    add(dom("tune-bad-placement", "numatune placement 'anywhere'",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict",
                                 "placement": "anywhere"}}))
    add(dom("tune-static-no-nodeset", "placement static, no nodeset",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict", "placement": "static"}}))
    add(dom("tune-bad-nodeset", "numatune nodeset that is no list",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict", "nodeset": "0-"}}))
    add(dom("tune-memnode-twice", "two memnode for cell 0",
            cpu=dict(cells=cells2()),
            numatune={"memnodes": [
                {"cellid": 0, "mode": "strict", "nodeset": "0"},
                {"cellid": 0, "mode": "strict", "nodeset": "0"}]}))
    add(dom("tune-memnode-no-nodeset", "memnode without nodeset",
            cpu=dict(cells=cells2()),
            numatune={"memnodes": [{"cellid": 0, "mode": "strict"}]}))
    add(dom("tune-memnode-no-cellid", "memnode without cellid",
            cpu=dict(cells=cells2()),
            numatune={"memnodes": [{"mode": "strict", "nodeset": "0"}]}))
    add(dom("tune-memnode-bad-mode", "memnode mode 'loose'",
            cpu=dict(cells=cells2()),
            numatune={"memnodes": [{"cellid": 0, "mode": "loose",
                                    "nodeset": "0"}]}))
    add(dom("tune-memnode-auto", "memnode with placement auto",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict", "placement": "auto"},
                      "memnodes": [{"cellid": 0, "mode": "strict",
                                    "nodeset": "0"}]}))
    add(dom("tune-twice", "two <numatune> elements",
            cpu=dict(cells=cells2()), numatune={"extra": [
                "</numatune>", "<numatune>",
                "<memory mode='strict' nodeset='0'/>"]}))

    # huge pages
    add(dom("huge-nodeset-twice", "two page sizes for cell 0",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "0"), (1048576, "0")])))
    add(dom("huge-default-twice", "two page sizes without nodeset",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, None), (1048576, None)])))
    add(dom("huge-nonuma-nodeset", "a hugepage nodeset without NUMA cells",
            mem=64, backing=dict(hugepages=[(2048, "0")])))
    add(dom("huge-zero-size", "a page of size 0",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(0, None)])))
    add(dom("huge-bad-size", "a page size that is no number",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[("big", None)])))
    add(dom("huge-bad-page-nodeset", "a page nodeset that is no list",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "x")])))
    add(dom("huge-anonymous", "huge pages with source anonymous",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[], source="anonymous")))
    add(dom("huge-file", "huge pages with source file",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[], source="file")))
    add(dom("back-bad-source", "memory source 'swap'",
            cpu=dict(cells=cells2(64)), backing=dict(source="swap")))
    add(dom("back-bad-access", "memory access 'public'",
            cpu=dict(cells=cells2(64)), backing=dict(access="public")))
    add(dom("back-bad-allocation", "allocation mode 'eventually'",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "eventually"})))
    add(dom("back-threads-zero", "allocation with 0 threads",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "immediate", "threads": 0})))

    # memory sizes and devices
    add(dom("mem-max-below", "maxMemory below <memory>", mem=512,
            maxmem=(256, 4)))
    add(dom("mem-max-no-slots", "maxMemory without slots",
            cpu=dict(cells=cells2()),
            head=["<maxMemory unit='MiB'>2048</maxMemory>"]))
    add(dom("mem-max-zero-slots", "maxMemory with slots 0",
            cpu=dict(cells=cells2()), maxmem=(2048, 0)))
    add(dom("mem-none", "no <memory>, no cells", mem=False))
    add(dom("mem-current-above", "currentMemory above <memory>", mem=256,
            head=["<currentMemory unit='MiB'>512</currentMemory>"]))
    add(dom("mem-zero", "<memory> of 0 and no NUMA", mem=0))
    add(dom("mem-bad", "<memory> that is no number", mem="much"))
    add(dom("dimm-no-size", "a DIMM without size", cpu=two,
            maxmem=(2048, 4), extra_devices=[
                "<memory model='dimm'>", "  <target>",
                "    <node>0</node>", "  </target>", "</memory>"]))
    add(dom("dimm-zero-size", "a DIMM of 0 MiB", cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=0, node=0)]))
    add(dom("dimm-bad-model", "a memory device of model 'sram'", cpu=two,
            maxmem=(2048, 4), extra_devices=[
                "<memory model='sram'>", "  <target>",
                "    <size unit='MiB'>128</size>", "    <node>0</node>",
                "  </target>", "</memory>"]))
    add(dom("dimm-beyond-maxmem", "DIMMs summing past maxMemory", cpu=two,
            maxmem=(1024, 4),
            memdevs=[dict(model="dimm", size=256, node=0),
                     dict(model="dimm", size=512, node=1)]))
    add(dom("dimm-no-target", "a DIMM without <target>", cpu=two,
            maxmem=(2048, 4), extra_devices=[
                "<memory model='dimm'>", "</memory>"]))
    add(dom("vmem-no-block", "virtio-mem without block size", cpu=two,
            maxmem=(2048, 4), extra_devices=[
                "<memory model='virtio-mem'>", "  <target>",
                "    <size unit='MiB'>256</size>", "    <node>0</node>",
                "    <requested unit='MiB'>0</requested>",
                "  </target>", "</memory>"]))
    add(dom("vmem-block-odd", "virtio-mem block of 3 MiB", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=255, node=0, block=3)]))
    add(dom("vmem-requested-above", "virtio-mem requesting more than size",
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=128, node=0,
                          requested=256)]))
    add(dom("vmem-size-unaligned", "virtio-mem size not a block multiple",
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=129, node=0)]))
    add(dom("nvdimm-no-path", "an NVDIMM without source path", cpu=two,
            maxmem=(2048, 4), extra_devices=[
                "<memory model='nvdimm'>", "  <target>",
                "    <size unit='MiB'>128</size>", "    <node>0</node>",
                "  </target>", "</memory>"]))

    # vCPUs and topology
    add(dom("vcpu-zero", "<vcpu> 0", vcpus=0))
    add(dom("vcpu-bad", "<vcpu> that is no number", vcpus="two"))
    add(dom("vcpu-bad-current", "current vCPUs that is no number",
            vcpus=2, current="one"))
    add(dom("topo-zero-cores", "topology with 0 cores", vcpus=2,
            cpu=dict(topology={"sockets": 2, "dies": 1, "cores": 0,
                               "threads": 1})))
    add(dom("topo-no-threads", "topology without threads", vcpus=2,
            cpu=dict(topology={"sockets": 2, "dies": 1, "cores": 1})))
    add(dom("topo-bad-dies", "topology dies='x'", vcpus=2,
            cpu=dict(topology={"sockets": 2, "dies": "x", "cores": 1,
                               "threads": 1})))
    add(dom("topo-current-mismatch", "topology 2x1x1 for 4 vCPUs, 2 online",
            vcpus=4, current=2,
            cpu=dict(topology=topo(2, 1, 1, 1))))
    add(dom("tune-empty-nodeset", "numatune nodeset naming no node",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict", "nodeset": "0,^0"}}))
    add(dom("cell-all-zero", "every cell of 0 MiB", mem=256,
            cpu=dict(cells=[dict(id=0, cpus="0", mem=0),
                            dict(id=1, cpus="1", mem=0)])))

    def dimm_at(slot, node=0):
        return ["<memory model='dimm'>", "  <target>",
                "    <size unit='MiB'>128</size>",
                f"    <node>{node}</node>", "  </target>",
                f"  <address type='dimm' slot='{slot}'/>", "</memory>"]
    add(dom("dimm-slot-beyond", "a DIMM in slot 4 of 4", cpu=two,
            maxmem=(2048, 4), extra_devices=dimm_at(4)))
    add(dom("dimm-slot-twice", "two DIMMs in slot 1", cpu=two,
            maxmem=(2048, 4), extra_devices=dimm_at(1) + dimm_at(1, 1)))
    add(dom("dimm-slot-given", "DIMMs in slots 3 and 0", cpu=two,
            maxmem=(2048, 4), extra_devices=dimm_at(3) + dimm_at(0, 1)))
    add(dom("nvdimm-label-big", "an NVDIMM label as large as the NVDIMM",
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="nvdimm", size=128, node=0, path="nv7",
                          label=131072)]))
    add(dom("vmem-requested-unaligned", "virtio-mem requesting 3 MiB of "
            "2 MiB blocks", cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=128, node=0,
                          requested=3)]))
    add(dom("vcpu-q35-300", "300 vCPUs on q35 (QEMU 7.2 allows 288)",
            vcpus=300))
    add(dom("vcpu-q35-288", "288 vCPUs on q35", vcpus=288, mem=128))
    add(dom("vcpu-pc-256", "256 vCPUs on pc (QEMU 7.2 allows 255)",
            machine="pc", vcpus=256))
    add(dom("vcpu-arm-600", "600 vCPUs on arm virt", arch="aarch64",
            machine="virt", acpi=False, vcpus=600))
    add(dom("mach-cpu-unknown", "an x86 CPU model libvirt does not know",
            cpu=dict(model="Zen9", cells=cells2())))
    add(dom("huge-nonuma-node1", "a hugepage nodeset 1 without NUMA cells",
            mem=64, backing=dict(hugepages=[(2048, "1")])))
    add(dom("huge-nonuma-nodes", "a hugepage nodeset 0-1 without NUMA cells",
            mem=64, backing=dict(hugepages=[(2048, "0-1")])))
    add(dom("dimm-huge-odd", "a DIMM on 16 MiB pages", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=64, node=1, pagesize=16384)]))
    add(dom("nvdimm-too-many", "a DIMM and an NVDIMM for one slot", cpu=two,
            maxmem=(2048, 1),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="nvdimm", size=128, node=1, path="nv6")]))
    add(dom("vmem-slots-one", "two virtio-mem devices and one slot",
            cpu=two, maxmem=(2048, 1),
            memdevs=[dict(model="virtio-mem", size=128, node=0),
                     dict(model="virtio-mem", size=128, node=1)]))
    add(dom("vmem-no-maxmem", "virtio-mem without <maxMemory>", cpu=two,
            memdevs=[dict(model="virtio-mem", size=128, node=0)]))
    add(dom("vmem-bad-node", "virtio-mem on node 3 of 2", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=128, node=3)]))
    add(dom("vmem-no-node", "virtio-mem without <node>", cpu=two,
            maxmem=(2048, 4),
            memdevs=[dict(model="virtio-mem", size=128)]))
    add(dom("pxb-pcie-bad-node", "q35: a PCIe expander bus on node 2 of 2",
            cpu=two, extra_devices=pxb("pcie-expander-bus", 252, 2)))
    add(dom("vcpu-overlap-late", "cell 2 overlaps cell 0", vcpus=3,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2", mem=128),
                            dict(id=2, cpus="1", mem=128)])))
    add(dom("mem-devices-nonuma", "DIMMs larger than <memory>, no NUMA",
            mem=256, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=512)]))
    add(dom("mem-dimm-sum", "memory devices counted into <memory>",
            cpu=two, maxmem=(640, 4),
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("tune-restrictive-memnode", "restrictive memory and memnode",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "restrictive", "nodeset": "0"},
                      "memnodes": [{"cellid": 0, "mode": "restrictive",
                                    "nodeset": "0"}]}))
    add(dom("tune-auto", "numatune placement auto, no memnode",
            cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict", "placement": "auto"}}))
    add(dom("topo-vcpu-current-bad", "current 0 with a topology", vcpus=2,
            current=0, cpu=dict(topology=topo(2, 1, 1, 1))))
    add(dom("dist-bad-sibling-x", "a sibling id that is no number",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128,
                                 dist=[("x", 20)]),
                            dict(id=1, cpus="1", mem=128)])))
    add(dom("arm-acpi-nonuma", "arm virt with <acpi/>, no NUMA",
            arch="aarch64", machine="virt"))

    # --- two refusals at once: libvirt gives the first in its order --------
    add(dom("order-overlap-memory", "cell 1 overlaps cell 0 and has a bad "
            "memory", cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                                      dict(id=1, cpus="1", mem="x")]),
            mem=256))
    add(dom("order-memnode-topology", "a memnode for cell 2 of 2 and a "
            "topology of 3 vCPUs for 2", cpu=dict(
                topology=topo(3, 1, 1, 1), cells=cells2()),
            numatune={"memnodes": [{"cellid": 2, "mode": "strict",
                                    "nodeset": "0"}]}))
    add(dom("order-dimm-node-slots", "two DIMMs for one slot, one without "
            "node", cpu=two, maxmem=(2048, 1),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="dimm", size=128)]))
    add(dom("order-memory-vcpu", "a bad <memory> and a bad <vcpu>",
            mem="x", vcpus="y"))
    add(dom("order-cache-hugepage", "a level 4 cache and a hugepage node 5",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=64, extra=cache(4)),
                            dict(id=1, cpus="1", mem=64)]),
            backing=dict(hugepages=[(2048, "5")])))
    add(dom("order-topology-acpi", "arm virt with <acpi/> and a topology "
            "of 4 vCPUs for 2", arch="aarch64", machine="virt",
            cpu=dict(topology=topo(2, 1, 2, 1), cells=cells2())))
    add(dom("order-passthrough-topology", "host-passthrough and a topology "
            "of 4 vCPUs for 2", cpu=dict(mode="host-passthrough",
                                         topology=topo(2, 1, 2, 1))))
    add(dom("order-cells-numatune", "bad cell cpus and a bad numatune "
            "mode", cpu=dict(cells=[dict(id=0, cpus="x", mem=128),
                                    dict(id=1, cpus="1", mem=128)]),
            numatune={"memory": {"mode": "loose", "nodeset": "0"}}))
    add(dom("order-slots-cells", "maxMemory without slots and a cell "
            "naming vCPU 5", cpu=dict(cells=[dict(id=0, cpus="0", mem=128),
                                             dict(id=1, cpus="5", mem=128)]),
            head=["<maxMemory unit='MiB'>2048</maxMemory>"]))
    add(dom("order-backing-cells", "a bad memory source and a cell gap",
            cpu=dict(cells=[dict(id=0, cpus="0", mem=128),
                            dict(id=2, cpus="1", mem=128)]),
            backing=dict(source="swap")))
    add(dom("order-hotplug-acpi", "arm virt with <acpi/> and a DIMM "
            "without maxMemory", arch="aarch64", machine="virt", cpu=two,
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("order-current-cells", "current above the maximum and cells "
            "naming 3 vCPUs of 2", vcpus=2, current=3,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=128),
                            dict(id=1, cpus="2", mem=128)])))
    add(dom("order-anonymous-node", "huge pages of anonymous memory on "
            "node 5", cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "5")], source="anonymous")))
    add(dom("order-limit-topology", "300 vCPUs on q35 with a topology of "
            "4", vcpus=300, cpu=dict(topology=topo(2, 1, 2, 1))))
    add(dom("order-model-slots", "an unknown CPU model and two DIMMs for "
            "one slot", cpu=dict(model="Zen9", cells=cells2(256)),
            maxmem=(2048, 1),
            memdevs=[dict(model="dimm", size=128, node=0),
                     dict(model="dimm", size=128, node=1)]))
    add(dom("order-hugetlbfs-host-node", "16 MiB pages and host node 1",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(16384, None)]),
            numatune={"memory": {"mode": "strict", "nodeset": "1"}}))
    add(dom("order-host-node-memdev", "host node 1 on cell 1 and a DIMM on "
            "node 2", cpu=two, maxmem=(2048, 4),
            numatune={"memnodes": [{"cellid": 1, "mode": "strict",
                                    "nodeset": "1"}]},
            memdevs=[dict(model="dimm", size=128, node=2)]))
    add(dom("order-total-max", "DIMMs beyond <memory> without NUMA and "
            "maxMemory below <memory>", mem=512, maxmem=(256, 4),
            memdevs=[dict(model="dimm", size=1024)]))
    add(dom("order-numa-validate-hotplug", "a cpuless initiator and a DIMM "
            "without maxMemory", cpu=dict(
                cells=[dict(id=0, cpus="0-1", mem=128), dict(id=1, mem=128)],
                numa_extra=["<interconnects>",
                            "  <latency initiator='1' target='0' "
                            "type='access' value='5'/>",
                            "</interconnects>"]),
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("order-model-memdev-node", "an unknown CPU model and a DIMM "
            "without node", cpu=dict(model="Zen9", cells=cells2(256)),
            maxmem=(2048, 4), memdevs=[dict(model="dimm", size=128)]))
    add(dom("order-model-host-node", "an unknown CPU model and host node 1",
            cpu=dict(model="Zen9", cells=cells2()),
            numatune={"memory": {"mode": "strict", "nodeset": "1"}}))
    add(dom("order-memdev-pagesize-host-node", "a DIMM on 16 MiB pages and "
            "host node 1", cpu=two, maxmem=(2048, 4),
            numatune={"memory": {"mode": "strict", "nodeset": "1"}},
            memdevs=[dict(model="dimm", size=64, node=1, pagesize=16384)]))
    add(dom("order-memdev-node-hugetlbfs", "a DIMM on node 2 and cells on "
            "16 MiB pages", cpu=dict(cells=cells2(64)), maxmem=(2048, 4),
            backing=dict(hugepages=[(16384, None)]),
            memdevs=[dict(model="dimm", size=128, node=2)]))
    add(dom("order-numad-memdev", "placement auto and a DIMM on node 2",
            cpu=two, maxmem=(2048, 4),
            numatune={"memory": {"mode": "strict", "placement": "auto"}},
            memdevs=[dict(model="dimm", size=128, node=2)]))
    add(dom("order-numad-hugetlbfs", "placement auto and 16 MiB pages",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(16384, None)]),
            numatune={"memory": {"mode": "strict", "placement": "auto"}}))
    add(dom("order-no-node-bad-node", "a DIMM on node 2, then one without",
            cpu=two, maxmem=(2048, 4),
            memdevs=[dict(model="dimm", size=128, node=2),
                     dict(model="dimm", size=128)]))
    add(dom("order-host-node-cells", "host node 3 on cell 0, host node 1 "
            "for all", cpu=dict(cells=cells2()),
            numatune={"memory": {"mode": "strict", "nodeset": "1"},
                      "memnodes": [{"cellid": 0, "mode": "strict",
                                    "nodeset": "3"}]}))
    add(dom("order-nonuma-host-node-hugetlbfs", "no NUMA: 16 MiB pages and "
            "host node 1", mem=64, backing=dict(hugepages=[(16384, None)]),
            numatune={"memory": {"mode": "strict", "nodeset": "1"}}))
    add(dom("order-model-memdev-bad-node", "an unknown CPU model and a "
            "DIMM on node 2", cpu=dict(model="Zen9", cells=cells2(256)),
            maxmem=(2048, 4), memdevs=[dict(model="dimm", size=128,
                                            node=2)]))
    add(dom("tune-host-node-1-nonuma", "nodeset 1 without NUMA cells",
            numatune={"memory": {"mode": "strict", "nodeset": "1"}}))
    add(dom("tune-auto-nonuma", "placement auto without NUMA cells",
            numatune={"memory": {"mode": "strict", "placement": "auto"}}))
    add(dom("order-nonuma-numad-hugetlbfs", "no NUMA: placement auto and "
            "16 MiB pages", mem=64, backing=dict(hugepages=[(16384, None)]),
            numatune={"memory": {"mode": "strict", "placement": "auto"}}))
    add(dom("order-topology-hotplug", "a topology of 4 vCPUs for 2 and a "
            "DIMM without maxMemory", cpu=dict(topology=topo(2, 1, 2, 1),
                                               cells=cells2(256)),
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("order-hotplug-passthrough", "host-passthrough and a DIMM "
            "without maxMemory", cpu=dict(mode="host-passthrough",
                                          cells=cells2(256)),
            memdevs=[dict(model="dimm", size=128, node=0)]))
    add(dom("order-limit-acpi", "arm virt with <acpi/> and 600 vCPUs",
            arch="aarch64", machine="virt", vcpus=600))
    add(dom("order-eim-topology", "288 vCPUs on q35 without an IOMMU and "
            "a topology of 4", vcpus=288, cpu=dict(topology=topo(2, 1, 2,
                                                                  1))))
    add(dom("order-eim-passthrough", "288 vCPUs on q35 without an IOMMU "
            "and host-passthrough", vcpus=288,
            cpu=dict(mode="host-passthrough")))
    add(dom("order-label-hotplug-slots", "an NVDIMM label too small and a "
            "virtio-mem device too many for the slots", cpu=two,
            maxmem=(2048, 1),
            memdevs=[dict(model="nvdimm", size=128, node=0, path="nv8",
                          label=64),
                     dict(model="virtio-mem", size=128, node=1)]))
    add(dom("order-pxb-anonymous", "a PCI expander bus on node 3 of 2 and "
            "anonymous huge pages", machine="pc",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[], source="anonymous"),
            extra_devices=pxb("pci-expander-bus", 254, 3)))
    add(dom("order-vmem-block-pxb", "a PCI expander bus on node 3 of 2, "
            "then a virtio-mem device of 3 MiB blocks", machine="pc",
            cpu=two, maxmem=(2048, 4),
            extra_devices=pxb("pci-expander-bus", 254, 3) + [
                "<memory model='virtio-mem'>", "  <target>",
                "    <size unit='MiB'>255</size>", "    <node>0</node>",
                "    <block unit='MiB'>3</block>",
                "    <requested unit='MiB'>0</requested>",
                "  </target>", "</memory>"]))
    add(dom("vcpu-placement-auto", "vcpu placement auto: memory placed "
            "by numad", cpu=dict(cells=cells2()), placement="auto"))
    add(dom("cell-unit-bytes", "cell memory in bytes, not whole KiB",
            mem=256, cpu=dict(cells=[dict(id=0, cpus="0-1",
                                          mem=268435457, unit="b")])))
    add(dom("huge-unit-mib", "a page size of 2 MiB given in M",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2, None, "M")])))
    add(dom("hmat-bandwidth-unit", "a bandwidth in an unknown unit",
            cpu=dict(cells=cells2(128), numa_extra=[
                "<interconnects>",
                "  <bandwidth initiator='0' target='0' type='access' "
                "value='1' unit='furlongs'/>", "</interconnects>"])))
    add(dom("mem-overflow", "<memory> of 16 EiB", mem=False,
            head=["<memory unit='EiB'>16</memory>"]))
    add(dom("mem-overflow-kib", "<memory> of 2^53 KiB, no unit given",
            mem=False, head=["<memory>9007199254740992</memory>"]))
    add(dom("cell-overflow", "a cell of 8 EiB", mem=256,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=8, unit="EiB")])))
    add(dom("cell-shared-anonymous", "memAccess shared on anonymous "
            "memory", cpu=dict(cells=c2(memAccess="shared")),
            backing=dict(source="anonymous")))
    add(dom("cell-discard-anonymous", "discard on a cell of anonymous "
            "memory", cpu=dict(cells=c2(discard="yes")),
            backing=dict(source="anonymous")))
    add(dom("cell-access-default", "memAccess='default' written out",
            cpu=dict(cells=c2(memAccess="default"))))
    add(dom("arm-host-model", "arm virt, host-model under TCG",
            arch="aarch64", machine="virt", acpi=False,
            cpu=dict(mode="host-model", cells=cells2())))
    add(dom("arm-maximum", "arm virt, cpu mode maximum", arch="aarch64",
            machine="virt", acpi=False,
            cpu=dict(mode="maximum", cells=cells2())))
    add(dom("mem-current-bad", "<currentMemory> that is no number",
            mem=256, head=["<currentMemory unit='MiB'>lots</currentMemory>"]))
    add(dom("mem-max-bad-slots", "maxMemory slots='many'",
            cpu=dict(cells=cells2()),
            head=["<maxMemory slots='many' unit='MiB'>2048</maxMemory>"]))
    add(dom("topo-clusters", "clusters='2' in the topology (libvirt 9.0 "
            "knows no clusters)", vcpus=2,
            cpu=dict(topology={"sockets": 1, "dies": 1, "clusters": 2,
                               "cores": 1, "threads": 1})))
    add(dom("vpmem-no-path", "virtio-pmem without a path", cpu=two,
            maxmem=(2048, 4), extra_devices=[
                "<memory model='virtio-pmem'>", "  <target>",
                "    <size unit='MiB'>128</size>", "  </target>",
                "</memory>"]))
    add(dom("dimm-host-nodemask", "a DIMM bound to host node 1",
            cpu=two, maxmem=(2048, 4), extra_devices=[
                "<memory model='dimm'>", "  <source>",
                "    <nodemask>1</nodemask>", "  </source>", "  <target>",
                "    <size unit='MiB'>128</size>", "    <node>0</node>",
                "  </target>", "</memory>"]))
    hmat("hmat-cache-no-policy", "cache without policy",
         [link("latency", 0, 0)], caches=(cache(1, policy=None), {}))
    hmat("hmat-cache-no-assoc", "cache without associativity",
         [link("latency", 0, 0)], caches=(cache(1, assoc=None), {}))
    add(dom("dimm-bad-node-text", "a DIMM on node 'one'", cpu=two,
            maxmem=(2048, 4), memdevs=[dict(model="dimm", size=128,
                                            node="one")]))

    # --- found by giving libvirt the corpus with one value changed ----------
    add(dom("cpu-bad-match", "cpu match='loose'",
            cpu=dict(match="loose", cells=cells2())))
    add(dom("cpu-bad-mode", "cpu mode='guest'",
            cpu=dict(mode="guest", cells=cells2())))
    add(dom("vcpu-bad-placement", "vcpu placement='somewhere'",
            placement="somewhere", cpu=dict(cells=cells2())))
    add(dom("vcpu-empty", "an empty <vcpu/>", vcpus=""))
    add(dom("back-bad-threads", "allocation threads='b'",
            cpu=dict(cells=cells2(64)),
            backing=dict(allocation={"mode": "immediate", "threads": "b"})))
    add(dom("cell-blank-number", "cell memory written with a blank before "
            "it", mem=256, cpu=dict(cells=[dict(id=0, cpus="0-1",
                                                mem=" 256")])))
    add(dom("cell-unit-empty", "an empty unit: the default, KiB", mem=256,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem=262144, unit="")])))
    add(dom("order-hugepages-topology", "two default page sizes and a "
            "topology of 3 vCPUs for 2",
            cpu=dict(cells=cells2(64), topology=topo(3, 1, 1, 1)),
            backing=dict(hugepages=[(2048, None), (1048576, None)])))
    add(dom("order-slots-topology", "slots='0' and a topology of 3 vCPUs "
            "for 2", cpu=dict(cells=cells2(), topology=topo(3, 1, 1, 1)),
            maxmem=(2048, 0)))
    add(dom("order-pxb-slots", "slots='0' and a PCI expander bus on node 3",
            machine="pc", cpu=two, maxmem=(2048, 0),
            extra_devices=pxb("pci-expander-bus", 254, 3)))
    add(dom("order-match-offline", "cpu match='loose' and current 0",
            vcpus=2, current=0, cpu=dict(match="loose", cells=cells2())))
    add(dom("mem-empty", "an empty <memory>: the cells give the size",
            mem=False, cpu=dict(cells=cells2(128)),
            head=["<memory unit='MiB'></memory>"]))
    add(dom("back-source-empty", "memory source type=''",
            cpu=dict(cells=cells2(64)), backing=dict(source="")))
    add(dom("cell-memory-empty", "cell memory=''", mem=256,
            cpu=dict(cells=[dict(id=0, cpus="0-1", mem="")])))
    add(dom("huge-page-no-size", "a <page> without size",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(None, "0")])))
    add(dom("huge-nodeset-empty", "a page nodeset naming no node",
            cpu=dict(cells=cells2(64)),
            backing=dict(hugepages=[(2048, "0,^0")])))
    add(dom("dimm-slot-missing", "a DIMM address without slot", cpu=two,
            maxmem=(2048, 4), extra_devices=[
                "<memory model='dimm'>", "  <target>",
                "    <size unit='MiB'>128</size>", "    <node>0</node>",
                "  </target>", "  <address type='dimm'/>", "</memory>"]))
    add(dom("pxb-node-text", "a PCI expander bus on node 'one'",
            machine="pc", cpu=two,
            extra_devices=pxb("pci-expander-bus", 254, "one")))
    # the name becomes a path (a file backend's mem-path): no '/'; the
    # file keeps a name of its own
    add(("name-slash", "<!-- a domain name with '/' -->\n"
         "<domain type='qemu'>\n  <name>guest/one</name>\n"
         "  <memory unit='MiB'>256</memory>\n"
         "  <vcpu placement='static'>2</vcpu>\n" + X86_Q35 +
         "\n</domain>\n"))
    return C


def main():
    cs = cases() + reader_cases()
    names = [n for n, _ in cs]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit(f"gen: duplicate names {sorted(dup)}")
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.xml"):
        if old.stem not in names:
            old.unlink()
    for name, text in cs:
        (OUT / f"{name}.xml").write_text(text)
    print(f"gen: {len(cs)} domains in {OUT}")


if __name__ == "__main__":
    main()
