#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a path-chaos scenario: a seeded random sequence checked against a model.

usage: chaos.py [--seed N] [--ops N] [--coalesce 0|1] [--machine qemu|hercules]
                [--long] [--title TEXT]

Four disks with emulated paths on chpids 01-04 (different sets and slot
orders), block I/O on the first, a channel program every 0.3 s on each
(io paths). Operations, chosen at random:

  fail C          path-gone CRW                      (loud failure)
  fail C quiet    no CRW; I/O finds the path broken  (quiet failure)
  restore C       path-available CRW
  lost restore    restore C quiet, then a CRW with the overflow bit
                  ("reports were lost": CIO re-evaluates everything)
  burst           2-8 identical CRWs repeating a chpid's true state,
                  as N vfio-ccw devices deliver one host event
  sch CRW         a subchannel CRW (parameters modified) for one disk

No operation leaves a disk without a working path. Every 1-6 operations
the scenario settles and checks every disk's PAM and VPM (the sysfs
attributes lscss shows) against the model, which follows from the
injector's state alone:

  PAM = PIM without the paths of chpids that failed loudly
  VPM = PIM without the paths of every failed chpid (channel programs
        run on every disk, so a quiet failure is found once one tries the
        path)

The kernel must get there by acting on the reports, not through
something later that happens to heal it (CIO retries broken paths 3 s
and 30 s after it finds them): after the settle, each disk's last path
verifications since the round's first operation must have reached the
model's VPM within VERIFY_LIMIT ticks of "io paths" after the round's
last CRW (the trace): a clock that runs only while the guest runs, so a
busy host that starves the guest for seconds does not fail a kernel that
acted at once (the kernel's own clock runs on meanwhile). Only a quiet failure needs time, for I/O to try the path: it gets
a check of its own, with the state before it checked first, so nothing
else can hide in that wait.

A check that does not hold within its limit fails the scenario with the
seed and the operations since the last check (the first operation whose
effect the kernel got wrong is among them).

--machine hercules writes the same chaos for DASD: four 3390 volumes
(devices 0.0.0100-0.0.0103 on subchannels 0-3) under Hercules, set
online after the paths are attached, write+read-back I/O on each (it
finds quiet failures; Hercules has no virtio status to read), and at
every check DASD's operational path mask (opm) must equal the model's
VPM, which CIO's VPM must equal too.
"""

import argparse
import random
import sys

CHPIDS = [0x01, 0x02, 0x03, 0x04]
# Disk number -> its chpids, in slot order (path bit 0x80 first).
DISKS = {
    0: [0x01, 0x02, 0x03, 0x04],
    1: [0x01, 0x02, 0x03, 0x04],
    2: [0x03, 0x04, 0x01],
    3: [0x02, 0x04],
}
# Wall seconds for the sysfs masks to show the model (a quiet failure
# found by I/O, the verifications a settle does not wait for); ticks of
# "io paths" (0.3 s of a running guest each) from the last CRW of a round
# to the verifications it needs: about 1 s, where CIO's retry of a
# broken path comes after 3 s or 30 s.
CHECK_LIMIT = 60
VERIFY_LIMIT = 3
VERIFY_LIMIT_DASD = 10
# Device numbers of the lab disks: QEMU's equal their subchannel numbers,
# Hercules' volumes are 0.0.0100... (run.py, Hercules.DEVNO_BASE).
HERCULES_DEVNO_BASE = 0x0100
DEVNO_BASE = 0


def bit(disk, chpid):
    chps = DISKS[disk]
    return 0x80 >> chps.index(chpid) if chpid in chps else 0


def pim(disk):
    return sum(0x80 >> i for i in range(len(DISKS[disk])))


class Model:
    """The injector's state; the kernel must end up where it implies."""

    def __init__(self):
        self.failed = set()     # chpids that failed, loud or quiet
        self.quiet = set()      # of them, the ones never reported

    def copy(self):
        other = Model()
        other.failed = set(self.failed)
        other.quiet = set(self.quiet)
        return other

    def mask(self, disk, chpids):
        return sum(bit(disk, c) for c in chpids)

    def pam(self, disk):
        return pim(disk) & ~self.mask(disk, self.failed - self.quiet)

    def vpm(self, disk):
        return pim(disk) & ~self.mask(disk, self.failed)

    def can_fail(self, chpid):
        """Failing @chpid leaves every disk a working path."""
        failed = self.failed | {chpid}
        return all(pim(d) & ~self.mask(d, failed) for d in DISKS)


def choose(rng, m):
    """One operation as (description, steps), applied to the model."""
    while True:
        kind = rng.choices(["fail", "quiet", "restore", "lost", "burst", "sch"],
                           weights=[20, 15, 30, 5, 12, 10])[0]
        c = rng.choice(CHPIDS)
        name = "%02x" % c
        if kind in ("fail", "quiet"):
            # A quiet failure may later be reported loudly, nothing else repeats.
            if c in m.failed and not (kind == "fail" and c in m.quiet):
                continue
            if c not in m.failed and not m.can_fail(c):
                continue
            m.failed.add(c)
            if kind == "quiet":
                m.quiet.add(c)
                return "fail %s quiet" % name, ["inject fail %s quiet" % name]
            m.quiet.discard(c)
            return "fail %s" % name, ["inject fail %s" % name]
        if kind in ("restore", "lost"):
            if c not in m.failed:
                continue
            m.failed.discard(c)
            m.quiet.discard(c)
            if kind == "restore":
                return "restore %s" % name, ["inject restore %s" % name]
            return ("lost restore %s + overflow" % name,
                    ["inject restore %s quiet" % name,
                     "crw 0 1 0 4 0 2 %s" % name])
        if kind == "burst":
            if c in m.quiet:
                continue        # its true state was never reported
            n = rng.randint(2, 8)
            erc = 6 if c in m.failed else 2
            what = "gone" if c in m.failed else "came"
            return ("%d x %s %s" % (n, what, name),
                    # Settled before a later operation can change the
                    # state it repeats: crw_inject and the injector keep
                    # separate queues.
                    ["crw-burst %d 0 0 0 4 0 %x %s" % (n, erc, name),
                     "settle"])
        d = rng.choice(sorted(DISKS))
        return "sch crw 0.0.%04x" % d, ["crw 0 0 0 3 0 8 %x" % d]


def generate(seed, ops, coalesce, title, machine="qemu", long_run=False):
    global DEVNO_BASE
    dasd = machine == "hercules"
    DEVNO_BASE = HERCULES_DEVNO_BASE if dasd else 0
    rng = random.Random(seed)
    m = Model()
    out = []
    w = out.append
    w("# %s" % (title or "%s: %d random path operations under I/O, "
                "checked against a model (seed %d, coalescing %s)"
                % ("DASD chaos" if dasd else "Path chaos", ops, seed,
                   "on" if coalesce else "off")))
    w("#")
    w("# Generated by tools/testing/cio-lab/chaos.py --seed %d --ops %d "
      "--coalesce %d%s%s;" % (seed, ops, coalesce,
                              " --machine hercules" if dasd else "",
                              " --long" if long_run else ""))
    w("# see its description. 'make soak SEED=N OPS=N' runs any other size.")
    if dasd:
        w("machine hercules")
    if long_run:
        w("long")
    w("devices %d" % len(DISKS))
    w("timeout %d" % ((900 + ops * 45) if dasd else (240 + ops * 4)))
    w("kernel-args cio.chp_coalesce=%d" % coalesce)
    w("trace-buffer 4096")
    w("trace s390:s390_cio_stcrw s390:s390_cio_chp_event "
      "s390:s390_cio_verify_done" +
      (" dasd:dasd_path_event dasd:dasd_path_masks" if dasd else ""))
    w("expect sysfs /sys/module/cio/parameters/chp_coalesce %s"
      % ("Y" if coalesce else "N"))
    for d in sorted(DISKS):
        w("inject attach 0.0.%04x %s" % (d, ",".join("%02x" % c for c in DISKS[d])))
    w("settle")
    if dasd:
        # Online after the attach: DASD learns all paths at once.
        w("dasd online")
        w("settle")
    w(check_line(m, "seed=%d,start" % seed))
    out.extend(dasd_check(m))
    if dasd:
        # Write+read-back on every volume: each start function tries
        # the next path, so quiet failures are found. "io paths" finds no
        # virtio status here: it only ticks (verified-within).
        w("io start")
        w("io paths")
    else:
        # Data I/O on one disk, a channel program every 0.3 s on all of
        # them: enough to find quiet failures, light enough for hundreds
        # of checks.
        w("io start 0.0.0000")
        w("io paths")
    done = 0
    first = 1           # the first operation not checked yet
    checked = m.copy()  # the state the last check saw
    while done < ops:
        for _ in range(min(rng.randint(1, 6), ops - done)):
            done += 1
            before = m.copy()
            desc, steps = choose(rng, m)
            quiet = desc.endswith(" quiet")
            if quiet and first < done:
                # Settled and right before it: a wrong state cannot heal
                # during the wait for I/O to find the failure.
                out.extend(settled_check(checked, before, seed, first, done - 1))
                first = done
            w("# op %d: %s" % (done, desc))
            w("mark %s: %s" % (op_mark(seed, done), desc))
            out.extend(steps)
            if quiet:
                w(check_line(m, ops_tag(seed, done, done) + ",found-by-io"))
                checked = m.copy()
                out.extend(dasd_check(m))
                first = done + 1
        if first <= done:
            out.extend(settled_check(checked, m, seed, first, done))
            checked = m.copy()
            first = done + 1
    w("io stop")
    w("snapshot end")
    return "\n".join(out) + "\n"


def ops_tag(seed, first, last):
    if first == last:
        return "seed=%d,op=%d" % (seed, last)
    return "seed=%d,ops=%d-%d" % (seed, first, last)


def op_mark(seed, op):
    return "seed=%d,op=%d" % (seed, op)


def check_line(m, tag):
    want = " ".join("0.0.%04x=%02x/%02x" % (DEVNO_BASE + d, m.pam(d), m.vpm(d))
                    for d in sorted(DISKS))
    return "wait-until %d paths %s %s" % (CHECK_LIMIT, tag, want)


def dasd_check(m):
    """DASD's operational paths follow CIO's VPM (DASD lab only)."""
    if DEVNO_BASE != HERCULES_DEVNO_BASE:
        return []
    return ["wait-until %d dasd 0.0.%04x opm %02x"
            % (CHECK_LIMIT, DEVNO_BASE + d, m.vpm(d)) for d in sorted(DISKS)]


def settled_check(prev, m, seed, first, last):
    """Operations first..last were reported: settle, then the model."""
    # By subchannel (verify_done names the schid): from the VPM the last
    # check saw to the model's; a verification that only confirms it is
    # not a change (CIO re-verifies broken paths on its own).
    want = " ".join("0.0.%04x=%02x>%02x" % (d, prev.vpm(d), m.vpm(d))
                    for d in sorted(DISKS))
    return ["settle",
            check_line(m, ops_tag(seed, first, last)),
            # Until the verification is traced; a late one fails at once.
            "wait-until %d verified-within %d %s: %s"
            % (CHECK_LIMIT, verify_limit(), op_mark(seed, first), want)] + \
        dasd_check(m)


def verify_limit():
    # Hercules interprets, and its path grouping (SNID, SPID) is real I/O.
    return VERIFY_LIMIT_DASD if DEVNO_BASE == HERCULES_DEVNO_BASE else VERIFY_LIMIT


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ops", type=int, default=300)
    ap.add_argument("--coalesce", type=int, choices=(0, 1), default=1)
    ap.add_argument("--machine", choices=("qemu", "hercules"), default="qemu")
    ap.add_argument("--long", action="store_true",
                    help="only in make check-all (the header line 'long')")
    ap.add_argument("--title")
    a = ap.parse_args()
    sys.stdout.write(generate(a.seed, a.ops, a.coalesce, a.title, a.machine,
                              a.long))


if __name__ == "__main__":
    main()
