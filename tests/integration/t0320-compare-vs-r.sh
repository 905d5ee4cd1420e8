#!/bin/sh
# crbench analyze's comparisons against R: every row of comparisons.csv
# (runtime against the baseline, nested-vm against bare-metal) must agree
# with R's wilcox.test(candidate, baseline) -- W exactly, the p-value to
# 1e-9, exact without ties and n < 50, normal otherwise -- with the
# Hodges-Lehmann shift (R's estimate in the exact case; the median of the
# pairwise differences always), p.adjust(method = "holm") over the whole
# family, and the ratio of medians. R generates the data: ties, n = 1,
# n = 2, identical values, n = 60 and n = 400, an all-failed group.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs R python3

D=$T/run
mkdir -p "$D"

cat >"$T/gen.R" <<'R'
set.seed(7)
rows <- list()
add <- function(host_type, runtime, app, metric, values, unit, better,
                status = rep("ok", length(values))) {
  rows[[length(rows) + 1]] <<- data.frame(
    run_id = "r-t0320", host = "h1", host_type = host_type, runtime = runtime,
    application = app, variant = "default", repetition = seq_along(values),
    metric = metric, value = ifelse(status == "ok", values, NA), unit = unit,
    better = better, status = status, stringsAsFactors = FALSE)
}
slow <- c(runc = 1, crun = 1.02, runsc = 1.4)
for (ht in c("bare-metal", "nested-vm")) for (rt in names(slow)) {
  f <- slow[[rt]] * if (ht == "nested-vm") 1.1 else 1
  add(ht, rt, "stress", "deploy_time", rlnorm(10, log(0.3 * f), 0.1), "s", "lower")     # exact
  add(ht, rt, "stress", "bogo_ops", rnorm(12, 1850 / f, 40), "bogo-ops/s", "higher")    # exact, higher
  add(ht, rt, "redis", "requests", round(rnorm(15, 80 / f, 3)), "kreq/s", "higher")     # ties: normal
  add(ht, rt, "fio", "latency", rlnorm(60, log(100 * f), 0.2), "us", "lower")           # n = 60: normal
}
add("bare-metal", "runc", "fio", "iops", rlnorm(400, 10, 0.1), "IO/s", "higher")        # n = 400
add("bare-metal", "runsc", "fio", "iops", rlnorm(390, 9.8, 0.1), "IO/s", "higher")
add("bare-metal", "runc", "pg", "tps", 500.5, "tps", "higher")                          # n = 1
add("bare-metal", "runsc", "pg", "tps", c(400.25, 420), "tps", "higher")                # n = 2
add("bare-metal", "crun", "pg", "tps", c(0, 0), "tps", "higher", c("crashed", "timeout")) # all failed
add("nested-vm", "runc", "pg", "idle", rep(12, 5), "MiB", "lower")                      # identical:
add("nested-vm", "runsc", "pg", "idle", rep(12, 4), "MiB", "lower")                     # p is NA
d <- do.call(rbind, rows)
write.table(d, commandArgs(TRUE)[1], sep = ",", quote = FALSE, row.names = FALSE, na = "")
R
check "R writes samples.csv" Rscript "$T/gen.R" "$D/samples.csv"
check "analyze succeeds" "$CRBENCH" analyze --bootstrap 200 "$D"

cat >"$T/compare.R" <<'R'
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
cmp <- read.csv(args[2], stringsAsFactors = FALSE)
d <- d[d$status == "ok", ]
bad <- character(0)
near <- function(got, want, tol) if (is.na(want)) is.na(got) else
  !is.na(got) && abs(got - want) <= tol * max(abs(want), 1e-300)
expect <- function(what, got, want, tol = 1e-9)
  if (!near(got, want, tol)) bad <<- c(bad, sprintf("%s: got %.17g, R %.17g", what, got, want))
values <- function(ht, rt, app, metric)
  d$value[d$host_type == ht & d$runtime == rt & d$application == app & d$metric == metric]
