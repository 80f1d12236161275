// SPDX-License-Identifier: GPL-2.0
/*
 * Channel-path fault injection: command parsing and path-mask arithmetic.
 *
 * Nothing here touches state, so the KUnit suite can drive every branch.
 */

#include <linux/bitops.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/cio.h>

#include "path_inject.h"

/* Longest command: "attach 0.3.ffff ", eight "xx," chpids, " quiet". */
#define PATH_INJECT_CMD_MAX	64

/**
 * path_inject_reject() - refuse a command
 * @why: where the reason goes
 * @len: size of @why
 * @fmt: the reason, printf style
 *
 * Return: -EINVAL, so callers can return the call.
 */
int path_inject_reject(char *why, size_t len, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(why, len, fmt, args);
	va_end(args);
	return -EINVAL;
}

/**
 * path_inject_check_text() - refuse bytes the parser would not read whole
 * @buf: the bytes written to path_inject
 * @len: their number
 * @why: on error, one line that names the problem
 * @why_len: size of @why
 *
 * The parser reads a NUL-terminated string, so whatever follows a NUL
 * would be dropped silently, and a reason that quotes a word with a line
 * break or another control byte in it is not one line in the kernel log.
 * Only printable ASCII, tabs and one trailing newline are a command.
 *
 * Return: 0 or -EINVAL.
 */
