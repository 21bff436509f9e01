#!/usr/bin/env bash
# run.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The whole benchmark, from a clean clone: engine figures in-process with
# the KDF left out, GUI figures under Xvfb, and whole-process figures beside
# keepassxc-cli (bench/compare.sh), at 1,000, 10,000 and 100,000 entries.
# Writes bench/results/{engine,gui,compare}.md and chart.png and prints the
# tables. RUNS (default 5) and SIZES may be set; SKIP_COMPARE=1 leaves the
# KeePassXC comparison out.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
sizes=${SIZES:-1000 10000 100000}

bash scripts/setup.sh
bash scripts/build.sh >/dev/null

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), \
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), \
$(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r); $(date -u +%Y-%m-%d)"

out=bench/results/engine.md
rows=$(dbus-run-session -- bash scripts/session.sh bash -c "
  for n in $sizes; do _build/bench/vault-bench \$n $runs \$HOME; done" \
  2> >(grep -v "fd limit" >&2))
{
  echo "# Engine benchmark"
  echo
  echo "In-process, KDF excluded (one PBKDF2 iteration), median of $runs runs in one"
  echo "process (runs after the first reuse its heap). Machine: $machine."
  echo
  echo "| entries | open (ms) | one search keystroke (ms) | save after one change (ms) | peak RSS (MB) |"
  echo "|---:|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' '{ printf "| %d | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }'
  echo
  echo "Targets at 100,000 entries: open < 300 ms, search < 16 ms, save < 300 ms, RSS < 150 MB."
} > "$out"
cat "$out"

out=bench/results/gui.md
rows=$(xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash scripts/session.sh \
  env GSETTINGS_SCHEMA_DIR="$PWD/_build/data" GSETTINGS_BACKEND=memory bash -c "
  for n in $sizes; do _build/bench/vault-gui-bench \$n $runs \$HOME $PWD/_build/src/app/vault; done" \
  2> >(grep -v "fd limit" >&2))
{
  echo "# GUI benchmark"
  echo
  echo "Under Xvfb, KDF excluded, median of $runs runs; a keystroke is each of"
  echo "b, ba, ban, bank, bank 7, bank, mail typed into the search (7 per run), timed"
  echo "to the next painted frame. Machine: $machine."
  echo
  echo "| entries | start to unlock window (ms) | unlock to first list frame (ms) | keystroke to filtered frame, median (ms) | slowest keystroke (ms) |"
  echo "|---:|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' '{ printf "| %d | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }'
} > "$out"
cat "$out"

if [ -z "${SKIP_COMPARE:-}" ]; then
  RUNS=$runs SIZES=$sizes bash bench/compare.sh
  # The table's "less empty" columns as operation, tool, entries, ms.
  awk -F'|' '$2 ~ /^ *[0-9]+ *$/ && $6 ~ /[0-9]/ {
      gsub(/ /, ""); print $3 "\tVault\t" $2 "\t" $6
      if ($7 ~ /[0-9]/) print $3 "\tKeePassXC\t" $2 "\t" $7 }' \
    bench/results/compare.md > bench/results/compare.tsv
  _build/bench/vault-chart bench/results/compare.tsv bench/results/chart.png
  echo "Chart: bench/results/chart.png"
fi
