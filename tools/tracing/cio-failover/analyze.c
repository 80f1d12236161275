// SPDX-License-Identifier: GPL-2.0
/*
 * cio-failover: split the events into failovers and summarize each.
 *
 * A failover starts with a trigger: a stored CRW (s390_cio_stcrw with
 * cc=0) or a channel-path event (CRW, vary, injection). Path events that
 * follow (mask changes, verification, events handed to drivers) belong to
 * it. The next trigger starts a new failover when no verification is
 * pending and no path event was seen for --gap; otherwise it joins the
 * current one. A failover ends with its last path event, normally the last
 * s390_cio_verify_done.
 */
#include <stdlib.h>
#include <string.h>

#include "cio-failover.h"

struct sch_chpids {
	u32 sch;
	u8 chpids[8];
};

/* The verified path mask a subchannel's last s390_cio_sch_paths had. */
struct sch_vpm {
	u32 sch;
	u8 vpm;
};

/* DASD's last traced operational path mask of a device. */
struct dasd_opm {
	u32 dev;
	u8 opm;
};

struct state {
	const struct cf_trace *t;
	const struct cf_options *o;
	struct cf_report *r;
	struct cf_failover *cur;
	u64 last_activity;
	struct sch_chpids *chp;
	unsigned int nr_chp;
	struct dasd_opm *dasd;
	unsigned int nr_dasd;
	struct sch_vpm *vpm;
	unsigned int nr_vpm;
};

static bool is_trigger(const struct cf_event *ev)
{
	return (ev->type == CF_STCRW && ev->cc == 0) || ev->type == CF_CHP_EVENT;
}

static bool is_activity(const struct cf_event *ev)
{
	switch (ev->type) {
	case CF_STCRW:
		return ev->cc == 0;
	case CF_STSCH:
	case CF_SSCH:
		return false;
	case CF_SCH_PATHS:
		return !ev->unchanged;
	default:
		return true;
	}
}

static const u8 *chpids_of(struct state *s, u32 sch)
{
	unsigned int i;

	for (i = 0; i < s->nr_chp; i++)
		if (s->chp[i].sch == sch)
			return s->chp[i].chpids;
	return NULL;
}

static int remember_chpids(struct state *s, const struct cf_event *ev)
{
	struct sch_chpids *n;
	unsigned int i;

	if (ev->cc != 0 || !ev->has_chpids)
		return 0;
	for (i = 0; i < s->nr_chp; i++) {
		if (s->chp[i].sch == ev->sch) {
			memcpy(s->chp[i].chpids, ev->chpids, 8);
			return 0;
		}
	}
	n = realloc(s->chp, (s->nr_chp + 1) * sizeof(*n));
	if (!n)
		return -1;
	s->chp = n;
	n[s->nr_chp].sch = ev->sch;
	memcpy(n[s->nr_chp].chpids, ev->chpids, 8);
	s->nr_chp++;
	return 0;
}

static struct sch_vpm *vpm_of(struct state *s, u32 sch)
{
	unsigned int i;

	for (i = 0; i < s->nr_vpm; i++)
		if (s->vpm[i].sch == sch)
			return &s->vpm[i];
	return NULL;
}

/*
 * Every s390_cio_sch_paths, changed or not, is the subchannel's state from
 * then on: a device that a failover changes starts from the VPM its
 * subchannel last had, even when no event showed a change yet.
 */
static int remember_vpm(struct state *s, const struct cf_event *ev)
{
	struct sch_vpm *n = vpm_of(s, ev->sch);

	if (!n) {
		n = realloc(s->vpm, (s->nr_vpm + 1) * sizeof(*n));
		if (!n)
			return -1;
		s->vpm = n;
		n = &n[s->nr_vpm++];
		n->sch = ev->sch;
	}
	n->vpm = ev->new[CF_VPM];
	return 0;
}

static struct dasd_opm *dasd_opm_of(struct state *s, u32 dev)
{
	unsigned int i;

	for (i = 0; i < s->nr_dasd; i++)
		if (s->dasd[i].dev == dev)
			return &s->dasd[i];
	return NULL;
}

/*
 * DASD traced its masks: the device's DASD column follows its opm, and a
 * change of the opm is when DASD's view of the paths changed. DASD traces
 * its masks only when they change: before its first trace of a device,
 * its opm is taken to be what CIO had verified before the failover.
 */
