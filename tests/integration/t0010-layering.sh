#!/bin/bash
# The layering of docs/architecture.md, read from the #include lines of the
# tree: no include loop between modules, and who may include whom.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs python3

python3 "$TOP/tests/lint/layering.py" "$TOP"
# the top-level folders with C code and the orchestrator's parts
folders=$(cd "$TOP" && find . -path ./tests -prune -o -path './build*' -prune -o \
	-name '*.[ch]' -printf '%h\n' | sed 's|^\./||; s|^\(orchestrator/[^/]*\).*|\1|; /^orchestrator\//!s|^\([^/]*\)/.*|\1|' |
	grep -v '^orchestrator$' | sort -u)
check "there are folders to look for" test -n "$folders"
check_eq "docs/architecture.md names every folder with code" \
	"$(for d in $folders; do grep -q "\`$d/\`" "$TOP/docs/architecture.md" || echo "$d"; done)" ""
