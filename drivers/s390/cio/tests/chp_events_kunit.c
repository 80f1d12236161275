// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for the channel-path event coalescer's decisions: how
 * reports merge, and when a report provably changes nothing.
 */

#include <kunit/test.h>

#include "../chp_events.h"

/* Path 01 of a subchannel on chpids 00-03: the second slot. */
#define PATH01 0x40

/* A subchannel that uses all four paths, settled. */
static const struct chp_ev_sch all_paths = {
	.mask = PATH01, .lpm = 0xf0, .opm = 0xff, .pam = 0xf0,
	.phase = CHP_EV_SETTLED,
};

/* Merge @state @n times; return how many reports made an evaluation pending. */
static int merge_n(u8 *pending, bool *mixed, enum chp_ev_state state, int n)
{
	int scheduled = 0;

	while (n--)
		if (!chp_ev_merge(pending, mixed, state))
			scheduled++;
	return scheduled;
}

static void burst_is_one_evaluation(struct kunit *test)
{
	u8 pending = CHP_EV_NONE;
	bool mixed = false;

	/* 64 identical reports in one burst: one evaluation. */
	KUNIT_EXPECT_EQ(test, merge_n(&pending, &mixed, CHP_EV_GONE, 64), 1);
	KUNIT_EXPECT_EQ(test, pending, CHP_EV_GONE);
	KUNIT_EXPECT_FALSE(test, mixed);
}

static void final_state_wins(struct kunit *test)
{
	u8 pending = CHP_EV_NONE;
	bool mixed = false;

	/* gone, came, gone in one burst: one evaluation, of gone... */
	KUNIT_EXPECT_FALSE(test, chp_ev_merge(&pending, &mixed, CHP_EV_GONE));
	KUNIT_EXPECT_TRUE(test, chp_ev_merge(&pending, &mixed, CHP_EV_CAME));
	KUNIT_EXPECT_TRUE(test, chp_ev_merge(&pending, &mixed, CHP_EV_GONE));
	KUNIT_EXPECT_EQ(test, pending, CHP_EV_GONE);
	/* ... which is never taken for a duplicate: the path flapped. */
	KUNIT_EXPECT_TRUE(test, mixed);
	/* Came back at the end: came. */
	KUNIT_EXPECT_TRUE(test, chp_ev_merge(&pending, &mixed, CHP_EV_CAME));
	KUNIT_EXPECT_EQ(test, pending, CHP_EV_CAME);
}

static void interleaved_chpids_are_independent(struct kunit *test)
{
	u8 a = CHP_EV_NONE, b = CHP_EV_NONE;
	bool mixed_a = false, mixed_b = false;

	KUNIT_EXPECT_FALSE(test, chp_ev_merge(&a, &mixed_a, CHP_EV_GONE));
	KUNIT_EXPECT_FALSE(test, chp_ev_merge(&b, &mixed_b, CHP_EV_GONE));
	KUNIT_EXPECT_TRUE(test, chp_ev_merge(&a, &mixed_a, CHP_EV_GONE));
	KUNIT_EXPECT_TRUE(test, chp_ev_merge(&b, &mixed_b, CHP_EV_CAME));
	KUNIT_EXPECT_EQ(test, a, CHP_EV_GONE);
	KUNIT_EXPECT_EQ(test, b, CHP_EV_CAME);
	KUNIT_EXPECT_FALSE(test, mixed_a);
	KUNIT_EXPECT_TRUE(test, mixed_b);
}

static void duplicate_changes_nothing(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	/* Path 01 in use: a came is a duplicate, a gone is not. */
	KUNIT_EXPECT_TRUE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
	/* After the gone was evaluated: gone is a duplicate, came is not. */
	s.lpm = 0xb0;
	s.pam = 0xb0;
	KUNIT_EXPECT_TRUE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
}

/*
 * dasd-last-path: chpids 01-04 come back at once. The evaluation of the
 * first stores the subchannel (PAM f0) and verifies every available path,
 * but tells DASD only of its own. The reports of the others found the
 * paths verified and were dropped: DASD's opm stayed c0. A driver that
 * takes path events is told of a path only by its own evaluation.
 */
static void came_verified_by_another_report(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	s.notify = true;
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
	/* While its verification will report the path, a copy changes nothing. */
	s.phase = CHP_EV_VERIFYING;
	s.new_mask = PATH01;
	KUNIT_EXPECT_TRUE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
}

