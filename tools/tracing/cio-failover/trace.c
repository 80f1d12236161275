// SPDX-License-Identifier: GPL-2.0
/*
 * cio-failover: read the events of a trace.dat with libtracecmd.
 *
 * libtracecmd reads every trace.dat version trace-cmd writes (v6 and v7,
 * compressed or not, flyrecord or latency) and hands out records whose
 * fields libtraceevent converts from the recording machine's byte order, so
 * a file recorded on big-endian s390x reads the same on x86.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <trace-cmd.h>

#include "cio-failover.h"

enum {
	F_CC, F_RSC, F_ERC, F_RSID, F_OFLW, F_CHN,
	F_CSSID, F_SSID, F_SCHNO, F_DEVNO, F_CHPIDS,
	F_CHPID, F_EVENT, F_SOURCE,
	F_MASK0, F_LPM = F_MASK0 + CF_NR_MASKS, F_VPM, F_RC,
	F_GONE, F_AVAIL, F_PGID, F_DELIVERED,
	F_CHP, F_D0,
	F_NR = F_D0 + 6,
};

static const char *const field_name[F_NR] = {
	[F_CC] = "cc", [F_RSC] = "rsc", [F_ERC] = "erc", [F_RSID] = "rsid",
	[F_OFLW] = "oflw", [F_CHN] = "chn", [F_CSSID] = "cssid",
	[F_SSID] = "ssid", [F_SCHNO] = "schno", [F_DEVNO] = "devno",
	[F_CHPIDS] = "pmcw_chpid", [F_CHPID] = "chpid", [F_EVENT] = "event",
	[F_SOURCE] = "source",
	[F_MASK0 + CF_PIM] = "pim", [F_MASK0 + CF_PAM] = "pam",
	[F_MASK0 + CF_POM] = "pom", [F_MASK0 + CF_LPM] = "lpm",
	[F_MASK0 + CF_OPM] = "opm", [F_MASK0 + CF_VPM] = "vpm",
	[F_LPM] = "lpm", [F_VPM] = "vpm", [F_RC] = "rc",
	[F_GONE] = "gone", [F_AVAIL] = "avail",
	[F_PGID] = "pgid", [F_DELIVERED] = "delivered", [F_CHP] = "chp",
	[F_D0] = "opm", [F_D0 + 1] = "tbvpm", [F_D0 + 2] = "nppm",
	[F_D0 + 3] = "cablepm", [F_D0 + 4] = "hpfpm", [F_D0 + 5] = "ifccpm",
};

struct known {
	const char *system;
	const char *name;
	enum cf_type type;
	bool path;		/* one of the failover events (not base) */
	int id;
	struct tep_format_field *f[F_NR];
};

#define K(s, n, t, p) { .system = s, .name = n, .type = t, .path = p }

static struct known known[] = {
	K("s390", "s390_cio_stcrw", CF_STCRW, false),
	K("s390", "s390_cio_stsch", CF_STSCH, false),
	K("s390", "s390_cio_ssch", CF_SSCH, false),
	K("s390", "s390_cio_chp_event", CF_CHP_EVENT, true),
	K("s390", "s390_cio_sch_paths", CF_SCH_PATHS, true),
	K("s390", "s390_cio_verify_start", CF_VERIFY_START, true),
	K("s390", "s390_cio_verify_done", CF_VERIFY_DONE, true),
	K("s390", "s390_cio_path_event", CF_PATH_EVENT, true),
	K("dasd", "dasd_path_event", CF_DASD_PATH_EVENT, false),
	K("dasd", "dasd_path_masks", CF_DASD_PATH_MASKS, false),
	K("vfio_ccw", "vfio_ccw_crw_queue", CF_VFIO_CRW, false),
	K("vfio_ccw", "vfio_ccw_crw_read", CF_VFIO_CRW, false),
	K("vfio_ccw", "vfio_ccw_crw_drop", CF_VFIO_CRW, false),
};

#define NR_KNOWN (sizeof(known) / sizeof(*known))

struct reader {
	struct cf_trace *t;
	struct tep_handle *tep;
	int err;
};

static u64 fv(const struct known *k, int f, struct tep_record *rec)
{
	unsigned long long v = 0;

	if (k->f[f])
		tep_read_number_field(k->f[f], rec->data, &v);
	return v;
}

static int fv_int(const struct known *k, int f, struct tep_record *rec)
{
	return (s32)fv(k, f, rec);
}

static u32 key(u64 ssid, u64 nr)
{
	return (u32)(ssid & 0xff) << 16 | (u32)(nr & 0xffff);
}

static struct cf_event *new_event(struct cf_trace *t)
{
	struct cf_event *ev;

