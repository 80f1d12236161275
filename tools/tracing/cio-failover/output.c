// SPDX-License-Identifier: GPL-2.0
/*
 * cio-failover: text and JSON output.
 */
#include <string.h>

#include "cio-failover.h"

static const char *const chp_event_names[] = {
	"gone", "came", "vary_off", "vary_on", "overflow",
};

static const char *const chp_source_names[] = { "crw", "vary", "inject" };

/* Event names for the counts, without the system's prefix where it repeats. */
static const char *const type_names[CF_NR_TYPES] = {
	[CF_STCRW] = "s390_cio_stcrw",
	[CF_STSCH] = "s390_cio_stsch",
	[CF_SSCH] = "s390_cio_ssch",
	[CF_CHP_EVENT] = "s390_cio_chp_event",
	[CF_SCH_PATHS] = "s390_cio_sch_paths",
	[CF_VERIFY_START] = "s390_cio_verify_start",
	[CF_VERIFY_DONE] = "s390_cio_verify_done",
	[CF_PATH_EVENT] = "s390_cio_path_event",
	[CF_DASD_PATH_EVENT] = "dasd_path_event",
	[CF_DASD_PATH_MASKS] = "dasd_path_masks",
	[CF_VFIO_CRW] = "vfio_ccw_crw",
};

static const char *const mask_names[CF_NR_MASKS] = {
	"pim", "pam", "pom", "lpm", "opm", "vpm",
};

const char *cf_chp_event_name(unsigned int e)
{
	return e < 5 ? chp_event_names[e] : "unknown";
}

const char *cf_chp_source_name(unsigned int s)
{
	return s < 3 ? chp_source_names[s] : "unknown";
}

static void busid(char *buf, size_t len, u32 id)
{
	if (id == ~0U)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "0.%x.%04x", id >> 16, id & 0xffff);
}

/* "01,03" for the path positions in mask, by chpid when known. */
static void paths(char *buf, size_t len, const struct cf_device *d,
		  u8 mask)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	if (!mask) {
		snprintf(buf, len, "-");
		return;
	}
	for (i = 0; i < 8 && n < len; i++) {
		if (!(mask & (0x80 >> i)))
			continue;
		if (d->has_chpids)
			n += snprintf(buf + n, len - n, "%s%02x", n ? "," : "",
				      d->chpids[i]);
		else
			n += snprintf(buf + n, len - n, "%spos%d", n ? "," : "", i);
	}
}

static u64 t0_of(const struct cf_failover *fo)
{
	return fo->first_crw ? fo->first_crw : fo->start;
}

static s64 latency(const struct cf_failover *fo, const struct cf_device *d)
{
	u64 t = d->last_done ? d->last_done : d->last_change;

	return t ? (s64)(t - t0_of(fo)) : -1;
}

/* From the first CRW to DASD's last change of its opm, or -1. */
static s64 dasd_latency(const struct cf_failover *fo, const struct cf_device *d)
{
	return d->dasd_change ? (s64)(d->dasd_change - t0_of(fo)) : -1;
}

static bool has_dasd(const struct cf_failover *fo)
{
	unsigned int i;

	for (i = 0; i < fo->nr_dev; i++)
		if (fo->dev[i].have_dasd)
			return true;
	return false;
}

/* Why a device did not settle, or NULL. */
static const char *unsettled(const struct cf_device *d, char *buf, size_t len)
{
	u8 usable;

	if (d->verifying)
		return "path verification started and never ended";
	if (d->verifications && d->last_rc) {
		snprintf(buf, len, "path verification ended with rc=%d",
			 d->last_rc);
		return buf;
	}
	if (d->have_masks && d->verifications) {
		usable = d->masks[CF_PIM] & d->masks[CF_PAM] & d->masks[CF_OPM];
		if (d->masks[CF_VPM] != usable) {
			snprintf(buf, len,
				 "verified paths %02x differ from available paths %02x",
				 d->masks[CF_VPM], usable);
			return buf;
		}
	}
	/* A driver's view must follow the subchannel's. */
	if (d->have_dasd && d->have_vpm && d->dasd_after != d->vpm_after) {
		snprintf(buf, len,
			 "DASD's operational paths %02x differ from verified paths %02x",
			 d->dasd_after, d->vpm_after);
		return buf;
	}
	return NULL;
}

