/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoint header for channel-path failover in the s390 Common I/O layer:
 * channel-path events, subchannel path masks, path verification and the
 * path events handed to ccw drivers. The helpers that emit them are in
 * cio_path_trace.h.
 */

#include <linux/kernel.h>
#include <uapi/asm/schid.h>

#undef TRACE_SYSTEM
#define TRACE_SYSTEM s390

#if !defined(_TRACE_S390_CIO_PATH_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_S390_CIO_PATH_H

#include <linux/tracepoint.h>

/**
 * s390_cio_chp_event - a channel path changed state
 * @cssid: channel-subsystem ID of the channel path
 * @chpid: channel-path ID (0 for an overflow)
 * @event: 0 gone, 1 came, 2 vary off, 3 vary on, 4 overflow
 * @source: 0 channel report word, 1 logical vary, 2 fault injection
 * @merged: the change was merged into an evaluation that was pending already
 */
TRACE_EVENT(s390_cio_chp_event,
	    TP_PROTO(u8 cssid, u8 chpid, u8 event, u8 source, u8 merged),
	    TP_ARGS(cssid, chpid, event, source, merged),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, chpid)
			     __field(u8, event)
			     __field(u8, source)
			     __field(u8, merged)),
	    TP_fast_assign(__entry->cssid = cssid;
			   __entry->chpid = chpid;
			   __entry->event = event;
			   __entry->source = source;
			   __entry->merged = merged;),
	    TP_printk("chpid=%x.%02x event=%s source=%s merged=%d",
		      __entry->cssid, __entry->chpid,
		      __print_symbolic(__entry->event, { 0, "gone" },
				       { 1, "came" }, { 2, "vary_off" },
				       { 3, "vary_on" }, { 4, "overflow" }),
		      __print_symbolic(__entry->source, { 0, "crw" },
				       { 1, "vary" }, { 2, "inject" }),
		      __entry->merged)
);

/**
 * s390_cio_sch_paths - path masks of a subchannel changed
 * @schid: subchannel ID
 * @devno: device number (from the PMCW)
 * @old: PIM, PAM, POM, LPM, OPM and VPM before the change
 * @new: the same masks after the change
 */
TRACE_EVENT(s390_cio_sch_paths,
	    TP_PROTO(struct subchannel_id schid, u16 devno, const u8 *old,
		     const u8 *new),
	    TP_ARGS(schid, devno, old, new),
	    TP_STRUCT__entry(__field(u8, cssid)
			     __field(u8, ssid)
			     __field(u16, schno)
			     __field(u16, devno)
			     __field(u8, old_pim)
			     __field(u8, old_pam)
			     __field(u8, old_pom)
			     __field(u8, old_lpm)
			     __field(u8, old_opm)
			     __field(u8, old_vpm)
			     __field(u8, pim)
			     __field(u8, pam)
			     __field(u8, pom)
			     __field(u8, lpm)
			     __field(u8, opm)
			     __field(u8, vpm)),
	    TP_fast_assign(__entry->cssid = schid.cssid;
			   __entry->ssid = schid.ssid;
			   __entry->schno = schid.sch_no;
			   __entry->devno = devno;
			   __entry->old_pim = old[0];
			   __entry->old_pam = old[1];
			   __entry->old_pom = old[2];
			   __entry->old_lpm = old[3];
			   __entry->old_opm = old[4];
			   __entry->old_vpm = old[5];
			   __entry->pim = new[0];
			   __entry->pam = new[1];
			   __entry->pom = new[2];
			   __entry->lpm = new[3];
			   __entry->opm = new[4];
			   __entry->vpm = new[5];),
	    TP_printk("schid=%x.%x.%04x dev=%04x pim=%02x->%02x pam=%02x->%02x pom=%02x->%02x lpm=%02x->%02x opm=%02x->%02x vpm=%02x->%02x",
		      __entry->cssid, __entry->ssid, __entry->schno,
		      __entry->devno, __entry->old_pim, __entry->pim,
		      __entry->old_pam, __entry->pam, __entry->old_pom,
		      __entry->pom, __entry->old_lpm, __entry->lpm,
		      __entry->old_opm, __entry->opm, __entry->old_vpm,
		      __entry->vpm)
);

