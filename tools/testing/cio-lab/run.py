#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""cio-lab runner: boot the lab kernel under QEMU TCG and run one scenario.

usage: run.py [options] SCENARIO.scn

The guest side (guest/labsh) executes the scenario's steps and prints one
"LAB: PASS/FAIL" line per expectation; this side sets up the devices the
scenario names, enforces its limits, collects the serial log and the
results the guest wrote to its results disk, fails the run on any kernel
warning, lockdep report, list corruption or leak, and prints a report.

Limits follow progress, not wall time: the scenario's "timeout" counts the
CPU seconds QEMU uses, and a console silent for "silence" seconds (default
240) ends the run with a diagnosis (QEMU's stderr and exit status, console
lines, CPU used) in the one-line verdict and in run-info.txt.

Exit status: 0 pass, 1 fail, 2 usage or setup error.
"""

import argparse
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time

RESULTS_DEVNO = "fe.0.fffe"

# Serial-log lines that fail a scenario whatever its expectations say.
KERNEL_PROBLEMS = [
    (re.compile(r"WARNING: .* at "), "kernel WARN"),
    (re.compile(r"\bBUG: "), "kernel BUG"),
    (re.compile(r"kernel BUG at"), "kernel BUG"),
    (re.compile(r"Kernel panic"), "kernel panic"),
    (re.compile(r"Oops|Krnl PSW|Unable to handle kernel"), "kernel oops"),
    (re.compile(r"possible (circular|recursive) locking|inconsistent lock state|"
                r"suspicious RCU usage|INFO: possible|DEBUG_LOCKS_WARN_ON|"
                r"lock held when returning|bad unlock balance"), "lockdep report"),
    (re.compile(r"sleeping function called from invalid context|"
                r"scheduling while atomic"), "sleep in atomic context"),
    (re.compile(r"list_(add|del) corruption|list corruption"), "list corruption"),
    (re.compile(r"kmemleak: \d+ new suspected memory leaks|unreferenced object 0x"),
     "kmemleak report"),
    (re.compile(r"Failed to execute /init"), "init failed"),
]

# The lab's bad-input tests provoke these on purpose; never a problem.
EXPECTED_NOISE = re.compile(r"LAB: ")


class Scenario:
    """Header settings of a scenario file; the steps run in the guest."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.devices = 1
        self.timeout = 300
        self.silence = DEFAULT_SILENCE
        self.memory = None
        self.nested = False
        self.smp = 1
        self.kernel_args = []
        self.title = ""
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                if n == 1 and raw.startswith("#"):
                    self.title = raw.lstrip("# ").strip()
                words = raw.split("#", 1)[0].split()
                if not words:
                    continue
                key, args = words[0], words[1:]
                try:
                    if key == "devices":
                        self.devices = int(args[0])
                    elif key == "timeout":
                        self.timeout = int(args[0])
                    elif key == "silence":
                        self.silence = int(args[0])
                    elif key == "memory":
                        self.memory = int(args[0])
                    elif key == "smp":
                        self.smp = int(args[0])
                    elif key == "kernel-args":
                        self.kernel_args += args
                    elif key == "nested":
                        self.nested = True
                    elif key == "long":
                        pass    # read by check.sh: only in make check-all
                except (IndexError, ValueError):
                    raise SystemExit(f"{path}:{n}: '{key}' needs a number")
        if not 1 <= self.devices <= 250:
            raise SystemExit(f"{path}: devices must be 1..250")
        if self.memory is None:
            # L1 of the nested lab holds QEMU, L2's 512 MB and its TCG buffer.
            self.memory = 2048 if self.nested else 1024