static void crw_text(FILE *f, const struct cf_event *ev)
{
	const char *what;

	switch (ev->rsc) {
	case 3:
		fprintf(f, "subchannel, erc 0x%x, rsid 0x%04x", ev->erc, ev->rsid);
		break;
	case 4:
		what = ev->erc == 2 || ev->erc == 4 ? "path came" :
		       ev->erc == 6 || ev->erc == 7 ? "path gone" : "erc";
		fprintf(f, "channel path, %s (erc 0x%x), chpid %02x", what,
			ev->erc, ev->rsid & 0xff);
		break;
	default:
		fprintf(f, "rsc 0x%x, erc 0x%x, rsid 0x%04x", ev->rsc, ev->erc,
			ev->rsid);
	}
	if (ev->oflw)
		fprintf(f, " [overflow]");
	if (ev->chn)
		fprintf(f, " [chained]");
}

static void print_timeline(FILE *f, const struct cf_trace *t,
			   const struct cf_failover *fo)
{
	char a[16], b[16];
	size_t i;
	int m;

	fprintf(f, "  timeline (ms after the %s):\n",
		fo->first_crw ? "first CRW" : "channel-path event");
	for (i = fo->first; i <= fo->last && i < t->nr; i++) {
		const struct cf_event *ev = &t->ev[i];
		double ms = ((double)ev->ts - (double)t0_of(fo)) / 1e6;

		busid(a, sizeof(a), ev->dev);
		busid(b, sizeof(b), ev->sch);
		switch (ev->type) {
		case CF_STCRW:
			if (ev->cc)
				continue;
			fprintf(f, "  %10.3f  crw           ", ms);
			crw_text(f, ev);
			break;
		case CF_CHP_EVENT:
			fprintf(f, "  %10.3f  chp_event     chpid %x.%02x %s, source %s",
				ms, ev->cssid, ev->chpid,
				cf_chp_event_name(ev->event),
				cf_chp_source_name(ev->source));
			break;
		case CF_SCH_PATHS:
			if (ev->unchanged)
				continue;
			fprintf(f, "  %10.3f  sch_paths     %s (sch %s)", ms, a, b);
			for (m = 0; m < CF_NR_MASKS; m++)
				if (ev->old[m] != ev->new[m])
					fprintf(f, " %s %02x->%02x",
						mask_names[m],
						ev->old[m], ev->new[m]);
			break;
		case CF_VERIFY_START:
			fprintf(f, "  %10.3f  verify_start  %s lpm %02x%s", ms, a,
				ev->lpm, ev->restarts ? " (restart)" : "");
			break;
		case CF_VERIFY_DONE:
			fprintf(f, "  %10.3f  verify_done   %s lpm %02x vpm %02x rc %d restarts %u",
				ms, a, ev->lpm, ev->vpm, ev->cc, ev->restarts);
			break;
		case CF_PATH_EVENT:
			fprintf(f, "  %10.3f  path_event    %s gone %02x available %02x%s",
				ms, a, ev->gone, ev->avail,
				ev->delivered ? "" : " (driver has no path_event)");
			break;
		case CF_DASD_PATH_EVENT:
			fprintf(f, "  %10.3f  dasd_path_event %s chp %u event 0x%x",
				ms, a, ev->dasd[0], ev->dasd[1]);
			break;
		case CF_DASD_PATH_MASKS:
			fprintf(f, "  %10.3f  dasd_path_masks %s opm %02x tbvpm %02x nppm %02x",
				ms, a, ev->dasd[0], ev->dasd[1], ev->dasd[2]);
			break;
		case CF_VFIO_CRW:
			fprintf(f, "  %10.3f  vfio_ccw_crw", ms);
			break;
		default:
			continue;
		}
		fputc('\n', f);
	}
}

/**
 * cf_print_text() - the human-readable report
 * @f: output
 * @t: the events
 * @r: the failovers
 * @o: options
 */
