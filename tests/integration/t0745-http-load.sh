#!/bin/bash
# `crbench http-load`, the http workload's load generator, and its probe, against
# a real HTTP server of this test's own (Python's http.server,
# tests/data/http/server.py, which logs every request it gets) on
# 127.0.0.1: request counts, methods and bodies as the server saw them,
# failures by reason (404, timeout, refused), per-client cookies, redirects,
# the deadline against a server that accepts and never answers.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs netns python3 jq

# serve NAME [silent]: start the server in $T/NAME/, set $port and $pid; stopped on exit.
serve() {
	mkdir -p "$T/$1"
	python3 "$TOP/tests/data/http/server.py" "$T/$1/port" "$T/$1/log" ${2:+"$2"} \
		>"$T/$1/out" 2>&1 &
	pid=$!
	on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
	for _ in $(seq 100); do
		[ -s "$T/$1/port" ] && break
		sleep 0.1
	done
	port=$(cat "$T/$1/port")
	touch "$T/$1/log"
}

# load NAME ARGS...: run http-load with a deadline of its own; JSON in $T/NAME.json.
load() {
	n=$1
	shift
	timeout 120 "$CRBENCH" http-load "$@" >"$T/$n.json" 2>"$T/$n.err"
	echo $? >"$T/$n.rc"
}
field() { jq -c "$2" "$T/$1.json"; }
logged() { grep -c -- "$2" "$T/$1/log"; }

serve web
url=http://127.0.0.1:$port

# the workload's readiness probe (bash over /dev/tcp to the server's address),
# as the engine runs it, in a network namespace of its own (gone with it)
# holding that address and a server: its status for GET PATH once / answers
probe_in_ns() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -n sh -c '
	ip link set lo up && ip addr add "$3/32" dev lo || exit 9
	python3 -m http.server --bind "$3" --directory "$4" 8089 >/dev/null 2>&1 &
	srv=$!
	p() { "$1" exec http ready - "operations=GET /" port=8089 ready_path="$2"; }
	for _ in $(seq 1200); do p "$1" / && break; sleep 0.05; done
	p "$1" "$2"
	st=$?
	kill $srv
	wait $srv 2>/dev/null
	exit $st' sh "$BUILD/tests/unit/test_workloads" "$1" 198.19.255.1 "$T"
}
check "probe: HTTP 200 is ready" probe_in_ns /
check_fails "probe: HTTP 404 is not ready" 1 probe_in_ns /missing

: >"$T/web/log"
load counts -c 3 -n 10 "$url" "GET /" "GET /missing"
check_eq "counts: exit 0" "$(cat "$T/counts.rc")" 0
check_eq "counts: 30 requests, 15 succeeded, 15 failed" \
	"$(field counts '[.requests, .succeeded, .failed]')" "[30,15,15]"
check_eq "counts: the failures are the 404s" "$(field counts .errors)" '{"HTTP 404":15}'
check_eq "counts: per operation" "$(field counts '[.operations[] | [.path, .requests, .failed]]')" \
	'[["/",15,0],["/missing",15,15]]'
check_eq "counts: the server got 15 GET / and 15 GET /missing" \
	"$(logged web '^GET / ') $(logged web '^GET /missing ')" "15 15"
check "counts: 0 < p25 <= p50 <= p75 <= p99 <= max" jq -e \
	'.latency_ms | 0 < .p25 and .p25 <= .p50 and .p50 <= .p75 and .p75 <= .p99 and .p99 <= .max' \
	"$T/counts.json"
check "counts: requests/s is succeeded / elapsed" jq -e \
	'(.requests_per_s - .succeeded / .elapsed_s | fabs) < 1e-6 * .requests_per_s' "$T/counts.json"

: >"$T/web/log"
load methods -n 7 "$url" "HEAD /h" "POST /echo a=1&b=two words" "PUT /p x" "PATCH /q" \
	"DELETE /d" "OPTIONS /o" "GET /redirect"