def qemu_command(sc, kernel, initrd, outdir):
    cmd = [
        "qemu-system-s390x", "-M", "s390-ccw-virtio", "-cpu", "qemu",
        "-accel", "tcg", "-smp", str(sc.smp), "-m", str(sc.memory),
        "-nographic", "-no-reboot", "-nic", "none",
        "-kernel", kernel, "-initrd", initrd,
        "-append", " ".join(["console=ttysclp0", "panic=-1", "oops=panic",
                             "cio_lab.scenario=" + sc.name] + sc.kernel_args),
    ]
    for i in range(sc.devices):
        img = os.path.join(outdir, f"disk{i}.img")
        with open(img, "wb") as f:
            f.truncate(16 << 20)
        cmd += ["-drive", f"file={img},format=raw,if=none,id=d{i},cache=unsafe",
                "-device", f"virtio-blk-ccw,drive=d{i},devno=fe.0.{i:04x}"]
    res = os.path.join(outdir, "results.img")
    with open(res, "wb") as f:
        f.truncate(256 << 20)
    cmd += ["-drive", f"file={res},format=raw,if=none,id=results,cache=unsafe",
            "-device", f"virtio-blk-ccw,drive=results,devno={RESULTS_DEVNO}"]
    return cmd


# A guest that prints nothing for this long (wall clock) is stuck: labsh
# prints a heartbeat at least every 30 s while it waits, the kernel prints
# while it boots. Scenarios may ask for more ("silence S").
DEFAULT_SILENCE = 240


def cpu_seconds(pid):
    """CPU time (user + system) the process has used so far, or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class Boot:
    """One QEMU run and how it ended.

    The scenario's limit is counted in the CPU seconds QEMU used, not in wall
    time: a TCG guest is CPU-bound, so on a busy machine its wall time
    stretches while the CPU time it needs stays the same. Two wall-clock
    limits remain: a console that stays silent for `silence` seconds (a
    guest that hangs idle uses almost no CPU), and a backstop of four times
    the limit, so nothing waits for ever.
    """

    def __init__(self, cmd, limit, silence, serial_path, stderr_path, echo):
        self.cmd = cmd
        self.limit = limit
        self.silence = silence
        self.serial_path = serial_path
        self.stderr_path = stderr_path
        self.echo = echo
        self.rc = None          # QEMU's exit status, None when it was killed
        self.ended = "exited"   # exited, silent, cpu or wall
        self.elapsed = 0.0
        self.cpu = 0.0
        self.lines = 0

    def run(self):
        start = time.monotonic()
        last_output = start
        with open(self.serial_path, "wb") as serial, open(self.stderr_path, "wb") as err:
            proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=err, start_new_session=True)
            os.set_blocking(proc.stdout.fileno(), False)
            while True:
                chunk = proc.stdout.read()
                now = time.monotonic()
                if chunk:
                    last_output = now
                    self.lines += chunk.count(b"\n")
                    serial.write(chunk)
                    serial.flush()
                    if self.echo:
                        sys.stdout.buffer.write(chunk)
                        sys.stdout.flush()
                self.cpu = cpu_seconds(proc.pid) or self.cpu
                if proc.poll() is not None and not chunk:
                    self.rc = proc.returncode
                    break
                if now - last_output > self.silence:
                    self.ended = "silent"
                elif self.cpu > self.limit:
                    self.ended = "cpu"
                elif now - start > 4 * self.limit:
                    self.ended = "wall"
                if self.ended != "exited":
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                    break
                time.sleep(0.05)
        self.elapsed = time.monotonic() - start
        return self

    def why(self, serial):
        """Why a guest that gave no verdict ended, in one line."""
        last = [l.strip() for l in serial.splitlines() if l.strip()][-1:] or ["(none)"]
        stderr = [l.strip() for l in read(self.stderr_path).splitlines() if l.strip()]
        state = (f"{self.lines} console lines, {self.cpu:.0f} CPU s in "
                 f"{self.elapsed:.0f} s; last line: {last[0]}")
        if self.ended == "silent":
            what = f"guest silent for {self.silence} s"
        elif self.ended == "cpu":
            what = f"guest did not finish within {self.limit} s of CPU"
        elif self.ended == "wall":
            what = f"guest did not finish within {4 * self.limit} s (4 x its limit)"
        elif self.rc:
            what = f"QEMU exited with status {self.rc}"
        else:
            what = "guest stopped without a verdict"
        if stderr:
            state += f"; QEMU stderr: {stderr[-1]}"
        return f"{what} ({state})"


def run_info(path, cmd, kernel, initrd):
    """What a reader needs to tell a lab problem from a kernel problem."""
    lines = ["command: " + " ".join(cmd)]
    for what, f in (("kernel", kernel), ("initramfs", initrd)):
        st = os.stat(f)
        lines.append(f"{what}: {f} ({st.st_size} bytes, modified "
                     f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(st.st_mtime))})")
    try:
        ver = subprocess.run([cmd[0], "--version"], capture_output=True, text=True,
                             timeout=30).stdout.splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        ver = "unknown"
    lines.append(f"qemu: {ver}")
    lines.append(f"host: {os.cpu_count()} CPUs, load average {' '.join(read('/proc/loadavg').split()[:3])}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def unpack_results(outdir):
    """Files of the results disk; those of the nested lab's L2 go to l2/."""
    img = os.path.join(outdir, "results.img")
    try:
        with tarfile.open(img, "r:") as tar:
            for m in tar.getmembers():
                name = m.name.lstrip("./")
                if not m.isfile():
                    continue
                if "/" not in name:
                    m.name = name
                elif name.startswith("l2/") and "/" not in name[3:]:
                    m.name = name
                else:
                    continue
                tar.extract(m, outdir, filter="data")
        return True
    except (tarfile.TarError, OSError):
        return False


