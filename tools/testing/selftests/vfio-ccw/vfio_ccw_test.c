// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw uAPI tests: the device regions a VMM uses to learn about channel
 * paths, read through the VFIO container API as QEMU does, and the CRW
 * forwarding contract of Documentation/arch/s390/path-failover.rst.
 *
 * The subchannel to use is VFIO_CCW_SCH (default 0.0.0001); it must be an I/O
 * subchannel whose device is not in use. The test binds it to vfio_ccw and
 * creates an mdev if that was not done yet, and leaves both in place.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "../kselftest_harness.h"

#define MDEV_UUID	"c10ccc00-0000-4000-8000-00000000cc01"
#define PATH_INJECT	"/sys/kernel/debug/s390/cio/path_inject"
#define ENABLE_INJECT	"/sys/kernel/debug/s390/cio/enable_inject"
#define CRW_INJECT	"/sys/kernel/debug/s390/cio/crw_inject"
#define CIO_SETTLE	"/proc/cio_settle"
#define CHP_STATUS	"/sys/devices/css0/chp0.%02x/status"

/* Channel report words as the CRW region returns them (rsc 4: channel path). */
#define CRW_OFLW		0x20000000u
#define CRW_PATH_GONE(chpid)	(0x04060000u | (chpid))	/* erc 6: PERRN */
#define CRW_PATH_CAME(chpid)	(0x04020000u | (chpid))	/* erc 2: INIT */
/* The documented queue size of one mdev (VFIO_CCW_CRW_QUEUE_MAX). */
#define CRW_QUEUE_MAX		32

/* I/O region layout (struct ccw_io_region) and the bits the tests use. */
#define IO_ORB		0
#define IO_SCSW		12
#define IO_IRB		24
#define IO_REGION_SIZE	124
#define ORB_FMT		0x00800000u	/* format-1 CCWs */
#define ORB_PFCH	0x00400000u	/* prefetch allowed */
#define SCSW_FCTL_START	0x00004000u
/* SCSW word 0 fields (function, activity, status control) and word 2 */
#define SCSW_PNO		0x00010000u
#define SCSW_FCTL(w)		(((w) >> 12) & 0x7)
#define SCSW_ACTL(w)		(((w) >> 5) & 0x7f)
#define SCSW_STCTL(w)		((w) & 0x1f)
#define FCTL_START		0x4
#define FCTL_HALT		0x2
#define FCTL_CLEAR		0x1
#define ACTL_HALT_PEND		0x10
#define ACTL_SCH_DEV_ACTIVE	0x06
#define STCTL_ALERT_PRIM_SEC	0x17	/* alert, primary, secondary, pending */
#define CSTAT_IFCC		0x02	/* interface-control check */
#define CCW_CMD_NOOP	0x03
#define CCW_FLAG_SLI	0x20
#define DEV_STAT_CE_DE	0x0c
#define IOVA		0x100000ul

/* PMCW fields at their offsets in the 52-byte SCHIB (Principles of Operation). */
#define PMCW_DEV	6
#define PMCW_LPUM	10
#define PMCW_PIM	11
#define PMCW_POM	14
#define PMCW_PAM	15
#define PMCW_CHPID	16
#define SCHIB_SCSW	28

static const char *test_sch(void)
{
	const char *sch = getenv("VFIO_CCW_SCH");

	return sch ? sch : "0.0.0001";
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

static int sysfs_write(const char *fmt, const char *arg, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), fmt, arg);
	return write_file(path, text);
}

/* Bind the subchannel to vfio_ccw and create the mdev, unless done before. */
static int ensure_mdev(const char *sch)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s", MDEV_UUID);
	if (!access(path, F_OK))
		return 0;
	if (access("/sys/bus/css/drivers/vfio_ccw", F_OK))
		return -ENODEV;
	sysfs_write("/sys/bus/css/devices/%s/driver_override", sch, "vfio_ccw");
	snprintf(path, sizeof(path), "/sys/bus/css/devices/%s/driver", sch);
	if (!access(path, F_OK))
		sysfs_write("/sys/bus/css/devices/%s/driver/unbind", sch, sch);
	if (write_file("/sys/bus/css/drivers/vfio_ccw/bind", sch))
		return -EBUSY;
	return sysfs_write("/sys/bus/css/devices/%s/mdev_supported_types/vfio_ccw-io/create",
			   sch, MDEV_UUID);
}

static int open_device(int *container, int *group)
{
	char path[256], link[256];
	ssize_t n;
	int dev;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group", MDEV_UUID);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", strrchr(link, '/') + 1);

	*container = open("/dev/vfio/vfio", O_RDWR);
	*group = open(path, O_RDWR);
	if (*container < 0 || *group < 0)
		return -ENOENT;
	if (ioctl(*group, VFIO_GROUP_SET_CONTAINER, container))
		return -errno;
	if (ioctl(*container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return -errno;
	dev = ioctl(*group, VFIO_GROUP_GET_DEVICE_FD, MDEV_UUID);
	return dev < 0 ? -errno : dev;
}

/* Offset and size of the CCW device region of the given subtype, or -1. */
static int find_ccw_region(int dev, __u32 subtype, __u64 *offset, __u64 *size)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	char buf[512];
	struct vfio_region_info *ri = (void *)buf;
	__u32 i;

	if (ioctl(dev, VFIO_DEVICE_GET_INFO, &info))
		return -1;
	for (i = 0; i < info.num_regions; i++) {
		struct vfio_info_cap_header *hdr;

		memset(buf, 0, sizeof(buf));
		ri->argsz = sizeof(buf);
		ri->index = i;
		if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, ri) ||
		    !(ri->flags & VFIO_REGION_INFO_FLAG_CAPS))
			continue;
		for (hdr = (void *)(buf + ri->cap_offset); hdr;
		     hdr = hdr->next ? (void *)(buf + hdr->next) : NULL) {
			struct vfio_region_info_cap_type *type = (void *)hdr;

			if (hdr->id == VFIO_REGION_INFO_CAP_TYPE &&
			    type->type == VFIO_REGION_TYPE_CCW && type->subtype == subtype) {
				*offset = ri->offset;
				*size = ri->size;
				return 0;
			}
		}
	}
	return -1;
}

