#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install what the lab needs from Debian's packages, enable the
# s390x architecture and download the s390x packages the guest's initramfs is
# made of. Does nothing (quickly) when everything is there already.
set -eu
. "$(dirname "$0")/lib.sh"

host_packages="make gcc git patch python3 perl xz-utils gcc-s390x-linux-gnu
qemu-system-misc libc6-dev-s390x-cross linux-source-6.12 sparse trace-cmd ccache bc flex bison
libelf-dev libssl-dev cpio libtracefs-dev libtraceevent-dev pkg-config
python3-sphinx python3-sphinx-rtd-theme python3-yaml libtracecmd-dev"
guest_packages="busybox-static s390-tools trace-cmd libc6 libtracefs1
libtraceevent1 libtraceevent1-plugin libzstd1 bash libtinfo6"
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

mkdir -p "$debs"
want=
for p in $guest_packages; do
	ls "$debs/${p}_"*_s390x.deb > /dev/null 2>&1 || want="$want $p:s390x"
done
if [ -n "$want" ]; then
	# apt-get download needs a package list that knows s390x.
	apt-cache show busybox-static:s390x > /dev/null 2>&1 || apt_update
	info "downloading s390x guest packages:$want"
	(cd "$debs" && apt-get download $want > "$LOGS/apt-download.log" 2>&1) || {
		apt_update
		(cd "$debs" && apt-get download $want > "$LOGS/apt-download.log" 2>&1) ||
			die "apt-get download failed: $(grep -m1 '^E: ' "$LOGS/apt-download.log") (see $LOGS/apt-download.log)"
	}
fi
exit 0