def kernel_problems(serial_text):
    found = []
    for line in serial_text.splitlines():
        if EXPECTED_NOISE.search(line):
            continue
        for rx, what in KERNEL_PROBLEMS:
            if rx.search(line):
                found.append(f"{what}: {line.strip()}")
                break
    return found


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def snapshots(outdir):
    names = sorted((os.path.getmtime(os.path.join(outdir, f)), f)
                   for f in os.listdir(outdir) if f.startswith("snap-"))
    return [f for _, f in names]


TRACE_LINE = re.compile(r"^\s*(?P<comm>.+?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+\S+\s+"
                        r"(?P<ts>\d+\.\d+):\s+(?P<event>\w+):\s*(?P<args>.*)$")


def trace_events(outdir):
    events = []
    for line in read(os.path.join(outdir, "trace.txt")).splitlines():
        m = TRACE_LINE.match(line)
        if m:
            events.append((float(m["ts"]), m["event"], m["args"]))
    return events


def crw_text(args):
    f = dict(kv.split("=", 1) for kv in args.split() if "=" in kv)
    rsc = {"3": "subchannel", "4": "channel path", "11": "css"}.get(f.get("rsc"), "rsc " + f.get("rsc", "?"))
    erc = {"0x2": "installed (path came)", "0x6": "permanent error, no reset (path gone)",
           "0x4": "installed, parameters", "0x7": "permanent error with reset",
           "0x8": "parameters modified"}.get(f.get("erc"), "erc " + f.get("erc", "?"))
    rsid = f.get("rsid", "?")
    ident = f"chpid {int(rsid, 16):02x}" if f.get("rsc") == "4" and rsid != "?" else f"rsid {rsid}"
    flags = "".join(n for n in ("oflw", "chn") if f.get(n) == "1")
    return f"{rsc}, {erc}, {ident}" + (f" [{flags}]" if flags else "")


