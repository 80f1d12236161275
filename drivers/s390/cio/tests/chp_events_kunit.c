// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for the channel-path event coalescer's state machine.
 */

#include <kunit/test.h>

#include "../chp_events.h"

/* Report @state @n times; return how many reports needed an evaluation. */
static int report_n(struct chp_ev_slot *slot, enum chp_ev_state state, int n)
{
	int scheduled = 0;

	while (n--)
		if (!chp_ev_report(slot, state))
			scheduled++;
	return scheduled;
}

static void burst_is_one_evaluation(struct kunit *test)
{
	struct chp_ev_slot slot = {};

	/* 64 identical reports before the evaluation starts: one evaluation. */
	KUNIT_EXPECT_EQ(test, report_n(&slot, CHP_EV_GONE, 64), 1);
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_GONE);
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_NONE);
	/* More of them while or after it ran: duplicates, nothing to do. */
	KUNIT_EXPECT_EQ(test, report_n(&slot, CHP_EV_GONE, 64), 0);
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_NONE);
	/* The repair is a transition: one more evaluation. */
	KUNIT_EXPECT_EQ(test, report_n(&slot, CHP_EV_CAME, 64), 1);
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_CAME);
}

static void final_state_wins(struct kunit *test)
{
	struct chp_ev_slot slot = {};

	/* gone, came, gone while pending: one evaluation, of gone. */
	KUNIT_EXPECT_FALSE(test, chp_ev_report(&slot, CHP_EV_GONE));
	KUNIT_EXPECT_TRUE(test, chp_ev_report(&slot, CHP_EV_CAME));
	KUNIT_EXPECT_TRUE(test, chp_ev_report(&slot, CHP_EV_GONE));
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_GONE);
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_NONE);
}

static void transition_while_running_is_kept(struct kunit *test)
{
	struct chp_ev_slot slot = {};

	KUNIT_EXPECT_FALSE(test, chp_ev_report(&slot, CHP_EV_GONE));
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_GONE);
	/* The evaluation of gone runs; the path comes back and goes again. */
	KUNIT_EXPECT_FALSE(test, chp_ev_report(&slot, CHP_EV_CAME));
	KUNIT_EXPECT_TRUE(test, chp_ev_report(&slot, CHP_EV_GONE));
	/*
	 * The running evaluation may have seen the path back: gone is
	 * evaluated again, never dropped.
	 */
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_GONE);
}

static void flapping_ends_in_last_state(struct kunit *test)
{
	struct chp_ev_slot slot = {};
	int i, evaluations = 0;
	enum chp_ev_state last = CHP_EV_NONE;

	/* 20 fail/restore cycles, an evaluation now and then in between. */
	for (i = 0; i < 40; i++) {
		last = i % 2 ? CHP_EV_CAME : CHP_EV_GONE;
		chp_ev_report(&slot, last);
		if (i % 7 == 6 && chp_ev_take(&slot) != CHP_EV_NONE)
			evaluations++;
	}
	if (chp_ev_take(&slot) != CHP_EV_NONE)
		evaluations++;
	KUNIT_EXPECT_EQ(test, last, CHP_EV_CAME);
	KUNIT_EXPECT_EQ(test, slot.applied, CHP_EV_CAME);
	KUNIT_EXPECT_LE(test, evaluations, 7);
	KUNIT_EXPECT_GE(test, evaluations, 1);
}

static void interleaved_chpids_are_independent(struct kunit *test)
{
	struct chp_ev_slot a = {}, b = {};

	KUNIT_EXPECT_FALSE(test, chp_ev_report(&a, CHP_EV_GONE));
	KUNIT_EXPECT_FALSE(test, chp_ev_report(&b, CHP_EV_GONE));
	KUNIT_EXPECT_TRUE(test, chp_ev_report(&a, CHP_EV_GONE));
	KUNIT_EXPECT_TRUE(test, chp_ev_report(&b, CHP_EV_CAME));
	KUNIT_EXPECT_EQ(test, chp_ev_take(&a), CHP_EV_GONE);
	KUNIT_EXPECT_EQ(test, chp_ev_take(&b), CHP_EV_CAME);
	KUNIT_EXPECT_FALSE(test, chp_ev_report(&a, CHP_EV_CAME));
	KUNIT_EXPECT_TRUE(test, chp_ev_report(&b, CHP_EV_CAME));
}

static void overflow_forgets_state(struct kunit *test)
{
	struct chp_ev_slot slot = {};

	KUNIT_EXPECT_FALSE(test, chp_ev_report(&slot, CHP_EV_GONE));
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_GONE);
	chp_ev_forget(&slot);
	/* After lost reports the same state is evaluated again. */
	KUNIT_EXPECT_FALSE(test, chp_ev_report(&slot, CHP_EV_GONE));
	/* A pending evaluation survives an overflow. */
	chp_ev_forget(&slot);
	KUNIT_EXPECT_EQ(test, chp_ev_take(&slot), CHP_EV_GONE);
}

static struct kunit_case chp_events_cases[] = {
	KUNIT_CASE(burst_is_one_evaluation),
	KUNIT_CASE(final_state_wins),
	KUNIT_CASE(transition_while_running_is_kept),
	KUNIT_CASE(flapping_ends_in_last_state),
	KUNIT_CASE(interleaved_chpids_are_independent),
	KUNIT_CASE(overflow_forgets_state),
	{}
};

static struct kunit_suite chp_events_suite = {
	.name = "cio_chp_events",
	.test_cases = chp_events_cases,
};

kunit_test_suite(chp_events_suite);

MODULE_DESCRIPTION("KUnit tests for s390 channel-path event coalescing");
MODULE_LICENSE("GPL");
