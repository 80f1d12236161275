// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw: the host's vary state of channel paths
 *
 * A channel path the host varied off logically is not one the guest may
 * use: vfio-ccw reports a vary off or on to the VMM as the path going or
 * coming back, and starts guest I/O only on paths the host has varied on.
 *
 * The contract a VMM can rely on is described in
 * Documentation/arch/s390/path-failover.rst.
 */

#include "vfio_ccw_private.h"

/**
 * vfio_ccw_crw_path_came() - a path of the subchannel became usable
 * @private: the mdev
 * @sch: the subchannel
 * @mask: the path's bit in the path masks
 * @chpid: the channel path
 *
 * A path that became available while the host keeps it varied off is not
 * usable by the guest; the VMM hears about it when the host varies it on.
 *
 * Context: chp_event, under the subchannel lock with interrupts off.
 */
void vfio_ccw_crw_path_came(struct vfio_ccw_private *private,
			    struct subchannel *sch, int mask,
			    struct chp_id chpid)
{
	if (!(sch->opm & mask))
		return;
	vfio_ccw_crw_add(private, CRW_RSC_CPATH, CRW_ERC_INIT, chpid.id);
}

/**
 * vfio_ccw_orb_limit_paths() - keep guest I/O off paths the host varied off
 * @orb: the ORB about to be started, with the guest's logical path mask
 * @sch: the subchannel
 *
 * The mask is the host's vary state (opm), not its logical path mask:
 * vfio-ccw verifies no paths, and which available path works is left to
 * the channel subsystem, which reports a path that is not operational to
 * the guest (PNOM, PNO) instead of using it.
 *
 * Return: 0, or -EACCES when no path of the ORB is left: the start is not
 * issued, the paths being not operational for it, and the VMM presents
 * condition code 3 to the guest (QEMU does so for -EACCES and -ENODEV).
 */
int vfio_ccw_orb_limit_paths(union orb *orb, struct subchannel *sch)
{
	orb->cmd.lpm &= sch->opm;
	return orb->cmd.lpm ? 0 : -EACCES;
}
