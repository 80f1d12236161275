// SPDX-License-Identifier: GPL-2.0
/*
 * Channel-path fault injection: multipath subchannels and FICON-style path
 * failures on any hypervisor.
 *
 * QEMU gives every virtio-ccw subchannel one path and never reports path
 * changes. Attaching a subchannel here gives it up to eight emulated paths:
 * STSCH shows them in PIM/PAM/POM/CHPID, SSCH picks one of them for each
 * start function (and runs the I/O on the real path underneath), TSCH
 * reports it in LPUM, and failing a path removes it as a FICON fabric
 * would, with the channel report word hardware raises. The rest of the
 * kernel runs unchanged: it learns about paths through the instructions and
 * CRWs, exactly as on an LPAR.
 *
 * Interface: /sys/kernel/debug/s390/cio/path_inject, see
 * Documentation/arch/s390/path-failover.rst.
 */

#define KMSG_COMPONENT "cio"
#define pr_fmt(fmt) KMSG_COMPONENT ": " fmt

#include <linux/debugfs.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <asm/chpid.h>
#include <asm/cio.h>
#include <asm/crw.h>
#include <asm/scsw.h>

#include "chp.h"
#include "chsc.h"
#include "cio.h"
#include "cio_debug.h"
#include "cio_inject.h"
#include "css.h"
#include "ioasm.h"
#include "orb.h"
#include "path_inject.h"

/*
 * Channel-path type shown for chpids the hypervisor does not describe:
 * FICON native (FC), the fabric this injector imitates.
 */
#define PATH_INJECT_CHP_TYPE	0x1a
#define CHSC_SCPD_CODE		0x0002
#define CHSC_RESPONSE_OK	0x0001
/* Pending CRWs; a full queue sets the overflow bit on the next one. */
#define PATH_INJECT_CRW_MAX	64

DEFINE_STATIC_KEY_FALSE(path_inject_active);

/**
 * struct path_inject_sch - an attached subchannel
 * @rcu: frees the entry after the I/O instruction hooks are done with it
 * @nr: number of emulated paths
 * @chpid: the emulated paths, in PMCW order
 * @real_pim: the hypervisor's path mask, used for the real start function
 * @real_pam: the hypervisor's path-available mask as the last STSCH saw it
 * @cursor: path position the next start function tries first
 * @lpum: emulated path of the last start function, 0 if none ran
 * @pnom: paths the last start function found not operational
 * @lock: protects @held, @halt_held, @ended and @held_orb
 * @held: emulated path of the start function held in flight, 0 if none
 * @halt_held: HSCH of the held start function was accepted and is held
 *	as well: the halt is pending until release or CSCH
 * @ended: emulated path of the held start function a halt or clear ended;
 *	the next status stored by TSCH shows the end of that start function
 * @held_orb: the ORB of the held start function, as its caller issued it
 *
 * @cursor, @lpum and @pnom change with every start function, under the
 * subchannel lock of the caller of SSCH; @real_pam with every STSCH; the
 * held start function under @lock; the other fields never change.
 */
struct path_inject_sch {
	struct rcu_head rcu;
	u8 nr;
	u8 chpid[PATH_INJECT_MAX_PATHS];
	u8 real_pim;
	u8 real_pam;
	u8 cursor;
	u8 lpum;
	u8 pnom;
	spinlock_t lock;	/* nests inside the subchannel lock */
	u8 held;
	bool halt_held;
	u8 ended;
	union orb held_orb;
};

/* Attached subchannels by schid; readers are the I/O hooks, under RCU. */
static DEFINE_XARRAY(attached);
/* Serializes commands; the bitmaps are read locklessly by the hooks. */
static DEFINE_MUTEX(cmd_mutex);
static DECLARE_BITMAP(chpid_used, __MAX_CHPID + 1);
static DECLARE_BITMAP(chpid_failed, __MAX_CHPID + 1);
static DECLARE_BITMAP(chpid_quiet, __MAX_CHPID + 1);
static DECLARE_BITMAP(chpid_held, __MAX_CHPID + 1);

static DEFINE_SPINLOCK(crw_lock);
static struct crw crw_queue[PATH_INJECT_CRW_MAX];
static unsigned int crw_head, crw_count;
static bool crw_lost;

static unsigned long sch_key(struct subchannel_id schid)
{
	return (unsigned long)schid.ssid << 16 | schid.sch_no;
}