void cf_print_text(FILE *f, const struct cf_trace *t,
		   const struct cf_report *r, const struct cf_options *o)
{
	char a[16], b[16], lost[40], back[40], why[96];
	unsigned int i, j, bad;
	bool dasd;

	fprintf(f, "cio-failover: %s: %s-endian, %zu events, %u failover%s\n",
		o->input, t->big_endian ? "big" : "little", t->nr, r->nr,
		r->nr == 1 ? "" : "s");
	if (t->missing == 5)
		fprintf(f,
			"  note: no s390_cio_chp_event/sch_paths/verify/path_event in the file (kernel without failover trace events, or not enabled)\n");
	for (i = 0; i < r->nr; i++) {
		const struct cf_failover *fo = &r->fo[i];

		fprintf(f, "\nfailover %u: %.6f s to %.6f s, %.3f ms from the %s to the last %s\n",
			i + 1, fo->start / 1e9, fo->end / 1e9,
			fo->end >= t0_of(fo) ? (fo->end - t0_of(fo)) / 1e6 : 0.0,
			fo->first_crw ? "first CRW" : "channel-path event (no CRW)",
			fo->verifications ? "verification" : "path event");
		fprintf(f, "  channel paths:");
		if (!fo->nr_chp)
			fprintf(f, " -");
		for (j = 0; j < fo->nr_chp; j++)
			fprintf(f, "%s %x.%02x %s (%s)", j ? "," : "",
				fo->chp[j].cssid, fo->chp[j].chpid,
				cf_chp_event_name(fo->chp[j].event),
				cf_chp_source_name(fo->chp[j].source));
		fputc('\n', f);
		if (o->timeline)
			print_timeline(f, t, fo);
		dasd = has_dasd(fo);
		fprintf(f, "  devices:\n");
		fprintf(f, "    %-9s %-9s %-12s %-12s %-8s %12s %6s %8s", "DEVICE",
			"SUBCHAN.", "LOST", "REGAINED", "VPM", "LATENCY", "VERIFY",
			"RESTARTS");
		if (dasd)
			fprintf(f, "  %-8s %12s", "DASD OPM", "DASD LATENCY");
		fputc('\n', f);
		for (j = 0; j < fo->nr_dev; j++) {
			const struct cf_device *d = &fo->dev[j];
			s64 lat = latency(fo, d);
			char vpm[8], l[20];

			busid(a, sizeof(a), d->dev);
			busid(b, sizeof(b), d->sch);
			paths(lost, sizeof(lost), d, d->lost);
			paths(back, sizeof(back), d, d->regained);
			if (d->have_vpm)
				snprintf(vpm, sizeof(vpm), "%02x->%02x",
					 d->vpm_before, d->vpm_after);
			else
				snprintf(vpm, sizeof(vpm), "-");
			if (lat >= 0)
				snprintf(l, sizeof(l), "%.3f ms", lat / 1e6);
			else
				snprintf(l, sizeof(l), "-");
			fprintf(f, "    %-9s %-9s %-12s %-12s %-8s %12s %6u %8u",
				a, b, lost, back, vpm, l, d->verifications,
				d->restarts);
			if (dasd && d->have_dasd) {
				lat = dasd_latency(fo, d);
				snprintf(vpm, sizeof(vpm), "%02x->%02x",
					 d->dasd_before, d->dasd_after);
				if (lat >= 0)
					snprintf(l, sizeof(l), "%.3f ms", lat / 1e6);
				else
					snprintf(l, sizeof(l), "-");
				fprintf(f, "  %-8s %12s", vpm, l);
			}
			fputc('\n', f);
		}
		if (!fo->nr_dev)
			fprintf(f, "    (no device changed paths)\n");
		fprintf(f,
			"  work: %u CRW%s%s, %u STSCH, %u SSCH, %u verification%s, %u restart%s, %u path event%s",
			fo->crws, fo->crws == 1 ? "" : "s",
			fo->overflows ? " (overflow)" : "", fo->stsch, fo->ssch,
			fo->verifications, fo->verifications == 1 ? "" : "s",
			fo->restarts, fo->restarts == 1 ? "" : "s",
			fo->path_events, fo->path_events == 1 ? "" : "s");
		if (fo->vfio_crw)
			fprintf(f, ", %u vfio-ccw CRW events", fo->vfio_crw);
		if (fo->dasd_events)
			fprintf(f, ", %u dasd events", fo->dasd_events);
		fputc('\n', f);
		bad = 0;
		for (j = 0; j < fo->nr_dev; j++) {
			const char *w = unsettled(&fo->dev[j], why, sizeof(why));

			if (!w)
				continue;
			busid(a, sizeof(a), fo->dev[j].dev);
			fprintf(f, "  never settled: %s: %s\n", a, w);
			bad++;
		}
		if (!bad)
			fprintf(f, "  never settled: none\n");
	}
}

static void json_mask_list(FILE *f, const struct cf_device *d, u8 mask)
{
	int i, n = 0;

	fputc('[', f);
	for (i = 0; i < 8; i++) {
		if (!(mask & (0x80 >> i)))
			continue;
		if (d->has_chpids)
			fprintf(f, "%s\"%02x\"", n++ ? ", " : "", d->chpids[i]);
		else
			fprintf(f, "%s\"pos%d\"", n++ ? ", " : "", i);
	}
	fputc(']', f);
}

/**
 * cf_print_json() - the report for machines
 * @f: output
 * @t: the events
 * @r: the failovers
 * @o: options
 *
 * Times are nanoseconds of the trace clock; masks are two hex digits.
 */
