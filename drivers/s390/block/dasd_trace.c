// SPDX-License-Identifier: GPL-2.0
/*
 * DASD channel-path trace events (dasd_trace.h) and the helpers the generic
 * path-event handler and the ECKD path verification worker call.
 *
 * Only this file emits the events, so their tracepoints are not exported;
 * dasd_trace_path_masks() is, for the ECKD discipline (dasd_eckd_mod).
 */

#include <linux/export.h>
#include <asm/ccwdev.h>

#include "dasd_int.h"

#define CREATE_TRACE_POINTS
#include "dasd_trace.h"

/**
 * dasd_trace_path_masks() - trace the path masks of a DASD
 * @device: the DASD device whose masks changed
 *
 * Costs one static-key test when dasd_path_masks is disabled.
 *
 * Context: any; does not sleep.
 */
void dasd_trace_path_masks(struct dasd_device *device)
{
	struct ccw_dev_id id;

	if (!trace_dasd_path_masks_enabled())
		return;
	ccw_device_get_id(device->cdev, &id);
	trace_dasd_path_masks(id.ssid, id.devno, device);
}
EXPORT_SYMBOL_GPL(dasd_trace_path_masks);

/**
 * dasd_trace_path_events() - trace path events and the masks they left
 * @device: the DASD device that handled the events
 * @path_event: PE_* flags for each of the eight path positions
 *
 * Emits dasd_path_event for every path position with an event, then
 * dasd_path_masks. Costs two static-key tests when both are disabled.
 *
 * Context: any; does not sleep.
 */
void dasd_trace_path_events(struct dasd_device *device, const int *path_event)
{
	struct ccw_dev_id id;
	int chp;

	if (trace_dasd_path_event_enabled()) {
		ccw_device_get_id(device->cdev, &id);
		for (chp = 0; chp < 8; chp++)
			if (path_event[chp])
				trace_dasd_path_event(id.ssid, id.devno, chp,
						      path_event[chp]);
	}
	dasd_trace_path_masks(device);
}
