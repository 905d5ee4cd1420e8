#!/bin/sh
# crbench analyze against R: every number of summary.csv must agree with
# R's quantile(type = 7), mean, sd, IQR, sd/mean, ggplot2's whisker rule
# and the qbinom order-statistic CI of the median on the same samples.csv,
# which R itself generates (seeded) with ties, n = 1, n = 2, identical
# values, failed and warm-up rows, an all-failed group, n = 1000, outliers
# and magnitudes from 1e-6 to 1e9.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs R python3

D=$T/run
mkdir -p "$D"

cat >"$T/gen.R" <<'R'
set.seed(20240611)
rows <- list()
add <- function(host_type, runtime, app, variant, metric, values, unit, better,
                status = rep("ok", length(values))) {
  rows[[length(rows) + 1]] <<- data.frame(
    run_id = "r-t0300", host = "h1", host_type = host_type, runtime = runtime,
    application = app, variant = variant, repetition = seq_along(values),
    metric = metric, value = ifelse(status == "ok", values, NA), unit = unit,
    better = better, status = status, stringsAsFactors = FALSE)
}
for (ht in c("bare-metal", "nested-vm"))
  for (rt in c("runc", "crun", "runsc")) {
    # ties: rounded to one decimal
    add(ht, rt, "stress-ng", "default", "deploy_time", round(rnorm(15, 0.3, 0.05), 1), "s", "lower")
    add(ht, rt, "stress-ng", "default", "bogo_ops", rnorm(10, 1850, 20), "bogo-ops/s", "higher")
  }
add("bare-metal", "runc", "redis", "default", "idle_memory", 42.5, "MiB", "lower")        # n = 1
add("bare-metal", "runc", "redis", "default", "requests", c(81234.5, 90001.25), "req/s", "higher")  # n = 2
add("nested-vm", "runc", "redis", "default", "requests", rep(77777.125, 6), "req/s", "higher")     # identical
add("bare-metal", "runsc", "fio", "pinned", "latency", round(rnorm(1000, 100, 10), 3), "us", "lower")  # large n
add("bare-metal", "runsc", "fio", "pinned", "tiny", rexp(25, 1e6), "s", "lower")           # ~1e-6
add("bare-metal", "runsc", "fio", "pinned", "huge", rnorm(25, 3e9, 2e8), "B", "higher")    # ~1e9
add("nested-vm", "runsc", "fio", "pinned", "mixed", 10^runif(30, -6, 9), "x", "lower")     # within a group
add("nested-vm", "crun", "pgbench", "default", "tps", c(512.5, 498, 530.25, 0, 505),
    "tps", "higher", c("ok", "ok", "ok", "timeout", "ok"))                                 # a failed row
add("nested-vm", "runsc", "pgbench", "default", "tps", c(0, 0), "tps", "higher",
    c("crashed", "timeout"))                                                               # all failed
add("bare-metal", "crun", "redis", "default", "latency", c(rlnorm(40, 2, 0.3), 95, 120, 0.5),
    "ms", "lower")                                                                         # outliers
add("bare-metal", "crun", "pgbench", "default", "tps", c(0, 100, 100, 100), "tps", "higher") # q1 > whisker point
add("nested-vm", "crun", "redis", "default", "latency", c(3.5, 4.25, 9, 3.75, 4, 4.5),
    "ms", "lower", c("warmup", "warmup", "ok", "ok", "ok", "ok"))                          # warm-up rows
d <- do.call(rbind, rows)
# interleave groups, so order of first appearance is not file blocks
d <- d[c(seq(1, nrow(d), 2), seq(2, nrow(d), 2)), ]
write.table(d, commandArgs(TRUE)[1], sep = ",", quote = FALSE, row.names = FALSE, na = "")
R
check "R writes samples.csv" Rscript "$T/gen.R" "$D/samples.csv"

