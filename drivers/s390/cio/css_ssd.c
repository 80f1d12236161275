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
 * and rebuild it when the two disagree (css_ssd_chp_event()). Where CHSC
 * provides the tables (LPAR) they are not compared: there a subchannel
 * CRW reports every change.
 */

#define KMSG_COMPONENT "cio"
#define pr_fmt(fmt) KMSG_COMPONENT ": " fmt

#include <linux/device.h>
#include <linux/errno.h>
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

/* Where the machine's path tables come from; asked once. */
enum ssd_source {
	SSD_UNKNOWN,
	SSD_PMCW,
	SSD_CHSC,
};

static enum ssd_source ssd_source;

/*
 * True when path tables are built from the PMCW: CHSC SSD is missing
 * (KVM, z/VM). Asked with @sch, a subchannel that exists, so -ENODEV
 * means that CHSC itself is not available. A busy CHSC leaves the
 * question open for the next event; this one refreshes as without CHSC.
 */
static bool ssd_tables_from_pmcw(struct subchannel *sch)
{
	struct chsc_ssd_info ssd;
	int rc;

	if (ssd_source == SSD_UNKNOWN) {
		rc = chsc_get_ssd_info(sch->schid, &ssd);
		if (!rc)
			ssd_source = SSD_CHSC;
		else if (rc != -EBUSY)
			ssd_source = SSD_PMCW;
	}
	return ssd_source != SSD_CHSC;
}

struct ssd_refresh {
	struct chp_link link;
	bool reread;
};

static int ssd_refresh_sch(struct subchannel *sch, void *data)
{
	struct ssd_refresh *r = data;
	u8 changed = 0;

	/* CHSC tables are current: stop the walk. */
	if (!ssd_tables_from_pmcw(sch))
		return -EOPNOTSUPP;

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

	if (ssd_source == SSD_CHSC)
		return;
	r.link.chpid = chpid;
	for_each_subchannel_staged(ssd_refresh_sch, NULL, &r);
}

/**
 * css_ssd_chp_event() - evaluate a channel path that came or is gone
 * @chpid: the channel path
 * @came: true for a path available, false for a path gone
 *
 * What chp_process_crw() does for such a CRW, with the path tables built
 * from the PMCW kept current: a hypervisor may change the paths of a
 * subchannel and report only the channel path. Before a path-available
 * evaluation of a chpid the kernel does not know, every subchannel is
 * re-read, since no table can name the chpid yet; after the evaluation of
 * a known chpid, the subchannels it stored are compared, without another
 * STSCH. Process context, no locks held: tables are rebuilt and chpids
 * registered outside the subchannel locks that the evaluation takes.
 */
void css_ssd_chp_event(struct chp_id chpid, bool came)
{
	bool known = chp_is_registered(chpid);

	if (came) {
		if (!known)
			css_ssd_refresh(chpid, true);
		chp_new(chpid);
		chsc_chp_online(chpid);
	} else {
		chsc_chp_offline(chpid);
	}
	if (known)
		css_ssd_refresh(chpid, false);
}
