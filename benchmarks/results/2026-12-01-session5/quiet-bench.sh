#!/bin/bash
# Session 5 runs on a quiet machine (nothing else running), from the repository root, after
#   mvn -B -o -pl benchmarks -am package -DskipTests
# with the jar copied to $JAR. Each output goes to $OUT/<name>.txt; runs.txt has the load at each start.
JAR=${JAR:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-benchmarks/results/2026-12-01-session5}
run() {
  name=$1; shift
  echo "$(date -u +%H:%M:%S) $name load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/runs.txt"
  nice -n -15 java "$@" > "$OUT/$name.txt" 2>&1
}
# Issues 2 and 4: verify within 2x of the raw HMAC, in paired slices.
run token-slices -jar "$JAR" TokenSlicesBenchmark -f 3
# Issue 2: envelope against Tink (and the raw JDK), in paired slices.
run envelope-slices -jar "$JAR" EnvelopeSlicesBenchmark -f 3
# Issues 2 and 4: verify at least 3x nimbus, interleaved forks.
run token-nimbus-interleaved -cp "$JAR" io.hiroi.benchmarks.Interleaved TokenBenchmark.verify impl hiroi,hiroiWidget,nimbus nimbus 4 -- -wi 4 -i 4
# Issue 3: one hot key, 4 and 8 threads, interleaved forks, longer warm-up than the benchmark's default.
run hotkey-t4-interleaved -cp "$JAR" io.hiroi.benchmarks.Interleaved HotKeyBenchmark impl hiroi,bucket4j bucket4j 4 -- -t 4 -bm thrpt -wi 8 -i 5
run hotkey-t8-interleaved -cp "$JAR" io.hiroi.benchmarks.Interleaved HotKeyBenchmark impl hiroi,bucket4j bucket4j 3 -- -t 8 -bm thrpt -wi 8 -i 5
echo "$(date -u +%H:%M:%S) done" >> "$OUT/runs.txt"
