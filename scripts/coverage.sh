#!/bin/sh
# SPDX-License-Identifier: MIT
# coverage.sh DIR FLOOR FILE... - print the line coverage of each product
# FILE from the gcov data under DIR (gcovr), and fail when one is below
# FLOOR percent. Run by `make coverage` once the tests have run.
set -eu
dir=$1 floor=$2
shift 2
filter=
for f in "$@"; do
	filter="$filter --filter $f"
done
# shellcheck disable=SC2086 # one word an option
gcovr --root . $filter --txt "$dir/coverage.txt" --json-summary "$dir/coverage.json" "$dir"
cat "$dir/coverage.txt"
python3 - "$dir/coverage.json" "$floor" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
floor = float(sys.argv[2])
low = [(f["filename"], f["line_percent"]) for f in data["files"] if f["line_percent"] < floor]
for name, pct in low:
    print(f"coverage: {name}: {pct:.1f} % of lines, under the floor of {floor:g} %", file=sys.stderr)
sys.exit(1 if low else 0)
PY
echo "coverage: every product file at or above $floor % of its lines"
