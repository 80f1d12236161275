#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh lab|base|guest: configure and build an s390x bzImage.
#   lab   the patched tree (mktree.sh), output in $CIO_LAB_BUILD/out-lab
#   base  the pristine base with the same config fragments, for benchmarks
#   guest the patched tree without the debug fragment: the nested lab's L2,
#         where lockdep and kmemleak under nested TCG make a boot take many
#         minutes (L1, the host, runs the debug kernel)
# The config is tinyconfig plus the fragments in arch/s390/configs/; it is
# rewritten only when its content changes, so rebuilds stay incremental.
set -eu
. "$(dirname "$0")/lib.sh"

variant=${1:-lab}
case "$variant" in
lab|guest) src=$PATCHED_TREE ;;
base) src=$BASE_TREE ;;
*) die "unknown kernel variant '$variant' (lab, base or guest)" ;;
esac
out="$CIO_LAB_BUILD/out-$variant"
log="$LOGS/kernel-$variant.log"
fragments="$LAB_TOP/arch/s390/configs/cio_lab.config"
[ "$variant" = guest ] || fragments="$fragments $LAB_TOP/arch/s390/configs/cio_lab_debug.config"
[ -f "$src/Makefile" ] || die "$src is missing: run 'make kernel'"
command -v "${CROSS}gcc" >/dev/null || die "${CROSS}gcc is missing: run 'make deps'"
mkdir -p "$out"

# Config: built in a scratch directory, installed only when it differs.
cfgdir="$CIO_LAB_BUILD/cfg-$variant"
rm -rf "$cfgdir"
mkdir -p "$cfgdir"
{
	kmake "$src" "$cfgdir" tinyconfig &&
	(cd "$cfgdir" && "$src/scripts/kconfig/merge_config.sh" -m -O "$cfgdir" \
		"$cfgdir/.config" $fragments) &&
	kmake "$src" "$cfgdir" olddefconfig
} > "$log" 2>&1 || die "kernel config for '$variant' failed (see $log)"

# Every fragment line must have survived olddefconfig, except the project's
# own symbols in the base kernel, which does not have them.
missing=$(cat $fragments | sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=\(.*\)/\1=\2/p' | while IFS== read -r sym val; do
	case "$val" in
	n) grep -q "^$sym=" "$cfgdir/.config" && echo "$sym" ;;
	*) grep -qx "$sym=$val" "$cfgdir/.config" || echo "$sym" ;;
	esac
done)
if [ "$variant" = base ]; then
	opts=" $(project_options | tr '\n' ' ') "
	missing=$(for s in $missing; do
		case "$opts" in *" ${s#CONFIG_} "*) ;; *) echo "$s" ;; esac
	done)
fi
[ -z "$missing" ] || die "config fragment options not accepted by the '$variant' kernel: $(echo $missing)"
cmp -s "$cfgdir/.config" "$out/.config" || cp "$cfgdir/.config" "$out/.config"

info "building the $variant kernel (log: $log)"
# Without ccache: the kernels build incrementally in their own output
# directory, which keeps them between runs; ccache would only add its
# cost to a build from scratch (drivers/s390/: 52 CPU s plain, 64 through
# ccache in depend mode, 75-89 in its default mode; two kernels on a cold
# machine). The bisect, sparse and compile-out builds, which compile the
# same sources again and again, keep it.
if ! KMAKE_CCACHE=0 kmake "$src" "$out" bzImage >> "$log" 2>&1; then
	err=$(grep -m1 -E 'error:|Error [0-9]|undefined reference' "$log" || tail -n 1 "$log")
	die "kernel build ($variant) failed: $err (full log: $log)"
fi
ls "$out/arch/s390/boot/bzImage" > /dev/null