	if (t->nr == t->alloc) {
		size_t n = t->alloc ? t->alloc * 2 : 4096;

		ev = realloc(t->ev, n * sizeof(*ev));
		if (!ev)
			return NULL;
		t->ev = ev;
		t->alloc = n;
	}
	ev = &t->ev[t->nr];
	memset(ev, 0, sizeof(*ev));
	ev->seq = t->nr++;
	ev->sch = ~0U;
	ev->dev = ~0U;
	return ev;
}

static void decode(struct cf_trace *t, const struct known *k,
		   struct tep_record *rec, struct cf_event *ev)
{
	u64 v;
	int i;

	ev->ts = rec->ts;
	ev->type = k->type;
	switch (k->type) {
	case CF_STCRW:
		ev->cc = fv_int(k, F_CC, rec);
		ev->rsc = fv(k, F_RSC, rec);
		ev->erc = fv(k, F_ERC, rec);
		ev->rsid = fv(k, F_RSID, rec);
		ev->oflw = fv(k, F_OFLW, rec);
		ev->chn = fv(k, F_CHN, rec);
		break;
	case CF_STSCH:
		/* The kernel copies the eight chpid bytes into a u64. */
		v = fv(k, F_CHPIDS, rec);
		for (i = 0; i < 8; i++)
			ev->chpids[i] = t->big_endian ? v >> (56 - 8 * i) : v >> (8 * i);
		ev->has_chpids = !!k->f[F_CHPIDS];
		ev->dev = key(fv(k, F_SSID, rec), fv(k, F_DEVNO, rec));
		ev->cc = fv_int(k, F_CC, rec);
		ev->sch = key(fv(k, F_SSID, rec), fv(k, F_SCHNO, rec));
		break;
	case CF_SSCH:
		ev->cc = fv_int(k, F_CC, rec);
		ev->sch = key(fv(k, F_SSID, rec), fv(k, F_SCHNO, rec));
		break;
	case CF_CHP_EVENT:
		ev->cssid = fv(k, F_CSSID, rec);
		ev->chpid = fv(k, F_CHPID, rec);
		ev->event = fv(k, F_EVENT, rec);
		ev->source = fv(k, F_SOURCE, rec);
		break;
	case CF_SCH_PATHS:
		ev->sch = key(fv(k, F_SSID, rec), fv(k, F_SCHNO, rec));
		ev->dev = key(fv(k, F_SSID, rec), fv(k, F_DEVNO, rec));
		for (i = 0; i < CF_NR_MASKS; i++)
			ev->new[i] = fv(k, F_MASK0 + i, rec);
		break;
	case CF_VERIFY_START:
	case CF_VERIFY_DONE:
		ev->sch = key(fv(k, F_SSID, rec), fv(k, F_SCHNO, rec));
		ev->dev = key(fv(k, F_SSID, rec), fv(k, F_DEVNO, rec));
		ev->lpm = fv(k, F_LPM, rec);
		ev->vpm = fv(k, F_VPM, rec);
		ev->cc = fv_int(k, F_RC, rec);
		break;
	case CF_PATH_EVENT:
		ev->dev = key(fv(k, F_SSID, rec), fv(k, F_DEVNO, rec));
		ev->gone = fv(k, F_GONE, rec);
		ev->avail = fv(k, F_AVAIL, rec);
		ev->pgid = fv(k, F_PGID, rec);
		ev->delivered = fv(k, F_DELIVERED, rec);
		break;
	case CF_DASD_PATH_EVENT:
		ev->dev = key(fv(k, F_SSID, rec), fv(k, F_DEVNO, rec));
		ev->dasd[0] = fv(k, F_CHP, rec);
		ev->dasd[1] = fv(k, F_EVENT, rec);
		break;
	case CF_DASD_PATH_MASKS:
		ev->dev = key(fv(k, F_SSID, rec), fv(k, F_DEVNO, rec));
		for (i = 0; i < 6; i++)
			ev->dasd[i] = fv(k, F_D0 + i, rec);
		break;
	default:
		break;
	}
}

static int record_cb(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct reader *r = data;
	struct cf_event *ev;
	unsigned int i;
	int id;

	(void)handle;
	(void)cpu;
	id = tep_data_type(r->tep, rec);
	for (i = 0; i < NR_KNOWN; i++) {
		if (known[i].id != id)
			continue;
		ev = new_event(r->t);
		if (!ev) {
			r->err = -ENOMEM;
			return -1;
		}
		decode(r->t, &known[i], rec, ev);
		r->t->counts[known[i].type]++;
		return 0;
	}
	return 0;
}

