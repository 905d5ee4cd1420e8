#!/bin/sh
# crbench analyze against R: every number of summary.csv must agree with
# R's quantile(type = 7), mean and sd on the same samples.csv, which R
# itself generates (seeded) with ties, n = 1, n = 2, identical values,
# failed rows, an all-failed group, n = 1000 and magnitudes from 1e-6 to 1e9.
. "$(dirname "$0")/../lib.sh"

command -v Rscript >/dev/null || { not_ok "Rscript is needed as the oracle"; exit 1; }
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
	"host_type,runtime,application,variant,metric,unit,better,n,n_failed,min,q1,median,q3,max,mean,sd"
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
for (i in seq_len(nrow(s))) {
  g <- d[d$key == key(s[i, ]), ]
  x <- g$value[g$status == "ok"]
  want <- if (length(x)) c(min(x), quantile(x, c(.25, .5, .75), type = 7), max(x), mean(x), sd(x))
          else rep(NA, 7)
  names(want) <- c("min", "q1", "median", "q3", "max", "mean", "sd")
  expect(paste(key(s[i, ]), "n"), s$n[i], length(x))
  expect(paste(key(s[i, ]), "n_failed"), s$n_failed[i], sum(g$status != "ok"))
  for (k in names(want)) expect(paste(key(s[i, ]), k), s[[k]][i], want[[k]])
  if (s$unit[i] != g$unit[1] || s$better[i] != g$better[1])
    bad <- c(bad, paste(key(s[i, ]), "unit or better"))
}
cat(sprintf("%d groups, %d mismatches\n", nrow(s), length(bad)))
writeLines(head(bad, 20))
R
Rscript "$T/compare.R" "$D/samples.csv" "$D/analysis/summary.csv" >"$T/compare.txt" 2>&1
check_eq "every number agrees with R (rel. tol. 1e-9)" "$(head -n 1 "$T/compare.txt")" \
	"21 groups, 0 mismatches"
[ "$(head -n 1 "$T/compare.txt")" = "21 groups, 0 mismatches" ] || sed 's/^/#   /' "$T/compare.txt"

# R computed these groups; these lines pin the cases the issue names
g() { grep "^$1,$2,$3,$4,$5," "$D/analysis/summary.csv" | cut -d, -f8-; }
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

cat >"$T/check_json.py" <<'PY'
import csv, json, math, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert j["run_id"] == "r-t0300", j["run_id"]
assert len(j["groups"]) == len(rows), (len(j["groups"]), len(rows))
for g, r in zip(j["groups"], rows):
    for k, v in r.items():
        if k in ("n", "n_failed"):
            assert g[k] == int(v), (k, g[k], v)
        elif v == "NA":
            assert g[k] is None, (k, g[k])
        elif k in ("min", "q1", "median", "q3", "max", "mean", "sd"):
            assert g[k] == float(v), (k, g[k], v)  # the same double, exactly
        else:
            assert g[k] == v, (k, g[k], v)
print("ok")
PY
check "summary.json parses and carries the numbers of summary.csv" \
	python3 "$T/check_json.py" "$D/analysis/summary.json" "$D/analysis/summary.csv"

cp "$D/analysis/summary.csv" "$D/analysis/summary.json" "$T/"
"$CRBENCH" analyze "$D" >"$T/table2.txt" 2>&1
check "second run: summary.csv byte-identical" cmp "$T/summary.csv" "$D/analysis/summary.csv"
check "second run: summary.json byte-identical" cmp "$T/summary.json" "$D/analysis/summary.json"
check "second run: same table" cmp "$T/table.txt" "$T/table2.txt"
check_eq "no temporary files left" "$(ls "$D/analysis" | tr '\n' ' ')" "summary.csv summary.json "
