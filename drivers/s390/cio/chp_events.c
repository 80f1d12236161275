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
 * Everything here runs in the CRW thread (crw_collect_info()), as the
 * evaluation of channel-path CRWs always did, so it keeps their order
 * and their single-threaded access to the path tables:
 *  - a channel-path CRW only records the state it reports, per chpid;
 *    a later report of the same chpid replaces it (the final state wins);
 *  - the CRW thread evaluates the recorded states before it handles a
 *    CRW of another kind (subchannel, overflow, ...) and before it
 *    sleeps, that is once it has stored every CRW pending;
 *  - a recorded state is not evaluated only when that provably changes
 *    nothing: for every subchannel that uses the chpid, either its
 *    verification is done and its masks, as the kernel knows them without
 *    an I/O instruction, already say what the report says, or the
 *    evaluation of that state already started a verification that has not
 *    finished (see chp_ev_sch_matches()). Anything else is evaluated, so a
 *    change that the kernel learnt another way (a lost report, I/O that
 *    found a path broken, a report of a path that was still broken) is
 *    never mistaken for a duplicate, and neither is a burst that changed
 *    its mind (gone, came, gone).
 */

#define KMSG_COMPONENT "cio"
#define pr_fmt(fmt) KMSG_COMPONENT ": " fmt

#include <linux/bitmap.h>
#include <linux/compiler.h>
#include <linux/moduleparam.h>

#include "chp.h"
#include "chp_events.h"
#include "chsc.h"
#include "cio.h"
#include "cio_debug.h"
#include "css.h"
#include "css_ssd.h"
#include "device.h"
#include "io_sch.h"
#include "trace.h"

/*
 * cio.chp_coalesce=0 on the command line, or at run time through sysfs:
 * safe at any moment, since it is only read by the CRW thread, which
 * evaluates what it recorded before it handles a report on its own.
 */
static bool coalesce = true;
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "cio."
module_param_named(chp_coalesce, coalesce, bool, 0644);
MODULE_PARM_DESC(chp_coalesce, "Evaluate each channel path once per burst of reports (default Y)");

/* Only the CRW thread touches these: no lock. */
static u8 recorded[__MAX_CHPID + 1];
static bool mixed[__MAX_CHPID + 1];
static DECLARE_BITMAP(pending, __MAX_CHPID + 1);

/**
 * chp_ev_merge() - record a reported state for one chpid
 * @pending: the chpid's state waiting for evaluation, CHP_EV_NONE if none
 * @mixed: set when the reports merged name different states
 * @state: CHP_EV_GONE or CHP_EV_CAME
 *
 * The final state wins: gone, came, gone in one burst is evaluated as gone,
 * and as the change it may be: @mixed.
 *
 * Return: true when the report was merged into an evaluation that was
 * pending already; false when it made one pending.
 */
bool chp_ev_merge(u8 *pending, bool *mixed, enum chp_ev_state state)
{
	bool merged = *pending != CHP_EV_NONE;

	if (merged && *pending != state)
		*mixed = true;
	*pending = state;
	return merged;
}

/**
 * chp_ev_sch_matches() - does a subchannel already reflect a reported state?
 * @s: what the kernel knows of the subchannel's path
 * @state: the reported state
 *
 * Settled: a path that is gone is neither used (LPM) nor available as
 * STSCH stored it last (PAM); evaluating the report again would store the
 * same and verify the same paths. A path that came is available and used,
 * unless it is varied off (OPM), in which case the evaluation would not
 * use it either. Not so for a device whose driver takes path events
 * (@notify, DASD): the driver learns of a path only from the path events
 * an evaluation of that chpid leaves it. A verification another report
 * started may have verified this path too, and told the driver only of
 * its own: skipping this report would keep the path from the driver.
 *
 * Verifying: the evaluation of the same state already ran since the last
 * verification ended (the path is in the mask of path events it leaves
 * for the driver) and the verification it started or left pending stores
 * the subchannel when it starts: evaluating again would only have it
 * restart.
 *
 * Return: true when evaluating @state would change nothing for it.
 */
bool chp_ev_sch_matches(const struct chp_ev_sch *s, enum chp_ev_state state)
{
	bool gone = state == CHP_EV_GONE;

	switch (s->phase) {
	case CHP_EV_SETTLED:
		if (s->notify)
			return false;
		if (gone)
			return !(s->lpm & s->mask) && !(s->pam & s->mask);
		return (s->pam & s->mask) &&
		       ((s->lpm & s->mask) || !(s->opm & s->mask));
	case CHP_EV_VERIFYING:
		return (gone ? s->gone_mask : s->new_mask) & s->mask;
	default:
		return false;
	}
}

static const char *state_name(enum chp_ev_state state)
{
	return state == CHP_EV_GONE ? "gone" : "came";
}

/*
 * Where verification stands: only the states in which a verify event
 * starts a verification or leaves one pending (doverify) count as
 * verifying; an offline device is not verified, its masks are final.
 */
static enum chp_ev_phase cdev_phase(struct ccw_device *cdev)
{
	struct ccw_device_private *priv = cdev->private;

