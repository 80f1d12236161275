// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw: channel report words for the VMM, and the host's path changes
 *
 * vfio-ccw tells the VMM about channel-path changes with channel report
 * words (CRWs) it reads from the CRW region after the CRW eventfd fired.
 * The producers run from chp_event, under the subchannel lock with
 * interrupts off, so the queue is a fixed ring inside the mdev: queueing
 * never allocates, never sleeps and never fails silently. When the ring is
 * full, further CRWs are dropped and the next CRW read carries the
 * overflow bit, as the channel subsystem does when its own CRW queue
 * overflows; the VMM and the guest then re-evaluate every path.
 *
 * The contract a VMM can rely on is described in
 * Documentation/arch/s390/path-failover.rst.
 */

#include <linux/eventfd.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vfio_ccw.h>

#include "cio.h"
#include "vfio_ccw_private.h"

static struct subchannel_id crw_schid(struct vfio_ccw_private *private)
{
	return to_subchannel(private->vdev.dev->parent)->schid;
}

static u32 crw_word(const struct crw *crw)
{
	u32 word;

	memcpy(&word, crw, sizeof(word));
	return word;
}

/**
 * vfio_ccw_crw_init() - set up an empty CRW queue
 * @q: the queue, part of a new mdev
 */
void vfio_ccw_crw_init(struct vfio_ccw_crw_queue *q)
{
	memset(q, 0, sizeof(*q));
	spin_lock_init(&q->lock);
}

/**
 * vfio_ccw_crw_purge() - start over: no queued CRW, no overflow, no halt
 * @private: the mdev
 *
 * Called when the VMM opens, resets or closes the device: what was queued
 * before describes paths the VMM looks at afresh anyway, and CRWs queued
 * while the device was closed must not reach the next opener. A reader
 * copying a CRW out at the same time does not dequeue a CRW queued after
 * the purge. A halt vfio_ccw_crw_path_gone() issued belongs to the
 * previous user: its interrupt, if it still comes, is not rewritten.
 *
 * Context: process; takes the subchannel lock.
 */
void vfio_ccw_crw_purge(struct vfio_ccw_private *private)
{
	struct subchannel *sch = to_subchannel(private->vdev.dev->parent);
	struct vfio_ccw_crw_queue *q = &private->crw_queue;

	spin_lock_irq(&sch->lock);
	private->lost_path_halt = 0;
	spin_lock(&q->lock);
	vfio_ccw_crw_ring_purge(q);
	spin_unlock(&q->lock);
	spin_unlock_irq(&sch->lock);
}

/**
 * vfio_ccw_crw_add() - queue a CRW for the VMM
 * @private: the mdev
 * @rsc: reporting-source code
 * @erc: error-recovery code
 * @rsid: reporting-source ID
 *
 * A full queue drops the CRW and remembers to set the overflow bit in the
 * next CRW read.
 *
 * Context: any; chp_event calls it under the subchannel lock with
 * interrupts off. Never sleeps, never allocates.
 */
static void vfio_ccw_crw_add(struct vfio_ccw_private *private,
			     unsigned int rsc, unsigned int erc,
			     unsigned int rsid)
{
	struct vfio_ccw_crw_queue *q = &private->crw_queue;
	struct crw crw = { .rsc = rsc, .erc = erc, .rsid = rsid };
	struct subchannel_id schid = crw_schid(private);
	unsigned long flags;
	bool queued;

	spin_lock_irqsave(&q->lock, flags);
	queued = vfio_ccw_crw_ring_add(q, crw);
	if (queued)
		trace_vfio_ccw_crw_queue(schid, crw_word(&crw), q->count,
					 vfio_ccw_crw_ring_lost(q));
	else
		trace_vfio_ccw_crw_drop(schid, crw_word(&crw), q->count, true);
	spin_unlock_irqrestore(&q->lock, flags);

	/*
	 * Signal from the workqueue, which also delivers I/O interrupts, in
	 * order: an I/O interrupt caused after this CRW is signalled after it.
	 * A dropped CRW needs no signal: the full queue had one already.
	 */
	if (queued)
		queue_work(vfio_ccw_work_q, &private->crw_work);
}

/**
 * vfio_ccw_crw_todo() - tell the VMM that CRWs are waiting
 * @work: the mdev's crw_work
 */
