# SPDX-License-Identifier: GPL-2.0
#
# Channel-path failover for KVM guests on IBM Z: build, lab, checks.
#
#   make lab          build everything, boot the lab, run the default scenario
#   make check        every test; last line "N passed, N failed"
#
# Build products live outside the clone, in $(CIO_LAB_BUILD) (default
# /var/tmp/cio-lab), so a second run is incremental; lab results go to
# ./results/<scenario>/.

CIO_LAB_BUILD ?= /var/tmp/cio-lab
export CIO_LAB_BUILD

LAB := tools/testing/cio-lab
VARIANT ?= lab
SCENARIO ?= path-failover
KERNEL_lab := $(CIO_LAB_BUILD)/out-lab/arch/s390/boot/bzImage
KERNEL_base := $(CIO_LAB_BUILD)/out-base/arch/s390/boot/bzImage
INITRAMFS := $(CIO_LAB_BUILD)/initramfs.cpio.gz
GUEST_FILES := $(wildcard $(LAB)/guest/* $(LAB)/scenarios/*.scn $(LAB)/runner-tests/*.scn $(LAB)/bench/*.scn \
	tools/testing/selftests/vfio-ccw/*.c) $(LAB)/mkinitramfs.sh

.PHONY: help deps kernel kernel-base initramfs lab check bench series \
	print-kernel clean distclean

help:
	@sed -n 's/^#   //p' Makefile
	@echo "  other targets: deps kernel kernel-base initramfs bench series print-kernel clean distclean"

deps:
	@$(LAB)/deps.sh

kernel: deps
	@$(LAB)/mktree.sh
	@$(LAB)/build-kernel.sh lab

kernel-base: deps
	@$(LAB)/mktree.sh
	@$(LAB)/build-kernel.sh base

initramfs: deps
	@$(LAB)/mktree.sh
	@$(MAKE) -s $(INITRAMFS)

$(INITRAMFS): $(GUEST_FILES)
	@$(LAB)/mkinitramfs.sh $@

lab: kernel initramfs
	@$(MAKE) -s -C tools/tracing/cio-failover
	@python3 $(LAB)/run.py --report --kernel $(KERNEL_lab) --initrd $(INITRAMFS) \
		--results results/$(SCENARIO) $(LAB)/scenarios/$(SCENARIO).scn

check: kernel initramfs
	@$(LAB)/check.sh

BENCH_SIZES ?= 16,64,128

bench: kernel kernel-base initramfs
	@python3 $(LAB)/bench.py --sizes $(BENCH_SIZES)

series: deps
	@$(LAB)/mktree.sh
	@python3 $(LAB)/series.py export $(or $(OUT),series)

print-kernel:
	@echo $(abspath $(KERNEL_$(VARIANT)))

clean:
	rm -rf $(CIO_LAB_BUILD)/out-* $(CIO_LAB_BUILD)/kunit $(CIO_LAB_BUILD)/cfg-* \
		$(CIO_LAB_BUILD)/stage $(CIO_LAB_BUILD)/initramfs* $(CIO_LAB_BUILD)/series \
		$(CIO_LAB_BUILD)/debroot results series

distclean: clean
	rm -rf $(CIO_LAB_BUILD)