check_eq "methods: every one succeeded" "$(field methods '[.succeeded, .failed]')" "[7,0]"
check_eq "methods: the server saw each verb" \
	"$(cut -d' ' -f1,2 "$T/web/log" | tr '\n' ,)" \
	"HEAD /h,POST /echo,PUT /p,PATCH /q,DELETE /d,OPTIONS /o,GET /redirect,GET /,"
check_grep "methods: the form body and its type reached the server" \
	"^POST /echo session= type=application/x-www-form-urlencoded body=a=1&b=two words$" \
	"$T/web/log"
check_grep "methods: PATCH without a body sends an empty one" "^PATCH /q .* body=$" "$T/web/log"

load json --content-type application/json "$url" 'POST /echo {"x": 1}'
check_eq "content type: JSON body accepted" "$(field json .succeeded)" 1

: >"$T/web/log"
load cookies -c 2 -n 4 "$url" "GET /login" "GET /whoami"
check_eq "cookies: /whoami succeeds with the session cookie" "$(field cookies .failed)" 0
check_eq "cookies: each client its own session, kept across its requests" \
	"$(grep '^GET /whoami' "$T/web/log" | sort -u | wc -l)" 2

load nocookie "$url" "GET /whoami"
check_eq "cookies: without a login /whoami fails with 401" "$(field nocookie .errors)" '{"HTTP 401":1}'

load slow --timeout 300ms "$url" "GET /slow"
check_eq "timeout: a slow answer fails" "$(field slow '[.failed, .errors]')" \
	'[1,{"Timeout was reached":1}]'
check_eq "timeout: the run itself finished (exit 0)" "$(cat "$T/slow.rc")" 0

http_proxy=http://127.0.0.1:1 HTTP_PROXY=http://127.0.0.1:1 load proxy "$url" "GET /"
check_eq "proxy variables do not divert requests to the local server" "$(field proxy .succeeded)" 1

serve silent silent
load deadline -c 2 -n 3 --deadline 1s "http://127.0.0.1:$port" "GET /"
check_eq "deadline: exit 1, not killed by timeout(1)" "$(cat "$T/deadline.rc")" 1
check_eq "deadline: every request failed, said so" \
	"$(field deadline '[.deadline_exceeded, .requests, .failed, .errors]')" \
	'[true,6,6,{"deadline":6}]'
check_eq "deadline: latencies are null, not made up" "$(field deadline .latency_ms.p50)" null

kill "$pid"
wait "$pid" 2>/dev/null
load refused -c 2 -n 2 "http://127.0.0.1:$port" "GET /"
check_eq "refused: counted as failures, exit 0" \
	"$(field refused '[.failed, .errors]') $(cat "$T/refused.rc")" \
	"[4,{\"Couldn't connect to server\":4}] 0"
# shellcheck disable=SC2016 # expanded by the inner shell
check_fails "probe: a closed port is not ready" 1 unshare -n sh -c \
	'ip link set lo up && ip addr add 198.19.255.1/32 dev lo || exit 9
	exec "$1" exec http ready - "operations=GET /" port=8089' sh "$BUILD/tests/unit/test_workloads"

check_fails "usage: an unknown method" 2 "$CRBENCH" http-load "$url" "FETCH /"
"$CRBENCH" http-load "$url" "GET / x" 2>"$T/usage.err"
check_grep "usage: the bad operation is named" 'operation "GET / x": GET takes no body' "$T/usage.err"
check_fails "usage: no operation" 2 "$CRBENCH" http-load "$url"
check_fails "usage: no client" 2 "$CRBENCH" http-load -c 0 "$url" "GET /"
check_fails "usage: a bad timeout" 2 "$CRBENCH" http-load --timeout soon "$url" "GET /"
check_fails "usage: more than 10 million requests" 2 "$CRBENCH" http-load -c 10000 -n 10000 \
	"$url" "GET /"