static int dasd_masks(struct state *s, struct cf_device *d,
		      const struct cf_event *ev)
{
	struct dasd_opm *o = dasd_opm_of(s, ev->dev);

	if (!o) {
		o = realloc(s->dasd, (s->nr_dasd + 1) * sizeof(*o));
		if (!o)
			return -1;
		s->dasd = o;
		o = &s->dasd[s->nr_dasd++];
		o->dev = ev->dev;
		o->opm = d->have_vpm ? d->vpm_before : ev->dasd[0];
	}
	if (!d->have_dasd) {
		d->dasd_before = o->opm;
		d->have_dasd = true;
	}
	if (ev->dasd[0] != o->opm)
		d->dasd_change = ev->ts;
	d->dasd_after = ev->dasd[0];
	o->opm = ev->dasd[0];
	return 0;
}

static struct cf_device *device(struct state *s, const struct cf_event *ev)
{
	struct cf_failover *fo = s->cur;
	struct cf_device *d;
	const u8 *chpids;
	unsigned int i;

	struct dasd_opm *o;
	struct sch_vpm *v;

	for (i = 0; i < fo->nr_dev; i++) {
		if (fo->dev[i].dev != ev->dev)
			continue;
		/* First seen by a DASD event, which names no subchannel. */
		if (fo->dev[i].sch == ~0U && ev->sch != ~0U)
			fo->dev[i].sch = ev->sch;
		return &fo->dev[i];
	}
	d = realloc(fo->dev, (fo->nr_dev + 1) * sizeof(*d));
	if (!d)
		return NULL;
	fo->dev = d;
	d = &fo->dev[fo->nr_dev++];
	memset(d, 0, sizeof(*d));
	d->dev = ev->dev;
	d->sch = ev->sch;
	d->last_rc = 0;
	chpids = ev->sch != ~0U ? chpids_of(s, ev->sch) : NULL;
	if (chpids) {
		memcpy(d->chpids, chpids, 8);
		d->has_chpids = true;
	}
	v = ev->sch != ~0U ? vpm_of(s, ev->sch) : NULL;
	if (v) {
		d->vpm_before = v->vpm;
		d->vpm_after = v->vpm;
		d->have_vpm = true;
	}
	/* A DASD: its opm before the failover, which may leave it alone. */
	o = dasd_opm_of(s, ev->dev);
	if (o) {
		d->have_dasd = true;
		d->dasd_before = o->opm;
		d->dasd_after = o->opm;
	}
	return d;
}

static int open_failover(struct state *s, size_t i)
{
	struct cf_failover *fo;

	fo = realloc(s->r->fo, (s->r->nr + 1) * sizeof(*fo));
	if (!fo)
		return -1;
	s->r->fo = fo;
	s->cur = &fo[s->r->nr++];
	memset(s->cur, 0, sizeof(*s->cur));
	s->cur->start = s->t->ev[i].ts;
	s->cur->first = i;
	return 0;
}

static bool verification_pending(const struct cf_failover *fo)
{
	unsigned int i;

	for (i = 0; i < fo->nr_dev; i++)
		if (fo->dev[i].verifying)
			return true;
	return false;
}

static void close_failover(struct state *s)
{
	struct cf_failover *fo = s->cur;
	u64 end = s->last_activity;
	size_t i;

	fo->end = end;
	/* A path verification dropped or added, whatever PAM and OPM say. */
	for (i = 0; i < fo->nr_dev; i++) {
		struct cf_device *d = &fo->dev[i];

		if (!d->have_vpm)
			continue;
		d->lost |= d->vpm_before & ~d->vpm_after;
		d->regained |= ~d->vpm_before & d->vpm_after;
	}
	/* Work done between the first trigger and the last path event. */
	for (i = fo->first; i < s->t->nr && s->t->ev[i].ts <= end; i++) {
		if (s->t->ev[i].type == CF_STSCH)
			fo->stsch++;
		else if (s->t->ev[i].type == CF_SSCH)
			fo->ssch++;
		if (is_activity(&s->t->ev[i]))
			fo->last = i;
	}
	s->cur = NULL;
}

