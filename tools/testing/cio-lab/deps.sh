#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install what the lab needs from Debian's packages, enable the
# s390x architecture and download the s390x packages the guest's initramfs is
# made of. Does nothing (quickly) when everything is there already.
set -eu
. "$(dirname "$0")/lib.sh"

host_packages="make gcc git patch python3 perl xz-utils gcc-s390x-linux-gnu
qemu-system-misc qemu-system-data libc6-dev-s390x-cross linux-source-6.12 sparse trace-cmd ccache bc flex bison
libelf-dev libssl-dev cpio libtracefs-dev libtraceevent-dev pkg-config
python3-sphinx python3-sphinx-rtd-theme python3-yaml libtracecmd-dev hercules
qemu-user"
guest_packages="busybox-static s390-tools trace-cmd libc6 libtracefs1
libtraceevent1 libtraceevent1-plugin libzstd1 bash libtinfo6 findutils
libselinux1 libpcre2-8-0 libc-bin"
# hercules: the DASD lab's second machine (3390 volumes, dasdinit). GNU find
# (findutils and the libraries it needs): lsdasd uses find -printf, which
# busybox's find lacks. libc-bin: ldconfig (static), which qemu-user's
# qemu-s390x runs at build time to write the initramfs' ld.so.cache.
# The nested lab's L1 runs Debian's s390x QEMU: qemu-system-misc and the
# packages of the 42 shared libraries qemu-system-s390x needs (its NEEDED
# closure; libc6 and libzstd1 come with the guest packages). mkinitramfs.sh
# copies only the binary and those libraries, and names any that is missing.
nested_packages="qemu-system-misc zlib1g libaio1 libblkid1 libbpf1 libcapstone4
libelf1 libfdt1 libffi8 libfuse3-3 libgcc-s1 libglib2.0-0 libgmp10 libgnutls30
libhogweed6 libibverbs1 libidn2-0 libjpeg62-turbo libmount1 libnettle8
libnl-3-200 libnl-route-3-200 libnuma1 libp11-kit0 libpcre2-8-0 libpixman-1-0
libpng16-16 librdmacm1 libsasl2-2 libseccomp2 libselinux1 libslirp0 libtasn1-6
libunistring2 liburing2 libvdeplug2"
debs="$CIO_LAB_BUILD/debs"

[ "$(id -u)" -eq 0 ] || SUDO=sudo
SUDO=${SUDO:-}
updated=

apt_update() {
	[ -n "$updated" ] && return 0
	info "apt-get update"
	$SUDO apt-get update -q > "$LOGS/apt-update.log" 2>&1 ||
		die "apt-get update failed: $(tail -n 1 "$LOGS/apt-update.log") (see $LOGS/apt-update.log)"
	updated=1
}

missing=
for p in $host_packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt_update
	info "installing:$missing"
	if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
			$missing > "$LOGS/apt-install.log" 2>&1; then
		err=$(grep -m1 -E '^E: ' "$LOGS/apt-install.log" || tail -n 1 "$LOGS/apt-install.log")
		die "apt-get install failed: $err (see $LOGS/apt-install.log)"
	fi
fi

if ! dpkg --print-foreign-architectures | grep -qx s390x; then
	info "enabling the s390x architecture"
	$SUDO dpkg --add-architecture s390x
	updated=
	apt_update
fi

# download DIR PACKAGE...: the s390x packages not in DIR yet.
download() {
	local dir=$1 p want=
	shift
	mkdir -p "$dir"
	for p in "$@"; do
		ls "$dir/${p}_"*_s390x.deb > /dev/null 2>&1 || want="$want $p:s390x"
	done
	[ -n "$want" ] || return 0
	# apt-get download needs a package list that knows s390x.
	apt-cache show busybox-static:s390x > /dev/null 2>&1 || apt_update
	info "downloading s390x packages into $dir:$want"
	(cd "$dir" && apt-get download $want > "$LOGS/apt-download.log" 2>&1) || {
		apt_update
		(cd "$dir" && apt-get download $want > "$LOGS/apt-download.log" 2>&1) ||
			die "apt-get download failed: $(grep -m1 '^E: ' "$LOGS/apt-download.log") (see $LOGS/apt-download.log)"
	}
}

download "$debs" $guest_packages
download "$CIO_LAB_BUILD/debs-nested" $nested_packages
exit 0
