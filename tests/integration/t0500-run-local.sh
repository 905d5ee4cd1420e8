#!/bin/sh
# End to end on this machine: experiments/local.yaml with 2 repetitions under
# real runc, crun and runsc containers -> samples.csv -> analyze -> report PDF.
. "$(dirname "$0")/../lib.sh"

run=$T/run
"$CRBENCH" run "$TOP/experiments/local.yaml" --reps 2 -o "$run" >"$T/run.log" 2>&1
status=$?
check_eq "run exits 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/run.log" | tail -n 30

for f in experiment.yaml plan.tsv journal.jsonl run.json hosts/local.json samples.csv; do
	check "run directory has $f" test -s "$run/$f"
done
check_eq "plan.tsv: header + 3 cells x 2 reps" "$(wc -l <"$run/plan.tsv")" 7
check_eq "journal: started + finished per repetition" \
	"$(grep -c '"event":"finished"' "$run/journal.jsonl")" 6
check_grep "host facts: runc version" '"runc": "runc version' "$run/hosts/local.json"
check_grep "host facts: runsc version" '"runsc": "runsc version' "$run/hosts/local.json"
check_grep "host facts: crun version" '"crun": "crun version' "$run/hosts/local.json"
check_grep "host facts: kernel" '"kernel": "' "$run/hosts/local.json"

rep=$run/raw/local.runsc.stress-cpu.default/2
for f in run/command run/stdout run/stderr run/exit_status run/timings.json \
	output/stress-ng.yaml output/deploy-t0 output/deploy-ready samples.csv; do
	check "raw keeps $f" test -e "$rep/$f"
done
check_grep "raw command names the runtime" "'runsc'.*'run' '--bundle'" "$rep/run/command"
check_eq "raw exit status" "$(cat "$rep/run/exit_status")" 0

# samples.csv: the contract's header, 3 runtimes x 2 reps x 2 metrics, all ok.
check_eq "samples.csv header" "$(head -n 1 "$run/samples.csv")" \
	"run_id,host,host_type,runtime,application,variant,repetition,metric,value,unit,better,status"
check_eq "samples.csv rows" "$(tail -n +2 "$run/samples.csv" | wc -l)" 12
check_eq "every row ok" "$(tail -n +2 "$run/samples.csv" | grep -vc ',ok$')" 0
cat >"$T/check.R" <<'REOF'
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
stopifnot(nrow(d) == 12, all(d$status == "ok"), all(!is.na(d$value)))
stopifnot(setequal(unique(d$runtime), c("runc", "crun", "runsc")))
dep <- d[d$metric == "deploy_time", ]
stopifnot(nrow(dep) == 6, all(dep$unit == "ms"), all(dep$better == "lower"))
stopifnot(all(dep$value > 0.1), all(dep$value < 30000))
perf <- d[d$metric == "cpu_bogo_ops_per_s", ]
stopifnot(nrow(perf) == 6, all(perf$better == "higher"), all(perf$value > 50))
REOF
check "R reads samples.csv: 12 rows, plausible values" Rscript "$T/check.R" "$run/samples.csv"

# every recorded number is traceable to a raw output
bogo=$(awk -F, '$4=="runsc" && $7==2 && $8=="cpu_bogo_ops_per_s" {print $9}' "$run/samples.csv")
check_grep "bogo ops/s comes from raw stress-ng.yaml" \
	"bogo-ops-per-second-real-time: 0*$(echo "$bogo" | sed 's/\./\\./')" "$rep/output/stress-ng.yaml"

# nothing left behind (only this run's containers: other runs may be going on)
runid=$(basename "$run")
prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
check "run.json names the container prefix" test -n "$prefix"
check "scratch directory was used and removed" test ! -e "$(scratch_dir "$run")"
check_grep "raw command ran in that scratch directory" "$(scratch_dir "$run")/bundles/" "$rep/run/command"
check_eq "no container cgroup left" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
check_eq "no process of the run left" "$(pgrep -fc "$(scratch_dir "$run")" || true)" 0

check "analyze" "$CRBENCH" analyze "$run"
check_eq "summary: 3 runtimes x 2 metrics" "$(tail -n +2 "$run/analysis/summary.csv" | wc -l)" 6
check "report" "$CRBENCH" report "$run"
pdf=$run/report/report.pdf
check "report.pdf written" test -s "$pdf"
pdffonts "$pdf" >"$T/fonts" 2>&1
check "pdffonts lists at least one font" test "$(tail -n +3 "$T/fonts" | wc -l)" -gt 0
check_eq "every font embedded" "$(tail -n +3 "$T/fonts" | awk '$(NF-4) != "yes"' | wc -l)" 0
check_eq "no Type 3 font" "$(grep -c 'Type 3' "$T/fonts")" 0
check "pdftoppm renders page 1" pdftoppm -f 1 -l 1 -r 40 -png "$pdf" "$T/page"
check "page 1 image is not empty" test -s "$(ls "$T"/page*.png | head -n 1)"
