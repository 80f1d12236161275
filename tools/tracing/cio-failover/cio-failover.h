/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cio-failover: channel-path failover report from a trace.dat.
 */
#ifndef CIO_FAILOVER_H
#define CIO_FAILOVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

enum cf_type {
	CF_STCRW,		/* s390:s390_cio_stcrw */
	CF_STSCH,		/* s390:s390_cio_stsch */
	CF_SSCH,		/* s390:s390_cio_ssch */
	CF_CHP_EVENT,		/* s390:s390_cio_chp_event */
	CF_SCH_PATHS,		/* s390:s390_cio_sch_paths */
	CF_VERIFY_START,	/* s390:s390_cio_verify_start */
	CF_VERIFY_DONE,		/* s390:s390_cio_verify_done */
	CF_PATH_EVENT,		/* s390:s390_cio_path_event */
	CF_DASD_PATH_EVENT,	/* dasd:dasd_path_event */
	CF_DASD_PATH_MASKS,	/* dasd:dasd_path_masks */
	CF_VFIO_CRW,		/* vfio_ccw:vfio_ccw_crw_* */
	CF_NR_TYPES,
};

/* Masks of s390_cio_sch_paths, in this order. */
enum { CF_PIM, CF_PAM, CF_POM, CF_LPM, CF_OPM, CF_VPM, CF_NR_MASKS };

/* chp_event codes, as in the kernel's enum cio_trace_chp_ev/_src. */
enum { CF_CHP_GONE, CF_CHP_CAME, CF_CHP_VARY_OFF, CF_CHP_VARY_ON, CF_CHP_OVERFLOW };
enum { CF_SRC_CRW, CF_SRC_VARY, CF_SRC_INJECT };

/* Device key: ssid << 16 | devno. */
struct cf_event {
	u64 ts;			/* ns, trace clock */
	unsigned int seq;		/* order in the file, for a stable sort */
	enum cf_type type;
	int cc;				/* stcrw, stsch, ssch; rc of verify_done */
	u32 sch;			/* ssid << 16 | schno, or ~0 */
	u32 dev;			/* ssid << 16 | devno, or ~0 */
	u8 rsc, erc, oflw, chn;	/* stcrw */
	u16 rsid;			/* stcrw */
	u8 cssid, chpid, event, source; /* chp_event */
	/* sch_paths: masks now, and as the subchannel's previous event had them */
	u8 old[CF_NR_MASKS], new[CF_NR_MASKS];
	bool unchanged;			/* sch_paths: none differs, or first */
	u8 lpm, vpm;		/* verify_*; dasd opm in lpm */
	unsigned int restarts;		/* verify_*: restarts of this chain (derived) */
	u8 gone, avail, pgid, delivered; /* path_event */
	u8 chpids[8];		/* stsch: PMCW chpids */
	bool has_chpids;
	u8 dasd[6];		/* dasd_path_masks; dasd_path_event */
};

struct cf_trace {
	struct cf_event *ev;
	size_t nr;
	size_t alloc;
	bool big_endian;
	int long_size;
	unsigned int counts[CF_NR_TYPES];
	unsigned int missing;		/* path events absent from the file */
};

#define CF_MAX_CHP	64

struct cf_device {
	u32 dev;
	u32 sch;
	u8 lost;			/* path positions that left PAM/VPM */
	u8 regained;		/* path positions that came back */
	u8 vpm_before, vpm_after;
	bool have_vpm;
	u8 chpids[8];
	bool has_chpids;
	u64 last_done;		/* ts of the last verify_done */
	u64 last_change;		/* ts of the last mask change */
	unsigned int verifications;
	unsigned int restarts;
	unsigned int path_events;
	bool verifying;			/* verify_start without done */
	int last_rc;
	u8 pe_gone, pe_avail;
	u8 masks[CF_NR_MASKS];	/* after the last sch_paths */
	bool have_masks;
	/* DASD's operational path mask (dasd_path_masks), when a DASD */
	bool have_dasd;
	u8 dasd_before, dasd_after;
	u64 dasd_change;		/* ts of the last change of DASD's opm */
	unsigned int dasd_path_events;
};

struct cf_chp {
	u64 ts;
	u8 cssid, chpid, event, source;
};

struct cf_failover {
	u64 start;			/* first trigger */
	u64 first_crw;		/* 0 if none */
	u64 end;			/* last verification (or event) */
	size_t first, last;		/* event index range */
	unsigned int crws, overflows, stsch, ssch, verifications, restarts;
	unsigned int path_events, vfio_crw, dasd_events;
	struct cf_chp chp[CF_MAX_CHP];
	unsigned int nr_chp;
	struct cf_device *dev;
	unsigned int nr_dev;
};

struct cf_report {
	struct cf_failover *fo;
	unsigned int nr;
};

struct cf_options {
	const char *input;
	bool json;
	bool timeline;
	u64 gap_ns;
};

int cf_read_trace(const char *file, struct cf_trace *t);
void cf_free_trace(struct cf_trace *t);
int cf_analyze(const struct cf_trace *t, const struct cf_options *o,
	       struct cf_report *r);
void cf_free_report(struct cf_report *r);
void cf_print_text(FILE *f, const struct cf_trace *t,
		   const struct cf_report *r, const struct cf_options *o);
void cf_print_json(FILE *f, const struct cf_trace *t,
		   const struct cf_report *r, const struct cf_options *o);

const char *cf_chp_event_name(unsigned int e);
const char *cf_chp_source_name(unsigned int s);

#endif
