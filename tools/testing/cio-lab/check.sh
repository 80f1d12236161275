#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: every test of the project, one "ok"/"not ok" line per check and
# the closing line "N passed, N failed". Expects 'make kernel initramfs' done.
#
# Checks (each counts once):
#   series      the exported series applies to a pristine base with git am
#   bisect      each commit of the exported series, one at a time, builds
#               drivers/s390/ (lab config, and with every project option
#               off) and passes checkpatch --strict (about 3 min warm)
#   checkpatch  --strict on every new kernel file, and on every series patch
#               when the bisect did not check them as its commits
#   sparse/W=1  every new C file and every upstream C file the series touches
#   compile-out CIO builds with every project option off
#   kernel-doc  every new C file and header
#   docs        Sphinx (SPHINXDIRS=arch/s390): no warning from project files
#   kunit       every KUnit case of the project's .kunitconfig, booted in the lab kernel
#   scenario    every lab scenario, on the debug lab kernel
#   runner      the lab's own failure paths (hang, failed expectation, bad hunk)
#   tools       builds tools/tracing/cio-failover, runs its tests on the fixtures
#
# CHECKS="series kunit ..." runs a subset; SCENARIOS="a b" a subset of those.
# Scenarios with the header line "long" run only with CHECK_ALL=1 (make
# check-all).
# Above the closing line: the five checks that took longest.
set -u
. "$(dirname "$0")/lib.sh"

CHECK_ALL=${CHECK_ALL:-}
CHECKS=${CHECKS:-series bisect checkpatch sparse compile-out kerneldoc docs kunit tools scenarios runner}
passed=0
failed=0
failures=
times=$(mktemp)
t_mark=$EPOCHREALTIME

# took NAME: record how long the check NAME took: $check_secs when a check
# measured itself (scenarios run in parallel), else the time since the
# previous check ended.
took() {
	local now=$EPOCHREALTIME secs=${check_secs:-}
	[ -n "$secs" ] || secs=$(awk -v a="$t_mark" -v b="$now" 'BEGIN {printf "%.0f", b - a}')
	printf '%s\t%s\n' "$secs" "$1" >> "$times"
	t_mark=$now
	check_secs=
}

ok() {
	passed=$((passed + 1))
	took "$1"
	echo "ok - $*"
}

not_ok() {
	failed=$((failed + 1))
	failures="$failures
  $1"
	took "$1"
	echo "not ok - $*"
}

# New kernel files of the project, as kernel paths (repo Kconfig included).
new_files() {
	overlay_files | awk '{print $2}'
}

touched_upstream() {
	while read -r p; do
		patch_targets "$CIO_LAB_PATCHES/$p"
	done < <(series_patches) | sort -u
}

# The series check_series exported and applied with git am in this run:
# check_bisect takes its commits from there instead of exporting again.
series_applied=
# Set once check_bisect ran checkpatch on every commit of the series.
bisect_checkpatched=

check_series() {
	local out="$CIO_LAB_BUILD/series" msg
	series_applied=
	if msg=$(python3 "$LAB_DIR/series.py" export "$out" 2>&1 &&
			python3 "$LAB_DIR/series.py" check "$out" 2>&1); then
		series_applied=$out
		ok "series: $(ls "$out" | wc -l) patches apply to the base with git am"
	else
		not_ok "series: $(echo "$msg" | grep -m1 error: || echo "$msg" | tail -n 1)"
	fi
}

# UNKNOWN_COMMIT_ID: checkpatch looks Fixes: ids up in the git repository of
# the current directory, the project's, which has no kernel history. The ids
# were looked up in the kernel's; in a kernel tree checkpatch checks them.
CHECKPATCH="$PATCHED_TREE/scripts/checkpatch.pl --strict --no-tree --quiet --terse
 --ignore MISSING_SIGN_OFF,FILE_PATH_CHANGES,SPDX_LICENSE_TAG,UNKNOWN_COMMIT_ID"

# bisect: every commit of the exported series builds drivers/s390/ (all
# the series changes) for the lab config and for the same with every
# project option off, and passes checkpatch --strict. Instead of vmlinux,
# only drivers/s390/ is built: what a link adds, an undefined or doubly
# defined symbol, is checked with nm against the global symbols the rest of
# the lab's vmlinux defines (lab options are all built in, no modules).
#
# About 3 min warm for 23 commits (a git am per commit onto a worktree and an
# olddefconfig before every build took 11 min; kbuild's walk and prepare
# alone take 5 s a commit and config), because:
#  - series.py has applied every commit in $CIO_LAB_BUILD/base-git already
#    (export, or check_series' git am of the export earlier in the same
#    run, which is not repeated); each commit's files are written from
#    there (git archive) into a plain copy of the base, $BISECT/linux, and
#    at the start only the files the series (or the previous run) touched
#    go back to the base, each only when its content differs, so kbuild
#    rebuilds what a commit changed and ccache has it from the previous run;
#  - a commit that changes nothing kbuild reads (Documentation/, tools/,
#    arch/s390/configs/) is not built;
#  - "every project option off" is built only once a commit defines a
#    project option: before that it is the lab config (0001-0010); its
#    first build starts from a copy of the lab config's output directory;
#  - the config is installed only for the first commit and one that changes
#    a Kconfig file, and kbuild's syncconfig is the only Kconfig parse;
#  - the two configs build side by side, each with half the CPUs (a
#    commit that builds one config gives it all), and checkpatch runs
#    beside them.
# $BISECT/build-CFG.all.log keeps the last run's build output, commit by
# commit.
BISECT="$CIO_LAB_BUILD/bisect"
BISECT_SRC="$BISECT/linux"
BISECT_REPO="$CIO_LAB_BUILD/base-git"

