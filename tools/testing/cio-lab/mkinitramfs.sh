#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUTPUT: the lab guest's initramfs, from Debian's s390x
# packages (downloaded by 'make deps' into $CIO_LAB_BUILD/debs) plus the lab's
# guest scripts and scenarios. Only the tools the lab uses and the shared
# libraries they need are copied, so the archive stays small and boots fast.
#
# mkinitramfs.sh OUTPUT --nested L2_KERNEL L2_INITRAMFS: the nested lab's L1
# root: the same, plus Debian's s390x qemu-system-s390x (from debs-nested)
# and the kernel and initramfs L1 boots as its guest L2 (in /lab/l2/).
set -eu
. "$(dirname "$0")/lib.sh"

usage="usage: mkinitramfs.sh OUTPUT [--nested L2_KERNEL L2_INITRAMFS]"
output=${1:?$usage}
debs="$CIO_LAB_BUILD/debs"
pkgroot="$CIO_LAB_BUILD/debroot"
root="$CIO_LAB_BUILD/initramfs-root"
tools="bin/busybox bin/bash sbin/lscss sbin/lschp sbin/chchp sbin/chccwdev
sbin/lsdasd sbin/dasdfmt usr/bin/find usr/bin/trace-cmd"
nested=
if [ $# -gt 1 ]; then
	[ "$2" = --nested ] && [ $# -eq 4 ] || die "$usage"
	nested=1
	l2_kernel=$3
	l2_initrd=$4
	[ -f "$l2_kernel" ] || die "L2 kernel $l2_kernel does not exist: run 'make kernel-guest'"
	[ -f "$l2_initrd" ] || die "L2 initramfs $l2_initrd does not exist: run 'make initramfs'"
	pkgroot="$CIO_LAB_BUILD/debroot-nested"
	root="$CIO_LAB_BUILD/initramfs-nested-root"
	tools="$tools usr/bin/qemu-system-s390x"
fi

ls "$debs"/*.deb > /dev/null 2>&1 || die "no s390x packages in $debs: run 'make deps'"
rm -rf "$pkgroot" "$root"
mkdir -p "$pkgroot"
for d in "$debs"/*.deb ${nested:+"$CIO_LAB_BUILD"/debs-nested/*.deb}; do
	[ -f "$d" ] || die "no s390x packages for the nested lab in $CIO_LAB_BUILD/debs-nested: run 'make deps'"
	dpkg-deb -x "$d" "$pkgroot" || die "cannot unpack $d"
done

mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,mnt,results,lib,usr/bin,usr/sbin,usr/lib}

copy() {
	local f=$1
	[ -e "$root/$f" ] && return 0
	mkdir -p "$root/$(dirname "$f")"
	cp -a "$pkgroot/$f" "$root/$f"
	if [ -L "$pkgroot/$f" ]; then
		local t
		t=$(readlink "$pkgroot/$f")
		case "$t" in
		/*) copy "${t#/}" ;;
		*) copy "$(dirname "$f")/$t" ;;
		esac
	fi
}

find_lib() {
	local d
	for d in lib/s390x-linux-gnu usr/lib/s390x-linux-gnu lib usr/lib; do
		if [ -e "$pkgroot/$d/$1" ]; then
			echo "$d/$1"
			return 0
		fi
	done
	return 1
}

# ld_cache ROOT: write ROOT/etc/ld.so.cache for the libraries in ROOT.
ld_cache() {
	command -v qemu-s390x > /dev/null || die "qemu-s390x is missing: run 'make deps' (package qemu-user)"
	rm -f "$1/etc/ld.so.cache"
	qemu-s390x "$pkgroot/sbin/ldconfig" -X -r "$1" > "$LOGS/ldconfig.log" 2>&1 &&
		[ -s "$1/etc/ld.so.cache" ] ||
		die "ldconfig for $1 failed: $(head -n 1 "$LOGS/ldconfig.log") (see $LOGS/ldconfig.log)"
}

# Copy a binary and, recursively, the shared libraries it needs.
copy_with_libs() {
	local f=$1 lib path
	copy "$f"
	for lib in $(${CROSS}readelf -d "$pkgroot/$f" 2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		path=$(find_lib "$lib") || die "$f needs $lib, which no downloaded package provides"
		[ -e "$root/$path" ] || copy_with_libs "$path"
	done
}

for t in $tools; do
	[ -e "$pkgroot/$t" ] || die "$t is not in the downloaded packages ($debs)"
	copy_with_libs "$t"
done
copy lib/ld64.so.1
# ld.so.cache: without it the dynamic loader probes every library
# directory and its glibc-hwcaps subdirectories for each library, 94% of a
# dynamic binary's start under TCG (lscss 0.6 s, qemu-system-s390x's 42
# libraries far more). Debian's s390x ldconfig is static: qemu-user runs it
# here, on the root (-r), rather than the guest at every boot, which cost
# 0.75 s under TCG and 60-90 s in the nested lab's L2.
printf '/lib/s390x-linux-gnu\n/usr/lib/s390x-linux-gnu\n' > "$root/etc/ld.so.conf"
if [ -d "$pkgroot/usr/lib/s390x-linux-gnu/traceevent/plugins" ]; then
	for p in "$pkgroot"/usr/lib/s390x-linux-gnu/traceevent/plugins/*.so; do
		copy_with_libs "usr/lib/s390x-linux-gnu/traceevent/plugins/$(basename "$p")"
	done
fi

# busybox provides the rest of the userland.
for applet in $(sed -e 's/#.*//' "$LAB_DIR/guest/applets"); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"

# The project's uAPI tests, static so they need nothing from the root.
mkdir -p "$root/lab/bin"
for t in vfio-ccw/vfio_ccw_test; do
	src="$PATCHED_TREE/tools/testing/selftests/$t.c"
	[ -f "$src" ] || die "$src is missing: run 'make kernel' first"
	${CROSS}gcc -static -O2 -Wall -o "$root/lab/bin/${t##*/}" "$src" \
		> "$LOGS/selftest-build.log" 2>&1 ||
		die "cannot build $t: $(grep -m1 error "$LOGS/selftest-build.log")"
done

# The lab's fuzzers (crw-fuzz, injector-fuzz, the CRW storm).
${CROSS}gcc -static -O2 -Wall -o "$root/lab/bin/cio_fuzz" "$LAB_DIR/guest/cio_fuzz.c" \
	> "$LOGS/cio-fuzz-build.log" 2>&1 ||
	die "cannot build guest/cio_fuzz.c: $(grep -m1 error "$LOGS/cio-fuzz-build.log")"

mkdir -p "$root/lab/scenarios"
cp "$LAB_DIR/guest/init" "$root/init"
cp "$LAB_DIR/guest/labsh" "$root/lab/labsh"
chmod +x "$root/init" "$root/lab/labsh"
cp "$LAB_DIR"/scenarios/*.scn "$LAB_DIR"/runner-tests/*.scn "$LAB_DIR"/bench/*.scn "$root/lab/scenarios/"
if [ -n "$nested" ]; then
	# QEMU loads its s390-ccw firmware even with -kernel; the image is
	# architecture-independent (qemu-system-data, installed with
	# qemu-system-misc on the lab host).
	fw=/usr/share/qemu/s390-ccw.img
	[ -f $fw ] || die "$fw is missing: run 'make deps' (package qemu-system-data)"
	mkdir -p "$root/usr/share/qemu" "$root/lab/l2"
	cp $fw "$root/usr/share/qemu/"
	cp "$l2_kernel" "$root/lab/l2/bzImage"
	# Uncompressed: under nested TCG L2's kernel took over a minute to
	# gunzip its initramfs (L1's archive is compressed anyway). Even
	# uncompressed, unpacking cost L2 some 17 s a MB (1.7-3.7 s since
	# L1's wait for L2 stopped starting programs every second), so L2's
	# root is the lab's without what agent mode never runs (bash, lsdasd,
	# find, the fuzzers, the uAPI test, the scenario files): 10.6 -> 6 MB.
	l2root="$CIO_LAB_BUILD/initramfs-l2-root"
	rm -rf "$l2root"
	mkdir -p "$l2root"
	gzip -dc "$l2_initrd" | (cd "$l2root" && cpio --quiet -id) ||
		die "cannot unpack $l2_initrd"
	(cd "$l2root" && rm -rf bin/bash sbin/lsdasd sbin/chccwdev sbin/dasdfmt usr/bin/find \
		lab/bin lab/scenarios lib/s390x-linux-gnu/libtinfo.so.6* \
		lib/s390x-linux-gnu/libselinux.so.1 lib/s390x-linux-gnu/libm.so.6 \
		usr/lib/s390x-linux-gnu/libpcre2-8.so.0*)
	# Every binary left must still find its libraries.
	for f in $(find "$l2root" -type f -perm -u+x) "$l2root"/usr/lib/s390x-linux-gnu/*.so.*; do
		for lib in $(${CROSS}readelf -d "$f" 2>/dev/null |
				sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			[ -e "$l2root/lib/s390x-linux-gnu/$lib" ] ||
				[ -e "$l2root/usr/lib/s390x-linux-gnu/$lib" ] ||
				die "L2's root: ${f#"$l2root"/} needs $lib, which was left out"
		done
	done
	ld_cache "$l2root"
	(cd "$l2root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) \
		> "$root/lab/l2/initramfs.cpio" || die "cannot write L2's initramfs"
fi

ld_cache "$root"
(cd "$root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
	gzip -6 > "$output.tmp" || die "cannot write $output"
mv "$output.tmp" "$output"