FIXTURE(vfio_ccw) {
	int container, group, dev;
	__u64 schib_offset, schib_size;
	__u64 crw_offset, crw_size;
	__u8 schib[SCHIB_AREA_SIZE];
	int varied_off;
};

FIXTURE_SETUP(vfio_ccw)
{
	int rc = ensure_mdev(test_sch());

	self->container = -1;
	self->group = -1;
	self->dev = -1;
	if (rc == -ENODEV)
		SKIP(return, "vfio_ccw is not available");
	ASSERT_EQ(0, rc) TH_LOG("cannot bind %s to vfio_ccw and create an mdev: %s",
				test_sch(), strerror(-rc));
	self->dev = open_device(&self->container, &self->group);
	ASSERT_LE(0, self->dev) TH_LOG("cannot open the mdev: %s", strerror(-self->dev));
	ASSERT_EQ(0, find_ccw_region(self->dev, VFIO_REGION_SUBTYPE_CCW_SCHIB,
				     &self->schib_offset, &self->schib_size));
	ASSERT_EQ(0, find_ccw_region(self->dev, VFIO_REGION_SUBTYPE_CCW_CRW,
				     &self->crw_offset, &self->crw_size));
}

FIXTURE_TEARDOWN(vfio_ccw)
{
	char path[64];
	int chpid;

	/* a failed test must not leave a path varied off */
	for (chpid = 0; chpid <= 3; chpid++) {
		if (!(self->varied_off & (1 << chpid)))
			continue;
		snprintf(path, sizeof(path), CHP_STATUS, chpid);
		write_file(path, "on");
	}
	if (!access(PATH_INJECT, F_OK)) {
		char cmd[64];

		/* nor a held or failed emulated path */
		write_file(PATH_INJECT, "release 01");
		write_file(PATH_INJECT, "restore 01 quiet");
		snprintf(cmd, sizeof(cmd), "detach %s", test_sch());
		write_file(PATH_INJECT, cmd);
	}
	if (self->dev >= 0)
		close(self->dev);
	if (self->group >= 0)
		close(self->group);
	if (self->container >= 0)
		close(self->container);
}

/* One read of the SCHIB region: a fresh STSCH in the host each time. */
static ssize_t read_schib(int dev, __u64 offset, __u8 *schib)
{
	return pread(dev, schib, SCHIB_AREA_SIZE, offset);
}

static void log_schib(struct __test_metadata *_metadata, const __u8 *s)
{
	TH_LOG("schib: pim %02x pam %02x pom %02x chpids %02x%02x%02x%02x%02x%02x%02x%02x",
	       s[PMCW_PIM], s[PMCW_PAM], s[PMCW_POM], s[PMCW_CHPID], s[PMCW_CHPID + 1],
	       s[PMCW_CHPID + 2], s[PMCW_CHPID + 3], s[PMCW_CHPID + 4], s[PMCW_CHPID + 5],
	       s[PMCW_CHPID + 6], s[PMCW_CHPID + 7]);
}

TEST_F(vfio_ccw, schib_region_has_architected_size)
{
	ASSERT_EQ((__u64)SCHIB_AREA_SIZE, self->schib_size);
}

TEST_F(vfio_ccw, schib_region_shows_installed_paths)
{
	ASSERT_EQ(SCHIB_AREA_SIZE, read_schib(self->dev, self->schib_offset, self->schib));
	log_schib(_metadata, self->schib);
	/* every path in PIM has a chpid; PAM and POM are subsets of PIM */
	EXPECT_NE(0, self->schib[PMCW_PIM]);
	EXPECT_EQ(0, self->schib[PMCW_PAM] & ~self->schib[PMCW_PIM]);
}

TEST_F(vfio_ccw, schib_region_reflects_path_injection)
{
	char cmd[64];
	__u8 *s = self->schib;

	if (access(PATH_INJECT, F_OK))
		SKIP(return, "no %s (CONFIG_CIO_PATH_INJECT)", PATH_INJECT);
	ASSERT_EQ(0, write_file(ENABLE_INJECT, "1"));
	snprintf(cmd, sizeof(cmd), "attach %s 00,01,02,03", test_sch());
	ASSERT_EQ(0, write_file(PATH_INJECT, cmd));
	ASSERT_EQ(SCHIB_AREA_SIZE, read_schib(self->dev, self->schib_offset, self->schib));
	log_schib(_metadata, s);
	EXPECT_EQ(0xf0, s[PMCW_PIM]);
	EXPECT_EQ(0xf0, s[PMCW_PAM]);
	EXPECT_EQ(0xff, s[PMCW_POM]);
	EXPECT_EQ(0, s[PMCW_CHPID]);
	EXPECT_EQ(1, s[PMCW_CHPID + 1]);
	EXPECT_EQ(2, s[PMCW_CHPID + 2]);
	EXPECT_EQ(3, s[PMCW_CHPID + 3]);

	ASSERT_EQ(0, write_file(PATH_INJECT, "fail 01"));
	ASSERT_EQ(SCHIB_AREA_SIZE, read_schib(self->dev, self->schib_offset, self->schib));
	EXPECT_EQ(0xb0, s[PMCW_PAM]);
	EXPECT_EQ(0xf0, s[PMCW_PIM]);

	ASSERT_EQ(0, write_file(PATH_INJECT, "restore 01"));
	ASSERT_EQ(SCHIB_AREA_SIZE, read_schib(self->dev, self->schib_offset, self->schib));
	EXPECT_EQ(0xf0, s[PMCW_PAM]);

	snprintf(cmd, sizeof(cmd), "detach %s", test_sch());
	ASSERT_EQ(0, write_file(PATH_INJECT, cmd));
	ASSERT_EQ(SCHIB_AREA_SIZE, read_schib(self->dev, self->schib_offset, self->schib));
	log_schib(_metadata, s);
	EXPECT_EQ(0x80, s[PMCW_PIM]);
}

