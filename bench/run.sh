#!/usr/bin/env bash
# run.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The engine benchmark: in-process figures with the KDF left out, at 1,000,
# 10,000 and 100,000 entries, medians of RUNS runs (default 5), written as a
# Markdown table to bench/results/engine.md and printed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}

bash scripts/setup.sh
bash scripts/build.sh >/dev/null

out=bench/results/engine.md
rows=$(dbus-run-session -- bash scripts/session.sh bash -c "
  for n in 1000 10000 100000; do _build/bench/vault-bench \$n $runs \$HOME; done" \
  2> >(grep -v "fd limit" >&2))

{
  echo "# Engine benchmark"
  echo
  echo "In-process, KDF excluded (one PBKDF2 iteration), median of $runs runs."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)."
  echo
  echo "| entries | open (ms) | one search keystroke (ms) | save after one change (ms) | peak RSS (MB) |"
  echo "|---:|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' '{ printf "| %d | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }'
  echo
  echo "Targets at 100,000 entries: open < 300 ms, search < 16 ms, save < 300 ms, RSS < 150 MB."
} > "$out"
cat "$out"
