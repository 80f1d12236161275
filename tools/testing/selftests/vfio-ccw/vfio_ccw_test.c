// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw uAPI tests: the device regions a VMM uses to learn about channel
 * paths, read through the VFIO container API as QEMU does.
 *
 * The subchannel to use is VFIO_CCW_SCH (default 0.0.0001); it must be an I/O
 * subchannel whose device is not in use. The test binds it to vfio_ccw and
 * creates an mdev if that was not done yet, and leaves both in place.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>
#include <linux/vfio_ccw.h>

#include "../kselftest_harness.h"

#define MDEV_UUID	"c10ccc00-0000-4000-8000-00000000cc01"
#define PATH_INJECT	"/sys/kernel/debug/s390/cio/path_inject"
#define ENABLE_INJECT	"/sys/kernel/debug/s390/cio/enable_inject"

/* PMCW fields at their offsets in the 52-byte SCHIB (Principles of Operation). */
#define PMCW_DEV	6
#define PMCW_LPUM	10
#define PMCW_PIM	11
#define PMCW_POM	14
#define PMCW_PAM	15
#define PMCW_CHPID	16

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
	__u8 schib[SCHIB_AREA_SIZE];
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
}

FIXTURE_TEARDOWN(vfio_ccw)
{
	if (!access(PATH_INJECT, F_OK)) {
		char cmd[64];

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

TEST_HARNESS_MAIN
