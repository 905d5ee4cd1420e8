# shellcheck shell=sh
# Shared helpers for integration tests (sourced). Each check prints one TAP
# line; tests/run counts them. A test gets a scratch directory $T that is
# removed on exit, and registers its own cleanup with `on_exit CMD`.
#
# Prerequisites: a test declares what it needs right after sourcing this
# file, in lines of their own that start with `needs` (tests/run reads them
# without running the test, to pick the fast tier of `make test-fast`):
#   needs root netns runc stress-ng
# Known: root, netns (root and iproute2: network namespaces), sshd (the
# testbed's OpenSSH), runc, crun, runsc, containerd, docker, stress-ng,
# fio, iperf3, redis, postgres, R, python3, poppler, pdflatex, jq, git,
# and the shell linter (shellcheck). When
# one is missing the test prints one "1..0 # SKIP" line and stops; with
# CI=true in the environment it fails instead ("not ok - missing
# prerequisite X"), so that CI cannot pass by testing less.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
CRBENCH=${CRBENCH:-$BUILD/crbench}
T=$(mktemp -d "${TMPDIR:-/tmp}/crbench-test.XXXXXX")
_cleanups=""
on_exit() { _cleanups="$1; $_cleanups"; }
_finish() {
	eval "$_cleanups"
	if [ "${CRBENCH_TEST_KEEP:-0}" = 1 ]; then echo "# kept $T"; else rm -rf "$T"; fi
}
trap _finish EXIT
trap 'exit 130' INT TERM

# scratch_dir RUN: the run's working area on a local host (see rundir.h: scratch_id)
scratch_dir() {
	abs=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
	echo "/var/tmp/crbench-$(basename "$1")-$(printf %s "$abs" | sha256sum | cut -c1-8)"
}

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

_have_commands() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || return 1
	done
}

# _have PREREQ: 0 present, 1 missing, 2 not a prerequisite we know.
_have() {
	case "$1" in
	root) [ "$(id -u)" -eq 0 ] ;;
	netns) [ "$(id -u)" -eq 0 ] && _have_commands ip unshare nsenter ;;
	sshd) [ -x /usr/sbin/sshd ] && _have_commands ssh ssh-keygen ;;
	containerd) _have_commands containerd ctr containerd-shim-runc-v2 ;;
	docker) _have_commands dockerd docker ;;
	redis) _have_commands redis-server redis-benchmark ;;
	postgres) _have_commands pgbench && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 ;;
	R) _have_commands Rscript ;;
	poppler) _have_commands pdffonts pdfinfo pdftoppm pdftotext ;;
	runc | crun | runsc | stress-ng | fio | iperf3 | python3 | pdflatex | jq | shellcheck | git) _have_commands "$1" ;;
	*) return 2 ;;
	esac
}

# needs PREREQ...: skip the test (or fail it under CI=true) unless this
# machine has every PREREQ; an unknown name is a mistake in the test.
needs() {
	_missing=""
	for _p in "$@"; do
		_have "$_p"
		case $? in
		0) ;;
		1) _missing="$_missing $_p" ;;
		*)
			not_ok "unknown prerequisite '$_p'"
			exit 1
			;;
		esac
	done
	[ -z "$_missing" ] && return 0
	if [ "${CI:-}" = true ]; then
		not_ok "missing prerequisite${_missing}"
		exit 1
	fi
	echo "1..0 # SKIP missing prerequisite${_missing}"
	exit 0
}

# check NAME CMD...: passes when CMD exits 0.
check() {
	name=$1
	shift
	if "$@" >"$T/.out" 2>&1; then ok "$name"; else
		not_ok "$name"
		sed 's/^/#   /' "$T/.out" | tail -n 20
	fi
}

# check_fails NAME STATUS CMD...: passes when CMD exits with STATUS.
check_fails() {
	name=$1
	want=$2
	shift 2
	"$@" >"$T/.out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else
		not_ok "$name (exit $got, wanted $want)"
		sed 's/^/#   /' "$T/.out" | tail -n 20
	fi
}

# check_eq NAME GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', wanted '$3'"; fi
}

# check_grep NAME PATTERN FILE: passes when FILE has a line matching PATTERN (ERE).
check_grep() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else
		not_ok "$1: no line matching '$2' in $3"
		sed 's/^/#   /' "$3" | tail -n 20
	fi
}

