// SPDX-License-Identifier: GPL-2.0
/*
 * The channel-path table of a subchannel from its PMCW.
 *
 * CIO maps channel-path events to subchannel path masks with the table that
 * CHSC store-subchannel-description returns. KVM guests and z/VM guests
 * without that CHSC build it from the PMCW instead, at registration and
 * whenever a subchannel CRW says the installed parameters were modified.
 */

#include <linux/string.h>
#include <asm/chpid.h>

#include "chsc.h"
#include "cio.h"
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
