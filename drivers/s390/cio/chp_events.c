// SPDX-License-Identifier: GPL-2.0
/*
 * Coalescing of channel-path events.
 *
 * A KVM guest with N vfio-ccw devices that share a channel path gets N
 * identical channel report words for one host event: one per mediated
 * device, and the hypervisor does not merge them. Handled one by one, each
 * walks every subchannel, re-reads the ones that use the chpid and
 * restarts their path verification, so the work grows with N squared and
 * verification is restarted while it runs.
 *
 * Channel-path CRWs therefore only record the state they report. One
 * evaluation per chpid runs on an ordered workqueue and evaluates the
 * latest state reported:
 *  - a report while an evaluation of the chpid is pending is merged into
 *    it, and the final state wins (gone, came, gone in a burst ends gone);
 *  - a report of the state that is being or was last evaluated is a
 *    duplicate: nothing changed since, so nothing needs doing;
 *  - any other report is a transition and schedules an evaluation, also
 *    while one runs, so no change is ever lost;
 *  - an overflow CRW (reports were lost) forgets every state: the kernel
 *    re-evaluates all subchannels, and the next report of each chpid
 *    counts as a transition.
 */

#define KMSG_COMPONENT "cio"
#define pr_fmt(fmt) KMSG_COMPONENT ": " fmt

#include <linux/bitmap.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <asm/crw.h>

#include "chp.h"
#include "chp_events.h"
#include "cio_debug.h"
#include "cio_path_trace.h"
#include "css_ssd.h"

/* cio.chp_coalesce=0 on the command line, or at run time through sysfs. */
static bool coalesce = true;
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "cio."
module_param_named(chp_coalesce, coalesce, bool, 0644);
MODULE_PARM_DESC(chp_coalesce, "Evaluate each channel path once per reported state (default Y)");

static struct workqueue_struct *chp_events_wq;
static DEFINE_SPINLOCK(chp_events_lock);
static struct chp_ev_slot slots[__MAX_CHPID + 1];
static DECLARE_BITMAP(pending, __MAX_CHPID + 1);

/**
 * chp_ev_report() - record a reported state for one chpid
 * @slot: the chpid's coalescing state
 * @state: CHP_EV_GONE or CHP_EV_CAME
 *
 * Return: true when the report was merged (into a pending evaluation, or
 * as a duplicate of the state evaluated last); false when the caller must
 * schedule an evaluation.
 */
bool chp_ev_report(struct chp_ev_slot *slot, enum chp_ev_state state)
{
	if (slot->pending != CHP_EV_NONE) {
		slot->pending = state;
		return true;
	}
	if (slot->applied == state)
		return true;
	slot->pending = state;
	return false;
}

/**
 * chp_ev_take() - start the evaluation of a chpid
 * @slot: the chpid's coalescing state
 *
 * Return: the state to evaluate, CHP_EV_NONE when nothing is pending.
 */
enum chp_ev_state chp_ev_take(struct chp_ev_slot *slot)
{
	enum chp_ev_state state = slot->pending;

	if (state != CHP_EV_NONE)
		slot->applied = state;
	slot->pending = CHP_EV_NONE;
	return state;
}

/**
 * chp_ev_forget() - reports were lost: the state of the chpid is unknown
 * @slot: the chpid's coalescing state
 *
 * A pending evaluation stays pending; the next report is a transition.
 */
void chp_ev_forget(struct chp_ev_slot *slot)
{
	slot->applied = CHP_EV_NONE;
}

static const char *state_name(enum chp_ev_state state)
{
	return state == CHP_EV_GONE ? "gone" : "came";
}

/* What chp_process_crw() did for each report, done once. */
static void evaluate(struct chp_id chpid, enum chp_ev_state state)
{
	css_ssd_chp_event(chpid, state == CHP_EV_CAME);
}

static void chp_events_work(struct work_struct *unused)
{
	enum chp_ev_state state;
	struct chp_id chpid;
	unsigned int id;

	for (;;) {
		spin_lock_irq(&chp_events_lock);
		id = find_first_bit(pending, __MAX_CHPID + 1);
		if (id > __MAX_CHPID) {
			spin_unlock_irq(&chp_events_lock);
			return;
		}
		clear_bit(id, pending);
		state = chp_ev_take(&slots[id]);
		spin_unlock_irq(&chp_events_lock);

		chp_id_init(&chpid);
		chpid.id = id;
		CIO_CRW_EVENT(2, "chp %x.%02x: evaluate %s\n", chpid.cssid,
			      chpid.id, state_name(state));
		evaluate(chpid, state);
	}
}

static DECLARE_WORK(chp_events_work_item, chp_events_work);

/**
 * chp_events_report() - take a channel-path report for coalesced handling
 * @chpid: the channel path reported
 * @erc: the CRW's error recovery code
 *
 * Called by the CRW handler (process context) for unsolicited channel-path
 * CRWs.
 *
 * Return: true when the report was taken (evaluated later, or merged);
 * false when the caller must handle it itself: coalescing is off, not
 * initialized yet, or the ERC is not a path gone or path available.
 */
bool chp_events_report(struct chp_id chpid, int erc)
{
	enum chp_ev_state state = chp_ev_state_of_erc(erc);
	bool merged;

	if (!coalesce || !chp_events_wq || state == CHP_EV_NONE ||
	    chpid.cssid || chpid.id > __MAX_CHPID)
		return false;

	spin_lock_irq(&chp_events_lock);
	merged = chp_ev_report(&slots[chpid.id], state);
	if (!merged)
		set_bit(chpid.id, pending);
	spin_unlock_irq(&chp_events_lock);

	cio_trace_chp_event(chpid, state == CHP_EV_CAME ? CIO_TRACE_CHP_CAME :
			    CIO_TRACE_CHP_GONE, CIO_TRACE_SRC_CRW, merged);
	CIO_CRW_EVENT(merged ? 4 : 2, "chp %x.%02x: %s%s\n", chpid.cssid,
		      chpid.id, state_name(state), merged ? " (merged)" : "");
	if (!merged)
		queue_work(chp_events_wq, &chp_events_work_item);
	return true;
}

/**
 * chp_events_overflow() - channel reports were lost
 *
 * The caller schedules the full re-evaluation; here the recorded states,
 * which may be stale now, are forgotten.
 */
void chp_events_overflow(void)
{
	unsigned int id;

	spin_lock_irq(&chp_events_lock);
	for (id = 0; id <= __MAX_CHPID; id++)
		chp_ev_forget(&slots[id]);
	spin_unlock_irq(&chp_events_lock);
}

/**
 * chp_events_flush() - wait until every reported state was evaluated
 *
 * For /proc/cio_settle: settling includes the deferred evaluations.
 */
void chp_events_flush(void)
{
	if (chp_events_wq)
		flush_workqueue(chp_events_wq);
}

static int __init chp_events_init(void)
{
	/* Ordered: evaluations of one chpid never overlap. */
	chp_events_wq = alloc_ordered_workqueue("cio_chp_events", 0);
	if (!chp_events_wq)
		pr_warn("channel-path event coalescing is off: no workqueue\n");
	return 0;
}
subsys_initcall(chp_events_init);
