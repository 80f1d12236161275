/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-ccw: bounded channel report word queue
 *
 * See Documentation/arch/s390/path-failover.rst, "The vfio-ccw CRW
 * forwarding contract".
 */

#ifndef _VFIO_CCW_CRW_H_
#define _VFIO_CCW_CRW_H_

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <asm/crw.h>

struct vfio_ccw_private;

/*
 * CRWs one mdev keeps for its VMM. vfio-ccw forwards channel-path CRWs
 * only, one per path change of the subchannel, and a subchannel has at
 * most eight paths: 16 entries hold every path going and coming back
 * once, 32 hold two such rounds while the VMM is not reading. Reports
 * beyond that carry no information the overflow bit does not: it makes
 * the VMM and the guest re-evaluate every path anyway.
 */
#define VFIO_CCW_CRW_QUEUE_MAX	32

/**
 * struct vfio_ccw_crw_queue - CRWs not yet read through the CRW region
 * @lock: protects the other fields; taken with interrupts off, as the
 *        producers run under the subchannel lock
 * @ring: the CRWs, oldest at @head
 * @head: index of the oldest CRW
 * @count: number of CRWs in @ring
 * @drops: CRWs dropped since the queue was set up or last purged
 * @drops_reported: value of @drops when a CRW last carried the overflow bit
 * @gen: incremented by every purge, so a reader can tell that the CRW it
 *       copied out is no longer the oldest one
 *
 * The vfio_ccw_crw_ring_*() helpers below work on it with @lock held.
 */
struct vfio_ccw_crw_queue {
	spinlock_t	lock;	/* producers hold the subchannel lock */
	struct crw	ring[VFIO_CCW_CRW_QUEUE_MAX];
	unsigned int	head;
	unsigned int	count;
	unsigned int	drops;
	unsigned int	drops_reported;
	unsigned int	gen;
};

/**
 * struct vfio_ccw_crw_peek - what a reader saw of the queue
 * @gen: the queue's generation at the time
 * @drops: the queue's drop count at the time
 * @oflw: the CRW handed out carried the overflow bit
 */
struct vfio_ccw_crw_peek {
	unsigned int	gen;
	unsigned int	drops;
	bool		oflw;
};

/*
 * The ring itself, kept apart from the mdev so that KUnit can test it
 * (drivers/s390/cio/tests/vfio_ccw_crw_kunit.c). Callers hold @q->lock.
 */

/* Some CRW was dropped after the last one that carried the overflow bit. */
static inline bool vfio_ccw_crw_ring_lost(const struct vfio_ccw_crw_queue *q)
{
	return q->drops != q->drops_reported;
}

/* Queue @crw; false when the ring is full and the CRW was dropped. */
static inline bool vfio_ccw_crw_ring_add(struct vfio_ccw_crw_queue *q,
					 struct crw crw)
{
	if (q->count >= VFIO_CCW_CRW_QUEUE_MAX) {
		q->drops++;
		return false;
	}
	q->ring[(q->head + q->count) % VFIO_CCW_CRW_QUEUE_MAX] = crw;
	q->count++;
	return true;
}

/*
 * Look at the oldest CRW without dequeueing it: false when the ring is
 * empty. The CRW carries the overflow bit when CRWs were dropped since one
 * last carried it; @peek remembers the state for vfio_ccw_crw_ring_pop().
 */
static inline bool vfio_ccw_crw_ring_peek(const struct vfio_ccw_crw_queue *q,
					  struct crw *crw,
					  struct vfio_ccw_crw_peek *peek)
{
	peek->gen = q->gen;
	peek->drops = q->drops;
	peek->oflw = false;
	if (!q->count)
		return false;
	*crw = q->ring[q->head];
	if (vfio_ccw_crw_ring_lost(q)) {
		crw->oflw = 1;
		peek->oflw = true;
	}
	return true;
}

/*
 * Dequeue the CRW an earlier vfio_ccw_crw_ring_peek() handed out, unless a
 * purge took it meanwhile (false). Drops after the peek are still to be
 * reported by the next CRW.
 */
static inline bool vfio_ccw_crw_ring_pop(struct vfio_ccw_crw_queue *q,
					 const struct vfio_ccw_crw_peek *peek)
{
	if (q->gen != peek->gen || !q->count)
		return false;
	q->head = (q->head + 1) % VFIO_CCW_CRW_QUEUE_MAX;
	q->count--;
	if (peek->oflw)
		q->drops_reported = peek->drops;
	return true;
}

/* Forget every CRW and any pending overflow; a later pop finds no match. */
static inline void vfio_ccw_crw_ring_purge(struct vfio_ccw_crw_queue *q)
{
	q->head = 0;
	q->count = 0;
	q->drops = 0;
	q->drops_reported = 0;
	q->gen++;
}

void vfio_ccw_crw_init(struct vfio_ccw_crw_queue *q);
void vfio_ccw_crw_purge(struct vfio_ccw_private *private);
void vfio_ccw_crw_add(struct vfio_ccw_private *private, unsigned int rsc,
		      unsigned int erc, unsigned int rsid);
void vfio_ccw_crw_todo(struct work_struct *work);
ssize_t vfio_ccw_crw_read(struct vfio_ccw_private *private, void *region,
			  char __user *buf, size_t count, loff_t pos);

#endif
