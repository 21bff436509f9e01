#!/usr/bin/env bash
# merge.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Merging two versions of a vault (docs/SYNC.md), in-process with the KDF
# left out: bench/vault-merge-bench at 10,000 and 100,000 entries, the two
# versions differing in 0.36 % of them (997 at 100,000). Writes
# bench/results/merge.md and prints it. Run by bench/run.sh, or alone after
# a build: RUNS (default 5) and MERGE_SIZES may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
sizes=${MERGE_SIZES:-10000 100000}

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), \
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), \
$(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r), load average \
$(cut -d' ' -f1 /proc/loadavg) at the start; $(date -u +%Y-%m-%d)"

out=bench/results/merge.md
rows=$(dbus-run-session -- bash scripts/session.sh bash -c "
  for n in $sizes; do _build/bench/vault-merge-bench \$n $runs \$HOME; done" \
  2> >(grep -v "fd limit" >&2))
{
  echo "# Merge benchmark"
  echo
  echo "In-process, KDF excluded (one PBKDF2 iteration), median of $runs runs, each on a"
  echo "freshly opened vault. Two versions of one vault made from a common one: on"
  echo "each side edits, adds and deletes, some edits of the same entries on both"
  echo "sides, some edits of entries the other side deleted (bench/vault-merge-bench.c)."
  echo "'read copy' is vault_store_read_copy (read, decrypt and parse the other"
  echo "version, as opening does); 'merge' is vault_store_merge_copy alone (the rules,"
  echo "the live entries changed in place). Machine: $machine."
  echo
  echo "| entries | read copy (ms) | merge (ms) | open, for comparison (ms) | added | updated | deleted |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' '{ printf "| %d | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }'
  echo
  echo "Target at 100,000 entries: merge < 500 ms beyond opening both."
} > "$out"
cat "$out"
