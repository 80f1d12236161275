// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for channel-path fault injection: the command parser and the
 * path-mask arithmetic behind STSCH and SSCH emulation.
 */

#include <kunit/test.h>

#include "../path_inject.h"

static int parse(const char *text, struct path_inject_cmd *cmd, char *why)
{
	return path_inject_parse(text, cmd, why, 80);
}

static void parse_attach(struct kunit *test)
{
	struct path_inject_cmd cmd;
	char why[80];

	KUNIT_ASSERT_EQ(test, parse("attach 0.0.0003 00,01,02,03\n", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, PATH_INJECT_ATTACH);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.ssid, 0);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.sch_no, 3);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.one, 1);
	KUNIT_EXPECT_EQ(test, cmd.nr_chpids, 4);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0x00);
	KUNIT_EXPECT_EQ(test, cmd.chpid[3], 0x03);

	KUNIT_ASSERT_EQ(test, parse("  attach\t0.1.fEdC  ff ", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.ssid, 1);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.sch_no, 0xfedc);
	KUNIT_EXPECT_EQ(test, cmd.nr_chpids, 1);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0xff);

	KUNIT_EXPECT_EQ(test, parse("attach 0.0.0000 10,11,12,13,14,15,16,17", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.nr_chpids, 8);
	KUNIT_EXPECT_FALSE(test, cmd.quiet);

	KUNIT_ASSERT_EQ(test, parse("attach 0.0.0000 10,11,12,13,14,15,16,17 quiet\n",
				    &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.nr_chpids, 8);
	KUNIT_EXPECT_TRUE(test, cmd.quiet);
}

static void parse_fail_restore_detach(struct kunit *test)
{
	struct path_inject_cmd cmd;
	char why[80];

	KUNIT_ASSERT_EQ(test, parse("fail 01", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, PATH_INJECT_FAIL);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0x01);
	KUNIT_EXPECT_FALSE(test, cmd.quiet);

	KUNIT_ASSERT_EQ(test, parse("fail 2a quiet\n", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0x2a);
	KUNIT_EXPECT_TRUE(test, cmd.quiet);

	KUNIT_ASSERT_EQ(test, parse("restore 2A", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, PATH_INJECT_RESTORE);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0x2a);
	KUNIT_EXPECT_FALSE(test, cmd.quiet);

	KUNIT_ASSERT_EQ(test, parse("restore 2a quiet", &cmd, why), 0);
	KUNIT_EXPECT_TRUE(test, cmd.quiet);

	KUNIT_ASSERT_EQ(test, parse("detach 0.3.0001", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, PATH_INJECT_DETACH);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.ssid, 3);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.sch_no, 1);
}

static void parse_hold_release(struct kunit *test)
{
	struct path_inject_cmd cmd;
	char why[80];

	KUNIT_ASSERT_EQ(test, parse("hold 01\n", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, PATH_INJECT_HOLD);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0x01);
	KUNIT_EXPECT_EQ(test, cmd.nr_chpids, 1);

	KUNIT_ASSERT_EQ(test, parse("release 2A", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, PATH_INJECT_RELEASE);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0x2a);
}

static void parse_events(struct kunit *test)
{
	struct path_inject_cmd cmd;
	char why[80];

	KUNIT_ASSERT_EQ(test, parse("events 0.0.0001 01 100000\n", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, PATH_INJECT_EVENTS);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.sch_no, 1);
	KUNIT_EXPECT_EQ(test, cmd.chpid[0], 0x01);
	KUNIT_EXPECT_EQ(test, cmd.count, 100000);
	KUNIT_ASSERT_EQ(test, parse("events 0.1.0002 fe 1000000", &cmd, why), 0);
	KUNIT_EXPECT_EQ(test, (u32)cmd.schid.ssid, 1);
	KUNIT_EXPECT_EQ(test, cmd.count, PATH_INJECT_MAX_EVENTS);
}

/* Each bad command is refused with a reason that names the problem. */
static void parse_rejects(struct kunit *test)
{
	static const struct {
		const char *text;
		const char *reason;
	} bad[] = {
		{ "", "empty" },
		{ "frobnicate 01", "unknown command" },
		{ "attach 0.0.0003", "usage" },
		{ "attach 0.0.0003 00 loud", "usage" },
		{ "attach 0.0.03 00", "bus id" },
		{ "attach 0.4.0003 00", "bus id" },
		{ "attach 1.0.0003 00", "bus id" },
		{ "attach 0.0.000g 00", "bus id" },
		{ "attach 0.0.0003 0", "bad chpid" },
		{ "attach 0.0.0003 100", "bad chpid" },
		{ "attach 0.0.0003 00,", "bad chpid" },
		{ "attach 0.0.0003 00,01,00", "twice" },
		{ "attach 0.0.0003 00,01,02,03,04,05,06,07,08", "more than 8" },
		{ "detach", "usage" },
		{ "detach 0.0.3", "bus id" },
		{ "fail", "usage" },
		{ "fail 01 loud", "usage" },
		{ "fail xy", "bad chpid" },
		{ "restore 01 loud", "usage" },
		{ "hold", "usage" },
		{ "hold 01 quiet", "usage" },
		{ "hold 1", "bad chpid" },
		{ "release", "usage" },
		{ "release xy", "bad chpid" },
		{ "events 0.0.0001 01", "usage" },
		{ "events 0.0.01 01 5", "bus id" },
		{ "events 0.0.0001 1 5", "bad chpid" },
		{ "events 0.0.0001 01 0", "bad count" },
		{ "events 0.0.0001 01 1000001", "bad count" },
		{ "events 0.0.0001 01 -1", "bad count" },
		{ "events 0.0.0001 01 1e3", "bad count" },
		{ "attach 0.0.0003 00,01,02,03,04,05,06,07 0.0.0004 x y", "too many" },
	};
	struct path_inject_cmd cmd;
	char why[80];
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why[0] = '\0';
		KUNIT_EXPECT_EQ_MSG(test, parse(bad[i].text, &cmd, why), -EINVAL,
				    "accepted '%s'", bad[i].text);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(why, bad[i].reason),
					  "'%s' gave reason '%s'", bad[i].text, why);
	}
}