check "analyze succeeds" "$CRBENCH" analyze "$D"
"$CRBENCH" analyze "$D" >"$T/table.txt" 2>"$T/stderr.txt"
check_eq "analyze exits 0 quietly" "$?:$(cat "$T/stderr.txt")" "0:"
check_eq "summary.csv header" "$(head -n 1 "$D/analysis/summary.csv")" \
	"host_type,runtime,application,variant,metric,unit,better,n,n_failed,min,q1,median,q3,max,mean,sd,iqr,cov,whisker_low,whisker_high,n_outliers,median_ci_low,median_ci_high,median_ci_coverage,n_warmup"
check_grep "table has a header" '^application +metric +variant +runtime +host_type +n +median +q1 +q3 +unit$' "$T/table.txt"
check_grep "table has the n = 1 group" '^redis +idle_memory +default +runc +bare-metal +1 +42\.5 +42\.5 +42\.5 +MiB$' "$T/table.txt"

cat >"$T/compare.R" <<'R'
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
s <- read.csv(args[2], stringsAsFactors = FALSE)
keys <- c("host_type", "runtime", "application", "variant", "metric")
key <- function(x) do.call(paste, c(x[keys], sep = "|"))
d$key <- key(d)
bad <- character(0)
expect <- function(what, got, want) {
  same <- if (is.na(want)) is.na(got) else
    !is.na(got) && abs(got - want) <= 1e-9 * max(abs(want), abs(got))
  if (!same) bad <<- c(bad, sprintf("%s: got %.17g, R %.17g", what, got, want))
}
order <- unique(d$key)
if (!identical(key(s), order)) bad <- c(bad, "groups not in order of first appearance")
# ggplot2's stat_boxplot whiskers: range of the quartiles and of the data
# within 1.5 IQR of them (not boxplot.stats(), whose hinges are fivenum's)
whiskers <- function(x) {
  q <- quantile(x, c(0, .25, .5, .75, 1), type = 7)
  iqr <- q[4] - q[2]
  out <- x < q[2] - 1.5 * iqr | x > q[4] + 1.5 * iqr
  w <- if (any(out)) range(c(q[2:4], x[!out])) else q[c(1, 5)]
  c(w, sum(out))
}
# order statistics [x(k), x(n+1-k)] with k from qbinom, coverage from pbinom
median_ci <- function(x) {
  n <- length(x); k <- qbinom(0.025, n, 0.5)
  if (k < 1) return(c(NA, NA, NA))
  x <- sort(x)
  c(x[k], x[n + 1 - k], 1 - 2 * pbinom(k - 1, n, 0.5))
}
for (i in seq_len(nrow(s))) {
  g <- d[d$key == key(s[i, ]), ]
  x <- g$value[g$status == "ok"]
  want <- if (length(x)) c(min(x), quantile(x, c(.25, .5, .75), type = 7), max(x), mean(x), sd(x),
                           IQR(x, type = 7), if (length(x) > 1 && mean(x) != 0) sd(x) / mean(x) else NA,
                           whiskers(x), median_ci(x))
          else c(rep(NA, 11), 0, rep(NA, 3))
  names(want) <- c("min", "q1", "median", "q3", "max", "mean", "sd", "iqr", "cov",
                   "whisker_low", "whisker_high", "n_outliers", "median_ci_low",
                   "median_ci_high", "median_ci_coverage")
  expect(paste(key(s[i, ]), "n"), s$n[i], length(x))
  expect(paste(key(s[i, ]), "n_failed"), s$n_failed[i], sum(!g$status %in% c("ok", "warmup")))
  expect(paste(key(s[i, ]), "n_warmup"), s$n_warmup[i], sum(g$status == "warmup"))
  for (k in names(want)) expect(paste(key(s[i, ]), k), s[[k]][i], want[[k]])
  if (s$unit[i] != g$unit[1] || s$better[i] != g$better[1])
    bad <- c(bad, paste(key(s[i, ]), "unit or better"))
}
cat(sprintf("%d groups, %d mismatches\n", nrow(s), length(bad)))
writeLines(head(bad, 20))
R
Rscript "$T/compare.R" "$D/samples.csv" "$D/analysis/summary.csv" >"$T/compare.txt" 2>&1
check_eq "every number agrees with R (rel. tol. 1e-9)" "$(head -n 1 "$T/compare.txt")" \
	"24 groups, 0 mismatches"