def nested_report(outdir):
    """The nested lab's two levels: the CRWs L1's vfio-ccw queued, the CRWs
    L2 received, L2's snapshots and L2's cio-failover report."""
    l2dir = os.path.join(outdir, "l2")
    if not os.path.isdir(l2dir):
        return ["== L2 (nested guest) ==", "  no results from L2", ""]
    lines = []
    l1 = trace_events(outdir)
    l2 = trace_events(l2dir)
    queued = [(ts, a) for ts, e, a in l1 if e == "vfio_ccw_crw_queue"]
    got = [(ts, a) for ts, e, a in l2 if e == "s390_cio_stcrw" and "cc=0" in a]
    lines.append(f"== L1: CRWs vfio-ccw queued for the VMM ({len(queued)}) ==")
    t0 = l1[0][0] if l1 else 0
    for ts, a in queued:
        f = dict(kv.split("=", 1) for kv in a.split() if "=" in kv)
        crw = int(f.get("crw", "0"), 16)
        fields = (f"rsc={(crw >> 24) & 0xf} erc={hex((crw >> 16) & 0x3f)} "
                  f"rsid={hex(crw & 0xffff)} oflw={(crw >> 29) & 1}")
        lines.append(f"  L1 +{ts - t0:9.6f} s  {f.get('schid', '?')}: {crw_text(fields)}"
                     f" (crw 0x{crw:08x}, queue depth {f.get('depth', '?')})")
    lines.append("")
    lines.append(f"== L2: CRWs the nested guest received ({len(got)}) ==")
    t0 = l2[0][0] if l2 else 0
    for ts, a in got:
        lines.append(f"  L2 +{ts - t0:9.6f} s  {crw_text(a)}")
    lines.append("  (L1 and L2 clocks are separate timelines)")
    lines.append("")
    for snap in snapshots(l2dir):
        lines.append(f"== L2 {snap[5:-4]} ==")
        lines += ["  " + l for l in read(os.path.join(l2dir, snap)).splitlines()
                  if not l.startswith("# snapshot")]
        lines.append("")
    failover = failover_report(l2dir)
    if failover:
        lines.append(failover.replace("== cio-failover ==", "== cio-failover (L2) ==", 1).rstrip("\n"))
        lines.append("")
    return lines


def report(sc, outdir, verdict, why, run):
    lines = [f"cio-lab scenario {sc.name}: {sc.title}".rstrip(": "),
             f"  devices: {sc.devices} virtio-blk-ccw disk(s), results in {outdir}",
             f"  guest run time: {run.elapsed:.1f} s ({run.cpu:.0f} CPU s of QEMU)", ""]
    snaps = snapshots(outdir)
    for snap in snaps:
        lines.append(f"== {snap[5:-4]} ==")
        lines += ["  " + l for l in read(os.path.join(outdir, snap)).splitlines()
                  if not l.startswith("# snapshot")]
        lines.append("")
    events = trace_events(outdir)
    crws = [(ts, a) for ts, e, a in events if e == "s390_cio_stcrw" and "cc=0" in a]
    if events:
        t0 = events[0][0]
        lines.append(f"== CRWs seen by the guest ({len(crws)}) ==")
        for ts, a in crws:
            lines.append(f"  +{ts - t0:9.6f} s  {crw_text(a)}")
        lines.append("")
        counts = collections.Counter(e for _, e, _ in events)
        lines.append("== what CIO did (trace events) ==")
        for e, n in sorted(counts.items()):
            lines.append(f"  {e:28s} {n:7d}")
        if crws:
            # virtio notifications (diagnose 500, adapter interrupts) are
            # the disks' own traffic, not CIO's handling of the report.
            last = max(ts for ts, e, _ in events
                       if e not in ("s390_diagnose", "s390_cio_adapter_int"))
            lines.append(f"  window: first CRW to last event {last - crws[0][0]:.6f} s")
        lines.append("")
    steps = [l[5:] for l in read(os.path.join(outdir, "steps.log")).splitlines()
             if l.startswith("LAB: PASS") or l.startswith("LAB: FAIL")]
    if steps:
        lines.append(f"== expectations ({len(steps)}) ==")
        lines += ["  " + s for s in steps]
        lines.append("")
    failover = failover_report(outdir)
    if failover:
        if sc.nested:
            failover = failover.replace("== cio-failover ==", "== cio-failover (L1) ==", 1)
        lines.append(failover.rstrip("\n"))
        lines.append("")
    if sc.nested:
        lines += nested_report(outdir)
    # The verdict is the last line a reader sees.
    lines.append(f"VERDICT: {verdict}" + (f" - {why}" if why else ""))
    return "\n".join(lines) + "\n"


