// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw: channel report words for the VMM
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
 * vfio_ccw_crw_purge() - start over: no queued CRW, no overflow
 * @private: the mdev
 *
 * Called when the VMM opens, resets or closes the device: what was queued
 * before describes paths the VMM looks at afresh anyway, and CRWs queued
 * while the device was closed must not reach the next opener. A reader
 * copying a CRW out at the same time does not dequeue a CRW queued after
 * the purge.
 *
 * Context: any; never sleeps.
 */
void vfio_ccw_crw_purge(struct vfio_ccw_private *private)
{
	struct vfio_ccw_crw_queue *q = &private->crw_queue;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	vfio_ccw_crw_ring_purge(q);
	spin_unlock_irqrestore(&q->lock, flags);
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
void vfio_ccw_crw_add(struct vfio_ccw_private *private, unsigned int rsc,
		      unsigned int erc, unsigned int rsid)
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
