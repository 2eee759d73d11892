#!/usr/bin/env bash
# Renders a sweep's report.html in headless Chromium and checks what a reader would see:
# the findings table has one row per audit.csv record, its script ran under the page's
# Content-Security-Policy, a hostile title (`<img src=x onerror=alert(1)>`, when
# audit.csv has one) is shown as text and no such <img> element exists; then saves a
# screenshot to SWEEP_DIR/report.png.
#
# Usage: .ci/report-check.sh SWEEP_DIR
# Needs python3; installs Debian's chromium (apt-get, as root) when /usr/bin/chromium is
# missing. The page is loaded from disk; Chromium is told not to reach any network.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 SWEEP_DIR" >&2
  exit 2
fi
dir="$(cd "$1" && pwd)"
report="$dir/report.html"
audit="$dir/audit.csv"
for f in "$report" "$audit"; do
  if [ ! -f "$f" ]; then
    echo "report-check: missing $f" >&2
    exit 1
  fi
done

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chrome() {
  timeout 180 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$(mktemp -d -p "$work")" "$@"
}

echo "== rendering $report"
if ! chrome --dump-dom "file://$report" >"$work/dom.html" 2>"$work/chromium.log"; then
  cat "$work/chromium.log" >&2
  echo "report-check: chromium failed to render the page" >&2
  exit 1
fi

python3 - "$work/dom.html" "$audit" <<'PY'
import csv
import sys
from html.parser import HTMLParser

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def display(cell):
    """audit.csv prefixes formula-like cells with ' for spreadsheets; undo that."""
    if cell.startswith("'") and cell[1:].lstrip(" ").startswith(FORMULA_START):
        return cell[1:]
    return cell


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, in_findings)
        self.in_findings = 0     # depth inside table#findings
        self.in_tbody = False
        self.rows = 0
        self.imgs = []
        self.script_ran = False
        self.findings_text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and a.get("data-report-script") == "ran":
            self.script_ran = True
        if tag == "img":
            self.imgs.append(a)
        if tag == "table" and a.get("id") == "findings":
            self.in_findings += 1
        elif tag == "table" and self.in_findings:
            self.in_findings += 1
        if self.in_findings == 1 and tag == "tbody":
            self.in_tbody = True
        if self.in_findings == 1 and self.in_tbody and tag == "tr":
            self.rows += 1

    def handle_endtag(self, tag):
        if tag == "tbody" and self.in_findings == 1:
            self.in_tbody = False
        if tag == "table" and self.in_findings:
            self.in_findings -= 1

    def handle_data(self, data):
        if self.in_findings:
            self.findings_text.append(data)


dom_path, audit_path = sys.argv[1], sys.argv[2]
with open(dom_path, encoding="utf-8") as f:
    dom_text = f.read()
dom = Dom()
dom.feed(dom_text)

with open(audit_path, newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    records = list(reader)

errors = []
print(f"audit.csv records: {len(records)}; #findings tbody tr: {dom.rows}")
if dom.rows != len(records):
    errors.append(f"the findings table has {dom.rows} rows, audit.csv {len(records)} records")
if not dom.script_ran:
    errors.append("the report's script did not run (CSP hash or script error?)")
if any(i.get("src") == "x" for i in dom.imgs):
    errors.append('an <img src="x"> element exists in the rendered DOM')
if dom.imgs:
    errors.append(f"{len(dom.imgs)} <img> element(s) in the rendered DOM")
if any(HOSTILE in display(r.get("title", "")) for r in records):
    if HOSTILE not in "".join(dom.findings_text):
        errors.append("the hostile title is not shown as text in the findings table")
    else:
        print("hostile title shown as text: ok")
else:
    print("no hostile title in audit.csv: escaping check skipped")
for e in errors:
    print("report-check: " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

echo "== screenshot $dir/report.png"
rm -f "$dir/report.png"
if ! chrome --screenshot="$dir/report.png" --window-size=1280,2000 --hide-scrollbars \
  "file://$report" >"$work/shot.log" 2>&1 || [ ! -s "$dir/report.png" ]; then
  cat "$work/shot.log" >&2
  echo "report-check: no screenshot" >&2
  exit 1
fi
echo "report-check: OK"
