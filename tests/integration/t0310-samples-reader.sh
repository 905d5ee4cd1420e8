#!/bin/sh
# The strict samples.csv reader: every malformed file is refused with exit
# status 2 and "samples.csv:LINE:" naming the offending record, and nothing
# is written; good files with CRLF ends and quoted fields are read.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs python3

H="run_id,host,host_type,runtime,application,variant,repetition,metric,value,unit,better,status"
OK1="r1,h1,bare-metal,runc,redis,default,1,requests,81234.5,req/s,higher,ok"
OK2="r1,h1,bare-metal,runc,redis,default,2,requests,90001.25,req/s,higher,ok"
n=0

# bad NAME LINE TEXT: TEXT as samples.csv must be refused, naming line LINE.
bad() {
	n=$((n + 1))
	D=$T/bad$n
	mkdir -p "$D"
	printf '%s' "$3" >"$D/samples.csv"
	"$CRBENCH" analyze "$D" >"$T/out" 2>"$T/err"
	status=$?
	if [ "$status" -eq 2 ] && grep -q "samples\.csv:$2: " "$T/err" && [ ! -e "$D/analysis" ]; then
		ok "$1 (line $2)"
	else
		not_ok "$1: exit $status, wanted 2 and 'samples.csv:$2:' on stderr, no analysis/"
		sed 's/^/#   /' "$T/err"
	fi
}

bad "bad header" 1 "${H%status}state
$OK1
"
bad "empty file" 1 ""
bad "11 fields" 3 "$H
$OK1
r1,h1,bare-metal,runc,redis,default,2,requests,1,req/s,higher
"
bad "13 fields" 2 "$H
$OK1,extra
"
bad "repetition x" 2 "$H
r1,h1,bare-metal,runc,redis,default,x,requests,1,req/s,higher,ok
"
bad "repetition 0" 2 "$H
r1,h1,bare-metal,runc,redis,default,0,requests,1,req/s,higher,ok
"
bad "ok with an empty value" 3 "$H
$OK1
r1,h1,bare-metal,runc,redis,default,2,requests,,req/s,higher,ok
"
bad "failed with a value" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,12,req/s,higher,timeout
"
bad "better more" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,12,req/s,more,ok
"
bad "unterminated quote" 3 "$H
$OK1
r1,h1,bare-metal,runc,redis,default,2,requests,12,\"req/s,higher,ok
"
bad "value abc" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,abc,req/s,higher,ok
"
bad "value inf" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,inf,req/s,higher,ok
"
bad "value out of range" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,1e999,req/s,higher,ok
"
bad "hexadecimal value" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,0x10,req/s,higher,ok
"
bad "host_type vm" 2 "$H
r1,h1,vm,runc,redis,default,1,requests,1,req/s,higher,ok
"
bad "runtime that is no name" 2 "$H
r1,h1,bare-metal,run.c,redis,default,1,requests,1,req/s,higher,ok
"
bad "empty status" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,1,req/s,higher,
"
bad "unit changes within a group (earliest line named)" 3 "$H
$OK1
r1,h1,bare-metal,runc,redis,default,2,requests,3,kreq/s,higher,ok
r1,h1,nested-vm,runc,redis,default,1,requests,3,req/s,higher,ok
r1,h1,nested-vm,runc,redis,default,2,requests,3,req/min,higher,ok
"
bad "two runs in one file" 3 "$H
$OK1
r2,h1,bare-metal,runc,redis,default,2,requests,3,req/s,higher,ok
"
bad "warmup with a value that is no number" 2 "$H
r1,h1,bare-metal,runc,redis,default,1,requests,fast,req/s,higher,warmup
"
bad "blank line" 3 "$H
$OK1

$OK2
"

# Usage and directory errors
check_fails "missing DIR: exit 2" 2 "$CRBENCH" analyze "$T/no-such-run"
"$CRBENCH" analyze "$T/no-such-run" 2>"$T/err"
check_grep "missing DIR: clear message" "no-such-run.*not a run directory" "$T/err"
mkdir -p "$T/empty-run"
check_fails "DIR without samples.csv: exit 2" 2 "$CRBENCH" analyze "$T/empty-run"
"$CRBENCH" analyze "$T/empty-run" 2>"$T/err"
check_grep "DIR without samples.csv: names the file" "empty-run/samples\.csv" "$T/err"
check_fails "no DIR: exit 2" 2 "$CRBENCH" analyze
check_fails "two DIRs: exit 2" 2 "$CRBENCH" analyze "$T/empty-run" "$T/empty-run"
check_fails "unknown option: exit 2" 2 "$CRBENCH" analyze --frobnicate "$T/empty-run"
check "--help: exit 0" "$CRBENCH" analyze --help
"$CRBENCH" analyze --help >"$T/help"
check_grep "--help: usage line" "^usage: crbench analyze .*DIR$" "$T/help"

