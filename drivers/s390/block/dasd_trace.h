/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoint header for DASD channel-path handling: the path events DASD
 * gets from CIO and its path masks after each change.
 */

#include <linux/kernel.h>
#include <asm/ccwdev.h>
#include "dasd_int.h"

#ifndef DASD_TRACE_API_H
#define DASD_TRACE_API_H
void dasd_trace_path_events(struct dasd_device *device, const int *path_event);
void dasd_trace_path_masks(struct dasd_device *device);
#endif

#undef TRACE_SYSTEM
#define TRACE_SYSTEM dasd

#if !defined(_TRACE_DASD_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_DASD_H

#include <linux/tracepoint.h>

/**
 * dasd_path_event - DASD got a path event for one path position
 * @ssid: subchannel-set ID of the device
 * @devno: device number
 * @chp: path position (0-7, bit 0x80 >> chp of the masks)
 * @event: PE_* flags (1 gone, 2 available, 4 path group, 8 FCES)
 */
TRACE_EVENT(dasd_path_event,
	    TP_PROTO(u8 ssid, u16 devno, u8 chp, u8 event),
	    TP_ARGS(ssid, devno, chp, event),
	    TP_STRUCT__entry(__field(u8, ssid)
			     __field(u16, devno)
			     __field(u8, chp)
			     __field(u8, event)),
	    TP_fast_assign(__entry->ssid = ssid;
			   __entry->devno = devno;
			   __entry->chp = chp;
			   __entry->event = event;),
	    TP_printk("dev=0.%x.%04x chp=%u event=0x%x", __entry->ssid,
		      __entry->devno, __entry->chp, __entry->event)
);

/**
 * dasd_path_masks - DASD path masks after a change
 * @ssid: subchannel-set ID of the device
 * @devno: device number
 * @device: the DASD device; its masks are read only while the event is on
 */
TRACE_EVENT(dasd_path_masks,
	    TP_PROTO(u8 ssid, u16 devno, struct dasd_device *device),
	    TP_ARGS(ssid, devno, device),
	    TP_STRUCT__entry(__field(u8, ssid)
			     __field(u16, devno)
			     __field(u8, opm)
			     __field(u8, tbvpm)
			     __field(u8, nppm)
			     __field(u8, cablepm)
			     __field(u8, hpfpm)
			     __field(u8, ifccpm)),
	    TP_fast_assign(__entry->ssid = ssid;
			   __entry->devno = devno;
			   __entry->opm = dasd_path_get_opm(device);
			   __entry->tbvpm = dasd_path_get_tbvpm(device);
			   __entry->nppm = dasd_path_get_nppm(device);
			   __entry->cablepm = dasd_path_get_cablepm(device);
			   __entry->hpfpm = dasd_path_get_hpfpm(device);
			   __entry->ifccpm = dasd_path_get_ifccpm(device);),
	    TP_printk("dev=0.%x.%04x opm=%02x tbvpm=%02x nppm=%02x cablepm=%02x hpfpm=%02x ifccpm=%02x",
		      __entry->ssid, __entry->devno, __entry->opm,
		      __entry->tbvpm, __entry->nppm, __entry->cablepm,
		      __entry->hpfpm, __entry->ifccpm)
);

#endif /* _TRACE_DASD_H */

/* This part must be outside protection */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .

#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE dasd_trace

#include <trace/define_trace.h>