DECLARE_EVENT_CLASS(s390_class_verify,
		    TP_PROTO(struct subchannel_id schid, u16 devno, u8 lpm,
			     u8 vpm, int rc, u16 restarts),
		    TP_ARGS(schid, devno, lpm, vpm, rc, restarts),
		    TP_STRUCT__entry(__field(u8, cssid)
				     __field(u8, ssid)
				     __field(u16, schno)
				     __field(u16, devno)
				     __field(u8, lpm)
				     __field(u8, vpm)
				     __field(int, rc)
				     __field(u16, restarts)),
		    TP_fast_assign(__entry->cssid = schid.cssid;
				   __entry->ssid = schid.ssid;
				   __entry->schno = schid.sch_no;
				   __entry->devno = devno;
				   __entry->lpm = lpm;
				   __entry->vpm = vpm;
				   __entry->rc = rc;
				   __entry->restarts = restarts;),
		    TP_printk("schid=%x.%x.%04x dev=%04x lpm=%02x vpm=%02x rc=%d restarts=%u",
			      __entry->cssid, __entry->ssid, __entry->schno,
			      __entry->devno, __entry->lpm, __entry->vpm,
			      __entry->rc, __entry->restarts)
);

/**
 * s390_cio_verify_start - path verification of a ccw device starts
 * @schid: subchannel ID
 * @devno: device number
 * @lpm: the paths verification tries: available (PAM) and not varied off
 * @vpm: verified path mask before verification
 * @rc: always 0
 * @restarts: how many times this verification was restarted so far
 */
DEFINE_EVENT(s390_class_verify, s390_cio_verify_start,
	     TP_PROTO(struct subchannel_id schid, u16 devno, u8 lpm, u8 vpm,
		      int rc, u16 restarts),
	     TP_ARGS(schid, devno, lpm, vpm, rc, restarts)
);

/**
 * s390_cio_verify_done - path verification of a ccw device ended
 * @schid: subchannel ID
 * @devno: device number
 * @lpm: logical path mask the verification tried
 * @vpm: verified path mask: the paths that work
 * @rc: 0, or the error the verification ended with (-EACCES: no path)
 * @restarts: how many times this verification was restarted
 */
DEFINE_EVENT(s390_class_verify, s390_cio_verify_done,
	     TP_PROTO(struct subchannel_id schid, u16 devno, u8 lpm, u8 vpm,
		      int rc, u16 restarts),
	     TP_ARGS(schid, devno, lpm, vpm, rc, restarts)
);

/**
 * s390_cio_path_event - per-path events handed to a ccw device driver
 * @ssid: subchannel-set ID of the device
 * @devno: device number
 * @events: PE_* flags per path position, as the driver gets them
 * @gone: path positions with PE_PATH_GONE
 * @avail: path positions with PE_PATH_AVAILABLE
 * @pgid: path positions with PE_PATHGROUP_ESTABLISHED
 * @delivered: 1 if the driver has a path_event callback and got them
 */
TRACE_EVENT(s390_cio_path_event,
	    TP_PROTO(u8 ssid, u16 devno, const u8 *events, u8 gone, u8 avail,
		     u8 pgid, u8 delivered),
	    TP_ARGS(ssid, devno, events, gone, avail, pgid, delivered),
	    TP_STRUCT__entry(__field(u8, ssid)
			     __field(u16, devno)
			     __array(u8, events, 8)
			     __field(u8, gone)
			     __field(u8, avail)
			     __field(u8, pgid)
			     __field(u8, delivered)),
	    TP_fast_assign(__entry->ssid = ssid;
			   __entry->devno = devno;
			   memcpy(__entry->events, events, 8);
			   __entry->gone = gone;
			   __entry->avail = avail;
			   __entry->pgid = pgid;
			   __entry->delivered = delivered;),
	    TP_printk("dev=0.%x.%04x gone=%02x avail=%02x pgid=%02x delivered=%d",
		      __entry->ssid, __entry->devno, __entry->gone,
		      __entry->avail, __entry->pgid, __entry->delivered)
);

#endif /* _TRACE_S390_CIO_PATH_H */

/* This part must be outside protection */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .

#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE path_trace

#include <trace/define_trace.h>
