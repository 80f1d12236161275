#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""cio-lab benchmarks: the patched kernel against the base, same config, same run.

usage: bench.py [--sizes 16,64,128] [--only NAME] [--out FILE]

Kernels: base (unpatched, same config), patched, and nocoal (patched,
booted with cio.chp_coalesce=0).

Each benchmark is a scenario under bench/ whose trace is split into phases by
'mark phase NAME' steps. Work is counted from trace events (CRWs stored,
STSCH, SSCH), then timed: the handling window runs from the first CRW stored
to the last SSCH of the phase (the last path-verification I/O; no other I/O
runs during a benchmark). A benchmark that traces the workqueue events also
gets the slow path's runs (css_slow_path_func) counted and timed. Both
kernels boot the same initramfs with the same device count; the table shows
both and the patched/base ratio.
"""

import argparse
import os
import re
import subprocess
import sys
import time

LAB = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(LAB, "..", "..", ".."))
BUILD = os.environ.get("CIO_LAB_BUILD", "/var/tmp/cio-lab")
LAB_KERNEL = os.path.join(BUILD, "out-lab/arch/s390/boot/bzImage")
# name -> (bzImage, extra kernel arguments)
KERNELS = {
    "base": (os.path.join(BUILD, "out-base/arch/s390/boot/bzImage"), []),
    "patched": (LAB_KERNEL, []),
    "nocoal": (LAB_KERNEL, ["cio.chp_coalesce=0"]),
}
INITRD = os.path.join(BUILD, "initramfs.cpio.gz")
# name -> (scenario, (reference kernel, kernel under test), device counts
# (None: --sizes), phases shown, the phase compared). The injected variants
# need path injection, which only the patched kernel has: their reference
# is the same kernel with coalescing turned off. The storms are 10,000 CRWs
# through crw_inject with two disks.
BENCHMARKS = {
    "dupcrw-chp00": ("dupcrw-chp00.scn", ("base", "patched"), None, ("single", "dup"), "dup"),
    "dupcrw-injected": ("dupcrw-injected.scn", ("nocoal", "patched"), None, ("single", "dup"),
                        "dup"),
    "crw-storm-real": ("crw-storm-real.scn", ("base", "patched"), [2], ("storm",), "storm"),
    "crw-storm-inject": ("crw-storm-inject.scn", ("nocoal", "patched"), [2], ("storm",), "storm"),
    "slowpath": ("slowpath.scn", ("base", "patched"), [2], ("unknown",), "unknown"),
}
SLOW_PATH_WORK = "function css_slow_path_func"

STORM_FIGURES = re.compile(r"crw-storm figures: \d+ CRWs raised in (?P<raised>[\d.]+) s,"
                           r".* settled (?P<settled>[\d.]+) s after the last")
TRACE_LINE = re.compile(r"^\s*.+?-\d+\s+\[\d+\]\s+\S+\s+(?P<ts>\d+\.\d+):\s+"
                        r"(?P<event>\w+):\s*(?P<args>.*)$")


def phases(trace_path):
    """{phase: {"crw": n, "stsch": n, "ssch": n, "window": s}} of one trace."""
    out = {}
    cur = None
    with open(trace_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = TRACE_LINE.match(line)
            if not m:
                continue
            ev, args, ts = m["event"], m["args"], float(m["ts"])
            if ev == "tracing_mark_write" and "cio-lab: phase " in args:
                cur = args.split("cio-lab: phase ", 1)[1].strip()
                out.setdefault(cur, {"crw": 0, "stsch": 0, "ssch": 0,
                                     "first_crw": None, "last_io": None,
                                     "slow_runs": 0, "slow": 0.0, "slow_since": None})
                continue
            if cur is None:
                continue
            p = out[cur]
            # The slow path's runs, when a benchmark traces the workqueue
            # (its work item runs on one worker at a time).
            if ev == "workqueue_execute_start" and SLOW_PATH_WORK in args:
                p["slow_since"] = ts
            elif (ev == "workqueue_execute_end" and SLOW_PATH_WORK in args
                  and p["slow_since"] is not None):
                p["slow_runs"] += 1
                p["slow"] += ts - p["slow_since"]
                p["slow_since"] = None
            if ev == "s390_cio_stcrw" and "cc=0" in args:
                p["crw"] += 1
                if p["first_crw"] is None:
                    p["first_crw"] = ts
            elif ev == "s390_cio_stsch":
                p["stsch"] += 1
            elif ev == "s390_cio_ssch":
                p["ssch"] += 1
                p["last_io"] = ts
    for p in out.values():
        p["window"] = (p["last_io"] - p["first_crw"]
                       if p["first_crw"] is not None and p["last_io"] is not None
                       else 0.0)
    return out


def run_one(name, scenario, kernel, n):
    res = os.path.join(TOP, "results", "bench", f"{name}-{kernel}-{n}")
    image, args = KERNELS[kernel]
    cmd = [sys.executable, os.path.join(LAB, "run.py"), "--kernel", image,
           "--initrd", INITRD, "--results", res, "--devices", str(n),
           os.path.join(LAB, "bench", scenario)]
    cmd += [f"--append={arg}" for arg in args]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"cio-lab: error: {name} on the {kernel} kernel, N={n}: "
                         f"{r.stdout.strip() or r.stderr.strip()}")
    overrun = open(os.path.join(res, "trace-overrun.txt")).read().strip()
    if overrun != "0":
        raise SystemExit(f"cio-lab: error: {name} N={n} ({kernel}): the trace lost "
                         f"{overrun} events; counts would be wrong (raise trace-buffer)")
    got = phases(os.path.join(res, "trace.txt"))
    # A storm runs beside I/O, so its window holds the I/O's SSCH too: the
    # guest's own figures tell how long the CRWs took to be taken one by
    # one and how long CIO needed after the last.
    with open(os.path.join(res, "serial.log"), encoding="utf-8", errors="replace") as f:
        m = STORM_FIGURES.search(f.read())
    if m and "storm" in got:
        got["storm"]["raised"] = float(m["raised"])
        got["storm"]["settled"] = float(m["settled"])
    return got


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="16,64,128", help="device counts (default 16,64,128)")
    ap.add_argument("--only", help="one benchmark: " + ", ".join(BENCHMARKS))
    ap.add_argument("--out", default=os.path.join(LAB, "bench", "results.txt"),
                    help="where to keep the table (default bench/results.txt)")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    for k, (path, _) in KERNELS.items():
        if not os.path.isfile(path):
            raise SystemExit(f"cio-lab: error: the {k} kernel is not built ({path}): "
                             "run 'make kernel kernel-base'")
    lines = [f"cio-lab benchmarks, {time.strftime('%Y-%m-%d')}, QEMU TCG, "
             f"same config for both kernels; counts from trace events",
             "window = first CRW stored to last SSCH (path verification) of the phase", ""]
    for name, (scenario, kernels, fixed, shown, compared) in BENCHMARKS.items():
        if a.only and a.only != name:
            continue
        if not os.path.isfile(os.path.join(LAB, "bench", scenario)):
            continue
        lines.append(f"== {name} ==")
        lines.append(f"{'N':>4} {'kernel':8} {'phase':7} {'CRWs':>6} {'STSCH':>8} "
                     f"{'SSCH':>7} {'window s':>9}")
        for n in fixed or sizes:
            got = {}
            for k in kernels:
                print(f"cio-lab: bench {name} N={n} on the {k} kernel", file=sys.stderr)
                got[k] = run_one(name, scenario, k, n)
                for ph in shown:
                    p = got[k].get(ph)
                    if p:
                        lines.append(f"{n:4d} {k:8} {ph:7} {p['crw']:6d} {p['stsch']:8d} "
                                     f"{p['ssch']:7d} {p['window']:9.4f}")
                    if p and p["slow_runs"]:
                        lines.append(f"{'':4} {k:8} {ph:7} slow path: {p['slow_runs']} runs, "
                                     f"{p['slow']:.4f} s")
                    if p and "raised" in p:
                        lines.append(f"{'':4} {k:8} {ph:7} all CRWs taken in {p['raised']:.1f} s, "
                                     f"settled {p['settled']:.1f} s after the last")
            ref, test = kernels
            if compared in got[ref] and compared in got[test]:
                b, p = got[ref][compared], got[test][compared]
                lines.append(f"{n:4d} {test}/{ref} ({compared}): "
                             f"STSCH {ratio(p['stsch'], b['stsch'])}, "
                             f"SSCH {ratio(p['ssch'], b['ssch'])}, "
                             f"window {ratio(p['window'], b['window'])}"
                             + (f", CRWs taken {ratio(p['raised'], b['raised'])}"
                                if "raised" in p and "raised" in b else "")
                             + (f", slow path {ratio(p['slow'], b['slow'])}"
                                if p["slow_runs"] and b["slow_runs"] else ""))
        lines.append("")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(a.out, "w") as f:
        f.write(text)
    print(f"cio-lab: kept in {os.path.relpath(a.out, TOP)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
