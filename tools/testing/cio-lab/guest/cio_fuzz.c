// SPDX-License-Identifier: GPL-2.0
/*
 * cio_fuzz: the cio-lab's seeded fuzzers, run inside the guest (static).
 *
 *   cio_fuzz crw SEED BATCH COUNT CHPIDS NSCH
 *	COUNT channel report words from the seed and the batch number,
 *	written to debugfs s390/cio/crw_inject one by one, interleaved with
 *	path_inject failures and restores of the lab chpids CHPIDS (e.g.
 *	00,01,02,03; the first one is never failed, so I/O always has a
 *	path); NSCH lab subchannels 0.0.0000.. exist. Every chpid failed in
 *	the batch is restored at its end.
 *   cio_fuzz inject SEED BATCH COUNT CHPIDS NSCH
 *	COUNT command lines for debugfs s390/cio/path_inject: valid ones
 *	(from a model of the injector's state) must be applied, anything
 *	else refused with EINVAL and exactly one clean "path_inject:" line
 *	in the kernel log; after every write the injector's state (its
 *	file) must equal the model, so nothing is ever half applied.
 *   cio_fuzz storm COUNT CHPIDS
 *	COUNT path failures and restores (seed 1) of CHPIDS through
 *	path_inject (all of them may be gone at times), one CRW each; prints the last report of each
 *	chpid ("last 01 gone") and the path mask that must result.
 *   cio_fuzz storm-crw COUNT CHPIDS emulated|real
 *	COUNT channel-path CRWs (seed 1) for CHPIDS through crw_inject, all
 *	delivered, most contradicting what STSCH shows, the last one of each
 *	chpid true; "emulated": the lab disks sit on path_inject's paths and
 *	chpids other than the first really fail first; "real": no injector
 *	(the base kernel), the CRWs are all the storm is.
 *
 * Both fuzzers print one summary line; a failure prints "FAIL ..." with
 * the seed and the batch and exits 1. The same seed and batch give the
 * same input (the kernel's timing may still differ).
 */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DBG "/sys/kernel/debug/s390/cio/"
#define MAX_LAB_CHPIDS 8
#define MAX_SCH 16

static unsigned long seed, batch;
static uint64_t rng;

