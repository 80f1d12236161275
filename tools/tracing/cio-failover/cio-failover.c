// SPDX-License-Identifier: GPL-2.0
/*
 * cio-failover: what a channel-path failover did, from a trace.dat.
 *
 * Reads a trace.dat written by "trace-cmd record" or "trace-cmd extract"
 * with the s390 channel-path events enabled (on s390x, or copied to any
 * other machine) and prints, per failover, the timeline from the first CRW
 * to the last path verification, the paths each device lost and regained,
 * per-device latency, the work done (CRWs, STSCH, SSCH) and what never
 * settled.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cio-failover.h"

static void print_usage(int status)
{
	static const char *const msg[] = {
		"",
		"  usage: cio-failover [-h] [-j] [-q] [-g ms] [[-i] trace.dat]",
		"",
		"	  -h/--help: print this menu",
		"	  -i/--input trace.dat: the trace to read (default: trace.dat)",
		"	  -j/--json: print the report as JSON, for machines",
		"	  -q/--quiet: leave out the per-failover timeline",
		"	  -g/--gap ms: a CRW after ms of quiet starts a new failover (default: 1000)",
		"",
		"	Reads a trace.dat from trace-cmd record or trace-cmd extract and",
		"	prints, per channel-path failover: the timeline from the first",
		"	CRW (s390_cio_stcrw with cc=0) to the last path verification, the",
		"	paths each device lost and regained, the per-device latency",
		"	(first CRW to its last s390_cio_verify_done), the work done (CRWs,",
		"	STSCH, SSCH, verifications and their restarts) and what never",
		"	settled. For a DASD (dasd_path_masks events), also DASD's",
		"	operational path mask before and after and the latency from the",
		"	first CRW to its last change; a DASD whose opm differs from the",
		"	verified paths at the end never settled. Files recorded on",
		"	big-endian s390x read on any machine.",
		"",
		"	Record with (leave out systems the kernel does not have):",
		"	  trace-cmd record -e s390 -e dasd -e vfio_ccw",
		"",
		NULL,
	};
	int i;

	for (i = 0; msg[i]; i++)
		fprintf(status ? stderr : stdout, "%s\n", msg[i]);
	exit(status);
}

static void parse_args(int argc, char **argv, struct cf_options *o)
{
	static const struct option long_options[] = {
		{ "help",	no_argument,		0, 'h' },
		{ "input",	required_argument,	0, 'i' },
		{ "json",	no_argument,		0, 'j' },
		{ "quiet",	no_argument,		0, 'q' },
		{ "gap",	required_argument,	0, 'g' },
		{ 0, 0, 0, 0 }
	};
	char *end;
	double ms;
	int c;

	o->input = NULL;
	o->json = false;
	o->timeline = true;
	o->gap_ns = 1000000000ULL;
	while ((c = getopt_long(argc, argv, "hi:jqg:", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_usage(0);
			break;
		case 'i':
			o->input = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'q':
			o->timeline = false;
			break;
		case 'g':
			ms = strtod(optarg, &end);
			if (*end || ms < 0) {
				fprintf(stderr,
					"cio-failover: error: --gap wants milliseconds, not '%s'\n",
					optarg);
				exit(2);
			}
			o->gap_ns = (u64)(ms * 1e6);
			break;
		default:
			print_usage(2);
		}
	}
	if (optind < argc) {
		if (o->input || optind + 1 < argc)
			print_usage(2);
		o->input = argv[optind];
	}
	if (!o->input)
		o->input = "trace.dat";
}

int main(int argc, char **argv)
{
	struct cf_options o;
	struct cf_report r;
	struct cf_trace t;
	int ret;

	parse_args(argc, argv, &o);
	ret = cf_read_trace(o.input, &t);
	if (ret) {
		fprintf(stderr, "cio-failover: error: cannot read %s: %s\n",
			o.input, strerror(-ret));
		return 1;
	}
	if (cf_analyze(&t, &o, &r)) {
		fprintf(stderr, "cio-failover: error: out of memory\n");
		return 1;
	}
	if (o.json)
		cf_print_json(stdout, &t, &r, &o);
	else
		cf_print_text(stdout, &t, &r, &o);
	cf_free_report(&r);
	cf_free_trace(&t);
	return 0;
}
