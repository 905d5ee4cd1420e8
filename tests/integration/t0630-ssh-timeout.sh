#!/bin/sh
# Deadlines over ssh: a command past its timeout is killed with its whole
# process group on the host (SIGTERM, then SIGKILL), and nothing is left.
# Both ways of running commands: through crbench's command runner (the
# default) and with a channel and a shell per command (CRBENCH_SSH_RUNNER=off).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd

testbed_up 1
inv=$TB/inventory.yaml

# every check names the mode, "runner" or "channel"
checks() {
	m=$1
	start=$(date +%s)
	"$CRBENCH" exec -i "$inv" h1 --timeout 2 -- sleep 1000 >"$T/out" 2>&1
	check_eq "$m: sleep 1000 with a 2 s timeout: exit 124" "$?" 124
	check "$m: returned within 5 s" test $(($(date +%s) - start)) -le 5
	check_grep "$m: says it timed out" "timed out after 2.0 s" "$T/out"
	check_eq "$m: no process left on the host" "$(testbed_leftovers h1)" ""

	# the whole group: a background child and one that ignores SIGTERM
	"$CRBENCH" exec -i "$inv" h1 --timeout 1 -- sh -c \
		'sleep 1001 & trap "" TERM; sleep 1002; wait' >"$T/out" 2>&1
	check_eq "$m: group ignoring SIGTERM: exit 124" "$?" 124
	check_eq "$m: SIGKILL after the grace period left nothing" "$(testbed_leftovers h1)" ""

	"$CRBENCH" exec -i "$inv" h1 -- sh -c 'echo out; echo err >&2; exit 7' >"$T/o" 2>"$T/e"
	check_eq "$m: exit status passed on" "$?" 7
	check_eq "$m: stdout separate" "$(cat "$T/o")" out
	check_eq "$m: stderr separate, without crbench's marker" "$(cat "$T/e")" err
	"$CRBENCH" exec -i "$inv" h1 -- sh -c 'kill -USR1 $$' >/dev/null 2>&1
	check_eq "$m: exit signal passed on (128+SIGUSR1)" "$?" 138
	head -c 3000000 /dev/urandom >"$T/big"
	"$CRBENCH" exec -i "$inv" h1 --stdin "$T/big" -- sha256sum >"$T/sum"
	check_eq "$m: 3 MB of stdin arrive intact" "$(cut -d' ' -f1 "$T/sum")" "$(sha256sum <"$T/big" | cut -d' ' -f1)"
	"$CRBENCH" exec -i "$inv" h1 -- head -c 5000000 /dev/zero | wc -c >"$T/n"
	check_eq "$m: 5 MB of stdout arrive intact" "$(cat "$T/n")" 5000000
	"$CRBENCH" exec -i "$inv" h1 --put "$T/big=$T/copy" -- true
	check "$m: put_file (SFTP) writes the file" cmp "$T/big" "$T/copy"
	"$CRBENCH" exec -i "$inv" h1 --get "$T/copy" >"$T/back"
	check "$m: get_file (SFTP) reads it back" cmp "$T/big" "$T/back"
	check_fails "$m: get_file of a missing file fails" 255 "$CRBENCH" exec -i "$inv" h1 --get "$T/none"
	check_eq "$m: nothing left after all that" "$(testbed_leftovers h1)" ""
}

checks runner
export CRBENCH_SSH_RUNNER=off
checks channel
