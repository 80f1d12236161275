/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channel-path fault injection: multipath subchannels and FICON-style path
 * failures emulated at the I/O instruction level.
 *
 * The hooks below sit in the I/O instruction wrappers (ioasm.c). They cost a
 * patched-out branch until the first subchannel is attached.
 */

#ifndef S390_CIO_PATH_INJECT_H
#define S390_CIO_PATH_INJECT_H

#include <linux/jump_label.h>
#include <linux/types.h>
#include <asm/schid.h>

#include "orb.h"

struct crw;
struct irb;
struct schib;
union orb;

/* Most paths a subchannel can have: one per PMCW CHPID slot. */
#define PATH_INJECT_MAX_PATHS	8
/* Most channel-path events one "events" command delivers. */
#define PATH_INJECT_MAX_EVENTS	1000000

/**
 * enum path_inject_op - what a path_inject command does
 * @PATH_INJECT_ATTACH: give a subchannel emulated paths
 * @PATH_INJECT_DETACH: return a subchannel to the hypervisor's data
 * @PATH_INJECT_FAIL: break a channel path
 * @PATH_INJECT_RESTORE: repair a channel path
 * @PATH_INJECT_HOLD: keep start functions on a channel path in flight
 * @PATH_INJECT_RELEASE: let held start functions run and end
 * @PATH_INJECT_EVENTS: hand channel-path events to a subchannel's driver
 */
enum path_inject_op {
	PATH_INJECT_ATTACH,
	PATH_INJECT_DETACH,
	PATH_INJECT_FAIL,
	PATH_INJECT_RESTORE,
	PATH_INJECT_HOLD,
	PATH_INJECT_RELEASE,
	PATH_INJECT_EVENTS,
};

/**
 * struct path_inject_cmd - one parsed path_inject command
 * @op: the command
 * @schid: subchannel of attach, detach and events
 * @chpid: channel paths: the list of attach, the one path of the others
 * @nr_chpids: entries used in @chpid
 * @quiet: attach, fail or restore without a channel report word
 * @count: number of events
 */
struct path_inject_cmd {
	enum path_inject_op op;
	struct subchannel_id schid;
	u8 chpid[PATH_INJECT_MAX_PATHS];
	u8 nr_chpids;
	bool quiet;
	u32 count;
};

/* Pure helpers (path_inject_cmd.c), also used by the KUnit suite. */
__printf(3, 4)
int path_inject_reject(char *why, size_t len, const char *fmt, ...);
int path_inject_check_text(const char *buf, size_t len, char *why, size_t why_len);
int path_inject_parse(const char *buf, struct path_inject_cmd *cmd,
		      char *why, size_t why_len);
u8 path_inject_pim(u8 nr_paths);
u8 path_inject_select_path(u8 lpm, u8 avail, u8 broken, u8 *cursor,
			   u8 *pnom);

#ifdef CONFIG_CIO_PATH_INJECT

DECLARE_STATIC_KEY_FALSE(path_inject_active);

void __path_inject_stsch(struct subchannel_id schid, struct schib *schib);
int __path_inject_ssch_prepare(struct subchannel_id schid, union orb *orb);
void __path_inject_tsch(struct subchannel_id schid, struct irb *irb);
void __path_inject_chsc(void *chsc_area);
void __path_inject_halt_clear(struct subchannel_id schid);
int __path_inject_hold_halt(struct subchannel_id schid);
int path_inject_stcrw(struct crw *crw);

static __always_inline void path_inject_stsch(struct subchannel_id schid,
					      struct schib *schib, int ccode)
{
	if (static_branch_unlikely(&path_inject_active) && ccode == 0)
		__path_inject_stsch(schid, schib);
}

/* Tokens of path_inject_ssch_prepare() besides the saved LPM (0-255). */
#define PATH_INJECT_UNTOUCHED	(-1)
#define PATH_INJECT_NO_PATH	(-2)
#define PATH_INJECT_HELD	(-3)

/*
 * Before SSCH: returns the ORB's own LPM when it was rewritten for the real
 * path, PATH_INJECT_NO_PATH when no emulated path can run the start
 * function (SSCH must then end with cc 3 without being issued),
 * PATH_INJECT_HELD when the start function is held in flight (SSCH must
 * end with cc 0 without being issued), or PATH_INJECT_UNTOUCHED.
 */
static __always_inline int path_inject_ssch_prepare(struct subchannel_id schid,
						    union orb *orb)
{
	if (static_branch_unlikely(&path_inject_active))
		return __path_inject_ssch_prepare(schid, orb);
	return PATH_INJECT_UNTOUCHED;
}

static __always_inline bool path_inject_no_path(int token)
{
	return token == PATH_INJECT_NO_PATH;
}

static __always_inline bool path_inject_held(int token)
{
	return token == PATH_INJECT_HELD;
}

/*
 * The caller's ORB is left as it was: only the channel subsystem saw the
 * change. Not keyed: a detach between the two calls must not leave it.
 */
static __always_inline void path_inject_ssch_done(union orb *orb, int saved_lpm)
{
	if (saved_lpm >= 0)
		orb->cmd.lpm = saved_lpm;
}

static __always_inline void path_inject_tsch(struct subchannel_id schid,
					     struct irb *irb, int ccode)
{
	if (static_branch_unlikely(&path_inject_active) && ccode == 0)
		__path_inject_tsch(schid, irb);
}

static __always_inline void path_inject_chsc(void *chsc_area, int ccode)
{
	if (static_branch_unlikely(&path_inject_active) && ccode == 0)
		__path_inject_chsc(chsc_area);
}

/*
 * Before HSCH: a halt of a start function held on a path that is still
 * held is held as well. Returns the condition code HSCH must end with
 * without being issued (0, or 2 when a halt is held already), or -1 when
 * HSCH is to be issued.
 */
static __always_inline int path_inject_hold_halt(struct subchannel_id schid)
{
	if (static_branch_unlikely(&path_inject_active))
		return __path_inject_hold_halt(schid);
	return -1;
}

/* After HSCH or CSCH: a held start function ends with the halt or clear. */
static __always_inline void path_inject_halt_clear(struct subchannel_id schid,
						   int ccode)
{
	if (static_branch_unlikely(&path_inject_active) && ccode == 0)
		__path_inject_halt_clear(schid);
}

#else /* CONFIG_CIO_PATH_INJECT */

static inline void path_inject_stsch(struct subchannel_id schid,
				     struct schib *schib, int ccode) {}
static inline int path_inject_ssch_prepare(struct subchannel_id schid,
					   union orb *orb)
{
	return -1;
}

static inline bool path_inject_no_path(int token)
{
	return false;
}

static inline bool path_inject_held(int token)
{
	return false;
}

static inline void path_inject_ssch_done(union orb *orb, int saved_lpm) {}
static inline void path_inject_tsch(struct subchannel_id schid,
				    struct irb *irb, int ccode) {}
static inline void path_inject_chsc(void *chsc_area, int ccode) {}
static inline void path_inject_halt_clear(struct subchannel_id schid,
					  int ccode) {}
static inline int path_inject_hold_halt(struct subchannel_id schid)
{
	return -1;
}

static inline int path_inject_stcrw(struct crw *crw)
{
	return 1;
}

#endif /* CONFIG_CIO_PATH_INJECT */
#endif /* S390_CIO_PATH_INJECT_H */
