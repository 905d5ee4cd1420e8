#!/bin/sh
# crbench report: the PDF from a hand-written analysis/summary.csv (two
# applications, two metrics, three runtimes with a long name, a group with
# n=1 and one with n=0 and NA values), checked with poppler.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs poppler python3

DATA=$TOP/tests/data/report
RUN=$T/demo-20260101T000000Z
mkdir -p "$RUN/analysis"
cp "$DATA/summary.csv" "$RUN/analysis/summary.csv"

check "report exits 0" "$CRBENCH" report "$RUN"
check "report.pdf written" test -s "$RUN/report/report.pdf"

pdffonts "$RUN/report/report.pdf" >"$T/fonts" 2>&1
# rows after the two header lines: name type [encoding] emb sub uni id gen
fonts=$(tail -n +3 "$T/fonts" | wc -l)
check "pdffonts lists fonts" test "$fonts" -gt 0
not_embedded=$(tail -n +3 "$T/fonts" | awk '{ if ($(NF-4) != "yes") print }' | wc -l)
check_eq "every font embedded" "$not_embedded" 0
check_eq "no Type 3 font" "$(grep -c 'Type 3' "$T/fonts")" 0

pages=$(pdfinfo "$RUN/report/report.pdf" | awk '/^Pages:/ { print $2 }')
check "pdfinfo reads a page count" test "${pages:-0}" -ge 1
mkdir "$T/png"
check "pdftoppm renders every page" pdftoppm -r 50 -png "$RUN/report/report.pdf" "$T/png/page"
check_eq "one PNG per page" "$(find "$T/png" -mindepth 1 -maxdepth 1 | wc -l)" "$pages"

for f in deploy_time performance; do
	check "figure $f.pdf renders" pdftoppm -r 20 -png "$RUN/report/figures/$f.pdf" "$T/png/$f"
	check "figure $f.svg is XML" python3 -c "import xml.etree.ElementTree as E; E.parse('$RUN/report/figures/$f.svg')"
	check "figure $f.png is a PNG" sh -c "file '$RUN/report/figures/$f.png' | grep -q 'PNG image'"
done
check_eq "one figure per metric kind, three formats each" "$(find "$RUN/report/figures" -mindepth 1 -maxdepth 1 | wc -l)" 6
check_eq "report: title, summary, 2 figures, comparisons" "$pages" 5

check "-o writes elsewhere" "$CRBENCH" report -o "$T/out/other.pdf" "$RUN"
check "-o file is a PDF" pdfinfo "$T/out/other.pdf"
check "two host types side by side" sh -c \
	"mkdir -p '$T/hosts/analysis' && cp '$DATA/summary-host-types.csv' '$T/hosts/analysis/summary.csv' && '$CRBENCH' report '$T/hosts' && pdfinfo '$T/hosts/report/report.pdf'"
check_eq "no temp file left behind" "$(find "$RUN/report" -name '*.tmp.*' | wc -l)" 0

# Bad input: the line is named, the exit status is 2, nothing is half-written.
BAD=$T/bad
mkdir -p "$BAD/analysis"
sed '3s/,10,0,812000,/,ten,0,812000,/' "$DATA/summary.csv" >"$BAD/analysis/summary.csv"
check_fails "malformed summary exits 2" 2 "$CRBENCH" report "$BAD"
"$CRBENCH" report "$BAD" 2>"$T/err"
check_grep "error names summary.csv:3:" 'summary\.csv:3: n:' "$T/err"
check "no report from bad input" test ! -e "$BAD/report/report.pdf"

sed '4s/,3.62,3.75,/,3.62,3.5,/' "$DATA/summary.csv" >"$BAD/analysis/summary.csv"
"$CRBENCH" report "$BAD" 2>"$T/err"
check_grep "quartiles out of order are refused" 'summary\.csv:4: median' "$T/err"
printf 'host_type,runtime\nx,y\n' >"$BAD/analysis/summary.csv"
"$CRBENCH" report "$BAD" 2>"$T/err"
check_grep "wrong header refused" 'summary\.csv:1: unexpected header' "$T/err"
printf '%s\n' "$(head -n 2 "$DATA/summary.csv")" '"unterminated,x' >"$BAD/analysis/summary.csv"
"$CRBENCH" report "$BAD" 2>"$T/err"
check_grep "CSV syntax error names its line" 'summary\.csv:3: unterminated' "$T/err"

EMPTY=$T/not-analyzed
mkdir -p "$EMPTY"
check_fails "missing analysis exits 2" 2 "$CRBENCH" report "$EMPTY"
"$CRBENCH" report "$EMPTY" 2>"$T/err"
check_grep "missing analysis suggests crbench analyze" "crbench analyze" "$T/err"
check_fails "no directory is a usage error" 2 "$CRBENCH" report
