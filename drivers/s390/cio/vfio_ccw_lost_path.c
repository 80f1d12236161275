// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw: guest I/O on a channel path that went away
 *
 * When a path of the subchannel fails or the host varies it off while
 * guest I/O runs on it, the VMM gets the path-gone CRW first, then the
 * I/O is halted, and the interrupt of that halt reaches the guest as the
 * channel subsystem ends a start function whose path fails.
 *
 * The contract a VMM can rely on is described in
 * Documentation/arch/s390/path-failover.rst.
 */

#include "cio.h"
#include "vfio_ccw_private.h"

/**
 * vfio_ccw_lost_path_purge() - start over: no queued CRW, no overflow, no halt
 * @private: the mdev
 *
 * Called when the VMM opens, resets or closes the device: the CRW queue
 * is emptied as vfio_ccw_crw_purge() does. A halt vfio_ccw_crw_path_gone()
 * issued belongs to the previous user: its interrupt, if it still comes,
 * is not rewritten. Both happen under the subchannel lock, so a path
 * change is either forgotten entirely or kept entirely.
 *
 * Context: process; takes the subchannel lock.
 */
void vfio_ccw_lost_path_purge(struct vfio_ccw_private *private)
{
	struct subchannel *sch = to_subchannel(private->vdev.dev->parent);

	spin_lock_irq(&sch->lock);
	private->lost_path_halt = 0;
	vfio_ccw_crw_purge(private);
	spin_unlock_irq(&sch->lock);
}

/**
 * vfio_ccw_crw_path_gone() - a path of the subchannel went away
 * @private: the mdev
 * @sch: the subchannel, its SCHIB just updated
 * @mask: the path's bit in the path masks
 * @chpid: the channel path
 *
 * For a path that failed (CHP_OFFLINE) and for one the host varied off
 * (CHP_VARY_OFF) alike, the VMM gets a path-gone CRW first. Guest I/O still
 * running on the path is then halted: HALT SUBCHANNEL always ends with an
 * I/O interrupt, unlike CANCEL SUBCHANNEL, which withdraws a start function
 * silently. The CRW is signalled before that interrupt. An idle subchannel
 * is left alone: there is nothing to end, and an unsolicited interrupt
 * would only confuse the guest. vfio_ccw_crw_io_end()
 * (vfio_ccw_lost_path_irq.c) presents the interrupt to the guest as the
 * end of its start function on a failed path.
 *
 * Context: chp_event, under the subchannel lock with interrupts off.
 */
void vfio_ccw_crw_path_gone(struct vfio_ccw_private *private,
			    struct subchannel *sch, int mask,
			    struct chp_id chpid)
{
	u32 actl = scsw_actl(&sch->schib.scsw);

	vfio_ccw_crw_add(private, CRW_RSC_CPATH, CRW_ERC_PERRN, chpid.id);

	if (private->state != VFIO_CCW_STATE_CP_PENDING || !actl ||
	    !(sch->schib.pmcw.lpum & mask) ||
	    (actl & (SCSW_ACTL_HALT_PEND | SCSW_ACTL_CLEAR_PEND)))
		return;
	if (!cio_halt(sch))
		private->lost_path_halt = sch->schib.pmcw.lpum & mask;
}