/* ---- CRW forwarding ---- */

/*
 * The channel path the tests change. With path injection, emulated chpid
 * 01 (mask 40) of the attached subchannel: it fails and comes back as on
 * hardware and varying it affects nobody else. Without it (a kernel that
 * lacks CONFIG_CIO_PATH_INJECT, such as the unpatched base), chpid 00, the
 * subchannel's only path: raw channel-path CRWs through crw_inject make it
 * go and come, and varying it also takes the other lab disks away for a
 * moment.
 */
struct test_path {
	int chpid;
	__u8 mask;
	int emulated;
};

/* Attach emulated paths 00-03 and wait until the host has evaluated them. */
static int attach_paths(void)
{
	char cmd[64];
	int rc;

	rc = write_file(ENABLE_INJECT, "1");
	if (rc)
		return rc;
	snprintf(cmd, sizeof(cmd), "attach %s 00,01,02,03", test_sch());
	rc = write_file(PATH_INJECT, cmd);
	if (rc)
		return rc;
	return write_file(CIO_SETTLE, "1");
}

/* 0, or why the tests cannot change a path of the subchannel. */
static const char *setup_path(struct test_path *p)
{
	if (!access(PATH_INJECT, F_OK)) {
		if (attach_paths())
			return "cannot attach emulated paths";
		p->chpid = 1;
		p->mask = 0x40;
		p->emulated = 1;
		return NULL;
	}
	if (access(CRW_INJECT, F_OK) || write_file(ENABLE_INJECT, "1"))
		return "neither " PATH_INJECT " nor " CRW_INJECT;
	p->chpid = 0;
	p->mask = 0x80;
	p->emulated = 0;
	return NULL;
}

/* A raw channel-path CRW; the injector is busy until the last one was taken. */
static int inject_chp_crw(int erc, int chpid)
{
	char crw[32];
	int i, rc = -EBUSY;

	snprintf(crw, sizeof(crw), "0 0 0 4 0 %x %x", erc, chpid);
	for (i = 0; i < 1000 && rc == -EBUSY; i++) {
		rc = write_file(CRW_INJECT, crw);
		if (rc == -EBUSY)
			usleep(10000);
	}
	return rc;
}

/* The path fails (or comes back) with the CRW hardware raises; settled. */
static int path_gone(const struct test_path *p)
{
	int rc = p->emulated ? write_file(PATH_INJECT, "fail 01") :
			       inject_chp_crw(6, p->chpid);

	return rc ? rc : write_file(CIO_SETTLE, "1");
}

static int path_came(const struct test_path *p)
{
	int rc = p->emulated ? write_file(PATH_INJECT, "restore 01") :
			       inject_chp_crw(2, p->chpid);

	return rc ? rc : write_file(CIO_SETTLE, "1");
}

/* Host logical vary, as chchp -v does it (the same sysfs attribute). */
static int vary(int *varied_off, int chpid, int on)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), CHP_STATUS, chpid);
	rc = write_file(path, on ? "on" : "off");
	if (!rc && on)
		*varied_off &= ~(1 << chpid);
	else if (!rc)
		*varied_off |= 1 << chpid;
	return rc;
}

/* The real tool, where the initramfs has it. */
static int chchp_vary(int *varied_off, int chpid, int on)
{
	char cmd[64];

	if (system("command -v chchp >/dev/null 2>&1"))
		return vary(varied_off, chpid, on);
	snprintf(cmd, sizeof(cmd), "chchp -v %d 0.%02x >/dev/null", on, chpid);
	if (system(cmd))
		return -EIO;
	if (on)
		*varied_off &= ~(1 << chpid);
	else
		*varied_off |= 1 << chpid;
	return write_file(CIO_SETTLE, "1");
}

static int set_irq_eventfd(int dev, __u32 index, int fd)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(__s32)];
	struct vfio_irq_set *set = (void *)buf;

	set->argsz = sizeof(buf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = index;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &fd, sizeof(fd));
	return ioctl(dev, VFIO_DEVICE_SET_IRQS, set) ? -errno : 0;
}

