# SPDX-License-Identifier: GPL-2.0
# Shared settings for the cio-lab host scripts. Sourced, never run.

: "${CIO_LAB_BUILD:=/var/tmp/cio-lab}"
LAB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
LAB_DIR="$LAB_TOP/tools/testing/cio-lab"
# The series to apply; the runner's own tests point it at a broken copy.
: "${CIO_LAB_PATCHES:=$LAB_TOP/patches}"
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
BASE_TREE="$CIO_LAB_BUILD/linux-source-6.12"
PATCHED_TREE="$CIO_LAB_BUILD/linux"
CROSS=s390x-linux-gnu-
LOGS="$CIO_LAB_BUILD/logs"
mkdir -p "$CIO_LAB_BUILD" "$LOGS"

# die MESSAGE: the one line a user reads when something went wrong.
die() {
	printf 'cio-lab: error: %s\n' "$*" >&2
	exit 1
}

info() {
	printf 'cio-lab: %s\n' "$*" >&2
}

# Files the project adds to the kernel tree, as "repo-path kernel-path" pairs.
# The repository's top-level Kconfig is the project menu; in the kernel it
# lives as drivers/s390/cio/Kconfig (sourced from arch/s390/Kconfig by the
# series). Everything else keeps its path.
overlay_files() {
	(cd "$LAB_TOP" && git ls-files --cached --others --exclude-standard \
		Kconfig arch drivers include Documentation tools 2>/dev/null) |
	sort -u | while read -r f; do
		[ -f "$LAB_TOP/$f" ] || continue
		case "$f" in
		Kconfig) echo "$f drivers/s390/cio/Kconfig" ;;
		*) echo "$f $f" ;;
		esac
	done
}

series_patches() {
	[ -f "$CIO_LAB_PATCHES/series" ] || return 0
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$CIO_LAB_PATCHES/series"
}

# The project's Kconfig symbols: those of its new Kconfig files (the menu,
# the top-level Kconfig, and drivers/s390/cio/tests/Kconfig) and those the
# series adds to upstream Kconfig files (CIO_PATH_INJECT sits beside
# CIO_INJECT in arch/s390/Kconfig.debug).
project_options() {
	{
		overlay_files | while read -r f _; do
			case "$f" in
			Kconfig|*/Kconfig) sed -n 's/^config \([A-Z0-9_]*\)$/\1/p' "$LAB_TOP/$f" ;;
			esac
		done
		series_patches | while read -r p; do
			sed -n 's/^+config \([A-Z0-9_]*\)$/\1/p' "$CIO_LAB_PATCHES/$p"
		done
	} | sort -u
}

# Kernel files a patch changes (the b/ side of its diffs).
patch_targets() {
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1"
}

# kmake SRC OUT ARGS...: kbuild of SRC for s390x into OUT, through ccache
# (KMAKE_CCACHE=0: without it, as build-kernel.sh builds the kernels).
kmake() {
	local src=$1 out=$2 path=$PATH
	shift 2
	# ccache under the compiler's own name (its masquerade mode: a link
	# ${CROSS}gcc -> ccache first in PATH) rather than CC="ccache ...":
	# kbuild's command lines are the same with and without it, so an
	# output directory that starts as a copy of the lab kernel's
	# (seed_out) rebuilds only what differs.
	if [ "${KMAKE_CCACHE:-1}" = 1 ]; then
		# Made once: the bisect runs two kmakes side by side.
		[ -L "$CIO_LAB_BUILD/ccache-bin/${CROSS}gcc" ] || {
			mkdir -p "$CIO_LAB_BUILD/ccache-bin"
			ln -sfn "$(command -v ccache)" "$CIO_LAB_BUILD/ccache-bin/${CROSS}gcc"
		}
		path="$CIO_LAB_BUILD/ccache-bin:$PATH"
	fi
	# Paths below the build root become relative, so ccache hits are shared
	# between build roots (a second clone, a developer's own build dir) and
	# between trees at the same depth: the bisect's copy of the base,
	# bisect/linux, builds from bisect/out-noopt its last commit, which the
	# compile-out check builds from out-noopt in the patched tree, linux.
	# arch/s390's -Wa,-I<absolute srctree> is left out
	# of the key because base_dir does not rewrite it: it only tells the
	# assembler where inline asm's .include finds asm/*-insn*.h, files that
	# ccache never hashes, whatever the path (check_bisect makes sure the
	# series does not change them).
	# Depend mode: on a miss ccache keys the result by the headers the
	# compiler's own dependency output names (kbuild always passes
	# -Wp,-MMD) instead of running the preprocessor first: drivers/s390/
	# from an empty cache took 64 CPU s so, 75-89 in ccache's default mode,
	# 52 without ccache. A hit needs the same headers, autoconf.h among
	# them, so each config has entries of its own.
	PATH=$path CCACHE_BASEDIR=$CIO_LAB_BUILD CCACHE_IGNOREOPTIONS='-Wa,-I*' CCACHE_DEPEND=1 \
	make -C "$src" O="$out" ARCH=s390 CROSS_COMPILE=$CROSS \
		CC="${CROSS}gcc" \
		KBUILD_BUILD_TIMESTAMP='2024-01-01' KBUILD_BUILD_USER=cio-lab \
		KBUILD_BUILD_HOST=cio-lab -j"$(nproc)" "$@"
}

# seed_out OUT [FROM]: an output directory with no configuration yet starts
# as a copy of FROM (default: the lab kernel's), built from the same tree
# with the same compiler command lines: kbuild then rebuilds what another
# configuration or other flags change, instead of scripts/, prepare and
# every object from nothing.
seed_out() {
	local from=${2:-$CIO_LAB_BUILD/out-lab}
	[ ! -f "$1/.config" ] && [ -f "$from/.config" ] || return 0
	rm -rf "$1"
	cp -a "$from" "$1"
}
