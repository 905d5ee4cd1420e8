#!/bin/sh
# Each workload's commands run for real on this host, without a container:
# the server (container argv), the readiness probe until it answers, the
# setup, the client, and the parser on the live output. The commands come
# from the workloads' own argv builders, run by test_workloads' `exec`
# helper (which execs them, so $! is the server). The server runs in a
# network namespace of the test's own and the rest in another, joined by a
# veth pair with the engine's addresses (host.c), and the probe runs in
# the server's output directory, as the engine runs them. Everything
# started is stopped by its PID; nothing is left running.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns stress-ng fio iperf3 redis python3

H=$BUILD/tests/unit/test_workloads
[ -x "$H" ] || { not_ok "build $H first (make tests)"; exit 1; }

S=crb-t0700-$$
C=$S.clients
on_exit "ip netns del $S 2>/dev/null; ip netns del $C 2>/dev/null"
ip netns add "$S"
ip netns add "$C"
ip -n "$C" link add crb-cli type veth peer name crb-srv netns "$S"
ip -n "$S" addr add 198.19.255.1/30 dev crb-srv
ip -n "$C" addr add 198.19.255.2/30 dev crb-cli
for l in "$S lo" "$S crb-srv" "$C lo" "$C crb-cli"; do
	ip -n "${l% *}" link set "${l#* }" up
done
ip -n "$C" route get 198.19.255.1 >"$T/route" 2>&1
check_grep "the clients reach the server's address over the pair" \
	"198.19.255.1 dev crb-cli src 198.19.255.2" "$T/route"
in_c() { nsenter --net="/run/netns/$C" "$@"; }

# Function variables are prefixed: sh has only globals, and lib.sh's check uses $name.

# stop PID SIGNAL: signal the process, reap it, fail if it lingers.
stop() {
	kill -"$2" "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		not_ok "$3 stops on SIG$2"
	else
		ok "$3 stops on SIG$2"
	fi
}

# check_parse NAME DIR STDOUT PARAMS...: the workload's parser accepts the live output.
check_parse() {
	p_wl=$1
	shift
	if "$H" parse "$p_wl" "$@" >"$T/$p_wl.metrics" 2>&1; then
		ok "$p_wl: live output parses ($(tr '\n' ' ' <"$T/$p_wl.metrics"))"
	else
		not_ok "$p_wl: live output parses"
		sed 's/^/#   /' "$T/$p_wl.metrics"
	fi
}

# batch NAME PARAMS...: the container argv alone, then its result file.
batch() {
	b_wl=$1
	shift
	mkdir -p "$T/$b_wl"
	check "$b_wl: runs" "$H" exec "$b_wl" container "$T/$b_wl" "$@"
	# its result is a file; its stdout is empty (a regular file: readers
	# refuse devices, /dev/null included)
	: >"$T/$b_wl.stdout"
	check_parse "$b_wl" "$T/$b_wl" "$T/$b_wl.stdout" "$@"
}

# server NAME SIGNAL PARAMS...: server, ready polling, setup, client, parse, stop.
server() {
	s_wl=$1
	sig=$2
	shift 2
	dir=$T/$s_wl
	mkdir -p "$dir"
	# (nsenter execs the helper, which execs the server: $! is the server)
	nsenter --net="/run/netns/$S" "$H" exec "$s_wl" container "$dir" "$@" >"$dir/server.log" 2>&1 &
	pid=$!
	on_exit "kill -KILL $pid 2>/dev/null"
	i=0
	until (cd "$dir" && in_c "$H" exec "$s_wl" ready - "$@") >/dev/null 2>&1; do
		i=$((i + 1))
		if [ "$i" -ge 150 ] || ! kill -0 "$pid" 2>/dev/null; then
			not_ok "$s_wl: ready within 15 s"
			sed 's/^/#   /' "$dir/server.log" | tail -n 20
			stop "$pid" KILL "$s_wl server"
			return
		fi
		sleep 0.1
	done
	ok "$s_wl: ready after $i polls"
	in_c "$H" exec "$s_wl" setup - "$@" >"$dir/setup.log" 2>&1
	rc=$?
	case $rc in
	0) ok "$s_wl: setup" ;;
	3) ;; # no setup step
	*)
		not_ok "$s_wl: setup (exit $rc)"
		sed 's/^/#   /' "$dir/setup.log" | tail -n 20
		;;
	esac
	if in_c "$H" exec "$s_wl" client - "$@" >"$dir/client.out" 2>"$dir/client.err"; then
		ok "$s_wl: client"
	else
		not_ok "$s_wl: client"
		sed 's/^/#   /' "$dir/client.err" | tail -n 20
	fi
	check_parse "$s_wl" "$dir" "$dir/client.out" "$@"
	stop "$pid" "$sig" "$s_wl server"
}

batch fio rw=randrw size=8MiB runtime=1s
[ ! -e "$T/fio/fio.data" ]
check_eq "fio: its data file is removed (--unlink)" "$?" 0
batch stress-ng stressor=cpu,vm duration=1s vm_bytes=16MiB

port=15201  # the namespaces are the test's own: every port is free
mkdir -p "$T/iperf3"
# shellcheck disable=SC2016 # expanded by the inner shell
check_fails "iperf3: not ready while nothing listens on the port" 1 \
	in_c sh -c 'cd "$1" && shift && exec "$@"' sh "$T/iperf3" "$H" exec iperf3 ready - port="$port"
server iperf3 TERM port="$port" duration=1s
server iperf3 TERM port="$port" duration=1s reverse=true parallel=2

port=16399
check_fails "redis: not ready while nothing listens on the port" 1 in_c "$H" exec redis ready - port="$port"
server redis TERM port="$port" requests=20000 clients=10

# http's probe and client are crbench itself: the engine runs its own
# binary; here the helper's execvp finds it on PATH.
port=18089
PATH=$BUILD:$PATH
server http TERM port="$port" clients=2 requests=20 "operations=GET /
HEAD /"

# PostgreSQL runs as user postgres: its data directory must be reachable by it.
if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
	pg=$(mktemp -d /tmp/crbench-t0700-pg.XXXXXX)
	chmod 755 "$pg"
	chown postgres: "$pg"
	on_exit "rm -rf '$pg'"
	port=15499
	server pgbench INT port="$port" scale=1 duration=2s clients=2 jobs=2 datadir="$pg/data"
	check_eq "pgbench: no server process left" "$(pgrep -f "$pg/data" | wc -l)" 0
else
	ok "pgbench # SKIP needs root and a postgres user"
fi