# bisect_src DIR: DIR is a plain copy of the base (made once per base), its
# files that $BISECT/touched names (the previous run's) and those the
# series touches put back to the base where they differ.
bisect_src() {
	local src=$1 stamp f
	stamp=$(cat "$CIO_LAB_BUILD/.base-stamp" 2>/dev/null)
	if [ -e "$src/.git" ] || [ ! -f "$src/Makefile" ] ||
	   [ "$(cat "$BISECT/src.stamp" 2>/dev/null)" != "$stamp" ]; then
		# $BISECT/src: the copy's name before it became linux.
		rm -rf "$src" "$BISECT/src" "$BISECT/touched"
		git -C "$BISECT_REPO" worktree prune 2>/dev/null
		cp -a "$BASE_TREE" "$src" || return 1
		echo "$stamp" > "$BISECT/src.stamp"
	fi
	git -C "$BISECT_REPO" diff --name-only base export >> "$BISECT/touched" || return 1
	sort -u -o "$BISECT/touched" "$BISECT/touched"
	while read -r f; do
		if [ ! -f "$BASE_TREE/$f" ]; then
			rm -f "$src/$f"
		elif ! cmp -s "$BASE_TREE/$f" "$src/$f"; then
			mkdir -p "$(dirname "$src/$f")"
			cp "$BASE_TREE/$f" "$src/$f"
		fi
	done < "$BISECT/touched"
}

# bisect_asm_include_changed: prints the first file the series changes that
# inline asm .includes (found through -Wa,-I, which ccache's key leaves out:
# see kmake); such a file would need its own ccache key per tree.
bisect_asm_include_changed() {
	local f
	git -C "$BISECT_REPO" diff --name-only base export -- arch/s390/include |
	while read -r f; do
		if grep -rqF ".include \\\"${f#arch/s390/include/}\\\"" \
			"$BASE_TREE/arch/s390" "$PATCHED_TREE/arch/s390" \
			"$BASE_TREE/drivers/s390" "$PATCHED_TREE/drivers/s390"; then
			echo "$f"
			break
		fi
	done
}