static int new_irq_eventfd(int dev, __u32 index)
{
	int fd = eventfd(0, EFD_NONBLOCK);

	if (fd < 0)
		return -errno;
	if (set_irq_eventfd(dev, index, fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * How often the eventfd was signalled, waiting up to @ms for the first
 * time (and reset it); 0 when it was not.
 */
static __u64 eventfd_count(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	__u64 n;

	if (poll(&pfd, 1, ms) != 1)
		return 0;
	return read(fd, &n, sizeof(n)) == sizeof(n) ? n : 0;
}

/* 1 when the eventfd fired within @ms (and reset it), 0 when not. */
static int wait_eventfd(int fd, int ms)
{
	return eventfd_count(fd, ms) != 0;
}

/* 1 when @fd has a pending event (without consuming it), 0 when not. */
static int eventfd_pending(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) == 1;
}

/* One read of the whole CRW region: the CRW, 0 when none, -errno. */
static long long read_crw(int dev, __u64 offset)
{
	struct ccw_crw_region r;
	ssize_t n = pread(dev, &r, sizeof(r), offset);

	if (n < 0)
		return -errno;
	if (n != sizeof(r))
		return -EIO;
	return r.crw;
}

/*
 * Read CRWs until the region returns 0; how many there were, and in
 * @oflw (unless NULL) how many of them carried the overflow bit.
 */
static int drain_crws_oflw(int dev, __u64 offset, int *oflw)
{
	long long crw;
	int n = 0;

	if (oflw)
		*oflw = 0;
	while ((crw = read_crw(dev, offset)) > 0 && n < 100000) {
		n++;
		if (oflw && (crw & CRW_OFLW))
			(*oflw)++;
	}
	return n;
}

static int drain_crws(int dev, __u64 offset)
{
	return drain_crws_oflw(dev, offset, NULL);
}

TEST_F(vfio_ccw, crw_region_has_architected_size)
{
	ASSERT_EQ((__u64)sizeof(struct ccw_crw_region), self->crw_size);
}

/* A path failure and repair reach the VMM as gone and came. */
TEST_F(vfio_ccw, crw_path_gone_came)
{
	struct test_path p;
	const char *why = setup_path(&p);
	int efd;

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	efd = new_irq_eventfd(self->dev, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, efd);

	ASSERT_EQ(0, path_gone(&p));
	ASSERT_EQ(1, wait_eventfd(efd, 10000)) TH_LOG("no CRW eventfd for path gone");
	EXPECT_EQ(CRW_PATH_GONE(p.chpid), read_crw(self->dev, self->crw_offset));
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));

	ASSERT_EQ(0, path_came(&p));
	ASSERT_EQ(1, wait_eventfd(efd, 10000)) TH_LOG("no CRW eventfd for path came");
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));
	close(efd);
}

/* chchp -v 0/1 on the host reaches the VMM as path gone and came. */
TEST_F(vfio_ccw, crw_host_vary_off_on)
{
	struct test_path p;
	const char *why = setup_path(&p);
	int efd;

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	efd = new_irq_eventfd(self->dev, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, efd);

	ASSERT_EQ(0, chchp_vary(&self->varied_off, p.chpid, 0));
	EXPECT_EQ(1, wait_eventfd(efd, 3000)) TH_LOG("no CRW eventfd for vary off");
	EXPECT_EQ(CRW_PATH_GONE(p.chpid), read_crw(self->dev, self->crw_offset));
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));

	ASSERT_EQ(0, chchp_vary(&self->varied_off, p.chpid, 1));
	EXPECT_EQ(1, wait_eventfd(efd, 3000)) TH_LOG("no CRW eventfd for vary on");
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));
	close(efd);
}

/*
 * A VMM that never reads: the queue keeps at most CRW_QUEUE_MAX CRWs and
 * the first one read says that later ones were lost.
 */
TEST_F(vfio_ccw, crw_queue_bounded_with_overflow)
{
	const int reports = 3 * CRW_QUEUE_MAX;
	struct test_path p;
	const char *why = setup_path(&p);
	int i, n, chpid, oflw;
	long long crw;

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	for (i = 0; i < reports / 2; i++) {
		if (p.emulated) {
			/* synchronous, and on three paths */
			chpid = 1 + i % 3;
			ASSERT_EQ(0, vary(&self->varied_off, chpid, 0));
			ASSERT_EQ(0, vary(&self->varied_off, chpid, 1));
		} else {
			ASSERT_EQ(0, inject_chp_crw(6, p.chpid));
			ASSERT_EQ(0, inject_chp_crw(2, p.chpid));
		}
	}
	ASSERT_EQ(0, write_file(CIO_SETTLE, "1"));
	crw = read_crw(self->dev, self->crw_offset);
	TH_LOG("first CRW after %d reports: 0x%08llx", reports, crw);
	/* the oldest report, path gone on the first chpid, with the bit */
	EXPECT_EQ(CRW_OFLW | CRW_PATH_GONE(p.chpid), crw) TH_LOG("no overflow bit");
	n = 1 + drain_crws_oflw(self->dev, self->crw_offset, &oflw);
	TH_LOG("%d CRWs queued for %d reports", n, reports);
	/* exactly the bound: the queue filled up and kept what it could */
	EXPECT_EQ(CRW_QUEUE_MAX, n);
	EXPECT_EQ(0, oflw) TH_LOG("overflow bit reported more than once");
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));

	/* the overflow is reported once; the queue works normally afterwards */
	ASSERT_EQ(0, path_gone(&p));
	EXPECT_EQ(CRW_PATH_GONE(p.chpid), read_crw(self->dev, self->crw_offset));
	ASSERT_EQ(0, path_came(&p));
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
}

/* A field of /proc/meminfo in kB, or -1. */
static long meminfo_kb(const char *field)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");
	size_t len = strlen(field);

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			kb = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/*
 * 100,000 reports and a VMM that never reads: the queue keeps at most
 * CRW_QUEUE_MAX CRWs, the kernel's unreclaimable slab does not grow with
 * the reports (one allocation per CRW would take 3 MiB), and the first
 * CRW read carries the overflow bit. Path injection's "events" hands the
 * channel-path events to vfio_ccw directly; 100,000 CRWs through the CRW
 * machinery would take hours under TCG. Even so the events take tens of
 * seconds under TCG on a loaded host: more than the harness's default
 * 30 s limit, hence 300 s.
 */
