#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make soak [SEED=N] [OPS=N] [COALESCE=0|1] [MACHINE=hercules]: one
# path-chaos run of any size (chaos.py), on the lab kernel and initramfs;
# MACHINE=hercules runs it on DASD. The generated scenario joins
# the initramfs as a second cpio archive; results go to results/path-soak/.
set -e
. "$(dirname "$0")/lib.sh"

seed=${SEED:-$RANDOM}
ops=${OPS:-1000}
coalesce=${COALESCE:-1}
machine=${MACHINE:-qemu}
kernel="$CIO_LAB_BUILD/out-lab/arch/s390/boot/bzImage"
initrd="$CIO_LAB_BUILD/initramfs.cpio.gz"
dir="$CIO_LAB_BUILD/soak"

[ -f "$kernel" ] || die "no lab kernel: run make kernel"
[ -f "$initrd" ] || die "no initramfs: run make initramfs"
rm -rf "$dir"
mkdir -p "$dir/root/lab/scenarios"
python3 "$LAB_DIR/chaos.py" --seed "$seed" --ops "$ops" --coalesce "$coalesce" \
	--machine "$machine" > "$dir/root/lab/scenarios/path-soak.scn"
(cd "$dir/root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
	gzip -1 > "$dir/soak.cpio.gz"
cat "$initrd" "$dir/soak.cpio.gz" > "$dir/initramfs.cpio.gz"
info "soak: seed $seed, $ops operations, coalescing $coalesce, machine $machine"
python3 "$LAB_DIR/run.py" --report --kernel "$kernel" --initrd "$dir/initramfs.cpio.gz" \
	--results "$LAB_TOP/results/path-soak" "$dir/root/lab/scenarios/path-soak.scn"
