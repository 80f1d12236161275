/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Coalescing of channel-path events: reports of one chpid that the CRW
 * thread stores in one go are evaluated once, and a report that provably
 * changes nothing is not evaluated at all.
 */

#ifndef S390_CIO_CHP_EVENTS_H
#define S390_CIO_CHP_EVENTS_H

#include <linux/types.h>
#include <asm/chpid.h>
#include <asm/crw.h>

struct subchannel;

/**
 * enum chp_ev_state - channel-path state a report asks the kernel to evaluate
 * @CHP_EV_NONE: nothing (no evaluation pending)
 * @CHP_EV_GONE: the path is gone (CRW ERC permanent error)
 * @CHP_EV_CAME: the path is available (CRW ERC initialized)
 */
enum chp_ev_state {
	CHP_EV_NONE,
	CHP_EV_GONE,
	CHP_EV_CAME,
};

/**
 * chp_ev_state_of_erc() - the path state a channel-path CRW reports
 * @erc: the CRW's error recovery code
 *
 * Return: CHP_EV_CAME or CHP_EV_GONE, CHP_EV_NONE for an ERC that reports
 * no path change.
 */
static inline enum chp_ev_state chp_ev_state_of_erc(int erc)
{
	switch (erc) {
	case CRW_ERC_IPARM:
	case CRW_ERC_INIT:
		return CHP_EV_CAME;
	case CRW_ERC_PERRI:
	case CRW_ERC_PERRN:
		return CHP_EV_GONE;
	}
	return CHP_EV_NONE;
}

/**
 * enum chp_ev_phase - where a subchannel's path verification stands
 * @CHP_EV_UNKNOWN: a state whose next steps are not known here: the masks
 *	prove nothing
 * @CHP_EV_SETTLED: no verification runs or is pending, no path event
 *	waits for one: the masks are final
 * @CHP_EV_VERIFYING: a verification runs or is pending; it stores the
 *	subchannel when it starts, so what it finds reflects every channel
 *	path event evaluated before it started
 */
enum chp_ev_phase {
	CHP_EV_UNKNOWN,
	CHP_EV_SETTLED,
	CHP_EV_VERIFYING,
};

/**
 * struct chp_ev_sch - what the kernel knows of one subchannel's path
 * @mask: the path's bit in the masks below
 * @lpm: logical path mask (the paths CIO uses; the verified ones)
 * @opm: operational path mask (paths not varied off)
 * @pam: path-available mask as STSCH stored it last
 * @gone_mask: paths gone that a pending verification reports to the driver
 * @new_mask: paths available that a pending verification reports
 * @notify: the device is online and its driver takes path events
 * @phase: where verification stands
 *
 * Read from memory under the subchannel lock, without an I/O instruction.
 */
struct chp_ev_sch {
	u8 mask;
	u8 lpm;
	u8 opm;
	u8 pam;
	u8 gone_mask;
	u8 new_mask;
	bool notify;
	enum chp_ev_phase phase;
};

/* The decisions (pure, tested by KUnit). */
bool chp_ev_merge(u8 *pending, bool *mixed, enum chp_ev_state state);
bool chp_ev_sch_matches(const struct chp_ev_sch *s, enum chp_ev_state state);

/* Defined by the I/O subchannel driver (device.c). */
bool io_subchannel_drives(struct subchannel *sch);

#ifdef CONFIG_CIO_CHP_COALESCE
bool chp_events_report(struct chp_id chpid, int erc);
void chp_events_flush(void);
#else
static inline bool chp_events_report(struct chp_id chpid, int erc)
{
	return false;
}

static inline void chp_events_flush(void) {}
#endif

#endif /* S390_CIO_CHP_EVENTS_H */
