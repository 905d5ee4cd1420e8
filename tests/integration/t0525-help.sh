#!/bin/sh
# crbench help: the workloads, drivers and transports the experiment loader
# knows, with every parameter it accepts; docs/workloads.md's reference
# section is exactly `crbench help workloads --markdown`.
. "$(dirname "$0")/../lib.sh"

check "crbench --help" "$CRBENCH" --help
check_grep "--help lists help" "^   help " "$T/.out"
check "crbench help alone lists the commands" "$CRBENCH" help
check_grep "... run among them" "^   run " "$T/.out"

# What the loader knows, from its own messages: "(known: a, b, c)".
known() { sed -n 's/.*(known: \(.*\))$/\1/p' "$1" | head -n 1 | tr -d ,; }
experiment() {
	printf 'name: x\nhosts: [{name: h, transport: %s}]\n' "$1"
	printf 'runtimes: [{name: r, driver: %s, handler: runc}]\n' "$2"
	printf 'applications: [{name: a, workload: %s, params: {no_such_param: 1}}]\n' "$3"
}
experiment nope nope nope >"$T/x.yaml"
"$CRBENCH" plan "$T/x.yaml" >"$T/plan.out" 2>&1
workloads=$(grep 'unknown workload' "$T/plan.out" >"$T/w" && known "$T/w")
drivers=$(grep 'unknown driver' "$T/plan.out" >"$T/d" && known "$T/d")
transports=$(grep 'unknown transport' "$T/plan.out" >"$T/t" && known "$T/t")
check "the loader names its workloads, drivers and transports" \
	test -n "$workloads" -a -n "$drivers" -a -n "$transports"

"$CRBENCH" help workloads >"$T/workloads" 2>&1
check_eq "help workloads: exit 0" $? 0
"$CRBENCH" help drivers >"$T/drivers" 2>&1
"$CRBENCH" help transports >"$T/transports" 2>&1
for d in $drivers; do check_grep "help drivers: $d" "^   $d +[^ ]" "$T/drivers"; done
for t in $transports; do check_grep "help transports: $t" "^   $t +[^ ]" "$T/transports"; done

sed -n '/^<!-- BEGIN crbench help workloads --markdown -->$/,/^<!-- END/p' \
	"$TOP/docs/workloads.md" | sed '1d;$d' >"$T/doc"
for w in $workloads; do
	check_grep "help workloads: $w with its summary" "^   $w +[^ ]" "$T/workloads"
	"$CRBENCH" help workload "$w" >"$T/one" 2>&1
	check_eq "help workload $w: exit 0" $? 0
	experiment local oci "$w" >"$T/x.yaml"
	"$CRBENCH" plan "$T/x.yaml" >"$T/plan.out" 2>&1
	grep 'unknown parameter' "$T/plan.out" >"$T/p"
	params=$(known "$T/p")
	check "the loader names $w's parameters" test -n "$params"
	for p in $params; do
		check_grep "help workload $w: parameter $p, type and help" \
			"^   $p +[a-z]+, (default |required)" "$T/one"
		check_grep "docs/workloads.md: $w's $p" "^\| \`$p\` \|" "$T/doc"
	done
	check_grep "help workload $w: metrics with unit and better" \
		"^   [a-z{][a-z0-9_{}]* +[^ ].*, [{a-z}]+ is better: [^ ]" "$T/one"
	check_grep "docs/workloads.md: a section for $w" "^### \`$w\` \((batch|server)\)$" "$T/doc"
done

"$CRBENCH" help workloads --markdown >"$T/markdown" 2>&1
if cmp -s "$T/markdown" "$T/doc"; then
	ok "docs/workloads.md is crbench help workloads --markdown"
else
	not_ok "docs/workloads.md differs from the workload table; 'make workload-docs' rewrites it"
	diff "$T/doc" "$T/markdown" | sed 's/^/#   /' | head -n 20
fi

check_fails "help workload of an unknown name: exit 2" 2 "$CRBENCH" help workload nope
check_grep "... naming the known ones" 'no workload "nope"; known: .*fio' "$T/.out"
check_fails "help on an unknown topic: exit 2" 2 "$CRBENCH" help nope
check_fails "help without a topic's name: exit 2" 2 "$CRBENCH" help workload
