/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints for the vfio-ccw CRW queue and the SCHIB region
 */

#include "cio.h"

#undef TRACE_SYSTEM
#define TRACE_SYSTEM vfio_ccw

#if !defined(_VFIO_CCW_CRW_TRACE_) || defined(TRACE_HEADER_MULTI_READ)
#define _VFIO_CCW_CRW_TRACE_

#include <linux/tracepoint.h>

DECLARE_EVENT_CLASS(vfio_ccw_crw_class,
		    TP_PROTO(struct subchannel_id schid, u32 crw,
			     unsigned int depth, bool oflw),
		    TP_ARGS(schid, crw, depth, oflw),
		    TP_STRUCT__entry(__field(u8, cssid)
				     __field(u8, ssid)
				     __field(u16, sch_no)
				     __field(u32, crw)
				     __field(unsigned int, depth)
				     __field(bool, oflw)),
		    TP_fast_assign(__entry->cssid = schid.cssid;
				   __entry->ssid = schid.ssid;
				   __entry->sch_no = schid.sch_no;
				   __entry->crw = crw;
				   __entry->depth = depth;
				   __entry->oflw = oflw;),
		    TP_printk("schid=%x.%x.%04x crw=0x%08x depth=%u oflw=%d",
			      __entry->cssid, __entry->ssid, __entry->sch_no,
			      __entry->crw, __entry->depth, __entry->oflw)
);

/* A CRW entered the queue; depth counts it. */
DEFINE_EVENT(vfio_ccw_crw_class, vfio_ccw_crw_queue,
	     TP_PROTO(struct subchannel_id schid, u32 crw, unsigned int depth,
		      bool oflw),
	     TP_ARGS(schid, crw, depth, oflw)
);

/* A CRW was copied out and left the queue; depth is what remains. */
DEFINE_EVENT(vfio_ccw_crw_class, vfio_ccw_crw_read,
	     TP_PROTO(struct subchannel_id schid, u32 crw, unsigned int depth,
		      bool oflw),
	     TP_ARGS(schid, crw, depth, oflw)
);

/* A CRW was dropped, the queue being full; the overflow is pending. */
DEFINE_EVENT(vfio_ccw_crw_class, vfio_ccw_crw_drop,
	     TP_PROTO(struct subchannel_id schid, u32 crw, unsigned int depth,
		      bool oflw),
	     TP_ARGS(schid, crw, depth, oflw)
);

/* The path masks a SCHIB region read returns, and the host's own opm. */
TRACE_EVENT(vfio_ccw_schib_read,
	    TP_PROTO(struct subchannel_id schid, const struct pmcw *pmcw, u8 opm),
	    TP_ARGS(schid, pmcw, opm),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, sch_no)
			     __field(u8, pim)
			     __field(u8, pam)
			     __field(u8, pom)
			     __field(u8, lpum)
			     __field(u8, pnom)
			     __field(u8, opm)),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->sch_no = schid.sch_no;
			   __entry->pim = pmcw->pim;
			   __entry->pam = pmcw->pam;
			   __entry->pom = pmcw->pom;
			   __entry->lpum = pmcw->lpum;
			   __entry->pnom = pmcw->pnom;
			   __entry->opm = opm;),
	    TP_printk("schid=%x.%x.%04x pim=0x%02x pam=0x%02x pom=0x%02x lpum=0x%02x pnom=0x%02x host_opm=0x%02x",
		      __entry->cssid, __entry->ssid, __entry->sch_no,
		      __entry->pim, __entry->pam, __entry->pom,
		      __entry->lpum, __entry->pnom, __entry->opm)
);

/* Guest I/O halted for a lost path ends as a start function on that path. */
TRACE_EVENT(vfio_ccw_crw_io_end,
	    TP_PROTO(struct subchannel_id schid, u8 lpum,
		     const struct cmd_scsw *scsw),
	    TP_ARGS(schid, lpum, scsw),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, sch_no)
			     __field(u8, lpum)
			     __field(u8, dstat)
			     __field(u8, cstat)),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->sch_no = schid.sch_no;
			   __entry->lpum = lpum;
			   __entry->dstat = scsw->dstat;
			   __entry->cstat = scsw->cstat;),
	    TP_printk("schid=%x.%x.%04x lpum=0x%02x dstat=0x%02x cstat=0x%02x",
		      __entry->cssid, __entry->ssid, __entry->sch_no,
		      __entry->lpum, __entry->dstat, __entry->cstat)
);

#endif /* _VFIO_CCW_CRW_TRACE_ */

/* This part must be outside protection */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vfio_ccw_crw_trace

#include <trace/define_trace.h>