void cf_print_json(FILE *f, const struct cf_trace *t,
		   const struct cf_report *r, const struct cf_options *o)
{
	char a[16], b[16], why[96];
	unsigned int i, j, n;
	const char *p;

	fprintf(f, "{\n  \"file\": \"");
	for (p = o->input; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		if ((unsigned char)*p >= 0x20)
			fputc(*p, f);
	}
	fprintf(f, "\",\n  \"big_endian\": %s,\n  \"events\": %zu,\n",
		t->big_endian ? "true" : "false", t->nr);
	fprintf(f, "  \"path_events_in_file\": %s,\n",
		t->missing == 5 ? "false" : "true");
	fprintf(f, "  \"event_counts\": {");
	for (i = 0; i < CF_NR_TYPES; i++)
		fprintf(f, "%s\"%s\": %u", i ? ", " : "", type_names[i],
			t->counts[i]);
	fprintf(f, "},\n");
	fprintf(f, "  \"failovers\": [");
	for (i = 0; i < r->nr; i++) {
		const struct cf_failover *fo = &r->fo[i];

		fprintf(f, "%s\n    {\n", i ? "," : "");
		fprintf(f, "      \"index\": %u,\n", i + 1);
		fprintf(f, "      \"start_ns\": %llu,\n", (unsigned long long)fo->start);
		fprintf(f, "      \"first_crw_ns\": %llu,\n",
			(unsigned long long)fo->first_crw);
		fprintf(f, "      \"end_ns\": %llu,\n", (unsigned long long)fo->end);
		fprintf(f, "      \"duration_ns\": %llu,\n",
			(unsigned long long)(fo->end >= t0_of(fo) ? fo->end - t0_of(fo) : 0));
		fprintf(f, "      \"chp_events\": [");
		for (j = 0; j < fo->nr_chp; j++)
			fprintf(f,
				"%s\n        {\"ts_ns\": %llu, \"chpid\": \"%x.%02x\", \"event\": \"%s\", \"source\": \"%s\"}",
				j ? "," : "", (unsigned long long)fo->chp[j].ts, fo->chp[j].cssid,
				fo->chp[j].chpid,
				cf_chp_event_name(fo->chp[j].event),
				cf_chp_source_name(fo->chp[j].source));
		fprintf(f, "%s],\n", fo->nr_chp ? "\n      " : "");
		fprintf(f, "      \"devices\": [");
		for (j = 0; j < fo->nr_dev; j++) {
			const struct cf_device *d = &fo->dev[j];

			busid(a, sizeof(a), d->dev);
			busid(b, sizeof(b), d->sch);
			fprintf(f,
				"%s\n        {\"device\": \"%s\", \"subchannel\": \"%s\", \"lost\": ",
				j ? "," : "", a, b);
			json_mask_list(f, d, d->lost);
			fprintf(f, ", \"regained\": ");
			json_mask_list(f, d, d->regained);
			fprintf(f, ", \"lost_mask\": \"%02x\", \"regained_mask\": \"%02x\"",
				d->lost, d->regained);
			if (d->have_vpm)
				fprintf(f, ", \"vpm_before\": \"%02x\", \"vpm_after\": \"%02x\"",
					d->vpm_before, d->vpm_after);
			if (d->have_dasd)
				fprintf(f,
					", \"dasd_opm_before\": \"%02x\", \"dasd_opm_after\": \"%02x\", \"dasd_latency_ns\": %lld, \"dasd_path_events\": %u",
					d->dasd_before, d->dasd_after,
					(long long)dasd_latency(fo, d),
					d->dasd_path_events);
			fprintf(f,
				", \"latency_ns\": %lld, \"verifications\": %u, \"restarts\": %u, \"rc\": %d, \"path_events\": %u}",
				(long long)latency(fo, d), d->verifications, d->restarts,
				d->last_rc, d->path_events);
		}
		fprintf(f, "%s],\n", fo->nr_dev ? "\n      " : "");
		fprintf(f,
			"      \"work\": {\"crws\": %u, \"overflows\": %u, \"stsch\": %u, \"ssch\": %u, \"verifications\": %u, \"restarts\": %u, \"path_events\": %u, \"vfio_ccw_crw\": %u, \"dasd\": %u},\n",
			fo->crws, fo->overflows, fo->stsch, fo->ssch,
			fo->verifications, fo->restarts, fo->path_events,
			fo->vfio_crw, fo->dasd_events);
		fprintf(f, "      \"unsettled\": [");
		for (j = 0, n = 0; j < fo->nr_dev; j++) {
			const char *w = unsettled(&fo->dev[j], why, sizeof(why));

			if (!w)
				continue;
			busid(a, sizeof(a), fo->dev[j].dev);
			fprintf(f, "%s\n        {\"device\": \"%s\", \"reason\": \"%s\"}",
				n++ ? "," : "", a, w);
		}
		fprintf(f, "%s]\n    }", n ? "\n      " : "");
	}
	fprintf(f, "%s]\n}\n", r->nr ? "\n  " : "");
}
