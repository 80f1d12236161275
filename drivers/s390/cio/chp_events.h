/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Coalescing of channel-path events: one evaluation per chpid and state,
 * however many channel report words describe it.
 */

#ifndef S390_CIO_CHP_EVENTS_H
#define S390_CIO_CHP_EVENTS_H

#include <linux/types.h>
#include <asm/chpid.h>
#include <asm/crw.h>

/**
 * enum chp_ev_state - channel-path state a report asks the kernel to evaluate
 * @CHP_EV_NONE: nothing (no evaluation pending; state unknown)
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
 * struct chp_ev_slot - coalescing state of one chpid
 * @pending: the state to evaluate next, CHP_EV_NONE if none is scheduled
 * @applied: the state last taken for evaluation (running or done);
 *	CHP_EV_NONE when unknown (at boot and after an overflow)
 */
struct chp_ev_slot {
	u8 pending;
	u8 applied;
};

/* The state machine (pure, tested by KUnit). */
bool chp_ev_report(struct chp_ev_slot *slot, enum chp_ev_state state);
enum chp_ev_state chp_ev_take(struct chp_ev_slot *slot);
void chp_ev_forget(struct chp_ev_slot *slot);

#ifdef CONFIG_CIO_CHP_COALESCE
bool chp_events_report(struct chp_id chpid, int erc);
void chp_events_overflow(void);
void chp_events_flush(void);
#else
static inline bool chp_events_report(struct chp_id chpid, int erc)
{
	return false;
}

static inline void chp_events_overflow(void) {}
static inline void chp_events_flush(void) {}
#endif

#endif /* S390_CIO_CHP_EVENTS_H */