# the family R expects: every runtime against runc, nested-vm against bare-metal
keys <- unique(d[, c("host_type", "runtime", "application", "metric")])
want <- character(0)
for (i in seq_len(nrow(keys))) {
  k <- keys[i, ]
  if (k$runtime != "runc" && any(keys$host_type == k$host_type & keys$runtime == "runc" &
      keys$application == k$application & keys$metric == k$metric))
    want <- c(want, paste("runtime", k$host_type, k$runtime, k$application, k$metric))
  if (k$host_type == "nested-vm" && any(keys$host_type == "bare-metal" & keys$runtime == k$runtime &
      keys$application == k$application & keys$metric == k$metric))
    want <- c(want, paste("host_type", k$host_type, k$runtime, k$application, k$metric))
}
got <- paste(cmp$kind, cmp$host_type, cmp$runtime, cmp$application, cmp$metric)
got_ok <- got[cmp$n_baseline > 0 & cmp$n_candidate > 0]
if (!setequal(got_ok, want)) bad <- c(bad, paste("family differs:", paste(setdiff(union(got_ok, want), intersect(got_ok, want)), collapse = "; ")))
p_r <- rep(NA, nrow(cmp))
hl_gap <- 0
for (i in seq_len(nrow(cmp))) {
  r <- cmp[i, ]
  base_ht <- if (r$kind == "runtime") r$host_type else r$baseline
  base_rt <- if (r$kind == "runtime") r$baseline else r$runtime
  x <- values(r$host_type, r$runtime, r$application, r$metric)
  y <- values(base_ht, base_rt, r$application, r$metric)
  what <- paste(got[i])
  expect(paste(what, "n"), r$n_candidate + r$n_baseline * 1000, length(x) + length(y) * 1000)
  if (!length(x) || !length(y)) { p_r[i] <- NA; next }
  expect(paste(what, "ratio"), r$ratio, median(x) / median(y), 1e-12)
  expect(paste(what, "slowdown"), r$slowdown,
         if (r$better == "lower") median(x) / median(y) else median(y) / median(x), 1e-12)
  wt <- suppressWarnings(wilcox.test(x, y))
  exact <- length(x) < 50 && length(y) < 50 && !any(duplicated(c(x, y)))
  if (r$p_method != if (exact) "exact" else "normal") bad <- c(bad, paste(what, "p_method", r$p_method))
  if (r$w != wt$statistic) bad <- c(bad, sprintf("%s W: got %.17g, R %.17g", what, r$w, wt$statistic))
  expect(paste(what, "p"), r$p_value, wt$p.value)
  p_r[i] <- wt$p.value
  hl <- median(outer(x, y, "-"))
  expect(paste(what, "hl = median of differences"), r$hl_shift, hl, 1e-12)
  est <- tryCatch(suppressWarnings(wilcox.test(x, y, conf.int = TRUE)$estimate), error = function(e) NA)
  if (exact) expect(paste(what, "hl = R's estimate"), r$hl_shift, est)
  else if (!is.na(est)) hl_gap <- max(hl_gap, abs(r$hl_shift - est) / max(abs(est), 1e-300))
}
expect("holm", 0, 0)
holm <- p.adjust(p_r, method = "holm")
for (i in seq_len(nrow(cmp))) expect(paste(got[i], "p_holm"), cmp$p_holm[i], holm[i])
cat(sprintf("%d comparisons, %d mismatches\n", nrow(cmp), length(bad)))
writeLines(head(bad, 20))
cat(sprintf("largest relative gap to R's uniroot estimate (ties or n >= 50): %.3g\n", hl_gap))
R
Rscript "$T/compare.R" "$D/samples.csv" "$D/analysis/comparisons.csv" >"$T/compare.txt" 2>&1
check_eq "comparisons agree with R: W, p, method, HL, Holm, ratios" \
	"$(head -n 1 "$T/compare.txt")" "32 comparisons, 0 mismatches"
sed 's/^/# /' "$T/compare.txt"

c() { grep "^$1,$2,$3,$4,default,$5," "$D/analysis/comparisons.csv"; }
check_eq "comparisons.csv header" "$(head -n 1 "$D/analysis/comparisons.csv")" \
	"kind,host_type,runtime,application,variant,metric,unit,better,baseline,candidate,n_baseline,n_candidate,median_baseline,median_candidate,ratio,slowdown,ratio_ci_low,ratio_ci_high,bootstrap_b,w,p_value,p_method,p_holm,hl_shift"
check_eq "all-failed candidate: a row with NA statistics" \
	"$(c runtime bare-metal crun pg tps | cut -d, -f11-)" "1,0,500.5,NA,NA,NA,NA,NA,0,NA,NA,NA,NA,NA"
check_eq "identical values: p is NA, out of the Holm family" \
	"$(c runtime nested-vm runsc pg idle | cut -d, -f15,20-24)" "1,10,NA,normal,NA,0"
