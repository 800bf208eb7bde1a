#!/usr/bin/env bash
# Start-up and shutdown of `./roocode run` (issue #21). One unmeasured run first (it formats the data folder
# and, on a fresh build, lets ./roocode make its class data sharing archive), then RUNS (default 5) runs of the
# shipped example on the same data folder, as a user's ~/.roocode/data is reused: median, min and max of
# command -> summary and summary -> exit, and the median of every phase the run logs (start steps, first and
# last Result, each part's stop). Then one run of a generated LINES-line file (default 100,000; 0 skips it)
# for its batch phase's jobs/s (the summary's figure: submission to last Result).
#
#   bench/run-startup.sh [RUNS] [LINES]
#
# ROOCODE=/path/to/roocode times another build's launcher (e.g. a copy of an older build) the same way.
# The machine's load average is printed before and after: on a shared machine say it with the figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
lines="${2:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
data="$work/data"
roocode="${ROOCODE:-$here/roocode}"

"$roocode" --version >/dev/null # build first, so build time is not measured

now() { date +%s.%N; }

# one run: prints "<command->summary s> <summary->exit s>" and appends the run's log lines to $work/phases
run() {
  local file="$1" start summary="" end offset=0
  [ -f "$data/roocode.log" ] && offset=$(stat -c %s "$data/roocode.log")
  start=$(now)
  while IFS= read -r line; do
    case "$line" in "Batch "*) summary=$(now); echo "$line" >"$work/summary" ;; esac
  done < <("$roocode" run "$file" --out "$work/out.jsonl" --data-dir "$data" --no-progress 2>&1)
  end=$(now)
  [ -n "$summary" ] || { echo "run-startup: no summary from roocode run" >&2; exit 1; }
  tail -c +"$((offset + 1))" "$data/roocode.log" >>"$work/phases"
  awk -v s="$start" -v m="$summary" -v e="$end" 'BEGIN { printf "%.2f %.2f\n", m - s, e - m }'
}

stats() { # median min max of the numbers on stdin, in printf format $1 (default %6.2f)
  sort -g | awk -v f="${1:-%6.2f}" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "median " f "  min " f "  max " f, m, v[1], v[NR] }'
}

echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "$here/examples/summarize.jsonl" >/dev/null # warm-up: formats the data folder, warms the page cache
: >"$work/phases"
: >"$work/times"
for i in $(seq 1 "$runs"); do
  run "$here/examples/summarize.jsonl" | tee -a "$work/times" | awk -v i="$i" '{ printf "run %d: command -> summary %5.2f s, summary -> exit %5.2f s\n", i, $1, $2 }'
done
echo "examples/summarize.jsonl, $runs runs:"
echo "  command -> summary (s): $(cut -d' ' -f1 "$work/times" | stats)"
echo "  summary -> exit    (s): $(cut -d' ' -f2 "$work/times" | stats)"
echo "phases (ms, over the runs; from roocode.log):"
sed -nE "s/.*(start step '[^']*'|stop '[^']*') took ([0-9]+) ms.*/\1\t\2/p; \
  s/.*EmbeddedStack - (stopped) in ([0-9]+) ms.*/\1\t\2/p; \
  s/.*RunCommand - (ready) in ([0-9]+) ms.*/\1 (since the command started)\t\2/p; \
  s/.*RunCommand - (first Result|last Result) ([0-9]+) ms.*/\1 (since submission began)\t\2/p" "$work/phases" >"$work/phase-values"
cut -f1 "$work/phase-values" | awk '!seen[$0]++' | while IFS= read -r phase; do
  printf "  %-58s %s\n" "$phase" "$(awk -F'\t' -v p="$phase" '$1 == p { print $2 }' "$work/phase-values" | stats %6d)"
done
if [ "$lines" -gt 0 ]; then
  "$here/examples/make-batch.sh" "$lines" "$work/generated.jsonl" >/dev/null
  times=$(run "$work/generated.jsonl")
  echo "generated $lines lines: $(cat "$work/summary"); wall: command -> summary $(cut -d' ' -f1 <<<"$times") s, summary -> exit $(cut -d' ' -f2 <<<"$times") s"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