static void die(const char *fmt, ...)
{
	va_list ap;

	printf("FAIL seed %lu batch %lu: ", seed, batch);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

/* splitmix64: tiny, and the same sequence on every libc. */
static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int below(unsigned int n)
{
	return next() % n;
}

static int chance(unsigned int percent)
{
	return below(100) < percent;
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	return fd;
}

static void enable_inject(void)
{
	int fd = open_or_die(DBG "enable_inject", O_WRONLY);

	if (write(fd, "1", 1) != 1)
		die("cannot enable CIO injection: %s", strerror(errno));
	close(fd);
}

static int nchp;
static unsigned int lab_chp[MAX_LAB_CHPIDS];
static unsigned int nsch;

static void parse_chpids(const char *s)
{
	char *end;

	while (*s && nchp < MAX_LAB_CHPIDS) {
		lab_chp[nchp++] = strtoul(s, &end, 16);
		s = *end == ',' ? end + 1 : end;
		if (end == s && *s)
			break;
	}
	if (!nchp)
		die("no lab chpids in '%s'", s);
}

/* ---- CRWs -------------------------------------------------------------- */

struct crw {
	unsigned int slct, oflw, chn, rsc, anc, erc, rsid;
};

static int crw_fd = -1, pi_fd = -1;
static unsigned long crws_written, busy_waits;
static FILE *crw_log;

/* crw_inject answers EBUSY until the CRW thread took the previous one. */
static void put_crw(const struct crw *c, unsigned long i)
{
	char buf[64];
	int len, waited = 0;

	len = snprintf(buf, sizeof(buf), "%x %x %x %x %x %x %x", c->slct, c->oflw,
		       c->chn, c->rsc, c->anc, c->erc, c->rsid);
	if (crw_log)
		fprintf(crw_log, "%lu %s\n", i, buf);
	while (write(crw_fd, buf, len) != len) {
		if (errno != EBUSY)
			die("crw %lu '%s' refused: %s", i, buf, strerror(errno));
		/* 30 s: the CRW thread is dead or hangs. */
		if (++waited > 150000)
			die("crw %lu '%s' not taken within 30 s (CRW thread dead?)", i, buf);
		/* The CRW thread was woken: let it run, then poll gently. */
		if (busy_waits++ % 16)
			sched_yield();
		else
			sleep_us(200);
	}
	crws_written++;
}

static unsigned int failed_mask, quiet_mask;
static int quiet_percent = 20;
static unsigned int flip_from = 1;	/* the first chpid keeps I/O going */

static void path_cmd(const char *fmt, ...)
{
	char buf[80];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (crw_log)
		fprintf(crw_log, "path_inject %s\n", buf);
	if (write(pi_fd, buf, len) != len)
		die("path_inject '%s' refused: %s", buf, strerror(errno));
}

/* Fail or restore one lab chpid other than the first (I/O keeps a path). */
static void path_flip(void)
{
	unsigned int k, bit;

	if ((unsigned int)nchp <= flip_from)
		return;
	k = flip_from + below(nchp - flip_from);
	bit = 1u << k;
	if (failed_mask & bit) {
		path_cmd("restore %02x%s", lab_chp[k], chance(quiet_percent) ? " quiet" : "");
		failed_mask &= ~bit;
		quiet_mask &= ~bit;
	} else {
		int quiet = chance(quiet_percent);

		path_cmd("fail %02x%s", lab_chp[k], quiet ? " quiet" : "");
		failed_mask |= bit;
		if (quiet)
			quiet_mask |= bit;
	}
}

/* Statistics, so a run shows what it covered. */
static unsigned long n_rsc[16], n_chain, n_endless, n_cut, n_oflw, n_slct, n_anc,
	n_random, n_burst, n_flip;

static unsigned int rsid_chpid(void)
{
	switch (below(4)) {
	case 0:
	case 1:
		return lab_chp[below(nchp)];
	case 2:
		return below(0x100);		/* mostly unknown chpids */
	default:
		return 0x100 + below(0xff00);	/* out of range for a chpid */
	}
}

static unsigned int rsid_sch(void)
{
	switch (below(4)) {
	case 0:
	case 1:
		return below(nsch + 1);		/* the lab's, or the next one */
	case 2:
		return 0xfff0 + below(16);
	default:
		return below(0x10000);
	}
}

static void random_crw(struct crw *c)
{
	static const unsigned int ercs[] = { 2, 4, 6, 7, 8 };

	memset(c, 0, sizeof(*c));
	switch (below(10)) {
	case 0: case 1: case 2: case 3: case 4:
		c->rsc = 4;
		break;
	case 5: case 6: case 7:
		c->rsc = 3;
		break;
	default:
		/* Every RSC; CSS reports (0xb) make CIO evaluate everything. */
		c->rsc = below(16);
	}
	/*
	 * A path-available report makes CIO store all 65536 subchannels of
	 * the set (the reprobe), seconds under TCG: fewer of them, and an
	 * overflow (a full evaluation) is rarer still.
	 */
	c->erc = chance(70) ? ercs[below(5)] : below(64);
	if (c->rsc == 4 && (c->erc == 2 || c->erc == 4) && chance(75))
		c->erc = chance(50) ? 6 : 7;
	c->rsid = c->rsc == 4 ? rsid_chpid() : c->rsc == 3 ? rsid_sch() : below(0x10000);
	if (chance(3)) {
		c->slct = 1;
		n_slct++;
	}
	if (chance(3)) {
		c->anc = 1;
		n_anc++;
	}
}

static int cmd_crw(unsigned long count)
{
	struct crw c, burst, end = {};
	unsigned long i = 0;
	unsigned int k, n;

	crw_fd = open_or_die(DBG "crw_inject", O_WRONLY);
	pi_fd = open_or_die(DBG "path_inject", O_WRONLY);
	crw_log = fopen("/tmp/crw-fuzz-batch.txt", "w");
	if (crw_log)
		setvbuf(crw_log, NULL, _IOLBF, 0);
	while (i < count) {
		unsigned int what = below(100);

		if (what < 5) {
			path_flip();
			n_flip++;
			continue;
		}
		if (what < 55) {		/* a single CRW */
			random_crw(&c);
			n_rsc[c.rsc]++;
			put_crw(&c, i++);
		} else if (what < 70) {		/* a chained pair, as for ssid > 0 */
			random_crw(&c);
			c.chn = 1;
			n_rsc[c.rsc]++;
			put_crw(&c, i++);
			random_crw(&c);
			if (chance(50)) {
				c.rsc = 3;
				c.rsid = below(4) << 4;
			}
			n_rsc[c.rsc]++;
			put_crw(&c, i++);
			n_chain++;
		} else if (what < 74) {		/* a chain that never ends */
			n = 3 + below(8);
			for (k = 0; k < n; k++) {
				random_crw(&c);
				c.chn = 1;
				n_rsc[c.rsc]++;
				put_crw(&c, i++);
			}
			n_endless++;
		} else if (what < 78) {		/* a chain cut short */
			random_crw(&c);
			c.chn = 1;
			n_rsc[c.rsc]++;
			put_crw(&c, i++);
			n_cut++;
		} else if (what < 79) {		/* overflow: reports were lost */
			random_crw(&c);
			c.oflw = 1;
			n_rsc[c.rsc]++;
			put_crw(&c, i++);
			n_oflw++;
		} else if (what < 88) {		/* a random word */
			uint32_t w = next();

			c.slct = w >> 30 & 1;
			c.oflw = chance(5) ? w >> 29 & 1 : 0;
			c.chn = w >> 28 & 1;
			c.rsc = w >> 24 & 0xf;
			c.anc = w >> 23 & 1;
			c.erc = w >> 16 & 0x3f;
			c.rsid = w & 0xffff;
			n_rsc[c.rsc]++;
			put_crw(&c, i++);
			n_random++;
		} else {			/* a burst of one report */
			random_crw(&burst);
			if (chance(60)) {
				burst.rsc = 4;
				burst.erc = chance(20) ? 2 : 6;
				burst.rsid = lab_chp[below(nchp)];
				burst.slct = 0;
			}
			n = 2 + below(40);
			for (k = 0; k < n && i < count; k++) {
				n_rsc[burst.rsc]++;
				put_crw(&burst, i++);
			}
			n_burst++;
		}
	}
	/* The batch leaves every path as it found it. */
	for (k = 1; k < (unsigned int)nchp; k++)
		if (failed_mask & (1u << k))
			path_cmd("restore %02x", lab_chp[k]);
	/*
	 * The bursts and random words said "gone" of working lab paths, and
	 * CIO believes a report: it drops the path until one says "came".
	 * A channel subsystem's last report of a path tells the truth (as in
	 * the storm): end with one of each lab chpid, all of them working.
	 */
	end.rsc = 0x4;
	end.erc = 0x2;
	for (k = 0; k < (unsigned int)nchp; k++) {
		end.rsid = lab_chp[k];
		put_crw(&end, i++);
	}
	printf("crw-fuzz seed %lu batch %lu: %lu CRWs (rsc 3: %lu, 4: %lu, b: %lu, other: %lu), "
	       "%lu chained pairs, %lu endless chains, %lu cut short, %lu overflows, "
	       "%lu solicited, %lu ancillary, %lu random words, %lu bursts, "
	       "%lu path_inject flips, %lu EBUSY waits\n",
	       seed, batch, crws_written, n_rsc[3], n_rsc[4], n_rsc[0xb],
	       crws_written - n_rsc[3] - n_rsc[4] - n_rsc[0xb], n_chain, n_endless,
	       n_cut, n_oflw, n_slct, n_anc, n_random, n_burst, n_flip, busy_waits);
	return 0;
}

/*
 * A storm: COUNT path failures and restores of random chpids through
 * path_inject, each raising one channel-path CRW that tells the truth (the
 * emulated path masks change with it).
 * Prints the mask the lab disks must end with.
 */
static int cmd_storm(unsigned long count)
{
	unsigned long i;
	unsigned int k, mask = 0;

	pi_fd = open_or_die(DBG "path_inject", O_WRONLY);
	for (i = 0; i < count; i++)
		path_flip();
	for (k = 0; k < (unsigned int)nchp; k++) {
		printf("last %02x %s\n", lab_chp[k], failed_mask & (1u << k) ? "gone" : "came");
		if (!(failed_mask & (1u << k)))
			mask |= 0x80 >> k;
	}
	printf("storm: %lu channel-path CRWs over %d chpids, final mask %02x\n", count, nchp, mask);
	return 0;
}

/*
 * A storm through crw_inject: COUNT channel-path CRWs for CHPIDS, every one
 * delivered (crw_inject holds one at a time, so nothing overflows), most of
 * them contradicting the channel subsystem, as stale or duplicated reports
 * a hypervisor forwards do. What STSCH shows is set first: each lab chpid
 * but the first fails for real (through path_inject, when the disks are
 * attached to emulated paths) with a chance of one half; the reports then
 * say "gone" and "came" at random, and the last report of each chpid tells
 * the truth. Prints the mask the lab disks must end with.
 */
static int cmd_storm_crw(unsigned long count, int emulated)
{
	struct crw c = { .rsc = 0x4 };	/* channel path */
	unsigned long i, tail;
	unsigned int k, mask = 0;

	crw_fd = open_or_die(DBG "crw_inject", O_WRONLY);
	if (emulated)
		pi_fd = open_or_die(DBG "path_inject", O_WRONLY);
	/* One line per CRW: labsh's heartbeat shows the progress. */
	crw_log = fopen("/tmp/crw-fuzz-batch.txt", "w");
	if (crw_log)
		setvbuf(crw_log, NULL, _IOLBF, 0);
	for (k = emulated ? 1 : nchp; k < (unsigned int)nchp; k++) {
		if (chance(50)) {
			path_cmd("fail %02x", lab_chp[k]);
			failed_mask |= 1u << k;
		}
	}
	tail = count < (unsigned long)nchp ? count : (unsigned long)nchp;
	for (i = 0; i < count; i++) {
		/* The last reports: one per chpid, the truth. */
		k = i < count - tail ? below(nchp) : i - (count - tail);
		c.rsid = lab_chp[k];
		if (i < count - tail)
			c.erc = chance(50) ? 0x6 : 0x2;	/* PERRN: gone, INIT: came */
		else
			c.erc = failed_mask & (1u << k) ? 0x6 : 0x2;
		put_crw(&c, i);
	}
	for (k = 0; k < (unsigned int)nchp; k++) {
		printf("last %02x %s\n", lab_chp[k], failed_mask & (1u << k) ? "gone" : "came");
		if (!(failed_mask & (1u << k)))
			mask |= 0x80 >> k;
	}
	/* Without emulated paths the hypervisor's one path is all there is. */
	if (!emulated)
		mask = 0x80;
	printf("storm: %lu channel-path CRWs over %d chpids through crw_inject (%lu EBUSY waits), "
	       "final mask %02x\n", crws_written, nchp, busy_waits, mask);
	return 0;
}

/* ---- path_inject commands ---------------------------------------------- */

/* The model of the injector's state: what its file must show. */
struct model {
	int attached[MAX_SCH];		/* number of chpids, 0: not attached */
	unsigned int chpid[MAX_SCH][8];
	unsigned char failed[256], quiet[256], held[256];
	/*
	 * The kernel may not know the subchannel's paths: a change without a
	 * report (quiet attach, quiet restore of a reported failure) leaves
	 * the schib CIO stored before it. Set again by an attach or detach
	 * with its report.
	 */
	unsigned char unknown[MAX_SCH];
};

static struct model m;
static int kmsg_fd = -1;

/* Whether lab subchannel @s is attached to @chpid. */
static int chpid_of(unsigned int s, unsigned int chpid)
{
	int i;

	for (i = 0; i < m.attached[s]; i++)
		if (m.chpid[s][i] == chpid)
			return 1;
	return 0;
}

/*
 * What lscss must show of each lab subchannel once CIO settled, from the
 * model: PIM and CHPIDs of its emulated paths (the hypervisor's one path,
 * chpid 00, when detached), PAM without the paths whose chpid failed with
 * a report. Subchannels the kernel may not know about are left out; so is
 * the VPM (an unreported failure is found only by I/O).
 */
static void print_expected(void)
{
	unsigned int s, pim, pam;
	char chpids[17];
	int i;

	for (s = 0; s < nsch; s++) {
		if (m.unknown[s]) {
			printf("expect 0.0.%04x unknown\n", s);
			continue;
		}
		pim = pam = 0x80;
		memset(chpids, '0', 16);
		chpids[16] = '\0';
		if (m.attached[s]) {
			pim = pam = (0xff00 >> m.attached[s]) & 0xff;
			for (i = 0; i < m.attached[s]; i++) {
				snprintf(chpids + 2 * i, 3, "%02x", m.chpid[s][i]);
				if (m.failed[m.chpid[s][i]] && !m.quiet[m.chpid[s][i]])
					pam &= ~(0x80 >> i);
			}
			chpids[2 * i] = i < 8 ? '0' : '\0';
		}
		printf("expect 0.0.%04x pim=%02x pam=%02x chpids=%s\n", s, pim, pam, chpids);
	}
}

static int __attribute__((unused)) chpid_used(unsigned int chpid)
{
	unsigned int s;
	int i;

	for (s = 0; s < nsch; s++)
		for (i = 0; i < m.attached[s]; i++)
			if (m.chpid[s][i] == chpid)
				return 1;
	return 0;
}

static void model_text(char *buf, size_t len)
{
	size_t n = 0;
	unsigned int s, c;
	int i;

	buf[0] = '\0';
	for (s = 0; s < nsch; s++) {
		if (!m.attached[s])
			continue;
		n += snprintf(buf + n, len - n, "attach 0.0.%04x ", s);
		for (i = 0; i < m.attached[s]; i++)
			n += snprintf(buf + n, len - n, "%s%02x", i ? "," : "", m.chpid[s][i]);
		n += snprintf(buf + n, len - n, "\n");
	}
	for (c = 0; c < 256; c++)
		if (m.failed[c])
			n += snprintf(buf + n, len - n, "fail %02x%s\n", c,
				      m.quiet[c] ? " quiet" : "");
	for (c = 0; c < 256; c++)
		if (m.held[c])
			n += snprintf(buf + n, len - n, "hold %02x\n", c);
}

static void read_state(char *buf, size_t len)
{
	int fd = open_or_die(DBG "path_inject", O_RDONLY);
	ssize_t n, got = 0;

	while ((n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fd);
}

/* Read the injector's state into the model (the scenario set it up). */
static void model_load(void)
{
	char buf[4096], *line, *save;
	unsigned int s, c;

	read_state(buf, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "attach 0.0.%x ", &s) == 1 && s < nsch) {
			char *p = strrchr(line, ' ') + 1;

			while (*p && m.attached[s] < 8) {
				m.chpid[s][m.attached[s]++] = strtoul(p, &p, 16);
				if (*p == ',')
					p++;
			}
		} else if (sscanf(line, "fail %x", &c) == 1) {
			m.failed[c & 0xff] = 1;
			m.quiet[c & 0xff] = strstr(line, "quiet") != NULL;
		} else if (sscanf(line, "hold %x", &c) == 1) {
			m.held[c & 0xff] = 1;
		} else {
			die("path_inject shows '%s', which this model does not know", line);
		}
	}
}

