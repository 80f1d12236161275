#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Export the project as a git-am-able series against the base, or check it.

usage: series.py export OUTDIR      write OUTDIR/NNNN-*.patch
       series.py check OUTDIR       git am OUTDIR onto a pristine base and
                                    compare the result with the patched tree
       series.py files              list "commit<TAB>repo path<TAB>kernel
                                    path", one line per new file

Each patch in patches/series becomes one commit, and brings the new files
that patches/files lists for it; commits of new files only (the lab, tools)
follow the series. patches/files, one entry a line ('#' starts a comment):

    patch NAME        the files below join patches/NAME (named in
                      patches/series); a patch without entry brings none
    commit SUBJECT    a commit of new files only, after the series, in the
                      order of these entries; its message body follows in
                      lines starting with "| " (a bare "|" is a blank line)
    PATH              (indented) a file of the project, as its repo path
                      (the top-level Kconfig for drivers/s390/cio/Kconfig),
                      or a directory ending in "/" for every file under it

Every file of the overlay (Kconfig, arch, drivers, include, Documentation,
tools) must be named exactly once: a file no entry names, one that two
entries name, or an entry that names no file is an error. A new patch in
patches/series needs an entry only if it brings new files.
The base is a git repository made once from Debian's linux-source-6.12
(kept in $CIO_LAB_BUILD/base-git).
"""

import os
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


def manifest():
    """patches/files as [(kind, name, body, [(repo path, kernel path)])],
    kind "patch" or "commit"; dies naming a file listed twice or not at
    all, an entry that matches nothing and a patch not in the series."""
    path = os.path.join(TOP, "patches", "files")
    if not os.path.exists(path):
        die("patches/files is missing: it lists the new files of each patch")
    files = dict(overlay())
    entries, owner = [], {}
    for n, raw in enumerate(open(path), 1):
        where = f"patches/files:{n}"
        if raw.startswith("|"):
            if not entries or entries[-1][0] != "commit":
                die(f"{where}: a '|' message line outside a commit entry")
            entries[-1][2].append(raw[2:].rstrip("\n") if len(raw) > 2 else "")
            continue
        line = raw.split("#")[0].strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        if not raw[0].isspace() and word in ("patch", "commit") and rest.strip():
            entries.append((word, rest.strip(), [], []))
            continue
        if not raw[0].isspace() or " " in line:
            die(f"{where}: not 'patch NAME', 'commit SUBJECT' or an indented path: {line}")
        if not entries:
            die(f"{where}: {line} before the first 'patch' or 'commit' entry")
        hits = sorted(f for f in files if f == line or (line.endswith("/") and f.startswith(line)))
        if not hits:
            die(f"{where}: {line} names no file of the project")
        for f in hits:
            if f in owner:
                die(f"{f} is listed twice in patches/files ({owner[f]} and {entries[-1][1]})")
            owner[f] = entries[-1][1]
            entries[-1][3].append((f, files[f]))
    missing = sorted(set(files) - set(owner))
    if missing:
        die(f"{missing[0]} is not listed in patches/files (add it to the patch that needs it)")
    names = series()
    for kind, name, _, _ in entries:
        if kind == "patch" and name not in names:
            die(f"patches/files names {name}, which patches/series does not list")
    return entries


def add_files(pairs):
    for src, dst in pairs:
        os.makedirs(os.path.dirname(os.path.join(BASE_GIT, dst)), exist_ok=True)
        shutil.copy2(os.path.join(TOP, src), os.path.join(BASE_GIT, dst))
        git("add", "-f", dst)


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
    entries = manifest()
    ensure_base_git()
    reset_base()
    brings = {name: pairs for kind, name, _, pairs in entries if kind == "patch"}
    for name in series():
        patch = os.path.join(TOP, "patches", name)
        r = git("am", "-q", "--keep-cr", patch, check=False)
        if r.returncode:
            git("am", "--abort", check=False)
            die(f"patches/{name} does not apply with git am: {r.stdout.strip() or r.stderr.strip()}")
        if brings.get(name):
            add_files(brings[name])
            git("commit", "-q", "--amend", "--no-edit")
    for kind, subject, body, pairs in entries:
        if kind == "commit":
            add_files(pairs)
            msg = subject + "\n\n" + "\n".join(body).strip() + "\n"
            git("commit", "-q", f"--author={AUTHOR}", "-m", msg)
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    git("format-patch", "-q", "--no-signature", "-o", os.path.abspath(outdir), "base..export")
    n = len(os.listdir(outdir))
    print(f"cio-lab: {n} patches in {outdir}", file=sys.stderr)


def list_files():
    for kind, name, _, pairs in manifest():
        for src, dst in pairs:
            print(f"{name}\t{src}\t{dst}")


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
    if sys.argv[1:] == ["files"]:
        list_files()
        return 0
    if len(sys.argv) != 3 or sys.argv[1] not in ("export", "check"):
        print(__doc__.split("\n\n")[0] + "\n" + __doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    (export if sys.argv[1] == "export" else check)(sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