/* Paths of @p whose chpid is in @set. */
static u8 paths_in(const struct path_inject_sch *p, const unsigned long *set)
{
	u8 mask = 0;
	int i;

	for (i = 0; i < p->nr; i++)
		if (test_bit(p->chpid[i], set))
			mask |= 0x80 >> i;
	return mask;
}

/* The chpid of one emulated path bit of @p. */
static u8 path_chpid(const struct path_inject_sch *p, u8 path)
{
	return p->chpid[7 - __fls(path)];
}

/* A failed path leaves the PAM unless the failure was not reported. */
static u8 emulated_pam(const struct path_inject_sch *p)
{
	u8 gone = paths_in(p, chpid_failed) & ~paths_in(p, chpid_quiet);

	if (!(READ_ONCE(p->real_pam) & p->real_pim))
		return 0;	/* the hypervisor's own path is gone */
	return path_inject_pim(p->nr) & ~gone;
}

/* ---- I/O instruction hooks (any context, often under sch->lock) ---- */

void __path_inject_stsch(struct subchannel_id schid, struct schib *schib)
{
	struct pmcw *pmcw = &schib->pmcw;
	struct path_inject_sch *p;
	u8 held;

	rcu_read_lock();
	p = xa_load(&attached, sch_key(schid));
	if (p) {
		WRITE_ONCE(p->real_pam, pmcw->pam);
		pmcw->pam = emulated_pam(p);
		pmcw->pim = path_inject_pim(p->nr);
		pmcw->pom = 0xff;
		memset(pmcw->chpid, 0, sizeof(pmcw->chpid));
		memcpy(pmcw->chpid, p->chpid, p->nr);
		pmcw->pnom = READ_ONCE(p->pnom);
		if (pmcw->lpum)
			pmcw->lpum = READ_ONCE(p->lpum);
		held = READ_ONCE(p->held);
		if (held) {
			/* Started on the path and working there. */
			schib->scsw.cmd.fctl |= SCSW_FCTL_START_FUNC;
			schib->scsw.cmd.actl |= SCSW_ACTL_SCHACT | SCSW_ACTL_DEVACT;
			pmcw->lpum = held;
		}
		if (held && READ_ONCE(p->halt_held)) {
			/* And asked to halt, which has not happened yet. */
			schib->scsw.cmd.fctl |= SCSW_FCTL_HALT_FUNC;
			schib->scsw.cmd.actl |= SCSW_ACTL_HALT_PEND;
		}
	}
	rcu_read_unlock();
}

/*
 * Keep a start function on a held path in flight: it is not issued, so
 * it neither ends nor interrupts until it is released, halted or cleared.
 * One per subchannel, as the channel subsystem runs one.
 */
static bool hold_start(struct path_inject_sch *p, u8 path, const union orb *orb)
{
	unsigned long flags;
	bool held = false;

	spin_lock_irqsave(&p->lock, flags);
	if (!p->held && test_bit(path_chpid(p, path), chpid_held)) {
		p->held = path;
		p->halt_held = false;
		p->ended = 0;
		p->held_orb = *orb;
		p->held_orb.cmd.lpm = path;
		held = true;
	}
	spin_unlock_irqrestore(&p->lock, flags);
	return held;
}

int __path_inject_ssch_prepare(struct subchannel_id schid, union orb *orb)
{
	struct path_inject_sch *p;
	u8 lpm, path, cursor, pnom;
	int saved = PATH_INJECT_UNTOUCHED;

	rcu_read_lock();
	p = xa_load(&attached, sch_key(schid));
	if (!p)
		goto out;
	lpm = orb->cmd.lpm;
	cursor = p->cursor;
	path = path_inject_select_path(lpm, emulated_pam(p),
				       paths_in(p, chpid_failed), &cursor, &pnom);
	p->cursor = cursor;
	WRITE_ONCE(p->pnom, pnom);
	WRITE_ONCE(p->lpum, path);
	/*
	 * No working path: SSCH ends with cc 3, which CIO takes as the LPM's
	 * paths being not operational. Not a deferred cc 3 from the real
	 * subchannel: QEMU keeps that cc in every later SCSW of it.
	 */
	if (!path) {
		saved = PATH_INJECT_NO_PATH;
		goto out;
	}
	if (hold_start(p, path, orb)) {
		saved = PATH_INJECT_HELD;
		goto out;
	}
	orb->cmd.lpm = p->real_pim;
	saved = lpm;
out:
	rcu_read_unlock();
	return saved;
}

