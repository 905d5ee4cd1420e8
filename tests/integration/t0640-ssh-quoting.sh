#!/bin/sh
# Quoting through the ssh transport: arguments, stdin and file names with
# ' " $ ; | & ( ) \ ` * space and newline reach the remote side byte for
# byte (compared as hex dumps of what the remote printf and cat saw).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd

testbed_up 1
inv=$TB/inventory.yaml
nl='
'
# through the command runner (argv as it is) and with a channel per
# command (argv quoted for the login shell: the quoting function's test)
arguments() {
	m=$1
	i=0
	# shellcheck disable=SC2016 # the words must arrive unexpanded
	for s in "it's" 'say "hi"' '$HOME $(id) ${x}' 'a;b|c&d' '(sub) shell' 'back\slash \n' \
		'`id`' '*' 'two  spaces ' "line1${nl}line2" "'\"\$;|&()\\\`* ${nl}" '' '-n' '--' '~root'; do
		i=$((i + 1))
		want=$(printf %s "$s" | od -An -tx1)
		got=$("$CRBENCH" exec -i "$inv" h1 -- printf %s "$s" | od -An -tx1)
		check_eq "$m: argument $i arrives byte for byte" "$got" "$want"
		# shellcheck disable=SC2016 # the words must arrive unexpanded
		got=$("$CRBENCH" exec -i "$inv" h1 -- sh -c 'printf %s "$1"' sh "$s" | od -An -tx1)
		check_eq "$m: argument $i through a remote sh -c" "$got" "$want"
	done
}
arguments runner
CRBENCH_SSH_RUNNER=off
export CRBENCH_SSH_RUNNER
arguments channel
unset CRBENCH_SSH_RUNNER

all="'\"\$;|&()\\\`* ${nl}end"
printf %s "$all" >"$T/in"
got=$("$CRBENCH" exec -i "$inv" h1 --stdin "$T/in" -- cat | od -An -tx1)
check_eq "stdin arrives byte for byte" "$got" "$(od -An -tx1 <"$T/in")"

# a file whose name holds every special character, written over SFTP and
# read back by a remote command that gets the name as an argument
# (not $name: lib.sh's check uses it)
dir=$T/"we'ird \"dir\" \$x;|&()\\\`*"
mkdir -p "$dir"
file="$dir/f ${nl}'\"\$;|&()\\\`*"
"$CRBENCH" exec -i "$inv" h1 --put "$T/in=$file" -- cat "$file" >"$T/back"
check "put_file to a name with special characters, cat it remotely" cmp "$T/in" "$T/back"
check "the file is where the name says" cmp "$T/in" "$file"
"$CRBENCH" exec -i "$inv" h1 -- rm -- "$file"
check "remote rm of that name removed exactly it" test ! -e "$file"