/*
 * fail 01, restore 01, fail 01 quiet plus I/O, restore 01: verification
 * dropped the path without a report, so the last path-available CRW
 * reports a change although the state last reported was "came" too. The
 * old coalescer compared with that state and dropped the CRW: the path
 * stayed out of the VPM.
 */
static void stale_came_is_evaluated(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;
	u8 pending = CHP_EV_NONE;
	bool mixed = false;

	/* fail 01: evaluated, the path is gone. */
	KUNIT_EXPECT_FALSE(test, chp_ev_merge(&pending, &mixed, CHP_EV_GONE));
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, pending));
	s.lpm = 0xb0;
	s.pam = 0xb0;
	pending = CHP_EV_NONE;
	/* restore 01: evaluated, the path is back. */
	KUNIT_EXPECT_FALSE(test, chp_ev_merge(&pending, &mixed, CHP_EV_CAME));
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, pending));
	s.lpm = 0xf0;
	s.pam = 0xf0;
	pending = CHP_EV_NONE;
	/* fail 01 quiet, I/O finds out: verification drops it, PAM keeps it. */
	s.lpm = 0xb0;
	/* restore 01: the same state as last reported, yet a change. */
	KUNIT_EXPECT_FALSE(test, chp_ev_merge(&pending, &mixed, CHP_EV_CAME));
	KUNIT_EXPECT_FALSE(test, mixed);
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, pending));
	/* While the verification it started runs, a copy of it merges. */
	s.phase = CHP_EV_VERIFYING;
	s.new_mask = PATH01;
	KUNIT_EXPECT_TRUE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
}

/* The host varied a path on while it was still broken, then repaired it. */
static void came_while_broken_then_again(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	/* The first came was evaluated; verification found the path broken. */
	s.lpm = 0xb0;
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
}

/* A quiet failure that verification found, then the report of it. */
static void gone_after_quiet_failure(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	s.lpm = 0xb0;
	/* PAM as last stored still has the path: STSCH must refresh it. */
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
}

static void unknown_phase_never_matches(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	s.phase = CHP_EV_UNKNOWN;
	s.new_mask = PATH01;
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
	s.lpm = 0xb0;
	s.pam = 0xb0;
	s.gone_mask = PATH01;
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
}

/* Copies that arrive while the verification of the first one runs. */
static void copies_during_verification(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	s.phase = CHP_EV_VERIFYING;
	/* A gone was evaluated, its verification runs: gone copies merge. */
	s.gone_mask = PATH01;
	KUNIT_EXPECT_TRUE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
	/* A came was not: it must restart the verification. */
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
	/* A verification for another reason (I/O found a broken path). */
	s.gone_mask = 0;
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
	/* Path 02's events do not cover path 01. */
	s.gone_mask = 0x20;
	s.new_mask = 0x20;
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_GONE));
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
}

static void varied_off_path(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	/* Varied off: a came would not use it; it changes nothing. */
	s.opm = 0xbf;
	s.lpm = 0xb0;
	KUNIT_EXPECT_TRUE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
	/* Unless STSCH has to tell the kernel it is available again. */
	s.pam = 0xb0;
	KUNIT_EXPECT_FALSE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
}

static void other_paths_do_not_matter(struct kunit *test)
{
	struct chp_ev_sch s = all_paths;

	/* Paths 00, 02 and 03 gone: path 01's came is still a duplicate. */
	s.lpm = PATH01;
	s.pam = PATH01;
	KUNIT_EXPECT_TRUE(test, chp_ev_sch_matches(&s, CHP_EV_CAME));
}

static struct kunit_case chp_events_cases[] = {
	KUNIT_CASE(burst_is_one_evaluation),
	KUNIT_CASE(final_state_wins),
	KUNIT_CASE(interleaved_chpids_are_independent),
	KUNIT_CASE(duplicate_changes_nothing),
	KUNIT_CASE(came_verified_by_another_report),
	KUNIT_CASE(stale_came_is_evaluated),
	KUNIT_CASE(came_while_broken_then_again),
	KUNIT_CASE(gone_after_quiet_failure),
	KUNIT_CASE(unknown_phase_never_matches),
	KUNIT_CASE(copies_during_verification),
	KUNIT_CASE(varied_off_path),
	KUNIT_CASE(other_paths_do_not_matter),
	{}
};

static struct kunit_suite chp_events_suite = {
	.name = "cio_chp_events",
	.test_cases = chp_events_cases,
};

kunit_test_suite(chp_events_suite);

MODULE_DESCRIPTION("KUnit tests for s390 channel-path event coalescing");
MODULE_LICENSE("GPL");