void vfio_ccw_crw_todo(struct work_struct *work)
{
	struct vfio_ccw_private *private;
	unsigned long flags;

	private = container_of(work, struct vfio_ccw_private, crw_work);

	spin_lock_irqsave(&private->crw_queue.lock, flags);
	if (private->crw_queue.count && private->crw_trigger)
		eventfd_signal(private->crw_trigger);
	spin_unlock_irqrestore(&private->crw_queue.lock, flags);
}

/**
 * vfio_ccw_crw_read() - copy the oldest CRW to user space, then dequeue it
 * @private: the mdev
 * @region: kernel buffer of the CRW region
 * @buf: user buffer
 * @count: bytes to read; the caller ensured @pos + @count fits the region
 * @pos: offset into the region
 *
 * A read must start at offset 0 and return at least the crw field: any
 * other read could not return a CRW entirely and is refused with -EINVAL,
 * leaving the queue alone. The CRW leaves the queue only after it was
 * copied out: when copy_to_user() faults, the read fails with -EFAULT and
 * the next read returns the same CRW. An empty queue reads as a CRW of 0.
 *
 * Context: process; the caller holds @private->io_mutex, which serializes
 * readers, so the oldest CRW cannot be taken by another read meanwhile.
 * Return: @count, -EINVAL or -EFAULT.
 */
ssize_t vfio_ccw_crw_read(struct vfio_ccw_private *private, void *region,
			  char __user *buf, size_t count, loff_t pos)
{
	struct vfio_ccw_crw_queue *q = &private->crw_queue;
	struct ccw_crw_region *r = region;
	struct vfio_ccw_crw_peek peek;
	struct crw crw = {};
	unsigned long flags;
	bool have;

	if (pos || count < sizeof(r->crw))
		return -EINVAL;

	spin_lock_irqsave(&q->lock, flags);
	have = vfio_ccw_crw_ring_peek(q, &crw, &peek);
	spin_unlock_irqrestore(&q->lock, flags);

	r->crw = crw_word(&crw);
	r->pad = 0;
	if (copy_to_user(buf, r, count))
		return -EFAULT;
	if (!have)
		return count;

	spin_lock_irqsave(&q->lock, flags);
	/* A purge while we copied has taken the CRW already. */
	if (vfio_ccw_crw_ring_pop(q, &peek)) {
		trace_vfio_ccw_crw_read(crw_schid(private), r->crw, q->count,
					crw.oflw);
		if (q->count && private->crw_trigger)
			eventfd_signal(private->crw_trigger);
	}
	spin_unlock_irqrestore(&q->lock, flags);
	return count;
}

/**
 * vfio_ccw_crw_path_gone() - a path of the subchannel went away
 * @private: the mdev
 * @sch: the subchannel, its SCHIB just updated
 * @mask: the path's bit in the path masks
 * @chpid: the channel path
 *
 * For a path that failed (CHP_OFFLINE) and for one the host varied off
 * (CHP_VARY_OFF) alike, the VMM gets a path-gone CRW first. Guest I/O still
 * running on the path is then halted: HALT SUBCHANNEL always ends with an
 * I/O interrupt, unlike CANCEL SUBCHANNEL, which withdraws a start function
 * silently. vfio_ccw_crw_io_end() presents that interrupt to the guest as
 * the end of its start function on a failed path. The CRW is signalled
 * before that interrupt. An idle subchannel is left alone: there is
 * nothing to end, and an unsolicited interrupt would only confuse the
 * guest.
 *
 * Context: chp_event, under the subchannel lock with interrupts off.
 */
void vfio_ccw_crw_path_gone(struct vfio_ccw_private *private,
			    struct subchannel *sch, int mask,
			    struct chp_id chpid)
{
	u32 actl = scsw_actl(&sch->schib.scsw);

	vfio_ccw_crw_add(private, CRW_RSC_CPATH, CRW_ERC_PERRN, chpid.id);

	if (private->state != VFIO_CCW_STATE_CP_PENDING || !actl ||
	    !(sch->schib.pmcw.lpum & mask) ||
	    (actl & (SCSW_ACTL_HALT_PEND | SCSW_ACTL_CLEAR_PEND)))
		return;
	if (!cio_halt(sch))
		private->lost_path_halt = sch->schib.pmcw.lpum & mask;
}

