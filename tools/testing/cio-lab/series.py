#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Export the project as a git-am-able series against the base, or check it.

usage: series.py export OUTDIR      write OUTDIR/NNNN-*.patch
       series.py check OUTDIR       git am OUTDIR onto a pristine base and
                                    compare the result with the patched tree
       series.py files              list "commit<TAB>repo path<TAB>kernel
                                    path", one line per new file
       series.py unwind DIR         DIR holds the new files at their kernel
                                    paths: put back each one that later
                                    patches change as the patch that brings
                                    it has it (mktree.sh, then the series)

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

A later patch of patches/series may change a new file of the kernel
(drivers, arch, include, Documentation, Kconfig) as it changes an upstream
one, with hunks against the file as the patches before it leave it. The
project keeps the file as the whole series leaves it; the patch that brings
the file brings it with the hunks of every later patch taken back, newest
first. A patch that changes a new file before the patch that brings it, or
a file that a commit of new files only brings, is an error.
The base is a git repository of the files of Debian's linux-source-6.12
that the series changes or creates (kept in $CIO_LAB_BUILD/base-git): git
am reads no other file, so the series applies to it as to the whole tree.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.environ.get("CIO_LAB_BUILD", "/var/tmp/cio-lab")
BASE_TREE = os.path.join(BUILD, "linux-source-6.12")
PATCHED_TREE = os.path.join(BUILD, "linux")
BASE_GIT = os.path.join(BUILD, "base-git")
# The series to read; the runner's own tests point it at a broken copy.
PATCHES = os.environ.get("CIO_LAB_PATCHES", os.path.join(TOP, "patches"))
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
    path = os.path.join(PATCHES, "series")
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
    path = os.path.join(PATCHES, "files")
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


HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def patch_sections(path):
    """The diffs of a patch file, one per file it changes, as [(kernel path,
    text)]: each text its "--- "/"+++ " lines and hunks, a patch of its own.
    Hunks are read by their line counts, so a removed line that starts with
    "-- " is not taken for a header."""
    with open(path) as f:
        lines = f.read().splitlines(keepends=True)
    out, i = [], 0
    while i < len(lines):
        if not (lines[i].startswith("--- ") and i + 1 < len(lines)
                and lines[i + 1].startswith("+++ ")):
            i += 1
            continue
        target = lines[i + 1][4:].split("\t")[0].strip()
        if target == "/dev/null":
            target = lines[i][4:].split("\t")[0].strip()
        target = target.split("/", 1)[1]
        text = lines[i:i + 2]
        i += 2
        while i < len(lines) and HUNK.match(lines[i]):
            m = HUNK.match(lines[i])
            old = 1 if m.group(1) is None else int(m.group(1))
            new = 1 if m.group(2) is None else int(m.group(2))
            text.append(lines[i])
            i += 1
            while old > 0 or new > 0:
                if i == len(lines) or lines[i][:1] not in " -+\\\n":
                    die(f"{os.path.basename(path)}: a hunk of {target} is cut short")
                c = lines[i][:1]
                old -= c in " -\n"
                new -= c in " +\n"
                text.append(lines[i])
                i += 1
            while i < len(lines) and lines[i].startswith("\\"):
                text.append(lines[i])
                i += 1
        out.append((target, "".join(text)))
    return out


def later_changes(entries):
    """{kernel path: [(patch name, diff)]}: the hunks with which patches of
    the series change new files after the patch that brings them, in series
    order. Dies on a change before (or by) the patch that brings the file,
    and on one to a file that a commit of new files only brings."""
    names = series()
    brought = {}
    for kind, name, _, pairs in entries:
        for _, dst in pairs:
            brought[dst] = (names.index(name) if kind == "patch" else len(names), name)
    changes = {}
    for at, name in enumerate(names):
        for target, text in patch_sections(os.path.join(PATCHES, name)):
            if target not in brought:
                continue
            first, by = brought[target]
            if first >= at:
                die(f"patches/{name} changes {target}, a new file that "
                    f"{'it brings itself' if first == at else by + ' brings later'}")
            changes.setdefault(target, []).append((name, text))
    return changes


def unwound(kpath, final, changes):
    """The content of new file kpath as the patch that brings it has it: the
    project's version (final) with the later patches' hunks taken back,
    newest first."""
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, kpath)
        os.makedirs(os.path.dirname(dst))
        shutil.copyfile(final, dst)
        for name, text in reversed(changes):
            r = subprocess.run(["patch", "-d", tmp, "-p1", "-R", "-f", "--fuzz=0",
                                "--no-backup-if-mismatch", "-r", "-"],
                               input=text, text=True, capture_output=True)
            if r.returncode:
                why = (r.stdout + r.stderr).strip().splitlines()[-1:]
                die(f"patches/{name} does not apply to {kpath} as the series leaves it "
                    f"after that patch: {why[0] if why else 'patch failed'}")
        with open(dst, "rb") as f:
            return f.read()