check_grep "the slower runtime's CI lies above 1" '^runtime,bare-metal,runsc,fio,default,latency,.*,200,' "$D/analysis/comparisons.csv"
low=$(c runtime bare-metal runsc fio latency | cut -d, -f17)
check "runsc/runc latency CI above 1 (true ratio 1.4)" awk "BEGIN { exit !($low > 1.2) }"

# determinism: same input and seed, same bytes; another seed, other intervals
mkdir -p "$T/first"
cp "$D"/analysis/* "$T/first/"
"$CRBENCH" analyze --bootstrap 200 "$D" >"$T/table2.txt" 2>&1
for f in summary.csv comparisons.csv summary.json summary.tex; do
	check "same seed: $f byte-identical" cmp "$T/first/$f" "$D/analysis/$f"
done
"$CRBENCH" analyze --bootstrap 200 --seed 99 "$D" >/dev/null 2>&1
check "another seed: other intervals" sh -c "! cmp -s '$T/first/comparisons.csv' '$D/analysis/comparisons.csv'"
check "another seed: same groups" cmp "$T/first/summary.csv" "$D/analysis/summary.csv"
printf 'name: t\nseed: 99\nbaseline: runc\n' >"$D/experiment.yaml"
"$CRBENCH" analyze --bootstrap 200 "$D" >/dev/null 2>&1
mv "$D/analysis/comparisons.csv" "$T/seed99.csv"
"$CRBENCH" analyze --bootstrap 200 --seed 99 "$D" >/dev/null 2>&1
check "experiment.yaml's seed is the default seed" cmp "$T/seed99.csv" "$D/analysis/comparisons.csv"

"$CRBENCH" analyze --bootstrap 0 "$D" >/dev/null 2>&1
check_eq "--bootstrap 0: no interval, B 0" \
	"$(c runtime bare-metal runsc fio latency | cut -d, -f17-19)" "NA,NA,0"

# the baseline: --baseline, then experiment.yaml, then the first runtime
printf 'name: t\nbaseline: runsc\n' >"$D/experiment.yaml"
"$CRBENCH" analyze --bootstrap 0 "$D" >/dev/null 2>&1
check_eq "experiment.yaml's baseline" "$(grep -c '^runtime,.*,runsc,runc,' "$D/analysis/comparisons.csv")" 11
"$CRBENCH" analyze --bootstrap 0 --baseline crun "$D" >/dev/null 2>&1
check_eq "--baseline wins" "$(grep -c '^runtime,.*,crun,runsc,' "$D/analysis/comparisons.csv")" 9
printf 'name: t\nbaseline: kata\n' >"$D/experiment.yaml"
"$CRBENCH" analyze --bootstrap 0 "$D" >/dev/null 2>"$T/err"
check_grep "experiment baseline without samples: a warning" "warning: baseline 'kata'.*'runc'" "$T/err"
check_eq "... and the first runtime is the baseline" \
	"$(grep -c '^runtime,.*,runc,runsc,' "$D/analysis/comparisons.csv")" 11
check_fails "--baseline without samples: exit 2" 2 "$CRBENCH" analyze --baseline kata "$D"
printf 'name: [t\n' >"$D/experiment.yaml"
check_fails "malformed experiment.yaml: exit 2" 2 "$CRBENCH" analyze "$D"
rm "$D/experiment.yaml"

"$CRBENCH" analyze --bootstrap 200 "$D" >"$T/table.txt" 2>&1
check_grep "table: comparison header" '^application +metric +fixed +comparison +ratio +95% CI +slowdown +p_holm$' "$T/table.txt"
check_grep "table: a comparison with its interval" '^fio +latency +bare-metal +runsc / runc +1\.[0-9]{4} +\[1\.[0-9]{4}, 1\.[0-9]{4}\] +1\.[0-9]{4} +[0-9.e-]+$' "$T/table.txt"

cat >"$T/check_json.py" <<'PY'
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert j["baseline"] == "runc", j["baseline"]
assert len(j["comparisons"]) == len(rows)
for c, r in zip(j["comparisons"], rows):
    for k, v in r.items():
        if v == "NA":
            assert c[k] is None, (k, c[k])
        elif isinstance(c[k], str):
            assert c[k] == v, (k, c[k], v)
        else:
            assert c[k] == float(v), (k, c[k], v)
print("ok")
PY
check "summary.json carries the comparisons of comparisons.csv" \
	python3 "$T/check_json.py" "$D/analysis/summary.json" "$D/analysis/comparisons.csv"