# bisect_apply SRC COMMIT: SRC, at COMMIT's parent, becomes COMMIT: the
# files COMMIT changes are written (with the current time, so that kbuild
# sees them new) or removed; prints them.
bisect_apply() {
	local src=$1 c=$2 st f write=()
	while IFS=$'\t' read -r st f; do
		case "$st" in
		D) rm -f "$src/$f" ;;
		*) write+=("$f") ;;
		esac
		echo "$f"
	done < <(git -C "$BISECT_REPO" diff-tree -r --no-commit-id --name-status "$c^" "$c")
	[ ${#write[@]} -eq 0 ] ||
		git -C "$BISECT_REPO" archive "$c" -- "${write[@]}" | tar -x -m -C "$src"
}

# The global symbols the lab's vmlinux gets from outside drivers/s390/
# (objects and linker script), one a line, sorted.
bisect_ref_symbols() {
	local lab="$CIO_LAB_BUILD/out-lab"
	comm -23 <(nm -g --defined-only "$lab/vmlinux" | awk '{print $3}' | sort -u) \
		<(nm -g --defined-only "$lab/drivers/s390/built-in.a" 2>/dev/null |
			awk 'NF == 3 {print $3}' | sort -u)
}

# bisect_build SRC CFG RECONF JOBS: build drivers/s390/ of SRC in
# $BISECT/out-CFG with -jJOBS; RECONF non-empty: first install the config
# $BISECT/CFG.config (the commit changed a Kconfig file: options it adds
# take their lab value through kbuild's syncconfig).
# Prints the first error, returns 1 on one.
bisect_build() {
	local src=$1 cfg=$2 reconf=$3 jobs=$4 out="$BISECT/out-$2" log="$BISECT/build-$2.log" a sym rc
	mkdir -p "$out"
	echo "== $(date +%T) $reconf" > "$log"
	# kbuild runs syncconfig itself when .config or a Kconfig file is newer
	# than its auto.conf: no olddefconfig of our own, a second Kconfig parse.
	# The configs set every symbol, so syncconfig has nothing to ask.
	[ -z "$reconf" ] && [ -f "$out/.config" ] ||
		cp "$BISECT/$cfg.config" "$out/.config"
	kmake "$src" "$out" -j"$jobs" drivers/s390/ < /dev/null >> "$log" 2>&1
	rc=$?
	echo "== done $(date +%T)" >> "$log"
	cat "$log" >> "$BISECT/build-$cfg.all.log"
	if [ $rc -ne 0 ]; then
		grep -m1 -E 'error:|Error [0-9]|No rule' "$log" |
			sed -e "s|$src/||" -e 's|^\.\./linux/||' ||
			echo "make failed (see $log)"
		return 1
	fi
	a="$out/drivers/s390/built-in.a"
	[ -f "$a" ] || { echo "no $a"; return 1; }
	sym=$(comm -23 <(nm -g --undefined-only "$a" | awk 'NF == 2 {print $2}' | sort -u) \
		<(sort -u "$BISECT/ref.syms" <(nm -g --defined-only "$a" | awk 'NF == 3 {print $3}')) |
		head -n 1)
	[ -z "$sym" ] || { echo "undefined reference to '$sym'"; return 1; }
	sym=$(cat <(nm -g --defined-only "$a" | awk 'NF == 3 && $2 !~ /[WwVv]/ {print $3}' | sort) \
		<(sort -u "$BISECT/ref.syms") | sort | uniq -d | head -n 1)
	[ -z "$sym" ] || { echo "multiple definition of '$sym'"; return 1; }
}

# bisect_checkpatch SERIES DIR: checkpatch --strict on every patch of
# SERIES, DIR/NAME.out and DIR/NAME.rc for each; the lab's scripts are not
# kernel C and are left out as in check_checkpatch.
bisect_checkpatch() {
	local p name
	for p in "$1"/*.patch; do
		name=$(basename "$p" .patch)
		awk '/^diff --git / {skip = ($3 ~ "^a/tools/testing/cio-lab/")} !skip' \
			"$p" > "$2/$name.patch"
		$CHECKPATCH "$2/$name.patch" > "$2/$name.out" 2>&1
		echo $? > "$2/$name.rc"
	done
}

check_bisect() {
	local series="$BISECT/series" src=$BISECT_SRC cp="$BISECT/checkpatch"
	local msg name cfg cfgs jobs what o c f r files reconf noopt_reconf opts_re cp_pid n=0 start=$SECONDS
	local commits=() patches=() pids=()
	mkdir -p "$BISECT"
	if [ -n "$series_applied" ]; then
		series=$series_applied
	elif ! msg=$(python3 "$LAB_DIR/series.py" export "$series" 2>&1); then
		not_ok "bisect: $(echo "$msg" | grep -m1 error: || echo "$msg" | tail -n 1)"
		return
	fi
	if [ ! -f "$CIO_LAB_BUILD/out-lab/vmlinux" ]; then
		not_ok "bisect: no lab kernel to link against: run 'make kernel'"
		return
	fi
	mapfile -t commits < <(git -C "$BISECT_REPO" rev-list --reverse base..export)
	patches=("$series"/*.patch)
	if [ ${#commits[@]} -ne ${#patches[@]} ]; then
		not_ok "bisect: ${#patches[@]} patches in $series, ${#commits[@]} commits in $BISECT_REPO"
		return
	fi
	rm -rf "$cp" "$BISECT"/build-*.all.log
	mkdir -p "$cp"
	bisect_checkpatch "$series" "$cp" &
	cp_pid=$!
	if ! bisect_src "$src"; then
		not_ok "bisect: cannot make the base copy $src"
		wait "$cp_pid"
		return
	fi
	f=$(bisect_asm_include_changed)
	if [ -n "$f" ]; then
		msg="ccache's key leaves its path out (kmake)"
		not_ok "bisect: the series changes $f, which inline asm .includes: $msg"
		wait "$cp_pid"
		return
	fi
	bisect_ref_symbols > "$BISECT/ref.syms"
	cp "$CIO_LAB_BUILD/out-lab/.config" "$BISECT/lab.config"
	cp "$CIO_LAB_BUILD/out-lab/.config" "$BISECT/noopt.config"
	for o in $(project_options); do
		"$PATCHED_TREE/scripts/config" --file "$BISECT/noopt.config" --disable "$o"
	done
	reconf=first
	noopt_reconf=first
	opts_re="^(menu)?config ($(project_options | paste -sd '|'))\$"
	for c in "${commits[@]}"; do
		name=$(basename "${patches[$n]}" .patch)
		n=$((n + 1))
		files=$(bisect_apply "$src" "$c")
		echo "== $name" | tee -a "$BISECT/build-lab.all.log" >> "$BISECT/build-noopt.all.log"
		echo "$files" >> "$BISECT/touched"
		echo "$files" | grep -qE '(^|/)Kconfig' && reconf=kconfig
		# A commit that changes nothing kbuild reads builds as the one before.
		if ! echo "$files" | grep -qvE '^(Documentation|tools|arch/s390/configs)/'; then
			ok "bisect: $name: no kernel source change, builds as the commit before"
			continue
		fi
		# Until a Kconfig file defines a project option, turning them
		# all off changes nothing: that build would be the lab build.
		cfgs=lab
		if git -C "$BISECT_REPO" grep -qE "$opts_re" "$c" -- '*Kconfig*'; then
			cfgs="lab noopt"
		fi
		# The first build with every option off starts from the lab
		# config's output of the commit before: kbuild's syncconfig
		# touches include/config/ of the options that changed, so only
		# what they reach is rebuilt.
		[ "$cfgs" = lab ] || seed_out "$BISECT/out-noopt" "$BISECT/out-lab"
		jobs=$(($(nproc) / $(echo $cfgs | wc -w)))
		pids=()
		for cfg in $cfgs; do
			r=$reconf
			[ "$cfg" = noopt ] && r=${noopt_reconf:-$reconf}
			(bisect_build "$src" "$cfg" "$r" $((jobs > 0 ? jobs : 1)) > "$BISECT/$cfg.msg"
			 echo $? > "$BISECT/$cfg.rc") &
			pids+=($!)
		done
		wait "${pids[@]}"
		reconf=
		case " $cfgs " in *" noopt "*) noopt_reconf= ;; esac
		for cfg in lab noopt; do
			what="the lab config"
			[ "$cfg" = lab ] || what="every project option off"
			if [ "$cfg" = noopt ] && [ "$cfgs" = lab ]; then
				ok "bisect: $name: builds with $what (no project option yet: the lab config)"
			elif [ "$(cat "$BISECT/$cfg.rc")" = 0 ]; then
				ok "bisect: $name: builds with $what"
			else
				not_ok "bisect: $name: does not build with $what: $(head -n 1 "$BISECT/$cfg.msg")"
			fi
		done
	done
	wait "$cp_pid"
	for c in "${patches[@]}"; do
		name=$(basename "$c" .patch)
		if [ "$(cat "$cp/$name.rc" 2>/dev/null)" = 0 ]; then
			ok "bisect: $name: checkpatch --strict"
		else
			not_ok "bisect: $name: checkpatch: $(head -n 1 "$cp/$name.out" 2>/dev/null)"
		fi
	done
	bisect_checkpatched=1
	info "bisect: $n commits in $((SECONDS - start)) s"
}

check_checkpatch() {
	local f out
	for f in $(new_files); do
		case "$f" in
		tools/testing/cio-lab/*) continue ;;	# scripts, not kernel C
		*.c|*.h|*Kconfig|*.rst) ;;
		*) continue ;;
		esac
		if out=$($CHECKPATCH -f "$PATCHED_TREE/$f" 2>&1); then
			ok "checkpatch: $f"
		else
			not_ok "checkpatch: $f: $(echo "$out" | head -n 1 | sed "s|$PATCHED_TREE/||")"
		fi
	done
	# Each commit of the exported series holds its patch's hunks (and its
	# new files): once the bisect ran checkpatch on those commits, the
	# same hunks again find nothing new.
	if [ -n "$bisect_checkpatched" ]; then
		info "checkpatch: the series' patches were checked as the bisect's commits"
		return
	fi
	while read -r p; do
		if out=$($CHECKPATCH "$LAB_TOP/patches/$p" 2>&1); then
			ok "checkpatch: patches/$p"
		else
			not_ok "checkpatch: patches/$p: $(echo "$out" | head -n 1)"
		fi
	done < <(series_patches)
}

# Sparse and W=1 in a build directory of their own, so the lab kernel's
# objects are not rebuilt with other flags. One kbuild run builds every
# file (a run per file spent most of its 7 s in kbuild's own walk); each
# warning counts for the file it names, one in a header (included by
# several files) once for the header.
check_sparse() {
	local out="$CIO_LAB_BUILD/out-check" log="$LOGS/check-sparse.log" f obj warn
	local known="$LAB_DIR/sparse-upstream.txt" files objs=()
	seed_out "$out"
	mkdir -p "$out"
	cmp -s "$CIO_LAB_BUILD/out-lab/.config" "$out/.config" ||
		cp "$CIO_LAB_BUILD/out-lab/.config" "$out/.config"
	if ! kmake "$PATCHED_TREE" "$out" olddefconfig prepare > "$LOGS/check-prepare.log" 2>&1; then
		not_ok "sparse: cannot prepare $out (see $LOGS/check-prepare.log)"
		return
	fi
	files=$( (new_files; touched_upstream) | grep '\.c$' | grep -v '^tools/' | sort -u)
	for f in $files; do
		objs+=("${f%.c}.o")
		rm -f "$out/${f%.c}.o"
	done
	# -k: a file that does not build does not keep the others from building.
	kmake "$PATCHED_TREE" "$out" -k C=1 W=1 "${objs[@]}" > "$log" 2>&1
	warn=$(grep "warning:\|error:" "$log" | sed -e "s|$PATCHED_TREE/||" -e 's|^\.\./linux/||' \
		-e 's|^\([^:]*\):[0-9]*:[0-9]*: |\1: |' | grep -vxF -f "$known" | sort -u)
	for f in $files; do
		obj=${f%.c}.o
		if [ ! -f "$out/$obj" ]; then
			not_ok "sparse/W=1: $f does not build: $( (grep -m1 "^[^:]*$f:.*error" "$log" ||
				grep -m1 error "$log") | sed -e "s|$PATCHED_TREE/||" -e 's|^\.\./linux/||') (see $log)"
		elif echo "$warn" | grep -q "^$f: "; then
			not_ok "sparse/W=1: $(echo "$warn" | grep -m1 "^$f: ")"
		else
			ok "sparse/W=1: $f"
		fi
	done
	# Warnings in files that are not among the checked ones (headers).
	for f in $files; do
		warn=$(echo "$warn" | grep -v "^$f: ")
	done
	while IFS= read -r f; do
		[ -n "$f" ] && not_ok "sparse/W=1: $f"
	done < <(echo "$warn" | grep -v '^make\|^$' | awk -F': ' '!seen[$1]++')
}

# The project's options compile out: CIO with every one of them off builds
# and contains none of their objects.
check_compile_out() {
	local out="$CIO_LAB_BUILD/out-noopt" log="$LOGS/check-compile-out.log" opts o
	opts=$(project_options)
	seed_out "$out"
	mkdir -p "$out"
	cp "$CIO_LAB_BUILD/out-lab/.config" "$out/.config.new"
	for o in $opts; do
		"$PATCHED_TREE/scripts/config" --file "$out/.config.new" --disable "$o"
	done
	cmp -s "$out/.config.new" "$out/.config.in" || {
		cp "$out/.config.new" "$out/.config"
		cp "$out/.config.new" "$out/.config.in"
	}
	if ! kmake "$PATCHED_TREE" "$out" olddefconfig drivers/s390/cio/ > "$log" 2>&1; then
		not_ok "compile-out: drivers/s390/cio/ does not build with $(echo $opts | tr ' ' ',')=n: $(grep -m1 'error' "$log")"
		return
	fi
	# What the archive holds, not what lies in the directory: a directory
	# seeded from the lab kernel's keeps the lab's objects.
	o=$("${CROSS}ar" t "$out/drivers/s390/cio/built-in.a" 2>/dev/null |
		grep -E '(^|/)(path_inject|chp_events)[^/]*\.o$' | tr '\n' ' ')
	if [ ! -f "$out/drivers/s390/cio/built-in.a" ]; then
		not_ok "compile-out: no drivers/s390/cio/built-in.a (see $log)"
	elif [ -n "$o" ]; then
		not_ok "compile-out: built in $o although its option is off"
	else
		ok "compile-out: drivers/s390/cio/ builds with $(echo $opts | wc -w) project options off"
	fi
}

check_kerneldoc() {
	local f out
	for f in $(new_files | grep -E '^(drivers|arch|include)/.*\.[ch]$'); do
		out=$("$PATCHED_TREE/scripts/kernel-doc" -none -Wall "$PATCHED_TREE/$f" 2>&1)
		if [ -z "$out" ]; then
			ok "kernel-doc: $f"
		else
			not_ok "kernel-doc: $f: $(echo "$out" | head -n 1 | sed "s|$PATCHED_TREE/||")"
		fi
	done
}

check_docs() {
	local out="$CIO_LAB_BUILD/out-docs" log="$LOGS/check-docs.log" docs warn
	docs=$(new_files | grep '^Documentation/.*\.rst$')
	if [ -z "$docs" ]; then
		return
	fi
	timeout 900 make -C "$PATCHED_TREE" O="$out" SPHINXDIRS=arch/s390 \
		SPHINXOPTS="-q -j1" htmldocs > "$log" 2>&1
	warn=$(grep -E 'WARNING|ERROR|CRITICAL' "$log" | grep -F "$(printf '%s\n' $docs Documentation/arch/s390/index.rst)" | head -n 1)
	if [ -n "$warn" ]; then
		not_ok "docs: $(echo "$warn" | sed "s|$PATCHED_TREE/||")"
	elif ! ls "$out"/Documentation/output/arch/s390/*.html > /dev/null 2>&1 &&
	     ! ls "$out"/Documentation/output/*.html > /dev/null 2>&1; then
		not_ok "docs: Sphinx produced no HTML (see $log)"
	else
		ok "docs: $(echo $docs | wc -w) document(s) build without warnings"
	fi
}

check_kunit() {
	local kcfg log="$LOGS/kunit.log" json="$CIO_LAB_BUILD/kunit.json" n
	kcfg=$(cd "$LAB_TOP" && ls drivers/s390/cio/.kunitconfig 2>/dev/null)
	if [ -z "$kcfg" ]; then
		not_ok "kunit: no drivers/s390/cio/.kunitconfig"
		return
	fi
	# The suites are built into the lab kernel (cio_lab_debug.config,
	# off unless booted with kunit.enable=1): kunit.py boots that kernel
	# instead of building one of its own (7-8 minutes on a cold machine).
	# The .kunitconfig stays for 'kunit.py run' by hand.
	rm -f "$json"
	(cd "$PATCHED_TREE" && timeout 1500 python3 tools/testing/kunit/kunit.py exec \
		--arch=s390 --cross_compile=$CROSS --build_dir="$CIO_LAB_BUILD/out-lab" \
		--kunitconfig="$PATCHED_TREE/$kcfg" --timeout=600 --json="$json") > "$log" 2>&1
	took "kunit: boot of the lab kernel with the KUnit suites"
	if [ ! -s "$json" ] || ! grep -q "Starting KUnit Kernel\|KTAP version" "$log"; then
		not_ok "kunit: the lab kernel did not run the KUnit suites: $(grep -m1 -E 'ERROR|error:' "$log") (see $log)"
		return
	fi
	n=0
	while IFS=$'\t' read -r status name; do
		n=$((n + 1))
		case "$status" in
		PASS) ok "kunit: $name" ;;
		SKIP) ok "kunit: $name # SKIP" ;;
		*) not_ok "kunit: $name ($status)" ;;
		esac
	done < <(python3 - "$json" <<'EOF'
import json, sys
def walk(t, path):
    subs = t.get("sub_groups") or []
    cases = t.get("test_cases") or []
    for s in subs:
        walk(s, path + [s.get("name", "?")])
    for c in cases:
        print(f"{c.get('status')}\t{'.'.join(path[1:] + [c.get('name', '?')])}")
walk(json.load(open(sys.argv[1])), ["main"])
EOF
)
	if [ "$n" -eq 0 ]; then
		not_ok "kunit: the lab kernel booted but ran no test case (see $log)"
	fi
}

# The lab's own failure paths: a hanging guest, a failed expectation and a
# broken series hunk must each end with the one line that says so.
# Their guests join the scenario pool when scenarios are checked too (see
# check_scenarios): most of them only wait for a limit.
runner_out=$(mktemp -d)
run_runner_test() {
	python3 "$LAB_DIR/run.py" --kernel "$CIO_LAB_BUILD/out-lab/arch/s390/boot/bzImage" \
		--initrd "$CIO_LAB_BUILD/initramfs.cpio.gz" \
		--results "$LAB_TOP/results/$(basename "$1" .scn)" "$1" > "$2" 2>&1
}

check_runner() {
	local s name want msg tmp
	for s in "$LAB_DIR"/runner-tests/*.scn; do
		name=$(basename "$s" .scn)
		want=$(sed -n 's/^# expect-verdict: //p' "$s")
		[ -f "$runner_out/$name" ] || run_runner_test "$s" "$runner_out/$name"
		msg=$(cat "$runner_out/$name")
		case "$msg" in
		"FAIL $name: $want"*) ok "runner: $name fails as it must" ;;
		*) not_ok "runner: $name: want 'FAIL $name: $want', got '$msg'" ;;
		esac
	done
	tmp=$(mktemp -d)
	cp -r "$LAB_TOP/patches/." "$tmp/"
	p=$(series_patches | head -n 1)
	if [ -n "$p" ]; then
		# Break the first hunk's context so it no longer matches the base.
		sed -i '0,/^ [^ ]/s/^ \(.\)/ BROKEN\1/' "$tmp/$p"
		msg=$(CIO_LAB_PATCHES=$tmp "$LAB_DIR/mktree.sh" 2>&1)
		case "$msg" in
		"cio-lab: error: patches/$p does not apply to the base: "*FAILED*)
			ok "runner: a broken hunk is named: ${msg#cio-lab: error: }" ;;
		*) not_ok "runner: broken hunk in $p: got '$msg'" ;;
		esac
	fi
	rm -rf "$tmp"
	check_broken_new_file_hunk
}

# A later patch's hunk for a new file that no longer matches the file: mktree
# names the patch and the file (series.py unwind) and changes nothing.
check_broken_new_file_hunk() {
	local tmp p t found= msg new
	new=$(new_files)
	while read -r p; do
		for t in $(patch_targets "$CIO_LAB_PATCHES/$p"); do
			grep -qxF "$t" <<< "$new" && found="$p $t" && break 2
		done
	done < <(series_patches)
	if [ -z "$found" ]; then
		ok "runner: no patch changes a new file (nothing to break)"
		return
	fi
	read -r p t <<< "$found"
	tmp=$(mktemp -d)
	cp -r "$LAB_TOP/patches/." "$tmp/"
	# The first context line after the file's header no longer matches it.
	awk -v hdr="+++ b/$t" '$0 == hdr {f = 1} f && /^ ./ {sub(/^ /, " BROKEN"); f = 0} {print}' \
		"$LAB_TOP/patches/$p" > "$tmp/$p"
	msg=$(CIO_LAB_PATCHES=$tmp "$LAB_DIR/mktree.sh" 2>&1)
	case "$msg" in
	"cio-lab: error: patches/$p does not apply to $t as the series leaves it"*)
		ok "runner: a broken hunk for a new file is named: ${msg#cio-lab: error: }" ;;
	*) not_ok "runner: broken hunk for $t in $p: got '$msg'" ;;
	esac
	# The same patch first in the series: it changes a file not brought yet.
	cp "$LAB_TOP/patches/$p" "$tmp/$p"
	{ echo "$p"; grep -vxF "$p" "$LAB_TOP/patches/series"; } > "$tmp/series"
	msg=$(CIO_LAB_PATCHES=$tmp "$LAB_DIR/mktree.sh" 2>&1)
	case "$msg" in
	"cio-lab: error: patches/$p changes $t, a new file that "*" brings later")
		ok "runner: a change to a new file before it is brought is named" ;;
	*) not_ok "runner: $p first in the series: got '$msg'" ;;
	esac
	rm -rf "$tmp"
}

# One scenario; its one-line verdict goes to $2, its wall time to $2.secs.
# A nested scenario boots the L1 root with QEMU and L2's kernel inside.
run_scenario() {
	local initrd="$CIO_LAB_BUILD/initramfs.cpio.gz" start=$SECONDS
	grep -q '^nested' "$1" && initrd="$CIO_LAB_BUILD/initramfs-nested.cpio.gz"
	python3 "$LAB_DIR/run.py" --kernel "$CIO_LAB_BUILD/out-lab/arch/s390/boot/bzImage" \
		--initrd "$initrd" \
		--results "$LAB_TOP/results/$(basename "$1" .scn)" "$1" > "$2" 2>&1
	echo $((SECONDS - start)) > "$2.secs"
}

# scenario_wanted NAME FILE: in SCENARIOS when that is set; otherwise every
# scenario, but "long" ones only with CHECK_ALL.
scenario_wanted() {
	if [ -n "${SCENARIOS:-}" ]; then
		echo " $SCENARIOS " | grep -q " $1 "
	else
		[ -n "$CHECK_ALL" ] || ! grep -q '^long\b' "$2"
	fi
}

# The nested scenarios take longest (nested-path-fail about 6 minutes in
# a warm make check): when scenarios are
# checked, they start before every other check, in the background, in a
# lane that holds one of the $CIO_LAB_JOBS slots.
#
# The DASD scenarios ("machine hercules") start then too, one after another
# in a lane that takes another slot (a Hercules guest under I/O uses
# 0.7-0.9 of a CPU). CIO_LAB_DASD_LANES=N runs N lanes, together in one
# slot, each taking the next scenario not yet taken: for a machine with
# CPUs to spare (one lane of the five took 8 minutes in a make check).
#
# Once its own scenarios are done, the nested lane and the first DASD lane
# go on with the QEMU scenarios, while the other checks still run: a slot
# left empty until the last of them (16 minutes into a cold make check)
# was CPU time given away on a busy machine. check_scenarios runs what the
# lanes have not taken when a slot frees. A scenario runs once: mkdir in
# $claims is the claim.
#
# Within the slots and the lanes, scenarios start longest first, by their
# wall time in the previous run ($SCENARIO_SECS; those without one first):
# a long scenario started last would run on alone at the end.
bg_out=$(mktemp -d)
claims=$(mktemp -d)
dasd_lane_pids=
# Every scenario this run checks, in the order their verdicts are reported.
scenario_names=
# The QEMU scenarios, longest first.
qemu_scenarios=
SCENARIO_SECS="$CIO_LAB_BUILD/scenario-secs"
is_hercules() { grep -q '^machine hercules' "$1"; }

# longest_first FILE...: the scenario files, longest first.
longest_first() {
	local s name secs
	for s in "$@"; do
		name=$(basename "$s" .scn)
		secs=$(awk -v n="$name" '$1 == n {print $2}' "$SCENARIO_SECS" 2>/dev/null)
		printf '%s\t%s\n' "${secs:-999999}" "$s"
	done | sort -t "$(printf '\t')" -k1,1nr -k2,2 | cut -f2
}

# claim NAME: true for the one caller that takes NAME.
claim() {
	mkdir "$claims/$1" 2>/dev/null
}

# lane FILE...: run, one after another, each scenario not claimed yet.
lane() {
	local s name
	for s in "$@"; do
		name=$(basename "$s" .scn)
		claim "$name" || continue
		run_scenario "$s" "$bg_out/$name"
	done
}

start_background_scenarios() {
	local s name nested= dasd= qemu= i
	for s in "$LAB_DIR"/scenarios/*.scn; do
		name=$(basename "$s" .scn)
		scenario_wanted "$name" "$s" || continue
		if grep -q '^nested' "$s"; then
			nested="$nested $s"
		elif is_hercules "$s"; then
			dasd="$dasd $s"
		else
			qemu="$qemu $s"
		fi
	done
	[ -z "$qemu" ] || qemu_scenarios=$(longest_first $qemu)
	[ -z "$dasd" ] || dasd=$(longest_first $dasd)
	for s in $nested $dasd $qemu_scenarios; do
		scenario_names="$scenario_names $(basename "$s" .scn)"
	done
	[ -z "$nested" ] || lane $nested $qemu_scenarios &
	[ -n "$dasd" ] || return 0
	for i in $(seq "${CIO_LAB_DASD_LANES:-1}"); do
		if [ "$i" = 1 ]; then
			lane $dasd $qemu_scenarios &
		else
			lane $dasd &
		fi
		dasd_lane_pids="$dasd_lane_pids $!"
	done
}

# slots_busy: the guests running: each TCG guest (every background job but
# the DASD lanes) takes a slot, the DASD lanes together one while any runs.
# More guests than CPUs cost CPU time, not only wall time: a guest's timer
# ticks, its polls and Hercules' own timers run per wall-clock second, so
# a starved guest uses more CPU seconds for the same scenario (nested-path-
# fail: 250 with a CPU of its own, 868 with two guests per CPU).
slots_busy() {
	local p n dasd=0 not=(-e none)
	for p in $dasd_lane_pids; do
		not+=(-e "$p")
		kill -0 "$p" 2>/dev/null && dasd=1
	done
	n=$(jobs -rp | grep -cvxF "${not[@]}")
	echo $((n + dasd))
}

# Scenarios run $CIO_LAB_JOBS at a time (default: one per CPU; a TCG guest
# keeps one CPU busy), in the lanes and here; verdicts are reported in the
# order of scenario_names.
check_scenarios() {
	local s name msg jobs=${CIO_LAB_JOBS:-$(nproc)} secs
	for s in $qemu_scenarios; do
		name=$(basename "$s" .scn)
		[ -d "$claims/$name" ] && continue
		while [ "$(slots_busy)" -ge "$jobs" ]; do
			wait -n
		done
		claim "$name" || continue
		run_scenario "$s" "$bg_out/$name" &
	done
	case " $CHECKS " in
	*" runner "*)
		for s in "$LAB_DIR"/runner-tests/*.scn; do
			while [ "$(slots_busy)" -ge "$jobs" ]; do
				wait -n
			done
			run_runner_test "$s" "$runner_out/$(basename "$s" .scn)" &
		done ;;
	esac
	wait
	secs=$(mktemp)
	for name in $scenario_names; do
		msg=$(cat "$bg_out/$name" 2>/dev/null)
		check_secs=$(cat "$bg_out/$name.secs" 2>/dev/null)
		printf '%s %s\n' "$name" "${check_secs:-0}" >> "$secs"
		case "$msg" in
		PASS*) ok "scenario: ${msg#PASS }" ;;
		"") not_ok "scenario: $name: did not run (results/$name)" ;;
		*) not_ok "scenario: ${msg#FAIL } (results/$name)" ;;
		esac
	done
	# Keep the times of the scenarios not run this time (SCENARIOS=...).
	[ -f "$SCENARIO_SECS" ] && awk 'NR == FNR {seen[$1] = 1; next} !($1 in seen)' \
		"$secs" "$SCENARIO_SECS" >> "$secs"
	sort -o "$SCENARIO_SECS" "$secs"
	rm -rf "$secs" "$bg_out" "$claims"
}

# The failover report tool: it must build, and each of its tests (TAP lines
# from tests/run-tests.sh) counts as one check.
check_tools() {
	local dir="$LAB_TOP/tools/tracing/cio-failover" log="$LOGS/cio-failover-build.log" line
	if ! make -C "$dir" > "$log" 2>&1; then
		not_ok "tools: cio-failover does not build: $(grep -m1 -E 'error' "$log") (see $log)"
		return
	fi
	took "tools: cio-failover build"
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "tools: cio-failover: ${line#ok * - }" ;;
		"not ok "*) not_ok "tools: cio-failover: ${line#not ok * - }" ;;
		esac
	done < <(CIO_FAILOVER="$dir/cio-failover" "$dir/tests/run-tests.sh" 2>&1)
}

case " $CHECKS " in
*" scenarios "*) start_background_scenarios ;;
esac

for c in $CHECKS; do
	t_mark=$EPOCHREALTIME
	case "$c" in
	series) check_series ;;
	bisect) check_bisect ;;
	checkpatch) check_checkpatch ;;
	sparse) check_sparse ;;
	compile-out) check_compile_out ;;
	kerneldoc) check_kerneldoc ;;
	docs) check_docs ;;
	kunit) check_kunit ;;
	scenarios) check_scenarios ;;
	runner) check_runner ;;
	tools) check_tools ;;
	*) not_ok "unknown check '$c'" ;;
	esac
done

if [ "$failed" -gt 0 ]; then
	echo
	echo "failed:$failures"
fi
echo
echo "longest checks (s):"
sort -rn "$times" | head -n 5 | awk -F '\t' '{printf "  %5d  %s\n", $1, $2}'
# check_scenarios removes bg_out and claims; a run without it must too.
rm -rf "$times" "$runner_out" "$bg_out" "$claims"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
