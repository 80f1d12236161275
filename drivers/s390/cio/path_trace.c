// SPDX-License-Identifier: GPL-2.0
/*
 * Channel-path failover tracing: the s390 trace events of path_trace.h and
 * the helpers CIO calls to emit them.
 *
 * s390_cio_sch_paths reports a change of a subchannel's PIM, PAM, POM, LPM,
 * OPM or VPM with the masks before and after. The masks last seen are kept
 * per subchannel ID, packed into one xarray value entry together with the
 * path-verification restart count, so the callers in CIO need no state of
 * their own and struct subchannel stays unchanged.
 *
 * The helpers run under the subchannel lock (cio_update_schib() from
 * chp_event, verification): they do nothing unless their event is traced.
 * State is kept only while it is, so the first call after tracing starts
 * records a baseline; after tracing was off for a while the first change
 * reported may compare with masks from before that time.
 */

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/export.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <asm/ccwdev.h>
#include <asm/chpid.h>
#include <asm/crw.h>

#include "chp_events.h"
#include "cio.h"
#include "device.h"
#include "io_sch.h"
#include "cio_path_trace.h"

#define CREATE_TRACE_POINTS
#include "path_trace.h"

EXPORT_TRACEPOINT_SYMBOL(s390_cio_chp_event);
EXPORT_TRACEPOINT_SYMBOL(s390_cio_sch_paths);
EXPORT_TRACEPOINT_SYMBOL(s390_cio_verify_start);
EXPORT_TRACEPOINT_SYMBOL(s390_cio_verify_done);
EXPORT_TRACEPOINT_SYMBOL(s390_cio_path_event);

/* Layout of a state entry: six masks, restart count, flags. */
#define PT_MASKS	GENMASK_ULL(47, 0)
#define PT_RESTARTS	GENMASK_ULL(58, 48)
#define PT_VERIFYING	BIT_ULL(59)
#define PT_NR_MASKS	6

static DEFINE_XARRAY_FLAGS(pt_state, XA_FLAGS_LOCK_IRQ);

static unsigned long pt_key(struct subchannel_id schid)
{
	return (unsigned long)schid.ssid << 16 | schid.sch_no;
}

static u64 pt_masks(struct subchannel *sch)
{
	const struct pmcw *pmcw = &sch->schib.pmcw;

	return (u64)pmcw->pim | (u64)pmcw->pam << 8 | (u64)pmcw->pom << 16 |
	       (u64)sch->lpm << 24 | (u64)sch->opm << 32 |
	       (u64)sch->vpm << 40;
}

static void pt_unpack(u64 masks, u8 *out)
{
	int i;

	for (i = 0; i < PT_NR_MASKS; i++)
		out[i] = masks >> (8 * i);
}

/* Called with the xarray locked. */
static u64 pt_load(struct subchannel_id schid, bool *found)
{
	void *entry = xa_load(&pt_state, pt_key(schid));

	*found = xa_is_value(entry);
	return *found ? xa_to_value(entry) : 0;
}

/* Called with the xarray locked; a failed allocation loses the state only. */
static void pt_store(struct subchannel_id schid, u64 state)
{
	__xa_store(&pt_state, pt_key(schid), xa_mk_value(state), GFP_ATOMIC);
}

/**
 * cio_trace_chp_event() - trace a channel-path state change
 * @chpid: the channel path
 * @event: what happened to it
 * @source: who reported it
 * @merged: whether it was merged into an evaluation that was pending already
 *
 * Context: any; does not sleep.
 */
void cio_trace_chp_event(struct chp_id chpid, enum cio_trace_chp_ev event,
			 enum cio_trace_chp_src source, bool merged)
{
	trace_s390_cio_chp_event(chpid.cssid, chpid.id, event, source, merged);
}
EXPORT_SYMBOL_GPL(cio_trace_chp_event);

/**
 * cio_trace_chp_crw() - trace the channel-path change a CRW reports
 * @crw: channel report word with RSC channel path, or NULL on overflow
 * @overflow: channel reports were lost (all paths need evaluation)
 * @merged: whether it was merged into an evaluation that was pending already
 *
 * Solicited CRWs and CRWs with an ERC that reports no path change are not
 * traced (s390_cio_stcrw shows them).
 *
 * Context: any; does not sleep.
 */
void cio_trace_chp_crw(const struct crw *crw, int overflow, bool merged)
{
	struct chp_id chpid;

	chp_id_init(&chpid);
	if (overflow) {
		cio_trace_chp_event(chpid, CIO_TRACE_CHP_OVERFLOW,
				    CIO_TRACE_SRC_CRW, merged);
		return;
	}
	if (!crw || crw->slct)
		return;
	chpid.id = crw->rsid;
	switch (chp_ev_state_of_erc(crw->erc)) {
	case CHP_EV_CAME:
		cio_trace_chp_event(chpid, CIO_TRACE_CHP_CAME,
				    CIO_TRACE_SRC_CRW, merged);
		break;
	case CHP_EV_GONE:
		cio_trace_chp_event(chpid, CIO_TRACE_CHP_GONE,
				    CIO_TRACE_SRC_CRW, merged);
		break;
	case CHP_EV_NONE:
		break;
	}
}
EXPORT_SYMBOL_GPL(cio_trace_chp_crw);

