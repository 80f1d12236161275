// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw: the interrupt of guest I/O halted because its path went away
 *
 * vfio_ccw_crw_path_gone() (vfio_ccw_lost_path.c) halts guest I/O on a
 * path that went away; the interrupt of that halt reaches the guest as
 * the channel subsystem ends a start function whose path fails.
 *
 * The contract a VMM can rely on is described in
 * Documentation/arch/s390/path-failover.rst.
 */

#include "cio.h"
#include "vfio_ccw_private.h"

static struct subchannel_id lost_path_schid(struct vfio_ccw_private *private)
{
	return to_subchannel(private->vdev.dev->parent)->schid;
}

/**
 * vfio_ccw_crw_io_end() - end guest I/O halted for a lost path as hardware does
 * @private: the mdev
 * @irb: the interrupt response block the VMM is about to get
 *
 * The guest issued a start function, not a halt: the status of the halt
 * vfio_ccw_crw_path_gone() issued would end I/O the guest cannot tell
 * from its own halt. Present it as the channel subsystem ends a start
 * function whose path fails: start function, status pending with alert,
 * primary and secondary status, interface-control check, path not
 * operational, the lost path in LPUM, the CCW address at the start of the
 * channel program. A guest driver retries such I/O on another path (DASD
 * error recovery does), and guest CIO verifies the subchannel's paths.
 * Any other interrupt is left alone.
 *
 * The guest may issue CLEAR SUBCHANNEL before that halt ends. The clear
 * then ends the halt and the start function, and its interrupt is the
 * guest's own: it is left alone, and so is that of any later guest halt.
 *
 * Context: the subchannel's interrupt handler, under the subchannel lock.
 */
void vfio_ccw_crw_io_end(struct vfio_ccw_private *private, struct irb *irb)
{
	struct cmd_scsw *scsw = &irb->scsw.cmd;
	u8 path = private->lost_path_halt;

	if (!path || scsw_is_tm(&irb->scsw) ||
	    !(scsw->stctl & SCSW_STCTL_STATUS_PEND) ||
	    !(scsw->fctl & (SCSW_FCTL_HALT_FUNC | SCSW_FCTL_CLEAR_FUNC)))
		return;
	/* Our halt is over, ended by itself or by the guest's clear. */
	private->lost_path_halt = 0;
	if (scsw->fctl & SCSW_FCTL_CLEAR_FUNC)
		return;
	scsw->fctl = SCSW_FCTL_START_FUNC;
	scsw->actl = 0;
	scsw->stctl = SCSW_STCTL_ALERT_STATUS | SCSW_STCTL_PRIM_STATUS |
		      SCSW_STCTL_SEC_STATUS | SCSW_STCTL_STATUS_PEND;
	scsw->cstat |= SCHN_STAT_INTF_CTRL_CHK;
	scsw->pno = 1;
	/* Unknown how far it got: point at the start of the guest program. */
	scsw->cpa = private->cp.orb.cmd.cpa;
	irb->esw.esw0.sublog.lpum = path;
	trace_vfio_ccw_crw_io_end(lost_path_schid(private), path, scsw);
}
