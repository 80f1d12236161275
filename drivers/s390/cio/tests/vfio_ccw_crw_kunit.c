// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for the ring in which vfio-ccw keeps channel report words
 * for the VMM: order across the wrap-around, the overflow bit reported once
 * per loss, purge, and a purge while a reader copies a CRW out.
 */

#include <kunit/test.h>

#include "../vfio_ccw_crw.h"

/* A channel-path CRW that tells entries apart by its rsid. */
static struct crw crw_of(unsigned int n)
{
	struct crw crw = { .rsc = CRW_RSC_CPATH, .erc = CRW_ERC_PERRN,
			   .rsid = n };

	return crw;
}

static struct vfio_ccw_crw_queue *new_queue(struct kunit *test)
{
	struct vfio_ccw_crw_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, q);
	spin_lock_init(&q->lock);
	return q;
}

/* Read the oldest CRW as the region read does: peek, copy out, pop. */
static bool read_one(struct vfio_ccw_crw_queue *q, struct crw *crw)
{
	struct vfio_ccw_crw_peek peek;

	if (!vfio_ccw_crw_ring_peek(q, crw, &peek))
		return false;
	return vfio_ccw_crw_ring_pop(q, &peek);
}

static void ring_empty(struct kunit *test)
{
	struct vfio_ccw_crw_queue *q = new_queue(test);
	struct vfio_ccw_crw_peek peek;
	struct crw crw = crw_of(7);

	KUNIT_EXPECT_FALSE(test, vfio_ccw_crw_ring_peek(q, &crw, &peek));
	KUNIT_EXPECT_FALSE(test, peek.oflw);
	/* An empty ring leaves the caller's CRW alone. */
	KUNIT_EXPECT_EQ(test, (u32)crw.rsid, 7);
	KUNIT_EXPECT_FALSE(test, vfio_ccw_crw_ring_pop(q, &peek));
	KUNIT_EXPECT_EQ(test, q->count, 0);
}

static void ring_wraps_in_order(struct kunit *test)
{
	struct vfio_ccw_crw_queue *q = new_queue(test);
	unsigned int i, next = 0;
	struct crw crw;

	/* Move the head to the middle, then fill the ring across its end. */
	for (i = 0; i < 20; i++)
		KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_add(q, crw_of(i)));
	for (i = 0; i < 20; i++) {
		KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
		KUNIT_EXPECT_EQ(test, (u32)crw.rsid, next++);
	}
	for (i = 20; i < 20 + VFIO_CCW_CRW_QUEUE_MAX; i++)
		KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_add(q, crw_of(i)));
	KUNIT_EXPECT_EQ(test, q->count, VFIO_CCW_CRW_QUEUE_MAX);
	KUNIT_EXPECT_LT(test, q->head + q->count, 2 * VFIO_CCW_CRW_QUEUE_MAX);
	KUNIT_EXPECT_GT(test, q->head + q->count, VFIO_CCW_CRW_QUEUE_MAX);
	while (read_one(q, &crw)) {
		KUNIT_EXPECT_EQ(test, (u32)crw.rsid, next++);
		KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 0);
	}
	KUNIT_EXPECT_EQ(test, next, 20 + VFIO_CCW_CRW_QUEUE_MAX);
	KUNIT_EXPECT_EQ(test, q->drops, 0);
}

static void ring_overflow_reported_once(struct kunit *test)
{
	struct vfio_ccw_crw_queue *q = new_queue(test);
	unsigned int i, n = 0, oflw = 0;
	struct crw crw;

	for (i = 0; i < VFIO_CCW_CRW_QUEUE_MAX; i++)
		KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_add(q, crw_of(i)));
	KUNIT_EXPECT_FALSE(test, vfio_ccw_crw_ring_add(q, crw_of(100)));
	KUNIT_EXPECT_FALSE(test, vfio_ccw_crw_ring_add(q, crw_of(101)));
	KUNIT_EXPECT_EQ(test, q->drops, 2);

	/* The oldest CRW carries the bit, the ones after it do not. */
	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.rsid, 0);
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 1);
	while (read_one(q, &crw)) {
		n++;
		oflw += crw.oflw;
	}
	KUNIT_EXPECT_EQ(test, n, VFIO_CCW_CRW_QUEUE_MAX - 1);
	KUNIT_EXPECT_EQ(test, oflw, 0);

	/* A later loss is reported again, once. */
	KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_add(q, crw_of(200)));
	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 0);
	for (i = 0; i <= VFIO_CCW_CRW_QUEUE_MAX; i++)
		vfio_ccw_crw_ring_add(q, crw_of(300 + i));
	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.rsid, 300);
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 1);
	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 0);
}

