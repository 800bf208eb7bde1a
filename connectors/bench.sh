#!/usr/bin/env bash
# Worker benchmarks (slow | quota | recovery | all): figures of one run each, printed to stdout.
# Usage: connectors/bench.sh [mode]   (from anywhere; compiles with -am, never installs)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl connectors -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath -o
# the reactor's own modules from their target/classes (not whatever ~/.m2 holds), copied so a rebuild
# during the run cannot pull classes from under it
B=$(mktemp -d /tmp/roocode-bench.XXXXXX)
for m in connectors/target/test-classes connectors/target/classes schemas/target/classes sandbox/target/classes; do
  mkdir -p "$B/$m" && cp -r "$m/." "$B/$m/"
done
CP="$B/connectors/target/test-classes:$B/connectors/target/classes:$B/schemas/target/classes:$B/sandbox/target/classes"
CP="$CP:$(tr ':' '\n' < connectors/target/bench.classpath | grep -v '/dev/roocode/' | paste -sd:)"
exec java -Xmx2g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 \
  -cp "$CP" dev.roocode.connectors.bench.WorkerBench "${1:-all}"
