#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of cio-failover on trace.dat files recorded by the cio-lab guest
# (big-endian s390x, read here on whatever machine runs the tests). One TAP
# line per test.
#
# For every fixtures/NAME.dat:
#   - the text report equals fixtures/NAME.txt (the reviewed report)
#   - --json is valid JSON
#   - every line "DESCRIPTION | EXPRESSION" of fixtures/NAME.expect holds,
#     EXPRESSION being Python evaluated with j = the --json report
#
# CIO_FAILOVER=path/to/cio-failover (default: the one beside tests/).
# UPDATE=1 rewrites the NAME.txt files from the current output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tool=${CIO_FAILOVER:-$here/../cio-failover}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

if "$tool" --help | grep -q "usage: cio-failover"; then
	ok "--help prints the usage"
else
	not_ok "--help prints no usage"
fi
if out=$("$tool" "$tmp/missing.dat" 2>&1); then
	not_ok "a missing file must fail"
elif [ "$(echo "$out" | wc -l)" -eq 1 ] &&
     echo "$out" | grep -q "^cio-failover: error: cannot read"; then
	ok "a missing file fails with one error line"
else
	not_ok "a missing file: unexpected output '$out'"
fi
echo "not a trace" > "$tmp/bad.dat"
if "$tool" "$tmp/bad.dat" > /dev/null 2>&1; then
	not_ok "a file that is no trace.dat must fail"
else
	ok "a file that is no trace.dat fails"
fi

for fx in "$here"/fixtures/*.dat; do
	name=$(basename "$fx" .dat)
	dat=$tmp/$name.dat
	cp "$fx" "$dat"
	# Reports name the file they read; name it as the fixture.
	(cd "$tmp" && "$tool" "$name.dat") > "$tmp/$name.txt" 2> "$tmp/$name.err"
	rc=$?
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/$name.txt" "$here/fixtures/$name.txt"
	fi
	if [ $rc -ne 0 ]; then
		not_ok "$name: report failed: $(head -n 1 "$tmp/$name.err")"
	elif diff -u "$here/fixtures/$name.txt" "$tmp/$name.txt" > "$tmp/$name.diff"; then
		ok "$name: text report as reviewed"
	else
		delta=$(sed -n '3,4p;5,12{/^[-+]/p}' "$tmp/$name.diff" | head -n 3 | tr '\n' ' ')
		not_ok "$name: text report differs: $delta"
	fi
	(cd "$tmp" && "$tool" --json "$name.dat") > "$tmp/$name.json" 2>&1
	# The JSON checks of one fixture in one Python process (a start costs
	# more than the checks): valid JSON; the same file through trace-cmd,
	# every event count must agree; every line of NAME.expect holds.
	report=
	if command -v trace-cmd > /dev/null; then
		report=$tmp/$name.report
		trace-cmd report -i "$dat" > "$report" 2> /dev/null
	fi
	expect=$here/fixtures/$name.expect
	[ -f "$expect" ] || expect=
	tap=$(python3 - "$tmp/$name.json" "$name" "$n" "$report" "$expect" \
		2> "$tmp/$name.py.err" <<'PY'
import json, re, sys
path, name, n, report, expect = sys.argv[1:]
n = int(n)


def tap(good, desc):
    global n
    n += 1
    print(f"{'ok' if good else 'not ok'} {n} - {name}: {desc}")


try:
    j = json.load(open(path))
except ValueError:
    tap(False, "--json is not valid JSON")
    sys.exit()
tap(True, "--json is valid JSON")
if report:
    seen = {}
    for line in open(report, errors="replace"):
        m = re.search(r" (\w+): ", line)
        if m:
            e = m.group(1)
            e = "vfio_ccw_crw" if e.startswith("vfio_ccw_crw_") else e
            seen[e] = seen.get(e, 0) + 1
    bad = [f"{e} {c}/{seen.get(e, 0)}" for e, c in j["event_counts"].items()
           if c != seen.get(e, 0)]
    tap(not bad, "event counts agree with trace-cmd report" +
        (" (" + ", ".join(bad) + ")" if bad else ""))
for line in open(expect) if expect else []:
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    if "|" not in line:
        tap(False, f"{expect}: no 'DESCRIPTION | EXPRESSION' in '{line.strip()}'")
        continue
    desc, expr = (x.strip() for x in line.split("|", 1))
    try:
        good = bool(eval(expr, {"j": j, "any": any, "all": all, "len": len}))
        why = "" if good else f" (false: {expr})"
    except Exception as e:
        good, why = False, f" ({type(e).__name__}: {e})"
    tap(good, desc + why)
PY
)
	rc=$?
	[ -z "$tap" ] || echo "$tap"
	n=$((n + $(echo "$tap" | grep -c '^\(not \)\?ok ')))
	failed=$((failed + $(echo "$tap" | grep -c '^not ok ')))
	[ $rc -eq 0 ] || not_ok "$name: the JSON checks stopped: $(tail -n 1 "$tmp/$name.py.err")"
done
# --gap decides where one failover ends: an hour merges them all.
fx=$here/fixtures/trace-failover.dat
if [ -f "$fx" ]; then
	got=$("$tool" --json --gap 3600000 "$fx" |
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)["failovers"]))')
	if [ "$got" = 1 ]; then
		ok "--gap 3600000 makes trace-failover one failover"
	else
		not_ok "--gap 3600000: $got failovers, want 1"
	fi
	if "$tool" --gap soon "$fx" > /dev/null 2>&1; then
		not_ok "--gap soon must be refused"
	else
		ok "--gap soon is refused"
	fi
fi
[ "$failed" -eq 0 ]
