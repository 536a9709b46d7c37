#!/usr/bin/env bash
# Quiet-machine goal runs; results to benchmarks/results/2026-12-01-final/
set -u
cd /work/main
R=benchmarks/results/2026-12-01-final; mkdir -p $R benchmarks/target/audit-tmp
J=/tmp/bench-final.jar
run() { name=$1; shift; echo "== $name $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $R/runs.txt; nice -n -15 java -jar $J "$@" -rf json -rff $R/$name.json > $R/$name.txt 2>&1; sed -n '/^Benchmark/,$p' $R/$name.txt | grep -v '^$' | grep -v ':·\|:gc.alloc.rate \|:gc.count\|:gc.time\|:stack' >> $R/runs.txt; }
run ratelimit-memory-t1 RateLimitBenchmark -p backend=memory -t 1 -f 2 -prof gc
run ratelimit-memory-t4 RateLimitBenchmark -p backend=memory -t 4 -f 2 -prof gc
run ratelimit-redis-t1 RateLimitBenchmark -p backend=redis -t 1 -f 2
run ratelimit-redis-t4 RateLimitBenchmark -p backend=redis -t 4 -f 2
run hotkey-t4 HotKeyBenchmark -t 4 -f 2
run hotkey-t8 HotKeyBenchmark -t 8 -f 2
run origin OriginCheckBenchmark -f 2 -prof gc
run envelope EnvelopeBenchmark -p impl=hiroi,tink,jdk -f 2 -i 8 -prof gc
run audit-t1 AuditBenchmark -t 1 -f 1 -jvmArgsAppend -Djava.io.tmpdir=$PWD/benchmarks/target/audit-tmp
run audit-t8 AuditBenchmark -t 8 -f 1 -jvmArgsAppend -Djava.io.tmpdir=$PWD/benchmarks/target/audit-tmp
run passkey PasskeyBenchmark -f 2 -prof gc
if java -jar $J -l | grep -q TotpBenchmark; then run totp TotpBenchmark -f 1 -prof gc; fi
echo "== done $(date -u +%T)" | tee -a $R/runs.txt
