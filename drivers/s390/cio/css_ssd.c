// SPDX-License-Identifier: GPL-2.0
/*
 * The channel-path table of a subchannel from its PMCW.
 *
 * CIO maps channel-path events to subchannel path masks with the table that
 * CHSC store-subchannel-description returns. KVM guests and z/VM guests
 * without that CHSC build it from the PMCW instead, at registration and
 * whenever a subchannel CRW says the installed parameters were modified.
 *
 * A guest may not get that subchannel CRW when the paths of a subchannel
 * change: the hypervisor may report only the channel path. Channel-path
 * events therefore also compare the table with the PMCW that STSCH stored
 * and rebuild it when the two disagree (css_ssd_refresh()).
 */

#define KMSG_COMPONENT "cio"
#define pr_fmt(fmt) KMSG_COMPONENT ": " fmt

#include <linux/device.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/chpid.h>

#include "chp.h"
#include "chsc.h"
#include "cio.h"
#include "cio_debug.h"
#include "css.h"
#include "css_ssd.h"

/**
 * ssd_from_pmcw() - build a subchannel's channel-path table from its PMCW
 * @ssd: the table, overwritten
 * @pmcw: the path-management control word as STSCH stored it
 *
 * Every path installed in the PIM gets the CHPID of its PMCW slot; the
 * other slots stay unused. No full link addresses are known.
 */
void ssd_from_pmcw(struct chsc_ssd_info *ssd, const struct pmcw *pmcw)
{
	int i;
	int mask;

	memset(ssd, 0, sizeof(struct chsc_ssd_info));
	ssd->path_mask = pmcw->pim;
	for (i = 0; i < 8; i++) {
		mask = 0x80 >> i;
		if (pmcw->pim & mask) {
			chp_id_init(&ssd->chpid[i]);
			ssd->chpid[i].id = pmcw->chpid[i];
		}
	}
}

/**
 * ssd_pmcw_changed() - paths on which a channel-path table and a PMCW differ
 * @ssd: the subchannel's channel-path table
 * @pmcw: the path-management control word as STSCH stored it
 *
 * A path differs when only one of the two has it installed, or when both
 * have it with different CHPIDs. CHPID bytes of uninstalled paths mean
 * nothing and are ignored, and so are full link addresses, which only
 * CHSC knows.
 *
 * Return: the mask of the paths that differ, 0 when the table is current.
 */
u8 ssd_pmcw_changed(const struct chsc_ssd_info *ssd, const struct pmcw *pmcw)
{
	u8 both = ssd->path_mask & pmcw->pim;
	u8 changed = ssd->path_mask ^ pmcw->pim;
	int i;

	for (i = 0; i < 8; i++)
		if ((both & (0x80 >> i)) && ssd->chpid[i].id != pmcw->chpid[i])
			changed |= 0x80 >> i;
	return changed;
}

/*
 * Rebuild the table of @sch, from CHSC where the machine has it, otherwise
 * from the PMCW last stored, and register the channel paths it names.
 * Sleeps: CHSC and chp_new() cannot run under the subchannel lock.
 */
static void ssd_rebuild(struct subchannel *sch)
{
	struct chsc_ssd_info ssd;
	bool from_chsc;
	int i;

	from_chsc = !chsc_get_ssd_info(sch->schid, &ssd);
	spin_lock_irq(&sch->lock);
	if (!from_chsc)
		ssd_from_pmcw(&ssd, &sch->schib.pmcw);
	sch->ssd_info = ssd;
	spin_unlock_irq(&sch->lock);

	for (i = 0; i < 8; i++)
		if (ssd.path_mask & (0x80 >> i))
			chp_new(ssd.chpid[i]);
}

struct ssd_refresh {
	struct chp_link link;
	bool reread;
};

static int ssd_refresh_sch(struct subchannel *sch, void *data)
{
	struct ssd_refresh *r = data;
	u8 changed = 0;

	spin_lock_irq(&sch->lock);
	if (r->reread) {
		if (!cio_update_schib(sch))
			changed = ssd_pmcw_changed(&sch->ssd_info, &sch->schib.pmcw);
	} else if (chp_ssd_get_mask(&sch->ssd_info, &r->link)) {
		changed = ssd_pmcw_changed(&sch->ssd_info, &sch->schib.pmcw);
	}
	spin_unlock_irq(&sch->lock);

	if (changed) {
		CIO_MSG_EVENT(2, "ssd: 0.%x.%04x: paths %02x changed, chp %x.%02x\n",
			      sch->schid.ssid, sch->schid.sch_no, changed,
			      r->link.chpid.cssid, r->link.chpid.id);
		ssd_rebuild(sch);
	}
	return 0;
}

/**
 * css_ssd_refresh() - bring the channel-path tables up to date for a chpid
 * @chpid: the channel path of a channel-path event
 * @reread: re-read every subchannel with STSCH first
 *
 * Called in process context around the evaluation of a channel-path event.
 * With @reread, every registered subchannel is re-read, so that the ones
 * that use @chpid without their table saying so are found: needed before
 * the evaluation of a channel path that the kernel does not know, which
 * no table can name. Without @reread, only the subchannels whose table
 * names @chpid are compared, with the PMCW that the evaluation just
 * stored: no STSCH is added.
 *
 * A table that differs from the PMCW is rebuilt, and channel paths new to
 * the kernel are registered.
 */
void css_ssd_refresh(struct chp_id chpid, bool reread)
{
	struct ssd_refresh r = { .reread = reread };

	r.link.chpid = chpid;
	for_each_subchannel_staged(ssd_refresh_sch, NULL, &r);
}