/**
 * cio_trace_sch_paths() - trace changed path masks of a subchannel
 * @sch: the subchannel, its schib, lpm, opm and vpm as they are now
 *
 * Compares PIM, PAM, POM, LPM, OPM and VPM with the values the previous
 * call saw for the same subchannel ID and emits s390_cio_sch_paths if one
 * of them differs. The first call for a subchannel only records them.
 *
 * Context: any, normally under the subchannel lock; does not sleep.
 */
void cio_trace_sch_paths(struct subchannel *sch)
{
	u8 old[PT_NR_MASKS], new[PT_NR_MASKS];
	unsigned long flags;
	u64 state, masks;
	bool found;

	if (!trace_s390_cio_sch_paths_enabled())
		return;
	masks = pt_masks(sch);
	xa_lock_irqsave(&pt_state, flags);
	state = pt_load(sch->schid, &found);
	if (!found || (state & PT_MASKS) != masks)
		pt_store(sch->schid, (state & ~PT_MASKS) | masks);
	xa_unlock_irqrestore(&pt_state, flags);
	if (!found || (state & PT_MASKS) == masks)
		return;
	pt_unpack(state, old);
	pt_unpack(masks, new);
	trace_s390_cio_sch_paths(sch->schid, sch->schib.pmcw.dev, old, new);
}
EXPORT_SYMBOL_GPL(cio_trace_sch_paths);

/**
 * cio_trace_verify_start() - trace the start of path verification
 * @cdev: the ccw device whose paths are verified
 *
 * Counts a start while the previous verification of the device asked to be
 * repeated as a restart.
 *
 * Context: any, normally under the subchannel lock; does not sleep.
 */
void cio_trace_verify_start(struct ccw_device *cdev)
{
	struct subchannel *sch = to_subchannel(cdev->dev.parent);
	unsigned long flags;
	unsigned int restarts;
	u64 state;
	bool found;

	if (!trace_s390_cio_verify_start_enabled())
		return;
	xa_lock_irqsave(&pt_state, flags);
	state = pt_load(sch->schid, &found);
	if (!found)
		state = pt_masks(sch);
	restarts = FIELD_GET(PT_RESTARTS, state);
	if (state & PT_VERIFYING) {
		if (restarts < FIELD_MAX(PT_RESTARTS))
			restarts++;
	} else {
		restarts = 0;
	}
	state &= ~PT_RESTARTS;
	state |= FIELD_PREP(PT_RESTARTS, restarts) | PT_VERIFYING;
	pt_store(sch->schid, state);
	xa_unlock_irqrestore(&pt_state, flags);
	/* Verification tries the available paths that are not varied off. */
	trace_s390_cio_verify_start(sch->schid, cdev->private->dev_id.devno,
				    sch->schib.pmcw.pam & sch->opm, sch->vpm, 0,
				    restarts);
}
EXPORT_SYMBOL_GPL(cio_trace_verify_start);

/**
 * cio_trace_verify_done() - trace the end of path verification
 * @cdev: the ccw device whose paths were verified
 * @rc: the result of the verification
 *
 * Also emits s390_cio_sch_paths if the verification changed a mask. A
 * verification that will be repeated (doverify set) stays open; its next
 * start counts as a restart.
 *
 * Context: any, normally under the subchannel lock; does not sleep.
 */
void cio_trace_verify_done(struct ccw_device *cdev, int rc)
{
	struct subchannel *sch = to_subchannel(cdev->dev.parent);
	unsigned long flags;
	unsigned int restarts;
	u64 state;
	bool found;

	if (!trace_s390_cio_verify_done_enabled())
		goto paths;
	xa_lock_irqsave(&pt_state, flags);
	state = pt_load(sch->schid, &found);
	restarts = FIELD_GET(PT_RESTARTS, state);
	if (found && !cdev->private->flags.doverify) {
		state &= ~(PT_RESTARTS | PT_VERIFYING);
		pt_store(sch->schid, state);
	}
	xa_unlock_irqrestore(&pt_state, flags);
	trace_s390_cio_verify_done(sch->schid, cdev->private->dev_id.devno,
				   sch->lpm, sch->vpm, rc, restarts);
paths:
	cio_trace_sch_paths(sch);
}
EXPORT_SYMBOL_GPL(cio_trace_verify_done);

/**
 * cio_trace_path_event() - trace the path events handed to a ccw driver
 * @cdev: the ccw device
 * @path_event: PE_* flags for each of the eight path positions
 *
 * Context: any, normally under the subchannel lock; does not sleep.
 */
void cio_trace_path_event(struct ccw_device *cdev, const int *path_event)
{
	u8 events[8], gone = 0, avail = 0, pgid = 0, mask;
	int i;

	if (!trace_s390_cio_path_event_enabled())
		return;
	for (i = 0; i < 8; i++) {
		mask = 0x80 >> i;
		events[i] = path_event[i];
		if (path_event[i] & PE_PATH_GONE)
			gone |= mask;
		if (path_event[i] & PE_PATH_AVAILABLE)
			avail |= mask;
		if (path_event[i] & PE_PATHGROUP_ESTABLISHED)
			pgid |= mask;
	}
	trace_s390_cio_path_event(cdev->private->dev_id.ssid,
				  cdev->private->dev_id.devno, events, gone,
				  avail, pgid,
				  cdev->online && cdev->drv &&
				  cdev->drv->path_event);
}
EXPORT_SYMBOL_GPL(cio_trace_path_event);
