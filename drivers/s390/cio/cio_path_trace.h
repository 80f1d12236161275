/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channel-path failover tracing: helpers that CIO calls where channel
 * paths, subchannel path masks and path verification change. They emit the
 * trace events of path_trace.h and cost one static-key test each when the
 * events are disabled.
 */

#ifndef S390_CIO_PATH_TRACE_API_H
#define S390_CIO_PATH_TRACE_API_H

#include <linux/types.h>
#include <asm/chpid.h>

struct crw;
struct subchannel;
struct ccw_device;

/**
 * enum cio_trace_chp_ev - what happened to a channel path
 * @CIO_TRACE_CHP_GONE: the path is no longer available (CRW ERC 6 or 7)
 * @CIO_TRACE_CHP_CAME: the path became available (CRW ERC 2 or 4)
 * @CIO_TRACE_CHP_VARY_OFF: the path was varied logically offline
 * @CIO_TRACE_CHP_VARY_ON: the path was varied logically online
 * @CIO_TRACE_CHP_OVERFLOW: channel reports were lost, all paths are
 *	re-evaluated (the chpid is then meaningless)
 */
enum cio_trace_chp_ev {
	CIO_TRACE_CHP_GONE,
	CIO_TRACE_CHP_CAME,
	CIO_TRACE_CHP_VARY_OFF,
	CIO_TRACE_CHP_VARY_ON,
	CIO_TRACE_CHP_OVERFLOW,
};

/**
 * enum cio_trace_chp_src - who reported a channel-path change
 * @CIO_TRACE_SRC_CRW: a channel report word
 * @CIO_TRACE_SRC_VARY: a logical vary (chchp -v, sysfs status)
 * @CIO_TRACE_SRC_INJECT: path fault injection (CONFIG_CIO_PATH_INJECT)
 */
enum cio_trace_chp_src {
	CIO_TRACE_SRC_CRW,
	CIO_TRACE_SRC_VARY,
	CIO_TRACE_SRC_INJECT,
};

void cio_trace_chp_event(struct chp_id chpid, enum cio_trace_chp_ev event,
			 enum cio_trace_chp_src source, bool merged);
void cio_trace_chp_crw(const struct crw *crw, int overflow, bool merged);
void cio_trace_sch_paths(struct subchannel *sch);
void cio_trace_verify_start(struct ccw_device *cdev);
void cio_trace_verify_done(struct ccw_device *cdev, int rc);
void cio_trace_path_event(struct ccw_device *cdev, const int *path_event);

#endif /* S390_CIO_PATH_TRACE_API_H */