# sample_value CSV RUNTIME APPLICATION METRIC: the value of the metric's ok row in samples.csv.
sample_value() {
	awk -F, -v rt="$2" -v app="$3" -v m="$4" '$4==rt && $5==app && $8==m && $12=="ok" {print $9}' "$1"
}

# run_ok LABEL EXPERIMENT DIR: `crbench run -q` must exit 0 (one check);
# its log's tail otherwise.
run_ok() {
	"$CRBENCH" run -q "$2" -o "$3" >"$T/log" 2>&1
	_st=$?
	check_eq "$1: exit 0" "$_st" 0
	[ "$_st" -eq 0 ] || sed 's/^/#   /' "$T/log" | tail -n 20
}

# positive V: V is a number > 0 (for `check`).
positive() { awk -v v="$1" 'BEGIN { exit !(v != "" && v > 0) }'; }

# testbed_up N: N real sshd hosts (h1..hN) in network namespaces, state in
# $TB ($TB/inventory.yaml, inventory.ini, ssh_config, known_hosts,
# id_ed25519); torn down when the test exits, pass or fail.
testbed_up() {
	TB=$T/tb
	on_exit "'$TOP/infra/testbed/testbed' down '$TB' >/dev/null 2>&1"
	if ! "$TOP/infra/testbed/testbed" up "$1" "$TB" >"$T/testbed.log" 2>&1; then
		not_ok "testbed up $1"
		sed 's/^/#   /' "$T/testbed.log"
		exit 1
	fi
}

# Processes in host $1's network namespace other than its sshd listener,
# waiting up to 3 s for connections that are closing.
testbed_leftovers() {
	ns=crtb$(sed -n 's/^IDX=//p' "$TB/testbed.env")-$1
	listener=$(cat "$TB/$1/sshd.pid")
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
		left=$(ip netns pids "$ns" | grep -vx "$listener" | tr '\n' ' ')
		[ -z "$left" ] && break
		sleep 0.2
	done
	echo "$left"
}

# Gates: a workload that cannot finish before the test lets it, so that a
# kill or a Ctrl-C lands mid-repetition whatever the machine's speed.
# GATED_COMMAND (for the command workload) puts a file "waiting" in its
# output directory and waits until it is gone; that directory is under the
# run's scratch area on a local host. The test opens a gate by removing the
# file: it never creates one in a directory crbench may be removing.
# shellcheck disable=SC2034 # for the tests that source this file
GATED_COMMAND='touch /crbench/waiting; while [ -e /crbench/waiting ]; do sleep 0.01; done; echo 4'
# waiting RUN: the gated repetitions of RUN waiting now, one marker a line.
waiting() { find "$(scratch_dir "$1")" -name waiting 2>/dev/null; }
# running PID: alive and not a zombie (a zombie still accepts kill -9)
running() { [ -e "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ]; }
# wait_waiting RUN PID: until a repetition of RUN waits (0), or PID has
# ended or 10 minutes went by (1: a guard against a hang, not a deadline).
wait_waiting() {
	for _ in $(seq 60000); do
		[ -n "$(waiting "$1")" ] && return 0
		running "$2" || return 1
		sleep 0.01
	done
	return 1
}
# open_gates RUN: from now on, in the background, let every gated repetition
# of RUN go; close_gates stops that.
open_gates() {
	(
		while :; do
			waiting "$1" | xargs -r rm -f
			sleep 0.02
		done
	) &
	_gates=$!
	on_exit "kill $_gates 2>/dev/null"
}
close_gates() { kill "$_gates" 2>/dev/null && wait "$_gates" 2>/dev/null; }

# in_cgroups PREFIX...: how many live processes are in a container cgroup
# of these container prefixes (run.json's, or the journal's for every
# session). Zombies are dead: their parent may reap them a moment later.
in_cgroups() {
	_n=0
	for _p in "$@"; do
		# shellcheck disable=SC2013 # /proc paths are single words
		for _f in $(grep -l "/crbench/$_p-" /proc/[0-9]*/cgroup 2>/dev/null); do
			running "$(basename "$(dirname "$_f")")" && _n=$((_n + 1))
		done
	done
	echo "$_n"
}
