#!/bin/sh
# Every shell file of the tree passes shellcheck: the git-tracked files
# named *.sh or whose first line is #!/bin/sh or #!/bin/bash (the scripts
# embedded in crbench, the tests, tests/run, the benchmarks, infra/, .ci/).
# The tree's .shellcheckrc says how sourced files are found.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs shellcheck git

cd "$TOP" || exit 1

# shell_files: one path a line, sorted
shell_files() {
	git -c core.quotePath=false ls-files | while IFS= read -r f; do
		[ -f "$f" ] || continue
		case $f in
		*.sh) echo "$f" ;;
		*) case $(head -n 1 "$f" 2>/dev/null) in '#!/bin/sh'* | '#!/bin/bash'*) echo "$f" ;; esac ;;
		esac
	done | sort
}

shell_files >"$T/files"
check "git lists the tree's shell files" test -s "$T/files"
check_grep "the embedded scripts are among them" '^orchestrator/.*/scripts/.*\.sh$' "$T/files"
while IFS= read -r f; do
	if shellcheck "$f" >"$T/findings" 2>&1; then
		ok "shellcheck $f"
	else
		not_ok "shellcheck $f"
		sed 's/^/#   /' "$T/findings"
	fi
done <"$T/files"