void __path_inject_tsch(struct subchannel_id schid, struct irb *irb)
{
	struct cmd_scsw *scsw = &irb->scsw.cmd;
	struct path_inject_sch *p;
	unsigned long flags;
	u8 lpum;

	if (scsw_is_tm(&irb->scsw) || !(scsw->stctl & SCSW_STCTL_STATUS_PEND))
		return;
	rcu_read_lock();
	p = xa_load(&attached, sch_key(schid));
	lpum = p ? READ_ONCE(p->lpum) : 0;
	if (p && READ_ONCE(p->ended)) {
		/* The halt or clear ended the held start function. */
		spin_lock_irqsave(&p->lock, flags);
		if (p->ended) {
			scsw->fctl |= SCSW_FCTL_START_FUNC;
			lpum = p->ended;
			p->ended = 0;
		}
		spin_unlock_irqrestore(&p->lock, flags);
	}
	if (lpum) {
		/* Every ESW format keeps the LPUM in byte 1. */
		irb->esw.esw0.sublog.lpum = lpum;
		/*
		 * The I/O went around a broken path: say so once, at primary
		 * status, so the driver drops the path and verifies. A start
		 * that found no path at all ended with cc 3 instead.
		 */
		if (READ_ONCE(p->pnom) && (scsw->stctl & SCSW_STCTL_PRIM_STATUS) &&
		    (scsw->fctl & SCSW_FCTL_START_FUNC))
			scsw->pno = 1;
	}
	rcu_read_unlock();
}

/*
 * HSCH or CSCH was accepted: a held start function ends with it. The
 * hypervisor never saw that start function, so its status shows only the
 * halt or clear; TSCH adds the start function back.
 */
void __path_inject_halt_clear(struct subchannel_id schid)
{
	struct path_inject_sch *p;
	unsigned long flags;

	rcu_read_lock();
	p = xa_load(&attached, sch_key(schid));
	if (p) {
		spin_lock_irqsave(&p->lock, flags);
		if (p->held) {
			p->ended = p->held;
			p->held = 0;
			p->halt_held = false;
		}
		spin_unlock_irqrestore(&p->lock, flags);
	}
	rcu_read_unlock();
}

/*
 * HSCH of a start function held on a path that is still held: keep the
 * halt pending as well, as a channel subsystem does while it cannot reach
 * the device yet. Only then can an instruction overtake a halt under QEMU,
 * which ends HSCH within the instruction: a CLEAR SUBCHANNEL issued now
 * ends the start function and the halt together, and "release" issues the
 * halt for real.
 */
int __path_inject_hold_halt(struct subchannel_id schid)
{
	struct path_inject_sch *p;
	unsigned long flags;
	int cc = -1;

	rcu_read_lock();
	p = xa_load(&attached, sch_key(schid));
	if (p) {
		spin_lock_irqsave(&p->lock, flags);
		if (p->held && p->halt_held) {
			cc = 2;		/* halt function already in progress */
		} else if (p->held &&
			   test_bit(path_chpid(p, p->held), chpid_held)) {
			p->halt_held = true;
			cc = 0;
		}
		spin_unlock_irqrestore(&p->lock, flags);
	}
	rcu_read_unlock();
	return cc;
}

/* Describe emulated chpids the hypervisor does not know (CHSC SCPD). */
void __path_inject_chsc(void *chsc_area)
{
	struct chsc_scpd *scpd = chsc_area;
	struct channel_path_desc_fmt0 *desc = (void *)scpd->data;
	u8 id = scpd->first_chpid;

	if (scpd->request.code != CHSC_SCPD_CODE || scpd->rfmt || scpd->m ||
	    scpd->c || scpd->cssid || id != scpd->last_chpid ||
	    !test_bit(id, chpid_used))
		return;
	if (scpd->response.code == CHSC_RESPONSE_OK && (desc->flags & 0x80))
		return;
	memset(desc, 0, sizeof(*desc));
	desc->flags = 0x80;	/* descriptor valid */
	desc->desc = PATH_INJECT_CHP_TYPE;
	desc->chpid = id;
	scpd->response.length = offsetof(struct chsc_scpd, data) -
				offsetof(struct chsc_scpd, response) + sizeof(*desc);
	scpd->response.code = CHSC_RESPONSE_OK;
}

/* ---- channel report words ---- */

