#!/bin/sh
# analysis/summary.tex compiles with pdflatex in a plain article with
# booktabs, even when metrics and units hold LaTeX's special characters,
# and the PDF shows the escaped names and numbers.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs pdflatex

D=$T/run
mkdir -p "$D"
H="run_id,host,host_type,runtime,application,variant,repetition,metric,value,unit,better,status"
{
	echo "$H"
	for rep in 1 2 3 4 5 6 7 8; do
		for rt in runc run_sc; do
			for ht in bare-metal nested-vm; do
				v=$((100 + rep * 3))
				[ "$rt" = runc ] || v=$((v + 40))
				[ "$ht" = bare-metal ] || v=$((v + 7))
				echo "r_1&2,h1,$ht,$rt,my_app,pin_cpu,$rep,p99_latency%,$v,\"\$\\mu\$s & {#^~}\",lower,ok"
				echo "r_1&2,h1,$ht,$rt,my_app,pin_cpu,$rep,tiny,0.00000$rep,s<>|,higher,ok"
			done
		done
	done
} >"$D/samples.csv"
check "analyze succeeds on special characters" "$CRBENCH" analyze --bootstrap 100 "$D"
check_grep "tex: booktabs rules" '^\\toprule$' "$D/analysis/summary.tex"
# shellcheck disable=SC2016 # a regular expression: $ is literal
check_grep "tex: escaped metric and unit" '^p99\\_latency\\% \(\\\$\\textbackslash\{\}mu\\\$s \\& \\\{\\#\\textasciicircum\{\}\\textasciitilde\{\}\\\}\) & my\\_app' "$D/analysis/summary.tex"
check_grep "tex: median with its CI" '& 8 & \$[0-9.]+\$ \[\$[0-9.]+\$, \$[0-9.]+\$\] \\\\$' "$D/analysis/summary.tex"
check_grep "tex: small numbers with a power of ten" '\\times10\^\{-6\}' "$D/analysis/summary.tex"

cat >"$T/doc.tex" <<'TEX'
\documentclass{article}
\usepackage{booktabs}
\begin{document}
\input{summary.tex}
\end{document}
TEX
cp "$D/analysis/summary.tex" "$T/"
(cd "$T" && pdflatex -interaction=nonstopmode -halt-on-error doc.tex) >"$T/latex.log" 2>&1
status=$?
if [ "$status" -eq 0 ] && [ -s "$T/doc.pdf" ]; then ok "summary.tex compiles in a plain article"; else
	not_ok "summary.tex compiles in a plain article (pdflatex exit $status)"
	grep -A3 '^!' "$T/latex.log" | sed 's/^/#   /' | head -20
fi
check_fails "no LaTeX warnings about undefined things" 1 grep -Eq 'Undefined|Missing character' "$T/doc.log"
if command -v pdftotext >/dev/null; then
	pdftotext "$T/doc.pdf" "$T/doc.txt"
	# OT1 draws _ as a rule and ^ ~ as accents: pdftotext reads them back otherwise
	# shellcheck disable=SC2016 # a regular expression: $ is literal
	check_grep "PDF shows the escaped names" 'p99.latency% \(\$\\mu\$s & \{#.*\}\)' "$T/doc.txt"
	check_grep "PDF shows a comparison" 'run.sc / runc' "$T/doc.txt"
fi