def failover_report(outdir):
    """The cio-failover report of results/<scenario>/trace.dat, if any."""
    tool = os.environ.get("CIO_FAILOVER") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "tracing", "cio-failover", "cio-failover")
    dat = os.path.join(outdir, "trace.dat")
    if not os.path.isfile(dat):
        return ""
    if not os.access(tool, os.X_OK):
        return "== cio-failover ==\n  not built: make -C tools/tracing/cio-failover\n"
    try:
        out = subprocess.run([tool, dat], capture_output=True, text=True, timeout=120)
        text = out.stdout if out.returncode == 0 else f"  {out.stderr.strip()}\n"
    except (OSError, subprocess.TimeoutExpired) as e:
        text = f"  cio-failover failed: {e}\n"
    with open(os.path.join(outdir, "failover.txt"), "w") as f:
        f.write(text)
    return "== cio-failover ==\n" + text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--kernel", required=True, help="bzImage to boot")
    ap.add_argument("--initrd", required=True, help="lab initramfs")
    ap.add_argument("--results", required=True, help="results directory (recreated)")
    ap.add_argument("--timeout", type=int, help="override the scenario's limit (CPU s)")
    ap.add_argument("--devices", type=int, help="override the scenario's device count")
    ap.add_argument("--append", action="append", default=[], metavar="ARG",
                    help="extra kernel command line argument (repeatable)")
    ap.add_argument("--echo", action="store_true", help="echo the serial console")
    ap.add_argument("--report", action="store_true", help="print the full report")
    a = ap.parse_args()

    for path, what in ((a.scenario, "scenario"), (a.kernel, "kernel"), (a.initrd, "initramfs")):
        if not os.path.isfile(path):
            print(f"cio-lab: error: {what} {path} does not exist", file=sys.stderr)
            return 2
    if not shutil.which("qemu-system-s390x"):
        print("cio-lab: error: qemu-system-s390x is missing: run 'make deps'", file=sys.stderr)
        return 2
    sc = Scenario(a.scenario)
    if a.devices:
        sc.devices = a.devices
        sc.kernel_args.append(f"cio_lab.devices={a.devices}")
    sc.kernel_args += a.append
    timeout = a.timeout or sc.timeout
    shutil.rmtree(a.results, ignore_errors=True)
    os.makedirs(a.results)
    cmd = qemu_command(sc, os.path.abspath(a.kernel), os.path.abspath(a.initrd), a.results)
    with open(os.path.join(a.results, "qemu-cmdline.txt"), "w") as f:
        f.write(" ".join(cmd) + "\n")
    run_info(os.path.join(a.results, "run-info.txt"), cmd, a.kernel, a.initrd)

    serial_path = os.path.join(a.results, "serial.log")
    run = Boot(cmd, timeout, sc.silence, serial_path,
               os.path.join(a.results, "qemu-stderr.txt"), a.echo).run()
    serial = read(serial_path)
    have_results = unpack_results(a.results)
    for i in range(sc.devices):
        os.unlink(os.path.join(a.results, f"disk{i}.img"))
    os.unlink(os.path.join(a.results, "results.img"))

    why = ""
    fails = [l for l in serial.splitlines() if l.startswith("LAB: FAIL")]
    problems = kernel_problems(serial)
    if sc.nested:
        # L2 prints only warnings and worse on its console; its dmesg has all.
        for f in ("serial.log", "dmesg.txt", "kmemleak.txt"):
            text = read(os.path.join(a.results, "l2", f))
            if f == "kmemleak.txt" and text.strip():
                problems.append("L2 kmemleak report: " + text.splitlines()[0])
            else:
                problems += ["L2 " + p for p in kernel_problems(text)]
    if run.ended != "exited":
        why = run.why(serial)
    elif fails:
        why = fails[0][5:]
    elif problems:
        why = problems[0]
    elif "LAB: VERDICT PASS" not in serial:
        why = run.why(serial)
    elif not have_results:
        why = "the guest wrote no results (results disk unreadable)"
    if problems and why != problems[0]:
        why += f"; also {problems[0]}"
    verdict = "FAIL" if why else "PASS"
    text = report(sc, a.results, verdict, why, run)
    with open(os.path.join(a.results, "report.txt"), "w") as f:
        f.write(text)
    if a.report:
        sys.stdout.write(text)
    else:
        print(f"{verdict} {sc.name}" + (f": {why}" if why else f" ({run.elapsed:.0f} s)"))
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