/**
 * vfio_ccw_crw_io_end() - end guest I/O halted for a lost path as hardware does
 * @private: the mdev
 * @irb: the interrupt response block the VMM is about to get
 *
 * The guest issued a start function, not a halt: the status of the halt
 * vfio_ccw_crw_path_gone() issued would end I/O the guest cannot tell
 * from its own halt. Present it as the channel subsystem ends a start
 * function whose path fails: start function, status pending with alert,
 * primary and secondary status, interface-control check, path not
 * operational, the lost path in LPUM, the CCW address at the start of the
 * channel program. A guest driver retries such I/O on another path (DASD
 * error recovery does), and guest CIO verifies the subchannel's paths.
 * Any other interrupt is left alone.
 *
 * The guest may issue CLEAR SUBCHANNEL before that halt ends. The clear
 * then ends the halt and the start function, and its interrupt is the
 * guest's own: it is left alone, and so is that of any later guest halt.
 *
 * Context: the subchannel's interrupt handler, under the subchannel lock.
 */
void vfio_ccw_crw_io_end(struct vfio_ccw_private *private, struct irb *irb)
{
	struct cmd_scsw *scsw = &irb->scsw.cmd;
	u8 path = private->lost_path_halt;

	if (!path || scsw_is_tm(&irb->scsw) ||
	    !(scsw->stctl & SCSW_STCTL_STATUS_PEND) ||
	    !(scsw->fctl & (SCSW_FCTL_HALT_FUNC | SCSW_FCTL_CLEAR_FUNC)))
		return;
	/* Our halt is over, ended by itself or by the guest's clear. */
	private->lost_path_halt = 0;
	if (scsw->fctl & SCSW_FCTL_CLEAR_FUNC)
		return;
	scsw->fctl = SCSW_FCTL_START_FUNC;
	scsw->actl = 0;
	scsw->stctl = SCSW_STCTL_ALERT_STATUS | SCSW_STCTL_PRIM_STATUS |
		      SCSW_STCTL_SEC_STATUS | SCSW_STCTL_STATUS_PEND;
	scsw->cstat |= SCHN_STAT_INTF_CTRL_CHK;
	scsw->pno = 1;
	/* Unknown how far it got: point at the start of the guest program. */
	scsw->cpa = private->cp.orb.cmd.cpa;
	irb->esw.esw0.sublog.lpum = path;
	trace_vfio_ccw_crw_io_end(crw_schid(private), path, scsw);
}

/**
 * vfio_ccw_crw_path_came() - a path of the subchannel became usable
 * @private: the mdev
 * @sch: the subchannel
 * @mask: the path's bit in the path masks
 * @chpid: the channel path
 *
 * A path that became available while the host keeps it varied off is not
 * usable by the guest; the VMM hears about it when the host varies it on.
 *
 * Context: chp_event, under the subchannel lock with interrupts off.
 */
void vfio_ccw_crw_path_came(struct vfio_ccw_private *private,
			    struct subchannel *sch, int mask,
			    struct chp_id chpid)
{
	if (!(sch->opm & mask))
		return;
	vfio_ccw_crw_add(private, CRW_RSC_CPATH, CRW_ERC_INIT, chpid.id);
}

/**
 * vfio_ccw_orb_limit_paths() - keep guest I/O off paths the host varied off
 * @orb: the ORB about to be started, with the guest's logical path mask
 * @sch: the subchannel
 *
 * The mask is the host's vary state (opm), not its logical path mask:
 * vfio-ccw verifies no paths, and which available path works is left to
 * the channel subsystem, which reports a path that is not operational to
 * the guest (PNOM, PNO) instead of using it.
 *
 * Return: 0, or -EACCES when no path of the ORB is left: the start is not
 * issued, the paths being not operational for it, and the VMM presents
 * condition code 3 to the guest (QEMU does so for -EACCES and -ENODEV).
 */
int vfio_ccw_orb_limit_paths(union orb *orb, struct subchannel *sch)
{
	orb->cmd.lpm &= sch->opm;
	return orb->cmd.lpm ? 0 : -EACCES;
}
