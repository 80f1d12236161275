#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Export the project as a git-am-able series against the base, or check it.

usage: series.py export OUTDIR      write OUTDIR/NNNN-*.patch
       series.py check OUTDIR       git am OUTDIR onto a pristine base and
                                    compare the result with the patched tree

Each patch in patches/series becomes one commit. A new file joins the first
patch whose added lines name it (its kernel path, its file name, its object
file or its toctree entry), so a commit brings the code its hooks call; new
files that no hunk names (configs, tests, the lab) go into a last commit.
The base is a git repository made once from Debian's linux-source-6.12
(kept in $CIO_LAB_BUILD/base-git).
"""

import os
import re
import shutil
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.environ.get("CIO_LAB_BUILD", "/var/tmp/cio-lab")
BASE_TREE = os.path.join(BUILD, "linux-source-6.12")
PATCHED_TREE = os.path.join(BUILD, "linux")
BASE_GIT = os.path.join(BUILD, "base-git")
AUTHOR = "Cio Failover Lab <lab@example.invalid>"
ENV = dict(os.environ, GIT_COMMITTER_NAME="Cio Failover Lab",
           GIT_COMMITTER_EMAIL="lab@example.invalid",
           GIT_COMMITTER_DATE="2024-01-01T00:00:00Z",
           GIT_AUTHOR_DATE="2024-01-01T00:00:00Z")

LAST_SUBJECT = "s390/cio: add the channel-path failover lab and tests"
LAST_BODY = """\
Add what proves the channel-path failover work without IBM Z hardware:
config fragments for a QEMU TCG guest (arch/s390/configs/cio_lab*.config),
the KUnit configuration, and tools/testing/cio-lab, which builds an
initramfs from Debian's s390x packages (s390-tools, trace-cmd), boots the
kernel under qemu-system-s390x and runs scenarios that inject channel-path
events and check lscss, lschp, trace events and block I/O.
"""


def die(msg):
    print(f"cio-lab: error: {msg}", file=sys.stderr)
    sys.exit(1)


def git(*args, cwd=BASE_GIT, check=True, **kw):
    r = subprocess.run(["git", *args], cwd=cwd, env=ENV, text=True,
                       capture_output=True, **kw)
    if check and r.returncode:
        die(f"git {' '.join(args[:2])} failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}")
    return r


def series():
    path = os.path.join(TOP, "patches", "series")
    with open(path) as f:
        return [l.split("#")[0].strip() for l in f if l.split("#")[0].strip()]


def overlay():
    """(repo path, kernel path) of every file the project adds."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                          "Kconfig", "arch", "drivers", "include", "Documentation", "tools"],
                         cwd=TOP, text=True, capture_output=True, check=True).stdout
    files = []
    for f in sorted(set(out.split())):
        if not os.path.isfile(os.path.join(TOP, f)):
            continue
        files.append((f, "drivers/s390/cio/Kconfig" if f == "Kconfig" else f))
    return files


def names_file(added, kpath):
    base = os.path.basename(kpath)
    stem = os.path.splitext(base)[0]
    if kpath in added or base in added or stem + ".o" in added:
        return True
    # toctree entries and Makefile variables name the stem alone
    return bool(stem) and re.search(r"(^|[\s/])" + re.escape(stem) + r"($|\s)", added, re.M)


def ensure_base_git():
    stamp = os.path.join(BUILD, ".base-stamp")
    want = open(stamp).read() if os.path.exists(stamp) else None
    mine = os.path.join(BASE_GIT, ".cio-lab-stamp")
    if want and os.path.exists(mine) and open(mine).read() == want:
        return
    if not os.path.isfile(os.path.join(BASE_TREE, "Makefile")):
        die(f"{BASE_TREE} is missing: run 'make kernel' first")
    print("cio-lab: making a git repository of the base (once)", file=sys.stderr)
    shutil.rmtree(BASE_GIT, ignore_errors=True)
    subprocess.run(["cp", "-a", BASE_TREE, BASE_GIT], check=True)
    git("init", "-q", "-b", "base")
    git("add", "-A", "-f")
    git("commit", "-q", "-m", "Linux 6.12 (Debian linux-source-6.12)",
        f"--author={AUTHOR}")
    with open(mine, "w") as f:
        f.write(want or "")


def reset_base():
    git("checkout", "-q", "-f", "base")
    git("reset", "-q", "--hard", "base")
    git("clean", "-q", "-fdx", "-e", ".cio-lab-stamp")
    git("branch", "-q", "-D", "export", check=False)
    git("checkout", "-q", "-b", "export")


def export(outdir):
    ensure_base_git()
    reset_base()
    pending = overlay()
    for name in series():
        patch = os.path.join(TOP, "patches", name)
        text = open(patch).read()
        added = "\n".join(l[1:] for l in text.splitlines()
                          if l.startswith("+") and not l.startswith("+++"))
        r = git("am", "-q", "--keep-cr", patch, check=False)
        if r.returncode:
            git("am", "--abort", check=False)
            die(f"patches/{name} does not apply with git am: {r.stdout.strip() or r.stderr.strip()}")
        mine = [p for p in pending if names_file(added, p[1])]
        pending = [p for p in pending if p not in mine]
        if mine:
            for src, dst in mine:
                os.makedirs(os.path.dirname(os.path.join(BASE_GIT, dst)), exist_ok=True)
                shutil.copy2(os.path.join(TOP, src), os.path.join(BASE_GIT, dst))
                git("add", "-f", dst)
            git("commit", "-q", "--amend", "--no-edit")
    if pending:
        for src, dst in pending:
            os.makedirs(os.path.dirname(os.path.join(BASE_GIT, dst)), exist_ok=True)
            shutil.copy2(os.path.join(TOP, src), os.path.join(BASE_GIT, dst))
            git("add", "-f", dst)
        git("commit", "-q", f"--author={AUTHOR}", "-m", LAST_SUBJECT + "\n\n" + LAST_BODY)
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    git("format-patch", "-q", "--no-signature", "-o", os.path.abspath(outdir), "base..export")
    n = len(os.listdir(outdir))
    print(f"cio-lab: {n} patches in {outdir}", file=sys.stderr)


def check(outdir):
    """git am the export onto the pristine base; the result must equal the
    patched tree the lab builds, file by file."""
    patches = sorted(os.path.join(outdir, p) for p in os.listdir(outdir) if p.endswith(".patch"))
    if not patches:
        die(f"no patches in {outdir}")
    ensure_base_git()
    reset_base()
    r = git("am", "-q", *patches, check=False)
    if r.returncode:
        git("am", "--abort", check=False)
        die(f"the exported series does not apply with git am: {(r.stdout + r.stderr).strip().splitlines()[0]}")
    changed = git("diff", "--name-only", "base..export").stdout.split()
    for f in changed:
        a, b = os.path.join(BASE_GIT, f), os.path.join(PATCHED_TREE, f)
        if not os.path.exists(b) or open(a, "rb").read() != open(b, "rb").read():
            die(f"after git am, {f} differs from the patched tree the lab builds")
    manifest = os.path.join(BUILD, ".tree-manifest")
    if os.path.exists(manifest):
        missing = sorted(set(open(manifest).read().split()) - set(changed))
        if missing:
            die(f"the exported series lacks {missing[0]}")
    print(f"cio-lab: {len(patches)} patches apply with git am; {len(changed)} files as in the lab tree",
          file=sys.stderr)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("export", "check"):
        print(__doc__.split("\n\n")[0] + "\n" + __doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    (export if sys.argv[1] == "export" else check)(sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