[ "$(head -n 1 "$T/compare.txt")" = "24 groups, 0 mismatches" ] || sed 's/^/#   /' "$T/compare.txt"

# R computed these groups; these lines pin the cases the issue names
g() { grep "^$1,$2,$3,$4,$5," "$D/analysis/summary.csv" | cut -d, -f8-16; }
g_new() { grep "^$1,$2,$3,$4,$5," "$D/analysis/summary.csv" | cut -d, -f17-; }
check_eq "n = 1: sd is NA" "$(g bare-metal runc redis default idle_memory)" \
	"1,0,42.5,42.5,42.5,42.5,42.5,42.5,NA"
check_eq "n = 2: R type 7 quartiles" "$(g bare-metal runc redis default requests | cut -d, -f1-6)" \
	"2,0,81234.5,83426.1875,85617.875,87809.5625"
check_eq "identical values: sd 0" "$(g nested-vm runc redis default requests)" \
	"6,0,77777.125,77777.125,77777.125,77777.125,77777.125,77777.125,0"
check_eq "a failed row is counted, not used" "$(g nested-vm crun pgbench default tps | cut -d, -f1-2,5)" \
	"4,1,508.75"
check_eq "all failed: n 0 and NA" "$(g nested-vm runsc pgbench default tps)" \
	"0,2,NA,NA,NA,NA,NA,NA,NA"
check_eq "large group has n 1000" "$(g bare-metal runsc fio pinned latency | cut -d, -f1-2)" "1000,0"
check_eq "n = 1: whiskers the value, no CI" "$(g_new bare-metal runc redis default idle_memory)" \
	"0,NA,42.5,42.5,0,NA,NA,NA,0"
check_eq "identical values: n = 6 reaches 96.875 %" "$(g_new nested-vm runc redis default requests)" \
	"0,0,77777.125,77777.125,0,77777.125,77777.125,0.96875,0"
check_eq "all failed: new columns NA, counts 0" "$(g_new nested-vm runsc pgbench default tps)" \
	"NA,NA,NA,NA,0,NA,NA,NA,0"
check_eq "interpolated q1 above the lowest point inside: the whisker stops at q1" \
	"$(g_new bare-metal crun pgbench default tps | cut -d, -f3-5)" "75,100,1"
check_eq "warm-up rows counted, not used" "$(g nested-vm crun redis default latency | cut -d, -f1-2,5)" \
	"4,0,4.25"
check_eq "warm-up count" "$(g_new nested-vm crun redis default latency | cut -d, -f9)" "2"

cat >"$T/check_json.py" <<'PY'
import csv, json, math, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert j["run_id"] == "r-t0300", j["run_id"]
assert len(j["groups"]) == len(rows), (len(j["groups"]), len(rows))
for g, r in zip(j["groups"], rows):
    texts = ("host_type", "runtime", "application", "variant", "metric", "unit", "better")
    for k, v in r.items():
        if k in ("n", "n_failed", "n_outliers", "n_warmup"):
            assert g[k] == int(v), (k, g[k], v)
        elif v == "NA":
            assert g[k] is None, (k, g[k])
        elif k not in texts:
            assert g[k] == float(v), (k, g[k], v)  # the same double, exactly
        else:
            assert g[k] == v, (k, g[k], v)
    assert len(g["outliers"]) == int(r["n_outliers"]), (g["outliers"], r["n_outliers"])
print("ok")
PY
check "summary.json parses and carries the numbers of summary.csv" \
	python3 "$T/check_json.py" "$D/analysis/summary.json" "$D/analysis/summary.csv"

cp "$D/analysis/summary.csv" "$D/analysis/summary.json" "$T/"
"$CRBENCH" analyze "$D" >"$T/table2.txt" 2>&1
check "second run: summary.csv byte-identical" cmp "$T/summary.csv" "$D/analysis/summary.csv"
check "second run: summary.json byte-identical" cmp "$T/summary.json" "$D/analysis/summary.json"
check "second run: same table" cmp "$T/table.txt" "$T/table2.txt"
check_eq "no temporary files left" "$(cd "$D/analysis" && echo *) " \
	"comparisons.csv summary.csv summary.json summary.tex "