TEST_F_TIMEOUT(vfio_ccw, crw_queue_100000_reports_bounded, 300)
{
	const int reports = 100000;
	struct test_path p;
	const char *why = setup_path(&p);
	long before, after;
	char cmd[64];
	long long crw;
	int n, oflw;

	if (why)
		SKIP(return, "%s", why);
	if (!p.emulated)
		SKIP(return, "no %s: no fast source of channel-path reports", PATH_INJECT);
	drain_crws(self->dev, self->crw_offset);
	before = meminfo_kb("SUnreclaim");
	ASSERT_LT(0, before);
	snprintf(cmd, sizeof(cmd), "events %s %02x %d", test_sch(), p.chpid, reports);
	ASSERT_EQ(0, write_file(PATH_INJECT, cmd)) TH_LOG("%s", cmd);
	after = meminfo_kb("SUnreclaim");
	TH_LOG("unreclaimable slab: %ld kB before, %ld kB after %d reports",
	       before, after, reports);
	EXPECT_GT(1024, after - before) TH_LOG("slab grew with the reports");

	crw = read_crw(self->dev, self->crw_offset);
	TH_LOG("first CRW: 0x%08llx", crw);
	EXPECT_EQ(CRW_OFLW | CRW_PATH_GONE(p.chpid), crw) TH_LOG("no overflow bit");
	n = 1 + drain_crws_oflw(self->dev, self->crw_offset, &oflw);
	TH_LOG("%d CRWs queued for %d reports", n, reports);
	EXPECT_EQ(CRW_QUEUE_MAX, n);
	EXPECT_EQ(0, oflw) TH_LOG("overflow bit reported more than once");
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));
}

/*
 * Reads that cannot return a whole CRW, writes and faulting reads fail as
 * documented and lose nothing.
 */
TEST_F(vfio_ccw, crw_partial_odd_oversized_reads_lose_nothing)
{
	__u64 off = self->crw_offset;
	__u8 buf[16] = { 0 };
	struct ccw_crw_region r;
	struct test_path p;
	const char *why = setup_path(&p);
	void *bad;

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, off);
	ASSERT_EQ(0, path_gone(&p));

	errno = 0;
	EXPECT_EQ(-1, pread(self->dev, buf, 2, off));
	EXPECT_EQ(EINVAL, errno) TH_LOG("2-byte read at offset 0");
	errno = 0;
	EXPECT_EQ(-1, pread(self->dev, buf, 4, off + 4));
	EXPECT_EQ(EINVAL, errno) TH_LOG("pad read at offset 4");
	errno = 0;
	EXPECT_EQ(-1, pread(self->dev, buf, 1, off + 1));
	EXPECT_EQ(EINVAL, errno) TH_LOG("1-byte read at offset 1");
	errno = 0;
	EXPECT_EQ(-1, pread(self->dev, buf, sizeof(buf), off));
	EXPECT_EQ(EINVAL, errno) TH_LOG("16-byte read");
	errno = 0;
	EXPECT_EQ(-1, pwrite(self->dev, buf, 8, off));
	EXPECT_EQ(EINVAL, errno) TH_LOG("write");

	bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, bad);
	errno = 0;
	EXPECT_EQ(-1, pread(self->dev, bad, 8, off));
	EXPECT_EQ(EFAULT, errno) TH_LOG("read into an unmapped buffer");
	munmap(bad, 4096);

	memset(&r, 0xff, sizeof(r));
	EXPECT_EQ(8, pread(self->dev, &r, sizeof(r), off));
	EXPECT_EQ(CRW_PATH_GONE(p.chpid), r.crw) TH_LOG("CRW lost by a failed read");
	EXPECT_EQ(0, r.pad);
	EXPECT_EQ(0, read_crw(self->dev, off));

	/* the crw field alone is a complete read */
	ASSERT_EQ(0, path_came(&p));
	EXPECT_EQ(4, pread(self->dev, &r.crw, 4, off));
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), r.crw);
	EXPECT_EQ(0, read_crw(self->dev, off));
}

TEST_F(vfio_ccw, crw_reset_empties_queue)
{
	struct test_path p;
	const char *why = setup_path(&p);

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	ASSERT_EQ(0, path_gone(&p));
	ASSERT_EQ(0, ioctl(self->dev, VFIO_DEVICE_RESET));
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset)) TH_LOG("CRW survived reset");

	ASSERT_EQ(0, path_came(&p));
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
}

TEST_F(vfio_ccw, crw_close_empties_queue)
{
	struct test_path p;
	const char *why = setup_path(&p);

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	ASSERT_EQ(0, path_gone(&p));
	close(self->dev);
	self->dev = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, MDEV_UUID);
	ASSERT_LE(0, self->dev);
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset)) TH_LOG("CRW survived close");

	ASSERT_EQ(0, path_came(&p));
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
}

/*
 * A path change while nobody has the device open: the next user reads
 * the SCHIB afresh, a CRW from before its open would describe the past.
 * path_gone() settles, so the host has handled the change before the open.
 */
TEST_F(vfio_ccw, crw_from_before_open_not_delivered)
{
	struct test_path p;
	const char *why = setup_path(&p);

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	close(self->dev);
	self->dev = -1;
	ASSERT_EQ(0, path_gone(&p));
	self->dev = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, MDEV_UUID);
	ASSERT_LE(0, self->dev);
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset))
		TH_LOG("CRW queued while closed reached the next opener");

	ASSERT_EQ(0, path_came(&p));
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));
}

/* ---- guest I/O through the I/O region, as QEMU submits it ---- */

/* One page mapped for DMA at IOVA; the channel program lives there. */
static __u8 *map_io_area(int container)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };
	__u8 *mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED)
		return NULL;
	memset(mem, 0, 4096);
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	map.vaddr = (uintptr_t)mem;
	map.iova = IOVA;
	map.size = 4096;
	return ioctl(container, VFIO_IOMMU_MAP_DMA, &map) ? NULL : mem;
}