static int cmp_event(const void *a, const void *b)
{
	const struct cf_event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* What derive() remembers of one subchannel or device. */
struct last_seen {
	u32 key;
	u8 masks[CF_NR_MASKS];
	bool after_done;	/* verify_done, and no trigger since */
	unsigned int restarts;
};

/* A CRW or channel-path event may start any device's next verification. */
static void new_trigger(struct last_seen *dev, size_t nr_dev)
{
	size_t i;

	for (i = 0; i < nr_dev; i++)
		dev[i].after_done = false;
}

static struct last_seen *last_seen(struct last_seen **tab, size_t *nr, u32 key,
				   bool *found)
{
	struct last_seen *n;
	size_t i;

	for (i = 0; i < *nr; i++) {
		if ((*tab)[i].key == key) {
			*found = true;
			return &(*tab)[i];
		}
	}
	n = realloc(*tab, (*nr + 1) * sizeof(*n));
	if (!n)
		return NULL;
	*tab = n;
	n = &n[(*nr)++];
	memset(n, 0, sizeof(*n));
	n->key = key;
	*found = false;
	return n;
}

/*
 * The kernel reports the masks of a subchannel as they are and keeps no
 * history: the old masks of an s390_cio_sch_paths are those of the same
 * subchannel's previous event, and its first event is only the baseline.
 * A restart is CIO verifying again at once because a path changed while
 * it verified (doverify): ccw_device_verify_done() then starts the next
 * verification itself, so the device's verify_start follows its
 * verify_done with no path event for it (reported only when verification
 * is over) and no CRW or channel-path event (what starts any other
 * verification) between them; only the STSCH and masks of that
 * verify_done do. Fields that older kernels recorded for this (old_*,
 * restarts, merged) are not read.
 */
static int derive(struct cf_trace *t)
{
	struct last_seen *sch = NULL, *dev = NULL, *l;
	size_t nr_sch = 0, nr_dev = 0, i;
	struct cf_event *ev;
	bool found;
	int ret = 0;

	for (i = 0; i < t->nr && !ret; i++) {
		ev = &t->ev[i];
		switch (ev->type) {
		case CF_SCH_PATHS:
			l = last_seen(&sch, &nr_sch, ev->sch, &found);
			if (!l) {
				ret = -ENOMEM;
				break;
			}
			memcpy(ev->old, found ? l->masks : ev->new, CF_NR_MASKS);
			ev->unchanged = !memcmp(ev->old, ev->new, CF_NR_MASKS);
			memcpy(l->masks, ev->new, CF_NR_MASKS);
			break;
		case CF_VERIFY_START:
		case CF_VERIFY_DONE:
			l = last_seen(&dev, &nr_dev, ev->dev, &found);
			if (!l) {
				ret = -ENOMEM;
				break;
			}
			if (ev->type == CF_VERIFY_START) {
				/* Restarts of this chain of verifications. */
				l->restarts = l->after_done ? l->restarts + 1 : 0;
				l->after_done = false;
			} else {
				l->after_done = true;
			}
			ev->restarts = l->restarts;
			break;
		case CF_PATH_EVENT:
			l = last_seen(&dev, &nr_dev, ev->dev, &found);
			if (!l) {
				ret = -ENOMEM;
				break;
			}
			l->after_done = false;
			break;
		case CF_STCRW:
			if (ev->cc == 0)
				new_trigger(dev, nr_dev);
			break;
		case CF_CHP_EVENT:
			new_trigger(dev, nr_dev);
			break;
		default:
			break;
		}
	}
	free(sch);
	free(dev);
	return ret;
}

/**
 * cf_read_trace() - read the failover events of a trace.dat
 * @file: the trace.dat
 * @t: filled with the events in time order
 *
 * Return: 0, or a negative errno.
 */
int cf_read_trace(const char *file, struct cf_trace *t)
{
	struct tracecmd_input *handle;
	struct reader r = { .t = t };
	struct tep_event *event;
	unsigned int i, j;

	memset(t, 0, sizeof(*t));
	tracecmd_set_loglevel(TEP_LOG_CRITICAL);
	handle = tracecmd_open(file, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!handle)
		return errno ? -errno : -EINVAL;
	r.tep = tracecmd_get_tep(handle);
	t->big_endian = tep_is_file_bigendian(r.tep);
	t->long_size = tep_get_long_size(r.tep);
	for (i = 0; i < NR_KNOWN; i++) {
		known[i].id = -1;
		memset(known[i].f, 0, sizeof(known[i].f));
		event = tep_find_event_by_name(r.tep, known[i].system,
					       known[i].name);
		if (!event) {
			if (known[i].path)
				t->missing++;
			continue;
		}
		known[i].id = event->id;
		for (j = 0; j < F_NR; j++)
			known[i].f[j] = tep_find_field(event, field_name[j]);
	}
	if (tracecmd_iterate_events(handle, NULL, 0, record_cb, &r) < 0 && !r.err)
		r.err = -EIO;
	tracecmd_close(handle);
	if (r.err) {
		cf_free_trace(t);
		return r.err;
	}
	qsort(t->ev, t->nr, sizeof(*t->ev), cmp_event);
	r.err = derive(t);
	if (r.err)
		cf_free_trace(t);
	return r.err;
}

void cf_free_trace(struct cf_trace *t)
{
	free(t->ev);
	t->ev = NULL;
	t->nr = 0;
	t->alloc = 0;
}
