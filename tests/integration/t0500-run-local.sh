#!/bin/sh
# End to end on this machine: experiments/local.yaml (runc, crun, runsc x
# stress-ng, fio, iperf3, redis, pgbench; deploy time, performance, idle
# memory) with --quick, in real containers -> samples.csv -> analyze ->
# report PDF; every number traceable to a raw output, nothing left behind.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns runc crun runsc stress-ng fio iperf3 redis postgres R poppler

run=$T/run
"$CRBENCH" run --quick "$TOP/experiments/local.yaml" -o "$run" >"$T/run.log" 2>&1
status=$?
check_eq "run exits 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/run.log" | tail -n 30

for f in experiment.yaml plan.tsv journal.jsonl run.json hosts/local.json samples.csv; do
	check "run directory has $f" test -s "$run/$f"
done
# 3 runtimes x 5 applications x 2 repetitions
check_eq "plan.tsv: header + 15 cells x 2 reps" "$(wc -l <"$run/plan.tsv")" 31
check_eq "journal: finished per repetition" \
	"$(grep -c '"event":"finished"' "$run/journal.jsonl")" 30
check_grep "the experiment says it was a quick run" "--quick" "$run/experiment.yaml"
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

# samples.csv: the contract's header; every row ok; every cell has the
# three measures in both repetitions
check_eq "samples.csv header" "$(head -n 1 "$run/samples.csv")" \
	"run_id,host,host_type,runtime,application,variant,repetition,metric,value,unit,better,status"
check_eq "every row ok" "$(tail -n +2 "$run/samples.csv" | grep -vc ',ok$')" 0
for rt in runc crun runsc; do
	for app in stress-cpu fio-randread iperf3 redis pgbench; do
		n=$(awk -F, -v r="$rt" -v a="$app" '$4 == r && $5 == a && \
			($8 == "deploy_time" || $8 == "idle_memory")' "$run/samples.csv" | wc -l)
		p=$(awk -F, -v r="$rt" -v a="$app" '$4 == r && $5 == a && \
			$8 != "deploy_time" && $8 != "idle_memory"' "$run/samples.csv" | wc -l)
		check "$rt x $app: deploy time and idle memory twice, performance too" \
			test "$n" -eq 4 -a "$p" -ge 2
	done
done
cat >"$T/check.R" <<'REOF'
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
stopifnot(all(d$status == "ok"), all(!is.na(d$value)))
stopifnot(setequal(unique(d$runtime), c("runc", "crun", "runsc")))
stopifnot(length(unique(d$application)) == 5)
dep <- d[d$metric == "deploy_time", ]
stopifnot(nrow(dep) == 30, all(dep$unit == "ms"), all(dep$better == "lower"))
stopifnot(all(dep$value > 0.1), all(dep$value < 60000))
idle <- d[d$metric == "idle_memory", ]
stopifnot(nrow(idle) == 30, all(idle$unit == "MiB"), all(idle$value > 0))
# gVisor's sandbox and gofer cost memory runc does not
stopifnot(median(idle$value[idle$runtime == "runsc"]) > median(idle$value[idle$runtime == "runc"]))
perf <- d[d$metric == "cpu_bogo_ops_per_s", ]
stopifnot(nrow(perf) == 6, all(perf$better == "higher"), all(perf$value > 50))
stopifnot(all(d$value[d$metric %in% c("requests_per_s", "tps", "read_iops", "received_bits_per_s")] > 0))
stopifnot(sum(d$metric == "received_bits_per_s" & d$runtime == "runsc") == 2)
REOF
check "R reads samples.csv: the three measures, plausible values" \
	Rscript "$T/check.R" "$run/samples.csv"

# every recorded number is traceable to a raw output
bogo=$(awk -F, '$4=="runsc" && $7==2 && $8=="cpu_bogo_ops_per_s" {print $9}' "$run/samples.csv")
check_grep "bogo ops/s comes from raw stress-ng.yaml" \
	"bogo-ops-per-second-real-time: 0*$(echo "$bogo" | sed 's/\./\\./')" "$rep/output/stress-ng.yaml"
rps=$(awk -F, '$4=="crun" && $5=="redis" && $7==1 && $8=="requests_per_s" {print $9}' "$run/samples.csv")
check_grep "redis requests/s comes from raw redis-benchmark output" \
	"^\"GET\",\"0*$(echo "$rps" | sed 's/\./\\./')" "$run/raw/local.crun.redis.default/1/client/stdout"
tps=$(awk -F, '$4=="runsc" && $5=="pgbench" && $7==2 && $8=="tps" {print $9}' "$run/samples.csv")
check_grep "pgbench tps comes from raw pgbench output" \
	"^tps = 0*$(echo "$tps" | sed 's/\./\\./')" "$run/raw/local.runsc.pgbench.default/2/client/stdout"

# nothing left behind (only this run's containers: other runs may be going on)
prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
check "run.json names the container prefix" test -n "$prefix"
check "scratch directory was used and removed" test ! -e "$(scratch_dir "$run")"
check_grep "raw command ran in that scratch directory" "$(scratch_dir "$run")/bundles/" "$rep/run/command"
check_eq "no container cgroup left" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
check_eq "no process of the run left" "$(pgrep -fc "$(scratch_dir "$run")" || true)" 0

check "analyze" "$CRBENCH" analyze "$run"
check_eq "summary: one row per runtime x application x metric" \
	"$(tail -n +2 "$run/analysis/summary.csv" | wc -l)" \
	"$(tail -n +2 "$run/samples.csv" | cut -d, -f4,5,8 | sort -u | wc -l)"
check "report" "$CRBENCH" report "$run"
pdf=$run/report/report.pdf
check "report.pdf written" test -s "$pdf"
pdffonts "$pdf" >"$T/fonts" 2>&1
check "pdffonts lists at least one font" test "$(tail -n +3 "$T/fonts" | wc -l)" -gt 0
check_eq "every font embedded" "$(tail -n +3 "$T/fonts" | awk '$(NF-4) != "yes"' | wc -l)" 0
check_eq "no Type 3 font" "$(grep -c 'Type 3' "$T/fonts")" 0
check "pdftoppm renders page 1" pdftoppm -f 1 -l 1 -r 40 -png "$pdf" "$T/page"
check "page 1 image is not empty" test -s "$(find "$T" -maxdepth 1 -name 'page*.png' | sort | head -n 1)"
