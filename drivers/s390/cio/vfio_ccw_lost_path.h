/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-ccw: guest I/O on a channel path that went away
 */

#ifndef _VFIO_CCW_LOST_PATH_H_
#define _VFIO_CCW_LOST_PATH_H_

#include "chp.h"

struct subchannel;
struct vfio_ccw_private;

void vfio_ccw_lost_path_purge(struct vfio_ccw_private *private);
void vfio_ccw_crw_path_gone(struct vfio_ccw_private *private,
			    struct subchannel *sch, int mask,
			    struct chp_id chpid);

#endif
