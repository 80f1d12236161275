/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The channel-path table of a subchannel when the machine has no CHSC
 * store-subchannel-description: built from the PMCW, and kept current
 * across channel-path events.
 */

#ifndef S390_CIO_CSS_SSD_H
#define S390_CIO_CSS_SSD_H

#include <linux/types.h>
#include <asm/chpid.h>

struct chsc_ssd_info;
struct pmcw;

void ssd_from_pmcw(struct chsc_ssd_info *ssd, const struct pmcw *pmcw);
u8 ssd_pmcw_changed(const struct chsc_ssd_info *ssd, const struct pmcw *pmcw);
void css_ssd_refresh(struct chp_id chpid, bool reread);
void css_ssd_chp_event(struct chp_id chpid, bool came);

#endif /* S390_CIO_CSS_SSD_H */
