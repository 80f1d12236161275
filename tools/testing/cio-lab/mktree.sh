#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the patched kernel tree: the pristine base from Debian's
# linux-source-6.12, the project's new files, then patches/series (which
# may change new files too: series.py unwind).
#
# The patched tree is kept between runs and only files whose content changes
# are rewritten, so kbuild rebuilds what the change touched and nothing else.
set -eu
. "$(dirname "$0")/lib.sh"

ensure_base() {
	local stamp="$CIO_LAB_BUILD/.base-stamp" want
	[ -r "$BASE_TARBALL" ] || die "$BASE_TARBALL is missing: run 'make deps' (package linux-source-6.12)"
	want=$(stat -c '%s %Y' "$BASE_TARBALL")
	if [ -f "$BASE_TREE/Makefile" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		return 0
	fi
	info "unpacking $BASE_TARBALL"
	rm -rf "$BASE_TREE" "$PATCHED_TREE" "$CIO_LAB_BUILD/.tree-manifest"
	tar -C "$CIO_LAB_BUILD" -xJf "$BASE_TARBALL" || die "cannot unpack $BASE_TARBALL"
	[ -f "$BASE_TREE/Makefile" ] || die "$BASE_TARBALL did not unpack to $BASE_TREE"
	echo "$want" > "$stamp"
}

# Apply the series to a staging copy of only the files it touches, so a
# failing hunk is reported before the real tree is modified.
stage_tree() {
	local stage=$1 p f out
	rm -rf "$stage"
	mkdir -p "$stage"
	while read -r p; do
		[ -f "$CIO_LAB_PATCHES/$p" ] || die "patches/series names $p, which does not exist"
		for f in $(patch_targets "$CIO_LAB_PATCHES/$p"); do
			[ -e "$stage/$f" ] && continue
			if [ -f "$BASE_TREE/$f" ]; then
				mkdir -p "$stage/$(dirname "$f")"
				cp -p "$BASE_TREE/$f" "$stage/$f"
			fi
		done
	done < <(series_patches)
	while read -r src dst; do
		mkdir -p "$stage/$(dirname "$dst")"
		cp -p "$LAB_TOP/$src" "$stage/$dst"
	done < <(overlay_files)
	# A new file that later patches change goes in as the patch that
	# brings it has it; the series below brings it to the project's version.
	python3 "$LAB_DIR/series.py" unwind "$stage" || exit 1
	while read -r p; do
		if ! out=$(patch -d "$stage" -p1 --fuzz=0 --no-backup-if-mismatch \
				-r - < "$CIO_LAB_PATCHES/$p" 2>&1); then
			f=$(printf '%s\n' "$out" | awk '/^patching file/ {file=$3} /FAILED|malformed|can.t find file/ {print file ": " $0; exit}')
			die "patches/$p does not apply to the base: ${f:-$(printf '%s' "$out" | tail -n 1)}"
		fi
	done < <(series_patches)
}

sync_tree() {
	local stage=$1 manifest="$CIO_LAB_BUILD/.tree-manifest" f n=0
	local new="$manifest.new"
	(cd "$stage" && find . -type f | sed 's|^\./||' | sort) > "$new"
	while read -r f; do
		if ! cmp -s "$stage/$f" "$PATCHED_TREE/$f"; then
			mkdir -p "$PATCHED_TREE/$(dirname "$f")"
			cp "$stage/$f" "$PATCHED_TREE/$f"
			n=$((n + 1))
		fi
	done < "$new"
	# Files the project no longer touches go back to the base (or away).
	if [ -f "$manifest" ]; then
		comm -23 "$manifest" "$new" | while read -r f; do
			if [ -f "$BASE_TREE/$f" ]; then
				cp "$BASE_TREE/$f" "$PATCHED_TREE/$f"
			else
				rm -f "$PATCHED_TREE/$f"
			fi
		done
	fi
	mv "$new" "$manifest"
	[ "$n" -eq 0 ] || info "patched tree: $n file(s) updated"
}

ensure_base
stage_tree "$CIO_LAB_BUILD/stage"
if [ ! -f "$PATCHED_TREE/Makefile" ]; then
	info "creating the patched tree"
	rm -rf "$PATCHED_TREE" "$CIO_LAB_BUILD/.tree-manifest"
	cp -a "$BASE_TREE" "$PATCHED_TREE"
fi
sync_tree "$CIO_LAB_BUILD/stage"