/* Start a NOP CCW with logical path mask @lpm; the write's result. */
static ssize_t start_nop(int dev, __u8 *mem, __u8 lpm)
{
	__u8 region[IO_REGION_SIZE] = { 0 };
	__u32 word;

	mem[0] = CCW_CMD_NOOP;
	mem[1] = CCW_FLAG_SLI;
	word = ORB_FMT | ORB_PFCH | (__u32)lpm << 8;
	memcpy(region + IO_ORB + 4, &word, 4);
	word = IOVA;
	memcpy(region + IO_ORB + 8, &word, 4);
	word = SCSW_FCTL_START;
	memcpy(region + IO_SCSW, &word, 4);
	return pwrite(dev, region, sizeof(region), 0);
}

/* The IRB in the I/O region is a NOP's normal end: its path (LPUM) or -1. */
static int nop_irb(int dev)
{
	__u8 region[IO_REGION_SIZE];

	if (pread(dev, region, sizeof(region), 0) != sizeof(region))
		return -1;
	if (region[IO_IRB + 8] != DEV_STAT_CE_DE || region[IO_IRB + 9])
		return -1;
	if (SCSW_FCTL(region[IO_IRB] << 24 | region[IO_IRB + 1] << 16 |
		      region[IO_IRB + 2] << 8 | region[IO_IRB + 3]) != FCTL_START)
		return -1;
	return region[IO_IRB + 12 + 1];
}

/* Wait for the I/O interrupt of a start; the path it used (LPUM) or -1. */
static int nop_lpum(int dev, int efd)
{
	if (!wait_eventfd(efd, 5000))
		return -1;
	return nop_irb(dev);
}

/*
 * Guest I/O never uses a path the host varied off: the guest's LPM is
 * masked, and an ORB left without paths is refused with EACCES, which the
 * VMM presents as condition code 3 (paths not operational).
 */
TEST_F(vfio_ccw, io_orb_on_varied_off_path_refused)
{
	struct test_path p;
	const char *why = setup_path(&p);
	__u8 *mem;
	int efd;

	if (why)
		SKIP(return, "%s", why);
	mem = map_io_area(self->container);
	ASSERT_NE(NULL, mem);
	efd = new_irq_eventfd(self->dev, VFIO_CCW_IO_IRQ_INDEX);
	ASSERT_LE(0, efd);

	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, p.mask));
	EXPECT_EQ(p.mask, nop_lpum(self->dev, efd)) TH_LOG("NOP on the path");

	ASSERT_EQ(0, chchp_vary(&self->varied_off, p.chpid, 0));
	wait_eventfd(efd, 200);
	errno = 0;
	EXPECT_EQ(-1, start_nop(self->dev, mem, p.mask))
		TH_LOG("NOP on varied-off chpid %02x started", p.chpid);
	EXPECT_EQ(EACCES, errno);
	if (errno != EACCES)
		wait_eventfd(efd, 5000);

	if (p.emulated) {
		/* the other path of the LPM is used */
		ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, 0xc0));
		EXPECT_EQ(0x80, nop_lpum(self->dev, efd))
			TH_LOG("NOP on chpids 00,01 after vary off 01");
	}

	ASSERT_EQ(0, chchp_vary(&self->varied_off, p.chpid, 1));
	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, p.mask));
	EXPECT_EQ(p.mask, nop_lpum(self->dev, efd)) TH_LOG("NOP after vary on");
	close(efd);
}

/* Word @offset of a region buffer, in the machine's (big-endian) order. */
static __u32 word_at(const __u8 *buf, int offset)
{
	__u32 w;

	memcpy(&w, buf + offset, sizeof(w));
	return w;
}

/*
 * Guest I/O in flight needs a start function that does not end within
 * SSCH, as every one does under QEMU: path injection holds those that
 * would run on a held emulated path until a halt, a clear or "release".
 * (A channel program suspended before its first CCW is no substitute: it
 * runs on no path while suspended.)
 */
static const char *setup_hold(struct test_path *p)
{
	const char *why = setup_path(p);

	if (why)
		return why;
	if (!p->emulated)
		return "no " PATH_INJECT ": no way to keep guest I/O in flight on a path";
	if (write_file(PATH_INJECT, "hold 01"))
		return "path_inject has no hold command";
	return NULL;
}

/*
 * A fresh STSCH shows the start function in flight on @path: started,
 * subchannel and device active, not ended (no status pending).
 * 0 or -1.
 */
static int start_in_flight(struct __test_metadata *_metadata, int dev,
			   __u64 schib_offset, __u8 *s, __u8 path)
{
	__u32 w;

	if (read_schib(dev, schib_offset, s) != SCHIB_AREA_SIZE)
		return -1;
	w = word_at(s, SCHIB_SCSW);
	TH_LOG("in flight: scsw 0x%08x lpum %02x", w, s[PMCW_LPUM]);
	if (SCSW_FCTL(w) & FCTL_START &&
	    (SCSW_ACTL(w) & ACTL_SCH_DEV_ACTIVE) == ACTL_SCH_DEV_ACTIVE &&
	    !(SCSW_STCTL(w) & 0x01) && s[PMCW_LPUM] == path)
		return 0;
	return -1;
}

/* The same with a halt of it pending. */
static int halt_pending(struct __test_metadata *_metadata, int dev,
			__u64 schib_offset, __u8 *s, __u8 path)
{
	__u32 w;

	if (start_in_flight(_metadata, dev, schib_offset, s, path))
		return -1;
	w = word_at(s, SCHIB_SCSW);
	return SCSW_FCTL(w) & FCTL_HALT && SCSW_ACTL(w) & ACTL_HALT_PEND ? 0 : -1;
}