	switch (priv->state) {
	case DEV_STATE_OFFLINE:
		return CHP_EV_SETTLED;
	case DEV_STATE_ONLINE:
		if (!priv->flags.doverify && !priv->path_new_mask &&
		    !priv->path_gone_mask)
			return CHP_EV_SETTLED;
		return priv->flags.doverify ? CHP_EV_VERIFYING : CHP_EV_UNKNOWN;
	case DEV_STATE_VERIFY:
		return CHP_EV_VERIFYING;
	case DEV_STATE_W4SENSE:
		return priv->flags.doverify ? CHP_EV_VERIFYING : CHP_EV_UNKNOWN;
	default:
		return CHP_EV_UNKNOWN;
	}
}

struct chp_ev_check {
	struct chp_link link;
	enum chp_ev_state state;
};

/* Return 0 when @sch already reflects the state, 1 to stop the walk. */
static int sch_check(struct subchannel *sch, void *data)
{
	struct chp_ev_check *c = data;
	struct chp_ev_sch s = {};
	struct ccw_device *cdev;
	int differs = 0;

	spin_lock_irq(&sch->lock);
	s.mask = chp_ssd_get_mask(&sch->ssd_info, &c->link);
	/* Evaluation calls only the driver's chp_event(): no driver, no work. */
	if (!s.mask || !sch->driver || !sch->driver->chp_event)
		goto out;
	/* Other drivers keep their own state (vfio-ccw forwards each report). */
	if (!io_subchannel_drives(sch)) {
		differs = 1;
		goto out;
	}
	cdev = sch_get_cdev(sch);
	s.lpm = sch->lpm;
	s.opm = sch->opm;
	s.pam = sch->schib.pmcw.pam;
	if (cdev) {
		s.gone_mask = cdev->private->path_gone_mask;
		s.new_mask = cdev->private->path_new_mask;
		s.notify = cdev->online && cdev->drv && cdev->drv->path_event;
		s.phase = cdev_phase(cdev);
	}
	differs = !chp_ev_sch_matches(&s, c->state);
out:
	spin_unlock_irq(&sch->lock);
	return differs;
}

/*
 * True when evaluating @state for @chpid provably changes nothing. A path
 * that came on a chpid the kernel does not know yet must be registered,
 * and the tables that do not name it yet must be refreshed: evaluate it.
 */
static bool chp_events_unchanged(struct chp_id chpid, enum chp_ev_state state)
{
	struct chp_ev_check c = { .state = state };

	if (state == CHP_EV_CAME && !chp_is_registered(chpid))
		return false;
	c.link.chpid = chpid;
	return !for_each_subchannel_staged(sch_check, NULL, &c);
}

/**
 * chp_events_flush() - evaluate the channel-path states recorded so far
 *
 * Called by the CRW thread before it handles a CRW other than a
 * channel-path CRW and before it sleeps (crw_collect_info()), and when
 * coalescing was switched off, so reports are evaluated in the order the
 * channel subsystem stored them relative to other CRWs.
 */
void chp_events_flush(void)
{
	enum chp_ev_state state;
	struct chp_id chpid;
	unsigned int id;
	bool changed;

	for_each_set_bit(id, pending, __MAX_CHPID + 1) {
		clear_bit(id, pending);
		state = recorded[id];
		changed = mixed[id];
		recorded[id] = CHP_EV_NONE;
		mixed[id] = false;
		chp_id_init(&chpid);
		chpid.id = id;
		if (!changed && chp_events_unchanged(chpid, state)) {
			CIO_CRW_EVENT(2, "chp %x.%02x: %s changes nothing\n",
				      chpid.cssid, chpid.id, state_name(state));
			continue;
		}
		CIO_CRW_EVENT(2, "chp %x.%02x: evaluate %s\n", chpid.cssid,
			      chpid.id, state_name(state));
		css_ssd_chp_event(chpid, state == CHP_EV_CAME);
	}
}

/**
 * chp_events_report() - take a channel-path report for coalesced handling
 * @chpid: the channel path reported
 * @erc: the CRW's error recovery code
 *
 * Called by the CRW handler in the CRW thread for unsolicited
 * channel-path CRWs.
 *
 * Return: true when the report was recorded for chp_events_flush(); false
 * when the caller must handle it itself: coalescing is off (what was
 * recorded before is evaluated first), or the ERC is not a path gone or
 * path available.
 */
bool chp_events_report(struct chp_id chpid, int erc)
{
	enum chp_ev_state state = chp_ev_state_of_erc(erc);
	bool merged;

	if (!READ_ONCE(coalesce)) {
		chp_events_flush();
		return false;
	}
	if (state == CHP_EV_NONE || chpid.cssid || chpid.id > __MAX_CHPID)
		return false;

	merged = chp_ev_merge(&recorded[chpid.id], &mixed[chpid.id], state);
	set_bit(chpid.id, pending);
	trace_s390_cio_chp_event(chpid.cssid, chpid.id,
				 state == CHP_EV_CAME ? CIO_TRACE_CHP_CAME :
							CIO_TRACE_CHP_GONE,
				 CIO_TRACE_SRC_CRW);
	CIO_CRW_EVENT(merged ? 4 : 2, "chp %x.%02x: %s%s\n", chpid.cssid,
		      chpid.id, state_name(state), merged ? " (merged)" : "");
	return true;
}