int path_inject_check_text(const char *buf, size_t len, char *why, size_t why_len)
{
	size_t i;

	if (len && buf[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++) {
		unsigned char c = buf[i];

		if (c != '\t' && (c < 0x20 || c > 0x7e))
			return path_inject_reject(why, why_len,
						  "byte 0x%02x at offset %zu is not text", c, i);
	}
	return 0;
}

/* Exactly two hex digits: chpids are written as lschp shows them. */
static int parse_chpid(const char *s, u8 *chpid)
{
	if (strlen(s) != 2 || !isxdigit(s[0]) || !isxdigit(s[1]))
		return -EINVAL;
	*chpid = (hex_to_bin(s[0]) << 4) | hex_to_bin(s[1]);
	return 0;
}

/* A subchannel bus id as lscss shows it: 0.<ssid>.<4 hex digits>. */
static int parse_busid(const char *s, struct subchannel_id *schid)
{
	unsigned int i;

	if (strlen(s) != 8 || s[0] != '0' || s[1] != '.' || s[3] != '.' ||
	    s[2] < '0' || s[2] > '0' + __MAX_SSID)
		return -EINVAL;
	for (i = 4; i < 8; i++)
		if (!isxdigit(s[i]))
			return -EINVAL;
	init_subchannel_id(schid);
	schid->ssid = s[2] - '0';
	schid->sch_no = (hex_to_bin(s[4]) << 12) | (hex_to_bin(s[5]) << 8) |
			(hex_to_bin(s[6]) << 4) | hex_to_bin(s[7]);
	return 0;
}

static int parse_chpid_list(char *list, struct path_inject_cmd *cmd,
			    char *why, size_t len)
{
	char *s;
	u8 chpid;
	int i;

	cmd->nr_chpids = 0;
	while ((s = strsep(&list, ",")) != NULL) {
		if (cmd->nr_chpids == PATH_INJECT_MAX_PATHS)
			return path_inject_reject(why, len, "more than %d chpids",
				      PATH_INJECT_MAX_PATHS);
		if (parse_chpid(s, &chpid))
			return path_inject_reject(why, len, "bad chpid '%s' (two hex digits)", s);
		for (i = 0; i < cmd->nr_chpids; i++)
			if (cmd->chpid[i] == chpid)
				return path_inject_reject(why, len,
							  "chpid %02x listed twice", chpid);
		cmd->chpid[cmd->nr_chpids++] = chpid;
	}
	return 0;
}

/**
 * path_inject_parse() - parse one path_inject command
 * @buf: the text written, NUL-terminated; one trailing newline is allowed
 * @cmd: the parsed command
 * @why: on error, one line that names the problem
 * @why_len: size of @why
 *
 * Commands: "attach <sch> <chpid>[,<chpid>...] [quiet]", "detach <sch>",
 * "fail <chpid> [quiet]", "restore <chpid> [quiet]", "hold <chpid>",
 * "release <chpid>", "events <sch> <chpid> <count>".
 *
 * Return: 0 or -EINVAL; @cmd is only meaningful on 0.
 */
int path_inject_parse(const char *buf, struct path_inject_cmd *cmd,
		      char *why, size_t why_len)
{
	char copy[PATH_INJECT_CMD_MAX + 1], *words[4], *p, *w;
	int n = 0;

	memset(cmd, 0, sizeof(*cmd));
	if (strscpy(copy, buf, sizeof(copy)) < 0)
		return path_inject_reject(why, why_len, "command longer than %d characters",
			      PATH_INJECT_CMD_MAX);
	p = strim(copy);
	while ((w = strsep(&p, " \t")) != NULL) {
		if (!*w)
			continue;
		if (n == ARRAY_SIZE(words))
			return path_inject_reject(why, why_len, "too many words");
		words[n++] = w;
	}
	if (n == 0)
		return path_inject_reject(why, why_len, "empty command");

	if (!strcmp(words[0], "attach")) {
		cmd->op = PATH_INJECT_ATTACH;
		if (n == 4 && !strcmp(words[3], "quiet"))
			cmd->quiet = true;
		else if (n != 3)
			return path_inject_reject(why, why_len,
						  "usage: attach <sch> <chpid>[,<chpid>...] [quiet]");
		if (parse_busid(words[1], &cmd->schid))
			return path_inject_reject(why, why_len,
						  "bad subchannel bus id '%s'", words[1]);
		return parse_chpid_list(words[2], cmd, why, why_len);
	}
	if (!strcmp(words[0], "detach")) {
		cmd->op = PATH_INJECT_DETACH;
		if (n != 2)
			return path_inject_reject(why, why_len, "usage: detach <sch>");
		if (parse_busid(words[1], &cmd->schid))
			return path_inject_reject(why, why_len,
						  "bad subchannel bus id '%s'", words[1]);
		return 0;
	}
	if (!strcmp(words[0], "fail") || !strcmp(words[0], "restore")) {
		bool fail = words[0][0] == 'f';

		cmd->op = fail ? PATH_INJECT_FAIL : PATH_INJECT_RESTORE;
		if (n == 3 && !strcmp(words[2], "quiet"))
			cmd->quiet = true;
		else if (n != 2)
			return path_inject_reject(why, why_len, "usage: %s <chpid> [quiet]",
						  words[0]);
		if (parse_chpid(words[1], &cmd->chpid[0]))
			return path_inject_reject(why, why_len,
						  "bad chpid '%s' (two hex digits)", words[1]);
		cmd->nr_chpids = 1;
		return 0;
	}
	if (!strcmp(words[0], "events")) {
		cmd->op = PATH_INJECT_EVENTS;
		if (n != 4)
			return path_inject_reject(why, why_len,
						  "usage: events <sch> <chpid> <count>");
		if (parse_busid(words[1], &cmd->schid))
			return path_inject_reject(why, why_len,
						  "bad subchannel bus id '%s'", words[1]);
		if (parse_chpid(words[2], &cmd->chpid[0]))
			return path_inject_reject(why, why_len,
						  "bad chpid '%s' (two hex digits)", words[2]);
		cmd->nr_chpids = 1;
		if (kstrtou32(words[3], 10, &cmd->count) || !cmd->count ||
		    cmd->count > PATH_INJECT_MAX_EVENTS)
			return path_inject_reject(why, why_len, "bad count '%s' (1 to %d)",
						  words[3], PATH_INJECT_MAX_EVENTS);
		return 0;
	}
	if (!strcmp(words[0], "hold") || !strcmp(words[0], "release")) {
		cmd->op = words[0][0] == 'h' ? PATH_INJECT_HOLD : PATH_INJECT_RELEASE;
		if (n != 2)
			return path_inject_reject(why, why_len, "usage: %s <chpid>", words[0]);
		if (parse_chpid(words[1], &cmd->chpid[0]))
			return path_inject_reject(why, why_len,
						  "bad chpid '%s' (two hex digits)", words[1]);
		cmd->nr_chpids = 1;
		return 0;
	}
	return path_inject_reject(why, why_len,
				  "unknown command '%s' (attach detach fail restore hold release events)",
				  words[0]);
}

/**
 * path_inject_pim() - path-installed mask of an attachment
 * @nr_paths: number of chpids attached, 0 to 8
 *
 * Return: one bit per path, leftmost (0x80) first.
 */
u8 path_inject_pim(u8 nr_paths)
{
	return (u8)(0xff00 >> min_t(u8, nr_paths, PATH_INJECT_MAX_PATHS));
}

/**
 * path_inject_select_path() - choose the path a start function runs on
 * @lpm: logical path mask of the ORB
 * @avail: emulated path-available mask
 * @broken: paths that fail when tried, whether or not the PAM shows it
 * @cursor: in: the path position to try first; out: where the next start
 *	function begins (the path after the one chosen), so successive I/O
 *	rotates over the paths as a multipath channel subsystem does
 * @pnom: out: paths tried and found not operational
 *
 * Only paths in both @lpm and @avail are candidates. A broken candidate is
 * tried, recorded in @pnom and passed over for the next one.
 *
 * Return: the chosen path bit, or 0 when no candidate works (START
 * SUBCHANNEL then ends with condition code 3 without being issued).
 */
u8 path_inject_select_path(u8 lpm, u8 avail, u8 broken, u8 *cursor, u8 *pnom)
{
	u8 candidates = lpm & avail;
	unsigned int i, pos;
	u8 bit;

	*pnom = 0;
	for (i = 0; i < PATH_INJECT_MAX_PATHS; i++) {
		pos = (*cursor + i) % PATH_INJECT_MAX_PATHS;
		bit = 0x80 >> pos;
		if (!(candidates & bit))
			continue;
		if (broken & bit) {
			*pnom |= bit;
			continue;
		}
		*cursor = (pos + 1) % PATH_INJECT_MAX_PATHS;
		return bit;
	}
	return 0;
}
