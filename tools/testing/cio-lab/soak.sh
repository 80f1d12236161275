#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make soak [SEED=N] [OPS=N] [COALESCE=0|1] [MACHINE=hercules]: one
# path-chaos run of any size (chaos.py), on the lab kernel and initramfs;
# MACHINE=hercules runs it on DASD.
#
# make soak FUZZ=crw|injector|all [SEED=N] [COUNT=N] [MINUTES=N]: the
# fuzzers instead (COUNT or MINUTES alone choose them too, FUZZ=all): batches
# of COUNT CRWs (crw-fuzz) or injector command lines (injector-fuzz) from
# SEED, the invariants after each, until MINUTES have passed (all: two
# thirds for the CRW fuzzer, one third for the injector's); prints what was
# tried, the batches, the invariants checked and the failures.
#
# The generated scenario joins the initramfs as a second cpio archive;
# results go to results/path-soak/ or results/fuzz-soak/.
set -e
. "$(dirname "$0")/lib.sh"

seed=${SEED:-$RANDOM}
kernel="$CIO_LAB_BUILD/out-lab/arch/s390/boot/bzImage"
initrd="$CIO_LAB_BUILD/initramfs.cpio.gz"
dir="$CIO_LAB_BUILD/soak"
fuzz=${FUZZ:-}
[ -z "$fuzz" ] && { [ -n "${COUNT:-}" ] || [ -n "${MINUTES:-}" ]; } && fuzz=all

[ -f "$kernel" ] || die "no lab kernel: run make kernel"
[ -f "$initrd" ] || die "no initramfs: run make initramfs"
rm -rf "$dir"
mkdir -p "$dir/root/lab/scenarios"
if [ -z "$fuzz" ]; then
	ops=${OPS:-1000}
	coalesce=${COALESCE:-1}
	name=path-soak
	machine=${MACHINE:-qemu}
	python3 "$LAB_DIR/chaos.py" --seed "$seed" --ops "$ops" --coalesce "$coalesce" \
		--machine "$machine" > "$dir/root/lab/scenarios/$name.scn"
	info "soak: seed $seed, $ops operations, coalescing $coalesce, machine $machine"
else
	count=${COUNT:-250}
	minutes=${MINUTES:-10}
	case "$fuzz" in
	crw) steps="crw-fuzz $seed ${minutes}m $count" ;;
	injector) steps="injector-fuzz $seed ${minutes}m $count" ;;
	all) steps="crw-fuzz $seed $((minutes * 2 / 3 + 1))m $count
injector-fuzz $seed $((minutes / 3 + 1))m $count" ;;
	*) die "FUZZ must be crw, injector or all, not '$fuzz'" ;;
	esac
	name=fuzz-soak
	# The guest's limit counts QEMU's CPU seconds; the fuzz steps stop
	# starting batches once MINUTES have passed.
	cat > "$dir/root/lab/scenarios/$name.scn" <<SCN
# Fuzz soak: $fuzz, seed $seed, batches of $count, $minutes minutes
devices 2
timeout $((minutes * 60 * 2 + 900))
attach-all 00,01,02,03
settle
wait-until 60 paths 0.0.0000=f0/f0 0.0.0001=f0/f0
io start
$steps
io stop
io check
SCN
	info "soak: fuzzers ($fuzz), seed $seed, batches of $count, $minutes minutes"
fi
(cd "$dir/root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
	gzip -1 > "$dir/soak.cpio.gz"
cat "$initrd" "$dir/soak.cpio.gz" > "$dir/initramfs.cpio.gz"
rc=0
python3 "$LAB_DIR/run.py" --report --kernel "$kernel" --initrd "$dir/initramfs.cpio.gz" \
	--results "$LAB_TOP/results/$name" "$dir/root/lab/scenarios/$name.scn" || rc=$?
if [ -n "$fuzz" ]; then
	# One line per fuzzer from the guest; a failed batch leaves none.
	summary="$LAB_TOP/results/$name/fuzz-summary.txt"
	awk -v rc=$rc '
		{ tried += $5; batches += $7; checks += $9; printf "soak: %s\n", $0 }
		END {
			printf "soak: %d tried, %d batches, %d invariants checked, %d failures\n",
				tried, batches, checks, rc ? 1 : 0
		}' "$summary" 2>/dev/null || echo "soak: no summary from the guest, 1 failure"
fi
exit $rc
