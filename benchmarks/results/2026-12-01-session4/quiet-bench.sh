#!/usr/bin/env bash
# Quiet-machine goal runs of the three open goals (session 4); results to benchmarks/results/2026-12-01-session4/
set -u
cd /work/main
R=benchmarks/results/2026-12-01-session4; mkdir -p $R
J=/tmp/bench-s4.jar
run() { name=$1; shift; echo "== $name $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $R/runs.txt; nice -n -15 java -jar $J "$@" -rf json -rff $R/$name.json > $R/$name.txt 2>&1; sed -n '/^Benchmark/,$p' $R/$name.txt | grep -v '^$' | grep -v ':·\|:gc.alloc.rate \|:gc.count\|:gc.time\|:stack' >> $R/runs.txt; }
run origin OriginCheckBenchmark -f 2 -prof gc
run envelope EnvelopeBenchmark -p impl=hiroi,tink -f 3 -i 8 -prof gc
run hotkey-t4 HotKeyBenchmark -t 4 -f 3
run hotkey-t8 HotKeyBenchmark -t 8 -f 2
run redis-t1 RateLimitBenchmark -p backend=redis -t 1 -f 2
run redis-t4 RateLimitBenchmark -p backend=redis -t 4 -f 2
echo "== done $(date -u +%T)" | tee -a $R/runs.txt
# Run after the script above, one after another, same jar and conditions:
#   EnvelopeBenchmark.decrypt -p size=4096 -p impl=hiroi,hiroiNoWipe,tink -f 3 -i 8 -prof gc   (envelope-4k-wipe)
#   RateLimitBenchmark -p backend=redis -t 1 -f 3                                              (redis-t1-rerun)
#   TokenBenchmark.verify -f 3 -i 8 -prof gc                                                   (token-verify)