# Good input: CRLF line ends, RFC 4180 quoting, a trailing slash on DIR
D=$T/good
mkdir -p "$D"
printf '%s\r\n' "$H" "$OK1" "r1,h1,bare-metal,runc,redis,default,2,requests,-1.5e3,\"req/s, \"\"peak\"\"\",higher,ok" \
	"r1,h1,bare-metal,runc,redis,default,1,requests,1,req/s,higher,ok" >"$D/samples.csv"
check_fails "quoted unit that differs is still refused" 2 "$CRBENCH" analyze "$D"
printf '%s\r\n' "$H" "r1,h1,bare-metal,runc,redis,default,1,requests,-1.5e3,\"req/s, \"\"peak\"\"\",higher,ok" \
	"r1,h1,bare-metal,runc,redis,default,2,requests,2.5,\"req/s, \"\"peak\"\"\",higher,ok" >"$D/samples.csv"
check "CRLF and quoted fields are read" "$CRBENCH" analyze "$D/"
# numbers as common/csv.h writes them: the shortest text that reads back exactly
check_eq "quoted unit is quoted again in summary.csv" "$(sed -n 2p "$D/analysis/summary.csv")" \
	'bare-metal,runc,redis,default,requests,"req/s, ""peak""",higher,2,0,-1500,-1124.375,-748.75,-373.125,2.5,-748.75,1062.4279387327877,751.25,-1.4189354774394494,-1500,2.5,0,NA,NA,NA,0'
printf '%s\n' "$H" >"$D/samples.csv"
check "header only: no groups, exit 0" "$CRBENCH" analyze "$D"
check_eq "header only: summary.csv has the header alone" "$(wc -l <"$D/analysis/summary.csv")" 1
check "header only: run_id null in summary.json" python3 -c \
	'import json, sys; j = json.load(open(sys.argv[1])); assert j == {"run_id": None, "groups": [], "baseline": None, "comparisons": []}, j' \
	"$D/analysis/summary.json"

# Values are the doubles strtod gives (analysis reads short decimals
# without it): one group per value, whose min is the value, against
# Python's float(), also correctly rounded. Short and long decimals,
# 2^53 neighbours, 22 and 23 decimals, signs, exponents, leading zeros.
D=$T/exact
mkdir -p "$D"
cat >"$T/values.py" <<'PY'
import random, sys
r = random.Random(7)
v = ["0", "-0", "+5", "1.", ".5", "007.250", "9007199254740992", "9007199254740993",
     "900719925474099.3", "90071992547409.93", "0.1234567890123456789012",
     "0.00000000000000000000001", "123456789012345678", "1234567890123456789", "-1.5e3", "2E-5"]
for i in range(3000):
    digits = "".join(r.choice("0123456789") for _ in range(r.randint(1, 20)))
    point = r.randint(0, len(digits))
    v.append(r.choice(["", "-"]) + digits[:point] + "." + digits[point:])
for i, s in enumerate(v):
    print("r1,h1,bare-metal,runc,app%d,default,1,m,%s,ms,lower,ok" % (i, s))
PY
{
	echo "$H"
	python3 "$T/values.py"
} >"$D/samples.csv"
check "many decimal forms are read" "$CRBENCH" analyze --bootstrap 0 "$D"
check "every value is the double strtod gives (checked with Python's float)" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
mins = {r["application"]: r["min"] for r in csv.DictReader(open(sys.argv[2]))}
bad = [(r[8], mins.get(r[4])) for r in rows if float(mins.get(r[4], "nan")) != float(r[8])]
assert len(mins) == len(rows) and not bad, (len(mins), len(rows), bad[:5])
' "$D/samples.csv" "$D/analysis/summary.csv"

# A name JSON cannot carry (not UTF-8) is refused when the files are
# written: exit 2, none of the four files, no temporary file left; the
# files of an earlier analysis stay as they were.
D=$T/latin1
mkdir -p "$D"
printf '%s\n' "$H" "$OK1" >"$D/samples.csv"
check "good run first" "$CRBENCH" analyze --bootstrap 0 "$D"
cp -r "$D/analysis" "$T/latin1-before"
printf '%s\nr1,h1,bare-metal,runc,redis,default,1,caf\351,1,ms,lower,ok\n' "$H" >"$D/samples.csv"
check_fails "metric that is not UTF-8: exit 2" 2 "$CRBENCH" analyze --bootstrap 0 "$D"
"$CRBENCH" analyze --bootstrap 0 "$D" 2>"$T/err"
check_grep "metric that is not UTF-8: named" "not valid UTF-8" "$T/err"
check "the earlier files are intact" diff -r "$T/latin1-before" "$D/analysis"
check_eq "no temporary file is left" "$(find "$D/analysis" -mindepth 1 -maxdepth 1 -name '*tmp*' | wc -l)" 0
rm -r "$D/analysis"
"$CRBENCH" analyze --bootstrap 0 "$D" 2>/dev/null
check "without an earlier analysis, no analysis directory is left" test ! -e "$D/analysis"
