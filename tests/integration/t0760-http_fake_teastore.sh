#!/bin/bash
# The first study's TeaStore load through the http workload, against a FAKE
# TeaStore web UI: TeaStore's Java microservices cannot run on this 2-core
# machine, so tests/data/teastore/webui.py (Python's http.server) answers
# its eight operations in a real runc container, demanding of the client
# what TeaStore's web UI does (forms, a session cookie per client, GET
# after the redirect of a POST) and refusing anything else with a 4xx. It
# counts what it saw, per operation and per session, in the repetition's
# output directory; crbench's load generator (crbench http-load, outside
# the container) must report the same. What this proves: the workload
# drives a TeaStore-shaped, stateful web application correctly, with
# deploy time up to its first page. What it does not: TeaStore's own
# timings, its services' start-up or its memory.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns runc python3 jq

B=/tools.descartes.teastore.webui
webui=$TOP/tests/data/teastore/webui.py
ops() { # the study's operations, login's body as $1
	printf '%s\n' "GET $B/" "GET $B/login" "POST $B/loginAction${1:+ $1}" \
		"GET $B/category?category=2&page=1" "GET $B/product?id=7" \
		"POST $B/cartAction addToCart=&productid=7" "GET $B/profile" "POST $B/loginAction logout="
}
names="index login loginAction category product cartAction profile logout"

# ---- the fake refuses what TeaStore's web UI refuses (on 127.0.0.1) ----
mkdir -p "$T/direct"
python3 "$webui" 0 "$T/direct/counts.json" 127.0.0.1 >"$T/direct/out" 2>&1 &
direct=$!
on_exit "kill $direct 2>/dev/null; wait $direct 2>/dev/null"
for _ in $(seq 100); do
	[ -s "$T/direct/counts.json" ] && break
	sleep 0.1
done
url=http://127.0.0.1:$(jq .port "$T/direct/counts.json")
"$CRBENCH" http-load -n 11 "$url" "GET $B/loginAction" \
	"POST $B/cartAction addToCart=&productid=7" "GET $B/profile" \
	"POST $B/loginAction username=user2&password=password" "GET $B/login" \
	"POST $B/loginAction username=user2&password=wrong" "POST $B/loginAction username" \
	"POST $B/loginAction" "POST $B/loginAction logout=" "GET $B/product?id=1" \
	"PUT $B/cartAction addToCart=&productid=7" >"$T/direct/refused.json"
check_eq "fake: the wrong method, no session, bad forms, no login, no product are refused" \
	"$(jq -c '[.operations[].failed]' "$T/direct/refused.json")" "[1,1,1,1,0,1,1,1,1,1,1]"
check_eq "fake: each with its status" "$(jq -cS .errors "$T/direct/refused.json")" \
	'{"HTTP 400":2,"HTTP 401":3,"HTTP 403":2,"HTTP 404":1,"HTTP 405":2}'
"$CRBENCH" http-load -n 2 --content-type application/json "$url" "GET $B/login" \
	"POST $B/loginAction username=user2&password=password" >"$T/direct/json.json"
check_eq "fake: a form of another Content-Type is refused" \
	"$(jq -cS .errors "$T/direct/json.json")" '{"HTTP 415":1}'
kill "$direct"
wait "$direct" 2>/dev/null

