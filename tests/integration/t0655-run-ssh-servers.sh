#!/bin/sh
# Server workloads over ssh: http (its load generator is crbench itself, the
# host's `crbench:`) and redis under runc on a testbed host. A crbench
# missing there stops the run before any repetition, naming host and step;
# once it is installed the run resumes and measures both, the clients in
# the run's client namespace on the host, and leaves nothing there.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd runc redis python3

testbed_up 1
mkdir -p "$T/home/.ssh" "$T/bin"
cp "$TB/ssh_config" "$T/home/.ssh/config"
# testbed hosts share this filesystem: the build's crbench, once linked
# here, is the host's crbench
hosts_crbench=$T/bin/crbench
experiment() { # CRBENCH_KEY
	cat <<EOY
name: ssh-servers
repetitions: 1
retries: 0
timeout: 60s
hosts:
  - {name: h1, transport: ssh$1}
limits: {cpus: 1, memory: 1GiB}
metrics: [deploy_time, performance]
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: web, workload: http, params: {clients: 2, requests: 50}}
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
EOY
}
experiment ", crbench: $hosts_crbench" >"$T/exp.yaml"
experiment ", crbench: /nonexistent/crbench" >"$T/nonexistent.yaml"
experiment "" >"$T/default.yaml"
ran() { HOME=$T/home "$CRBENCH" "$@" >"$T/out" 2>&1; }

ran hosts check "$T/nonexistent.yaml"
check_eq "hosts check: a missing crbench makes h1 unusable (exit 1)" "$?" 1
check_grep "hosts check names the path, the application and what to do" \
	"missing: crbench not found at /nonexistent/crbench: application web \(workload http\) runs \`crbench http-load\` there as its client step; install crbench on the host or set \`crbench:\`" \
	"$T/out"
ran hosts check "$T/default.yaml"
check_grep "hosts check: by default crbench is looked up in the host's PATH" \
	'missing: crbench not found: no "crbench" in the PATH of the host' "$T/out"

run=$T/ssh-servers-$$
ran run -q "$T/exp.yaml" -o "$run"
check_eq "crbench not yet on the host: the run stops (exit 1)" "$?" 1
check_grep "the error names host, step and path" \
	"error: host h1: step crbench: crbench not found at $hosts_crbench: application web" \
	"$T/out"
check_grep "and says how to go on" "continue with: crbench resume" "$T/out"
check_eq "no repetition started" "$(grep -c '"event":"started"' "$run/journal.jsonl")" 0
check_eq "nothing left on the host after the stop" "$(testbed_leftovers h1)" ""
# named after the scratch id's last 8 hex digits and the host (host.c)
sd=$(scratch_dir "$run")
netns=crb-${sd##*-}-h1
check "its network namespaces are gone" test ! -e "/run/netns/$netns" -a ! -e "/run/netns/$netns.clients"

ln -s "$CRBENCH" "$hosts_crbench"
ran hosts check "$T/exp.yaml"
check_eq "hosts check: crbench installed, h1 usable (exit 0)" "$?" 0
ran resume -q "$run"
status=$?
check_eq "resumed once crbench is there: exit 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/out" | tail -n 20
csv=$run/samples.csv
check_eq "no failed row" "$(tail -n +2 "$csv" | grep -vc ',ok$')" 0
for app in web redis; do
	check "$app: deploy time measured" positive "$(sample_value "$csv" runc "$app" deploy_time)"
	check "$app: requests/s" positive "$(sample_value "$csv" runc "$app" requests_per_s)"
done
rep=$run/raw/h1.runc.web.default/1
check_grep "the load generator is the host's crbench, in the run's client namespace" \
	"^'nsenter' '--net=/run/netns/$netns.clients' '--' '$hosts_crbench' 'http-load' " \
	"$rep/client/command"
check_grep "its output fetched: 2 clients x 50 requests" '^  "requests": 100,' \
	"$rep/client/stdout"
check_grep "redis-benchmark ran in the client namespace too" \
	"^'nsenter' '--net=/run/netns/$netns.clients' '--' 'redis-benchmark' " \
	"$run/raw/h1.runc.redis.default/1/client/command"
check_grep "the server's output fetched" '"GET / HTTP/1.1" 200' "$rep/output/server.stderr"
check_grep "facts record the host's crbench" "\"crbench\": \"$("$CRBENCH" --version)\"" \
	"$run/hosts/h1.json"
check_grep "experiment.yaml keeps the host's crbench" "^  crbench: $hosts_crbench\$" \
	"$run/experiment.yaml"
check_eq "nothing left running on the host" "$(testbed_leftovers h1)" ""
check "the run's network namespaces are gone" test ! -e "/run/netns/$netns" -a ! -e "/run/netns/$netns.clients"
check "scratch directory removed" test ! -e "$sd"