/**
 * path_inject_stcrw() - store the oldest injected CRW
 * @crw: where to store it
 *
 * Called by STCRW while CIO injection is enabled, before asking the
 * machine. A CRW stored after the queue was full carries the overflow bit,
 * so the kernel re-evaluates everything, as with the hardware's.
 *
 * Return: 0 when a CRW was stored, 1 when none is pending (STCRW's cc).
 */
int path_inject_stcrw(struct crw *crw)
{
	unsigned long flags;
	int cc = 1;

	spin_lock_irqsave(&crw_lock, flags);
	if (crw_count) {
		*crw = crw_queue[crw_head];
		crw_head = (crw_head + 1) % PATH_INJECT_CRW_MAX;
		crw_count--;
		if (crw_lost) {
			crw->oflw = 1;
			crw_lost = false;
		}
		cc = 0;
	}
	spin_unlock_irqrestore(&crw_lock, flags);
	return cc;
}

/* Queue @n CRWs as one chain (a chain must not be split by an overflow). */
static void raise_crws(const struct crw *crws, unsigned int n)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&crw_lock, flags);
	if (crw_count + n > PATH_INJECT_CRW_MAX) {
		crw_lost = true;
	} else {
		for (i = 0; i < n; i++)
			crw_queue[(crw_head + crw_count++) % PATH_INJECT_CRW_MAX] = crws[i];
	}
	spin_unlock_irqrestore(&crw_lock, flags);
	crw_handle_channel_report();
}

static void raise_chp_crw(u8 chpid, u8 erc)
{
	struct crw crw = { .rsc = CRW_RSC_CPATH, .erc = erc, .rsid = chpid };

	raise_crws(&crw, 1);
}

/* Installed parameters modified: the kernel re-reads the subchannel. */
static void raise_sch_crw(struct subchannel_id schid)
{
	struct crw crws[2] = {
		{ .rsc = CRW_RSC_SCH, .erc = CRW_ERC_PMOD, .rsid = schid.sch_no },
		{ .rsc = CRW_RSC_SCH, .erc = CRW_ERC_PMOD, .rsid = schid.ssid << 4 },
	};

	/* Subchannel sets other than 0 need the chained second CRW. */
	if (schid.ssid)
		crws[0].chn = 1;
	raise_crws(crws, schid.ssid ? 2 : 1);
}

/* ---- commands (process context, cmd_mutex held) ---- */

static void update_chpid_used(void)
{
	struct path_inject_sch *p;
	unsigned long key;
	int i;

	bitmap_zero(chpid_used, __MAX_CHPID + 1);
	xa_for_each(&attached, key, p)
		for (i = 0; i < p->nr; i++)
			set_bit(p->chpid[i], chpid_used);
	bitmap_and(chpid_held, chpid_held, chpid_used, __MAX_CHPID + 1);
}

/*
 * Issue the start function held on @chpid of @p now, for real: it runs and
 * ends as any other, with its interrupt. When a halt of it is held too,
 * issue the halt instead: its interrupt shows the start function halted on
 * the held path. A negative @chpid: @p is being detached, whatever it held
 * runs on the hypervisor's path.
 */
static void release_start(unsigned long key, struct path_inject_sch *p,
			  int chpid)
{
	struct subchannel_id schid;
	struct subchannel *sch;
	bool held, halt = false;
	union orb orb;
	int cc = 0;

	init_subchannel_id(&schid);
	schid.ssid = key >> 16;
	schid.sch_no = key & 0xffff;
	sch = get_subchannel_by_schid(schid);
	if (!sch)
		return;
	spin_lock_irq(&sch->lock);
	spin_lock(&p->lock);
	held = p->held && (chpid < 0 || path_chpid(p, p->held) == chpid);
	if (held) {
		orb = p->held_orb;
		halt = p->halt_held;
		/* The halt ends the start function, as TSCH will show. */
		if (halt)
			p->ended = p->held;
		p->held = 0;
		p->halt_held = false;
		/* Detached: the hypervisor's own path runs it. */
		if (chpid < 0)
			orb.cmd.lpm = p->real_pim;
	}
	spin_unlock(&p->lock);
	if (halt)
		cc = hsch(schid);
	else if (held)
		cc = ssch(schid, &orb);
	spin_unlock_irq(&sch->lock);
	put_device(&sch->dev);
	if (cc)
		pr_warn("path_inject: released %s on 0.%x.%04x ended with cc %d\n",
			halt ? "halt" : "start", schid.ssid, schid.sch_no, cc);
}

