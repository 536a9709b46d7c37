#!/usr/bin/env bash
# Quiet-machine goal runs of the three open goals; results to benchmarks/results/2026-12-01-session3/
set -u
cd /work/main
R=benchmarks/results/2026-12-01-session3; mkdir -p $R
J=/tmp/bench-s3.jar
run() { name=$1; shift; echo "== $name $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $R/runs.txt; nice -n -15 java -jar $J "$@" -rf json -rff $R/$name.json > $R/$name.txt 2>&1; sed -n '/^Benchmark/,$p' $R/$name.txt | grep -v '^$' | grep -v ':·\|:gc.alloc.rate \|:gc.count\|:gc.time\|:stack' >> $R/runs.txt; }
run origin OriginCheckBenchmark -f 2 -prof gc
run envelope EnvelopeBenchmark -p impl=hiroi,tink -f 2 -i 8 -prof gc
run hotkey-t4 HotKeyBenchmark -t 4 -f 2
run hotkey-t8 HotKeyBenchmark -t 8 -f 2
echo "== done $(date -u +%T)" | tee -a $R/runs.txt
