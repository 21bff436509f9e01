#!/usr/bin/env bash
# run-fuzzer.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer harness for FUZZ_SECONDS (default 60; 0 runs the seed
# corpus once) as a one-check TAP test, keeps any input that crashed, leaked
# or hung, and says how to reproduce it.
set -uo pipefail

name=$1       # fuzz-payload
binary=$2     # the harness
seeds=$3      # tests/fuzz/corpus/payload, in the source tree
max_len=$4    # bytes
workdir=$5    # where its growing corpus and any crash inputs stay

seconds=${FUZZ_SECONDS:-60}
corpus="$workdir/corpus/$name"
artifacts="$workdir/crashes/$name"
log="$workdir/$name.log"
mkdir -p "$corpus" "$artifacts"

echo "1..1"

args=(-timeout=5 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1
      -artifact_prefix="$artifacts/" -close_fd_mask=1)
if [ "$seconds" -gt 0 ]; then
  # New inputs go to the first folder, which outlives the run; the seeds in
  # the source tree are only read.
  args+=(-max_total_time="$seconds" "$corpus" "$seeds")
else
  args+=(-runs=0 "$seeds")
fi

# Secure buffers are whole pages: with ASan's default 256 MB quarantine every
# input faults in fresh ones and runs several times slower. A small one still
# catches a use after free within the same input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

start="$workdir/$name.start"
touch "$start"

# libFuzzer stops itself; this only guards against a harness that hangs in a
# way its own -timeout cannot see.
timeout --kill-after=30 $((seconds + 300)) "$binary" "${args[@]}" >"$log" 2>&1
status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)

if [ "$status" -eq 0 ]; then
  echo "ok 1 $name: ${runs:-?} inputs in ${seconds} s (${speed:-?}/s), corpus $(ls "$corpus" | wc -l) files"
  exit 0
fi

echo "not ok 1 $name: exit $status after ${runs:-?} inputs"
# The report: the sanitizer's or libFuzzer's own words, which name no secret
# (the harnesses hold only fixed test keys).
grep -v '^#\|^INFO:\|^stat::' "$log" | tail -60 | sed 's/^/# /'
for input in $(find "$artifacts" -type f -newer "$start" | head -3); do
  echo "# kept: $input"
  echo "# reproduce: $binary $input"
done
echo "# full log: $log"
exit 1
