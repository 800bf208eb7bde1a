#!/usr/bin/env bash
# Writes an N-line OpenAI batch input file mixing chat and embedding requests, for load tests
# and demos of `roocode run`. Plain bash and printf: no python, jq or network needed.
#
#   examples/make-batch.sh N [OUT]     (OUT defaults to examples/generated-N.jsonl; - is stdout)
#
# Every 4th line is an embedding (/v1/embeddings, text-embedding-3-small), the others are chat
# summaries (/v1/chat/completions, gpt-4o-mini). custom_ids are chat-<i> / embed-<i>, unique.
set -euo pipefail

usage() { echo "usage: $0 N [OUT]   (N > 0 lines; OUT defaults to examples/generated-N.jsonl, - for stdout)" >&2; exit 2; }

[[ $# -ge 1 && $# -le 2 ]] || usage
n=$1
[[ $n =~ ^[1-9][0-9]*$ ]] || usage
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${2:-$here/generated-$n.jsonl}

topics=("Kafka consumer groups" "Avro schema evolution" "circuit breakers" "exponential backoff"
        "compacted topics" "idempotent producers" "exactly-once processing" "rate limiting")

generate() {
  local i topic
  for ((i = 1; i <= n; i++)); do
    topic=${topics[$(( i % ${#topics[@]} ))]}
    if (( i % 4 == 0 )); then
      printf '{"custom_id": "embed-%d", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "Notes %d about %s."}}\n' \
        "$i" "$i" "$topic"
    else
      printf '{"custom_id": "chat-%d", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "You summarize text in one sentence."}, {"role": "user", "content": "Summarize in one sentence why teams use %s (request %d)."}], "max_tokens": %d, "temperature": 0.%d}}\n' \
        "$i" "$topic" "$i" $(( 40 + i % 60 )) $(( i % 10 ))
    fi
  done
}

if [[ $out == - ]]; then
  generate
else
  generate > "$out"
  echo "wrote $n lines to $out" >&2
fi
