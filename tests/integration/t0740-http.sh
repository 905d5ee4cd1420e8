#!/bin/bash
# The http workload through `crbench run` under runc, crun and runsc: the
# server in the container (Python's http.server by default, and a small
# shop-like server of this test's own that checks what it is sent), the
# readiness probe and the load generator (crbench http-load, libcurl)
# outside it in the run's network namespace, run from this very binary.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns runc crun runsc python3

# The shop answers GET, and POST/PUT only with the body and Content-Type
# the operations send (else 400, a failure the test would see); it keeps
# connections open (HTTP/1.1) without Nagle's delay of its second write,
# and logs nothing. Double quotes only: the script is in sh's single quotes.
cat >"$T/exp.yaml" <<'YEOF'
name: http
repetitions: 1
retries: 0
timeout: 90s
limits: {cpus: 1, memory: 1GiB}
runtimes:
  - {name: runc, driver: oci, handler: runc}
  - {name: crun, driver: oci, handler: crun}
  - {name: runsc, driver: oci, handler: runsc, options: ["--network=none"]}
applications:
  - name: files
    workload: http
    params: {clients: 2, requests: 50, operations: "GET /\nHEAD /"}
  - name: shop
    workload: http
    params:
      port: 18090
      clients: 2
      requests: 40
      ready_path: /ready
      operations: |
        GET /products?page=1
        POST /cart item=7&qty=1
        PUT /cart item=7&qty=1
        DELETE /cart
      server: |
        exec python3 -c '
        import http.server, sys
        class Shop(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True
            def reply(self, code):
                self.send_response(code)
                self.send_header("Content-Length", "3")
                self.end_headers()
                self.wfile.write(b"ok\n")
            def do_GET(self):
                self.reply(200)
            def do_DELETE(self):
                self.reply(200)
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                form = self.headers.get("Content-Type") == "application/x-www-form-urlencoded"
                self.reply(200 if body == b"item=7&qty=1" and form else 400)
            do_PUT = do_POST
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), Shop).serve_forever()
        ' "$1"
YEOF
run=$T/run
run_ok "http under runc, crun, runsc" "$T/exp.yaml" "$run"
csv=$run/samples.csv
value() { sample_value "$csv" "$@"; }
ordered() { awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { exit !(a != "" && 0 < a && a <= b && b <= c && c <= d) }'; }
for rt in runc crun runsc; do
	for app in files shop; do
		check "$rt $app: deploy time measured" positive "$(value $rt $app deploy_time)"
		check "$rt $app: requests/s" positive "$(value $rt $app requests_per_s)"
		check "$rt $app: 0 < p25 <= p50 <= p75 <= p99 latency" ordered \
			"$(value $rt $app latency_p25_ms)" "$(value $rt $app latency_p50_ms)" \
			"$(value $rt $app latency_p75_ms)" "$(value $rt $app latency_p99_ms)"
		check_eq "$rt $app: no failed request" "$(value $rt $app failed_requests)" 0
	done
	out=$run/raw/local.$rt.shop.default/1/client/stdout
	check_grep "$rt shop: 2 clients x 40 requests" '^  "requests": 80,' "$out"
	check_grep "$rt shop: each operation got its share (20 PUT)" '"requests": 20,' "$out"
done
check_eq "no failed row" "$(tail -n +2 "$csv" | grep -vc ',ok$')" 0

rep=$run/raw/local.runc.files.default/1
self=$(realpath "$CRBENCH")
check_grep "the client is this crbench binary, in the run's network namespace" \
	"^'nsenter' '--net=/run/netns/crb-[0-9a-f]*-local.clients' '--' '$self' 'http-load' " "$rep/client/command"
check_grep "the probe asks for HTTP 200 over bash's /dev/tcp (in the deploy script)" \
	"/dev/tcp/198.19.255.1/" "$rep/deploy/command"
check_grep "http.server served the requests" '"GET / HTTP/1.1" 200' "$rep/output/server.stderr"

check "hosts check: the http workload needs no tool besides crbench" \
	"$CRBENCH" hosts check "$T/exp.yaml"

prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
check_eq "no container cgroup left" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
netns=$(sed -n "s|.*'--net=/run/netns/\(crb-[0-9a-f]*-local\)\.clients'.*|\1|p" "$rep/client/command")
check "the client ran in the clients' namespace" test -n "$netns"
check "the run's network namespaces are gone" \
	test ! -e "/run/netns/$netns" -a ! -e "/run/netns/$netns.clients"
check_eq "no server or load generator left" \
	"$(pgrep -c -f 'http.server|ThreadingHTTPServer|crbench http-load' || true)" 0
check_eq "runsc: no sandbox left" "$(pgrep -fc "$(scratch_dir "$run")" || true)" 0
