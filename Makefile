# SPDX-License-Identifier: GPL-2.0
#
# Channel-path failover for KVM guests on IBM Z: build, lab, checks.
#
#   make lab          build everything, boot the lab, run the default scenario
#   make check        every test; last line "N passed, N failed"
#   make check-all    make check plus the long scenarios (header "long")
#   make lab-nested   the same with our host kernel, Debian's QEMU and vfio-ccw,
#                     and our guest kernel nested inside (scenario nested-failover)
#   make lab-dasd     the lab kernel under Hercules with real 3390 DASD
#                     (scenario dasd-failover; DASD_SCENARIO=name for another)
#
# Build products live outside the clone, in $(CIO_LAB_BUILD) (default
# /var/tmp/cio-lab), so a second run is incremental; lab results go to
# ./results/<scenario>/.

CIO_LAB_BUILD ?= /var/tmp/cio-lab
export CIO_LAB_BUILD

# Everything the lab runs comes from Debian's packages (make deps): Debian's
# python3 (with python3-yaml and Sphinx), QEMU and tools come first, before
# what PATH finds elsewhere (a pyenv shim costs 0.3 s a python3 call).
export PATH := /usr/bin:/bin:$(PATH)

LAB := tools/testing/cio-lab
VARIANT ?= lab
SCENARIO ?= path-failover
KERNEL_lab := $(CIO_LAB_BUILD)/out-lab/arch/s390/boot/bzImage
KERNEL_base := $(CIO_LAB_BUILD)/out-base/arch/s390/boot/bzImage
KERNEL_guest := $(CIO_LAB_BUILD)/out-guest/arch/s390/boot/bzImage
INITRAMFS := $(CIO_LAB_BUILD)/initramfs.cpio.gz
INITRAMFS_NESTED := $(CIO_LAB_BUILD)/initramfs-nested.cpio.gz
NESTED_SCENARIO ?= nested-failover
DASD_SCENARIO ?= dasd-failover
# MACHINE=qemu|hercules overrides the scenario's own "machine" line.
MACHINE ?=
GUEST_FILES := $(wildcard $(LAB)/guest/* $(LAB)/scenarios/*.scn $(LAB)/runner-tests/*.scn $(LAB)/bench/*.scn \
	tools/testing/selftests/vfio-ccw/*.c) $(LAB)/mkinitramfs.sh

.PHONY: help deps kernel kernel-base kernel-guest initramfs lab lab-nested lab-dasd check check-all \
	bench soak series print-kernel clean distclean

help:
	@sed -n 's/^#   //p' Makefile
	@echo "  other targets: deps kernel kernel-base kernel-guest initramfs bench soak series print-kernel clean distclean"

deps:
	@$(LAB)/deps.sh

kernel: deps
	@$(LAB)/mktree.sh
	@$(LAB)/build-kernel.sh lab

kernel-base: deps
	@$(LAB)/mktree.sh
	@$(LAB)/build-kernel.sh base

# The nested lab's L2: the patched kernel without the debug options.
kernel-guest: deps
	@$(LAB)/mktree.sh
	@$(LAB)/build-kernel.sh guest

initramfs: deps
	@$(LAB)/mktree.sh
	@$(MAKE) -s $(INITRAMFS)

$(INITRAMFS): $(GUEST_FILES)
	@$(LAB)/mkinitramfs.sh $@

# L1 of the nested lab: the lab root plus QEMU, with L2's kernel and initramfs.
$(INITRAMFS_NESTED): $(INITRAMFS) $(KERNEL_guest)
	@$(LAB)/mkinitramfs.sh $@ --nested $(KERNEL_guest) $(INITRAMFS)

lab: kernel initramfs
	@$(MAKE) -s -C tools/tracing/cio-failover
	@python3 $(LAB)/run.py --report --kernel $(KERNEL_lab) --initrd $(INITRAMFS) \
		$(if $(MACHINE),--machine $(MACHINE)) \
		--results results/$(SCENARIO) $(LAB)/scenarios/$(SCENARIO).scn

lab-dasd: kernel initramfs
	@$(MAKE) -s -C tools/tracing/cio-failover
	@python3 $(LAB)/run.py --report --kernel $(KERNEL_lab) --initrd $(INITRAMFS) \
		--machine hercules \
		--results results/$(DASD_SCENARIO) $(LAB)/scenarios/$(DASD_SCENARIO).scn

lab-nested: kernel kernel-guest initramfs
	@$(MAKE) -s $(INITRAMFS_NESTED)
	@$(MAKE) -s -C tools/tracing/cio-failover
	@python3 $(LAB)/run.py --report --kernel $(KERNEL_lab) --initrd $(INITRAMFS_NESTED) \
		--results results/$(NESTED_SCENARIO) $(LAB)/scenarios/$(NESTED_SCENARIO).scn

check: kernel kernel-guest initramfs
	@$(MAKE) -s $(INITRAMFS_NESTED)
	@$(LAB)/check.sh

check-all: kernel kernel-guest initramfs
	@$(MAKE) -s $(INITRAMFS_NESTED)
	@CHECK_ALL=1 $(LAB)/check.sh

BENCH_SIZES ?= 16,64,128

bench: kernel kernel-base initramfs
	@python3 $(LAB)/bench.py --sizes $(BENCH_SIZES)

# A path-chaos run of any size: make soak SEED=N OPS=N [COALESCE=0]
# [MACHINE=hercules] (DASD); the fuzzers: make soak FUZZ=crw|injector|all
# SEED=N COUNT=N MINUTES=N
soak: kernel initramfs
	@SEED=$(SEED) OPS=$(OPS) COALESCE=$(COALESCE) MACHINE=$(MACHINE) FUZZ=$(FUZZ) \
		COUNT=$(COUNT) MINUTES=$(MINUTES) $(LAB)/soak.sh

series: deps
	@$(LAB)/mktree.sh
	@python3 $(LAB)/series.py export $(or $(OUT),series)

print-kernel:
	@echo $(abspath $(KERNEL_$(VARIANT)))

clean:
	rm -rf $(CIO_LAB_BUILD)/out-* $(CIO_LAB_BUILD)/cfg-* \
		$(CIO_LAB_BUILD)/stage $(CIO_LAB_BUILD)/initramfs* $(CIO_LAB_BUILD)/series \
		$(CIO_LAB_BUILD)/debroot* results series

distclean: clean
	rm -rf $(CIO_LAB_BUILD)