/* A drop between the reader's peek and its pop is still reported. */
static void ring_drop_during_read_reported(struct kunit *test)
{
	struct vfio_ccw_crw_queue *q = new_queue(test);
	struct vfio_ccw_crw_peek peek;
	struct crw crw;
	unsigned int i;

	for (i = 0; i <= VFIO_CCW_CRW_QUEUE_MAX; i++)
		vfio_ccw_crw_ring_add(q, crw_of(i));
	KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_peek(q, &crw, &peek));
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 1);
	/* The ring is still full: this one is lost too. */
	KUNIT_EXPECT_FALSE(test, vfio_ccw_crw_ring_add(q, crw_of(99)));
	KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_pop(q, &peek));

	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.rsid, 1);
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 1);
	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 0);
}

static void ring_purge(struct kunit *test)
{
	struct vfio_ccw_crw_queue *q = new_queue(test);
	struct vfio_ccw_crw_peek peek;
	struct crw crw;
	unsigned int i;

	for (i = 0; i <= VFIO_CCW_CRW_QUEUE_MAX; i++)
		vfio_ccw_crw_ring_add(q, crw_of(i));
	vfio_ccw_crw_ring_purge(q);
	KUNIT_EXPECT_FALSE(test, vfio_ccw_crw_ring_peek(q, &crw, &peek));

	/* The overflow before the purge is forgotten with the CRWs. */
	KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_add(q, crw_of(50)));
	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.rsid, 50);
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 0);
	KUNIT_EXPECT_FALSE(test, read_one(q, &crw));
}

/*
 * A purge while a reader copies the oldest CRW out: the reader's pop must
 * not take the CRW queued after the purge, nor the overflow state.
 */
static void ring_purge_during_read(struct kunit *test)
{
	struct vfio_ccw_crw_queue *q = new_queue(test);
	struct vfio_ccw_crw_peek peek;
	struct crw crw;
	unsigned int i;

	for (i = 0; i <= VFIO_CCW_CRW_QUEUE_MAX; i++)
		vfio_ccw_crw_ring_add(q, crw_of(i));
	KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_peek(q, &crw, &peek));
	KUNIT_EXPECT_EQ(test, (u32)crw.rsid, 0);

	vfio_ccw_crw_ring_purge(q);
	KUNIT_ASSERT_TRUE(test, vfio_ccw_crw_ring_add(q, crw_of(60)));
	for (i = 0; i < VFIO_CCW_CRW_QUEUE_MAX; i++)
		vfio_ccw_crw_ring_add(q, crw_of(61 + i));
	KUNIT_EXPECT_EQ(test, q->drops, 1);

	KUNIT_EXPECT_FALSE(test, vfio_ccw_crw_ring_pop(q, &peek));
	KUNIT_EXPECT_EQ(test, q->count, VFIO_CCW_CRW_QUEUE_MAX);
	/* The new overflow is still to be reported, with the new CRW. */
	KUNIT_ASSERT_TRUE(test, read_one(q, &crw));
	KUNIT_EXPECT_EQ(test, (u32)crw.rsid, 60);
	KUNIT_EXPECT_EQ(test, (u32)crw.oflw, 1);
}

static struct kunit_case vfio_ccw_crw_cases[] = {
	KUNIT_CASE(ring_empty),
	KUNIT_CASE(ring_wraps_in_order),
	KUNIT_CASE(ring_overflow_reported_once),
	KUNIT_CASE(ring_drop_during_read_reported),
	KUNIT_CASE(ring_purge),
	KUNIT_CASE(ring_purge_during_read),
	{}
};

static struct kunit_suite vfio_ccw_crw_suite = {
	.name = "vfio_ccw_crw_ring",
	.test_cases = vfio_ccw_crw_cases,
};

kunit_test_suite(vfio_ccw_crw_suite);

MODULE_DESCRIPTION("KUnit tests for the vfio-ccw channel report word ring");
MODULE_LICENSE("GPL");