static int do_attach(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	struct path_inject_sch *p;
	struct schib schib;
	int rc;

	if (xa_load(&attached, sch_key(cmd->schid)))
		return path_inject_reject(why, len, "subchannel 0.%x.%04x is already attached",
					  cmd->schid.ssid, cmd->schid.sch_no);
	if (stsch(cmd->schid, &schib) || schib.pmcw.st != SUBCHANNEL_TYPE_IO ||
	    !schib.pmcw.dnv || !schib.pmcw.pim)
		return path_inject_reject(why, len, "no I/O subchannel 0.%x.%04x with a device",
					  cmd->schid.ssid, cmd->schid.sch_no);
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->nr = cmd->nr_chpids;
	memcpy(p->chpid, cmd->chpid, p->nr);
	p->real_pim = schib.pmcw.pim;
	p->real_pam = schib.pmcw.pam;
	spin_lock_init(&p->lock);
	rc = xa_insert(&attached, sch_key(cmd->schid), p, GFP_KERNEL);
	if (rc) {
		kfree(p);
		return rc;
	}
	update_chpid_used();
	static_branch_inc(&path_inject_active);
	/* Quiet: the paths changed behind the kernel's back, as with a lost CRW. */
	if (!cmd->quiet)
		raise_sch_crw(cmd->schid);
	return 0;
}

static int do_detach(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	struct path_inject_sch *p;

	p = xa_erase(&attached, sch_key(cmd->schid));
	if (!p)
		return path_inject_reject(why, len, "subchannel 0.%x.%04x is not attached",
					  cmd->schid.ssid, cmd->schid.sch_no);
	release_start(sch_key(cmd->schid), p, -1);
	kfree_rcu(p, rcu);
	update_chpid_used();
	static_branch_dec(&path_inject_active);
	raise_sch_crw(cmd->schid);
	return 0;
}

/* Mark the injected change in the trace, before the CRW it raises. */
static void trace_injected(u8 id, enum cio_trace_chp_ev event)
{
	struct chp_id chpid;

	chp_id_init(&chpid);
	chpid.id = id;
	trace_s390_cio_chp_event(chpid.cssid, chpid.id, event,
				 CIO_TRACE_SRC_INJECT);
}

static int do_fail(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	u8 chpid = cmd->chpid[0];

	if (!test_bit(chpid, chpid_used))
		return path_inject_reject(why, len, "chpid %02x is used by no attached subchannel",
					  chpid);
	/* A quiet failure may later be reported; nothing else repeats. */
	if (test_bit(chpid, chpid_failed) &&
	    (cmd->quiet || !test_bit(chpid, chpid_quiet)))
		return path_inject_reject(why, len, "chpid %02x has failed already", chpid);
	if (cmd->quiet)
		set_bit(chpid, chpid_quiet);
	else
		clear_bit(chpid, chpid_quiet);
	set_bit(chpid, chpid_failed);
	trace_injected(chpid, CIO_TRACE_CHP_GONE);
	if (!cmd->quiet)
		raise_chp_crw(chpid, CRW_ERC_PERRN);
	return 0;
}

static int do_restore(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	u8 chpid = cmd->chpid[0];

	if (!test_bit(chpid, chpid_failed))
		return path_inject_reject(why, len, "chpid %02x has not failed", chpid);
	clear_bit(chpid, chpid_failed);
	clear_bit(chpid, chpid_quiet);
	trace_injected(chpid, CIO_TRACE_CHP_CAME);
	/* A lost report: the kernel's recovery timer must find the path. */
	if (!cmd->quiet)
		raise_chp_crw(chpid, CRW_ERC_INIT);
	return 0;
}

static int do_hold(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	u8 chpid = cmd->chpid[0];

	if (!test_bit(chpid, chpid_used))
		return path_inject_reject(why, len, "chpid %02x is used by no attached subchannel",
					  chpid);
	if (test_and_set_bit(chpid, chpid_held))
		return path_inject_reject(why, len, "chpid %02x is held already", chpid);
	return 0;
}

static int do_release(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	u8 chpid = cmd->chpid[0];
	struct path_inject_sch *p;
	unsigned long key;

	if (!test_and_clear_bit(chpid, chpid_held))
		return path_inject_reject(why, len, "chpid %02x is not held", chpid);
	xa_for_each(&attached, key, p)
		release_start(key, p, chpid);
	return 0;
}