/*
 * The hold itself: a held start is in flight on its path (the SCHIB shows
 * it active there, no interrupt comes) and runs when released.
 */
TEST_F(vfio_ccw, io_held_start_in_flight_until_released)
{
	struct test_path p;
	const char *why = setup_hold(&p);
	__u8 *mem;
	int efd;

	if (why)
		SKIP(return, "%s", why);
	mem = map_io_area(self->container);
	ASSERT_NE(NULL, mem);
	efd = new_irq_eventfd(self->dev, VFIO_CCW_IO_IRQ_INDEX);
	ASSERT_LE(0, efd);

	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, p.mask));
	ASSERT_EQ(0, start_in_flight(_metadata, self->dev, self->schib_offset,
				     self->schib, p.mask));
	/* it has not ended, so there is no interrupt either */
	EXPECT_EQ(0, eventfd_pending(efd)) TH_LOG("held start interrupted");

	ASSERT_EQ(0, write_file(PATH_INJECT, "release 01"));
	EXPECT_EQ(p.mask, nop_lpum(self->dev, efd)) TH_LOG("released start");
	close(efd);
}

/*
 * Guest I/O running on a path that goes away: the VMM gets the path-gone
 * CRW first, then the I/O interrupt, which ends the guest's start function
 * as the channel subsystem does when its path fails (alert status,
 * interface-control check, path not operational, the path in LPUM).
 */
TEST_F(vfio_ccw, io_in_flight_on_lost_path_ends_after_crw)
{
	__u8 region[IO_REGION_SIZE];
	struct test_path p;
	int io_efd, crw_efd, crw_first, io_ended;
	const char *why = setup_hold(&p);
	__u32 w;
	__u8 *mem;

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	mem = map_io_area(self->container);
	ASSERT_NE(NULL, mem);
	io_efd = new_irq_eventfd(self->dev, VFIO_CCW_IO_IRQ_INDEX);
	ASSERT_LE(0, io_efd);
	crw_efd = new_irq_eventfd(self->dev, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, crw_efd);

	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, p.mask));
	ASSERT_EQ(0, start_in_flight(_metadata, self->dev, self->schib_offset,
				     self->schib, p.mask));
	ASSERT_EQ(0, eventfd_pending(io_efd)) TH_LOG("held start interrupted");

	/*
	 * The path fails; the host halts the I/O, and the hold keeps that
	 * halt pending: the CRW must be there, the I/O interrupt not yet.
	 */
	ASSERT_EQ(0, path_gone(&p));
	ASSERT_EQ(0, halt_pending(_metadata, self->dev, self->schib_offset,
				  self->schib, p.mask))
		TH_LOG("the host did not halt the I/O on the lost path");
	crw_first = eventfd_pending(crw_efd);
	EXPECT_EQ(1, crw_first) TH_LOG("no CRW eventfd before the I/O ended");
	EXPECT_EQ(0, eventfd_pending(io_efd)) TH_LOG("I/O interrupt before the halt ended");

	/* the halt reaches the device and ends the I/O */
	ASSERT_EQ(0, write_file(PATH_INJECT, "release 01"));
	io_ended = wait_eventfd(io_efd, 10000);
	EXPECT_EQ(1, io_ended) TH_LOG("no I/O interrupt for the I/O on the lost path");
	if (io_ended) {
		ASSERT_EQ(IO_REGION_SIZE, pread(self->dev, region, sizeof(region), 0));
		w = word_at(region, IO_IRB);
		TH_LOG("irb: scsw 0x%08x 0x%08x 0x%08x lpum %02x", w,
		       word_at(region, IO_IRB + 4), word_at(region, IO_IRB + 8),
		       region[IO_IRB + 12 + 1]);
		EXPECT_EQ(FCTL_START, SCSW_FCTL(w)) TH_LOG("not the guest's start function");
		EXPECT_EQ(0, SCSW_ACTL(w));
		EXPECT_EQ(STCTL_ALERT_PRIM_SEC, SCSW_STCTL(w));
		EXPECT_EQ(SCSW_PNO, w & SCSW_PNO) TH_LOG("no path-not-operational");
		EXPECT_EQ(CSTAT_IFCC, region[IO_IRB + 9] & CSTAT_IFCC)
			TH_LOG("no interface-control check");
		EXPECT_EQ(p.mask, region[IO_IRB + 12 + 1]) TH_LOG("LPUM");
		EXPECT_EQ((__u32)IOVA, word_at(region, IO_IRB + 4))
			TH_LOG("CCW address not the guest's channel program");
	}
	if (!crw_first)
		wait_eventfd(crw_efd, 10000);
	EXPECT_EQ(CRW_PATH_GONE(p.chpid), read_crw(self->dev, self->crw_offset));
	EXPECT_EQ(0, read_crw(self->dev, self->crw_offset));

	/* the guest retries: the device works on the path once it is back */
	ASSERT_EQ(0, path_came(&p));
	wait_eventfd(crw_efd, 10000);
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, p.mask));
	EXPECT_EQ(p.mask, nop_lpum(self->dev, io_efd)) TH_LOG("NOP after the path came back");
	close(io_efd);
	close(crw_efd);
}

/*
 * A path that goes away after the guest's last I/O on it has ended: the
 * VMM gets the path-gone CRW and no I/O interrupt, as nothing was running.
 */
