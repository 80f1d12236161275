// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for the channel-path table built from a PMCW, its comparison
 * with a later PMCW, and the chpid-to-path-mask lookup that channel-path
 * events use with it.
 */

#include <kunit/test.h>

#include "../chp.h"
#include "../chsc.h"
#include "../cio.h"
#include "../css_ssd.h"

static u8 mask_of(struct chsc_ssd_info *ssd, u8 id)
{
	struct chp_link link = {};

	chp_id_init(&link.chpid);
	link.chpid.id = id;
	return chp_ssd_get_mask(ssd, &link);
}

static void table_from_pmcw(struct kunit *test)
{
	struct pmcw pmcw = { .pim = 0xf0, .chpid = { 0x00, 0x01, 0x02, 0x03 } };
	struct chsc_ssd_info ssd;

	memset(&ssd, 0xaa, sizeof(ssd));
	ssd_from_pmcw(&ssd, &pmcw);
	KUNIT_EXPECT_EQ(test, ssd.path_mask, 0xf0);
	KUNIT_EXPECT_EQ(test, ssd.fla_valid_mask, 0);
	KUNIT_EXPECT_EQ(test, ssd.chpid[2].id, 0x02);
	KUNIT_EXPECT_EQ(test, ssd.chpid[3].id, 0x03);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x00), 0x80);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x02), 0x20);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x03), 0x10);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x04), 0x00);
}

/* Uninstalled slots never match, whatever their CHPID byte says. */
static void uninstalled_slots_are_ignored(struct kunit *test)
{
	struct pmcw pmcw = { .pim = 0xa0, .chpid = { 0x10, 0x11, 0x12, 0x13 } };
	struct chsc_ssd_info ssd;

	ssd_from_pmcw(&ssd, &pmcw);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x10), 0x80);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x11), 0x00);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x12), 0x20);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x13), 0x00);
}

/* A modified PMCW replaces the table: old chpids no longer map. */
static void refresh_replaces_table(struct kunit *test)
{
	struct pmcw before = { .pim = 0x80, .chpid = { 0x00 } };
	struct pmcw after = { .pim = 0xf0, .chpid = { 0x40, 0x41, 0x42, 0x00 } };
	struct chsc_ssd_info ssd;

	ssd_from_pmcw(&ssd, &before);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x00), 0x80);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x41), 0x00);
	ssd_from_pmcw(&ssd, &after);
	KUNIT_EXPECT_EQ(test, ssd.path_mask, 0xf0);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x00), 0x10);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x41), 0x40);
}

/* The table built from a PMCW agrees with that PMCW: nothing to refresh. */
static void current_table_is_unchanged(struct kunit *test)
{
	struct pmcw pmcw = { .pim = 0xf0, .chpid = { 0x00, 0x01, 0x02, 0x03 } };
	struct chsc_ssd_info ssd;

	ssd_from_pmcw(&ssd, &pmcw);
	KUNIT_EXPECT_EQ(test, ssd_pmcw_changed(&ssd, &pmcw), 0);
	/* Full link addresses come only from CHSC and are no difference. */
	ssd.fla_valid_mask = 0xf0;
	ssd.fla[1] = 0x1234;
	KUNIT_EXPECT_EQ(test, ssd_pmcw_changed(&ssd, &pmcw), 0);
}

/* A path installed behind the table's back is a difference. */
static void new_path_is_a_change(struct kunit *test)
{
	struct pmcw before = { .pim = 0x80, .chpid = { 0x00 } };
	struct pmcw after = { .pim = 0xc0, .chpid = { 0x00, 0x05 } };
	struct chsc_ssd_info ssd;

	ssd_from_pmcw(&ssd, &before);
	KUNIT_EXPECT_EQ(test, ssd_pmcw_changed(&ssd, &after), 0x40);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x05), 0x00);
	ssd_from_pmcw(&ssd, &after);
	KUNIT_EXPECT_EQ(test, ssd_pmcw_changed(&ssd, &after), 0);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x05), 0x40);
}

/* Another chpid in an installed slot, and a removed path, are differences. */
static void replaced_and_removed_paths(struct kunit *test)
{
	struct pmcw before = { .pim = 0xf0, .chpid = { 0x00, 0x01, 0x02, 0x03 } };
	struct pmcw after = { .pim = 0xe0, .chpid = { 0x00, 0x41, 0x02, 0x03 } };
	struct chsc_ssd_info ssd;

	ssd_from_pmcw(&ssd, &before);
	KUNIT_EXPECT_EQ(test, ssd_pmcw_changed(&ssd, &after), 0x50);
	ssd_from_pmcw(&ssd, &after);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x01), 0x00);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x03), 0x00);
	KUNIT_EXPECT_EQ(test, mask_of(&ssd, 0x41), 0x40);
}

/* CHPID bytes of uninstalled slots are no difference, on either side. */
static void uninstalled_bytes_are_no_change(struct kunit *test)
{
	struct pmcw pmcw = { .pim = 0xa0, .chpid = { 0x10, 0x11, 0x12, 0x13 } };
	struct chsc_ssd_info ssd;

	ssd_from_pmcw(&ssd, &pmcw);
	pmcw.chpid[1] = 0x77;
	pmcw.chpid[7] = 0x78;
	ssd.chpid[3].id = 0x79;
	KUNIT_EXPECT_EQ(test, ssd_pmcw_changed(&ssd, &pmcw), 0);
}

static struct kunit_case css_ssd_cases[] = {
	KUNIT_CASE(table_from_pmcw),
	KUNIT_CASE(uninstalled_slots_are_ignored),
	KUNIT_CASE(refresh_replaces_table),
	KUNIT_CASE(current_table_is_unchanged),
	KUNIT_CASE(new_path_is_a_change),
	KUNIT_CASE(replaced_and_removed_paths),
	KUNIT_CASE(uninstalled_bytes_are_no_change),
	{}
};

static struct kunit_suite css_ssd_suite = {
	.name = "cio_ssd_from_pmcw",
	.test_cases = css_ssd_cases,
};

kunit_test_suite(css_ssd_suite);

MODULE_DESCRIPTION("KUnit tests for the s390 channel-path table from a PMCW");
MODULE_LICENSE("GPL");