static int account(struct state *s, const struct cf_event *ev)
{
	struct cf_failover *fo = s->cur;
	struct cf_device *d;
	int m;

	switch (ev->type) {
	case CF_STCRW:
		if (ev->cc)
			return 0;
		fo->crws++;
		if (ev->oflw)
			fo->overflows++;
		if (!fo->first_crw)
			fo->first_crw = ev->ts;
		break;
	case CF_CHP_EVENT:
		if (fo->nr_chp < CF_MAX_CHP) {
			struct cf_chp *c = &fo->chp[fo->nr_chp++];

			c->ts = ev->ts;
			c->cssid = ev->cssid;
			c->chpid = ev->chpid;
			c->event = ev->event;
			c->source = ev->source;
		}
		break;
	case CF_SCH_PATHS:
		if (ev->unchanged)
			break;
		d = device(s, ev);
		if (!d)
			return -1;
		d->sch = ev->sch;
		for (m = CF_PAM; m <= CF_OPM; m++) {
			if (m == CF_POM || m == CF_LPM)
				continue;
			d->lost |= ev->old[m] & ~ev->new[m];
			d->regained |= ~ev->old[m] & ev->new[m];
		}
		if (!d->have_vpm) {
			d->vpm_before = ev->old[CF_VPM];
			d->have_vpm = true;
		}
		d->vpm_after = ev->new[CF_VPM];
		memcpy(d->masks, ev->new, sizeof(d->masks));
		d->have_masks = true;
		d->last_change = ev->ts;
		break;
	case CF_VERIFY_START:
		d = device(s, ev);
		if (!d)
			return -1;
		d->verifying = true;
		if (ev->restarts) {
			d->restarts++;
			fo->restarts++;
		}
		break;
	case CF_VERIFY_DONE:
		d = device(s, ev);
		if (!d)
			return -1;
		d->verifying = false;
		d->verifications++;
		fo->verifications++;
		d->last_rc = ev->cc;
		d->last_done = ev->ts;
		if (!d->have_vpm) {
			d->vpm_before = ev->vpm;
			d->have_vpm = true;
		}
		d->vpm_after = ev->vpm;
		d->masks[CF_VPM] = ev->vpm;
		break;
	case CF_PATH_EVENT:
		d = device(s, ev);
		if (!d)
			return -1;
		d->path_events++;
		fo->path_events++;
		d->pe_gone |= ev->gone;
		d->pe_avail |= ev->avail;
		d->lost |= ev->gone;
		d->regained |= ev->avail;
		break;
	case CF_DASD_PATH_EVENT:
		fo->dasd_events++;
		d = device(s, ev);
		if (!d)
			return -1;
		d->dasd_path_events++;
		break;
	case CF_DASD_PATH_MASKS:
		fo->dasd_events++;
		d = device(s, ev);
		if (!d || dasd_masks(s, d, ev))
			return -1;
		break;
	case CF_VFIO_CRW:
		fo->vfio_crw++;
		break;
	default:
		break;
	}
	return 0;
}

/**
 * cf_analyze() - split a trace into failovers
 * @t: the events, in time order
 * @o: options (--gap)
 * @r: filled with the failovers
 *
 * Return: 0, or -1 when out of memory.
 */
int cf_analyze(const struct cf_trace *t, const struct cf_options *o,
	       struct cf_report *r)
{
	struct state s = { .t = t, .o = o, .r = r };
	size_t i;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < t->nr && !ret; i++) {
		const struct cf_event *ev = &t->ev[i];

		if (ev->type == CF_STSCH && remember_chpids(&s, ev))
			ret = -1;
		if (s.cur && is_trigger(ev) &&
		    ev->ts - s.last_activity > o->gap_ns &&
		    !verification_pending(s.cur))
			close_failover(&s);
		if (!s.cur) {
			if (!is_trigger(ev)) {
				if (ev->type == CF_SCH_PATHS &&
				    remember_vpm(&s, ev))
					ret = -1;
				continue;
			}
			if (open_failover(&s, i)) {
				ret = -1;
				break;
			}
		}
		if (is_activity(ev))
			s.last_activity = ev->ts;
		if (account(&s, ev))
			ret = -1;
		if (ev->type == CF_SCH_PATHS && remember_vpm(&s, ev))
			ret = -1;
	}
	if (s.cur)
		close_failover(&s);
	free(s.chp);
	free(s.dasd);
	free(s.vpm);
	return ret;
}

void cf_free_report(struct cf_report *r)
{
	unsigned int i;

	for (i = 0; i < r->nr; i++)
		free(r->fo[i].dev);
	free(r->fo);
	r->fo = NULL;
	r->nr = 0;
}
