#!/bin/sh
# crbench report: figure geometry read back from the SVG output (box edges,
# Tukey whiskers, median, outliers and ticks at the y of known values, on a
# linear, a log and a normalised axis), raw points, failed repetitions,
# every format and option, and the fonts of every PDF.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs poppler python3

RUN=$T/geometry
cp -r "$TOP/tests/data/report/geometry" "$RUN"
mkdir "$RUN/hosts"
printf '{"host":"local","kernel":"6.1.0","runtimes":{"runc":"runc 1.1.5"},"collected_at":"a"}\n' \
	>"$RUN/hosts/local.json"
printf '{"host":"local","kernel":"6.1.9","runtimes":{"runc":"runc 1.1.5"},"collected_at":"b"}\n' \
	>"$RUN/hosts/local.end.json"
check "report with experiment figures exits 0" "$CRBENCH" report "$RUN"
FIG=$RUN/report/figures
check_eq "three figures x three formats" "$(find "$FIG" -mindepth 1 -maxdepth 1 | wc -l)" 9

# geometry.py FILE MODE: MODE lin, log or norm; prints one TAP line per check.
cat >"$T/geometry.py" <<'PY'
import math, re, sys, xml.etree.ElementTree as E
path, mode = sys.argv[1], sys.argv[2]
NS = "{http://www.w3.org/2000/svg}"
paths = []
def walk(e, defs):
    for c in e:
        d = defs or c.tag == NS + "defs"
        if c.tag == NS + "path" and not d:
            st = dict(kv.split(":", 1) for kv in c.get("style", "").split(";") if ":" in kv)
            nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", c.get("d", ""))]
            paths.append((st, c.get("d", ""), nums))
        walk(c, d)
walk(E.parse(path).getroot(), False)
def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + mode + ": " + what)
ORANGE, BLUE = "rgb(90.196078%,62.352941%,0%)", "rgb(33.72549%,70.588235%,91.372549%)"
# tick marks: 3 pt dark strokes left of the frame, one per tick
ticks = sorted({p[2][1] for p in paths if p[0].get("stroke") == "rgb(25%,25%,25%)"
                and len(p[2]) == 4 and abs(p[2][2] - p[2][0] - 3) < 0.01}, reverse=True)
want = {"lin": [0, 20, 40, 60, 80, 100], "log": [5, 10, 20, 50, 100],
        "norm": [0, 1, 2, 3, 4]}[mode]
ok(len(ticks) == len(want), "%d ticks (got %d)" % (len(want), len(ticks)))
f = (lambda v: math.log10(v)) if mode == "log" else (lambda v: v)
a, b = ticks[0], (ticks[-1] - ticks[0]) / (f(want[-1]) - f(want[0]))
y = lambda v: a + b * (f(v) - f(want[0]))
ok(all(abs(t - y(v)) < 0.02 for t, v in zip(ticks, want)), "ticks evenly placed")
scale = {"lin": 1, "log": 1, "norm": 30.0}[mode]
boxes = {ORANGE: (10, 20, 30, 40, 50, [100]), BLUE: (5, 15, 25, 35, 45, [])}
for colour, (wl, q1, med, q3, wh, outl) in boxes.items():
    name = "runc" if colour == ORANGE else "runsc"
    wl, q1, med, q3, wh = (v / scale for v in (wl, q1, med, q3, wh))
    box = [p for p in paths if p[0].get("fill") == colour and p[0].get("stroke-width") == "0.6"]
    ok(len(box) == 1, name + ": one box")
    ys = box[0][2][1::2]
    ok(abs(min(ys) - y(q3)) < 0.02 and abs(max(ys) - y(q1)) < 0.02, name + ": box from Q1 to Q3")
    x0, x1 = min(box[0][2][0::2]), max(box[0][2][0::2])
    med_lines = [p for p in paths if p[0].get("stroke-width") == "1.2" and x0 - 0.1 <= p[2][0] <= x1]
    ok(len(med_lines) == 1 and abs(med_lines[0][2][1] - y(med)) < 0.02, name + ": median line")
    wh_paths = [p for p in paths if p[0].get("stroke") == "rgb(20%,20%,20%)"
                and p[0].get("fill") == "none" and x0 < p[2][0] < x1]
    ends = wh_paths[0][2][1:8:2] if wh_paths else []
    ok(len(ends) == 4 and abs(ends[0] - y(wl)) < 0.02 and abs(ends[1] - y(q1)) < 0.02
       and abs(ends[2] - y(q3)) < 0.02 and abs(ends[3] - y(wh)) < 0.02,
       name + ": whiskers from the box to Tukey's ends")
    circles = [p for p in paths if p[0].get("stroke") == "rgb(10%,10%,10%)" and x0 < p[2][0] < x1 + 3]
    cy = [p[2][1] for p in circles]
    ok(len(cy) == len(outl) and all(abs(c - y(o / scale)) < 0.02 for c, o in zip(cy, outl)),
       name + ": %d outlier(s) at their values" % len(outl))