/* A "\xNN" escape in a /dev/kmsg record, other than a backslash's own. */
static int unprintable(const char *text)
{
	const char *p;

	for (p = strstr(text, "\\x"); p; p = strstr(p + 1, "\\x"))
		if (strncmp(p, "\\x5c", 4))
			return 1;
	return 0;
}

/* Kernel log records since the last call that mention path_inject. */
static int kmsg_records(char *first, size_t len, int *clean)
{
	char rec[2048];
	ssize_t n;
	int count = 0;

	*clean = 1;
	first[0] = '\0';
	for (;;) {
		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: read on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (!strstr(rec, "path_inject:") || strstr(rec, "path_inject: released"))
			continue;
		if (!count++)
			snprintf(first, len, "%.500s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
		/* /dev/kmsg escapes what is not printable, newlines too. */
		if (unprintable(strchr(rec, ';') ? strchr(rec, ';') : rec))
			*clean = 0;
	}
	return count;
}

static void kmsg_open(void)
{
	kmsg_fd = open_or_die("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	lseek(kmsg_fd, 0, SEEK_END);
}

static const char *const words[] = {
	"attach", "detach", "fail", "restore", "hold", "release", "events", "quiet",
	"frobnicate", "", "0.0.0000", "0.0.0001", "0.1.0000", "0.4.0000", "0.0.fffe",
	"0.0.zz00", "00", "01", "02", "7e", "ff", "1", "001", "0x", "00,01", "00,00",
	"00,01,02,03,04,05,06,07,08", "1000001", "0", "-1", "99999999999",
};

static int held_chpid = -1;
static char cmdbuf[200];
static size_t cmdlen;

static void add(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cmdlen += vsnprintf(cmdbuf + cmdlen, sizeof(cmdbuf) - cmdlen, fmt, ap);
	va_end(ap);
	if (cmdlen >= sizeof(cmdbuf))
		cmdlen = sizeof(cmdbuf) - 1;
}

/*
 * A command for the injector's current state, and its effect on the model
 * when the kernel applies it. Returns 1 when the model says the command
 * must be applied, 0 when it must be refused for the state it meets
 * (attach twice, restore what did not fail, ...).
 */
static int state_command(struct model *next)
{
	unsigned int s, c, n, k;
	int used[256] = { 0 };

	*next = m;
	for (s = 0; s < nsch; s++)
		for (k = 0; k < (unsigned int)m.attached[s]; k++)
			used[m.chpid[s][k]] = 1;
	k = below(7);
	/* CIO_FUZZ_NO="hold events": leave kinds out (bisecting a failure). */
	if (getenv("CIO_FUZZ_NO") && ((k >= 4 && k <= 5 && strstr(getenv("CIO_FUZZ_NO"), "hold")) ||
				      (k == 6 && strstr(getenv("CIO_FUZZ_NO"), "events"))))
		k = 3;
	switch (k) {
	case 0:		/* attach a lab subchannel */
		s = below(nsch);
		n = 1 + below(nchp);
		add("attach 0.0.%04x ", s);
		for (k = 0; k < n; k++) {
			add("%s%02x", k ? "," : "", lab_chp[k]);
			next->chpid[s][k] = lab_chp[k];
		}
		next->attached[s] = n;
		next->unknown[s] = chance(30);
		if (next->unknown[s])
			add(" quiet");
		return !m.attached[s];
	case 1:		/* detach: failed chpids stay listed, holds of unused go */
		s = below(nsch);
		add("detach 0.0.%04x", s);
		next->attached[s] = 0;
		next->unknown[s] = 0;
		memset(used, 0, sizeof(used));
		for (n = 0; n < nsch; n++)
			for (k = 0; k < (unsigned int)next->attached[n]; k++)
				used[next->chpid[n][k]] = 1;
		for (c = 0; c < 256; c++)
			next->held[c] &= used[c];
		return m.attached[s] != 0;
	case 2:		/* fail; a quiet failure may be reported later */
		/*
		 * Never the first chpid: a disk without any path is removed
		 * (upstream's rule), which the I/O under the fuzzer would
		 * take for an error. path-fail-all covers that case.
		 */
		c = lab_chp[nchp > 1 ? 1 + below(nchp - 1) : 0];
		k = chance(30);
		add("fail %02x%s", c, k ? " quiet" : "");
		next->failed[c] = 1;
		next->quiet[c] = k;
		return used[c] && !(m.failed[c] && (k || !m.quiet[c]));
	case 3:		/* restore */
		c = lab_chp[below(nchp)];
		k = chance(30);
		add("restore %02x%s", c, k ? " quiet" : "");
		next->failed[c] = next->quiet[c] = 0;
		/* A reported failure ends unreported: the PAM grows unseen. */
		if (k && m.failed[c] && !m.quiet[c])
			for (s = 0; s < nsch; s++)
				next->unknown[s] |= chpid_of(s, c);
		return m.failed[c];
	case 4:		/* hold */
		c = lab_chp[below(nchp)];
		add("hold %02x", c);
		next->held[c] = 1;
		return used[c] && !m.held[c];
	case 5:		/* release */
		c = lab_chp[below(nchp)];
		add("release %02x", c);
		next->held[c] = 0;
		return m.held[c];
	default:	/* events */
		/*
		 * Not for the first chpid: on a detached subchannel it is the
		 * only (real) path, and a path-gone event for it removes the
		 * disk, which the path-came event does not bring back.
		 */
		add("events 0.0.%04x %02x %u", below(nsch),
		    lab_chp[nchp > 1 ? 1 + below(nchp - 1) : 0], 1 + below(4));
		return 1;
	}
}

#define PICK(a) (a[below(sizeof(a) / sizeof(a[0]))])

/*
 * Something the injector must refuse whatever its state. Returns 0 when
 * the text may be valid by accident (random words: checked afterwards).
 */
static int invalid_command(void)
{
	static const char *const bad_chpid[] = { "1", "001", "0x", "zz", "-1", "0 1", "00,01" };
	static const char *const bad_busid[] = { "0.0.zz00", "0.4.0000", "0.0.00001", "0.0",
						 "1.0.0000", "0.0.000" };
	static const char *const bad_list[] = { "00,00", "00,01,02,03,04,05,06,07,08", "0x",
						"00,", ",00", "00,,01" };
	static const char *const bad_count[] = { "0", "1000001", "-1", "99999999999", "x", "" };
	static const char *const verbs[] = { "fail", "restore", "hold", "release" };
	unsigned int n, k;

	switch (below(9)) {
	case 0:		/* random words from the vocabulary */
		n = 1 + below(5);
		for (k = 0; k < n; k++)
			add("%s%s", k ? (chance(80) ? " " : "\t") : "", PICK(words));
		return 0;
	case 1:		/* a verb with a bad argument */
		switch (below(4)) {
		case 0:
			add("%s %s", PICK(verbs), PICK(bad_chpid));
			break;
		case 1:
			add("attach %s 00", PICK(bad_busid));
			break;
		case 2:
			add("attach 0.0.0000 %s", PICK(bad_list));
			break;
		default:
			add("events 0.0.0000 01 %s", PICK(bad_count));
		}
		return 1;
	case 2:		/* oversized */
		n = 65 + below(100);
		add("attach 0.0.0000 ");
		while (cmdlen < n)
			add("00,");
		return 1;
	case 3:		/* binary */
		n = 1 + below(40);
		for (k = 0; k < n; k++)
			cmdbuf[cmdlen++] = below(256);
		cmdbuf[cmdlen] = '\0';
		return 0;
	case 4:		/* a command with a control byte inside (not a tab) */
		add("fail %02x", lab_chp[below(nchp)]);
		k = 1 + below(cmdlen - 1);
		cmdbuf[k] = 1 + below(30);
		if (cmdbuf[k] == '\t')
			cmdbuf[k] = '\r';
		return 1;
	case 5:		/* a command, a NUL and more: not all of it would be read */
		add("restore %02x", lab_chp[below(nchp)]);
		cmdbuf[cmdlen++] = '\0';
		add("%s", chance(50) ? "garbage" : "fail 01");
		return 1;
	case 6:		/* a line break inside */
		add("%s\n%02x", PICK(verbs), lab_chp[below(nchp)]);
		return 1;
	case 7:		/* too many words, or too few */
		if (chance(50))
			add("fail 01 quiet now");
		else
			add("%s", PICK(words) );
		return 1;
	default:	/* empty or blank */
		add("%s", chance(50) ? "" : " \t ");
		return 1;
	}
}

/*
 * Random words may make a valid command by accident; the model cannot
 * know, so a text counts as invalid only when no parse could take it.
 */
static int surely_invalid(void)
{
	static const char *const verbs[] = { "attach", "detach", "fail", "restore",
					     "hold", "release", "events" };
	size_t i, k, len;

	if (cmdlen > 64)
		return 1;
	for (i = 0; i < cmdlen; i++)
		if (cmdbuf[i] == '\0' || (cmdbuf[i] != '\t' &&
		    ((unsigned char)cmdbuf[i] < 0x20 || (unsigned char)cmdbuf[i] > 0x7e)))
			return 1;
	for (i = 0; i < cmdlen && (cmdbuf[i] == ' ' || cmdbuf[i] == '\t'); i++)
		;
	if (i == cmdlen)
		return 1;	/* empty */
	for (k = 0; k < sizeof(verbs) / sizeof(verbs[0]); k++) {
		len = strlen(verbs[k]);
		if (!strncmp(cmdbuf + i, verbs[k], len) &&
		    (cmdbuf[i + len] == ' ' || cmdbuf[i + len] == '\t' || !cmdbuf[i + len]))
			return 0;
	}
	return 1;
}

static void show(char *out, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < cmdlen && n + 5 < len; i++) {
		unsigned char ch = cmdbuf[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			out[n++] = ch;
		else
			n += snprintf(out + n, len - n, "\\x%02x", ch);
	}
	out[n] = '\0';
}

static int cmd_inject(unsigned long count)
{
	char want[4096], got[4096], shown[800], rec[600];
	unsigned long i, applied = 0, refused = 0, skipped = 0;
	struct model next;
	int clean, lines, valid;
	ssize_t rc;

	pi_fd = open_or_die(DBG "path_inject", O_WRONLY);
	crw_log = fopen("/tmp/crw-fuzz-batch.txt", "w");
	if (crw_log)
		setvbuf(crw_log, NULL, _IOLBF, 0);
	kmsg_open();
	model_load();
	for (i = 0; i < count; i++) {
		cmdlen = 0;
		cmdbuf[0] = '\0';
		if (held_chpid >= 0) {
			/*
			 * A hold lasts one command: a start function held for
			 * seconds (TCG) made CIO give the disk up (see the
			 * lab README, "Fuzzers").
			 */
			next = m;
			next.held[held_chpid] = 0;
			add("release %02x", held_chpid);
			held_chpid = -1;
			valid = 1;
		} else if (chance(60)) {
			valid = state_command(&next);
			if (valid && !strncmp(cmdbuf, "hold ", 5))
				held_chpid = strtoul(cmdbuf + 5, NULL, 16);
		} else {
			valid = 0;
			if (!invalid_command() && !surely_invalid()) {
				skipped++;
				continue;
			}
		}
		show(shown, sizeof(shown));
		if (crw_log)
			fprintf(crw_log, "%lu %s '%s'\n", i, valid ? "valid" : "invalid", shown);
		kmsg_records(rec, sizeof(rec), &clean);	/* drop what came before */
		rc = write(pi_fd, cmdbuf, cmdlen);
		if (valid && rc != (ssize_t)cmdlen)
			die("command %lu '%s' refused (%s), the model says it is valid",
			    i, shown, rc < 0 ? strerror(errno) : "short write");
		if (!valid && rc >= 0)
			die("command %lu '%s' accepted, the model says it is invalid", i, shown);
		if (!valid && errno != EINVAL)
			die("command %lu '%s' refused with %s, not EINVAL", i, shown, strerror(errno));
		lines = kmsg_records(rec, sizeof(rec), &clean);
		if (!valid && (lines != 1 || !clean))
			die("command %lu '%s' refused with %d kernel log record(s)%s, want one line (%s)",
			    i, shown, lines, clean ? "" : " holding unprintable bytes", rec);
		if (valid)
			m = next;
		model_text(want, sizeof(want));
		read_state(got, sizeof(got));
		if (strcmp(want, got))
			die("after command %lu '%s' (%s) the injector shows\n%s\nthe model\n%s",
			    i, shown, valid ? "applied" : "refused", got, want);
		if (valid)
			applied++;
		else
			refused++;
	}
	print_expected();
	printf("injector-fuzz seed %lu batch %lu: %lu commands applied, %lu refused "
	       "(one clean log line each), %lu skipped, state equal to the model after each\n",
	       seed, batch, applied, refused, skipped);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long count;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "storm")) {
		rng = 1;
		quiet_percent = 0;
		flip_from = 0;
		parse_chpids(argv[3]);
		enable_inject();
		return cmd_storm(strtoul(argv[2], NULL, 0));
	}
	if (argc == 5 && !strcmp(argv[1], "storm-crw")) {
		rng = 1;
		parse_chpids(argv[3]);
		enable_inject();
		return cmd_storm_crw(strtoul(argv[2], NULL, 0), !strcmp(argv[4], "emulated"));
	}
	if (argc != 7 || (strcmp(argv[1], "crw") && strcmp(argv[1], "inject"))) {
		fprintf(stderr, "usage: cio_fuzz crw|inject SEED BATCH COUNT CHPIDS NSCH\n"
			"       cio_fuzz storm COUNT CHPIDS\n"
			"       cio_fuzz storm-crw COUNT CHPIDS emulated|real\n");
		return 2;
	}
	seed = strtoul(argv[2], NULL, 0);
	batch = strtoul(argv[3], NULL, 0);
	count = strtoul(argv[4], NULL, 0);
	parse_chpids(argv[5]);
	nsch = strtoul(argv[6], NULL, 0);
	if (!nsch || nsch > MAX_SCH)
		die("NSCH %u out of range", nsch);
	rng = seed * 1000003ULL + batch;
	enable_inject();
	return argv[1][0] == 'c' ? cmd_crw(count) : cmd_inject(count);
}