static void parse_too_long(struct kunit *test)
{
	struct path_inject_cmd cmd;
	char text[100], why[80];

	memset(text, ' ', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	memcpy(text, "fail 01", 7);
	KUNIT_EXPECT_EQ(test, parse(text, &cmd, why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why, "longer"));
}

/* A NUL, a line break or another control byte anywhere: not a command. */
static void check_text(struct kunit *test)
{
	static const struct {
		const char *text;
		size_t len;
		int rc;
	} cases[] = {
		{ "fail 01", 7, 0 },
		{ "fail 01\n", 8, 0 },
		{ "fail\t01", 7, 0 },
		{ "restore 01\0garbage", 18, -EINVAL },
		{ "restore 01\0", 11, -EINVAL },
		{ "fail\n01", 7, -EINVAL },
		{ "fail\r01", 7, -EINVAL },
		{ "fail 01\n\n", 9, -EINVAL },
		{ "f\xe4il 01", 7, -EINVAL },
	};
	char why[80];
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		why[0] = '\0';
		KUNIT_EXPECT_EQ_MSG(test, path_inject_check_text(cases[i].text, cases[i].len,
								 why, sizeof(why)),
				    cases[i].rc, "case %d", i);
		if (cases[i].rc)
			KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(why, "is not text"),
						  "case %d gave reason '%s'", i, why);
	}
}

static void pim_masks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, path_inject_pim(0), 0x00);
	KUNIT_EXPECT_EQ(test, path_inject_pim(1), 0x80);
	KUNIT_EXPECT_EQ(test, path_inject_pim(4), 0xf0);
	KUNIT_EXPECT_EQ(test, path_inject_pim(8), 0xff);
	KUNIT_EXPECT_EQ(test, path_inject_pim(9), 0xff);
}

static void select_rotates(struct kunit *test)
{
	u8 cursor = 0, pnom = 0xff;

	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xf0, 0xf0, 0, &cursor, &pnom), 0x80);
	KUNIT_EXPECT_EQ(test, pnom, 0);
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xf0, 0xf0, 0, &cursor, &pnom), 0x40);
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xf0, 0xf0, 0, &cursor, &pnom), 0x20);
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xf0, 0xf0, 0, &cursor, &pnom), 0x10);
	/* Wraps around past the unused positions. */
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xf0, 0xf0, 0, &cursor, &pnom), 0x80);
}

static void select_honours_lpm_and_pam(struct kunit *test)
{
	u8 cursor = 0, pnom;

	/* A single-path LPM (path verification) gets that path or none. */
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0x40, 0xf0, 0, &cursor, &pnom), 0x40);
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0x40, 0xb0, 0, &cursor, &pnom), 0);
	KUNIT_EXPECT_EQ(test, pnom, 0);
	/* A path not in the PAM is never tried, so never not-operational. */
	cursor = 1;
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xf0, 0xb0, 0x40, &cursor, &pnom), 0x20);
	KUNIT_EXPECT_EQ(test, pnom, 0);
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0x00, 0xf0, 0, &cursor, &pnom), 0);
}

static void select_broken_paths(struct kunit *test)
{
	u8 cursor = 1, pnom;

	/* Mixed LPM: the broken path is tried, recorded, and passed over. */
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xf0, 0xf0, 0x40, &cursor, &pnom), 0x20);
	KUNIT_EXPECT_EQ(test, pnom, 0x40);
	KUNIT_EXPECT_EQ(test, cursor, 3);
	/* Only broken paths: nothing runs, all of them were tried. */
	cursor = 0;
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0x60, 0xf0, 0x60, &cursor, &pnom), 0);
	KUNIT_EXPECT_EQ(test, pnom, 0x60);
	KUNIT_EXPECT_EQ(test, cursor, 0);
	/* Every path broken. */
	KUNIT_EXPECT_EQ(test, path_inject_select_path(0xff, 0xff, 0xff, &cursor, &pnom), 0);
	KUNIT_EXPECT_EQ(test, pnom, 0xff);
}

static struct kunit_case path_inject_cases[] = {
	KUNIT_CASE(parse_attach),
	KUNIT_CASE(parse_fail_restore_detach),
	KUNIT_CASE(parse_hold_release),
	KUNIT_CASE(parse_events),
	KUNIT_CASE(parse_rejects),
	KUNIT_CASE(parse_too_long),
	KUNIT_CASE(check_text),
	KUNIT_CASE(pim_masks),
	KUNIT_CASE(select_rotates),
	KUNIT_CASE(select_honours_lpm_and_pam),
	KUNIT_CASE(select_broken_paths),
	{}
};

static struct kunit_suite path_inject_suite = {
	.name = "cio_path_inject",
	.test_cases = path_inject_cases,
};

kunit_test_suite(path_inject_suite);

MODULE_DESCRIPTION("KUnit tests for s390 channel-path fault injection");
MODULE_LICENSE("GPL");
