#!/usr/bin/env bash
# Times `./roocode run` on the shipped example and on a generated N-line file (default 10,000),
# as the foundation issue asks, and prints wall time and jobs/s for each. Each run starts the whole
# embedded stack (broker, registry, simulator, processor, connectors) in one JVM, so the figures
# include start-up; the summary's own "jobs/s" covers submission to the last Result only.
#
#   bench/run-timing.sh [N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$here/roocode" --version >/dev/null   # build first, so build time is not measured
"$here/examples/make-batch.sh" "$n" "$work/generated-$n.jsonl" >/dev/null

run() {
  local file="$1" start end
  start=$(date +%s.%N)
  "$here/roocode" run "$file" --out "$work/out.jsonl" --data-dir "$work/data" --no-progress > "$work/log" 2>&1
  end=$(date +%s.%N)
  local lines; lines=$(grep -c . "$file")
  local summary; summary=$(grep -E '^Batch ' "$work/log")
  awk -v f="$(basename "$file")" -v l="$lines" -v s="$start" -v e="$end" -v sum="$summary" \
    'BEGIN { t = e - s; printf "%-28s %7d lines  %6.1f s wall  %8.1f jobs/s wall  | %s\n", f, l, t, l / t, sum }'
}

echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
run "$here/examples/summarize.jsonl"
run "$work/generated-$n.jsonl"