def add_files(pairs, changes):
    for src, dst in pairs:
        path = os.path.join(BASE_GIT, dst)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copy2(os.path.join(TOP, src), path)
        if dst in changes:
            with open(path, "wb") as f:
                f.write(unwound(dst, os.path.join(TOP, src), changes[dst]))
        git("add", "-f", dst)


def unwind(stage):
    """Put the new files in stage (a kernel tree, or the files of one) that
    later patches change back as the patches that bring them have them."""
    entries = manifest()
    repo = {dst: src for _, _, _, pairs in entries for src, dst in pairs}
    for kpath, changes in sorted(later_changes(entries).items()):
        data = unwound(kpath, os.path.join(TOP, repo[kpath]), changes)
        with open(os.path.join(stage, kpath), "wb") as f:
            f.write(data)


def base_files():
    """The base's files that git am can meet: those a patch of the series
    changes and those at the kernel path of a new file of the project (git
    am refuses to create a file the base has). git am reads nothing else,
    so a repository of these files alone applies the series as the whole
    tree does (and is made in a second instead of minutes: 90,000 files).
    .gitattributes gives format-patch's hunk headers their function names."""
    files = {".gitattributes"} | {dst for _, dst in overlay()}
    diff = re.compile(r"^(?:---|\+\+\+) [ab]/(\S+)")
    for name in series():
        path = os.path.join(PATCHES, name)
        if not os.path.isfile(path):
            die(f"patches/series names {name}, which is not in patches/")
        with open(path, errors="replace") as f:
            files.update(m.group(1) for m in map(diff.match, f) if m)
    return sorted(f for f in files if os.path.isfile(os.path.join(BASE_TREE, f)))


def ensure_base_git():
    """base-git: a repository of base_files() at branch base; made again
    when the base or that list changes."""
    stamp = os.path.join(BUILD, ".base-stamp")
    if not os.path.isfile(os.path.join(BASE_TREE, "Makefile")):
        die(f"{BASE_TREE} is missing: run 'make kernel' first")
    files = base_files()
    want = (open(stamp).read() if os.path.exists(stamp) else "") + "\n".join(files) + "\n"
    mine = os.path.join(BASE_GIT, ".cio-lab-stamp")
    if os.path.exists(mine) and open(mine).read() == want:
        return
    print(f"cio-lab: making a git repository of the {len(files)} base files the series meets",
          file=sys.stderr)
    shutil.rmtree(BASE_GIT, ignore_errors=True)
    os.makedirs(BASE_GIT)
    for f in files:
        os.makedirs(os.path.dirname(os.path.join(BASE_GIT, f)), exist_ok=True)
        shutil.copy2(os.path.join(BASE_TREE, f), os.path.join(BASE_GIT, f))
    git("init", "-q", "-b", "base")
    # Index lines as long as those of the whole tree (git's automatic
    # length grows with the number of objects).
    git("config", "core.abbrev", "9")
    git("add", "-A", "-f")
    git("commit", "-q", "-m", "Linux 6.12 (Debian linux-source-6.12)",
        f"--author={AUTHOR}")
    with open(mine, "w") as f:
        f.write(want)


def reset_base():
    git("checkout", "-q", "-f", "base")
    git("reset", "-q", "--hard", "base")
    git("clean", "-q", "-fdx", "-e", ".cio-lab-stamp")
    git("branch", "-q", "-D", "export", check=False)
    git("checkout", "-q", "-b", "export")


def export(outdir):
    entries = manifest()
    changes = later_changes(entries)
    ensure_base_git()
    reset_base()
    brings = {name: pairs for kind, name, _, pairs in entries if kind == "patch"}
    for name in series():
        patch = os.path.join(PATCHES, name)
        r = git("am", "-q", "--keep-cr", patch, check=False)
        if r.returncode:
            git("am", "--abort", check=False)
            die(f"patches/{name} does not apply with git am: {r.stdout.strip() or r.stderr.strip()}")
        if brings.get(name):
            add_files(brings[name], changes)
            git("commit", "-q", "--amend", "--no-edit")
    for kind, subject, body, pairs in entries:
        if kind == "commit":
            add_files(pairs, changes)
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
    commands = {"export": export, "check": check, "unwind": unwind}
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        print(__doc__.split("\n\n")[0] + "\n" + __doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    commands[sys.argv[1]](sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
