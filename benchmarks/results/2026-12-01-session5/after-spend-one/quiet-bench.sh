#!/bin/bash
# After spend_one.lua (commit of 18:31): hot key 4 and 8 threads, Redis 10k keys 1 and 4 threads, interleaved.
JAR=${JAR:-benchmarks/target/benchmarks.jar}; OUT=${OUT:-benchmarks/results/2026-12-01-session5/after-spend-one}; mkdir -p $OUT
run() { name=$1; shift; echo "$(date -u +%H:%M:%S) $name load=$(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/runs.txt; nice -n -15 java "$@" > $OUT/$name.txt 2>&1; }
run hotkey-t4-interleaved -cp $JAR io.hiroi.benchmarks.Interleaved HotKeyBenchmark impl hiroi,bucket4j bucket4j 4 -- -t 4 -bm thrpt -wi 8 -i 5
run hotkey-t8-interleaved -cp $JAR io.hiroi.benchmarks.Interleaved HotKeyBenchmark impl hiroi,bucket4j bucket4j 3 -- -t 8 -bm thrpt -wi 8 -i 5
run redis-t1-interleaved -cp $JAR io.hiroi.benchmarks.Interleaved RateLimitBenchmark impl hiroi,bucket4j bucket4j 3 -- -p backend=redis -t 1
run redis-t4-interleaved -cp $JAR io.hiroi.benchmarks.Interleaved RateLimitBenchmark impl hiroi,bucket4j bucket4j 3 -- -p backend=redis -t 4
echo "$(date -u +%H:%M:%S) done" >> $OUT/runs.txt