TEST_F(vfio_ccw, io_path_gone_while_idle_raises_crw_only)
{
	struct test_path p;
	const char *why = setup_path(&p);
	int io_efd, crw_efd;
	__u8 *mem;

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	mem = map_io_area(self->container);
	ASSERT_NE(NULL, mem);
	io_efd = new_irq_eventfd(self->dev, VFIO_CCW_IO_IRQ_INDEX);
	ASSERT_LE(0, io_efd);
	crw_efd = new_irq_eventfd(self->dev, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, crw_efd);

	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, p.mask));
	ASSERT_EQ(p.mask, nop_lpum(self->dev, io_efd));

	ASSERT_EQ(0, path_gone(&p));
	EXPECT_EQ(1, wait_eventfd(crw_efd, 10000)) TH_LOG("no CRW eventfd");
	EXPECT_EQ(CRW_PATH_GONE(p.chpid), read_crw(self->dev, self->crw_offset));
	/*
	 * An interrupt for the path change would have been made pending
	 * within the change, before path_gone() settled, and signalled
	 * before that of any later I/O: the next I/O interrupt must be the
	 * only one, and the NOP's own.
	 */
	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, 0x80))
		TH_LOG("NOP refused: status pending from an unsolicited interrupt?");
	EXPECT_EQ(1, eventfd_count(io_efd, 5000)) TH_LOG("not one I/O interrupt for one NOP");
	EXPECT_EQ(0x80, nop_irb(self->dev)) TH_LOG("unsolicited I/O interrupt");

	ASSERT_EQ(0, path_came(&p));
	EXPECT_EQ(1, wait_eventfd(crw_efd, 10000));
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
	close(io_efd);
	close(crw_efd);
}

/* HALT or CLEAR SUBCHANNEL through the async command region, as QEMU does. */
static int async_cmd(int dev, __u32 command)
{
	struct ccw_cmd_region cmd = { .command = command };
	__u64 offset, size;

	if (find_ccw_region(dev, VFIO_REGION_SUBTYPE_CCW_ASYNC_CMD, &offset, &size))
		return -ENODEV;
	if (pwrite(dev, &cmd, sizeof(cmd), offset) != sizeof(cmd))
		return -errno;
	return 0;
}

/*
 * The host halts guest I/O on a path that failed; before that halt ends,
 * the guest clears the subchannel itself, which ends the halt as well. The
 * clear's interrupt is the guest's, and so is that of its next halt: a
 * plain halt interrupt, not the end of a start function on a lost path.
 */
TEST_F(vfio_ccw, io_guest_clear_overtakes_host_halt)
{
	__u8 region[IO_REGION_SIZE];
	struct test_path p;
	const char *why = setup_hold(&p);
	int io_efd, crw_efd;
	__u32 w;
	__u8 *mem;

	if (why)
		SKIP(return, "%s", why);
	drain_crws(self->dev, self->crw_offset);
	mem = map_io_area(self->container);
	ASSERT_NE(NULL, mem);
	io_efd = new_irq_eventfd(self->dev, VFIO_CCW_IO_IRQ_INDEX);
	ASSERT_LE(0, io_efd);
	crw_efd = new_irq_eventfd(self->dev, VFIO_CCW_CRW_IRQ_INDEX);
	ASSERT_LE(0, crw_efd);

	ASSERT_EQ(IO_REGION_SIZE, start_nop(self->dev, mem, p.mask));
	ASSERT_EQ(0, start_in_flight(_metadata, self->dev, self->schib_offset,
				     self->schib, p.mask));
	ASSERT_EQ(0, path_gone(&p));
	ASSERT_EQ(0, halt_pending(_metadata, self->dev, self->schib_offset,
				  self->schib, p.mask))
		TH_LOG("the host did not halt the I/O on the lost path");
	ASSERT_EQ(0, eventfd_pending(io_efd)) TH_LOG("I/O interrupt before the halt ended");

	/* the guest's clear overtakes the host's halt */
	ASSERT_EQ(0, async_cmd(self->dev, VFIO_CCW_ASYNC_CMD_CSCH));
	ASSERT_EQ(1, eventfd_count(io_efd, 10000)) TH_LOG("not one interrupt for the clear");
	ASSERT_EQ(IO_REGION_SIZE, pread(self->dev, region, sizeof(region), 0));
	w = word_at(region, IO_IRB);
	TH_LOG("clear: scsw 0x%08x cstat %02x", w, region[IO_IRB + 9]);
	EXPECT_EQ(FCTL_CLEAR, SCSW_FCTL(w) & FCTL_CLEAR) TH_LOG("not the guest's clear");
	EXPECT_EQ(0, region[IO_IRB + 9] & CSTAT_IFCC);

	/* the guest's own halt of the idle subchannel */
	ASSERT_EQ(0, async_cmd(self->dev, VFIO_CCW_ASYNC_CMD_HSCH));
	ASSERT_EQ(1, eventfd_count(io_efd, 10000)) TH_LOG("not one interrupt for the halt");
	ASSERT_EQ(IO_REGION_SIZE, pread(self->dev, region, sizeof(region), 0));
	w = word_at(region, IO_IRB);
	TH_LOG("halt: scsw 0x%08x cstat %02x lpum %02x", w, region[IO_IRB + 9],
	       region[IO_IRB + 12 + 1]);
	EXPECT_EQ(FCTL_HALT, SCSW_FCTL(w)) TH_LOG("guest halt shown as another function");
	EXPECT_EQ(0, w & SCSW_PNO) TH_LOG("guest halt shown with path-not-operational");
	EXPECT_EQ(0, region[IO_IRB + 9] & CSTAT_IFCC)
		TH_LOG("guest halt shown with an interface-control check");

	EXPECT_EQ(CRW_PATH_GONE(p.chpid), read_crw(self->dev, self->crw_offset));
	ASSERT_EQ(0, path_came(&p));
	EXPECT_EQ(CRW_PATH_CAME(p.chpid), read_crw(self->dev, self->crw_offset));
	close(io_efd);
	close(crw_efd);
}

TEST_HARNESS_MAIN
