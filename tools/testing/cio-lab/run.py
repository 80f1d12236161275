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
CPU seconds the machine (QEMU, Hercules) uses, and a console silent for
"silence" seconds (default 240) ends the run with a diagnosis (the
machine's stderr and exit status, console lines, CPU used) in the
one-line verdict and in run-info.txt.

Exit status: 0 pass, 1 fail, 2 usage or setup error.
"""

import argparse
import collections
import gzip
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
    (re.compile(r"rcu: INFO: .*detected stalls|self-detected stall|"
                r"rcu_.* kthread starved"), "RCU stall"),
    (re.compile(r"sleeping function called from invalid context|"
                r"scheduling while atomic"), "sleep in atomic context"),
    (re.compile(r"list_(add|del) corruption|list corruption"), "list corruption"),
    (re.compile(r"kmemleak: \d+ new suspected memory leaks|unreferenced object 0x"),
     "kmemleak report"),
    (re.compile(r"Failed to execute /init"), "init failed"),
    (re.compile(r"HHCCP017I .*Machine check due to host error"), "Hercules crashed"),
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
        self.machine = "qemu"
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
                    elif key == "silence":
                        self.silence = int(args[0])
                    elif key == "machine":
                        self.machine = args[0]
                except (IndexError, ValueError):
                    raise SystemExit(f"{path}:{n}: '{key}' needs a number"
                                     if key != "machine" else f"{path}:{n}: 'machine' needs a name")
        if not 1 <= self.devices <= 250:
            raise SystemExit(f"{path}: devices must be 1..250")
        # Machines pick their own default size when the scenario names none.
        self.memory_given = self.memory is not None
        if self.memory is None:
            # L1 of the nested lab holds QEMU, L2's 512 MB and its TCG buffer,
            # and before each later boot of L2 what the previous QEMU freed
            # (labsh, l2_hold_freed: 384 MB each, for boots 2-8 of up to
            # eight). A lab guest's slab stays near 5 MB (the fuzzers'
            # included), its unpacked initramfs 11 MB, and each
            # kmemleak scan walks the struct page of all of memory: under
            # TCG 7.7 s a scan at 4096 MB, 1.7 s at 512 MB, 1.2 s at 256 MB,
            # where a lab guest's boot and two scans used 3.5 CPU s less
            # than at 512 MB. (Hercules keeps its own size, see there.)
            self.memory = 4096 if self.nested else 256


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
    """One run of the machine (QEMU, Hercules) and how it ended.

    The scenario's limit is counted in the CPU seconds QEMU used, not in wall
    time: a TCG guest is CPU-bound, so on a busy machine its wall time
    stretches while the CPU time it needs stays the same. Two wall-clock
    limits remain: a console that stays silent for `silence` seconds (a
    guest that hangs idle uses almost no CPU), and a backstop of four times
    the limit, so nothing waits for ever.
    """

    def __init__(self, cmd, limit, silence, serial_path, stderr_path, echo, **popen):
        self.cmd = cmd
        self.popen = popen     # cwd, env of the machine
        self.limit = limit
        self.silence = silence
        self.serial_path = serial_path
        self.stderr_path = stderr_path
        self.echo = echo
        self.rc = None          # exit status, None when it was killed
        self.ended = "exited"   # exited, silent, cpu or wall
        self.elapsed = 0.0
        self.cpu = 0.0
        self.lines = 0

    def run(self):
        start = time.monotonic()
        last_output = start
        with open(self.serial_path, "wb") as serial, open(self.stderr_path, "wb") as err:
            # Standard input stays open (a pipe that is never written):
            # Hercules in daemon mode reads no commands, but must not see
            # end-of-file; QEMU ignores it.
            proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=err, start_new_session=True, **self.popen)
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
            proc.stdin.close()
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
            what = f"{self.cmd[0]} exited with status {self.rc}"
        else:
            what = "guest stopped without a verdict"
        if stderr:
            state += f"; {self.cmd[0]} stderr: {stderr[-1]}"
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
    lines.append(f"machine: {ver}")
    lines.append(f"host: {os.cpu_count()} CPUs, load average {' '.join(read('/proc/loadavg').split()[:3])}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def unpack_results(outdir, img=None):
    """Files of the results disk; those of the nested lab's L2 go to l2/."""
    img = img or os.path.join(outdir, "results.img")
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
                # Written here rather than by tar.extract(): its filter
                # argument is missing from Debian 12's Python 3.11.2, and
                # only the content of a plain file with a checked name is
                # wanted.
                path = os.path.join(outdir, m.name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    shutil.copyfileobj(tar.extractfile(m), f)
        return True
    except (tarfile.TarError, OSError):
        return False


class Qemu:
    """The lab's default machine: qemu-system-s390x under TCG with
    virtio-blk-ccw disks; the guest writes its results to a virtio disk as
    a tar stream."""

    tool = "qemu-system-s390x"

    def __init__(self, sc, kernel, initrd, outdir):
        self.sc = sc
        self.outdir = outdir
        self.kernel, self.initrd = kernel, initrd
        self.cmd = qemu_command(sc, kernel, initrd, outdir)
        with open(os.path.join(outdir, "qemu-cmdline.txt"), "w") as f:
            f.write(" ".join(self.cmd) + "\n")

    def describe(self):
        return f"{self.sc.devices} virtio-blk-ccw disk(s)"

    def boot(self, timeout, silence, serial_path, echo):
        run_info(os.path.join(self.outdir, "run-info.txt"), self.cmd, self.kernel, self.initrd)
        return Boot(self.cmd, timeout, silence, serial_path,
                    os.path.join(self.outdir, "qemu-stderr.txt"), echo).run()

    def collect(self):
        """Unpack the results disk, drop the disk images."""
        have_results = unpack_results(self.outdir)
        for i in range(self.sc.devices):
            os.unlink(os.path.join(self.outdir, f"disk{i}.img"))
        os.unlink(os.path.join(self.outdir, "results.img"))
        return have_results

    def console(self, serial):
        """The text the verdict is read from: the serial console is whole."""
        return serial


class Hercules:
    """A machine with real ECKD DASD: Debian's hercules (3.13) emulating a
    z/Architecture CPU and 3390 volumes behind a 3990 control unit.

    The lab disks are 3390 volumes made by dasdinit (devices 0.0.0100 ..
    0.0.01(N-1) on subchannels 0.0.0000 .. 0.0.(N-1), one path each, chpid
    01, formatted as Linux CDL volumes with 4 KiB blocks); 0.0.fffe is the
    results volume. The kernel and initramfs are loaded with a
    list-directed IPL (a .ins file naming each file and its address; the
    initramfs address and size go into the kernel's parameter area).
    Hercules runs in daemon mode, which reads no commands: a HAO rule
    quits when the guest prints its power-off line, a kernel panic or a
    disabled wait; the runner's timeout kills it otherwise. Hercules logs
    only the first buffer of each SCLP write, so console lines can be lost:
    the verdict is read from the guest's own logs on the results volume.
    """

    tool = "hercules"
    CYLINDERS = 100            # each lab volume: 100 cylinders, 70 MB
    # Lab volumes 0.0.0100 ..., chpid 01. With device numbers 00xx and
    # MAXCPU 1, Hercules 3.13 crashed (SIGSEGV) on DASD's first read of
    # track 0; with 01xx and MAXCPU 2 (as in the first trial) it does not.
    DEVNO_BASE = 0x0100
    # MB. 256 MB measured no cheaper under Hercules (dasd-failover: 53.4
    # CPU s against 53.9, three runs each) and needs the initrd lower.
    MEMORY = 512
    RESULTS_CYLINDERS = 60     # 10800 blocks of 4 KiB for the results tar
    INITRD_ADDR = 0x10000000   # 256 MB, well above the kernel image
    PARM_INITRD = 0x10408      # parmarea.initrd_start, then initrd_size
    PARM_CMDLINE = 0x10480     # parmarea.command_line
    RESULTS_MAGIC = b"CIO-LAB-RESULTS "

    def __init__(self, sc, kernel, initrd, outdir):
        self.sc = sc
        self.outdir = os.path.abspath(outdir)
        self.kernel, self.initrd = kernel, initrd
        self.dir = os.path.join(self.outdir, "hercules")
        os.makedirs(self.dir)
        # Uncompressed images, like the results volume read back below.
        self.volumes = [os.path.join(self.dir, f"disk{i}.3390") for i in range(sc.devices)]
        self.results = os.path.join(self.dir, "results.3390")
        for i, vol in enumerate(self.volumes):
            self.dasdinit(["-linux", vol, "3390", f"LAB{i:03X}", str(self.CYLINDERS)])
        self.dasdinit(["-linux", self.results, "3390", "RESULT", str(self.RESULTS_CYLINDERS)])
        if not sc.memory_given:
            sc.memory = self.MEMORY
        # Hercules interprets: on a busy host its CPU thread gets so little
        # time that the guest's RCU grace-period kthread looks starved after
        # the default 21 s while the guest's clock, which follows the host,
        # runs on. Such a stall report says nothing about the kernel under
        # test, so the limit is raised; a real stall still shows within 300 s.
        # Its console loses lines (see above), so it may stay silent longer.
        sc.silence = max(sc.silence, 2 * DEFAULT_SILENCE)
        args = ["console=ttyS0", "panic=0", "oops=panic", "printk.time=1",
                "rcupdate.rcu_cpu_stall_timeout=300",
                "cio_lab.machine=hercules",
                f"cio_lab.devno_base={self.DEVNO_BASE:04x}",
                "cio_lab.scenario=" + sc.name] + sc.kernel_args
        self.ins = self.ipl_files(kernel, initrd, " ".join(args))
        self.conf = os.path.join(self.dir, "hercules.cnf")
        with open(self.conf, "w") as f:
            f.write(self.config())
        self.rc = os.path.join(self.dir, "hercules.rc")
        with open(self.rc, "w") as f:
            # HAO rules match log lines (regular expressions, written so
            # that Hercules' echo of the rule matches neither the rule nor
            # the runner's problem patterns): the guest's last line, a
            # panic, a disabled wait, Hercules' own crash.
            for target in ("LAB: POWER [O]FF", "Kernel [p]anic", "HHCCP01[1]I",
                           "HHCCP01[7]I"):
                f.write(f"hao tgt {target}\nhao cmd quit\n")
            # Hercules commands for debugging, e.g. "t+0000" (CCW trace).
            for cmd in os.environ.get("CIO_LAB_HERCULES_RC", "").split(";"):
                if cmd.strip():
                    f.write(cmd.strip() + "\n")
            f.write(f"ipl {self.ins}\n")
        with open(os.path.join(outdir, "hercules-cmdline.txt"), "w") as f:
            f.write(f"HERCULES_RC={self.rc} hercules -d -f {self.conf}\n"
                    f"kernel command line: {' '.join(args)}\n")

    def dasdinit(self, args):
        out = subprocess.run(["dasdinit"] + args, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"cio-lab: error: dasdinit {' '.join(args)} failed: "
                             f"{(out.stdout + out.stderr).strip().splitlines()[-1:]}")

    def ipl_files(self, kernel, initrd, cmdline):
        """The list-directed IPL: each file and the address it loads at."""
        files = {"kernel.img": 0, "initrd.img": self.INITRD_ADDR,
                 "initrd.off": self.PARM_INITRD, "initrd.siz": self.PARM_INITRD + 8,
                 "parmfile": self.PARM_CMDLINE}
        shutil.copyfile(kernel, os.path.join(self.dir, "kernel.img"))
        # Uncompressed: the guest would take some 25 s to gunzip it.
        with gzip.open(initrd) as src, open(os.path.join(self.dir, "initrd.img"), "wb") as dst:
            shutil.copyfileobj(src, dst)
        size = os.path.getsize(os.path.join(self.dir, "initrd.img"))
        for name, value in (("initrd.off", self.INITRD_ADDR), ("initrd.siz", size)):
            with open(os.path.join(self.dir, name), "wb") as f:
                f.write(value.to_bytes(8, "big"))
        with open(os.path.join(self.dir, "parmfile"), "wb") as f:
            f.write(cmdline.encode() + b"\0")
        ins = os.path.join(self.dir, "boot.ins")
        with open(ins, "w") as f:
            f.write("* cio-lab: Hercules list-directed IPL (file, load address)\n")
            for name, addr in files.items():
                f.write(f"{name} 0x{addr:08x}\n")
        return ins

    def config(self):
        lines = ["# cio-lab: z/Architecture guest with 3390 DASD (Hercules 3.13)",
                 "CPUSERIAL 002623", "CPUMODEL 2817", "MODEL EMULATOR",
                 "MANUFACTURER HRC", "LPARNAME CIOLAB",
                 f"MAINSIZE {self.sc.memory}", "XPNDSIZE 0",
                 f"NUMCPU {self.sc.smp}", f"MAXCPU {max(2, self.sc.smp)}",
                 "ARCHMODE z/Arch", "OSTAILOR LINUX", "PANRATE SLOW",
                 "LOGOPT TIMESTAMP", "DIAG8CMD disable",
                 # Hercules' timer thread updates the CPU timer and checks
                 # the clock comparator every TIMERINT microseconds, 50 by
                 # default: 20,000 wake-ups a second whatever the guest
                 # does. Every 1 ms is ample for a guest at HZ=100 and cuts
                 # dasd-failover from 98 to 73 CPU seconds.
                 "TIMERINT 1000",
                 # Hercules runs its CPU thread at nice 15 and its device
                 # threads at 8 by default: beside any nice-0 work (a
                 # build, a QEMU guest) the guest then gets a few percent
                 # of a CPU and its console stays silent for minutes.
                 # Compete as every other lab guest does.
                 "CPUPRIO 0", "DEVPRIO 0"]
        lines += [f"{self.DEVNO_BASE + i:04X} 3390 {vol}" for i, vol in enumerate(self.volumes)]
        lines.append(f"FFFE 3390 {self.results}")
        return "\n".join(lines) + "\n"

    def describe(self):
        return (f"{self.sc.devices} 3390 DASD volume(s) ({self.CYLINDERS} cylinders) "
                f"under Hercules")

    def boot(self, timeout, silence, serial_path, echo):
        """Run Hercules (its log, with the guest's console, on stdout)."""
        cmd = ["hercules", "-d", "-f", self.conf]
        run_info(os.path.join(self.outdir, "run-info.txt"), cmd, self.kernel, self.initrd)
        return Boot(cmd, timeout, silence, serial_path,
                    os.path.join(self.outdir, "hercules-stderr.txt"), echo,
                    cwd=self.dir, env=dict(os.environ, HERCULES_RC=self.rc)).run()

    def records(self):
        """The 4 KiB data records of the uncompressed results volume in
        track order (a CKD image: a 512-byte device header, then one
        fixed-size image per track: home address, record 0, then count,
        key and data of each record up to eight 0xff bytes)."""
        with open(self.results, "rb") as f:
            head = f.read(512)
            if not head.startswith(b"CKD_P370"):
                return
            trksize = int.from_bytes(head[12:16], "little")
            while True:
                trk = f.read(trksize)
                if len(trk) < trksize:
                    return
                pos = 5
                while pos + 8 <= trksize and trk[pos:pos + 8] != b"\xff" * 8:
                    rec, klen = trk[pos + 4], trk[pos + 5]
                    dlen = int.from_bytes(trk[pos + 6:pos + 8], "big")
                    data = trk[pos + 8 + klen:pos + 8 + klen + dlen]
                    if rec and dlen == 4096:
                        yield data
                    pos += 8 + klen + dlen

    def collect(self):
        """The results tar from the results volume: the guest wrote a
        header block ("CIO-LAB-RESULTS <bytes>") and the tar behind it."""
        tar = os.path.join(self.outdir, "results.tar")
        want = None
        try:
            with open(tar, "wb") as out:
                for data in self.records():
                    if want is None:
                        if data.startswith(self.RESULTS_MAGIC):
                            want = int(data[len(self.RESULTS_MAGIC):].split()[0])
                        continue
                    out.write(data[:want])
                    want -= min(want, len(data))
                    if want == 0:
                        break
        except (OSError, ValueError):
            want = None
        have_results = want == 0 and unpack_results(self.outdir, tar)
        os.unlink(tar)
        # Without results, the results volume stays for a look.
        for vol in self.volumes + ([self.results] if have_results else []):
            os.unlink(vol)
        return have_results

    def console(self, serial):
        """The guest's full step log and dmesg from the results volume, then
        what reached the lossy console (a late kernel report)."""
        return "\n".join([read(os.path.join(self.outdir, "steps.log")),
                          read(os.path.join(self.outdir, "dmesg.txt")), serial])


MACHINES = {"qemu": Qemu, "hercules": Hercules}


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
             f"  devices: {sc.disks}, results in {outdir}",
             f"  guest run time: {run.elapsed:.1f} s ({run.cpu:.0f} CPU s of {run.cmd[0]})", ""]
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
        if "collect: no trace.dat" in read(os.path.join(outdir, "steps.log")):
            return ("== cio-failover ==\n  no trace.dat: every step passed "
                    "(run.py --report or CIO_LAB_TRACE_DAT=1 keeps it)\n")
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
    ap.add_argument("--machine", choices=sorted(MACHINES),
                    help="the machine to boot (default: the scenario's 'machine' line, else qemu)")
    ap.add_argument("--echo", action="store_true", help="echo the serial console")
    ap.add_argument("--report", action="store_true", help="print the full report")
    a = ap.parse_args()

    for path, what in ((a.scenario, "scenario"), (a.kernel, "kernel"), (a.initrd, "initramfs")):
        if not os.path.isfile(path):
            print(f"cio-lab: error: {what} {path} does not exist", file=sys.stderr)
            return 2
    sc = Scenario(a.scenario)
    machine = MACHINES.get(a.machine or sc.machine)
    if not machine:
        print(f"cio-lab: error: {a.scenario}: unknown machine '{sc.machine}' "
              f"(known: {', '.join(sorted(MACHINES))})", file=sys.stderr)
        return 2
    if not shutil.which(machine.tool):
        print(f"cio-lab: error: {machine.tool} is missing: run 'make deps'", file=sys.stderr)
        return 2
    if a.devices:
        sc.devices = a.devices
        sc.kernel_args.append(f"cio_lab.devices={a.devices}")
    sc.kernel_args += a.append
    # trace.dat, for the report's cio-failover section: the guest writes it
    # when a step failed, and on every run that prints the report or sets
    # CIO_LAB_TRACE_DAT=1 (make check: the extract cost 7-9 s a scenario).
    if a.report or os.environ.get("CIO_LAB_TRACE_DAT") == "1":
        sc.kernel_args.append("cio_lab.trace_dat=1")
    timeout = a.timeout or sc.timeout
    shutil.rmtree(a.results, ignore_errors=True)
    os.makedirs(a.results)
    machine = machine(sc, os.path.abspath(a.kernel), os.path.abspath(a.initrd), a.results)
    sc.disks = machine.describe()

    serial_path = os.path.join(a.results, "serial.log")
    run = machine.boot(timeout, sc.silence, serial_path, a.echo)
    have_results = machine.collect()
    serial = machine.console(read(serial_path))

    why = ""
    fails = [l for l in serial.splitlines() if l.startswith("LAB: FAIL")]
    problems = kernel_problems(serial)
    # collect() scans kmemleak twice at the end; a leak it lists fails
    # the run even when its console line was lost.
    leaks = read(os.path.join(a.results, "kmemleak.txt"))
    if leaks.strip():
        problems.append("kmemleak report: " + leaks.strip().splitlines()[0])
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
