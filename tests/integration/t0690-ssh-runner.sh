#!/bin/sh
# crbench's command runner on ssh hosts: copied once into the host's cache
# directory (testbed hosts have XDG_CACHE_HOME=$TB/hN/cache), reused by
# later connections, older copies removed; when it cannot be installed or
# started, each command gets a channel and a shell of its own, with a
# warning, and results are the same.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd

testbed_up 1
inv=$TB/inventory.yaml
cache=$TB/h1/cache/crbench

"$CRBENCH" exec -i "$inv" h1 -- true 2>"$T/err"
runner=$(ls "$cache" 2>/dev/null)
check_eq "one runner is installed in the host's cache" "$(echo "$runner" | wc -w)" 1
check "it is named by its digest" expr "$runner" : 'runner-[0-9a-f]\{16\}$'
check "it is executable" test -x "$cache/$runner"
check_eq "installing it printed nothing" "$(cat "$T/err")" ""
check "it is the program crbench carries" cmp "$cache/$runner" "$BUILD/runner/crbench-runner"
before=$(stat -c %i.%Y "$cache/$runner")
"$CRBENCH" exec -i "$inv" h1 -- true
check_eq "a second connection reuses it" "$(stat -c %i.%Y "$cache/$runner")" "$before"

# shellcheck disable=SC2016 # expanded by the inner shell
"$CRBENCH" exec -i "$inv" h1 -- sh -c 'ps -o comm= -p $PPID' >"$T/parent"
# (ps shows the first 15 characters of a program's name)
check_eq "commands are started by the runner, not by a shell" "$(cat "$T/parent")" \
	"$(echo "$runner" | cut -c1-15)"
"$CRBENCH" exec -i "$inv" h1 -- no-such-program-crb >"$T/out" 2>&1
check_eq "a program that does not exist: exit 127" "$?" 127
check_grep "and the reason on stderr" "cannot run 'no-such-program-crb'" "$T/out"

# a new build's runner replaces the old one; other copies are removed
rm "$cache/$runner"
touch "$cache/runner-0000000000000000"
"$CRBENCH" exec -i "$inv" h1 -- true
check "a missing runner is installed again" test -x "$cache/$runner"
check "an older copy is removed" test ! -e "$cache/runner-0000000000000000"

# a runner that does not greet: a warning, and commands still work (put in
# place by a rename: the last connection's runner may still be running)
printf '#!/bin/sh\necho not a runner\n' >"$cache/fake"
chmod +x "$cache/fake"
mv "$cache/fake" "$cache/$runner"
"$CRBENCH" exec -i "$inv" h1 -- sh -c 'echo out; exit 3' >"$T/out" 2>"$T/err"
check_eq "a broken runner: the command still runs (exit status)" "$?" 3
check_eq "and its output is intact" "$(cat "$T/out")" out
check_grep "a warning names the host and the fallback" \
	"host h1: no command runner .*; each command starts a shell of its own" "$T/err"

# a cache that cannot be made: the same fallback
rm -rf "$cache"
: >"$cache"
"$CRBENCH" exec -i "$inv" h1 -- sh -c 'echo out' >"$T/out" 2>"$T/err"
check_eq "an unusable cache: the command still runs" "$(cat "$T/out")" out
check_grep "the warning says why" "no command runner .cannot prepare its directory" "$T/err"
rm -f "$cache"

# CRBENCH_SSH_RUNNER=off: never installed
rm -rf "$TB/h1/cache"
CRBENCH_SSH_RUNNER=off "$CRBENCH" exec -i "$inv" h1 -- true 2>"$T/err"
check "CRBENCH_SSH_RUNNER=off installs nothing" test ! -e "$cache"
check_eq "and warns of nothing" "$(cat "$T/err")" ""
check_eq "nothing left on the host" "$(testbed_leftovers h1)" ""
