/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-ccw: the host's vary state of channel paths
 */

#ifndef _VFIO_CCW_VARY_H_
#define _VFIO_CCW_VARY_H_

#include "chp.h"
#include "orb.h"

struct subchannel;
struct vfio_ccw_private;

void vfio_ccw_crw_path_came(struct vfio_ccw_private *private,
			    struct subchannel *sch, int mask,
			    struct chp_id chpid);
int vfio_ccw_orb_limit_paths(union orb *orb, struct subchannel *sch);

#endif