dashed = [p for p in paths if "stroke-dasharray" in p[0]]
if mode == "norm":
    ok(len(dashed) == 1 and abs(dashed[0][2][1] - y(1)) < 0.02, "dashed line at 1")
    dots = [p for p in paths if p[0].get("fill") == "rgb(0%,0%,0%)" and "C" in p[1]]
    ok(sum(p[1].count("M") for p in dots) == 15,
       "15 raw points (the ok rows), none for the failed one")
else:
    ok(not dashed, "no dashed line without normalisation")
PY
for m in lin log norm; do
	python3 "$T/geometry.py" "$FIG/$m.svg" $m
done

w=$(python3 -c "import xml.etree.ElementTree as E; print(E.parse('$FIG/lin.svg').getroot().get('width'))")
check_eq "lin: auto size, one panel: IEEE single column" "$w" "252pt"
w=$(python3 -c "import xml.etree.ElementTree as E; print(E.parse('$FIG/log.svg').getroot().get('width'))")
check_eq "log: size double: 7.16 in" "$w" "515.52pt"
h=$(python3 -c "import xml.etree.ElementTree as E; r=E.parse('$FIG/norm.svg').getroot(); print(r.get('width'), r.get('height'))")
check_eq "norm: size 4x3 in" "$h" "288pt 216pt"
check_eq "PNG at 300 dpi: 4 in = 1200 px" "$(file "$FIG/norm.png" | grep -o '1200 x 900')" "1200 x 900"

for f in "$RUN/report/report.pdf" "$FIG"/*.pdf; do
	pdffonts "$f" >"$T/fonts" 2>&1
	bad=$(tail -n +3 "$T/fonts" | awk '$(NF-4) != "yes" || /Type 3/' | wc -l)
	check_eq "$(basename "$f"): every font embedded, none Type 3" "$bad" 0
done
pages=$(pdfinfo "$RUN/report/report.pdf" | awk '/^Pages:/ { print $2 }')
check_eq "report: title, summary, 3 figures, comparisons" "$pages" 6
mkdir "$T/png"
check "pdftoppm renders every page" pdftoppm -r 40 -png "$RUN/report/report.pdf" "$T/png/p"
check_eq "one PNG per page" "$(find "$T/png" -mindepth 1 -maxdepth 1 | wc -l)" "$pages"
pdftotext "$RUN/report/report.pdf" "$T/text"
check_grep "failed repetition listed with its status" ' timeout$' "$T/text"
check_grep "title page names the experiment" '^geometry$' "$T/text"
check_grep "figure caption" 'Figure 3: norm' "$T/text"
check_grep "title page: host facts and versions" 'runc 1.1.5' "$T/text"
check_grep "title page: drift of the kernel between start and end" '^"6.1.9"$' "$T/text"
check_eq "no drift reported for collected_at or unchanged facts" "$(grep -c '^"b"$' "$T/text")" 0

# Options: one format, a width, a dpi, greyscale.
rm -rf "$RUN/report"
check "--format png --width single --dpi 100 --greyscale" \
	"$CRBENCH" report --format png --width single --dpi 100 --greyscale "$RUN"
check_eq "only PNG figures" "$(find "$FIG" -mindepth 1 -maxdepth 1 ! -name '*.png' | wc -l)" 0
check_eq "single column at 100 dpi: 350 px wide" "$(file "$FIG/log.png" | grep -o '350 x')" "350 x"
"$CRBENCH" report --format svg --greyscale "$RUN"
check "greyscale figure has no colour" python3 -c "
import re, sys
cols = re.findall(r'rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)', open('$FIG/lin.svg').read())
sys.exit(not cols or any(len(set(c)) != 1 for c in cols))
"
check_fails "bad --format" 2 "$CRBENCH" report --format gif "$RUN"
check_fails "bad --width" 2 "$CRBENCH" report --width triple "$RUN"
check_fails "bad --dpi" 2 "$CRBENCH" report --dpi 0 "$RUN"
