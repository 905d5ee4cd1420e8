#!/bin/sh
# The command line: help, unknown commands and options, commands of later
# issues, plan output and its determinism.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

check "crbench --help" "$CRBENCH" --help
check_grep "help lists run" "^   run " "$T/.out"
check_fails "no command: usage, exit 2" 2 "$CRBENCH"
check_fails "unknown command: exit 2" 2 "$CRBENCH" frobnicate
check_fails "archive not implemented yet: exit 2" 2 "$CRBENCH" archive x
check_grep "says not implemented yet" "not implemented yet" "$T/.out"
for c in plan run analyze report; do
	check "crbench $c --help" "$CRBENCH" "$c" --help
	check_grep "$c --help shows usage" "^usage: crbench $c" "$T/.out"
done
check_fails "unknown option: exit 2" 2 "$CRBENCH" plan --frob "$TOP/experiments/local.yaml"
check_fails "--reps needs a number" 2 "$CRBENCH" plan --reps x "$TOP/experiments/local.yaml"
check_fails "plan without a file" 2 "$CRBENCH" plan
check_fails "missing experiment file" 2 "$CRBENCH" plan "$T/nope.yaml"

"$CRBENCH" plan "$TOP/experiments/local.yaml" >"$T/plan" 2>&1
check_eq "plan exits 0" $? 0
check_grep "plan counts cells and reps (3 runtimes x 5 applications)" \
	"^15 cells x 4 repetitions = 60 repetitions, seed 42, randomized order" "$T/plan"
check_grep "plan estimates the duration, idle time apart" \
	"^estimated duration: .* of workload, .* idling before idle memory is measured, " "$T/plan"
check_grep "plan lists runsc" "runsc +stress-cpu" "$T/plan"
"$CRBENCH" plan --reps 3 --only runtime=runsc "$TOP/experiments/local.yaml" >"$T/plan2" 2>&1
check_grep "--reps and --only applied" "^5 cells x 3 repetitions = 15 repetitions" "$T/plan2"
check_fails "--only with an unknown runtime" 2 "$CRBENCH" plan --only runtime=kata \
	"$TOP/experiments/local.yaml"
check_grep "--only error names the value" "kata" "$T/.out"
cat >"$T/all-out.yaml" <<'EOF'
name: all-out
runtimes: [{name: runc, driver: oci}]
applications: [{name: a, workload: stress-ng}]
exclude:
  - {runtime: runc}
EOF
check_fails "exclusions leaving no cell: exit 2" 2 "$CRBENCH" plan "$T/all-out.yaml"
check_grep "that error names the exclude: key" "all-out.yaml:4:1: .*leave no cell" "$T/.out"
"$CRBENCH" plan --quick "$TOP/experiments/local.yaml" >"$T/plan3" 2>&1
check_grep "--quick: 2 repetitions" " cells x 2 repetitions = " "$T/plan3"
check_grep "--quick: the description says so" "\\[--quick: " "$T/plan3"
"$CRBENCH" plan --quick --reps 4 "$TOP/experiments/local.yaml" >"$T/plan4" 2>&1
check_grep "--reps wins over --quick" " cells x 4 repetitions = " "$T/plan4"

"$CRBENCH" run --dry-run --seed 9 -o "$T/a" "$TOP/experiments/local.yaml" >"$T/dry" 2>&1
check_eq "dry run exits 0" $? 0
check "dry run creates nothing" test ! -e "$T/a"

mkdir -p "$T/full" && touch "$T/full/x"
check_fails "run into a non-empty directory refused" 2 "$CRBENCH" run -o "$T/full" \
	"$TOP/experiments/local.yaml"
check_grep "refusal says why" "not empty" "$T/.out"