/*
 * Hand @cmd->count channel-path events for one chpid to the driver of one
 * subchannel, path gone and path came in turn, as chsc_chp_offline() and
 * chsc_chp_online() do for each subchannel, but without a CRW, without the
 * walk over all subchannels and without changing any path: a fast source
 * of reports for a driver's own bookkeeping (the vfio-ccw CRW queue).
 */
static int do_events(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	struct chp_link link = {};
	struct subchannel *sch;
	unsigned int i;
	int rc = 0;

	sch = get_subchannel_by_schid(cmd->schid);
	if (!sch)
		return path_inject_reject(why, len, "no subchannel 0.%x.%04x",
					  cmd->schid.ssid, cmd->schid.sch_no);
	chp_id_init(&link.chpid);
	link.chpid.id = cmd->chpid[0];
	for (i = 0; i < cmd->count && !rc; i++) {
		spin_lock_irq(&sch->lock);
		if (sch->driver && sch->driver->chp_event)
			rc = sch->driver->chp_event(sch, &link,
						    i % 2 ? CHP_ONLINE : CHP_OFFLINE);
		spin_unlock_irq(&sch->lock);
		cond_resched();
	}
	put_device(&sch->dev);
	return rc;
}

static int run_command(const struct path_inject_cmd *cmd, char *why, size_t len)
{
	switch (cmd->op) {
	case PATH_INJECT_ATTACH:
		return do_attach(cmd, why, len);
	case PATH_INJECT_DETACH:
		return do_detach(cmd, why, len);
	case PATH_INJECT_FAIL:
		return do_fail(cmd, why, len);
	case PATH_INJECT_RESTORE:
		return do_restore(cmd, why, len);
	case PATH_INJECT_HOLD:
		return do_hold(cmd, why, len);
	case PATH_INJECT_RELEASE:
		return do_release(cmd, why, len);
	case PATH_INJECT_EVENTS:
		return do_events(cmd, why, len);
	}
	return -EINVAL;
}

/* ---- debugfs ---- */

static ssize_t path_inject_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct path_inject_cmd cmd;
	char buf[80], why[80];
	int rc;

	if (!static_branch_likely(&cio_inject_enabled)) {
		pr_warn("path_inject: CIO inject is not enabled (write 1 to enable_inject)\n");
		return -EINVAL;
	}
	if (count >= sizeof(buf)) {
		pr_warn("path_inject: command too long\n");
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	why[0] = '\0';
	rc = path_inject_check_text(buf, count, why, sizeof(why));
	if (!rc)
		rc = path_inject_parse(buf, &cmd, why, sizeof(why));
	if (!rc) {
		mutex_lock(&cmd_mutex);
		rc = run_command(&cmd, why, sizeof(why));
		mutex_unlock(&cmd_mutex);
	}
	if (rc) {
		if (why[0])
			pr_warn("path_inject: %s\n", why);
		return rc;
	}
	return count;
}

static int path_inject_show(struct seq_file *m, void *v)
{
	struct path_inject_sch *p;
	unsigned long key;
	unsigned int chpid;
	int i;

	mutex_lock(&cmd_mutex);
	xa_for_each(&attached, key, p) {
		seq_printf(m, "attach 0.%lx.%04lx ", key >> 16, key & 0xffff);
		for (i = 0; i < p->nr; i++)
			seq_printf(m, "%s%02x", i ? "," : "", p->chpid[i]);
		seq_putc(m, '\n');
	}
	for_each_set_bit(chpid, chpid_failed, __MAX_CHPID + 1)
		seq_printf(m, "fail %02x%s\n", chpid,
			   test_bit(chpid, chpid_quiet) ? " quiet" : "");
	for_each_set_bit(chpid, chpid_held, __MAX_CHPID + 1)
		seq_printf(m, "hold %02x\n", chpid);
	mutex_unlock(&cmd_mutex);
	return 0;
}

static int path_inject_open(struct inode *inode, struct file *file)
{
	return single_open(file, path_inject_show, NULL);
}

static const struct file_operations path_inject_fops = {
	.owner = THIS_MODULE,
	.open = path_inject_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = path_inject_write,
};

static int __init path_inject_init(void)
{
	debugfs_create_file("path_inject", 0600, cio_debugfs_dir, NULL,
			    &path_inject_fops);
	return 0;
}
device_initcall(path_inject_init);
