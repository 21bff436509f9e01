#!/usr/bin/env bash
# run.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The whole benchmark, from a clean clone: engine figures in-process with
# the KDF left out, GUI figures under Xvfb, and whole-process figures beside
# keepassxc-cli (bench/compare.sh), at 1,000, 10,000 and 100,000 entries,
# and merging two versions of a vault (bench/merge.sh).
# Writes bench/results/{engine,merge,gui,compare}.md and chart.png and prints the
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

RUNS=$runs bash bench/merge.sh

out=bench/results/gui.md
# Xvfb has no GPU: GTK's default GL renderer runs on llvmpipe there, which
# costs most of every frame; the cairo renderer shows what the app costs.
rows=$(xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash scripts/session.sh \
  env GSETTINGS_SCHEMA_DIR="$PWD/_build/data" GSETTINGS_BACKEND=memory bash -c "
  for n in $sizes; do
    for r in gl cairo; do
      printf '%s\t' \$r
      GSK_RENDERER=\$r _build/bench/vault-gui-bench \$n $runs \$HOME $PWD/_build/src/app/vault
    done
  done" \
  2> >(grep -v "fd limit" >&2))
{
  echo "# GUI benchmark"
  echo
  echo "Under Xvfb (1280×800), KDF excluded, median of $runs runs. A keystroke is each"
  echo "of b, ba, ban, bank, bank 7, bank, mail typed into the search (7 per run):"
  echo "'to frame' is the wall time to the next painted frame, which shows the"
  echo "first rows of the result (the rest follow when the main loop is idle);"
  echo "'work' is the main thread's time for it (the keystroke's handling plus that"
  echo "frame's layout and paint, without waiting for the frame clock's tick)."
  echo "Scrolling: each frame's work while the list scrolls two rows a frame for"
  echo "120 frames per run. KDF: a vault with the calibrated PBKDF2 count opened while"
  echo "the window animates; the longest gap between its frames. 'gl' is GTK's"
  echo "default renderer, on llvmpipe (software) here; 'cairo' draws on the CPU"
  echo "without emulating a GPU. Machine: $machine."
  echo
  echo "| entries | renderer | start to unlock window | unlock to first list frame | keystroke to frame, median / slowest | keystroke work, median / slowest | scroll frame work, median / slowest | scroll frames over 16.7 ms | KDF | longest frame gap during KDF |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' '{ printf "| %d | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s | %s | %s |\n",
    $2, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }'
  echo
  echo "All times in ms."
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