# ---- the study's load in a runc container ----
# server: the fake's source in a here-document, its counts in /crbench
server() {
	echo "      server: |"
	echo "        exec python3 - \"\$1\" /crbench/teastore-webui.json <<'PY'"
	sed 's/^/        /' "$webui"
	echo "        PY"
}
app() { # NAME LOGIN_BODY
	cat <<EOF
  - name: $1
    workload: http
    params:
      port: 8080
      clients: 2
      requests: 40
      ready_path: $B/
      operations: |
$(ops "$2" | sed 's/^/        /')
$(server)
EOF
}
{
	cat <<EOF
name: fake-teastore
repetitions: 1
retries: 0
timeout: 90s
limits: {cpus: 1, memory: 1GiB}
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
EOF
	app teastore "username=user2&password=password"
	app nobody "" # loginAction without its body
} >"$T/exp.yaml"
run=$T/run
run_ok "the fake TeaStore under runc" "$T/exp.yaml" "$run"
csv=$run/samples.csv
value() { sample_value "$csv" runc "$@"; }
ordered() { awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { exit !(a != "" && 0 < a && a <= b && b <= c && c <= d) }'; }

rep=$run/raw/local.runc.teastore.default/1
out=$rep/client/stdout
counts=$rep/output/teastore-webui.json
check "deploy time measured, up to the first page" positive "$(value teastore deploy_time)"
check_grep "the probe asks for the index page" "$B/" "$rep/deploy/command"
check "the fake counted the probe apart" jq -e '.probe >= 1' "$counts"
check "requests/s" positive "$(value teastore requests_per_s)"
check "0 < p25 <= p50 <= p75 <= p99 latency" ordered "$(value teastore latency_p25_ms)" \
	"$(value teastore latency_p50_ms)" "$(value teastore latency_p75_ms)" \
	"$(value teastore latency_p99_ms)"
check_eq "no failed request" "$(value teastore failed_requests)" 0
check_eq "crbench: 2 clients x 40 requests, all succeeded" \
	"$(jq -c '[.requests, .succeeded, .failed]' "$out")" "[80,80,0]"
check_eq "crbench: the study's 8 operations in order" \
	"$(jq -r '.operations[] | .method + " " + .path' "$out")" "$(ops "username=user2&password=password" |
		cut -d' ' -f1-2)"
json_ops=$(jq -r '[.operations[] | "\(.requests)/\(.failed)"] | join(" ")' "$out")
server_ops=$(jq -r --arg n "$names" '[($n | split(" "))[] as $k |
	.operations[$k] | "\(.requests)/\(.refused)"] | join(" ")' "$counts")
check_eq "crbench: 10 of each operation, none failed" "$json_ops" \
	"10/0 10/0 10/0 10/0 10/0 10/0 10/0 10/0"
check_eq "the fake saw per operation what crbench counted" "$server_ops" "$json_ops"
check_eq "the fake saw no other page" "$(jq -c '.operations | keys | length' "$counts")" 8
check_eq "a session per client, each with all its operations after the login page" \
	"$(jq -c '[.sessions[]]' "$counts")" "[38,38]"
check_eq "without a session: only each client's first index and login page" \
	"$(jq .without_session "$counts")" 4
check_eq "each POST's redirect followed by a GET in the same session" \
	"$(jq .followed_redirects "$counts")" 30

# ---- loginAction without its body: failures counted, not a crash ----
rep=$run/raw/local.runc.nobody.default/1
check_eq "no body: failed requests reported (login, then profile and logout)" \
	"$(value nobody failed_requests)" 30
check "no body: the other requests measured" positive "$(value nobody requests_per_s)"
check_eq "no body: crbench's failures by status" "$(jq -cS .errors "$rep/client/stdout")" \
	'{"HTTP 400":10,"HTTP 401":20}'
check_eq "no body: the fake refused as many" \
	"$(jq '[.operations[].refused] | add' "$rep/output/teastore-webui.json")" 30
check_eq "no body: the login refused each time" \
	"$(jq -c '.operations.loginAction' "$rep/output/teastore-webui.json")" \
	'{"refused":10,"requests":10}'
check_eq "no failed row" "$(tail -n +2 "$csv" | grep -vc ',ok$')" 0

# ---- nothing left ----
prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
check_eq "no container cgroup left" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
netns=$(sed -n "s|.*'--net=/run/netns/\(crb-[0-9a-f]*-local\)\.clients'.*|\1|p" "$rep/client/command")
check "the run's network namespaces are gone" test -n "$netns" -a ! -e "/run/netns/$netns" \
	-a ! -e "/run/netns/$netns.clients"
check_eq "no fake server or load generator left" "$(pgrep -c -f \
	"/crbench/teastore-webui.json|$(realpath "$CRBENCH") http-load" || true)" 0
check "no runc state left: the scratch directory is removed" test ! -e "$(scratch_dir "$run")"
